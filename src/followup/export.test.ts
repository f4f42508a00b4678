import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { pdfFonts, pdfToText } from '../../test/support/poppler.ts';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { CHART_COLOURS, chartSvg, formatValue } from './chart-svg.ts';
import { ZFollowUpReport, type Chart, type FollowUpReport } from './contract.ts';
import { followUpFilename, followUpPdf } from './export-pdf.ts';
import { followUpXlsx, sheetName, UNIT_NUMFMT } from './export-xlsx.ts';
import { buildSections, type ReportFacts } from './report-rules.ts';
import { periodLabel } from './rules.ts';
import { period, QUESTION, sampleFacts, trend } from '../../test/support/followup-facts.ts';

const facts = sampleFacts;

/** No tickets, no surveys, no money, availability not measured: every share and mean is null. */
const EMPTY: Partial<ReportFacts> = {
  municipalities: [
    { id: 'm-t', code: 'tranemo', name: 'Tranemo kommun' },
    { id: 'm-u', code: 'ulricehamn', name: 'Ulricehamns kommun' },
  ],
  solved: [],
  trendSolved: [],
  breaches: [],
  received: [],
  onCall: { tickets: 0, minutes: 0, billableMinutes: 0, billedOre: 0 },
  operations: { availability: null, trend: trend.map(() => null), incidents: 0, incidentsInYear: 0, yearLabel: '2026' },
  surveys: { sent: 0, answered: 0, answers: [], comments: [] },
  orders: { deliveredLines: 0 },
  assets: { inUse: 0, dueForRenewal: 0 },
  billing: { perMunicipality: [], trend: trend.map(() => 0) },
};

function report(f: ReportFacts, over: Partial<FollowUpReport> = {}): FollowUpReport {
  // Parsed with the contract, so the exports are tested on the shape the routes answer with.
  return ZFollowUpReport.parse({
    year: period.year,
    period: { key: period.key, code: period.code, year: period.year, label: periodLabel(period), from: period.from, to: period.to, complete: true },
    municipality: { code: 'tranemo', name: 'Tranemo kommun' },
    missionTitle: MISSION_2023.title,
    generatedAt: '2026-09-02T08:00:00Z',
    sections: buildSections(f),
    ...over,
  });
}

const REPORT = report(facts());
const EMPTY_REPORT = report(facts(EMPTY), {
  municipality: null,
  period: { ...REPORT.period, complete: false },
  generatedAt: '2026-07-15T10:00:00Z',
});

function figure(r: FollowUpReport, key: string) {
  const found = r.sections.flatMap((s) => s.figures).find((f) => f.key === key);
  assert.ok(found, key);
  return found;
}

// ---- reading back -------------------------------------------------------------------------------------

/** pdftotext -layout (test/support/poppler.ts), no-break spaces made plain. */
const textOf = (pdf: Buffer) => pdfToText(pdf).replaceAll('\u00a0', ' ');
/** Whether `text` holds `expected` ignoring whitespace (a definition wraps over lines). */
const has = (text: string, expected: string) => text.replace(/\s+/g, '').includes(expected.replace(/\s+/g, ''));
const plain = (s: string) => s.replaceAll('\u00a0', ' ');

async function workbookOf(r: FollowUpReport): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await followUpXlsx(r)) as unknown as ArrayBuffer);
  return workbook;
}

/** The row of a sheet whose column `column` holds `label`. */
function rowWith(sheet: ExcelJS.Worksheet, column: number, label: string): ExcelJS.Row {
  for (let i = 1; i <= sheet.rowCount; i++) {
    const row = sheet.getRow(i);
    if (row.getCell(column).value === label) return row;
  }
  assert.fail(`no row "${label}" in ${sheet.name}`);
}

// ---- tests --------------------------------------------------------------------------------------------

describe('R-10: Swedish values', () => {
  const cases: [number | null, Parameters<typeof formatValue>[1], string][] = [
    [0.523, 'share', '52,3 %'],
    [11 / 14, 'share', '78,6 %'],
    [1, 'share', '100,0 %'],
    [-0.25, 'share', '-25,0 %'],
    [1_234_500, 'ore', '12 345,00 kr'],
    [-5_000, 'ore', '-50,00 kr'],
    [195, 'minutes', '3 h 15 min'],
    [45, 'minutes', '45 min'],
    [120, 'minutes', '2 h'],
    [0, 'minutes', '0 min'],
    [12_345, 'count', '12 345'],
    [3.66, 'score', '3,7'],
    [null, 'share', '–'],
    [null, 'ore', '–'],
  ];
  for (const [value, unit, expected] of cases) {
    test(`${String(value)} ${unit} → ${expected}`, () => assert.equal(plain(formatValue(value, unit)), expected));
  }
});

describe('R-10: a chart as SVG', () => {
  const chart = (over: Partial<Chart> = {}): Chart => ({
    key: 'c',
    kind: 'trend',
    title: 'Andel <lösta> & "klara"',
    unit: 'share',
    points: [
      { label: 'T1 2026', value: 0.4 },
      { label: 'T2 2026', value: null },
      { label: 'T3 2026', value: 0.6 },
      { label: 'T1 2027', value: 0.7 },
    ],
    target: 0.5,
    table: 't',
    ...over,
  });

  test('presentation attributes only: no CSS, no ids; text escaped', () => {
    const svg = chartSvg(chart());
    assert.ok(!/<style|style=|\bid=|class=/.test(svg), svg);
    assert.ok(svg.includes('<title>Andel &lt;lösta&gt; &amp; &quot;klara&quot;</title>'));
    assert.equal(chartSvg(chart()), svg, 'the same chart gives the same bytes');
  });

  test('a trend: the line breaks at a period with nothing to measure; a point per measured period; the target dashed and labelled "Mål"', () => {
    const svg = chartSvg(chart());
    assert.equal((svg.match(/<path /g) ?? []).length, 1, 'T1 stands alone, T3–T1 are joined');
    assert.equal((svg.match(/<circle /g) ?? []).length, 3);
    assert.match(svg, new RegExp(`<line [^>]*stroke="${CHART_COLOURS.target}"[^>]*stroke-dasharray="6 4"`));
    assert.match(svg, />Mål<\/text>/);
    for (const tick of ['0', '25', '50', '75', '100']) assert.ok(svg.includes(`>${tick}\u00a0%</text>`), `${tick} %`);
    assert.ok(svg.includes('<desc>T1 2026: 40,0\u00a0%; T2 2026: –; T3 2026: 60,0\u00a0%; T1 2027: 70,0\u00a0%. Mål: 50,0\u00a0%.</desc>'));
  });

  test('a distribution: a bar per step with a count, none for zero; öre trend ticks in kronor', () => {
    const svg = chartSvg(
      chart({
        kind: 'distribution',
        unit: 'count',
        target: null,
        points: [1, 2, 3, 4, 5].map((v) => ({ label: String(v), value: v === 2 ? 0 : v })),
      }),
    );
    assert.equal((svg.match(/<rect /g) ?? []).length, 1 + 4, 'the background and four bars');
    assert.ok(!svg.includes('Mål'));
    const money = chartSvg(chart({ unit: 'ore', target: null, points: [{ label: 'T1', value: 1_234_550 }] }));
    assert.match(money, />15\u00a0000\u00a0kr<\/text>/);
  });

  test('availability near 100 %: the axis starts just below the lowest value, not at 0 %', () => {
    const svg = chartSvg(chart({ points: [0.9995, 0.9987, 1].map((v, i) => ({ label: `T${i + 1}`, value: v })), target: 0.991 }));
    for (const tick of ['98', '99', '100']) assert.ok(svg.includes(`>${tick}\u00a0%</text>`), `${tick} %`);
    assert.ok(!svg.includes('>0\u00a0%</text>'));
    // One value below 90 %: the whole 0–100 % axis again.
    assert.ok(chartSvg(chart({ points: [{ label: 'T1', value: 0.85 }], target: 0.991 })).includes('>0\u00a0%</text>'));
  });

  test('nothing measured in any period: the plot says so', () => {
    const svg = chartSvg(chart({ points: chart().points.map((p) => ({ ...p, value: null })) }));
    assert.ok(svg.includes('Inget att mäta för perioderna'));
    assert.ok(!svg.includes('<circle'));
  });
});

describe('R-10: file names and sheet names', () => {
  test('the period and municipality in ASCII; "bada" for both', () => {
    assert.equal(followUpFilename(REPORT, 'pdf'), 'uppfoljning-2026-T2-tranemo.pdf');
    assert.equal(followUpFilename(EMPTY_REPORT, 'xlsx'), 'uppfoljning-2026-T2-bada.xlsx');
    assert.equal(followUpFilename({ ...REPORT, period: { ...REPORT.period, key: '2026', code: null } }, 'xlsx'), 'uppfoljning-2026-tranemo.xlsx');
  });

  test('sheet names: Excel’s forbidden characters out, 31 characters at most, unique', () => {
    const taken = new Set(['sammanfattning', 'history']);
    assert.equal(sheetName('Avbrott: [drift]/tillgänglighet?*', taken), 'Avbrott drifttillgänglighet');
    const long = 'Svarsfördelning per fråga och kommun under året';
    assert.equal(sheetName(long, taken), 'Svarsfördelning per fråga och');
    assert.equal(sheetName(long, taken), 'Svarsfördelning per fråga (2)');
    assert.equal(sheetName('Avdelningsövergripandeverksamhetsuppföljning', taken), 'Avdelningsövergripandeverksamhe', 'one long word: cut inside it');
    assert.equal(sheetName('Sammanfattning', taken), 'Sammanfattning (2)');
    assert.equal(sheetName(" '' ", taken), 'Avsnitt');
    assert.ok([...taken].every((n) => n.length <= 31));
  });
});

describe('R-10: the report as PDF', () => {
  test('period, figures in Swedish with targets and definitions, the charts with "Mål", the tables; fonts embedded', async () => {
    const pdf = await followUpPdf(REPORT);
    const text = textOf(pdf);
    const share = figure(REPORT, 'first_line.share');
    assert.equal(share.value, 11 / 14);
    for (const expected of [
      'Uppföljning T2 2026 (maj–augusti)',
      'Tranemo kommun',
      'Ramuppdrag it 2023',
      'Perioden är avslutad',
      '2 september 2026 kl. 10:00',
      'Andel lösta av första linjen',
      plain(formatValue(share.value, 'share')), // 78,6 %
      'Minst 50 % ska lösas av användarstödet. Målet nås.',
      'Målet nås inte', // intefunktion: 3 of 4 within a day
      '12 345,50 kr', // billed this tertial
      '3 h 15 min', // on-call time
      '12 345', // equipment in use
      'Andel lösta av första linjen per tertial', // a chart's table
      'Per kategori och linje', // a table without a chart
      'Överträdelser', // a heading of that table
      'Svarsfördelning',
      'IT-2026-00042',
    ]) {
      assert.ok(has(text, expected), `"${expected}" in:\n${text}`);
    }
    assert.ok(text.includes(plain(formatValue(share.value, 'share'))), 'a share as written, on one line');
    assert.ok(has(text, share.definition), 'the figure’s definition');
    assert.ok(has(pdfToText(pdf, { layout: false }), 'Efter tidsgränsen'), 'a column heading that wraps, in reading order');
    assert.match(text, /(^|\s)Mål(\s|$)/m, 'the target line’s label in a chart');
    assert.match(text, /(^|\s)75 ?%(\s|$)/m, 'a share axis tick');
    const fonts = pdfFonts(pdf);
    assert.ok(fonts.length > 0 && fonts.every((f) => f.embedded && f.name.includes('DejaVuSans')), JSON.stringify(fonts));
  });

  test('no tickets, nothing measured, both municipalities, a period going on: still renders, with "–" and says so', async () => {
    assert.equal(figure(EMPTY_REPORT, 'first_line.share').value, null);
    const text = textOf(await followUpPdf(EMPTY_REPORT));
    for (const expected of [
      'Tranemo och Ulricehamn',
      'Båda kommunerna',
      'Perioden pågår – mätt fram till 15 juli 2026',
      'Inget att mäta ännu',
      'Inget att mäta för perioderna',
      'Inget att visa för perioden.',
      '–',
    ]) {
      assert.ok(has(text, expected), `"${expected}" in:\n${text}`);
    }
  });

  test('a report without sections renders', async () => {
    const text = textOf(await followUpPdf({ ...REPORT, sections: [] }));
    assert.ok(text.includes('Rapporten har inga avsnitt.'));
  });
});

describe('R-10: the report as XLSX', () => {
  test('"Sammanfattning" and a sheet per section, numbers as numbers with their formats', async () => {
    const workbook = await workbookOf(REPORT);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      [
        'Sammanfattning',
        'Ärenden lösta av första linjen',
        'Intefunktion lösta inom en', // "… arbetsdag": Excel allows 31 characters
        'Servicenivåer per kategori och',
        'Beredskap',
        'Avbrott och tillgänglighet',
        'Nöjdhetsenkäten',
        'Volymer',
        'Fakturering',
        'Platser och driftsäkerhet',
      ],
    );
    const summary = workbook.getWorksheet('Sammanfattning');
    assert.ok(summary);
    assert.equal(summary.views[0]?.state, 'frozen');
    assert.equal(summary.getCell('A1').value, 'Uppföljning T2 2026 (maj–augusti)');

    const share = rowWith(summary, 2, 'Andel lösta av första linjen');
    assert.equal(share.getCell(1).value, 'Ärenden lösta av första linjen');
    assert.equal(typeof share.getCell(3).value, 'number');
    assert.equal(share.getCell(3).value, 11 / 14);
    assert.equal(share.getCell(3).numFmt, '0.0%');
    assert.equal(share.getCell(5).value, 'Minst 50 % ska lösas av användarstödet');
    assert.equal(share.getCell(6).value, 0.5);
    assert.equal(share.getCell(7).value, 'Ja');
    assert.equal(rowWith(summary, 2, 'Andel lösta inom en arbetsdag').getCell(7).value, 'Nej');

    const billed = rowWith(summary, 2, 'Fakturerat under perioden');
    assert.equal(billed.getCell(3).value, 12_345.5, 'öre as kronor');
    assert.equal(billed.getCell(3).numFmt, UNIT_NUMFMT.ore);
    assert.equal(rowWith(summary, 2, 'Arbetad tid i beredskap').getCell(3).value, 195, 'minutes');
    assert.equal(rowWith(summary, 2, 'Utrustning i bruk').getCell(3).value, 12_345);

    const billing = workbook.getWorksheet('Fakturering');
    assert.ok(billing);
    assert.equal(billing.views[0]?.state, 'frozen');
    assert.equal(billing.getCell('A1').value, 'Mått');
    rowWith(billing, 1, 'Per kommun');
    const tranemo = rowWith(billing, 1, 'Tranemo kommun');
    assert.deepEqual(
      [2, 3, 4, 5].map((i) => tranemo.getCell(i).value),
      [12_345.5, 10_000, 2_345.5, 0.23455],
    );
    assert.equal(tranemo.getCell(5).numFmt, '0.0%');

    // every shortfall with its site and reason, as text.
    const sites = workbook.getWorksheet('Platser och driftsäkerhet');
    assert.ok(sites);
    const langhem = rowWith(sites, 1, 'Knutpunkt Länghem');
    assert.deepEqual(
      [2, 3, 4, 5].map((i) => langhem.getCell(i).value),
      ['Tranemo kommun', 'knutpunkt', 'reservkraft (UPS)', 'reservkraften räcker 2 timmar av kravets 4 timmar'],
    );

    const survey = workbook.getWorksheet('Nöjdhetsenkäten');
    assert.ok(survey);
    assert.equal(rowWith(survey, 2, 'IT-2026-00042').getCell(3).value, `'=HYPERLINK("http://x")`, 'a typed formula stays text');
    assert.equal(rowWith(survey, 1, 'Svarsfrekvens').getCell(2).value, 0.4);
    assert.equal(rowWith(survey, 1, `Medelvärde: ${QUESTION.text}`).getCell(2).value, 4.75);
  });

  test('nothing to measure is an empty cell, never "" or 0', async () => {
    const workbook = await workbookOf(EMPTY_REPORT);
    const summary = workbook.getWorksheet('Sammanfattning');
    assert.ok(summary);
    assert.equal(rowWith(summary, 1, 'Kommun').getCell(2).value, 'Båda kommunerna');
    const share = rowWith(summary, 2, 'Andel lösta av första linjen');
    assert.equal(share.getCell(3).value, null);
    assert.equal(share.getCell(3).type, ExcelJS.ValueType.Null);
    assert.equal(share.getCell(7).value, null, 'met: nothing to judge');
    assert.equal(rowWith(summary, 2, 'Lösta ärenden').getCell(3).value, 0, 'a count of nothing is 0');
    const operations = workbook.getWorksheet('Avbrott och tillgänglighet');
    assert.ok(operations);
    assert.equal(rowWith(operations, 1, 'T2 2026').getCell(2).value, null);
    let empties = 0;
    for (const ws of workbook.worksheets) ws.eachRow((row) => row.eachCell((c) => void (c.value === '' && empties++)));
    assert.equal(empties, 0);
  });
});
