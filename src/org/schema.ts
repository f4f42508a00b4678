import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AccountingCodeField } from './rules.ts';

const version = () => integer('version').notNull().default(1);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** the customers. Each defines its own accounting code string. */
export const municipalities = pgTable('municipalities', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  orgNumber: text('org_number'),
  accountingFields: jsonb('accounting_fields').$type<AccountingCodeField[]>().notNull().default([]),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** förvaltning → verksamhet → enhet, billing goes down to enhet. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
    level: text('level', { enum: ['forvaltning', 'verksamhet', 'enhet'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    accountingCodes: jsonb('accounting_codes').$type<Record<string, string>>().notNull().default({}),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('units_municipality_code_uq').on(t.municipalityId, t.code), index('units_parent_idx').on(t.parentId)],
);

/** people of a municipality, with role and (in schools) staff category. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id').references(() => units.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    personRole: text('person_role').notNull(),
    staffCategory: text('staff_category'),
    /** Skyddad identitet: never exposed in exports or mail (DOMAIN-NOTES, public records). */
    protectedIdentity: boolean('protected_identity').notNull().default(false),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('people_municipality_idx').on(t.municipalityId, t.lastName), uniqueIndex('people_municipality_email_uq').on(t.municipalityId, t.email)],
);

/** the IT unit's teams (shared by both municipalities). */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  lines: integer('lines').array().notNull(),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Accounts that can sign in. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    email: text('email'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    oidcSubject: text('oidc_subject'),
    /** Null means the account spans both municipalities (IT staff only; ). */
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    personId: uuid('person_id').references(() => people.id),
    roles: text('roles').array().notNull(),
    teamId: uuid('team_id').references(() => teams.id),
    line: integer('line'),
    locale: text('locale', { enum: ['sv', 'en'] })
      .notNull()
      .default('sv'),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    uniqueIndex('users_oidc_subject_uq').on(t.oidcSubject),
    check('users_line_check', sql`${t.line} is null or ${t.line} between 1 and 3`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the token in the cookie; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Small key–value store for installation settings (e.g. the generated cookie secret). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Sign-in throttling (issue 16): one counter per key, `ip:<address>` or `user:<address>:<username>`,
 * never per username alone, so nobody can lock another person out. Read and written under a row lock
 * (src/org/throttle.ts), so parallel attempts are counted one at a time.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    key: text('key').primaryKey(),
    /** Failed (or still running) attempts since the key was last cleared or forgotten. */
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
    /** No attempt from this key is evaluated before this instant. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [index('login_failures_last_failure_idx').on(t.lastFailureAt)],
);
