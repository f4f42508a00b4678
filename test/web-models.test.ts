/**
 * Issue 17 §5: the web app's model functions, tested with the project's runner. Money (integer öre at
 * the edge of a kronor field), Stockholm dates and the ticket page's wording of the server's numbers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatDate, formatSek, formatYearMonth, kronorInput, parseKronor, stockholmInstant, stockholmNow, stockholmParts } from '../web/src/format.ts';
import { formatDuration, formatWorkingTime, onCallRuleText } from '../web/src/tickets/model.ts';

/** A translation stub that shows the key and its values, so a test reads which text was chosen. */
const t = (key: string, o?: Record<string, unknown>) => (o ? `${key}${JSON.stringify(o)}` : key);

test('a kronor field reads what people type as whole öre, and refuses what is not an amount', () => {
  const cases: [string, number | null][] = [
    ['450', 45_000],
    ['450,5', 45_050],
    ['450,05', 45_005],
    ['1 234,50', 123_450],
    ['1234.50 kr', 123_450],
    ['SEK 12', 1_200],
    ['0', 0],
    ['0,01', 1],
    ['1\u00a0000', 100_000],
    ['12,', 1_200],
    ['', null],
    ['abc', null],
    ['-5', null],
    ['1,234', null],
    ['1.2.3', null],
    ['12 kr 50', null],
    ['99999999999999999', null],
  ];
  for (const [text, ore] of cases) assert.equal(parseKronor(text), ore, JSON.stringify(text));
});

test('a kronor field starts with the amount it holds and reads back the same öre', () => {
  assert.equal(kronorInput(null), '');
  assert.equal(kronorInput(45_005), '450,05');
  fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (ore) => parseKronor(kronorInput(ore)) === ore));
});

test('money reads as Swedish kronor with öre, whatever the amount', () => {
  const plain = (s: string) => s.replace(/\s/g, ' ');
  assert.equal(plain(formatSek(123_450)), '1 234,50 kr');
  assert.equal(plain(formatSek(5)), '0,05 kr');
  assert.equal(plain(formatSek(123_450, 'en')), 'SEK 1,234.50');
});

test('a calendar date stays the same day in Stockholm, and a month reads in words', () => {
  assert.equal(formatDate('2024-06-21'), '21 juni 2024');
  assert.equal(formatDate('2024-12-31'), '31 december 2024');
  assert.equal(formatYearMonth('2023-03'), 'mars 2023');
  assert.equal(formatYearMonth('2023-03', 'en'), 'March 2023');
  assert.equal(formatYearMonth('2023-13'), '2023-13');
});

test('now in Stockholm follows summer and winter time', () => {
  assert.deepEqual(stockholmNow(new Date('2026-12-31T23:30:00Z')), { year: 2027, local: '2027-01-01 00:30' });
  assert.deepEqual(stockholmNow(new Date('2026-07-01T22:15:00Z')), { year: 2026, local: '2026-07-02 00:15' });
  assert.deepEqual(stockholmNow(new Date('2026-03-29T00:59:00Z')), { year: 2026, local: '2026-03-29 01:59' });
  assert.deepEqual(stockholmNow(new Date('2026-03-29T01:00:00Z')), { year: 2026, local: '2026-03-29 03:00' });
});

test('a Stockholm clock time becomes an instant with its offset, and back, across the summer-time changes', () => {
  const cases: [date: string, time: string, instant: string | null][] = [
    ['2027-01-14', '09:00', '2027-01-14T09:00:00+01:00'],
    ['2027-07-01', '09:00', '2027-07-01T09:00:00+02:00'],
    // The night summer time starts (last Sunday of March): 01:59 is winter time, 03:00 summer time.
    ['2027-03-28', '01:59', '2027-03-28T01:59:00+01:00'],
    ['2027-03-28', '03:00', '2027-03-28T03:00:00+02:00'],
    // The night it ends (last Sunday of October): 01:30 is still summer time, 03:30 winter time.
    ['2027-10-31', '01:30', '2027-10-31T01:30:00+02:00'],
    ['2027-10-31', '03:30', '2027-10-31T03:30:00+01:00'],
    ['2027-1-14', '09:00', null],
    ['2027-01-14', '9', null],
  ];
  for (const [date, time, instant] of cases) {
    assert.equal(stockholmInstant(date, time), instant, `${date} ${time}`);
    if (instant) assert.deepEqual(stockholmParts(instant), { year: 2027, date, time }, instant);
  }
});

test('a duration is worded in days for long spans, else hours and minutes', () => {
  assert.equal(formatDuration(45, t), 'tickets.durationMinutes{"minutes":45}');
  assert.equal(formatDuration(130, t), 'tickets.durationHours{"hours":2,"minutes":10}');
  assert.equal(formatDuration(3 * 1440 + 250, t), 'tickets.durationDays{"days":3,"hours":4}');
  assert.equal(formatDuration(-130, t), formatDuration(130, t));
});

test('the time left is the server’s working days, hours and minutes, worded as people say it', () => {
  const left = (workingDays: number, hours: number, minutes: number) => ({ workingDays, hours, minutes, overdue: false });
  assert.equal(formatWorkingTime(left(0, 0, 0), t), 'ticketsMore.underAMinute');
  assert.equal(formatWorkingTime(left(0, 0, 45), t), 'ticketsMore.minutes{"count":45}');
  assert.equal(formatWorkingTime(left(2, 3, 0), t), 'ticketsMore.workingDays{"count":2} ticketsMore.and ticketsMore.hours{"count":3}');
  assert.equal(
    formatWorkingTime(left(1, 2, 10), t),
    'ticketsMore.workingDays{"count":1}, ticketsMore.hours{"count":2} ticketsMore.and ticketsMore.minutes{"count":10}',
  );
});

test('R-3.6: the on-call billing rule is worded from the server’s rule', () => {
  assert.equal(
    onCallRuleText({ rounding: 'per_started', roundingIncrementMinutes: 30, minimumBilledMinutes: 30 }, t),
    'ticketsMore.rule.halfHour, ticketsMore.rule.minimum{"min":30}',
  );
  assert.equal(onCallRuleText({ rounding: 'per_started', roundingIncrementMinutes: 60, minimumBilledMinutes: 0 }, t), 'ticketsMore.rule.hour');
  assert.equal(onCallRuleText({ rounding: 'per_started', roundingIncrementMinutes: 15, minimumBilledMinutes: 0 }, t), 'ticketsMore.rule.perStarted{"n":15}');
  assert.equal(onCallRuleText({ rounding: 'nearest', roundingIncrementMinutes: 15, minimumBilledMinutes: 0 }, t), 'ticketsMore.rule.nearest{"n":15}');
  assert.equal(onCallRuleText({ rounding: 'none', roundingIncrementMinutes: 1, minimumBilledMinutes: 0 }, t), 'ticketsMore.rule.none');
});
