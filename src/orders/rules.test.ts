import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from '../mission/default-2023.ts';
import type { Role } from '../platform/access.ts';
import {
  accountProblems,
  accountReminderOn,
  billingStartsOn,
  daysUntil,
  deliveryProblems,
  lineTransitionProblems,
  LINE_STATUSES,
  mayDesignate,
  mayFulfil,
  mayOrderFor,
  orderableUnitIds,
  orderStatus,
  orderTotals,
  packagingProblems,
  type LineStatus,
  type OrderAuthority,
} from './rules.ts';
import { unitAndDescendants } from '../org/rules.ts';

const numbers = MISSION_2023.orders ?? { accountEndReminderDays: -1, softwarePackagingAboveInstallations: -1 };
const lines = (...statuses: LineStatus[]) => statuses.map((status) => ({ status }));

describe('R-4.3 order status from its lines', () => {
  const cases: [LineStatus[], string][] = [
    [['pending'], 'submitted'],
    [['pending', 'pending'], 'submitted'],
    [['ordered', 'pending'], 'in_progress'],
    [['delivered', 'pending'], 'in_progress'],
    [['delivered', 'ordered'], 'in_progress'],
    [['delivered', 'delivered'], 'delivered'],
    [['delivered', 'cancelled'], 'delivered'],
    [['cancelled', 'pending'], 'in_progress'],
    [['cancelled'], 'cancelled'],
    [['cancelled', 'cancelled'], 'cancelled'],
    [[], 'cancelled'],
  ];
  for (const [statuses, expected] of cases) {
    test(`${statuses.join(', ') || 'no lines'} → ${expected}`, () => assert.equal(orderStatus(lines(...statuses)), expected));
  }

  test('property: delivered exactly when every line not cancelled is delivered and one is', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINE_STATUSES), { maxLength: 12 }), (statuses) => {
        const live = statuses.filter((s) => s !== 'cancelled');
        assert.equal(orderStatus(lines(...statuses)) === 'delivered', live.length > 0 && live.every((s) => s === 'delivered'));
        assert.equal(orderStatus(lines(...statuses)) === 'cancelled', live.length === 0);
      }),
    );
  });
});

describe('R-4.3 fulfilment steps of a line', () => {
  const allowed: [LineStatus, LineStatus][] = [
    ['pending', 'ordered'],
    ['pending', 'delivered'],
    ['pending', 'cancelled'],
    ['ordered', 'delivered'],
    ['ordered', 'cancelled'],
  ];
  for (const from of LINE_STATUSES) {
    for (const to of LINE_STATUSES) {
      const ok = allowed.some(([a, b]) => a === from && b === to);
      test(`${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
        const problems = lineTransitionProblems(from, to);
        assert.equal(problems.length, ok ? 0 : 1);
        if (!ok) assert.equal(problems[0]?.field, 'status');
      });
    }
  }
});

describe('R-4.3, R-5.1 delivery', () => {
  const base = { hasModel: true, serialNumber: 'PF3XYZ', orderedOn: '2026-03-02', deliveredOn: '2026-03-10', today: '2026-03-12' };
  test('equipment with its serial, between order and today: accepted', () => assert.deepEqual(deliveryProblems(base), []));
  test('equipment without a serial number is refused', () =>
    assert.deepEqual(
      deliveryProblems({ ...base, serialNumber: null }).map((p) => p.field),
      ['serialNumber'],
    ));
  test('a line without a model needs no serial', () => assert.deepEqual(deliveryProblems({ ...base, hasModel: false, serialNumber: null }), []));
  test('not before the order was placed', () =>
    assert.deepEqual(
      deliveryProblems({ ...base, deliveredOn: '2026-03-01' }).map((p) => p.field),
      ['deliveredOn'],
    ));
  test('the day the order was placed and today are both fine', () => {
    assert.deepEqual(deliveryProblems({ ...base, deliveredOn: base.orderedOn }), []);
    assert.deepEqual(deliveryProblems({ ...base, deliveredOn: base.today }), []);
  });
  test('not in the future', () =>
    assert.deepEqual(
      deliveryProblems({ ...base, deliveredOn: '2026-03-13' }).map((p) => p.field),
      ['deliveredOn'],
    ));

  const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
  test('property: an accepted delivery lies between the order date and today', () => {
    fc.assert(
      fc.property(day, day, day, (orderedOn, deliveredOn, today) => {
        const ok = deliveryProblems({ hasModel: false, serialNumber: null, orderedOn, deliveredOn, today }).length === 0;
        assert.equal(ok, orderedOn <= deliveredOn && deliveredOn <= today);
      }),
    );
  });
  test('R-6.4 property: billing of a priced line starts on delivery, never before; unpriced lines start none', () => {
    fc.assert(
      fc.property(day, fc.boolean(), (deliveredOn, priced) => {
        const start = billingStartsOn({ priced, deliveredOn });
        if (!priced) assert.equal(start, null);
        else assert.ok(start !== null && start >= deliveredOn);
      }),
    );
    assert.equal(billingStartsOn({ priced: true, deliveredOn: '2026-03-10' }), '2026-03-10');
  });
});

describe('R-1.4, R-4.3 who may order, designate and fulfil', () => {
  // KLF (förvaltning) → EK (verksamhet) → EKO (enhet); BUF → GR → LJS.
  const tree = [
    { id: 'KLF', parentId: null },
    { id: 'EK', parentId: 'KLF' },
    { id: 'EKO', parentId: 'EK' },
    { id: 'BUF', parentId: null },
    { id: 'GR', parentId: 'BUF' },
    { id: 'LJS', parentId: 'GR' },
  ];
  test('a unit and its descendants', () => {
    assert.deepEqual([...unitAndDescendants('EK', tree)].sort(), ['EK', 'EKO']);
    assert.deepEqual([...unitAndDescendants('BUF', tree)].sort(), ['BUF', 'GR', 'LJS']);
    assert.deepEqual([...unitAndDescendants('EKO', tree)], ['EKO']);
  });
  const who = (roles: Role[], o: Partial<OrderAuthority> = {}): OrderAuthority => ({
    roles,
    municipalityId: 'T',
    teamId: null,
    managedUnitIds: new Set(),
    designatedUnitIds: new Set(),
    ...o,
  });
  const manager = who(['unit_manager'], { managedUnitIds: unitAndDescendants('EK', tree) });
  const designee = who(['end_user'], { designatedUnitIds: new Set(['EK']) });
  const cases: [string, OrderAuthority, string, boolean][] = [
    ['manager, own unit', manager, 'EK', true],
    ['manager, unit below', manager, 'EKO', true],
    ['manager, unit above', manager, 'KLF', false],
    ['manager, other branch', manager, 'LJS', false],
    ['designee, the unit designated', designee, 'EK', true],
    ['designee, not the units below it', designee, 'EKO', false],
    ['a former manager (role gone) does not keep the units', who(['end_user'], { managedUnitIds: unitAndDescendants('EK', tree) }), 'EK', false],
    ['the orderer role alone grants no unit', who(['orderer']), 'EK', false],
    ['an administrator is not an orderer', who(['admin'], { municipalityId: null }), 'EK', false],
  ];
  for (const [name, a, unit, expected] of cases) {
    test(`may order: ${name} → ${expected}`, () => assert.equal(mayOrderFor(a, unit), expected));
  }
  test('orderable units: managed and designated together', () => {
    assert.deepEqual([...orderableUnitIds(who(['unit_manager'], { managedUnitIds: new Set(['EK', 'EKO']), designatedUnitIds: new Set(['LJS']) }))].sort(), [
      'EK',
      'EKO',
      'LJS',
    ]);
  });
  test('may designate: the unit’s manager and administrators of the municipality', () => {
    assert.equal(mayDesignate(manager, { id: 'EKO', municipalityId: 'T' }), true);
    assert.equal(mayDesignate(manager, { id: 'LJS', municipalityId: 'T' }), false);
    assert.equal(mayDesignate(designee, { id: 'EK', municipalityId: 'T' }), false, 'a designee does not designate others');
    assert.equal(mayDesignate(who(['admin']), { id: 'LJS', municipalityId: 'T' }), true);
    assert.equal(mayDesignate(who(['admin']), { id: 'X', municipalityId: 'U' }), false, 'not the other municipality');
    assert.equal(mayDesignate(who(['admin'], { municipalityId: null }), { id: 'X', municipalityId: 'U' }), true);
  });
  test('may fulfil: IT agents (with a team) and administrators, not department agents or managers', () => {
    assert.equal(mayFulfil(who(['agent'], { teamId: 'anvandarstod' })), true);
    assert.equal(mayFulfil(who(['admin'])), true);
    assert.equal(mayFulfil(who(['agent'])), false);
    assert.equal(mayFulfil(manager), false);
  });
});

describe('R-4.4 special orders', () => {
  const today = '2026-11-28';
  test('an account for a non-employee needs a non-employee role and an end date not passed', () => {
    assert.deepEqual(accountProblems(MISSION_2023, { personRole: 'konsult', startsOn: today, endsOn: '2027-01-31' }, today), []);
    assert.deepEqual(accountProblems(MISSION_2023, { personRole: 'konsult', startsOn: today, endsOn: today }, today), [], 'ending today is allowed');
    assert.deepEqual(
      accountProblems(MISSION_2023, { personRole: 'anstalld', startsOn: today, endsOn: '2027-01-31' }, today).map((p) => p.field),
      ['account.personRole'],
    );
    assert.deepEqual(
      accountProblems(MISSION_2023, { personRole: 'pirat', startsOn: today, endsOn: '2027-01-31' }, today).map((p) => p.field),
      ['account.personRole'],
    );
    assert.deepEqual(
      accountProblems(MISSION_2023, { personRole: 'konsult', startsOn: today, endsOn: '2026-11-27' }, today).map((p) => p.reason),
      ['the end date has passed'],
    );
    assert.deepEqual(
      accountProblems(MISSION_2023, { personRole: 'konsult', startsOn: '2027-02-01', endsOn: '2027-01-31' }, today).map((p) => p.field),
      ['account.endsOn'],
    );
  });
  test('R-4.4, R-5.3: packaging only above the mission’s number of teacher computers (5 in 2023)', () => {
    assert.equal(numbers.softwarePackagingAboveInstallations, 5);
    for (const [n, refused] of [
      [1, true],
      [5, true],
      [6, false],
      [30, false],
    ] as const) {
      const problems = packagingProblems(n, numbers);
      assert.equal(problems.length > 0, refused, `${n} computers`);
      if (refused) assert.match(problems[0]?.reasonSv ?? '', /verksamheten/);
    }
    assert.equal(packagingProblems(5, { softwarePackagingAboveInstallations: 4 }).length, 0, 'the number comes from the mission, not the code');
  });
  test('the follow-up of an account’s end is due the mission’s number of days before (14 by default)', () => {
    assert.equal(accountReminderOn('2027-01-31', numbers), '2027-01-17');
    assert.equal(accountReminderOn('2027-03-10', { accountEndReminderDays: 30 }), '2027-02-08');
    assert.equal(daysUntil('2026-11-28', '2026-12-12'), 14);
    assert.equal(daysUntil('2026-11-28', '2026-11-20'), -8);
    // Local dates: a daylight saving change in between does not shift the count.
    assert.equal(daysUntil('2027-03-20', '2027-04-03'), 14);
  });
});

describe('order totals', () => {
  test('one-off and recurring amounts in öre, cancelled lines left out', () => {
    const line = (status: LineStatus, quantity: number, purchasePrice: number | null, monthlyFee: number | null) => ({
      status,
      quantity,
      purchasePrice,
      monthlyFee,
      weeklyFee: null,
      yearlyFee: null,
    });
    assert.deepEqual(
      orderTotals([
        line('pending', 1, null, 45_000),
        line('delivered', 1, 650_000, 5_000),
        line('pending', 3, 49_900, null),
        line('cancelled', 1, 650_000, 5_000),
      ]),
      { oneOff: 799_700, monthly: 50_000, weekly: 0, yearly: 0 },
    );
  });
});
