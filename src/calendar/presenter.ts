import { WEEKDAYS } from '../mission/document.ts';
import type { CalendarChangedDay, CalendarClosedDay, CalendarClosedDays, CalendarServiceWindow } from './contract.ts';
import { formatInstant, type BusinessCalendar, type ChangedDay, type ClosedDay, type ServiceWindow } from './rules.ts';

/** The only shapes of the calendar that leave the server (instants as ISO 8601 with the local offset). */

export function presentClosedDay(d: ClosedDay): CalendarClosedDay {
  return {
    date: d.date,
    weekday: d.weekday,
    reason: d.reason,
    reasons: d.reasons.map((r) => (r.holidayType === undefined ? { name: r.name, kind: r.kind } : { name: r.name, kind: r.kind, holidayType: r.holidayType })),
    costsWorkingDay: d.costsWorkingDay,
  };
}

export function presentChangedDay(d: ChangedDay): CalendarChangedDay {
  return { date: d.date, weekday: d.weekday, open: d.open, close: d.close, reason: d.reason };
}

export function presentServiceWindow(w: ServiceWindow, timeZone: string): CalendarServiceWindow {
  return {
    kind: w.kind,
    date: w.date,
    weekday: w.weekday,
    start: formatInstant(w.start, timeZone),
    end: formatInstant(w.end, timeZone),
    onlyWhenNeeded: w.onlyWhenNeeded,
    onClosedDay: w.onClosedDay,
    closedReason: w.closedReason,
  };
}

/** A year's closed days with the opening hours and counts the calendar page shows. */
export function presentClosedDays(cal: BusinessCalendar, year: number): CalendarClosedDays {
  const cfg = cal.configOn(`${year}-01-01`);
  return {
    year,
    municipality: cal.municipality ?? null,
    timeZone: cfg.timeZone,
    openingHours: Object.fromEntries(WEEKDAYS.map((d) => [d, cfg.openingHours[d]])),
    workingDays: cal.workingDays(year),
    openingMinutes: cal.openingMinutes(year),
    items: cal.closedDays(year).map(presentClosedDay),
    changedHours: cal.changedDays(year).map(presentChangedDay),
  };
}
