import { createRoute } from '@hono/zod-openapi';
import { writeAudit } from '../platform/audit/audit.ts';
import { requirePolicy } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ZIdParam, fileResponse, ok, problemResponses } from '../platform/http/openapi.ts';
import { findQuarantined, listQuarantined, resolveQuarantined } from './store.ts';
import { now } from '../platform/clock.ts';
import { handlesMailQuarantine } from './policy.ts';
import { ZQuarantineList, ZQuarantineQuery, type QuarantineList, type Quarantined } from './contract.ts';

/** A kept message as the list answers it. */
function presentQuarantined(q: Awaited<ReturnType<typeof listQuarantined>>[number]): Quarantined {
  return { ...q, receivedAt: q.receivedAt.toISOString(), resolvedAt: q.resolvedAt ? q.resolvedAt.toISOString() : null };
}

/** Issue 5: mail the listener could not read, kept whole for an administrator. */
export function mailRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mail/quarantine',
      tags: ['mail'],
      summary: 'Mail that could not be read (administrators of IT)',
      request: { query: ZQuarantineQuery },
      responses: { 200: ok(ZQuarantineList), ...problemResponses },
    }),
    async (c) => {
      requirePolicy(c, handlesMailQuarantine);
      const rows = await listQuarantined(dbOf(c), c.req.valid('query').all === 'true');
      const list: QuarantineList = { items: rows.map(presentQuarantined) };
      return c.json(list, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mail/quarantine/{id}/raw',
      tags: ['mail'],
      summary: 'The kept message as an .eml download',
      request: { params: ZIdParam },
      responses: { 200: fileResponse('The message as received (RFC 822), sent as application/octet-stream', 'application/octet-stream'), ...problemResponses },
    }),
    async (c) => {
      requirePolicy(c, handlesMailQuarantine);
      const row = await findQuarantined(dbOf(c), c.req.valid('param').id);
      if (!row) throw new AppError('not_found');
      c.header('content-type', 'application/octet-stream');
      c.header('content-disposition', `attachment; filename="karantan-${row.id}.eml"`);
      c.header('x-content-type-options', 'nosniff');
      return c.body(new Uint8Array(row.raw), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/mail/quarantine/{id}/resolve',
      tags: ['mail'],
      summary: 'Mark a kept message as looked at',
      request: { params: ZIdParam },
      responses: { 204: { description: 'Resolved' }, ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, handlesMailQuarantine);
      const id = c.req.valid('param').id;
      await dbOf(c).transaction(async (tx) => {
        if (!(await resolveQuarantined(tx, id, now()))) throw new AppError('not_found');
        await writeAudit(tx, { actorUserId: actor.id, municipalityId: null, entity: 'mail', entityId: id, action: 'resolve_quarantine' });
      });
      return c.body(null, 204);
    },
  );
  return r;
}
