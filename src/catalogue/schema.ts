import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, users } from '../org/schema.ts';
import { BILLING_MODELS, MODEL_CATEGORIES, SUPPORT_LEVELS } from './rules.ts';

const version = () => integer('version').notNull().default(1);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => integer(name);

/**
 * the services IT delivers, each with its billing model, what is included and the
 * support level that decides who owns which support task. Shared by both municipalities.
 */
export const catalogueServices = pgTable('catalogue_services', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  billingModel: text('billing_model', { enum: BILLING_MODELS }).notNull(),
  /** null when the service is not a computer with a support level. */
  supportLevel: text('support_level', { enum: SUPPORT_LEVELS }),
  /** What the price includes, one line each (e.g. "MDM ingår"). */
  included: jsonb('included').$type<string[]>().notNull().default([]),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The price list of a year (Bilaga 2). Locked once billing has used it: from then on changes go into
 * the next year's list. `example` marks the built-in demo prices, which are not the real Bilaga 2.
 */
export const priceLists = pgTable('price_lists', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull().unique(),
  title: text('title').notNull(),
  example: boolean('example').notNull().default(false),
  copiedFromYear: integer('copied_from_year'),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  lockedReason: text('locked_reason'),
  lockedByUserId: uuid('locked_by_user_id').references(() => users.id),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One article's price for a validity period inside its list's year. */
export const priceListItems = pgTable(
  'price_list_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    priceListId: uuid('price_list_id')
      .notNull()
      .references(() => priceLists.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => catalogueServices.id),
    articleCode: text('article_code').notNull(),
    name: text('name').notNull(),
    billingModel: text('billing_model', { enum: BILLING_MODELS }).notNull(),
    purchasePrice: money('purchase_price'),
    monthlyFee: money('monthly_fee'),
    weeklyFee: money('weekly_fee'),
    hourlyRate: money('hourly_rate'),
    yearlyFee: money('yearly_fee'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('price_list_items_list_idx').on(t.priceListId, t.articleCode, t.validFrom),
    index('price_list_items_service_idx').on(t.serviceId),
    check('price_list_items_validity_check', sql`${t.validFrom} <= ${t.validTo}`),
    check(
      'price_list_items_money_check',
      sql`coalesce(${t.purchasePrice}, 0) >= 0 and coalesce(${t.monthlyFee}, 0) >= 0 and coalesce(${t.weeklyFee}, 0) >= 0 and coalesce(${t.hourlyRate}, 0) >= 0 and coalesce(${t.yearlyFee}, 0) >= 0`,
    ),
  ],
);

/**
 * the model range (modellutbud) of a year: the models staff may choose, each charged by an
 * article of that year's price list; published per municipality (null = both).
 */
export const modelRangeItems = pgTable(
  'model_range_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    category: text('category', { enum: MODEL_CATEGORIES }).notNull(),
    manufacturer: text('manufacturer').notNull(),
    model: text('model').notNull(),
    description: text('description').notNull().default(''),
    /** The article of the year's price list that charges for the model (it names the service). */
    articleCode: text('article_code').notNull(),
    technicalLifeMonths: integer('technical_life_months').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('model_range_items_year_model_uq').on(t.year, t.manufacturer, t.model),
    index('model_range_items_year_idx').on(t.year, t.category),
    check('model_range_items_life_check', sql`${t.technicalLifeMonths} > 0`),
  ],
);

/**
 * R-8.3 (issue 20): a new service delivered through a development request waits here for the service
 * pricing group to price it in a year's price list (the next year's). Settled once the article is in the
 * list; the price list shows the open ones.
 */
export const pricingProposals = pgTable(
  'pricing_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Where it came from, as people read it ("Utvecklingsärende UT-2026-004"). */
    source: text('source').notNull(),
    sourceId: uuid('source_id'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    settledByUserId: uuid('settled_by_user_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('pricing_proposals_year_idx').on(t.year)],
);
