import { date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MissionDocument } from './rules.ts';

/** the yearly mission, one validated document per year, in force from `effective_from`. */
export const missionVersions = pgTable('mission_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull().unique(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  title: text('title').notNull(),
  document: jsonb('document').$type<MissionDocument>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
