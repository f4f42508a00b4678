import * as catalogue from '../catalogue/store.ts';
import { stockholmToday } from '../mission/service.ts';
import { mayOrderFor, orderableUnitIds } from '../orders/rules.ts';
import { authorityOf, placeOrder } from '../orders/service.ts';
import { findUnit } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { municipalityFilter } from '../platform/auth/policy.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import {
  duplicateIdProblems,
  groupRenewals,
  renewalUntil,
  replacedSerial,
  replacementDescription,
  replacementNote,
  replacementProblems,
} from './planning-rules.ts';
import type { AssetRenewals, RenewalOrder, RenewalQuery, TRenewalOrderInput } from './contract.ts';
import * as store from './planning-store.ts';
import { readsWholeRegister } from './policy.ts';

/**
 * Equipment planning (issue 7): the renewal list (R-4.1, R-5.1), the replacement order made from it
 * (R-4.3); a unit's monthly cost of its equipment is billing's (src/billing/unit-costs.ts). The
 * decisions are in planning-rules.ts.
 *
 * Who sees what (R-1.4):
 * - Renewal list: IT roles and finance the municipality (IT spanning both: both, or the one asked for);
 *   everyone else the units they may order for (a unit manager their unit and the units below, a
 *   designated orderer the units designated for), so whoever may place the replacement order sees
 *   what it replaces. Anyone else gets an empty list. A unit outside one's sight is 404.
 * - Replacement order: whoever may order for the unit, exactly as placeOrder decides (a unit of the
 *   other municipality 404, a unit one may not order for 403).
 * - Unit cost: IT roles and finance of the unit's municipality, the manager of the unit (or of a unit
 *   above it); anyone else 404.
 */

function reject(problems: readonly FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', [...problems]);
}

/** Live order lines (not cancelled, of an order not cancelled) replacing any of the serials, by serial. */
async function replacingLines(
  db: DbOrTx,
  municipalityId: string | undefined,
  serials: readonly string[],
): Promise<Map<string, { number: string; lineStatus: string }>> {
  const found = new Map<string, { number: string; lineStatus: string }>();
  if (serials.length === 0) return found;
  const rows = await store.replacementLines(db, municipalityId, serials);
  for (const r of rows) {
    const serial = replacedSerial(r.description);
    if (serial !== null) found.set(serial, { number: r.number, lineStatus: r.status });
  }
  return found;
}

// ---------------------------------------------------------------- renewal list

/**
 * Issue 7, R-4.1, R-5.1: the active computers due for renewal before today + `months`, per unit.
 */
export async function listRenewals(db: Db, actor: Actor, q: RenewalQuery): Promise<AssetRenewals> {
  const municipalityId = municipalityFilter(actor, q.municipalityId);
  let unitIds: string[] | undefined;
  if (!readsWholeRegister(actor)) unitIds = [...orderableUnitIds(await authorityOf(db, actor))];
  if (q.unitId !== undefined) {
    const unit = await findUnit(db, q.unitId, municipalityId);
    if (!unit || (unitIds !== undefined && !unitIds.includes(unit.id))) throw new AppError('not_found');
    unitIds = [unit.id];
  }
  const today = stockholmToday();
  const until = renewalUntil(today, q.months);
  if (unitIds?.length === 0) return { until, units: [] };
  const rows = await store.renewalCandidates(db, { municipalityId, unitIds, until });
  const replacing = await replacingLines(
    db,
    municipalityId,
    rows.map((r) => r.serial),
  );
  const candidates = rows.map((r) => ({ ...r, replacementOrderNumber: replacing.get(r.serial)?.number ?? null }));
  return { until, units: groupRenewals(candidates, { today, until }) };
}

// ---------------------------------------------------------------- replacement order

/** R-4.2: the model must be a computer of the model range in force this year for the municipality (as placeOrder reads it). */
async function modelProblems(db: DbOrTx, municipalityId: string, modelRangeItemId: string, today: string): Promise<FieldProblem[]> {
  const year = Number(today.slice(0, 4));
  const rangeYear = await catalogue.latestModelYear(db, municipalityId, year);
  const range = rangeYear === undefined ? [] : await catalogue.listModels(db, { year: rangeYear, municipalityId });
  const model = range.find((m) => m.id === modelRangeItemId);
  const field = 'modelRangeItemId';
  if (!model) {
    return [
      {
        field,
        reason: `not in the model range of the unit’s municipality${rangeYear ? ` for ${rangeYear}` : ''}`,
        reasonSv: `finns inte i modellutbudet för enhetens kommun${rangeYear ? ` ${rangeYear}` : ''}`,
      },
    ];
  }
  if (model.category !== 'computer') {
    return [{ field, reason: 'a computer is replaced by a computer of the model range', reasonSv: 'en dator ersätts med en dator ur modellutbudet' }];
  }
  return [];
}

/** placeOrder names its lines `lines.N…`; here they are all the one model chosen. */
function asRenewalProblems(e: AppError): AppError {
  if (e.code !== 'validation') return e;
  const problems = e.problems.map((p) => (p.field.startsWith('lines') ? { ...p, field: 'modelRangeItemId' } : p));
  const unique = problems.filter((p, i) => problems.findIndex((o) => o.field === p.field && o.reason === p.reason) === i);
  return new AppError('validation', unique, e.extra);
}

/**
 * Issue 7, R-4.1, R-4.3: one standard order for the unit replacing the named computers, one line each
 * (quantity 1) of the chosen model, each line's description naming the serial it replaces
 * ("Ersätter <serial> – …"), so it follows the normal fulfilment (IT delivers, the asset is registered).
 *
 * One transaction: the assets are locked (two requests replacing the same computer run one after the
 * other, and the second sees the first's order), checked, and the order placed through placeOrder
 * (its own checks, ticket and audit row; a savepoint inside this transaction); then the lines are
 * marked with the serials and an audit row records what replaces what. Any refusal writes nothing.
 */
export async function orderReplacement(db: Db, actor: Actor, input: TRenewalOrderInput): Promise<RenewalOrder> {
  // placeOrder's own authorisation, checked first so nothing about the assets leaks to others.
  const unit = await findUnit(db, input.unitId, municipalityFilter(actor));
  if (!unit) throw new AppError('not_found');
  if (!mayOrderFor(await authorityOf(db, actor), unit.id)) {
    throw new AppError('forbidden', [{ field: 'unitId', reason: 'you are not an orderer for this unit', reasonSv: 'du är inte beställare för enheten' }]);
  }
  const today = stockholmToday();
  const until = renewalUntil(today, input.months);
  reject([...duplicateIdProblems(input.assetIds, 'assetIds'), ...(await modelProblems(db, unit.municipalityId, input.modelRangeItemId, today))]);

  return db.transaction(async (tx) => {
    const ids = [...input.assetIds].sort();
    const locked = await store.lockAssets(tx, ids, unit.municipalityId);
    const byId = new Map(locked.map((a) => [a.id, a]));
    const replacing = await replacingLines(
      tx,
      unit.municipalityId,
      locked.map((a) => a.serial),
    );
    const chosen = input.assetIds.map((id) => byId.get(id));
    reject(
      chosen.flatMap((a, i) =>
        replacementProblems(a && { ...a, replacedBy: replacing.get(a.serial) ?? null }, { unitId: unit.id, until, field: `assetIds.${i}` }),
      ),
    );
    const replaced = chosen.flatMap((a) => (a ? [a] : []));

    let order: Awaited<ReturnType<typeof placeOrder>>;
    try {
      // Inside this transaction placeOrder's own transaction is a savepoint: its order, ticket and audit
      // row commit with the marks below, or not at all.
      order = await placeOrder(tx, actor, {
        kind: 'standard',
        unitId: unit.id,
        note: replacementNote(replaced.map((a) => a.serial)),
        lines: replaced.map(() => ({ modelId: input.modelRangeItemId, quantity: 1 })),
      });
    } catch (e) {
      throw e instanceof AppError ? asRenewalProblems(e) : e;
    }
    if (order.lines.length !== replaced.length) throw new AppError('internal');
    const marks = order.lines.map((line, i) => {
      const asset = replaced[i] as (typeof replaced)[number];
      return {
        lineId: line.id,
        assetId: asset.id,
        serial: asset.serial,
        before: line.description,
        description: replacementDescription(asset.serial, line.description),
      };
    });
    for (const m of marks) await store.describeOrderLine(tx, m.lineId, m.description);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: unit.municipalityId,
      entity: 'order',
      entityId: order.id,
      action: 'renewal_replaces',
      before: { lines: marks.map((m) => ({ lineId: m.lineId, description: m.before })) },
      after: { lines: marks.map((m) => ({ lineId: m.lineId, description: m.description, replacesAssetId: m.assetId, replacesSerial: m.serial })) },
    });
    return { orderId: order.id, number: order.number };
  });
}

// ---------------------------------------------------------------- unit cost
