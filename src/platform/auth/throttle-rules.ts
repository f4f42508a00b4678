/**
 * Sign-in throttling decisions (issue 16), pure: how long a key waits given its failures, whether an
 * attempt is evaluated, and what a success gives back. The I/O (row locks) is in throttle.ts.
 *
 * Keys are per client network and per (username, client network) — never per username alone, so
 * failures from one place cannot keep the right password out from another. Instants are epoch ms.
 */

export interface ThrottlePolicy {
  /** Failures a key may have without any wait (a burst of this many attempts is evaluated). */
  freeFailures: number;
  /** Wait after the first failure beyond the free ones; it doubles with every further failure. */
  baseDelaySeconds: number;
  /** The wait never grows beyond this. */
  maxDelaySeconds: number;
  /** A key with no failure for this long starts again from zero (must exceed maxDelaySeconds). */
  forgetAfterSeconds: number;
}

/** One username from one client network: the old limit of ten, then 30 s, 1 min, 2 min … 15 min. */
export const USER_AT_CLIENT: ThrottlePolicy = { freeFailures: 10, baseDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 };
/**
 * All usernames from one client network (password spraying). Generous, because a municipality's
 * staff often share one address, and failures followed by the same user's success are given back.
 */
export const CLIENT: ThrottlePolicy = { freeFailures: 50, baseDelaySeconds: 1, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 3600 };

export interface KeyState {
  /** Failed attempts, counted when an attempt is admitted (a success gives them back). */
  failures: number;
  lastFailureAt: number;
  /** No attempt is evaluated before this instant; null = no wait. */
  blockedUntil: number | null;
}

/** Seconds a key must wait before its next attempt after `failures` failures. */
export function delaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  // 2^31 s is far beyond any cap; avoid Infinity arithmetic for huge counts.
  return doublings >= 31 ? policy.maxDelaySeconds : Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** doublings);
}

/** The state as it counts now: a key quiet for the policy's forget time starts from zero. */
export function current(state: KeyState | undefined, now: number, policy: ThrottlePolicy): KeyState {
  if (!state || now - state.lastFailureAt >= policy.forgetAfterSeconds * 1000) return { failures: 0, lastFailureAt: now, blockedUntil: null };
  return state;
}

export type AttemptDecision =
  /** Evaluate the password; store `next` for each key (the attempt is counted as a failure until it succeeds). */
  | { admitted: true; next: KeyState[] }
  /** Refuse unevaluated (429); nothing is counted. */
  | { admitted: false; retryAfterSeconds: number };

/**
 * Whether an attempt is evaluated, given the states of all its keys (each with its policy). An
 * attempt is counted before the password is checked, so parallel attempts cannot overtake the count.
 */
export function decideAttempt(keys: { state: KeyState | undefined; policy: ThrottlePolicy }[], now: number): AttemptDecision {
  const states = keys.map((k) => current(k.state, now, k.policy));
  const waits = states.map((s) => (s.blockedUntil !== null && s.blockedUntil > now ? Math.ceil((s.blockedUntil - now) / 1000) : 0));
  const wait = Math.max(0, ...waits);
  if (wait > 0) return { admitted: false, retryAfterSeconds: wait };
  return {
    admitted: true,
    next: states.map((s, i) => {
      const failures = s.failures + 1;
      const delay = delaySeconds(failures, keys[i]!.policy);
      return { failures, lastFailureAt: now, blockedUntil: delay > 0 ? now + delay * 1000 : null };
    }),
  };
}

/**
 * A client network's state after one of its users signed in: the failures that user's key had
 * (including the successful attempt, counted in advance) are given back, so colleagues' typos
 * behind a shared address do not add up to a block.
 */
export function redeem(state: KeyState, failures: number, policy: ThrottlePolicy): KeyState {
  const left = Math.max(0, state.failures - failures);
  return { ...state, failures: left, blockedUntil: delaySeconds(left, policy) > 0 ? state.blockedUntil : null };
}

/**
 * The network a client address is throttled as: an IPv4 address (also IPv4-mapped IPv6) as it is,
 * an IPv6 address by its /64 prefix (one subscriber usually holds a whole /64). Anything else as it is.
 */
export function clientNetwork(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':') || !/^[0-9a-f:.]+$/.test(a)) return a;
  const [head = '', tail] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length < 4) return a;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client's address: the connection's peer, or — only when `trustedProxies` (TRUST_PROXY) says
 * that many proxies stand in front — the X-Forwarded-For entry the outermost trusted proxy added.
 * Entries to the left of it were written by the client and are ignored.
 */
export function clientAddress(props: { peer: string | undefined; forwardedFor: string | undefined; trustedProxies: number; fallback: string }): string {
  if (props.trustedProxies > 0 && props.forwardedFor) {
    const hops = props.forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const entry = hops[hops.length - props.trustedProxies];
    if (entry) return entry;
  }
  return props.peer ?? props.fallback;
}
