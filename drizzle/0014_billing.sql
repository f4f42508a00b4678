CREATE TABLE "billing_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"charge_group" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_label" text NOT NULL,
	"article_code" text NOT NULL,
	"description" text NOT NULL,
	"month" text NOT NULL,
	"quantity" integer NOT NULL,
	"quantity_unit" text NOT NULL,
	"unit_price_ore" integer NOT NULL,
	"amount_ore" bigint NOT NULL,
	"previously_billed_ore" bigint DEFAULT 0 NOT NULL,
	"rule" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"run_month" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scope" jsonb NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"based_on_run_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by_user_id" uuid,
	"line_count" integer DEFAULT 0 NOT NULL,
	"total_ore" bigint DEFAULT 0 NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"approved_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_runs_month_check" CHECK ("billing_runs"."run_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "billing_runs_approved_check" CHECK (("billing_runs"."status" = 'approved') = ("billing_runs"."approved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"article_code" text NOT NULL,
	"label" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_subscriptions_quantity_check" CHECK ("billing_subscriptions"."quantity" > 0),
	CONSTRAINT "billing_subscriptions_range_check" CHECK ("billing_subscriptions"."ends_on" is null or "billing_subscriptions"."starts_on" <= "billing_subscriptions"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "billed_in_run_id" uuid;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_run_id_billing_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."billing_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_lines" ADD CONSTRAINT "billing_lines_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_computed_by_user_id_users_id_fk" FOREIGN KEY ("computed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_reviewed_by_user_id_users_id_fk" FOREIGN KEY ("reviewed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_subscriptions" ADD CONSTRAINT "billing_subscriptions_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_subscriptions" ADD CONSTRAINT "billing_subscriptions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_lines_run_key_uq" ON "billing_lines" USING btree ("run_id","key");--> statement-breakpoint
CREATE INDEX "billing_lines_run_unit_idx" ON "billing_lines" USING btree ("run_id","unit_id");--> statement-breakpoint
CREATE INDEX "billing_lines_subject_idx" ON "billing_lines" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "billing_lines_municipality_month_idx" ON "billing_lines" USING btree ("municipality_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_municipality_month_uq" ON "billing_runs" USING btree ("municipality_id","run_month");--> statement-breakpoint
CREATE INDEX "billing_runs_approved_idx" ON "billing_runs" USING btree ("municipality_id","approved_at");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_unit_idx" ON "billing_subscriptions" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_municipality_idx" ON "billing_subscriptions" USING btree ("municipality_id","starts_on");--> statement-breakpoint
-- R-6.6: an approved run and its lines never change, whatever writes to the database.
CREATE FUNCTION billing_runs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'billing run % is approved and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER billing_runs_immutable BEFORE UPDATE OR DELETE ON "billing_runs" FOR EACH ROW EXECUTE FUNCTION billing_runs_immutable();--> statement-breakpoint
CREATE FUNCTION billing_lines_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_lines c JOIN billing_runs r ON r.id = c.run_id WHERE r.status = 'approved') THEN
    RAISE EXCEPTION 'the lines of an approved billing run cannot change (% refused)', TG_OP USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER billing_lines_no_update AFTER UPDATE ON "billing_lines" REFERENCING OLD TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE TRIGGER billing_lines_no_delete AFTER DELETE ON "billing_lines" REFERENCING OLD TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();
