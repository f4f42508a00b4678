ALTER TABLE "sla_breaches" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "sla_breaches" ADD COLUMN "reason_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "sla_breaches" ADD COLUMN "reason_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_breaches" ADD CONSTRAINT "sla_breaches_reason_by_user_id_users_id_fk" FOREIGN KEY ("reason_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;