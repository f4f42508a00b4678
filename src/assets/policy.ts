import { IT_ROLES } from '../platform/access.ts';
import { hasRole, type Policy } from '../platform/auth/policy.ts';

/** IT and finance read the municipality's whole register (both, for IT spanning both). */
export const readsWholeRegister: Policy = (a) => hasRole(a, ...IT_ROLES, 'finance');

/** a unit's equipment and its monthly cost — its manager, IT and finance. */
export const seesUnitView: Policy = (a) => hasRole(a, 'unit_manager') || readsWholeRegister(a);

/** R-4.1, R-5.1: renewals are planned by IT, finance and the units' managers. */
export const plansRenewals: Policy = (a) => hasRole(a, 'unit_manager') || readsWholeRegister(a);
