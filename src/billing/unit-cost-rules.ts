import { chargedMonths, type PartMonthRule } from './rules.ts';
import { monthlyPriceOn, overlaps } from '../assets/planning-rules.ts';
import { monthWindow } from '../calendar/dates.ts';
import type { PriceEntry } from '../catalogue/rules.ts';

/**
 * A unit's monthly cost of its equipment (issue 7 UI, R-6.4), the unit-cost view: billing's, since it
 * shows what the billing run charges (issue 17 moved it here from assets' planning). Pure: no I/O.
 *
 * The view shows what the billing run charges the unit for the month, by the run's own rule
 * (billing/rules.ts chargedMonths, with the part-month rule of the mission in force that month): an
 * asset is charged to the unit for the month when one of its billing periods for the unit is charged
 * for it (default: from the month after delivery or a move in, through the month of return or a move
 * out). Equipment that is at the unit during the month but not charged for it (delivered or moved in
 * this month under the default rule) is listed as not charged. The fee is the monthly fee of its
 * article in the price list of the month's year valid on the month's first day, as the run prices it;
 * no such price gives null (shown, never guessed) and the total is the sum of the known fees of the
 * charged items, so it equals the run's rent lines for the unit and month.
 */

export type CostBasis = 'active' | 'early_return';

/** An asset with its billing periods for the unit (every period, or just those near the month). */
export interface CostAsset {
  assetId: string;
  serial: string;
  model: string;
  deviceType: string;
  holderName: string | null;
  status: string;
  articleCode: string | null;
  periods: readonly { from: string; to: string | null; basis: CostBasis }[];
}

/** One line of the unit's cost view: the asset as registered, its article's price and whether it is charged. */
export interface CostItem extends Omit<CostAsset, 'periods'> {
  articleName: string | null;
  monthlyFee: number | null;
  basis: CostBasis;
  /** Whether the billing run charges the unit for this asset in the month (the part-month rule). */
  charged: boolean;
}

/**
 * The unit's equipment in the month, one item per asset (by serial): every asset with a billing period
 * for the unit that the run charges for the month or that shares a day with it. `charged` says whether
 * the run charges it (R-6.4 part-month rule, the same function the run uses); the fee is its article's
 * on the month's first day; the basis is that of the latest charged period, or of the latest period in
 * the month when none is charged (an early return, R-5.4, shows as such).
 */
export function unitCostItems(
  assets: readonly CostAsset[],
  entries: readonly Pick<PriceEntry, 'articleCode' | 'validFrom' | 'validTo' | 'name' | 'monthlyFee'>[],
  month: string,
  partMonth: PartMonthRule,
): CostItem[] {
  const window = monthWindow(month);
  const byFrom = (x: { from: string }, y: { from: string }) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0);
  const items: CostItem[] = [];
  for (const a of assets) {
    const charging = a.periods.filter((p) => chargedMonths(p, partMonth, [month]).length > 0).sort(byFrom);
    const inMonth = a.periods.filter((p) => overlaps(p, window)).sort(byFrom);
    const shown = charging.at(-1) ?? inMonth.at(-1);
    if (!shown) continue;
    const price = monthlyPriceOn(entries, a.articleCode, window.from);
    items.push({
      assetId: a.assetId,
      serial: a.serial,
      model: a.model,
      deviceType: a.deviceType,
      holderName: a.holderName,
      status: a.status,
      articleCode: a.articleCode,
      articleName: price?.name ?? null,
      monthlyFee: price?.monthlyFee ?? null,
      basis: shown.basis,
      charged: charging.length > 0,
    });
  }
  return items.sort((x, y) => (x.serial < y.serial ? -1 : x.serial > y.serial ? 1 : 0));
}

/** The month's total: the sum of the known fees of the charged items (integer öre); unknown fees are left out, not guessed. */
export function totalMonthly(items: readonly { monthlyFee: number | null; charged: boolean }[]): number {
  return items.reduce((sum, i) => sum + (i.charged ? (i.monthlyFee ?? 0) : 0), 0);
}
