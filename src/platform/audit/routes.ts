import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or, isNull, type SQL } from 'drizzle-orm';
import { requireRole } from '../auth/policy.ts';
import { createRouter } from '../http/context.ts';
import { ok, problemResponses } from '../http/openapi.ts';
import { auditLog } from './schema.ts';

const ZAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    municipalityId: z.string().nullable(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');

export function auditRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['audit'],
      summary: 'The audit trail (R-11.1), newest first',
      request: {
        query: z.object({
          entity: z.string().max(40).optional(),
          entityId: z.string().max(100).optional(),
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: ok(z.object({ items: z.array(ZAuditEntry), nextBefore: z.number().int().nullable() })), ...problemResponses },
    }),
    async (c) => {
      const actor = requireRole(c, 'admin', 'it_management');
      const q = c.req.valid('query');
      // Municipality-scoped readers see their municipality's rows and the shared ones.
      const scope: SQL | undefined =
        actor.scope.kind === 'all' ? undefined : or(eq(auditLog.municipalityId, actor.scope.municipalityId), isNull(auditLog.municipalityId));
      const rows = await c
        .get('deps')
        .database.db.select()
        .from(auditLog)
        .where(and(scope, q.entity ? eq(auditLog.entity, q.entity) : undefined, q.entityId ? eq(auditLog.entityId, q.entityId) : undefined, q.before ? lt(auditLog.id, q.before) : undefined))
        .orderBy(desc(auditLog.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const items = page.map((a) => ({ ...a, at: a.at.toISOString() }));
      return c.json({ items, nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null }, 200);
    },
  );
  return r;
}
