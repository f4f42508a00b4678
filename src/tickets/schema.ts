import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, people, teams, units, users } from '../org/schema.ts';

/** Binary column (files, raw mail). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * a desk is a service desk with its own queues, categories and agents. The IT unit's desk spans
 * both municipalities (municipality null); another department's desk belongs to its municipality.
 */
export const desks = pgTable('desks', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  municipalityId: uuid('municipality_id').references(() => municipalities.id),
  /** The IT unit's own desk: tickets start in the first line team. */
  isIt: boolean('is_it').notNull().default(false),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Agents of a desk. IT agents belong to the IT desk. */
export const deskAgents = pgTable(
  'desk_agents',
  {
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.deskId, t.userId] })],
);

/** Categories per desk, each with its own SLA target (R-3 "other categories get configurable targets"). */
export const ticketCategories = pgTable(
  'ticket_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['fault', 'question', 'request'] }).notNull(),
    /** the "intefunktion" fault category; its functions and target come from the mission. */
    isIntefunktion: boolean('is_intefunktion').notNull().default(false),
    resolveWorkingDays: integer('resolve_working_days'),
    resolveBusinessMinutes: integer('resolve_business_minutes'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ticket_categories_desk_code_uq').on(t.deskId, t.code)],
);

/** Sequential ticket numbers per year without gaps under concurrency (row lock on the counter). */
export const ticketCounters = pgTable('ticket_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** e.g. 2026-000123 */
    number: text('number').notNull().unique(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    deskId: uuid('desk_id')
      .notNull()
      .references(() => desks.id),
    unitId: uuid('unit_id').references(() => units.id),
    requesterUserId: uuid('requester_user_id').references(() => users.id),
    requesterPersonId: uuid('requester_person_id').references(() => people.id),
    /** Name and contact as given at intake (a caller may not have an account). */
    requesterName: text('requester_name').notNull(),
    requesterEmail: text('requester_email'),
    requesterPhone: text('requester_phone'),
    channel: text('channel', { enum: ['portal', 'phone', 'email', 'agent'] }).notNull(),
    categoryId: uuid('category_id').references(() => ticketCategories.id),
    /** code of the intefunktion function, from the mission in force. */
    intefunktion: text('intefunktion'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'critical'] })
      .notNull()
      .default('normal'),
    status: text('status', { enum: ['new', 'open', 'waiting', 'solved', 'closed'] })
      .notNull()
      .default('new'),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    /** Free-text device until the inventory exists (issue 7 links assets). */
    device: text('device'),
    /** support level of the affected device, when known. */
    deviceSupportLevel: text('device_support_level', { enum: ['managed', 'managed_without_support', 'one_to_one'] }),
    /** current team and line. */
    teamId: uuid('team_id').references(() => teams.id),
    line: integer('line').notNull().default(1),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    /** */
    onCall: boolean('on_call').notNull().default(false),
    affectsOperations: boolean('affects_operations').notNull().default(false),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    solvedAt: timestamp('solved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** the line (and team) that solved it — the basis of the 50 % first-line target. */
    solvedLine: integer('solved_line'),
    solvedTeamId: uuid('solved_team_id').references(() => teams.id),
    /** SLA due instant as last computed (for sorting queues); the reading is recomputed from history. */
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
    /** When 75 % of the allowed time is used if the clock runs on (as of `slaReadAt`), for list states. */
    slaAtRiskAt: timestamp('sla_at_risk_at', { withTimezone: true }),
    /** The instant the stored SLA instants were computed at (a paused clock's reading is as of then). */
    slaReadAt: timestamp('sla_read_at', { withTimezone: true }),
    /** handed back to the business with this reason. */
    handedBackReason: text('handed_back_reason'),
    /** Full-text search document (swedish), maintained by the service. */
    search: tsvector('search'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('tickets_queue_idx').on(t.deskId, t.teamId, t.line, t.status, t.receivedAt, t.id),
    index('tickets_municipality_idx').on(t.municipalityId, t.receivedAt, t.id),
    index('tickets_requester_idx').on(t.requesterUserId, t.receivedAt),
    index('tickets_assignee_idx').on(t.assigneeUserId, t.status),
    index('tickets_search_idx').using('gin', t.search),
    // Issue 17: the `urgent` queue reads each urgency group in index order (tickets/store.ts urgentPage).
    index('tickets_due_idx').on(t.slaDueAt, t.id),
    index('tickets_at_risk_idx').on(t.slaAtRiskAt),
    index('tickets_received_no_due_idx')
      .on(t.receivedAt, t.id)
      .where(sql`${t.slaDueAt} is null`),
    // Issue 21: the follow-up counts a tertial's solved and received tickets from the index
    // alone (index-only scans; drizzle has no INCLUDE, so the counted columns are trailing keys).
    index('tickets_solved_followup_idx')
      .on(t.solvedAt, t.municipalityId, t.deskId, t.categoryId, t.solvedLine, t.slaDueAt, t.intefunktion)
      .where(sql`${t.solvedAt} is not null`),
    index('tickets_received_followup_idx').on(t.receivedAt, t.municipalityId, t.deskId, t.categoryId, t.channel, t.line, t.onCall),
    check('tickets_line_check', sql`${t.line} between 1 and 3`),
  ],
);

/** Public conversation and internal notes. */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    authorUserId: uuid('author_user_id').references(() => users.id),
    authorName: text('author_name').notNull(),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** Status, line and assignment history: the SLA clock is recomputed from it. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    kind: text('kind', { enum: ['created', 'status', 'escalation', 'assignment', 'handback', 'requester'] }).notNull(),
    status: text('status', { enum: ['new', 'open', 'waiting', 'solved', 'closed'] }).notNull(),
    teamId: uuid('team_id').references(() => teams.id),
    line: integer('line').notNull(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    reason: text('reason'),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at, t.id)],
);

/** Attachments: stored in the database so every app node serves them; always sent as downloads. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    messageId: uuid('message_id').references(() => ticketMessages.id),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Internal attachments are shown to agents only. */
    internal: boolean('internal').notNull().default(false),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId)],
);

/** time logged on a ticket; on-call time becomes billable minutes for billing to pick up. */
export const ticketTimeEntries = pgTable(
  'ticket_time_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    unitId: uuid('unit_id').references(() => units.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    minutes: integer('minutes').notNull(),
    onCall: boolean('on_call').notNull(),
    billableMinutes: integer('billable_minutes').notNull(),
    note: text('note'),
    /** Set by a billing run when it picks the entry up (issue 8). */
    billedInRunId: uuid('billed_in_run_id'),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_time_entries_ticket_idx').on(t.ticketId), check('ticket_time_entries_minutes_check', sql`${t.minutes} > 0`)],
);

/** SLA breaches recorded for follow-up. */
export const slaBreaches = pgTable(
  'sla_breaches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    intefunktion: boolean('intefunktion').notNull(),
    /** why the deadline was missed, as the desk records it for the tertial follow-up. */
    reason: text('reason'),
    reasonByUserId: uuid('reason_by_user_id').references(() => users.id),
    reasonAt: timestamp('reason_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sla_breaches_ticket_due_uq').on(t.ticketId, t.dueAt)],
);
