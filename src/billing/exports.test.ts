import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { RunSummary, UnitBasis, UnitTotal } from './basis.ts';
import { runPolicy } from './rules.ts';
import {
  accountingColumns,
  csvText,
  kronor,
  monthNameSv,
  runLineTable,
  safeFilePart,
  sieDocumentOf,
  unitBasisPdf,
  unitTotalsTable,
  xlsxOf,
  type AccountingEntry,
  type ExportLine,
  type RunTableInput,
  type SieExportInput,
} from './exports.ts';
import { sieText } from './sie.ts';
import { pdfFonts, pdfToText } from '../../test/support/poppler.ts';

// Issue 8, R-6.7: the pure parts of a run's exports (rows, CSV, XLSX, the SIE voucher, the unit PDF).

const ULRICEHAMN_FIELDS = [
  { key: 'ansvar', label: 'Ansvar' },
  { key: 'verksamhet', label: 'Verksamhet' },
  { key: 'aktivitet', label: 'Aktivitet' },
];

const unitA = { unitId: 'u-a', unitCode: 'FFL-GR-ATR', unitName: 'Ätradalsskolan', accountingCodes: { ansvar: '5210', verksamhet: '425' } };
const unitB = {
  unitId: 'u-b',
  unitCode: 'FFL-GR-STB',
  unitName: '=HYPERLINK("http://x")',
  accountingCodes: { ansvar: '5220', verksamhet: '425', aktivitet: '0001' },
};

function line(overrides: Partial<ExportLine>): ExportLine {
  return {
    unitId: 'u-a',
    kind: 'charge',
    source: 'asset',
    chargeGroup: 'periodic',
    subjectLabel: 'PF1',
    articleCode: 'DATOR-ADM',
    description: 'Datorarbetsplats – Lenovo',
    month: '2023-03',
    quantity: 1,
    quantityUnit: 'month',
    unitPriceOre: 45_000,
    amountOre: 45_000,
    previouslyBilledOre: 0,
    rule: 'hyra per månad (R-6.4)',
    reason: null,
    ...overrides,
  };
}

const input: RunTableInput = {
  municipality: { name: 'Ulricehamns kommun', accountingFields: ULRICEHAMN_FIELDS },
  run: { runMonth: '2023-04', status: 'draft' },
  units: [unitB, unitA],
};
const lines: ExportLine[] = [
  line({ unitId: 'u-b', subjectLabel: 'PF3', amountOre: 55_000, unitPriceOre: 55_000 }),
  line({ kind: 'correction', subjectLabel: 'PF1', month: '2023-03', amountOre: -45_000, previouslyBilledOre: 45_000, reason: 'återlämnad 2023-02-10' }),
  line({ subjectLabel: 'PF2', month: '2023-04' }),
  line({
    chargeGroup: 'continuous',
    source: 'on_call',
    subjectLabel: 'T-17',
    articleCode: 'BEREDSKAP',
    description: '+ beredskap',
    quantity: 45,
    quantityUnit: 'minute',
    unitPriceOre: 90_000,
    amountOre: 67_500,
    month: '2023-03',
    rule: '@regel',
  }),
];

describe('money, months and file names', () => {
  test('kronor: a period decimal sign, two decimals, "-" for negatives, exact from öre', () => {
    assert.deepEqual([kronor(0), kronor(5), kronor(-5), kronor(123_450), kronor(-4_500_000)], ['0.00', '0.05', '-0.05', '1234.50', '-45000.00']);
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => Math.round(Number(kronor(ore)) * 100) === ore));
  });
  test('monthNameSv', () => assert.equal(monthNameSv('2023-03'), 'mars 2023'));
  test('safeFilePart: ASCII only, accents dropped', () => {
    assert.equal(safeFilePart('Ätradalsskolan FFL/GR'), 'Atradalsskolan_FFL_GR');
    assert.equal(safeFilePart('../../etc'), 'etc');
    assert.equal(safeFilePart('"; x'), 'x');
    fc.assert(fc.property(fc.string(), (s) => /^[A-Za-z0-9-][A-Za-z0-9._-]*$/.test(safeFilePart(s))));
  });
});

describe('runLineTable (R-6.7: one row per line, the unit’s accounting fields as columns)', () => {
  const table = runLineTable(input, lines);
  const header = table.columns.map((c) => c.header);

  test('the header: fixed columns in Swedish with the municipality’s fields in its order', () => {
    assert.deepEqual(header, [
      'kommun',
      'körning',
      'status',
      'enhetskod',
      'enhet',
      'ansvar',
      'verksamhet',
      'aktivitet',
      'typ',
      'källa',
      'objekt',
      'artikel',
      'beskrivning',
      'månad',
      'antal',
      'enhet för antal',
      'à-pris (kr)',
      'belopp (kr)',
      'belopp (öre)',
      'tidigare debiterat (kr)',
      'regel',
      'orsak',
    ]);
  });

  test('one row per line, by unit code, charges before corrections, periodic before continuous', () => {
    assert.equal(table.rows.length, lines.length);
    const at = (name: string) => header.indexOf(name);
    assert.deepEqual(
      table.rows.map((r) => [r[at('enhetskod')], r[at('objekt')], r[at('typ')], r[at('källa')]]),
      [
        ['FFL-GR-ATR', 'PF2', 'debitering', 'utrustning'],
        ['FFL-GR-ATR', 'T-17', 'debitering', 'beredskapstid'],
        ['FFL-GR-ATR', 'PF1', 'rättelse', 'utrustning'],
        ['FFL-GR-STB', 'PF3', 'debitering', 'utrustning'],
      ],
    );
    const correction = table.rows[2] ?? [];
    assert.deepEqual(
      [
        correction[at('status')],
        correction[at('ansvar')],
        correction[at('aktivitet')],
        correction[at('belopp (kr)')],
        correction[at('tidigare debiterat (kr)')],
        correction[at('orsak')],
      ],
      ['utkast', '5210', null, -45_000, 45_000, 'återlämnad 2023-02-10'],
    );
    assert.equal(table.rows[1]?.[at('enhet för antal')], 'minut');
  });

  test('an accounting field named like a fixed column is told apart', () => {
    assert.deepEqual(
      accountingColumns([
        { key: 'objekt', label: 'Objekt' },
        { key: 'ansvar', label: 'Ansvar' },
      ]).map((c) => c.header),
      ['objekt (kontering)', 'ansvar'],
    );
  });
});

describe('csvText (Swedish Excel: BOM, ";", CR LF; formula-safe)', () => {
  const csv = csvText(runLineTable(input, lines));

  test('UTF-8 BOM, semicolons, CR LF after every record, a header and one record per line', () => {
    assert.ok(csv.startsWith('\uFEFFkommun;körning;status;enhetskod;enhet;ansvar;'));
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n').length - 1, 1 + lines.length);
    assert.doesNotMatch(csv.replaceAll('\r\n', ''), /\n/);
  });

  test('text that would be a formula gets an apostrophe; money does not', () => {
    assert.ok(csv.includes(`;"'=HYPERLINK(""http://x"")";`), csv);
    assert.ok(csv.includes(";'+ beredskap;"));
    assert.ok(csv.includes(";'@regel;"));
    assert.ok(csv.includes(';-450.00;-45000;450.00;'), 'a credit: kronor with a period, öre, what was billed before');
    assert.ok(csv.includes(';900.00;675.00;67500;;'), 'on-call: hourly price, amount, öre, nothing billed before (a charge)');
  });

  test('a semicolon or line break inside text stays inside its quoted field', () => {
    const out = csvText(runLineTable(input, [line({ description: 'a;b\r\nc' })]));
    assert.ok(out.includes('"a;b\r\nc"'));
  });
});

describe('unitTotalsTable and the XLSX', () => {
  const units: UnitTotal[] = [
    { ...unitA, lineCount: 3, totalOre: 67_500, correctionOre: -45_000, previousTotalOre: 90_000 },
    { ...unitB, lineCount: 1, totalOre: 55_000, correctionOre: 0, previousTotalOre: 55_000 },
  ];

  test('per unit, and a sum row', () => {
    const table = unitTotalsTable({ municipality: input.municipality, units });
    assert.deepEqual(table.rows.at(-1), ['Summa', null, null, null, null, 4, 122_500, -45_000, 145_000, -22_500]);
  });

  test('the workbook opens with exceljs: both sheets, frozen header, money as numbers with a format, text neutralised', async () => {
    const buffer = await xlsxOf({
      title: 'Debiteringsunderlag',
      lines: runLineTable(input, lines),
      units: unitTotalsTable({ municipality: input.municipality, units }),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Rader', 'Per enhet'],
    );
    const sheet = workbook.getWorksheet('Rader');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 1 + lines.length);
    assert.equal(sheet.views[0]?.state, 'frozen');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const correction = sheet.getRow(4);
    assert.equal(correction.getCell(col('belopp (kr)')).value, -450);
    assert.equal(correction.getCell(col('belopp (kr)')).numFmt, '#,##0.00');
    assert.equal(correction.getCell(col('belopp (öre)')).value, -45_000);
    assert.equal(sheet.getRow(5).getCell(col('enhet')).value, `'=HYPERLINK("http://x")`);
    const perUnit = workbook.getWorksheet('Per enhet');
    assert.equal(perUnit?.getRow(4).getCell(1).value, 'Summa');
  });

  test('issue 16: empty cells stay empty (no "" string, no 0): a missing accounting code, no reason, nothing billed before a charge, the sum row', async () => {
    const buffer = await xlsxOf({
      title: 'Debiteringsunderlag',
      lines: runLineTable(input, lines),
      units: unitTotalsTable({ municipality: input.municipality, units }),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Rader');
    assert.ok(sheet);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1);
    const charge = 2; // PF2, a charge: no reason, nothing billed before
    assert.equal(cell(charge, 'aktivitet').value, null);
    assert.equal(cell(charge, 'aktivitet').type, ExcelJS.ValueType.Null);
    assert.equal(cell(charge, 'orsak').value, null);
    assert.equal(cell(charge, 'tidigare debiterat (kr)').value, null);
    assert.equal(cell(4, 'tidigare debiterat (kr)').value, 450, 'a correction shows what was billed before');
    let empties = 0;
    for (const ws of workbook.worksheets) {
      ws.eachRow((row) =>
        row.eachCell({ includeEmpty: false }, (c) => {
          if (c.value === '' || (c.value === 0 && header[Number(c.col) - 1] === 'tidigare debiterat (kr)' && ws.name === 'Rader')) empties++;
        }),
      );
    }
    assert.equal(empties, 0, 'no cell holds an empty string, and no charge a 0 for what was billed before');
    const perUnit = workbook.getWorksheet('Per enhet');
    assert.equal(perUnit?.getRow(4).getCell(2).value, null, 'the sum row has no unit name');
  });
});

// ---- SIE -------------------------------------------------------------------------------------------------

const ACCOUNTING: AccountingEntry = {
  municipality: 'ulricehamn',
  debitAccount: '6410',
  creditAccount: '3510',
  dimensions: [
    { number: 1, name: 'Ansvar', field: 'ansvar' },
    { number: 20, name: 'Verksamhet', field: 'verksamhet' },
  ],
  creditObjects: [
    { dimension: 1, code: '9100' },
    { dimension: 20, code: '910' },
  ],
  counterpart: { dimension: 23, name: 'Motpart', code: '1' },
  voucherText: 'Internfakturering it',
};

const sieInput = (overrides: Partial<SieExportInput> = {}): SieExportInput => ({
  municipality: { code: 'ulricehamn', name: 'Ulricehamns kommun', orgNumber: '212000-1504' },
  accounting: ACCOUNTING,
  runMonth: '2023-04',
  units: [
    { unitCode: 'FFL-GR-ATR', unitName: 'Ätradalsskolan', accountingCodes: { ansvar: '5210', verksamhet: '425' }, totalOre: 90_000 },
    { unitCode: 'FFL-GR-STB', unitName: 'Stenbocksskolan', accountingCodes: { ansvar: '5220', verksamhet: '425' }, totalOre: -12_345 },
    { unitCode: 'VOF-AO-HTC', unitName: 'Hemtjänst Centrum', accountingCodes: { ansvar: '6110' }, totalOre: 0 },
  ],
  generatedOn: '2023-05-02',
  programVersion: '0.1.0',
  ...overrides,
});

function documentOf(props: SieExportInput) {
  const result = sieDocumentOf(props);
  assert.ok(result.ok, JSON.stringify(result));
  return result.doc;
}

describe('sieDocumentOf (R-6.7: a run as one SIE 4I voucher)', () => {
  test('one debit per unit with a non-zero total (negative from corrections), one credit of minus the total; balanced', () => {
    const doc = documentOf(sieInput());
    const [voucher] = doc.vouchers;
    assert.ok(voucher);
    assert.deepEqual([voucher.date, voucher.text], ['2023-04-01', 'Internfakturering it 2023-04']);
    assert.deepEqual(
      voucher.transactions.map((t) => [t.account, t.objects.map((o) => `${o.dimension}:${o.code}`).join(' '), t.amountOre]),
      [
        ['6410', '1:5210 20:425 23:1', 90_000],
        ['6410', '1:5220 20:425 23:1', -12_345],
        ['3510', '1:9100 20:910 23:1', -77_655],
      ],
    );
    assert.equal(
      voucher.transactions.reduce((s, t) => s + t.amountOre, 0),
      0,
    );
  });

  test('every dimension and object used is declared, with the unit’s name, "It-enheten" and the counterpart’s name', () => {
    const doc = documentOf(sieInput());
    assert.deepEqual(doc.dimensions, [
      { number: 1, name: 'Ansvar' },
      { number: 20, name: 'Verksamhet' },
      { number: 23, name: 'Motpart' },
    ]);
    assert.deepEqual(doc.objects, [
      { dimension: 1, code: '5210', name: 'Ätradalsskolan' },
      { dimension: 1, code: '5220', name: 'Stenbocksskolan' },
      { dimension: 1, code: '9100', name: 'It-enheten' },
      { dimension: 20, code: '425', name: 'Verksamhet 425' },
      { dimension: 20, code: '910', name: 'It-enheten' },
      { dimension: 23, code: '1', name: 'Motpart' },
    ]);
    assert.deepEqual(
      doc.accounts?.map((a) => a.account),
      ['6410', '3510'],
    );
    const text = sieText(doc);
    assert.match(
      text,
      /^#FLAGGA 0\r\n#PROGRAM "Samdesk" 0\.1\.0\r\n#FORMAT PC8\r\n#GEN 20230502\r\n#SIETYP 4\r\n#ORGNR 212000-1504\r\n#FNAMN "Ulricehamns kommun"\r\n/,
    );
    assert.match(
      text,
      /#VER "" "" 20230401 "Internfakturering it 2023-04"\r\n\{\r\n#TRANS 6410 \{"1" "5210" "20" "425" "23" "1"\} 900\.00 "" "FFL-GR-ATR Ätradalsskolan"\r\n/,
    );
  });

  test('without a counterpart, and with no credit objects (an external invoice)', () => {
    const doc = documentOf(sieInput({ accounting: { ...ACCOUNTING, creditAccount: '2440', creditObjects: [], counterpart: null } }));
    const credit = doc.vouchers[0]?.transactions.at(-1);
    assert.deepEqual(credit, { account: '2440', objects: [], amountOre: -77_655, text: 'It-enheten' });
    assert.deepEqual(
      doc.dimensions.map((d) => d.number),
      [1, 20],
    );
  });

  test('balanced for any unit totals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 30 }), (totals) => {
        const units = totals.map((totalOre, i) => ({
          unitCode: `E${i}`,
          unitName: `Enhet ${i}`,
          accountingCodes: { ansvar: String(1000 + i), verksamhet: '425' },
          totalOre,
        }));
        const doc = documentOf(sieInput({ units }));
        const transactions = doc.vouchers.flatMap((v) => v.transactions);
        assert.equal(
          transactions.reduce((s, t) => s + t.amountOre, 0),
          0,
        );
        assert.ok(transactions.every((t) => t.amountOre !== 0));
        assert.equal(transactions.filter((t) => t.account === '6410').length, totals.filter((x) => x !== 0).length);
        sieText(doc); // the writer accepts it (declared dimensions, at least two transactions per voucher)
      }),
    );
  });

  test('nothing to book: a valid file without a voucher', () => {
    const doc = documentOf(sieInput({ units: [] }));
    assert.deepEqual(doc.vouchers, []);
    assert.match(sieText(doc), /#FNAMN/);
  });

  test('no accounting entry: a problem on "municipality" in English and Swedish', () => {
    const result = sieDocumentOf(sieInput({ accounting: undefined }));
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.field),
      ['municipality'],
    );
    assert.match(result.problems[0]?.reasonSv ?? '', /saknar konteringsinställningar/);
    assert.match(result.problems[0]?.reason ?? '', /no accounting settings/);
  });

  test('a unit without a code a mapped dimension needs: named by unit code and field; zero units do not count', () => {
    const result = sieDocumentOf(
      sieInput({ units: [...sieInput().units, { unitCode: 'KLF-IT-SUP', unitName: 'IT-support', accountingCodes: { ansvar: ' ' }, totalOre: 1 }] }),
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.field),
      ['units.KLF-IT-SUP.accountingCodes.ansvar', 'units.KLF-IT-SUP.accountingCodes.verksamhet'],
    );
    assert.match(result.problems[0]?.reasonSv ?? '', /KLF-IT-SUP/);
  });

  test('a dimension mapped twice (or as the counterpart too) is a configuration problem', () => {
    const result = sieDocumentOf(sieInput({ accounting: { ...ACCOUNTING, counterpart: { dimension: 20, name: 'Motpart', code: '1' } } }));
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.field),
      ['billing.accounting[ulricehamn].dimensions', 'billing.accounting[ulricehamn].creditObjects'],
    );
  });
});

// ---- the unit PDF ------------------------------------------------------------------------------------------

/** The text as poppler's pdftotext reads it in reading order (test/support/poppler.ts), whitespace removed. */
function pdfText(pdf: Buffer): string {
  return pdfToText(pdf, { layout: false }).replace(/[\s\u00a0]+/g, '');
}
const squash = (s: string) => s.replace(/\s+/g, '');

function run(status: RunSummary['status']): RunSummary {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    municipalityId: 'm',
    runMonth: '2023-04',
    status,
    scope: { municipality: 'ulricehamn', runMonth: '2023-04', periodicMonths: ['2023-04'], continuousBefore: '2023-04-01', centralYear: null, internal: true },
    settings: {},
    lineCount: 3,
    totalOre: 67_500,
    warnings: [],
    basedOnRunId: 'p',
    computedAt: '2023-05-01T08:00:00.000Z',
    reviewedAt: null,
    reviewedByUserId: null,
    approvedAt: status === 'approved' ? '2023-05-02T08:00:00.000Z' : null,
    approvedByUserId: null,
    computedByName: null,
    reviewedByName: null,
    approvedByName: null,
    version: 1,
    actions: runPolicy({ userId: 'x', roles: [], municipalityId: null }, { status, municipalityId: 'm', reviewedByUserId: null }),
  };
}

function basis(status: RunSummary['status']): UnitBasis {
  const basisLines = lines.filter((l) => l.unitId === 'u-a').map((l, i) => ({ ...l, id: `l${i}`, key: `k${i}`, subjectId: `s${i}` }));
  return {
    run: run(status),
    previous: { ...run('approved'), id: 'p', runMonth: '2023-03' },
    unit: { id: 'u-a', code: 'FFL-GR-ATR', name: 'Ätradalsskolan', accountingCodes: unitA.accountingCodes, accountingString: 'Ansvar 5210 · Verksamhet 425' },
    lines: basisLines,
    totalOre: 67_500,
    previousTotalOre: 90_000,
    changes: [
      {
        unitId: 'u-a',
        groupKey: 'c',
        subjectId: 's2',
        subjectLabel: 'PF1',
        articleCode: 'DATOR-ADM',
        description: 'Datorarbetsplats',
        kind: 'removed',
        previousOre: 45_000,
        currentOre: 0,
        deltaOre: -45_000,
        reason: 'återlämnad 2023-02-10',
      },
      {
        unitId: 'u-a',
        groupKey: 'd',
        subjectId: 's3',
        subjectLabel: 'T-17',
        articleCode: 'BEREDSKAP',
        description: 'Beredskap',
        kind: 'added',
        previousOre: 0,
        currentOre: 67_500,
        deltaOre: 67_500,
        reason: 'löpande beredskapstid',
      },
    ],
  };
}

describe('unitBasisPdf (R-6.3)', () => {
  test('a draft says "UTKAST – ej godkänt"; lines by group, corrections with reasons, totals and the changes', async () => {
    const pdf = await unitBasisPdf({ municipalityName: 'Ulricehamns kommun', basis: basis('draft'), printedAt: '2023-05-01T10:00:00Z' }, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'Debiteringsunderlag',
      'UTKAST – ej godkänt',
      'FFL-GR-ATRÄtradalsskolan',
      'Ansvar5210·Verksamhet425',
      'april2023(2023-04)',
      'Periodiskaavgifter',
      'Löpandedebitering',
      '45min',
      '900,00kr/tim',
      'Rättelser',
      'återlämnad2023-02-10',
      '-450,00kr',
      'Förändringarsedanföregåendefaktura',
      'Borttaget',
      'Tillkommit',
      'löpandeberedskapstid',
      '-225,00kr',
    ]) {
      assert.ok(text.includes(squash(expected)), `missing ${expected}`);
    }
  });

  test('issue 16: DejaVu Sans is embedded and names outside Windows-1252 print as typed', async () => {
    const b = basis('approved');
    const pdf = await unitBasisPdf({
      municipalityName: 'Ulricehamns kommun',
      basis: { ...b, unit: { ...b.unit, name: 'Ŋ-skolan Łódź ⅓' } },
      printedAt: '2023-05-03T10:00:00Z',
    });
    const fonts = pdfFonts(pdf);
    assert.ok(fonts.length > 0);
    for (const f of fonts) assert.ok(/^[A-Z]{6}\+DejaVuSans(-Bold|-Oblique|-BoldOblique)?$/.test(f.name) && f.embedded, JSON.stringify(f));
    assert.ok(pdfToText(pdf).includes('Ŋ-skolan Łódź ⅓'));
  });

  test('an approved run is not marked as a draft', async () => {
    const text = pdfText(
      await unitBasisPdf({ municipalityName: 'Ulricehamns kommun', basis: basis('approved'), printedAt: '2023-05-03T10:00:00Z' }, { compress: false }),
    );
    assert.ok(!text.includes('UTKAST'));
    assert.ok(text.includes('godkänd'));
  });
});
