import { and, count, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { municipalities, people, teams, units, users } from './schema.ts';

/** How many municipalities exist: the baseline is seeded into an installation without any. */
export async function countMunicipalities(db: DbOrTx): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(municipalities);
  return existing?.n ?? 0;
}

export async function insertMunicipality(db: DbOrTx, values: typeof municipalities.$inferInsert) {
  return (await db.insert(municipalities).values(values).returning())[0];
}

/** Inserts a unit of the built-in tree and answers its id. */
export async function insertSeedUnit(db: DbOrTx, values: typeof units.$inferInsert): Promise<string | undefined> {
  const [row] = await db.insert(units).values(values).returning({ id: units.id });
  return row?.id;
}

export async function insertTeams(db: DbOrTx, values: (typeof teams.$inferInsert)[]): Promise<void> {
  await db.insert(teams).values(values);
}

/** Whether an account has exactly this username (the demo seed's marker). */
export async function usernameExists(db: DbOrTx, username: string): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0;
}

/** A municipality's units, as stored (no order: the demo names its people in this order). */
export function unitsOf(db: DbOrTx, municipalityId: string) {
  return db.select().from(units).where(eq(units.municipalityId, municipalityId));
}

export async function insertDemoPerson(db: DbOrTx, values: typeof people.$inferInsert): Promise<void> {
  await db.insert(people).values(values);
}

/** The municipality's first person with a unit, by surname. */
export async function firstStaffBySurname(db: DbOrTx, municipalityId: string): Promise<string | undefined> {
  const [first] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.municipalityId, municipalityId), isNotNull(people.unitId)))
    .orderBy(people.lastName)
    .limit(6);
  return first?.id;
}

/** Inserts a demo account and answers its id. */
export async function insertDemoUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<string | undefined> {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  return row?.id;
}
