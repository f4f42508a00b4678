import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { BILLING_MODELS } from '../catalogue/rules.ts';
import { modelRangeItems } from '../catalogue/schema.ts';
import { municipalities, people, units, users } from '../org/schema.ts';
import { tickets } from '../tickets/schema.ts';
import { SUPPORT_LEVELS } from '../catalogue/rules.ts';
import { LINE_STATUSES, ORDER_KINDS, ORDER_STATUSES } from './rules.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => integer(name);

/**
 * a person a unit manager (or an administrator) designates to order for a unit. Revoked
 * designations stay for the record; at most one active designation per unit and account.
 */
export const ordererDesignations = pgTable(
  'orderer_designations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    designatedByUserId: uuid('designated_by_user_id')
      .notNull()
      .references(() => users.id),
    designatedAt: timestamp('designated_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByUserId: uuid('revoked_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orderer_designations_active_uq')
      .on(t.unitId, t.userId)
      .where(sql`${t.revokedAt} is null`),
    index('orderer_designations_user_idx').on(t.userId),
  ],
);

/** What a special order asks for; standard orders carry none. */
export type SpecialOrderDetails =
  | {
      kind: 'account_non_employee';
      firstName: string;
      lastName: string;
      email: string | null;
      personRole: string;
      organisation: string | null;
      startsOn: string;
      endsOn: string;
      reason: string;
    }
  | { kind: 'function_address'; address: string; displayName: string; purpose: string; ownerPersonIds: string[] }
  | { kind: 'software_request'; software: string; vendor: string | null; purpose: string; computers: string }
  | { kind: 'software_packaging'; software: string; vendor: string | null; purpose: string; teacherComputers: number };

/**
 * an order of one unit, placed by an authorised orderer; it is one service request in the IT
 * desk and carries that ticket's number. Its status follows from its lines (rules.orderStatus).
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    ordererUserId: uuid('orderer_user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ORDER_KINDS }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('submitted'),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** Local date (Europe/Stockholm) the order was placed: its prices are the price list's on this day. */
    orderedOn: date('ordered_on', { mode: 'string' }).notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note').notNull().default(''),
    details: jsonb('details').$type<SpecialOrderDetails | null>(),
    /** the end date of an account for a non-employee, followed up before it comes. */
    accountEndsOn: date('account_ends_on', { mode: 'string' }),
    /** the follow-up ticket of the account's end, created once. */
    reminderTicketId: uuid('reminder_ticket_id').references(() => tickets.id),
    cancelledReason: text('cancelled_reason'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('orders_municipality_placed_idx').on(t.municipalityId, t.placedAt, t.id),
    index('orders_orderer_idx').on(t.ordererUserId, t.placedAt),
    index('orders_unit_idx').on(t.unitId, t.placedAt),
    index('orders_account_end_idx')
      .on(t.accountEndsOn)
      .where(sql`${t.accountEndsOn} is not null`),
  ],
);

/**
 * A line of an order: a price-list article (optionally a model of the model range) with the prices
 * copied at order time, or a special order's unpriced task. Delivery records what the inventory
 * register will need and when billing starts.
 */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    articleCode: text('article_code'),
    serviceCode: text('service_code'),
    billingModel: text('billing_model', { enum: BILLING_MODELS }),
    modelRangeItemId: uuid('model_range_item_id').references(() => modelRangeItems.id),
    /** Manufacturer and model as ordered (the model range may change later). */
    model: text('model'),
    modelCategory: text('model_category'),
    /** the support level of the article's service, for the inventory and triage. */
    supportLevel: text('support_level', { enum: SUPPORT_LEVELS }),
    quantity: integer('quantity').notNull().default(1),
    purchasePrice: money('purchase_price'),
    monthlyFee: money('monthly_fee'),
    weeklyFee: money('weekly_fee'),
    hourlyRate: money('hourly_rate'),
    yearlyFee: money('yearly_fee'),
    status: text('status', { enum: LINE_STATUSES }).notNull().default('pending'),
    orderedAt: timestamp('ordered_at', { withTimezone: true }),
    serialNumber: text('serial_number'),
    holderPersonId: uuid('holder_person_id').references(() => people.id),
    deliveredOn: date('delivered_on', { mode: 'string' }),
    deliveredByUserId: uuid('delivered_by_user_id').references(() => users.id),
    billingStartsOn: date('billing_starts_on', { mode: 'string' }),
    /** Set by the billing run that charged the line's purchase or hours (issue 8, R-6.1). */
    billedInRunId: uuid('billed_in_run_id'),
    cancelledReason: text('cancelled_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('order_lines_position_uq').on(t.orderId, t.position),
    check('order_lines_quantity_check', sql`${t.quantity} > 0`),
    check('order_lines_billing_check', sql`${t.billingStartsOn} is null or (${t.deliveredOn} is not null and ${t.billingStartsOn} >= ${t.deliveredOn})`),
    check('order_lines_delivered_check', sql`(${t.status} = 'delivered') = (${t.deliveredOn} is not null)`),
  ],
);
