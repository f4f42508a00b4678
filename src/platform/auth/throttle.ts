import { and, count, eq, gt, lt } from 'drizzle-orm';
import { loginFailures } from '../../org/schema.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';

/** At most this many failed sign-ins per username within the window, then 429 until it passes. */
export const MAX_FAILURES = 10;
export const WINDOW_MINUTES = 15;

/** Refuses a sign-in attempt while the username has too many recent failures (429 with Retry-After). */
export async function assertNotThrottled(db: Db, username: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.username, username.toLowerCase()), gt(loginFailures.at, since)));
  if ((row?.n ?? 0) >= MAX_FAILURES) {
    throw new AppError('too_many_attempts', [{ field: 'username', reason: `wait ${WINDOW_MINUTES} minutes`, reasonSv: `vänta ${WINDOW_MINUTES} minuter` }], { retryAfterSeconds: WINDOW_MINUTES * 60 });
  }
}

export async function recordFailure(db: Db, username: string, now = new Date()): Promise<void> {
  await db.insert(loginFailures).values({ username: username.toLowerCase(), at: now });
  // Keep the table small: forget failures older than the window.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MINUTES * 60_000)));
}

export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.username, username.toLowerCase()));
}
