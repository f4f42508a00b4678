import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { neutraliseCell, PRICE_COMPONENTS, PRICE_FILE_COLUMNS, type PriceEntry } from './rules.ts';

/** The media types of the two file formats a price list travels in. */
export const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type FileFormat = keyof typeof FILE_TYPES;

const MONEY: readonly string[] = PRICE_COMPONENTS;

/**
 * A cell as the file carries it: money as whole öre, text neutralised against formula injection, and
 * nothing (null: an empty CSV field, an empty XLSX cell, never "" or 0) where the entry has no value.
 */
function cell(entry: PriceEntry, key: keyof PriceEntry): string | number | null {
  const v = entry[key];
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  return MONEY.includes(key) ? v : neutraliseCell(v);
}

/**
 * The year's list as CSV (issue 6): `;`-separated with a byte order mark so Swedish Excel opens it,
 * the canonical header the import reads back, money as whole öre, no Swedish number formatting.
 */
export function priceListCsv(entries: readonly PriceEntry[]): string {
  const header = PRICE_FILE_COLUMNS.map((c) => c.header);
  const rows = entries.map((e) => PRICE_FILE_COLUMNS.map((c) => cell(e, c.key) ?? ''));
  return `\uFEFF${stringify([header, ...rows], { delimiter: ';', record_delimiter: '\r\n' })}`;
}

/** The year's list as an XLSX workbook, one sheet, header on row 1, money as numbers of öre. */
export async function priceListXlsx(entries: readonly PriceEntry[], props: { year: number; example: boolean }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Samdesk';
  workbook.title = `Prislista ${props.year}${props.example ? ' (EXEMPELPRISER)' : ''}`;
  const sheet = workbook.addWorksheet(`Prislista ${props.year}`);
  sheet.columns = PRICE_FILE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'name' ? 40 : 18 }));
  for (const e of entries) sheet.addRow(PRICE_FILE_COLUMNS.map((c) => cell(e, c.key)));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
