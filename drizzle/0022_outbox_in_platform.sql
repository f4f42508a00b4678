-- Issue 17: the outbox moved to the platform (src/platform/mail/), which every capability writes to and
-- which imports none; its ticket_id is what the mail is about, no longer a foreign key up to tickets
-- (tickets are never deleted; the send job joins the ticket it renders).
ALTER TABLE "mail_outbox" DROP CONSTRAINT "mail_outbox_ticket_id_tickets_id_fk";
