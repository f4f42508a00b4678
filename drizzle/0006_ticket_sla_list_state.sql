ALTER TABLE "tickets" ADD COLUMN "sla_at_risk_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_read_at" timestamp with time zone;