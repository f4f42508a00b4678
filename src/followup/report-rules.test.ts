import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleFacts, SOLVED, trend } from '../../test/support/followup-facts.ts';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { buildSections, type ReportFacts } from './report-rules.ts';

/** The shared sample with this file's own on-call, survey, money and trend counts. */
function facts(over: Partial<ReportFacts> = {}): ReportFacts {
  return sampleFacts({
    trendSolved: SOLVED.map((r) => ({ ...r, bucket: trend.length - 1 })),
    onCall: { tickets: 1, minutes: 45, billableMinutes: 60, billedOre: 80000 },
    operations: { availability: 0.995, trend: trend.map(() => 0.995), incidents: 1, incidentsInYear: 6, yearLabel: '2026' },
    surveys: { sent: 0, answered: 0, answers: [], comments: [] },
    orders: { deliveredLines: 0 },
    assets: { inUse: 0, dueForRenewal: 0 },
    billing: { perMunicipality: [{ id: 'm-t', name: 'Tranemo kommun', currentOre: 150_00, previousOre: 100_00 }], trend: trend.map(() => 0) },
    ...over,
  });
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
  test('R-12.4: sites — the register’s size, the sites that fall short (each once) and every shortfall with its reason', () => {
    const f = facts();
    assert.equal(figure(f, 'sites.count').value, 9);
    assert.equal(figure(f, 'sites.short').value, 2, 'two sites, one with two shortfalls');
    assert.deepEqual(figure(f, 'sites.short').link, { kind: 'sites', params: { shortfalls: 'only', municipality: 'm-t' }, id: null });
    const table = buildSections(f)
      .find((s) => s.key === 'sites')
      ?.tables.find((t) => t.key === 'sites.shortfalls');
    assert.deepEqual(
      table?.rows.map((r) => [r.cells[0], r.cells[3], r.links[0]?.id]),
      [
        ['Knutpunkt Länghem', 'reservkraft (UPS)', 's-1'],
        ['Driftplats Tranemo', 'dieselreserv', 's-2'],
        ['Driftplats Tranemo', 'kylanläggning', 's-2'],
      ],
    );
    const none = facts({ sites: { asOf: '2026-12-03', count: 4, shortfalls: [] } });
    assert.equal(figure(none, 'sites.short').value, 0);
  });
  test('a reader who may not drill gets no links', () => {
    const sections = buildSections(
      facts({ drills: { tickets: false, outages: false, availability: false, billing: false, orders: false, assets: false, renewals: false, sites: false } }),
    );
    assert.ok(sections.every((s) => s.figures.every((f) => f.link === null)));
  });
});
