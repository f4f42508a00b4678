import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../http/errors.ts';
import type { DbOrTx } from './client.ts';

interface VersionedTable extends PgTable {
  id: PgColumn;
  version: PgColumn;
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
    .set({ ...props.values, version: sql`${table.version} + 1`, updatedAt: new Date() } as never)
    .where(and(where, eq(table.version, props.expectedVersion)))
    .returning()) as T['$inferSelect'][];
  if (updated[0]) return updated[0];
  const plain: PgTable = table;
  const current = (await tx.select().from(plain).where(where).limit(1)) as T['$inferSelect'][];
  if (!current[0]) throw new AppError('not_found');
  throw new AppError('stale_version', [{ field: 'version', reason: `expected ${props.expectedVersion}`, reasonSv: `förväntade ${props.expectedVersion}` }], { current: props.present(current[0]) });
}
