import type { Context } from 'hono';
import type { Role } from '../access.ts';
import { canSeeMunicipality } from '../access.ts';
import type { Actor, AppEnv } from '../http/context.ts';
import { AppError } from '../http/errors.ts';

/** The signed-in actor, or 401. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

/** The signed-in actor holding at least one of the roles, or 403. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): Actor {
  const actor = requireActor(c);
  if (!roles.some((r) => actor.roles.includes(r))) throw new AppError('forbidden');
  return actor;
}

/**
 * A named check of who may do something (issue 17): each capability keeps its checks in its policy.ts,
 * the services and routes call them, and the session sends their answers to the UI (app/permissions.ts),
 * so no page repeats a role rule.
 */
export type Policy = (actor: Actor) => boolean;

/** The signed-in actor the policy allows, else 403 (401 when not signed in). */
export function requirePolicy(c: Context<AppEnv>, policy: Policy): Actor {
  const actor = requireActor(c);
  assertPolicy(actor, policy);
  return actor;
}

/** 403 unless the policy allows the actor. */
export function assertPolicy(actor: Actor, policy: Policy): void {
  if (!policy(actor)) throw new AppError('forbidden');
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/**
 * One access rule for records of a municipality: outside the actor's scope the answer is
 * "not found", so nobody learns that a record of the other municipality exists.
 */
export function assertMunicipality(actor: Actor, municipalityId: string): void {
  if (!canSeeMunicipality(actor.scope, municipalityId)) throw new AppError('not_found');
}

/** The municipality filter for a list query: undefined = all (IT staff), otherwise the actor's own. */
export function municipalityFilter(actor: Actor, requested?: string): string | undefined {
  if (actor.scope.kind === 'all') return requested;
  if (requested !== undefined && requested !== actor.scope.municipalityId) throw new AppError('not_found');
  return actor.scope.municipalityId;
}
