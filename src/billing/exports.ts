import { readFileSync } from 'node:fs';
import { PDF_CONTENT_TYPE, safeFilePart, type Download } from '../platform/http/download.ts';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type { Content, Style, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { Temporal } from 'temporal-polyfill';
import { createPdfMake, formatOre, PDF_FONT, pdfText, swedishDateTime } from '../platform/pdf.ts';
import { FILE_TYPES } from '../catalogue/export.ts';
import { neutraliseCell } from '../catalogue/rules.ts';
import type { MissionDocument } from '../mission/document.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { now as clockNow } from '../platform/clock.ts';
import { findMunicipality } from '../org/store.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { runUnits, unitBasis, type RunSummary, type UnitBasis, type UnitTotal } from './basis.ts';
import { MONTH_SV, RUN_STATUS_SV, SOURCE_SV, type ChangeKind, type ChargeGroup, type LineKind, type QuantityUnit, type RunStatus } from './rules.ts';
import { firstDayOf } from '../calendar/dates.ts';
import { encodeSie, formatSieAmount, type SieDocument, type SieObject, type SieTransaction } from './sie.ts';
import * as store from './store.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { runsBilling } from './policy.ts';

/**
 * Exports of a billing run (issue 8, R-6.7): what the municipalities' finance systems take.
 *
 * - CSV and XLSX of the whole run, one row per line, with the unit's accounting code fields as columns
 *   (in the municipality's field order) so finance can filter, pivot or import them. The XLSX adds a
 *   sheet "Per enhet" with each unit's total beside the previous run's.
 * - The per-unit invoice basis as PDF (R-6.3): the lines by group, corrections with their reasons, the
 *   totals and the changes since the previous invoice.
 * - The run as a SIE 4 type 4I voucher (DOMAIN-NOTES "SIE 4, type 4I"), booked with the municipality's
 *   `billing.accounting` from the mission in force on the run month's first day.
 *
 * Who (R-1.4, as basis.ts): finance, IT management and administrators of the run's municipality get
 * every export, of drafts too (the files say "utkast"; a draft PDF says "UTKAST – ej godkänt"); only
 * approved runs are booked (SIE). A unit manager gets the PDF of approved runs for the units they
 * manage, nothing else (the run-wide files are 403). Another municipality's run is 404.
 *
 * Money decision for the CSV: amounts are written in kronor with a period as decimal sign and exactly two
 * decimals ("1234.50", "-450.00"), the same digits a finance system's import and SIE read, computed from
 * integer öre without floating point; the amount is repeated in whole öre ("belopp (öre)") so any tool
 * in any locale sums it exactly. Swedish Excel reads "1234.50" as text, so people who want to calculate
 * in Excel take the XLSX, where money is numbers with a number format. Every text cell of both files is
 * neutralised against formula injection (`neutraliseCell`, as the price-list export).
 *
 * The pure parts (rows, tables, CSV text, the SIE document) are exported and tested in exports.test.ts;
 * the functions at the end read the run and check who asks.
 */

// ---- Swedish labels -----------------------------------------------------------------------------------

export const KIND_SV: Record<LineKind, string> = { charge: 'debitering', correction: 'rättelse' };

export const QUANTITY_UNIT_SV: Record<QuantityUnit, string> = {
  month: 'månad',
  week: 'vecka',
  piece: 'st',
  hour: 'timme',
  minute: 'minut',
  year: 'år',
  user: 'användare',
};

/** Short forms for the PDF's "Antal" column: "3 mån", "45 min". */
const QUANTITY_UNIT_SHORT: Record<QuantityUnit, string> = { month: 'mån', week: 'v', piece: 'st', hour: 'tim', minute: 'min', year: 'år', user: 'anv' };

const GROUP_ORDER: readonly ChargeGroup[] = ['periodic', 'continuous', 'central'];

const GROUP_TITLE_SV: Record<ChargeGroup, string> = {
  periodic: 'Periodiska avgifter (hyra, avgifter, it-stöd, telefoni, applikationer)',
  continuous: 'Löpande debitering (tillbehör, inköp, timmar, beredskap)',
  central: 'Central kostnad',
};

const CHANGE_SV: Record<ChangeKind, string> = { added: 'Tillkommit', removed: 'Borttaget', changed: 'Ändrat' };

/** "mars 2023" for "2023-03". */
export function monthNameSv(ym: string): string {
  const [year, month] = ym.split('-');
  return `${MONTH_SV[Number(month) - 1] ?? month ?? ''} ${year ?? ''}`.trim();
}

/**
 * Kronor as the CSV writes them (see the money decision above): period decimal sign, two decimals, "-"
 * for negative, exact from integer öre.
 *
 * @example kronor(123450) // → '1234.50'
 * @example kronor(-5) // → '-0.05'
 */
export const kronor = formatSieAmount;

// ---- tables (pure) --------------------------------------------------------------------------------------

/** How a column's cells are written: text is neutralised; money holds integer öre. */
export type ColumnKind = 'text' | 'money' | 'ore' | 'integer';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
  /** Column width in the XLSX (characters). */
  width: number;
}

/**
 * A sheet of cells: text columns hold strings, the others integers (money in öre). `null` is a cell with
 * nothing in it (no accounting code, no reason, nothing billed before for a charge): the CSV writes an
 * empty field and the XLSX an empty cell, never "" or 0 (issue 16 §4).
 */
export type ExportCell = string | number | null;
export interface ExportTable {
  columns: ExportColumn[];
  rows: ExportCell[][];
}

/** A line of a run as the exports read it (store.LineRow without ids). */
export type ExportLine = Pick<
  store.LineRow,
  | 'unitId'
  | 'kind'
  | 'source'
  | 'chargeGroup'
  | 'subjectLabel'
  | 'articleCode'
  | 'description'
  | 'month'
  | 'quantity'
  | 'quantityUnit'
  | 'unitPriceOre'
  | 'amountOre'
  | 'previouslyBilledOre'
  | 'rule'
  | 'reason'
>;

/** A part of the municipality's accounting code string (org AccountingCodeField). */
export interface AccountingField {
  key: string;
  label: string;
}

export interface RunTableInput {
  municipality: { name: string; accountingFields: readonly AccountingField[] };
  run: { runMonth: string; status: RunStatus };
  /** The run's units (basis.runUnits), for code, name and accounting codes. */
  units: readonly Pick<UnitTotal, 'unitId' | 'unitCode' | 'unitName' | 'accountingCodes'>[];
}

const FIXED_HEADERS = [
  'kommun',
  'körning',
  'status',
  'enhetskod',
  'enhet',
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
];

/**
 * One column per accounting field, headed by its label in lower case ("ansvar", "verksamhet"); a label
 * that would repeat a fixed header (Tranemo's "Objekt" beside the line's "objekt") gets " (kontering)".
 */
export function accountingColumns(fields: readonly AccountingField[]): { key: string; header: string }[] {
  const taken = new Set(FIXED_HEADERS);
  return fields.map((f) => {
    let header = (f.label || f.key).toLowerCase();
    if (taken.has(header)) header = `${header} (kontering)`;
    taken.add(header);
    return { key: f.key, header };
  });
}

const text = (header: string, width = 14): ExportColumn => ({ header, kind: 'text', width });
const money = (header: string): ExportColumn => ({ header, kind: 'money', width: 14 });

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lines in the order of the basis: unit code, charges before corrections, group, source, subject, month. */
function compareLines(codeOf: (unitId: string) => string): (a: ExportLine, b: ExportLine) => number {
  return (a, b) =>
    compareText(codeOf(a.unitId), codeOf(b.unitId)) ||
    (a.kind === b.kind ? 0 : a.kind === 'charge' ? -1 : 1) ||
    GROUP_ORDER.indexOf(a.chargeGroup) - GROUP_ORDER.indexOf(b.chargeGroup) ||
    compareText(a.source, b.source) ||
    compareText(a.subjectLabel, b.subjectLabel) ||
    compareText(a.month, b.month) ||
    compareText(a.articleCode, b.articleCode);
}

/** R-6.7: the whole run, one row per line, with the unit's accounting fields as columns. */
export function runLineTable(input: RunTableInput, lines: readonly ExportLine[]): ExportTable {
  const acc = accountingColumns(input.municipality.accountingFields);
  const units = new Map(input.units.map((u) => [u.unitId, u]));
  const codeOf = (id: string) => units.get(id)?.unitCode ?? id;
  const columns: ExportColumn[] = [
    text('kommun', 20),
    text('körning', 9),
    text('status', 10),
    text('enhetskod', 14),
    text('enhet', 28),
    ...acc.map((a) => text(a.header, 12)),
    text('typ', 11),
    text('källa', 14),
    text('objekt', 18),
    text('artikel', 16),
    text('beskrivning', 40),
    text('månad', 9),
    { header: 'antal', kind: 'integer', width: 8 },
    text('enhet för antal', 10),
    money('à-pris (kr)'),
    money('belopp (kr)'),
    { header: 'belopp (öre)', kind: 'ore', width: 14 },
    money('tidigare debiterat (kr)'),
    text('regel', 40),
    text('orsak', 30),
  ];
  const rows = [...lines].sort(compareLines(codeOf)).map((l) => {
    const unit = units.get(l.unitId);
    return [
      input.municipality.name,
      input.run.runMonth,
      RUN_STATUS_SV[input.run.status],
      codeOf(l.unitId),
      unit?.unitName ?? null,
      ...acc.map((a) => unit?.accountingCodes[a.key] || null),
      KIND_SV[l.kind],
      SOURCE_SV[l.source],
      l.subjectLabel,
      l.articleCode,
      l.description,
      l.month,
      l.quantity,
      QUANTITY_UNIT_SV[l.quantityUnit],
      // What was billed before applies to a correction only (R-6.6); a charge leaves the cell empty.
      l.unitPriceOre,
      l.amountOre,
      l.amountOre,
      l.kind === 'correction' ? l.previouslyBilledOre : null,
      l.rule || null,
      l.reason || null,
    ];
  });
  return { columns, rows };
}

/** The XLSX's "Per enhet" sheet: each unit's total beside the previous run's, and a sum row. */
export function unitTotalsTable(input: Pick<RunTableInput, 'municipality'> & { units: readonly UnitTotal[] }): ExportTable {
  const acc = accountingColumns(input.municipality.accountingFields);
  const columns: ExportColumn[] = [
    text('enhetskod', 14),
    text('enhet', 28),
    ...acc.map((a) => text(a.header, 12)),
    { header: 'rader', kind: 'integer', width: 8 },
    money('belopp (kr)'),
    money('varav rättelser (kr)'),
    money('föregående körning (kr)'),
    money('förändring (kr)'),
  ];
  const rows: ExportCell[][] = input.units.map((u) => [
    u.unitCode,
    u.unitName,
    ...acc.map((a) => u.accountingCodes[a.key] || null),
    u.lineCount,
    u.totalOre,
    u.correctionOre,
    u.previousTotalOre,
    u.totalOre - u.previousTotalOre,
  ]);
  const sum = (f: (u: UnitTotal) => number) => input.units.reduce((s, u) => s + f(u), 0);
  rows.push([
    'Summa',
    null,
    ...acc.map(() => null),
    sum((u) => u.lineCount),
    sum((u) => u.totalOre),
    sum((u) => u.correctionOre),
    sum((u) => u.previousTotalOre),
    sum((u) => u.totalOre - u.previousTotalOre),
  ]);
  return { columns, rows };
}

function textCell(value: string | number): string {
  return neutraliseCell(String(value));
}

function intCell(value: ExportCell): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`expected a whole number, got ${String(value)}`);
  return value;
}

/**
 * The table as CSV for Swedish Excel and finance imports: UTF-8 with a byte order mark, `;` between
 * fields, CR LF after every record; text neutralised, money in kronor with a period (see above).
 */
export function csvText(table: ExportTable): string {
  const header = table.columns.map((c) => textCell(c.header));
  const rows = table.rows.map((row) =>
    table.columns.map((c, i) => {
      const v = row[i] ?? null;
      if (v === null || v === '') return '';
      switch (c.kind) {
        case 'text':
          return textCell(v);
        case 'money':
          return kronor(intCell(v));
        case 'ore':
        case 'integer':
          return String(intCell(v));
      }
    }),
  );
  return `\uFEFF${stringify([header, ...rows], { delimiter: ';', record_delimiter: '\r\n' })}`;
}

const MONEY_FORMAT = '#,##0.00';

function addSheet(workbook: ExcelJS.Workbook, name: string, table: ExportTable, options: { boldLastRow?: boolean } = {}): void {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = table.columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    style: c.kind === 'money' ? { numFmt: MONEY_FORMAT } : c.kind === 'text' ? {} : { numFmt: '0' },
  }));
  for (const row of table.rows) {
    sheet.addRow(
      table.columns.map((c, i) => {
        const v = row[i] ?? null;
        // An empty cell stays empty: no "" string, no 0 (issue 16 §4).
        if (v === null || v === '') return null;
        // Money as kronor numbers (the format shows two decimals); öre stays exact in the öre column.
        return c.kind === 'text' ? textCell(v) : c.kind === 'money' ? intCell(v) / 100 : intCell(v);
      }),
    );
  }
  sheet.getRow(1).font = { bold: true };
  if (options.boldLastRow && table.rows.length > 0) sheet.getRow(table.rows.length + 1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The run as an XLSX workbook: "Rader" (one row per line) and "Per enhet" (totals per unit). */
export async function xlsxOf(props: { title: string; lines: ExportTable; units: ExportTable }): Promise<Buffer> {
  // Loaded on the first workbook, not at start (some 16 MB a server that exports nothing should not hold).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Samdesk';
  workbook.title = props.title;
  addSheet(workbook, 'Rader', props.lines);
  addSheet(workbook, 'Per enhet', props.units, { boldLastRow: true });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- SIE 4I (pure) ------------------------------------------------------------------------------------

/** One municipality's `billing.accounting` entry of the mission. */
export type AccountingEntry = NonNullable<MissionDocument['billing']['accounting']>[number];

export interface SieExportInput {
  municipality: { code: string; name: string; orgNumber: string | null };
  /** The municipality's entry in the mission in force on the run month's first day; undefined when none. */
  accounting: AccountingEntry | undefined;
  runMonth: string;
  /** The run's units with their totals (basis.runUnits). */
  units: readonly Pick<UnitTotal, 'unitCode' | 'unitName' | 'accountingCodes' | 'totalOre'>[];
  /** ISO date of the file (#GEN). */
  generatedOn: string;
  /** #PROGRAM version: package.json's. */
  programVersion: string;
}

/** The object names the credit side's codes get in #OBJEKT. */
export const CREDIT_OBJECT_NAME = 'It-enheten';

/** Problems of the accounting entry itself: a dimension would appear twice in one object list. */
function accountingEntryProblems(entry: AccountingEntry): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = `billing.accounting[${entry.municipality}]`;
  const counterpart = entry.counterpart?.dimension;
  const mapped = entry.dimensions.map((d) => d.number);
  const credit = entry.creditObjects.map((o) => o.dimension);
  const twice = (dims: number[]) => dims.filter((d, i) => dims.indexOf(d) !== i);
  for (const d of new Set(twice(counterpart === undefined ? mapped : [...mapped, counterpart]))) {
    problems.push({
      field: `${at}.dimensions`,
      reason: `dimension ${d} is mapped twice (counting the counterpart)`,
      reasonSv: `dimension ${d} är mappad två gånger (motparten medräknad)`,
    });
  }
  for (const d of new Set(twice(counterpart === undefined ? credit : [...credit, counterpart]))) {
    problems.push({
      field: `${at}.creditObjects`,
      reason: `dimension ${d} appears twice on the credit side (counting the counterpart)`,
      reasonSv: `dimension ${d} förekommer två gånger på kreditsidan (motparten medräknad)`,
    });
  }
  return problems;
}

/**
 * R-6.7: a run as a SIE 4I document: one voucher dated the run month's first day, text
 * "`voucherText` `runMonth`", one debit transaction per unit with a non-zero total on `debitAccount`
 * (objects from the unit's accounting codes per the mapping, and the counterpart), one credit of minus
 * the run's total on `creditAccount` (creditObjects and the counterpart). A unit's total can be negative
 * (corrections): it is then a negative debit. Units at zero are left out; a run with nothing to book
 * gives a valid file without vouchers.
 *
 * Every dimension and object used is declared. Object names: a unit code is named by its unit (when
 * several units share a code, e.g. a verksamhet, by the dimension's name and the code, "Verksamhet
 * 425"); credit objects are "It-enheten"; the counterpart object takes the counterpart's name.
 *
 * Answers the problems instead when the municipality has no accounting entry (field "municipality"),
 * when a unit lacks a code a mapped dimension needs (field naming the unit code and the code field), or
 * when the entry maps a dimension twice.
 */
export function sieDocumentOf(input: SieExportInput): { ok: true; doc: SieDocument } | { ok: false; problems: FieldProblem[] } {
  const entry = input.accounting;
  if (!entry) {
    return {
      ok: false,
      problems: [
        {
          field: 'municipality',
          reason: `${input.municipality.name} has no accounting settings (billing.accounting in the mission) for ${input.runMonth}, so the run cannot be booked`,
          reasonSv: `${input.municipality.name} saknar konteringsinställningar (billing.accounting i ramuppdraget) för ${input.runMonth}; körningen kan inte bokföras`,
        },
      ],
    };
  }
  const problems = accountingEntryProblems(entry);
  if (input.municipality.orgNumber !== null && !/^\d{6}-?\d{4}$/.test(input.municipality.orgNumber.trim())) {
    problems.push({
      field: 'municipality.orgNumber',
      reason: `${input.municipality.name}'s organisation number ${input.municipality.orgNumber} is not nnnnnn-nnnn`,
      reasonSv: `${input.municipality.name}s organisationsnummer ${input.municipality.orgNumber} är inte nnnnnn-nnnn`,
    });
  }
  const booked = input.units.filter((u) => u.totalOre !== 0);
  for (const u of booked) {
    for (const d of entry.dimensions) {
      const code = u.accountingCodes[d.field]?.trim() ?? '';
      if (code === '') {
        problems.push({
          field: `units.${u.unitCode}.accountingCodes.${d.field}`,
          reason: `unit ${u.unitCode} (${u.unitName}) has no ${d.field} code, which SIE dimension ${d.number} ${d.name} needs`,
          reasonSv: `enhet ${u.unitCode} (${u.unitName}) saknar kod för ${d.field}, som SIE-dimension ${d.number} ${d.name} behöver`,
        });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const counterpart: SieObject[] = entry.counterpart ? [{ dimension: entry.counterpart.dimension, code: entry.counterpart.code }] : [];
  const dimensionNames = new Map<number, string>(entry.dimensions.map((d) => [d.number, d.name]));
  if (entry.counterpart) dimensionNames.set(entry.counterpart.dimension, entry.counterpart.name);

  // Objects: unit codes first (named by their unit, or by dimension and code when shared), then the
  // credit objects, then the counterpart; an object already declared keeps its first name.
  const unitObjects = new Map<string, { dimension: number; code: string; names: Set<string> }>();
  const debits: SieTransaction[] = booked.map((u) => {
    const objects = entry.dimensions.map((d) => ({ dimension: d.number, code: (u.accountingCodes[d.field] ?? '').trim() }));
    for (const o of objects) {
      const key = `${o.dimension}|${o.code}`;
      const found = unitObjects.get(key) ?? { ...o, names: new Set<string>() };
      found.names.add(u.unitName);
      unitObjects.set(key, found);
    }
    return { account: entry.debitAccount, objects: [...objects, ...counterpart], amountOre: u.totalOre, text: `${u.unitCode} ${u.unitName}` };
  });
  const totalOre = booked.reduce((s, u) => s + u.totalOre, 0);
  const credits: SieTransaction[] =
    totalOre === 0
      ? []
      : [
          {
            account: entry.creditAccount,
            objects: [...entry.creditObjects.map((o) => ({ dimension: o.dimension, code: o.code })), ...counterpart],
            amountOre: -totalOre,
            text: CREDIT_OBJECT_NAME,
          },
        ];

  const objects: SieDocument['objects'] = [];
  const declared = new Set<string>();
  const declare = (dimension: number, code: string, name: string) => {
    const key = `${dimension}|${code}`;
    if (declared.has(key)) return;
    declared.add(key);
    objects.push({ dimension, code, name });
  };
  for (const o of unitObjects.values()) {
    const names = [...o.names];
    declare(o.dimension, o.code, names.length === 1 ? (names[0] ?? o.code) : `${dimensionNames.get(o.dimension) ?? `Dimension ${o.dimension}`} ${o.code}`);
  }
  const transactions = [...debits, ...credits];
  for (const t of credits) {
    for (const o of t.objects) if (!counterpart.some((c) => c.dimension === o.dimension)) declare(o.dimension, o.code, CREDIT_OBJECT_NAME);
  }
  if (entry.counterpart && transactions.length > 0) declare(entry.counterpart.dimension, entry.counterpart.code, entry.counterpart.name);

  const used = [...new Set(transactions.flatMap((t) => t.objects.map((o) => o.dimension)))].sort((a, b) => a - b);
  const accounts = [{ account: entry.debitAccount, name: 'Debitering it enligt debiteringsunderlag' }];
  if (entry.creditAccount !== entry.debitAccount) accounts.push({ account: entry.creditAccount, name: 'Motkonto debitering it' });
  return {
    ok: true,
    doc: {
      program: { name: 'Samdesk', version: input.programVersion },
      generatedOn: input.generatedOn,
      companyName: input.municipality.name,
      orgNumber: input.municipality.orgNumber,
      accounts,
      dimensions: used.map((number) => ({ number, name: dimensionNames.get(number) ?? `Dimension ${number}` })),
      objects: objects.sort((a, b) => a.dimension - b.dimension),
      vouchers: transactions.length === 0 ? [] : [{ date: firstDayOf(input.runMonth), text: `${entry.voucherText} ${input.runMonth}`, transactions }],
    },
  };
}

// ---- the PDF (R-6.3) ------------------------------------------------------------------------------------

let printer: ReturnType<typeof createPdfMake> | undefined;

/** Our own pdfmake instance (src/assets/pdf.ts): DejaVu Sans embedded, no URL access, no file but the fonts. */
function pdfPrinter(): ReturnType<typeof createPdfMake> {
  printer ??= createPdfMake();
  return printer;
}

const GREY = '#555555';
const RED = '#b00020';

export interface UnitPdfInput {
  municipalityName: string;
  /** The unit's basis (basis.unitBasis). */
  basis: UnitBasis;
  /** When this copy is printed (ISO instant). */
  printedAt: string;
}

export interface PdfOptions {
  /** Deflate the content streams (default true); tests turn it off to read the text back. */
  compress?: boolean;
}

const t = (value: string, extra: Style = {}): TableCell => ({ text: pdfText(value), ...extra });
const right = (value: string, extra: Style = {}): TableCell => t(value, { alignment: 'right', ...extra });
const head = (value: string, alignment: 'left' | 'right' = 'left'): TableCell => t(value, { bold: true, alignment });

function table(widths: (string | number)[], header: TableCell[], body: TableCell[][], footer?: TableCell[]): Content {
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths, body: [header, ...body, ...(footer ? [footer] : [])] },
    layout: 'lightHorizontalLines',
    fontSize: 8.5,
    margin: [0, 0, 0, 4],
  };
}

/** "1 234,00 kr/tim" for minutes (on-call time is priced per hour), else the plain amount. */
function unitPrice(l: UnitBasis['lines'][number]): string {
  return l.quantityUnit === 'minute' ? `${formatOre(l.unitPriceOre)}/tim` : formatOre(l.unitPriceOre);
}

function what(l: Pick<UnitBasis['lines'][number], 'description' | 'articleCode'>, rule?: string): TableCell {
  const stack: Content[] = [{ text: pdfText(l.description) }, { text: pdfText(`Artikel ${l.articleCode}`), color: GREY, fontSize: 7.5 }];
  if (rule) stack.push({ text: pdfText(rule), color: GREY, fontSize: 7.5 });
  return { stack };
}

/**
 * R-6.3: one unit's invoice basis as PDF: who pays (municipality, unit, accounting code string), which
 * run and its status (a run that is not approved says "UTKAST – ej godkänt" at the top and as a
 * watermark), the lines by group with the rule of each, corrections with their reasons, the totals, and
 * the changes since the previous invoice (added, removed, changed, with amounts and reasons).
 */
export async function unitBasisPdf(input: UnitPdfInput, options: PdfOptions = {}): Promise<Buffer> {
  const { basis } = input;
  const { run, previous, unit } = basis;
  const draft = run.status !== 'approved';
  const charges = basis.lines.filter((l) => l.kind === 'charge');
  const corrections = basis.lines.filter((l) => l.kind === 'correction');
  const correctionOre = corrections.reduce((s, l) => s + l.amountOre, 0);
  // headlineLevel 1: pageBreakBefore below moves a heading that would end a page to the next one.
  const section = (title: string): Content => ({ text: pdfText(title), style: 'section', headlineLevel: 1 });

  const content: Content[] = [
    { text: pdfText(input.municipalityName), style: 'org' },
    { text: 'Debiteringsunderlag', style: 'title' },
  ];
  if (draft) {
    content.push({
      text: pdfText(`UTKAST – ej godkänt${run.status === 'reviewed' ? ' (granskad)' : ''}. Beloppen kan ändras innan körningen godkänns.`),
      bold: true,
      color: RED,
      fontSize: 12,
      margin: [0, 0, 0, 10],
    });
  }
  const facts: [string, string][] = [
    ['Kommun', input.municipalityName],
    ['Enhet', `${unit.code} ${unit.name}`],
    ['Kontering', unit.accountingString || 'saknas'],
    ['Körning', `${monthNameSv(run.runMonth)} (${run.runMonth})`],
    ['Status', run.approvedAt ? `${RUN_STATUS_SV[run.status]} ${swedishDateTime(run.approvedAt)}` : `${RUN_STATUS_SV[run.status]}, ej godkänt`],
    ['Föregående faktura', previous ? `${monthNameSv(previous.runMonth)} (${previous.runMonth})` : 'ingen tidigare godkänd körning'],
  ];
  content.push({ table: { widths: [110, '*'], body: facts.map(([k, v]) => [t(k, { color: GREY }), t(v)]) }, layout: 'lightHorizontalLines' });

  for (const group of GROUP_ORDER) {
    const lines = charges.filter((l) => l.chargeGroup === group);
    if (lines.length === 0) continue;
    const sum = lines.reduce((s, l) => s + l.amountOre, 0);
    content.push(
      section(GROUP_TITLE_SV[group]),
      table(
        [70, '*', 42, 42, 62, 62],
        [head('Objekt'), head('Beskrivning'), head('Månad'), head('Antal', 'right'), head('À-pris', 'right'), head('Belopp', 'right')],
        lines.map((l) => [
          t(l.subjectLabel),
          what(l, l.rule),
          t(l.month),
          right(`${l.quantity} ${QUANTITY_UNIT_SHORT[l.quantityUnit]}`),
          right(unitPrice(l)),
          right(formatOre(l.amountOre)),
        ]),
        [t('Summa', { bold: true }), t(''), t(''), t(''), t(''), right(formatOre(sum), { bold: true })],
      ),
    );
  }
  if (corrections.length > 0) {
    content.push(
      section('Rättelser av tidigare debitering'),
      table(
        [62, '*', 40, 60, 60, 100],
        [head('Objekt'), head('Beskrivning'), head('Månad'), head('Tidigare', 'right'), head('Belopp', 'right'), head('Orsak')],
        corrections.map((l) => [
          t(l.subjectLabel),
          what(l),
          t(l.month),
          right(formatOre(l.previouslyBilledOre)),
          right(formatOre(l.amountOre)),
          t(l.reason ?? ''),
        ]),
        [t('Summa', { bold: true }), t(''), t(''), t(''), right(formatOre(correctionOre), { bold: true }), t('')],
      ),
    );
  }
  if (basis.lines.length === 0) content.push({ text: 'Enheten har inga rader i körningen.', margin: [0, 10, 0, 0] });

  content.push(
    section('Summa'),
    {
      table: {
        widths: ['*', 90],
        body: [
          [t('Att debitera'), right(formatOre(basis.totalOre), { bold: true })],
          [t('varav rättelser'), right(formatOre(correctionOre))],
          [t(previous ? `Föregående faktura (${previous.runMonth})` : 'Föregående faktura'), right(formatOre(basis.previousTotalOre))],
          [t('Förändring'), right(formatOre(basis.totalOre - basis.previousTotalOre))],
        ],
      },
      layout: 'lightHorizontalLines',
    },
    section('Förändringar sedan föregående faktura'),
  );
  if (basis.changes.length === 0) content.push({ text: 'Inga förändringar.' });
  else {
    if (!previous) content.push({ text: 'Ingen tidigare godkänd körning: allt i körningen är nytt.', color: GREY, margin: [0, 0, 0, 4] });
    const delta = basis.changes.reduce((s, c) => s + c.deltaOre, 0);
    content.push(
      table(
        // 'auto': the kind ("Förändring", "Tillkommit") never breaks inside a word in the embedded font.
        ['auto', 58, '*', 54, 54, 54, 90],
        [head('Förändring'), head('Objekt'), head('Beskrivning'), head('Tidigare', 'right'), head('Nu', 'right'), head('Skillnad', 'right'), head('Orsak')],
        basis.changes.map((c) => [
          t(CHANGE_SV[c.kind]),
          t(c.subjectLabel),
          what(c),
          right(formatOre(c.previousOre)),
          right(formatOre(c.currentOre)),
          right(formatOre(c.deltaOre)),
          t(c.reason),
        ]),
        [t('Summa', { bold: true }), t(''), t(''), t(''), t(''), right(formatOre(delta), { bold: true }), t('')],
      ),
    );
  }

  const printedAt = new Date(input.printedAt);
  const footerText = pdfText(`Utskriven ${swedishDateTime(input.printedAt)} · Körning ${run.id}`);
  const doc: TDocumentDefinitions = {
    compress: options.compress ?? true,
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 56],
    language: 'sv-SE',
    info: {
      title: pdfText(`Debiteringsunderlag ${unit.code} ${run.runMonth}`),
      subject: 'Debiteringsunderlag',
      author: pdfText(input.municipalityName),
      creator: 'Samdesk',
      producer: 'Samdesk (pdfmake)',
      creationDate: printedAt,
    },
    displayTitle: true,
    defaultStyle: { font: PDF_FONT, fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      org: { fontSize: 11, bold: true, color: GREY },
      title: { fontSize: 20, bold: true, margin: [0, 4, 0, 10] },
      section: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
    },
    // A heading with no text below it on its page moves to the next page. Only text further down counts:
    // a table starts on the page it was laid out on even when its rows do not, and the footer's nodes
    // are on every page (with positions inside the footer, above the heading).
    pageBreakBefore: (node, nodes) =>
      node.headlineLevel === 1 && !nodes.getFollowingNodesOnPage().some((n) => n.text !== undefined && n.startPosition.top > node.startPosition.top),
    ...(draft ? { watermark: { text: 'UTKAST', font: PDF_FONT, opacity: 0.08, bold: true } } : {}),
    footer: (currentPage, pageCount) => ({
      margin: [40, 20, 40, 0],
      columns: [
        { text: footerText, fontSize: 7.5, color: GREY },
        { text: `Sida ${currentPage} av ${pageCount}`, fontSize: 7.5, color: GREY, alignment: 'right', width: 'auto' },
      ],
    }),
    content,
  };
  return (await pdfPrinter()).createPdf(doc).getBuffer();
}

// ---- reading the run, checking who asks ------------------------------------------------------------------

export type { Download };
export { PDF_CONTENT_TYPE, safeFilePart };

/** The SIE file's media type: a byte stream in CP437, not text a browser should decode. */
export const SIE_CONTENT_TYPE = 'application/octet-stream';

const PROGRAM_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** samdesk-ulricehamn-2023-03(-utkast).ext */
function fileName(municipalityCode: string, run: Pick<RunSummary, 'runMonth' | 'status'>, ext: string): string {
  return `samdesk-${safeFilePart(municipalityCode)}-${run.runMonth}${run.status === 'approved' ? '' : '-utkast'}.${ext}`;
}

/** The run-wide files (CSV, XLSX, SIE) are for finance, IT management and administrators (R-1.4). */
function requireFinance(actor: Actor): void {
  assertPolicy(actor, runsBilling);
}

async function municipalityOf(db: Db, id: string) {
  const m = await findMunicipality(db, id);
  if (!m) throw new AppError('not_found');
  return m;
}

/** The run, its units and its lines, after the access check of basis.runUnits (other municipality: 404). */
async function loadRun(db: Db, actor: Actor, runId: string) {
  requireFinance(actor);
  const { run, units } = await runUnits(db, actor, runId);
  const municipality = await municipalityOf(db, run.municipalityId);
  const lines = await store.runLines(db, run.id);
  const input: RunTableInput = { municipality: { name: municipality.name, accountingFields: municipality.accountingFields }, run, units };
  return { run, units, municipality, lines, input };
}

/** R-6.7: the whole run as CSV (drafts too, status "utkast" on every row). */
export async function runCsv(db: Db, actor: Actor, runId: string): Promise<Download> {
  const { run, municipality, lines, input } = await loadRun(db, actor, runId);
  return { filename: fileName(municipality.code, run, 'csv'), contentType: FILE_TYPES.csv, body: csvText(runLineTable(input, lines)) };
}

/** R-6.7: the whole run as XLSX: the lines, and the totals per unit. */
export async function runXlsx(db: Db, actor: Actor, runId: string): Promise<Download> {
  const { run, units, municipality, lines, input } = await loadRun(db, actor, runId);
  const title = `Debiteringsunderlag ${municipality.name} ${run.runMonth}${run.status === 'approved' ? '' : ' (UTKAST – ej godkänt)'}`;
  const body = await xlsxOf({ title, lines: runLineTable(input, lines), units: unitTotalsTable({ municipality: input.municipality, units }) });
  return { filename: fileName(municipality.code, run, 'xlsx'), contentType: FILE_TYPES.xlsx, body: new Uint8Array(body) };
}

/** R-6.3, R-6.7: one unit's invoice basis as PDF (unit managers: approved runs of their units). */
export async function unitPdf(db: Db, actor: Actor, runId: string, unitId: string, now: Date = clockNow()): Promise<Download> {
  const basis = await unitBasis(db, actor, runId, unitId);
  const municipality = await municipalityOf(db, basis.run.municipalityId);
  const body = await unitBasisPdf({ municipalityName: municipality.name, basis, printedAt: now.toISOString() });
  return {
    filename: `debiteringsunderlag-${safeFilePart(municipality.code)}-${basis.run.runMonth}-${safeFilePart(basis.unit.code)}${basis.run.status === 'approved' ? '' : '-utkast'}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: new Uint8Array(body),
  };
}

/**
 * R-6.7: an approved run as a SIE 4 type 4I file (CP437) for the municipality's ledger, with the
 * accounting settings of the mission in force on the run month's first day. A run that is not approved
 * is 409 (only approved runs are booked); missing settings or unit codes are 400.
 */
export async function runSie(db: Db, actor: Actor, runId: string, now: Date = clockNow()): Promise<Download> {
  requireFinance(actor);
  const { run, units } = await runUnits(db, actor, runId);
  if (run.status !== 'approved') {
    throw new AppError('refused', [
      {
        field: 'status',
        reason: `only approved runs are booked; this run is ${run.status}`,
        reasonSv: `bara godkända körningar bokförs; körningen är ${RUN_STATUS_SV[run.status]}`,
      },
    ]);
  }
  const municipality = await municipalityOf(db, run.municipalityId);
  const mission = await missionOn(db, firstDayOf(run.runMonth));
  const result = sieDocumentOf({
    municipality: { code: municipality.code, name: municipality.name, orgNumber: municipality.orgNumber },
    accounting: mission.document.billing.accounting?.find((a) => a.municipality === municipality.code),
    runMonth: run.runMonth,
    units,
    generatedOn: stockholmToday(Temporal.Instant.fromEpochMilliseconds(now.getTime())),
    programVersion: PROGRAM_VERSION,
  });
  if (!result.ok) throw new AppError('validation', result.problems);
  // SIE 4 names a type 4I (import) file .si; .se is for type 4E exports of a whole ledger (issue 16 §4).
  return { filename: fileName(municipality.code, run, 'si'), contentType: SIE_CONTENT_TYPE, body: encodeSie(result.doc) };
}
