import { MISSION_2023 } from '../mission/default-2023.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { Problem } from '../org/rules.ts';
import { managedUnits } from '../org/service.ts';
import { findUnit } from '../org/store.ts';
import { municipalityFilter } from '../platform/auth/policy.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { type OrderAuthority, type OrderNumbers } from './rules.ts';
import * as store from './store.ts';

/** What the order use cases share: the mission's order numbers, the actor's authority, a visible unit. */

export function reject(problems: readonly Problem[]): void {
  if (problems.length) {
    throw new AppError(
      'validation',
      problems.map((p): FieldProblem => ({ field: p.field, reason: p.reason, reasonSv: p.reasonSv })),
    );
  }
}

/** The mission's order numbers; a document stored before orders existed takes the built-in default's. */
export function orderNumbers(mission: MissionDocument): OrderNumbers {
  return mission.orders ?? (MISSION_2023.orders as OrderNumbers);
}

/** What the actor may do with orders: the units they manage (through their person) and were designated for. */
export async function authorityOf(db: DbOrTx, actor: Actor): Promise<OrderAuthority> {
  return {
    roles: actor.roles,
    municipalityId: actor.municipalityId,
    teamId: actor.teamId,
    managedUnitIds: await managedUnits(db, actor),
    designatedUnitIds: new Set(await store.designatedUnitIds(db, actor.id)),
  };
}

/** A unit the actor's municipality holds, else 404 (R-1.4: nothing of the other municipality leaks). */
export async function visibleUnit(db: DbOrTx, actor: Actor, unitId: string) {
  const unit = await findUnit(db, unitId, municipalityFilter(actor));
  if (!unit) throw new AppError('not_found');
  return unit;
}
