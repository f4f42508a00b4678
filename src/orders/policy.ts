import { hasRole, type Policy } from '../platform/auth/policy.ts';
import { mayFulfil } from './rules.ts';

/** IT fulfils orders: the IT unit's agents (who work in a team) and administrators. */
export const fulfilsOrders: Policy = (a) => mayFulfil(a);

/** unit managers designate orderers for their units, administrators for any (per unit: rules.ts mayDesignate). */
export const designatesOrderers: Policy = (a) => hasRole(a, 'admin', 'unit_manager');

/** Administrators designate orderers for any unit of their municipality, managers only for theirs. */
export const designatesForAnyUnit: Policy = (a) => hasRole(a, 'admin');

/** Orders are read by those who order (orderers, unit managers) and those who fulfil them. */
export const seesOrders: Policy = (a) => hasRole(a, 'orderer', 'unit_manager') || fulfilsOrders(a);
