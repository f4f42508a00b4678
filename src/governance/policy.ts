import { IT_ROLES } from '../platform/access.ts';
import { hasRole, type Policy } from '../platform/auth/policy.ts';
import { STEP_ROLES, type RequestAction } from './rules.ts';

/**
 * Issue 20 (R-8.1): who may do what with development requests. IT staff and unit managers raise them
 * (IT for itself, a manager for their unit); IT staff and finance read every request within their
 * municipalities; the strategy side records the boards' steps and the steering group's order.
 */
export const raisesDevelopmentRequests: Policy = (a) => hasRole(a, ...IT_ROLES, 'unit_manager');

/** Every request within the municipal boundary (others see what they or their unit raised). */
export const readsAllDevelopmentRequests: Policy = (a) => hasRole(a, ...IT_ROLES, 'finance');

/** The menu entry: anyone who raises or reads requests. */
export const seesDevelopmentRequests: Policy = (a) => raisesDevelopmentRequests(a) || readsAllDevelopmentRequests(a);

/** the steering group's order of the backlog, recorded by IT management or the strategist. */
export const ordersBacklog: Policy = (a) => hasRole(a, 'it_strategist', 'it_management', 'admin');

/** Whether the actor records `action` (STEP_ROLES: the strategist's own mandate, the boards' secretaries). */
export const recordsStep =
  (action: RequestAction): Policy =>
  (a) =>
    hasRole(a, ...STEP_ROLES[action]);
