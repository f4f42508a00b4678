import { writeAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/client.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Candidate, Designation, DesignationInput, OrderableUnit } from './contract.ts';
import { presentDesignation } from './presenter.ts';
import { mayDesignate, mayFulfil, orderableUnitIds } from './rules.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { authorityOf, reject, visibleUnit } from './shared.ts';

/** Designated orderers of a unit: who may order for it, designated and revoked by its manager. */

/** A unit's orderers: for those who may designate them and for IT. */
export async function listDesignations(db: Db, actor: Actor, unitId: string, includeRevoked: boolean): Promise<Designation[]> {
  const unit = await visibleUnit(db, actor, unitId);
  const authority = await authorityOf(db, actor);
  if (!mayDesignate(authority, unit) && !mayFulfil(authority)) throw new AppError('forbidden');
  const rows = await store.designationsOf(db, unit.id, includeRevoked);
  return rows.map((r) => presentDesignation(r.designation, r));
}

async function designatorFor(db: Db, actor: Actor, unitId: string) {
  const unit = await visibleUnit(db, actor, unitId);
  if (!mayDesignate(await authorityOf(db, actor), unit)) {
    throw new AppError('forbidden', [
      {
        field: 'unitId',
        reason: 'only the unit’s manager or an administrator designates orderers',
        reasonSv: 'bara enhetens chef eller en administratör utser beställare',
      },
    ]);
  }
  return unit;
}

/** a manager designates an account of the unit's municipality to order for the unit. */
export async function designate(db: Db, actor: Actor, unitId: string, input: DesignationInput): Promise<Designation> {
  const unit = await designatorFor(db, actor, unitId);
  const user = await store.activeAccountIn(db, input.userId, unit.municipalityId);
  if (!user) reject([{ field: 'userId', reason: 'unknown account in the unit’s municipality', reasonSv: 'okänt konto i enhetens kommun' }]);
  if (await store.activeDesignation(db, unit.id, input.userId)) {
    throw new AppError('conflict', [{ field: 'userId', reason: 'already an orderer for this unit', reasonSv: 'är redan beställare för enheten' }]);
  }
  return db.transaction(async (tx) => {
    const row = await store.insertDesignation(tx, { municipalityId: unit.municipalityId, unitId: unit.id, userId: input.userId, designatedByUserId: actor.id });
    const after = presentDesignation(row, { userName: user?.displayName ?? null, designatedByName: actor.displayName });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: unit.municipalityId,
      entity: 'orderer_designation',
      entityId: row.id,
      action: 'create',
      after,
    });
    return after;
  });
}

/**
 * the active accounts of the unit's municipality matching `q` (name, username or e-mail), for
 * whoever may designate orderers for the unit: the account list itself is for administrators, and a
 * manager needs a way to pick the account to designate. At most 20, by name.
 */
export async function ordererCandidates(db: Db, actor: Actor, unitId: string, q: string): Promise<Candidate[]> {
  const unit = await designatorFor(db, actor, unitId);
  return store.accountsMatching(db, unit.municipalityId, q, 20);
}

/** the manager revokes a designation; from then on the account cannot order for the unit. */
export async function revokeDesignation(db: Db, actor: Actor, unitId: string, userId: string) {
  const unit = await designatorFor(db, actor, unitId);
  await db.transaction(async (tx) => {
    const row = await store.revokeDesignation(tx, { unitId: unit.id, userId, at: clockNow(), byUserId: actor.id });
    if (!row) throw new AppError('not_found');
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: unit.municipalityId,
      entity: 'orderer_designation',
      entityId: row.id,
      action: 'revoke',
      after: presentDesignation(row, { userName: null, designatedByName: null }),
    });
  });
}

/** The units the actor may order for, and why (for the order form). */
export async function orderableUnits(db: Db, actor: Actor): Promise<OrderableUnit[]> {
  const authority = await authorityOf(db, actor);
  const ids = [...orderableUnitIds(authority)];
  if (ids.length === 0) return [];
  const rows = await store.unitsByIds(db, ids);
  return rows
    .filter((u) => u.active)
    .sort((a, b) => a.code.localeCompare(b.code, 'sv'))
    .map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      level: u.level,
      municipalityId: u.municipalityId,
      via: authority.designatedUnitIds.has(u.id) ? ('designation' as const) : ('manager' as const),
    }));
}
