import { Temporal } from 'temporal-polyfill';
import { randomUUID } from 'node:crypto';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { findMunicipality, findUnit } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db, Tx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import {
  assetCharges,
  assetRentRule,
  bulkAssetPrices,
  billingConfig,
  correctionWindow,
  hintsOf,
  onCallCharge,
  orderLineCharge,
  plainPeriodBounds,
  priceBook,
  reconcile,
  BILLING_ROLES,
  runDecision,
  runOrderProblems,
  runScope,
  shortTermCharges,
  periodicFeeCharges,
  totals,
  type AssetInput,
  type Charge,
  type ChargeWarning,
  type RunAction,
  type RunLine,
  type RunScope,
  type SubjectChange,
} from './rules.ts';
import { addMonthsYm, daysInMonth, firstDayOf } from '../calendar/dates.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { runsBilling } from './policy.ts';
import { applicationsForBilling, driversOf, lockCostModel, type ApplicationForBilling } from '../agreements/service.ts';
import type { CostDriver } from '../agreements/rules.ts';

/**
 * Billing runs (issue 8, R-6): compute a run's lines, review, approve. The decisions are in rules.ts;
 * this file reads the inputs, writes the run in one transaction with its audit row, and guards the
 * municipality's runs with an advisory lock so two nodes never compute or approve at the same time.
 *
 * Who: finance, IT management and administrators run billing, finance only for their own
 * municipality; the runs of the other municipality are 404. Approval needs the finance role of the
 * run's municipality and someone other than the reviewer (four eyes): rules.runDecision, the same rule
 * the presenter sends with the run (rules.runPolicy).
 */

export { BILLING_ROLES };

/** Changes recorded shortly before the previous run's snapshot are looked at again (idempotent). */
const CHANGE_OVERLAP_MS = 5 * 60_000;

function reject(problems: readonly FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', [...problems]);
}

function requireBilling(actor: Actor): void {
  assertPolicy(actor, runsBilling);
}

async function municipalityFor(db: Db, actor: Actor, idOrCode: string) {
  const m = await findMunicipality(db, idOrCode);
  if (!m || (actor.scope.kind !== 'all' && actor.scope.municipalityId !== m.id)) {
    throw new AppError('not_found', [{ field: 'municipality', reason: `unknown municipality ${idOrCode}`, reasonSv: `okänd kommun ${idOrCode}` }]);
  }
  return m;
}

export interface ComputeResult {
  run: store.RunHead;
  warnings: ChargeWarning[];
}

/**
 * computes (or recomputes) the draft run of a municipality for a month. Everything that should
 * cost something in the run's scope is compared with what approved runs billed; the differences are
 * the run's lines. A reviewed or approved run is refused; nothing is written then.
 */
export async function computeRun(
  db: Db,
  actor: Actor,
  input: { municipality: string; month: string },
  /** bulk: false charges every asset with the rules alone — the reference the bulk path is tested against. */
  options: { bulk?: boolean } = {},
): Promise<ComputeResult> {
  requireBilling(actor);
  const municipality = await municipalityFor(db, actor, input.municipality);
  const mission = (await missionOn(db, /^\d{4}-\d{2}$/.test(input.month) ? firstDayOf(input.month) : undefined)).document;
  const scoped = runScope(mission, municipality.code, input.month, municipality.name);
  if (!scoped.ok) return reject(scoped.problems) as never;
  const scope = scoped.scope;
  const cfg = billingConfig(mission);

  return db.transaction(async (tx) => {
    await store.lockMunicipalityRuns(tx, municipality.id, { draft: true });
    const existing = await store.findRunByMonth(tx, municipality.id, scope.runMonth);
    if (existing) {
      const d = runDecision(policyActor(actor), existing, 'recompute');
      if (!d.allowed) throw new AppError(d.denial === 'role' ? 'forbidden' : 'refused', d.problems);
    }
    const { latest, firstMonth, lastMonth } = await store.approvedRuns(tx, municipality.id);
    const outOfOrder = runOrderProblems(scope.runMonth, lastMonth);
    if (outOfOrder.length) throw new AppError('refused', outOfOrder);
    // The run's id comes first: the bulk path writes its batches under it (no foreign key, decision 0006).
    const runId = existing?.id ?? randomUUID();
    if (existing) await store.deleteRunLines(tx, existing.id);
    const computed = await computeLines(tx, runId, municipality.id, scope, cfg, latest, firstMonth, options.bulk !== false);
    // The run records its units as they are now, built by the database: 3,000 units stay there.
    const runUnits: store.RunUnitIds = { lines: [...new Set(computed.lines.map((l) => l.unitId))], batches: computed.bulk.units };
    const now = clockNow();
    const values: store.ComputedRun = {
      status: 'draft' as const,
      scope,
      settings: { partMonth: cfg.partMonth, onCallServiceCode: cfg.onCallServiceCode, correctionMonths: cfg.correctionMonths, missionYear: mission.year },
      basedOnRunId: latest?.id ?? null,
      computedAt: now,
      computedByUserId: actor.id,
      lineCount: computed.lines.length + computed.bulk.lineCount,
      totalOre: totals(computed.lines).totalOre + computed.bulk.totalOre,
      warnings: computed.warnings,
    };
    const run = existing
      ? await store.updateComputedRun(tx, existing.id, values, runUnits, now)
      : await store.insertComputedRun(tx, { id: runId, municipalityId: municipality.id, runMonth: scope.runMonth }, values, runUnits);
    if (!run) throw new AppError('internal');
    await store.insertLines(tx, run.id, municipality.id, computed.lines);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: municipality.id,
      entity: 'billing_run',
      entityId: run.id,
      action: existing ? 'recompute' : 'compute',
      after: { runMonth: run.runMonth, lineCount: run.lineCount, totalOre: run.totalOre, warnings: computed.warnings.length },
    });
    return { run, warnings: computed.warnings };
  });
}

/** What changed on an application since the previous run, as a reason hint. */
function applicationChange(app: ApplicationForBilling): SubjectChange {
  if (app.status === 'terminated' && app.terminatedOn) return { kind: 'application_terminated', on: app.terminatedOn, unitName: null };
  return { kind: 'application_change', on: stockholmToday(Temporal.Instant.fromEpochMilliseconds(app.updatedAt.getTime())), unitName: null };
}

/** The lines of a run: what is due in its scope minus what approved runs billed (rules.reconcile). */
async function computeLines(
  tx: Tx,
  runId: string,
  municipalityId: string,
  scope: RunScope,
  cfg: ReturnType<typeof billingConfig>,
  latest: store.RunHead | undefined,
  firstApprovedMonth: string | undefined,
  useBulk: boolean,
): Promise<{ lines: RunLine[]; warnings: ChargeWarning[]; bulk: { lineCount: number; totalOre: number; units: string } }> {
  const coverage = scope.periodicMonths;
  const coverageStart = coverage[0] ?? scope.runMonth;
  const coverageEnd = coverage[coverage.length - 1] ?? addMonthsYm(scope.runMonth, -1);
  const { from: lookbackFrom, months: lookback } = correctionWindow(scope, cfg, firstApprovedMonth);
  const changed = latest
    ? await store.changedSubjects(tx, municipalityId, new Date(latest.computedAt.getTime() - CHANGE_OVERLAP_MS))
    : new Map<string, { kind: string; on: string; unitName: string | null }>();

  const fromYear = Number(lookbackFrom.slice(0, 4)) - 1;
  const toYear = Number(coverageEnd.slice(0, 4));
  const items = await store.priceItems(tx, fromYear, toYear);
  const book = priceBook(items);
  const weekly = new Set(items.filter((i) => i.billingModel === 'weekly_rental').map((i) => i.articleCode));

  const expected: Charge[] = [];
  const warnings: ChargeWarning[] = [];
  const take = (r: { charges: Charge[]; warnings: ChargeWarning[] }) => {
    for (const c of r.charges) expected.push(c);
    for (const w of r.warnings) warnings.push(w);
  };

  // Periodic: every billed asset in the run's months; changed assets also over the months already billed.
  // Ordinary monthly charges go the bulk path (decision 0006): written by the database as batches.
  const windowFrom = firstDayOf(addMonthsYm(lookback[0] ?? coverageStart, -1));
  const windowTo = `${coverageEnd}-${String(daysInMonth(coverageEnd)).padStart(2, '0')}`;
  const bounds = useBulk ? plainPeriodBounds(coverage) : undefined;
  let bulk = { lineCount: 0, totalOre: 0, units: '{}' };
  let assets: AssetInput[];
  if (bounds) {
    const prices = bulkAssetPrices(book, weekly, coverage);
    const r = await store.chargeOrdinaryAssets(tx, {
      runId,
      municipalityId,
      months: coverage,
      bounds,
      prices,
      rule: assetRentRule(cfg.partMonth),
      changed: [...changed.keys()],
      from: windowFrom,
      to: windowTo,
    });
    assets = r.others;
    bulk = { lineCount: r.lineCount, totalOre: r.totalOre, units: r.units };
  } else {
    assets = await store.assetPeriods(tx, municipalityId, windowFrom, windowTo);
  }
  const shortTermSubjects: string[] = [];
  for (const a of assets) {
    if (a.articleCode && weekly.has(a.articleCode)) {
      shortTermSubjects.push(a.id);
      take(shortTermCharges(a, scope.continuousBefore, book, cfg));
      continue;
    }
    take(assetCharges(a, changed.has(a.id) ? [...lookback, ...coverage] : coverage, book, cfg));
  }
  // Continuous: purchases and hours delivered, on-call time, before the run month.
  const orderInputs = await store.unbilledOrderLines(tx, municipalityId, scope.continuousBefore);
  for (const l of orderInputs) take(orderLineCharge(l));
  const onCall = await store.unbilledOnCall(tx, municipalityId, scope.continuousBefore);
  for (const e of onCall) take(onCallCharge(e, items, cfg));
  // Application agreements (issue 18) and subscriptions: periodic months, the central cost in its month;
  // changed ones over the billed months too; a typed fee gives way to its application's agreement.
  const models = new Map<number, CostDriver[] | null>();
  for (let year = fromYear; year <= toYear; year++) models.set(year, await driversOf(tx, year));
  const since = latest ? latest.computedAt.getTime() - CHANGE_OVERLAP_MS : null;
  const applications = (await applicationsForBilling(tx, municipalityId)).map((app) => ({
    ...app,
    changedOn: since !== null && app.updatedAt.getTime() > since ? applicationChange(app) : null,
  }));
  take(
    periodicFeeCharges({
      applications,
      subscriptions: await store.subscriptions(tx, municipalityId),
      changed,
      coverage,
      lookback,
      centralYear: scope.centralYear,
      book,
      driversOfYear: (year) => models.get(year) ?? null,
      cfg,
    }),
  );

  const billed = await store.billedByKey(tx, municipalityId, {
    months: coverage,
    changed: [...changed.keys()],
    lookbackFrom,
    subjects: [...shortTermSubjects, ...orderInputs.map((l) => l.id), ...onCall.map((e) => e.id)],
  });
  // Keys of subjects not recomputed over the lookback must not be credited: keep only what is in scope.
  const recomputed = new Set([...changed.keys(), ...shortTermSubjects, ...orderInputs.map((l) => l.id), ...onCall.map((e) => e.id)]);
  for (const [key, b] of billed) {
    const inCoverage =
      coverage.includes(b.charge.month) || (b.charge.group === 'central' && scope.centralYear !== null && b.charge.month === `${scope.centralYear}-01`);
    if (!inCoverage && !recomputed.has(b.charge.subjectId)) billed.delete(key);
    if (b.charge.group === 'central' && scope.centralYear === null) billed.delete(key);
  }
  return { lines: reconcile(expected, billed, scope, hintsOf(changed)), warnings, bulk };
}

async function runFor(db: Db | Tx, actor: Actor, id: string): Promise<store.RunRow> {
  const run = await store.findRun(db, id);
  if (!run || (actor.scope.kind !== 'all' && actor.scope.municipalityId !== run.municipalityId)) throw new AppError('not_found');
  return run;
}

/** The run policy's view of the signed-in user. */
export const policyActor = (actor: Actor) => ({ userId: actor.id, roles: actor.roles, municipalityId: actor.municipalityId });

/** 403 when the actor's role does not allow the action on the run at all (rules.runDecision). */
function requireRunRole(actor: Actor, run: store.RunRow, action: RunAction): void {
  const d = runDecision(policyActor(actor), run, action);
  if (!d.allowed && d.denial === 'role') throw new AppError('forbidden', d.problems);
}

/**
 * Under the municipality's lock, the run as it is now, if the actor may take the action (role: 403),
 * read its current version (409 stale) and the run's state allows it (R-6.6, four eyes; 409 refused):
 * rules.runDecision, the rule the presenter sends with the run.
 */
async function lockRunFor(tx: Tx, actor: Actor, before: store.RunRow, version: number, action: Exclude<RunAction, 'recompute'>): Promise<store.RunRow> {
  requireRunRole(actor, before, action);
  await store.lockMunicipalityRuns(tx, before.municipalityId);
  const run = await runFor(tx, actor, before.id);
  if (run.version !== version) {
    throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], { current: run });
  }
  const d = runDecision(policyActor(actor), run, action);
  if (!d.allowed) throw new AppError(d.denial === 'role' ? 'forbidden' : 'refused', d.problems);
  return run;
}

/**
 * review, send back to draft, or approve a run. Approval locks the municipality's runs, refuses
 * a run computed before another was approved (recompute it first), marks the continuous items it
 * charged as billed, and locks the price lists its lines used (issue 6).
 */
export async function transitionRun(
  db: Db,
  actor: Actor,
  id: string,
  input: { action: Exclude<RunAction, 'recompute' | 'discard'>; version: number },
): Promise<store.RunRow> {
  requireBilling(actor);
  const before = await runFor(db, actor, id);
  return db.transaction(async (tx) => {
    const run = await lockRunFor(tx, actor, before, input.version, input.action);
    const now = clockNow();
    let values: store.RunTransition;
    if (input.action === 'review') values = { status: 'reviewed', reviewedAt: now, reviewedByUserId: actor.id };
    else if (input.action === 'reopen') values = { status: 'draft', reviewedAt: null, reviewedByUserId: null };
    else {
      const { latest } = await store.approvedRuns(tx, run.municipalityId);
      if ((latest?.id ?? null) !== run.basedOnRunId) {
        throw new AppError('refused', [
          {
            field: 'status',
            reason: `the run of ${latest?.runMonth ?? '?'} was approved after this one was computed; send it back to draft and recompute it`,
            reasonSv: `körningen för ${latest?.runMonth ?? '?'} godkändes efter att denna räknades; skicka tillbaka till utkast och räkna om`,
          },
        ]);
      }
      await refuseRepeatedKeys(tx, run.id);
      values = { status: 'approved', approvedAt: now, approvedByUserId: actor.id };
      // The order lines and on-call time it charged are billed (R-6.1); its batches' assets go into the ledger.
      await store.markBilled(tx, run.id);
      await store.recordBatchSubjects(tx, run.id);
      await lockPriceLists(tx, run, actor);
    }
    const after = await store.updateRunState(tx, run.id, values, now);
    if (!after) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: run.municipalityId,
      entity: 'billing_run',
      entityId: run.id,
      action: input.action,
      before: { status: run.status, version: run.version },
      after: { status: after.status, version: after.version, totalOre: after.totalOre, lineCount: after.lineCount },
    });
    return after;
  });
}

/**
 * discard a draft: its run, lines and batches go, in one transaction with its audit row (which
 * keeps the month, total and line count). A draft has billed nothing (approval does that), so nothing
 * else refers to it.
 */
export async function discardRun(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  requireBilling(actor);
  const before = await runFor(db, actor, id);
  await db.transaction(async (tx) => {
    const run = await lockRunFor(tx, actor, before, version, 'discard');
    await store.deleteRunLines(tx, run.id);
    await store.deleteRun(tx, run.id);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: run.municipalityId,
      entity: 'billing_run',
      entityId: run.id,
      action: 'discard',
      before: { status: run.status, version: run.version, runMonth: run.runMonth, totalOre: run.totalOre, lineCount: run.lineCount },
      after: null,
    });
  });
}

/**
 * before a run becomes the invoice, the database confirms no key is charged twice in it. The
 * irregular lines have a unique index; the batches are unique by construction (decision 0006), and this
 * holds both against each other whatever wrote them.
 */
async function refuseRepeatedKeys(tx: Tx, runId: string): Promise<void> {
  const repeated = await store.repeatedKey(tx, runId);
  if (repeated !== undefined) {
    throw new AppError('refused', [
      {
        field: 'status',
        reason: `the run charges ${repeated} more than once; recompute it`,
        reasonSv: `körningen debiterar ${repeated} mer än en gång; räkna om den`,
      },
    ]);
  }
}

/** Issue 6: a price list billing has used is locked; changes go into the next year's list. */
async function lockPriceLists(tx: Tx, run: store.RunHead, actor: Actor): Promise<void> {
  const years = [...new Set(run.scope.periodicMonths.map((m) => Number(m.slice(0, 4))))];
  if (run.scope.centralYear !== null) years.push(run.scope.centralYear);
  if (!years.length) years.push(Number(run.runMonth.slice(0, 4)));
  // Issue 18: the cost models of the same years are locked too (the agreements' fees were computed from them).
  for (const year of years) await lockCostModel(tx, actor, year, `fakturering ${run.runMonth}`);
  const locked = await store.lockPriceLists(tx, years, { reason: `fakturering ${run.runMonth}`, userId: actor.id });
  for (const l of locked) {
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'price_list',
      entityId: l.id,
      action: 'lock',
      after: { year: l.year, reason: `fakturering ${run.runMonth}` },
    });
  }
}

export async function getRun(db: Db, actor: Actor, id: string): Promise<store.RunRow> {
  requireBilling(actor);
  return runFor(db, actor, id);
}

export async function unitOf(db: Db, actor: Actor, unitId: string) {
  const unit = await findUnit(db, unitId, actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId);
  if (!unit) throw new AppError('not_found', [{ field: 'unitId', reason: 'unknown unit', reasonSv: 'okänd enhet' }]);
  return unit;
}
