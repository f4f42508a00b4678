import { createRoute, z } from '@hono/zod-openapi';
import { requireActor, requirePolicy } from '../platform/auth/policy.ts';
import { addCategory, createDesk, deskDetail, listAgents, setAgent, updateCategory } from './desks.ts';
import * as contract from './contract.ts';
import type { Ticket } from './contract.ts';
import {
  ZAgent,
  ZAttachment,
  ZAttachmentQuery,
  ZBreach,
  ZBreachPage,
  ZBreachReason,
  ZBreachQuery,
  ZCategory,
  ZCategoryCreated,
  ZCategoryInput,
  ZCategoryUpdate,
  ZDesk,
  ZDeskDetail,
  ZDeskInput,
  ZDeskOption,
  ZQueuePage,
  ZQueueCursor,
  ZQueueQuery,
  ZTicket,
} from './contract.ts';
import { createRouter, dbOf, type Actor, type AppDeps } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { presentBreach, presentQueueRow, presentTicket } from './presenter.ts';
import { TASK_KINDS, taskOwner } from '../catalogue/rules.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { administersDesks, explainsSlaBreaches } from './policy.ts';

/** the follow-up's filters of a queue query, or undefined when it holds none. */
function followUpOf(q: z.infer<typeof ZQueueQuery>): service.QueueFollowUp | undefined {
  const f: service.QueueFollowUp = {
    municipalityId: q.municipality,
    categoryId: q.category === 'none' ? null : q.category,
    channel: q.channel,
    solvedLine: q.solvedLine,
    solvedFrom: q.solvedFrom,
    solvedTo: q.solvedTo,
    receivedFrom: q.receivedFrom,
    receivedTo: q.receivedTo,
    onCall: q.onCall === undefined ? undefined : q.onCall === 'true',
    intefunktion: q.intefunktion === undefined ? undefined : q.intefunktion === 'true',
    sla: q.sla,
  };
  return service.hasFollowUp(f) ? f : undefined;
}

async function detail(c: { get(k: 'deps'): AppDeps }, actor: Actor, id: string): Promise<Ticket> {
  const d = await service.getTicket(dbOf(c), actor, id);
  const level = d.ticket.deviceSupportLevel;
  const triage = level ? TASK_KINDS.map((task) => ({ task, ...taskOwner(level, task) })) : [];
  return { ...presentTicket(d), triage };
}

export function ticketRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: 'get',
      path: '/desks',
      tags: ['tickets'],
      summary: 'Service desks you can report to, with categories',
      responses: { 200: ok(z.object({ items: z.array(ZDeskOption) })), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const db = dbOf(c);
      const desks = await store.listDesks(db, actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId);
      const v = await service.visibilityOf(db, actor);
      const items = await Promise.all(
        desks
          .filter((d) => d.active)
          .map(async (d) => ({
            id: d.id,
            code: d.code,
            name: d.name,
            isIt: d.isIt,
            agent: v.agentDeskIds.includes(d.id),
            categories: (await store.listCategories(db, d.id)).map((k) => ({
              id: k.id,
              code: k.code,
              name: k.name,
              kind: k.kind,
              isIntefunktion: k.isIntefunktion,
            })),
          })),
      );
      return c.json({ items }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/desks',
      tags: ['tickets'],
      summary: 'Create a department desk (R-3.8, administrators)',
      request: { body: jsonBody(ZDeskInput) },
      responses: { 201: ok(ZDesk, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const row = await createDesk(dbOf(c), requirePolicy(c, administersDesks), c.req.valid('json'));
      return c.json({ id: row.id, code: row.code, name: row.name, municipalityId: row.municipalityId, isIt: row.isIt }, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/desks/{id}/categories',
      tags: ['tickets'],
      summary: 'Add a category with its SLA target to a desk',
      request: { params: ZIdParam, body: jsonBody(ZCategoryInput) },
      responses: { 201: ok(ZCategoryCreated, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const row = await addCategory(dbOf(c), requirePolicy(c, administersDesks), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ id: row.id, code: row.code, name: row.name }, 201);
    },
  );
  const ZCategoryParams = ZIdParam.extend({ categoryId: z.uuid().openapi({ param: { name: 'categoryId', in: 'path' } }) });
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/desks/{id}/categories/{categoryId}',
      tags: ['tickets'],
      summary: 'Change a category’s name, SLA target or active flag (administrators; stale version → 409)',
      request: { params: ZCategoryParams, body: jsonBody(ZCategoryUpdate) },
      responses: { 200: ok(ZCategory), ...problemResponses },
    }),
    async (c) => {
      const { id, categoryId } = c.req.valid('param');
      return c.json(await updateCategory(dbOf(c), requirePolicy(c, administersDesks), id, categoryId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/desks/{id}',
      tags: ['tickets'],
      summary: 'A desk for its administrator: all categories with SLA targets, and the agents',
      request: { params: ZIdParam },
      responses: { 200: ok(ZDeskDetail), ...problemResponses },
    }),
    async (c) => {
      const { desk, categories, agents } = await deskDetail(dbOf(c), requirePolicy(c, administersDesks), c.req.valid('param').id);
      return c.json(
        {
          id: desk.id,
          code: desk.code,
          name: desk.name,
          municipalityId: desk.municipalityId,
          isIt: desk.isIt,
          active: desk.active,
          categories,
          agents: agents.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, explicit: u.explicit })),
        },
        200,
      );
    },
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/desks/{id}/agents/{userId}',
      tags: ['tickets'],
      summary: 'Make an account an agent of a desk',
      request: { params: ZIdParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) },
      responses: { 204: { description: 'Added' }, ...problemResponses },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await setAgent(dbOf(c), requirePolicy(c, administersDesks), id, userId, true);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/desks/{id}/agents/{userId}',
      tags: ['tickets'],
      summary: 'Remove an agent from a desk',
      request: { params: ZIdParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) },
      responses: { 204: { description: 'Removed' }, ...problemResponses },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await setAgent(dbOf(c), requirePolicy(c, administersDesks), id, userId, false);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/desks/{id}/agents',
      tags: ['tickets'],
      summary: 'Agents of a desk, for assignment',
      request: { params: ZIdParam },
      responses: { 200: ok(z.object({ items: z.array(ZAgent) })), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const db = dbOf(c);
      const { id } = c.req.valid('param');
      const v = await service.visibilityOf(db, actor);
      if (!v.all && !v.agentDeskIds.includes(id)) throw new AppError('not_found');
      const rows = await listAgents(db, id);
      return c.json({ items: rows.map((u) => ({ id: u.id, displayName: u.displayName, email: u.email, teamId: u.teamId, line: u.line })) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/tickets',
      tags: ['tickets'],
      summary: 'Report a fault or ask a question (portal), or register a call (agents)',
      request: { body: jsonBody(contract.ZTicketInput) },
      responses: { 201: ok(ZTicket, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const row = await service.createTicket(dbOf(c), actor, c.req.valid('json'));
      return c.json(await detail(c, actor, row.id), 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/tickets',
      tags: ['tickets'],
      summary: 'Queues and search: keyset-paginated, one query per page; R-10: filtered as a follow-up figure counted its tickets',
      request: { query: ZQueueQuery },
      responses: { 200: ok(ZQueuePage), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const q = c.req.valid('query');
      const rows = await service.queue(dbOf(c), actor, {
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
        followUp: followUpOf(q),
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ key: last.sortKey, id: last.ticket.id }) : null;
      return c.json({ items: page.map(presentQueueRow), nextCursor }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}',
      tags: ['tickets'],
      summary: 'One ticket with conversation, SLA state and (agents) notes and history',
      request: { params: ZIdParam },
      responses: { 200: ok(ZTicket), ...problemResponses },
    }),
    async (c) => c.json(await detail(c, requireActor(c), c.req.valid('param').id), 200),
  );

  const action = <T extends z.ZodType>(
    path: string,
    summary: string,
    schema: T,
    run: (db: import('../platform/db/client.ts').Db, actor: Actor, id: string, body: z.infer<T>) => Promise<unknown>,
  ) =>
    r.openapi(
      createRoute({
        method: 'post',
        path: `/tickets/{id}/${path}`,
        tags: ['tickets'],
        summary,
        request: { params: ZIdParam, body: jsonBody(schema) },
        responses: { 200: ok(ZTicket), ...problemResponses },
      }),
      async (c) => {
        const actor = requireActor(c);
        // The path is built per action, so its parameters are read back through the validated schema.
        const { id } = ZIdParam.parse(c.req.param());
        await run(dbOf(c), actor, id, c.req.valid('json' as never) as z.infer<T>);
        return c.json(await detail(c, actor, id), 200);
      },
    );
  action('status', 'Change status (requesters: mark solved or reopen)', contract.ZStatusChange, service.changeStatus);
  action('escalate', 'Escalate to 2nd or 3rd line, with a reason (R-3.2)', contract.ZEscalation, service.escalate);
  action('assign', 'Assign a technician (R-3.3)', contract.ZAssignment, service.assign);
  action('messages', 'Reply or add an internal note', contract.ZMessage, service.addMessage);
  action('hand-back', 'Hand the task back to the business (R-3.5)', contract.ZHandBack, service.handBack);
  action('time', 'Log time; on-call time becomes billable minutes (R-3.6)', contract.ZTimeEntry, service.logTime);
  action('requester', 'Link the ticket to a person (a mail from an unknown sender, issue 5)', contract.ZRequesterLink, service.linkRequester);
  action('unit', 'Set or change the ticket’s unit, its cost bearer (agents; units of the ticket’s municipality)', contract.ZUnitChange, service.setUnit);

  r.openapi(
    createRoute({
      method: 'post',
      path: '/tickets/{id}/attachments',
      tags: ['tickets'],
      summary: 'Attach a file: the raw bytes as the body, the name in ?filename=',
      request: { params: ZIdParam, query: ZAttachmentQuery },
      responses: { 201: ok(ZAttachment, 'Stored'), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { filename, internal } = c.req.valid('query');
      const data = Buffer.from(await c.req.arrayBuffer());
      const contentType = c.req.header('content-type') ?? 'application/octet-stream';
      const row = await service.addAttachment(dbOf(c), actor, c.req.valid('param').id, { filename, contentType, data, internal: internal === 'true' });
      return c.json({ ...row, createdAt: row.createdAt.toISOString() }, 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/attachments/{id}',
      tags: ['tickets'],
      summary: 'Download an attachment (always as a download, never inline)',
      request: { params: ZIdParam },
      responses: { 200: fileResponse('The file, whatever its type, always as application/octet-stream', 'application/octet-stream'), ...problemResponses },
    }),
    async (c) => {
      const att = await service.getAttachment(dbOf(c), requireActor(c), c.req.valid('param').id);
      const ascii = att.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      c.header('content-type', 'application/octet-stream');
      c.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(att.filename)}`);
      c.header('x-content-type-options', 'nosniff');
      c.header('content-security-policy', "default-src 'none'; sandbox");
      return c.body(new Uint8Array(att.data), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/sla-breaches',
      tags: ['tickets'],
      summary: 'Recorded SLA breaches with deadlines in a period (local dates), for the desk’s agents and IT management',
      request: { query: ZBreachQuery },
      responses: {
        200: ok(ZBreachPage),
        ...problemResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows, totals } = await service.slaBreachList(dbOf(c), requireActor(c), {
        from: q.from,
        to: q.to,
        intefunktion: q.intefunktion === undefined ? undefined : q.intefunktion === 'true',
        after: decodeCursor(q.cursor, ZQueueCursor),
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ key: last.sortKey, id: last.breach.id }) : null;
      return c.json({ items: page.map(presentBreach), totals, nextCursor }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/sla-breaches/{id}',
      tags: ['tickets'],
      summary: 'Record why a deadline was missed (R-3.4, R-10): the desk’s agents and IT management; outside their scope 404',
      request: { params: ZIdParam, body: jsonBody(ZBreachReason) },
      responses: { 200: ok(ZBreach), ...problemResponses },
    }),
    async (c) => {
      const done = await service.explainBreach(dbOf(c), requirePolicy(c, explainsSlaBreaches), c.req.valid('param').id, c.req.valid('json'));
      return c.json(presentBreach(done), 200);
    },
  );

  return r;
}
