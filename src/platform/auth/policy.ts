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
