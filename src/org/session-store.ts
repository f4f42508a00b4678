import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { sessions, users } from './schema.ts';

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

/** Drops the sessions that expired before `now`. */
export async function deleteExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/**
 * Ends every session of a user — except `keep` (the session changing its own password) — in the
 * caller's transaction. Called when what a session was granted on changes (issue 16): a password
 * change or reset, deactivation, roles, municipality.
 */
export async function endUserSessions(tx: DbOrTx, userId: string, keep?: string): Promise<void> {
  await tx.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** The session `id` with its account, while unexpired at `now` and the account active. */
export async function findLiveSession(db: DbOrTx, id: string, now: Date) {
  const rows = await db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return rows[0];
}
