import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { modelRangeItems } from '../catalogue/schema.ts';
import { orderLines } from '../orders/schema.ts';
import { municipalities, people, units, users } from '../org/schema.ts';
import { SUPPORT_LEVELS } from '../catalogue/rules.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * the inventory register. Every asset of a municipality with its cost-bearing unit, holder,
 * location, support level, delivery, binding period and renewal date. Equipment a unit
 * bought itself (smart screens, cameras) is registered too. The serial is stored trimmed and in upper
 * case and is unique across the register, so the same device cannot be registered twice.
 * `status` and `device_type` are the lifecycle's vocabulary (rules.ts, R-5.2); the column stays plain
 * text so the lifecycle can grow without a migration.
 */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The cost bearer. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** computer, phone, tablet, other … */
    deviceType: text('device_type').notNull(),
    /** The catalogue service the asset is delivered under (e.g. `datorarbetsplats`), if any. */
    serviceCode: text('service_code'),
    /** Manufacturer and model as free text (the model range changes every year). */
    model: text('model').notNull(),
    modelRangeItemId: uuid('model_range_item_id').references(() => modelRangeItems.id),
    /** the model's technical life, for the renewal date when the service has no renewal period. */
    modelLifetimeMonths: integer('model_lifetime_months'),
    serial: text('serial').notNull(),
    holderPersonId: uuid('holder_person_id').references(() => people.id),
    location: text('location').notNull().default(''),
    supportLevel: text('support_level', { enum: SUPPORT_LEVELS }),
    /** The price list article that charges for the asset (from the order line or the model range), if known. */
    articleCode: text('article_code'),
    /** the order line that delivered the asset, if it came through an order. */
    orderLineId: uuid('order_line_id').references(() => orderLines.id),
    deliveredOn: date('delivered_on', { mode: 'string' }),
    /** the binding period when an agreement finances the product. */
    bindingMonths: integer('binding_months'),
    bindingUntil: date('binding_until', { mode: 'string' }),
    /** when the asset is due for renewal (48 months for computer workplaces in 2023). */
    renewalOn: date('renewal_on', { mode: 'string' }),
    status: text('status').notNull(),
    /** Lifecycle details the later steps record (incident references, erasure, sale). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    note: text('note').notNull().default(''),
    /** a laptop of the municipality's short-term pool at IT's office (src/sites, the laptop pool). */
    loanPool: boolean('loan_pool').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('assets_serial_uq').on(t.serial),
    // Keyset pages ordered by serial within a municipality, a unit or a holder (R-5.1 speed).
    index('assets_municipality_serial_idx').on(t.municipalityId, t.serial),
    index('assets_unit_serial_idx').on(t.unitId, t.serial),
    index('assets_holder_idx').on(t.holderPersonId),
    index('assets_status_serial_idx').on(t.status, t.serial),
    index('assets_loan_pool_idx')
      .on(t.municipalityId, t.serial)
      .where(sql`${t.loanPool}`),
    index('assets_serial_prefix_idx').using('btree', t.serial.op('text_pattern_ops')),
    check('assets_serial_check', sql`length(${t.serial}) > 0`),
    check('assets_binding_check', sql`${t.bindingMonths} is null or ${t.bindingMonths} >= 0`),
    // in the database too: no sold asset without its erasure record.
    check('assets_sold_erased_check', sql`${t.status} <> 'sold' or coalesce(jsonb_typeof(${t.details}->'erasure'), 'none') = 'object'`),
  ],
);

/**
 * The history of an asset: registration, holder and location changes, imports and, later,
 * every lifecycle event. Rows are only ever added.
 */
export const assetEvents = pgTable(
  'asset_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    kind: text('kind').notNull(),
    /** The local date (Europe/Stockholm) the event took effect. */
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** What changed: { field: [before, after] } plus the event's own data (e.g. a police report reference). */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    note: text('note').notNull().default(''),
  },
  (t) => [index('asset_events_asset_idx').on(t.assetId, t.at)],
);

/**
 * when an asset is billed and to whom, as periods [from_on, to_on) of local dates;
 * to_on is null while the period runs. Written only by the lifecycle (rules.ts `applyEvent`), replaced
 * for the asset in the same transaction as its event, so billing runs (issue 8) read plain rows.
 * basis 'early_return': returned early, still billed to the unit until IT reassigns it.
 */
export const assetBillingPeriods = pgTable(
  'asset_billing_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    fromOn: date('from_on', { mode: 'string' }).notNull(),
    toOn: date('to_on', { mode: 'string' }),
    basis: text('basis', { enum: ['active', 'early_return'] }).notNull(),
  },
  (t) => [
    uniqueIndex('asset_billing_periods_asset_from_uq').on(t.assetId, t.fromOn),
    index('asset_billing_periods_unit_idx').on(t.unitId, t.fromOn),
    index('asset_billing_periods_municipality_idx').on(t.municipalityId, t.fromOn),
    check('asset_billing_periods_range_check', sql`${t.toOn} is null or ${t.fromOn} < ${t.toOn}`),
  ],
);
