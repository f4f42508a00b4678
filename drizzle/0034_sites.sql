CREATE TABLE "laptop_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"borrower_person_id" uuid,
	"booked_by_user_id" uuid,
	"from_on" date NOT NULL,
	"to_on" date NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"handed_out_on" date,
	"returned_on" date,
	"reminded_on" date,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "laptop_bookings_range_check" CHECK ("laptop_bookings"."from_on" <= "laptop_bookings"."to_on")
);
--> statement-breakpoint
CREATE TABLE "site_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"system" text NOT NULL,
	"approved_on" date NOT NULL,
	"basis" text NOT NULL,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"approved_by_user_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"rack_id" uuid,
	"placed_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"project" text NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"recorded_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_racks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"placement" text DEFAULT '' NOT NULL,
	"recommended_on" date,
	"mounted_on" date,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_systems" (
	"site_id" uuid NOT NULL,
	"system" text NOT NULL,
	"autonomy_minutes" integer,
	"automatic" boolean,
	"description" text DEFAULT '' NOT NULL,
	"approved_on" date,
	"basis" text,
	"approved_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_systems_site_id_system_pk" PRIMARY KEY("site_id","system"),
	CONSTRAINT "site_systems_autonomy_check" CHECK ("site_systems"."autonomy_minutes" is null or "site_systems"."autonomy_minutes" >= 0),
	CONSTRAINT "site_systems_approval_check" CHECK (("site_systems"."approved_on" is null) = ("site_systems"."basis" is null))
);
--> statement-breakpoint
CREATE TABLE "site_units" (
	"site_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "site_units_site_id_unit_id_pk" PRIMARY KEY("site_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"connection_kind" text DEFAULT 'fibre' NOT NULL,
	"connection_operator" text DEFAULT '' NOT NULL,
	"connection_capacity" text DEFAULT '' NOT NULL,
	"connection_established_on" date,
	"paid_connection" text DEFAULT 'municipality' NOT NULL,
	"paid_building_network" text DEFAULT 'municipality' NOT NULL,
	"paid_maintenance" text DEFAULT 'municipality' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_name_check" CHECK (length("sites"."name") > 0)
);
--> statement-breakpoint
ALTER TABLE "assets" ADD COLUMN "loan_pool" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "laptop_bookings" ADD CONSTRAINT "laptop_bookings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "laptop_bookings" ADD CONSTRAINT "laptop_bookings_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "laptop_bookings" ADD CONSTRAINT "laptop_bookings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "laptop_bookings" ADD CONSTRAINT "laptop_bookings_borrower_person_id_people_id_fk" FOREIGN KEY ("borrower_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "laptop_bookings" ADD CONSTRAINT "laptop_bookings_booked_by_user_id_users_id_fk" FOREIGN KEY ("booked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_approvals" ADD CONSTRAINT "site_approvals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_approvals" ADD CONSTRAINT "site_approvals_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_equipment" ADD CONSTRAINT "site_equipment_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_equipment" ADD CONSTRAINT "site_equipment_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_equipment" ADD CONSTRAINT "site_equipment_rack_id_site_racks_id_fk" FOREIGN KEY ("rack_id") REFERENCES "public"."site_racks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_meetings" ADD CONSTRAINT "site_meetings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_meetings" ADD CONSTRAINT "site_meetings_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_racks" ADD CONSTRAINT "site_racks_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_systems" ADD CONSTRAINT "site_systems_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_systems" ADD CONSTRAINT "site_systems_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_units" ADD CONSTRAINT "site_units_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_units" ADD CONSTRAINT "site_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "laptop_bookings_asset_idx" ON "laptop_bookings" USING btree ("asset_id","from_on");--> statement-breakpoint
CREATE INDEX "laptop_bookings_municipality_idx" ON "laptop_bookings" USING btree ("municipality_id","from_on");--> statement-breakpoint
CREATE INDEX "laptop_bookings_unit_idx" ON "laptop_bookings" USING btree ("unit_id","from_on");--> statement-breakpoint
CREATE INDEX "site_approvals_site_idx" ON "site_approvals" USING btree ("site_id","approved_on");--> statement-breakpoint
CREATE UNIQUE INDEX "site_equipment_asset_uq" ON "site_equipment" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "site_equipment_site_idx" ON "site_equipment" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "site_meetings_site_idx" ON "site_meetings" USING btree ("site_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "site_racks_site_name_uq" ON "site_racks" USING btree ("site_id","name");--> statement-breakpoint
CREATE INDEX "site_units_unit_idx" ON "site_units" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sites_municipality_name_uq" ON "sites" USING btree ("municipality_id",lower("name"));--> statement-breakpoint
CREATE INDEX "sites_municipality_kind_idx" ON "sites" USING btree ("municipality_id","kind");--> statement-breakpoint
CREATE INDEX "assets_loan_pool_idx" ON "assets" USING btree ("municipality_id","serial") WHERE "assets"."loan_pool";