import { and, asc, count, desc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import { people, units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import type { CostDriver } from './rules.ts';
import { agreementCostDrivers, agreementCostModels, agreementReviews, agreementVersions, applications, applicationUnits } from './schema.ts';

export type CostModelRow = typeof agreementCostModels.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type VersionRow = typeof agreementVersions.$inferSelect;
export type ReviewRow = typeof agreementReviews.$inferSelect;
export type PayingUnitRow = typeof applicationUnits.$inferSelect & { unitName: string };

// ---------------------------------------------------------------- the standard cost model

/** Every year's model with its number of drivers, newest first. */
export function listModels(db: DbOrTx): Promise<(CostModelRow & { driverCount: number })[]> {
  return db
    .select({ ...getTableColumns(agreementCostModels), driverCount: count(agreementCostDrivers.id) })
    .from(agreementCostModels)
    .leftJoin(agreementCostDrivers, eq(agreementCostDrivers.modelId, agreementCostModels.id))
    .groupBy(agreementCostModels.id)
    .orderBy(desc(agreementCostModels.year));
}

export async function findModel(db: DbOrTx, year: number, forUpdate = false): Promise<CostModelRow | undefined> {
  const q = db.select().from(agreementCostModels).where(eq(agreementCostModels.year, year)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** A model's drivers in their order. */
export async function listDrivers(db: DbOrTx, modelId: string): Promise<CostDriver[]> {
  const rows = await db.select().from(agreementCostDrivers).where(eq(agreementCostDrivers.modelId, modelId)).orderBy(asc(agreementCostDrivers.sortOrder));
  return rows.map((r) => ({ code: r.code, label: r.label, unit: r.unit, heading: r.heading, unitPriceOre: r.unitPriceOre }));
}

export async function insertModel(tx: DbOrTx, values: typeof agreementCostModels.$inferInsert): Promise<CostModelRow> {
  const [row] = await tx.insert(agreementCostModels).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Replaces a model's drivers with these, in this order. */
export async function replaceDrivers(tx: DbOrTx, modelId: string, drivers: readonly CostDriver[]): Promise<void> {
  await tx.delete(agreementCostDrivers).where(eq(agreementCostDrivers.modelId, modelId));
  if (drivers.length > 0) await tx.insert(agreementCostDrivers).values(drivers.map((d, i) => ({ modelId, ...d, sortOrder: i })));
}

/** Locks a year's model (billing has used it), keeping the first reason; the row as it is after. */
export async function lockModel(tx: DbOrTx, id: string, at: Date, reason: string): Promise<CostModelRow | undefined> {
  const [row] = await tx
    .update(agreementCostModels)
    .set({
      lockedAt: sql`coalesce(${agreementCostModels.lockedAt}, ${at.toISOString()}::timestamptz)`,
      lockedReason: sql`coalesce(${agreementCostModels.lockedReason}, ${reason})`,
    })
    .where(eq(agreementCostModels.id, id))
    .returning();
  return row;
}

// ---------------------------------------------------------------- the register

/** Who may read which applications: all in the municipality, or only those they own or their units pay for. */
export interface ReadFilter {
  municipalityId: string | undefined;
  /** Undefined: every application in the municipality. Otherwise those with this system owner or paying unit. */
  onlyFor?: { personId: string | null; unitIds: readonly string[] };
}

function readable(filter: ReadFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [filter.municipalityId === undefined ? undefined : eq(applications.municipalityId, filter.municipalityId)];
  if (filter.onlyFor) {
    const { personId, unitIds } = filter.onlyFor;
    const paying =
      unitIds.length === 0
        ? undefined
        : sql`exists (select 1 from ${applicationUnits} where ${applicationUnits.applicationId} = ${applications.id} and ${inArray(applicationUnits.unitId, [...unitIds])})`;
    const owner = personId === null ? undefined : eq(applications.systemOwnerPersonId, personId);
    conditions.push(or(owner, paying) ?? sql`false`);
  }
  return and(...conditions);
}

export function listApplications(db: DbOrTx, filter: ReadFilter): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(applications)
    .where(readable(filter))
    .orderBy(asc(sql`lower(${applications.name})`), asc(applications.id));
}

export async function findApplication(db: DbOrTx, id: string, filter: ReadFilter, forUpdate = false): Promise<ApplicationRow | undefined> {
  const q = db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), readable(filter)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findApplicationByName(db: DbOrTx, municipalityId: string, name: string): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.municipalityId, municipalityId), eq(sql`lower(${applications.name})`, name.toLowerCase())))
    .limit(1);
  return row;
}

export async function insertApplication(tx: DbOrTx, values: typeof applications.$inferInsert): Promise<ApplicationRow> {
  const [row] = await tx.insert(applications).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The paying units of these applications with the units' names, in each application's order. */
export function listPayingUnits(db: DbOrTx, applicationIds: readonly string[]): Promise<PayingUnitRow[]> {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      applicationId: applicationUnits.applicationId,
      unitId: applicationUnits.unitId,
      shareBp: applicationUnits.shareBp,
      users: applicationUnits.users,
      sortOrder: applicationUnits.sortOrder,
      unitName: units.name,
    })
    .from(applicationUnits)
    .innerJoin(units, eq(units.id, applicationUnits.unitId))
    .where(inArray(applicationUnits.applicationId, [...applicationIds]))
    .orderBy(asc(applicationUnits.applicationId), asc(applicationUnits.sortOrder));
}

/** Replaces an application's paying units. */
export async function replacePayingUnits(
  tx: DbOrTx,
  applicationId: string,
  rows: readonly { unitId: string; shareBp: number | null; users: number | null }[],
): Promise<void> {
  await tx.delete(applicationUnits).where(eq(applicationUnits.applicationId, applicationId));
  if (rows.length > 0) await tx.insert(applicationUnits).values(rows.map((r, i) => ({ applicationId, ...r, sortOrder: i })));
}

/** Units of one municipality among these ids (a paying unit must be the application's municipality's). */
export async function unitsIn(db: DbOrTx, municipalityId: string, unitIds: readonly string[]): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.municipalityId, municipalityId), inArray(units.id, [...unitIds])));
  return new Set(rows.map((r) => r.id));
}

/** Names of these people, by id, in one municipality. */
export async function peopleNames(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, firstName: people.firstName, lastName: people.lastName })
    .from(people)
    .where(and(eq(people.municipalityId, municipalityId), inArray(people.id, [...ids])));
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`.trim()]));
}

// ---------------------------------------------------------------- agreement versions

/** Each application's latest agreement version (its quantities and text as they stand). */
export function latestVersions(db: DbOrTx, applicationIds: readonly string[]): Promise<VersionRow[]> {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectDistinctOn([agreementVersions.applicationId])
    .from(agreementVersions)
    .where(inArray(agreementVersions.applicationId, [...applicationIds]))
    .orderBy(asc(agreementVersions.applicationId), desc(agreementVersions.number));
}

/** An application's versions, newest first, with who made each. */
export function listVersions(db: DbOrTx, applicationId: string): Promise<(VersionRow & { createdByName: string | null })[]> {
  return db
    .select({
      id: agreementVersions.id,
      applicationId: agreementVersions.applicationId,
      number: agreementVersions.number,
      description: agreementVersions.description,
      itResponsibilities: agreementVersions.itResponsibilities,
      businessResponsibilities: agreementVersions.businessResponsibilities,
      quantities: agreementVersions.quantities,
      sketch: agreementVersions.sketch,
      changeNote: agreementVersions.changeNote,
      reviewId: agreementVersions.reviewId,
      createdByUserId: agreementVersions.createdByUserId,
      createdAt: agreementVersions.createdAt,
      createdByName: users.displayName,
    })
    .from(agreementVersions)
    .leftJoin(users, eq(users.id, agreementVersions.createdByUserId))
    .where(eq(agreementVersions.applicationId, applicationId))
    .orderBy(desc(agreementVersions.number));
}

export async function insertVersion(tx: DbOrTx, values: typeof agreementVersions.$inferInsert): Promise<VersionRow> {
  const [row] = await tx.insert(agreementVersions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Every application with its latest quantities and paying units, across both municipalities (a model compared). */
export async function costedApplications(
  db: DbOrTx,
  filter: ReadFilter,
): Promise<{ app: ApplicationRow; version: VersionRow | undefined; units: PayingUnitRow[] }[]> {
  const apps = await listApplications(db, filter);
  const ids = apps.map((a) => a.id);
  const versions = await latestVersions(db, ids);
  const paying = await listPayingUnits(db, ids);
  const versionOf = new Map(versions.map((v) => [v.applicationId, v]));
  const unitsOf = new Map<string, PayingUnitRow[]>();
  for (const u of paying) {
    const list = unitsOf.get(u.applicationId);
    if (list) list.push(u);
    else unitsOf.set(u.applicationId, [u]);
  }
  return apps.map((app) => ({ app, version: versionOf.get(app.id), units: unitsOf.get(app.id) ?? [] }));
}

// ---------------------------------------------------------------- reviews

export async function insertReview(tx: DbOrTx, values: typeof agreementReviews.$inferInsert): Promise<ReviewRow> {
  const [row] = await tx.insert(agreementReviews).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** One review of an application, locked for the rest of the transaction. */
export async function findReview(tx: DbOrTx, applicationId: string, id: string): Promise<ReviewRow | undefined> {
  const [row] = await tx
    .select()
    .from(agreementReviews)
    .where(and(eq(agreementReviews.id, id), eq(agreementReviews.applicationId, applicationId)))
    .for('update')
    .limit(1);
  return row;
}

/** An application's reviews, newest first. */
export function listReviews(db: DbOrTx, applicationId: string): Promise<ReviewRow[]> {
  return db.select().from(agreementReviews).where(eq(agreementReviews.applicationId, applicationId)).orderBy(desc(agreementReviews.startsAt));
}

/** The booked reviews of these applications, soonest first. */
export function bookedReviews(db: DbOrTx, applicationIds: readonly string[]): Promise<ReviewRow[]> {
  if (applicationIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(agreementReviews)
    .where(and(inArray(agreementReviews.applicationId, [...applicationIds]), eq(agreementReviews.status, 'booked')))
    .orderBy(asc(agreementReviews.startsAt));
}
