/**
 * Who may see what, at the bottom of every capability: the roles of and a user's municipal
 * scope. Pure (no I/O), so rules may import it; the platform's policy checks, the session and every
 * capability read the same definitions.
 */

/** roles in the system. */
export const ROLES = ['end_user', 'orderer', 'unit_manager', 'agent', 'it_strategist', 'it_management', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles held by IT staff, the only ones that may span both municipalities. */
export const IT_ROLES: readonly Role[] = ['agent', 'it_strategist', 'it_management', 'admin'];

/** Which municipalities a user may see: all (IT staff spanning both) or exactly one. */
export type Scope = { kind: 'all' } | { kind: 'municipality'; municipalityId: string };

export function scopeOf(user: { municipalityId: string | null }): Scope {
  return user.municipalityId === null ? { kind: 'all' } : { kind: 'municipality', municipalityId: user.municipalityId };
}

export function canSeeMunicipality(scope: Scope, municipalityId: string): boolean {
  return scope.kind === 'all' || scope.municipalityId === municipalityId;
}
