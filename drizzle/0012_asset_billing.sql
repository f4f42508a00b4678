CREATE TABLE "asset_billing_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"from_on" date NOT NULL,
	"to_on" date,
	"basis" text NOT NULL,
	CONSTRAINT "asset_billing_periods_range_check" CHECK ("asset_billing_periods"."to_on" is null or "asset_billing_periods"."from_on" < "asset_billing_periods"."to_on")
);
--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "article_code" text;--> statement-breakpoint
ALTER TABLE "asset_billing_periods" ADD CONSTRAINT "asset_billing_periods_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_billing_periods" ADD CONSTRAINT "asset_billing_periods_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_billing_periods" ADD CONSTRAINT "asset_billing_periods_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asset_billing_periods_asset_from_uq" ON "asset_billing_periods" USING btree ("asset_id","from_on");--> statement-breakpoint
CREATE INDEX "asset_billing_periods_unit_idx" ON "asset_billing_periods" USING btree ("unit_id","from_on");--> statement-breakpoint
CREATE INDEX "asset_billing_periods_municipality_idx" ON "asset_billing_periods" USING btree ("municipality_id","from_on");--> statement-breakpoint
INSERT INTO "asset_billing_periods" ("asset_id", "municipality_id", "unit_id", "from_on", "basis") SELECT "id", "municipality_id", "unit_id", "delivered_on", 'active' FROM "assets" WHERE "status" = 'active' AND "delivered_on" IS NOT NULL;
