import { managedUnits } from '../org/service.ts';
import { findMunicipality, findUnit } from '../org/store.ts';
import { hasRole, municipalityFilter } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import type { BillingRun, RunListQuery, RunUnit, RunWithUnits, UnitBasis } from './contract.ts';
import { diffRuns, hintsOf, listPriceOf, priceBook, runPolicy } from './rules.ts';
import { policyActor } from './service.ts';
import * as store from './store.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { readsBilling, runsBilling } from './policy.ts';

/**
 * The invoice basis as finance and unit managers read it: runs, a run's units with their
 * totals beside the previous run's, and one unit's lines with the changes since the previous run.
 * Finance, IT management and administrators see every run of their municipality; a unit manager sees
 * approved runs only, and only the units they manage.
 */

/** A run as the API shows it (BillingRun); the presenter is typed by the contract (decision 0010). */
export type RunSummary = BillingRun;

export function presentRun(r: store.RunHead, actor: Actor, names: ReadonlyMap<string, string> = new Map()): RunSummary {
  const name = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    id: r.id,
    municipalityId: r.municipalityId,
    runMonth: r.runMonth,
    status: r.status,
    scope: r.scope,
    settings: r.settings,
    lineCount: r.lineCount,
    totalOre: r.totalOre,
    warnings: r.warnings,
    basedOnRunId: r.basedOnRunId,
    computedAt: r.computedAt.toISOString(),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewedByUserId: r.reviewedByUserId,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    approvedByUserId: r.approvedByUserId,
    computedByName: name(r.computedByUserId),
    reviewedByName: name(r.reviewedByUserId),
    approvedByName: name(r.approvedByUserId),
    version: r.version,
    actions: runPolicy(policyActor(actor), r),
  };
}

/** Runs as the API shows them, with the names of who computed, reviewed and approved (one query). */
export async function presentRuns(db: Db, actor: Actor, runs: readonly (store.RunHead | undefined)[]): Promise<RunSummary[]> {
  const ids = [
    ...new Set(runs.flatMap((r) => (r ? [r.computedByUserId, r.reviewedByUserId, r.approvedByUserId] : [])).filter((id): id is string => id !== null)),
  ];
  const names = await store.userNames(db, ids);
  return runs.flatMap((r) => (r ? [presentRun(r, actor, names)] : []));
}

export async function listRuns(db: Db, actor: Actor, query: RunListQuery): Promise<RunSummary[]> {
  assertPolicy(actor, readsBilling);
  let requested: string | undefined;
  if (query.municipality !== undefined) {
    const m = await findMunicipality(db, query.municipality);
    if (!m) {
      throw new AppError('not_found', [
        { field: 'municipality', reason: `unknown municipality ${query.municipality}`, reasonSv: `okänd kommun ${query.municipality}` },
      ]);
    }
    requested = m.id;
  }
  const municipalityId = municipalityFilter(actor, requested);
  const managed = runsBilling(actor) ? undefined : [...(await managedUnits(db, actor))];
  // A unit manager: approved runs that charged one of their units (the run's recorded units).
  const rows = await store.listRuns(db, { municipalityId, managedUnitIds: managed });
  const shown = await presentRuns(db, actor, rows);
  if (managed === undefined || !shown.length) return shown;
  // …with their units' totals only, and no warnings about other units' subjects.
  const mine = await store.runTotalsOfUnits(
    db,
    shown.map((r) => r.id),
    managed,
  );
  const byRun = new Map(mine.map((m) => [m.run_id, m]));
  return shown.map((r) => ({ ...r, lineCount: byRun.get(r.id)?.line_count ?? 0, totalOre: Number(byRun.get(r.id)?.total ?? 0), warnings: [] }));
}

/** A run the actor may read, with the units they may see (undefined = all of the municipality). */
async function readableRun(db: Db, actor: Actor, id: string): Promise<{ run: store.RunRow; unitIds: Set<string> | undefined }> {
  const run = await store.findRun(db, id);
  if (!run || (actor.scope.kind !== 'all' && actor.scope.municipalityId !== run.municipalityId)) throw new AppError('not_found');
  if (runsBilling(actor)) return { run, unitIds: undefined };
  if (hasRole(actor, 'unit_manager') && run.status === 'approved') return { run, unitIds: await managedUnits(db, actor) };
  throw new AppError('not_found');
}

/** One unit of a run beside the previous approved run (the contract's RunUnit). */
export type UnitTotal = RunUnit;

/** a run's units with their totals beside the previous approved run's (drill-down, compare). */
export async function runUnits(db: Db, actor: Actor, id: string): Promise<RunWithUnits> {
  const { run, unitIds } = await readableRun(db, actor, id);
  const previous = run.basedOnRunId ? await store.findRun(db, run.basedOnRunId) : undefined;
  const rows = await store.runUnitTotals(db, run.id, previous?.id);
  const [shown, shownPrevious] = await presentRuns(db, actor, [run, previous]);
  if (!shown) throw new AppError('internal');
  const visible = rows.filter((r) => unitIds === undefined || unitIds.has(r.unit_id));
  const own = (summary: RunSummary, total: (r: (typeof rows)[number]) => number): RunSummary =>
    unitIds === undefined
      ? summary
      : { ...summary, totalOre: visible.reduce((sum, r) => sum + total(r), 0), lineCount: visible.reduce((n, r) => n + r.line_count, 0), warnings: [] };
  return {
    // A unit manager sees their units' totals, not the municipality's.
    run: own(shown, (r) => Number(r.total)),
    previous: shownPrevious ? own(shownPrevious, (r) => Number(r.prev_total)) : null,
    units: visible.map((r) => ({
      unitId: r.unit_id,
      // As the run recorded the unit; a unit only the previous run charged, as it is now.
      unitCode: run.units[r.unit_id]?.code ?? r.code,
      unitName: run.units[r.unit_id]?.name ?? r.name,
      accountingCodes: run.units[r.unit_id]?.accountingCodes ?? r.accounting_codes,
      lineCount: r.line_count,
      totalOre: Number(r.total),
      correctionOre: Number(r.corr),
      previousTotalOre: Number(r.prev_total),
    })),
  };
}

export type BasisLine = Omit<store.LineRow, 'runId' | 'municipalityId'>;

export type { UnitBasis };

/** The accounting code string of a unit in the municipality's field order, e.g. "ansvar 4711 · verksamhet 407". */
export function accountingString(fields: readonly { key: string; label?: string }[], codes: Record<string, string>): string {
  const ordered = fields.length ? fields.map((f) => [f.label ?? f.key, codes[f.key]] as const) : Object.entries(codes);
  return ordered
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}

/** one unit's basis in a run: its lines, its total and what changed since the previous run, with reasons. */
export async function unitBasis(db: Db, actor: Actor, runId: string, unitId: string): Promise<UnitBasis> {
  const { run, unitIds } = await readableRun(db, actor, runId);
  if (unitIds !== undefined && !unitIds.has(unitId)) throw new AppError('not_found');
  const live = await findUnit(db, unitId, run.municipalityId);
  if (!live) throw new AppError('not_found', [{ field: 'unitId', reason: 'unknown unit', reasonSv: 'okänd enhet' }]);
  // As the run recorded the unit (R-6.6: an approved basis never changes with the unit).
  const unit = { id: live.id, ...(run.units[unitId] ?? { code: live.code, name: live.name, accountingCodes: live.accountingCodes }) };
  const municipality = await findMunicipality(db, run.municipalityId);
  const previous = run.basedOnRunId ? await store.findRun(db, run.basedOnRunId) : undefined;
  const lines = await store.unitLines(db, run.id, unitId);
  const previousLines = previous ? await store.unitLines(db, previous.id, unitId) : [];
  const changed = previous ? await store.changedSubjects(db, run.municipalityId, previous.computedAt) : new Map();
  // The yearly fee behind a spread monthly share, so an öre of rounding between months is not a price change.
  const years = [...lines, ...previousLines].filter((l) => l.source === 'subscription' || l.source === 'application').map((l) => Number(l.month.slice(0, 4)));
  const book = years.length ? priceBook(await store.priceItems(db, Math.min(...years), Math.max(...years))) : priceBook([]);
  const toDiff = (l: store.LineRow) => ({ ...l, group: l.chargeGroup, amountOre: l.amountOre, listPriceOre: listPriceOf(l, book) });
  const changes = diffRuns(previousLines.map(toDiff), lines.map(toDiff), hintsOf(changed));
  const strip = ({ runId: _r, municipalityId: _m, ...rest }: store.LineRow): BasisLine => rest;
  const [shown, shownPrevious] = await presentRuns(db, actor, [run, previous]);
  if (!shown) throw new AppError('internal');
  return {
    run: shown,
    previous: shownPrevious ?? null,
    unit: {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      accountingCodes: unit.accountingCodes,
      accountingString: accountingString(municipality?.accountingFields ?? [], unit.accountingCodes),
    },
    lines: lines.map(strip),
    totalOre: lines.reduce((s, l) => s + l.amountOre, 0),
    previousTotalOre: previousLines.reduce((s, l) => s + l.amountOre, 0),
    changes,
  };
}
