import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from '../mission/default-2023.ts';
import {
  applyPriceListDiff,
  articleProblems,
  BILLING_MODEL_INFO,
  BILLING_MODELS,
  copyToNextYear,
  diffPriceLists,
  entryOn,
  neutraliseCell,
  nextYearDate,
  parsePriceRows,
  planImport,
  PRICE_COMPONENTS,
  priceEntryProblems,
  restoreCell,
  summarise,
  SUPPORT_LEVELS,
  TASK_KINDS,
  taskOwner,
  technicalLifeProblems,
  type BillingModel,
  type FileRow,
  type ModelCategory,
  type PriceEntry,
  type Prices,
  type SupportLevel,
  type TaskKind,
} from './rules.ts';

const NO_PRICES: Prices = { purchasePrice: null, monthlyFee: null, weeklyFee: null, hourlyRate: null, yearlyFee: null };

function entry(over: Partial<PriceEntry> = {}): PriceEntry {
  return {
    articleCode: 'DATOR-STD',
    serviceCode: 'datorarbetsplats',
    name: 'Standarddator',
    billingModel: 'monthly_rental',
    ...NO_PRICES,
    monthlyFee: 45_000,
    validFrom: '2023-01-01',
    validTo: '2023-12-31',
    ...over,
  };
}

describe('R-4.1 each billing model carries exactly its price components', () => {
  const cases: [BillingModel, Partial<Prices>, string[]][] = [
    ['monthly_rental', { monthlyFee: 45_000 }, []],
    ['monthly_rental', {}, ['monthlyFee']],
    ['monthly_rental', { monthlyFee: 45_000, purchasePrice: 100 }, ['purchasePrice']],
    ['purchase_plus_monthly_fee', { purchasePrice: 650_000, monthlyFee: 5_000 }, []],
    ['purchase_plus_monthly_fee', { purchasePrice: 650_000 }, ['monthlyFee']],
    ['one_off', { purchasePrice: 29_900 }, []],
    ['hourly', { hourlyRate: 65_000 }, []],
    ['hourly', { monthlyFee: 65_000 }, ['hourlyRate', 'monthlyFee']],
    ['weekly_rental', { weeklyFee: 25_000 }, []],
    ['monthly_fee', { monthlyFee: 15_000 }, []],
    ['yearly_fee', { yearlyFee: 120_000 }, []],
    ['application_fee', { yearlyFee: 1_500_000 }, []],
    ['central_cost', { yearlyFee: 0 }, []],
    ['central_cost', { yearlyFee: null }, ['yearlyFee']],
  ];
  for (const [billingModel, prices, fields] of cases) {
    test(`${billingModel} ${JSON.stringify(prices)} → ${fields.join(', ') || 'valid'}`, () => {
      const problems = priceEntryProblems(entry({ billingModel, ...NO_PRICES, ...prices }), 2023);
      assert.deepEqual(problems.map((p) => p.field).sort(), [...fields].sort());
      for (const p of problems) assert.ok(p.reason && p.reasonSv, 'both languages');
    });
  }
  test('every model names at least one component, and every component belongs to some model', () => {
    for (const m of BILLING_MODELS) assert.ok(BILLING_MODEL_INFO[m].components.length > 0, m);
    for (const c of PRICE_COMPONENTS) {
      assert.ok(
        BILLING_MODELS.some((m) => BILLING_MODEL_INFO[m].components.includes(c)),
        c,
      );
    }
  });
  test('issue 16: a billing model says how a service is charged, never what support comes with it (the support level does, R-5.3)', () => {
    // A teacher or student computer is rented "utan support": "Månadshyra (support ingår)" told them otherwise.
    for (const m of BILLING_MODELS) {
      assert.doesNotMatch(BILLING_MODEL_INFO[m].sv, /support/i, m);
      assert.doesNotMatch(BILLING_MODEL_INFO[m].en, /support/i, m);
    }
  });
});

describe('R-4.1 money is integer öre, never negative', () => {
  const cases: [number, string | null][] = [
    [0, null],
    [45_000, null],
    [-1, 'must not be negative'],
    [12.5, 'must be a whole number of öre'],
    [2_000_000_001, 'at most 2000000000 öre'],
  ];
  for (const [value, reason] of cases) {
    test(`${value} → ${reason ?? 'valid'}`, () => {
      const problems = priceEntryProblems(entry({ monthlyFee: value }), 2023);
      assert.deepEqual(
        problems.map((p) => p.reason),
        reason ? [reason] : [],
      );
    });
  }
});

describe('validity lies inside the list’s year and runs forward', () => {
  const cases: [string, string, string[]][] = [
    ['2023-01-01', '2023-12-31', []],
    ['2023-07-01', '2023-06-30', ['validTo']],
    ['2022-12-31', '2023-12-31', ['validFrom']],
    ['2023-01-01', '2024-01-01', ['validTo']],
  ];
  for (const [validFrom, validTo, fields] of cases) {
    test(`${validFrom}–${validTo} → ${fields.join(', ') || 'valid'}`, () => {
      assert.deepEqual(
        priceEntryProblems(entry({ validFrom, validTo }), 2023).map((p) => p.field),
        fields,
      );
    });
  }
});

describe('articles: no overlapping validity, no duplicates, one service and name', () => {
  const at = (e: PriceEntry & { n: number }) => ({ en: `entry ${e.n}`, sv: `post ${e.n}` });
  test('consecutive periods of one article are fine', () => {
    const list = [entry({ validTo: '2023-06-30' }), entry({ validFrom: '2023-07-01', monthlyFee: 47_000 })].map((e, n) => ({ ...e, n }));
    assert.deepEqual(articleProblems(list, at), []);
  });
  test('the same period twice is a duplicate article', () => {
    const list = [entry(), entry({ monthlyFee: 1 })].map((e, n) => ({ ...e, n }));
    const problems = articleProblems(list, at);
    assert.deepEqual(
      problems.map((p) => [p.index, p.field]),
      [[1, 'articleCode']],
    );
    assert.match(problems[0]?.reasonSv ?? '', /finns redan \(samma som post 0\)/);
  });
  test('the entry in force on a date: the period containing it, both ends included', () => {
    const list = [entry({ validTo: '2023-06-30' }), entry({ validFrom: '2023-07-01', monthlyFee: 47_000 })];
    assert.equal(entryOn(list, 'DATOR-STD', '2023-06-30')?.monthlyFee, 45_000);
    assert.equal(entryOn(list, 'DATOR-STD', '2023-07-01')?.monthlyFee, 47_000);
    assert.equal(entryOn(list, 'DATOR-STD', '2024-01-01'), undefined);
    assert.equal(entryOn(list, 'OKAND', '2023-03-01'), undefined);
  });
  test('periods sharing a day overlap', () => {
    const list = [entry({ validTo: '2023-07-01' }), entry({ validFrom: '2023-07-01' })].map((e, n) => ({ ...e, n }));
    assert.deepEqual(
      articleProblems(list, at).map((p) => p.field),
      ['validFrom'],
    );
  });
  test('an article’s periods share a service and a name', () => {
    const list = [entry({ validTo: '2023-06-30' }), entry({ validFrom: '2023-07-01', serviceCode: 'lardator', name: 'Annan' })].map((e, n) => ({ ...e, n }));
    assert.deepEqual(
      articleProblems(list, at)
        .map((p) => p.field)
        .sort(),
      ['name', 'serviceCode'],
    );
  });
});

describe('parsePriceRows: a file is read row by row with line and field (issue 6 bad input)', () => {
  const serviceCodes = new Set(['datorarbetsplats', 'tillbehor']);
  const row = (line: number, values: Record<string, string>): FileRow => ({
    line,
    values: { articleCode: 'A1', serviceCode: 'datorarbetsplats', name: 'Dator', billingModel: 'monthly_rental', monthlyFee: '45000', ...values },
  });
  const cases: [string, Record<string, string>, [string, string][]][] = [
    ['a good row', {}, []],
    ['a negative price', { monthlyFee: '-100' }, [['monthlyFee', 'får inte vara negativt']]],
    ['a decimal price', { monthlyFee: '450,50' }, [['monthlyFee', 'ska vara ett heltal öre']]],
    ['text as price', { monthlyFee: 'gratis' }, [['monthlyFee', '”gratis” är inget belopp i öre']]],
    [
      'an unknown billing model',
      { billingModel: 'leasing' },
      [
        [
          'billingModel',
          'okänd debiteringsmodell ”leasing”; en av monthly_rental, purchase_plus_monthly_fee, one_off, hourly, weekly_rental, monthly_fee, yearly_fee, application_fee, central_cost',
        ],
      ],
    ],
    ['an unknown service', { serviceCode: 'rymdskepp' }, [['serviceCode', 'okänd tjänst rymdskepp']]],
    ['a missing required component', { monthlyFee: '' }, [['monthlyFee', 'obligatoriskt för debiteringsmodellen månadshyra']]],
    ['an impossible date', { validFrom: '2023-02-30' }, [['validFrom', 'ska vara ett datum ÅÅÅÅ-MM-DD']]],
    ['a date in another year', { validTo: '2024-03-01' }, [['validTo', 'ska ligga inom 2023']]],
    ['an empty article', { articleCode: '' }, [['articleCode', 'obligatoriskt']]],
  ];
  for (const [what, values, expected] of cases) {
    test(what, () => {
      const { entries, problems } = parsePriceRows([row(2, values)], { year: 2023, serviceCodes });
      assert.deepEqual(
        problems.map((p) => [p.field, p.reasonSv]),
        expected,
      );
      assert.ok(problems.every((p) => p.row === 2 && p.reason.length > 0));
      assert.equal(entries.length, expected.length ? 0 : 1);
    });
  }
  test('empty validity means the whole year; a neutralised formula is restored', () => {
    const { entries } = parsePriceRows([row(2, { name: "'=Dator" })], { year: 2023, serviceCodes });
    assert.equal(entries[0]?.validFrom, '2023-01-01');
    assert.equal(entries[0]?.validTo, '2023-12-31');
    assert.equal(entries[0]?.name, '=Dator');
  });
  test('a duplicate article is reported on its second line', () => {
    const { problems } = parsePriceRows([row(2, {}), row(3, {}), row(4, { articleCode: 'A2' })], { year: 2023, serviceCodes });
    assert.deepEqual(
      problems.map((p) => [p.row, p.field]),
      [[3, 'articleCode']],
    );
    assert.match(problems[0]?.reasonSv ?? '', /samma som rad 2/);
  });
});

describe('CSV/XLSX formula injection: dangerous first characters get an apostrophe', () => {
  const cases: [string, string][] = [
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+46 321 123', "'+46 321 123"],
    ['-10', "'-10"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Dator', 'Dator'],
    ["'quoted", "'quoted"],
    ["'@", "''@"],
    ["''=1", "'''=1"],
    ["x'=1", "x'=1"],
    ['', ''],
  ];
  for (const [input, output] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => {
      assert.equal(neutraliseCell(input), output);
      assert.equal(restoreCell(neutraliseCell(input)), input, 'round trip');
    });
  }
  test('property: a neutralised cell never starts a formula and restores to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^'*[=+\-@\t\r'a]*$/)), (s) => {
        const out = neutraliseCell(s);
        assert.ok(!/^[=+\-@\t\r]/.test(out));
        assert.equal(restoreCell(out), s);
      }),
    );
  });
});

describe('next year’s list is a copy a year on', () => {
  test('dates move one year; 29 February becomes 28 February', () => {
    assert.equal(nextYearDate('2023-01-01'), '2024-01-01');
    assert.equal(nextYearDate('2024-02-29'), '2025-02-28');
    assert.deepEqual(
      copyToNextYear([entry()]).map((e) => [e.validFrom, e.validTo]),
      [['2024-01-01', '2024-12-31']],
    );
  });
  test('a copied list shows no difference from the original', () => {
    const list = [
      entry({ validTo: '2023-06-30' }),
      entry({ validFrom: '2023-07-01', monthlyFee: 47_000 }),
      entry({ articleCode: 'VASKA', serviceCode: 'tillbehor', billingModel: 'one_off', ...NO_PRICES, purchasePrice: 39_900 }),
    ];
    assert.deepEqual(diffPriceLists(list, copyToNextYear(list)), { added: [], removed: [], changed: [] });
  });
});

describe('diffPriceLists: added, removed, changed price, changed model', () => {
  const base = [entry(), entry({ articleCode: 'FLYTT', serviceCode: 'flytt', name: 'Flytt', billingModel: 'hourly', ...NO_PRICES, hourlyRate: 65_000 })];
  const cases: [string, PriceEntry[], { added: string[]; removed: string[]; changed: [string, string[]][] }][] = [
    ['nothing changed', base, { added: [], removed: [], changed: [] }],
    ['an article added', [...base, entry({ articleCode: 'NY' })], { added: ['NY'], removed: [], changed: [] }],
    ['an article removed', [base[0] as PriceEntry], { added: [], removed: ['FLYTT'], changed: [] }],
    ['a price changed', [entry({ monthlyFee: 46_000 }), base[1] as PriceEntry], { added: [], removed: [], changed: [['DATOR-STD', ['price']]] }],
    ['the model changed', [entry({ billingModel: 'monthly_fee' }), base[1] as PriceEntry], { added: [], removed: [], changed: [['DATOR-STD', ['model']]] }],
    [
      'a mid-year price change',
      [entry({ validTo: '2023-06-30' }), entry({ validFrom: '2023-07-01', monthlyFee: 50_000 }), base[1] as PriceEntry],
      { added: [], removed: [], changed: [['DATOR-STD', ['price', 'validity']]] },
    ],
    ['renamed', [entry({ name: 'Bas-dator' }), base[1] as PriceEntry], { added: [], removed: [], changed: [['DATOR-STD', ['name']]] }],
  ];
  for (const [what, after, expected] of cases) {
    test(what, () => {
      const d = diffPriceLists(base, after);
      assert.deepEqual(
        { added: d.added.map((s) => s.articleCode), removed: d.removed.map((s) => s.articleCode), changed: d.changed.map((c) => [c.articleCode, c.changes]) },
        expected,
      );
    });
  }

  const modelArb = fc.constantFrom(...BILLING_MODELS);
  const entryArb = fc
    .record({
      articleCode: fc.constantFrom('A', 'B', 'C', 'D', 'E'),
      serviceCode: fc.constantFrom('s1', 's2'),
      name: fc.constantFrom('Ett', 'Två'),
      billingModel: modelArb,
      price: fc.integer({ min: 0, max: 100_000 }),
      half: fc.constantFrom<'whole' | 'first' | 'second'>('whole', 'first', 'second'),
    })
    .map((r): PriceEntry => {
      const prices = { ...NO_PRICES };
      for (const c of BILLING_MODEL_INFO[r.billingModel].components) prices[c] = r.price;
      const [validFrom, validTo] =
        r.half === 'whole' ? ['2023-01-01', '2023-12-31'] : r.half === 'first' ? ['2023-01-01', '2023-06-30'] : ['2023-07-01', '2023-12-31'];
      return { articleCode: r.articleCode, serviceCode: r.serviceCode, name: r.name, billingModel: r.billingModel, ...prices, validFrom, validTo };
    });
  // One service and name per article, as the list's own checks guarantee.
  const listArb = fc.array(entryArb, { maxLength: 8 }).map((list) => {
    const first = new Map<string, PriceEntry>();
    return list.map((e) => {
      const f = first.get(e.articleCode) ?? e;
      first.set(e.articleCode, f);
      return { ...e, serviceCode: f.serviceCode, name: f.name };
    });
  });

  test('property: a list compared with itself has no difference', () => {
    fc.assert(fc.property(listArb, (a) => assert.deepEqual(diffPriceLists(a, a), { added: [], removed: [], changed: [] })));
  });
  test('property: applying the diff to the old list gives the new one (the diff explains every change)', () => {
    fc.assert(fc.property(listArb, listArb, (a, b) => assert.deepEqual(applyPriceListDiff(summarise(a), diffPriceLists(a, b)), summarise(b))));
  });
  test('property: every reported change is real and every article appears at most once', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const d = diffPriceLists(a, b);
        for (const c of d.changed) assert.ok(c.changes.length > 0 && JSON.stringify(c.before) !== JSON.stringify(c.after));
        const codes = [...d.added, ...d.removed].map((s) => s.articleCode).concat(d.changed.map((c) => c.articleCode));
        assert.equal(new Set(codes).size, codes.length);
      }),
    );
  });
});

describe('R-4.2 technical life of rented computers, printers and screens', () => {
  const minimum = MISSION_2023.catalogue.minimumTechnicalLifeMonths;
  const cases: [ModelCategory, number, BillingModel[], boolean][] = [
    ['computer', 48, ['monthly_rental'], true],
    ['computer', 36, ['monthly_rental'], false],
    ['printer', 47, ['monthly_rental'], false],
    ['screen', 24, ['monthly_rental'], false],
    ['computer', 12, ['weekly_rental'], false],
    // Not rented, or not one of the three categories: the rule does not bind.
    ['phone', 24, ['purchase_plus_monthly_fee'], true],
    ['tablet', 24, ['monthly_rental'], true],
    ['screen', 24, ['monthly_fee'], true],
    ['computer', 12, ['one_off'], true],
  ];
  for (const [category, months, models, ok] of cases) {
    test(`${category}, ${months} months, ${models.join('/')} → ${ok ? 'allowed' : 'refused'}`, () => {
      const problems = technicalLifeProblems({ category, technicalLifeMonths: months }, models, minimum);
      assert.equal(problems.length === 0, ok);
      if (!ok) assert.match(problems[0]?.reasonSv ?? '', /minst 48 månader \(4 år\)/);
    });
  }
  test('the minimum comes from the mission: a 36-month mission admits a 36-month computer', () => {
    assert.deepEqual(technicalLifeProblems({ category: 'computer', technicalLifeMonths: 36 }, ['monthly_rental'], 36), []);
  });
});

describe('planImport: the file is the whole list', () => {
  const stored = [
    { ...entry(), id: 'x1' },
    { ...entry({ articleCode: 'GAMMAL' }), id: 'x2' },
    { ...entry({ articleCode: 'SAMMA' }), id: 'x3' },
  ];
  test('matched on article and first day: changed ones update, new ones create, missing ones go', () => {
    const plan = planImport(stored, [entry({ monthlyFee: 1 }), entry({ articleCode: 'SAMMA' }), entry({ articleCode: 'NY' })]);
    assert.deepEqual(
      plan.create.map((e) => e.articleCode),
      ['NY'],
    );
    assert.deepEqual(
      plan.update.map((u) => [u.existing.id, u.entry.monthlyFee]),
      [['x1', 1]],
    );
    assert.deepEqual(
      plan.remove.map((e) => e.id),
      ['x2'],
    );
    assert.equal(plan.unchanged, 1);
  });
  test('property: importing the stored list changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }), (fees) => {
        const list = fees.map((f, i) => ({ ...entry({ articleCode: `A${i}`, monthlyFee: f }), id: `id${i}` }));
        const plan = planImport(
          list,
          list.map(({ id: _id, ...e }) => e),
        );
        assert.deepEqual([plan.create.length, plan.update.length, plan.remove.length, plan.unchanged], [0, 0, 0, list.length]);
      }),
    );
  });
});

describe('R-3.5 / R-5.3 support-level triage: all 3 × 10 combinations', () => {
  const expected: Record<SupportLevel, Record<TaskKind, 'it' | 'business'>> = {
    managed: {
      user_support: 'it',
      troubleshooting: 'it',
      reinstall: 'it',
      hardware_fault_report: 'it',
      software_install: 'it',
      printing: 'it',
      network_access: 'it',
      account_email: 'it',
      storage_access: 'it',
      software_packaging: 'it',
    },
    managed_without_support: {
      user_support: 'business',
      troubleshooting: 'business',
      reinstall: 'business',
      hardware_fault_report: 'business',
      software_install: 'business',
      printing: 'it',
      network_access: 'it',
      account_email: 'it',
      storage_access: 'it',
      software_packaging: 'it',
    },
    one_to_one: {
      user_support: 'business',
      troubleshooting: 'business',
      reinstall: 'business',
      hardware_fault_report: 'business',
      software_install: 'business',
      printing: 'business',
      network_access: 'it',
      account_email: 'it',
      storage_access: 'business',
      software_packaging: 'business',
    },
  };
  const levelNo: Record<SupportLevel, string> = { managed: 'supportnivå 1', managed_without_support: 'supportnivå 2', one_to_one: 'supportnivå 3' };
  for (const level of SUPPORT_LEVELS) {
    for (const task of TASK_KINDS) {
      const owner = expected[level][task];
      test(`${level} / ${task} → ${owner}`, () => {
        const r = taskOwner(level, task);
        assert.equal(r.owner, owner);
        assert.ok(r.reasonSv.includes(levelNo[level]), r.reasonSv);
        assert.match(r.reasonSv, owner === 'it' ? /IT:s/ : /verksamhet/);
        assert.ok(r.reasonEn.length > 0);
      });
    }
  }
  test('the Swedish reasons cite the mission', () => {
    assert.equal(
      taskOwner('managed_without_support', 'reinstall').reasonSv,
      'Ominstallation av lärardator är verksamhetens åtagande (supportnivå 2, hanterad datorarbetsplats utan support)',
    );
    assert.match(taskOwner('managed_without_support', 'troubleshooting').reasonSv, /påbörjas av verksamheten.*IT:s stöd/);
    assert.match(taskOwner('one_to_one', 'reinstall').reasonSv, /USB/);
    assert.match(taskOwner('one_to_one', 'software_install').reasonSv, /^Installation av programvara på elevdator är verksamhetens åtagande \(supportnivå 3/);
    assert.match(
      taskOwner('managed', 'reinstall').reasonSv,
      /^Ominstallation av administrativ dator är IT:s åtagande \(supportnivå 1, hanterad datorarbetsplats\)$/,
    );
  });
});
