import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { municipalities, people, settings, teams, units, users } from './schema.ts';

/** Tenancy condition for a table with `municipality_id`: undefined = all municipalities. */
export function inMunicipality(
  column: typeof units.municipalityId | typeof people.municipalityId | typeof users.municipalityId,
  municipalityId: string | undefined,
): SQL | undefined {
  return municipalityId === undefined ? undefined : eq(column, municipalityId);
}

export function listMunicipalities(db: DbOrTx, municipalityId: string | undefined) {
  return db
    .select()
    .from(municipalities)
    .where(municipalityId === undefined ? undefined : eq(municipalities.id, municipalityId))
    .orderBy(asc(municipalities.name));
}

export async function findMunicipality(db: DbOrTx, idOrCode: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  const rows = await db
    .select()
    .from(municipalities)
    .where(isUuid ? eq(municipalities.id, idOrCode) : eq(municipalities.code, idOrCode))
    .limit(1);
  return rows[0];
}

export function listUnits(db: DbOrTx, municipalityId: string | undefined) {
  return db.select().from(units).where(inMunicipality(units.municipalityId, municipalityId)).orderBy(asc(units.municipalityId), asc(units.code));
}

export async function findUnit(db: DbOrTx, id: string, municipalityId: string | undefined) {
  const rows = await db
    .select()
    .from(units)
    .where(and(eq(units.id, id), inMunicipality(units.municipalityId, municipalityId)))
    .limit(1);
  return rows[0];
}

export interface PeopleQuery {
  municipalityId: string | undefined;
  unitId?: string | undefined;
  q?: string | undefined;
  /** Keyset cursor: the last (lastName, firstName, id) seen. */
  after?: { lastName: string; firstName: string; id: string } | undefined;
  limit: number;
}

export function listPeople(db: DbOrTx, query: PeopleQuery) {
  const term = query.q?.trim();
  const like = term ? `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const after = query.after;
  return db
    .select()
    .from(people)
    .where(
      and(
        inMunicipality(people.municipalityId, query.municipalityId),
        query.unitId ? eq(people.unitId, query.unitId) : undefined,
        like ? or(ilike(people.firstName, like), ilike(people.lastName, like), ilike(people.email, like)) : undefined,
        after ? sql`(${people.lastName}, ${people.firstName}, ${people.id}) > (${after.lastName}, ${after.firstName}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(people.lastName), asc(people.firstName), asc(people.id))
    .limit(query.limit);
}

export async function findPerson(db: DbOrTx, id: string, municipalityId: string | undefined) {
  const rows = await db
    .select()
    .from(people)
    .where(and(eq(people.id, id), inMunicipality(people.municipalityId, municipalityId)))
    .limit(1);
  return rows[0];
}

export function listTeams(db: DbOrTx) {
  return db.select().from(teams).orderBy(asc(teams.name));
}

export async function findTeam(db: DbOrTx, id: string) {
  return (await db.select().from(teams).where(eq(teams.id, id)).limit(1))[0];
}

/** Accounts by username; `role`: only the active holders of that role. */
export function listUsers(db: DbOrTx, municipalityId: string | undefined, afterUsername?: string, limit = 200, role?: string) {
  return db
    .select()
    .from(users)
    .where(
      and(
        municipalityId === undefined ? undefined : eq(users.municipalityId, municipalityId),
        afterUsername === undefined ? undefined : gt(users.username, afterUsername),
        role === undefined ? undefined : and(eq(users.active, true), sql`${role} = any(${users.roles})`),
      ),
    )
    .orderBy(asc(users.username))
    .limit(limit);
}

export async function findUser(db: DbOrTx, id: string, municipalityId: string | undefined) {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), municipalityId === undefined ? undefined : eq(users.municipalityId, municipalityId)))
    .limit(1);
  return rows[0];
}

export async function findUserByUsername(db: DbOrTx, username: string) {
  return (
    await db
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .limit(1)
  )[0];
}

export async function findUserForOidc(db: DbOrTx, subject: string, email: string | undefined) {
  const rows = await db
    .select()
    .from(users)
    .where(or(eq(users.oidcSubject, subject), email ? and(sql`lower(${users.email}) = lower(${email})`, sql`${users.oidcSubject} is null`) : undefined))
    .limit(2);
  return rows.find((r) => r.oidcSubject === subject) ?? rows[0];
}

export function unitsByCode(db: DbOrTx, municipalityId: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(units)
    .where(and(eq(units.municipalityId, municipalityId), inArray(units.code, codes)));
}

/** The unit of the account's person (a unit manager manages it and the units below). */
export async function personUnitOf(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ unitId: people.unitId }).from(users).innerJoin(people, eq(people.id, users.personId)).where(eq(users.id, userId)).limit(1);
  return row?.unitId ?? null;
}

/** The person in the register an account belongs to, if any. */
export async function personOfUser(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ personId: users.personId }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.personId ?? null;
}

/** People with any of these e-mail addresses (as stored), in every municipality. */
export function peopleByEmails(db: DbOrTx, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db.select().from(people).where(inArray(people.email, emails));
}

/** Accounts by lower-case username, in every municipality. */
export function usersByUsernames(db: DbOrTx, lowerUsernames: string[]) {
  if (lowerUsernames.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(users)
    .where(inArray(sql`lower(${users.username})`, lowerUsernames));
}

export async function insertUnit(db: DbOrTx, values: typeof units.$inferInsert) {
  return (await db.insert(units).values(values).returning())[0];
}

/** Writes a unit's columns as given (no version check: the caller read the row in its transaction). */
export async function updateUnitRow(db: DbOrTx, id: string, values: Partial<typeof units.$inferInsert>) {
  return (await db.update(units).set(values).where(eq(units.id, id)).returning())[0];
}

export async function insertPerson(db: DbOrTx, values: typeof people.$inferInsert) {
  return (await db.insert(people).values(values).returning())[0];
}

/** Writes a person's columns as given (no version check: the caller read the row in its transaction). */
export async function updatePersonRow(db: DbOrTx, id: string, values: Partial<typeof people.$inferInsert>) {
  return (await db.update(people).set(values).where(eq(people.id, id)).returning())[0];
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  return (await db.insert(users).values(values).returning())[0];
}

/** Writes an account's columns as given (no version check) and answers the row. */
export async function updateUserRow(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>) {
  return (await db.update(users).set(values).where(eq(users.id, id)).returning())[0];
}

/** Writes an account's new password (a change or a reset) and what goes with it. */
export async function setUserPassword(
  db: DbOrTx,
  id: string,
  values: Pick<typeof users.$inferInsert, 'passwordHash' | 'mustChangePassword' | 'updatedAt'> & Partial<Pick<typeof users.$inferInsert, 'active' | 'version'>>,
): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, id));
}

/** The installation setting `key`: `candidate` is stored first unless a value is there already. */
export async function storedSetting(db: DbOrTx, key: string, candidate: string): Promise<string | undefined> {
  await db.insert(settings).values({ key, value: candidate }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value;
}
