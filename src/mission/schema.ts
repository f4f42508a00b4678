import { sql } from 'drizzle-orm';
import { check, date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { MissionDocument } from './rules.ts';

/**
 * the yearly mission, one validated document per version. A year has at most one draft and any
 * number of published revisions; a published revision never changes (a correction is the next revision,
 * in force from its own date). `version` is the draft's optimistic lock.
 */
export const missionVersions = pgTable(
  'mission_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    /** 1, 2, … per year in publication order; a draft holds the revision it would get. */
    revision: integer('revision').notNull().default(1),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('published'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    document: jsonb('document').$type<MissionDocument>().notNull(),
    /** The published version the draft was copied from: its "changes from the previous mission" read against it. */
    basedOnId: uuid('based_on_id'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    uniqueIndex('mission_versions_published_revision')
      .on(t.year, t.revision)
      .where(sql`${t.status} = 'published'`),
    uniqueIndex('mission_versions_one_draft')
      .on(t.year)
      .where(sql`${t.status} = 'draft'`),
    check('mission_versions_published_stamp', sql`${t.status} = 'draft' OR ${t.publishedAt} IS NOT NULL`),
  ],
);
