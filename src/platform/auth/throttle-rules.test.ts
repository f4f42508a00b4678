import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  CLIENT,
  USER_AT_CLIENT,
  clientAddress,
  clientNetwork,
  decideAttempt,
  delaySeconds,
  redeem,
  type KeyState,
  type ThrottlePolicy,
} from './throttle-rules.ts';

const P: ThrottlePolicy = { freeFailures: 3, baseDelaySeconds: 10, maxDelaySeconds: 100, forgetAfterSeconds: 1000 };
const T0 = Date.UTC(2026, 11, 3, 9, 0);

describe('delaySeconds: free failures, then doubling up to the cap', () => {
  const table: [failures: number, seconds: number][] = [
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 10],
    [4, 20],
    [5, 40],
    [6, 80],
    [7, 100],
    [8, 100],
    [1000, 100],
  ];
  for (const [failures, seconds] of table) {
    test(`${failures} failures → ${seconds} s`, () => assert.equal(delaySeconds(failures, P), seconds));
  }
  test('the built-in policies: ten free per username and client, then 30 s doubling to 15 min', () => {
    assert.deepEqual(
      [9, 10, 11, 12, 14, 15, 40].map((n) => delaySeconds(n, USER_AT_CLIENT)),
      [0, 30, 60, 120, 480, 900, 900],
    );
    assert.equal(delaySeconds(49, CLIENT), 0);
    assert.equal(delaySeconds(50, CLIENT), 1);
  });
  test('a key at the cap is not forgotten while it keeps failing', () => {
    for (const p of [USER_AT_CLIENT, CLIENT]) assert.ok(p.forgetAfterSeconds > p.maxDelaySeconds);
  });
  test('property: the delay never shrinks as failures grow and never exceeds the cap', () => {
    fc.assert(fc.property(fc.nat(10_000), (n) => delaySeconds(n + 1, P) >= delaySeconds(n, P) && delaySeconds(n, P) <= P.maxDelaySeconds));
  });
});

describe('decideAttempt', () => {
  const state = (failures: number, blockedInSeconds: number | null, lastAgoSeconds = 0): KeyState => ({
    failures,
    lastFailureAt: T0 - lastAgoSeconds * 1000,
    blockedUntil: blockedInSeconds === null ? null : T0 + blockedInSeconds * 1000,
  });
  test('a new key is admitted and counted', () => {
    assert.deepEqual(decideAttempt([{ state: undefined, policy: P }], T0), { admitted: true, next: [{ failures: 1, lastFailureAt: T0, blockedUntil: null }] });
  });
  test('the attempt that reaches the free failures sets the first wait', () => {
    assert.deepEqual(decideAttempt([{ state: state(2, null), policy: P }], T0), {
      admitted: true,
      next: [{ failures: 3, lastFailureAt: T0, blockedUntil: T0 + 10_000 }],
    });
  });
  test('a blocked key refuses with the seconds left, rounded up; nothing is counted', () => {
    const blocked: KeyState = { failures: 3, lastFailureAt: T0, blockedUntil: T0 + 9_500 };
    assert.deepEqual(decideAttempt([{ state: blocked, policy: P }], T0), { admitted: false, retryAfterSeconds: 10 });
  });
  test('a wait that has passed admits the next attempt, and the one after waits twice as long', () => {
    const d = decideAttempt([{ state: state(3, -1, 11), policy: P }], T0);
    assert.deepEqual(d, { admitted: true, next: [{ failures: 4, lastFailureAt: T0, blockedUntil: T0 + 20_000 }] });
  });
  test('a key quiet for the forget time starts from zero', () => {
    assert.deepEqual(decideAttempt([{ state: state(50, -1, 1000), policy: P }], T0), {
      admitted: true,
      next: [{ failures: 1, lastFailureAt: T0, blockedUntil: null }],
    });
  });
  test('any blocked key refuses the attempt, with the longest wait', () => {
    assert.deepEqual(
      decideAttempt(
        [
          { state: state(3, 5), policy: P },
          { state: state(0, null), policy: P },
        ],
        T0,
      ),
      { admitted: false, retryAfterSeconds: 5 },
    );
    assert.deepEqual(
      decideAttempt(
        [
          { state: state(3, 5), policy: P },
          { state: state(4, 20), policy: P },
        ],
        T0,
      ),
      { admitted: false, retryAfterSeconds: 20 },
    );
  });
  test('property: a burst of attempts at one instant is admitted exactly freeFailures times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 200 }), (free, burst) => {
        const policy = { ...P, freeFailures: free };
        let s: KeyState | undefined;
        let admitted = 0;
        for (let i = 0; i < burst; i++) {
          const d = decideAttempt([{ state: s, policy }], T0);
          if (d.admitted) {
            admitted++;
            s = d.next[0];
          }
        }
        return admitted === Math.min(burst, free);
      }),
    );
  });
});

describe('redeem: a success gives its failures back to the client network', () => {
  test('the count drops and a block below the free failures is lifted', () => {
    assert.deepEqual(redeem({ failures: 4, lastFailureAt: T0, blockedUntil: T0 + 20_000 }, 2, P), { failures: 2, lastFailureAt: T0, blockedUntil: null });
  });
  test('never below zero; a block still earned stays', () => {
    assert.equal(redeem({ failures: 1, lastFailureAt: T0, blockedUntil: null }, 5, P).failures, 0);
    assert.deepEqual(redeem({ failures: 9, lastFailureAt: T0, blockedUntil: T0 + 1 }, 1, P), { failures: 8, lastFailureAt: T0, blockedUntil: T0 + 1 });
  });
});

describe('client address and network', () => {
  const table: [peer: string | undefined, xff: string | undefined, trusted: number, address: string][] = [
    ['10.0.0.1', undefined, 0, '10.0.0.1'],
    ['10.0.0.1', '203.0.113.9', 0, '10.0.0.1'], // not trusted: the header is the client's word
    ['10.0.0.1', '203.0.113.9', 1, '203.0.113.9'],
    ['10.0.0.1', '198.51.100.1, 203.0.113.9', 1, '203.0.113.9'], // a forged entry on the left is ignored
    ['10.0.0.1', '198.51.100.1, 203.0.113.9, 10.0.0.2', 2, '203.0.113.9'],
    ['10.0.0.1', '203.0.113.9', 2, '10.0.0.1'], // fewer entries than proxies: the connection
    [undefined, undefined, 0, 'unknown'],
  ];
  for (const [peer, xff, trusted, address] of table) {
    test(`peer ${peer ?? '—'}, X-Forwarded-For ${xff ?? '—'}, ${trusted} trusted → ${address}`, () => {
      assert.equal(clientAddress({ peer, forwardedFor: xff, trustedProxies: trusted, fallback: 'unknown' }), address);
    });
  }
  const networks: [string, string][] = [
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['unknown', 'unknown'],
  ];
  for (const [address, network] of networks) test(`${address} is throttled as ${network}`, () => assert.equal(clientNetwork(address), network));
});
