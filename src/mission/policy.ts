import { hasRole, type Policy } from '../platform/auth/policy.ts';

/**
 * Issue 20: IT management makes next year's mission — creates the draft from the one in force,
 * edits it, publishes it once the political decisions are recorded. Administrators may too.
 */
export const editsMission: Policy = (a) => hasRole(a, 'it_management', 'admin');

/** Drafts are read by those who prepare and decide on them: IT staff of the strategy side and finance. */
export const readsMissionDrafts: Policy = (a) => editsMission(a) || hasRole(a, 'it_strategist', 'finance');
