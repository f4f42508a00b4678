import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { people, units } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { sites } from './schema.ts';

/** What the demo loader of sites and the laptop pool (demo.ts) reads. */

export async function countSites(db: DbOrTx): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(sites);
  return n;
}

/** The municipality's units among these codes, by code. */
export async function unitsByCode(db: DbOrTx, municipalityId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const found = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(and(eq(units.municipalityId, municipalityId), inArray(units.code, [...codes])));
  return new Map(found.map((u) => [u.code, u.id]));
}

/** Up to `limit` people of the municipality with a unit and an e-mail address, by last name (borrowers). */
export function borrowersOf(db: DbOrTx, municipalityId: string, limit: number) {
  return db
    .select({ id: people.id, unitId: people.unitId })
    .from(people)
    .where(and(eq(people.municipalityId, municipalityId), isNotNull(people.unitId), isNotNull(people.email)))
    .orderBy(people.lastName)
    .limit(limit);
}
