CREATE TABLE "agreement_cost_drivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"unit" text NOT NULL,
	"heading" text NOT NULL,
	"unit_price_ore" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "agreement_cost_drivers_price_check" CHECK ("agreement_cost_drivers"."unit_price_ore" >= 0)
);
--> statement-breakpoint
CREATE TABLE "agreement_cost_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"copied_from_year" integer,
	"locked_at" timestamp with time zone,
	"locked_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_cost_models_year_unique" UNIQUE("year")
);
--> statement-breakpoint
CREATE TABLE "agreement_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"invitees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"minutes" text,
	"held_on" date,
	"ical_uid" text NOT NULL,
	"ical_sequence" integer DEFAULT 0 NOT NULL,
	"booked_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_reviews_time_check" CHECK ("agreement_reviews"."ends_at" > "agreement_reviews"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "agreement_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"it_responsibilities" text DEFAULT '' NOT NULL,
	"business_responsibilities" text DEFAULT '' NOT NULL,
	"quantities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sketch" jsonb DEFAULT '{"components":[],"relations":[]}'::jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"review_id" uuid,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_units" (
	"application_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"share_bp" integer,
	"users" integer,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "application_units_application_id_unit_id_pk" PRIMARY KEY("application_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'in_preparation' NOT NULL,
	"starts_on" date,
	"terminated_on" date,
	"system_owner_person_id" uuid,
	"business_owner" jsonb,
	"technical_owner" jsonb,
	"information_owner" jsonb,
	"split_mode" text DEFAULT 'share' NOT NULL,
	"next_review_on" date,
	"cloud_move" jsonb,
	"moved_to_cloud_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_terminated_check" CHECK (("applications"."status" = 'terminated') = ("applications"."terminated_on" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "agreement_cost_drivers" ADD CONSTRAINT "agreement_cost_drivers_model_id_agreement_cost_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."agreement_cost_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_reviews" ADD CONSTRAINT "agreement_reviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_reviews" ADD CONSTRAINT "agreement_reviews_booked_by_user_id_users_id_fk" FOREIGN KEY ("booked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_units" ADD CONSTRAINT "application_units_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_units" ADD CONSTRAINT "application_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_system_owner_person_id_people_id_fk" FOREIGN KEY ("system_owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_cost_drivers_code_idx" ON "agreement_cost_drivers" USING btree ("model_id","code");--> statement-breakpoint
CREATE INDEX "agreement_reviews_application_idx" ON "agreement_reviews" USING btree ("application_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_versions_number_idx" ON "agreement_versions" USING btree ("application_id","number");--> statement-breakpoint
CREATE INDEX "application_units_unit_idx" ON "application_units" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_name_idx" ON "applications" USING btree ("municipality_id",lower("name"));--> statement-breakpoint
CREATE INDEX "applications_review_idx" ON "applications" USING btree ("municipality_id","next_review_on");