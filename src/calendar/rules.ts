import Holidays from 'date-holidays';
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type MissionDocument, type Weekday } from '../mission/document.ts';
import { missionInForce, WEEKDAY_SV } from '../mission/rules.ts';

/**
 * The business calendar: when the IT unit's support is open, and working-time arithmetic on it.
 *
 * Decisions recorded here:
 * - **Instants are epoch milliseconds** (numbers) everywhere inside; `parseInstant`/`formatInstant`
 *   convert at the edges (ISO 8601 with the Stockholm offset). The hot path is plain arithmetic plus a
 *   binary search over per-year arrays of opening intervals, so one computation costs well under 1 µs.
 * - **Compiled lazily per year** (2000–2100, plus 2101 for look-ahead): each year is built once, with
 *   Temporal, from the calendar configuration in force on each local date, so a deadline that runs
 *   from one mission year into the next uses each year's own hours and closed days.
 * - **A working day has one opening interval** `[open, close)`: an instant is inside opening hours when
 *   `open <= t < close` (issue 3). Intervals are computed in the configured time zone, so they are
 *   correct across daylight-saving changes.
 * - **Precedence on a date**: a holiday of a type in `closedHolidayTypes` or an extra closed day closes
 *   the day; otherwise changed hours for the date (the municipality's own before those for both) set
 *   its hours; otherwise the weekday's opening hours (null = closed, e.g. weekends). Changed hours on
 *   a closed day are therefore ignored; changed hours on a weekend day open it.
 * - **Municipality**: extra closed days and changed hours without a municipality apply to both; those
 *   with one apply only to a calendar compiled for that municipality code. A calendar compiled without
 *   a municipality uses only the entries for both.
 * - Holidays of `date-holidays` that start at noon (the `optional` eves) close the whole day when their
 *   type is configured as closed; the default types (`public`, `bank`) are all whole days.
 */

export type MissionCalendar = MissionDocument['calendar'];

/** First and last year the calendar answers for (issue 3: any year 2000–2100). */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** Internally one more year is compiled so that a deadline started late in 2100 can still land. */
const LAST_TABLE_YEAR = MAX_YEAR + 1;

const MINUTE = 60_000;
const AVERAGE_YEAR_MS = 31_556_952_000;

/** One calendar configuration and the local date it takes effect (a mission version's `calendar`). */
export interface CalendarSource {
  /** ISO date (yyyy-mm-dd), local, from which this configuration governs. */
  effectiveFrom: string;
  /** The mission document's `calendar`. */
  calendar: MissionCalendar;
}

export interface CompileProps {
  /**
   * Calendar configurations by effective date. The one in force on a local date governs that date;
   * before the earliest, the earliest applies (as `missionOn` does).
   */
  sources: readonly CalendarSource[];
  /** Municipality code (e.g. `tranemo`); absent = only extra closed days and changed hours for both. */
  municipality?: string | undefined;
}

/** Why a date is closed. */
export interface ClosedReason {
  /** Swedish name, e.g. "Midsommarafton", or the administrator's reason for an extra closed day. */
  name: string;
  kind: 'holiday' | 'extra';
  /** `date-holidays` type for holidays (`public`, `bank`, …). */
  holidayType?: string;
}

/** A date closed by a holiday or an extra closed day (plain weekends are not listed). */
export interface ClosedDay {
  /** ISO local date. */
  date: string;
  weekday: Weekday;
  /** All reasons joined with "; ", Swedish. */
  reason: string;
  reasons: ClosedReason[];
  /** True when the day would otherwise have been open, i.e. it costs a working day. */
  costsWorkingDay: boolean;
}

/** A date whose hours differ from the weekday's by a `changedHours` entry. */
export interface ChangedDay {
  date: string;
  weekday: Weekday;
  /** Local HH:MM. */
  open: string;
  close: string;
  reason: string;
}

/** a planned service window. */
export interface ServiceWindow {
  kind: 'primary' | 'secondary';
  /** ISO local date of the window. */
  date: string;
  weekday: Weekday;
  /** Epoch ms. */
  start: number;
  end: number;
  /** Secondary windows are used only when the work could not be done in the primary one. */
  onlyWhenNeeded: boolean;
  /** The window falls on a day the desk is closed (holiday, extra closed day, no opening hours). */
  onClosedDay: boolean;
  /** Swedish reason when `onClosedDay`, else null. */
  closedReason: string | null;
}

/** One change of a ticket's state, as its history records it. */
export interface StateChange {
  /** Epoch ms. */
  at: number;
  state: string;
}

export interface ClockProps {
  /** State changes in time order; the first one starts the clock. Changes after `now` are ignored. */
  history: readonly StateChange[];
  /** States in which the clock is paused (e.g. waiting for the customer) —. */
  pausedStates: readonly string[];
  /** States in which the clock has stopped for good (e.g. resolved, closed). */
  stoppedStates?: readonly string[] | undefined;
  /** The instant to read the clock at (epoch ms). */
  now: number;
  /** Target in business minutes; when given the reading includes the deadline. */
  targetMinutes?: number | undefined;
}

export interface ClockReading {
  status: 'running' | 'paused' | 'stopped';
  /** Opening time the clock has run, in ms and in whole minutes (truncated). */
  elapsedMillis: number;
  elapsedMinutes: number;
  /** Opening time spent paused. */
  pausedMillis: number;
  pausedMinutes: number;
  /**
   * When the target is (or was) reached: the instant at which running opening time reached it. While
   * running or paused and not yet reached: the deadline if the clock runs on from `now` (for a paused
   * clock, "if resumed now"), i.e. the original deadline shifted by the paused opening time. Null when
   * no target is given or the clock stopped before reaching it.
   */
  deadline: number | null;
  /** The clock ran (or is running) past its deadline: `now` (or the stop) is after it. */
  breached: boolean;
}

interface DayEntry {
  date: string;
  weekday: Weekday;
  /** Epoch ms of opening and closing, or null when closed. */
  open: number | null;
  close: number | null;
  reasons: ClosedReason[];
  changed: ChangedDay | null;
  /** The weekday's normal hours (or changed hours) would have opened the day. */
  wouldOpen: boolean;
}

/** One compiled year: its working days' intervals in order, with cumulative opening time. */
interface YearTable {
  year: number;
  /** Epoch ms of local midnight 1 January, and of the next year's. */
  start: number;
  end: number;
  /** Number of working days (intervals). */
  n: number;
  open: Float64Array;
  close: Float64Array;
  /** Epoch ms that local clock time 00:00 maps to on the interval's day (at its opening offset). */
  base: Float64Array;
  /** `cum[i]`: opening ms before interval i within the year; `cum[n]` is the year's total. */
  cum: Float64Array;
  days: Map<string, DayEntry>;
}

let holidaysInstance: Holidays | undefined;
const holidayCache = new Map<number, readonly { date: string; name: string; type: string }[]>();

/** Swedish holidays of a year from `date-holidays` (country SE), memoised: a pure function of the year. */
export function swedishHolidays(year: number): readonly { date: string; name: string; type: string }[] {
  let hit = holidayCache.get(year);
  if (!hit) {
    holidaysInstance ??= new Holidays('SE', { languages: ['sv'] });
    hit = holidaysInstance.getHolidays(year, 'sv').map((h) => ({
      date: h.date.slice(0, 10),
      name: capitalise(h.name),
      // date-holidays marks annandag pingst `observance` in every year, but it was a public holiday
      // until 2004 (lag 1989:253 before SFS 2004:1322 made nationaldagen one instead from 2005).
      type: year <= 2004 && h.name === 'annandag pingst' ? 'public' : h.type,
    }));
    holidayCache.set(year, hit);
  }
  return hit;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function wallMs(hhmm: string): number {
  return (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * MINUTE;
}

function zoned(date: Temporal.PlainDate, hhmm: string, timeZone: string): number {
  return date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(hhmm) }).epochMilliseconds;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`year must be an integer ${MIN_YEAR}–${MAX_YEAR}`);
}

/**
 * Parses an ISO 8601 instant. With an offset or `Z` it is exact; a local date-time without an offset
 * (e.g. `2024-03-05T10:00`) is read in `timeZone` (earlier of two instants in the autumn's repeated
 * hour, shifted forward in the spring's missing hour). Returns epoch ms, or undefined when invalid.
 */
export function parseInstant(text: string, timeZone = 'Europe/Stockholm'): number | undefined {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return undefined;
  try {
    if (/(Z|[+-]\d{2}(:?\d{2})?)(\[[^\]]*\])?$/i.test(s)) return Temporal.Instant.from(s).epochMilliseconds;
    return Temporal.PlainDateTime.from(s).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  } catch {
    return undefined;
  }
}

/** ISO 8601 with the local offset and no zone name, e.g. `2024-03-06T10:00:00+01:00`. */
export function formatInstant(ms: number, timeZone = 'Europe/Stockholm'): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never' });
}

/** The local date (yyyy-mm-dd) of an instant. */
export function localDate(ms: number, timeZone = 'Europe/Stockholm'): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/**
 * A compiled business calendar for one municipality (or for both). Build it with `compileCalendar`.
 * All instants are epoch ms; every method throws RangeError outside 2000–2100.
 *
 * @example
 * const cal = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: MISSION_2023.calendar }] });
 * formatInstant(cal.addWorkingDays(parseInstant('2023-06-20T10:00+02:00')!, 1)); // '2023-06-21T10:00:00+02:00'
 */
export class BusinessCalendar {
  readonly municipality: string | undefined;
  private readonly sources: readonly CalendarSource[];
  private readonly tables: (YearTable | undefined)[] = [];
  private readonly yearStarts = new Float64Array(LAST_TABLE_YEAR - MIN_YEAR + 2).fill(Number.NaN);
  private last: YearTable | undefined;

  constructor(props: CompileProps) {
    if (props.sources.length === 0) throw new RangeError('a calendar needs at least one configuration');
    this.sources = [...props.sources].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    this.municipality = props.municipality;
  }

  /** The configuration in force on a local date. */
  configOn(date: string): MissionCalendar {
    const src = missionInForce(this.sources, date) ?? this.sources[0];
    if (!src) throw new RangeError('no calendar configuration');
    return src.calendar;
  }

  /** The time zone in force on a local date (Europe/Stockholm by default). */
  timeZoneOn(date: string): string {
    return this.configOn(date).timeZone;
  }

  // ---- the hot path -------------------------------------------------------------------------------

  /** is `t` inside opening hours (`open <= t < close` on a working day)? */
  isOpen(t: number): boolean {
    const tab = this.tableAt(t);
    const i = lastOpenAtOrBefore(tab, t);
    return i >= 0 && t < (tab.close[i] as number);
  }

  /** The earliest instant at or after `t` inside opening hours: `t` itself when open. */
  nextOpening(t: number): number {
    const tab = this.tableAt(t);
    const i = lastOpenAtOrBefore(tab, t);
    if (i >= 0 && t < (tab.close[i] as number)) return t;
    if (i + 1 < tab.n) return tab.open[i + 1] as number;
    const next = this.firstTableWithDaysAfter(tab.year);
    return next.open[0] as number;
  }

  /**
   * R-2.3 "within N working days": a start outside opening hours counts from the next opening; the
   * deadline is the same local clock time N working days later; if that is after the day's closing,
   * the deadline is the closing time (and if before a changed later opening, the opening time).
   * N = 0 answers the start (moved to the next opening).
   */
  addWorkingDays(start: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a non-negative integer');
    let tab = this.tableAt(start);
    let i = lastOpenAtOrBefore(tab, start);
    let t = start;
    if (i < 0 || t >= (tab.close[i] as number)) {
      i += 1;
      if (i >= tab.n) {
        tab = this.firstTableWithDaysAfter(tab.year);
        i = 0;
      }
      t = tab.open[i] as number;
    }
    const clock = t - (tab.base[i] as number);
    let j = i + n;
    while (j >= tab.n) {
      j -= tab.n;
      tab = this.table(tab.year + 1);
    }
    const due = (tab.base[j] as number) + clock;
    const close = tab.close[j] as number;
    if (due >= close) return close;
    const open = tab.open[j] as number;
    return due < open ? open : due;
  }

  /**
   * The earliest instant by which `minutes` opening minutes have passed since `start`. A deadline that
   * lands exactly on closing time stays at closing time; 0 minutes answers `start`.
   */
  addBusinessMinutes(start: number, minutes: number): number {
    if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative number');
    return this.addBusinessMillis(start, Math.round(minutes * MINUTE));
  }

  /** As `addBusinessMinutes`, in milliseconds. */
  addBusinessMillis(start: number, ms: number): number {
    if (!(ms >= 0)) throw new RangeError('duration must be non-negative');
    if (ms === 0) return start;
    let tab = this.tableAt(start);
    let target = cumulativeAt(tab, start) + ms;
    while (target > (tab.cum[tab.n] as number)) {
      target -= tab.cum[tab.n] as number;
      tab = this.table(tab.year + 1);
    }
    // Smallest k in 1..n with cum[k] >= target; the deadline lies in interval k-1 (possibly at its close).
    const cum = tab.cum;
    let lo = 1;
    let hi = tab.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cum[mid] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    return (tab.open[lo - 1] as number) + (target - (cum[lo - 1] as number));
  }

  /** Opening milliseconds between two instants; negative when `to` is before `from`. */
  businessMillisBetween(from: number, to: number): number {
    if (to < from) return 0 - this.businessMillisBetween(to, from);
    const a = this.tableAt(from);
    const b = this.tableAt(to);
    if (a === b) return cumulativeAt(b, to) - cumulativeAt(a, from);
    let sum = (a.cum[a.n] as number) - cumulativeAt(a, from);
    for (let y = a.year + 1; y < b.year; y++) {
      const tab = this.table(y);
      sum += tab.cum[tab.n] as number;
    }
    return sum + cumulativeAt(b, to);
  }

  /** Whole opening minutes between two instants (truncated toward zero; negative when reversed). */
  businessMinutesBetween(from: number, to: number): number {
    return Math.trunc(this.businessMillisBetween(from, to) / MINUTE) + 0; // + 0 turns -0 into 0
  }

  // ---- clocks ------------------------------------------------------------------------------------

  /**
   * Reads an SLA clock from a ticket's state history (R-2.3: a clock can be paused while waiting for
   * the customer and resumed). Recomputed from the history each time, so a changed calendar
   * re-evaluates open clocks.
   *
   * @example
   * cal.clock({ history: [{ at: created, state: 'new' }, { at: asked, state: 'waiting' }, { at: answered, state: 'open' }],
   *             pausedStates: ['waiting'], stoppedStates: ['resolved'], now, targetMinutes: 240 });
   */
  clock(props: ClockProps): ClockReading {
    const paused = new Set(props.pausedStates);
    const stopped = new Set(props.stoppedStates ?? []);
    const target = props.targetMinutes === undefined ? undefined : Math.round(props.targetMinutes * MINUTE);
    if (target !== undefined && !(target >= 0)) throw new RangeError('targetMinutes must be non-negative');
    const history = props.history;
    if (history.length === 0) throw new RangeError('a clock needs at least one state change');
    let elapsed = 0;
    let pausedMs = 0;
    let deadline: number | null = null;
    let status: ClockReading['status'] = 'running';
    let endedAt = props.now;
    for (let k = 0; k < history.length; k++) {
      const change = history[k] as StateChange;
      if (k > 0 && change.at < (history[k - 1] as StateChange).at) throw new RangeError('history must be in time order');
      if (change.at > props.now) break;
      const next = history[k + 1];
      const segEnd = next === undefined || next.at > props.now ? props.now : next.at;
      if (stopped.has(change.state)) {
        status = 'stopped';
        endedAt = change.at;
        break;
      }
      const ms = this.businessMillisBetween(change.at, segEnd);
      if (paused.has(change.state)) {
        status = 'paused';
        pausedMs += ms;
      } else {
        status = 'running';
        if (target !== undefined && deadline === null && elapsed + ms >= target) deadline = this.addBusinessMillis(change.at, target - elapsed);
        elapsed += ms;
      }
    }
    if (target !== undefined && deadline === null && status !== 'stopped') {
      const from = Math.max(props.now, (history[0] as StateChange).at);
      deadline = this.addBusinessMillis(from, target - elapsed);
    }
    return {
      status,
      elapsedMillis: elapsed,
      elapsedMinutes: Math.trunc(elapsed / MINUTE),
      pausedMillis: pausedMs,
      pausedMinutes: Math.trunc(pausedMs / MINUTE),
      deadline,
      breached: deadline !== null && endedAt > deadline,
    };
  }

  // ---- lists for people ----------------------------------------------------------------------------

  /** the year's dates closed by a holiday or an extra closed day, with Swedish reasons. */
  closedDays(year: number): ClosedDay[] {
    checkYear(year);
    const out: ClosedDay[] = [];
    for (const d of this.table(year).days.values()) {
      if (d.reasons.length === 0) continue;
      out.push({ date: d.date, weekday: d.weekday, reason: d.reasons.map((r) => r.name).join('; '), reasons: d.reasons, costsWorkingDay: d.wouldOpen });
    }
    return out;
  }

  /** the year's dates with changed hours (e.g. shortened days before holidays). */
  changedDays(year: number): ChangedDay[] {
    checkYear(year);
    const out: ChangedDay[] = [];
    for (const d of this.table(year).days.values()) if (d.changed && d.open !== null) out.push(d.changed);
    return out;
  }

  /** Opening interval of a local date (epoch ms), or null when the desk is closed that day. */
  openingOn(date: string): { open: number; close: number } | null {
    const year = Number(date.slice(0, 4));
    checkYear(year);
    const d = this.table(year).days.get(date);
    if (!d) throw new RangeError(`not a date: ${date}`);
    return d.open === null || d.close === null ? null : { open: d.open, close: d.close };
  }

  /** Number of working days in a year. */
  workingDays(year: number): number {
    checkYear(year);
    return this.table(year).n;
  }

  /** Opening minutes in a year. */
  openingMinutes(year: number): number {
    checkYear(year);
    const tab = this.table(year);
    return (tab.cum[tab.n] as number) / MINUTE;
  }

  /**
   * the year's service windows — the primary on the nth weekday of each month, the secondary
   * `daysAfterPrimary` days later — each flagged when it falls on a closed day. Months without an nth
   * such weekday (only possible with nth = 5) have none.
   */
  serviceWindows(year: number): ServiceWindow[] {
    checkYear(year);
    const out: ServiceWindow[] = [];
    for (let month = 1; month <= 12; month++) {
      const first = Temporal.PlainDate.from({ year, month, day: 1 });
      const cfg = this.configOn(first.toString()).serviceWindows;
      const wanted = WEEKDAYS.indexOf(cfg.primary.weekday) + 1;
      const day = 1 + ((wanted - first.dayOfWeek + 7) % 7) + 7 * (cfg.primary.nthWeekdayOfMonth - 1);
      if (day > first.daysInMonth) continue;
      const primary = first.with({ day });
      out.push(this.window('primary', primary, cfg.primary.start, cfg.primary.end, false));
      const secondary = primary.add({ days: cfg.secondary.daysAfterPrimary });
      out.push(this.window('secondary', secondary, cfg.secondary.start, cfg.secondary.end, cfg.secondary.onlyWhenNeeded));
    }
    return out;
  }

  private window(kind: ServiceWindow['kind'], date: Temporal.PlainDate, start: string, end: string, onlyWhenNeeded: boolean): ServiceWindow {
    const iso = date.toString();
    const tz = this.timeZoneOn(iso);
    const entry = this.table(date.year).days.get(iso);
    if (!entry) throw new RangeError(`not a date: ${iso}`);
    const onClosedDay = entry.open === null;
    const closedReason = !onClosedDay ? null : entry.reasons.length ? entry.reasons.map((r) => r.name).join('; ') : `Stängt (${WEEKDAY_SV[entry.weekday]})`;
    const startMs = zoned(date, start, tz);
    let endMs = zoned(date, end, tz);
    if (endMs <= startMs) endMs = zoned(date.add({ days: 1 }), end, tz); // a window past midnight
    return { kind, date: iso, weekday: entry.weekday, start: startMs, end: endMs, onlyWhenNeeded, onClosedDay, closedReason };
  }

  // ---- compilation -------------------------------------------------------------------------------

  private yearStart(year: number): number {
    const k = year - MIN_YEAR;
    let v = this.yearStarts[k] as number;
    if (Number.isNaN(v)) {
      const date = Temporal.PlainDate.from({ year, month: 1, day: 1 });
      v = date.toZonedDateTime({ timeZone: this.timeZoneOn(date.toString()) }).epochMilliseconds;
      this.yearStarts[k] = v;
    }
    return v;
  }

  /** The compiled year containing instant `t`. */
  private tableAt(t: number): YearTable {
    const last = this.last;
    if (last !== undefined && t >= last.start && t < last.end) return last;
    if (!Number.isFinite(t)) throw new RangeError('instant must be a finite number of epoch ms');
    let y = 1970 + Math.floor(t / AVERAGE_YEAR_MS);
    if (y < MIN_YEAR - 1 || y > LAST_TABLE_YEAR + 1) throw new RangeError(`instant outside ${MIN_YEAR}–${MAX_YEAR}`);
    y = Math.min(Math.max(y, MIN_YEAR), LAST_TABLE_YEAR);
    while (y > MIN_YEAR && t < this.yearStart(y)) y--;
    while (y < LAST_TABLE_YEAR && t >= this.yearStart(y + 1)) y++;
    if (t < this.yearStart(MIN_YEAR) || (y === LAST_TABLE_YEAR && t >= this.yearStart(LAST_TABLE_YEAR + 1))) {
      throw new RangeError(`instant outside ${MIN_YEAR}–${MAX_YEAR}`);
    }
    const tab = this.table(y);
    this.last = tab;
    return tab;
  }

  private firstTableWithDaysAfter(year: number): YearTable {
    for (let y = year + 1; y <= LAST_TABLE_YEAR; y++) {
      const tab = this.table(y);
      if (tab.n > 0) return tab;
    }
    throw new RangeError(`no opening hours after ${year} within ${MIN_YEAR}–${MAX_YEAR + 1}`);
  }

  private table(year: number): YearTable {
    if (year < MIN_YEAR || year > LAST_TABLE_YEAR) throw new RangeError(`calendar covers ${MIN_YEAR}–${MAX_YEAR}`);
    const hit = this.tables[year - MIN_YEAR];
    if (hit) return hit;
    const tab = this.compileYear(year);
    this.tables[year - MIN_YEAR] = tab;
    return tab;
  }

  private compileYear(year: number): YearTable {
    const holidaysByDate = new Map<string, { name: string; type: string }[]>();
    for (const h of swedishHolidays(year)) {
      const list = holidaysByDate.get(h.date) ?? [];
      list.push({ name: h.name, type: h.type });
      holidaysByDate.set(h.date, list);
    }
    const days = new Map<string, DayEntry>();
    const open: number[] = [];
    const close: number[] = [];
    const base: number[] = [];
    const muni = this.municipality;
    const applies = (m: string | undefined) => m === undefined || m === muni;
    for (let d = Temporal.PlainDate.from({ year, month: 1, day: 1 }); d.year === year; d = d.add({ days: 1 })) {
      const iso = d.toString();
      const cfg = this.configOn(iso);
      const weekday = WEEKDAYS[d.dayOfWeek - 1] as Weekday;
      const closedTypes: readonly string[] = cfg.closedHolidayTypes;
      const reasons: ClosedReason[] = [];
      for (const h of holidaysByDate.get(iso) ?? []) {
        if (closedTypes.includes(h.type)) reasons.push({ name: h.name, kind: 'holiday', holidayType: h.type });
      }
      for (const x of cfg.extraClosedDays) if (x.date === iso && applies(x.municipality)) reasons.push({ name: x.reason, kind: 'extra' });
      const changedEntries = cfg.changedHours.filter((c) => c.date === iso && applies(c.municipality));
      const changedEntry = changedEntries.find((c) => c.municipality !== undefined) ?? changedEntries[0];
      const hours = changedEntry ?? cfg.openingHours[weekday];
      const changed = changedEntry ? { date: iso, weekday, open: changedEntry.open, close: changedEntry.close, reason: changedEntry.reason } : null;
      const entry: DayEntry = { date: iso, weekday, open: null, close: null, reasons, changed, wouldOpen: hours !== null };
      if (reasons.length === 0 && hours !== null) {
        const o = zoned(d, hours.open, cfg.timeZone);
        const c = zoned(d, hours.close, cfg.timeZone);
        if (c > o) {
          entry.open = o;
          entry.close = c;
          open.push(o);
          close.push(c);
          base.push(o - wallMs(hours.open));
        }
      }
      days.set(iso, entry);
    }
    const n = open.length;
    const cum = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) cum[i + 1] = (cum[i] as number) + (close[i] as number) - (open[i] as number);
    return {
      year,
      start: this.yearStart(year),
      end: this.yearStart(year + 1),
      n,
      open: Float64Array.from(open),
      close: Float64Array.from(close),
      base: Float64Array.from(base),
      cum,
      days,
    };
  }
}

/** Index of the last interval opening at or before `t` (-1 when none). */
function lastOpenAtOrBefore(tab: YearTable, t: number): number {
  const open = tab.open;
  let lo = 0;
  let hi = tab.n - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((open[mid] as number) <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Opening ms in the year before instant `t` (t within the year). */
function cumulativeAt(tab: YearTable, t: number): number {
  const i = lastOpenAtOrBefore(tab, t);
  if (i < 0) return 0;
  const c = tab.close[i] as number;
  return (tab.cum[i] as number) + (t < c ? t : c) - (tab.open[i] as number);
}

/**
 * Compiles the business calendar for a municipality from calendar configurations. Cheap: years
 * are built on first use.
 */
export function compileCalendar(props: CompileProps): BusinessCalendar {
  return new BusinessCalendar(props);
}
