import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { people, units } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { assetEvents, assets } from './schema.ts';

export type AssetRow = typeof assets.$inferSelect;
export type AssetEventRow = typeof assetEvents.$inferSelect;

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
  const [row] = await db.select().from(assets).where(and(eq(assets.id, id), scopeCondition(scope))).limit(1);
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
    .select({ asset: assets, unitName: units.name, holderName: sql<string | null>`case when ${people.id} is null then null else ${people.firstName} || ' ' || ${people.lastName} end` })
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
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, row.unitId)).limit(1);
  let holderName: string | null = null;
  if (row.holderPersonId) {
    const [p] = await db.select({ firstName: people.firstName, lastName: people.lastName }).from(people).where(eq(people.id, row.holderPersonId)).limit(1);
    holderName = p ? `${p.firstName} ${p.lastName}` : null;
  }
  return { unitName: unit?.name ?? '', holderName };
}
