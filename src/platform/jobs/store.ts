import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { jobRuns } from './schema.ts';

/** Takes the transaction-scoped advisory lock `key` if free; false when another session holds it. */
export async function tryJobLock(tx: DbOrTx, key: number): Promise<boolean> {
  const got = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${key}) as locked`);
  return Boolean((got as { rows: { locked: boolean }[] }).rows[0]?.locked);
}

export async function recordJobRun(db: DbOrTx, values: typeof jobRuns.$inferInsert): Promise<void> {
  await db.insert(jobRuns).values(values);
}
