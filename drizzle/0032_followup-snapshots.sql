CREATE TABLE "followup_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"period_key" text NOT NULL,
	"period_label" text NOT NULL,
	"municipality_id" uuid,
	"report" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by_user_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "followup_snapshots" ADD CONSTRAINT "followup_snapshots_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_snapshots" ADD CONSTRAINT "followup_snapshots_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "followup_snapshots_period_idx" ON "followup_snapshots" USING btree ("period_key","municipality_id","sent_at");