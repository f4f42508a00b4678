import { IT_ROLES } from '../platform/access.ts';
import { hasRole, type Policy } from '../platform/auth/policy.ts';

/**
 * Issue 22: who may do what with sites and the laptop pool. IT keeps the register of
 * sites and gives the approvals; IT staff and finance read every site of their municipalities, a unit
 * manager the sites where their units work. IT runs the pool and books for anyone; a unit manager books
 * for their units. The other municipality's records are never seen (municipalityFilter).
 */
export const editsSites: Policy = (a) => hasRole(a, ...IT_ROLES);

/** Every site within the actor's municipalities. */
export const readsAllSites: Policy = (a) => hasRole(a, ...IT_ROLES, 'finance');

/** The menu entry: anyone who reads sites, or a manager who sees their units' sites and books laptops. */
export const seesSites: Policy = (a) => readsAllSites(a) || hasRole(a, 'unit_manager');

/** IT hands laptops out, takes them back and decides which laptops are in the pool. */
export const managesLaptopPool: Policy = (a) => hasRole(a, ...IT_ROLES);

/** Who books pool laptops: IT for any unit, a unit manager for the units they manage. */
export const booksLaptops: Policy = (a) => managesLaptopPool(a) || hasRole(a, 'unit_manager');
