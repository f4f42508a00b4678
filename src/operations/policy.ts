import type { Policy } from '../platform/auth/policy.ts';

/**
 * Issue 19: who may do what with outages and operations messages. Agents of the second and third line
 * and IT management register outages, plan window work and publish messages; IT staff, finance and
 * unit managers read the availability report (no personal data in it); every signed-in user reads the
 * published messages, as the public does.
 */
export const managesOperations: Policy = (a) =>
  a.roles.includes('it_management') || a.roles.includes('admin') || (a.roles.includes('agent') && (a.line ?? 1) >= 2);

/** Outages with their causes, actions, notes and tickets: IT staff. */
export const readsOutages: Policy = (a) => a.roles.some((r) => r === 'agent' || r === 'it_strategist' || r === 'it_management' || r === 'admin');

/** the availability report — IT staff, finance and unit managers. */
export const readsAvailability: Policy = (a) => readsOutages(a) || a.roles.includes('finance') || a.roles.includes('unit_manager');
