import { followUpPeriods, yearPeriod, type FollowUpPeriod, type Period } from '../operations/rules.ts';

/**
 * R-10: the follow-up's pure rules — which periods a report covers, shares and targets, and what
 * changed between a report sent to the boards and the same report now. No I/O: the store counts,
 * `report-rules.ts` assembles the figures from the counts, the service reads and writes.
 */

export type { Period } from '../operations/rules.ts';

/** How a figure is measured: shares are fractions, money integer öre, time minutes, a score a mean answer. */
export const FIGURE_UNITS = ['share', 'count', 'minutes', 'ore', 'score'] as const;
export type FigureUnit = (typeof FIGURE_UNITS)[number];

/** The lists a figure leads down to (R-10: "every figure links down to the tickets, outages or runs"). */
export const LINK_KINDS = [
  'tickets',
  'ticket',
  'outages',
  'availability',
  'billing_runs',
  'billing_run',
  'orders',
  'renewals',
  'assets',
  'sites',
  'site',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const SECTION_KEYS = ['first_line', 'intefunktion', 'sla', 'on_call', 'operations', 'survey', 'volumes', 'billing', 'sites'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** R-10: the trend shows this many follow-up periods, the reported one last. */
export const TREND_PERIODS = 6;

const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "T1 2026 (januari–april)" for a tertial, "Helåret 2026" for the year. */
export function periodLabel(p: Pick<Period, 'code' | 'year' | 'from' | 'to'>): string {
  if (p.code === null) return `Helåret ${p.year}`;
  const from = MONTHS_SV[Number(p.from.slice(5, 7)) - 1];
  const to = MONTHS_SV[Number(p.to.slice(5, 7)) - 1];
  return `${p.code} ${p.year} (${from === to ? from : `${from}–${to}`})`;
}

/** "T1 2026" — the short label of a trend point. */
export function shortLabel(p: Pick<Period, 'code' | 'year'>): string {
  return p.code === null ? String(p.year) : `${p.code} ${p.year}`;
}

/**
 * The period a report covers: `code` is one of the year's follow-up periods (T1–T3), or "year".
 * Undefined when the mission in force that year names no such period.
 */
export function reportPeriod(year: number, code: string, periods: readonly FollowUpPeriod[], timeZone: string): Period | undefined {
  if (code === 'year') return yearPeriod(year, timeZone);
  return followUpPeriods(year, periods, timeZone).find((p) => p.code === code);
}

/**
 * R-10: the trend's periods — the `n` follow-up periods up to the reported one, oldest first (for a
 * year, up to its last period that has begun by `now`). Each year's periods come from the mission in
 * force that year (`periodsOf`), so a year that changed its tertials keeps its own.
 */
export function trendPeriods(
  period: Period,
  now: number,
  periodsOf: (year: number) => { periods: readonly FollowUpPeriod[]; timeZone: string },
  n = TREND_PERIODS,
): Period[] {
  const of = (year: number) => {
    const m = periodsOf(year);
    return followUpPeriods(year, m.periods, m.timeZone).sort((a, b) => a.start - b.start);
  };
  let last: Period | undefined;
  if (period.code !== null) last = period;
  else {
    const inYear = of(period.year);
    last = inYear.filter((p) => p.start <= Math.max(now, inYear[0]?.start ?? now)).at(-1) ?? inYear[0];
  }
  if (!last) return [];
  const out: Period[] = [];
  for (let year = last.year; year >= last.year - n && out.length < n; year--) {
    const candidates = of(year)
      .filter((p) => p.start <= last.start)
      .reverse();
    for (const p of candidates) {
      if (out.length === n) break;
      out.push(p);
    }
  }
  return out.reverse();
}

/**
 * The report a reader opens without choosing: the latest follow-up period that is over — in `year`
 * when one is asked for (else its first begun period, else the year), otherwise in this year or the
 * one before (in January the year's first tertial is not over, so the last one of the year before is).
 */
export function defaultReportPeriod(
  year: number | undefined,
  thisYear: number,
  now: number,
  periodsOf: (year: number) => { periods: readonly FollowUpPeriod[]; timeZone: string },
): Period {
  const of = (y: number) => {
    const m = periodsOf(y);
    return followUpPeriods(y, m.periods, m.timeZone).sort((a, b) => a.start - b.start);
  };
  for (const y of year === undefined ? [thisYear, thisYear - 1] : [year]) {
    const over = of(y).filter((p) => p.end <= now);
    if (over.length > 0) return over.at(-1) as Period;
  }
  const y = year ?? thisYear;
  return of(y).find((p) => p.start <= now) ?? yearPeriod(y, periodsOf(y).timeZone);
}

/** The period before `period` among the follow-up periods (the previous tertial; for a year, the year before). */
export function previousPeriod(period: Period, periodsOf: (year: number) => { periods: readonly FollowUpPeriod[]; timeZone: string }): Period {
  if (period.code === null) return yearPeriod(period.year - 1, periodsOf(period.year - 1).timeZone);
  const trend = trendPeriods(period, period.start, periodsOf, 2);
  return trend.length === 2 ? (trend[0] as Period) : yearPeriod(period.year - 1, periodsOf(period.year - 1).timeZone);
}

/** A share, or null when there is nothing to divide (no tickets solved: no share, not 0 %). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Whether a value meets a target: at least (shares to reach) or at most (outages to stay under). */
export function meets(value: number | null, target: number, comparison: 'at_least' | 'at_most'): boolean | null {
  if (value === null) return null;
  return comparison === 'at_least' ? value >= target : value <= target;
}

/** The change from one amount to the next, as a share of the first (null when the first is zero). */
export function change(previous: number, current: number): { amount: number; share: number | null } {
  return { amount: current - previous, share: previous !== 0 ? (current - previous) / Math.abs(previous) : null };
}

/** The mean of answers given as (value, count) pairs, or null without answers. */
export function mean(distribution: readonly { value: number; count: number }[]): number | null {
  const n = distribution.reduce((s, d) => s + d.count, 0);
  return n > 0 ? distribution.reduce((s, d) => s + d.value * d.count, 0) / n : null;
}

/** Every step of a scale with its count (steps nobody chose count 0). */
export function distribution(scale: { min: number; max: number }, counts: ReadonlyMap<number, number>): { value: number; count: number }[] {
  const out: { value: number; count: number }[] = [];
  for (let v = scale.min; v <= scale.max; v++) out.push({ value: v, count: counts.get(v) ?? 0 });
  return out;
}

// ---------------------------------------------------------------- what changed since a report was sent

export type Cell = number | string | null;

interface ComparableReport {
  sections: readonly {
    key: string;
    title: string;
    figures: readonly { key: string; label: string; value: number | null; unit: FigureUnit }[];
    tables: readonly {
      key: string;
      title: string;
      columns: readonly { label: string; unit: FigureUnit | null }[];
      rows: readonly { key: string; cells: readonly Cell[] }[];
    }[];
  }[];
}

export interface FigureChange {
  section: string;
  label: string;
  unit: FigureUnit;
  sent: Cell;
  now: Cell;
}

/** Shares and scores compared to the fourth decimal: a recomputation that only rounds differently is no change. */
function same(a: Cell, b: Cell): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 5e-5;
  return a === b;
}

/**
 * R-10: what differs between a report as it was sent and the same report now — each figure, and each
 * numeric table cell (by table, row and column), in the order of the report. Rows that appeared or
 * disappeared show as a change from or to nothing.
 */
export function reportChanges(sent: ComparableReport, live: ComparableReport): FigureChange[] {
  const out: FigureChange[] = [];
  const liveSections = new Map(live.sections.map((s) => [s.key, s]));
  for (const s of sent.sections) {
    const l = liveSections.get(s.key);
    const liveFigures = new Map((l?.figures ?? []).map((f) => [f.key, f]));
    for (const f of s.figures) {
      const now = liveFigures.get(f.key)?.value ?? null;
      if (!same(f.value, now)) out.push({ section: s.title, label: f.label, unit: f.unit, sent: f.value, now });
    }
    const liveTables = new Map((l?.tables ?? []).map((t) => [t.key, t]));
    for (const t of s.tables) {
      const lt = liveTables.get(t.key);
      const liveRows = new Map((lt?.rows ?? []).map((r) => [r.key, r]));
      const rowKeys = [...t.rows.map((r) => r.key), ...(lt?.rows ?? []).map((r) => r.key).filter((k) => !t.rows.some((r) => r.key === k))];
      const sentRows = new Map(t.rows.map((r) => [r.key, r]));
      for (const key of rowKeys) {
        const a = sentRows.get(key);
        const b = liveRows.get(key);
        const name = String((a ?? b)?.cells[0] ?? key);
        t.columns.forEach((c, i) => {
          if (c.unit === null) return;
          const x = a?.cells[i] ?? null;
          const y = b?.cells[i] ?? null;
          if (!same(x, y)) out.push({ section: s.title, label: `${t.title}: ${name}, ${c.label.toLowerCase()}`, unit: c.unit, sent: x, now: y });
        });
      }
    }
  }
  return out;
}
