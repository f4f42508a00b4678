import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileCalendar } from '../calendar/rules.ts';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { localMidnight, localParts, oracleAvailability, oraclePeriod } from './oracle.ts';
import {
  HOUR,
  MINUTE,
  OUTAGE_KINDS,
  availability,
  clip,
  countsAgainstCap,
  followUpPeriods,
  incidentCount,
  lengthOutside,
  mergeIntervals,
  targetArithmetic,
  totalLength,
  yearPeriod,
  type AvailabilityFigure,
  type AvailabilityInput,
  type AvailabilityReport,
  type Interval,
  type ItFunctionFacts,
  type OutageFacts,
  type OutageKind,
  type Period,
} from './rules.ts';

const TZ = 'Europe/Stockholm';
const TARGET = MISSION_2023.availability.targetShare; // 0.991
const TERTIALS = MISSION_2023.followUp.periods;

/** An instant written with its offset, e.g. `2026-03-29T04:00+02:00` (local summer time). */
const at = (text: string): number => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${text}`);
  return ms;
};
const hours = (ms: number) => ms / HOUR;
const length = (i: Interval) => i.end - i.start;

const T = 'tranemo';
const U = 'ulricehamn';
/** e-post serves both municipalities, telefoni only Tranemo, wifi only Ulricehamn. */
const FUNCTIONS: ItFunctionFacts[] = [
  { id: 'epost', name: 'E-post med kalender', municipalityIds: [T, U] },
  { id: 'telefoni', name: 'Fast telefoni', municipalityIds: [T] },
  { id: 'wifi', name: 'Trådlöst nätverk', municipalityIds: [U] },
];

let ids = 0;
function outage(
  kind: OutageKind,
  start: number,
  end: number | null,
  functionIds: string[] = ['epost'],
  municipalityIds: string[] = [T],
  incident = false,
): OutageFacts {
  return { id: `o${++ids}`, kind, incident, start, end, functionIds, municipalityIds };
}

function report(
  period: Period,
  outages: OutageFacts[],
  opts: { now?: number; municipalityIds?: string[]; functions?: ItFunctionFacts[] } = {},
): AvailabilityReport {
  const input: AvailabilityInput = {
    period,
    now: opts.now ?? period.end + 30 * 24 * HOUR,
    targetShare: TARGET,
    functions: opts.functions ?? FUNCTIONS,
    municipalityIds: opts.municipalityIds ?? [T, U],
    outages,
  };
  const r = availability(input);
  assert.deepEqual(r, oracleAvailability(input), 'availability() agrees with the minute-by-minute oracle');
  return r;
}

function pair(r: AvailabilityReport, functionId: string, municipalityId: string): AvailabilityFigure {
  const p = r.pairs.find((x) => x.functionId === functionId && x.municipalityId === municipalityId);
  assert.ok(p, `pair ${functionId}/${municipalityId}`);
  return p;
}

const Y2026 = yearPeriod(2026, TZ);

// ---------------------------------------------------------------- periods

describe('R-9.1, R-10: years and tertials start at local midnight in Europe/Stockholm', () => {
  test('R-9.1: 2026 is 8,760 h, leap year 2024 is 8,784 h, 2027 is 8,760 h', () => {
    assert.equal(hours(length(yearPeriod(2026, TZ))), 8760);
    assert.equal(hours(length(yearPeriod(2024, TZ))), 8784);
    assert.equal(hours(length(yearPeriod(2027, TZ))), 8760);
    const y = yearPeriod(2026, TZ);
    assert.deepEqual(
      { key: y.key, code: y.code, year: y.year, from: y.from, to: y.to },
      { key: '2026', code: null, year: 2026, from: '2026-01-01', to: '2026-12-31' },
    );
    assert.equal(y.start, at('2026-01-01T00:00+01:00'));
    assert.equal(y.end, at('2027-01-01T00:00+01:00'));
  });

  test('R-9.2, R-10: the default mission’s 2027 tertials are 2,879 h, 2,952 h and 2,929 h', () => {
    const ps = followUpPeriods(2027, TERTIALS, TZ);
    assert.deepEqual(
      ps.map((p) => [p.key, p.code, p.from, p.to, hours(length(p))]),
      [
        ['2027-T1', 'T1', '2027-01-01', '2027-04-30', 2879], // loses an hour on 28 March
        ['2027-T2', 'T2', '2027-05-01', '2027-08-31', 2952],
        ['2027-T3', 'T3', '2027-09-01', '2027-12-31', 2929], // gains one on 31 October
      ],
    );
    const year = yearPeriod(2027, TZ);
    assert.equal(ps[0]?.start, year.start);
    assert.equal(ps[1]?.start, ps[0]?.end);
    assert.equal(ps[2]?.start, ps[1]?.end);
    assert.equal(ps[2]?.end, year.end);
    assert.equal(ps[1]?.start, at('2027-05-01T00:00+02:00'));
  });

  test('R-9.1, R-10: year and tertials equal the oracle’s Intl-walked midnights, 2000–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), (year) => {
        assert.deepEqual(yearPeriod(year, TZ), oraclePeriod(year, 1, 12, null, TZ));
        assert.deepEqual(
          followUpPeriods(year, TERTIALS, TZ),
          TERTIALS.map((p) => oraclePeriod(year, p.fromMonth, p.toMonth, p.code, TZ)),
        );
      }),
      { numRuns: 60 },
    );
  });

  test('the oracle’s own midnights are local midnights', () => {
    for (const date of ['2026-03-29', '2026-03-30', '2026-10-25', '2026-10-26', '2024-02-29']) {
      assert.deepEqual(localParts(localMidnight(date, TZ), TZ), { date, hour: 0, minute: 0 });
    }
  });
});

// ---------------------------------------------------------------- availability, table

describe('R-9.1 availability: outages, counted once', () => {
  test('no outages: every figure is 100 % and meets the target; sums are in function-hours', () => {
    const r = report(Y2026, []);
    assert.equal(r.complete, true);
    assert.deepEqual(r.measured, { start: Y2026.start, end: Y2026.end });
    assert.deepEqual(
      r.pairs.map((p) => `${p.functionId}/${p.municipalityId}`),
      ['epost/tranemo', 'epost/ulricehamn', 'telefoni/tranemo', 'wifi/ulricehamn'],
    );
    assert.equal(r.overall.withoutWindows, 1);
    assert.equal(r.overall.meetsTargetWithWindows, true);
    assert.equal(hours(r.overall.measured), 4 * 8760);
    assert.equal(hours(r.perFunction.find((f) => f.functionId === 'epost')!.measured), 2 * 8760);
    assert.equal(hours(r.perMunicipality.find((m) => m.municipalityId === T)!.measured), 2 * 8760);
  });

  test('R-9.1: overlapping outages on the same pair are counted once', () => {
    const r = report(Y2026, [
      outage('unplanned', at('2026-02-10T10:00+01:00'), at('2026-02-10T12:00+01:00')),
      outage('unplanned', at('2026-02-10T11:00+01:00'), at('2026-02-10T13:00+01:00')),
      outage('planned_other', at('2026-02-10T11:30+01:00'), at('2026-02-10T12:30+01:00')),
    ]);
    const p = pair(r, 'epost', T);
    assert.equal(hours(p.downtime), 3);
    assert.equal(p.windowTime, 0);
    assert.equal(p.withoutWindows, 1 - 3 / 8760);
    assert.equal(pair(r, 'epost', U).downtime, 0);
    assert.equal(hours(r.overall.downtime), 3);
  });

  test('R-9.1: one outage naming two functions in two municipalities counts in each pair it names', () => {
    const r = report(Y2026, [outage('unplanned', at('2026-06-01T08:00+02:00'), at('2026-06-01T10:00+02:00'), ['epost', 'wifi'], [T, U])]);
    assert.equal(hours(pair(r, 'epost', T).downtime), 2);
    assert.equal(hours(pair(r, 'epost', U).downtime), 2);
    assert.equal(hours(pair(r, 'wifi', U).downtime), 2);
    assert.equal(pair(r, 'telefoni', T).downtime, 0);
    assert.equal(hours(r.perFunction.find((f) => f.functionId === 'epost')!.downtime), 4);
    assert.equal(hours(r.perMunicipality.find((m) => m.municipalityId === U)!.downtime), 4);
    assert.equal(hours(r.overall.downtime), 6);
    assert.equal(r.overall.withoutWindows, 1 - 6 / (4 * 8760));
  });

  test('R-9.1: an outage crossing New Year is split between the two years', () => {
    const o = outage('unplanned', at('2025-12-31T22:00+01:00'), at('2026-01-01T03:00+01:00'));
    assert.equal(hours(pair(report(yearPeriod(2025, TZ), [o]), 'epost', T).downtime), 2);
    assert.equal(hours(pair(report(Y2026, [o]), 'epost', T).downtime), 3);
    const [t1] = followUpPeriods(2026, TERTIALS, TZ);
    assert.equal(hours(pair(report(t1!, [o]), 'epost', T).downtime), 3);
  });

  test('R-9.1, R-10: an outage crossing a tertial boundary is split between the tertials', () => {
    const o = outage('unplanned', at('2027-04-30T20:00+02:00'), at('2027-05-01T06:00+02:00'));
    const [t1, t2, t3] = followUpPeriods(2027, TERTIALS, TZ);
    assert.equal(hours(pair(report(t1!, [o]), 'epost', T).downtime), 4);
    assert.equal(hours(pair(report(t2!, [o]), 'epost', T).downtime), 6);
    assert.equal(pair(report(t3!, [o]), 'epost', T).downtime, 0);
    assert.equal(hours(pair(report(yearPeriod(2027, TZ), [o]), 'epost', T).downtime), 10);
    assert.equal(pair(report(t1!, [o]), 'epost', T).withoutWindows, 1 - 4 / 2879);
  });

  test('R-9.1: outages across both DST nights count real elapsed time (02:00–03:00 local skipped, then repeated)', () => {
    // Last Sunday of March 2026: 01:00 CET to 04:00 CEST is two real hours.
    const spring = outage('unplanned', at('2026-03-29T01:00+01:00'), at('2026-03-29T04:00+02:00'));
    assert.deepEqual(localParts(spring.end!, TZ), { date: '2026-03-29', hour: 4, minute: 0 });
    assert.equal(hours(pair(report(Y2026, [spring]), 'epost', T).downtime), 2);
    // Last Sunday of October 2026: 01:00 CEST to 04:00 CET is four real hours.
    const autumn = outage('unplanned', at('2026-10-25T01:00+02:00'), at('2026-10-25T04:00+01:00'));
    assert.deepEqual(localParts(autumn.start, TZ), { date: '2026-10-25', hour: 1, minute: 0 });
    assert.equal(hours(pair(report(Y2026, [autumn]), 'epost', T).downtime), 4);
    // Only the repeated hour 02:00–03:00 CET (the second one): one hour.
    const repeated = outage('unplanned', at('2026-10-25T02:00+01:00'), at('2026-10-25T03:00+01:00'));
    assert.equal(hours(pair(report(Y2026, [repeated]), 'epost', T).downtime), 1);
    const both = report(Y2026, [spring, autumn]);
    assert.equal(hours(pair(both, 'epost', T).downtime), 6);
    assert.equal(pair(both, 'epost', T).withoutWindows, 1 - 6 / 8760);
    // In the tertials of 2026: spring in T1 (2,879 h), autumn in T3 (2,929 h).
    const [t1, , t3] = followUpPeriods(2026, TERTIALS, TZ);
    assert.equal(pair(report(t1!, [spring, autumn]), 'epost', T).withoutWindows, 1 - 2 / 2879);
    assert.equal(pair(report(t3!, [spring, autumn]), 'epost', T).withoutWindows, 1 - 4 / 2929);
  });

  test('R-9.1: the target is met up to 78 h 50 min of downtime in 2026 (99.1 % of 8,760 h = 78.84 h), not at 78 h 51 min', () => {
    const from = at('2026-05-04T00:00+02:00');
    const meets = pair(report(Y2026, [outage('unplanned', from, from + (78 * 60 + 50) * MINUTE)]), 'epost', T);
    assert.equal(meets.meetsTargetWithoutWindows, true);
    assert.equal(meets.meetsTargetWithWindows, true);
    const fails = pair(report(Y2026, [outage('unplanned', from, from + (78 * 60 + 51) * MINUTE)]), 'epost', T);
    assert.equal(fails.meetsTargetWithoutWindows, false);
    assert.equal(fails.meetsTargetWithWindows, false);
  });

  test('R-9.1: exactly 99.1 % meets the target (90 min down of 10,000 measured)', () => {
    const now = Y2026.start + 10_000 * MINUTE;
    const o = (minutes: number) => outage('unplanned', Y2026.start + 600 * MINUTE, Y2026.start + (600 + minutes) * MINUTE);
    const exactly = pair(report(Y2026, [o(90)], { now }), 'epost', T);
    assert.equal(exactly.withoutWindows, 0.991);
    assert.equal(exactly.meetsTargetWithoutWindows, true);
    assert.equal(pair(report(Y2026, [o(91)], { now }), 'epost', T).meetsTargetWithoutWindows, false);
  });
});

describe('R-9.1, R-2.5 availability: planned work in service windows is shown apart', () => {
  // Third Tuesday of January 2026 is the 20th: primary window 18:00–22:00.
  const windowStart = at('2026-01-20T18:00+01:00');
  const windowEnd = at('2026-01-20T22:00+01:00');

  test('R-9.1, R-2.5: planned work in a window is window time, not downtime: left out of withoutWindows, counted in withWindows', () => {
    const r = report(Y2026, [outage('planned_window', windowStart, windowEnd)]);
    const p = pair(r, 'epost', T);
    assert.equal(p.downtime, 0);
    assert.equal(hours(p.windowTime), 4);
    assert.equal(p.withoutWindows, 1);
    assert.equal(p.withWindows, 1 - 4 / 8760);
    assert.equal(hours(r.overall.windowTime), 4);
    assert.equal(r.overall.downtime, 0);
  });

  test('R-9.1: planned work outside a window (planned_other) is downtime like an unplanned outage', () => {
    const p = pair(report(Y2026, [outage('planned_other', windowStart, windowEnd)]), 'epost', T);
    assert.equal(hours(p.downtime), 4);
    assert.equal(p.windowTime, 0);
    assert.equal(p.withoutWindows, p.withWindows);
  });

  test('R-9.1, R-2.5: an unplanned outage inside a window is downtime; window time is only what downtime does not already count', () => {
    const r = report(Y2026, [
      outage('planned_window', windowStart, windowEnd),
      outage('unplanned', at('2026-01-20T19:00+01:00'), at('2026-01-20T20:30+01:00')),
    ]);
    const p = pair(r, 'epost', T);
    assert.equal(hours(p.downtime), 1.5);
    assert.equal(hours(p.windowTime), 2.5);
    assert.equal(p.withoutWindows, 1 - 1.5 / 8760);
    assert.equal(p.withWindows, 1 - 4 / 8760);
  });

  test('R-9.1: an unplanned outage running past the window’s end counts from its start; the window keeps the rest', () => {
    const p = pair(
      report(Y2026, [outage('planned_window', windowStart, windowEnd), outage('unplanned', at('2026-01-20T21:00+01:00'), at('2026-01-21T01:00+01:00'))]),
      'epost',
      T,
    );
    assert.equal(hours(p.downtime), 4);
    assert.equal(hours(p.windowTime), 3);
    assert.equal(p.withWindows, 1 - 7 / 8760);
  });

  test('R-9.1: window work on one pair does not touch another', () => {
    const r = report(Y2026, [outage('planned_window', windowStart, windowEnd, ['telefoni'], [T])]);
    assert.equal(hours(pair(r, 'telefoni', T).windowTime), 4);
    assert.equal(pair(r, 'epost', T).windowTime, 0);
    assert.equal(hours(r.perMunicipality.find((m) => m.municipalityId === T)!.windowTime), 4);
    assert.equal(r.perMunicipality.find((m) => m.municipalityId === U)!.windowTime, 0);
  });

  test('R-9.1 note, R-2.5: 12 × (4 h + 3 h) = 84 h of windows exceed the 78.84 h that 99.1 % of 8,760 h allows', () => {
    const calendar = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: MISSION_2023.calendar }] });
    const a = targetArithmetic(Y2026, TARGET, calendar.serviceWindows(2026));
    assert.equal(hours(a.periodLength), 8760);
    assert.ok(Math.abs(hours(a.allowedDowntime) - 78.84) < 1e-9);
    assert.deepEqual(a.primaryWindows, { count: 12, length: 48 * HOUR });
    assert.deepEqual(a.secondaryWindows, { count: 12, length: 36 * HOUR });
    assert.equal(a.windowsExceedAllowance, true);
    assert.equal(a.ifAllWindowsUsed, 1 - 84 / 8760);
    assert.ok(a.ifAllWindowsUsed < TARGET);
    assert.equal(a.ifPrimaryWindowsUsed, 1 - 48 / 8760);
    assert.ok(a.ifPrimaryWindowsUsed >= TARGET);
  });
});

describe('R-9.1 availability: measured up to now, and the reader’s scope', () => {
  test('a period not yet over is measured up to now; an ongoing outage lasts until now', () => {
    const now = at('2026-03-01T00:00+01:00'); // 59 days in
    const r = report(Y2026, [outage('unplanned', at('2026-02-28T12:00+01:00'), null)], { now });
    assert.equal(r.complete, false);
    assert.deepEqual(r.measured, { start: Y2026.start, end: now });
    const p = pair(r, 'epost', T);
    assert.equal(hours(p.measured), 59 * 24);
    assert.equal(hours(p.downtime), 12);
    assert.equal(p.withoutWindows, 1 - 12 / (59 * 24));
  });

  test('an outage that starts after now does not count yet', () => {
    const now = at('2026-03-01T00:00+01:00');
    const p = pair(report(Y2026, [outage('unplanned', at('2026-03-02T00:00+01:00'), at('2026-03-02T05:00+01:00'))], { now }), 'epost', T);
    assert.equal(p.downtime, 0);
  });

  test('before the period starts nothing is measured: the shares are null, not 100 %', () => {
    const r = report(Y2026, [], { now: at('2025-12-01T00:00+01:00') });
    assert.equal(r.complete, false);
    assert.equal(length(r.measured), 0);
    assert.equal(r.overall.withoutWindows, null);
    assert.equal(r.overall.meetsTargetWithoutWindows, null);
  });

  test('only municipalities in scope are reported; a municipality without functions has null figures', () => {
    const r = report(Y2026, [outage('unplanned', at('2026-06-01T08:00+02:00'), at('2026-06-01T10:00+02:00'), ['epost'], [T, U])], {
      municipalityIds: [U, 'annan'],
    });
    assert.deepEqual(
      r.pairs.map((p) => `${p.functionId}/${p.municipalityId}`),
      ['epost/ulricehamn', 'wifi/ulricehamn'],
    );
    assert.equal(hours(r.overall.downtime), 2);
    assert.equal(r.perFunction.find((f) => f.functionId === 'telefoni')!.withoutWindows, null);
    assert.equal(r.perMunicipality.find((m) => m.municipalityId === 'annan')!.withoutWindows, null);
  });
});

// ---------------------------------------------------------------- the incident cap

describe('R-9.2 outages and incidents counted against the cap of five a year', () => {
  test('R-9.2: unplanned outages and IT incidents count; planned work that is not an incident does not', () => {
    const rows: [OutageKind, boolean, boolean][] = [
      ['unplanned', false, true],
      ['unplanned', true, true],
      ['planned_window', false, false],
      ['planned_window', true, true],
      ['planned_other', false, false],
      ['planned_other', true, true],
    ];
    for (const [kind, incident, counts] of rows) assert.equal(countsAgainstCap({ kind, incident }), counts, `${kind} incident=${incident}`);
  });

  test('R-9.2, R-10: events are counted in the period they started in, per municipality and distinct in all', () => {
    const [t1, t2] = followUpPeriods(2026, TERTIALS, TZ);
    const outages = [
      outage('unplanned', at('2025-12-31T22:00+01:00'), at('2026-01-01T03:00+01:00'), ['epost'], [T]), // started in 2025
      outage('unplanned', at('2026-01-01T00:00+01:00'), at('2026-01-01T01:00+01:00'), ['epost'], [T, U]), // both municipalities
      outage('planned_other', at('2026-02-01T10:00+01:00'), at('2026-02-01T11:00+01:00'), ['epost'], [U]), // not counted
      outage('planned_window', at('2026-01-20T18:00+01:00'), at('2026-01-20T22:00+01:00'), ['epost'], [U], true), // an incident
      outage('unplanned', at('2026-04-30T23:59+02:00'), at('2026-05-01T02:00+02:00'), ['wifi'], [U]), // T1's last minute
      outage('unplanned', at('2026-05-01T00:00+02:00'), null, ['wifi'], [U]), // T2's first minute, ongoing
      outage('unplanned', at('2026-03-01T10:00+01:00'), at('2026-03-01T11:00+01:00'), ['epost'], ['annan']), // out of scope
    ];
    assert.deepEqual(incidentCount(Y2026, outages, [T, U]), {
      perMunicipality: [
        { municipalityId: T, count: 1 },
        { municipalityId: U, count: 4 },
      ],
      total: 4,
    });
    assert.equal(incidentCount(t1!, outages, [T, U]).total, 3);
    assert.equal(incidentCount(t2!, outages, [T, U]).total, 1);
    assert.deepEqual(incidentCount(yearPeriod(2025, TZ), outages, [T, U]).perMunicipality, [
      { municipalityId: T, count: 1 },
      { municipalityId: U, count: 0 },
    ]);
  });

  test('R-9.2: six unplanned outages in a year are six, above the mission’s five', () => {
    const six = Array.from({ length: 6 }, (_, i) => outage('unplanned', Y2026.start + i * 30 * 24 * HOUR, Y2026.start + i * 30 * 24 * HOUR + HOUR));
    const n = incidentCount(Y2026, six, [T]).total;
    assert.equal(n, 6);
    assert.ok(n > MISSION_2023.availability.maxOutagesPerYear);
  });
});

// ---------------------------------------------------------------- properties

const YEARS = [2024, 2026, 2027];
const periods = new Map<string, Period>();
/** The oracle's own periods (its Intl midnights), cached: the year and its three tertials. */
function periodOf(year: number, which: number): Period {
  const key = `${year}/${which}`;
  let p = periods.get(key);
  if (!p) {
    const t = TERTIALS[which - 1];
    p = t ? oraclePeriod(year, t.fromMonth, t.toMonth, t.code, TZ) : oraclePeriod(year, 1, 12, null, TZ);
    periods.set(key, p);
  }
  return p;
}
/** Instants worth hitting: period bounds and the DST changes of each year (01:00 UTC, last Sundays of March and October). */
const SPECIAL: Record<number, number[]> = {
  2024: [at('2024-03-31T01:00Z'), at('2024-10-27T01:00Z')],
  2026: [at('2026-03-29T01:00Z'), at('2026-10-25T01:00Z')],
  2027: [at('2027-03-28T01:00Z'), at('2027-10-31T01:00Z')],
};
const M = ['tranemo', 'ulricehamn'];
const F = ['epost', 'telefoni', 'wifi'];

const scenario = fc
  .record({ year: fc.constantFrom(...YEARS), which: fc.integer({ min: 0, max: 3 }) })
  .chain(({ year, which }) => {
    const period = periodOf(year, which);
    const whole = periodOf(year, 0);
    const anchors = [period.start, period.end, ...SPECIAL[year]!];
    const lo = whole.start / MINUTE - 2 * 24 * 60;
    const hi = whole.end / MINUTE + 2 * 24 * 60;
    const startMinute = fc.oneof(
      fc.integer({ min: lo, max: hi }),
      fc.tuple(fc.constantFrom(...anchors), fc.integer({ min: -240, max: 240 })).map(([a, d]) => a / MINUTE + d),
    );
    const duration = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 1, max: 600 }) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 7 * 24 * 60 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    const anOutage = fc
      .record({
        kind: fc.constantFrom(...OUTAGE_KINDS),
        incident: fc.boolean(),
        start: startMinute,
        duration,
        functionIds: fc.subarray(F),
        municipalityIds: fc.subarray(M, { minLength: 1 }),
      })
      .map((o): OutageFacts => ({
        id: 'x',
        kind: o.kind,
        incident: o.incident,
        start: o.start * MINUTE,
        end: o.duration === null ? null : (o.start + o.duration) * MINUTE,
        functionIds: o.functionIds,
        municipalityIds: o.municipalityIds,
      }));
    const now = fc.oneof(
      { weight: 3, arbitrary: fc.constant(period.end + 24 * HOUR) },
      { weight: 2, arbitrary: fc.integer({ min: period.start / MINUTE - 60, max: period.end / MINUTE + 60 }).map((m) => m * MINUTE) },
    );
    // Any of the three functions, each serving one municipality or both.
    const functions = fc
      .tuple(...F.map((id) => fc.option(fc.subarray(M, { minLength: 1 }), { nil: undefined }).map((ms) => (ms ? [{ id, name: id, municipalityIds: ms }] : []))))
      .map((fs): ItFunctionFacts[] => fs.flat());
    return fc.record({
      period: fc.constant(period),
      now,
      targetShare: fc.constant(TARGET),
      functions,
      // The reader's scope, sometimes with a municipality no function serves.
      municipalityIds: fc.tuple(fc.subarray(M, { minLength: 1 }), fc.boolean()).map(([ms, other]) => (other ? [...ms, 'annan'] : ms)),
      outages: fc.array(anOutage, { minLength: 1, maxLength: 10 }),
    });
  })
  .map((input): AvailabilityInput => ({ ...input, outages: input.outages.map((o, i) => ({ ...o, id: `o${i}` })) }));

function figures(r: AvailabilityReport): AvailabilityFigure[] {
  return [...r.pairs, ...r.perFunction, ...r.perMunicipality, r.overall];
}

describe('R-9.1 properties (fast-check)', () => {
  test('R-9.1: availability() equals the minute-by-minute oracle exactly, for random outages in a year', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        assert.deepEqual(availability(input), oracleAvailability(input));
      }),
      { numRuns: 100 },
    );
  });

  test('R-9.1: every share stays within [0, 1], and counting window time never raises it', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        for (const f of figures(availability(input))) {
          if (f.measured === 0) {
            assert.equal(f.withoutWindows, null);
            continue;
          }
          assert.ok(f.withoutWindows !== null && f.withWindows !== null);
          assert.ok(f.withWindows >= 0 && f.withWindows <= f.withoutWindows && f.withoutWindows <= 1);
          assert.ok(f.downtime + f.windowTime <= f.measured);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('R-9.1: adding an outage never raises availability', () => {
    fc.assert(
      fc.property(
        scenario.chain((input) =>
          fc
            .record({
              kind: fc.constantFrom(...OUTAGE_KINDS),
              start: fc.integer({ min: input.period.start / MINUTE - 600, max: input.period.end / MINUTE }),
              minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
              functionIds: fc.subarray(F, { minLength: 1 }),
              municipalityIds: fc.subarray(M, { minLength: 1 }),
            })
            .map((o) => ({ input, extra: outage(o.kind, o.start * MINUTE, (o.start + o.minutes) * MINUTE, o.functionIds, o.municipalityIds) })),
        ),
        ({ input, extra }) => {
          const before = figures(availability(input));
          const after = figures(availability({ ...input, outages: [...input.outages, extra] }));
          assert.equal(after.length, before.length);
          before.forEach((b, i) => {
            const a = after[i]!;
            if (b.withoutWindows === null) return assert.equal(a.withoutWindows, null);
            assert.ok(a.withoutWindows! <= b.withoutWindows, 'withoutWindows');
            assert.ok(a.withWindows! <= b.withWindows!, 'withWindows');
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('interval arithmetic properties (fast-check)', () => {
  const interval = fc.tuple(fc.integer({ min: -50, max: 150 }), fc.integer({ min: -10, max: 40 })).map(([start, len]) => ({ start, end: start + len }));
  const intervals = fc.array(interval, { maxLength: 12 });
  /** Brute force: the integer points [x, x+1) covered. */
  const cover = (is: readonly Interval[]) => {
    const s = new Set<number>();
    for (const i of is) for (let x = i.start; x < i.end; x++) s.add(x);
    return s;
  };

  test('mergeIntervals is idempotent, sorted and non-overlapping, and covers exactly what its input covers', () => {
    fc.assert(
      fc.property(intervals, (is) => {
        const copy = structuredClone(is);
        const m = mergeIntervals(is);
        assert.deepEqual(is, copy, 'the input is left alone');
        assert.deepEqual(mergeIntervals(m), m);
        for (const i of m) assert.ok(i.end > i.start);
        for (let k = 1; k < m.length; k++) assert.ok(m[k]!.start > m[k - 1]!.end, 'sorted, neither overlapping nor touching');
        assert.deepEqual(
          [...cover(m)].sort((a, b) => a - b),
          [...cover(is)].sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('the merged total length is at most the sum of lengths and at least the longest one', () => {
    fc.assert(
      fc.property(intervals, (is) => {
        const total = totalLength(mergeIntervals(is));
        const lengths = is.map((i) => Math.max(0, i.end - i.start));
        assert.ok(total <= lengths.reduce((a, b) => a + b, 0));
        assert.ok(total >= Math.max(0, ...lengths));
        assert.equal(total, cover(is).size);
      }),
      { numRuns: 300 },
    );
  });

  test('clip never leaves the bounds and never lengthens an interval', () => {
    fc.assert(
      fc.property(intervals, interval, (is, bounds) => {
        const c = clip(is, bounds);
        for (const i of c) {
          assert.ok(i.start >= bounds.start && i.end <= bounds.end && i.end > i.start);
        }
        assert.ok(totalLength(mergeIntervals(c)) <= Math.max(0, length(bounds)));
        const inBounds = [...cover(is)].filter((x) => x >= bounds.start && x < bounds.end);
        assert.deepEqual(
          [...cover(c)].sort((a, b) => a - b),
          inBounds.sort((a, b) => a - b),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('lengthOutside(a, b) is the length of a not covered by b', () => {
    fc.assert(
      fc.property(intervals, intervals, (a, b) => {
        const inB = cover(b);
        const expected = [...cover(a)].filter((x) => !inB.has(x)).length;
        assert.equal(lengthOutside(mergeIntervals(a), mergeIntervals(b)), expected);
      }),
      { numRuns: 300 },
    );
  });
});
