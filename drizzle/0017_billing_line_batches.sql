CREATE TABLE "billing_batch_subjects" (
	"subject_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_line_batches" (
	"run_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"article_code" text NOT NULL,
	"description" text NOT NULL,
	"month" text NOT NULL,
	"unit_price_ore" integer NOT NULL,
	"rule" text NOT NULL,
	"subject_ids" uuid[] NOT NULL,
	"line_count" integer NOT NULL,
	"amount_ore" bigint NOT NULL,
	CONSTRAINT "billing_line_batches_count_check" CHECK (cardinality("billing_line_batches"."subject_ids") = "billing_line_batches"."line_count" and "billing_line_batches"."amount_ore" = "billing_line_batches"."line_count"::bigint * "billing_line_batches"."unit_price_ore")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "billing_batch_subjects_uq" ON "billing_batch_subjects" USING btree ("subject_id","run_id","unit_id");--> statement-breakpoint
CREATE INDEX "billing_line_batches_run_unit_idx" ON "billing_line_batches" USING btree ("run_id","unit_id");--> statement-breakpoint
-- R-6.6: like billing_lines, the batches of an approved run never change; the ledger of what they billed is append-only.
CREATE TRIGGER billing_line_batches_no_update AFTER UPDATE ON "billing_line_batches" REFERENCING OLD TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE TRIGGER billing_line_batches_no_delete AFTER DELETE ON "billing_line_batches" REFERENCING OLD TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE FUNCTION billing_batch_subjects_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'what approved billing runs billed cannot change (% refused)', TG_OP USING ERRCODE = 'check_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER billing_batch_subjects_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "billing_batch_subjects" FOR EACH STATEMENT EXECUTE FUNCTION billing_batch_subjects_append_only();--> statement-breakpoint
-- R-6.3: every line of every run, one row per line: the irregular lines and each element of a batch
-- (decision 0006). A batch element is an ordinary monthly charge of one asset, quantity one month,
-- labelled with the asset's serial (a left join on the key, so a query that does not show the label
-- skips it); its id is derived from the run and the key (unique in a run).
CREATE VIEW "billing_run_lines" AS
  SELECT "id", "run_id", "municipality_id", "unit_id", "key", "kind", "source", "charge_group", "subject_id", "subject_label", "article_code",
         "description", "month", "quantity", "quantity_unit", "unit_price_ore", "amount_ore", "previously_billed_ore", "rule", "reason"
  FROM "billing_lines"
  UNION ALL
  SELECT md5(x.run_id::text || ':' || x.key)::uuid, x.run_id, x.municipality_id, x.unit_id, x.key, 'charge', 'asset', 'periodic', x.subject_id, x.serial, x.article_code,
         x.description, x.month, 1, 'month', x.unit_price_ore, x.unit_price_ore::bigint, 0::bigint, x.rule, NULL::text
  FROM (
    SELECT b."run_id", b."municipality_id", b."unit_id", s.subject_id, a."serial", b."article_code", b."description", b."month", b."unit_price_ore", b."rule",
           'asset:' || s.subject_id || ':' || b."article_code" || ':' || b."month" || ':' || b."unit_id" AS key
    FROM "billing_line_batches" b
    CROSS JOIN LATERAL unnest(b."subject_ids") AS s(subject_id)
    LEFT JOIN "assets" a ON a."id" = s.subject_id
  ) x;
