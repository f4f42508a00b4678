import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { now } from '../clock.ts';
import { AppError } from '../http/errors.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db, DbOrTx } from './client.ts';

interface VersionedTable extends PgTable {
  id: PgColumn;
  version: PgColumn;
}

/** The 409 of a stale version, carrying the record as it is now so the client can show what changed. */
export function staleVersion(expected: number, current: unknown): AppError {
  return new AppError('stale_version', [{ field: 'version', reason: `expected ${expected}`, reasonSv: `förväntade ${expected}` }], { current });
}

/**
 * Checks the version the client read before any rule looks at the record (issue 16: of two changes
 * sent with the same version, the second answered 400 because the rules judged the record the first
 * had already changed). A change made on a stale version is a conflict (409), whatever else is wrong
 * with it; the UPDATE checks again, so a writer that slips in between still loses with 409.
 */
export function assertVersion<Row extends { version: number }>(row: Row, expected: number, present: (row: Row) => unknown): void {
  if (row.version !== expected) throw staleVersion(expected, present(row));
}

/**
 * Optimistic locking: updates the row only if its version is still `expected`, bumping it by one.
 * A stale write answers 409 with the current version so the client can show what changed; a missing
 * row answers 404. `scope` adds the tenancy condition so a foreign row looks missing.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: DbOrTx,
  table: T,
  props: { id: string; expectedVersion: number; values: Record<string, unknown>; scope?: SQL | undefined; present: (row: T['$inferSelect']) => unknown },
): Promise<T['$inferSelect']> {
  const where = and(eq(table.id, props.id), props.scope);
  const updated = (await tx
    .update(table)
    .set({ ...props.values, version: sql`${table.version} + 1`, updatedAt: now() } as never)
    .where(and(where, eq(table.version, props.expectedVersion)))
    .returning()) as T['$inferSelect'][];
  if (updated[0]) return updated[0];
  const plain: PgTable = table;
  const current = (await tx.select().from(plain).where(where).limit(1)) as T['$inferSelect'][];
  if (!current[0]) throw new AppError('not_found');
  throw staleVersion(props.expectedVersion, props.present(current[0]));
}

interface AuditedProps<Row, P> {
  /** Who makes the change (audit). */
  actorUserId: string;
  /** Audit entity name, e.g. `unit`. */
  entity: string;
  /** The only shape of the row that leaves the server and enters the audit trail. */
  present: (row: Row) => P;
  /** The municipality the row belongs to (null for shared rows). */
  municipalityOf: (row: Row) => string | null;
}

/** One use case, one transaction, one audit row: insert a record and its `create` audit entry. */
export async function insertAudited<T extends VersionedTable, P>(
  db: Db,
  table: T,
  values: T['$inferInsert'],
  props: AuditedProps<T['$inferSelect'], P>,
): Promise<P> {
  return db.transaction(async (tx) => {
    // Stamped by the clock in force (platform/clock.ts), not the database's, so "changed since" reads agree.
    const stamps = { ...('createdAt' in table ? { createdAt: now() } : {}), ...('updatedAt' in table ? { updatedAt: now() } : {}) };
    const [row] = (await tx
      .insert(table)
      .values({ ...stamps, ...values })
      .returning()) as T['$inferSelect'][];
    if (!row) throw new AppError('internal');
    const after = props.present(row);
    await writeAudit(tx, {
      actorUserId: props.actorUserId,
      municipalityId: props.municipalityOf(row),
      entity: props.entity,
      entityId: String((row as { id: unknown }).id),
      action: 'create',
      after,
    });
    return after;
  });
}

/** Optimistic update of a record with its `update` audit entry (before and after), in one transaction. */
export async function updateAudited<T extends VersionedTable, P>(
  db: Db,
  table: T,
  props: AuditedProps<T['$inferSelect'], P> & {
    id: string;
    expectedVersion: number;
    values: Record<string, unknown>;
    scope?: SQL | undefined;
    /** The row as read before the change. */
    before: T['$inferSelect'];
    action?: string;
  },
): Promise<P> {
  return db.transaction(async (tx) => {
    const row = await updateVersioned(tx, table, {
      id: props.id,
      expectedVersion: props.expectedVersion,
      values: props.values,
      scope: props.scope,
      present: props.present,
    });
    const after = props.present(row);
    await writeAudit(tx, {
      actorUserId: props.actorUserId,
      municipalityId: props.municipalityOf(row),
      entity: props.entity,
      entityId: props.id,
      action: props.action ?? 'update',
      before: props.present(props.before),
      after,
    });
    return after;
  });
}
