import type { Policy } from '../platform/auth/policy.ts';

/** the catalogue, price lists and model range are shared: changed by administrators whose account spans both municipalities. */
export const changesCatalogue: Policy = (a) => a.roles.includes('admin') && a.scope.kind === 'all';
