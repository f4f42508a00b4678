import { z } from '@hono/zod-openapi';
import { Temporal } from 'temporal-polyfill';
import { bilingual } from './messages.ts';

/**
 * The shared input types of every route (issue 16: bad input must answer 400, never 500). A schema
 * that takes text, a version, a date or an instant uses these, so the rules live in one place:
 * - text never carries NUL or other control characters (PostgreSQL refuses NUL in text, 22021) and has
 *   a length limit;
 * - a version fits PostgreSQL's `integer` (22003 otherwise);
 * - a date is a real calendar date (2026-02-30 is not; `Date.parse` would accept it).
 */

/** The largest value of a PostgreSQL `integer` column. */
export const INT4_MAX = 2_147_483_647;

/** Longest text any field takes unless its schema says less (a ticket message is the longest text). */
export const TEXT_MAX = 20_000;

/** Control characters other than tab, line feed and carriage return, and lone UTF-16 surrogates. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds a character no text field accepts. */
export function hasForbiddenCharacter(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}

const NO_CONTROL = bilingual('must not contain control characters', 'får inte innehålla styrtecken');

/**
 * Text a person typed: no control characters other than tab and line breaks, at most `max`
 * characters (default TEXT_MAX), trimmed unless `trim: false`, at least `min` characters after trimming.
 * @example ZText({ max: 200, min: 1 }) // a required name
 */
export function ZText(opts: { max?: number; min?: number; trim?: boolean } = {}) {
  const base = opts.trim === false ? z.string() : z.string().trim();
  const min = opts.min ?? 0;
  return (min > 0 ? base.min(min) : base).max(opts.max ?? TEXT_MAX).refine((s) => !hasForbiddenCharacter(s), NO_CONTROL);
}

/** A record's version for optimistic locking (R-8: 409 on a stale one); fits an `integer` column. */
export const ZVersion = z.number().int().min(1).max(INT4_MAX);

/** A version given in the query string (e.g. DELETE …?version=3). */
export const ZVersionQuery = z.coerce.number().int().min(1).max(INT4_MAX);

/** A whole number that fits an `integer` column (counts, minutes, years, limits). */
export const ZInt = z.number().int().min(-INT4_MAX).max(INT4_MAX);

/** Earliest and latest year a date may name: far enough for any record, near enough for the calendar. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2200;

/** True when `s` is a real calendar date YYYY-MM-DD within MIN_DATE_YEAR–MAX_DATE_YEAR (not 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  try {
    const d = Temporal.PlainDate.from(s, { overflow: 'reject' });
    return d.year >= MIN_DATE_YEAR && d.year <= MAX_DATE_YEAR;
  } catch {
    return false;
  }
}

const NOT_A_DATE = bilingual('must be a date (YYYY-MM-DD)', 'ska vara ett datum (ÅÅÅÅ-MM-DD)');

/** A calendar date YYYY-MM-DD that exists (checked with Temporal, overflow rejected). */
export const ZLocalDate = z.string().max(10).refine(isCalendarDate, NOT_A_DATE).openapi({ format: 'date', example: '2026-03-05' });

/** True when `s` is an ISO 8601 instant with an offset (2026-03-05T10:00:00+01:00 or …Z) in range. */
export function isInstant(s: string): boolean {
  if (s.length > 40 || !/^\d{4}-\d{2}-\d{2}T/.test(s)) return false;
  try {
    const i = Temporal.Instant.from(s);
    const year = i.toZonedDateTimeISO('UTC').year;
    return year >= MIN_DATE_YEAR && year <= MAX_DATE_YEAR;
  } catch {
    return false;
  }
}

const NOT_AN_INSTANT = bilingual(
  'must be a date and time with time zone (e.g. 2026-03-05T10:00:00+01:00)',
  'ska vara datum och tid med tidszon (t.ex. 2026-03-05T10:00:00+01:00)',
);

/** A point in time with an offset (ISO 8601), e.g. 2026-03-05T10:00:00+01:00. */
export const ZInstant = z.string().max(40).refine(isInstant, NOT_AN_INSTANT).openapi({ format: 'date-time', example: '2026-03-05T10:00:00+01:00' });
