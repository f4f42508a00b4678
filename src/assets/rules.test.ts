import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { MISSION_2023 } from '../mission/default-2023.ts';
import {
  allowedEvents,
  applyEvent,
  ASSET_STATUSES,
  billableDays,
  billablePeriods,
  bindingEnd,
  bindingStatus,
  disposalRoutes,
  erasureProblems,
  EVENT_KINDS,
  findBySerial,
  isEarlyReturn,
  isLocalDate,
  orderedAsset,
  renewalMonths,
  renewalOn,
  replay,
  saleRolesOf,
  saleProblems,
  sameSerial,
  transitionProblems,
  TRANSITIONS,
  type Asset,
  type AssetEvent,
  type AssetStatus,
  type Buyer,
  type DeviceType,
  type Eraser,
  type EventContext,
  type EventKind,
  type Holder,
} from './rules.ts';
import { addMonths } from '../calendar/dates.ts';

const ctx: EventContext = { mission: MISSION_2023, today: '2030-12-31', saleRoles: saleRolesOf(MISSION_2023) };
const employee: Holder = { personId: 'p-anna', role: 'anstalld' };
const student: Holder = { personId: 'p-elev', role: 'elev' };
const politician: Holder = { personId: 'p-pol', role: 'fortroendevald' };

/** A rented computer workplace (R-4.1: monthly rental, renewal after 48 months), ordered 10 January 2024. */
const computer = (o: Partial<Parameters<typeof orderedAsset>[0]> = {}) =>
  orderedAsset({ id: 'a1', deviceType: 'computer', serviceCode: 'datorarbetsplats', modelLifetimeMonths: null, orderedOn: '2024-01-10', ...o });
const deliver = (date = '2024-01-15', o: Partial<Extract<AssetEvent, { kind: 'deliver' }>> = {}): AssetEvent => ({
  kind: 'deliver',
  date,
  serial: 'SN1',
  unitId: 'EKO',
  holder: employee,
  ...o,
});

function run(start: Asset, events: AssetEvent[], c: EventContext = ctx): Asset {
  const result = replay(start, events, c);
  if (!result.ok) assert.fail(`event ${result.index} refused: ${result.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  return result.asset;
}
function refused(asset: Asset, event: AssetEvent, c: EventContext = ctx) {
  const result = applyEvent(asset, event, c);
  if (result.ok) return assert.fail(`${event.kind} was accepted`);
  return result.problems;
}
const periods = (a: Asset) => a.billing.map((p) => [p.unitId, p.from, p.to, p.basis]);

// ---- the state machine (R-5.2) ---------------------------------------------------------------------------

/** A path from an ordered computer to each status (all events before 2024-04-01). */
const PATHS: Record<AssetStatus, AssetEvent[]> = {
  ordered: [],
  active: [deliver()],
  returned: [deliver(), { kind: 'return', date: '2024-03-01' }],
  in_stock: [deliver(), { kind: 'return', date: '2024-03-01' }, { kind: 'stock', date: '2024-03-05' }],
  retired: [deliver(), { kind: 'retire', date: '2024-03-01' }],
  erased: [
    deliver(),
    { kind: 'retire', date: '2024-03-01' },
    { kind: 'erase', date: '2024-03-10', by: { kind: 'certified_provider', name: 'Inrego' }, method: 'NIST 800-88 purge', serial: 'SN1' },
  ],
  sold: [
    deliver(),
    { kind: 'retire', date: '2024-03-01' },
    { kind: 'erase', date: '2024-03-10', by: { kind: 'certified_provider', name: 'Inrego' }, method: 'NIST 800-88 purge', serial: 'SN1' },
    { kind: 'sell', date: '2024-03-20', buyer: { kind: 'partner', partner: 'Inrego', batch: '2024-03' } },
  ],
  recycled: [deliver(), { kind: 'retire', date: '2024-03-01' }, { kind: 'recycle', date: '2024-03-02' }],
  stolen: [deliver(), { kind: 'report_stolen', date: '2024-03-01', policeReport: '5000-K123456-24' }],
  damaged: [deliver(), { kind: 'report_damaged', date: '2024-03-01', policeReport: '5000-K654321-24' }],
};

/** A well-formed event of each kind, dated after every path above. */
function wellFormed(kind: EventKind, date = '2025-06-01'): AssetEvent {
  switch (kind) {
    case 'deliver':
      return deliver(date, { serial: 'SN9' });
    case 'move':
      return { kind, date, location: 'Stadshuset rum 212' };
    case 'reassign':
      return { kind, date, unitId: 'GR', holder: student };
    case 'return':
    case 'stock':
    case 'retire':
    case 'recycle':
      return { kind, date };
    case 'erase':
      return { kind, date, by: { kind: 'designated_person', name: 'Kim IT' }, method: 'Blancco', serial: 'SN1' };
    case 'sell':
      return { kind, date, buyer: { kind: 'partner', partner: 'Inrego', batch: '2025-06' } };
    case 'report_stolen':
    case 'report_damaged':
      return { kind, date, policeReport: '5000-K1-25' };
    case 'settle':
      return { kind, date, reference: 'Försäkring 2025-17', amount: 650_000 };
  }
}

describe('R-5.2 lifecycle transitions: every status × event', () => {
  const allowed: Record<AssetStatus, EventKind[]> = {
    ordered: ['deliver'],
    active: ['move', 'reassign', 'return', 'retire', 'report_stolen', 'report_damaged'],
    returned: ['reassign', 'stock', 'retire', 'report_stolen', 'report_damaged'],
    in_stock: ['reassign', 'retire', 'report_stolen', 'report_damaged'],
    retired: ['erase', 'recycle'],
    erased: ['sell', 'recycle'],
    sold: [],
    recycled: [],
    stolen: ['settle'],
    damaged: ['retire', 'settle'],
  };
  for (const status of ASSET_STATUSES) {
    const start = run(computer(), PATHS[status]);
    test(`the path to ${status} reaches it`, () => assert.equal(start.status, status));
    for (const kind of EVENT_KINDS) {
      const ok = allowed[status].includes(kind);
      test(`${status} → ${kind}: ${ok ? 'allowed' : `refused: ${TRANSITIONS[kind].refusedSv}`}`, () => {
        assert.equal(allowedEvents(status).includes(kind), ok);
        const result = applyEvent(start, wellFormed(kind), ctx);
        if (ok) {
          assert.ok(result.ok, JSON.stringify(result));
          assert.equal(result.asset.status, TRANSITIONS[kind].to ?? status);
          assert.deepEqual(transitionProblems(status, kind), []);
        } else {
          assert.ok(!result.ok);
          assert.deepEqual(result.problems, [
            {
              field: 'status',
              reason: `${TRANSITIONS[kind].refused}; it is ${status}`,
              reasonSv: `${TRANSITIONS[kind].refusedSv}; den är ${{ ordered: 'beställd', active: 'aktiv', returned: 'återlämnad', in_stock: 'i lager', retired: 'avvecklad', erased: 'raderad', sold: 'såld', recycled: 'återvunnen', stolen: 'stulen', damaged: 'skadad' }[status]}`,
            },
          ]);
        }
      });
    }
  }
  test('R-5.8: a sale from retired (not erased) names the erasure', () => {
    const problems = refused(run(computer(), PATHS.retired), wellFormed('sell'));
    assert.match(problems[0]?.reasonSv ?? '', /radera/);
  });
});

// ---- dates and bad input (issue 7) ----------------------------------------------------------------------------

describe('issue 7: bad input is refused with a reason, nothing changed', () => {
  const active = run(computer(), PATHS.active);
  test('no event before delivery', () => {
    const problems = refused(active, { kind: 'return', date: '2024-01-14' });
    assert.deepEqual(
      problems.map((p) => [p.field, p.reasonSv]),
      [['date', 'får inte vara före leveransen (2024-01-15)']],
    );
  });
  test('no event before the previous event; the same day is fine', () => {
    const moved = run(active, [{ kind: 'move', date: '2024-02-01', location: 'Rum 2' }]);
    assert.deepEqual(
      refused(moved, { kind: 'return', date: '2024-01-31' }).map((p) => p.reasonSv),
      ['får inte vara före föregående händelse (2024-02-01)'],
    );
    assert.ok(applyEvent(moved, { kind: 'return', date: '2024-02-01' }, ctx).ok);
  });
  test('no delivery before the order, none in the future, no impossible dates', () => {
    assert.deepEqual(
      refused(computer(), deliver('2024-01-09')).map((p) => p.field),
      ['date'],
    );
    assert.deepEqual(
      refused(computer(), deliver('2031-01-01')).map((p) => p.reason),
      ['must not be in the future'],
    );
    assert.deepEqual(
      refused(computer(), deliver('2024-02-30')).map((p) => p.field),
      ['date'],
    );
    assert.equal(isLocalDate('2024-02-29'), true);
    assert.equal(isLocalDate('2023-02-29'), false);
    assert.equal(isLocalDate('2024-2-9'), false);
  });
  test('a transition from a wrong state also reports a bad date', () => {
    assert.deepEqual(
      refused(active, { kind: 'stock', date: '2024-01-01' }).map((p) => p.field),
      ['status', 'date'],
    );
  });
  test('R-5.1: a duplicate serial is refused at delivery; a serial is required', () => {
    const c = { ...ctx, serialsInUse: new Set(['SN1']) };
    assert.deepEqual(
      refused(computer(), deliver(), c).map((p) => p.reasonSv),
      ['serienumret SN1 finns redan i registret'],
    );
    assert.deepEqual(
      refused(computer(), deliver(undefined, { serial: '  ' })).map((p) => p.field),
      ['serial'],
    );
  });
  test('R-5.1: unknown and duplicated serials in the register', () => {
    const a = run(computer(), PATHS.active);
    const b = run(computer({ id: 'a2' }), [deliver(undefined, { serial: 'SN2' })]);
    const found = findBySerial([a, b], ' SN2 ');
    assert.ok(found.ok && found.asset.id === 'a2');
    const unknown = findBySerial([a, b], 'XX9');
    assert.ok(!unknown.ok && unknown.problems[0]?.reasonSv === 'okänt serienummer XX9');
    const twice = findBySerial([a, { ...b, serial: 'SN1' }], 'SN1');
    assert.ok(!twice.ok && twice.problems[0]?.field === 'serial');
  });
  test('R-1.2: a holder needs one of the mission’s person roles', () => {
    assert.deepEqual(
      refused(computer(), deliver(undefined, { holder: { personId: 'p', role: 'pirat' } })).map((p) => p.field),
      ['holder.role'],
    );
    assert.ok(applyEvent(computer(), deliver(undefined, { holder: null }), ctx).ok, 'a printer or a screen has no personal holder');
  });
  test('reassigning to the same holder and unit is refused', () => {
    assert.deepEqual(
      refused(active, { kind: 'reassign', date: '2024-02-01', unitId: 'EKO', holder: employee }).map((p) => p.field),
      ['holder'],
    );
  });
  test('R-5.5: theft and damage need the police report reference; a settlement is kept once', () => {
    assert.deepEqual(
      refused(active, { kind: 'report_stolen', date: '2024-02-01', policeReport: ' ' }).map((p) => p.field),
      ['policeReport'],
    );
    const stolen = run(active, [
      { kind: 'report_stolen', date: '2024-02-01', policeReport: '5000-K1-24' },
      { kind: 'settle', date: '2024-04-01', reference: 'If 123', amount: 400_000 },
    ]);
    assert.deepEqual(stolen.incident, {
      kind: 'stolen',
      reportedOn: '2024-02-01',
      policeReport: '5000-K1-24',
      settlement: { settledOn: '2024-04-01', reference: 'If 123', amount: 400_000 },
    });
    assert.deepEqual(
      refused(stolen, { kind: 'settle', date: '2024-05-01', reference: 'If 124', amount: 1 }).map((p) => p.field),
      ['reference'],
    );
    assert.deepEqual(
      refused(run(active, PATHS.damaged.slice(1)), { kind: 'settle', date: '2024-05-01', reference: 'x', amount: -1 }).map((p) => p.field),
      ['amount'],
    );
  });
  test('a refused event leaves its input untouched', () => {
    const before = structuredClone(active);
    refused(active, {
      kind: 'sell',
      date: '2024-02-01',
      buyer: { kind: 'person', personId: employee.personId, role: 'anstalld', proof: { kind: 'receipt', reference: 'K1' } },
    });
    assert.deepEqual(active, before);
  });
});

// ---- billing (R-5.2, R-5.4, R-6.4) -------------------------------------------------------------------------------

describe('R-6.4 billing: only active equipment, early returns per R-5.4', () => {
  const phone = (o: Partial<Parameters<typeof orderedAsset>[0]> = {}) => computer({ deviceType: 'phone', serviceCode: 'mobiltelefon', ...o });
  test('delivery starts billing on the delivery day', () => {
    const a = run(computer(), [deliver()]);
    assert.deepEqual(periods(a), [['EKO', '2024-01-15', null, 'active']]);
    assert.deepEqual(billableDays(a, { from: '2024-01-01', to: '2024-02-01' }), { EKO: 17 });
  });
  test('R-5.2: a return that is not early ends billing that day (phone: purchase plus fee, not rented)', () => {
    const a = run(phone(), [deliver(), { kind: 'return', date: '2024-03-01' }]);
    assert.deepEqual(periods(a), [['EKO', '2024-01-15', '2024-03-01', 'active']]);
    assert.deepEqual(billableDays(a, { from: '2024-02-01', to: '2024-04-01' }), { EKO: 29 }, 'February 2024 has 29 days; 1 March is not billed');
  });
  test('R-5.4: early return of rented equipment: the unit pays on, through stock, until IT reassigns it', () => {
    const a = run(computer(), [deliver(), { kind: 'return', date: '2024-03-01' }, { kind: 'stock', date: '2024-03-05' }]);
    assert.equal(isEarlyReturn(MISSION_2023, a, '2024-03-01'), true);
    assert.deepEqual(periods(a), [
      ['EKO', '2024-01-15', '2024-03-01', 'active'],
      ['EKO', '2024-03-01', null, 'early_return'],
    ]);
    const b = run(a, [{ kind: 'reassign', date: '2024-04-10', unitId: 'GR', holder: student }]);
    assert.deepEqual(periods(b).slice(1), [
      ['EKO', '2024-03-01', '2024-04-10', 'early_return'],
      ['GR', '2024-04-10', null, 'active'],
    ]);
    assert.deepEqual(billableDays(b, { from: '2024-04-01', to: '2024-05-01' }), { EKO: 9, GR: 21 });
  });
  // Issue 16: a loan laptop handed back kept billing its borrower until it was lent again.
  const loan = (o: Partial<Parameters<typeof orderedAsset>[0]> = {}) => computer({ serviceCode: 'korttidshyra', ...o });
  const loanCases: [string, Partial<Extract<AssetEvent, { kind: 'deliver' }>>, string][] = [
    ['a two-day loan', {}, '2024-01-17'],
    ['a loan handed back after five weeks', {}, '2024-02-19'],
    ['a loan with a binding period handed back inside it', { bindingEndsOn: '2024-06-01' }, '2024-01-17'],
  ];
  for (const [name, d, returnedOn] of loanCases) {
    test(`R-5.9: ${name} ends its billing at the return; no early return (R-5.4 is for equipment rented for its life)`, () => {
      const a = run(loan(), [deliver('2024-01-15', d), { kind: 'return', date: returnedOn }, { kind: 'stock', date: returnedOn }]);
      assert.equal(isEarlyReturn(MISSION_2023, a, returnedOn), false);
      assert.deepEqual(periods(a), [['EKO', '2024-01-15', returnedOn, 'active']]);
      const next = run(a, [{ kind: 'reassign', date: '2024-03-20', unitId: 'GR', holder: student }]);
      assert.deepEqual(
        periods(next),
        [
          ['EKO', '2024-01-15', returnedOn, 'active'],
          ['GR', '2024-03-20', null, 'active'],
        ],
        'the next borrower from the day it is lent again; nothing between',
      );
    });
  }
  test('R-5.4: return and reassignment the same day: the old unit up to, the new from that day, no empty period', () => {
    const a = run(computer(), [deliver(), { kind: 'return', date: '2024-03-01' }, { kind: 'reassign', date: '2024-03-01', unitId: 'GR', holder: student }]);
    assert.deepEqual(periods(a), [
      ['EKO', '2024-01-15', '2024-03-01', 'active'],
      ['GR', '2024-03-01', null, 'active'],
    ]);
  });
  test('return and reassignment in the same month (not early): the gap is not billed', () => {
    const a = run(phone(), [
      deliver(),
      { kind: 'return', date: '2024-03-10' },
      { kind: 'stock', date: '2024-03-12' },
      { kind: 'reassign', date: '2024-03-20', unitId: 'GR', holder: employee },
    ]);
    assert.deepEqual(billableDays(a, { from: '2024-03-01', to: '2024-04-01' }), { EKO: 9, GR: 12 });
  });
  test('reassignment while active: to another unit splits the period; same unit, new holder keeps it', () => {
    const a = run(computer(), [deliver(), { kind: 'reassign', date: '2024-02-01', unitId: 'EKO', holder: { personId: 'p-bo', role: 'anstalld' } }]);
    assert.deepEqual(periods(a), [['EKO', '2024-01-15', null, 'active']]);
    const b = run(a, [{ kind: 'reassign', date: '2024-02-10', unitId: 'GR', holder: student }]);
    assert.deepEqual(periods(b), [
      ['EKO', '2024-01-15', '2024-02-10', 'active'],
      ['GR', '2024-02-10', null, 'active'],
    ]);
    const sameDay = run(computer(), [deliver(), { kind: 'reassign', date: '2024-01-15', unitId: 'GR', holder: student }]);
    assert.deepEqual(periods(sameDay), [['GR', '2024-01-15', null, 'active']], 'moved on the delivery day: the first unit pays nothing');
  });
  test('R-5.4: a return at or after the renewal date is not early', () => {
    const a = run(computer({ orderedOn: '2019-01-10' }), [deliver('2019-01-15'), { kind: 'return', date: '2023-01-15' }]);
    assert.deepEqual(periods(a), [['EKO', '2019-01-15', '2023-01-15', 'active']]);
    assert.equal(isEarlyReturn(MISSION_2023, a, '2023-01-14'), true);
  });
  test('R-5.2, R-5.5: theft ends billing at once, also after an early return', () => {
    const a = run(computer(), [deliver(), { kind: 'return', date: '2024-03-01' }, { kind: 'report_stolen', date: '2024-03-10', policeReport: '5000-K9-24' }]);
    assert.deepEqual(periods(a), [
      ['EKO', '2024-01-15', '2024-03-01', 'active'],
      ['EKO', '2024-03-01', '2024-03-10', 'early_return'],
    ]);
    const b = run(computer(), [deliver(), { kind: 'report_stolen', date: '2024-01-15', policeReport: '5000-K9-24' }]);
    assert.deepEqual(periods(b), [], 'stolen on the delivery day: never billed');
  });
  test('R-5.4: the binding period makes any return early, is shown, and blocks retirement until it ends', () => {
    const a = run(phone(), [deliver(undefined, { bindingEndsOn: '2025-01-15' }), { kind: 'return', date: '2024-03-01' }]);
    assert.deepEqual(periods(a).at(-1), ['EKO', '2024-03-01', null, 'early_return']);
    assert.deepEqual(bindingStatus(a, '2024-03-01'), { bound: true, endsOn: '2025-01-15', daysLeft: 320 });
    assert.deepEqual(bindingStatus(a, '2025-01-15'), { bound: false, endsOn: '2025-01-15', daysLeft: 0 });
    assert.deepEqual(
      refused(a, { kind: 'retire', date: '2024-06-01' }).map((p) => p.reasonSv),
      ['bindningstiden löper till 2025-01-15 (228 dagar kvar)'],
    );
    const retired = run(a, [{ kind: 'retire', date: '2025-01-15' }]);
    assert.deepEqual(periods(retired).at(-1), ['EKO', '2024-03-01', '2025-01-15', 'early_return']);
    assert.deepEqual(
      refused(phone(), deliver(undefined, { bindingEndsOn: '2024-01-01' })).map((p) => p.field),
      ['bindingEndsOn'],
    );
  });
  test('billable periods are clipped to the window', () => {
    const a = run(computer(), [deliver(), { kind: 'reassign', date: '2024-02-10', unitId: 'GR', holder: student }]);
    assert.deepEqual(
      billablePeriods(a, { from: '2024-02-01', to: '2024-03-01' }).map((p) => [p.unitId, p.from, p.to]),
      [
        ['EKO', '2024-02-01', '2024-02-10'],
        ['GR', '2024-02-10', '2024-03-01'],
      ],
    );
    assert.deepEqual(billablePeriods(a, { from: '2023-01-01', to: '2024-01-15' }), []);
  });
});

// ---- renewal (R-5.1, R-4.1) -----------------------------------------------------------------------------------------

describe('R-5.1 renewal date', () => {
  const at = (deliveredOn: string, serviceCode: string, modelLifetimeMonths: number | null, mission = MISSION_2023) =>
    renewalOn(mission, { serviceCode, modelLifetimeMonths, deliveredOn });
  test('computer workplace: the mission’s 48 months, whatever the model says', () => {
    assert.equal(at('2023-01-31', 'datorarbetsplats', 36), '2027-01-31');
    assert.equal(at('2024-02-29', 'datorarbetsplats', null), '2028-02-29', 'a leap day lands on a leap day');
  });
  test('otherwise the model’s lifetime; a missing day falls on the month’s last day', () => {
    assert.equal(at('2023-01-31', 'surfplatta', 13), '2024-02-29');
    assert.equal(at('2023-01-31', 'surfplatta', 1), '2023-02-28');
    assert.equal(at('2024-02-29', 'mobiltelefon', 12), '2025-02-28');
    assert.equal(at('2024-03-31', 'mobiltelefon', 6), '2024-09-30');
  });
  test('no model lifetime: the mission’s minimum technical life (48 months in 2023)', () => assert.equal(at('2023-05-10', 'elevdator', null), '2027-05-10'));
  test('the number comes from the mission, not the code', () => {
    const mission = structuredClone(MISSION_2023);
    const service = mission.catalogue.services.find((s) => s.code === 'datorarbetsplats');
    if (service) service.renewalMonths = 36;
    assert.equal(at('2023-01-31', 'datorarbetsplats', null, mission), '2026-01-31');
  });
  test('none before delivery', () => assert.equal(renewalOn(MISSION_2023, computer()), null));
});

// ---- disposal (R-5.6–R-5.8) -----------------------------------------------------------------------------------------

describe('R-5.6, R-5.7 disposal routes and sales', () => {
  const receipt = { kind: 'receipt', reference: 'Kvitto 2025-0042' } as const;
  const person = (h: Holder, proof: { kind: 'receipt' | 'invoice'; reference: string } = receipt): Buyer => ({
    kind: 'person',
    personId: h.personId,
    role: h.role,
    proof,
  });
  const partner: Buyer = { kind: 'partner', partner: 'Inrego', batch: '2025-06' };
  const used = (deviceType: DeviceType, lastHolder: Holder | null) => ({ deviceType, lastHolder });
  const cases: [string, DeviceType, Holder | null, string[]][] = [
    ['phone → recycling only', 'phone', employee, ['recycling']],
    ['tablet → recycling only', 'tablet', student, ['recycling']],
    ['other devices → recycling', 'other', null, ['recycling']],
    ['student’s computer → the student, the partner or recycling', 'computer', student, ['student_purchase', 'second_hand_partner', 'recycling']],
    ['employee’s computer → partner or recycling', 'computer', employee, ['second_hand_partner', 'recycling']],
    ['politician’s computer → partner or recycling', 'computer', politician, ['second_hand_partner', 'recycling']],
  ];
  for (const [name, type, holder, routes] of cases) test(name, () => assert.deepEqual(disposalRoutes(used(type, holder), saleRolesOf(MISSION_2023)), routes));

  const sale = (asset: { deviceType: DeviceType; lastHolder: Holder | null }, buyer: Buyer) => saleProblems(asset, buyer, ctx).map((p) => p.field);
  test('the student buys the computer they used, with a receipt or an invoice', () => {
    assert.deepEqual(sale(used('computer', student), person(student)), []);
    assert.deepEqual(sale(used('computer', student), person(student, { kind: 'invoice', reference: 'F-77' })), []);
    assert.deepEqual(sale(used('computer', student), person(student, { kind: 'receipt', reference: '' })), ['buyer.proof']);
  });
  test('another student may not buy it; nor a student a computer an employee used', () => {
    assert.deepEqual(sale(used('computer', student), person({ personId: 'p-other', role: 'elev' })), ['buyer.personId']);
    assert.deepEqual(sale(used('computer', employee), person({ personId: employee.personId, role: 'elev' })), ['buyer.personId']);
  });
  test('never employees or politicians, even as the last holder', () => {
    for (const h of [employee, politician]) {
      const problems = saleProblems(used('computer', h), person(h), ctx);
      assert.deepEqual(
        problems.map((p) => p.reasonSv),
        ['utrustning säljs aldrig till anställda eller förtroendevalda'],
      );
    }
  });
  test('other people (consultants) do not buy; the partner takes the rest in batches', () => {
    assert.deepEqual(sale(used('computer', null), person({ personId: 'p-k', role: 'konsult' })), ['buyer.role']);
    assert.deepEqual(sale(used('computer', employee), partner), []);
    assert.deepEqual(sale(used('computer', employee), { ...partner, batch: ' ' }), ['buyer.batch']);
  });
  test('phones and tablets are not sold, not even to the partner', () => {
    assert.deepEqual(sale(used('phone', employee), partner), ['buyer']);
    assert.deepEqual(sale(used('tablet', student), person(student)), ['buyer']);
  });
  test('through the lifecycle: the student who used the computer buys it after erasure', () => {
    const a = run(computer({ serviceCode: 'elevdator' }), [
      deliver(undefined, { holder: student }),
      { kind: 'return', date: '2027-01-20' },
      ...PATHS.erased.slice(1).map((e) => ({ ...e, date: e.kind === 'retire' ? '2027-02-01' : '2027-02-02' })),
    ]);
    assert.equal(a.status, 'erased');
    assert.equal(a.holder, null);
    assert.deepEqual(a.lastHolder, student, 'the last holder is kept after the return');
    const sold = run(a, [{ kind: 'sell', date: '2027-03-01', buyer: person(student) }]);
    assert.deepEqual(sold.sale, { soldOn: '2027-03-01', buyer: person(student) });
    assert.deepEqual(
      refused(a, { kind: 'sell', date: '2027-03-01', buyer: person(employee) }).map((p) => p.field),
      ['buyer.role'],
    );
  });
});

describe('R-5.8 erasure record', () => {
  const retired = { serial: 'SN1', retiredOn: '2024-03-01' };
  const record = { by: { kind: 'certified_provider' as Eraser, name: 'Inrego' }, method: 'NIST 800-88 purge', erasedOn: '2024-03-10', serial: 'SN1' };
  const fields = (r: typeof record, a: { serial: string | null; retiredOn: string | null } = retired) => erasureProblems(r, a).map((p) => p.field);
  test('a certified provider or a designated person, method, date, serial: accepted', () => {
    assert.deepEqual(fields(record), []);
    assert.deepEqual(fields({ ...record, by: { kind: 'designated_person', name: 'Kim IT' } }), []);
    assert.deepEqual(fields({ ...record, erasedOn: '2024-03-01' }), [], 'the day of retirement is fine');
  });
  test('anyone else, nameless, without method, before retirement, another serial: refused', () => {
    assert.deepEqual(fields({ ...record, by: { kind: 'colleague' as Eraser, name: 'Bo' } }), ['erasure.by']);
    assert.deepEqual(fields({ ...record, by: { kind: 'designated_person', name: ' ' } }), ['erasure.by']);
    assert.deepEqual(fields({ ...record, method: '' }), ['erasure.method']);
    assert.deepEqual(fields({ ...record, erasedOn: '2024-02-29' }), ['erasure.erasedOn']);
    assert.deepEqual(fields({ ...record, erasedOn: '2024-13-01' }), ['erasure.erasedOn']);
    assert.deepEqual(fields({ ...record, serial: 'SN2' }), ['erasure.serial']);
    assert.deepEqual(fields(record, { serial: 'SN1', retiredOn: null }), ['erasure.erasedOn']);
  });
  test('through the lifecycle: an erase event with another serial is refused and changes nothing', () => {
    const a = run(computer(), PATHS.retired);
    assert.deepEqual(
      refused(a, { ...(wellFormed('erase') as Extract<AssetEvent, { kind: 'erase' }>), serial: 'SN2' }).map((p) => p.reasonSv),
      ['den raderade enhetens serienummer måste vara tillgångens (SN1)'],
    );
    const erased = run(a, [wellFormed('erase', '2024-03-01')]);
    assert.deepEqual(erased.erasure, { by: { kind: 'designated_person', name: 'Kim IT' }, method: 'Blancco', erasedOn: '2024-03-01', serial: 'SN1' });
  });
});

// ---- properties (issue 7: done when) -------------------------------------------------------------------------------

describe('properties: random event sequences from random assets (R-5.2, R-5.4, R-5.7, R-5.8, R-6.4)', () => {
  const EPOCH = Date.UTC(2020, 0, 1);
  const DAY = 86_400_000;
  const dayOf = (s: string) => Math.round((Date.parse(`${s}T00:00:00Z`) - EPOCH) / DAY);
  const dateOf = (n: number) => new Date(EPOCH + n * DAY).toISOString().slice(0, 10);
  const HOLDERS: (Holder | null)[] = [
    employee,
    student,
    politician,
    { personId: 'p-k', role: 'konsult' },
    { personId: 'p-x', role: 'pirat' },
    null,
    { personId: 'p-elev2', role: 'elev' },
  ];
  const UNITS = ['EKO', 'GR', 'LJS', ''];
  const SERVICES = ['datorarbetsplats', 'lardator', 'elevdator', 'mobiltelefon', 'surfplatta', 'skrivare', 'smart-skarm', 'accesspunkt', 'korttidshyra'];
  const pc = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

  /**
   * Interpret a generated step against the current asset: mostly an allowed, well-formed event; one in
   * four carries odd data (a taken serial, an unknown role, another serial on the erasure, a buyer who
   * may not buy, an empty police report…), and the gap may date it before the previous event.
   */
  function eventFor(asset: Asset, step: { pick: number; valid: boolean; gap: number; v: number }): AssetEvent {
    const kinds = step.valid && allowedEvents(asset.status).length > 0 ? allowedEvents(asset.status) : [...EVENT_KINDS];
    // Lean towards the disposal path (erase, sell) so that sales are reached often.
    const forward = kinds.find((k) => k === 'erase' || k === 'sell');
    const kind = forward && step.valid && step.pick % 3 !== 0 ? forward : pc(kinds, step.pick);
    const date = dateOf(dayOf(asset.lastEventOn) + step.gap);
    const bad = step.v % 4 === 0;
    const v = step.v >> 2;
    switch (kind) {
      case 'deliver':
        return {
          kind,
          date,
          serial: bad ? pc(['TAKEN', ' '], v) : pc(['SN1', 'SN2'], v),
          unitId: bad && v % 3 === 0 ? '' : pc(UNITS.slice(0, 3), v),
          holder: bad && v % 3 === 1 ? { personId: 'p-x', role: 'pirat' } : pc(HOLDERS, v >> 2),
          bindingEndsOn: v % 3 === 0 ? dateOf(dayOf(date) + (v % 700) - (bad ? 20 : 0)) : null,
        };
      case 'move':
        return { kind, date, location: bad ? '' : pc(['Rum 1', 'Skola B'], v) };
      case 'reassign':
        return { kind, date, unitId: bad ? pc(UNITS, v) : pc(UNITS.slice(0, 3), v), holder: pc(HOLDERS, v >> 2) };
      case 'return':
      case 'stock':
      case 'retire':
      case 'recycle':
        return { kind, date };
      case 'erase': {
        const odd = bad ? v % 4 : -1;
        return {
          kind,
          date,
          by: { kind: odd === 0 ? ('colleague' as Eraser) : pc(['certified_provider', 'designated_person'] as Eraser[], v), name: odd === 1 ? '' : 'Inrego' },
          method: odd === 2 ? '' : 'Blancco',
          serial: odd === 3 ? 'OTHER' : (asset.serial ?? 'X'),
        };
      }
      case 'sell': {
        const choice = v % 4;
        if (choice === 0) return { kind, date, buyer: { kind: 'partner', partner: 'Inrego', batch: bad ? '' : 'B1' } };
        const h = choice === 1 && asset.lastHolder ? asset.lastHolder : (pc(HOLDERS, v >> 2) ?? student);
        return { kind, date, buyer: { kind: 'person', personId: h.personId, role: h.role, proof: { kind: 'receipt', reference: bad ? '' : 'K1' } } };
      }
      case 'report_stolen':
      case 'report_damaged':
        return { kind, date, policeReport: bad ? '' : pc(['5000-K1', '5000-K2'], v) };
      case 'settle':
        return { kind, date, reference: bad && v % 2 === 0 ? '' : 'If 1', amount: bad && v % 2 === 1 ? -5 : pc([0, 100_000], v) };
    }
  }

  const start = fc.record({
    deviceType: fc.constantFrom<DeviceType>('computer', 'computer', 'computer', 'phone', 'tablet', 'other'),
    serviceCode: fc.constantFrom(...SERVICES),
    modelLifetimeMonths: fc.option(fc.integer({ min: 1, max: 72 })),
    orderedOn: fc.integer({ min: 0, max: 800 }).map(dateOf),
  });
  const steps = fc.array(
    fc.record({
      pick: fc.nat(),
      valid: fc.integer({ min: 0, max: 9 }).map((n) => n < 8),
      gap: fc.oneof(fc.integer({ min: 0, max: 250 }), fc.integer({ min: -5, max: 250 })),
      v: fc.nat(),
    }),
    { maxLength: 30 },
  );
  const c: EventContext = { ...ctx, today: '2032-12-31', serialsInUse: new Set(['TAKEN']) };
  const BILLABLE: readonly AssetStatus[] = ['active', 'returned', 'in_stock'];

  test('invariants hold after every event; a refused event changes nothing', () => {
    /** What the runs reached, so a generator that never gets to a sale cannot pass unnoticed. */
    const reached = { sold: 0, soldToStudent: 0, earlyReturn: 0, refused: 0 };
    fc.assert(
      fc.property(start, steps, (s, stepList) => {
        let asset = orderedAsset({ id: 'a', ...s });
        /** Accepted history: the status and unit after each event, for the day-by-day oracle. */
        const log: { day: number; status: AssetStatus; unitId: string | null; returnedUnit: string | null }[] = [];
        let returnedUnit: string | null = null;
        for (const step of stepList) {
          const event = eventFor(asset, step);
          const before = structuredClone(asset);
          const result = applyEvent(asset, event, c);
          assert.deepEqual(asset, before, 'the input is never changed');
          if (!result.ok) {
            reached.refused++;
            assert.ok(result.problems.length > 0, 'a refusal gives its problems');
            for (const p of result.problems) assert.ok(p.field && p.reason && p.reasonSv, 'every problem names its field and reason in both languages');
            continue;
          }
          const prev = asset;
          asset = result.asset;
          if (event.kind === 'return') {
            returnedUnit = prev.unitId;
            // R-5.4, by its own reckoning: early when rented for its life (monthly) and before renewal, or
            // within the binding period; a loan (weekly rental, R-5.9) handed back is never early.
            const service = MISSION_2023.catalogue.services.find((x) => x.code === prev.serviceCode);
            const months = service?.renewalMonths ?? prev.modelLifetimeMonths ?? MISSION_2023.catalogue.minimumTechnicalLifeMonths;
            const renewal = Temporal.PlainDate.from(prev.deliveredOn ?? '')
              .add({ months })
              .toString();
            const rented = service?.billingModel === 'monthly_rental';
            const loan = service?.billingModel === 'weekly_rental';
            const early = !loan && ((rented && event.date < renewal) || (prev.bindingEndsOn !== null && event.date < prev.bindingEndsOn));
            assert.equal(
              asset.billing.some((p) => p.to === null),
              early,
              `return on ${event.date}: early ${early}`,
            );
          }
          if (asset.status === 'active') returnedUnit = null;
          log.push({ day: dayOf(event.date), status: asset.status, unitId: asset.unitId, returnedUnit });

          // R-5.8: never sold without an erasure of this very device, before the sale.
          if (asset.status === 'sold') {
            reached.sold++;
            if (asset.sale?.buyer.kind === 'person') reached.soldToStudent++;
            assert.ok(asset.erasure !== null && asset.sale !== null, 'R-5.8: sold with an erasure record');
            assert.equal(asset.erasure.serial, asset.serial);
            assert.ok(
              asset.erasure.erasedOn <= asset.sale.soldOn && asset.retiredOn !== null && asset.retiredOn <= asset.erasure.erasedOn,
              'R-5.8: retired, then erased, then sold',
            );
            // R-5.7: a computer only; to a person only the student who last held it.
            assert.equal(asset.deviceType, 'computer');
            const buyer = asset.sale.buyer;
            if (buyer.kind === 'person') {
              assert.ok(saleRolesOf(MISSION_2023).student.includes(buyer.role), `sold to a ${buyer.role}`);
              assert.equal(buyer.personId, asset.lastHolder?.personId);
              assert.ok(
                asset.lastHolder !== null && saleRolesOf(MISSION_2023).student.includes(asset.lastHolder.role),
                'R-5.7: the buyer was the student holder',
              );
            }
          }
          // Dates: nothing before delivery, never backwards.
          assert.ok(
            event.date >= prev.lastEventOn && (asset.deliveredOn === null || event.date >= asset.deliveredOn),
            'no event before delivery or the previous event',
          );

          // R-6.4: periods are ordered, non-empty, never overlap; only the last may be open.
          const b = asset.billing;
          b.forEach((p, i) => {
            assert.ok(p.to === null ? i === b.length - 1 : p.from < p.to, JSON.stringify(b));
            const nextP = b[i + 1];
            if (nextP) assert.ok(p.to !== null && p.to <= nextP.from, JSON.stringify(b));
            assert.ok(asset.deliveredOn !== null && p.from >= asset.deliveredOn, 'no billing before delivery');
          });
          const open = b.find((p) => p.to === null);
          // R-5.2: billed now only while active or early-returned; active is always billed to its unit.
          if (open) assert.ok(BILLABLE.includes(asset.status), `billed while ${asset.status}`);
          if (asset.status === 'active') assert.ok(open && open.basis === 'active' && open.unitId === asset.unitId, 'active is billed to its unit');
          if (open && asset.status !== 'active') reached.earlyReturn++;
          if (open && asset.status !== 'active') {
            assert.ok(open.basis === 'early_return' && open.unitId === returnedUnit, 'R-5.4: billed after return only early, to the returning unit');
          }
        }
        // Over the whole history: a billed day lies in active time (billed to the unit of that day) or in
        // early-returned time before reassignment (billed to the unit that returned it). Status and billing
        // are constant between events and period ends, so checking those days and the days before covers every day.
        const first = log[0];
        if (first === undefined) return;
        const days = new Set<number>();
        for (const e of log) {
          days
            .add(e.day)
            .add(e.day - 1)
            .add(e.day + 1);
        }
        for (const p of asset.billing) for (const d of [p.from, p.to ?? p.from]) days.add(dayOf(d)).add(dayOf(d) - 1);
        for (const d of [...days].filter((x) => x >= first.day).sort((a, b) => a - b)) {
          const state = log.filter((e) => e.day <= d).at(-1);
          if (!state) continue;
          const day = dateOf(d);
          const billedTo = asset.billing.filter((p) => p.from <= day && (p.to === null || day < p.to));
          assert.ok(billedTo.length <= 1, `billed twice on ${day}`);
          const to = billedTo[0];
          if (state.status === 'active') assert.equal(to?.unitId, state.unitId, `active on ${day}, billed to ${to?.unitId}`);
          else if (to) {
            assert.ok(
              BILLABLE.includes(state.status) && to.basis === 'early_return' && to.unitId === state.returnedUnit,
              `billed on ${day} while ${state.status}`,
            );
          }
        }
      }),
      { numRuns: 1000 },
    );
    assert.ok(reached.sold > 0 && reached.soldToStudent > 0 && reached.earlyReturn > 0 && reached.refused > 0, JSON.stringify(reached));
  });

  test('R-5.7 property: a sale to an employee or politician is always refused, whatever came before', () => {
    fc.assert(
      fc.property(start, steps, fc.constantFrom(employee, politician), (s, stepList, buyer) => {
        let asset = orderedAsset({ id: 'a', ...s });
        for (const step of stepList) {
          const result = applyEvent(asset, eventFor(asset, step), c);
          if (result.ok) asset = result.asset;
          const sale = applyEvent(
            asset,
            {
              kind: 'sell',
              date: asset.lastEventOn,
              buyer: { kind: 'person', personId: buyer.personId, role: buyer.role, proof: { kind: 'invoice', reference: 'F1' } },
            },
            c,
          );
          assert.equal(sale.ok, false);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('property: replay equals applying the events one by one and stops at the first refusal', () => {
    fc.assert(
      fc.property(start, steps, (s, stepList) => {
        let asset = orderedAsset({ id: 'a', ...s });
        const events: AssetEvent[] = [];
        for (const step of stepList) {
          const event = eventFor(asset, step);
          const result = applyEvent(asset, event, c);
          if (!result.ok) {
            const r = replay(orderedAsset({ id: 'a', ...s }), [...events, event], c);
            assert.ok(!r.ok && r.index === events.length, 'replay stops at the first refusal');
            break;
          }
          events.push(event);
          asset = result.asset;
        }
        const r = replay(orderedAsset({ id: 'a', ...s }), events, c);
        assert.ok(r.ok, 'replay accepts the accepted events');
        assert.deepEqual(r.asset, asset);
      }),
      { numRuns: 100 },
    );
  });
});

// ---- register dates (R-5.1, R-4.1, R-4.2, R-5.4) ----

test('renewal months: the service’s period, else the model’s life, else the mission’s minimum life', () => {
  const cases: [string | null, number | null, number][] = [
    ['datorarbetsplats', null, 48], // R-4.1: computer workplaces renew after 48 months
    ['datorarbetsplats', 60, 48], // the service's period wins over the model's life
    ['lardator', 60, 60], // no renewal period: the model's lifetime
    ['lardator', null, 48], // neither: the mission's minimum technical life (R-4.2)
    [null, 36, 36],
    ['unknown-service', null, 48],
  ];
  for (const [serviceCode, modelLifetimeMonths, expected] of cases) {
    assert.equal(renewalMonths(MISSION_2023, { serviceCode, modelLifetimeMonths }), expected, `${serviceCode} / ${modelLifetimeMonths}`);
  }
});

test('renewal date from delivery, month ends constrained, null before delivery', () => {
  const cases: [string | null, string | null, number | null, string | null][] = [
    ['datorarbetsplats', '2023-03-15', null, '2027-03-15'],
    ['datorarbetsplats', '2024-02-29', null, '2028-02-29'],
    ['lardator', '2024-02-29', 36, '2027-02-28'],
    ['lardator', '2023-01-31', 13, '2024-02-29'],
    ['datorarbetsplats', null, null, null],
  ];
  for (const [serviceCode, deliveredOn, modelLifetimeMonths, expected] of cases) {
    assert.equal(renewalOn(MISSION_2023, { serviceCode, deliveredOn, modelLifetimeMonths }), expected, `${serviceCode} ${deliveredOn}`);
  }
});

test('binding end, month arithmetic and local dates', () => {
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: 36 }), '2026-05-31');
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: 0 }), null);
  assert.equal(bindingEnd({ deliveredOn: null, bindingMonths: 12 }), null);
  assert.equal(bindingEnd({ deliveredOn: '2023-05-31', bindingMonths: null }), null);
  assert.equal(addMonths('2023-10-31', 1), '2023-11-30');
  for (const [s, ok] of [
    ['2023-02-28', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2023-13-01', false],
    ['23-01-01', false],
    ['2023-1-01', false],
    ['', false],
  ] as const) {
    assert.equal(isLocalDate(s), ok, s);
  }
});

test('R-5.7: sale roles come from the mission in force; without a student role nobody buys', () => {
  assert.deepEqual(saleRolesOf(MISSION_2023), { student: ['elev'], politician: ['fortroendevald'] });
  const none = { people: { ...MISSION_2023.people, personRoles: MISSION_2023.people.personRoles.map(({ buyer: _b, ...r }) => r) } };
  const roles = saleRolesOf(none);
  assert.deepEqual(roles, { student: [], politician: [] });
  const student: Holder = { personId: 'p1', role: 'elev' };
  const problems = saleProblems(
    { deviceType: 'computer', lastHolder: student },
    { kind: 'person', personId: 'p1', role: 'elev', proof: { kind: 'receipt', reference: 'K1' } },
    { mission: { ...MISSION_2023, ...none }, saleRoles: roles },
  );
  assert.deepEqual(
    problems.map((p) => p.field),
    ['buyer.role'],
  );
  assert.deepEqual(disposalRoutes({ deviceType: 'computer', lastHolder: student }, roles), ['second_hand_partner', 'recycling']);
});

describe('issue 16: the erasure serial is compared as the device reads (R-5.8)', () => {
  const retired = { serial: 'PF4-ABC12', retiredOn: '2024-03-01' };
  const record = (serial: string) => ({
    by: { kind: 'certified_provider' as const, name: 'Inrego' },
    method: 'NIST 800-88 purge',
    erasedOn: '2024-03-10',
    serial,
  });
  const cases: [string, string, boolean][] = [
    ['the same', 'PF4-ABC12', true],
    ['lower case', 'pf4-abc12', true],
    ['without the dash', 'PF4ABC12', true],
    ['with spaces', ' PF4 ABC12 ', true],
    ['a typographic dash', 'PF4\u2013ABC12', true],
    ['another device', 'PF4-ABC13', false],
    ['nothing', '   ', false],
  ];
  for (const [name, serial, same] of cases) {
    test(`${name}: ${same ? 'accepted' : 'refused'}`, () => {
      assert.equal(sameSerial(serial, retired.serial), same);
      assert.deepEqual(
        erasureProblems(record(serial), retired).map((p) => p.field),
        same ? [] : ['erasure.serial'],
      );
    });
  }
  test('the erasure record keeps the register’s spelling of the serial', () => {
    const asset = run(computer(), [
      deliver('2024-01-15', { serial: 'PF4-ABC12' }),
      { kind: 'retire', date: '2024-03-01' },
      { kind: 'erase', date: '2024-03-10', by: { kind: 'certified_provider', name: 'Inrego' }, method: 'Blancco', serial: 'pf4abc12' },
    ]);
    assert.equal(asset.erasure?.serial, 'PF4-ABC12');
  });
});
