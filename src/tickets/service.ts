/**
 * The ticket use cases (issue 17: one file per use case group), re-exported for the routes and the
 * capabilities above tickets (mail in, orders) that call them.
 */
export * from './shared.ts';
export * from './create.ts';
export * from './read.ts';
export * from './change.ts';
export * from './workflow.ts';
export * from './conversation.ts';
export * from './record.ts';
export * from './breaches.ts';
