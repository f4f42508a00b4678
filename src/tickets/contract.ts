import { z } from '@hono/zod-openapi';
import { SUPPORT_LEVELS, TASK_KINDS } from '../catalogue/rules.ts';
import { ZLocalDate, ZText, ZVersion } from '../platform/http/types.ts';
import { CATEGORY_KINDS, CHANNELS, PRIORITIES, SLA_OUTCOMES, SLA_STATES, TICKET_STATUSES } from './rules.ts';

/**
 * The service desk's contract (issue 17, decision 0010): every request and answer of /api/v1/desks,
 * /api/v1/tickets and /api/v1/sla-breaches, defined once. Services validate with the request schemas,
 * presenters are typed by the answers, routes declare both, and the web app imports the types.
 */

// ---------------------------------------------------------------- answers

export const ZTimeLeft = z
  .object({
    workingDays: z.number().int(),
    hours: z.number().int(),
    minutes: z.number().int(),
    overdue: z.boolean().describe('true: how late, past the deadline'),
  })
  .nullable()
  .describe('time to the deadline as whole working days, then opening hours and minutes (none when met, missed or without a target)')
  .openapi('TimeLeft');
export const ZSla = z.object({
  state: z.enum(SLA_STATES),
  dueAt: z.string().nullable(),
  usedShare: z.number().nullable(),
  remainingMinutes: z.number().nullable(),
  left: ZTimeLeft,
});
export const ZTicketSummary = z
  .object({
    id: z.uuid(),
    number: z.string(),
    municipalityId: z.uuid(),
    deskId: z.uuid(),
    unitId: z.uuid().nullable(),
    requesterName: z.string(),
    channel: z.string(),
    categoryId: z.uuid().nullable(),
    intefunktion: z.string().nullable(),
    priority: z.enum(PRIORITIES),
    status: z.enum(TICKET_STATUSES),
    subject: z.string(),
    teamId: z.uuid().nullable(),
    line: z.number().int(),
    assigneeUserId: z.uuid().nullable(),
    onCall: z.boolean(),
    receivedAt: z.string(),
    solvedAt: z.string().nullable(),
    slaDueAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('TicketSummary');
/** A missed deadline as the ticket shows it (R-3.4: intefunktion misses are reported with their reasons). */
export const ZTicketBreach = z
  .object({
    id: z.uuid(),
    dueAt: z.string(),
    recordedAt: z.string(),
    intefunktion: z.boolean(),
    reason: z.string().nullable(),
    reasonAt: z.string().nullable(),
    reasonByName: z.string().nullable(),
  })
  .openapi('TicketBreach');
export type TicketBreach = z.infer<typeof ZTicketBreach>;
export const ZQueueRow = ZTicketSummary.extend({
  sla: z.object({
    state: ZSla.shape.state,
    dueAt: z.string().nullable(),
    remainingMinutes: z.number().int().nullable().describe('opening minutes to the deadline; negative: opening minutes since it'),
    left: ZTimeLeft,
  }),
  assigneeName: z.string().nullable(),
}).openapi('QueueRow');
export const ZTicket = ZTicketSummary.extend({
  actions: z.object({
    statusChanges: z.array(z.enum(TICKET_STATUSES)).describe('the statuses the signed-in user may move the ticket to'),
    explainBreaches: z.boolean().describe('the signed-in user may record why a deadline was missed (PATCH /sla-breaches/{id})'),
  }),
  description: z.string(),
  device: z.string().nullable(),
  deviceSupportLevel: z.enum(SUPPORT_LEVELS).nullable(),
  requester: z.object({
    userId: z.string().nullable(),
    personId: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  affectsOperations: z.boolean(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  solvedLine: z.number().int().nullable(),
  solvedTeamId: z.string().nullable(),
  handedBackReason: z.string().nullable(),
  assignee: z
    .object({ id: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() })
    .nullable()
    .describe('the technician and how to reach them (R-3.3)'),
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable().describe('the cost bearer'),
  onCallRule: z
    .object({ rounding: z.enum(['per_started', 'nearest', 'none']), roundingIncrementMinutes: z.number().int(), minimumBilledMinutes: z.number().int() })
    .describe('R-3.6: how on-call minutes are billed (mission in force when the ticket arrived)'),
  sla: ZSla,
  messages: z.array(
    z.object({
      id: z.string(),
      authorName: z.string(),
      authorUserId: z.string().nullable(),
      visibility: z.enum(['public', 'internal']),
      body: z.string(),
      createdAt: z.string(),
    }),
  ),
  attachments: z.array(
    z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), internal: z.boolean(), createdAt: z.string() }),
  ),
  history: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      status: z.string(),
      teamId: z.string().nullable(),
      line: z.number().int(),
      assigneeUserId: z.string().nullable(),
      actorUserId: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  timeEntries: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      startedAt: z.string(),
      minutes: z.number().int(),
      onCall: z.boolean(),
      billableMinutes: z.number().int(),
      note: z.string().nullable(),
    }),
  ),
  canAct: z.boolean(),
  breaches: z
    .array(ZTicketBreach)
    .describe('R-3.4, R-10: the deadlines this ticket missed, with the reason the desk recorded (its agents only; empty for others)'),
  triage: z.array(z.object({ task: z.enum(TASK_KINDS), owner: z.enum(['it', 'business']), reasonSv: z.string(), reasonEn: z.string() })),
}).openapi('Ticket');

export const ZQueueQuery = z.object({
  deskId: z.uuid().optional(),
  team: z.uuid().optional(),
  line: z.coerce.number().int().min(1).max(3).optional(),
  status: z
    .string()
    .regex(/^(new|open|waiting|solved|closed)(,(new|open|waiting|solved|closed))*$/, 'comma-separated statuses')
    .optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['newest', 'oldest', 'due', 'urgent']).default('newest').describe('urgent: breached first, then at risk, then the earliest deadline'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  // the filters the tertial follow-up links down with (followup/report-rules.ts), each counted
  // as the follow-up's store counts it. Dates are local (the mission calendar's time zone), inclusive.
  municipality: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }),
  category: z
    .union([z.literal('none'), z.uuid()])
    .optional()
    .meta({ label: 'Kategori', labelEn: 'Category' })
    .describe('a category id, or none: tickets without a category'),
  channel: z.enum(CHANNELS).optional().meta({ label: 'Kanal', labelEn: 'Channel' }),
  solvedLine: z.coerce.number().int().min(1).max(3).optional().meta({ label: 'Löst av linje', labelEn: 'Solved by line' }),
  solvedFrom: ZLocalDate.optional().meta({ label: 'Löst från och med', labelEn: 'Solved from' }),
  solvedTo: ZLocalDate.optional().meta({ label: 'Löst till och med', labelEn: 'Solved until' }),
  receivedFrom: ZLocalDate.optional().meta({ label: 'Inkom från och med', labelEn: 'Received from' }),
  receivedTo: ZLocalDate.optional().meta({ label: 'Inkom till och med', labelEn: 'Received until' }),
  onCall: z.enum(['true', 'false']).optional().meta({ label: 'Beredskap', labelEn: 'On call' }),
  intefunktion: z.enum(['true', 'false']).optional().meta({ label: 'Intefunktion', labelEn: 'Intefunktion' }).describe('true: an intefunktion fault'),
  sla: z
    .enum(SLA_OUTCOMES)
    .optional()
    .meta({ label: 'Tidsgräns', labelEn: 'Deadline' })
    .describe('solved tickets with a deadline: met = solved by it, missed = solved after it'),
});

export const ZQueueCursor = z.object({ key: z.string().max(60), id: z.uuid() });

export type TimeLeft = z.infer<typeof ZTimeLeft>;
export type TicketSummary = z.infer<typeof ZTicketSummary>;
export type QueueRow = z.infer<typeof ZQueueRow>;
export type Ticket = z.infer<typeof ZTicket>;
export type SlaState = Ticket['sla']['state'];
export type TicketMessage = Ticket['messages'][number];

export const ZQueuePage = z.object({ items: z.array(ZQueueRow), nextCursor: z.string().nullable() });
export type QueuePage = z.infer<typeof ZQueuePage>;

/** GET /desks: a desk one may report to, with its active categories. */
export const ZDeskCategoryOption = z.object({ id: z.uuid(), code: z.string(), name: z.string(), kind: z.enum(CATEGORY_KINDS), isIntefunktion: z.boolean() });
export const ZDeskOption = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  isIt: z.boolean(),
  agent: z.boolean().describe('the signed-in user works in this desk'),
  categories: z.array(ZDeskCategoryOption),
});
export type DeskCategoryOption = z.infer<typeof ZDeskCategoryOption>;
export type DeskOption = z.infer<typeof ZDeskOption>;

export const ZDesk = z.object({ id: z.uuid(), code: z.string(), name: z.string(), municipalityId: z.uuid().nullable(), isIt: z.boolean() });
export const ZCategoryCreated = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
export const ZCategory = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(CATEGORY_KINDS),
  isIntefunktion: z.boolean(),
  resolveWorkingDays: z.number().int().nullable(),
  resolveBusinessMinutes: z.number().int().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export const ZDeskDetail = ZDesk.extend({
  active: z.boolean(),
  categories: z.array(ZCategory),
  agents: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), explicit: z.boolean() })),
});
export type Desk = z.infer<typeof ZDesk>;
export type Category = z.infer<typeof ZCategory>;
export type DeskDetail = z.infer<typeof ZDeskDetail>;

/** GET /desks/{id}/agents: who a ticket of the desk may be assigned to. */
export const ZAgent = z.object({
  id: z.uuid(),
  displayName: z.string(),
  email: z.string().nullable(),
  teamId: z.uuid().nullable(),
  line: z.number().int().nullable(),
});
export type Agent = z.infer<typeof ZAgent>;

export const ZAttachment = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  internal: z.boolean(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof ZAttachment>;

export const ZBreach = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  number: z.string(),
  subject: z.string(),
  municipalityId: z.uuid(),
  status: z.enum(TICKET_STATUSES),
  teamId: z.uuid().nullable(),
  line: z.number().int(),
  intefunktion: z.boolean(),
  dueAt: z.string(),
  recordedAt: z.string(),
  solvedAt: z.string().nullable(),
  reason: z.string().nullable().describe('R-3.4, R-10: why the deadline was missed, as the desk recorded it'),
  reasonAt: z.string().nullable(),
  reasonByName: z.string().nullable(),
});
export const ZBreachPage = z.object({
  items: z.array(ZBreach),
  totals: z.object({ total: z.number().int(), intefunktion: z.number().int() }).nullable().describe('on the first page only'),
  nextCursor: z.string().nullable(),
});
export type Breach = z.infer<typeof ZBreach>;
export type BreachPage = z.infer<typeof ZBreachPage>;

// ---------------------------------------------------------------- requests

export const ZBreachQuery = z.object({
  from: ZLocalDate,
  to: ZLocalDate,
  intefunktion: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** why a recorded deadline was missed (PATCH /sla-breaches/{id}). */
export const ZBreachReason = z.strictObject({
  reason: ZText({ min: 1, max: 1000 }).meta({ label: 'Orsak till att tidsgränsen passerades', labelEn: 'Reason the deadline was missed' }),
});
export type TBreachReason = z.infer<typeof ZBreachReason>;
export const ZAttachmentQuery = z.object({ filename: z.string().min(1).max(255), internal: z.enum(['true', 'false']).default('false') });

/** a ticket from the portal or registered by an agent. */
export const ZTicketInput = z.strictObject({
  /** Municipality of the ticket; defaults to the requester's own. */
  municipalityId: z.uuid().optional(),
  deskId: z.uuid().optional(),
  categoryId: z.string().min(1).max(60),
  intefunktion: z.string().min(1).max(60).nullable().default(null),
  priority: z.enum(PRIORITIES).default('normal'),
  subject: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(20_000),
  device: z.string().trim().max(200).nullable().default(null),
  deviceSupportLevel: z.enum(SUPPORT_LEVELS).nullable().default(null),
  unitId: z.uuid().nullable().default(null),
  affectsOperations: z.boolean().default(false),
  /** Agents registering a call on behalf of a person. */
  onBehalfOf: z
    .strictObject({
      personId: z.uuid().nullable().default(null),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(200).nullable().default(null),
      phone: z.string().trim().max(40).nullable().default(null),
    })
    .optional(),
  /** channels; `email` is set by mail in (or by an agent registering a forwarded mail). */
  channel: z.enum(['portal', 'phone', 'agent', 'email']).optional(),
  /**
   * Issue 16: when the call came, for an agent registering it afterwards (not in the future). On-call
   * detection, the mission and the SLA clock follow this instant; absent: now.
   */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});

export type TTicketInput = z.infer<typeof ZTicketInput>;

export const ZStatusChange = z.strictObject({
  version: ZVersion,
  status: z.enum(['new', 'open', 'waiting', 'solved', 'closed']),
  comment: z.string().trim().max(20_000).optional(),
});

export const ZEscalation = z.strictObject({ version: ZVersion, team: z.string().min(1).max(60), line: z.number().int().min(1).max(3), reason: z.string() });

export const ZAssignment = z.strictObject({ version: ZVersion, assigneeUserId: z.uuid().nullable() });

export const ZHandBack = z.strictObject({ version: ZVersion, reason: z.string().trim().min(3).max(2000) });

export const ZMessage = z.strictObject({ body: z.string().trim().min(1).max(20_000), visibility: z.enum(['public', 'internal']).default('public') });

export const ZRequesterLink = z.strictObject({ version: ZVersion, personId: z.uuid() });

export const ZUnitChange = z.strictObject({ version: ZVersion, unitId: z.uuid().nullable() });

export const ZTimeEntry = z.strictObject({
  startedAt: z.iso.datetime({ offset: true }),
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  note: z.string().trim().max(2000).nullable().default(null),
});

/** a department desk (administrators), belonging to one municipality. */
export const ZDeskInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/),
  name: z.string().trim().min(2).max(120),
  municipalityId: z.uuid(),
});

export const ZCategoryInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,39}$/),
  name: z.string().trim().min(2).max(120),
  kind: z.enum(CATEGORY_KINDS),
  resolveWorkingDays: z.number().int().min(1).max(60).nullable().default(null),
  resolveBusinessMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .nullable()
    .default(null),
});

export const ZCategoryUpdate = z.strictObject({
  version: ZVersion,
  name: z.string().trim().min(2).max(120).optional(),
  resolveWorkingDays: z.number().int().min(1).max(60).nullable().optional(),
  resolveBusinessMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .nullable()
    .optional(),
  active: z.boolean().optional(),
});
