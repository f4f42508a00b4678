import { hasRole, type Policy } from '../platform/auth/policy.ts';
import { BILLING_ROLES } from './rules.ts';

/** finance, IT management and administrators compute, review and approve runs (each run's steps: runPolicy). */
export const runsBilling: Policy = (a) => hasRole(a, ...BILLING_ROLES);

/** R-6.3: invoice bases are read by billing's roles, and by unit managers for their units' approved runs. */
export const readsBilling: Policy = (a) => runsBilling(a) || hasRole(a, 'unit_manager');
