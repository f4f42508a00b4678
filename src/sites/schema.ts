import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { assets } from '../assets/schema.ts';
import { municipalities, people, units, users } from '../org/schema.ts';
import { APPROVAL_BASES, BOOKING_STATUSES, CONNECTION_KINDS, PAYERS, RACK_KINDS, SITE_KINDS, SITE_SYSTEMS } from './rules.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * the register of sites — every business address of a municipality with its kind (rules.ts
 * SITE_KINDS), its fixed network connection and who paid for what: the connection when the address was
 * established, the in-building network for data and power, and their maintenance (the mission: the
 * municipality pays all three; the register shows what was actually done).
 */
export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: SITE_KINDS }).notNull(),
    address: text('address').notNull(),
    connectionKind: text('connection_kind', { enum: CONNECTION_KINDS }).notNull().default('fibre'),
    connectionOperator: text('connection_operator').notNull().default(''),
    /** As the operator states it, e.g. "1 Gbit/s". */
    connectionCapacity: text('connection_capacity').notNull().default(''),
    connectionEstablishedOn: date('connection_established_on', { mode: 'string' }),
    paidConnection: text('paid_connection', { enum: PAYERS }).notNull().default('municipality'),
    paidBuildingNetwork: text('paid_building_network', { enum: PAYERS }).notNull().default('municipality'),
    paidMaintenance: text('paid_maintenance', { enum: PAYERS }).notNull().default('municipality'),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sites_municipality_name_uq').on(t.municipalityId, sql`lower(${t.name})`),
    index('sites_municipality_kind_idx').on(t.municipalityId, t.kind),
    check('sites_name_check', sql`length(${t.name}) > 0`),
  ],
);

/** the units working at an address (a unit may work at several). */
export const siteUnits = pgTable(
  'site_units',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.unitId] }), index('site_units_unit_idx').on(t.unitId)],
);

/**
 * cabinets and racks at a site. IT says what suits (`recommendedOn`); the property owner
 * mounts it and decides its place (`placement`, as the owner decided).
 */
export const siteRacks = pgTable(
  'site_racks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: RACK_KINDS }).notNull(),
    placement: text('placement').notNull().default(''),
    recommendedOn: date('recommended_on', { mode: 'string' }),
    mountedOn: date('mounted_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('site_racks_site_name_uq').on(t.siteId, t.name)],
);

/**
 * IT's network equipment placed at a site, each an asset of the inventory register
 * in one of the site's racks or not. An asset is placed at one site at a time.
 */
export const siteEquipment = pgTable(
  'site_equipment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    rackId: uuid('rack_id').references(() => siteRacks.id, { onDelete: 'set null' }),
    placedOn: date('placed_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [uniqueIndex('site_equipment_asset_uq').on(t.assetId), index('site_equipment_site_idx').on(t.siteId)],
);

/** the property owner's project meetings IT was called to. */
export const siteMeetings = pgTable(
  'site_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    project: text('project').notNull(),
    outcome: text('outcome').notNull().default(''),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('site_meetings_site_idx').on(t.siteId, t.heldOn)],
);

/**
 * a site's reserve power (UPS, with its autonomy in minutes), diesel backup (automatic take-over
 * or not), cooling and fire protection, as they are now, with IT's current approval: the day and the
 * basis (MSB's requirements or current practice). Recording a changed system clears its approval
 * unless IT approves the new one at once. One row per site and system.
 */
export const siteSystems = pgTable(
  'site_systems',
  {
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    system: text('system', { enum: SITE_SYSTEMS }).notNull(),
    autonomyMinutes: integer('autonomy_minutes'),
    automatic: boolean('automatic'),
    description: text('description').notNull().default(''),
    approvedOn: date('approved_on', { mode: 'string' }),
    basis: text('basis', { enum: APPROVAL_BASES }),
    approvedByUserId: uuid('approved_by_user_id').references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.system] }),
    check('site_systems_autonomy_check', sql`${t.autonomyMinutes} is null or ${t.autonomyMinutes} >= 0`),
    check('site_systems_approval_check', sql`(${t.approvedOn} is null) = (${t.basis} is null)`),
  ],
);

/** every approval IT gave, with its date and basis and what it approved. Rows are only added. */
export const siteApprovals = pgTable(
  'site_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    system: text('system', { enum: SITE_SYSTEMS }).notNull(),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    basis: text('basis', { enum: APPROVAL_BASES }).notNull(),
    /** The system as approved: autonomy, automatic take-over, description. */
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull().default({}),
    note: text('note').notNull().default(''),
    approvedByUserId: uuid('approved_by_user_id').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('site_approvals_site_idx').on(t.siteId, t.approvedOn)],
);

/**
 * bookings of the municipality's pool laptops (assets with `loan_pool`), for the local days
 * [from_on, to_on], by a unit (the one charged), with hand-out and return. No two live bookings of one
 * laptop share a day: the booking service locks the laptop's row before it checks and writes.
 */
export const laptopBookings = pgTable(
  'laptop_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    borrowerPersonId: uuid('borrower_person_id').references(() => people.id),
    bookedByUserId: uuid('booked_by_user_id').references(() => users.id),
    fromOn: date('from_on', { mode: 'string' }).notNull(),
    toOn: date('to_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: BOOKING_STATUSES }).notNull().default('booked'),
    handedOutOn: date('handed_out_on', { mode: 'string' }),
    returnedOn: date('returned_on', { mode: 'string' }),
    remindedOn: date('reminded_on', { mode: 'string' }),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('laptop_bookings_asset_idx').on(t.assetId, t.fromOn),
    index('laptop_bookings_municipality_idx').on(t.municipalityId, t.fromOn),
    index('laptop_bookings_unit_idx').on(t.unitId, t.fromOn),
    check('laptop_bookings_range_check', sql`${t.fromOn} <= ${t.toOn}`),
  ],
);
