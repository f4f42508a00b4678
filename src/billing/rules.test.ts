import assert from 'node:assert/strict';
import { ZMissionDocument } from '../mission/document.ts';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from '../mission/default-2023.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { ApplicationStatus } from '../agreements/rules.ts';
import type { CostDriver } from '../agreements/rules.ts';
import {
  agreementCharges,
  periodicFeeCharges,
  withoutAgreementMonths,
  type SubjectChange,
  type AgreementBillingInput,
  applicationYears,
  assetCharges,
  assetDescription,
  assetRentRule,
  billingConfig,
  bulkAssetPrices,
  chargedMonths,
  compareLines,
  correctionWindow,
  diffRuns,
  hintsOf,
  isPlainPeriod,
  monthlyShare,
  onCallCharge,
  orderLineCharge,
  plainPeriodBounds,
  priceBook,
  reconcile,
  roundDiv,
  listPriceOf,
  runActionProblems,
  runDecision,
  runOrderProblems,
  runPolicy,
  splitEvenly,
  subscriptionQuantityUnit,
  runScope,
  shortTermCharges,
  subscriptionCharges,
  totals,
  type AssetInput,
  type Charge,
  type PartMonthRule,
  PART_MONTH_RULES,
  type PeriodInput,
  type PriceItem,
  type RunLine,
  type RunScope,
} from './rules.ts';
import { addMonthsYm, monthRange, type YearMonth } from '../calendar/dates.ts';

const cfg = billingConfig(MISSION_2023);
const sub2020 = { id: 's1', unitId: 'U', articleCode: 'APP-1', label: 'Procapita', quantity: 1, startsOn: '2020-05-01' };

const item = (o: Partial<PriceItem> & Pick<PriceItem, 'articleCode'>): PriceItem => ({
  serviceCode: 'datorarbetsplats',
  name: 'Datorarbetsplats',
  billingModel: 'monthly_rental',
  purchasePrice: null,
  monthlyFee: null,
  weeklyFee: null,
  hourlyRate: null,
  yearlyFee: null,
  validFrom: '2023-01-01',
  validTo: '2023-12-31',
  ...o,
});

/** The 2023 and 2024 lists: the computer's rent goes up at new year (R-4.1: prices per year). */
const ITEMS: PriceItem[] = [
  item({ articleCode: 'DAP-1', monthlyFee: 45_000 }),
  item({ articleCode: 'DAP-1', monthlyFee: 47_500, validFrom: '2024-01-01', validTo: '2024-12-31' }),
  item({ articleCode: 'KORT-1', serviceCode: 'korttidshyra', name: 'Korttidshyra bärbar dator', billingModel: 'weekly_rental', weeklyFee: 25_000 }),
  item({ articleCode: 'BER-1', serviceCode: 'it-beredskap', name: 'It-beredskap', billingModel: 'hourly', hourlyRate: 95_000 }),
  item({ articleCode: 'APP-1', serviceCode: 'applikationer', name: 'Applikation', billingModel: 'application_fee', yearlyFee: 1_200_001 }),
  item({
    articleCode: 'APP-1',
    serviceCode: 'applikationer',
    name: 'Applikation',
    billingModel: 'application_fee',
    yearlyFee: 1_200_001,
    validFrom: '2024-01-01',
    validTo: '2024-12-31',
  }),
  item({
    articleCode: 'APP-1',
    serviceCode: 'applikationer',
    name: 'Applikation',
    billingModel: 'application_fee',
    yearlyFee: 1_200_001,
    validFrom: '2025-01-01',
    validTo: '2025-12-31',
  }),
  item({ articleCode: 'STOD-1', serviceCode: 'it-stod', name: 'It-stöd', billingModel: 'monthly_fee', monthlyFee: 12_345 }),
  item({ articleCode: 'CEN-1', serviceCode: 'central-kostnad', name: 'Central kostnad', billingModel: 'central_cost', yearlyFee: 150_000_000 }),
];
const book = priceBook(ITEMS);

const asset = (periods: PeriodInput[], o: Partial<AssetInput> = {}): AssetInput => ({
  id: 'a1',
  serial: 'SN1',
  articleCode: 'DAP-1',
  serviceCode: 'datorarbetsplats',
  model: 'Lenovo T14',
  periods,
  ...o,
});
const months2023 = monthRange('2023-01', '2023-12');
const charged = (a: AssetInput, months = months2023, rule: PartMonthRule = cfg.partMonth) =>
  assetCharges(a, months, book, { partMonth: rule }).charges.map((c) => `${c.unitId} ${c.month} ${c.amountOre}`);

describe('R-6.2 schedules: what a run charges', () => {
  const scope = (municipality: string, month: string) => {
    const r = runScope(MISSION_2023, municipality, month);
    return r.ok ? r.scope : r.problems;
  };
  const cases: [string, string, Partial<RunScope> | string][] = [
    [
      'tranemo',
      '2023-01',
      { periodicMonths: ['2023-01', '2023-02', '2023-03', '2023-04'], centralYear: 2023, continuousBefore: '2023-01-01', internal: false },
    ],
    ['tranemo', '2023-05', { periodicMonths: ['2023-05', '2023-06', '2023-07', '2023-08'], centralYear: null }],
    ['tranemo', '2023-09', { periodicMonths: ['2023-09', '2023-10', '2023-11', '2023-12'], centralYear: null }],
    ['tranemo', '2023-03', 'month'],
    ['ulricehamn', '2023-03', { periodicMonths: ['2023-03'], centralYear: null, continuousBefore: '2023-03-01', internal: true }],
    ['ulricehamn', '2023-01', { periodicMonths: ['2023-01'], centralYear: 2023 }],
    ['ulricehamn', '2023-12', { periodicMonths: ['2023-12'] }],
    ['ulricehamn', '2023-13', 'month'],
    ['borås', '2023-01', 'municipality'],
  ];
  for (const [m, month, want] of cases) {
    test(`${m} ${month}`, () => {
      const got = scope(m, month);
      if (typeof want === 'string') {
        assert.ok(Array.isArray(got));
        assert.equal(got[0]?.field, want);
        assert.ok(got[0]?.reasonSv);
      } else {
        assert.ok(!Array.isArray(got));
        for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof RunScope], v, k);
      }
    });
  }

  test('property: over a year, each municipality charges every periodic month exactly once', () => {
    for (const m of ['tranemo', 'ulricehamn']) {
      const months = monthRange('2023-01', '2023-12').flatMap((mo) => {
        const r = runScope(MISSION_2023, m, mo);
        return r.ok ? r.scope.periodicMonths : [];
      });
      assert.deepEqual(months, monthRange('2023-01', '2023-12'), m);
    }
  });
});

/** Consecutive billing periods of one asset in units A–C, the last one open or not. */
const periodChain = fc
  .tuple(
    fc.integer({ min: 0, max: 700 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.constantFrom('A', 'B', 'C'), fc.constantFrom('active' as const, 'early_return' as const)), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.boolean(),
  )
  .map(([startOffset, steps, open]) => {
    let day = Date.UTC(2022, 0, 1) + startOffset * 86_400_000;
    const periods: PeriodInput[] = [];
    for (const [len, unitId, basis] of steps) {
      const from = new Date(day).toISOString().slice(0, 10);
      day += len * 86_400_000;
      periods.push({ unitId, from, to: new Date(day).toISOString().slice(0, 10), basis });
    }
    if (open) (periods[periods.length - 1] as PeriodInput).to = null;
    return periods;
  });

describe('R-6.4 part-month rule (default: from the month after delivery through the month of return)', () => {
  const cases: [string, PeriodInput[], PartMonthRule, string[]][] = [
    [
      'delivered on the 1st: from the next month',
      [{ unitId: 'U', from: '2023-03-01', to: null, basis: 'active' }],
      'from_month_after_start',
      monthRange('2023-04', '2023-12'),
    ],
    [
      'delivered on the 31st: from the next month',
      [{ unitId: 'U', from: '2023-03-31', to: null, basis: 'active' }],
      'from_month_after_start',
      monthRange('2023-04', '2023-12'),
    ],
    [
      'delivered on the 1st, start-month rule: that month',
      [{ unitId: 'U', from: '2023-03-01', to: null, basis: 'active' }],
      'from_start_month',
      monthRange('2023-03', '2023-12'),
    ],
    [
      'delivered on the 31st, start-month rule: that month',
      [{ unitId: 'U', from: '2023-03-31', to: null, basis: 'active' }],
      'from_start_month',
      monthRange('2023-03', '2023-12'),
    ],
    [
      'returned on the 10th: through that month',
      [{ unitId: 'U', from: '2023-03-15', to: '2023-06-10', basis: 'active' }],
      'from_month_after_start',
      ['2023-04', '2023-05', '2023-06'],
    ],
    [
      'returned on the 1st: through that month',
      [{ unitId: 'U', from: '2023-03-15', to: '2023-07-01', basis: 'active' }],
      'from_month_after_start',
      ['2023-04', '2023-05', '2023-06', '2023-07'],
    ],
    [
      'delivered and returned in the same month: nothing',
      [{ unitId: 'U', from: '2023-03-02', to: '2023-03-30', basis: 'active' }],
      'from_month_after_start',
      [],
    ],
    [
      'delivered and returned in the same month, start-month rule: nothing',
      [{ unitId: 'U', from: '2023-03-02', to: '2023-03-30', basis: 'active' }],
      'from_start_month',
      [],
    ],
  ];
  for (const [name, periods, rule, want] of cases) {
    test(name, () =>
      assert.deepEqual(
        charged(asset(periods), months2023, rule).map((s) => s.split(' ')[1]),
        want,
      ),
    );
  }

  test('return and reassignment in the same month: the early-return unit pays that month once, the next unit from the month after', () => {
    // Returned early 2023-05-05 (R-5.4: still billed to EKO), reassigned to SKOLA 2023-05-20.
    const a = asset([
      { unitId: 'EKO', from: '2023-02-10', to: '2023-05-05', basis: 'active' },
      { unitId: 'EKO', from: '2023-05-05', to: '2023-05-20', basis: 'early_return' },
      { unitId: 'SKOLA', from: '2023-05-20', to: null, basis: 'active' },
    ]);
    assert.deepEqual(charged(a, monthRange('2023-03', '2023-07')), [
      'EKO 2023-03 45000',
      'EKO 2023-04 45000',
      'EKO 2023-05 45000',
      'SKOLA 2023-06 45000',
      'SKOLA 2023-07 45000',
    ]);
  });

  test('early return is charged until reassignment and says so on the line (R-5.4)', () => {
    const a = asset([
      { unitId: 'EKO', from: '2023-02-10', to: '2023-05-05', basis: 'active' },
      { unitId: 'EKO', from: '2023-05-05', to: null, basis: 'early_return' },
    ]);
    const lines = assetCharges(a, ['2023-08'], book, cfg).charges;
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.rule, 'återlämnad i förtid: debiteras tills den omfördelas');
  });

  test('price change at new year: December at the old price, January at the new', () => {
    const a = asset([{ unitId: 'U', from: '2022-06-15', to: null, basis: 'active' }]);
    assert.deepEqual(charged(a, ['2023-12', '2024-01']), ['U 2023-12 45000', 'U 2024-01 47500']);
  });

  test('a month without a price is a warning, not a zero line', () => {
    const r = assetCharges(asset([{ unitId: 'U', from: '2024-06-15', to: null, basis: 'active' }]), ['2025-01'], book, cfg);
    assert.equal(r.charges.length, 0);
    assert.match(r.warnings[0]?.reasonSv ?? '', /saknar månadsavgift 2025-01-01/);
  });

  test('an asset without an article is a warning', () => {
    const r = assetCharges(asset([{ unitId: 'U', from: '2023-01-15', to: null, basis: 'active' }], { articleCode: null }), ['2023-05'], book, cfg);
    assert.deepEqual([r.charges.length, r.warnings.length], [0, 1]);
  });

  test('property: consecutive periods never charge a month twice and leave no month between them uncharged', () => {
    fc.assert(
      fc.property(periodChain, fc.constantFrom<PartMonthRule>('from_month_after_start', 'from_start_month'), (periods, rule) => {
        const months = monthRange('2021-12', '2025-12');
        const all = periods.flatMap((p) => chargedMonths(p, rule, months));
        assert.equal(new Set(all).size, all.length, 'a month charged twice');
        const first = periods[0] as PeriodInput;
        const last = periods[periods.length - 1] as PeriodInput;
        const span = chargedMonths({ from: first.from, to: last.to }, rule, months);
        assert.deepEqual([...all].sort(), span, 'the chain charges what one period over the whole span would');
      }),
    );
  });

  test('property: never charged for a month the asset was not billed in at all (R-6.4)', () => {
    fc.assert(
      fc.property(periodChain, (periods) => {
        for (const c of assetCharges(asset(periods), monthRange('2021-12', '2025-12'), book, cfg).charges) {
          const monthStart = `${c.month}-01`;
          const monthEnd = `${c.month}-31`;
          assert.ok(
            periods.some((p) => p.unitId === c.unitId && p.from <= monthEnd && (p.to === null || p.to >= monthStart)),
            `${c.month} charged to ${c.unitId} without a billing period touching it`,
          );
        }
      }),
    );
  });
});

describe('decision 0006: what the database may charge in bulk', () => {
  const period = (from: string, to: string | null, basis: PeriodInput['basis'] = 'active'): PeriodInput => ({ unitId: 'U', from, to, basis });
  // Ulricehamn's March, and Tranemo's first tertial (January–April).
  const cases: [string, PeriodInput, YearMonth[], boolean][] = [
    ['delivered the last day of the month before', period('2023-02-28', null), ['2023-03'], true],
    ['delivered the first day of the month', period('2023-03-01', null), ['2023-03'], false],
    ['returned the first day of the next month', period('2022-05-02', '2023-04-01'), ['2023-03'], true],
    ['returned the last day of the month', period('2022-05-02', '2023-03-31'), ['2023-03'], false],
    ['returned early, still charged until reassigned (R-5.4), with its own rule', period('2022-05-02', null, 'early_return'), ['2023-03'], false],
    ['a tertial: delivered in December, open', period('2022-12-31', null), ['2023-01', '2023-02', '2023-03', '2023-04'], true],
    ['a tertial: returned in April', period('2022-12-31', '2023-04-15'), ['2023-01', '2023-02', '2023-03', '2023-04'], false],
  ];
  for (const [label, p, months, plain] of cases) {
    test(`${label}: ${plain ? 'ordinary' : 'left to the rules'}`, () => assert.equal(isPlainPeriod(p, months), plain));
  }
  test('no months, no bounds', () => assert.equal(plainPeriodBounds([]), undefined));

  test('property: an ordinary period is charged every month under either part-month rule, one line each at the monthly fee', () => {
    let priced = 0;
    fc.assert(
      fc.property(
        periodChain,
        fc.integer({ min: 12, max: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<PartMonthRule>('from_month_after_start', 'from_start_month'),
        (periods, offset, n, rule) => {
          const months = monthRange(addMonthsYm('2022-01', offset), addMonthsYm('2022-01', offset + n - 1));
          for (const p of periods.filter((q) => isPlainPeriod(q, months))) {
            assert.deepEqual(chargedMonths(p, rule, months), months);
            const lines = assetCharges(asset([p]), months, book, { partMonth: rule }).charges;
            const prices = new Map(
              bulkAssetPrices(book, new Set(['KORT-1']), months)
                .filter((b) => b.articleCode === 'DAP-1')
                .map((b) => [b.month, b]),
            );
            if (prices.size < months.length) continue; // not priced every month: the rules warn, the bulk path leaves it alone
            priced++;
            assert.deepEqual(
              lines.map((l) => [l.month, l.amountOre, l.description, l.rule]),
              months.map((m) => [m, prices.get(m)?.monthlyFee, assetDescription(prices.get(m)?.name ?? '', 'Lenovo T14'), assetRentRule(rule)]),
            );
          }
        },
      ),
    );
    assert.ok(priced > 5, `only ${priced} ordinary priced periods were generated`);
  });

  test('prices: an article priced every month is offered with each month’s fee (a price change at new year), a short-term rental or a month without a fee is not', () => {
    const across = bulkAssetPrices(book, new Set(['KORT-1']), ['2023-12', '2024-01']);
    assert.deepEqual(
      across.map((b) => [b.articleCode, b.month, b.monthlyFee]),
      [
        ['DAP-1', '2023-12', 45_000],
        ['DAP-1', '2024-01', 47_500],
      ],
    );
    // STOD-1 has a monthly fee in 2023 only; 2024 lacks it, so it is left to the rules (which warn).
    assert.deepEqual(
      bulkAssetPrices(book, new Set(['KORT-1']), ['2023-06'])
        .map((b) => b.articleCode)
        .sort(),
      ['DAP-1', 'STOD-1'],
    );
    assert.deepEqual(bulkAssetPrices(book, new Set(), ['2025-01']), []);
  });
});

describe('short-term rental: at least a week, per started week (R-4.1)', () => {
  const rental = (from: string, to: string | null) =>
    asset([{ unitId: 'U', from, to, basis: 'active' }], { id: 'k1', serial: 'KORT7', articleCode: 'KORT-1', serviceCode: 'korttidshyra' });
  const cases: [string, string | null, number | null][] = [
    ['2023-03-01', '2023-03-03', 1],
    ['2023-03-01', '2023-03-08', 1],
    ['2023-03-01', '2023-03-09', 2],
    ['2023-03-01', '2023-03-22', 3],
    ['2023-03-01', null, null],
    ['2023-03-20', '2023-04-02', null],
  ];
  for (const [from, to, weeks] of cases) {
    test(`${from} – ${to ?? 'open'}: ${weeks ?? 'not yet'}`, () => {
      const r = shortTermCharges(rental(from, to), '2023-04-01', book, cfg);
      assert.deepEqual(
        r.charges.map((c) => [c.quantity, c.amountOre, c.group]),
        weeks === null ? [] : [[weeks, weeks * 25_000, 'continuous']],
      );
    });
  }
});

describe('continuous items (R-6.1) and on-call time (R-3.6)', () => {
  const line = {
    id: 'l1',
    orderNumber: 'IT-2023-00042',
    position: 1,
    unitId: 'U',
    articleCode: 'TILL-1',
    description: 'Dockningsstation',
    quantity: 3,
    purchasePrice: 199_000,
    hourlyRate: null,
    deliveredOn: '2023-03-31',
  };
  test('accessories: quantity × purchase price in the delivery month', () => {
    const [c] = orderLineCharge({ ...line, billingModel: 'one_off' }).charges;
    assert.deepEqual([c?.amountOre, c?.month, c?.group, c?.quantityUnit], [597_000, '2023-03', 'continuous', 'piece']);
  });
  test('hours ordered: quantity × hourly rate', () => {
    const [c] = orderLineCharge({ ...line, billingModel: 'hourly', quantity: 2, purchasePrice: null, hourlyRate: 65_000 }).charges;
    assert.equal(c?.amountOre, 130_000);
  });
  test('a rental line is charged through its asset, not here', () => {
    assert.deepEqual(orderLineCharge({ ...line, billingModel: 'monthly_rental' }), { charges: [], warnings: [] });
  });
  test('a purchase without a price warns', () => {
    assert.equal(orderLineCharge({ ...line, billingModel: 'one_off', purchasePrice: null }).warnings.length, 1);
  });

  const entry = { id: 't1', ticketNumber: 'IT-2023-00007', unitId: 'U', startedOn: '2023-02-11', billableMinutes: 30 };
  const onCallCases: [number, number][] = [
    [30, 47_500],
    [60, 95_000],
    [90, 142_500],
  ];
  for (const [minutes, ore] of onCallCases) {
    test(`on-call ${minutes} billable minutes → ${ore} öre`, () => {
      assert.equal(onCallCharge({ ...entry, billableMinutes: minutes }, ITEMS, cfg).charges[0]?.amountOre, ore);
    });
  }
  test('on-call time without a unit, or without a price, is a warning', () => {
    assert.equal(onCallCharge({ ...entry, unitId: null }, ITEMS, cfg).warnings.length, 1);
    assert.equal(onCallCharge({ ...entry, startedOn: '2026-01-01' }, ITEMS, cfg).warnings.length, 1);
  });
  test('rounding half up to whole öre', () => {
    assert.deepEqual([roundDiv(1, 2), roundDiv(3, 2), roundDiv(1, 3), roundDiv(2, 3), roundDiv(-1, 2)], [1, 2, 0, 1, -1]);
  });
});

describe('R-6.5 applications: from the year after start; terminated by 30 April, not billed the next year', () => {
  const cases: [string, string | null, { from: number; through: number | null }][] = [
    ['2023-06-01', null, { from: 2024, through: null }],
    ['2023-01-01', null, { from: 2024, through: null }],
    ['2020-05-01', '2024-04-30', { from: 2021, through: 2024 }],
    ['2020-05-01', '2024-05-01', { from: 2021, through: 2025 }],
    ['2020-05-01', '2024-01-01', { from: 2021, through: 2024 }],
    ['2020-05-01', '2024-12-31', { from: 2021, through: 2025 }],
  ];
  for (const [start, end, want] of cases) {
    test(`started ${start}, terminated ${end ?? 'never'}`, () => assert.deepEqual(applicationYears(start, end, cfg.applicationDeadline), want));
  }

  const sub = { id: 's1', unitId: 'U', articleCode: 'APP-1', label: 'Procapita', quantity: 1, startsOn: '2020-05-01' };
  const billedMonths = (endsOn: string | null) => subscriptionCharges({ ...sub, endsOn }, monthRange('2025-01', '2025-12'), null, book, cfg).charges.length;
  test('terminated 30 April 2024: nothing in 2025', () => assert.equal(billedMonths('2024-04-30'), 0));
  test('terminated 1 May 2024: all of 2025', () => assert.equal(billedMonths('2024-05-01'), 12));
  test('a new application is not billed in its first year', () => {
    assert.equal(subscriptionCharges({ ...sub, startsOn: '2023-03-01', endsOn: null }, months2023, null, book, cfg).charges.length, 0);
  });
  test('property: twelve monthly shares sum exactly to the yearly fee', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (fee) => {
        const shares = Array.from({ length: 12 }, (_, i) => monthlyShare(fee, i + 1));
        assert.equal(
          shares.reduce((s, x) => s + x, 0),
          fee,
        );
        assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
      }),
    );
  });
});

describe('issue 18: an application agreement charges its paying units their shares (R-6.5, R-7.3)', () => {
  const drivers = [
    { code: 'server', label: 'Virtuell server', unit: 'st', heading: 'server' as const, unitPriceOre: 1_200_000 },
    { code: 'gb', label: 'Lagring', unit: 'GB', heading: 'storage' as const, unitPriceOre: 250 },
  ];
  const dearer = drivers.map((d) => (d.code === 'gb' ? { ...d, unitPriceOre: 325 } : d));
  const modelOf = (year: number) => (year === 2025 ? drivers : year === 2026 ? dearer : null);
  const app: AgreementBillingInput = {
    applicationId: 'app1',
    name: 'Skolplattform',
    status: 'active',
    startsOn: '2023-03-01',
    terminatedOn: null,
    quantities: { server: 2, gb: 1_000 },
    split: {
      mode: 'share',
      units: [
        { unitId: 'A', shareBp: 4_000 },
        { unitId: 'B', shareBp: 6_000 },
      ],
    },
  };
  const year = (a: AgreementBillingInput, y: number) => agreementCharges(a, monthRange(`${y}-01`, `${y}-12`), modelOf, cfg);
  const sumFor = (charges: readonly Charge[], unitId: string) => charges.filter((c) => c.unitId === unitId).reduce((s, c) => s + c.amountOre, 0);

  test('each unit pays its share of the year’s cost, spread over twelve months, summing exactly', () => {
    const { charges, warnings } = year(app, 2025);
    assert.deepEqual(warnings, []);
    // 2 × 12 000 kr + 1 000 GB × 2,50 kr = 26 500 kr: A 40 % = 10 600 kr, B 60 % = 15 900 kr.
    assert.equal(sumFor(charges, 'A'), 1_060_000);
    assert.equal(sumFor(charges, 'B'), 1_590_000);
    assert.equal(charges.length, 24);
    assert.equal(new Set(charges.map((c) => c.key)).size, 24);
    assert.ok(charges.every((c) => c.source === 'application' && c.articleCode === cfg.agreementArticleCode && c.rule.includes('40 %') === (c.unitId === 'A')));
  });
  test('next year’s model: the units pay exactly their shares of the new cost', () => {
    const { charges } = year(app, 2026);
    // 24 000 kr + 1 000 GB × 3,25 kr = 27 250 kr: 10 900 kr and 16 350 kr.
    assert.deepEqual([sumFor(charges, 'A'), sumFor(charges, 'B')], [1_090_000, 1_635_000]);
  });

  const r65: [string, string, ApplicationStatus, string | null, number, number][] = [
    // name, startsOn, status, terminatedOn, year, months charged
    ['started 2024: not in its first year', '2024-03-01', 'active', null, 2024, 0],
    ['started 2024: all of 2025', '2024-03-01', 'active', null, 2025, 12],
    ['started 31 December 2024: all of 2025', '2024-12-31', 'active', null, 2025, 12],
    ['terminated 30 April 2025: all of 2025', '2020-01-01', 'terminated', '2025-04-30', 2025, 12],
    ['terminated 30 April 2025: nothing in 2026', '2020-01-01', 'terminated', '2025-04-30', 2026, 0],
    ['terminated 1 May 2025: all of 2026 still', '2020-01-01', 'terminated', '2025-05-01', 2026, 12],
    ['terminated 1 May 2025: nothing in 2027', '2020-01-01', 'terminated', '2025-05-01', 2027, 0],
    ['moved to cloud with internal costs left: still charged', '2020-01-01', 'cloud', null, 2025, 12],
    ['in preparation: nothing', '2020-01-01', 'in_preparation', null, 2025, 0],
  ];
  for (const [name, startsOn, status, terminatedOn, y, months] of r65) {
    test(`R-6.5 ${name}`, () => {
      const models = (yy: number) => (yy >= 2024 ? drivers : null);
      const { charges } = agreementCharges({ ...app, startsOn, status, terminatedOn }, monthRange(`${y}-01`, `${y}-12`), models, cfg);
      assert.equal(new Set(charges.map((c) => c.month)).size, months);
    });
  }

  test('warnings instead of charges: shares not 100 %, no agreement, no cost, no model', () => {
    const split = { mode: 'share' as const, units: [{ unitId: 'A', shareBp: 9_000 }] };
    const cases: [AgreementBillingInput, number, RegExp][] = [
      [{ ...app, split }, 2025, /andelar blir 90 % i stället för 100 %/],
      [{ ...app, quantities: null }, 2025, /saknar avtal/],
      [{ ...app, quantities: {} }, 2025, /kostar ingenting enligt schablonmodellen för 2025/],
      [app, 2027, /ingen schablonmodell för 2027/],
    ];
    for (const [input, y, message] of cases) {
      const { charges, warnings } = year(input, y);
      assert.equal(charges.length, 0);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.reasonSv ?? '', message);
    }
  });
  test('a subscription typed by hand for the application is dropped for the months the agreement charges', () => {
    const fee = subscriptionCharges({ ...sub2020, endsOn: null }, monthRange('2025-01', '2025-12'), null, book, cfg).charges;
    const agreementMonths = new Set(year(app, 2025).charges.map((c) => c.month));
    assert.deepEqual(withoutAgreementMonths(fee, agreementMonths), []);
    assert.equal(withoutAgreementMonths(fee, new Set(['2025-01'])).length, 11);
  });
  test('a typed fee that billed months the agreement could not is credited when the agreement takes them over: never both', () => {
    const linked = { ...sub2020, endsOn: null, unitId: 'A', applicationId: app.applicationId };
    const tertial = (from: YearMonth) => monthRange(from, addMonthsYm(from, 3));
    const run = (
      coverage: YearMonth[],
      lookback: YearMonth[],
      models: (y: number) => readonly CostDriver[] | null,
      changedApp: boolean,
      billed: Map<string, { amountOre: number; charge: Charge }>,
    ) => {
      const changed = new Map<string, SubjectChange>();
      const expected = periodicFeeCharges({
        applications: [{ ...app, changedOn: changedApp ? { kind: 'application_change', on: '2025-05-02', unitName: null } : null }],
        subscriptions: [linked],
        changed,
        coverage,
        lookback,
        centralYear: null,
        book,
        driversOfYear: models,
        cfg,
      });
      // As the store reads it: what was billed for the run's months, and for changed subjects over the lookback.
      const inScope = new Map(
        [...billed].filter(([, b]) => coverage.includes(b.charge.month) || (changed.has(b.charge.subjectId) && lookback.includes(b.charge.month))),
      );
      return reconcile(expected.charges, inScope, { runMonth: coverage[0] ?? '2025-01', periodicMonths: coverage });
    };
    // January: no cost model for 2025 yet, so the typed fee charges January–April.
    const billed = billedOf(run(tertial('2025-01'), [], () => null, false, new Map()));
    assert.ok([...billed.values()].every((b) => b.charge.subjectId === linked.id));
    // May: finance made the model and the agreement was revised; May's run takes January–April over.
    billedOf(run(tertial('2025-05'), tertial('2025-01'), modelOf, true, billed), billed);
    const perMonth = new Map<string, Map<string, number>>();
    for (const b of billed.values()) {
      const bySubject = perMonth.get(b.charge.month) ?? new Map<string, number>();
      bySubject.set(b.charge.subjectId, (bySubject.get(b.charge.subjectId) ?? 0) + b.amountOre);
      perMonth.set(b.charge.month, bySubject);
    }
    const agreement = year(app, 2025).charges;
    for (const month of monthRange('2025-01', '2025-08')) {
      const owed = agreement.filter((c) => c.month === month).reduce((sum, c) => sum + c.amountOre, 0);
      assert.equal(perMonth.get(month)?.get(linked.id) ?? 0, 0, `${month}: the typed fee is credited`);
      assert.equal(perMonth.get(month)?.get(app.applicationId), owed, `${month}: the agreement's months`);
    }
  });
  test('property: for any quantities and shares the units’ months sum to the agreement’s yearly cost', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (servers, gb, users) => {
          const input: AgreementBillingInput = {
            ...app,
            quantities: { server: servers, gb },
            split: { mode: 'per_user', units: users.map((u, i) => ({ unitId: `U${i}`, users: u })) },
          };
          const total = servers * 1_200_000 + gb * 250;
          assert.equal(
            year(input, 2025).charges.reduce((s, c) => s + c.amountOre, 0),
            total,
          );
        },
      ),
    );
  });
});

describe('subscriptions: monthly services and the central cost (R-6.2)', () => {
  test('IT support by the part-month rule', () => {
    const r = subscriptionCharges(
      { id: 's2', unitId: 'U', articleCode: 'STOD-1', label: 'It-stöd', quantity: 4, startsOn: '2023-02-15', endsOn: '2023-05-10' },
      months2023,
      null,
      book,
      cfg,
    );
    assert.deepEqual(
      r.charges.map((c) => [c.month, c.amountOre]),
      [
        ['2023-03', 49_380],
        ['2023-04', 49_380],
        ['2023-05', 49_380],
      ],
    );
  });
  test('a yearly fee per user (IT support) is spread over the charged months', () => {
    const r = subscriptionCharges(
      { id: 's4', unitId: 'U', articleCode: 'ITSTOD-ANV', label: 'It-stöd', quantity: 10, startsOn: '2022-12-01', endsOn: null },
      months2023,
      null,
      priceBook([...ITEMS, item({ articleCode: 'ITSTOD-ANV', serviceCode: 'it-stod', name: 'It-stöd', billingModel: 'yearly_fee', yearlyFee: 240_000 })]),
      cfg,
    );
    assert.equal(r.charges.length, 12);
    assert.equal(
      r.charges.reduce((s, c) => s + c.amountOre, 0),
      2_400_000,
    );
    assert.ok(r.charges.every((c) => c.source === 'subscription' && c.group === 'periodic'));
  });
  test('the central cost once, in the central-cost run, never monthly', () => {
    const s = { id: 's3', unitId: 'KS', articleCode: 'CEN-1', label: 'Central kostnad', quantity: 1, startsOn: '2020-01-01', endsOn: null };
    assert.deepEqual(
      subscriptionCharges(s, ['2023-01', '2023-02'], 2023, book, cfg).charges.map((c) => [c.source, c.amountOre, c.group]),
      [['central', 150_000_000, 'central']],
    );
    assert.equal(subscriptionCharges(s, ['2023-02'], null, book, cfg).charges.length, 0);
  });
});

const sorted = <T extends Parameters<typeof compareLines>[0]>(ls: T[]): T[] => [...ls].sort(compareLines);

describe('R-6.6 reconciling with what approved runs billed', () => {
  const scope: Pick<RunScope, 'periodicMonths' | 'runMonth'> = { runMonth: '2023-05', periodicMonths: ['2023-05', '2023-06', '2023-07', '2023-08'] };
  const a = asset([{ unitId: 'U', from: '2022-12-10', to: null, basis: 'active' }]);
  const jan = assetCharges(a, ['2023-01', '2023-02', '2023-03', '2023-04'], book, cfg).charges;

  test('a tertial billed in advance and a return in February: March and April credited in the next run, with the reason', () => {
    const returned = asset([{ unitId: 'U', from: '2022-12-10', to: '2023-02-10', basis: 'active' }]);
    const expected = assetCharges(returned, ['2023-01', '2023-02', '2023-03', '2023-04', ...scope.periodicMonths], book, cfg).charges;
    const billed = new Map(jan.map((c) => [c.key, { amountOre: c.amountOre, charge: c }]));
    const lines = sorted(reconcile(expected, billed, scope, new Map([['a1', 'återlämnad 2023-02-10']])));
    assert.deepEqual(
      lines.map((l) => [l.kind, l.month, l.amountOre, l.reason]),
      [
        ['correction', '2023-03', -45_000, 'återlämnad 2023-02-10'],
        ['correction', '2023-04', -45_000, 'återlämnad 2023-02-10'],
      ],
    );
  });

  test('a delivery registered late into a month already invoiced is a debit correction', () => {
    const late = assetCharges(a, ['2023-04', ...scope.periodicMonths], book, cfg).charges;
    const lines = sorted(reconcile(late, new Map(), scope));
    assert.deepEqual(
      lines.map((l) => [l.kind, l.month]),
      [
        ['correction', '2023-04'],
        ['charge', '2023-05'],
        ['charge', '2023-06'],
        ['charge', '2023-07'],
        ['charge', '2023-08'],
      ],
    );
  });

  test('a move recorded after the tertial was invoiced: the old unit is credited, the new one debited', () => {
    const moved = asset([
      { unitId: 'U', from: '2022-12-10', to: '2023-02-10', basis: 'active' },
      { unitId: 'V', from: '2023-02-10', to: null, basis: 'active' },
    ]);
    const expected = assetCharges(moved, ['2023-01', '2023-02', '2023-03', '2023-04'], book, cfg).charges;
    const billed = new Map(jan.map((c) => [c.key, { amountOre: c.amountOre, charge: c }]));
    const lines = sorted(reconcile(expected, billed, scope, new Map([['a1', 'flyttad 2023-02-10']])));
    assert.deepEqual(
      lines.map((l) => [l.unitId, l.month, l.amountOre]),
      [
        ['U', '2023-03', -45_000],
        ['U', '2023-04', -45_000],
        ['V', '2023-03', 45_000],
        ['V', '2023-04', 45_000],
      ],
    );
    assert.ok(lines.every((l) => l.kind === 'correction' && l.reason === 'flyttad 2023-02-10'));
  });

  test('a key computed twice is a programming error, not a double bill', () => {
    assert.throws(() => reconcile([...jan, ...jan], new Map(), scope), /computed twice/);
  });
});

/** Random charges of a few subjects over a few months, as a run would compute them. */
const chargesArb = fc
  .array(
    fc.record({
      subject: fc.constantFrom('a1', 'a2', 'a3', 'a4'),
      unitId: fc.constantFrom('U1', 'U2', 'U3'),
      month: fc.constantFrom('2023-03', '2023-04', '2023-05', '2023-06'),
      price: fc.constantFrom(45_000, 47_500, 12_345),
    }),
    { maxLength: 20 },
  )
  .map((rows) => {
    const byKey = new Map<string, Charge>();
    for (const r of rows) {
      const key = `asset:${r.subject}:DAP-1:${r.month}`;
      byKey.set(key, {
        key,
        unitId: r.unitId,
        source: 'asset',
        group: 'periodic',
        subjectId: r.subject,
        subjectLabel: r.subject,
        articleCode: 'DAP-1',
        description: 'Dator',
        month: r.month,
        quantity: 1,
        quantityUnit: 'month',
        unitPriceOre: r.price,
        amountOre: r.price,
        rule: '',
      });
    }
    return [...byKey.values()];
  });

function billedOf(lines: readonly RunLine[], into = new Map<string, { amountOre: number; charge: Charge }>()) {
  for (const l of lines) {
    const b = into.get(l.key);
    into.set(l.key, { amountOre: (b?.amountOre ?? 0) + l.amountOre, charge: l });
  }
  return into;
}

describe('properties of runs (issue 8 Tests)', () => {
  const scope: Pick<RunScope, 'periodicMonths' | 'runMonth'> = { runMonth: '2023-05', periodicMonths: ['2023-05', '2023-06'] };

  test('a run equals the sum of its lines, per unit and in all', () => {
    fc.assert(
      fc.property(chargesArb, (expected) => {
        const lines = reconcile(expected, new Map(), scope);
        const t = totals(lines);
        assert.equal(
          t.totalOre,
          lines.reduce((s, l) => s + l.amountOre, 0),
        );
        assert.equal(
          [...t.byUnit.values()].reduce((s, x) => s + x, 0),
          t.totalOre,
        );
        assert.equal(
          t.totalOre,
          expected.reduce((s, c) => s + c.amountOre, 0),
        );
      }),
    );
  });

  test('re-running after approval changes nothing, and what was billed converges to what should be', () => {
    fc.assert(
      fc.property(chargesArb, chargesArb, (first, now) => {
        const billed = billedOf(reconcile(first, new Map(), scope));
        // The world changed (returns, moves): the next run corrects…
        const next = reconcile(now, billed, scope);
        billedOf(next, billed);
        for (const c of now) assert.equal(billed.get(c.key)?.amountOre, c.amountOre, c.key);
        for (const [key, b] of billed) if (!now.some((c) => c.key === key)) assert.equal(b.amountOre, 0, key);
        // …and running once more bills nothing.
        assert.deepEqual(reconcile(now, billed, scope), []);
      }),
    );
  });

  test('the diff between two runs explains every changed amount, per unit', () => {
    fc.assert(
      fc.property(chargesArb, chargesArb, (a, b) => {
        const previous = reconcile(a, new Map(), scope);
        const current = reconcile(b, billedOf(previous), scope);
        const changes = diffRuns(previous, current);
        const prevTotals = totals(previous).byUnit;
        const curTotals = totals(current).byUnit;
        for (const unit of new Set([...prevTotals.keys(), ...curTotals.keys()])) {
          const explained = changes.filter((c) => c.unitId === unit).reduce((s, c) => s + c.deltaOre, 0);
          assert.equal(explained, (curTotals.get(unit) ?? 0) - (prevTotals.get(unit) ?? 0), unit);
        }
        for (const c of changes) {
          assert.ok(c.reason.length > 0);
          assert.equal(c.deltaOre, c.currentOre - c.previousOre);
        }
      }),
    );
  });
});

describe('R-6.3 changes since the previous invoice, with reasons', () => {
  const line = (o: Partial<RunLine>): RunLine => ({
    key: 'k',
    unitId: 'U',
    source: 'asset',
    group: 'periodic',
    subjectId: 'a1',
    subjectLabel: 'SN1',
    articleCode: 'DAP-1',
    description: 'Dator',
    month: '2023-04',
    quantity: 1,
    quantityUnit: 'month',
    unitPriceOre: 45_000,
    amountOre: 45_000,
    rule: '',
    kind: 'charge',
    previouslyBilledOre: 0,
    reason: null,
    ...o,
  });
  test('added, removed and changed, with the reason the history gives or the numbers show', () => {
    const previous = [line({}), line({ subjectId: 'a2', subjectLabel: 'SN2' }), line({ subjectId: 'a3', subjectLabel: 'SN3' })];
    const current = [
      line({ unitPriceOre: 47_500, amountOre: 47_500 }),
      line({ subjectId: 'a3', subjectLabel: 'SN3', unitId: 'V' }),
      line({ subjectId: 'a4', subjectLabel: 'SN4' }),
    ];
    const changes = diffRuns(previous, current, new Map([['a3', 'flyttad till Skola 2023-04-12']]));
    assert.deepEqual(
      changes.map((c) => [c.unitId, c.subjectLabel, c.kind, c.deltaOre, c.reason]),
      [
        ['U', 'SN1', 'changed', 2_500, 'ändrat pris i prislistan'],
        ['U', 'SN2', 'removed', -45_000, 'utrustning debiteras inte längre'],
        ['U', 'SN3', 'removed', -45_000, 'flyttad till Skola 2023-04-12'],
        ['U', 'SN4', 'added', 45_000, 'ny utrustning'],
        ['V', 'SN3', 'added', 45_000, 'flyttad till Skola 2023-04-12'],
      ],
    );
  });
});

describe('R-6.3 reasons from what happened to a subject', () => {
  const cases: [string, string, string | null, string][] = [
    ['deliver', '2023-03-15', null, 'levererad 2023-03-15'],
    ['return', '2023-02-10', 'Skola', 'återlämnad 2023-02-10'],
    ['move', '2023-04-12', 'Skola', 'flyttad 2023-04-12 till Skola'],
    ['reassign', '2023-05-02', 'Ekonomi', 'omfördelad 2023-05-02 till Ekonomi'],
    ['move', '2023-04-12', null, 'flyttad 2023-04-12'],
    ['subscription_end', '2023-05-20', null, 'avslutad 2023-05-20'],
    ['something_new', '2023-01-01', null, 'something_new 2023-01-01'],
  ];
  for (const [kind, on, unitName, want] of cases) {
    test(`${kind} → ${want}`, () => assert.equal(hintsOf(new Map([['s', { kind, on, unitName }]])).get('s'), want));
  }
});

describe('R-6.6 how far back a run corrects', () => {
  const cases: [string, { runMonth: string; periodicMonths: string[] }, string | undefined, { from: string; months: string[] }][] = [
    ['no approved run yet: nothing', { runMonth: '2023-03', periodicMonths: ['2023-03'] }, undefined, { from: '2023-03', months: [] }],
    ['back to the first approved run', { runMonth: '2023-05', periodicMonths: ['2023-05'] }, '2023-03', { from: '2023-03', months: ['2023-03', '2023-04'] }],
    [
      'a tertial: the months before it',
      { runMonth: '2023-05', periodicMonths: ['2023-05', '2023-06', '2023-07', '2023-08'] },
      '2023-01',
      { from: '2023-01', months: ['2023-01', '2023-02', '2023-03', '2023-04'] },
    ],
    ['at most 24 months back', { runMonth: '2026-03', periodicMonths: ['2026-03'] }, '2023-03', { from: '2024-03', months: monthRange('2024-03', '2026-02') }],
    ['a continuous-only run: before its month', { runMonth: '2023-04', periodicMonths: [] }, '2023-03', { from: '2023-03', months: ['2023-03'] }],
  ];
  for (const [name, scope, first, want] of cases) test(name, () => assert.deepEqual(correctionWindow(scope, cfg, first), want));
});

describe('R-6.6 runs follow each other', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['2023-03', undefined, true],
    ['2023-03', '2023-02', true],
    ['2023-03', '2023-03', true], // the approved month itself: refused as approved (run states)
    ['2023-02', '2023-03', false],
    ['2022-12', '2023-01', false],
  ];
  for (const [month, latest, ok] of cases) {
    test(`${month} after ${latest ?? 'no approved run'}: ${ok ? 'may be computed' : 'refused'}`, () => {
      const problems = runOrderProblems(month, latest);
      assert.equal(problems.length === 0, ok);
      if (!ok) {
        assert.deepEqual(
          problems.map((p) => p.field),
          ['month'],
        );
      }
    });
  }
});

describe('R-6.6 run states', () => {
  const who: { userId: string; reviewedBy: string | null; fourEyes: boolean } = { userId: 'u1', reviewedBy: null, fourEyes: true };
  const cases: [Parameters<typeof runActionProblems>[0], Parameters<typeof runActionProblems>[1], Partial<typeof who>, boolean][] = [
    ['draft', 'recompute', {}, true],
    ['draft', 'review', {}, true],
    ['draft', 'approve', {}, false],
    ['reviewed', 'recompute', {}, false],
    ['reviewed', 'reopen', {}, true],
    ['reviewed', 'approve', { reviewedBy: 'u2' }, true],
    ['reviewed', 'approve', { reviewedBy: 'u1' }, false],
    ['reviewed', 'approve', { reviewedBy: 'u1', fourEyes: false }, true],
    ['approved', 'recompute', {}, false],
    ['approved', 'approve', { reviewedBy: 'u2' }, false],
    ['approved', 'reopen', {}, false],
    ['draft', 'discard', {}, true],
    ['reviewed', 'discard', {}, false],
    ['approved', 'discard', {}, false],
  ];
  for (const [status, action, o, ok] of cases) {
    test(`${status} → ${action}${o.reviewedBy ? ` (reviewed by ${o.reviewedBy})` : ''}: ${ok ? 'allowed' : 'refused'}`, () => {
      const problems = runActionProblems(status, action, { ...who, ...o });
      assert.equal(problems.length === 0, ok, JSON.stringify(problems));
      for (const p of problems) assert.ok(p.reasonSv);
    });
  }
});

describe('mission configuration', () => {
  test('older documents without the billing settings read with the document’s defaults', () => {
    const { partMonth: _p, onCallServiceCode: _o, correctionMonths: _c, userServiceCodes: _u, invoiceTermsDays: _i, ...billing } = MISSION_2023.billing;
    // As a version stored before these fields existed is read back (mission/store.ts parses each document).
    const old: MissionDocument = ZMissionDocument.parse({ ...MISSION_2023, billing });
    assert.deepEqual(billingConfig(old), {
      ...cfg,
      partMonth: 'from_month_after_start',
      onCallServiceCode: 'it-beredskap',
      correctionMonths: 24,
      userServiceCodes: ['it-stod'],
    });
    assert.equal(old.billing.invoiceTermsDays, 30);
    assert.deepEqual(cfg.minimumDays, { korttidshyra: 7 });
  });
});

// ---- issue 16: the invoice basis as a unit reads it ------------------------------------------------------

describe('issue 16: a yearly fee split into months by largest remainder (R-6.2)', () => {
  const cases: [number, number, number[]][] = [
    [1_000_000, 12, [83_333, 83_333, 83_334, 83_333, 83_333, 83_334, 83_333, 83_333, 83_334, 83_333, 83_333, 83_334]],
    [240_000, 12, Array.from({ length: 12 }, () => 20_000)],
    [11, 12, [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    [0, 12, Array.from({ length: 12 }, () => 0)],
    [100, 3, [33, 33, 34]],
    [7, 1, [7]],
  ];
  for (const [total, parts, want] of cases) {
    test(`${total} öre in ${parts} parts`, () => {
      const got = splitEvenly(total, parts);
      assert.deepEqual(got, want);
      assert.equal(
        got.reduce((s, x) => s + x, 0),
        total,
      );
    });
  }
  test('10 000,00 kr a year: eight months of 833,33 and four of 833,34, twelve months exactly the fee', () => {
    const months = Array.from({ length: 12 }, (_, i) => monthlyShare(1_000_000, i + 1));
    assert.equal(months.filter((m) => m === 83_333).length, 8);
    assert.equal(months.filter((m) => m === 83_334).length, 4);
    assert.equal(
      months.reduce((s, m) => s + m, 0),
      1_000_000,
    );
  });
  test('no parts, or a fraction of an öre, is a programming error', () => {
    assert.throws(() => splitEvenly(100, 0), RangeError);
    assert.throws(() => splitEvenly(10.5, 12), RangeError);
  });
  test('property: the parts sum to the total, differ by at most one öre, and each is the quota rounded down or up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), fc.integer({ min: 1, max: 60 }), (total, n) => {
        const parts = splitEvenly(total, n);
        assert.equal(parts.length, n);
        assert.equal(
          parts.reduce((s, x) => s + x, 0),
          total,
        );
        assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
        for (const p of parts) assert.ok(p === Math.floor(total / n) || p === Math.ceil(total / n));
      }),
    );
  });
  test('property: a month’s share depends only on the fee and the month, whichever run (a month, a tertial, a year) charges it', () => {
    const yearly = (fee: number) =>
      priceBook([item({ articleCode: 'Y-1', serviceCode: 'it-stod', name: 'It-stöd', billingModel: 'yearly_fee', yearlyFee: fee })]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.subarray(months2023, { minLength: 1 }),
        (fee, quantity, months) => {
          const sub = { id: 's', unitId: 'U', articleCode: 'Y-1', label: 'It-stöd', quantity, startsOn: '2022-01-01', endsOn: null };
          const whole = new Map(subscriptionCharges(sub, months2023, null, yearly(fee), cfg).charges.map((c) => [c.month, c.amountOre]));
          assert.equal(
            [...whole.values()].reduce((s, x) => s + x, 0),
            quantity * fee,
            'the year sums to quantity × fee exactly',
          );
          for (const c of subscriptionCharges(sub, months, null, yearly(fee), cfg).charges) {
            assert.equal(c.amountOre, whole.get(c.month));
            assert.equal(c.unitPriceOre, splitEvenly(fee, 12)[Number(c.month.slice(5, 7)) - 1]);
          }
        },
      ),
    );
  });
});

describe('issue 16: quantities by what is counted, rules in plain Swedish', () => {
  const itSupport = item({
    articleCode: 'ITSTOD-ANV',
    serviceCode: 'it-stod',
    name: 'It-stöd, per användare och år',
    billingModel: 'yearly_fee',
    yearlyFee: 240_000,
  });
  const telephony = item({
    articleCode: 'TEL-ANKN',
    serviceCode: 'fast-telefoni',
    name: 'Fast telefoni, per anknytning och år',
    billingModel: 'yearly_fee',
    yearlyFee: 120_000,
  });
  const screens = item({ articleCode: 'SMART', serviceCode: 'smart-skarm', name: 'Smart skärm', billingModel: 'monthly_fee', monthlyFee: 10_000 });
  const b = priceBook([...ITEMS, itSupport, telephony, screens]);
  const sub = (articleCode: string, quantity: number, o: Partial<Parameters<typeof subscriptionCharges>[0]> = {}) => ({
    id: `s-${articleCode}`,
    unitId: 'U',
    articleCode,
    label: articleCode,
    quantity,
    startsOn: '2022-12-01',
    endsOn: null,
    ...o,
  });
  const cases: [string, string, number, string][] = [
    ['twelve users of IT support', 'ITSTOD-ANV', 12, 'user'],
    ['three telephone extensions', 'TEL-ANKN', 3, 'piece'],
    ['two smart screens', 'SMART', 2, 'piece'],
    ['an application', 'APP-1', 1, 'piece'],
  ];
  for (const [name, article, quantity, unit] of cases) {
    test(`${name}: ${quantity} ${unit}, never months`, () => {
      const r = subscriptionCharges(sub(article, quantity, article === 'APP-1' ? { startsOn: '2020-01-01' } : {}), ['2023-03'], null, b, cfg);
      assert.deepEqual(
        r.charges.map((c) => [c.quantity, c.quantityUnit]),
        [[quantity, unit]],
      );
    });
  }
  test('the central cost counts pieces, not years', () => {
    const r = subscriptionCharges(sub('CEN-1', 1, { startsOn: '2020-01-01' }), [], 2023, b, cfg);
    assert.deepEqual(
      r.charges.map((c) => [c.quantity, c.quantityUnit]),
      [[1, 'piece']],
    );
  });
  test('which services count users is the configuration’s', () => {
    assert.equal(subscriptionQuantityUnit('it-stod', cfg), 'user');
    assert.equal(subscriptionQuantityUnit('it-stod', { userServiceCodes: [] }), 'piece');
  });
  test('a subscription is explained as a service that starts and ends, not with the rent text', () => {
    const [c] = subscriptionCharges(sub('ITSTOD-ANV', 12), ['2023-03'], null, b, cfg).charges;
    assert.equal(c?.rule, 'årsavgiften fördelad jämnt på årets månader, från månaden efter start till och med månaden då tjänsten upphör');
    assert.doesNotMatch(c?.rule ?? '', /leverans|återlämn|hyra/);
    const [app] = subscriptionCharges(sub('APP-1', 1, { startsOn: '2020-01-01' }), ['2023-03'], null, b, cfg).charges;
    assert.match(app?.rule ?? '', /uppsagd senast 30 april/);
  });
  test('property: no line a run makes names a requirement id (they stay in code comments)', () => {
    const all = [
      ...assetCharges(
        asset([
          { unitId: 'U', from: '2022-05-02', to: '2023-03-01', basis: 'active' },
          { unitId: 'U', from: '2023-03-01', to: null, basis: 'early_return' },
        ]),
        months2023,
        book,
        cfg,
      ).charges,
      ...shortTermCharges(
        asset([{ unitId: 'U', from: '2023-03-01', to: '2023-03-03', basis: 'active' }], { articleCode: 'KORT-1', serviceCode: 'korttidshyra' }),
        '2023-04-01',
        book,
        cfg,
      ).charges,
      ...orderLineCharge({
        id: 'l',
        orderNumber: 'IT-1',
        position: 1,
        unitId: 'U',
        articleCode: 'T',
        description: 'd',
        billingModel: 'one_off',
        quantity: 1,
        purchasePrice: 100,
        hourlyRate: null,
        deliveredOn: '2023-03-01',
      }).charges,
      ...orderLineCharge({
        id: 'l',
        orderNumber: 'IT-1',
        position: 1,
        unitId: 'U',
        articleCode: 'T',
        description: 'd',
        billingModel: 'hourly',
        quantity: 1,
        purchasePrice: null,
        hourlyRate: 100,
        deliveredOn: '2023-03-01',
      }).charges,
      ...onCallCharge({ id: 'e', ticketNumber: 'IT-1', unitId: 'U', startedOn: '2023-03-01', billableMinutes: 30 }, ITEMS, cfg).charges,
      ...cases.flatMap(([, article]) => subscriptionCharges(sub(article, 1, { startsOn: '2020-01-01' }), ['2023-03'], 2023, b, cfg).charges),
      ...subscriptionCharges(sub('CEN-1', 1, { startsOn: '2020-01-01' }), [], 2023, b, cfg).charges,
    ];
    assert.ok(all.length >= 9, String(all.length));
    for (const c of all) assert.doesNotMatch(c.rule, /R-\d/, c.rule);
    for (const rule of PART_MONTH_RULES) assert.doesNotMatch(assetRentRule(rule), /R-\d/);
  });
});

describe('issue 16: an öre of a yearly fee’s split is never reported as a price change (R-6.3)', () => {
  const itSupport = item({ articleCode: 'ITSTOD-ANV', serviceCode: 'it-stod', name: 'It-stöd', billingModel: 'yearly_fee', yearlyFee: 1_000_000 });
  const raised = item({
    articleCode: 'ITSTOD-ANV',
    serviceCode: 'it-stod',
    name: 'It-stöd',
    billingModel: 'yearly_fee',
    yearlyFee: 1_200_000,
    validFrom: '2024-01-01',
    validTo: '2024-12-31',
  });
  const b = priceBook([...ITEMS, itSupport, raised]);
  const sub = { id: 's', unitId: 'U', articleCode: 'ITSTOD-ANV', label: 'It-stöd', quantity: 1, startsOn: '2022-01-01', endsOn: null };
  const runOf = (months: YearMonth[], quantity = 1) =>
    reconcile(subscriptionCharges({ ...sub, quantity }, months, null, b, cfg).charges, new Map(), {
      periodicMonths: months,
      runMonth: months[0] as string,
    }).map((l) => ({ ...l, listPriceOre: listPriceOf(l, b) }));
  const cases: [string, YearMonth[], YearMonth[], number, string][] = [
    [
      'February 833,33 → March 833,34 (Ulricehamn, monthly)',
      ['2023-02'],
      ['2023-03'],
      1,
      'samma pris; årsavgiften fördelas på månaderna i hela ören, så månaderna kan skilja ett öre',
    ],
    ['March 833,34 → April 833,33', ['2023-03'], ['2023-04'], 1, 'samma pris; årsavgiften fördelas på månaderna i hela ören, så månaderna kan skilja ett öre'],
    ['a tertial to the next (Tranemo)', monthRange('2023-01', '2023-04'), monthRange('2023-05', '2023-08'), 1, ''],
    ['December → January with a new yearly fee: a price change', ['2023-12'], ['2024-01'], 1, 'ändrat pris i prislistan'],
    ['more users: a quantity change', ['2023-02'], ['2023-03'], 2, 'ändrat antal (del av period)'],
  ];
  for (const [name, before, after, quantity, want] of cases) {
    test(name, () => {
      const changes = diffRuns(runOf(before), runOf(after, quantity));
      if (want === '') assert.deepEqual(changes, [], 'a tertial sums the same shares: no change at all');
      else {
        assert.deepEqual(
          changes.map((c) => c.reason),
          [want],
        );
      }
      for (const c of changes) if (quantity === 1 && !want.startsWith('ändrat pris')) assert.ok(Math.abs(c.deltaOre) <= 1);
    });
  }
  test('without the list price, the numbers alone still tell a price change', () => {
    const strip = (ls: ReturnType<typeof runOf>) => ls.map(({ listPriceOre: _l, ...l }) => l);
    assert.deepEqual(
      diffRuns(strip(runOf(['2023-02'])), strip(runOf(['2023-03']))).map((c) => c.reason),
      ['ändrat pris i prislistan'],
    );
  });
  test('the list price is the yearly fee for spread fees only', () => {
    assert.equal(listPriceOf({ source: 'subscription', articleCode: 'ITSTOD-ANV', month: '2023-05' }, b), 1_000_000);
    assert.equal(listPriceOf({ source: 'subscription', articleCode: 'STOD-1', month: '2023-05' }, b), null, 'a monthly fee is its own list price');
    assert.equal(listPriceOf({ source: 'asset', articleCode: 'DAP-1', month: '2023-05' }, b), null);
  });
});

describe('issue 16: a loan is billed per started week of the loan and ends at return (R-4.1, R-5.9)', () => {
  const loan = (periods: PeriodInput[]) => asset(periods, { id: 'k2', serial: 'LAN1', articleCode: 'KORT-1', serviceCode: 'korttidshyra' });
  const cases: [string, PeriodInput[], number[]][] = [
    ['a two-day loan: one week', [{ unitId: 'U', from: '2023-03-01', to: '2023-03-03', basis: 'active' }], [1]],
    [
      'a two-day loan with an early-return period recorded before issue 16: still one week, nothing after the return',
      [
        { unitId: 'U', from: '2023-03-01', to: '2023-03-03', basis: 'active' },
        { unitId: 'U', from: '2023-03-03', to: '2023-03-20', basis: 'early_return' },
      ],
      [1],
    ],
    [
      'two loans to two borrowers: each their own weeks',
      [
        { unitId: 'U', from: '2023-03-01', to: '2023-03-03', basis: 'active' },
        { unitId: 'V', from: '2023-03-10', to: '2023-03-24', basis: 'active' },
      ],
      [1, 2],
    ],
  ];
  for (const [name, periods, weeks] of cases) {
    test(name, () => {
      const r = shortTermCharges(loan(periods), '2023-04-01', book, cfg);
      assert.deepEqual(
        r.charges.map((c) => c.quantity),
        weeks,
      );
      assert.ok(r.charges.every((c) => c.quantityUnit === 'week' && c.rule === 'lån per påbörjad vecka, minst 7 dagar, till och med återlämningen'));
    });
  }
});

describe('issue 16: who may do what with a run (runPolicy, enforced by the service)', () => {
  const ULR = 'ulr';
  const finance = { userId: 'f1', roles: ['finance'], municipalityId: ULR };
  const cases: [string, Parameters<typeof runDecision>[0], Parameters<typeof runDecision>[1], Parameters<typeof runDecision>[2], true | 'role' | 'state'][] = [
    ['finance approves a run someone else reviewed', finance, { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f2' }, 'approve', true],
    ['the reviewer may not approve (four eyes)', finance, { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f1' }, 'approve', 'state'],
    [
      'an administrator who is not in finance may not approve',
      { userId: 'a1', roles: ['admin'], municipalityId: ULR },
      { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f2' },
      'approve',
      'role',
    ],
    [
      'IT management spanning both may not approve',
      { userId: 'i1', roles: ['it_management'], municipalityId: null },
      { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f2' },
      'approve',
      'role',
    ],
    [
      'finance of the other municipality may not approve',
      { ...finance, municipalityId: 'tra' },
      { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f2' },
      'approve',
      'role',
    ],
    [
      'an administrator and economist of the municipality approves',
      { userId: 'a2', roles: ['admin', 'finance'], municipalityId: ULR },
      { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f2' },
      'approve',
      true,
    ],
    [
      'an administrator reviews',
      { userId: 'a1', roles: ['admin'], municipalityId: ULR },
      { status: 'draft', municipalityId: ULR, reviewedByUserId: null },
      'review',
      true,
    ],
    [
      'a unit manager does nothing',
      { userId: 'm1', roles: ['unit_manager'], municipalityId: ULR },
      { status: 'draft', municipalityId: ULR, reviewedByUserId: null },
      'review',
      'role',
    ],
    ['finance may not approve a draft', finance, { status: 'draft', municipalityId: ULR, reviewedByUserId: null }, 'approve', 'state'],
    ['the reviewer may send it back', finance, { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f1' }, 'reopen', true],
  ];
  for (const [name, actor, run, action, want] of cases) {
    test(name, () => {
      const d = runDecision(actor, run, action);
      assert.equal(d.allowed ? true : d.denial, want);
      if (!d.allowed) for (const p of d.problems) assert.ok(p.reasonSv && !/R-\d/.test(p.reasonSv));
    });
  }
  test('the policy the presenter sends: the reviewer sees approval offered but not allowed, with the reason', () => {
    const p = runPolicy(finance, { status: 'reviewed', municipalityId: ULR, reviewedByUserId: 'f1' });
    assert.deepEqual(p.approve, {
      offered: true,
      allowed: false,
      reason: 'the run must be approved by someone other than its reviewer',
      reasonSv: 'körningen ska godkännas av någon annan än den som granskade',
    });
    assert.deepEqual(p.reopen, { offered: true, allowed: true, reason: null, reasonSv: null });
    assert.equal(p.review.offered, false);
    assert.equal(p.discard.offered, false);
  });
  test('property: the policy says exactly what runDecision decides, and an allowed action is always offered', () => {
    const statuses = ['draft', 'reviewed', 'approved'] as const;
    const actions = ['recompute', 'review', 'reopen', 'approve', 'discard'] as const;
    fc.assert(
      fc.property(
        fc.subarray(['finance', 'it_management', 'admin', 'unit_manager', 'agent']),
        fc.constantFrom('ulr', 'tra', null),
        fc.constantFrom(...statuses),
        fc.constantFrom('me', 'other', null),
        (roles, municipalityId, status, reviewer) => {
          const actor = { userId: 'me', roles, municipalityId };
          const run = { status, municipalityId: 'ulr', reviewedByUserId: reviewer };
          const p = runPolicy(actor, run);
          for (const a of actions) {
            assert.equal(p[a].allowed, runDecision(actor, run, a).allowed);
            if (p[a].allowed) assert.ok(p[a].offered);
            else assert.ok(p[a].reasonSv);
          }
        },
      ),
    );
  });
});
