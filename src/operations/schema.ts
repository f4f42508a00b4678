import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, users } from '../org/schema.ts';
import { tickets } from '../tickets/schema.ts';
import { MESSAGE_KINDS, OUTAGE_KINDS } from './rules.ts';

const version = () => integer('version').notNull().default(1);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * the IT functions whose availability is measured — the mission's intefunktion list (seeded,
 * `missionCode` set) and any the unit adds — each with the municipalities it serves.
 */
export const itFunctions = pgTable('it_functions', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The intefunktion code of the mission it came from; null for one the unit added. */
  missionCode: text('mission_code').unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const itFunctionMunicipalities = pgTable(
  'it_function_municipalities',
  {
    functionId: uuid('function_id')
      .notNull()
      .references(() => itFunctions.id, { onDelete: 'cascade' }),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
  },
  (t) => [primaryKey({ columns: [t.functionId, t.municipalityId] })],
);

/**
 * an outage of IT functions in one or both municipalities. Open (`endsAt` null) while it
 * goes on. Planned work inside a service window is kept apart in the availability figures; planned
 * work outside one needs its reason. `incident` marks an IT incident the municipalities are told about.
 */
export const outages = pgTable(
  'outages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    kind: text('kind', { enum: OUTAGE_KINDS }).notNull(),
    plannedReason: text('planned_reason'),
    incident: boolean('incident').notNull().default(false),
    cause: text('cause').notNull().default(''),
    actions: text('actions').notNull().default(''),
    /** Staff only: never on a public page or feed. */
    internalNote: text('internal_note').notNull().default(''),
    /** The window work it came from, if any. */
    windowWorkId: uuid('window_work_id'),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('outages_starts_idx').on(t.startsAt), check('outages_end_check', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`)],
);

export const outageFunctions = pgTable(
  'outage_functions',
  {
    outageId: uuid('outage_id')
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    functionId: uuid('function_id')
      .notNull()
      .references(() => itFunctions.id),
  },
  (t) => [primaryKey({ columns: [t.outageId, t.functionId] })],
);

export const outageMunicipalities = pgTable(
  'outage_municipalities',
  {
    outageId: uuid('outage_id')
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
  },
  (t) => [primaryKey({ columns: [t.outageId, t.municipalityId] }), index('outage_municipalities_m_idx').on(t.municipalityId)],
);

/** The incident tickets behind an outage (a ticket marked `affectsOperations` can start one). */
export const outageTickets = pgTable(
  'outage_tickets',
  {
    outageId: uuid('outage_id')
      .notNull()
      .references(() => outages.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
  },
  (t) => [primaryKey({ columns: [t.outageId, t.ticketId] }), index('outage_tickets_ticket_idx').on(t.ticketId)],
);

/**
 * work planned in one of the calendar's service windows. The secondary window needs the reason
 * the primary could not be used; a window on a closed day needs an explicit confirmation.
 */
export const windowWork = pgTable(
  'window_work',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    windowDate: date('window_date').notNull(),
    windowKind: text('window_kind', { enum: ['primary', 'secondary'] }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    title: text('title').notNull(),
    /** What readers of the operations messages are told. */
    publicText: text('public_text').notNull().default(''),
    internalNote: text('internal_note').notNull().default(''),
    secondaryReason: text('secondary_reason'),
    closedDayConfirmed: boolean('closed_day_confirmed').notNull().default(false),
    /** Whether the functions are down while the work is done. */
    causesOutage: boolean('causes_outage').notNull().default(true),
    status: text('status', { enum: ['planned', 'done', 'cancelled'] })
      .notNull()
      .default('planned'),
    functionIds: uuid('function_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    municipalityIds: uuid('municipality_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('window_work_date_idx').on(t.windowDate)],
);

/**
 * R-9.4: an operations message (driftmeddelande): a disruption going on, or planned work, published to
 * the municipalities' intranets; a disruption is closed with a resolved notice.
 */
export const operationsMessages = pgTable(
  'operations_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    expectedEndAt: timestamp('expected_end_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolutionText: text('resolution_text'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    /** Taken down by mistake or as wrong: shown nowhere public any more. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    outageId: uuid('outage_id').references(() => outages.id),
    windowWorkId: uuid('window_work_id').references(() => windowWork.id),
    municipalityIds: uuid('municipality_ids').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('operations_messages_published_idx').on(t.publishedAt)],
);

/** a municipality's template for IT incident reports (its sections) and who receives them. */
export interface ReportSection {
  key: string;
  heading: string;
  help: string;
}

export const incidentReportTemplates = pgTable('incident_report_templates', {
  municipalityId: uuid('municipality_id')
    .primaryKey()
    .references(() => municipalities.id),
  sections: jsonb('sections').$type<ReportSection[]>().notNull(),
  recipients: text('recipients')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  version: version(),
  updatedAt: updatedAt(),
});

/** the report of one IT incident to one municipality, in that municipality's template. */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outageId: uuid('outage_id')
      .notNull()
      .references(() => outages.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** The template's sections as they were, with the text written under each. */
    sections: jsonb('sections').$type<(ReportSection & { text: string })[]>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    sentTo: text('sent_to')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('incident_reports_outage_idx').on(t.outageId, t.municipalityId)],
);
