import { and, asc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { orderLines, orders } from '../orders/schema.ts';
import { people, units } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { now } from '../platform/clock.ts';
import { assets } from './schema.ts';
import { holderName, type AssetRow } from './store.ts';

/** What equipment planning (planning.ts: the renewal list and the replacement order, issue 7) reads and writes. */

/**
 * Live order lines (not cancelled, of an order not cancelled) whose description replaces one of the
 * serials ("Ersätter <serial> – …", planning-rules.ts), oldest order first.
 */
export function replacementLines(
  db: DbOrTx,
  municipalityId: string | undefined,
  serials: readonly string[],
): Promise<{ description: string; status: string; number: string }[]> {
  return db
    .select({ description: orderLines.description, status: orderLines.status, number: orders.number })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        municipalityId === undefined ? undefined : eq(orderLines.municipalityId, municipalityId),
        ne(orders.status, 'cancelled'),
        ne(orderLines.status, 'cancelled'),
        // The line's description starts "Ersätter <serial> – " (planning-rules.ts).
        sql`starts_with(${orderLines.description}, 'Ersätter ')`,
        inArray(sql`split_part(${orderLines.description}, ' ', 2)`, [...serials]),
      ),
    )
    .orderBy(asc(orders.placedAt));
}

/**
 * the active computers due for renewal before `until`, of a municipality (undefined = all)
 * and of some units (undefined = all), with their unit's and holder's names.
 */
export function renewalCandidates(db: DbOrTx, filter: { municipalityId: string | undefined; unitIds: readonly string[] | undefined; until: string }) {
  const { municipalityId, unitIds } = filter;
  return db
    .select({
      id: assets.id,
      serial: assets.serial,
      model: assets.model,
      deliveredOn: assets.deliveredOn,
      renewalOn: assets.renewalOn,
      unitId: assets.unitId,
      unitName: units.name,
      holderName,
    })
    .from(assets)
    .innerJoin(units, eq(units.id, assets.unitId))
    .leftJoin(people, eq(people.id, assets.holderPersonId))
    .where(
      and(
        municipalityId === undefined ? undefined : eq(assets.municipalityId, municipalityId),
        unitIds === undefined ? undefined : inArray(assets.unitId, [...unitIds]),
        eq(assets.status, 'active'),
        eq(assets.deviceType, 'computer'),
        lt(assets.renewalOn, filter.until),
      ),
    );
}

/** The municipality's assets of these ids, locked for the rest of the transaction in id order (ids sorted by the caller). */
export function lockAssets(tx: DbOrTx, ids: readonly string[], municipalityId: string): Promise<AssetRow[]> {
  return tx
    .select()
    .from(assets)
    .where(and(inArray(assets.id, [...ids]), eq(assets.municipalityId, municipalityId)))
    .orderBy(asc(assets.id))
    .for('update');
}

/** An order line's new description (the serial it replaces, R-4.3). */
export async function describeOrderLine(tx: DbOrTx, lineId: string, description: string): Promise<void> {
  await tx.update(orderLines).set({ description, updatedAt: now() }).where(eq(orderLines.id, lineId));
}
