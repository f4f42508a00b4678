import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A file sent with a mail: its name, media type and text content (an iCalendar file, say). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text as is, or binary (a PDF) as base64 with `encoding: 'base64'`. */
  content: string;
  encoding?: 'base64';
}

/**
 * Mail out (issue 5): written in the same transaction as the change it tells about, sent by a job.
 * A crash before sending leaves the row to be sent; a crash after sending but before `sent_at` is
 * written sends it again with the same Message-ID (derived from the row id), which receiving systems
 * treat as the same message.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the mail is about: `ticket-received`, `ticket-reply`, `ticket-solved`, `survey`, or `prepared` (written when queued). */
    kind: text('kind').notNull(),
    /** The ticket the mail is about (issue 17: no foreign key from the platform up to tickets). */
    ticketId: uuid('ticket_id'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    /** What the template needs besides the ticket (e.g. the survey id); rendered when sent. */
    params: jsonb('params').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    /** As sent (rendered by the send job with BASE_URL and the reply token, templates.ts). */
    subject: text('subject'),
    textBody: text('text_body'),
    /** Files sent with a prepared mail (issue 18: a review's iCalendar invitation), each with its text content. */
    attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Not before this instant (retries back off). */
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Given up after too many attempts (kept for an administrator). */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_pending_idx')
      .on(t.sendAfter)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
  ],
);
