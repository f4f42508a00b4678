import { eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { loginFailures } from './schema.ts';

export type FailureRow = typeof loginFailures.$inferSelect;

/** Creates the counters of `keys` that do not exist yet, at zero failures. */
export async function ensureFailureCounters(tx: DbOrTx, keys: readonly string[], at: Date): Promise<void> {
  await tx
    .insert(loginFailures)
    .values(keys.map((key) => ({ key, failures: 0, lastFailureAt: at })))
    .onConflictDoNothing();
}

/** The counters of `keys`, locked for the rest of the transaction in key order (the same order everywhere: no deadlock). */
export function lockFailureCounters(tx: DbOrTx, keys: string[]): Promise<FailureRow[]> {
  return tx.select().from(loginFailures).where(inArray(loginFailures.key, keys)).orderBy(loginFailures.key).for('update');
}

export async function updateFailureCounter(
  tx: DbOrTx,
  key: string,
  values: Partial<Pick<FailureRow, 'failures' | 'lastFailureAt' | 'blockedUntil'>>,
): Promise<void> {
  await tx.update(loginFailures).set(values).where(eq(loginFailures.key, key));
}

export async function deleteFailureCounter(tx: DbOrTx, key: string): Promise<void> {
  await tx.delete(loginFailures).where(eq(loginFailures.key, key));
}

/** Drops the counters whose last failure is before `before`. */
export async function deleteFailuresBefore(db: DbOrTx, before: Date): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.lastFailureAt, before));
}
