CREATE TABLE "development_request_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"body" text NOT NULL,
	"municipality_id" uuid,
	"outcome" text,
	"decided_on" date NOT NULL,
	"minutes_ref" text,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"benefit" text NOT NULL,
	"cost_estimate_ore" bigint NOT NULL,
	"size" text NOT NULL,
	"kind" text NOT NULL,
	"changes_mission" boolean DEFAULT false NOT NULL,
	"mission_year" integer,
	"service_effect" text DEFAULT 'none' NOT NULL,
	"service_name" text,
	"municipality_id" uuid,
	"raised_by_user_id" uuid NOT NULL,
	"raised_by_unit_id" uuid,
	"state" text DEFAULT 'registered' NOT NULL,
	"priority" integer,
	"evaluation" jsonb,
	"delivery" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "development_requests_number_unique" UNIQUE("number"),
	CONSTRAINT "development_requests_cost" CHECK ("development_requests"."cost_estimate_ore" >= 0)
);
--> statement-breakpoint
ALTER TABLE "development_request_steps" ADD CONSTRAINT "development_request_steps_request_id_development_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."development_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_request_steps" ADD CONSTRAINT "development_request_steps_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_request_steps" ADD CONSTRAINT "development_request_steps_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_requests" ADD CONSTRAINT "development_requests_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_requests" ADD CONSTRAINT "development_requests_raised_by_user_id_users_id_fk" FOREIGN KEY ("raised_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_requests" ADD CONSTRAINT "development_requests_raised_by_unit_id_units_id_fk" FOREIGN KEY ("raised_by_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "development_request_steps_request" ON "development_request_steps" USING btree ("request_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "development_request_steps_one_board" ON "development_request_steps" USING btree ("request_id","municipality_id") WHERE "development_request_steps"."action" = 'record_board_decision';--> statement-breakpoint
CREATE UNIQUE INDEX "development_requests_year_sequence" ON "development_requests" USING btree ("year","sequence");--> statement-breakpoint
CREATE INDEX "development_requests_state" ON "development_requests" USING btree ("state");--> statement-breakpoint
CREATE INDEX "development_requests_mission_year" ON "development_requests" USING btree ("mission_year") WHERE "development_requests"."changes_mission";