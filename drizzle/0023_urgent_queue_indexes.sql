CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("sla_due_at","id");--> statement-breakpoint
CREATE INDEX "tickets_at_risk_idx" ON "tickets" USING btree ("sla_at_risk_at");--> statement-breakpoint
CREATE INDEX "tickets_received_no_due_idx" ON "tickets" USING btree ("received_at","id") WHERE "tickets"."sla_due_at" is null;