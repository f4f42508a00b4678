import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea, tickets } from '../tickets/schema.ts';

/**
 * Mail in: one row per Message-ID ever accepted (the exactly-once ledger). Written in the same
 * transaction as the ticket or reply the mail became, so a redelivered mail is a no-op and a crash
 * before commit makes the listener answer "try again later".
 */
export const mailInbound = pgTable('mail_inbound', {
  messageId: text('message_id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  fromAddress: text('from_address'),
  subject: text('subject'),
  /** ticket (a new ticket), reply (threaded in), automatic (auto-reply or loop: kept, not answered), quarantined. */
  outcome: text('outcome', { enum: ['ticket', 'reply', 'automatic', 'quarantined'] }).notNull(),
  ticketId: uuid('ticket_id').references(() => tickets.id),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
});

/** Mail that could not be read (bad structure, too large, too deep): kept whole for an administrator. */
export const mailQuarantine = pgTable('mail_quarantine', {
  id: uuid('id').primaryKey().defaultRandom(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  envelopeFrom: text('envelope_from'),
  envelopeTo: text('envelope_to').array().notNull().default([]),
  reason: text('reason').notNull(),
  size: integer('size').notNull(),
  /** The raw message (up to the listener's size limit; larger ones are cut and say so). */
  raw: bytea('raw').notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});
