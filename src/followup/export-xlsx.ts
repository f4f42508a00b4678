import type ExcelJS from 'exceljs';
import { FILE_TYPES } from '../catalogue/export.ts';
import { neutraliseCell } from '../catalogue/rules.ts';
import { swedishDate, swedishDateTime } from '../platform/pdf.ts';
import type { Figure, FollowUpReport, Section, Table } from './contract.ts';
import { periodState } from './export-pdf.ts';
import type { FigureUnit } from './rules.ts';

/**
 * the follow-up report as an XLSX workbook (issue 21), for those who go on calculating: a sheet
 * "Sammanfattning" with the report's facts and every figure, then a sheet per section with its figures
 * and each of its tables under its title.
 *
 * Numbers are numbers (issue 16 §4, as billing's XLSX): a share is its fraction shown as a percentage,
 * money is kronor (öre / 100) with a kronor format, time is minutes, counts whole numbers, a score its
 * mean; nothing to measure (null) is an empty cell, never "" or 0. Text cells are neutralised against
 * formula injection (`neutraliseCell`, as every export) — survey comments are what people typed.
 */

export const XLSX_CONTENT_TYPE = FILE_TYPES.xlsx;

/** Excel number formats per unit (the cell holds the number, the format only shows it). */
export const UNIT_NUMFMT: Readonly<Record<FigureUnit, string>> = {
  share: '0.0%',
  ore: '#,##0.00 "kr"',
  minutes: '#,##0 "min"',
  count: '#,##0',
  score: '0.0',
};

/** What a unit's number means, in words, beside it. */
export const UNIT_SV: Readonly<Record<FigureUnit, string>> = {
  share: 'andel',
  ore: 'kronor',
  minutes: 'minuter',
  count: 'antal',
  score: 'medelvärde',
};

const SUMMARY = 'Sammanfattning';
/** Excel's limit on a sheet's name, the characters it refuses there, and the name it keeps for itself. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_FORBIDDEN = /[:\\/?*[\]]/g;
const RESERVED = 'history';

type CellValue = string | number | null;

/** A value as the cell holds it: the number in the unit's cell form (öre → kronor), null when nothing to measure. */
export function cellNumber(value: number | null, unit: FigureUnit): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  switch (unit) {
    case 'ore':
      return Math.round(value) / 100;
    case 'count':
      return Math.round(value);
    case 'share':
    case 'minutes':
    case 'score':
      return value;
  }
}

const textCell = (value: string): string | null => (value === '' ? null : neutraliseCell(value));

/** `text` in at most `max` characters, cut after a whole word when that keeps at least half of it. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.slice(0, max + 1).lastIndexOf(' ');
  return (space >= max / 2 ? text.slice(0, space) : text.slice(0, max)).trimEnd();
}

/**
 * A section title as a sheet name: Excel's forbidden characters removed, at most 31 characters (cut
 * after a word), not starting or ending with an apostrophe, unique (case-insensitive) among `taken` —
 * a repeat gets " (2)".
 */
export function sheetName(title: string, taken: Set<string>): string {
  const clean = title
    .replace(SHEET_NAME_FORBIDDEN, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  const base = cutAtWord(clean, SHEET_NAME_MAX).replace(/'+$/, '') || 'Avsnitt';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = `${cutAtWord(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

// ---- writing ------------------------------------------------------------------------------------------

/** Tracks the widest text per column while rows are written, for the column widths at the end. */
class Widths {
  private readonly widths: number[] = [];
  note(values: readonly CellValue[], cap = 60): void {
    values.forEach((v, i) => {
      const length = v === null ? 0 : typeof v === 'number' ? 14 : Math.min(v.length, cap);
      this.widths[i] = Math.max(this.widths[i] ?? 0, length);
    });
  }
  apply(sheet: ExcelJS.Worksheet): void {
    this.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.max(10, Math.min(w + 2, 62))));
  }
}

function addRow(sheet: ExcelJS.Worksheet, values: readonly CellValue[], formats: readonly (string | null)[] = []): ExcelJS.Row {
  const row = sheet.addRow([...values]);
  formats.forEach((f, i) => {
    if (f !== null) row.getCell(i + 1).numFmt = f;
  });
  return row;
}

const FIGURE_HEADINGS = ['Mått', 'Värde', 'Enhet', 'Mål', 'Målvärde', 'Målet nås', 'Definition'];

/** A figure as a row: label, value, unit, target text and value, met (Ja/Nej), definition. */
function figureRow(f: Figure): { values: CellValue[]; formats: (string | null)[] } {
  const fmt = UNIT_NUMFMT[f.unit];
  return {
    values: [
      textCell(f.label),
      cellNumber(f.value, f.unit),
      UNIT_SV[f.unit],
      f.target ? textCell(f.target.text) : null,
      f.target ? cellNumber(f.target.value, f.unit) : null,
      f.target?.met === true ? 'Ja' : f.target?.met === false ? 'Nej' : null,
      textCell(f.definition),
    ],
    formats: [null, fmt, null, null, fmt, null, null],
  };
}

function bold(row: ExcelJS.Row): void {
  row.font = { bold: true };
}

/** A heading row: bold, with a line under it. */
function headingRow(sheet: ExcelJS.Worksheet, values: readonly string[]): ExcelJS.Row {
  const row = addRow(sheet, values);
  row.eachCell((c) => {
    c.font = { bold: true };
    c.border = { bottom: { style: 'thin' } };
  });
  return row;
}

function wrapLast(row: ExcelJS.Row, column: number): void {
  row.getCell(column).alignment = { wrapText: true, vertical: 'top' };
}

function tableCell(value: number | string | null, unit: FigureUnit | null): CellValue {
  if (value === null) return null;
  if (typeof value === 'string') return textCell(value);
  return unit === null ? value : cellNumber(value, unit);
}

/** A table under its title and definition: column headings, then a row per row, cells by their column's unit. */
function writeTable(sheet: ExcelJS.Worksheet, t: Table, widths: Widths): void {
  bold(addRow(sheet, [textCell(t.title)]));
  addRow(sheet, [textCell(t.definition)]).getCell(1).font = { italic: true, color: { argb: 'FF555555' } };
  const headings = t.columns.map((c) => c.label);
  headingRow(sheet, headings);
  widths.note(headings);
  const formats = t.columns.map((c) => (c.unit === null ? null : UNIT_NUMFMT[c.unit]));
  for (const r of t.rows) {
    const values = t.columns.map((c, i) => tableCell(r.cells[i] ?? null, c.unit));
    addRow(sheet, values, formats);
    widths.note(values);
  }
  if (t.rows.length === 0) addRow(sheet, ['Inget att visa för perioden.']).getCell(1).font = { italic: true };
  sheet.addRow([]);
}

function summarySheet(workbook: ExcelJS.Workbook, report: FollowUpReport): void {
  const sheet = workbook.addWorksheet(SUMMARY);
  const widths = new Widths();
  const title = addRow(sheet, [`Uppföljning ${report.period.label}`]);
  title.font = { bold: true, size: 14 };
  const facts: [string, string][] = [
    ['Period', `${swedishDate(report.period.from)} – ${swedishDate(report.period.to)}`],
    ['Kommun', report.municipality?.name ?? 'Båda kommunerna'],
    ['Ramuppdrag', report.missionTitle],
    ['Framtagen', swedishDateTime(report.generatedAt)],
    ['Status', periodState(report)],
  ];
  for (const [label, value] of facts) {
    const row = addRow(sheet, [label, textCell(value)]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
  const headings = ['Avsnitt', ...FIGURE_HEADINGS];
  headingRow(sheet, headings);
  widths.note(headings);
  const headingsAt = sheet.rowCount;
  for (const s of report.sections) {
    for (const f of s.figures) {
      const { values, formats } = figureRow(f);
      const all = [textCell(s.title), ...values];
      wrapLast(addRow(sheet, all, [null, ...formats]), all.length);
      widths.note(all);
    }
  }
  widths.apply(sheet);
  sheet.views = [{ state: 'frozen', ySplit: headingsAt }];
}

function sectionSheet(workbook: ExcelJS.Workbook, section: Section, name: string): void {
  const sheet = workbook.addWorksheet(name);
  const widths = new Widths();
  headingRow(sheet, FIGURE_HEADINGS);
  widths.note(FIGURE_HEADINGS);
  for (const f of section.figures) {
    const { values, formats } = figureRow(f);
    wrapLast(addRow(sheet, values, formats), values.length);
    widths.note(values);
  }
  sheet.addRow([]);
  for (const t of section.tables) writeTable(sheet, t, widths);
  widths.apply(sheet);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** the report as an XLSX workbook ("Sammanfattning", then a sheet per section). */
export async function followUpXlsx(report: FollowUpReport): Promise<Buffer> {
  // Loaded on the first workbook, not at start (as billing's exports: memory a server that exports nothing should not hold).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Samdesk';
  workbook.title = `Uppföljning ${report.period.label}`;
  workbook.subject = report.missionTitle;
  // The report's instant as the file's dates keeps the output a function of the report.
  workbook.created = new Date(report.generatedAt);
  workbook.modified = new Date(report.generatedAt);
  summarySheet(workbook, report);
  const taken = new Set([SUMMARY.toLowerCase(), RESERVED]);
  for (const s of report.sections) sectionSheet(workbook, s, sheetName(s.title, taken));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
