import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { municipalities, people, units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { assetBillingPeriods, assetEvents, assets } from './schema.ts';

export type AssetRow = typeof assets.$inferSelect;
export type AssetEventRow = typeof assetEvents.$inferSelect;
export type BillingPeriodRow = typeof assetBillingPeriods.$inferSelect;

/** The holder's name as people may read it: protected identity (skyddad identitet) is never shown by name. */
export const holderName = sql<
  string | null
>`case when ${people.id} is null then null when ${people.protectedIdentity} then 'Skyddad identitet' else ${people.firstName} || ' ' || ${people.lastName} end`;

/** Who sees which assets: a municipality (undefined = all, IT spanning both), some units, or one holder. */
export interface AssetScope {
  municipalityId: string | undefined;
  /** Only assets of these units (an empty list matches nothing). */
  unitIds?: readonly string[] | undefined;
  /** Only assets this person holds. */
  holderPersonId?: string | undefined;
}

export function scopeCondition(scope: AssetScope): SQL | undefined {
  return and(
    scope.municipalityId === undefined ? undefined : eq(assets.municipalityId, scope.municipalityId),
    scope.unitIds === undefined ? undefined : scope.unitIds.length === 0 ? sql`false` : inArray(assets.unitId, [...scope.unitIds]),
    scope.holderPersonId === undefined ? undefined : eq(assets.holderPersonId, scope.holderPersonId),
  );
}

export async function findAsset(db: DbOrTx, id: string, scope: AssetScope): Promise<AssetRow | undefined> {
  const [row] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), scopeCondition(scope)))
    .limit(1);
  return row;
}

export async function findBySerial(db: DbOrTx, serial: string): Promise<AssetRow | undefined> {
  const [row] = await db.select().from(assets).where(eq(assets.serial, serial)).limit(1);
  return row;
}

/** Which of the serials the register already holds (any municipality: a serial is one device). */
export async function existingSerials(db: DbOrTx, serials: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < serials.length; i += 1000) {
    const chunk = serials.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db.select({ serial: assets.serial }).from(assets).where(inArray(assets.serial, chunk));
    for (const r of rows) found.add(r.serial);
  }
  return found;
}

export interface AssetQuery extends AssetScope {
  unitId?: string | undefined;
  deviceType?: string | undefined;
  status?: string | undefined;
  holder?: string | undefined;
  /** Serial prefix, normalised. */
  serial?: string | undefined;
  /** Keyset: the last serial seen. */
  afterSerial?: string | undefined;
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** A page of assets ordered by serial (unique, so the keyset is one column), with unit and holder names. */
export function listAssets(db: DbOrTx, q: AssetQuery) {
  const conditions: (SQL | undefined)[] = [
    scopeCondition(q),
    q.unitId ? eq(assets.unitId, q.unitId) : undefined,
    q.deviceType ? eq(assets.deviceType, q.deviceType) : undefined,
    q.status ? eq(assets.status, q.status) : undefined,
    q.holder ? eq(assets.holderPersonId, q.holder) : undefined,
    q.serial ? sql`${assets.serial} like ${`${escapeLike(q.serial)}%`}` : undefined,
    q.afterSerial ? sql`${assets.serial} > ${q.afterSerial}` : undefined,
  ];
  return db
    .select({
      asset: assets,
      unitName: units.name,
      holderName: sql<string | null>`case when ${people.id} is null then null else ${people.firstName} || ' ' || ${people.lastName} end`,
    })
    .from(assets)
    .innerJoin(units, eq(units.id, assets.unitId))
    .leftJoin(people, eq(people.id, assets.holderPersonId))
    .where(and(...conditions))
    .orderBy(asc(assets.serial))
    .limit(q.limit);
}

export function eventsOf(db: DbOrTx, assetId: string): Promise<AssetEventRow[]> {
  return db.select().from(assetEvents).where(eq(assetEvents.assetId, assetId)).orderBy(asc(assetEvents.at), asc(assetEvents.id));
}

export async function namesFor(db: DbOrTx, row: AssetRow): Promise<{ unitName: string; holderName: string | null }> {
  const unit = await unitName(db, row.unitId);
  const holder = row.holderPersonId ? ((await personName(db, row.holderPersonId)) ?? null) : null;
  return { unitName: unit ?? '', holderName: holder };
}

export async function unitName(db: DbOrTx, id: string): Promise<string | undefined> {
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, id)).limit(1);
  return unit?.name;
}

/** A person's first and last name. */
export async function personName(db: DbOrTx, id: string): Promise<string | undefined> {
  const [p] = await db.select({ firstName: people.firstName, lastName: people.lastName }).from(people).where(eq(people.id, id)).limit(1);
  return p ? `${p.firstName} ${p.lastName}` : undefined;
}

/** The person's role (the sale rule needs it, R-5.7). */
export async function personRole(db: DbOrTx, id: string): Promise<string | undefined> {
  const [p] = await db.select({ role: people.personRole }).from(people).where(eq(people.id, id)).limit(1);
  return p?.role;
}

/** The person behind an account, if any. */
export async function personOfUser(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ personId: users.personId }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.personId ?? null;
}

/** The people of a municipality with their e-mail addresses (an import finds holders by them). */
export function peopleWithEmail(db: DbOrTx, municipalityId: string) {
  return db.select({ id: people.id, email: people.email, active: people.active }).from(people).where(eq(people.municipalityId, municipalityId));
}

export async function municipalityName(db: DbOrTx, id: string): Promise<string | undefined> {
  const [m] = await db.select({ name: municipalities.name }).from(municipalities).where(eq(municipalities.id, id)).limit(1);
  return m?.name;
}

// ---------------------------------------------------------------- writing (service.ts, lifecycle.ts)

export async function insertAssetRow(tx: DbOrTx, values: typeof assets.$inferInsert): Promise<AssetRow | undefined> {
  const [row] = await tx.insert(assets).values(values).returning();
  return row;
}

/** The note alone, without a version bump (it travels with a self-service change). */
export async function updateNote(tx: DbOrTx, id: string, note: string): Promise<AssetRow | undefined> {
  const [updated] = await tx.update(assets).set({ note }).where(eq(assets.id, id)).returning();
  return updated;
}

export async function insertEvent(tx: DbOrTx, values: typeof assetEvents.$inferInsert): Promise<void> {
  await tx.insert(assetEvents).values(values);
}

/** An asset's billing periods in order (R-6.4). */
export function billingPeriodsOf(db: DbOrTx, assetId: string): Promise<BillingPeriodRow[]> {
  return db.select().from(assetBillingPeriods).where(eq(assetBillingPeriods.assetId, assetId)).orderBy(asc(assetBillingPeriods.fromOn));
}

export async function insertBillingPeriods(tx: DbOrTx, periods: (typeof assetBillingPeriods.$inferInsert)[]): Promise<void> {
  await tx.insert(assetBillingPeriods).values(periods);
}

/** An asset's billing periods replaced by these (R-6.4: the lifecycle's answer). */
export async function replaceBillingPeriods(tx: DbOrTx, assetId: string, periods: (typeof assetBillingPeriods.$inferInsert)[]): Promise<void> {
  await tx.delete(assetBillingPeriods).where(eq(assetBillingPeriods.assetId, assetId));
  if (periods.length > 0) await insertBillingPeriods(tx, periods);
}

/** When the asset's latest erasure was recorded, and by which account (R-5.8 protocol). */
export async function erasureEvent(db: DbOrTx, assetId: string): Promise<{ at: Date; username: string | null } | undefined> {
  const [event] = await db
    .select({ at: assetEvents.at, username: users.username })
    .from(assetEvents)
    .leftJoin(users, eq(users.id, assetEvents.actorUserId))
    .where(and(eq(assetEvents.assetId, assetId), eq(assetEvents.kind, 'erase')))
    .orderBy(desc(assetEvents.at))
    .limit(1);
  return event;
}
