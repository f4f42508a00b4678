import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, pgView, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { applications } from '../agreements/schema.ts';
import { municipalities, units, users } from '../org/schema.ts';
import { CHARGE_SOURCES, QUANTITY_UNITS, RUN_STATUSES, type ChargeWarning, type RunScope } from './rules.ts';

/** A unit as a run recorded it. */
export interface RunUnit {
  code: string;
  name: string;
  accountingCodes: Record<string, string>;
}

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * a billing run of one municipality for one run month (yyyy-mm): draft → reviewed → approved.
 * One run per municipality and month, so a period is never approved twice; an approved run is never
 * changed (its lines are the invoice basis sent). `based_on_run_id` is the newest approved run of the
 * municipality when the lines were computed: approval refuses a run computed before another was
 * approved, so what was billed is never counted twice.
 */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    runMonth: text('run_month').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('draft'),
    /** What the schedule made the run charge (rules.runScope). */
    scope: jsonb('scope').$type<RunScope>().notNull(),
    /** The part-month rule and other settings of the mission the lines were computed with. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    basedOnRunId: uuid('based_on_run_id'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    computedByUserId: uuid('computed_by_user_id').references(() => users.id),
    lineCount: integer('line_count').notNull().default(0),
    totalOre: bigint('total_ore', { mode: 'number' }).notNull().default(0),
    warnings: jsonb('warnings').$type<ChargeWarning[]>().notNull().default([]),
    /**
     * reproducible: the code, name and accounting codes of every unit the run charges, as they
     * were when it was computed, so an approved run's basis and exports never change with the units.
     */
    units: jsonb('units').$type<Record<string, RunUnit>>().notNull().default({}),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedByUserId: uuid('approved_by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_runs_municipality_month_uq').on(t.municipalityId, t.runMonth),
    index('billing_runs_approved_idx').on(t.municipalityId, t.approvedAt),
    check('billing_runs_month_check', sql`${t.runMonth} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('billing_runs_approved_check', sql`(${t.status} = 'approved') = (${t.approvedAt} is not null)`),
  ],
);

/** The columns of a line, shared by the table of irregular lines and the view of all lines. */
const lineColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull(),
  municipalityId: uuid('municipality_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  key: text('key').notNull(),
  kind: text('kind', { enum: ['charge', 'correction'] }).notNull(),
  source: text('source', { enum: CHARGE_SOURCES }).notNull(),
  chargeGroup: text('charge_group', { enum: ['periodic', 'continuous', 'central'] }).notNull(),
  subjectId: uuid('subject_id').notNull(),
  subjectLabel: text('subject_label').notNull(),
  articleCode: text('article_code').notNull(),
  description: text('description').notNull(),
  month: text('month').notNull(),
  quantity: integer('quantity').notNull(),
  quantityUnit: text('quantity_unit', { enum: QUANTITY_UNITS }).notNull(),
  unitPriceOre: integer('unit_price_ore').notNull(),
  amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
  previouslyBilledOre: bigint('previously_billed_ore', { mode: 'number' }).notNull().default(0),
  rule: text('rule').notNull(),
  reason: text('reason'),
});

/**
 * R-6.3: a line of a run's invoice basis: one subject (asset, subscription, order line, time entry),
 * article and month for one unit, with quantity, unit price and amount in öre; a correction carries
 * what was billed before and why it changes. `key` is unique in a run; approved runs' lines per key
 * are what has been billed (rules.reconcile).
 *
 * No foreign keys on this table (decision 0005): a monthly run writes 100,000 lines, and the
 * per-row checks against runs, municipalities and units cost about three seconds of it (measured,
 * docs/benchmarks.md). The service writes a run's lines right after the run, in its transaction; runs,
 * municipalities and units are never deleted. The unique (run, unit, key) index also serves a unit's
 * lines of a run.
 */
export const billingLines = pgTable('billing_lines', lineColumns(), (t) => [
  uniqueIndex('billing_lines_run_unit_key_uq').on(t.runId, t.unitId, t.key),
  index('billing_lines_subject_idx').on(t.subjectId),
  index('billing_lines_municipality_month_idx').on(t.municipalityId, t.month),
]);

/**
 * the compact store of a run's ordinary monthly asset charges (decision 0006). One row per
 * unit, article, model, month and price holds the ids of the assets charged; every element is one line
 * of the basis, `asset:<asset>:<article>:<month>:<unit>`, quantity one month at `unit_price_ore`, shown
 * with the asset's serial (which never changes: the register has no way to edit it). Only charges the
 * rules would make without a correction go here (store.chargeOrdinaryAssets); everything else is a row
 * of `billing_lines`. A run's lines are the view `billing_run_lines`: both, one row per line.
 *
 * Lean on purpose, as `billing_lines` (decision 0005): no foreign keys, no key of its own, one index.
 * A batch's months are always among its run's periodic months, so what approved batches billed in a
 * month is found through the runs (`scope`), not an index on the month.
 */
export const billingLineBatches = pgTable(
  'billing_line_batches',
  {
    runId: uuid('run_id').notNull(),
    municipalityId: uuid('municipality_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    articleCode: text('article_code').notNull(),
    description: text('description').notNull(),
    month: text('month').notNull(),
    unitPriceOre: integer('unit_price_ore').notNull(),
    rule: text('rule').notNull(),
    subjectIds: uuid('subject_ids').array().notNull(),
    lineCount: integer('line_count').notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('billing_line_batches_run_unit_idx').on(t.runId, t.unitId),
    check(
      'billing_line_batches_count_check',
      sql`cardinality(${t.subjectIds}) = ${t.lineCount} and ${t.amountOre} = ${t.lineCount}::bigint * ${t.unitPriceOre}`,
    ),
  ],
);

/**
 * which approved run billed a subject to which unit in batches — the per-asset index of what
 * the batches billed, written once, when a run is approved (a draft's batches are recomputed freely and
 * need none). A later run looks up what was billed for the assets that changed through it
 * (store.billedByKey). Append-only, and each asset, run and unit once: a repeated row would count a
 * billing twice.
 */
export const billingBatchSubjects = pgTable(
  'billing_batch_subjects',
  {
    subjectId: uuid('subject_id').notNull(),
    runId: uuid('run_id').notNull(),
    unitId: uuid('unit_id').notNull(),
  },
  (t) => [uniqueIndex('billing_batch_subjects_uq').on(t.subjectId, t.runId, t.unitId)],
);

/** Every line of every run, one row per line: `billing_lines` and the expanded `billing_line_batches` (migration 0017). */
export const billingRunLines = pgView('billing_run_lines', lineColumns()).existing();

/**
 * a unit's subscription to a periodic service that is not a device: IT support, fixed
 * telephony, an application (`ends_on` = the day it was terminated), the central cost. The billing
 * model of the article in the year's price list decides how it is charged (rules.subscriptionCharges).
 */
export const billingSubscriptions = pgTable(
  'billing_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    articleCode: text('article_code').notNull(),
    label: text('label').notNull(),
    quantity: integer('quantity').notNull().default(1),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    /**
     * Issue 18: the application a fee typed by hand is for. Once the application's agreement charges a
     * month, the subscription no longer does (rules.withoutAgreementMonths): no application twice.
     */
    applicationId: uuid('application_id').references(() => applications.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('billing_subscriptions_unit_idx').on(t.unitId),
    index('billing_subscriptions_application_idx').on(t.applicationId),
    index('billing_subscriptions_municipality_idx').on(t.municipalityId, t.startsOn),
    check('billing_subscriptions_quantity_check', sql`${t.quantity} > 0`),
    check('billing_subscriptions_range_check', sql`${t.endsOn} is null or ${t.startsOn} <= ${t.endsOn}`),
  ],
);
