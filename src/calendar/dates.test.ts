import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { addDays, addMonths, addMonthsYm, daysBetween, daysInMonth, firstDayOf, isMonth, monthOf, monthRange, monthWindow } from './dates.ts';

test('months: what is a month, its days (leap years by the Gregorian rule), its window', () => {
  for (const [s, ok] of [
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['26-12', false],
    ['2026-1', false],
    ['2026-12-01', false],
  ] as const) {
    assert.equal(isMonth(s), ok, s);
  }
  const days: [string, number][] = [
    ['2024-02', 29],
    ['2023-02', 28],
    ['2000-02', 29],
    ['1900-02', 28],
    ['2100-02', 28],
    ['2026-04', 30],
    ['2026-12', 31],
  ];
  for (const [m, n] of days) assert.equal(daysInMonth(m), n, m);
  assert.deepEqual(monthWindow('2026-12'), { from: '2026-12-01', to: '2027-01-01' });
  assert.throws(() => monthWindow('2026-13'), RangeError);
  assert.equal(monthOf('2026-12-03'), '2026-12');
  assert.equal(firstDayOf('2027-01'), '2027-01-01');
});

test('month arithmetic across years, and ranges', () => {
  assert.equal(addMonthsYm('2026-12', 1), '2027-01');
  assert.equal(addMonthsYm('2027-01', -1), '2026-12');
  assert.equal(addMonthsYm('2026-05', -17), '2024-12');
  assert.deepEqual(monthRange('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
  assert.deepEqual(monthRange('2027-02', '2026-11'), []);
});

test('date arithmetic: a day missing in the target month falls on its last day', () => {
  const cases: [string, number, string][] = [
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2022-12-15', 48, '2026-12-15'],
  ];
  for (const [d, n, want] of cases) assert.equal(addMonths(d, n), want, `${d} + ${n}`);
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  assert.equal(daysBetween('2026-12-03', '2027-01-14'), 42);
});

const date = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

test('properties: days and months agree with each other', () => {
  fc.assert(
    fc.property(date, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
      assert.equal(daysBetween(d, addDays(d, n)), n);
    }),
  );
  fc.assert(
    fc.property(date, fc.integer({ min: -600, max: 600 }), (d, n) => {
      const m = monthOf(d);
      assert.equal(monthOf(addMonths(d, n)), addMonthsYm(m, n));
      assert.equal(monthRange(m, addMonthsYm(m, Math.abs(n) % 50)).length, (Math.abs(n) % 50) + 1);
      const w = monthWindow(m);
      assert.equal(daysBetween(w.from, w.to), daysInMonth(m));
      assert.equal(Temporal.PlainDate.from(d).daysInMonth, daysInMonth(m));
    }),
  );
});
