import { and, asc, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import type { PriceEntry } from './rules.ts';
import { catalogueServices, modelRangeItems, priceListItems, priceLists } from './schema.ts';

export type ServiceRow = typeof catalogueServices.$inferSelect;
export type PriceListRow = typeof priceLists.$inferSelect;
export type ItemRow = typeof priceListItems.$inferSelect;
export type ModelRow = typeof modelRangeItems.$inferSelect;
/** A stored item as the rules see it, with its row. */
export type StoredEntry = PriceEntry & { row: ItemRow };

export function listServices(db: DbOrTx): Promise<ServiceRow[]> {
  return db.select().from(catalogueServices).orderBy(asc(catalogueServices.sortOrder), asc(catalogueServices.code));
}

export async function findService(db: DbOrTx, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(catalogueServices).where(eq(catalogueServices.id, id)).limit(1);
  return row;
}

export async function findServiceByCode(db: DbOrTx, code: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(catalogueServices).where(eq(catalogueServices.code, code)).limit(1);
  return row;
}

export function listPriceLists(db: DbOrTx): Promise<PriceListRow[]> {
  return db.select().from(priceLists).orderBy(desc(priceLists.year));
}

export async function findPriceList(db: DbOrTx, year: number): Promise<PriceListRow | undefined> {
  const [row] = await db.select().from(priceLists).where(eq(priceLists.year, year)).limit(1);
  return row;
}

/** The list row locked for the rest of the transaction: item writes of one list run one at a time. */
export async function lockPriceListRow(tx: DbOrTx, year: number): Promise<PriceListRow | undefined> {
  const [row] = await tx.select().from(priceLists).where(eq(priceLists.year, year)).for('update').limit(1);
  return row;
}

/** A list's items with their service codes, in article and date order. */
export async function listEntries(db: DbOrTx, priceListId: string): Promise<StoredEntry[]> {
  const rows = await db
    .select({ item: priceListItems, serviceCode: catalogueServices.code })
    .from(priceListItems)
    .innerJoin(catalogueServices, eq(catalogueServices.id, priceListItems.serviceId))
    .where(eq(priceListItems.priceListId, priceListId))
    .orderBy(asc(priceListItems.articleCode), asc(priceListItems.validFrom));
  return rows.map(({ item, serviceCode }) => ({
    articleCode: item.articleCode,
    serviceCode,
    name: item.name,
    billingModel: item.billingModel,
    purchasePrice: item.purchasePrice,
    monthlyFee: item.monthlyFee,
    weeklyFee: item.weeklyFee,
    hourlyRate: item.hourlyRate,
    yearlyFee: item.yearlyFee,
    validFrom: item.validFrom,
    validTo: item.validTo,
    row: item,
  }));
}

export function listModels(db: DbOrTx, filter: { year?: number | undefined; municipalityId?: string | undefined }): Promise<ModelRow[]> {
  return db
    .select()
    .from(modelRangeItems)
    .where(
      and(
        filter.year === undefined ? undefined : eq(modelRangeItems.year, filter.year),
        filter.municipalityId === undefined ? undefined : or(isNull(modelRangeItems.municipalityId), eq(modelRangeItems.municipalityId, filter.municipalityId)),
      ),
    )
    .orderBy(asc(modelRangeItems.year), asc(modelRangeItems.category), asc(modelRangeItems.manufacturer), asc(modelRangeItems.model));
}

export async function findModel(db: DbOrTx, id: string): Promise<ModelRow | undefined> {
  const [row] = await db.select().from(modelRangeItems).where(eq(modelRangeItems.id, id)).limit(1);
  return row;
}

/** The latest year up to `year` that has models for the municipality (or for both). */
export async function latestModelYear(db: DbOrTx, municipalityId: string, year: number): Promise<number | undefined> {
  const [row] = await db
    .select({ year: sql<number>`max(${modelRangeItems.year})` })
    .from(modelRangeItems)
    .where(and(lte(modelRangeItems.year, year), or(isNull(modelRangeItems.municipalityId), eq(modelRangeItems.municipalityId, municipalityId))));
  return row?.year ?? undefined;
}
