import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { municipalities, people, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { assets } from './schema.ts';

/** What the demo data loaders (demo.ts, and billing's after it) read. */

export async function countAssets(db: DbOrTx): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(assets);
  return n;
}

/** The account of exactly this username. */
export async function accountNamed(db: DbOrTx, username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return user;
}

/** Every municipality, by code. */
export function municipalitiesByCode(db: DbOrTx) {
  return db.select().from(municipalities).orderBy(municipalities.code);
}

/** Up to `limit` people of the municipality placed in a unit, by last name. */
export function staffOf(db: DbOrTx, municipalityId: string, limit: number) {
  return db
    .select()
    .from(people)
    .where(and(eq(people.municipalityId, municipalityId), isNotNull(people.unitId)))
    .orderBy(people.lastName)
    .limit(limit);
}
