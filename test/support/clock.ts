import { clockFrom, setDefaultClock } from '../../src/platform/clock.ts';

/**
 * Every test process runs as of one fixed instant (issue 16: a suite that passes today and fails in
 * December is broken): the app, the seeds and direct service calls read `now()` from this clock,
 * which starts here and runs on. `SAMDESK_TEST_NOW` (an ISO instant with offset) runs the whole
 * suite as of another day; CI runs part of it as of a January.
 */
export const TEST_NOW = new Date(process.env.SAMDESK_TEST_NOW ?? '2026-12-03T10:00:00+01:00');
if (Number.isNaN(TEST_NOW.getTime())) throw new Error(`SAMDESK_TEST_NOW is not an instant: ${process.env.SAMDESK_TEST_NOW}`);

/** The clock of this test process. */
export const testClock = clockFrom(TEST_NOW);
setDefaultClock(testClock);
