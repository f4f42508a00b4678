import { hasRole, type Policy } from '../platform/auth/policy.ts';

/**
 * who reads the tertial follow-up — IT management and the IT strategist, administrators, finance
 * and the units' managers (the municipalities' managers). A reader tied to one municipality sees its
 * report only; what each may follow a figure down to is decided by the list's own policy.
 */
export const readsFollowUp: Policy = (a) => hasRole(a, 'it_strategist', 'it_management', 'admin', 'finance', 'unit_manager');

/** IT management marks a tertial report as sent to the boards, freezing it (administrators too). */
export const marksFollowUpSent: Policy = (a) => hasRole(a, 'it_management', 'admin');
