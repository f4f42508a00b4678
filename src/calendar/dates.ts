import { Temporal } from 'temporal-polyfill';

/**
 * Local-date and month arithmetic, one tested module for every capability (issue 17: four copies
 * before, one with a hand-written leap-year table). Pure, Temporal underneath: dates are ISO local dates
 * `YYYY-MM-DD` (Europe/Stockholm, as the mission counts days), months are `YYYY-MM`. Working days and
 * opening hours are the business calendar's (rules.ts), not this module's.
 */

/** A calendar month written `YYYY-MM`. */
export type YearMonth = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month written YYYY-MM. */
export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

/** The month of a local date. */
export function monthOf(date: string): YearMonth {
  return date.slice(0, 7);
}

/** The local date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** `months` after `date`; a day missing in the target month falls on its last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  return Temporal.PlainDate.from(date).add({ months }, { overflow: 'constrain' }).toString();
}

/** The month `n` months after `month` (negative: before). */
export function addMonthsYm(month: YearMonth, n: number): YearMonth {
  return Temporal.PlainYearMonth.from(month).add({ months: n }).toString();
}

/** Months from `from` through `to`, both included (empty when to is before from). */
export function monthRange(from: YearMonth, to: YearMonth): YearMonth[] {
  const out: YearMonth[] = [];
  const last = Temporal.PlainYearMonth.from(to);
  for (let m = Temporal.PlainYearMonth.from(from); Temporal.PlainYearMonth.compare(m, last) <= 0; m = m.add({ months: 1 })) out.push(m.toString());
  return out;
}

/** The month's first day. */
export function firstDayOf(month: YearMonth): string {
  return `${month}-01`;
}

/** The number of days of the month (February by the Gregorian leap years). */
export function daysInMonth(month: YearMonth): number {
  return Temporal.PlainYearMonth.from(month).daysInMonth;
}

/** Whole days from one local date to another (to − from). */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;
}

/** The month as a window of local dates [from, to): its first day and the first day of the next month. */
export function monthWindow(month: YearMonth): { from: string; to: string } {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  return { from: firstDayOf(month), to: firstDayOf(addMonthsYm(month, 1)) };
}
