import ExcelJS from 'exceljs';
import { parseCsv } from '../org/import.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import type { PriceImportReport } from './contract.ts';
import type { FileFormat } from './export.ts';
import { presentItem } from './presenter.ts';
import { parsePriceRows, planImport, PRICE_FILE_HEADERS, type FileRow } from './rules.ts';
import { itemValues, lockedError, requireCatalogueAdmin } from './service.ts';
import * as store from './store.ts';
import { now } from '../platform/clock.ts';

export type { PriceImportReport };

/** The text of an XLSX cell; formulas are refused (a price list holds values, not calculations). */
function cellText(value: ExcelJS.CellValue): string | { formula: true } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value || 'sharedFormula' in value) return { formula: true };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String(value.text);
  return '';
}

/**
 * Reads the first sheet of a workbook into rows keyed by field, header on row 1 (`headers` maps a
 * lower-case column title to its field; the price list's by default, the inventory import passes its own).
 */
export async function readXlsx(data: Buffer, headers: Record<string, string> = PRICE_FILE_HEADERS): Promise<{ rows: FileRow[]; errors: FieldProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (e) {
    return {
      rows: [],
      errors: [
        { row: 1, field: 'file', reason: `not a readable XLSX file${e instanceof Error ? ` (${e.message})` : ''}`, reasonSv: 'filen kan inte läsas som XLSX' },
      ],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ row: 1, field: 'file', reason: 'the workbook has no sheet', reasonSv: 'arbetsboken har inget blad' }] };
  const errors: FieldProblem[] = [];
  const columns = new Map<number, string>();
  sheet.getRow(1).eachCell((c, col) => {
    const text = cellText(c.value);
    const header = typeof text === 'string' ? text.trim() : '';
    const key = headers[header.toLowerCase()];
    if (key) columns.set(col, key);
    else errors.push({ row: 1, field: header || `column ${col}`, reason: 'unknown column', reasonSv: 'okänd kolumn' });
  });
  const rows: FileRow[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const values: Record<string, string> = {};
    row.eachCell((c, col) => {
      const key = columns.get(col);
      if (!key) return;
      const text = cellText(c.value);
      if (typeof text === 'string') values[key] = text;
      else errors.push({ row: line, field: key, reason: 'formulas are not accepted; enter the value', reasonSv: 'formler tas inte emot; skriv in värdet' });
    });
    if (Object.values(values).some((v) => v.trim() !== '')) rows.push({ line, values });
  });
  if (rows.length === 0) errors.push({ row: 1, field: 'file', reason: 'no data rows', reasonSv: 'inga datarader' });
  return { rows, errors };
}

/**
 * Imports a year's whole price list from CSV or XLSX (issue 6). Every row is checked first (negative
 * or non-integer prices, unknown billing models and services, overlapping validity, duplicate
 * articles); any problem rejects the file with a line-and-field report and nothing is written.
 * Otherwise the list becomes the file's content in one transaction, an audit row per change. A locked
 * list refuses the import. A dry run answers the counts without writing.
 */
export async function importPriceList(
  db: Db,
  actor: Actor,
  props: { year: number; format: FileFormat; data: Buffer; dryRun: boolean },
): Promise<PriceImportReport> {
  requireCatalogueAdmin(actor);
  const list = await store.findPriceList(db, props.year);
  if (!list) throw new AppError('not_found', [{ field: 'year', reason: `no price list for ${props.year}`, reasonSv: `ingen prislista för ${props.year}` }]);
  if (list.lockedAt) throw lockedError(list);
  const read = props.format === 'xlsx' ? await readXlsx(props.data) : parseCsv(props.data.toString('utf8'), PRICE_FILE_HEADERS);
  reportIfAny(read.errors);
  const services = await store.listServices(db);
  const { entries, problems } = parsePriceRows(read.rows, { year: props.year, serviceCodes: new Set(services.map((s) => s.code)) });
  reportIfAny(problems);
  const serviceIds = new Map(services.map((s) => [s.code, s.id]));

  return db.transaction(async (tx) => {
    const current = await store.lockPriceListRow(tx, props.year);
    if (!current) throw new AppError('not_found');
    if (current.lockedAt) throw lockedError(current);
    const plan = planImport(await store.listEntries(tx, current.id), entries);
    const report: PriceImportReport = {
      dryRun: props.dryRun,
      created: plan.create.length,
      updated: plan.update.length,
      removed: plan.remove.length,
      unchanged: plan.unchanged,
      errors: [],
    };
    if (props.dryRun) return report;
    const audit = (entityId: string, action: string, change: { before?: unknown; after?: unknown }) =>
      writeAudit(tx, { actorUserId: actor.id, municipalityId: null, entity: 'price_list_item', entityId, action, ...change });
    for (const old of plan.remove) {
      await store.deleteItemById(tx, old.row.id);
      await audit(old.row.id, 'import_delete', { before: { year: props.year, ...presentItem(old.row, old.serviceCode) } });
    }
    for (const { existing, entry } of plan.update) {
      const row = await store.updateItemRow(tx, existing.row.id, {
        ...itemValues(entry, serviceIds.get(entry.serviceCode) ?? existing.row.serviceId),
        version: existing.row.version + 1,
        updatedAt: now(),
      });
      if (!row) throw new AppError('internal');
      await audit(row.id, 'import_update', {
        before: { year: props.year, ...presentItem(existing.row, existing.serviceCode) },
        after: { year: props.year, ...presentItem(row, entry.serviceCode) },
      });
    }
    for (const entry of plan.create) {
      const serviceId = serviceIds.get(entry.serviceCode);
      if (!serviceId) throw new AppError('internal');
      const row = await store.insertItem(tx, { ...itemValues(entry, serviceId), priceListId: current.id });
      if (!row) throw new AppError('internal');
      await audit(row.id, 'import_create', { after: { year: props.year, ...presentItem(row, entry.serviceCode) } });
    }
    return report;
  });
}

function reportIfAny(errors: FieldProblem[]): void {
  if (errors.length) throw new AppError('import_rejected', errors, { report: { errors } });
}
