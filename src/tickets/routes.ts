import { createRoute, z } from '@hono/zod-openapi';
import { requireActor, requirePolicy } from '../platform/auth/policy.ts';
import { addCategory, createDesk, deskDetail, listAgents, setAgent, updateCategory, ZCategoryInput, ZCategoryUpdate, ZDeskInput } from './desks.ts';
import { createRouter } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { presentQueueRow, presentTicket } from './presenter.ts';
import { TASK_KINDS, taskOwner } from '../catalogue/rules.ts';
import { TICKET_STATUSES } from './rules.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { ZLocalDate } from '../platform/http/types.ts';
import { administersDesks } from './policy.ts';

const ZTimeLeft = z
  .object({ workingDays: z.number().int(), hours: z.number().int(), minutes: z.number().int(), overdue: z.boolean().describe('true: how late, past the deadline') })
  .nullable()
  .describe('time to the deadline as whole working days, then opening hours and minutes (none when met, missed or without a target)')
  .openapi('TimeLeft');
const ZSla = z.object({ state: z.string(), dueAt: z.string().nullable(), usedShare: z.number().nullable(), remainingMinutes: z.number().nullable(), left: ZTimeLeft });
const ZTicketSummary = z
  .object({
    id: z.uuid(), number: z.string(), municipalityId: z.uuid(), deskId: z.uuid(), unitId: z.uuid().nullable(), requesterName: z.string(), channel: z.string(),
    categoryId: z.uuid().nullable(), intefunktion: z.string().nullable(), priority: z.string(), status: z.enum(TICKET_STATUSES), subject: z.string(),
    teamId: z.uuid().nullable(), line: z.number().int(), assigneeUserId: z.uuid().nullable(), onCall: z.boolean(), receivedAt: z.string(),
    solvedAt: z.string().nullable(), slaDueAt: z.string().nullable(), version: z.number().int(),
  })
  .openapi('TicketSummary');
const ZQueueRow = ZTicketSummary.extend({
  sla: z.object({ state: ZSla.shape.state, dueAt: z.string().nullable(), remainingMinutes: z.number().int().nullable().describe('opening minutes to the deadline; negative: opening minutes since it'), left: ZTimeLeft }),
  assigneeName: z.string().nullable(),
}).openapi('QueueRow');
const ZTicket = ZTicketSummary.extend({
  actions: z.object({ statusChanges: z.array(z.enum(TICKET_STATUSES)).describe('the statuses the signed-in user may move the ticket to') }),
  description: z.string(),
  device: z.string().nullable(),
  deviceSupportLevel: z.string().nullable(),
  requester: z.object({ userId: z.string().nullable(), personId: z.string().nullable(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  affectsOperations: z.boolean(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  solvedLine: z.number().int().nullable(),
  solvedTeamId: z.string().nullable(),
  handedBackReason: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }).nullable().describe('the technician and how to reach them (R-3.3)'),
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable().describe('the cost bearer'),
  onCallRule: z.object({ rounding: z.enum(['per_started', 'nearest', 'none']), roundingIncrementMinutes: z.number().int(), minimumBilledMinutes: z.number().int() }).describe('R-3.6: how on-call minutes are billed (mission in force when the ticket arrived)'),
  sla: ZSla,
  messages: z.array(z.object({ id: z.string(), authorName: z.string(), authorUserId: z.string().nullable(), visibility: z.enum(['public', 'internal']), body: z.string(), createdAt: z.string() })),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), internal: z.boolean(), createdAt: z.string() })),
  history: z.array(z.object({ at: z.string(), kind: z.string(), status: z.string(), teamId: z.string().nullable(), line: z.number().int(), assigneeUserId: z.string().nullable(), actorUserId: z.string().nullable(), reason: z.string().nullable() })),
  timeEntries: z.array(z.object({ id: z.string(), userId: z.string(), startedAt: z.string(), minutes: z.number().int(), onCall: z.boolean(), billableMinutes: z.number().int(), note: z.string().nullable() })),
  canAct: z.boolean(),
  triage: z.array(z.object({ task: z.enum(TASK_KINDS), owner: z.enum(['it', 'business']), reasonSv: z.string(), reasonEn: z.string() })),
}).openapi('Ticket');

const ZQueueQuery = z.object({
  deskId: z.uuid().optional(),
  team: z.uuid().optional(),
  line: z.coerce.number().int().min(1).max(3).optional(),
  status: z.string().regex(/^(new|open|waiting|solved|closed)(,(new|open|waiting|solved|closed))*$/, 'comma-separated statuses').optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  mine: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['newest', 'oldest', 'due', 'urgent']).default('newest').describe('urgent: breached first, then at risk, then the earliest deadline'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const ZQueueCursor = z.object({ key: z.string().max(60), id: z.uuid() });

async function detail(c: { get(k: 'deps'): { database: { db: import('../platform/db/client.ts').Db } } }, actor: import('../platform/http/context.ts').Actor, id: string) {
  const d = await service.getTicket(c.get('deps').database.db, actor, id);
  const level = d.ticket.deviceSupportLevel;
  const triage = level ? TASK_KINDS.map((task) => ({ task, ...taskOwner(level, task) })) : [];
  return { ...presentTicket(d), triage };
}

export function ticketRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({ method: 'get', path: '/desks', tags: ['tickets'], summary: 'Service desks you can report to, with categories', responses: { 200: ok(z.object({ items: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), isIt: z.boolean(), agent: z.boolean().describe('the signed-in user works in this desk'), categories: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), kind: z.string(), isIntefunktion: z.boolean() })) })) })), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const db = c.get('deps').database.db;
      const desks = await store.listDesks(db, actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId);
      const v = await service.visibilityOf(db, actor);
      const items = await Promise.all(
        desks.filter((d) => d.active).map(async (d) => ({ id: d.id, code: d.code, name: d.name, isIt: d.isIt, agent: v.agentDeskIds.includes(d.id), categories: (await store.listCategories(db, d.id)).map((k) => ({ id: k.id, code: k.code, name: k.name, kind: k.kind, isIntefunktion: k.isIntefunktion })) })),
      );
      return c.json({ items }, 200);
    },
  );

  const ZDesk = z.object({ id: z.uuid(), code: z.string(), name: z.string(), municipalityId: z.uuid().nullable(), isIt: z.boolean() });
  r.openapi(
    createRoute({ method: 'post', path: '/desks', tags: ['tickets'], summary: 'Create a department desk (R-3.8, administrators)', request: { body: jsonBody(ZDeskInput) }, responses: { 201: ok(ZDesk, 'Created'), ...problemResponses } }),
    async (c) => {
      const row = await createDesk(c.get('deps').database.db, requirePolicy(c, administersDesks), c.req.valid('json'));
      return c.json({ id: row.id, code: row.code, name: row.name, municipalityId: row.municipalityId, isIt: row.isIt }, 201);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/desks/{id}/categories', tags: ['tickets'], summary: 'Add a category with its SLA target to a desk', request: { params: ZIdParam, body: jsonBody(ZCategoryInput) }, responses: { 201: ok(z.object({ id: z.uuid(), code: z.string(), name: z.string() }), 'Created'), ...problemResponses } }),
    async (c) => {
      const row = await addCategory(c.get('deps').database.db, requirePolicy(c, administersDesks), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ id: row.id, code: row.code, name: row.name }, 201);
    },
  );
  const ZCategory = z.object({ id: z.uuid(), code: z.string(), name: z.string(), kind: z.string(), isIntefunktion: z.boolean(), resolveWorkingDays: z.number().int().nullable(), resolveBusinessMinutes: z.number().int().nullable(), active: z.boolean(), version: z.number().int() });
  const ZCategoryParams = ZIdParam.extend({ categoryId: z.uuid().openapi({ param: { name: 'categoryId', in: 'path' } }) });
  r.openapi(
    createRoute({ method: 'patch', path: '/desks/{id}/categories/{categoryId}', tags: ['tickets'], summary: 'Change a category’s name, SLA target or active flag (administrators; stale version → 409)', request: { params: ZCategoryParams, body: jsonBody(ZCategoryUpdate) }, responses: { 200: ok(ZCategory), ...problemResponses } }),
    async (c) => {
      const { id, categoryId } = c.req.valid('param');
      return c.json(await updateCategory(c.get('deps').database.db, requirePolicy(c, administersDesks), id, categoryId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/desks/{id}', tags: ['tickets'], summary: 'A desk for its administrator: all categories with SLA targets, and the agents', request: { params: ZIdParam }, responses: { 200: ok(ZDesk.extend({ active: z.boolean(), categories: z.array(ZCategory), agents: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), explicit: z.boolean() })) })), ...problemResponses } }),
    async (c) => {
      const { desk, categories, agents } = await deskDetail(c.get('deps').database.db, requirePolicy(c, administersDesks), c.req.valid('param').id);
      return c.json({ id: desk.id, code: desk.code, name: desk.name, municipalityId: desk.municipalityId, isIt: desk.isIt, active: desk.active, categories, agents: agents.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, explicit: u.explicit })) }, 200);
    },
  );
  r.openapi(
    createRoute({ method: 'put', path: '/desks/{id}/agents/{userId}', tags: ['tickets'], summary: 'Make an account an agent of a desk', request: { params: ZIdParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) }, responses: { 204: { description: 'Added' }, ...problemResponses } }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await setAgent(c.get('deps').database.db, requirePolicy(c, administersDesks), id, userId, true);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/desks/{id}/agents/{userId}', tags: ['tickets'], summary: 'Remove an agent from a desk', request: { params: ZIdParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) }, responses: { 204: { description: 'Removed' }, ...problemResponses } }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await setAgent(c.get('deps').database.db, requirePolicy(c, administersDesks), id, userId, false);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/desks/{id}/agents', tags: ['tickets'], summary: 'Agents of a desk, for assignment', request: { params: ZIdParam }, responses: { 200: ok(z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string(), email: z.string().nullable(), teamId: z.uuid().nullable(), line: z.number().int().nullable() })) })), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const db = c.get('deps').database.db;
      const { id } = c.req.valid('param');
      const v = await service.visibilityOf(db, actor);
      if (!v.all && !v.agentDeskIds.includes(id)) throw new AppError('not_found');
      const rows = await listAgents(db, id);
      return c.json({ items: rows.map((u) => ({ id: u.id, displayName: u.displayName, email: u.email, teamId: u.teamId, line: u.line })) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'post', path: '/tickets', tags: ['tickets'], summary: 'Report a fault or ask a question (portal), or register a call (agents)', request: { body: jsonBody(service.ZTicketInput) }, responses: { 201: ok(ZTicket, 'Created'), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const row = await service.createTicket(c.get('deps').database.db, actor, c.req.valid('json'));
      return c.json(await detail(c, actor, row.id), 201);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/tickets', tags: ['tickets'], summary: 'Queues and search: keyset-paginated, one query per page', request: { query: ZQueueQuery }, responses: { 200: ok(z.object({ items: z.array(ZQueueRow), nextCursor: z.string().nullable() })), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const q = c.req.valid('query');
      const rows = await service.queue(c.get('deps').database.db, actor, {
        deskId: q.deskId,
        teamId: q.team,
        line: q.line,
        statuses: q.status?.split(','),
        assigneeUserId: q.assignee === 'me' ? actor.id : q.assignee === 'none' ? null : q.assignee,
        requesterUserId: q.mine === 'true' ? actor.id : undefined,
        q: q.q,
        sort: q.sort,
        after: decodeCursor(q.cursor, ZQueueCursor),
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ key: last.sortKey, id: last.ticket.id }) : null;
      return c.json({ items: page.map(presentQueueRow), nextCursor }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/tickets/{id}', tags: ['tickets'], summary: 'One ticket with conversation, SLA state and (agents) notes and history', request: { params: ZIdParam }, responses: { 200: ok(ZTicket), ...problemResponses } }),
    async (c) => c.json(await detail(c, requireActor(c), c.req.valid('param').id), 200),
  );

  const action = <T extends z.ZodType>(path: string, summary: string, schema: T, run: (db: import('../platform/db/client.ts').Db, actor: import('../platform/http/context.ts').Actor, id: string, body: z.infer<T>) => Promise<unknown>) =>
    r.openapi(
      createRoute({ method: 'post', path: `/tickets/{id}/${path}`, tags: ['tickets'], summary, request: { params: ZIdParam, body: jsonBody(schema) }, responses: { 200: ok(ZTicket), ...problemResponses } }),
      async (c) => {
        const actor = requireActor(c);
        // The path is built per action, so its parameters are read back through the validated schema.
        const { id } = ZIdParam.parse(c.req.param());
        await run(c.get('deps').database.db, actor, id, c.req.valid('json' as never) as z.infer<T>);
        return c.json(await detail(c, actor, id), 200);
      },
    );
  action('status', 'Change status (requesters: mark solved or reopen)', service.ZStatusChange, service.changeStatus);
  action('escalate', 'Escalate to 2nd or 3rd line, with a reason (R-3.2)', service.ZEscalation, service.escalate);
  action('assign', 'Assign a technician (R-3.3)', service.ZAssignment, service.assign);
  action('messages', 'Reply or add an internal note', service.ZMessage, service.addMessage);
  action('hand-back', 'Hand the task back to the business (R-3.5)', service.ZHandBack, service.handBack);
  action('time', 'Log time; on-call time becomes billable minutes (R-3.6)', service.ZTimeEntry, service.logTime);
  action('requester', 'Link the ticket to a person (a mail from an unknown sender, issue 5)', service.ZRequesterLink, service.linkRequester);
  action('unit', 'Set or change the ticket’s unit, its cost bearer (agents; units of the ticket’s municipality)', service.ZUnitChange, service.setUnit);

  r.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/attachments',
      tags: ['tickets'],
      summary: 'Attach a file: the raw bytes as the body, the name in ?filename=',
      request: { params: ZIdParam, query: z.object({ filename: z.string().min(1).max(255), internal: z.enum(['true', 'false']).default('false') }) },
      responses: { 201: ok(z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.number().int(), internal: z.boolean(), createdAt: z.string() }), 'Stored'), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { filename, internal } = c.req.valid('query');
      const data = Buffer.from(await c.req.arrayBuffer());
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      const row = await service.addAttachment(c.get('deps').database.db, actor, c.req.valid('param').id, { filename, contentType, data, internal: internal === 'true' });
      return c.json({ ...row, createdAt: row.createdAt.toISOString() }, 201);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/attachments/{id}', tags: ['tickets'], summary: 'Download an attachment (always as a download, never inline)', request: { params: ZIdParam }, responses: { 200: fileResponse('The file, whatever its type, always as application/octet-stream', 'application/octet-stream'), ...problemResponses } }),
    async (c) => {
      const att = await service.getAttachment(c.get('deps').database.db, requireActor(c), c.req.valid('param').id);
      const ascii = att.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      c.header('content-type', 'application/octet-stream');
      c.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(att.filename)}`);
      c.header('x-content-type-options', 'nosniff');
      c.header('content-security-policy', "default-src 'none'; sandbox");
      return c.body(new Uint8Array(att.data), 200);
    },
  );

  const ZDate = ZLocalDate;
  r.openapi(
    createRoute({
      method: 'get',
      path: '/sla-breaches',
      tags: ['tickets'],
      summary: 'Recorded SLA breaches with deadlines in a period (local dates), for the desk’s agents and IT management',
      request: { query: z.object({ from: ZDate, to: ZDate, intefunktion: z.enum(['true', 'false']).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: {
        200: ok(
          z.object({
            items: z.array(z.object({ id: z.uuid(), ticketId: z.uuid(), number: z.string(), subject: z.string(), municipalityId: z.uuid(), status: z.enum(TICKET_STATUSES), teamId: z.uuid().nullable(), line: z.number().int(), intefunktion: z.boolean(), dueAt: z.string(), recordedAt: z.string(), solvedAt: z.string().nullable() })),
            totals: z.object({ total: z.number().int(), intefunktion: z.number().int() }).nullable().describe('on the first page only'),
            nextCursor: z.string().nullable(),
          }),
        ),
        ...problemResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, totals } = await service.slaBreachList(c.get('deps').database.db, requireActor(c), { from: q.from, to: q.to, intefunktion: q.intefunktion === undefined ? undefined : q.intefunktion === 'true', after: decodeCursor(q.cursor, ZQueueCursor), limit: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ key: last.sortKey, id: last.breach.id }) : null;
      const items = page.map(({ breach: b, ticket: t }) => ({
        id: b.id, ticketId: t.id, number: t.number, subject: t.subject, municipalityId: t.municipalityId, status: t.status, teamId: t.teamId, line: t.line,
        intefunktion: b.intefunktion, dueAt: b.dueAt.toISOString(), recordedAt: b.recordedAt.toISOString(), solvedAt: t.solvedAt ? t.solvedAt.toISOString() : null,
      }));
      return c.json({ items, totals, nextCursor }, 200);
    },
  );

  return r;
}

