import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities, users } from '../org/schema.ts';

/**
 * a tertial or year report as IT management sent it to the boards, frozen — the whole answer
 * as it was, so what the board saw can be shown again beside the live report of the same period.
 * `municipalityId` null: the report for both municipalities. Several sendings of one period are kept.
 */
export const followUpSnapshots = pgTable(
  'followup_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    /** "2026-T2" or "2026". */
    periodKey: text('period_key').notNull(),
    periodLabel: text('period_label').notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    report: jsonb('report').notNull(),
    note: text('note').notNull().default(''),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentByUserId: uuid('sent_by_user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('followup_snapshots_period_idx').on(t.periodKey, t.municipalityId, t.sentAt)],
);
