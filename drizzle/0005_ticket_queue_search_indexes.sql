-- Issue 4, speed (bench/tickets.ts, docs/benchmarks.md). Custom migration: these indexes are not
-- declared in src/tickets/schema.ts, so drizzle-kit neither creates nor drops them.
--
-- Queues list new/open/waiting tickets newest first (or by SLA due time) with LIMIT 51. With only
-- tickets_queue_idx the planner fetched every active ticket and sorted them (about 16,000 rows for the
-- 1st-line queue of a 1,000,000-ticket desk). These partial indexes hold the active tickets only (a few
-- per cent of the table) in queue order, so a page reads about 51–100 index entries. The predicate is
-- implied by `status in (…)` for any subset of the three statuses.
CREATE INDEX IF NOT EXISTS "tickets_active_received_idx" ON "tickets" USING btree ("received_at", "id") WHERE "status" IN ('new', 'open', 'waiting');--> statement-breakpoint
-- Same expression as store.queue's sort key for sort=due: coalesce(sla_due_at, 'infinity'::timestamptz).
CREATE INDEX IF NOT EXISTS "tickets_active_due_idx" ON "tickets" USING btree ((coalesce("sla_due_at", 'infinity'::timestamptz)), "id") WHERE "status" IN ('new', 'open', 'waiting');--> statement-breakpoint
-- Full-text search across all tickets, newest first: for a common word the planner walks this index
-- backwards and stops at the 51st match instead of fetching and sorting every match from the GIN index
-- (tens of thousands of rows); rare words still go through tickets_search_idx.
CREATE INDEX IF NOT EXISTS "tickets_received_idx" ON "tickets" USING btree ("received_at", "id");
