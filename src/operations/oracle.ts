import type { AvailabilityFigure, AvailabilityInput, AvailabilityReport, Downtime, PairFigure, Period } from './rules.ts';

/**
 * Test support only: a slow, obviously correct reference for the availability figures of,
 * used by `rules.test.ts` and nothing else. It exists only to check `rules.ts` and shares no code
 * with it (types only) nor Temporal: local midnights come from `Intl.DateTimeFormat`, found by
 * walking hour by hour, and every figure is a count of whole minutes, each minute looked at on its
 * own. Its inputs must therefore fall on whole minutes (it throws otherwise).
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date (yyyy-mm-dd) and clock time of an instant in `timeZone`, as Intl reads it. */
export function localParts(ms: number, timeZone: string): { date: string; hour: number; minute: number } {
  const format =
    formats.get(timeZone) ??
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  formats.set(timeZone, format);
  const parts = format.formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')), minute: Number(part('minute')) };
}

/**
 * The instant local midnight begins `date` (yyyy-mm-dd) in `timeZone`: starting a day early in UTC,
 * the first whole hour whose local date is `date`. (Every offset Europe/Stockholm has used is a
 * whole number of hours, and its clocks never jump over midnight; the check below would say so.)
 */
export function localMidnight(date: string, timeZone: string): number {
  let t = Date.parse(`${date}T00:00:00Z`) - 24 * HOUR_MS;
  while (localParts(t, timeZone).date < date) t += HOUR_MS;
  const at = localParts(t, timeZone);
  if (at.date !== date || at.hour !== 0 || at.minute !== 0) throw new Error(`no local midnight found for ${date} in ${timeZone}`);
  return t;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The months `fromMonth`–`toMonth` of `year` as a period, from local midnight on the first day to
 * local midnight on the first day of the month after. `code` null means the whole year.
 */
export function oraclePeriod(year: number, fromMonth: number, toMonth: number, code: string | null, timeZone: string): Period {
  const lastDay = new Date(Date.UTC(year, toMonth, 0)).getUTCDate(); // day 0 of the next month
  const next = toMonth === 12 ? `${year + 1}-01-01` : `${year}-${pad(toMonth + 1)}-01`;
  const from = `${year}-${pad(fromMonth)}-01`;
  return {
    key: code === null ? String(year) : `${year}-${code}`,
    code,
    year,
    from,
    to: `${year}-${pad(toMonth)}-${pad(lastDay)}`,
    start: localMidnight(from, timeZone),
    end: localMidnight(next, timeZone),
  };
}

/** Whole minutes → a figure, with R-9.1's two shares and their test against the target. */
function figure(minutes: { down: number; window: number; measured: number }, target: number): AvailabilityFigure {
  const d: Downtime = { downtime: minutes.down * MINUTE_MS, windowTime: minutes.window * MINUTE_MS, measured: minutes.measured * MINUTE_MS };
  if (minutes.measured === 0) return { ...d, withoutWindows: null, withWindows: null, meetsTargetWithoutWindows: null, meetsTargetWithWindows: null };
  const withoutWindows = 1 - d.downtime / d.measured;
  const withWindows = 1 - (d.downtime + d.windowTime) / d.measured;
  return { ...d, withoutWindows, withWindows, meetsTargetWithoutWindows: withoutWindows >= target, meetsTargetWithWindows: withWindows >= target };
}

const DOWN = 1;
const WINDOW = 2;

/**
 * read literally, minute by minute. A minute of the period is measured when it has ended by
 * `now`. For each function and municipality it serves (in the reader's scope), a measured minute is
 * down when an unplanned outage or planned work outside a window naming both covers it (an ongoing
 * outage lasts until `now`); otherwise it is window time when planned work inside a window naming
 * both covers it. Sums are counts of such minutes over the pairs.
 */
export function oracleAvailability(input: AvailabilityInput): AvailabilityReport {
  const { period, now, targetShare } = input;
  const instants = [period.start, period.end, now, ...input.outages.flatMap((o) => [o.start, o.end ?? now])];
  if (instants.some((t) => t % MINUTE_MS !== 0)) throw new Error('the oracle counts whole minutes only');

  const minutes = Math.max(0, (period.end - period.start) / MINUTE_MS);
  const minuteStart = (i: number) => period.start + i * MINUTE_MS;
  const isMeasured = (i: number) => minuteStart(i) + MINUTE_MS <= now;

  const pairs: PairFigure[] = [];
  const counts: { functionId: string; municipalityId: string; down: number; window: number; measured: number }[] = [];
  for (const fn of input.functions) {
    for (const municipalityId of fn.municipalityIds) {
      if (!input.municipalityIds.includes(municipalityId)) continue;
      const marks = new Uint8Array(minutes);
      for (const o of input.outages) {
        if (!o.functionIds.includes(fn.id) || !o.municipalityIds.includes(municipalityId)) continue;
        const flag = o.kind === 'planned_window' ? WINDOW : DOWN;
        const end = o.end ?? now;
        for (let t = o.start; t < end; t += MINUTE_MS) {
          const i = (t - period.start) / MINUTE_MS;
          if (i >= 0 && i < minutes) marks[i]! |= flag;
        }
      }
      const c = { functionId: fn.id, municipalityId, down: 0, window: 0, measured: 0 };
      for (let i = 0; i < minutes; i++) {
        if (!isMeasured(i)) continue;
        c.measured++;
        if (marks[i]! & DOWN) c.down++;
        else if (marks[i]! & WINDOW) c.window++;
      }
      counts.push(c);
      pairs.push({ functionId: fn.id, municipalityId, ...figure(c, targetShare) });
    }
  }

  const sum = (cs: typeof counts) => ({
    down: cs.reduce((s, c) => s + c.down, 0),
    window: cs.reduce((s, c) => s + c.window, 0),
    measured: cs.reduce((s, c) => s + c.measured, 0),
  });
  let measuredMinutes = 0;
  for (let i = 0; i < minutes; i++) if (isMeasured(i)) measuredMinutes++;
  return {
    measured: { start: period.start, end: period.start + measuredMinutes * MINUTE_MS },
    complete: now >= period.end,
    pairs,
    perFunction: input.functions.map((f) => ({ functionId: f.id, ...figure(sum(counts.filter((c) => c.functionId === f.id)), targetShare) })),
    perMunicipality: input.municipalityIds.map((m) => ({ municipalityId: m, ...figure(sum(counts.filter((c) => c.municipalityId === m)), targetShare) })),
    overall: figure(sum(counts), targetShare),
  };
}
