CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"requester_user_id" uuid,
	"requester_email" text,
	"sampled_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"form" jsonb NOT NULL,
	"answered_at" timestamp with time zone,
	"answers" jsonb,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_ticket_id_unique" UNIQUE("ticket_id"),
	CONSTRAINT "surveys_answer_check" CHECK (("surveys"."answered_at" is null) = ("surveys"."answers" is null)),
	CONSTRAINT "surveys_requester_check" CHECK ("surveys"."requester_user_id" is not null or "surveys"."requester_email" is not null)
);
--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surveys_requester_user_idx" ON "surveys" USING btree ("requester_user_id","sampled_at");--> statement-breakpoint
CREATE INDEX "surveys_requester_email_idx" ON "surveys" USING btree ("requester_email","sampled_at");--> statement-breakpoint
CREATE INDEX "surveys_municipality_idx" ON "surveys" USING btree ("municipality_id","sampled_at");