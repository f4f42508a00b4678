import { and, asc, desc, eq, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import type { PriceEntry } from './rules.ts';
import { catalogueServices, modelRangeItems, priceListItems, priceLists, pricingProposals } from './schema.ts';

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

/** How many services the catalogue has (the seed fills an empty one). */
export async function countServices(db: DbOrTx): Promise<number> {
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(catalogueServices);
  return count;
}

export function insertServices(tx: DbOrTx, values: (typeof catalogueServices.$inferInsert)[]): Promise<ServiceRow[]> {
  return tx.insert(catalogueServices).values(values).returning();
}

export async function insertPriceList(tx: DbOrTx, values: typeof priceLists.$inferInsert): Promise<PriceListRow | undefined> {
  return (await tx.insert(priceLists).values(values).returning())[0];
}

/** Condition: the item belongs to the list (the scope of a versioned item update). */
export function inPriceList(priceListId: string): SQL {
  return eq(priceListItems.priceListId, priceListId);
}

export async function insertItem(tx: DbOrTx, values: typeof priceListItems.$inferInsert): Promise<ItemRow | undefined> {
  return (await tx.insert(priceListItems).values(values).returning())[0];
}

export async function insertItems(tx: DbOrTx, values: (typeof priceListItems.$inferInsert)[]): Promise<void> {
  await tx.insert(priceListItems).values(values);
}

/** Writes an item's columns as given (no version check: the caller holds the list's row lock). */
export async function updateItemRow(tx: DbOrTx, id: string, values: Partial<typeof priceListItems.$inferInsert>): Promise<ItemRow | undefined> {
  return (await tx.update(priceListItems).set(values).where(eq(priceListItems.id, id)).returning())[0];
}

/** Deletes the item of the list at this version; answers the deleted rows (none: stale or gone). */
export function deleteItem(tx: DbOrTx, id: string, priceListId: string, version: number): Promise<ItemRow[]> {
  return tx
    .delete(priceListItems)
    .where(and(eq(priceListItems.id, id), eq(priceListItems.priceListId, priceListId), eq(priceListItems.version, version)))
    .returning();
}

export async function deleteItemById(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(priceListItems).where(eq(priceListItems.id, id));
}

export async function insertModels(tx: DbOrTx, values: (typeof modelRangeItems.$inferInsert)[]): Promise<void> {
  await tx.insert(modelRangeItems).values(values);
}

/** Inserts the models a year's range does not have yet; answers the ids of those inserted. */
export function insertModelsIfNew(tx: DbOrTx, values: (typeof modelRangeItems.$inferInsert)[]): Promise<{ id: string }[]> {
  return tx.insert(modelRangeItems).values(values).onConflictDoNothing().returning({ id: modelRangeItems.id });
}

/** Deletes the model at this version; answers the deleted rows (none: stale or gone). */
export function deleteModel(tx: DbOrTx, id: string, version: number): Promise<ModelRow[]> {
  return tx
    .delete(modelRangeItems)
    .where(and(eq(modelRangeItems.id, id), eq(modelRangeItems.version, version)))
    .returning();
}

export type ProposalRow = typeof pricingProposals.$inferSelect;

/** the year's pricing proposals, open ones first, oldest first. */
export function listProposals(db: DbOrTx, year: number): Promise<ProposalRow[]> {
  return db
    .select()
    .from(pricingProposals)
    .where(eq(pricingProposals.year, year))
    .orderBy(sql`${pricingProposals.settledAt} is not null`, asc(pricingProposals.createdAt));
}

export async function findProposal(db: DbOrTx, id: string): Promise<ProposalRow | undefined> {
  const [row] = await db.select().from(pricingProposals).where(eq(pricingProposals.id, id)).limit(1);
  return row;
}

export async function insertProposal(tx: DbOrTx, values: typeof pricingProposals.$inferInsert): Promise<ProposalRow | undefined> {
  return (await tx.insert(pricingProposals).values(values).returning())[0];
}
