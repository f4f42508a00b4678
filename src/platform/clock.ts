import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time Samdesk believes it is. Every rule that speaks of "now" or "today" asks `now()` instead of
 * the wall clock, so a test or a demo can run the whole application as of a chosen instant (issue 16:
 * a suite that passes today and fails in December is a broken suite).
 *
 * The clock in force is carried by the request (the app wraps each request, boot wraps the seeding),
 * so two apps with different clocks can run in one process. Security timings — session expiry,
 * sign-in throttling, job scheduling — stay on the real clock on purpose.
 *
 * @example
 *   const clock = clockFrom(new Date('2026-06-18T08:00:00Z'));
 *   await withClock(clock, () => seedDemo(db)); // the demo as of the day before midsummer
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` when created and then runs on with real time, so a sequence of
 * changes keeps its order while every date is the chosen one.
 */
export function clockFrom(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

const current = new AsyncLocalStorage<Clock>();
let fallback: Clock = systemClock;

/**
 * Sets the clock used outside any request or boot (the machine's by default). The test support sets
 * it once per test process to a fixed instant, so direct service calls in tests agree with the app.
 */
export function setDefaultClock(clock: Clock): void {
  fallback = clock;
}

/** Runs `fn` with `clock` as the clock in force for everything it calls, awaited work included. */
export function withClock<T>(clock: Clock, fn: () => T): T {
  return current.run(clock, fn);
}

/** The clock in force: the request's or boot's, else the default (the machine's unless set). */
export function currentClock(): Clock {
  return current.getStore() ?? fallback;
}

/** Now, by the clock in force. */
export function now(): Date {
  return currentClock().now();
}
