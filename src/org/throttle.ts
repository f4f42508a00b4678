import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  deleteFailureCounter,
  deleteFailuresBefore,
  ensureFailureCounters,
  lockFailureCounters,
  updateFailureCounter,
  type FailureRow,
} from './throttle-store.ts';
import type { Db } from '../platform/db/client.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { CLIENT, USER_AT_CLIENT, clientAddress, clientNetwork, decideAttempt, redeem, type KeyState } from '../platform/auth/throttle-rules.ts';

/**
 * Sign-in throttling (issue 16) over the `login_failures` counters. Each attempt locks its two rows
 * — the client network's and the (client network, username)'s — in key order, asks the pure rules
 * (throttle-rules.ts) and counts itself before the password is checked, so parallel attempts are
 * evaluated one count at a time and never more than the rules allow. Security timing: the real clock.
 */

/** Where a sign-in comes from and whom it names. */
export interface SignInOrigin {
  /** The client's address as resolved (for the audit trail). */
  address: string;
  /** The network the address is throttled as (IPv6: its /64). */
  network: string;
}

/** The client's address: the socket's peer, X-Forwarded-For only as far as TRUST_PROXY says. */
export function signInOrigin(c: Context<AppEnv>): SignInOrigin {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    // In-process requests (tests, app.request) have no socket.
    peer = undefined;
  }
  const address = clientAddress({ peer, forwardedFor: c.req.header('x-forwarded-for'), trustedProxies: c.get('deps').config.trustProxy, fallback: 'unknown' });
  return { address, network: clientNetwork(address) };
}

function keysOf(origin: SignInOrigin, username: string) {
  return { client: `ip:${origin.network}`, user: `user:${origin.network}:${username.toLowerCase()}` };
}

const toState = (r: FailureRow | undefined): KeyState | undefined =>
  r ? { failures: r.failures, lastFailureAt: r.lastFailureAt.getTime(), blockedUntil: r.blockedUntil?.getTime() ?? null } : undefined;

/**
 * Admits a sign-in attempt or refuses it with 429 and Retry-After. An admitted attempt is counted as
 * a failure until `recordSuccess` gives it back.
 */
export async function admitAttempt(db: Db, origin: SignInOrigin, username: string, now = Date.now()): Promise<void> {
  const k = keysOf(origin, username);
  const ordered = [k.client, k.user].sort();
  const decision = await db.transaction(async (tx) => {
    // Create missing rows, then lock both in key order (the same order everywhere: no deadlock).
    await ensureFailureCounters(tx, ordered, new Date(now));
    const rows = await lockFailureCounters(tx, ordered);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const d = decideAttempt(
      [
        { state: toState(byKey.get(k.client)), policy: CLIENT },
        { state: toState(byKey.get(k.user)), policy: USER_AT_CLIENT },
      ],
      now,
    );
    if (d.admitted) {
      for (const [i, key] of [k.client, k.user].entries()) {
        const s = d.next[i]!;
        await updateFailureCounter(tx, key, {
          failures: s.failures,
          lastFailureAt: new Date(s.lastFailureAt),
          blockedUntil: s.blockedUntil === null ? null : new Date(s.blockedUntil),
        });
      }
    }
    return d;
  });
  // No field is named: neither the username nor the password is wrong, the client has to wait.
  if (!decision.admitted) throw new AppError('too_many_attempts', [], { retryAfterSeconds: decision.retryAfterSeconds });
}

/**
 * After a successful sign-in: forgets the (network, username) key and gives its failures back to the
 * network, so one person's typos do not count against the colleagues behind the same address.
 */
export async function recordSuccess(db: Db, origin: SignInOrigin, username: string): Promise<void> {
  const k = keysOf(origin, username);
  await db.transaction(async (tx) => {
    const rows = await lockFailureCounters(tx, [k.client, k.user].sort());
    const user = rows.find((r) => r.key === k.user);
    const client = toState(rows.find((r) => r.key === k.client));
    if (user) await deleteFailureCounter(tx, k.user);
    if (client && user) {
      const next = redeem(client, user.failures, CLIENT);
      await updateFailureCounter(tx, k.client, { failures: next.failures, blockedUntil: next.blockedUntil === null ? null : new Date(next.blockedUntil) });
    }
  });
}

/** Keeps the table small: drops counters no policy remembers any more. */
export async function forgetOldFailures(db: Db, now = Date.now()): Promise<void> {
  const longest = Math.max(CLIENT.forgetAfterSeconds, USER_AT_CLIENT.forgetAfterSeconds);
  await deleteFailuresBefore(db, new Date(now - longest * 1000));
}
