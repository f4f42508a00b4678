import { addMonthsYm, daysBetween, firstDayOf, isMonth, monthOf, monthRange, type YearMonth } from '../calendar/dates.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { Problem } from '../org/rules.ts';
import { agreementCost, shareSum, splitCost, splitProblems, type ApplicationStatus, type CostDriver, type CostSplit } from '../agreements/rules.ts';

/**
 * Billing runs (issue 8, R-6): pure rules. No I/O; dates are ISO local dates (Europe/Stockholm), months
 * are `yyyy-mm`, money is integer öre; every number comes from the mission in force (argument).
 *
 * The model (docs/billing.md explains it to finance):
 * - A run belongs to one municipality and one run month. Its scope (`runScope`) follows the mission's
 *   schedule (R-6.2): the periodic months it charges (Tranemo: a tertial in advance in January, May and
 *   September; Ulricehamn: the month itself), the continuous items it picks up (accessories, person
 *   time and on-call time, short-term rentals: everything before the run month not billed yet) and, in
 *   the central-cost month, the year's central cost.
 * - What each subject (asset, subscription, order line, time entry) should cost is a list of `Charge`s,
 *   one per subject, article and month: the key `source:subject:article:month` is the unit of billing.
 * - A run never bills a key twice (R-6.6): it charges, per key, what it should cost now minus what
 *   approved runs already billed (`reconcile`). The first billing of a key in its own period is a charge;
 *   anything about a key already billed, or about a month before the run's periods, is a correction
 *   (credit or debit) with its reason. Re-running after approval therefore yields nothing new.
 * - The changes since the previous invoice (R-6.3) are the per-unit difference between two runs' lines
 *   grouped by subject and article, each with a reason (`diffRuns`); they explain every changed öre.
 */

// ---- months ----------------------------------------------------------------------------------------------

// ---- configuration from the mission --------------------------------------------------------------------

export const PART_MONTH_RULES = ['from_month_after_start', 'from_start_month'] as const;
export type PartMonthRule = (typeof PART_MONTH_RULES)[number];

export const PART_MONTH_RULE_SV: Record<PartMonthRule, string> = {
  from_month_after_start: 'från månaden efter leverans till och med månaden för återlämning',
  from_start_month: 'från leveransmånaden till och med månaden före återlämning',
};

export interface BillingConfig {
  partMonth: PartMonthRule;
  onCallServiceCode: string;
  correctionMonths: number;
  /** R-6.5: MM-DD; terminated no later than this day → not billed from the next year. */
  applicationDeadline: string;
  /** Minimum days of a short-term rental per service code (R-4.1 Korttidshyra: a week). */
  minimumDays: Record<string, number>;
  /**
   * Services whose subscription quantity counts users (R-4.1 IT support is priced per user and year);
   * any other subscription counts pieces (extensions, applications, screens).
   */
  userServiceCodes: readonly string[];
  /** Issue 18: the article an application agreement's fee is charged under. */
  agreementArticleCode: string;
}

/** The billing settings of a mission (their defaults are the document's: mission/document.ts). */
export function billingConfig(mission: Pick<MissionDocument, 'billing' | 'catalogue' | 'agreements'>): BillingConfig {
  const b = mission.billing;
  return {
    partMonth: b.partMonth,
    onCallServiceCode: b.onCallServiceCode,
    correctionMonths: b.correctionMonths,
    applicationDeadline: b.applicationTermination.deadlineMonthDay,
    minimumDays: Object.fromEntries(mission.catalogue.services.flatMap((s) => (s.minimumDays ? [[s.code, s.minimumDays]] : []))),
    userServiceCodes: b.userServiceCodes,
    agreementArticleCode: mission.agreements.billingArticleCode,
  };
}

// ---- schedules (R-6.2) -------------------------------------------------------------------------------

export interface RunScope {
  municipality: string;
  runMonth: YearMonth;
  /** Periodic months charged by this run (R-6.2: IT support, telephony, applications, rented equipment). */
  periodicMonths: YearMonth[];
  /** Continuous items (R-6.1) dated before this day and not billed yet are picked up. */
  continuousBefore: string;
  /** The year whose central cost this run charges, if it is the central-cost month. */
  centralYear: number | null;
  /** Whether the municipality's units are debited internally (Ulricehamn) or invoiced (Tranemo). */
  internal: boolean;
}

type Schedule = MissionDocument['billing']['schedules'][number];

export function scheduleOf(mission: Pick<MissionDocument, 'billing'>, municipality: string): Schedule | undefined {
  return mission.billing.schedules.find((s) => s.municipality === municipality);
}

/**
 * R-6.2: what a run of a municipality in a month charges. A periodic invoice month charges the months
 * up to the next invoice month (a tertial in advance for Tranemo: January → January–April); continuous
 * items go into every run (frequency 'continuous': the next run there is; 'monthly': runs are monthly);
 * the central cost is charged once, in its month. A month with nothing scheduled has no run.
 */
export function runScope(
  mission: Pick<MissionDocument, 'billing'>,
  municipality: string,
  runMonth: YearMonth,
  /** How the municipality is named in refusals (default: its code). */
  displayName: string = municipality,
): { ok: true; scope: RunScope } | { ok: false; problems: Problem[] } {
  if (!isMonth(runMonth)) return { ok: false, problems: [{ field: 'month', reason: 'month must be written yyyy-mm', reasonSv: 'månaden skrivs åååå-mm' }] };
  const schedule = scheduleOf(mission, municipality);
  if (!schedule) {
    return {
      ok: false,
      problems: [
        {
          field: 'municipality',
          reason: `the mission has no billing schedule for ${municipality}`,
          reasonSv: `uppdraget har inget faktureringsschema för ${municipality}`,
        },
      ],
    };
  }
  const year = Number(runMonth.slice(0, 4));
  const month = Number(runMonth.slice(5, 7));
  const invoiceMonths = [...new Set(schedule.periodic.invoiceMonths)].sort((a, b) => a - b);
  let periodicMonths: YearMonth[] = [];
  if (invoiceMonths.includes(month)) {
    const next = invoiceMonths.find((m) => m > month) ?? 13;
    // Through the month before the next invoice month (next 13: through December).
    periodicMonths = monthRange(runMonth, addMonthsYm(runMonth, next - 1 - month));
  }
  const centralYear = schedule.central.invoiceMonth === month ? year : null;
  if (!periodicMonths.length && centralYear === null && schedule.continuous.frequency !== 'monthly') {
    const months = invoiceMonths.map((m) => MONTH_SV[m - 1]).join(', ');
    return {
      ok: false,
      problems: [
        {
          field: 'month',
          reason: `${displayName} is not billed in ${runMonth}; its runs are in months ${invoiceMonths.join(', ')}`,
          reasonSv: `${displayName} faktureras inte ${runMonth}; körningar görs i ${months}`,
        },
      ],
    };
  }
  return {
    ok: true,
    scope: { municipality, runMonth, periodicMonths, continuousBefore: firstDayOf(runMonth), centralYear, internal: schedule.periodic.internal },
  };
}

export const MONTH_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

/**
 * R-6.6: the months a run may correct, before its own periodic months: from the first month any approved
 * run of the municipality charged (months before Samdesk's first run are never billed), at most
 * `correctionMonths` back from the run month. No approved run yet: nothing to correct.
 */
export function correctionWindow(
  scope: Pick<RunScope, 'periodicMonths' | 'runMonth'>,
  cfg: Pick<BillingConfig, 'correctionMonths'>,
  firstApprovedMonth: YearMonth | undefined,
): { from: YearMonth; months: YearMonth[] } {
  const coverageStart = scope.periodicMonths[0] ?? scope.runMonth;
  const earliest = addMonthsYm(scope.runMonth, -cfg.correctionMonths);
  const from = firstApprovedMonth === undefined ? coverageStart : firstApprovedMonth > earliest ? firstApprovedMonth : earliest;
  return { from, months: from < coverageStart ? monthRange(from, addMonthsYm(coverageStart, -1)) : [] };
}

// ---- prices ----------------------------------------------------------------------------------------------

/** A price-list entry as billing reads it (catalogue price_list_items with its service's code). */
export interface PriceItem {
  articleCode: string;
  serviceCode: string;
  name: string;
  billingModel: string;
  purchasePrice: number | null;
  monthlyFee: number | null;
  weeklyFee: number | null;
  hourlyRate: number | null;
  yearlyFee: number | null;
  validFrom: string;
  validTo: string;
}

/** Price items by article, each list sorted by validFrom. */
export type PriceBook = ReadonlyMap<string, readonly PriceItem[]>;

export function priceBook(items: readonly PriceItem[]): PriceBook {
  const book = new Map<string, PriceItem[]>();
  for (const item of items) {
    const list = book.get(item.articleCode) ?? [];
    list.push(item);
    book.set(item.articleCode, list);
  }
  for (const list of book.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  return book;
}

/** The entry of an article in force on a day (the yearly price list, R-4.1). */
export function priceOn(book: PriceBook, articleCode: string, date: string): PriceItem | undefined {
  const list = book.get(articleCode);
  if (!list) return undefined;
  for (const item of list) if (item.validFrom <= date && date <= item.validTo) return item;
  return undefined;
}

/** The entry of a service's first article in force on a day (e.g. the hourly price of on-call time). */
export function servicePriceOn(items: readonly PriceItem[], serviceCode: string, date: string): PriceItem | undefined {
  return items
    .filter((i) => i.serviceCode === serviceCode && i.validFrom <= date && date <= i.validTo)
    .sort((a, b) => (a.articleCode < b.articleCode ? -1 : a.articleCode > b.articleCode ? 1 : 0))[0];
}

// ---- charges ---------------------------------------------------------------------------------------------

export const CHARGE_SOURCES = ['asset', 'short_term', 'order_line', 'on_call', 'subscription', 'application', 'central'] as const;
export type ChargeSource = (typeof CHARGE_SOURCES)[number];
export type ChargeGroup = 'periodic' | 'continuous' | 'central';
/**
 * What a line's quantity counts (issue 16: twelve users read "12 månader"): months of a rent, weeks of a
 * loan, pieces, hours, minutes of on-call time, users of IT support. 'year' is kept for lines of runs
 * computed before (the central cost counted years); new lines count pieces there.
 */
export const QUANTITY_UNITS = ['month', 'week', 'piece', 'hour', 'minute', 'year', 'user'] as const;
export type QuantityUnit = (typeof QUANTITY_UNITS)[number];

/** What one subject should cost for one article and month, to one unit. */
export interface Charge {
  /** source:subject:article:month:unit — billed at most once (R-6.6; chargeKey). */
  key: string;
  unitId: string;
  source: ChargeSource;
  group: ChargeGroup;
  subjectId: string;
  /** Serial, order number and line, ticket number … as shown on the basis. */
  subjectLabel: string;
  articleCode: string;
  description: string;
  month: YearMonth;
  quantity: number;
  quantityUnit: QuantityUnit;
  unitPriceOre: number;
  amountOre: number;
  /** How the amount was reached, in Swedish, shown on the basis (e.g. the part-month rule). */
  rule: string;
}

/** Something that should be charged but cannot be: shown on the run so finance can act. */
export interface ChargeWarning {
  subjectId: string;
  subjectLabel: string;
  reason: string;
  reasonSv: string;
}

export interface ChargeResult {
  charges: Charge[];
  warnings: ChargeWarning[];
}

/**
 * The unit of billing: source, subject, article, month and the unit charged. The unit is part of it so
 * that a move recorded after a month was billed credits the old unit and debits the new one.
 */
export function chargeKey(source: ChargeSource, subjectId: string, articleCode: string, month: string, unitId: string): string {
  return `${source}:${subjectId}:${articleCode}:${month}:${unitId}`;
}

/** Half-up rounding of a non-negative quotient to whole öre (money never goes through floats unrounded). */
export function roundDiv(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

/** A billing period of an asset (assets/rules BillingPeriod): [from, to), to = null while it runs. */
export interface PeriodInput {
  unitId: string;
  from: string;
  to: string | null;
  basis: 'active' | 'early_return';
}

/**
 * R-6.4 part-month rule: the months a period is charged for, limited to `months`. Default: from the
 * month after its start through the month of its end (the day of return or move); the alternative: from
 * the start month through the month before its end. An open period runs through every month asked for.
 */
export function chargedMonths(period: Pick<PeriodInput, 'from' | 'to'>, rule: PartMonthRule, months: readonly YearMonth[]): YearMonth[] {
  const first = rule === 'from_month_after_start' ? addMonthsYm(monthOf(period.from), 1) : monthOf(period.from);
  const last = period.to === null ? null : rule === 'from_month_after_start' ? monthOf(period.to) : addMonthsYm(monthOf(period.to), -1);
  return months.filter((m) => m >= first && (last === null || m <= last));
}

export interface AssetInput {
  id: string;
  serial: string;
  articleCode: string | null;
  serviceCode: string | null;
  model: string;
  periods: readonly PeriodInput[];
}

/**
 * R-6.4, R-5.4: the monthly charges of a rented (or fee-carrying) asset for the months asked for: each
 * month goes to the unit whose period covers it under the part-month rule, priced by the article's
 * monthly fee on the month's first day. An early-returned asset is charged like an active one until it
 * is reassigned (its period's basis says so on the line). Short-term rentals are charged separately
 * (`shortTermCharges`).
 */
export function assetCharges(asset: AssetInput, months: readonly YearMonth[], book: PriceBook, cfg: Pick<BillingConfig, 'partMonth'>): ChargeResult {
  const charges: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  if (!months.length || !asset.periods.length) return { charges, warnings };
  if (!asset.articleCode) {
    warnings.push({
      subjectId: asset.id,
      subjectLabel: asset.serial,
      reason: 'billed asset without a price-list article',
      reasonSv: 'debiterad utrustning saknar artikel i prislistan',
    });
    return { charges, warnings };
  }
  for (const period of asset.periods) {
    for (const month of chargedMonths(period, cfg.partMonth, months)) {
      const price = priceOn(book, asset.articleCode, firstDayOf(month));
      if (!price || price.monthlyFee === null) {
        warnings.push({
          subjectId: asset.id,
          subjectLabel: asset.serial,
          reason: `article ${asset.articleCode} has no monthly fee on ${firstDayOf(month)}`,
          reasonSv: `artikel ${asset.articleCode} saknar månadsavgift ${firstDayOf(month)}`,
        });
        continue;
      }
      const early = period.basis === 'early_return';
      charges.push({
        key: chargeKey('asset', asset.id, asset.articleCode, month, period.unitId),
        unitId: period.unitId,
        source: 'asset',
        group: 'periodic',
        subjectId: asset.id,
        subjectLabel: asset.serial,
        articleCode: asset.articleCode,
        description: assetDescription(price.name, asset.model),
        month,
        quantity: 1,
        quantityUnit: 'month',
        unitPriceOre: price.monthlyFee,
        amountOre: price.monthlyFee,
        // R-5.4 (early return), R-6.4 (part-month rule): the requirement ids stay out of the text users read.
        rule: early ? 'återlämnad i förtid: debiteras tills den omfördelas' : assetRentRule(cfg.partMonth),
      });
    }
  }
  return { charges, warnings };
}

/** How an asset's monthly line is described: the article's name and the asset's model. */
export function assetDescription(articleName: string, model: string): string {
  return `${articleName} – ${model}`;
}

/** The rule shown on an active asset's monthly line (R-6.4 with the mission's part-month rule). */
export function assetRentRule(partMonth: PartMonthRule): string {
  return `hyra per månad, ${PART_MONTH_RULE_SV[partMonth]}`;
}

// ---- the bulk path of ordinary monthly charges (decision 0006) -----------------------------------------

/**
 * The bounds of an ordinary period for a run's months: started before the first month began and, if
 * ended, not before the month after the last. Such a period is charged every one of the months under
 * either part-month rule (rules.test.ts proves it with a property), so the database can charge it
 * without the rules above: one line per month at the article's monthly fee.
 */
export function plainPeriodBounds(months: readonly YearMonth[]): { startsBefore: string; endsFrom: string } | undefined {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return { startsBefore: firstDayOf(first), endsFrom: firstDayOf(addMonthsYm(last, 1)) };
}

/** Whether a period is ordinary for the months (plainPeriodBounds): active, and spanning all of them. */
export function isPlainPeriod(period: PeriodInput, months: readonly YearMonth[]): boolean {
  const b = plainPeriodBounds(months);
  return b !== undefined && period.basis === 'active' && period.from < b.startsBefore && (period.to === null || period.to >= b.endsFrom);
}

export interface BulkAssetPrice {
  articleCode: string;
  month: YearMonth;
  monthlyFee: number;
  name: string;
}

/**
 * The articles whose assets the bulk path may charge for the months, with the fee and name of each
 * month: an article with a monthly fee in force on the first day of every month, and not a short-term
 * rental (those go through shortTermCharges). Assets of any other article go through assetCharges,
 * which warns about what is missing.
 */
export function bulkAssetPrices(book: PriceBook, weekly: ReadonlySet<string>, months: readonly YearMonth[]): BulkAssetPrice[] {
  const out: BulkAssetPrice[] = [];
  for (const articleCode of book.keys()) {
    if (weekly.has(articleCode)) continue;
    const priced = months.map((month) => ({ month, price: priceOn(book, articleCode, firstDayOf(month)) }));
    if (!priced.length || priced.some((p) => !p.price || p.price.monthlyFee === null)) continue;
    for (const { month, price } of priced) {
      if (price && price.monthlyFee !== null) out.push({ articleCode, month, monthlyFee: price.monthlyFee, name: price.name });
    }
  }
  return out;
}

/**
 * R-4.1 Korttidshyra, R-5.9: the shortest a loan of the service lasts — what the laptop pool books and
 * billing charges at least: the mission's `minimumDays` of the service, one week where it names none.
 */
export function loanMinimumDays(cfg: Pick<BillingConfig, 'minimumDays'>, serviceCode: string | null): number {
  return (serviceCode === null ? undefined : cfg.minimumDays[serviceCode]) ?? 7;
}

/**
 * R-4.1 Korttidshyra, R-5.9: a short-term rental (a loan from IT's pool) is charged once it has ended,
 * per started week of the loan, at least the service's minimum (a week); the key's month is the month
 * it ended. A loan ends when the laptop is handed back: only the loan's own ('active') periods are
 * charged. An early-return period (R-5.4, for equipment a unit rents for its life) never applies to a
 * loan (assets/rules isEarlyReturn); one recorded before that rule is not charged to the borrower
 * (issue 16: a two-day loan was billed three weeks, until the laptop was lent again). Rentals that have
 * not ended before the cutoff wait for a later run.
 */
export function shortTermCharges(asset: AssetInput, before: string, book: PriceBook, cfg: Pick<BillingConfig, 'minimumDays'>): ChargeResult {
  const charges: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  for (const period of asset.periods) {
    if (period.basis !== 'active') continue;
    if (period.to === null || period.to >= before) continue;
    const article = asset.articleCode;
    const price = article ? priceOn(book, article, period.from) : undefined;
    if (!article || !price || price.weeklyFee === null) {
      warnings.push({
        subjectId: asset.id,
        subjectLabel: asset.serial,
        reason: `no weekly fee for the rental starting ${period.from}`,
        reasonSv: `veckohyra saknas för hyran från ${period.from}`,
      });
      continue;
    }
    const minimum = loanMinimumDays(cfg, asset.serviceCode);
    const days = Math.max(daysBetween(period.from, period.to), minimum);
    const weeks = Math.ceil(days / 7);
    const month = monthOf(period.to);
    charges.push({
      key: chargeKey('short_term', asset.id, article, `${month}:${period.from}`, period.unitId),
      unitId: period.unitId,
      source: 'short_term',
      group: 'continuous',
      subjectId: asset.id,
      subjectLabel: asset.serial,
      articleCode: article,
      description: `${price.name} ${period.from} – ${period.to}`,
      month,
      quantity: weeks,
      quantityUnit: 'week',
      unitPriceOre: price.weeklyFee,
      amountOre: weeks * price.weeklyFee,
      rule: `lån per påbörjad vecka, minst ${minimum} dagar, till och med återlämningen`,
    });
  }
  return { charges, warnings };
}

/** A delivered order line with the prices copied when it was ordered (R-4.3). */
export interface OrderLineInput {
  id: string;
  orderNumber: string;
  position: number;
  unitId: string;
  articleCode: string | null;
  description: string;
  billingModel: string | null;
  quantity: number;
  purchasePrice: number | null;
  hourlyRate: number | null;
  deliveredOn: string;
}

/**
 * R-6.1: accessories, purchases (a phone's purchase price) and hours ordered (a move, extra support) are
 * charged once, in the next run after delivery, at the prices of the order. Rentals and fees of the
 * line are charged through the asset it became.
 */
export function orderLineCharge(line: OrderLineInput): ChargeResult {
  const label = `${line.orderNumber}:${line.position}`;
  const month = monthOf(line.deliveredOn);
  const article = line.articleCode ?? 'order';
  const base = {
    unitId: line.unitId,
    group: 'continuous' as const,
    source: 'order_line' as const,
    subjectId: line.id,
    subjectLabel: label,
    articleCode: article,
    description: line.description,
    month,
    key: chargeKey('order_line', line.id, article, month, line.unitId),
  };
  if (line.billingModel === 'hourly') {
    if (line.hourlyRate === null) {
      return {
        charges: [],
        warnings: [{ subjectId: line.id, subjectLabel: label, reason: 'ordered hours without an hourly rate', reasonSv: 'beställda timmar saknar timpris' }],
      };
    }
    return {
      charges: [
        {
          ...base,
          quantity: line.quantity,
          quantityUnit: 'hour',
          unitPriceOre: line.hourlyRate,
          amountOre: line.quantity * line.hourlyRate,
          rule: 'per timme enligt beställningen',
        },
      ],
      warnings: [],
    };
  }
  if (line.billingModel === 'one_off' || line.billingModel === 'purchase_plus_monthly_fee') {
    if (line.purchasePrice === null) {
      return { charges: [], warnings: [{ subjectId: line.id, subjectLabel: label, reason: 'purchase without a price', reasonSv: 'inköp saknar pris' }] };
    }
    return {
      charges: [
        {
          ...base,
          quantity: line.quantity,
          quantityUnit: 'piece',
          unitPriceOre: line.purchasePrice,
          amountOre: line.quantity * line.purchasePrice,
          rule: 'löpande inköp vid leverans',
        },
      ],
      warnings: [],
    };
  }
  return { charges: [], warnings: [] };
}

/** On-call time logged on a ticket (R-3.6): its billable minutes are already rounded by the desk's rule. */
export interface OnCallInput {
  id: string;
  ticketNumber: string;
  unitId: string | null;
  startedOn: string;
  billableMinutes: number;
}

/**
 * R-3.6, R-6.1: on-call time is charged to the ticket's unit in the next run, billable minutes (at least
 * half an hour, per started half hour: the desk's rule) at the hourly price of the on-call service on
 * the day the work started, rounded to whole öre.
 */
export function onCallCharge(entry: OnCallInput, items: readonly PriceItem[], cfg: Pick<BillingConfig, 'onCallServiceCode'>): ChargeResult {
  const label = entry.ticketNumber;
  if (!entry.unitId) {
    return {
      charges: [],
      warnings: [
        { subjectId: entry.id, subjectLabel: label, reason: 'on-call time on a ticket without a unit', reasonSv: 'beredskapstid på ett ärende utan enhet' },
      ],
    };
  }
  const price = servicePriceOn(items, cfg.onCallServiceCode, entry.startedOn);
  if (!price || price.hourlyRate === null) {
    return {
      charges: [],
      warnings: [
        {
          subjectId: entry.id,
          subjectLabel: label,
          reason: `no hourly price for ${cfg.onCallServiceCode} on ${entry.startedOn}`,
          reasonSv: `timpris för ${cfg.onCallServiceCode} saknas ${entry.startedOn}`,
        },
      ],
    };
  }
  const month = monthOf(entry.startedOn);
  return {
    charges: [
      {
        key: chargeKey('on_call', entry.id, price.articleCode, month, entry.unitId),
        unitId: entry.unitId,
        source: 'on_call',
        group: 'continuous',
        subjectId: entry.id,
        subjectLabel: label,
        articleCode: price.articleCode,
        description: `${price.name}, ärende ${entry.ticketNumber} ${entry.startedOn}`,
        month,
        quantity: entry.billableMinutes,
        quantityUnit: 'minute',
        unitPriceOre: price.hourlyRate,
        amountOre: roundDiv(entry.billableMinutes * price.hourlyRate, 60),
        rule: 'beredskapstid, minst en halvtimme, per påbörjad halvtimme',
      },
    ],
    warnings: [],
  };
}

/** A unit's subscription to a periodic service: IT support, telephony, an application, the central cost. */
export interface SubscriptionInput {
  id: string;
  unitId: string;
  articleCode: string;
  label: string;
  quantity: number;
  startsOn: string;
  /** The day it ends; for an application the day it was terminated (R-6.5). */
  endsOn: string | null;
  /** Issue 18: the application a fee typed by hand is for (its agreement takes over the months it charges). */
  applicationId?: string | null;
}

/**
 * R-6.5: the years an application is billed: from the year after it started; terminated no later than
 * the deadline (30 April) of a year, it is billed through that year; terminated later, one more year.
 */
export function applicationYears(startsOn: string, terminatedOn: string | null, deadlineMonthDay: string): { from: number; through: number | null } {
  const from = Number(startsOn.slice(0, 4)) + 1;
  if (terminatedOn === null) return { from, through: null };
  const year = Number(terminatedOn.slice(0, 4));
  return { from, through: terminatedOn.slice(5) <= deadlineMonthDay ? year : year + 1 };
}

/**
 * A whole number of öre split into `parts` parts by largest remainder (Hamilton): every part gets the
 * quota rounded down, and the öre left over go one each to parts with the largest remainders. With
 * equal parts every remainder ties; the tie is broken so the extra öre fall evenly across the parts
 * (part i gets one where ⌊total·i/parts⌋ steps past the quota), which makes part i a function of
 * (total, parts, i) alone: the same month always gets the same share, whichever run charges it. The
 * parts sum to the total exactly and differ by at most one öre (rules.test.ts, properties).
 */
export function splitEvenly(totalOre: number, parts: number): number[] {
  if (!Number.isInteger(totalOre) || !Number.isInteger(parts) || parts < 1) throw new RangeError('splitEvenly needs whole öre and at least one part');
  return Array.from({ length: parts }, (_, i) => shareOf(totalOre, parts, i + 1));
}

/** Part `index` (1-based) of splitEvenly(totalOre, parts), without building the others. */
function shareOf(totalOre: number, parts: number, index: number): number {
  return Math.floor((totalOre * index) / parts) - Math.floor((totalOre * (index - 1)) / parts);
}

/**
 * R-6.2: a yearly fee spread over the twelve months (splitEvenly): the months sum to the fee exactly
 * (10 000,00 kr → eight months of 833,33 and four of 833,34), and a month's share depends on nothing
 * but the fee and the month.
 */
export function monthlyShare(yearlyOre: number, month: number): number {
  return shareOf(yearlyOre, 12, month);
}

/** "04-30" → "30 april": the application deadline as the rule text says it (R-6.5). */
function monthDaySv(monthDay: string): string {
  return `${Number(monthDay.slice(3, 5))} ${MONTH_SV[Number(monthDay.slice(0, 2)) - 1] ?? monthDay.slice(0, 2)}`;
}

/**
 * The part-month rule as a subscription's line says it: a service starts and ends, it is not delivered
 * and returned (issue 16: IT support was explained with the rent text).
 */
export const SUBSCRIPTION_PART_MONTH_SV: Record<PartMonthRule, string> = {
  from_month_after_start: 'från månaden efter start till och med månaden då tjänsten upphör',
  from_start_month: 'från startmånaden till och med månaden före den då tjänsten upphör',
};

/** What a subscription's quantity counts: users for IT support (per user and year), else pieces. */
export function subscriptionQuantityUnit(serviceCode: string, cfg: Pick<BillingConfig, 'userServiceCodes'>): QuantityUnit {
  return cfg.userServiceCodes.includes(serviceCode) ? 'user' : 'piece';
}

/**
 * Periodic subscriptions (R-6.2), by the billing model of the article in force: the central cost's
 * yearly fee once, in the central-cost run; an application's yearly fee (R-6.5) spread evenly over the
 * months of the years it is billed; any other yearly fee (IT support per user, telephony per
 * extension) spread evenly over the months the part-month rule charges; a monthly fee per month.
 */
export function subscriptionCharges(
  sub: SubscriptionInput,
  months: readonly YearMonth[],
  centralYear: number | null,
  book: PriceBook,
  cfg: Pick<BillingConfig, 'partMonth' | 'applicationDeadline' | 'userServiceCodes'>,
): ChargeResult {
  const charges: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  const missing = (on: string, what: string, whatSv: string) =>
    warnings.push({
      subjectId: sub.id,
      subjectLabel: sub.label,
      reason: `article ${sub.articleCode} has no ${what} on ${on}`,
      reasonSv: `artikel ${sub.articleCode} saknar ${whatSv} ${on}`,
    });
  const base = (month: YearMonth, price: PriceItem) => ({
    unitId: sub.unitId,
    subjectId: sub.id,
    subjectLabel: sub.label,
    articleCode: sub.articleCode,
    description: sub.label === price.name ? price.name : `${price.name}: ${sub.label}`,
    month,
  });
  if (centralYear !== null && sub.startsOn <= `${centralYear}-12-31` && (sub.endsOn === null || sub.endsOn > `${centralYear}-01-01`)) {
    const on = `${centralYear}-01-01`;
    const price = priceOn(book, sub.articleCode, on);
    if (price?.billingModel === 'central_cost') {
      if (price.yearlyFee === null) missing(on, 'yearly fee', 'årsavgift');
      else {
        charges.push({
          ...base(`${centralYear}-01`, price),
          key: chargeKey('central', sub.id, sub.articleCode, String(centralYear), sub.unitId),
          source: 'central',
          group: 'central',
          quantity: sub.quantity,
          quantityUnit: subscriptionQuantityUnit(price.serviceCode, cfg),
          unitPriceOre: price.yearlyFee,
          amountOre: sub.quantity * price.yearlyFee,
          rule: 'central kostnad, en gång per år',
        });
      }
    }
  }
  for (const month of months) {
    const on = firstDayOf(month);
    const price = priceOn(book, sub.articleCode, on);
    if (!price) {
      if (sub.startsOn <= `${month}-31` && (sub.endsOn === null || sub.endsOn >= on)) missing(on, 'price', 'pris');
      continue;
    }
    if (price.billingModel === 'central_cost') continue;
    const application = price.billingModel === 'application_fee';
    if (application) {
      const years = applicationYears(sub.startsOn, sub.endsOn, cfg.applicationDeadline);
      const year = Number(month.slice(0, 4));
      if (year < years.from || (years.through !== null && year > years.through)) continue;
    } else if (!chargedMonths({ from: sub.startsOn, to: sub.endsOn }, cfg.partMonth, [month]).length) continue;
    const yearly = application || price.billingModel === 'yearly_fee';
    const fee = yearly ? price.yearlyFee : price.monthlyFee;
    if (fee === null) {
      missing(on, yearly ? 'yearly fee' : 'monthly fee', yearly ? 'årsavgift' : 'månadsavgift');
      continue;
    }
    const perMonth = yearly ? monthlyShare(fee, Number(month.slice(5, 7))) : fee;
    const source = application ? 'application' : 'subscription';
    // R-6.5 (applications), R-6.2 (periodic fees): the ids stay in this comment, not in the text users read.
    const rule = application
      ? `applikation: årsavgiften fördelad jämnt på årets månader, från året efter start; uppsagd senast ${monthDaySv(cfg.applicationDeadline)} debiteras den inte nästa år`
      : `${yearly ? 'årsavgiften fördelad jämnt på årets månader' : 'månadsavgift'}, ${SUBSCRIPTION_PART_MONTH_SV[cfg.partMonth]}`;
    charges.push({
      ...base(month, price),
      key: chargeKey(source, sub.id, sub.articleCode, month, sub.unitId),
      source,
      group: 'periodic',
      quantity: sub.quantity,
      quantityUnit: subscriptionQuantityUnit(price.serviceCode, cfg),
      unitPriceOre: perMonth,
      amountOre: sub.quantity * perMonth,
      rule,
    });
  }
  return { charges, warnings };
}

// ---- application agreements (issue 18, R-6.5, R-7.3) ------------------------------------------------

/** An application's agreement as a billing run reads it: its status, dates, quantities and split. */
export interface AgreementBillingInput {
  applicationId: string;
  name: string;
  status: ApplicationStatus;
  /** The day it became active; the fee is charged from the following year (R-6.5). */
  startsOn: string | null;
  terminatedOn: string | null;
  /** The current agreement version's quantity per cost driver; null when no agreement is written. */
  quantities: Readonly<Record<string, number>> | null;
  split: CostSplit;
}

/** How a unit's part of the split reads on its line: "40 %" or "12 av 40 användare". */
function partSv(split: CostSplit, unitId: string): string {
  if (split.mode === 'share') {
    const bp = split.units.find((u) => u.unitId === unitId)?.shareBp ?? 0;
    return `${bp % 100 === 0 ? bp / 100 : (bp / 100).toFixed(2).replace('.', ',')} %`;
  }
  const all = split.units.reduce((sum, u) => sum + u.users, 0);
  return `${split.units.find((u) => u.unitId === unitId)?.users ?? 0} av ${all} användare`;
}

/**
 * Issue 18 (R-6.5, R-7.3): what an application's agreement charges its paying units in the months
 * asked for. The yearly cost is the agreement's quantities under the cost model of the year
 * (agreements/rules agreementCost), split between the units (splitCost: the parts sum to the cost
 * exactly), and each unit's part spread evenly over the year's months (monthlyShare). The years follow
 * R-6.5 (applicationYears): from the year after it became active; terminated no later than the
 * deadline, not the next year; later, one more year. An application in preparation charges nothing.
 * What cannot be charged is a warning for finance: shares that do not add up to 100 %, an active
 * application without an agreement or without a cost, a year without a cost model, quantities of
 * drivers the model does not have.
 */
export function agreementCharges(
  app: AgreementBillingInput,
  months: readonly YearMonth[],
  driversOfYear: (year: number) => readonly CostDriver[] | null,
  cfg: Pick<BillingConfig, 'applicationDeadline' | 'agreementArticleCode'>,
): ChargeResult {
  const charges: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  if (app.status === 'in_preparation' || app.startsOn === null) return { charges, warnings };
  const warn = (reason: string, reasonSv: string) => warnings.push({ subjectId: app.applicationId, subjectLabel: app.name, reason, reasonSv });
  const years = applicationYears(app.startsOn, app.status === 'terminated' ? app.terminatedOn : null, cfg.applicationDeadline);
  const billed = months.filter((m) => {
    const year = Number(m.slice(0, 4));
    return year >= years.from && (years.through === null || year <= years.through);
  });
  if (billed.length === 0) return { charges, warnings };
  if (app.quantities === null) {
    warn('the application is billed but has no agreement: write its agreement', 'applikationen ska debiteras men saknar avtal: skriv avtalet');
    return { charges, warnings };
  }
  if (splitProblems(app.split).length > 0) {
    const sum = shareSum(app.split);
    warn(
      `the paying units' shares add up to ${sum / 100} %, not 100 %: correct the split on the application`,
      `enheternas andelar blir ${String(sum / 100).replace('.', ',')} % i stället för 100 %: rätta fördelningen på applikationen`,
    );
    return { charges, warnings };
  }
  const deadline = monthDaySv(cfg.applicationDeadline);
  for (const year of [...new Set(billed.map((m) => Number(m.slice(0, 4))))]) {
    const drivers = driversOfYear(year);
    if (drivers === null) {
      warn(`there is no cost model for ${year}: finance creates it`, `det finns ingen schablonmodell för ${year}: ekonomi lägger upp den`);
      continue;
    }
    const cost = agreementCost(app.quantities, drivers);
    if (cost.unknownDrivers.length > 0) {
      warn(
        `the agreement has quantities of drivers the ${year} model lacks (${cost.unknownDrivers.join(', ')}): revise the agreement`,
        `avtalet har mängder för kostnadsdrivare som saknas i schablonmodellen för ${year} (${cost.unknownDrivers.join(', ')}): revidera avtalet`,
      );
    }
    if (cost.totalOre === 0) {
      if (app.status === 'active') {
        warn(
          `the agreement costs nothing under the ${year} model: enter its quantities`,
          `avtalet kostar ingenting enligt schablonmodellen för ${year}: ange mängderna`,
        );
      }
      continue;
    }
    const parts = splitCost(cost.totalOre, app.split);
    for (const month of billed.filter((m) => Number(m.slice(0, 4)) === year)) {
      for (const part of parts) {
        const amountOre = monthlyShare(part.amountOre, Number(month.slice(5, 7)));
        if (amountOre === 0) continue;
        charges.push({
          key: chargeKey('application', app.applicationId, cfg.agreementArticleCode, month, part.unitId),
          unitId: part.unitId,
          source: 'application',
          group: 'periodic',
          subjectId: app.applicationId,
          subjectLabel: app.name,
          articleCode: cfg.agreementArticleCode,
          description: `Applikationsavtal: ${app.name}`,
          month,
          quantity: 1,
          quantityUnit: 'piece',
          unitPriceOre: amountOre,
          amountOre,
          rule: `applikationsavtal: årskostnaden enligt schablonmodellen ${year}, enhetens andel ${partSv(app.split, part.unitId)}, fördelad jämnt på årets månader; från året efter start, uppsagd senast ${deadline} debiteras den inte nästa år`,
        });
      }
    }
  }
  return { charges, warnings };
}

/** What changed on a subject since the previous run (asset event, subscription, application), for reason hints. */
export interface SubjectChange {
  kind: string;
  on: string;
  unitName: string | null;
}

/**
 * Issue 18 and R-6.2: the periodic charges of a municipality's applications and subscriptions in a run.
 * Every agreement over the run's months, a changed one also over the months already billed (its
 * corrections; what could not be charged then was warned of then); every subscription over the run's
 * months, a changed one — or one whose application changed — also over the billed months; a typed fee
 * linked to an application gives way for the months the agreement charges. `changed` gains the
 * applications and the subscriptions recomputed with them, so the run reads what they were billed.
 */
export function periodicFeeCharges(input: {
  applications: readonly (AgreementBillingInput & { changedOn: SubjectChange | null })[];
  subscriptions: readonly SubscriptionInput[];
  changed: Map<string, SubjectChange>;
  coverage: readonly YearMonth[];
  lookback: readonly YearMonth[];
  centralYear: number | null;
  book: PriceBook;
  driversOfYear: (year: number) => readonly CostDriver[] | null;
  cfg: Pick<BillingConfig, 'partMonth' | 'applicationDeadline' | 'userServiceCodes' | 'agreementArticleCode'>;
}): ChargeResult {
  const { changed, coverage, lookback, cfg } = input;
  const charges: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  const agreementMonths = new Map<string, Set<YearMonth>>();
  for (const app of input.applications) {
    if (app.changedOn) changed.set(app.applicationId, app.changedOn);
    const now = agreementCharges(app, coverage, input.driversOfYear, cfg);
    const earlier = app.changedOn ? agreementCharges(app, lookback, input.driversOfYear, cfg).charges : [];
    charges.push(...earlier, ...now.charges);
    warnings.push(...now.warnings);
    agreementMonths.set(app.applicationId, new Set([...earlier, ...now.charges].map((c) => c.month)));
  }
  for (const sub of input.subscriptions) {
    const application = sub.applicationId ? changed.get(sub.applicationId) : undefined;
    if (application && !changed.has(sub.id)) changed.set(sub.id, application);
    const result = subscriptionCharges(sub, changed.has(sub.id) ? [...lookback, ...coverage] : coverage, input.centralYear, input.book, cfg);
    const byAgreement = sub.applicationId ? agreementMonths.get(sub.applicationId) : undefined;
    charges.push(...(byAgreement ? withoutAgreementMonths(result.charges, byAgreement) : result.charges));
    warnings.push(...result.warnings);
  }
  return { charges, warnings };
}

/**
 * Issue 18: no application is charged twice. A subscription typed by hand for an application
 * (`application_fee`, linked to it) is dropped for the months its agreement charges; in the months the
 * agreement charges nothing (no cost model yet, say) the subscription still does — the way over from
 * fees typed by hand.
 */
export function withoutAgreementMonths(charges: readonly Charge[], agreementMonths: ReadonlySet<YearMonth>): Charge[] {
  return charges.filter((c) => c.group !== 'periodic' || !agreementMonths.has(c.month));
}

// ---- reconciling with what was billed (R-6.6) ---------------------------------------------------------

export type LineKind = 'charge' | 'correction';

export interface RunLine extends Charge {
  kind: LineKind;
  /** For a correction: what approved runs billed for the key before, and why it changes. */
  previouslyBilledOre: number;
  reason: string | null;
}

/** Why a subject's charge changed, from the events the service read (asset history, subscription end). */
export type ReasonHints = ReadonlyMap<string, string>;

/**
 * R-6.6: the lines of a run. For every key in scope, what it should cost now minus what approved runs
 * billed for it; zero differences are left out. A key billed before, or a periodic key of a month
 * before the run's periods, becomes a correction (credit when negative) carrying the reason the
 * service found for its subject; anything else is an ordinary charge. `billed` holds the sums of
 * approved lines by key for every key in scope (keys no longer expected are credited in full). Lines
 * come in the order of `expected`, then the credits (sort with `compareLines` to present them).
 */
/** A line from a charge, built property by property (a run has 100,000 of them; spreading is slower). */
function lineOf(c: Charge, kind: LineKind, quantity: number, amountOre: number, previouslyBilledOre: number, reason: string | null): RunLine {
  return {
    key: c.key,
    unitId: c.unitId,
    source: c.source,
    group: c.group,
    subjectId: c.subjectId,
    subjectLabel: c.subjectLabel,
    articleCode: c.articleCode,
    description: c.description,
    month: c.month,
    quantity,
    quantityUnit: c.quantityUnit,
    unitPriceOre: c.unitPriceOre,
    amountOre,
    rule: c.rule,
    kind,
    previouslyBilledOre,
    reason,
  };
}

export function reconcile(
  expected: readonly Charge[],
  billed: ReadonlyMap<string, { amountOre: number; charge: Charge }>,
  scope: Pick<RunScope, 'periodicMonths' | 'runMonth'>,
  hints: ReasonHints = new Map(),
): RunLine[] {
  const coverageStart = scope.periodicMonths[0] ?? scope.runMonth;
  const lines: RunLine[] = [];
  const seen = new Set<string>();
  const reasonOf = (c: Charge, fallback: string) => hints.get(c.subjectId) ?? fallback;
  for (const c of expected) {
    if (seen.has(c.key)) throw new Error(`charge key ${c.key} computed twice`);
    seen.add(c.key);
    const before = billed.get(c.key)?.amountOre ?? 0;
    const delta = c.amountOre - before;
    if (delta === 0) continue;
    const late = c.group !== 'continuous' && c.month < coverageStart;
    if (before === 0 && !late && !billed.has(c.key)) {
      lines.push(lineOf(c, 'charge', c.quantity, c.amountOre, 0, null));
      continue;
    }
    lines.push(
      lineOf(
        c,
        'correction',
        before === 0 ? c.quantity : 0,
        delta,
        before,
        reasonOf(c, before === 0 ? `ej debiterad tidigare för ${c.month}` : `ändrat belopp för ${c.month}`),
      ),
    );
  }
  for (const [key, b] of billed) {
    if (seen.has(key) || b.amountOre === 0) continue;
    const c = b.charge;
    lines.push(lineOf(c, 'correction', -c.quantity, -b.amountOre, b.amountOre, reasonOf(c, `ska inte debiteras för ${c.month}`)));
  }
  return lines;
}

export function compareLines(a: Pick<Charge, 'unitId' | 'key'>, b: Pick<Charge, 'unitId' | 'key'>): number {
  return a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A run's total, per unit and in all (R-6.3): always the sum of its lines. */
export function totals(lines: readonly Pick<Charge, 'unitId' | 'amountOre'>[]): { totalOre: number; byUnit: Map<string, number> } {
  const byUnit = new Map<string, number>();
  let totalOre = 0;
  for (const l of lines) {
    totalOre += l.amountOre;
    byUnit.set(l.unitId, (byUnit.get(l.unitId) ?? 0) + l.amountOre);
  }
  return { totalOre, byUnit };
}

// ---- changes since the previous invoice (R-6.3) -----------------------------------------------------------

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface BasisChange {
  unitId: string;
  /** source:subject:article (and 'correction' for corrections). */
  groupKey: string;
  subjectId: string;
  subjectLabel: string;
  articleCode: string;
  description: string;
  kind: ChangeKind;
  previousOre: number;
  currentOre: number;
  deltaOre: number;
  reason: string;
}

type DiffLine = Pick<
  RunLine,
  'unitId' | 'source' | 'subjectId' | 'subjectLabel' | 'articleCode' | 'description' | 'amountOre' | 'unitPriceOre' | 'quantity' | 'kind'
> & {
  months?: number;
  /**
   * The price-list price the unit price came from, where the two differ: the yearly fee of a fee
   * spread over the months (listPriceOf). Months of one yearly fee differ by an öre (splitEvenly); with
   * this, that is never taken for a price change. Absent: the unit price is the list price.
   */
  listPriceOre?: number | null;
};

/**
 * The price-list price behind a line, for the comparison of two runs (diffRuns): for a subscription or
 * an application charged from a yearly fee, that fee in force on the month's first day; otherwise null
 * (the unit price is the list price itself).
 */
export function listPriceOf(line: Pick<RunLine, 'source' | 'articleCode' | 'month'>, book: PriceBook): number | null {
  if (line.source !== 'subscription' && line.source !== 'application') return null;
  if (!isMonth(line.month)) return null;
  const price = priceOn(book, line.articleCode, firstDayOf(line.month));
  return price && (price.billingModel === 'yearly_fee' || price.billingModel === 'application_fee') ? price.yearlyFee : null;
}

function groupKeyOf(l: DiffLine): string {
  return `${l.unitId}|${l.kind === 'correction' ? 'correction:' : ''}${l.source}:${l.subjectId}:${l.articleCode}`;
}

interface Group {
  line: DiffLine;
  amountOre: number;
  /** The list prices of its lines (the unit price where a line names none). */
  prices: Set<number>;
  quantity: number;
}

function groupLines(lines: readonly DiffLine[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const l of lines) {
    const k = groupKeyOf(l);
    const g = groups.get(k) ?? { line: l, amountOre: 0, prices: new Set<number>(), quantity: 0 };
    g.amountOre += l.amountOre;
    g.quantity += l.quantity;
    g.prices.add(l.listPriceOre ?? l.unitPriceOre);
    groups.set(k, g);
  }
  return groups;
}

/**
 * An agreement's months carry no list price (its fee is the agreement's, not the price list's): months
 * of one yearly part differ by at most an öre (monthlyShare), which is no price change.
 */
function monthsOfOneFee(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const all = [...a, ...b];
  return Math.max(...all) - Math.min(...all) <= 1;
}

function samePrices(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  return a.size === b.size && [...a].every((p) => b.has(p));
}

/** Swedish names of the charge sources, as the basis and its exports show them. */
export const SOURCE_SV: Record<ChargeSource, string> = {
  asset: 'utrustning',
  short_term: 'korttidshyra',
  order_line: 'beställning',
  on_call: 'beredskapstid',
  subscription: 'tjänst',
  application: 'applikation',
  central: 'central kostnad',
};

/**
 * R-6.3: what changed since the previous run, per unit, by subject and article: added, removed or
 * changed, with the reason (the hint the service found for the subject — delivery, return, move, end —
 * or, failing that, what the numbers show: another unit price is a price change, another quantity a
 * part month). Lines are grouped by unit, source, subject and article, so the deltas of a unit sum to
 * the change of its total, and every changed öre is explained.
 */
export function diffRuns(previous: readonly DiffLine[], current: readonly DiffLine[], hints: ReasonHints = new Map()): BasisChange[] {
  const before = groupLines(previous);
  const after = groupLines(current);
  const changes: BasisChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const previousOre = b?.amountOre ?? 0;
    const currentOre = a?.amountOre ?? 0;
    if (previousOre === currentOre && b && a) continue;
    const line = (a ?? b)?.line as DiffLine;
    const kind: ChangeKind = !b ? 'added' : !a ? 'removed' : 'changed';
    const hint = hints.get(line.subjectId);
    let reason: string;
    if (line.kind === 'correction') reason = hint ? `rättelse: ${hint}` : 'rättelse av tidigare period';
    else if (hint) reason = hint;
    else if (kind === 'added') {
      reason =
        line.source === 'asset' || line.source === 'subscription' || line.source === 'application'
          ? `ny ${SOURCE_SV[line.source]}`
          : `löpande ${SOURCE_SV[line.source]}`;
    } else if (kind === 'removed') {
      reason =
        line.source === 'asset' || line.source === 'subscription' || line.source === 'application'
          ? `${SOURCE_SV[line.source]} debiteras inte längre`
          : `löpande ${SOURCE_SV[line.source]} i förra körningen`;
    } else if (b && a && !samePrices(a.prices, b.prices) && !(line.source === 'application' && monthsOfOneFee(a.prices, b.prices))) {
      reason = 'ändrat pris i prislistan';
    }
    // Same price, same quantity: only the split of a yearly fee into whole-öre months differs (issue 16).
    else if (b && a && a.quantity === b.quantity) reason = 'samma pris; årsavgiften fördelas på månaderna i hela ören, så månaderna kan skilja ett öre';
    else reason = 'ändrat antal (del av period)';
    changes.push({
      unitId: line.unitId,
      groupKey: key.slice(key.indexOf('|') + 1),
      subjectId: line.subjectId,
      subjectLabel: line.subjectLabel,
      articleCode: line.articleCode,
      description: line.description,
      kind,
      previousOre,
      currentOre,
      deltaOre: currentOre - previousOre,
      reason,
    });
  }
  return changes.sort((x, y) => (x.unitId < y.unitId ? -1 : x.unitId > y.unitId ? 1 : x.groupKey < y.groupKey ? -1 : x.groupKey > y.groupKey ? 1 : 0));
}

/** What happened to a subject, in Swedish past tense, for the reasons on the basis (R-6.3). */
const PAST_SV: Record<string, string> = {
  register: 'registrerad',
  import: 'importerad',
  deliver: 'levererad',
  move: 'flyttad',
  reassign: 'omfördelad',
  return: 'återlämnad',
  stock: 'intagen i lager',
  retire: 'avvecklad',
  erase: 'raderad',
  sell: 'såld',
  recycle: 'återvunnen',
  report_stolen: 'anmäld stulen',
  report_damaged: 'anmäld skadad',
  settle: 'reglerad',
  update: 'ändrad',
  subscription_start: 'ny tjänst från',
  subscription_end: 'avslutad',
  subscription_change: 'ändrad tjänst',
  application_change: 'ändrat applikationsavtal',
  application_terminated: 'applikationen uppsagd',
};

/**
 * Reason hints (R-6.3) from what changed since the previous run, by subject: the last event and its
 * day, e.g. "återlämnad 2023-02-10", "flyttad 2023-04-12 till Skola", "avslutad 2023-05-20".
 */
export function hintsOf(changed: ReadonlyMap<string, { kind: string; on: string; unitName: string | null }>): ReasonHints {
  const hints = new Map<string, string>();
  for (const [id, c] of changed) {
    const what = PAST_SV[c.kind] ?? c.kind;
    hints.set(id, `${what} ${c.on}${(c.kind === 'move' || c.kind === 'reassign') && c.unitName ? ` till ${c.unitName}` : ''}`);
  }
  return hints;
}

// ---- run states (R-6.6) -----------------------------------------------------------------------------------

export const RUN_STATUSES = ['draft', 'reviewed', 'approved'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_SV: Record<RunStatus, string> = { draft: 'utkast', reviewed: 'granskad', approved: 'godkänd' };

export type RunAction = 'recompute' | 'review' | 'reopen' | 'approve' | 'discard';

/**
 * R-6.6: runs follow each other. Once a month is approved, no earlier month can be computed: what
 * approved runs billed is what a run reconciles with, so a run behind the latest approved one would
 * credit that run's months without any later run billing them again. Its corrections go into the next
 * run instead.
 */
export function runOrderProblems(runMonth: YearMonth, latestApprovedMonth: YearMonth | undefined): Problem[] {
  if (latestApprovedMonth === undefined || runMonth >= latestApprovedMonth) return [];
  return [
    {
      field: 'month',
      reason: `the run of ${latestApprovedMonth} is approved; an earlier month can no longer be computed, its corrections go into the next run`,
      reasonSv: `körningen för ${latestApprovedMonth} är godkänd; en tidigare månad kan inte längre räknas, rättelser kommer i nästa körning`,
    },
  ];
}

/**
 * R-6.6: draft → reviewed → approved. A draft (or a reviewed run sent back) can be recomputed; review
 * needs a draft; approval needs a reviewed run, by someone other than its reviewer when `fourEyes`; an
 * approved run never changes again. A draft can be discarded (a reviewed run goes back to draft first):
 * it has billed nothing, and a draft left behind a later approved month could otherwise never go.
 */
export function runActionProblems(status: RunStatus, action: RunAction, who: { userId: string; reviewedBy: string | null; fourEyes: boolean }): Problem[] {
  const refuse = (reason: string, reasonSv: string): Problem[] => [{ field: 'status', reason, reasonSv }];
  if (status === 'approved') {
    return refuse('an approved run is immutable; corrections go into the next run', 'en godkänd körning ändras aldrig; rättelser kommer i nästa körning');
  }
  switch (action) {
    case 'recompute':
      return status === 'draft'
        ? []
        : refuse(
            'only a draft can be recomputed; send the run back to draft first',
            'bara ett utkast kan räknas om; skicka tillbaka körningen till utkast först',
          );
    case 'review':
      return status === 'draft' ? [] : refuse('the run is already reviewed', 'körningen är redan granskad');
    case 'reopen':
      return status === 'reviewed' ? [] : refuse('only a reviewed run can go back to draft', 'bara en granskad körning kan gå tillbaka till utkast');
    case 'approve':
      if (status !== 'reviewed') return refuse('a run must be reviewed before it is approved', 'körningen måste granskas innan den godkänns');
      if (who.fourEyes && who.reviewedBy === who.userId) {
        return refuse('the run must be approved by someone other than its reviewer', 'körningen ska godkännas av någon annan än den som granskade');
      }
      return [];
    case 'discard':
      return status === 'draft'
        ? []
        : refuse(
            'only a draft can be discarded; send the run back to draft first',
            'bara ett utkast kan tas bort; skicka tillbaka körningen till utkast först',
          );
  }
}

// ---- who may do what with a run (R-1.4, R-6.6) ----------------------------------------------------------

/** Finance, IT management and administrators compute, review, send back and discard runs (R-1.4). */
export const BILLING_ROLES = ['finance', 'it_management', 'admin'] as const;

/** The signed-in user as the run policy needs them. */
export interface RunPolicyActor {
  userId: string;
  roles: readonly string[];
  /** The user's own municipality (null: IT staff spanning both). */
  municipalityId: string | null;
}

export interface RunPolicyRun {
  status: RunStatus;
  municipalityId: string;
  reviewedByUserId: string | null;
}

/** Whether an action is allowed, and why not (English and Swedish, for the UI to show as it is). */
export interface ActionPermission {
  /** The run's status offers the action, whoever asks (a draft is reviewed, a reviewed run approved …). */
  offered: boolean;
  allowed: boolean;
  reason: string | null;
  reasonSv: string | null;
}

/** Every action on a run with its permission: what the presenter sends with the run (STYLE 17). */
export type RunPolicy = Record<RunAction, ActionPermission>;

/** Why an action is refused: the role (403) or the run's state (409). */
export type RunDecision = { allowed: true } | { allowed: false; denial: 'role' | 'state'; problems: Problem[] };

/**
 * The one rule of who may do what with a run (issue 16; the service enforces it, the presenter sends
 * it, the web shows it). Everything needs a billing role. Approval — the run becomes the invoice —
 * needs the finance role in the run's own municipality (an administrator or IT management alone may
 * not approve), and someone other than the reviewer (four eyes, R-6.6). Then the run's status decides
 * (runActionProblems). A role refusal is 'role' (403), anything else 'state' (409).
 */
export function runDecision(actor: RunPolicyActor, run: RunPolicyRun, action: RunAction): RunDecision {
  const role = (reason: string, reasonSv: string): RunDecision => ({ allowed: false, denial: 'role', problems: [{ field: 'status', reason, reasonSv }] });
  if (!BILLING_ROLES.some((r) => actor.roles.includes(r))) {
    return role(
      'only finance, IT management and administrators handle billing runs',
      'bara ekonomi, IT-ledning och administratörer hanterar faktureringskörningar',
    );
  }
  if (action === 'approve' && !(actor.roles.includes('finance') && actor.municipalityId === run.municipalityId)) {
    return role('only finance of the run’s municipality approves a run', 'bara ekonomi i körningens kommun kan godkänna körningen');
  }
  const problems = runActionProblems(run.status, action, { userId: actor.userId, reviewedBy: run.reviewedByUserId, fourEyes: true });
  return problems.length ? { allowed: false, denial: 'state', problems } : { allowed: true };
}

const RUN_ACTIONS: readonly RunAction[] = ['recompute', 'review', 'reopen', 'approve', 'discard'];

/**
 * runDecision for every action, as the presenter sends it with the run: the web shows the offered
 * actions, enabled when allowed and disabled with the reason otherwise (the reviewer sees "Godkänn"
 * disabled, saying someone else approves).
 */
export function runPolicy(actor: RunPolicyActor, run: RunPolicyRun): RunPolicy {
  const entries = RUN_ACTIONS.map((action) => {
    const d = runDecision(actor, run, action);
    const first = d.allowed ? undefined : d.problems[0];
    const offered = runActionProblems(run.status, action, { userId: actor.userId, reviewedBy: run.reviewedByUserId, fourEyes: false }).length === 0;
    return [action, { offered, allowed: d.allowed, reason: first?.reason ?? null, reasonSv: first?.reasonSv ?? null }] as const;
  });
  return Object.fromEntries(entries) as RunPolicy;
}
