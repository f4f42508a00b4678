import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities, users } from '../org/schema.ts';
import { tickets } from '../tickets/schema.ts';

/** The questions and scale a survey was sent with (the mission may change before it is answered). */
export interface SurveyForm {
  scale: { min: number; max: number };
  questions: { code: string; text: string }[];
}

/**
 * R-3.7 / issue 5: one row per sampled closed ticket (at most one per ticket: `ticket_id` is unique),
 * answered once through the signed link. The requester columns feed the per-person limit.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .unique()
      .references(() => tickets.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The requester's account, when there is one (the person-limit key). */
    requesterUserId: uuid('requester_user_id').references(() => users.id),
    /** The requester's e-mail, lower case (the person-limit key without an account). */
    requesterEmail: text('requester_email'),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    form: jsonb('form').$type<SurveyForm>().notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** Question code → chosen step. */
    answers: jsonb('answers').$type<Record<string, number>>(),
    comment: text('comment'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('surveys_requester_user_idx').on(t.requesterUserId, t.sampledAt),
    index('surveys_requester_email_idx').on(t.requesterEmail, t.sampledAt),
    index('surveys_municipality_idx').on(t.municipalityId, t.sampledAt),
    check('surveys_answer_check', sql`(${t.answeredAt} is null) = (${t.answers} is null)`),
    check('surveys_requester_check', sql`${t.requesterUserId} is not null or ${t.requesterEmail} is not null`),
  ],
);
