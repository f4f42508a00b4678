-- Issue 16: tickets written before the search document had its folded part (weight D: "behorighet"
-- finds "behörighet") get it now, by the expression of src/tickets/store.ts refreshSearch (its
-- FOLD_FROM/FOLD_TO table), so old tickets are found the way new ones are.
UPDATE "tickets" t SET "search" =
  setweight(to_tsvector('swedish', coalesce(t.number, '') || ' ' || coalesce(t.subject, '')), 'A') ||
  setweight(to_tsvector('swedish', coalesce(t.description, '') || ' ' || coalesce(t.device, '') || ' ' || coalesce(t.requester_name, '')), 'B') ||
  setweight(to_tsvector('swedish', coalesce((select string_agg(m.body, ' ') from "ticket_messages" m where m.ticket_id = t.id and m.visibility = 'public'), '')), 'B') ||
  setweight(to_tsvector('swedish', coalesce((select string_agg(m.body, ' ') from "ticket_messages" m where m.ticket_id = t.id and m.visibility = 'internal'), '')), 'C') ||
  setweight(to_tsvector('swedish', translate(lower(coalesce(t.subject, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.device, '') || ' ' || coalesce(t.requester_name, '') || ' ' || coalesce((select string_agg(m.body, ' ') from "ticket_messages" m where m.ticket_id = t.id), '')), 'áàâãäåāăąçćčďđéèêëēėęěğíìîïīįıłńňñóòôõöøōőŕřśšşťţúùûüūůűųýÿźżž', 'aaaaaaaaacccddeeeeeeeegiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz')), 'D');
--> statement-breakpoint
-- Issue 16 (R-5.4, R-5.9): a loan (a weekly-rental service) handed back was given an "early return"
-- period that kept billing its borrower until it was lent again. A loan is billed per started week of
-- the loan and ends at return; the period before it already ends on the return day, so the early-return
-- periods of loans are removed. Approved billing runs are immutable and keep what they billed.
DELETE FROM "asset_billing_periods" p
  USING "assets" a, "catalogue_services" s
  WHERE p.asset_id = a.id AND s.code = a.service_code AND s.billing_model = 'weekly_rental' AND p.basis = 'early_return';
