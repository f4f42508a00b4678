import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { assets } from '../assets/schema.ts';
import { priceLists } from '../catalogue/schema.ts';
import { units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { billingRuns } from './schema.ts';

/** What the demo billing loader (demo.ts) reads and writes. */

export async function countRuns(db: DbOrTx): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(billingRuns);
  return n;
}

export function accountsNamed(db: DbOrTx, usernames: readonly string[]) {
  return db
    .select()
    .from(users)
    .where(inArray(users.username, [...usernames]));
}

/** The year of the newest price list (null when there is none). */
export async function latestPriceListYear(db: DbOrTx): Promise<number | null> {
  const [latest] = await db.select({ year: sql<number | null>`max(${priceLists.year})::int` }).from(priceLists);
  return latest?.year ?? null;
}

/** Gives the assets of a service that have no price article this one. */
export async function setArticleOfService(db: DbOrTx, serviceCode: string, articleCode: string): Promise<void> {
  await db
    .update(assets)
    .set({ articleCode })
    .where(and(eq(assets.serviceCode, serviceCode), isNull(assets.articleCode)));
}

/** Gives the assets of a device type that have no price article this one. */
export async function setArticleOfDeviceType(db: DbOrTx, deviceType: string, articleCode: string): Promise<void> {
  await db
    .update(assets)
    .set({ articleCode })
    .where(and(eq(assets.deviceType, deviceType), isNull(assets.articleCode)));
}

/** The municipality's units that have assets, by id. */
export function unitsWithAssets(db: DbOrTx, municipalityId: string): Promise<{ id: string }[]> {
  return db
    .selectDistinct({ id: units.id })
    .from(units)
    .innerJoin(assets, eq(assets.unitId, units.id))
    .where(eq(units.municipalityId, municipalityId))
    .orderBy(asc(units.id));
}
