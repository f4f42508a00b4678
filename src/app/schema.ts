/** Every table of Samdesk, for drizzle-kit and the typed client. Each capability owns its schema.ts. */
export * from '../platform/audit/schema.ts';
export * from '../org/schema.ts';
export * from '../mission/schema.ts';
export * from '../tickets/schema.ts';
export * from '../catalogue/schema.ts';
export * from '../orders/schema.ts';
export * from '../platform/jobs/schema.ts';
export * from '../mail/schema.ts';
export * from '../platform/mail/schema.ts';
export * from '../surveys/schema.ts';
export * from '../assets/schema.ts';
export * from '../agreements/schema.ts';
export * from '../billing/schema.ts';
export * from '../operations/schema.ts';
export * from '../governance/schema.ts';
export * from '../followup/schema.ts';
export * from '../sites/schema.ts';
