import { createRoute } from '@hono/zod-openapi';
import { Temporal } from 'temporal-polyfill';
import { requirePolicy } from '../auth/policy.ts';
import { createRouter, dbOf } from '../http/context.ts';
import { ok, problemResponses } from '../http/openapi.ts';
import { ZAuditPage, ZAuditQuery, type AuditEntry } from './contract.ts';
import { actionText, entityText, recordLabel, recordLink } from './present.ts';
import { auditRowsOf, listAudit } from './store.ts';
import { readsAuditLog } from './policy.ts';

/** The instant a Stockholm day starts. */
const startOfDay = (date: string): Date => new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: 'Europe/Stockholm' }).epochMilliseconds);

/** The entities' creation rows name the record when a later row (e.g. logged time) does not. */
const NAMING_ACTIONS = ['create', 'import_create', 'demo_seed', 'deliver'];

export function auditRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['audit'],
      summary: 'The audit trail (R-11.1), newest first, worded for people: who, what, which record, a link; filtered by record, actor and days',
      request: { query: ZAuditQuery },
      responses: { 200: ok(ZAuditPage), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, readsAuditLog);
      const q = c.req.valid('query');
      const db = dbOf(c);
      const rows = await listAudit(db, {
        // Municipality-scoped readers see their municipality's rows and the shared ones.
        municipalityId: actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId,
        entity: q.entity,
        entityId: q.entityId,
        actor: q.actor?.trim(),
        from: q.from ? startOfDay(q.from) : undefined,
        to: q.to ? startOfDay(Temporal.PlainDate.from(q.to).add({ days: 1 }).toString()) : undefined,
        before: q.before,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      // Rows that do not name their record (e.g. "Tid registrerad" on a ticket) take the name from the
      // record's creation row, one query for the page.
      const unnamed = page.filter(({ row }) => recordLabel(row.entity, row.before, row.after) === undefined).map(({ row }) => row.entityId);
      const names = new Map<string, string>();
      if (unnamed.length) {
        const creations = await auditRowsOf(db, [...new Set(unnamed)], NAMING_ACTIONS);
        for (const c0 of creations) {
          const label = recordLabel(c0.entity, c0.before, c0.after);
          if (label !== undefined && !names.has(`${c0.entity}:${c0.entityId}`)) names.set(`${c0.entity}:${c0.entityId}`, label);
        }
      }
      const items = page.map(({ row: a, actorName }): AuditEntry => ({
        ...a,
        at: a.at.toISOString(),
        actorName: actorName ?? null,
        entityText: entityText(a.entity),
        label: recordLabel(a.entity, a.before, a.after) ?? names.get(`${a.entity}:${a.entityId}`) ?? null,
        link: recordLink(a.entity, a.entityId, a.before, a.after),
        actionText: actionText(a.entity, a.action),
      }));
      return c.json({ items, nextBefore: rows.length > q.limit ? (page.at(-1)?.row.id ?? null) : null }, 200);
    },
  );
  return r;
}
