import { Temporal } from 'temporal-polyfill';
import type { Problem } from '../org/rules.ts';

/**
 * The service catalogue, the yearly price list (Bilaga 2) and the model range: pure
 * rules. Money is integer öre; dates are ISO local dates (Europe/Stockholm). The numbers of the
 * yearly mission (e.g. the minimum technical life) come in as arguments, never as constants here.
 */

// ---- billing models (R-4.1, R-6) -------------------------------------------------------------------------

/**
 * every way a service is charged, as a type the billing engine switches on. Each model names
 * the price components a price-list entry of that model must carry (and no others).
 */
export const BILLING_MODELS = [
  'monthly_rental',
  'purchase_plus_monthly_fee',
  'one_off',
  'hourly',
  'weekly_rental',
  'monthly_fee',
  'yearly_fee',
  'application_fee',
  'central_cost',
] as const;
export type BillingModel = (typeof BILLING_MODELS)[number];

/** The price columns of a price-list entry, each integer öre or null. */
export const PRICE_COMPONENTS = ['purchasePrice', 'monthlyFee', 'weeklyFee', 'hourlyRate', 'yearlyFee'] as const;
export type PriceComponent = (typeof PRICE_COMPONENTS)[number];
export type Prices = Record<PriceComponent, number | null>;

export interface BillingModelInfo {
  /** The components an entry of this model must carry; every other component must be empty. */
  components: readonly PriceComponent[];
  sv: string;
  en: string;
  /** Rented equipment (R-4.2: rented computers, printers and screens need the minimum technical life). */
  rental: boolean;
}

export const BILLING_MODEL_INFO: Record<BillingModel, BillingModelInfo> = {
  monthly_rental: { components: ['monthlyFee'], rental: true, sv: 'Månadshyra', en: 'Monthly rental' },
  purchase_plus_monthly_fee: {
    components: ['purchasePrice', 'monthlyFee'],
    rental: false,
    sv: 'Inköpspris vid leverans och månatlig tjänsteavgift',
    en: 'Purchase price at delivery plus a monthly service fee',
  },
  one_off: { components: ['purchasePrice'], rental: false, sv: 'Engångsköp', en: 'One-off purchase' },
  hourly: { components: ['hourlyRate'], rental: false, sv: 'Per timme', en: 'Per hour' },
  weekly_rental: { components: ['weeklyFee'], rental: true, sv: 'Veckohyra, minst en vecka', en: 'Per week, one-week minimum' },
  monthly_fee: {
    components: ['monthlyFee'],
    rental: false,
    sv: 'Månatlig tjänsteavgift för kundägd utrustning',
    en: 'Monthly service fee for customer-owned equipment',
  },
  yearly_fee: { components: ['yearlyFee'], rental: false, sv: 'Årsavgift', en: 'Yearly fee' },
  application_fee: { components: ['yearlyFee'], rental: false, sv: 'Applikationsavgift (per år)', en: 'Application fee (per year)' },
  central_cost: { components: ['yearlyFee'], rental: false, sv: 'Central kostnad (en gång per år)', en: 'Central cost (once a year)' },
};

export const COMPONENT_LABELS: Record<PriceComponent, { sv: string; en: string }> = {
  purchasePrice: { sv: 'inköpspris', en: 'purchase price' },
  monthlyFee: { sv: 'månadsavgift', en: 'monthly fee' },
  weeklyFee: { sv: 'veckoavgift', en: 'weekly fee' },
  hourlyRate: { sv: 'timpris', en: 'hourly rate' },
  yearlyFee: { sv: 'årsavgift', en: 'yearly fee' },
};

export function isBillingModel(value: string): value is BillingModel {
  return (BILLING_MODELS as readonly string[]).includes(value);
}

/** The largest price the database's integer column holds (öre). */
export const MAX_PRICE_ORE = 2_000_000_000;

// ---- price-list entries --------------------------------------------------------------------------------

/** One row of a year's price list: an article's price for a validity period within the year. */
export interface PriceEntry extends Prices {
  articleCode: string;
  serviceCode: string;
  name: string;
  billingModel: BillingModel;
  /** ISO date, first day the price applies. */
  validFrom: string;
  /** ISO date, last day the price applies (inclusive). */
  validTo: string;
}

export const ARTICLE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * an entry carries exactly the components of its billing model, each a non-negative whole
 * number of öre, and a validity period inside the list's year.
 */
export function priceEntryProblems(entry: Omit<PriceEntry, 'articleCode' | 'serviceCode' | 'name'>, year: number): Problem[] {
  const problems: Problem[] = [];
  const info = BILLING_MODEL_INFO[entry.billingModel];
  for (const c of PRICE_COMPONENTS) {
    const v = entry[c];
    const needed = info.components.includes(c);
    if (needed && v === null) {
      problems.push({
        field: c,
        reason: `required for the billing model ${entry.billingModel}`,
        reasonSv: `obligatoriskt för debiteringsmodellen ${info.sv.toLowerCase()}`,
      });
    } else if (!needed && v !== null) {
      problems.push({
        field: c,
        reason: `not part of the billing model ${entry.billingModel}; leave it empty`,
        reasonSv: `ingår inte i debiteringsmodellen ${info.sv.toLowerCase()}; lämna tomt`,
      });
    } else if (v !== null) problems.push(...moneyProblems(c, v));
  }
  problems.push(...validityProblems(entry, year));
  return problems;
}

/** Money is integer öre, never negative (R-4.1, ARCHITECTURE "Money"). */
export function moneyProblems(field: string, value: number): Problem[] {
  if (!Number.isInteger(value)) return [{ field, reason: 'must be a whole number of öre', reasonSv: 'ska vara ett heltal öre' }];
  if (value < 0) return [{ field, reason: 'must not be negative', reasonSv: 'får inte vara negativt' }];
  if (value > MAX_PRICE_ORE) return [{ field, reason: `at most ${MAX_PRICE_ORE} öre`, reasonSv: `högst ${MAX_PRICE_ORE} öre` }];
  return [];
}

function validityProblems(entry: { validFrom: string; validTo: string }, year: number): Problem[] {
  const problems: Problem[] = [];
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  if (entry.validFrom < first || entry.validFrom > last) {
    problems.push({ field: 'validFrom', reason: `must lie in ${year}`, reasonSv: `ska ligga inom ${year}` });
  }
  if (entry.validTo < first || entry.validTo > last) problems.push({ field: 'validTo', reason: `must lie in ${year}`, reasonSv: `ska ligga inom ${year}` });
  if (entry.validFrom > entry.validTo) problems.push({ field: 'validTo', reason: 'must not be before validFrom', reasonSv: 'får inte vara före giltig från' });
  return problems;
}

/** The entry of an article in force on a local date (billing asks this), if any. */
export function entryOn<T extends Pick<PriceEntry, 'articleCode' | 'validFrom' | 'validTo'>>(
  entries: readonly T[],
  articleCode: string,
  isoDate: string,
): T | undefined {
  return entries.find((e) => e.articleCode === articleCode && e.validFrom <= isoDate && isoDate <= e.validTo);
}

/** Two inclusive date ranges share at least one day. */
export function overlaps(a: { validFrom: string; validTo: string }, b: { validFrom: string; validTo: string }): boolean {
  return a.validFrom <= b.validTo && b.validFrom <= a.validTo;
}

/**
 * Across the entries of one list: the same article may appear more than once only with validity
 * periods that do not overlap, and all its entries belong to one service under one name. `at(i)`
 * says where entry i came from (a file line, or nothing for the API).
 */
export function articleProblems<T extends Pick<PriceEntry, 'articleCode' | 'serviceCode' | 'name' | 'validFrom' | 'validTo'>>(
  entries: readonly T[],
  where: (e: T) => { row?: number; en: string; sv: string },
): (Problem & { row?: number; index: number })[] {
  const problems: (Problem & { row?: number; index: number })[] = [];
  const byArticle = new Map<string, number[]>();
  entries.forEach((e, i) => byArticle.set(e.articleCode, [...(byArticle.get(e.articleCode) ?? []), i]));
  for (const indexes of byArticle.values()) {
    for (let k = 1; k < indexes.length; k++) {
      const i = indexes[k] as number;
      const e = entries[i] as T;
      const at = where(e);
      const put = (p: Problem) => problems.push({ ...p, index: i, ...(at.row === undefined ? {} : { row: at.row }) });
      for (const j of indexes.slice(0, k)) {
        const o = entries[j] as T;
        const { en: other, sv: otherSv } = where(o);
        if (o.validFrom === e.validFrom && o.validTo === e.validTo) {
          put({
            field: 'articleCode',
            reason: `duplicate article ${e.articleCode} (same as ${other})`,
            reasonSv: `artikeln ${e.articleCode} finns redan (samma som ${otherSv})`,
          });
        } else if (overlaps(o, e)) {
          put({
            field: 'validFrom',
            reason: `validity overlaps ${other} (${o.validFrom}–${o.validTo}) for article ${e.articleCode}`,
            reasonSv: `giltighetstiden överlappar ${otherSv} (${o.validFrom}–${o.validTo}) för artikeln ${e.articleCode}`,
          });
        }
        if (o.serviceCode !== e.serviceCode) {
          put({
            field: 'serviceCode',
            reason: `article ${e.articleCode} belongs to service ${o.serviceCode} in ${other}`,
            reasonSv: `artikeln ${e.articleCode} hör till tjänsten ${o.serviceCode} på ${otherSv}`,
          });
        }
        if (o.name !== e.name) {
          put({
            field: 'name',
            reason: `article ${e.articleCode} is named “${o.name}” in ${other}`,
            reasonSv: `artikeln ${e.articleCode} heter ”${o.name}” på ${otherSv}`,
          });
        }
      }
    }
  }
  return problems;
}

/** The same local date one year later (29 February becomes 28 February). */
export function nextYearDate(isoDate: string): string {
  return Temporal.PlainDate.from(isoDate).add({ years: 1 }).toString();
}

/** Next year's list starts as a copy of this year's with every validity period moved a year on. */
export function copyToNextYear<T extends { validFrom: string; validTo: string }>(entries: readonly T[]): T[] {
  return entries.map((e) => ({ ...e, validFrom: nextYearDate(e.validFrom), validTo: nextYearDate(e.validTo) }));
}

// ---- parsing imported rows (CSV, XLSX) ------------------------------------------------------------------

/** File columns: canonical names (the export's header) and the Swedish aliases an import accepts. */
export const PRICE_FILE_COLUMNS = [
  { key: 'articleCode', header: 'article_code', aliases: ['artikel', 'artikelnummer', 'artikelkod'] },
  { key: 'serviceCode', header: 'service_code', aliases: ['tjänst', 'tjanst', 'tjänstekod'] },
  { key: 'name', header: 'name', aliases: ['benämning', 'benamning', 'namn'] },
  { key: 'billingModel', header: 'billing_model', aliases: ['debiteringsmodell', 'modell'] },
  { key: 'purchasePrice', header: 'purchase_price_ore', aliases: ['inköpspris_öre', 'inkopspris_ore'] },
  { key: 'monthlyFee', header: 'monthly_fee_ore', aliases: ['månadsavgift_öre', 'manadsavgift_ore'] },
  { key: 'weeklyFee', header: 'weekly_fee_ore', aliases: ['veckoavgift_öre', 'veckoavgift_ore'] },
  { key: 'hourlyRate', header: 'hourly_rate_ore', aliases: ['timpris_öre', 'timpris_ore'] },
  { key: 'yearlyFee', header: 'yearly_fee_ore', aliases: ['årsavgift_öre', 'arsavgift_ore'] },
  { key: 'validFrom', header: 'valid_from', aliases: ['giltig_från', 'giltig_fran'] },
  { key: 'validTo', header: 'valid_to', aliases: ['giltig_till'] },
] as const satisfies readonly { key: keyof PriceEntry; header: string; aliases: readonly string[] }[];

/** Lower-case header (canonical or alias) → entry field, for the file readers. */
export const PRICE_FILE_HEADERS: Record<string, string> = Object.fromEntries(
  PRICE_FILE_COLUMNS.flatMap((c): [string, string][] => [
    [c.header, c.key],
    [c.key.toLowerCase(), c.key],
    ...c.aliases.map((a): [string, string] => [a, c.key]),
  ]),
);

export interface FileRow {
  /** The file's line (CSV) or row (XLSX); the header is 1. */
  line: number;
  /** Cell text by entry field name. */
  values: Record<string, string>;
}

export type RowProblem = Problem & { row: number };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseMoney(field: string, text: string): { value: number | null; problems: Problem[] } {
  const t = text.replace(/\s/g, '');
  if (t === '') return { value: null, problems: [] };
  if (/^-/.test(t)) return { value: null, problems: [{ field, reason: 'must not be negative', reasonSv: 'får inte vara negativt' }] };
  if (/^\d+[.,]\d*$/.test(t)) return { value: null, problems: [{ field, reason: 'must be a whole number of öre', reasonSv: 'ska vara ett heltal öre' }] };
  if (!/^\d+$/.test(t)) return { value: null, problems: [{ field, reason: `“${text}” is not a number of öre`, reasonSv: `”${text}” är inget belopp i öre` }] };
  const value = Number(t);
  return { value, problems: moneyProblems(field, value) };
}

function parseDate(field: string, text: string, fallback: string): { value: string; problems: Problem[] } {
  if (text === '') return { value: fallback, problems: [] };
  if (ISO_DATE.test(text)) {
    try {
      return { value: Temporal.PlainDate.from(text, { overflow: 'reject' }).toString(), problems: [] };
    } catch {
      // falls through to the problem below
    }
  }
  return { value: fallback, problems: [{ field, reason: 'must be a date YYYY-MM-DD', reasonSv: 'ska vara ett datum ÅÅÅÅ-MM-DD' }] };
}

/**
 * Reads a price list file's rows (R-4.1, issue 6 bad input): every row is checked and every problem
 * reported with its line and field, so the caller can refuse the whole file. Empty validity means
 * the whole year.
 */
export function parsePriceRows(
  rows: readonly FileRow[],
  ctx: { year: number; serviceCodes: ReadonlySet<string> },
): { entries: (PriceEntry & { line: number })[]; problems: RowProblem[] } {
  const entries: (PriceEntry & { line: number })[] = [];
  const problems: RowProblem[] = [];
  for (const { line, values } of rows) {
    const rowProblems: Problem[] = [];
    const text = (k: string) => restoreCell((values[k] ?? '').trim());
    const articleCode = text('articleCode');
    const serviceCode = text('serviceCode');
    const name = text('name');
    const model = text('billingModel');
    if (!articleCode) rowProblems.push({ field: 'articleCode', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (!ARTICLE_CODE.test(articleCode)) {
      rowProblems.push({ field: 'articleCode', reason: 'letters, digits, . _ - (at most 40)', reasonSv: 'bokstäver, siffror, . _ - (högst 40)' });
    }
    if (!serviceCode) rowProblems.push({ field: 'serviceCode', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (!ctx.serviceCodes.has(serviceCode)) {
      rowProblems.push({ field: 'serviceCode', reason: `unknown service ${serviceCode}`, reasonSv: `okänd tjänst ${serviceCode}` });
    }
    if (!name) rowProblems.push({ field: 'name', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (name.length > 200) rowProblems.push({ field: 'name', reason: 'at most 200 characters', reasonSv: 'högst 200 tecken' });
    const billingModel = isBillingModel(model) ? model : undefined;
    if (!model) rowProblems.push({ field: 'billingModel', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (!billingModel) {
      rowProblems.push({
        field: 'billingModel',
        reason: `unknown billing model “${model}”; one of ${BILLING_MODELS.join(', ')}`,
        reasonSv: `okänd debiteringsmodell ”${model}”; en av ${BILLING_MODELS.join(', ')}`,
      });
    }
    const prices = {} as Prices;
    const moneyBad = new Set<string>();
    for (const c of PRICE_COMPONENTS) {
      const parsed = parseMoney(c, text(c));
      prices[c] = parsed.value;
      if (parsed.problems.length) moneyBad.add(c);
      rowProblems.push(...parsed.problems);
    }
    const from = parseDate('validFrom', text('validFrom'), `${ctx.year}-01-01`);
    const to = parseDate('validTo', text('validTo'), `${ctx.year}-12-31`);
    rowProblems.push(...from.problems, ...to.problems);
    if (billingModel) {
      const entry = { billingModel, ...prices, validFrom: from.value, validTo: to.value };
      // A component already reported as bad money is not reported again as "required".
      rowProblems.push(
        ...priceEntryProblems(entry, ctx.year).filter(
          (p) => !moneyBad.has(p.field) && !(p.field.startsWith('valid') && (from.problems.length || to.problems.length)),
        ),
      );
    }
    problems.push(...uniqueProblems(rowProblems).map((p) => ({ ...p, row: line })));
    if (rowProblems.length === 0 && billingModel) {
      entries.push({ line, articleCode, serviceCode, name, billingModel, ...prices, validFrom: from.value, validTo: to.value });
    }
  }
  for (const p of articleProblems(entries, (e) => ({ row: e.line, en: `line ${e.line}`, sv: `rad ${e.line}` }))) {
    problems.push({ field: p.field, reason: p.reason, reasonSv: p.reasonSv, row: p.row ?? 0 });
  }
  problems.sort((a, b) => a.row - b.row);
  return { entries, problems };
}

function uniqueProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- exports: formula injection (CSV/XLSX) --------------------------------------------------------------

/** A formula character first, possibly behind apostrophes: the text neutraliseCell prefixes. */
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r]/;
/** What neutraliseCell made of such a text: one more apostrophe in front. */
const NEUTRALISED = /^''*[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading apostrophe,
 * so an exported price list can never carry a formula to the person who opens it (OWASP CSV injection).
 * A text that already starts with apostrophes before such a character gets one more, so restoreCell
 * can tell the two apart ("'@" → "''@" → "'@"; found by the property test).
 */
export function neutraliseCell(value: string): string {
  return NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
}

/** The inverse on import, so an export → import round trip keeps the text as it was. */
export function restoreCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

// ---- the difference between two years' lists (R-4.1, R-8.3) ------------------------------------------

/** One validity period of an article, without its year so that two years compare. */
export interface ArticlePeriod extends Prices {
  /** MM-DD */
  from: string;
  /** MM-DD */
  to: string;
  billingModel: BillingModel;
}

export interface ArticleSummary {
  articleCode: string;
  serviceCode: string;
  name: string;
  periods: ArticlePeriod[];
}

export const CHANGE_KINDS = ['price', 'model', 'validity', 'name', 'service'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ArticleChange {
  articleCode: string;
  changes: ChangeKind[];
  before: ArticleSummary;
  after: ArticleSummary;
}

export interface PriceListDiff {
  added: ArticleSummary[];
  removed: ArticleSummary[];
  changed: ArticleChange[];
}

/** The list as articles, each with its periods in date order (input order does not matter). */
export function summarise(entries: readonly PriceEntry[]): ArticleSummary[] {
  const byArticle = new Map<string, PriceEntry[]>();
  for (const e of entries) byArticle.set(e.articleCode, [...(byArticle.get(e.articleCode) ?? []), e]);
  return [...byArticle.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([articleCode, list]) => {
      const sorted = [...list].sort((a, b) =>
        a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.validTo < b.validTo ? -1 : a.validTo > b.validTo ? 1 : 0,
      );
      const first = sorted[0] as PriceEntry;
      return {
        articleCode,
        serviceCode: first.serviceCode,
        name: first.name,
        periods: sorted.map((e) => ({ from: e.validFrom.slice(5), to: e.validTo.slice(5), billingModel: e.billingModel, ...pricesOf(e) })),
      };
    });
}

export function pricesOf(p: Prices): Prices {
  return { purchasePrice: p.purchasePrice, monthlyFee: p.monthlyFee, weeklyFee: p.weeklyFee, hourlyRate: p.hourlyRate, yearlyFee: p.yearlyFee };
}

const sameList = <T>(a: readonly T[], b: readonly T[], key: (x: T) => string) => a.length === b.length && a.every((x, i) => key(x) === key(b[i] as T));

/** Which aspects of an article differ between two lists. */
export function articleChanges(before: ArticleSummary, after: ArticleSummary): ChangeKind[] {
  const changes: ChangeKind[] = [];
  if (!sameList(before.periods, after.periods, (p) => PRICE_COMPONENTS.map((c) => p[c] ?? '').join('|'))) changes.push('price');
  const models = (s: ArticleSummary) => [...new Set(s.periods.map((p) => p.billingModel))].sort().join(',');
  if (models(before) !== models(after)) changes.push('model');
  if (!sameList(before.periods, after.periods, (p) => `${p.from}/${p.to}`)) changes.push('validity');
  if (before.name !== after.name) changes.push('name');
  if (before.serviceCode !== after.serviceCode) changes.push('service');
  return changes;
}

/**
 * What changed from one year's list to another's (issue 6): articles added, removed, and changed with
 * what changed (price, billing model, validity, name, service). Validity compares month and day, so
 * a list copied to the next year shows no change.
 */
export function diffPriceLists(before: readonly PriceEntry[], after: readonly PriceEntry[]): PriceListDiff {
  const a = new Map(summarise(before).map((s) => [s.articleCode, s]));
  const b = summarise(after);
  const diff: PriceListDiff = { added: [], removed: [], changed: [] };
  for (const s of b) {
    const old = a.get(s.articleCode);
    if (!old) diff.added.push(s);
    else {
      const changes = articleChanges(old, s);
      if (changes.length) diff.changed.push({ articleCode: s.articleCode, changes, before: old, after: s });
    }
  }
  const inAfter = new Set(b.map((s) => s.articleCode));
  for (const s of a.values()) if (!inAfter.has(s.articleCode)) diff.removed.push(s);
  return diff;
}

/** Applies a diff to a summarised list: the inverse the property tests check the diff against. */
export function applyPriceListDiff(before: readonly ArticleSummary[], diff: PriceListDiff): ArticleSummary[] {
  const out = new Map(before.map((s) => [s.articleCode, s]));
  for (const s of diff.removed) out.delete(s.articleCode);
  for (const c of diff.changed) out.set(c.articleCode, c.after);
  for (const s of diff.added) out.set(s.articleCode, s);
  return [...out.values()].sort((x, y) => (x.articleCode < y.articleCode ? -1 : x.articleCode > y.articleCode ? 1 : 0));
}

// ---- model range (R-4.2) --------------------------------------------------------------------------------

export const MODEL_CATEGORIES = ['computer', 'printer', 'screen', 'tablet', 'phone', 'access_point', 'camera', 'accessory', 'other'] as const;
export type ModelCategory = (typeof MODEL_CATEGORIES)[number];

export const MODEL_CATEGORY_LABELS: Record<ModelCategory, { sv: string; en: string }> = {
  computer: { sv: 'Dator', en: 'Computer' },
  printer: { sv: 'Skrivare', en: 'Printer' },
  screen: { sv: 'Skärm', en: 'Screen' },
  tablet: { sv: 'Surfplatta', en: 'Tablet' },
  phone: { sv: 'Mobiltelefon', en: 'Mobile phone' },
  access_point: { sv: 'Accesspunkt', en: 'Access point' },
  camera: { sv: 'Övervakningskamera', en: 'Surveillance camera' },
  accessory: { sv: 'Tillbehör', en: 'Accessory' },
  other: { sv: 'Övrigt', en: 'Other' },
};

/** the categories whose rented models must reach the mission's minimum technical life. */
const LIFE_CHECKED: readonly ModelCategory[] = ['computer', 'printer', 'screen'];

/**
 * equipment chosen must have a technical life of at least the mission's minimum (four years
 * in 2023). It binds rented computers, printers and screens: `billingModels` are the models the
 * model's article is charged by in the year's list.
 */
export function technicalLifeProblems(
  model: { category: ModelCategory; technicalLifeMonths: number },
  billingModels: readonly BillingModel[],
  minimumMonths: number,
): Problem[] {
  const rented = billingModels.some((m) => BILLING_MODEL_INFO[m].rental);
  if (!rented || !LIFE_CHECKED.includes(model.category) || model.technicalLifeMonths >= minimumMonths) return [];
  const years = minimumMonths % 12 === 0 ? ` (${minimumMonths / 12} years)` : '';
  const yearsSv = minimumMonths % 12 === 0 ? ` (${minimumMonths / 12} år)` : '';
  const what = MODEL_CATEGORY_LABELS[model.category];
  return [
    {
      field: 'technicalLifeMonths',
      reason: `a rented ${what.en.toLowerCase()} must have a technical life of at least ${minimumMonths} months${years} (R-4.2)`,
      reasonSv: `en hyrd ${what.sv.toLowerCase()} måste ha en teknisk livslängd på minst ${minimumMonths} månader${yearsSv} (R-4.2)`,
    },
  ];
}

// ---- importing a whole list ------------------------------------------------------------------------------

export interface ImportPlan<E> {
  create: PriceEntry[];
  update: { existing: E; entry: PriceEntry }[];
  remove: E[];
  unchanged: number;
}

const sameEntry = (a: PriceEntry, b: PriceEntry) =>
  a.serviceCode === b.serviceCode &&
  a.name === b.name &&
  a.billingModel === b.billingModel &&
  a.validTo === b.validTo &&
  PRICE_COMPONENTS.every((c) => a[c] === b[c]);

/**
 * An imported file is the year's whole list: entries are matched to the stored ones on article and
 * first valid day; matched ones are updated if they differ, the rest created, and stored entries the
 * file no longer has are removed.
 */
export function planImport<E extends PriceEntry>(existing: readonly E[], incoming: readonly PriceEntry[]): ImportPlan<E> {
  const key = (e: PriceEntry) => `${e.articleCode}\u0000${e.validFrom}`;
  const stored = new Map(existing.map((e) => [key(e), e]));
  const plan: ImportPlan<E> = { create: [], update: [], remove: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const entry of incoming) {
    const k = key(entry);
    seen.add(k);
    const old = stored.get(k);
    if (!old) plan.create.push(entry);
    else if (sameEntry(old, entry)) plan.unchanged++;
    else plan.update.push({ existing: old, entry });
  }
  plan.remove = existing.filter((e) => !seen.has(key(e)));
  return plan;
}

// ---- support-level triage (R-3.5, R-5.3) ---------------------------------------------------------------

export const SUPPORT_LEVELS = ['managed', 'managed_without_support', 'one_to_one'] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export const TASK_KINDS = [
  'user_support',
  'troubleshooting',
  'reinstall',
  'hardware_fault_report',
  'software_install',
  'printing',
  'network_access',
  'account_email',
  'storage_access',
  'software_packaging',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export type TaskOwner = 'it' | 'business';

const LEVEL_INFO: Record<SupportLevel, { n: number; sv: string; en: string; deviceSv: string; deviceEn: string }> = {
  managed: { n: 1, sv: 'hanterad datorarbetsplats', en: 'managed workplace computer', deviceSv: 'administrativ dator', deviceEn: 'an administrative computer' },
  managed_without_support: {
    n: 2,
    sv: 'hanterad datorarbetsplats utan support',
    en: 'managed computer without support',
    deviceSv: 'lärardator',
    deviceEn: 'a teacher computer',
  },
  one_to_one: { n: 3, sv: 'elevdator 1:1', en: '1:1 student computer', deviceSv: 'elevdator', deviceEn: 'a 1:1 student computer' },
};

/** The task on a device, in Swedish and English (the device noun is filled in). */
const TASK_TEXT: Record<TaskKind, { sv: (device: string) => string; en: (device: string) => string }> = {
  user_support: { sv: (d) => `Användarstöd för ${d}`, en: (d) => `User support for ${d}` },
  troubleshooting: { sv: (d) => `Felsökning av ${d}`, en: (d) => `Troubleshooting ${d}` },
  reinstall: { sv: (d) => `Ominstallation av ${d}`, en: (d) => `Reinstalling ${d}` },
  hardware_fault_report: { sv: (d) => `Felanmälan av hårdvarufel på ${d}`, en: (d) => `Reporting a hardware fault on ${d}` },
  software_install: { sv: (d) => `Installation av programvara på ${d}`, en: (d) => `Installing software on ${d}` },
  printing: { sv: (d) => `Utskrift från ${d}`, en: (d) => `Printing from ${d}` },
  network_access: {
    sv: (d) => `Åtkomst till trådlöst nätverk, nätverk, intranät och internet från ${d}`,
    en: (d) => `Wireless, network, intranet and internet access from ${d}`,
  },
  account_email: { sv: (d) => `Konto och e-post för användaren av ${d}`, en: (d) => `Account and e-mail for the user of ${d}` },
  storage_access: {
    sv: (d) => `Åtkomst till gemensam mapp (G) och personlig mapp (P) från ${d}`,
    en: (d) => `Access to the group (G) and personal (P) folders from ${d}`,
  },
  software_packaging: {
    sv: (d) => `Paketering av programvara (fler än fem installationer) för ${d}`,
    en: (d) => `Software packaging (more than five installations) for ${d}`,
  },
};

/**
 * IT's tasks per support level. Level 1 (managed): IT owns the whole support chain. Level 2
 * (teacher computer): IT — wifi/network/intranet/internet, account and e-mail, G and P, packaging above
 * five installations, printing. Level 3 (1:1 student computer): IT — wifi/network/internet, account and
 * e-mail. Everything else at levels 2 and 3 is the business's (also storage access and packaging at
 * level 3, which the mission does not list among IT's tasks there).
 */
const IT_TASKS: Record<SupportLevel, readonly TaskKind[]> = {
  managed: TASK_KINDS,
  managed_without_support: ['network_access', 'account_email', 'storage_access', 'software_packaging', 'printing'],
  one_to_one: ['network_access', 'account_email'],
};

/** support-level triage: who owns a task on a device with a support level, and why. */
export function taskOwner(level: SupportLevel, task: TaskKind): { owner: TaskOwner; reasonSv: string; reasonEn: string } {
  const info = LEVEL_INFO[level];
  const owner: TaskOwner = IT_TASKS[level].includes(task) ? 'it' : 'business';
  const whatSv = TASK_TEXT[task].sv(info.deviceSv);
  const whatEn = TASK_TEXT[task].en(info.deviceEn);
  const levelSv = `supportnivå ${info.n}, ${info.sv}`;
  const levelEn = `support level ${info.n}, ${info.en}`;
  if (owner === 'it') {
    return { owner, reasonSv: `${whatSv} är IT:s åtagande (${levelSv})`, reasonEn: `${whatEn} is IT's responsibility (${levelEn})` };
  }
  if (task === 'troubleshooting' && level === 'managed_without_support') {
    // the business starts troubleshooting a teacher computer and continues with IT's support.
    return {
      owner,
      reasonSv: `${whatSv} påbörjas av verksamheten, som sedan kan fortsätta med IT:s stöd (${levelSv})`,
      reasonEn: `${whatEn} is started by the business, which can then continue with IT's support (${levelEn})`,
    };
  }
  if (task === 'reinstall' && level === 'one_to_one') {
    return {
      owner,
      reasonSv: `${whatSv} med USB-minne är verksamhetens åtagande (${levelSv})`,
      reasonEn: `${whatEn} with a USB stick is the business's responsibility (${levelEn})`,
    };
  }
  return { owner, reasonSv: `${whatSv} är verksamhetens åtagande (${levelSv})`, reasonEn: `${whatEn} is the business's responsibility (${levelEn})` };
}
