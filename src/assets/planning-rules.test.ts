import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  duplicateIdProblems,
  groupRenewals,
  isDue,
  isMonth,
  isOverdue,
  monthlyPriceOn,
  monthOf,
  monthWindow,
  overlaps,
  renewalUntil,
  replacedSerial,
  replacementDescription,
  replacementNote,
  replacementProblems,
  totalMonthly,
  unitCostItems,
  type CostAsset,
  type RenewalCandidate,
  type ReplacementCandidate,
} from './planning-rules.ts';

describe('renewal horizon (R-4.1, R-5.1)', () => {
  test('until is today + months; a missing day falls on the month’s last day', () => {
    const cases: [string, number, string][] = [
      ['2026-11-28', 6, '2027-05-28'],
      ['2026-08-31', 6, '2027-02-28'],
      ['2027-08-31', 6, '2028-02-29'],
      ['2026-01-31', 1, '2026-02-28'],
      ['2026-12-15', 24, '2028-12-15'],
    ];
    for (const [today, months, until] of cases) assert.equal(renewalUntil(today, months), until, `${today} + ${months}`);
  });

  test('due strictly before until; overdue on or before today', () => {
    const due: [string | null, string, boolean][] = [
      ['2027-05-27', '2027-05-28', true],
      ['2027-05-28', '2027-05-28', false],
      ['2027-05-29', '2027-05-28', false],
      ['2020-01-01', '2027-05-28', true],
      [null, '2027-05-28', false],
    ];
    for (const [renewal, until, expected] of due) assert.equal(isDue(renewal, until), expected, `${renewal} < ${until}`);
    const overdue: [string, string, boolean][] = [
      ['2026-11-27', '2026-11-28', true],
      ['2026-11-28', '2026-11-28', true],
      ['2026-11-29', '2026-11-28', false],
    ];
    for (const [renewal, today, expected] of overdue) assert.equal(isOverdue(renewal, today), expected, `${renewal} vs ${today}`);
  });
});

describe('renewal list grouping', () => {
  const c = (p: Partial<RenewalCandidate> & { id: string }): RenewalCandidate => ({ serial: p.id.toUpperCase(), model: 'M', holderName: null, deliveredOn: '2022-01-01', renewalOn: '2026-12-01', unitId: 'u1', unitName: 'Ekonomi', replacementOrderNumber: null, ...p });
  const horizon = { today: '2026-11-28', until: '2027-05-28' };

  test('groups by unit in Swedish name order; items by renewal date then serial; not due and undated left out', () => {
    const groups = groupRenewals(
      [
        c({ id: 'b', renewalOn: '2027-01-01', unitId: 'u2', unitName: 'Östra skolan' }),
        c({ id: 'a', renewalOn: '2027-01-01', unitId: 'u2', unitName: 'Östra skolan' }),
        c({ id: 'c', renewalOn: '2026-11-28' }),
        c({ id: 'd', renewalOn: '2027-05-28' }),
        c({ id: 'e', renewalOn: null }),
        c({ id: 'f', renewalOn: '2025-06-01', unitId: 'u3', unitName: 'Äldreboendet' }),
        c({ id: 'g', renewalOn: '2026-11-29', unitId: 'u4', unitName: 'Arkivet', replacementOrderNumber: '2026-000001' }),
      ],
      horizon,
    );
    assert.deepEqual(groups.map((g) => g.unitName), ['Arkivet', 'Ekonomi', 'Äldreboendet', 'Östra skolan']);
    assert.deepEqual(groups.map((g) => g.items.map((i) => [i.serial, i.overdue])), [[['G', false]], [['C', true]], [['F', true]], [['A', false], ['B', false]]]);
    assert.equal(groups[0]?.items[0]?.replacementOrderNumber, '2026-000001');
  });

  test('every due candidate appears exactly once, in its unit', () => {
    const day = fc.integer({ min: 0, max: 1500 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.uuid(), unitId: fc.constantFrom('u1', 'u2', 'u3'), renewalOn: fc.option(day) })), (list) => {
        const unique = [...new Map(list.map((x) => [x.id, x])).values()];
        const groups = groupRenewals(unique.map((x) => c({ ...x, unitName: x.unitId })), horizon);
        const listed = groups.flatMap((g) => g.items.map((i) => [g.unitId, i.id] as const));
        const due = unique.filter((x) => isDue(x.renewalOn, horizon.until));
        assert.equal(listed.length, due.length);
        for (const x of due) assert.ok(listed.some(([u, id]) => u === x.unitId && id === x.id));
      }),
    );
  });
});

describe('replacement order', () => {
  test('the description names the serial and reads back; other lines replace nothing', () => {
    const cases: [string, string | null][] = [
      [replacementDescription('PF-3A9XK', 'Datorarbetsplats standard: Lenovo ThinkPad T14 Gen 4'), 'PF-3A9XK'],
      [replacementDescription('A_1/2.3', 'X'), 'A_1/2.3'],
      ['Datorarbetsplats standard: Lenovo ThinkPad T14 Gen 4', null],
      ['Ersätter', null],
      ['Ersätter  – x', null],
    ];
    for (const [description, serial] of cases) assert.equal(replacedSerial(description), serial, description);
    assert.equal(replacementDescription('PF1', 'Dator'), 'Ersätter PF1 – Dator');
  });

  test('the note lists the serials, or only their number when they do not fit', () => {
    assert.match(replacementNote(['A', 'B']), /Ersätter: A, B\./);
    const many = Array.from({ length: 100 }, (_, i) => `SERIAL-${'X'.repeat(50)}-${i}`);
    const note = replacementNote(many);
    assert.ok(note.length <= 4000);
    assert.match(note, /100 datorer/);
  });

  test('why an asset may not be replaced', () => {
    const ok: ReplacementCandidate = { unitId: 'u1', deviceType: 'computer', status: 'active', serial: 'PF1', renewalOn: '2027-01-01', replacedBy: null };
    const ctx = { unitId: 'u1', until: '2027-05-28', field: 'assetIds.0' };
    const cases: [ReplacementCandidate | undefined, RegExp[]][] = [
      [ok, []],
      [undefined, [/not an asset of the unit/]],
      [{ ...ok, unitId: 'u2' }, [/not an asset of the unit/]],
      [{ ...ok, deviceType: 'phone' }, [/not a computer/]],
      [{ ...ok, status: 'returned' }, [/not active/]],
      [{ ...ok, renewalOn: null }, [/no renewal date/]],
      [{ ...ok, renewalOn: '2027-05-28' }, [/due for renewal on 2027-05-28, not before 2027-05-28/]],
      [{ ...ok, replacedBy: { number: '2026-000007', lineStatus: 'pending' } }, [/already being replaced by order 2026-000007/]],
      [{ ...ok, replacedBy: { number: '2026-000007', lineStatus: 'delivered' } }, [/already been replaced by order 2026-000007/]],
      [{ ...ok, deviceType: 'tablet', status: 'in_stock' }, [/not a computer/, /not active/]],
    ];
    for (const [asset, reasons] of cases) {
      const problems = replacementProblems(asset, ctx);
      assert.equal(problems.length, reasons.length, JSON.stringify(asset));
      problems.forEach((p, i) => {
        assert.equal(p.field, 'assetIds.0');
        assert.match(p.reason, reasons[i] as RegExp);
        assert.ok(p.reasonSv.length > 0);
      });
    }
  });

  test('an id listed twice is named at its later places', () => {
    assert.deepEqual(duplicateIdProblems(['a', 'b', 'a', 'a'], 'assetIds').map((p) => p.field), ['assetIds.2', 'assetIds.3']);
    assert.deepEqual(duplicateIdProblems(['a', 'b'], 'assetIds'), []);
  });
});

describe('unit cost (issue 7 UI, R-6.4)', () => {
  test('months and their windows', () => {
    const cases: [string, { from: string; to: string }][] = [
      ['2026-01', { from: '2026-01-01', to: '2026-02-01' }],
      ['2026-12', { from: '2026-12-01', to: '2027-01-01' }],
      ['2028-02', { from: '2028-02-01', to: '2028-03-01' }],
    ];
    for (const [month, window] of cases) assert.deepEqual(monthWindow(month), window, month);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '']) assert.equal(isMonth(bad), false, bad);
    assert.throws(() => monthWindow('2026-13'));
    assert.equal(monthOf('2026-11-28'), '2026-11');
  });

  test('a billing period [from, to) overlaps a month window', () => {
    const w = monthWindow('2026-03');
    const cases: [string, string | null, boolean][] = [
      ['2026-01-10', null, true],
      ['2026-03-31', null, true],
      ['2026-04-01', null, false],
      ['2026-01-10', '2026-03-01', false],
      ['2026-01-10', '2026-03-02', true],
      ['2026-03-05', '2026-03-06', true],
      ['2026-04-01', '2026-05-01', false],
    ];
    for (const [from, to, expected] of cases) assert.equal(overlaps({ from, to }, w), expected, `[${from}, ${to})`);
  });

  const entries = [
    { articleCode: 'DATOR-ADM', name: 'Datorarbetsplats standard', monthlyFee: 45_000, validFrom: '2026-01-01', validTo: '2026-06-30' },
    { articleCode: 'DATOR-ADM', name: 'Datorarbetsplats standard', monthlyFee: 47_000, validFrom: '2026-07-01', validTo: '2026-12-31' },
    { articleCode: 'TILLB-USB', name: 'USB-minne', monthlyFee: null, validFrom: '2026-01-01', validTo: '2026-12-31' },
    { articleCode: 'SKARM-24', name: 'Extra skärm', monthlyFee: 3_000, validFrom: '2026-03-01', validTo: '2026-12-31' },
  ];

  test('the price valid on a date', () => {
    const cases: [string | null, string, { name: string; monthlyFee: number | null } | null][] = [
      ['DATOR-ADM', '2026-06-30', { name: 'Datorarbetsplats standard', monthlyFee: 45_000 }],
      ['DATOR-ADM', '2026-07-01', { name: 'Datorarbetsplats standard', monthlyFee: 47_000 }],
      ['TILLB-USB', '2026-05-01', { name: 'USB-minne', monthlyFee: null }],
      ['SKARM-24', '2026-02-28', null],
      ['OKAND', '2026-05-01', null],
      [null, '2026-05-01', null],
    ];
    for (const [code, date, expected] of cases) assert.deepEqual(monthlyPriceOn(entries, code, date), expected, `${code} ${date}`);
  });

  const asset = (p: Partial<CostAsset> & { assetId: string }): CostAsset => ({ serial: p.assetId.toUpperCase(), model: 'M', deviceType: 'computer', holderName: null, status: 'active', articleCode: 'DATOR-ADM', periods: [{ from: '2025-01-01', to: null, basis: 'active' }], ...p });

  test('one item per asset billed in the month: fee on the first billed day, basis of the latest period', () => {
    const items = unitCostItems(
      [
        asset({ assetId: 'b' }),
        asset({ assetId: 'a', periods: [{ from: '2026-07-15', to: null, basis: 'active' }] }),
        asset({ assetId: 'c', status: 'returned', periods: [{ from: '2025-01-01', to: '2026-07-10', basis: 'active' }, { from: '2026-07-10', to: null, basis: 'early_return' }] }),
        asset({ assetId: 'd', articleCode: null }),
        asset({ assetId: 'e', articleCode: 'SKARM-24', deviceType: 'screen' }),
        asset({ assetId: 'f', periods: [{ from: '2025-01-01', to: '2026-07-01', basis: 'active' }] }),
        asset({ assetId: 'g', periods: [{ from: '2026-08-01', to: null, basis: 'active' }] }),
      ],
      entries,
      monthWindow('2026-07'),
    );
    assert.deepEqual(
      items.map((i) => [i.serial, i.monthlyFee, i.articleName, i.basis]),
      [
        ['A', 47_000, 'Datorarbetsplats standard', 'active'],
        ['B', 47_000, 'Datorarbetsplats standard', 'active'],
        ['C', 47_000, 'Datorarbetsplats standard', 'early_return'],
        ['D', null, null, 'active'],
        ['E', 3_000, 'Extra skärm', 'active'],
      ],
    );
    assert.equal(totalMonthly(items), 3 * 47_000 + 3_000);
    // February: the screen's price is not yet valid: shown without a fee, not guessed.
    const feb = unitCostItems([asset({ assetId: 'e', articleCode: 'SKARM-24' })], entries, monthWindow('2026-02'));
    assert.deepEqual(feb.map((i) => [i.monthlyFee, i.articleName]), [[null, null]]);
  });

  test('property: the total is the sum of the known fees, and every billed asset is listed once', () => {
    const fee = fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.record({ code: fc.constantFrom('A1', 'A2', 'A3', 'NONE'), startDay: fc.integer({ min: 0, max: 90 }) }), { maxLength: 40 }), fee, fee, fee, (list, f1, f2, f3) => {
        const fees: Record<string, number | null> = { A1: f1, A2: f2, A3: f3 };
        const prices = Object.entries(fees).map(([articleCode, monthlyFee]) => ({ articleCode, name: articleCode, monthlyFee, validFrom: '2026-01-01', validTo: '2026-12-31' }));
        const assets = list.map((x, i) => asset({ assetId: `x${i}`, articleCode: x.code, periods: [{ from: new Date(Date.UTC(2026, 1, 1 + x.startDay)).toISOString().slice(0, 10), to: null, basis: 'active' }] }));
        const window = monthWindow('2026-03');
        const items = unitCostItems(assets, prices, window);
        const billed = assets.filter((a) => a.periods.some((p) => overlaps(p, window)));
        assert.equal(items.length, billed.length);
        const expected = billed.reduce((s, a) => s + (fees[a.articleCode ?? ''] ?? 0), 0);
        assert.equal(totalMonthly(items), expected);
        assert.ok(Number.isInteger(totalMonthly(items)));
      }),
    );
  });
});
