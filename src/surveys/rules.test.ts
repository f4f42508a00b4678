import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { answerProblems, COMMENT_MAX, linkExpiry, normaliseComment, requesterKey, sampleDecision, summarise, surveyAddress, surveyState } from './rules.ts';
import {
  acceptanceInterval,
  chiSquareIndependence,
  chiSquarePValue,
  expectedEffectiveShare,
  seededUniform,
  simulateClosings,
  surveyRateReport,
  wilsonInterval,
} from './simulation.ts';
import { surveyToken, verifySurveyToken } from './token.ts';

/** When the summarised answers came (a fixed instant: the summary does not depend on the day the test runs). */
const ANSWERED = new Date('2026-03-18T09:00:00+01:00');

const DAY = 86_400_000;
const NOW = Date.UTC(2023, 5, 1, 10);
const survey = MISSION_2023.support.survey;

describe('R-3.7 sampleDecision', () => {
  const cases: [string, Parameters<typeof sampleDecision>[0], { sampled: boolean; reason: string }][] = [
    ['below the share is drawn', { share: 0.25, random01: 0.1, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 }, { sampled: true, reason: 'drawn' }],
    [
      'just below the share is drawn',
      { share: 0.25, random01: 0.249999, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 },
      { sampled: true, reason: 'drawn' },
    ],
    [
      'at the share is not drawn',
      { share: 0.25, random01: 0.25, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 },
      { sampled: false, reason: 'not_drawn' },
    ],
    ['share 0 never draws', { share: 0, random01: 0, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 }, { sampled: false, reason: 'not_drawn' }],
    ['share 1 always draws', { share: 1, random01: 0.999999, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 }, { sampled: true, reason: 'drawn' }],
    [
      'surveyed 29 days ago: limit',
      { share: 0.25, random01: 0.1, lastSurveyedAtMs: NOW - 29 * DAY, nowMs: NOW, personLimitDays: 30 },
      { sampled: false, reason: 'person_limit' },
    ],
    [
      'surveyed 30 days ago less a millisecond: limit',
      { share: 0.25, random01: 0.1, lastSurveyedAtMs: NOW - 30 * DAY + 1, nowMs: NOW, personLimitDays: 30 },
      { sampled: false, reason: 'person_limit' },
    ],
    [
      'surveyed exactly 30 days ago: free again',
      { share: 0.25, random01: 0.1, lastSurveyedAtMs: NOW - 30 * DAY, nowMs: NOW, personLimitDays: 30 },
      { sampled: true, reason: 'drawn' },
    ],
    ['limit 0 means none', { share: 0.25, random01: 0.1, lastSurveyedAtMs: NOW - 1, nowMs: NOW, personLimitDays: 0 }, { sampled: true, reason: 'drawn' }],
    [
      'not drawn wins over the limit (the limit only removes drawn tickets)',
      { share: 0.25, random01: 0.9, lastSurveyedAtMs: NOW - DAY, nowMs: NOW, personLimitDays: 30 },
      { sampled: false, reason: 'not_drawn' },
    ],
    [
      'issue 16: an unreachable requester is never drawn',
      { share: 1, random01: 0, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30, reachable: false },
      { sampled: false, reason: 'unreachable' },
    ],
    [
      'issue 16: a reachable requester is drawn as before',
      { share: 0.25, random01: 0.1, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30, reachable: true },
      { sampled: true, reason: 'drawn' },
    ],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.deepEqual(sampleDecision(input), expected));
  }
  test('refuses numbers outside their ranges', () => {
    const base = { share: 0.25, random01: 0.1, lastSurveyedAtMs: null, nowMs: NOW, personLimitDays: 30 };
    assert.throws(() => sampleDecision({ ...base, random01: 1 }), RangeError);
    assert.throws(() => sampleDecision({ ...base, random01: -0.1 }), RangeError);
    assert.throws(() => sampleDecision({ ...base, random01: Number.NaN }), RangeError);
    assert.throws(() => sampleDecision({ ...base, share: 1.5 }), RangeError);
    assert.throws(() => sampleDecision({ ...base, personLimitDays: 1.5 }), RangeError);
  });
  test('property: sampled exactly when random01 < share and the person is outside the limit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 400 * DAY })),
        fc.integer({ min: 0, max: 365 }),
        (share, random01, ago, limit) => {
          const d = sampleDecision({ share, random01, lastSurveyedAtMs: ago === null ? null : NOW - ago, nowMs: NOW, personLimitDays: limit });
          const free = ago === null || limit === 0 || ago >= limit * DAY;
          assert.equal(d.sampled, random01 < share && free);
        },
      ),
    );
  });
});

describe('requester key, comment, link state, expiry', () => {
  test('the account wins; e-mail is case-insensitive; nobody → null', () => {
    assert.deepEqual(requesterKey({ requesterUserId: 'u1', requesterEmail: 'A@B.se' }), { userId: 'u1', email: 'a@b.se' });
    assert.deepEqual(requesterKey({ requesterUserId: null, requesterEmail: ' Anna@Tranemo.SE ' }), { userId: null, email: 'anna@tranemo.se' });
    assert.equal(requesterKey({ requesterUserId: null, requesterEmail: '  ' }), null);
    assert.equal(requesterKey({ requesterUserId: null, requesterEmail: null }), null);
  });
  test('comment normalisation', () => {
    assert.equal(normaliseComment('  bra  '), 'bra');
    assert.equal(normaliseComment('   '), null);
    assert.equal(normaliseComment(undefined), null);
  });
  test('state and expiry', () => {
    assert.equal(surveyState({ expiresAtMs: NOW + 1, answeredAtMs: null }, NOW), 'open');
    assert.equal(surveyState({ expiresAtMs: NOW, answeredAtMs: null }, NOW), 'expired');
    assert.equal(surveyState({ expiresAtMs: NOW + DAY, answeredAtMs: NOW - 1 }, NOW), 'answered');
    assert.equal(linkExpiry(NOW, 30), NOW + 30 * DAY);
  });
});

describe('answers against the mission scale and questions', () => {
  const cases: [string, Parameters<typeof answerProblems>[1], string[]][] = [
    ['both answered', { answers: { losning: 4, bemotande: 5 } }, []],
    ['the ends of the scale', { answers: { losning: 1, bemotande: 5 }, comment: 'Tack!' }, []],
    ['null comment is no comment', { answers: { losning: 3, bemotande: 3 }, comment: null }, []],
    ['one missing', { answers: { losning: 4 } }, ['answers.bemotande']],
    ['below the scale', { answers: { losning: 0, bemotande: 5 } }, ['answers.losning']],
    ['above the scale', { answers: { losning: 4, bemotande: 6 } }, ['answers.bemotande']],
    ['not whole', { answers: { losning: 2.5, bemotande: 3 } }, ['answers.losning']],
    ['text instead of a number', { answers: { losning: '4', bemotande: 3 } }, ['answers.losning']],
    ['an unknown question', { answers: { losning: 4, bemotande: 3, extra: 2 } }, ['answers.extra']],
    ['a comment that is too long', { answers: { losning: 4, bemotande: 3 }, comment: 'x'.repeat(COMMENT_MAX + 1) }, ['comment']],
    ['a comment of exactly the limit (emoji count as one)', { answers: { losning: 4, bemotande: 3 }, comment: '😀'.repeat(COMMENT_MAX) }, []],
    ['a comment that is not text', { answers: { losning: 4, bemotande: 3 }, comment: 5 }, ['comment']],
  ];
  for (const [name, input, fields] of cases) {
    test(name, () => {
      const problems = answerProblems(survey, input);
      assert.deepEqual(
        problems.map((p) => p.field),
        fields,
      );
      for (const p of problems) assert.ok(p.reason && p.reasonSv);
    });
  }
  test('the 2023 mission has exactly the two questions of R-3.7 on a five-step scale', () => {
    assert.deepEqual(
      survey.questions.map((q) => q.code),
      ['losning', 'bemotande'],
    );
    assert.deepEqual(survey.scale, { min: 1, max: 5 });
    assert.equal(survey.sampleShare, 0.25);
  });
});

describe('summary', () => {
  test('sent, answered, rate and means', () => {
    const s = summarise([
      { answeredAt: ANSWERED, answers: { losning: 4, bemotande: 5 } },
      { answeredAt: ANSWERED, answers: { losning: 2, bemotande: 4 } },
      { answeredAt: null, answers: null },
      { answeredAt: null, answers: null },
    ]);
    assert.deepEqual(s, {
      sent: 4,
      pending: 0,
      notSent: 0,
      answered: 2,
      answerRate: 0.5,
      means: { losning: 3, bemotande: 4.5 },
      counts: { losning: 2, bemotande: 2 },
    });
    assert.deepEqual(summarise([]), { sent: 0, pending: 0, notSent: 0, answered: 0, answerRate: null, means: {}, counts: {} });
  });

  test('issue 16: only mails that left count as sent; the rate is over them', () => {
    const s = summarise([
      { answeredAt: ANSWERED, answers: { losning: 4 }, delivery: 'sent' },
      { answeredAt: null, answers: null, delivery: 'sent' },
      { answeredAt: null, answers: null, delivery: 'pending' },
      { answeredAt: null, answers: null, delivery: 'failed' },
      { answeredAt: null, answers: null, delivery: 'none' },
    ]);
    assert.deepEqual([s.sent, s.pending, s.notSent, s.answered, s.answerRate], [2, 1, 2, 1, 0.5]);
  });
});

describe('issue 16: where a survey can be sent', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    ['the ticket’s address', 'Anna@Tranemo.se ', 'other@tranemo.se', 'anna@tranemo.se'],
    ['else the account’s', null, 'anna@tranemo.se', 'anna@tranemo.se'],
    ['an empty ticket address falls back to the account', '  ', 'anna@tranemo.se', 'anna@tranemo.se'],
    ['nothing usable: unreachable', null, null, null],
    ['not an address: unreachable', 'anna', 'x@y', null],
  ];
  for (const [name, ticket, account, expected] of cases) test(name, () => assert.equal(surveyAddress(ticket, account), expected));
});

describe('issue 5: signed, expiring survey links', () => {
  const secret = 'test-secret-0123456789abcdef';
  const id = '0b7e1c1a-3f7d-4c61-9a57-1d2f3e4a5b6c';
  const exp = NOW + 30 * DAY;
  test('round trip, URL-safe', () => {
    const token = surveyToken(secret, id, exp);
    assert.match(token, /^[A-Za-z0-9._-]+$/);
    assert.equal(encodeURIComponent(token), token);
    assert.deepEqual(verifySurveyToken(secret, token, NOW), { surveyId: id, expiresAtMs: exp });
  });
  test('expired at and after the expiry instant', () => {
    const token = surveyToken(secret, id, exp);
    assert.deepEqual(verifySurveyToken(secret, token, exp - 1), { surveyId: id, expiresAtMs: exp });
    assert.deepEqual(verifySurveyToken(secret, token, exp), { error: 'expired' });
    assert.deepEqual(verifySurveyToken(secret, token, exp + DAY), { error: 'expired' });
  });
  test('another secret, malformed tokens', () => {
    const token = surveyToken(secret, id, exp);
    assert.deepEqual(verifySurveyToken('other-secret', token, NOW), { error: 'bad_signature' });
    for (const bad of [
      '',
      'abc',
      `${id}.${exp}`,
      `${id}.${exp}.x.y`,
      `${id}.0${exp}.${'A'.repeat(43)}`,
      `${id.toUpperCase()}.${exp}.${'A'.repeat(43)}`,
      'x'.repeat(500),
    ]) {
      assert.deepEqual(verifySurveyToken(secret, bad, NOW), { error: 'malformed' }, bad);
    }
    assert.throws(() => surveyToken(secret, 'not-a-uuid', exp), RangeError);
    assert.throws(() => surveyToken(secret, id, 1.5), RangeError);
  });
  test('an expired forgery is reported as a forgery', () => {
    const token = surveyToken('other', id, NOW - DAY);
    assert.deepEqual(verifySurveyToken(secret, token, NOW), { error: 'bad_signature' });
  });
  test('property: round trip for any id and future expiry', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 2 ** 45 }), fc.string({ minLength: 1 }), (uuid, ms, key) => {
        const t = surveyToken(key, uuid, NOW + ms);
        assert.deepEqual(verifySurveyToken(key, t, NOW), { surveyId: uuid, expiresAtMs: NOW + ms });
      }),
    );
  });
  test('property: changing any one character makes the token fail', () => {
    const token = surveyToken(secret, id, exp);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (i, ch) => {
        fc.pre(token[i] !== ch);
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        const result = verifySurveyToken(secret, changed, NOW);
        assert.ok('error' in result, `${changed} must fail`);
      }),
      { numRuns: 2000 },
    );
    // Every position, with a neighbouring character (including the signature's last, partly unused, character).
    for (let i = 0; i < token.length; i++) {
      const c = token[i] ?? '';
      const ch = c === 'A' ? 'B' : c === '.' ? '_' : 'A';
      assert.ok('error' in verifySurveyToken(secret, token.slice(0, i) + ch + token.slice(i + 1), NOW), `position ${i}`);
    }
  });
});

describe('statistics helpers', () => {
  test('chi-square p-values match tables', () => {
    // Critical values at α = 0.001 for df 1, 2, 3, 7, 100.
    for (const [x, df] of [
      [10.828, 1],
      [13.816, 2],
      [16.266, 3],
      [24.322, 7],
      [149.449, 100],
    ] as const) {
      assert.ok(Math.abs(chiSquarePValue(x, df) - 0.001) < 0.0001, `df ${df}: ${chiSquarePValue(x, df)}`);
    }
    assert.ok(Math.abs(chiSquarePValue(3.841, 1) - 0.05) < 0.0005);
  });
  test('intervals', () => {
    const w = wilsonInterval(25_000, 100_000);
    assert.ok(w.low < 0.25 && w.high > 0.25 && w.high - w.low < 0.01);
    const a = acceptanceInterval(0.25, 100_000);
    assert.ok(Math.abs(a.high - 0.25 - 3.2905 * Math.sqrt(0.1875 / 100_000)) < 1e-6);
  });
  test('the seeded generator is uniform and reproducible', () => {
    const r1 = seededUniform(7);
    const r2 = seededUniform(7);
    const buckets = new Map<string, { n: number; sampled: number }>();
    for (let i = 0; i < 100_000; i++) {
      const u = r1();
      assert.equal(u, r2());
      assert.ok(u >= 0 && u < 1);
      const k = String(Math.floor(u * 10));
      const b = buckets.get(k) ?? { n: 0, sampled: 0 };
      b.n++;
      b.sampled += u * 10 - Math.floor(u * 10) < 0.5 ? 1 : 0;
      buckets.set(k, b);
    }
    for (const b of buckets.values()) assert.ok(Math.abs(b.n - 10_000) < 500);
  });
  test('the independence test does reject a biased sampler', () => {
    const n = new Map([
      ['a', { n: 50_000, sampled: 12_500 }],
      ['b', { n: 50_000, sampled: 13_300 }],
    ]);
    assert.ok(chiSquareIndependence(n).pValue < 0.001);
  });
});

describe('issue 5: the sample is random and unbiased (100,000 simulated closings)', () => {
  const props = { seed: 20_230_501, closings: 100_000, people: 4_000, share: survey.sampleShare };

  test('without the person limit: the rate is within its 99.9 % interval and independent of every attribute', () => {
    const r = simulateClosings({ ...props, personLimitDays: 0 });
    console.log(
      `# unlimited: sampled ${r.sampled}/${r.closings} = ${r.sampledShare.toFixed(4)}; 99.9 % acceptance [${r.acceptance.low.toFixed(4)}, ${r.acceptance.high.toFixed(4)}]; Wilson [${r.wilson.low.toFixed(4)}, ${r.wilson.high.toFixed(4)}]`,
    );
    for (const [k, v] of Object.entries(r.independence)) {
      console.log(`#   ${k}: χ² ${v.statistic.toFixed(2)}, df ${v.df}, p ${v.pValue.toFixed(3)}, min expected ${v.minExpected.toFixed(0)}`);
    }
    assert.equal(r.suppressedByLimit, 0);
    assert.ok(r.sampledShare >= r.acceptance.low && r.sampledShare <= r.acceptance.high, `share ${r.sampledShare}`);
    assert.ok(r.wilson.low <= 0.25 && r.wilson.high >= 0.25);
    for (const [k, v] of Object.entries(r.independence)) {
      assert.ok(v.minExpected >= 5, `${k}: cells large enough for the chi-square approximation`);
      assert.ok(v.pValue > 0.001, `${k}: independence not rejected at α = 0.001 (p = ${v.pValue})`);
    }
  });

  test('the same test catches a sampler that favours line 3 by two percentage points', () => {
    const r = simulateClosings({ ...props, personLimitDays: 0, draw: (c, u) => (c.line === '3' ? Math.max(0, u - 0.02) : u) });
    assert.ok(r.independence.line.pValue < 0.001, `p = ${r.independence.line.pValue}`);
  });

  test('with the 30-day person limit: the effective rate, and the report', () => {
    const report = surveyRateReport({ ...props, personLimitDays: 30 });
    const l = report.limited;
    console.log(
      `# limit 30 days, ${l.people} people over ${l.years.toFixed(1)} years: drawn ${l.drawn}, suppressed ${l.suppressedByLimit}, sent ${l.sampled} = ${l.sampledShare.toFixed(4)} (expected ${report.expectedLimitedShare.toFixed(4)}); compensating share ${report.compensatingShare}`,
    );
    console.log(
      `#   by activity: ${Object.entries(l.shareByActivity)
        .map(([k, v]) => `${k} ${v.toFixed(4)}`)
        .join(', ')}`,
    );
    for (const [k, v] of Object.entries(l.independence)) console.log(`#   ${k}: χ² ${v.statistic.toFixed(2)}, df ${v.df}, p ${v.pValue.toFixed(4)}`);
    assert.equal(l.drawn, l.sampled + l.suppressedByLimit);
    assert.ok(l.sampledShare < props.share, 'the limit lowers the rate');
    assert.ok(Math.abs(l.sampledShare - report.expectedLimitedShare) < 0.005, 'simulation agrees with the Poisson model');
    const byActivity = l.shareByActivity;
    assert.ok((byActivity.heavy ?? 1) < (byActivity.medium ?? 0) && (byActivity.medium ?? 1) < (byActivity.light ?? 0), 'frequent requesters lose the most');
    assert.ok(expectedEffectiveShare(report.compensatingShare, 30) >= 0.25 - 1e-3);
    // The draw itself stays unbiased: team, line and category are independent of requesters here, so
    // the limit does not make them matter either.
    for (const k of ['team', 'line', 'category'] as const) assert.ok(l.independence[k].pValue > 0.001, k);
  });
});
