import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, units, users } from '../org/schema.ts';
import { BOARD_OUTCOMES, DECISION_BODIES, REQUEST_ACTIONS, REQUEST_KINDS, REQUEST_SIZES, REQUEST_STATES, SERVICE_EFFECTS } from './rules.ts';

/** a pilot's evaluation. */
export interface PilotEvaluation {
  result: string;
  recommendation: string;
  evaluatedOn: string;
}

/** what a delivery opened, or the to-do it left where it could not open it. */
export interface DeliveryOutcome {
  /** The draft (or existing) application of each concerned municipality. */
  applicationIds: string[];
  /** The new service's wait for the pricing group in `priceListYear`'s list. */
  pricingProposalId: string | null;
  priceListYear: number | null;
  todo: string[];
}

/**
 * Issue 20, R-8.1: development requests (utvecklingsärenden). `municipalityId` null = the request
 * concerns both municipalities; `raisedByUnitId` null = raised by the IT unit itself. `priority` is the
 * steering group's rank in the backlog (1 first), for large requests it has prioritised.
 */
export const developmentRequests = pgTable(
  'development_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    benefit: text('benefit').notNull(),
    costEstimateOre: bigint('cost_estimate_ore', { mode: 'number' }).notNull(),
    size: text('size', { enum: REQUEST_SIZES }).notNull(),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    changesMission: boolean('changes_mission').notNull().default(false),
    missionYear: integer('mission_year'),
    serviceEffect: text('service_effect', { enum: SERVICE_EFFECTS }).notNull().default('none'),
    serviceName: text('service_name'),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    raisedByUserId: uuid('raised_by_user_id')
      .notNull()
      .references(() => users.id),
    raisedByUnitId: uuid('raised_by_unit_id').references(() => units.id),
    state: text('state', { enum: REQUEST_STATES }).notNull().default('registered'),
    priority: integer('priority'),
    evaluation: jsonb('evaluation').$type<PilotEvaluation>(),
    delivery: jsonb('delivery').$type<DeliveryOutcome>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('development_requests_year_sequence').on(t.year, t.sequence),
    index('development_requests_state').on(t.state),
    index('development_requests_mission_year')
      .on(t.missionYear)
      .where(sql`${t.changesMission}`),
    check('development_requests_cost', sql`${t.costEstimateOre} >= 0`),
  ],
);

/**
 * Every step of a request: who decided (the body; a board with its municipality), when, under which
 * minutes reference, and who recorded it. Append-only, like the audit trail it mirrors.
 */
export const developmentRequestSteps = pgTable(
  'development_request_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => developmentRequests.id, { onDelete: 'cascade' }),
    action: text('action', { enum: REQUEST_ACTIONS }).notNull(),
    fromState: text('from_state', { enum: REQUEST_STATES }).notNull(),
    toState: text('to_state', { enum: REQUEST_STATES }).notNull(),
    body: text('body', { enum: DECISION_BODIES }).notNull(),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    outcome: text('outcome', { enum: BOARD_OUTCOMES }),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    minutesRef: text('minutes_ref'),
    note: text('note').notNull().default(''),
    recordedByUserId: uuid('recorded_by_user_id')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('development_request_steps_request').on(t.requestId, t.recordedAt),
    uniqueIndex('development_request_steps_one_board')
      .on(t.requestId, t.municipalityId)
      .where(sql`${t.action} = 'record_board_decision'`),
  ],
);
