import type { Policy } from '../platform/auth/policy.ts';

/** The mail quarantine holds both municipalities' mail: administrators whose account spans both. */
export const handlesMailQuarantine: Policy = (a) => a.roles.includes('admin') && a.scope.kind === 'all';
