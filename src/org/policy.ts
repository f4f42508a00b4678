import { hasRole, type Policy } from '../platform/auth/policy.ts';

/** Who may do what with the organisation; the session sends the answers to the UI. */

/** Municipalities, units, people, accounts and their import: administrators. */
export const administersOrganisation: Policy = (a) => hasRole(a, 'admin');

/** Looking units and people up (pickers, holders, orderers): everyone who works with them. */
export const readsPeople: Policy = (a) => hasRole(a, 'admin', 'agent', 'it_management', 'it_strategist', 'unit_manager', 'orderer', 'finance');

/** A unit manager keeps the units they manage current and sees what they cost. */
export const managesUnits: Policy = (a) => hasRole(a, 'unit_manager');
