import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { outages } from './schema.ts';

/** What the demo operations loader (demo.ts) reads. */

/** How many outages are registered, in both municipalities. */
export async function countOutages(db: DbOrTx): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(outages);
  return n;
}
