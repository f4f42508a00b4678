import { hasRole, type Policy } from '../auth/policy.ts';

/** the audit log is read by administrators and IT management. */
export const readsAuditLog: Policy = (a) => hasRole(a, 'admin', 'it_management');
