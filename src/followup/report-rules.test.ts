import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { buildSections, type ReportFacts, type SolvedCount } from './report-rules.ts';
import { previousPeriod, reportPeriod, trendPeriods } from './rules.ts';

const TZ = 'Europe/Stockholm';
const periodsOf = () => ({ periods: MISSION_2023.followUp.periods, timeZone: TZ });
const period = reportPeriod(2026, 'T2', MISSION_2023.followUp.periods, TZ);
if (!period) throw new Error('no T2');
const trend = trendPeriods(period, Date.parse('2026-12-03T10:00:00+01:00'), periodsOf);

function facts(over: Partial<ReportFacts> = {}): ReportFacts {
  const solved: SolvedCount[] = [
    { bucket: 0, categoryId: 'c-fel', solvedLine: 1, intefunktion: false, met: true, n: 6 },
    { bucket: 0, categoryId: 'c-fel', solvedLine: 2, intefunktion: false, met: false, n: 2 },
    { bucket: 0, categoryId: 'c-ife', solvedLine: 1, intefunktion: true, met: true, n: 3 },
    { bucket: 0, categoryId: 'c-ife', solvedLine: 2, intefunktion: true, met: false, n: 1 },
    { bucket: 0, categoryId: null, solvedLine: 1, intefunktion: false, met: null, n: 2 },
  ];
  return {
    period: period as NonNullable<typeof period>,
    trend,
    previous: previousPeriod(period as NonNullable<typeof period>, periodsOf),
    municipalities: [{ id: 'm-t', code: 'tranemo', name: 'Tranemo kommun' }],
    itDeskId: 'd-it',
    drills: true,
    targets: { firstLine: 0.5, intefunktionDays: 1, availability: 0.991, maxOutagesPerYear: 5 },
    survey: { scale: MISSION_2023.support.survey.scale, questions: MISSION_2023.support.survey.questions },
    categories: new Map([
      ['c-fel', 'Fel'],
      ['c-ife', 'Intefunktion'],
    ]),
    solved,
    trendSolved: solved.map((r) => ({ ...r, bucket: trend.length - 1 })),
    breaches: [{ categoryId: 'c-fel', line: 2, n: 2 }],
    misses: [],
    received: [
      { categoryId: 'c-fel', channel: 'portal', line: 1, n: 5 },
      { categoryId: 'c-fel', channel: 'phone', line: 2, n: 1 },
    ],
    onCall: { tickets: 1, minutes: 45, billableMinutes: 60, billedOre: 80000 },
    operations: { availability: trend.map(() => 0.995), incidents: 1, incidentsInYear: 6, yearLabel: '2026' },
    surveys: { sent: 0, answered: 0, answers: [], comments: [] },
    orders: { deliveredLines: 0 },
    assets: { inUse: 0, dueForRenewal: 0 },
    billing: { perMunicipality: [{ id: 'm-t', name: 'Tranemo kommun', currentOre: 150_00, previousOre: 100_00 }], trend: trend.map(() => 0) },
    ...over,
  };
}

const figure = (f: ReportFacts, key: string) => {
  const found = buildSections(f)
    .flatMap((s) => s.figures)
    .find((x) => x.key === key);
  assert.ok(found, key);
  return found;
};

describe('R-10: the report from its counts', () => {
  test('first line: 11 of 14 solved by the 1st line, against 50 %, leading to those tickets', () => {
    const f = figure(facts(), 'first_line.share');
    assert.equal(f.value, 11 / 14);
    assert.equal(f.target?.met, true);
    assert.deepEqual(f.link?.params, { deskId: 'd-it', municipality: 'm-t', solvedFrom: '2026-05-01', solvedTo: '2026-08-31', solvedLine: '1' });
  });
  test('intefunktion: 3 of 4 within one working day, the target not met', () => {
    const f = figure(facts(), 'intefunktion.share');
    assert.equal(f.value, 0.75);
    assert.equal(f.target?.met, false);
    assert.equal(figure(facts(), 'intefunktion.missed').value, 1);
  });
  test('SLA: tickets without a deadline are neither met nor missed', () => {
    assert.equal(figure(facts(), 'sla.met').value, 9);
    assert.equal(figure(facts(), 'sla.missed').value, 3);
    assert.equal(figure(facts(), 'sla.breaches').value, 2);
    const table = buildSections(facts())
      .flatMap((s) => s.tables)
      .find((t) => t.key === 'sla.by_category');
    assert.deepEqual(
      table?.rows.map((r) => r.cells),
      [
        ['Fel', 'Första linjen (användarstöd)', 6, 0, 0, 1, 0],
        ['Fel', 'Andra linjen', 0, 2, 0, 0, 2],
        ['Intefunktion', 'Första linjen (användarstöd)', 3, 0, 0, 1, 0],
        ['Intefunktion', 'Andra linjen', 0, 1, 0, 0, 0],
        ['Utan kategori', 'Första linjen (användarstöd)', 0, 0, 2, null, 0],
      ],
    );
  });
  test('outages over the yearly cap, availability over its target', () => {
    assert.equal(figure(facts(), 'operations.incidents_year').target?.met, false);
    assert.equal(figure(facts(), 'operations.availability').target?.met, true);
  });
  test('a survey with no answers: no response rate and no mean', () => {
    assert.equal(figure(facts(), 'survey.rate').value, null);
    assert.equal(figure(facts(), `survey.mean.${MISSION_2023.support.survey.questions[0]?.code}`).value, null);
  });
  test('billing: the change from the previous tertial', () => {
    assert.equal(figure(facts(), 'billing.change').value, 50_00);
  });
  test('a reader who may not drill gets no links', () => {
    const sections = buildSections(facts({ drills: false }));
    assert.ok(sections.every((s) => s.figures.every((f) => f.link === null)));
  });
});
