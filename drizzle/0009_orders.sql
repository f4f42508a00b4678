CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"article_code" text,
	"service_code" text,
	"billing_model" text,
	"model_range_item_id" uuid,
	"model" text,
	"model_category" text,
	"support_level" text,
	"quantity" integer DEFAULT 1 NOT NULL,
	"purchase_price" integer,
	"monthly_fee" integer,
	"weekly_fee" integer,
	"hourly_rate" integer,
	"yearly_fee" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"ordered_at" timestamp with time zone,
	"serial_number" text,
	"holder_person_id" uuid,
	"delivered_on" date,
	"delivered_by_user_id" uuid,
	"billing_starts_on" date,
	"cancelled_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_lines_quantity_check" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_billing_check" CHECK ("order_lines"."billing_starts_on" is null or ("order_lines"."delivered_on" is not null and "order_lines"."billing_starts_on" >= "order_lines"."delivered_on")),
	CONSTRAINT "order_lines_delivered_check" CHECK (("order_lines"."status" = 'delivered') = ("order_lines"."delivered_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "orderer_designations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"designated_by_user_id" uuid NOT NULL,
	"designated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"municipality_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"orderer_user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ordered_on" date NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"details" jsonb,
	"account_ends_on" date,
	"reminder_ticket_id" uuid,
	"cancelled_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_model_range_item_id_model_range_items_id_fk" FOREIGN KEY ("model_range_item_id") REFERENCES "public"."model_range_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_holder_person_id_people_id_fk" FOREIGN KEY ("holder_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_delivered_by_user_id_users_id_fk" FOREIGN KEY ("delivered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orderer_designations" ADD CONSTRAINT "orderer_designations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orderer_designations" ADD CONSTRAINT "orderer_designations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orderer_designations" ADD CONSTRAINT "orderer_designations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orderer_designations" ADD CONSTRAINT "orderer_designations_designated_by_user_id_users_id_fk" FOREIGN KEY ("designated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orderer_designations" ADD CONSTRAINT "orderer_designations_revoked_by_user_id_users_id_fk" FOREIGN KEY ("revoked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_orderer_user_id_users_id_fk" FOREIGN KEY ("orderer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_reminder_ticket_id_tickets_id_fk" FOREIGN KEY ("reminder_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_position_uq" ON "order_lines" USING btree ("order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "orderer_designations_active_uq" ON "orderer_designations" USING btree ("unit_id","user_id") WHERE "orderer_designations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "orderer_designations_user_idx" ON "orderer_designations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "orders_municipality_placed_idx" ON "orders" USING btree ("municipality_id","placed_at","id");--> statement-breakpoint
CREATE INDEX "orders_orderer_idx" ON "orders" USING btree ("orderer_user_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_unit_idx" ON "orders" USING btree ("unit_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_account_end_idx" ON "orders" USING btree ("account_ends_on") WHERE "orders"."account_ends_on" is not null;