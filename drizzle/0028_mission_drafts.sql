ALTER TABLE "mission_versions" DROP CONSTRAINT "mission_versions_year_unique";--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "status" text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "based_on_id" uuid;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mission_versions" ADD COLUMN "published_by" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "mission_versions_published_revision" ON "mission_versions" USING btree ("year","revision") WHERE "mission_versions"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "mission_versions_one_draft" ON "mission_versions" USING btree ("year") WHERE "mission_versions"."status" = 'draft';--> statement-breakpoint
UPDATE "mission_versions" SET "published_at" = "created_at", "updated_at" = "created_at";--> statement-breakpoint
ALTER TABLE "mission_versions" ADD CONSTRAINT "mission_versions_published_stamp" CHECK ("mission_versions"."status" = 'draft' OR "mission_versions"."published_at" IS NOT NULL);