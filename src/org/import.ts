import { parse } from 'csv-parse/sync';
import { missionOn } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertMunicipality } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { presentPerson, presentUnit, presentUser } from './presenter.ts';
import { accountingCodeProblems, expectedParentLevel, personProblems, UNIT_LEVELS, type UnitLevel } from './rules.ts';
import type { people, users } from './schema.ts';
import * as store from './store.ts';
import { now } from '../platform/clock.ts';

/**
 * CSV import of units and people (issue 2). All rows are validated first; if any row is bad the
 * answer is a report (line, field, reason) and nothing is written. Otherwise every row is written in
 * one transaction with its audit row. Rows are matched on unit code / e-mail and updated if present.
 * Line numbers are the file's: the header is line 1.
 *
 * People rows may name an existing account (column `användarnamn`): the account is linked to the
 * person, which is how a unit manager's account reaches the unit the person works in (R-1.4, issue 16).
 */
export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** Accounts newly linked to a person (people import with an `användarnamn` column). */
  linked: number;
  errors: FieldProblem[];
}

interface CsvRow {
  line: number;
  values: Record<string, string>;
}

const UNIT_HEADERS: Record<string, string> = {
  nivå: 'level',
  niva: 'level',
  level: 'level',
  kod: 'code',
  code: 'code',
  namn: 'name',
  name: 'name',
  överordnad: 'parent',
  overordnad: 'parent',
  parent: 'parent',
  parent_code: 'parent',
};
const PEOPLE_HEADERS: Record<string, string> = {
  förnamn: 'firstName',
  fornamn: 'firstName',
  first_name: 'firstName',
  firstname: 'firstName',
  efternamn: 'lastName',
  last_name: 'lastName',
  lastname: 'lastName',
  'e-post': 'email',
  epost: 'email',
  email: 'email',
  telefon: 'phone',
  phone: 'phone',
  roll: 'personRole',
  role: 'personRole',
  person_role: 'personRole',
  personalkategori: 'staffCategory',
  staff_category: 'staffCategory',
  enhet: 'unit',
  unit: 'unit',
  enhetskod: 'unit',
  unit_code: 'unit',
  skyddad: 'protectedIdentity',
  skyddad_identitet: 'protectedIdentity',
  protected_identity: 'protectedIdentity',
  användarnamn: 'username',
  anvandarnamn: 'username',
  konto: 'username',
  username: 'username',
};
const LEVEL_ALIASES: Record<string, UnitLevel> = { förvaltning: 'forvaltning', forvaltning: 'forvaltning', verksamhet: 'verksamhet', enhet: 'enhet' };

/** Parses CSV (`,` or `;`, optional BOM) into rows keyed by canonical names. */
export function parseCsv(text: string, headers: Record<string, string>, extra: string[] = []): { rows: CsvRow[]; errors: FieldProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let columns: string[] = [];
  try {
    records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      bom: true,
      delimiter,
      columns: (header: string[]) => {
        columns = header.map((h) => {
          const key = h.trim().toLowerCase();
          return headers[key] ?? (extra.includes(key) ? `x:${key}` : `?:${h.trim()}`);
        });
        return columns;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (e) {
    const line = typeof e === 'object' && e && 'lines' in e && typeof e.lines === 'number' ? e.lines : 1;
    return {
      rows: [],
      errors: [
        {
          row: line,
          field: 'file',
          reason: e instanceof Error ? e.message : 'unreadable CSV',
          reasonSv: `filen kan inte läsas som CSV${e instanceof Error ? ` (${e.message})` : ''}`,
        },
      ],
    };
  }
  const errors: FieldProblem[] = [];
  const unknown = columns.filter((k) => k.startsWith('?:'));
  for (const k of unknown) errors.push({ row: 1, field: k.slice(2), reason: 'unknown column', reasonSv: 'okänd kolumn' });
  if (records.length === 0) errors.push({ row: 1, field: 'file', reason: 'no data rows', reasonSv: 'inga datarader' });
  return { rows: records.map((r) => ({ line: r.info.lines, values: r.record })), errors };
}

function finish(errors: FieldProblem[]): void {
  if (errors.length) throw new AppError('import_rejected', errors, { report: { errors } });
}

export async function importUnits(db: Db, actor: Actor, props: { municipalityId: string; csv: string; dryRun: boolean }): Promise<ImportReport> {
  assertMunicipality(actor, props.municipalityId);
  const municipality = await store.findMunicipality(db, props.municipalityId);
  if (!municipality) throw new AppError('not_found');
  const fieldKeys = municipality.accountingFields.map((f) => f.key.toLowerCase());
  const { rows, errors } = parseCsv(props.csv, UNIT_HEADERS, fieldKeys);
  finish(errors);

  const existing = new Map((await store.listUnits(db, municipality.id)).map((u) => [u.code, u]));
  const planned = new Map<
    string,
    { line: number; level: UnitLevel; code: string; name: string; parentCode: string | null; accountingCodes: Record<string, string> }
  >();
  for (const { line, values } of rows) {
    const level = LEVEL_ALIASES[(values.level ?? '').toLowerCase()];
    const code = values.code ?? '';
    const name = values.name ?? '';
    if (!level) {
      errors.push({ row: line, field: 'level', reason: `must be one of ${UNIT_LEVELS.join(', ')}`, reasonSv: 'ska vara förvaltning, verksamhet eller enhet' });
    }
    if (!code) errors.push({ row: line, field: 'code', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (code.length > 40) errors.push({ row: line, field: 'code', reason: 'at most 40 characters', reasonSv: 'högst 40 tecken' });
    if (!name) errors.push({ row: line, field: 'name', reason: 'required', reasonSv: 'obligatoriskt' });
    else if (name.length > 200) errors.push({ row: line, field: 'name', reason: 'at most 200 characters', reasonSv: 'högst 200 tecken' });
    if (code && planned.has(code)) {
      errors.push({ row: line, field: 'code', reason: `duplicate of line ${planned.get(code)?.line}`, reasonSv: `samma som rad ${planned.get(code)?.line}` });
    }
    const accountingCodes: Record<string, string> = {};
    for (const f of municipality.accountingFields) {
      const v = values[`x:${f.key.toLowerCase()}`];
      if (v) accountingCodes[f.key] = v;
    }
    for (const p of accountingCodeProblems(municipality.accountingFields, accountingCodes)) errors.push({ row: line, ...p });
    if (level && code && name) planned.set(code, { line, level, code, name, parentCode: values.parent || null, accountingCodes });
  }
  for (const u of planned.values()) {
    const expected = expectedParentLevel(u.level);
    const parentLevel = u.parentCode ? (planned.get(u.parentCode)?.level ?? existing.get(u.parentCode)?.level) : null;
    if (expected === null && u.parentCode) {
      errors.push({ row: u.line, field: 'parent', reason: 'a förvaltning has no parent', reasonSv: 'en förvaltning har ingen överordnad enhet' });
    } else if (expected !== null && !u.parentCode) {
      errors.push({
        row: u.line,
        field: 'parent',
        reason: `a ${u.level} must sit under a ${expected}`,
        reasonSv: `en ${u.level} måste ligga under en ${expected}`,
      });
    } else if (expected !== null && parentLevel === undefined) {
      errors.push({ row: u.line, field: 'parent', reason: `unknown unit ${u.parentCode}`, reasonSv: `okänd enhet ${u.parentCode}` });
    } else if (expected !== null && parentLevel !== expected) {
      errors.push({
        row: u.line,
        field: 'parent',
        reason: `a ${u.level} must sit under a ${expected}, not a ${parentLevel}`,
        reasonSv: `en ${u.level} måste ligga under en ${expected}, inte en ${parentLevel}`,
      });
    }
  }
  finish(errors);

  const report: ImportReport = { dryRun: props.dryRun, created: 0, updated: 0, unchanged: 0, linked: 0, errors: [] };
  const ordered = [...planned.values()].sort((a, b) => UNIT_LEVELS.indexOf(a.level) - UNIT_LEVELS.indexOf(b.level));
  const write = async () =>
    db.transaction(async (tx) => {
      const ids = new Map([...existing.values()].map((u) => [u.code, u.id]));
      for (const u of ordered) {
        const parentId = u.parentCode ? (ids.get(u.parentCode) ?? null) : null;
        const old = existing.get(u.code);
        if (!old) {
          const row = await store.insertUnit(tx, {
            municipalityId: municipality.id,
            parentId,
            level: u.level,
            code: u.code,
            name: u.name,
            accountingCodes: u.accountingCodes,
          });
          if (!row) throw new AppError('internal');
          ids.set(u.code, row.id);
          report.created++;
          await writeAudit(tx, {
            actorUserId: actor.id,
            municipalityId: municipality.id,
            entity: 'unit',
            entityId: row.id,
            action: 'import_create',
            after: presentUnit(row),
          });
        } else if (
          old.name !== u.name ||
          old.parentId !== parentId ||
          old.level !== u.level ||
          JSON.stringify(old.accountingCodes) !== JSON.stringify(u.accountingCodes)
        ) {
          const row = await store.updateUnitRow(tx, old.id, {
            name: u.name,
            parentId,
            level: u.level,
            accountingCodes: u.accountingCodes,
            version: old.version + 1,
            updatedAt: now(),
          });
          if (!row) throw new AppError('internal');
          report.updated++;
          await writeAudit(tx, {
            actorUserId: actor.id,
            municipalityId: municipality.id,
            entity: 'unit',
            entityId: row.id,
            action: 'import_update',
            before: presentUnit(old),
            after: presentUnit(row),
          });
        } else report.unchanged++;
      }
      if (props.dryRun) throw new DryRun();
    });
  await runMaybeDry(write);
  return report;
}

export async function importPeople(db: Db, actor: Actor, props: { municipalityId: string; csv: string; dryRun: boolean }): Promise<ImportReport> {
  assertMunicipality(actor, props.municipalityId);
  const municipality = await store.findMunicipality(db, props.municipalityId);
  if (!municipality) throw new AppError('not_found');
  const mission = await missionOn(db);
  const { rows, errors } = parseCsv(props.csv, PEOPLE_HEADERS);
  finish(errors);
  const unitCodes = [...new Set(rows.map((r) => r.values.unit).filter((c): c is string => !!c))];
  const unitIds = new Map((await store.unitsByCode(db, municipality.id, unitCodes)).map((u) => [u.code, u.id]));
  const emails = rows.map((r) => r.values.email?.toLowerCase()).filter((e): e is string => !!e);
  const existing = new Map(
    (await store.peopleByEmails(db, emails)).filter((p) => p.municipalityId === municipality.id && p.email).map((p) => [p.email?.toLowerCase() ?? '', p]),
  );
  const usernames = [...new Set(rows.map((r) => r.values.username?.toLowerCase()).filter((u): u is string => !!u))];
  // Only accounts of this municipality: an account elsewhere reads as unknown, so nothing leaks (R-1.4).
  const accounts = new Map(
    (await store.usersByUsernames(db, usernames)).filter((u) => u.municipalityId === municipality.id).map((u) => [u.username.toLowerCase(), u]),
  );
  const seen = new Map<string, number>();
  const seenAccounts = new Map<string, number>();
  const planned: { line: number; account: typeof users.$inferSelect | undefined; values: Omit<typeof people.$inferInsert, 'municipalityId'> }[] = [];
  for (const { line, values } of rows) {
    const firstName = values.firstName ?? '';
    const lastName = values.lastName ?? '';
    const email = values.email ? values.email.toLowerCase() : null;
    if (!firstName) errors.push({ row: line, field: 'firstName', reason: 'required', reasonSv: 'obligatoriskt' });
    if (!lastName) errors.push({ row: line, field: 'lastName', reason: 'required', reasonSv: 'obligatoriskt' });
    if (firstName.length > 100 || lastName.length > 100) {
      errors.push({ row: line, field: 'name', reason: 'at most 100 characters', reasonSv: 'högst 100 tecken' });
    }
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      errors.push({ row: line, field: 'email', reason: 'not an e-mail address', reasonSv: 'ingen giltig e-postadress' });
    }
    if (email && seen.has(email)) {
      errors.push({ row: line, field: 'email', reason: `duplicate of line ${seen.get(email)}`, reasonSv: `samma som rad ${seen.get(email)}` });
    }
    if (email) seen.set(email, line);
    const personRole = values.personRole ?? '';
    const staffCategory = values.staffCategory || null;
    for (const p of personProblems(mission.document, { personRole, staffCategory })) errors.push({ row: line, ...p });
    const unitId = values.unit ? unitIds.get(values.unit) : null;
    if (unitId === undefined) errors.push({ row: line, field: 'unit', reason: `unknown unit ${values.unit}`, reasonSv: `okänd enhet ${values.unit}` });
    const flag = (values.protectedIdentity ?? '').toLowerCase();
    if (!['', 'ja', 'nej', 'yes', 'no', 'true', 'false', '1', '0'].includes(flag)) {
      errors.push({ row: line, field: 'protectedIdentity', reason: 'ja or nej', reasonSv: 'ja eller nej' });
    }
    const username = values.username?.toLowerCase();
    const account = username ? accounts.get(username) : undefined;
    if (username && !account) {
      errors.push({
        row: line,
        field: 'username',
        reason: `no account ${values.username} in this municipality`,
        reasonSv: `inget konto ${values.username ?? ''} i kommunen`,
      });
    }
    if (username && seenAccounts.has(username)) {
      errors.push({
        row: line,
        field: 'username',
        reason: `duplicate of line ${seenAccounts.get(username)}`,
        reasonSv: `samma konto som rad ${seenAccounts.get(username)}`,
      });
    }
    if (username) seenAccounts.set(username, line);
    planned.push({
      line,
      account,
      values: {
        firstName,
        lastName,
        email,
        phone: values.phone || null,
        personRole,
        staffCategory,
        unitId: unitId ?? null,
        protectedIdentity: ['ja', 'yes', 'true', '1'].includes(flag),
      },
    });
  }
  finish(errors);
  const report: ImportReport = { dryRun: props.dryRun, created: 0, updated: 0, unchanged: 0, linked: 0, errors: [] };
  await runMaybeDry(() =>
    db.transaction(async (tx) => {
      /** Links the row's account to the person (once; unchanged when it already is), with its audit row. */
      const linkAccount = async (personId: string, account: typeof users.$inferSelect | undefined) => {
        if (!account || account.personId === personId) return;
        const row = await store.updateUserRow(tx, account.id, { personId, version: account.version + 1, updatedAt: now() });
        if (!row) throw new AppError('internal');
        report.linked++;
        await writeAudit(tx, {
          actorUserId: actor.id,
          municipalityId: municipality.id,
          entity: 'user',
          entityId: row.id,
          action: 'import_link_person',
          before: presentUser(account),
          after: presentUser(row),
        });
      };
      for (const p of planned) {
        const old = p.values.email ? existing.get(p.values.email) : undefined;
        if (!old) {
          const row = await store.insertPerson(tx, { ...p.values, municipalityId: municipality.id });
          if (!row) throw new AppError('internal');
          report.created++;
          await writeAudit(tx, {
            actorUserId: actor.id,
            municipalityId: municipality.id,
            entity: 'person',
            entityId: row.id,
            action: 'import_create',
            after: presentPerson(row),
          });
          await linkAccount(row.id, p.account);
          continue;
        }
        await linkAccount(old.id, p.account);
        const changed = (Object.keys(p.values) as (keyof typeof p.values)[]).some((k) => old[k as keyof typeof old] !== p.values[k]);
        if (!changed) {
          report.unchanged++;
          continue;
        }
        const row = await store.updatePersonRow(tx, old.id, { ...p.values, version: old.version + 1, updatedAt: now() });
        if (!row) throw new AppError('internal');
        report.updated++;
        await writeAudit(tx, {
          actorUserId: actor.id,
          municipalityId: municipality.id,
          entity: 'person',
          entityId: row.id,
          action: 'import_update',
          before: presentPerson(old),
          after: presentPerson(row),
        });
      }
      if (props.dryRun) throw new DryRun();
    }),
  );
  return report;
}

/** Thrown inside the transaction to roll a dry run back after counting what it would do. */
class DryRun extends Error {}

async function runMaybeDry(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
}
