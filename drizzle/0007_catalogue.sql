CREATE TABLE "catalogue_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"billing_model" text NOT NULL,
	"support_level" text,
	"included" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_services_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "model_range_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"municipality_id" uuid,
	"category" text NOT NULL,
	"manufacturer" text NOT NULL,
	"model" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"article_code" text NOT NULL,
	"technical_life_months" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_range_items_life_check" CHECK ("model_range_items"."technical_life_months" > 0)
);
--> statement-breakpoint
CREATE TABLE "price_list_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"price_list_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"article_code" text NOT NULL,
	"name" text NOT NULL,
	"billing_model" text NOT NULL,
	"purchase_price" integer,
	"monthly_fee" integer,
	"weekly_fee" integer,
	"hourly_rate" integer,
	"yearly_fee" integer,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_items_validity_check" CHECK ("price_list_items"."valid_from" <= "price_list_items"."valid_to"),
	CONSTRAINT "price_list_items_money_check" CHECK (coalesce("price_list_items"."purchase_price", 0) >= 0 and coalesce("price_list_items"."monthly_fee", 0) >= 0 and coalesce("price_list_items"."weekly_fee", 0) >= 0 and coalesce("price_list_items"."hourly_rate", 0) >= 0 and coalesce("price_list_items"."yearly_fee", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"example" boolean DEFAULT false NOT NULL,
	"copied_from_year" integer,
	"locked_at" timestamp with time zone,
	"locked_reason" text,
	"locked_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_lists_year_unique" UNIQUE("year")
);
--> statement-breakpoint
ALTER TABLE "model_range_items" ADD CONSTRAINT "model_range_items_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_items" ADD CONSTRAINT "price_list_items_service_id_catalogue_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."catalogue_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_lists" ADD CONSTRAINT "price_lists_locked_by_user_id_users_id_fk" FOREIGN KEY ("locked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_range_items_year_model_uq" ON "model_range_items" USING btree ("year","manufacturer","model");--> statement-breakpoint
CREATE INDEX "model_range_items_year_idx" ON "model_range_items" USING btree ("year","category");--> statement-breakpoint
CREATE INDEX "price_list_items_list_idx" ON "price_list_items" USING btree ("price_list_id","article_code","valid_from");--> statement-breakpoint
CREATE INDEX "price_list_items_service_idx" ON "price_list_items" USING btree ("service_id");