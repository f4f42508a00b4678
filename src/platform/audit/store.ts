import { and, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from './schema.ts';

export async function insertAuditRow(tx: DbOrTx, values: typeof auditLog.$inferInsert): Promise<void> {
  await tx.insert(auditLog).values(values);
}

export interface AuditQuery {
  /** The reader's municipality: its rows and the shared ones (undefined = every row). */
  municipalityId: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  /** Who acted: an account id, or part of a username or display name. */
  actor?: string | undefined;
  /** At or after this instant. */
  from?: Date | undefined;
  /** Before this instant. */
  to?: Date | undefined;
  /** Keyset cursor: rows with a smaller id. */
  before?: number | undefined;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audit rows, newest first, each with its actor's display name. */
export function listAudit(db: DbOrTx, q: AuditQuery) {
  const scope: SQL | undefined =
    q.municipalityId === undefined ? undefined : or(eq(auditLog.municipalityId, q.municipalityId), isNull(auditLog.municipalityId));
  const who = q.actor;
  const actorFilter: SQL | undefined = !who
    ? undefined
    : UUID.test(who)
      ? eq(auditLog.actorUserId, who)
      : sql`${auditLog.actorUserId} in (select u.id from users u where u.username ilike ${`%${who.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} or u.display_name ilike ${`%${who.replace(/[\\%_]/g, (m) => `\\${m}`)}%`})`;
  return db
    .select({ row: auditLog, actorName: sql<string | null>`(select u.display_name from users u where u.id = ${auditLog.actorUserId})` })
    .from(auditLog)
    .where(
      and(
        scope,
        q.entity ? eq(auditLog.entity, q.entity) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        actorFilter,
        q.from ? gte(auditLog.at, q.from) : undefined,
        q.to ? lt(auditLog.at, q.to) : undefined,
        q.before ? lt(auditLog.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
}

/** The rows of these actions about these record ids, oldest first (the rows that name a record). */
export function auditRowsOf(db: DbOrTx, entityIds: string[], actions: string[]) {
  return db
    .select({ entity: auditLog.entity, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(inArray(auditLog.entityId, entityIds), inArray(auditLog.action, actions)))
    .orderBy(auditLog.id);
}
