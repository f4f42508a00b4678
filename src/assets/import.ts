import { readXlsx } from '../catalogue/import.ts';
import { parseCsv } from '../org/import.ts';
import { findMunicipality, listUnits } from '../org/store.ts';
import { stockholmToday } from '../mission/service.ts';
import { assertMunicipality } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { SUPPORT_LEVELS, type SupportLevel } from '../catalogue/rules.ts';
import { isLocalDate } from './rules.ts';
import { DEVICE_TYPES, INITIAL_STATUSES, duplicateSerials, normalizeSerial, type DeviceType } from './register.ts';
import type { AssetImportReport, TAssetInput } from './contract.ts';
import { dbLookups, insertAsset, mayRegister, planAsset, type RegisterLookups } from './service.ts';
import type { assets } from './schema.ts';
import * as store from './store.ts';

/**
 * R-5.1: import of an existing inventory from CSV (`,` or `;`, header on line 1) or XLSX (first sheet,
 * header on row 1, formulas refused). Every row is checked
 * first — columns, unit codes and holders' e-mail addresses of the municipality, dates, services, and
 * serials: a serial twice in the file or already in the register is refused. Any problem rejects the
 * whole file with a report (line, field, reason) and nothing changes; otherwise every asset is written
 * in one transaction, each with its history row and audit row. A dry run answers the count only.
 */
export type { AssetImportReport };

const HEADERS: Record<string, string> = {
  serienummer: 'serial',
  serial: 'serial',
  typ: 'deviceType',
  type: 'deviceType',
  device_type: 'deviceType',
  modell: 'model',
  model: 'model',
  enhet: 'unit',
  unit: 'unit',
  enhetskod: 'unit',
  unit_code: 'unit',
  innehavare: 'holder',
  holder: 'holder',
  'innehavare_e-post': 'holder',
  holder_email: 'holder',
  plats: 'location',
  location: 'location',
  tjänst: 'serviceCode',
  tjanst: 'serviceCode',
  service: 'serviceCode',
  service_code: 'serviceCode',
  supportnivå: 'supportLevel',
  supportniva: 'supportLevel',
  support_level: 'supportLevel',
  leveransdatum: 'deliveredOn',
  levererad: 'deliveredOn',
  delivered_on: 'deliveredOn',
  bindningstid: 'bindingMonths',
  bindningstid_månader: 'bindingMonths',
  binding_months: 'bindingMonths',
  status: 'status',
  anteckning: 'note',
  note: 'note',
};
const REQUIRED = ['serial', 'deviceType', 'model', 'unit'] as const;

const problem = (row: number, field: string, reason: string, reasonSv: string): FieldProblem => ({ row, field, reason, reasonSv });

export async function importAssets(
  db: Db,
  actor: Actor,
  props: { municipalityId: string; format: 'csv' | 'xlsx'; data: Buffer; dryRun: boolean },
): Promise<AssetImportReport> {
  if (!mayRegister(actor)) throw new AppError('forbidden');
  assertMunicipality(actor, props.municipalityId);
  if (!(await findMunicipality(db, props.municipalityId))) throw new AppError('not_found');
  const { rows, errors } = props.format === 'xlsx' ? await readXlsx(props.data, HEADERS) : parseCsv(props.data.toString('utf8'), HEADERS);
  finish(errors);
  const present = new Set(Object.keys(rows[0]?.values ?? {}));
  for (const f of REQUIRED) if (!present.has(f)) errors.push(problem(1, f, 'missing column', 'kolumnen saknas'));
  finish(errors);

  const unitsByCode = new Map((await listUnits(db, props.municipalityId)).map((u) => [u.code.toLowerCase(), u]));
  const peopleByEmail = new Map((await store.peopleWithEmail(db, props.municipalityId)).filter((p) => p.email).map((p) => [(p.email ?? '').toLowerCase(), p]));
  const base = dbLookups(db, actor);
  const lookups: RegisterLookups = {
    unit: (id) => Promise.resolve([...unitsByCode.values()].find((u) => u.id === id)),
    person: (id) => Promise.resolve([...peopleByEmail.values()].find((p) => p.id === id)),
    model: base.model,
    mission: base.mission,
  };
  const today = stockholmToday();
  const planned: { line: number; values: typeof assets.$inferInsert }[] = [];
  for (const { line, values: v } of rows) {
    const rowProblems: FieldProblem[] = [];
    const get = (k: string) => (v[k] ?? '').trim();
    const unit = unitsByCode.get(get('unit').toLowerCase());
    if (!unit) {
      rowProblems.push(
        problem(
          line,
          'unit',
          get('unit') ? `unknown unit code ${get('unit')} in the municipality` : 'required',
          get('unit') ? `okänd enhetskod ${get('unit')} i kommunen` : 'krävs',
        ),
      );
    }
    const deviceType = get('deviceType').toLowerCase();
    if (!(DEVICE_TYPES as readonly string[]).includes(deviceType)) {
      rowProblems.push(problem(line, 'deviceType', `one of ${DEVICE_TYPES.join(', ')}`, `en av ${DEVICE_TYPES.join(', ')}`));
    }
    if (!get('model')) rowProblems.push(problem(line, 'model', 'required', 'krävs'));
    let holderPersonId: string | null = null;
    if (get('holder')) {
      const person = peopleByEmail.get(get('holder').toLowerCase());
      if (!person) {
        rowProblems.push(
          problem(line, 'holder', `no person with e-mail ${get('holder')} in the municipality`, `ingen person med e-post ${get('holder')} i kommunen`),
        );
      } else holderPersonId = person.id;
    }
    const supportLevel = get('supportLevel');
    if (supportLevel && !(SUPPORT_LEVELS as readonly string[]).includes(supportLevel)) {
      rowProblems.push(problem(line, 'supportLevel', `one of ${SUPPORT_LEVELS.join(', ')}`, `en av ${SUPPORT_LEVELS.join(', ')}`));
    }
    const status = get('status');
    if (status && !(INITIAL_STATUSES as readonly string[]).includes(status)) {
      rowProblems.push(problem(line, 'status', `one of ${INITIAL_STATUSES.join(', ')}`, `en av ${INITIAL_STATUSES.join(', ')}`));
    }
    const binding = get('bindingMonths');
    if (binding && !/^\d{1,3}$/.test(binding)) rowProblems.push(problem(line, 'bindingMonths', 'a whole number of months', 'ett helt antal månader'));
    const deliveredOn = get('deliveredOn');
    if (deliveredOn && !isLocalDate(deliveredOn)) rowProblems.push(problem(line, 'deliveredOn', 'a date YYYY-MM-DD', 'ett datum ÅÅÅÅ-MM-DD'));
    if (rowProblems.length || !unit) {
      errors.push(...rowProblems);
      continue;
    }
    const input: TAssetInput = {
      unitId: unit.id,
      deviceType: deviceType as DeviceType,
      serviceCode: get('serviceCode') || null,
      model: get('model'),
      serial: get('serial'),
      holderPersonId,
      location: get('location'),
      supportLevel: (supportLevel || null) as SupportLevel | null,
      deliveredOn: deliveredOn || null,
      bindingMonths: binding ? Number(binding) : null,
      note: get('note'),
      ...(status ? { status: status as (typeof INITIAL_STATUSES)[number] } : {}),
    };
    const plan = await planAsset(input, lookups, today);
    const field = (f: string) => ({ unitId: 'unit', holderPersonId: 'holder' })[f] ?? f;
    errors.push(...plan.problems.map((p) => ({ ...p, row: line, field: field(p.field) })));
    if (plan.values) planned.push({ line, values: plan.values });
  }

  // Serials: once in the file, and not already in the register (any municipality: one device, one record).
  const serialLines = rows.map((r) => ({ line: r.line, serial: normalizeSerial(r.values.serial ?? '') })).filter((r) => r.serial !== '');
  for (const [serial, lines] of duplicateSerials(serialLines)) {
    for (const line of lines.slice(1)) {
      errors.push(problem(line, 'serial', `serial ${serial} also on line ${lines[0]}`, `serienumret ${serial} finns även på rad ${lines[0]}`));
    }
  }
  const existing = await store.existingSerials(db, [...new Set(serialLines.map((r) => r.serial))]);
  for (const r of serialLines) {
    if (existing.has(r.serial)) {
      errors.push(problem(r.line, 'serial', `serial ${r.serial} is already registered`, `serienumret ${r.serial} finns redan i registret`));
    }
  }
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  finish(errors);

  if (props.dryRun) return { dryRun: true, created: planned.length, errors: [] };
  await db.transaction(async (tx) => {
    for (const p of planned) await insertAsset(tx, actor, p.values, 'import', today);
  });
  return { dryRun: false, created: planned.length, errors: [] };
}

function finish(errors: FieldProblem[]): void {
  if (errors.length) throw new AppError('import_rejected', errors, { report: { errors } });
}
