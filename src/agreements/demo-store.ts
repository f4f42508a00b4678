import { eq, sql } from 'drizzle-orm';
import { units } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { applications } from './schema.ts';

/** What the demo agreements loader (demo.ts) reads. */

/** How many applications the register holds, in both municipalities. */
export async function countApplications(db: DbOrTx): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(applications);
  return n;
}

/** A municipality's units by their code (BUF-GR-LJS, VOF-AO-HTC …). */
export async function unitIdsByCode(db: DbOrTx, municipalityId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.municipalityId, municipalityId));
  return new Map(rows.map((r) => [r.code, r.id]));
}
