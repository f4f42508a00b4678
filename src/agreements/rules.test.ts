import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  agreementCost,
  cloudGateProblems,
  COST_HEADINGS,
  compareModels,
  modelProblems,
  nextReviewAfter,
  quantityProblems,
  reviewState,
  shareSum,
  splitCost,
  splitProblems,
  statusProblems,
  STATUS_TRANSITIONS,
  APPLICATION_STATUSES,
  WHOLE_SHARE,
  type CloudMove,
  type CostDriver,
  type CostSplit,
  type CostedApplication,
} from './rules.ts';

/** A model like the demo's: one driver per heading (prices in öre per unit and year). */
const DRIVERS: CostDriver[] = [
  { code: 'virtuell-server', label: 'Virtuell server', unit: 'st', heading: 'server', unitPriceOre: 1_200_000 },
  { code: 'databas', label: 'Databas', unit: 'st', heading: 'database', unitPriceOre: 600_000 },
  { code: 'integration', label: 'Integration', unit: 'st', heading: 'integrations', unitPriceOre: 450_000 },
  { code: 'lagring-gb', label: 'Lagring', unit: 'GB', heading: 'storage', unitPriceOre: 250 },
  { code: 'backup-gb', label: 'Säkerhetskopiering', unit: 'GB', heading: 'backup', unitPriceOre: 120 },
  { code: 'anslutning', label: 'Anslutning', unit: 'st', heading: 'communication', unitPriceOre: 80_000 },
  { code: 'supporttimme', label: 'Support', unit: 'timme', heading: 'support', unitPriceOre: 65_000 },
  { code: 'supportlicens', label: 'Supportverktyg', unit: 'licens', heading: 'support_tools', unitPriceOre: 150_000 },
];

describe('R-7.3: an agreement’s yearly cost under the standard cost model', () => {
  test('each line is quantity × unit price, summed per heading and in all', () => {
    const cost = agreementCost({ 'virtuell-server': 2, 'lagring-gb': 500, supporttimme: 10 }, DRIVERS);
    assert.deepEqual(
      cost.lines.map((l) => [l.driverCode, l.quantity, l.unitPriceOre, l.amountOre]),
      [
        ['virtuell-server', 2, 1_200_000, 2_400_000],
        ['lagring-gb', 500, 250, 125_000],
        ['supporttimme', 10, 65_000, 650_000],
      ],
    );
    assert.equal(cost.byHeading.server, 2_400_000);
    assert.equal(cost.byHeading.storage, 125_000);
    assert.equal(cost.byHeading.database, 0);
    assert.equal(cost.totalOre, 3_175_000);
    assert.deepEqual(cost.unknownDrivers, []);
  });
  test('no quantities: no lines and no cost', () => {
    const cost = agreementCost({}, DRIVERS);
    assert.equal(cost.lines.length, 0);
    assert.equal(cost.totalOre, 0);
  });
  test('a quantity for a driver the model lacks is reported and not priced', () => {
    const cost = agreementCost({ 'virtuell-server': 1, fax: 3 }, DRIVERS);
    assert.equal(cost.totalOre, 1_200_000);
    assert.deepEqual(cost.unknownDrivers, ['fax']);
  });
  test('property: the lines sum to the total, and so do the eight headings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...DRIVERS.map((d) => d.code)), fc.integer({ min: 0, max: 100_000 })), (quantities) => {
        const cost = agreementCost(quantities, DRIVERS);
        assert.equal(
          cost.lines.reduce((s, l) => s + l.amountOre, 0),
          cost.totalOre,
        );
        assert.equal(
          COST_HEADINGS.reduce((s, h) => s + cost.byHeading[h], 0),
          cost.totalOre,
        );
        for (const line of cost.lines) assert.equal(line.amountOre, line.quantity * line.unitPriceOre);
      }),
    );
  });
});

describe('the cost model and an agreement’s quantities checked', () => {
  test('the demo model has no problems', () => assert.deepEqual(modelProblems(DRIVERS), []));
  const cases: [string, Partial<CostDriver>, string][] = [
    ['a code used twice (the second use named)', { code: 'databas' }, 'drivers.1.code'],
    ['a code with capitals', { code: 'Server' }, 'drivers.0.code'],
    ['a negative price', { unitPriceOre: -1 }, 'drivers.0.unitPriceOre'],
    ['a price in part öre', { unitPriceOre: 10.5 }, 'drivers.0.unitPriceOre'],
    ['a blank name', { label: ' ' }, 'drivers.0.label'],
    ['a blank unit', { unit: '' }, 'drivers.0.unit'],
  ];
  for (const [name, change, field] of cases) {
    test(name, () => {
      const [first, ...rest] = DRIVERS as [CostDriver, ...CostDriver[]];
      assert.deepEqual(
        modelProblems([{ ...first, ...change }, ...rest]).map((p) => p.field),
        [field],
      );
    });
  }
  test('quantities: whole numbers of zero or more, for drivers the model has', () => {
    assert.deepEqual(quantityProblems({ databas: 1, integration: 0 }, DRIVERS), []);
    assert.deepEqual(
      quantityProblems({ databas: -1, 'lagring-gb': 2.5, fax: 1 }, DRIVERS).map((p) => [p.field, p.reasonSv]),
      [
        ['quantities.databas', 'Databas: ange ett heltal, noll eller mer'],
        ['quantities.lagring-gb', 'Lagring: ange ett heltal, noll eller mer'],
        ['quantities.fax', 'kostnadsmodellen saknar kostnadsdrivaren fax'],
      ],
    );
  });
});

describe('who pays: shares adding up to exactly 100 %, or per user', () => {
  const share = (...bps: number[]): CostSplit => ({ mode: 'share', units: bps.map((shareBp, i) => ({ unitId: `u${i}`, shareBp })) });
  const cases: [string, CostSplit, string[]][] = [
    ['one unit pays all', share(10_000), []],
    ['three units, 50 + 30 + 20', share(5_000, 3_000, 2_000), []],
    ['shares with hundredths, 33,33 + 33,33 + 33,34', share(3_333, 3_333, 3_334), []],
    ['99,99 % is not enough', share(5_000, 4_999), ['units']],
    ['100,01 % is too much', share(5_001, 5_000), ['units']],
    ['a share of zero', share(10_000, 0), ['units.1.shareBp']],
    ['no unit pays', share(), ['units']],
    [
      'one unit twice',
      {
        mode: 'share',
        units: [
          { unitId: 'a', shareBp: 5_000 },
          { unitId: 'a', shareBp: 5_000 },
        ],
      },
      ['units.1.unitId'],
    ],
    [
      'per user',
      {
        mode: 'per_user',
        units: [
          { unitId: 'a', users: 40 },
          { unitId: 'b', users: 2 },
        ],
      },
      [],
    ],
    ['per user with nobody', { mode: 'per_user', units: [{ unitId: 'a', users: 0 }] }, ['units.0.users']],
  ];
  for (const [name, split, fields] of cases) {
    test(name, () =>
      assert.deepEqual(
        splitProblems(split).map((p) => p.field),
        fields,
      ),
    );
  }
  test('the problem says the sum in Swedish', () => {
    assert.equal(splitProblems(share(5_000, 4_999))[0]?.reasonSv, 'andelarna blir 99,99 % tillsammans, inte 100 %');
  });

  test('a cost split by shares: 100 000,00 kr as 50/30/20', () => {
    assert.deepEqual(
      splitCost(10_000_000, share(5_000, 3_000, 2_000)).map((p) => p.amountOre),
      [5_000_000, 3_000_000, 2_000_000],
    );
  });
  test('a cost split in three equal shares: the leftover öre to the first units', () => {
    assert.deepEqual(
      splitCost(100, share(3_333, 3_333, 3_334)).map((p) => p.amountOre),
      [33, 33, 34],
    );
    assert.deepEqual(
      splitCost(101, { mode: 'per_user', units: ['a', 'b', 'c'].map((unitId) => ({ unitId, users: 1 })) }).map((p) => p.amountOre),
      [34, 34, 33],
    );
  });
  const splits = fc.oneof(
    fc
      .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 30 })
      .map((ws): CostSplit => ({ mode: 'per_user', units: ws.map((users, i) => ({ unitId: `u${i}`, users })) })),
    fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 30 }).map((ws): CostSplit => {
      // Shares that add up to exactly 100 %: the weights scaled, the rest to the last unit.
      const sum = ws.reduce((s, w) => s + w, 0);
      const bps = ws.map((w) => Math.max(1, Math.floor((w * WHOLE_SHARE) / (sum + ws.length))));
      bps[bps.length - 1]! += WHOLE_SHARE - bps.reduce((s, b) => s + b, 0);
      return { mode: 'share', units: bps.map((shareBp, i) => ({ unitId: `u${i}`, shareBp })) };
    }),
  );
  test('property: generated shares add up to 100 % and pass', () => {
    fc.assert(
      fc.property(splits, (split) => {
        if (split.mode === 'share') assert.equal(shareSum(split), WHOLE_SHARE);
        assert.deepEqual(splitProblems(split), []);
      }),
    );
  });
  test('property: the parts sum to the cost exactly, each within one öre of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000_000 }), splits, (total, split) => {
        const parts = splitCost(total, split);
        assert.equal(
          parts.reduce((s, p) => s + p.amountOre, 0),
          total,
        );
        const weights = split.mode === 'share' ? split.units.map((u) => u.shareBp) : split.units.map((u) => u.users);
        const sum = weights.reduce((s, w) => s + w, 0);
        parts.forEach((p, i) => assert.ok(Math.abs(p.amountOre - (total * weights[i]!) / sum) < 1 + 1e-6));
      }),
    );
  });
});

describe('R-7.3: a changed model compared, per application and per unit', () => {
  const raised = DRIVERS.map((d) => (d.code === 'lagring-gb' ? { ...d, unitPriceOre: 300 } : d));
  const apps: CostedApplication[] = [
    {
      id: 'skolplattform',
      quantities: { 'lagring-gb': 1_000, 'virtuell-server': 1 },
      split: { mode: 'share' as const, units: [{ unitId: 'skola', shareBp: 10_000 }] },
    },
    {
      id: 'e-arkiv',
      quantities: { 'lagring-gb': 2_000 },
      split: {
        mode: 'share' as const,
        units: [
          { unitId: 'skola', shareBp: 2_500 },
          { unitId: 'omsorg', shareBp: 7_500 },
        ],
      },
    },
  ];
  test('the per-GB price raised from 2,50 to 3,00 kr', () => {
    const { applications, units } = compareModels(apps, DRIVERS, raised);
    assert.deepEqual(applications.get('skolplattform'), { oldOre: 1_450_000, newOre: 1_500_000, differenceOre: 50_000 });
    assert.deepEqual(applications.get('e-arkiv'), { oldOre: 500_000, newOre: 600_000, differenceOre: 100_000 });
    assert.deepEqual(units.get('skola'), { oldOre: 1_575_000, newOre: 1_650_000, differenceOre: 75_000 });
    assert.deepEqual(units.get('omsorg'), { oldOre: 375_000, newOre: 450_000, differenceOre: 75_000 });
  });
  test('property: the units’ differences add up to the applications’', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (a, b) => {
        const prices = DRIVERS.map((d) => (d.code === 'lagring-gb' ? { ...d, unitPriceOre: a } : d.code === 'virtuell-server' ? { ...d, unitPriceOre: b } : d));
        const { applications, units } = compareModels(apps, DRIVERS, prices);
        const sum = (m: Map<string, { differenceOre: number }>) => [...m.values()].reduce((s, c) => s + c.differenceOre, 0);
        assert.equal(sum(units), sum(applications));
      }),
    );
  });
});

describe('an application’s status', () => {
  const table: [string, string, boolean][] = [];
  for (const from of APPLICATION_STATUSES) for (const to of APPLICATION_STATUSES) table.push([from, to, STATUS_TRANSITIONS[from].includes(to)]);
  test('in preparation → active, active → terminated or cloud, cloud → terminated, and nothing out of terminated', () => {
    assert.deepEqual(
      table.filter(([, , ok]) => ok).map(([from, to]) => `${from}→${to}`),
      ['in_preparation→active', 'in_preparation→terminated', 'active→terminated', 'active→cloud', 'cloud→terminated'],
    );
  });
  test('a refused move says it in Swedish', () => {
    assert.deepEqual(statusProblems('active', 'active').length, 1);
    assert.equal(statusProblems('terminated', 'active')[0]?.reasonSv, 'en applikation som är uppsagd kan inte bli aktiv');
    assert.deepEqual(statusProblems('active', 'cloud'), []);
  });
});

describe('R-7.4: the yearly review', () => {
  test('a year after the last review, 29 February falling on 28 February', () => {
    assert.equal(nextReviewAfter('2026-03-15', 12), '2027-03-15');
    assert.equal(nextReviewAfter('2028-02-29', 12), '2029-02-28');
  });
  const cases: [string | null, string, string][] = [
    ['2026-12-02', 'overdue', 'the day after its date'],
    ['2026-12-03', 'due', 'on its date'],
    ['2027-01-02', 'due', 'thirty days ahead'],
    ['2027-01-03', 'later', 'thirty-one days ahead'],
    [null, 'none', 'no date'],
  ];
  for (const [next, state, name] of cases) test(`${name}: ${state}`, () => assert.equal(reviewState(next, '2026-12-03', 30), state));
});

describe('R-7.5: the cloud/SaaS gate', () => {
  const complete: CloudMove = {
    classification: {
      levels: {
        confidentiality: { level: 2, label: 'Måttlig' },
        integrity: { level: 2, label: 'Måttlig' },
        availability: { level: 3, label: 'Allvarlig' },
        traceability: { level: 1, label: 'Försumbar' },
      },
      klassaVersion: '5.0',
      classifiedOn: '2026-10-01',
      participants: ['Systemägare', 'Informationssäkerhetssamordnare'],
    },
    securityAnalysis: { on: '2026-10-15', result: 'Godkänd med åtgärder', residualRisks: 'Leverantörens loggning granskas årligen' },
    legalReview: { on: '2026-10-20', outcome: 'Personuppgiftsbiträdesavtal tecknat' },
    businessReview: { on: '2026-10-22', outcome: 'Verksamheten tillstyrker' },
    costAnalysis: { on: '2026-10-25', summary: 'Lägre driftkostnad', internalCostsRemain: false },
  };
  const cases: [string, Partial<CloudMove>, 'agreement' | 'cost_description', string[]][] = [
    ['everything recorded', {}, 'cost_description', []],
    ['no classification', { classification: null }, 'agreement', ['classification']],
    [
      'traceability not classified',
      { classification: { ...complete.classification!, levels: { ...complete.classification!.levels, traceability: undefined } } },
      'agreement',
      ['classification.levels'],
    ],
    [
      'no KLASSA version or participants',
      { classification: { ...complete.classification!, klassaVersion: '', participants: [] } },
      'agreement',
      ['classification.klassaVersion', 'classification.participants'],
    ],
    ['no security analysis', { securityAnalysis: null }, 'agreement', ['securityAnalysis']],
    ['no legal review', { legalReview: null }, 'agreement', ['legalReview']],
    ['no business review', { businessReview: null }, 'agreement', ['businessReview']],
    ['no cost analysis', { costAnalysis: null }, 'agreement', ['costAnalysis']],
    [
      'internal costs remain, only a cost description',
      { costAnalysis: { ...complete.costAnalysis!, internalCostsRemain: true } },
      'cost_description',
      ['kind'],
    ],
    ['internal costs remain, with a full agreement', { costAnalysis: { ...complete.costAnalysis!, internalCostsRemain: true } }, 'agreement', []],
    [
      'nothing recorded',
      { classification: null, securityAnalysis: null, legalReview: null, businessReview: null, costAnalysis: null },
      'agreement',
      ['classification', 'securityAnalysis', 'legalReview', 'businessReview', 'costAnalysis'],
    ],
  ];
  for (const [name, change, kind, fields] of cases) {
    test(name, () =>
      assert.deepEqual(
        cloudGateProblems({ ...complete, ...change }, kind).map((p) => p.field),
        fields,
      ),
    );
  }
  test('the missing aspect is named in Swedish', () => {
    const levels = { ...complete.classification!.levels, traceability: undefined };
    assert.equal(
      cloudGateProblems({ ...complete, classification: { ...complete.classification!, levels } }, 'agreement')[0]?.reasonSv,
      'ange KLASSA-nivå för spårbarhet',
    );
  });
});
