import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { MISSION_2023 } from '../mission/default-2023.ts';
import {
  change,
  defaultReportPeriod,
  distribution,
  mean,
  meets,
  periodLabel,
  previousPeriod,
  reportChanges,
  reportPeriod,
  share,
  trendPeriods,
} from './rules.ts';

const TZ = 'Europe/Stockholm';
const periods = MISSION_2023.followUp.periods;
const periodsOf = () => ({ periods, timeZone: TZ });

describe('R-10: the periods of a report', () => {
  test('a tertial runs from local midnight on its first day to local midnight after its last', () => {
    const t1 = reportPeriod(2026, 'T1', periods, TZ);
    assert.ok(t1);
    assert.equal(t1.from, '2026-01-01');
    assert.equal(t1.to, '2026-04-30');
    assert.equal(new Date(t1.start).toISOString(), '2025-12-31T23:00:00.000Z');
    // 1 May is in summer time (UTC+2).
    assert.equal(new Date(t1.end).toISOString(), '2026-04-30T22:00:00.000Z');
    assert.equal(periodLabel(t1), 'T1 2026 (januari–april)');
  });

  test('the year and an unknown period', () => {
    const y = reportPeriod(2026, 'year', periods, TZ);
    assert.equal(y?.key, '2026');
    assert.equal(y && periodLabel(y), 'Helåret 2026');
    assert.equal(reportPeriod(2026, 'T4', periods, TZ), undefined);
  });

  const cases: [year: number, code: string, now: string, keys: string[]][] = [
    ['2026', 'T1', '2026-12-03', ['2024-T2', '2024-T3', '2025-T1', '2025-T2', '2025-T3', '2026-T1']],
    ['2026', 'T3', '2026-12-03', ['2025-T1', '2025-T2', '2025-T3', '2026-T1', '2026-T2', '2026-T3']],
    // The year up to its last tertial that has begun: in June, T2.
    ['2026', 'year', '2026-06-15', ['2024-T3', '2025-T1', '2025-T2', '2025-T3', '2026-T1', '2026-T2']],
    // A year not yet begun shows up to its first tertial.
    ['2027', 'year', '2026-12-03', ['2025-T2', '2025-T3', '2026-T1', '2026-T2', '2026-T3', '2027-T1']],
  ].map(([y, c, n, k]) => [Number(y), c as string, n as string, k as string[]]);
  for (const [year, code, now, keys] of cases) {
    test(`the trend of ${code} ${year} as of ${now}: six tertials, the reported one last`, () => {
      const p = reportPeriod(year, code, periods, TZ);
      assert.ok(p);
      const trend = trendPeriods(p, Date.parse(`${now}T12:00:00+01:00`), periodsOf);
      assert.deepEqual(
        trend.map((t) => t.key),
        keys,
      );
    });
  }

  test('the previous period: the tertial before (across new year), or the year before', () => {
    const t1 = reportPeriod(2026, 'T1', periods, TZ);
    const t2 = reportPeriod(2026, 'T2', periods, TZ);
    const y = reportPeriod(2026, 'year', periods, TZ);
    assert.ok(t1 && t2 && y);
    assert.equal(previousPeriod(t1, periodsOf).key, '2025-T3');
    assert.equal(previousPeriod(t2, periodsOf).key, '2026-T1');
    assert.equal(previousPeriod(y, periodsOf).key, '2025');
  });
});

describe('R-10: the report opened without choosing a period', () => {
  const at = (local: string) => Temporal.ZonedDateTime.from(`${local}[${TZ}]`).epochMilliseconds;
  // [asked year, now (local), expected period]
  const cases: [number | undefined, string, string][] = [
    [undefined, '2026-12-03T10:00', '2026-T2'],
    [undefined, '2026-09-01T00:00', '2026-T2'], // T2 ends at midnight into 1 September
    [undefined, '2026-08-31T23:59', '2026-T1'], // the last minute of T2: it is not over yet
    [undefined, '2027-01-14T10:00', '2026-T3'], // January: the year before's last tertial
    [undefined, '2027-05-01T00:00', '2027-T1'],
    [2025, '2026-12-03T10:00', '2025-T3'],
    [2026, '2026-03-01T10:00', '2026-T1'], // none over in the year asked for: its first begun
    [2027, '2026-12-03T10:00', '2027'], // a year not begun: the year (the service refuses it)
  ];
  for (const [year, now, expected] of cases) {
    test(`${year ?? 'no year'} at ${now} → ${expected}`, () => {
      assert.equal(defaultReportPeriod(year, Number(now.slice(0, 4)), at(now), periodsOf).key, expected);
    });
  }
});

describe('R-10: shares, targets and answers', () => {
  test('a share of nothing is no share, not 0 %', () => {
    assert.equal(share(0, 0), null);
    assert.equal(share(1, 2), 0.5);
    assert.equal(meets(null, 0.5, 'at_least'), null);
  });
  const targetCases: [number, number, 'at_least' | 'at_most', boolean][] = [
    [0.5, 0.5, 'at_least', true],
    [0.4999, 0.5, 'at_least', false],
    [5, 5, 'at_most', true],
    [6, 5, 'at_most', false],
  ];
  for (const [value, target, cmp, met] of targetCases) {
    test(`${value} ${cmp} ${target}: ${met}`, () => assert.equal(meets(value, target, cmp), met));
  }
  test('change from the previous period, and from nothing', () => {
    assert.deepEqual(change(100, 150), { amount: 50, share: 0.5 });
    assert.deepEqual(change(0, 150), { amount: 150, share: null });
  });
  test('a survey with no answers: every step counted 0 and no mean', () => {
    const d = distribution({ min: 1, max: 5 }, new Map());
    assert.deepEqual(
      d.map((x) => x.count),
      [0, 0, 0, 0, 0],
    );
    assert.equal(mean(d), null);
    assert.equal(
      mean(
        distribution(
          { min: 1, max: 5 },
          new Map([
            [2, 1],
            [5, 3],
          ]),
        ),
      ),
      (2 + 15) / 4,
    );
  });
  test('property: the mean lies within the scale and the counts add up', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 5, maxLength: 5 }), (counts) => {
        const d = distribution({ min: 1, max: 5 }, new Map(counts.map((c, i) => [i + 1, c])));
        const m = mean(d);
        const total = counts.reduce((a, b) => a + b, 0);
        assert.equal(
          d.reduce((s, x) => s + x.count, 0),
          total,
        );
        if (total === 0) assert.equal(m, null);
        else assert.ok(m !== null && m >= 1 && m <= 5);
      }),
    );
  });
});

describe('R-10: what changed since a report was sent', () => {
  const report = (share: number | null, rows: [string, number][]) => ({
    sections: [
      {
        key: 'first_line',
        title: 'Första linjen',
        figures: [{ key: 'first_line.share', label: 'Andel', value: share, unit: 'share' as const }],
        tables: [
          {
            key: 't',
            title: 'Per kategori',
            columns: [
              { label: 'Kategori', unit: null },
              { label: 'Lösta', unit: 'count' as const },
            ],
            rows: rows.map(([k, n]) => ({ key: k, cells: [k, n] })),
          },
        ],
      },
    ],
  });

  test('a changed figure, a changed cell, a new row and a gone row', () => {
    const changes = reportChanges(
      report(0.5, [
        ['Fel', 3],
        ['Fråga', 2],
      ]),
      report(0.52, [
        ['Fel', 4],
        ['Beställning', 1],
      ]),
    );
    assert.deepEqual(
      changes.map((c) => [c.label, c.sent, c.now]),
      [
        ['Andel', 0.5, 0.52],
        ['Per kategori: Fel, lösta', 3, 4],
        ['Per kategori: Fråga, lösta', 2, null],
        ['Per kategori: Beställning, lösta', null, 1],
      ],
    );
  });

  test('property: a report compared with itself has no changes', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), fc.nat(1000)), { maxLength: 8 }),
        (s, rows) => {
          const unique = [...new Map(rows).entries()];
          assert.deepEqual(reportChanges(report(s, unique), report(s, unique)), []);
        },
      ),
    );
  });
});
