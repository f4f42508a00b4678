import { FILE_TYPES } from '../catalogue/export.ts';
import { neutraliseCell } from '../catalogue/rules.ts';
import { safeFilePart } from '../platform/http/download.ts';
import type { SiteList } from './contract.ts';

/**
 * the sites that fall short of their requirement as an XLSX workbook, one row per shortfall:
 * municipality, site, kind, address, what falls short and why. Text cells are neutralised against
 * formula injection (`neutraliseCell`, as every export): names and addresses are what people typed.
 */

export const XLSX_CONTENT_TYPE = FILE_TYPES.xlsx;

const HEADINGS = ['Kommun', 'Plats', 'Typ', 'Adress', 'Enheter', 'Brist', 'Orsak'];

export function shortfallsFilename(list: Pick<SiteList, 'asOf'>): string {
  return `brister-platser-${safeFilePart(list.asOf)}.xlsx`;
}

export async function shortfallsXlsx(list: SiteList): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Samdesk';
  workbook.title = `Platser som inte uppfyller kraven ${list.asOf}`;
  // The list's day as the file's dates keeps the output a function of the list.
  workbook.created = new Date(`${list.asOf}T00:00:00Z`);
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('Brister');
  const title = sheet.addRow([`Platser som inte uppfyller kraven på reservkraft, kyla och brandskydd, ${list.asOf}`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([]);
  const heading = sheet.addRow(HEADINGS);
  heading.font = { bold: true };
  const rows: string[][] = list.items.flatMap((s) =>
    s.shortfalls.map((f) => [s.municipality.name, s.name, s.kindText, s.address, s.units.map((u) => u.name).join(', '), f.systemText, f.text]),
  );
  for (const r of rows) sheet.addRow(r.map((v) => neutraliseCell(v)));
  if (rows.length === 0) sheet.addRow(['Alla platser uppfyller kraven.']).getCell(1).font = { italic: true };
  sheet.columns.forEach((col, i) => {
    const longest = Math.max(HEADINGS[i]?.length ?? 10, ...rows.map((r) => (r[i] ?? '').length));
    col.width = Math.min(60, Math.max(10, longest + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
