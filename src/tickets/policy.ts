import { hasRole, type Policy } from '../platform/auth/policy.ts';

/**
 * Who may reach what of the service desk. Which tickets each one sees is decided per record by
 * the desk's membership (store.ts visibility); these say which pages are theirs.
 */

/** Service desks, their categories and agents: administrators. */
export const administersDesks: Policy = (a) => hasRole(a, 'admin');

/** The agents' queue: agents, IT management and administrators. */
export const worksQueue: Policy = (a) => hasRole(a, 'agent', 'admin', 'it_management');

/** Registering a phone call on someone's behalf: agents and administrators. */
export const registersCalls: Policy = (a) => hasRole(a, 'agent', 'admin');

/** The follow-up of missed deadlines: agents (their desks), IT management and administrators. */
export const readsSlaBreaches: Policy = (a) => hasRole(a, 'agent', 'it_management', 'admin');

/**
 * R-3.4, R-10: recording why a deadline was missed — the desk's agents (their desks' tickets) and
 * IT management (their municipality's); the follow-up reports intefunktion misses with this reason.
 */
export const explainsSlaBreaches: Policy = (a) => hasRole(a, 'agent', 'it_management');
