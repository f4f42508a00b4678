CREATE TABLE "incident_report_templates" (
	"municipality_id" uuid PRIMARY KEY NOT NULL,
	"sections" jsonb NOT NULL,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outage_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"sections" jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "it_function_municipalities" (
	"function_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	CONSTRAINT "it_function_municipalities_function_id_municipality_id_pk" PRIMARY KEY("function_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "it_functions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mission_code" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "it_functions_mission_code_unique" UNIQUE("mission_code")
);
--> statement-breakpoint
CREATE TABLE "operations_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expected_end_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolution_text" text,
	"published_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"outage_id" uuid,
	"window_work_id" uuid,
	"municipality_ids" uuid[] NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outage_functions" (
	"outage_id" uuid NOT NULL,
	"function_id" uuid NOT NULL,
	CONSTRAINT "outage_functions_outage_id_function_id_pk" PRIMARY KEY("outage_id","function_id")
);
--> statement-breakpoint
CREATE TABLE "outage_municipalities" (
	"outage_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	CONSTRAINT "outage_municipalities_outage_id_municipality_id_pk" PRIMARY KEY("outage_id","municipality_id")
);
--> statement-breakpoint
CREATE TABLE "outage_tickets" (
	"outage_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	CONSTRAINT "outage_tickets_outage_id_ticket_id_pk" PRIMARY KEY("outage_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "outages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"kind" text NOT NULL,
	"planned_reason" text,
	"incident" boolean DEFAULT false NOT NULL,
	"cause" text DEFAULT '' NOT NULL,
	"actions" text DEFAULT '' NOT NULL,
	"internal_note" text DEFAULT '' NOT NULL,
	"window_work_id" uuid,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outages_end_check" CHECK ("outages"."ends_at" is null or "outages"."ends_at" > "outages"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "window_work" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"window_date" date NOT NULL,
	"window_kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"public_text" text DEFAULT '' NOT NULL,
	"internal_note" text DEFAULT '' NOT NULL,
	"secondary_reason" text,
	"closed_day_confirmed" boolean DEFAULT false NOT NULL,
	"causes_outage" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"function_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"municipality_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_report_templates" ADD CONSTRAINT "incident_report_templates_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_function_municipalities" ADD CONSTRAINT "it_function_municipalities_function_id_it_functions_id_fk" FOREIGN KEY ("function_id") REFERENCES "public"."it_functions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "it_function_municipalities" ADD CONSTRAINT "it_function_municipalities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations_messages" ADD CONSTRAINT "operations_messages_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations_messages" ADD CONSTRAINT "operations_messages_window_work_id_window_work_id_fk" FOREIGN KEY ("window_work_id") REFERENCES "public"."window_work"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations_messages" ADD CONSTRAINT "operations_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_functions" ADD CONSTRAINT "outage_functions_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_functions" ADD CONSTRAINT "outage_functions_function_id_it_functions_id_fk" FOREIGN KEY ("function_id") REFERENCES "public"."it_functions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_municipalities" ADD CONSTRAINT "outage_municipalities_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_municipalities" ADD CONSTRAINT "outage_municipalities_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_tickets" ADD CONSTRAINT "outage_tickets_outage_id_outages_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."outages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outage_tickets" ADD CONSTRAINT "outage_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outages" ADD CONSTRAINT "outages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_work" ADD CONSTRAINT "window_work_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reports_outage_idx" ON "incident_reports" USING btree ("outage_id","municipality_id");--> statement-breakpoint
CREATE INDEX "operations_messages_published_idx" ON "operations_messages" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "outage_municipalities_m_idx" ON "outage_municipalities" USING btree ("municipality_id");--> statement-breakpoint
CREATE INDEX "outage_tickets_ticket_idx" ON "outage_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "outages_starts_idx" ON "outages" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "window_work_date_idx" ON "window_work" USING btree ("window_date");