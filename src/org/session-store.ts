import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import { preparedStatement } from '../platform/db/prepared.ts';
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
  const rows = await preparedStatement(db, 'live_session', liveSessionQuery).execute({ id, now: now.toISOString() });
  return rows[0];
}

/** Every signed-in request asks this: prepared once per database handle. */
function liveSessionQuery(db: DbOrTx, name: string) {
  return db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`), eq(users.active, true)))
    .limit(1)
    .prepare(name);
}
