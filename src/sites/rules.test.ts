import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import {
  approvalValidUntil,
  bookingDays,
  bookingProblems,
  isOverdue,
  reminderDue,
  overlaps,
  shortfalls,
  siteRequirement,
  SITE_KINDS,
  type BookingPeriod,
  type SiteFacts,
  type SitesConfig,
} from './rules.ts';

const CFG: SitesConfig = { nodeReserveHours: 4, reapprovalMonths: 36 };
const TODAY = '2026-12-03';
const ok = { approvedOn: '2026-01-15' };
const unapproved = { approvedOn: null };
const old = { approvedOn: '2023-12-02' }; // valid to 2026-12-01

/** A site with everything approved and four hours of UPS and automatic diesel. */
const full = (kind: SiteFacts['kind']): SiteFacts => ({
  kind,
  ups: { ...ok, autonomyHours: 4 },
  diesel: { ...ok, automatic: true },
  cooling: ok,
  fire: ok,
});
const bare = (kind: SiteFacts['kind']): SiteFacts => ({ kind, ups: null, diesel: null, cooling: null, fire: null });
const reasons = (site: SiteFacts, today = TODAY, cfg = CFG) => shortfalls(site, today, cfg).map((s) => `${s.system}:${s.reason}`);

test('R-12.3: what each kind of site must have, with the reserve hours from the mission', () => {
  const table: [SiteFacts['kind'], number | null, boolean, boolean][] = [
    ['address', null, false, false],
    ['command_post', 4, false, false],
    ['node', 4, false, true],
    ['operation_site', 4, true, true],
  ];
  for (const [kind, hours, diesel, coolingAndFire] of table) {
    assert.deepEqual(siteRequirement(kind, CFG), { reserveHours: hours, automaticDiesel: diesel, coolingAndFire }, kind);
  }
  // Another year's mission asks for six hours: the rule reads it, never a constant.
  assert.equal(siteRequirement('node', { nodeReserveHours: 6 }).reserveHours, 6);
});

test('R-12.4: the shortfalls of every kind of site, table', () => {
  const table: [string, SiteFacts, string[]][] = [
    ['an ordinary address with nothing recorded meets its (no) requirement', bare('address'), []],
    ['a command post without UPS', bare('command_post'), ['ups:missing']],
    ['a node with nothing', bare('node'), ['ups:missing', 'cooling:missing', 'fire:missing']],
    ['an operation site with nothing', bare('operation_site'), ['ups:missing', 'diesel:missing', 'cooling:missing', 'fire:missing']],
    ['a node with two hours of UPS', { ...full('node'), ups: { ...ok, autonomyHours: 2 } }, ['ups:too_short']],
    ['a node with exactly four hours', full('node'), []],
    ['a node with 3.9 hours', { ...full('node'), ups: { ...ok, autonomyHours: 3.9 } }, ['ups:too_short']],
    ['a command post with two hours', { ...full('command_post'), ups: { ...ok, autonomyHours: 2 } }, ['ups:too_short']],
    ['an ordinary address with two hours of UPS: no requirement', { ...full('address'), ups: { ...ok, autonomyHours: 2 } }, []],
    ['an operation site whose diesel needs a hand', { ...full('operation_site'), diesel: { ...ok, automatic: false } }, ['diesel:not_automatic']],
    ['a node whose diesel needs a hand: no diesel requirement', { ...full('node'), diesel: { ...ok, automatic: false } }, []],
    ['a node with an unapproved cooling design', { ...full('node'), cooling: unapproved }, ['cooling:not_approved']],
    ['an ordinary address with an unapproved cooling design', { ...bare('address'), cooling: unapproved }, ['cooling:not_approved']],
    ['an ordinary address with an unapproved UPS', { ...bare('address'), ups: { ...unapproved, autonomyHours: 1 } }, ['ups:not_approved']],
    ['a node whose UPS is enough but unapproved', { ...full('node'), ups: { ...unapproved, autonomyHours: 8 } }, ['ups:not_approved']],
    ['a short UPS is named for its hours, not also for its approval', { ...full('node'), ups: { ...unapproved, autonomyHours: 1 } }, ['ups:too_short']],
    ['a node whose fire protection approval is out of date', { ...full('node'), fire: old }, ['fire:approval_expired']],
    ['an operation site with everything', full('operation_site'), []],
  ];
  for (const [name, site, expected] of table) assert.deepEqual(reasons(site), expected, name);
});

test('R-12.4: an approval counts for the mission’s interval, to the day before its anniversary', () => {
  assert.equal(approvalValidUntil('2023-12-02', 36), '2026-12-01');
  assert.equal(approvalValidUntil('2024-02-29', 12), '2025-02-27');
  assert.equal(approvalValidUntil('2026-01-31', 1), '2026-02-27');
  const site = { ...full('node'), cooling: { approvedOn: '2023-12-03' } };
  assert.deepEqual(reasons(site, '2026-12-02'), [], 'the last day it counts');
  assert.deepEqual(reasons(site, '2026-12-03'), ['cooling:approval_expired'], 'the anniversary');
  assert.deepEqual(reasons(site, '2026-12-03', { ...CFG, reapprovalMonths: 60 }), [], 'a longer interval in another mission');
});

test('R-12.4: the reasons are plain Swedish', () => {
  const [short] = shortfalls({ ...full('node'), ups: { ...ok, autonomyHours: 2 } }, TODAY, CFG);
  assert.equal(short?.sv, 'reservkraften räcker 2 timmar av kravets 4 timmar');
  const [one] = shortfalls({ ...full('node'), ups: { ...ok, autonomyHours: 1.5 } }, TODAY, CFG);
  assert.equal(one?.sv, 'reservkraften räcker 1,5 timmar av kravets 4 timmar');
  const [expired] = shortfalls({ ...full('node'), fire: old }, TODAY, CFG);
  assert.equal(expired?.sv, 'godkännandet av brandskydd från 2023-12-02 gällde till 2026-12-01');
});

test('R-12.4: a site that meets its kind’s requirement has no shortfall, whatever is added (property)', () => {
  const approval = fc.constantFrom<{ approvedOn: string | null }>(ok, unapproved, old);
  fc.assert(
    fc.property(fc.constantFrom(...SITE_KINDS), fc.integer({ min: 0, max: 48 }), fc.boolean(), approval, approval, (kind, hours, automatic, cooling, fire) => {
      const site: SiteFacts = { kind, ups: { ...ok, autonomyHours: hours }, diesel: { ...ok, automatic }, cooling, fire };
      const need = siteRequirement(kind, CFG);
      const found = reasons(site);
      // More hours never makes a site fall short of the reserve requirement.
      const more = reasons({ ...site, ups: { ...ok, autonomyHours: hours + 1 } });
      assert.ok(more.filter((r) => r.startsWith('ups')).length <= found.filter((r) => r.startsWith('ups')).length);
      assert.equal(found.includes('ups:too_short'), need.reserveHours !== null && hours < need.reserveHours);
      assert.equal(found.includes('diesel:not_automatic'), need.automaticDiesel && !automatic);
    }),
  );
});

// ---- the laptop pool (R-5.9) ---------------------------------------------------------------------------

test('R-5.9: a booking lasts at least the mission’s minimum, starts today or later and takes a free laptop, table', () => {
  const taken: BookingPeriod[] = [{ from: '2026-12-14', to: '2026-12-20' }];
  const table: [string, BookingPeriod, string[]][] = [
    ['one week from today', { from: '2026-12-03', to: '2026-12-09' }, []],
    ['six days', { from: '2026-12-03', to: '2026-12-08' }, ['to:too_short']],
    ['ends before it starts', { from: '2026-12-09', to: '2026-12-03' }, ['to:before_start']],
    ['starts yesterday', { from: '2026-12-02', to: '2026-12-09' }, ['from:in_the_past']],
    ['ends on the first day of the other', { from: '2026-12-07', to: '2026-12-14' }, ['from:taken']],
    ['ends the day before the other', { from: '2026-12-07', to: '2026-12-13' }, []],
    ['starts the day after the other', { from: '2026-12-21', to: '2026-12-27' }, []],
    ['inside the other', { from: '2026-12-15', to: '2026-12-21' }, ['from:taken']],
    ['around the other', { from: '2026-12-10', to: '2026-12-31' }, ['from:taken']],
  ];
  for (const [name, p, expected] of table) {
    assert.deepEqual(
      bookingProblems(p, taken, TODAY, 7).map((x) => `${x.field}:${x.reason}`),
      expected,
      name,
    );
  }
  assert.equal(bookingProblems({ from: '2026-12-03', to: '2026-12-09' }, [], TODAY, 14)[0]?.sv, 'ett lån gäller minst 14 dagar');
  // IT records a loan afterwards: the start may lie in the past; the length and a taken day still count.
  assert.deepEqual(bookingProblems({ from: '2026-11-20', to: '2026-11-26' }, [], TODAY, 7, { recordedAfterwards: true }), []);
  assert.deepEqual(
    bookingProblems({ from: '2026-12-10', to: '2026-12-15' }, taken, TODAY, 7, { recordedAfterwards: true }).map((x) => x.reason),
    ['too_short', 'taken'],
  );
});

test('R-5.9: bookings accepted one after another never share a day, whatever the order of the requests (property)', () => {
  const start = Temporal.PlainDate.from('2027-01-04');
  const request = fc.record({ offset: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 21 }) }).map(({ offset, length }) => ({
    from: start.add({ days: offset }).toString(),
    to: start.add({ days: offset + length - 1 }).toString(),
  }));
  fc.assert(
    fc.property(fc.array(request, { maxLength: 30 }), (requests) => {
      const accepted: BookingPeriod[] = [];
      for (const r of requests) if (bookingProblems(r, accepted, '2027-01-04', 7).length === 0) accepted.push(r);
      for (const [i, a] of accepted.entries()) {
        assert.ok(bookingDays(a) >= 7);
        for (const b of accepted.slice(i + 1)) assert.equal(overlaps(a, b), false, `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      }
    }),
  );
});

test('R-5.9: a loan handed out and not returned after its last day is overdue', () => {
  const loan = { from: '2026-11-23', to: '2026-12-02', handedOutAt: '2026-11-23T08:00:00Z', returnedAt: null };
  assert.equal(isOverdue(loan, '2026-12-02'), false, 'its last day');
  assert.equal(isOverdue(loan, '2026-12-03'), true);
  assert.equal(isOverdue({ ...loan, returnedAt: '2026-12-03T09:00:00Z' }, '2026-12-03'), false, 'returned');
  assert.equal(isOverdue({ ...loan, handedOutAt: null }, '2026-12-03'), false, 'never handed out');
  // The daily job reminds once: an overdue loan nobody has reminded yet.
  assert.equal(reminderDue({ ...loan, remindedOn: null }, '2026-12-03'), true);
  assert.equal(reminderDue({ ...loan, remindedOn: '2026-12-03' }, '2026-12-10'), false, 'reminded already');
  assert.equal(reminderDue({ ...loan, remindedOn: null }, '2026-12-02'), false, 'not yet overdue');
});
