ALTER TABLE "billing_lines" DROP CONSTRAINT "billing_lines_run_id_billing_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "billing_lines" DROP CONSTRAINT "billing_lines_municipality_id_municipalities_id_fk";
--> statement-breakpoint
ALTER TABLE "billing_lines" DROP CONSTRAINT "billing_lines_unit_id_units_id_fk";
--> statement-breakpoint
DROP INDEX "billing_lines_run_key_uq";--> statement-breakpoint
DROP INDEX "billing_lines_run_unit_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "billing_lines_run_unit_key_uq" ON "billing_lines" USING btree ("run_id","unit_id","key");