/**
 * The order use cases (issue 17: one file per use case group), re-exported for the routes, the jobs
 * and the capabilities above orders that call them.
 */
export * from './shared.ts';
export * from './designations.ts';
export * from './place.ts';
export * from './read.ts';
export * from './fulfil.ts';
