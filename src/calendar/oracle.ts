import Holidays from 'date-holidays';
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS, type Weekday } from '../mission/document.ts';
import type { MissionCalendar } from './rules.ts';

/**
 * A slow, obviously correct reference for the business calendar, used only by tests. It shares no
 * code with `rules.ts`: it reads the rules text literally, converts every instant to local time with
 * Temporal and walks minute by minute. Its one shortcut is memoising the local time of each UTC hour
 * (Stockholm's offsets are whole hours, so the local clock inside a UTC hour is the hour's start plus
 * the elapsed time).
 */
const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Local {
  date: string;
  /** Local clock time in ms since midnight. */
  clock: number;
}

export class MinuteOracle {
  private readonly hours = new Map<number, Local>();
  private readonly days = new Map<string, { open: number; close: number } | null>();
  private readonly holidays = new Holidays('SE', { languages: ['sv'] });
  private readonly holidayYears = new Map<number, Map<string, string[]>>();

  constructor(
    private readonly cal: MissionCalendar,
    private readonly municipality?: string,
  ) {}

  /** Local date and clock time of an instant. */
  local(t: number): Local {
    const h = Math.floor(t / HOUR);
    let l = this.hours.get(h);
    if (!l) {
      const z = Temporal.Instant.fromEpochMilliseconds(h * HOUR).toZonedDateTimeISO(this.cal.timeZone);
      l = { date: z.toPlainDate().toString(), clock: (z.hour * 60 + z.minute) * MINUTE };
      this.hours.set(h, l);
    }
    return { date: l.date, clock: l.clock + (t - h * HOUR) };
  }

  /** Opening hours of a local date in minutes since midnight, or null when closed. */
  dayHours(date: string): { open: number; close: number } | null {
    if (this.days.has(date)) return this.days.get(date) ?? null;
    const d = Temporal.PlainDate.from(date);
    const weekday = WEEKDAYS[d.dayOfWeek - 1] as Weekday;
    const applies = (m: string | undefined) => m === undefined || m === this.municipality;
    let result: { open: number; close: number } | null;
    const holidayTypes = this.holidayTypesOn(date);
    const closedByHoliday = holidayTypes.some((t) => (this.cal.closedHolidayTypes as readonly string[]).includes(t));
    const closedExtra = this.cal.extraClosedDays.some((x) => x.date === date && applies(x.municipality));
    if (closedByHoliday || closedExtra) result = null;
    else {
      const changed =
        this.cal.changedHours.find((c) => c.date === date && c.municipality !== undefined && c.municipality === this.municipality) ??
        this.cal.changedHours.find((c) => c.date === date && c.municipality === undefined);
      const hours = changed ?? this.cal.openingHours[weekday];
      result = hours ? { open: minutes(hours.open), close: minutes(hours.close) } : null;
    }
    this.days.set(date, result);
    return result;
  }

  private holidayTypesOn(date: string): string[] {
    const year = Number(date.slice(0, 4));
    let map = this.holidayYears.get(year);
    if (!map) {
      map = new Map();
      for (const h of this.holidays.getHolidays(year, 'sv')) {
        const key = h.date.slice(0, 10);
        map.set(key, [...(map.get(key) ?? []), h.type]);
      }
      this.holidayYears.set(year, map);
    }
    return map.get(date) ?? [];
  }

  /** `open <= t < close` on a working day. */
  isOpen(t: number): boolean {
    const l = this.local(t);
    const h = this.dayHours(l.date);
    return h !== null && h.open * MINUTE <= l.clock && l.clock < h.close * MINUTE;
  }

  /** Step from t to the next whole minute (open/closed status is constant on that step). */
  private static stepEnd(t: number): number {
    return Math.floor(t / MINUTE) * MINUTE + MINUTE;
  }

  nextOpening(t: number): number {
    let cur = t;
    while (!this.isOpen(cur)) cur = MinuteOracle.stepEnd(cur);
    return cur;
  }

  businessMillisBetween(from: number, to: number): number {
    let sum = 0;
    for (let cur = from; cur < to;) {
      const end = Math.min(MinuteOracle.stepEnd(cur), to);
      if (this.isOpen(cur)) sum += end - cur;
      cur = end;
    }
    return sum;
  }

  addBusinessMinutes(start: number, minutesToAdd: number): number {
    let remaining = minutesToAdd * MINUTE;
    let cur = start;
    while (remaining > 0) {
      const end = MinuteOracle.stepEnd(cur);
      if (this.isOpen(cur)) {
        const take = Math.min(remaining, end - cur);
        remaining -= take;
        cur += take;
      } else cur = end;
    }
    return cur;
  }

  /** read literally: next opening, then the same clock time n working days later, clamped to the day's hours. */
  addWorkingDays(start: number, n: number): number {
    const from = this.local(this.nextOpening(start));
    let date = Temporal.PlainDate.from(from.date);
    for (let counted = 0; counted < n;) {
      date = date.add({ days: 1 });
      if (this.dayHours(date.toString())) counted++;
    }
    const h = this.dayHours(date.toString());
    if (!h) throw new Error('unreachable: the due day is a working day');
    const clock = Math.min(Math.max(from.clock, h.open * MINUTE), h.close * MINUTE);
    const time = Temporal.PlainTime.from({ hour: 0 }).add({ milliseconds: clock });
    return date.toPlainDateTime(time).toZonedDateTime(this.cal.timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
