import { Temporal } from 'temporal-polyfill';
import { entryOn, type PriceEntry } from '../catalogue/rules.ts';
import type { Problem } from '../org/rules.ts';

/**
 * Equipment planning (issue 7): the renewal list and the replacement order made from it (a unit's
 * monthly cost of its equipment is billing's: src/billing/unit-cost-rules.ts). Pure rules: no I/O.
 * Dates are ISO local dates (Europe/Stockholm); money is integer öre.
 *
 * Decisions:
 * - Renewal horizon: `until` is today + `months` (a day missing in the target month
 *   falls on its last day). A computer is due when its renewal date lies strictly before `until`, so a
 *   renewal exactly on `until` is not yet due; it is overdue when the renewal date is today or earlier.
 * - A replacement order line remembers the serial it replaces at the start of its description,
 *   "Ersätter <serial> – …". Serials are normalised without spaces (register.ts), so the first word after
 *   "Ersätter" is the whole serial. A live line (any line not cancelled, of an order not cancelled)
 *   that replaces a serial blocks another replacement of it: pending or ordered lines are an open
 *   replacement, a delivered one means it has already been replaced and the old computer is to be returned.
 */

// ---- renewal list (R-4.1, R-5.1) ---------------------------------------------------------------------

/** Months ahead the renewal list looks by default, and its bounds. */
export const RENEWAL_MONTHS = { default: 6, min: 1, max: 24 } as const;

/** The end of the horizon: today + months. Renewals strictly before it are due. */
export function renewalUntil(today: string, months: number): string {
  return Temporal.PlainDate.from(today).add({ months }, { overflow: 'constrain' }).toString();
}

/** Due for renewal within the horizon: a renewal date strictly before `until`. */
export function isDue(renewalOn: string | null, until: string): boolean {
  return renewalOn !== null && renewalOn < until;
}

/** Overdue: the renewal date is today or has passed. */
export function isOverdue(renewalOn: string, today: string): boolean {
  return renewalOn <= today;
}

/** An active computer as the renewal list sees it. */
export interface RenewalCandidate {
  id: string;
  serial: string;
  model: string;
  holderName: string | null;
  deliveredOn: string | null;
  renewalOn: string | null;
  unitId: string;
  unitName: string;
  /** The number of the live order replacing it, if one exists. */
  replacementOrderNumber: string | null;
}

export interface RenewalItem {
  id: string;
  serial: string;
  model: string;
  holderName: string | null;
  deliveredOn: string | null;
  renewalOn: string;
  overdue: boolean;
  replacementOrderNumber: string | null;
}

export interface RenewalGroup {
  unitId: string;
  unitName: string;
  items: RenewalItem[];
}

const collator = new Intl.Collator('sv');

/**
 * The renewal list: the due computers grouped by unit, units by name (Swedish order, then id), items by
 * renewal date (oldest first), then serial. Computers without a renewal date or not due are left out.
 */
export function groupRenewals(candidates: readonly RenewalCandidate[], horizon: { today: string; until: string }): RenewalGroup[] {
  const groups = new Map<string, RenewalGroup>();
  for (const c of candidates) {
    if (c.renewalOn === null || !isDue(c.renewalOn, horizon.until)) continue;
    let group = groups.get(c.unitId);
    if (!group) {
      group = { unitId: c.unitId, unitName: c.unitName, items: [] };
      groups.set(c.unitId, group);
    }
    group.items.push({
      id: c.id,
      serial: c.serial,
      model: c.model,
      holderName: c.holderName,
      deliveredOn: c.deliveredOn,
      renewalOn: c.renewalOn,
      overdue: isOverdue(c.renewalOn, horizon.today),
      replacementOrderNumber: c.replacementOrderNumber,
    });
  }
  const byItem = (a: RenewalItem, b: RenewalItem) =>
    a.renewalOn < b.renewalOn ? -1 : a.renewalOn > b.renewalOn ? 1 : a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0;
  return [...groups.values()]
    .sort((a, b) => collator.compare(a.unitName, b.unitName) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
    .map((g) => ({ ...g, items: g.items.sort(byItem) }));
}

// ---- replacement order (R-4.1, R-4.3) ----------------------------------------------------------------

const REPLACES = 'Ersätter';

/** The order line's description naming the serial it replaces. */
export function replacementDescription(serial: string, lineDescription: string): string {
  return `${REPLACES} ${serial} – ${lineDescription}`;
}

/** The serial a line replaces, read back from its description; null for any other line. */
export function replacedSerial(description: string): string | null {
  const m = /^Ersätter (\S+) – /.exec(description);
  return m?.[1] ?? null;
}

/** The order's message to IT: which computers the order replaces (kept within the order note's 4000 characters). */
export function replacementNote(serials: readonly string[], max = 4000): string {
  const full = `Förnyelse av datorer (R-4.1). Ersätter: ${serials.join(', ')}. Varje rad anger vilken dator den ersätter.`;
  if (full.length <= max) return full;
  return `Förnyelse av ${serials.length} datorer (R-4.1). Varje rad anger vilken dator den ersätter.`;
}

/** An asset named for replacement, as read under lock, with the live line already replacing it. */
export interface ReplacementCandidate {
  unitId: string;
  deviceType: string;
  status: string;
  serial: string;
  renewalOn: string | null;
  /** A live order line replacing the serial: its order's number and the line's status. */
  replacedBy: { number: string; lineStatus: string } | null;
}

/**
 * why an asset may not be replaced by an order for `unitId` with the horizon ending at
 * `until` (empty: it may). `field` names the asset in the request (e.g. `assetIds.2`); an asset that is
 * missing or outside the unit is "not an asset of the unit", whatever the reason, so nothing leaks.
 */
export function replacementProblems(asset: ReplacementCandidate | undefined, ctx: { unitId: string; until: string; field: string }): Problem[] {
  const { field } = ctx;
  if (!asset || asset.unitId !== ctx.unitId) return [{ field, reason: 'not an asset of the unit', reasonSv: 'inte en tillgång i enheten' }];
  const problems: Problem[] = [];
  if (asset.deviceType !== 'computer') problems.push({ field, reason: `${asset.serial} is not a computer`, reasonSv: `${asset.serial} är inte en dator` });
  if (asset.status !== 'active') problems.push({ field, reason: `${asset.serial} is not active (${asset.status})`, reasonSv: `${asset.serial} är inte aktiv` });
  if (asset.renewalOn === null) problems.push({ field, reason: `${asset.serial} has no renewal date`, reasonSv: `${asset.serial} saknar förnyelsedatum` });
  else if (!isDue(asset.renewalOn, ctx.until)) {
    problems.push({
      field,
      reason: `${asset.serial} is due for renewal on ${asset.renewalOn}, not before ${ctx.until}`,
      reasonSv: `${asset.serial} ska förnyas ${asset.renewalOn}, inte före ${ctx.until}`,
    });
  }
  if (asset.replacedBy) {
    const delivered = asset.replacedBy.lineStatus === 'delivered';
    problems.push({
      field,
      reason: delivered
        ? `${asset.serial} has already been replaced by order ${asset.replacedBy.number}`
        : `${asset.serial} is already being replaced by order ${asset.replacedBy.number}`,
      reasonSv: delivered
        ? `${asset.serial} är redan ersatt genom beställning ${asset.replacedBy.number}`
        : `${asset.serial} ersätts redan genom beställning ${asset.replacedBy.number}`,
    });
  }
  return problems;
}

/** Asset ids named more than once in a request: each later occurrence is a problem. */
export function duplicateIdProblems(ids: readonly string[], field: string): Problem[] {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => {
    if (!seen.has(id)) {
      seen.add(id);
      return [];
    }
    return [{ field: `${field}.${i}`, reason: 'listed more than once', reasonSv: 'angiven mer än en gång' }];
  });
}

// ---- unit cost (issue 7 UI, R-6.4) ---------------------------------------------------------------------

/** A billing period [from, to) — to null while it runs — shares at least one day with the window [from, to). */
export function overlaps(period: { from: string; to: string | null }, window: { from: string; to: string }): boolean {
  return period.from < window.to && (period.to === null || period.to > window.from);
}

/** The article's price-list entry valid on `date`, with its monthly fee (null when the entry has none). */
export function monthlyPriceOn<T extends Pick<PriceEntry, 'articleCode' | 'validFrom' | 'validTo' | 'name' | 'monthlyFee'>>(
  entries: readonly T[],
  articleCode: string | null,
  date: string,
): { name: string; monthlyFee: number | null } | null {
  if (articleCode === null) return null;
  const entry = entryOn(entries, articleCode, date);
  return entry ? { name: entry.name, monthlyFee: entry.monthlyFee } : null;
}
