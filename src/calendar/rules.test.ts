import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { MinuteOracle } from './oracle.ts';
import { compileCalendar, formatInstant, parseInstant, type MissionCalendar } from './rules.ts';

const TZ = 'Europe/Stockholm';
const BASE = MISSION_2023.calendar;
const cal = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: BASE }] });

/** Stockholm local time (or an instant with offset) → epoch ms. */
function at(text: string): number {
  const ms = parseInstant(text, TZ);
  if (ms === undefined) throw new Error(`bad time ${text}`);
  return ms;
}
/** Epoch ms → `yyyy-mm-ddThh:mm` in Stockholm (seconds only when not zero). */
function local(ms: number): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(TZ);
  const s = z.toPlainDateTime().toString({ smallestUnit: 'millisecond' });
  return s.replace(/:00\.000$/, '').replace(/\.000$/, '');
}

describe('R-2.3 "within N working days": the issue’s examples', () => {
  // Week of Monday 11 September 2023, no holidays.
  const cases: [string, number, string][] = [
    ['2023-09-12T10:00', 1, '2023-09-13T10:00'], // Tue 10:00 → Wed 10:00
    ['2023-09-14T16:15', 1, '2023-09-15T16:00'], // Thu 16:15 → Fri 16:00 (after Friday's closing → closing)
    ['2023-09-15T17:00', 1, '2023-09-19T07:30'], // Fri 17:00 → counts from Mon 07:30 → Tue 07:30
    ['2023-09-14T16:30', 1, '2023-09-18T07:30'], // Thu 16:30 is closing (not open) → Fri 07:30 → Mon 07:30
  ];
  for (const [start, n, due] of cases) {
    test(`${start} + ${n} → ${due}`, () => {
      assert.equal(local(cal.addWorkingDays(at(start), n)), due);
    });
  }
  test('the answer carries the Stockholm offset', () => {
    assert.equal(formatInstant(cal.addWorkingDays(at('2023-09-12T10:00'), 1)), '2023-09-13T10:00:00+02:00');
    assert.equal(formatInstant(cal.addWorkingDays(at('2023-11-14T10:00'), 1)), '2023-11-15T10:00:00+01:00');
  });
});

describe('R-2.3 more deadlines: holidays, closed starts, edges', () => {
  const cases: [string, string, number, string][] = [
    ['before opening counts from the opening', '2023-09-12T06:00', 1, '2023-09-13T07:30'],
    ['exactly at opening', '2023-09-12T07:30', 1, '2023-09-13T07:30'],
    ['one millisecond before closing', '2023-09-12T16:29:59.999', 1, '2023-09-13T16:29:59.999'],
    ['n = 0 inside hours is the start', '2023-09-12T10:00', 0, '2023-09-12T10:00'],
    ['n = 0 on a Saturday is Monday’s opening', '2023-09-16T12:00', 0, '2023-09-18T07:30'],
    ['five working days over a weekend', '2023-09-12T10:00', 5, '2023-09-19T10:00'],
    ['Easter 2024: skärtorsdagen → Tuesday after annandag påsk', '2024-03-28T10:00', 1, '2024-04-02T10:00'],
    ['start on långfredagen 2024', '2024-03-29T10:00', 1, '2024-04-03T07:30'],
    ['start on påskdagen 2025', '2025-04-20T10:00', 1, '2025-04-23T07:30'],
    ['Easter 2026: Thursday → Tuesday', '2026-04-02T09:15', 1, '2026-04-07T09:15'],
    ['Kristi himmelsfärd 2024', '2024-05-08T10:00', 1, '2024-05-10T10:00'],
    ['Kristi himmelsfärd 2025', '2025-05-28T16:20', 1, '2025-05-30T16:00'],
    ['första maj 2024', '2024-04-30T10:00', 1, '2024-05-02T10:00'],
    ['nationaldagen 2024 (Thursday), clamped to Friday’s closing', '2024-06-05T16:20', 1, '2024-06-07T16:00'],
    ['nationaldagen 2025 (Friday)', '2025-06-05T10:00', 1, '2025-06-09T10:00'],
    ['midsommar 2024', '2024-06-20T10:00', 1, '2024-06-24T10:00'],
    ['midsommar 2023', '2023-06-22T10:00', 1, '2023-06-26T10:00'],
    ['start on midsommardagen', '2024-06-22T12:00', 1, '2024-06-25T07:30'],
    ['Christmas 2024', '2024-12-23T10:00', 1, '2024-12-27T10:00'],
    ['start on juldagen 2024', '2024-12-25T10:00', 1, '2024-12-30T07:30'],
    ['New Year 2024/2025', '2024-12-30T10:00', 1, '2025-01-02T10:00'],
    ['New Year 2025/2026 (nyårsafton Wednesday)', '2025-12-30T10:00', 1, '2026-01-02T10:00'],
    ['Christmas 2026 (julafton Thursday)', '2026-12-23T11:00', 1, '2026-12-28T11:00'],
    ['alla helgons dag is a Saturday: the Friday before is open', '2024-10-31T10:00', 1, '2024-11-01T10:00'],
    ['trettondagsafton and trettondedag jul 2025', '2025-01-03T10:00', 1, '2025-01-07T10:00'],
    ['annandag pingst is a working day', '2024-05-17T10:00', 1, '2024-05-20T10:00'],
    ['valborgsmässoafton is a working day', '2025-04-29T10:00', 1, '2025-04-30T10:00'],
  ];
  for (const [name, start, n, due] of cases) {
    test(`${name}: ${start} + ${n} → ${due}`, () => {
      assert.equal(local(cal.addWorkingDays(at(start), n)), due);
    });
  }
});

describe('daylight saving time, both ways', () => {
  test('spring 2025 (Sunday 30 March): Friday 16:00 is closing → Monday 07:30 CEST → Tuesday 07:30', () => {
    assert.equal(formatInstant(cal.addWorkingDays(at('2025-03-28T16:00+01:00'), 1)), '2025-04-01T07:30:00+02:00');
    assert.equal(formatInstant(cal.addWorkingDays(at('2025-03-28T10:00+01:00'), 1)), '2025-03-31T10:00:00+02:00');
    assert.equal(formatInstant(cal.addWorkingDays(at('2025-03-28T15:59+01:00'), 1)), '2025-03-31T15:59:00+02:00');
    assert.equal(formatInstant(cal.nextOpening(at('2025-03-28T16:00+01:00'))), '2025-03-31T07:30:00+02:00');
  });
  test('autumn 2025 (Sunday 26 October): Friday → Monday keeps the clock time in CET', () => {
    assert.equal(formatInstant(cal.addWorkingDays(at('2025-10-24T10:00+02:00'), 1)), '2025-10-27T10:00:00+01:00');
    assert.equal(formatInstant(cal.addWorkingDays(at('2025-10-24T16:00+02:00'), 1)), '2025-10-28T07:30:00+01:00');
  });
  test('spring 2026 and autumn 2026', () => {
    assert.equal(formatInstant(cal.addWorkingDays(at('2026-03-27T09:00+01:00'), 2)), '2026-03-31T09:00:00+02:00');
    assert.equal(formatInstant(cal.addWorkingDays(at('2026-10-23T09:00+02:00'), 2)), '2026-10-27T09:00:00+01:00');
  });
  test('business minutes over the change: the lost or extra night hour is not opening time', () => {
    assert.equal(cal.businessMinutesBetween(at('2025-03-28T15:00+01:00'), at('2025-03-31T08:30+02:00')), 120);
    assert.equal(cal.businessMinutesBetween(at('2025-10-24T15:00+02:00'), at('2025-10-27T08:30+01:00')), 120);
    assert.equal(formatInstant(cal.addBusinessMinutes(at('2025-03-28T15:30+01:00'), 60)), '2025-03-31T08:00:00+02:00');
    assert.equal(formatInstant(cal.addBusinessMinutes(at('2025-10-24T15:30+02:00'), 60)), '2025-10-27T08:00:00+01:00');
  });
  test('local times without an offset are read in Stockholm time', () => {
    assert.equal(at('2025-03-31T07:30'), Date.parse('2025-03-31T05:30:00Z'));
    assert.equal(at('2025-01-31T07:30'), Date.parse('2025-01-31T06:30:00Z'));
  });
});

describe('business minutes (R-2.3)', () => {
  test('a deadline landing exactly on closing stays at closing', () => {
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-11T16:00'), 30)), '2023-09-11T16:30');
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-15T15:00'), 60)), '2023-09-15T16:00');
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-11T16:00'), 31)), '2023-09-12T07:31');
  });
  test('four opening hours from Friday afternoon', () => {
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-15T14:00'), 240)), '2023-09-18T09:30');
  });
  test('a start outside opening hours counts from the next opening; 0 minutes is the start', () => {
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-16T12:00'), 1)), '2023-09-18T07:31');
    assert.equal(local(cal.addBusinessMinutes(at('2023-09-16T12:00'), 0)), '2023-09-16T12:00');
  });
  test('over Christmas and New Year', () => {
    assert.equal(local(cal.addBusinessMinutes(at('2024-12-23T16:00'), 60)), '2024-12-27T08:00');
    assert.equal(local(cal.addBusinessMinutes(at('2024-12-30T16:00'), 60)), '2025-01-02T08:00');
  });
  test('between', () => {
    assert.equal(cal.businessMinutesBetween(at('2023-09-11T00:00'), at('2023-09-18T00:00')), 4 * 540 + 510);
    assert.equal(cal.businessMinutesBetween(at('2023-09-16T00:00'), at('2023-09-17T23:59')), 0);
    assert.equal(cal.businessMinutesBetween(at('2023-09-15T15:00'), at('2023-09-18T08:00')), 90);
    assert.equal(cal.businessMinutesBetween(at('2023-09-18T08:00'), at('2023-09-15T15:00')), -90);
    assert.equal(cal.businessMinutesBetween(at('2023-09-11T10:00:30'), at('2023-09-11T10:01:29')), 0);
  });
  test('opening minutes in 2026 = 134,100 (DOMAIN-NOTES), also across a year boundary', () => {
    assert.equal(cal.openingMinutes(2026), 134_100);
    assert.equal(cal.businessMinutesBetween(at('2026-01-01T00:00'), at('2027-01-01T00:00')), 134_100);
    assert.equal(cal.businessMinutesBetween(at('2025-12-31T00:00'), at('2027-01-01T00:00')), 134_100);
    const y = cal.businessMinutesBetween(at('2023-06-01T00:00'), at('2027-06-01T00:00'));
    assert.equal(
      y,
      cal.businessMinutesBetween(at('2023-06-01T00:00'), at('2025-06-01T00:00')) + cal.businessMinutesBetween(at('2025-06-01T00:00'), at('2027-06-01T00:00')),
    );
  });
});

describe('R-2.2 closed days and working days per year', () => {
  test('working days per year (DOMAIN-NOTES)', () => {
    const expected: Record<number, number> = { 2023: 251, 2024: 251, 2025: 249, 2026: 251, 2027: 253 };
    for (const [year, n] of Object.entries(expected)) assert.equal(cal.workingDays(Number(year)), n, `year ${year}`);
  });

  const holidays: Record<number, Record<string, string>> = {
    2000: { '2000-04-21': 'Långfredagen', '2000-04-24': 'Annandag påsk', '2000-06-01': 'Kristi himmelsfärdsdag', '2000-06-23': 'Midsommarafton' },
    2023: {
      '2023-01-01': 'Nyårsdagen',
      '2023-01-06': 'Trettondedag jul',
      '2023-04-07': 'Långfredagen',
      '2023-04-09': 'Påskdagen',
      '2023-04-10': 'Annandag påsk',
      '2023-05-01': 'Första maj',
      '2023-05-18': 'Kristi himmelsfärdsdag',
      '2023-05-28': 'Pingstdagen',
      '2023-06-06': 'Nationaldagen',
      '2023-06-23': 'Midsommarafton',
      '2023-06-24': 'Midsommardagen',
      '2023-11-04': 'Alla helgons dag',
      '2023-12-24': 'Julafton',
      '2023-12-25': 'Juldagen',
      '2023-12-26': 'Annandag jul',
      '2023-12-31': 'Nyårsafton',
    },
    2024: {
      '2024-03-29': 'Långfredagen',
      '2024-03-31': 'Påskdagen',
      '2024-04-01': 'Annandag påsk',
      '2024-05-09': 'Kristi himmelsfärdsdag',
      '2024-06-21': 'Midsommarafton',
      '2024-06-22': 'Midsommardagen',
      '2024-11-02': 'Alla helgons dag',
      '2024-12-24': 'Julafton',
      '2024-12-31': 'Nyårsafton',
    },
    2025: {
      '2025-04-18': 'Långfredagen',
      '2025-04-20': 'Påskdagen',
      '2025-04-21': 'Annandag påsk',
      '2025-05-29': 'Kristi himmelsfärdsdag',
      '2025-06-20': 'Midsommarafton',
      '2025-06-21': 'Midsommardagen',
      '2025-11-01': 'Alla helgons dag',
    },
    2026: {
      '2026-04-03': 'Långfredagen',
      '2026-04-05': 'Påskdagen',
      '2026-04-06': 'Annandag påsk',
      '2026-05-14': 'Kristi himmelsfärdsdag',
      '2026-06-19': 'Midsommarafton',
      '2026-06-20': 'Midsommardagen',
      '2026-10-31': 'Alla helgons dag',
    },
    2027: {
      '2027-03-26': 'Långfredagen',
      '2027-03-28': 'Påskdagen',
      '2027-03-29': 'Annandag påsk',
      '2027-05-06': 'Kristi himmelsfärdsdag',
      '2027-06-25': 'Midsommarafton',
      '2027-06-26': 'Midsommardagen',
      '2027-11-06': 'Alla helgons dag',
    },
    2100: { '2100-03-26': 'Långfredagen', '2100-03-29': 'Annandag påsk', '2100-12-24': 'Julafton' },
  };
  for (const [year, days] of Object.entries(holidays)) {
    test(`holidays ${year} with their Swedish names`, () => {
      const closed = new Map(cal.closedDays(Number(year)).map((d) => [d.date, d]));
      for (const [date, name] of Object.entries(days)) {
        assert.ok(
          closed.get(date)?.reasons.some((r) => r.name === name),
          `${date} should be closed for ${name}, got ${closed.get(date)?.reason}`,
        );
        assert.equal(cal.openingOn(date), null);
      }
    });
  }
  test('annandag pingst: a public holiday until 2004, a working day from 2005 (nationaldagen instead)', () => {
    assert.equal(cal.openingOn('2000-06-12'), null);
    assert.equal(cal.openingOn('2004-05-31'), null);
    assert.notEqual(cal.openingOn('2005-05-16'), null);
    assert.notEqual(cal.openingOn('2004-06-07'), null);
    assert.equal(cal.closedDays(2004).find((d) => d.date === '2004-05-31')?.reason, 'Annandag pingst');
    assert.equal(cal.openingOn('2005-06-06'), null);
  });
  test('eves other than midsommarafton, julafton and nyårsafton are working days; Saturdays holidays cost no working day', () => {
    for (const date of ['2024-01-05', '2024-03-28', '2024-04-30', '2024-11-01', '2024-05-20']) assert.notEqual(cal.openingOn(date), null, date);
    const closed = new Map(cal.closedDays(2024).map((d) => [d.date, d]));
    assert.equal(closed.get('2024-06-22')?.costsWorkingDay, false); // midsommardagen, Saturday
    assert.equal(closed.get('2024-06-21')?.costsWorkingDay, true); // midsommarafton, Friday
    assert.equal(closed.get('2024-06-21')?.reason, 'Midsommarafton');
    assert.ok(!closed.has('2024-01-05'));
  });
  test('opening hours per weekday, DST-correct', () => {
    const mon = cal.openingOn('2024-07-01');
    assert.ok(mon);
    assert.equal(formatInstant(mon.open), '2024-07-01T07:30:00+02:00');
    assert.equal(formatInstant(mon.close), '2024-07-01T16:30:00+02:00');
    const fri = cal.openingOn('2024-01-12');
    assert.ok(fri);
    assert.equal(formatInstant(fri.close), '2024-01-12T16:00:00+01:00');
    assert.equal(cal.openingOn('2024-01-13'), null);
  });
  test('isOpen: open <= t < close', () => {
    assert.equal(cal.isOpen(at('2023-09-12T07:29:59.999')), false);
    assert.equal(cal.isOpen(at('2023-09-12T07:30')), true);
    assert.equal(cal.isOpen(at('2023-09-12T16:29:59.999')), true);
    assert.equal(cal.isOpen(at('2023-09-12T16:30')), false);
    assert.equal(cal.isOpen(at('2023-09-15T16:00')), false);
    assert.equal(cal.isOpen(at('2023-12-25T10:00')), false);
  });
});

describe('extra closed days, changed hours, municipalities, mission versions', () => {
  const custom: MissionCalendar = {
    ...BASE,
    extraClosedDays: [
      { date: '2024-05-10', municipality: 'tranemo', reason: 'Klämdag' },
      { date: '2024-11-01', reason: 'Personaldag' },
    ],
    changedHours: [
      { date: '2024-04-30', open: '07:30', close: '12:00', reason: 'Dag före röd dag' },
      { date: '2024-01-05', municipality: 'ulricehamn', open: '08:00', close: '12:00', reason: 'Trettondagsafton' },
      { date: '2024-01-05', open: '07:30', close: '13:00', reason: 'Trettondagsafton' },
      { date: '2024-05-01', open: '08:00', close: '12:00', reason: 'ignored: första maj is closed' },
    ],
  };
  const tranemo = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: custom }], municipality: 'tranemo' });
  const ulricehamn = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: custom }], municipality: 'ulricehamn' });
  const both = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: custom }] });

  test('an extra closed day for one municipality', () => {
    assert.equal(tranemo.openingOn('2024-05-10'), null);
    assert.notEqual(ulricehamn.openingOn('2024-05-10'), null);
    assert.notEqual(both.openingOn('2024-05-10'), null);
    assert.equal(tranemo.closedDays(2024).find((d) => d.date === '2024-05-10')?.reason, 'Klämdag');
    assert.equal(local(tranemo.addWorkingDays(at('2024-05-08T10:00'), 1)), '2024-05-13T10:00');
    assert.equal(local(ulricehamn.addWorkingDays(at('2024-05-08T10:00'), 1)), '2024-05-10T10:00');
    assert.equal(tranemo.workingDays(2024), 249);
    assert.equal(both.workingDays(2024), 250);
  });
  test('changed hours override the weekday’s; the municipality’s own entry wins; closed days stay closed', () => {
    assert.equal(local(both.addWorkingDays(at('2024-04-29T14:00'), 1)), '2024-04-30T12:00');
    assert.equal(local(both.addWorkingDays(at('2024-04-29T11:00'), 1)), '2024-04-30T11:00');
    assert.equal(local(both.addBusinessMinutes(at('2024-04-30T11:30'), 60)), '2024-05-02T08:00');
    const u = ulricehamn.openingOn('2024-01-05');
    const t = tranemo.openingOn('2024-01-05');
    assert.ok(u && t);
    assert.equal(local(u.open), '2024-01-05T08:00');
    assert.equal(local(u.close), '2024-01-05T12:00');
    assert.equal(local(t.close), '2024-01-05T13:00');
    assert.equal(local(ulricehamn.addWorkingDays(at('2024-01-04T07:45'), 1)), '2024-01-05T08:00'); // before a later opening → the opening
    assert.equal(both.openingOn('2024-05-01'), null);
    assert.deepEqual(
      both.changedDays(2024).map((d) => d.date),
      ['2024-01-05', '2024-04-30'],
    );
  });
  test('each date follows the calendar of the mission in force on it', () => {
    const next: MissionCalendar = { ...BASE, openingHours: { ...BASE.openingHours, friday: { open: '07:30', close: '15:00' } } };
    const two = compileCalendar({
      sources: [
        { effectiveFrom: '2025-01-01', calendar: next },
        { effectiveFrom: '2023-01-01', calendar: BASE },
      ],
    });
    assert.equal(local(two.addWorkingDays(at('2024-12-19T15:30'), 1)), '2024-12-20T15:30');
    assert.equal(local(two.addWorkingDays(at('2025-01-09T15:30'), 1)), '2025-01-10T15:00');
    assert.equal(local(two.addWorkingDays(at('2022-06-09T15:30'), 1)), '2022-06-10T15:30'); // before the first: the earliest
    assert.equal(
      two.businessMinutesBetween(at('2024-12-20T00:00'), at('2025-01-11T00:00')),
      cal.businessMinutesBetween(at('2024-12-20T00:00'), at('2025-01-11T00:00')) - 120,
    ); // Fridays 3 and 10 January
  });
});

describe('any year 2000–2100', () => {
  test('first and last years compile and compute', () => {
    assert.ok(cal.workingDays(2000) > 240);
    assert.ok(cal.workingDays(2100) > 240);
    assert.equal(local(cal.addWorkingDays(at('2000-01-03T10:00'), 1)), '2000-01-04T10:00');
    assert.equal(local(cal.addWorkingDays(at('2100-12-30T10:00'), 1)), '2101-01-03T10:00');
  });
  test('outside the range is a RangeError', () => {
    assert.throws(() => cal.addWorkingDays(at('1999-12-30T10:00'), 1), RangeError);
    assert.throws(() => cal.closedDays(2101), RangeError);
    assert.throws(() => cal.addWorkingDays(at('2023-09-12T10:00'), -1), RangeError);
    assert.throws(() => cal.addBusinessMinutes(at('2023-09-12T10:00'), -1), RangeError);
  });
});

describe('R-2.5 service windows', () => {
  test('third Tuesday 18–22 and the following Tuesday 18–21, local time', () => {
    const w = cal.serviceWindows(2024);
    assert.equal(w.length, 24);
    assert.equal(formatInstant(w[0]!.start), '2024-01-16T18:00:00+01:00');
    assert.equal(formatInstant(w[0]!.end), '2024-01-16T22:00:00+01:00');
    assert.equal(w[1]!.kind, 'secondary');
    assert.equal(formatInstant(w[1]!.start), '2024-01-23T18:00:00+01:00');
    assert.equal(formatInstant(w[1]!.end), '2024-01-23T21:00:00+01:00');
    assert.equal(w[1]!.onlyWhenNeeded, true);
    const june = w.find((x) => x.date === '2024-06-18');
    assert.equal(june && formatInstant(june.start), '2024-06-18T18:00:00+02:00');
    for (const x of w) assert.equal(x.weekday, 'tuesday');
  });
  const clashes: Record<number, string[]> = { 2023: ['2023-12-26 Annandag jul'], 2024: ['2024-12-24 Julafton'], 2025: [], 2026: [], 2027: [] };
  for (const [year, expected] of Object.entries(clashes)) {
    test(`clashes with closed days in ${year}: ${expected.join(', ') || 'none'}`, () => {
      const got = cal
        .serviceWindows(Number(year))
        .filter((w) => w.onClosedDay)
        .map((w) => `${w.date} ${w.closedReason}`);
      assert.deepEqual(got, expected);
    });
  }
  test('every year 2000–2100 has 24 windows on Tuesdays, the second one week after the first', () => {
    for (let y = 2000; y <= 2100; y += 7) {
      const w = cal.serviceWindows(y);
      assert.equal(w.length, 24);
      for (let i = 0; i < 24; i += 2) {
        const p = Temporal.PlainDate.from(w[i]!.date);
        assert.ok(p.day >= 15 && p.day <= 21 && p.dayOfWeek === 2, w[i]!.date);
        assert.equal(p.add({ days: 7 }).toString(), w[i + 1]!.date);
      }
    }
  });
});

describe('R-2.3 paused clocks from the state history', () => {
  const history = [
    { at: at('2023-09-11T09:00'), state: 'new' },
    { at: at('2023-09-11T10:00'), state: 'waiting' },
    { at: at('2023-09-12T10:00'), state: 'open' },
  ];
  test('running after a pause: the deadline moves by the paused opening time', () => {
    const r = cal.clock({ history, pausedStates: ['waiting'], now: at('2023-09-12T11:00'), targetMinutes: 240 });
    assert.equal(r.status, 'running');
    assert.equal(r.elapsedMinutes, 120);
    assert.equal(r.pausedMinutes, 390 + 150);
    assert.equal(local(r.deadline ?? 0), '2023-09-12T13:00');
    assert.equal(r.deadline, cal.addBusinessMinutes(history[0]!.at, 240 + r.pausedMinutes));
    assert.equal(r.breached, false);
  });
  test('paused now: the deadline if resumed now', () => {
    const r = cal.clock({ history: history.slice(0, 2), pausedStates: ['waiting'], now: at('2023-09-11T12:00'), targetMinutes: 240 });
    assert.equal(r.status, 'paused');
    assert.equal(r.elapsedMinutes, 60);
    assert.equal(r.pausedMinutes, 120);
    assert.equal(local(r.deadline ?? 0), '2023-09-11T15:00');
  });
  test('breached, and a deadline reached exactly at closing', () => {
    const r = cal.clock({ history: [{ at: at('2023-09-11T09:00'), state: 'new' }], pausedStates: [], now: at('2023-09-11T11:00'), targetMinutes: 60 });
    assert.equal(local(r.deadline ?? 0), '2023-09-11T10:00');
    assert.equal(r.breached, true);
    const c = cal.clock({ history: [{ at: at('2023-09-11T16:00'), state: 'new' }], pausedStates: [], now: at('2023-09-11T20:00'), targetMinutes: 30 });
    assert.equal(local(c.deadline ?? 0), '2023-09-11T16:30');
    assert.equal(c.elapsedMinutes, 30);
    assert.equal(c.breached, true);
  });
  test('stopped: elapsed is final, no deadline when not reached', () => {
    const r = cal.clock({
      history: [...history, { at: at('2023-09-12T12:00'), state: 'resolved' }],
      pausedStates: ['waiting'],
      stoppedStates: ['resolved'],
      now: at('2023-09-20T12:00'),
      targetMinutes: 240,
    });
    assert.equal(r.status, 'stopped');
    assert.equal(r.elapsedMinutes, 180);
    assert.equal(r.deadline, null);
    assert.equal(r.breached, false);
  });
  test('history out of order is refused', () => {
    assert.throws(() => cal.clock({ history: [...history].reverse(), pausedStates: [], now: at('2023-09-20T12:00') }), RangeError);
  });
});

describe('properties: the fast calendar agrees with the minute-by-minute oracle (2023–2030)', () => {
  const oracle = new MinuteOracle(BASE);
  const FROM = at('2023-01-01T00:00');
  const TO = at('2031-01-01T00:00');
  const DAYS = 8 * 366;
  const EDGES = ['00:00', '07:29', '07:30', '07:31', '10:00', '15:59', '16:00', '16:01', '16:29', '16:30', '16:31', '23:59'];
  const day0 = Temporal.PlainDate.from('2023-01-01');
  const instant = fc.oneof(
    fc.integer({ min: FROM, max: TO - 1 }),
    fc.integer({ min: FROM / 60_000, max: TO / 60_000 - 1 }).map((m) => m * 60_000),
    fc
      .tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.constantFrom(...EDGES))
      .map(([d, time]) => day0.add({ days: d }).toZonedDateTime({ timeZone: TZ, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds),
  );
  const show = (ms: number) => formatInstant(ms);

  test('isOpen and nextOpening', () => {
    fc.assert(
      fc.property(instant, (t) => {
        assert.equal(cal.isOpen(t), oracle.isOpen(t), show(t));
        assert.equal(cal.nextOpening(t), oracle.nextOpening(t), show(t));
      }),
      { numRuns: 1000 },
    );
  });
  test('addWorkingDays', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 12 }), (t, n) => {
        assert.equal(show(cal.addWorkingDays(t, n)), show(oracle.addWorkingDays(t, n)), `${show(t)} + ${n}`);
      }),
      { numRuns: 800 },
    );
  });
  test('addBusinessMinutes', () => {
    fc.assert(
      fc.property(instant, fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 3000 })), (t, m) => {
        assert.equal(show(cal.addBusinessMinutes(t, m)), show(oracle.addBusinessMinutes(t, m)), `${show(t)} + ${m} min`);
      }),
      { numRuns: 500 },
    );
  });
  test('businessMinutesBetween', () => {
    fc.assert(
      fc.property(instant, fc.oneof(fc.integer({ min: 0, max: 86_400_000 }), fc.integer({ min: 0, max: 12 * 86_400_000 })), (a, d) => {
        assert.equal(cal.businessMillisBetween(a, a + d), oracle.businessMillisBetween(a, a + d), `${show(a)} → ${show(a + d)}`);
      }),
      { numRuns: 500 },
    );
  });
  test('with extra closed days and changed hours (Tranemo)', () => {
    const custom: MissionCalendar = {
      ...BASE,
      extraClosedDays: [
        { date: '2024-05-10', municipality: 'tranemo', reason: 'Klämdag' },
        { date: '2025-05-30', reason: 'Klämdag' },
        { date: '2026-01-05', municipality: 'ulricehamn', reason: 'Personaldag' },
      ],
      changedHours: [
        { date: '2024-04-30', open: '07:30', close: '12:00', reason: 'Valborg' },
        { date: '2025-01-05', open: '09:00', close: '12:00', reason: 'Söndagsöppet' },
        { date: '2026-01-05', municipality: 'tranemo', open: '10:00', close: '13:00', reason: 'Trettondagsafton' },
      ],
    };
    const fast = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: custom }], municipality: 'tranemo' });
    const slow = new MinuteOracle(custom, 'tranemo');
    const near = fc
      .tuple(fc.constantFrom('2024-04-26', '2024-05-07', '2025-01-02', '2025-05-27', '2026-01-01'), fc.integer({ min: 0, max: 6 * 1440 - 1 }))
      .map(([d, m]) => Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: TZ }).epochMilliseconds + m * 60_000);
    fc.assert(
      fc.property(near, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2000 }), (t, n, m) => {
        assert.equal(show(fast.addWorkingDays(t, n)), show(slow.addWorkingDays(t, n)), `${show(t)} + ${n} days`);
        assert.equal(show(fast.addBusinessMinutes(t, m)), show(slow.addBusinessMinutes(t, m)), `${show(t)} + ${m} min`);
        assert.equal(fast.businessMillisBetween(t, t + m * 60_000), slow.businessMillisBetween(t, t + m * 60_000));
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties: invariants', () => {
  const FROM = at('2023-01-01T00:00');
  const TO = at('2031-01-01T00:00');
  const instant = fc.integer({ min: FROM, max: TO });
  test('businessMinutesBetween(a, addBusinessMinutes(a, m)) === m', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 200_000 }), (a, m) => {
        assert.equal(cal.businessMinutesBetween(a, cal.addBusinessMinutes(a, m)), m);
      }),
      { numRuns: 3000 },
    );
  });
  test('monotonic in the start', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20_000 }), (x, y, n, m) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        assert.ok(cal.addWorkingDays(a, n) <= cal.addWorkingDays(b, n));
        assert.ok(cal.addBusinessMinutes(a, m) <= cal.addBusinessMinutes(b, m));
        assert.ok(cal.addWorkingDays(a, n) <= cal.addWorkingDays(a, n + 1));
        assert.ok(cal.businessMillisBetween(a, b) >= 0);
      }),
      { numRuns: 3000 },
    );
  });
  test('business time is additive and the deadline is inside opening hours or at a closing', () => {
    fc.assert(
      fc.property(instant, instant, instant, fc.integer({ min: 1, max: 10 }), (a, b, c, n) => {
        assert.equal(cal.businessMillisBetween(a, b) + cal.businessMillisBetween(b, c), cal.businessMillisBetween(a, c));
        const due = cal.addWorkingDays(a, n);
        assert.ok(cal.isOpen(due) || cal.isOpen(due - 1), formatInstant(due));
      }),
      { numRuns: 3000 },
    );
  });
});
