import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileCalendar, formatInstant, parseInstant } from '../calendar/rules.ts';
import { MISSION_2023 } from '../mission/default-2023.ts';
import type { MissionDocument } from '../mission/rules.ts';
import {
  CHANNELS,
  PRIORITIES,
  TICKET_STATUSES,
  attachmentProblems,
  billableOnCallMinutes,
  escalationKind,
  escalationProblems,
  firstLinePlacement,
  isOnCall,
  listSla,
  parseTicketNumber,
  slaTimeLeft,
  workingTimeBetween,
  slaReading,
  slaTarget,
  statusAfterRequesterReply,
  statusChangeProblems,
  ticketNumber,
  type ActorKind,
  type SlaTarget,
  type TicketStatus,
  queueCursorKey,
  URGENCY_GROUP,
  isProblem,
  localDateRange,
} from './rules.ts';

const TZ = 'Europe/Stockholm';
const cal = compileCalendar({ sources: [{ effectiveFrom: '2023-01-01', calendar: MISSION_2023.calendar }] });
const TEAMS = MISSION_2023.teams;
const HOUR = 3_600_000;
const MIN = 60_000;

/** Stockholm local time → epoch ms. */
function at(text: string): number {
  const ms = parseInstant(text, TZ);
  if (ms === undefined) throw new Error(`bad time ${text}`);
  return ms;
}
function local(ms: number | null): string | null {
  return ms === null ? null : formatInstant(ms, TZ).slice(0, 16);
}

describe('vocabularies', () => {
  test('statuses, priorities and channels', () => {
    assert.deepEqual([...TICKET_STATUSES], ['new', 'open', 'waiting', 'solved', 'closed']);
    assert.deepEqual([...PRIORITIES], ['low', 'normal', 'high', 'critical']);
    assert.deepEqual([...CHANNELS], ['portal', 'phone', 'email', 'agent']);
  });
});

describe('status changes: every pair for both actors', () => {
  const agentAllowed = new Set([
    'new>open',
    'new>waiting',
    'new>solved',
    'open>waiting',
    'open>solved',
    'waiting>open',
    'waiting>solved',
    'solved>open',
    'solved>closed',
  ]);
  const requesterAllowed = new Set(['new>solved', 'open>solved', 'waiting>solved', 'solved>open']);
  for (const actor of ['agent', 'requester'] as const satisfies readonly ActorKind[]) {
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        const ok = (actor === 'agent' ? agentAllowed : requesterAllowed).has(`${from}>${to}`);
        test(`${actor}: ${from} → ${to} ${ok ? 'allowed' : 'refused'}`, () => {
          const problems = statusChangeProblems(from, to, actor);
          if (ok) assert.deepEqual(problems, []);
          else {
            assert.equal(problems.length, 1);
            assert.equal(problems[0]?.field, 'status');
            assert.ok((problems[0]?.reasonSv.length ?? 0) > 0);
          }
        });
      }
    }
  }
  test('the Swedish reasons say what is wrong', () => {
    assert.match(statusChangeProblems('open', 'open', 'agent')[0]?.reasonSv ?? '', /redan status öppen/);
    assert.match(statusChangeProblems('closed', 'open', 'agent')[0]?.reasonSv ?? '', /stängt ärende/);
    assert.match(statusChangeProblems('open', 'closed', 'agent')[0]?.reasonSv ?? '', /från öppen till stängd/);
    assert.match(statusChangeProblems('open', 'waiting', 'requester')[0]?.reasonSv ?? '', /markera ärendet som löst/);
  });
});

describe('status after a requester reply', () => {
  const cases: [TicketStatus, TicketStatus][] = [
    ['new', 'new'],
    ['open', 'open'],
    ['waiting', 'open'],
    ['solved', 'open'],
    ['closed', 'closed'],
  ];
  for (const [from, to] of cases) test(`${from} → ${to}`, () => assert.equal(statusAfterRequesterReply(from), to));
});

describe('R-3.2 escalation with the 2023 teams', () => {
  const reason = 'Behöver besök på plats';
  type Case = [string, string, number, string, number, string | null, 'escalate' | 'de-escalate' | 'reroute'];
  // [label, fromTeam, fromLine, toTeam, toLine, problem field or null, kind]
  const cases: Case[] = [
    ['1st → 2nd in användarstöd', 'anvandarstod', 1, 'anvandarstod', 2, null, 'escalate'],
    ['1st → 3rd verksamhetsstöd', 'anvandarstod', 1, 'verksamhetsstod', 3, null, 'escalate'],
    ['1st → 3rd infrastruktur', 'anvandarstod', 1, 'infrastruktur', 3, null, 'escalate'],
    ['2nd → 3rd verksamhetsstöd', 'anvandarstod', 2, 'verksamhetsstod', 3, null, 'escalate'],
    ['2nd → 3rd infrastruktur', 'anvandarstod', 2, 'infrastruktur', 3, null, 'escalate'],
    ['3rd re-route verksamhetsstöd → infrastruktur', 'verksamhetsstod', 3, 'infrastruktur', 3, null, 'reroute'],
    ['3rd re-route infrastruktur → verksamhetsstöd', 'infrastruktur', 3, 'verksamhetsstod', 3, null, 'reroute'],
    ['de-escalate 3rd → 1st', 'verksamhetsstod', 3, 'anvandarstod', 1, null, 'de-escalate'],
    ['de-escalate 3rd → 2nd', 'infrastruktur', 3, 'anvandarstod', 2, null, 'de-escalate'],
    ['de-escalate 2nd → 1st', 'anvandarstod', 2, 'anvandarstod', 1, null, 'de-escalate'],
    ['same team and line (1st)', 'anvandarstod', 1, 'anvandarstod', 1, 'team', 'reroute'],
    ['same team and line (3rd)', 'infrastruktur', 3, 'infrastruktur', 3, 'team', 'reroute'],
    ['verksamhetsstöd has no 1st line', 'anvandarstod', 1, 'verksamhetsstod', 1, 'line', 'reroute'],
    ['verksamhetsstöd has no 2nd line', 'anvandarstod', 1, 'verksamhetsstod', 2, 'line', 'escalate'],
    ['användarstöd has no 3rd line', 'anvandarstod', 2, 'anvandarstod', 3, 'line', 'escalate'],
    ['infrastruktur has no 2nd line', 'verksamhetsstod', 3, 'infrastruktur', 2, 'line', 'de-escalate'],
    ['unknown team', 'anvandarstod', 1, 'ekonomi', 3, 'team', 'escalate'],
    ['line 4 does not exist', 'anvandarstod', 1, 'infrastruktur', 4, 'line', 'escalate'],
    ['line 0 does not exist', 'verksamhetsstod', 3, 'anvandarstod', 0, 'line', 'de-escalate'],
  ];
  for (const [label, fromTeam, fromLine, toTeam, toLine, field, kind] of cases) {
    test(label, () => {
      const from = { team: fromTeam, line: fromLine };
      const to = { team: toTeam, line: toLine };
      const problems = escalationProblems({ from, to, reason, teams: TEAMS });
      assert.deepEqual(
        problems.map((p) => p.field),
        field === null ? [] : [field],
      );
      assert.equal(escalationKind(from, to), kind);
    });
  }

  test('every ticket starts in the mission’s 1st line team, which offers line 2 as well', () => {
    assert.deepEqual(firstLinePlacement(TEAMS), { team: 'anvandarstod', line: 1 });
    assert.equal(firstLinePlacement([{ code: 'x', lines: [3] }]), undefined);
    const first = TEAMS.find((t) => t.lines.includes(1));
    assert.equal(first?.code, 'anvandarstod');
    assert.deepEqual(first?.lines, [1, 2]);
  });

  const reasons: [string, boolean][] = [
    ['', false],
    ['   ', false],
    ['  ab  ', false],
    ['abc', true],
    ['  abc  ', true],
    ['x'.repeat(500), true],
    [`  ${'x'.repeat(500)}  `, true],
    ['x'.repeat(501), false],
  ];
  for (const [text, ok] of reasons) {
    test(`reason of ${text.length} characters (${text.trim().length} trimmed) ${ok ? 'accepted' : 'refused'}`, () => {
      const problems = escalationProblems({ from: { team: 'anvandarstod', line: 1 }, to: { team: 'infrastruktur', line: 3 }, reason: text, teams: TEAMS });
      assert.deepEqual(
        problems.map((p) => p.field),
        ok ? [] : ['reason'],
      );
    });
  }

  test('between 1st and 2nd line the ticket stays in its team; only 3rd line re-routes', () => {
    const teams = [
      { code: 'a', lines: [1, 2] },
      { code: 'b', lines: [1, 2] },
      { code: 'c', lines: [3] },
    ];
    const check = (from: [string, number], to: [string, number]) =>
      escalationProblems({ from: { team: from[0], line: from[1] }, to: { team: to[0], line: to[1] }, reason, teams }).map((p) => p.field);
    assert.deepEqual(check(['a', 1], ['b', 2]), ['team']);
    assert.deepEqual(check(['a', 2], ['b', 1]), ['team']);
    assert.deepEqual(check(['a', 1], ['b', 1]), ['team']);
    assert.deepEqual(check(['a', 2], ['b', 2]), ['team']);
    assert.deepEqual(check(['c', 3], ['b', 1]), []);
    assert.deepEqual(check(['c', 3], ['b', 2]), []);
  });

  test('problems carry Swedish reasons', () => {
    const problems = escalationProblems({ from: { team: 'anvandarstod', line: 1 }, to: { team: 'verksamhetsstod', line: 2 }, reason: '', teams: TEAMS });
    assert.equal(problems.length, 2);
    for (const p of problems) assert.ok(p.reasonSv.length > 0 && p.reason.length > 0);
    assert.match(problems[1]?.reasonSv ?? '', /har linje 3, inte linje 2/);
  });

  test('property: an allowed move can be undone (escalation then de-escalation back to the start)', () => {
    const positions = TEAMS.flatMap((t) => t.lines.map((line) => ({ team: t.code, line })));
    const reasonArb = fc.string({ minLength: 3, maxLength: 50 }).filter((s) => s.trim().length >= 3);
    fc.assert(
      fc.property(fc.constantFrom(...positions), fc.constantFrom(...positions), reasonArb, (from, to, why) => {
        const forth = escalationProblems({ from, to, reason: why, teams: TEAMS });
        if (forth.length > 0) return;
        assert.deepEqual(escalationProblems({ from: to, to: from, reason: why, teams: TEAMS }), []);
        const k = escalationKind(from, to);
        const back = escalationKind(to, from);
        assert.equal(back, k === 'escalate' ? 'de-escalate' : k === 'de-escalate' ? 'escalate' : 'reroute');
      }),
    );
  });

  test('every position is reachable from 1st line in at most two moves', () => {
    const positions = TEAMS.flatMap((t) => t.lines.map((line) => ({ team: t.code, line })));
    const start = { team: 'anvandarstod', line: 1 };
    for (const p of positions) {
      if (p.team === start.team && p.line === start.line) continue;
      assert.deepEqual(escalationProblems({ from: start, to: p, reason: 'abc', teams: TEAMS }), [], `${p.team}/${p.line}`);
    }
  });
});

describe('R-3.6 on-call', () => {
  test('outside opening hours and affecting operations → on-call', () => {
    const cases: [string, boolean, boolean][] = [
      ['2023-09-12T10:00', true, false], // open
      ['2023-09-12T10:00', false, false],
      ['2023-09-12T07:29', true, true], // before opening
      ['2023-09-12T07:30', true, false], // opening instant is open
      ['2023-09-12T16:30', true, true], // closing instant is closed
      ['2023-09-12T16:30', false, false], // can wait → next opening, not on-call
      ['2023-09-15T16:15', true, true], // Friday closes at 16:00
      ['2023-09-16T12:00', true, true], // Saturday
      ['2023-06-23T10:00', true, true], // midsommarafton
      ['2023-12-24T10:00', false, false],
    ];
    for (const [time, affects, expected] of cases) assert.equal(isOnCall(cal, at(time), affects), expected, `${time} ${affects}`);
  });

  const perStarted = MISSION_2023.support.onCall;
  assert.deepEqual(perStarted, { minimumBilledMinutes: 30, roundingIncrementMinutes: 30, rounding: 'per_started' });
  const nearest: MissionDocument['support']['onCall'] = { ...perStarted, rounding: 'nearest' };
  const none: MissionDocument['support']['onCall'] = { ...perStarted, rounding: 'none' };
  const table: [number, number, number, number][] = [
    // minutes, per_started, nearest, none (all with minimum 30, increment 30)
    [0, 0, 0, 0],
    [0.5, 30, 30, 30],
    [1, 30, 30, 30],
    [14, 30, 30, 30],
    [15, 30, 30, 30],
    [29, 30, 30, 30],
    [30, 30, 30, 30],
    [31, 60, 30, 31],
    [44, 60, 30, 44],
    [45, 60, 60, 45],
    [59, 60, 60, 59],
    [60, 60, 60, 60],
    [61, 90, 60, 61],
    [75, 90, 90, 75],
    [90, 90, 90, 90],
    [125, 150, 120, 125],
  ];
  for (const [minutes, ps, nr, no] of table) {
    test(`${minutes} min → per_started ${ps}, nearest ${nr}, none ${no}`, () => {
      assert.equal(billableOnCallMinutes(minutes, perStarted), ps);
      assert.equal(billableOnCallMinutes(minutes, nearest), nr);
      assert.equal(billableOnCallMinutes(minutes, none), no);
    });
  }
  test('other increments and minimums', () => {
    assert.equal(billableOnCallMinutes(16, { minimumBilledMinutes: 0, roundingIncrementMinutes: 15, rounding: 'per_started' }), 30);
    assert.equal(billableOnCallMinutes(1, { minimumBilledMinutes: 0, roundingIncrementMinutes: 15, rounding: 'nearest' }), 0);
    assert.equal(billableOnCallMinutes(8, { minimumBilledMinutes: 0, roundingIncrementMinutes: 15, rounding: 'nearest' }), 15);
    assert.equal(billableOnCallMinutes(61, { minimumBilledMinutes: 120, roundingIncrementMinutes: 30, rounding: 'per_started' }), 120);
    assert.equal(billableOnCallMinutes(10, { minimumBilledMinutes: 0, roundingIncrementMinutes: 1, rounding: 'none' }), 10);
  });
  test('negative or non-finite minutes are refused', () => {
    assert.throws(() => billableOnCallMinutes(-1, perStarted), RangeError);
    assert.throws(() => billableOnCallMinutes(Number.NaN, perStarted), RangeError);
    assert.throws(() => billableOnCallMinutes(Number.POSITIVE_INFINITY, perStarted), RangeError);
  });

  const ruleArb = fc.record({
    minimumBilledMinutes: fc.integer({ min: 0, max: 120 }),
    roundingIncrementMinutes: fc.integer({ min: 1, max: 60 }),
    rounding: fc.constantFrom('per_started' as const, 'nearest' as const, 'none' as const),
  });
  test('property: per started increment bills at least the minutes, in whole increments, at least the minimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), ruleArb, (minutes, rule) => {
        const r = { ...rule, rounding: 'per_started' as const };
        const billed = billableOnCallMinutes(minutes, r);
        assert.ok(billed >= minutes);
        assert.ok(billed >= r.minimumBilledMinutes);
        if (billed > r.minimumBilledMinutes) assert.equal(billed % r.roundingIncrementMinutes, 0);
        assert.ok(billed < Math.max(minutes + r.roundingIncrementMinutes, r.minimumBilledMinutes + 1));
      }),
    );
  });
  test('property: every rounding is monotonic and 0 only for 0 minutes (when there is a minimum)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }), ruleArb, (a, b, rule) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(billableOnCallMinutes(lo, rule) <= billableOnCallMinutes(hi, rule));
        if (lo > 0 && rule.minimumBilledMinutes > 0) assert.ok(billableOnCallMinutes(lo, rule) >= rule.minimumBilledMinutes);
      }),
    );
  });
});

describe('SLA targets (R-3.4)', () => {
  const mission = MISSION_2023;
  const cases: [string, Parameters<typeof slaTarget>[0]['category'], boolean, SlaTarget | null][] = [
    ['intefunktion → the mission’s one working day', null, true, { kind: 'working_days', n: 1 }],
    ['intefunktion wins over the category', { resolveWorkingDays: 5, resolveBusinessMinutes: 60 }, true, { kind: 'working_days', n: 1 }],
    ['category working days', { resolveWorkingDays: 3, resolveBusinessMinutes: null }, false, { kind: 'working_days', n: 3 }],
    ['category business minutes', { resolveWorkingDays: null, resolveBusinessMinutes: 240 }, false, { kind: 'business_minutes', n: 240 }],
    ['working days win when both', { resolveWorkingDays: 2, resolveBusinessMinutes: 240 }, false, { kind: 'working_days', n: 2 }],
    ['category without targets', { resolveWorkingDays: null, resolveBusinessMinutes: null }, false, null],
    ['no category', null, false, null],
    ['zero counts as not set', { resolveWorkingDays: 0, resolveBusinessMinutes: 0 }, false, null],
    ['zero days falls back to minutes', { resolveWorkingDays: 0, resolveBusinessMinutes: 90 }, false, { kind: 'business_minutes', n: 90 }],
  ];
  for (const [label, category, intefunktion, expected] of cases) {
    test(label, () => assert.deepEqual(slaTarget({ intefunktion, category, mission }), expected));
  }
  test('a mission with two working days for intefunktion', () => {
    const m = { support: { ...mission.support, intefunktion: { ...mission.support.intefunktion, resolveWithinWorkingDays: 2 } } };
    assert.deepEqual(slaTarget({ intefunktion: true, category: null, mission: m }), { kind: 'working_days', n: 2 });
  });
});

describe('SLA readings with the real 2023 calendar (R-2.3)', () => {
  const oneDay = slaTarget({ intefunktion: true, category: null, mission: MISSION_2023 });
  type H = [string, TicketStatus][];
  const read = (history: H, now: string, target: SlaTarget | null = oneDay, atRiskShare?: number) =>
    slaReading({
      calendar: cal,
      target,
      history: history.map(([t, state]) => ({ at: at(t), state })),
      now: at(now),
      atRiskShare: atRiskShare ?? MISSION_2023.support.atRiskShare,
    });
  // Week of Monday 11 September 2023: Mon–Thu 07:30–16:30, Fri 07:30–16:00, no holidays.
  const tue10: H = [['2023-09-12T10:00', 'new']];
  const ALLOWED = 9 * HOUR; // Tue 10:00–16:30 + Wed 07:30–10:00

  test('an intefunktion ticket Tue 10:00 is due Wed 10:00', () => {
    const r = read(tue10, '2023-09-12T11:00');
    assert.equal(r.state, 'ok');
    assert.equal(local(r.dueAt), '2023-09-13T10:00');
    assert.equal(r.remainingMillis, 8 * HOUR);
    assert.ok(Math.abs((r.usedShare ?? 0) - 1 / 9) < 1e-12);
  });

  const timeline: [string, string, number][] = [
    // now, state, remaining opening ms
    ['2023-09-12T10:00', 'ok', ALLOWED],
    ['2023-09-12T16:30', 'ok', 2.5 * HOUR],
    ['2023-09-12T22:00', 'ok', 2.5 * HOUR], // closed: no time passes
    ['2023-09-13T07:44', 'ok', 2.25 * HOUR + MIN],
    ['2023-09-13T07:45', 'at_risk', 2.25 * HOUR], // 6.75 h of 9 h = 75 %
    ['2023-09-13T09:59', 'at_risk', MIN],
    ['2023-09-13T10:00', 'at_risk', 0], // at the deadline: not yet breached
    ['2023-09-13T10:01', 'breached', -MIN],
    ['2023-09-14T10:00', 'breached', -8.5 * HOUR - 0.5 * HOUR - 0],
  ];
  for (const [now, state, remaining] of timeline) {
    test(`created Tue 10:00, read ${now.slice(5)} → ${state}`, () => {
      const r = read(tue10, now);
      assert.equal(r.state, state);
      assert.equal(local(r.dueAt), '2023-09-13T10:00');
      assert.equal(r.remainingMillis, remaining);
      assert.equal(r.usedShare, (ALLOWED - remaining) / ALLOWED);
    });
  }

  test('the at-risk share is a parameter', () => {
    assert.equal(read(tue10, '2023-09-12T14:30', oneDay).state, 'ok'); // 4.5 h = 50 %
    assert.equal(read(tue10, '2023-09-12T14:30', oneDay, 0.5).state, 'at_risk');
    assert.equal(read(tue10, '2023-09-12T14:29', oneDay, 0.5).state, 'ok');
  });

  test('no target → none', () => {
    assert.deepEqual(read(tue10, '2023-09-12T11:00', null), { state: 'none', dueAt: null, usedShare: null, remainingMillis: null, atRiskAt: null });
  });
  test('no history up to now → none', () => {
    assert.equal(read([], '2023-09-12T11:00').state, 'none');
    assert.equal(read(tue10, '2023-09-12T09:00').state, 'none');
  });

  test('2 opening hours waiting push the due time by 2 opening hours', () => {
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-12T10:30', 'open'],
      ['2023-09-12T11:00', 'waiting'],
      ['2023-09-12T13:00', 'open'],
    ];
    const r = read(h, '2023-09-12T14:00');
    assert.equal(r.state, 'ok');
    assert.equal(local(r.dueAt), '2023-09-13T12:00');
    assert.equal(r.remainingMillis, ALLOWED - 2 * HOUR);
  });

  test('a pause across a closing time pushes the due time across one too, into the next day', () => {
    // Created Tue 15:00 → due Wed 15:00. Waiting Tue 15:30–Wed 08:30 = 1 h + 1 h of opening time.
    const h: H = [
      ['2023-09-12T15:00', 'new'],
      ['2023-09-12T15:30', 'waiting'],
      ['2023-09-13T08:30', 'open'],
    ];
    assert.equal(local(read([['2023-09-12T15:00', 'new']], '2023-09-12T15:10').dueAt), '2023-09-13T15:00');
    const r = read(h, '2023-09-13T09:00');
    assert.equal(r.state, 'ok');
    // Wed 15:00 + 2 h: 1.5 h to Wed's closing at 16:30, then 0.5 h from Thursday's opening.
    assert.equal(local(r.dueAt), '2023-09-14T08:00');
  });

  test('while waiting: paused, due "if resumed now"', () => {
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-12T11:00', 'waiting'],
    ];
    const r = read(h, '2023-09-12T12:00');
    assert.equal(r.state, 'paused');
    assert.equal(local(r.dueAt), '2023-09-13T11:00');
    assert.equal(r.remainingMillis, 8 * HOUR);
    // Waiting over the night costs nothing; the next morning's waiting does.
    assert.equal(local(read(h, '2023-09-12T16:30').dueAt), '2023-09-13T15:30');
    assert.equal(local(read(h, '2023-09-12T22:00').dueAt), '2023-09-13T15:30');
    assert.equal(local(read(h, '2023-09-13T08:30').dueAt), '2023-09-13T16:30');
    assert.equal(local(read(h, '2023-09-13T09:00').dueAt), '2023-09-14T08:00'); // 8 h left from Wed 09:00
  });

  test('waiting after the deadline passed stays breached and does not move the breach', () => {
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-13T11:00', 'waiting'],
    ];
    const r = read(h, '2023-09-13T15:00');
    assert.equal(r.state, 'breached');
    assert.equal(local(r.dueAt), '2023-09-13T10:00');
    assert.equal(r.remainingMillis, -HOUR);
  });

  test('solved before the due time → met, also once closed', () => {
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-12T10:05', 'open'],
      ['2023-09-13T09:00', 'solved'],
    ];
    const r = read(h, '2023-09-20T12:00');
    assert.equal(r.state, 'met');
    assert.equal(local(r.dueAt), '2023-09-13T10:00');
    assert.equal(r.remainingMillis, HOUR);
    assert.equal(read([...h, ['2023-09-18T09:00', 'closed']], '2023-09-20T12:00').state, 'met');
  });

  test('solved exactly at the due time → met', () => {
    assert.equal(read([...tue10, ['2023-09-13T10:00', 'solved']], '2023-09-13T12:00').state, 'met');
  });

  test('solved after the due time → missed', () => {
    const r = read([...tue10, ['2023-09-13T10:30', 'solved'], ['2023-09-15T10:00', 'closed']], '2023-09-20T12:00');
    assert.equal(r.state, 'missed');
    assert.equal(local(r.dueAt), '2023-09-13T10:00');
    assert.equal(r.remainingMillis, -30 * MIN);
  });

  test('reopened → the clock runs again; the time spent solved does not count', () => {
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-12T11:00', 'solved'],
      ['2023-09-12T12:00', 'open'],
    ];
    const r = read(h, '2023-09-12T13:00');
    assert.equal(r.state, 'ok');
    assert.equal(local(r.dueAt), '2023-09-13T11:00');
    assert.equal(r.remainingMillis, ALLOWED - 2 * HOUR);
    // Running: the remaining time goes down as time passes.
    assert.equal(read(h, '2023-09-12T14:00').remainingMillis, ALLOWED - 3 * HOUR);
    assert.equal(read(h, '2023-09-13T11:01').state, 'breached');
  });

  test('solved in time and reopened days later: the clock runs on from where it stopped', () => {
    // Solved in time, reopened the next week: the remaining hour counts from the reopen.
    const h: H = [
      ['2023-09-12T10:00', 'new'],
      ['2023-09-13T09:00', 'solved'],
      ['2023-09-18T08:00', 'open'],
    ];
    assert.equal(read(h, '2023-09-18T08:30').state, 'at_risk');
    assert.equal(local(read(h, '2023-09-18T08:30').dueAt), '2023-09-18T09:00');
    assert.equal(read(h, '2023-09-18T09:30').state, 'breached');
  });

  test('a start outside opening hours counts from the next opening', () => {
    const r = read([['2023-09-11T20:00', 'new']], '2023-09-12T08:00');
    assert.equal(local(r.dueAt), '2023-09-13T07:30');
    assert.equal(r.remainingMillis, 9 * HOUR - 30 * MIN);
  });

  test('a ticket created at opening is due at the next opening, not at the same day’s closing', () => {
    // Tue 07:30 + 9 opening hours ends at Tue 16:30, but names Wed 07:30; not breached in between.
    const h: H = [['2023-09-12T07:30', 'new']];
    const evening = read(h, '2023-09-12T17:00');
    assert.equal(local(evening.dueAt), '2023-09-13T07:30');
    assert.equal(evening.state, 'at_risk');
    assert.equal(evening.remainingMillis, 0);
    assert.equal(read([...h, ['2023-09-12T18:00', 'solved']], '2023-09-12T19:00').state, 'met');
    assert.equal(read(h, '2023-09-13T07:31').state, 'breached');
  });

  test('a due clock time after the due day’s closing is that closing (Thu 16:15 → Fri 16:00)', () => {
    const r = read([['2023-09-14T16:15', 'new']], '2023-09-14T16:20');
    assert.equal(local(r.dueAt), '2023-09-15T16:00');
    assert.equal(r.remainingMillis, 15 * MIN + 8.5 * HOUR - 5 * MIN);
  });

  test('Friday → Monday, and over a holiday', () => {
    assert.equal(local(read([['2023-09-15T10:00', 'new']], '2023-09-15T10:00').dueAt), '2023-09-18T10:00');
    // Thursday 22 June 2023 → midsommarafton and the weekend are closed → Monday 26 June.
    assert.equal(local(read([['2023-06-22T10:00', 'new']], '2023-06-22T10:00').dueAt), '2023-06-26T10:00');
  });

  test('across the change to winter time the due time keeps the local clock time', () => {
    // Friday 27 October 2023 → Monday 30 October (clocks go back on Sunday 29 October).
    const r = read([['2023-10-27T10:00', 'new']], '2023-10-27T11:00');
    assert.equal(local(r.dueAt), '2023-10-30T10:00');
    // Allowed: Friday 10:00–16:00 (6 h) + Monday 07:30–10:00 (2.5 h); one hour used.
    assert.equal(r.remainingMillis, 7.5 * HOUR);
  });

  test('a category target in business minutes uses the calendar clock', () => {
    const target: SlaTarget = { kind: 'business_minutes', n: 240 };
    const h: H = [['2023-09-12T15:00', 'new']];
    const r = read(h, '2023-09-12T16:00', target);
    assert.equal(local(r.dueAt), '2023-09-13T10:00'); // 1.5 h Tuesday + 2.5 h Wednesday
    assert.equal(r.state, 'ok');
    assert.equal(read(h, '2023-09-13T09:00', target).state, 'at_risk');
    assert.equal(read(h, '2023-09-13T10:01', target).state, 'breached');
    // Waiting Tue 16:00–Wed 08:30 = 0.5 h + 1 h of opening time.
    assert.equal(local(read([...h, ['2023-09-12T16:00', 'waiting'], ['2023-09-13T08:30', 'open']], '2023-09-13T09:00', target).dueAt), '2023-09-13T11:30');
  });

  test('property: more paused time never makes the due time earlier', () => {
    const t0 = at('2023-09-11T09:00');
    const end = at('2023-10-30T12:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.constantFrom<SlaTarget>({ kind: 'working_days', n: 1 }, { kind: 'working_days', n: 3 }, { kind: 'business_minutes', n: 240 }),
        (startAfter, p1, p2, target) => {
          const [short, long] = p1 <= p2 ? [p1, p2] : [p2, p1];
          const due = (pause: number) => {
            const history = [
              { at: t0, state: 'new' as const },
              { at: t0 + startAfter * MIN, state: 'waiting' as const },
              { at: t0 + (startAfter + pause) * MIN, state: 'open' as const },
            ];
            return slaReading({ calendar: cal, target, history, now: end, atRiskShare: MISSION_2023.support.atRiskShare }).dueAt;
          };
          const a = due(short);
          const b = due(long);
          assert.ok(a !== null && b !== null);
          assert.ok(b >= a, `${local(a)} vs ${local(b)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('property: a solved ticket is met exactly when it was solved at or before the due time', () => {
    const t0 = at('2023-09-11T09:00');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 * 24 * 60 }), fc.integer({ min: 1, max: 3 }), (solvedAfter, n) => {
        const target: SlaTarget = { kind: 'working_days', n };
        const solvedAt = t0 + solvedAfter * MIN;
        const r = slaReading({
          calendar: cal,
          target,
          history: [
            { at: t0, state: 'new' },
            { at: solvedAt, state: 'solved' },
          ],
          now: solvedAt + HOUR,
          atRiskShare: MISSION_2023.support.atRiskShare,
        });
        assert.equal(r.dueAt, cal.addWorkingDays(t0, n));
        assert.equal(r.state, solvedAt <= (r.dueAt ?? 0) ? 'met' : 'missed');
      }),
    );
  });
});

describe('list SLA states from the stored instants (issue 4: the queue shows time left, at risk, breached)', () => {
  const target: SlaTarget = { kind: 'working_days', n: 1 };
  /** The row as the service stores it after the last change (reading taken at that change). */
  function stored(history: readonly { at: number; state: TicketStatus }[]) {
    const last = history[history.length - 1];
    assert.ok(last);
    const r = slaReading({ calendar: cal, target, history, now: last.at, atRiskShare: MISSION_2023.support.atRiskShare });
    const solved = [...history].reverse().find((h) => h.state === 'solved');
    return { status: last.state, dueAt: r.dueAt, atRiskAt: r.atRiskAt, readAt: last.at, solvedAt: solved ? solved.at : null };
  }
  const h = (...steps: [string, TicketStatus][]) => steps.map(([t, state]) => ({ at: at(t), state }));

  test('table: each state, with the time left in opening minutes', () => {
    const opened = h(['2023-09-12T08:00', 'new']);
    const cases: [string, Parameters<typeof listSla>[0], string, string, number | null][] = [
      ['running, early', stored(opened), '2023-09-12T09:00', 'ok', 8 * 60],
      // Allowed: Tue 08:00 → Wed 08:00 = 9 opening hours (07:30–16:30); 75 % is used at Tue 14:45.
      ['running, the evening before: opening time left, not wall time', stored(opened), '2023-09-12T20:00', 'at_risk', 30],
      ['running, past the deadline', stored(opened), '2023-09-13T09:00', 'breached', -60],
      ['paused before the deadline', stored(h(['2023-09-12T08:00', 'new'], ['2023-09-12T10:00', 'waiting'])), '2023-09-20T10:00', 'paused', 7 * 60],
      ['paused after the deadline', stored(h(['2023-09-12T08:00', 'new'], ['2023-09-13T10:00', 'waiting'])), '2023-09-20T10:00', 'breached', -2 * 60],
      ['solved in time', stored(h(['2023-09-12T08:00', 'new'], ['2023-09-12T15:00', 'solved'])), '2023-09-20T10:00', 'met', 2 * 60],
      [
        'closed late',
        stored(h(['2023-09-12T08:00', 'new'], ['2023-09-13T09:00', 'solved'], ['2023-09-14T09:00', 'closed'])),
        '2023-09-20T10:00',
        'missed',
        -60,
      ],
      ['no target', { status: 'open', dueAt: null, atRiskAt: null, readAt: null, solvedAt: null }, '2023-09-20T10:00', 'none', null],
    ];
    for (const [name, row, now, state, minutes] of cases) {
      const r = listSla(row, at(now), cal);
      assert.equal(r.state, state, name);
      assert.equal(r.remainingMinutes, minutes, name);
    }
  });

  test('property: the list state equals the full reading from the history, at any later instant', () => {
    const t0 = at('2023-09-11T07:00');
    const step = fc.record({ after: fc.integer({ min: 1, max: 2 * 24 * 60 }), state: fc.constantFrom<TicketStatus>('open', 'waiting', 'solved', 'closed') });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 5 }),
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        fc.constantFrom<SlaTarget>({ kind: 'working_days', n: 1 }, { kind: 'business_minutes', n: 240 }),
        (steps, lookAfter, tg) => {
          const history: { at: number; state: TicketStatus }[] = [{ at: t0, state: 'new' }];
          for (const s of steps) {
            const prev = history[history.length - 1] as { at: number; state: TicketStatus };
            if (prev.state === 'closed') break;
            if (s.state === prev.state || (s.state === 'closed' && prev.state !== 'solved')) continue;
            history.push({ at: prev.at + s.after * MIN, state: s.state });
          }
          const last = history[history.length - 1] as { at: number; state: TicketStatus };
          const read = slaReading({ calendar: cal, target: tg, history, now: last.at, atRiskShare: MISSION_2023.support.atRiskShare });
          const solved = [...history].reverse().find((x) => x.state === 'solved');
          const row = { status: last.state, dueAt: read.dueAt, atRiskAt: read.atRiskAt, readAt: last.at, solvedAt: solved ? solved.at : null };
          const now = last.at + lookAfter * MIN;
          const full = slaReading({ calendar: cal, target: tg, history, now, atRiskShare: MISSION_2023.support.atRiskShare });
          const list = listSla(row, now, cal);
          assert.equal(list.state, full.state, JSON.stringify({ history: history.map((x) => [local(x.at), x.state]), now: local(now) }));
          // A paused clock's deadline moves on with the opening time of the pause; the list keeps it as of the pause.
          if (full.state !== 'paused') assert.equal(list.dueAt, full.dueAt);
          // Overdue, the list tells the opening time since the deadline; the full reading the running
          // time beyond the allowance (without later pauses): both ≤ 0. Before the deadline they agree.
          if (full.state === 'breached' || full.state === 'missed') assert.ok((list.remainingMinutes ?? 1) <= 0);
          else assert.equal(list.remainingMinutes, full.remainingMillis === null ? null : Math.trunc(full.remainingMillis / MIN));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('ticket numbers', () => {
  const cases: [number, number, string][] = [
    [2026, 1, '2026-000001'],
    [2026, 123, '2026-000123'],
    [2023, 999_999, '2023-999999'],
    [2023, 1_000_000, '2023-1000000'],
    [2024, 12_345_678, '2024-12345678'],
  ];
  for (const [year, seq, text] of cases) {
    test(`${year}, ${seq} → ${text}`, () => {
      assert.equal(ticketNumber(year, seq), text);
      assert.deepEqual(parseTicketNumber(text), { year, seq });
    });
  }
  test('bad parts are refused', () => {
    for (const [y, s] of [
      [2026, 0],
      [2026, -1],
      [2026, 1.5],
      [26, 1],
      [2026.5, 1],
      [2026, Number.NaN],
    ] as const) {
      assert.throws(() => ticketNumber(y, s), RangeError, `${y} ${s}`);
    }
  });
  test('parsing refuses what is not a ticket number', () => {
    for (const t of ['2026-123', '2026-000000', 'x2026-000001', '2026_000001', '']) assert.equal(parseTicketNumber(t), undefined, t);
  });
  test('property: numbers sort like their sequence within a year and round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (y, a, b) => {
        assert.equal(ticketNumber(y, a) < ticketNumber(y, b), a < b);
        assert.deepEqual(parseTicketNumber(ticketNumber(y, a)), { year: y, seq: a });
      }),
    );
  });
});

describe('attachments (R-3.1, issue 4: path tricks are rejected)', () => {
  const allowedTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'];
  const maxBytes = 10 * 1024 * 1024;
  const check = (filename: string, contentType = 'application/pdf', size = 1000) => attachmentProblems({ filename, contentType, size, maxBytes, allowedTypes });
  const fields = (filename: string, contentType?: string, size?: number) => check(filename, contentType, size).map((p) => p.field);

  const names: [string, string, boolean][] = [
    ['rapport.pdf', 'rapport.pdf', true],
    ['Skärmbild 2023-09-12 kl. 10.15.png', 'Skärmbild 2023-09-12 kl. 10.15.png', true],
    ['åäö with spaces', 'Fakturaunderlag för oktober (utkast).pdf', true],
    ['../../etc/passwd', '../../etc/passwd', false],
    ['..', '..', false],
    ['a/b.pdf', 'a/b.pdf', false],
    ['/etc/passwd', '/etc/passwd', false],
    ['backslash', 'a\\b.pdf', false],
    ['windows path', 'C:\\Windows\\win.ini', false],
    ['CON.txt', 'CON.txt', false],
    ['con', 'con', false],
    ['nul.tar.gz', 'nul.tar.gz', false],
    ['LPT1.pdf', 'LPT1.pdf', false],
    ['COM9', 'COM9', false],
    ['CONSOLE.txt is fine', 'CONSOLE.txt', true],
    ['.htaccess', '.htaccess', false],
    ['trailing space', 'bild .png ', false],
    ['trailing dot', 'rapport.pdf.', false],
    ['NUL byte', 'rapport.pdf\u0000.png', false],
    ['newline', 'rapport\n.pdf', false],
    ['DEL', 'rapport\u007f.pdf', false],
    ['right-to-left override', 'rapport\u202Efdp.exe', false],
    ['alternate data stream', 'rapport.pdf:zone', false],
    ['empty', '', false],
    ['only spaces', '   ', false],
    ['200 characters', `${'a'.repeat(196)}.pdf`, true],
    ['201 characters', `${'a'.repeat(197)}.pdf`, false],
    ['200 non-BMP characters count as 200', `${'😀'.repeat(196)}.pdf`, true],
  ];
  for (const [label, name, ok] of names) {
    test(`${label} ${ok ? 'accepted' : 'refused'}`, () => {
      const problems = check(name);
      if (ok) assert.deepEqual(problems, []);
      else {
        assert.ok(problems.length > 0);
        for (const p of problems) {
          assert.equal(p.field, 'filename');
          assert.ok(p.reasonSv.length > 0);
        }
      }
    });
  }

  test('the Swedish reasons name the trick', () => {
    assert.deepEqual(
      check('../../etc/passwd').map((p) => p.reasonSv),
      ['filnamnet får inte innehålla / eller \\', 'filnamnet får inte innehålla ".."', 'filnamnet får inte börja med en punkt'],
    );
    assert.deepEqual(
      check('CON.txt').map((p) => p.reasonSv),
      ['CON är ett reserverat enhetsnamn i Windows'],
    );
    assert.deepEqual(
      check('bild .png ').map((p) => p.reasonSv),
      ['filnamnet får inte sluta med punkt eller mellanslag'],
    );
  });

  test('wrong type', () => {
    assert.deepEqual(fields('program.exe', 'application/x-msdownload'), ['contentType']);
    assert.deepEqual(fields('sida.html', 'text/html'), ['contentType']);
    assert.deepEqual(fields('x.pdf', ''), ['contentType']);
    assert.match(check('sida.html', 'text/html')[0]?.reasonSv ?? '', /text\/html är inte tillåtna/);
  });
  test('type parameters and case do not matter', () => {
    assert.deepEqual(fields('notes.txt', 'Text/Plain; charset=utf-8'), []);
    assert.deepEqual(fields('bild.PNG', 'IMAGE/PNG'), []);
  });
  test('too big, empty or not a size', () => {
    assert.deepEqual(fields('rapport.pdf', 'application/pdf', maxBytes), []);
    assert.deepEqual(fields('rapport.pdf', 'application/pdf', maxBytes + 1), ['size']);
    assert.match(check('rapport.pdf', 'application/pdf', maxBytes + 1)[0]?.reasonSv ?? '', /större än 10 MB/);
    assert.deepEqual(fields('rapport.pdf', 'application/pdf', 0), ['size']);
    assert.deepEqual(fields('rapport.pdf', 'application/pdf', -1), ['size']);
    assert.deepEqual(fields('rapport.pdf', 'application/pdf', 1.5), ['size']);
  });
  test('every problem is listed at once', () => {
    assert.deepEqual(fields('../x.', 'text/html', maxBytes * 2), ['filename', 'filename', 'filename', 'filename', 'contentType', 'size']);
  });
  const trickyName = fc
    .array(fc.constantFrom('a', 'é', '.', '/', '\\', ' ', '\u0000', '\n', '\t', 'C', 'O', 'N', 'u', 'l', '1', ':', '\u202e', '\u00a0', '\u3000'), {
      maxLength: 12,
    })
    .map((cs) => cs.join(''));
  test('property: an accepted name has no separator, no "..", no control character and no leading dot', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), trickyName), (name) => {
        if (check(name).length > 0) return;
        const chars = [...name];
        assert.ok(chars.length > 0 && chars.length <= 200);
        assert.ok(!chars.some((c) => c === '/' || c === '\\' || (c.codePointAt(0) ?? 0) < 0x20));
        assert.ok(!name.includes('..') && !name.startsWith('.') && !name.endsWith('.'));
        assert.equal(name.trimEnd(), name);
        assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)$/i.test((name.split('.')[0] ?? '').trimEnd()));
      }),
      { numRuns: 500 },
    );
  });
});

describe('time left as people count it (issue 16: "1 d 0 h öppettid kvar" meant 24 opening hours)', () => {
  test('table: whole working days, then opening hours and minutes (opening 07:30–16:30, Fridays to 16:00)', () => {
    const cases: [string, string, string, { workingDays: number; hours: number; minutes: number; overdue: boolean }][] = [
      ['Tue 10:00 → Fri 13:00', '2023-09-12T10:00', '2023-09-15T13:00', { workingDays: 3, hours: 3, minutes: 0, overdue: false }],
      [
        'a fresh one-working-day target shows one working day',
        '2023-09-12T08:00',
        '2023-09-13T08:00',
        { workingDays: 1, hours: 0, minutes: 0, overdue: false },
      ],
      [
        '24 opening hours are two working days and six hours, not "1 d 0 h"',
        '2023-09-12T08:00',
        '2023-09-14T14:00',
        { workingDays: 2, hours: 6, minutes: 0, overdue: false },
      ],
      [
        'the evening before: the opening time of the next morning',
        '2023-09-12T20:00',
        '2023-09-13T08:00',
        { workingDays: 0, hours: 0, minutes: 30, overdue: false },
      ],
      ['over a weekend', '2023-09-15T15:00', '2023-09-18T09:00', { workingDays: 0, hours: 2, minutes: 30, overdue: false }],
      ['over midsommarafton (closed)', '2023-06-22T10:00', '2023-06-26T10:00', { workingDays: 1, hours: 0, minutes: 0, overdue: false }],
      [
        'a day capped at a Friday closing still counts as a working day',
        '2023-09-14T16:15',
        '2023-09-15T16:00',
        { workingDays: 1, hours: 0, minutes: 0, overdue: false },
      ],
      ['past the deadline: how late', '2023-09-13T09:00', '2023-09-12T08:00', { workingDays: 1, hours: 1, minutes: 0, overdue: true }],
      ['at the deadline', '2023-09-12T08:00', '2023-09-12T08:00', { workingDays: 0, hours: 0, minutes: 0, overdue: false }],
    ];
    for (const [name, from, to, want] of cases) assert.deepEqual(workingTimeBetween(cal, at(from), at(to)), want, name);
  });

  test('table: which SLA states show time left, counted from when', () => {
    const due = at('2023-09-13T08:00');
    assert.deepEqual(slaTimeLeft(cal, { state: 'ok', dueAt: due }, at('2023-09-12T08:00')), { workingDays: 1, hours: 0, minutes: 0, overdue: false });
    assert.deepEqual(slaTimeLeft(cal, { state: 'at_risk', dueAt: due }, at('2023-09-12T16:00')), { workingDays: 0, hours: 1, minutes: 0, overdue: false });
    assert.deepEqual(slaTimeLeft(cal, { state: 'paused', dueAt: due }, at('2023-09-12T16:00')), { workingDays: 0, hours: 1, minutes: 0, overdue: false });
    assert.deepEqual(slaTimeLeft(cal, { state: 'breached', dueAt: due }, at('2023-09-14T10:00')), { workingDays: 1, hours: 2, minutes: 0, overdue: true });
    for (const state of ['none', 'met', 'missed'] as const) assert.equal(slaTimeLeft(cal, { state, dueAt: due }, at('2023-09-12T08:00')), null, state);
    assert.equal(slaTimeLeft(cal, { state: 'ok', dueAt: null }, at('2023-09-12T08:00')), null);
  });

  test('property: the whole days and the rest add up to the opening time between the instants', () => {
    const start = at('2023-01-02T00:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 24 * 200 }), fc.integer({ min: 0, max: 60 * 24 * 40 }), (a, len) => {
        const from = start + a * MIN;
        const to = from + len * MIN;
        const r = workingTimeBetween(cal, from, to);
        const whole = cal.addWorkingDays(from, r.workingDays);
        assert.ok(whole <= to || r.workingDays === 0);
        assert.ok(cal.addWorkingDays(from, r.workingDays + 1) > to, 'the count is the largest whole number of working days');
        assert.ok(r.minutes < 60 && r.hours * 60 + r.minutes <= Math.floor(cal.businessMillisBetween(from, to) / MIN));
      }),
      { numRuns: 300 },
    );
  });
});

describe('issue 17: a queue cursor’s key is read as the order that printed it', () => {
  test('table: urgency keys give their group and whole second; instants only for the other orders', () => {
    const cases: [Parameters<typeof queueCursorKey>[0], string, ReturnType<typeof queueCursorKey>][] = [
      ['urgent', '1706774400.000000', { group: 0, second: 1706774400 }],
      ['urgent', '11707120000.5', { group: 1, second: 1707120000 }],
      ['urgent', '21707118800', { group: 2, second: 1707118800 }],
      ['urgent', '30999999999.123456', { group: 3, second: 999999999 }],
      ['urgent', '41707118800', undefined],
      ['urgent', '2024-02-05 07:45:00+00', undefined],
      ['urgent', '1e10', undefined],
      ['urgent', '', undefined],
      ['newest', '2024-02-05 07:45:00.123456+00', 'instant'],
      ['due', 'infinity', 'instant'],
      ['oldest', '1706774400', undefined],
      ['newest', "2024-02-05'; drop table tickets; --", undefined],
    ];
    for (const [sort, key, expected] of cases) assert.deepEqual(queueCursorKey(sort, key), expected, `${sort} ${key}`);
  });

  test('property: group × 10¹⁰ + epoch seconds (with microseconds) reads back as the group and the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 999_999 }), (group, second, micros) => {
        const key = `${BigInt(group) * BigInt(URGENCY_GROUP) + BigInt(second)}.${String(micros).padStart(6, '0')}`;
        assert.deepEqual(queueCursorKey('urgent', key), { group, second });
      }),
    );
  });
});

describe('R-10: local date ranges of the follow-up links as instants (localDateRange)', () => {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const cases: { name: string; from?: string; to?: string; start: string | null; end: string | null }[] = [
    { name: 'a tertial in summer time', from: '2026-05-01', to: '2026-08-31', start: '2026-04-30T22:00:00.000Z', end: '2026-08-31T22:00:00.000Z' },
    { name: 'a tertial across the spring change', from: '2026-01-01', to: '2026-04-30', start: '2025-12-31T23:00:00.000Z', end: '2026-04-30T22:00:00.000Z' },
    { name: 'the spring change day (23 hours)', from: '2026-03-29', to: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' },
    { name: 'the autumn change day (25 hours)', from: '2026-10-25', to: '2026-10-25', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' },
    { name: 'ending on the spring change day', from: '2026-03-01', to: '2026-03-29', start: '2026-02-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' },
    { name: 'ending the day before the autumn change', to: '2026-10-24', start: null, end: '2026-10-24T22:00:00.000Z' },
    { name: 'open end', from: '2026-10-26', start: '2026-10-25T23:00:00.000Z', end: null },
    { name: 'a leap day', from: '2028-02-29', to: '2028-02-29', start: '2028-02-28T23:00:00.000Z', end: '2028-02-29T23:00:00.000Z' },
    { name: 'the whole year', from: '2026-01-01', to: '2026-12-31', start: '2025-12-31T23:00:00.000Z', end: '2026-12-31T23:00:00.000Z' },
    { name: 'neither end', start: null, end: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = localDateRange({ from: c.from, to: c.to, timeZone: TZ });
      assert.ok(!isProblem(r), JSON.stringify(r));
      assert.deepEqual({ start: iso(r.start), end: iso(r.end) }, { start: c.start, end: c.end });
    });
  }

  test('the last minute of the last day is inside, the first of the next day is not', () => {
    const r = localDateRange({ from: '2026-10-25', to: '2026-10-25', timeZone: TZ });
    assert.ok(!isProblem(r) && r.start !== null && r.end !== null);
    assert.equal(r.end - r.start, 25 * HOUR, 'the autumn change day has 25 hours');
    assert.ok(at('2026-10-25T23:59') < r.end && at('2026-10-26T00:00') === r.end);
    assert.ok(at('2026-10-25T00:00') === r.start);
  });

  test('the time zone is the one given (the mission calendar’s)', () => {
    const r = localDateRange({ from: '2026-05-01', to: '2026-05-01', timeZone: 'UTC' });
    assert.ok(!isProblem(r));
    assert.deepEqual({ start: iso(r.start), end: iso(r.end) }, { start: '2026-05-01T00:00:00.000Z', end: '2026-05-02T00:00:00.000Z' });
  });

  const bad: { name: string; from?: string; to?: string; field: string }[] = [
    { name: 'from after to', from: '2026-08-31', to: '2026-05-01', field: 'to' },
    { name: 'from one day after to', from: '2026-03-30', to: '2026-03-29', field: 'to' },
    { name: 'a day that does not exist', from: '2026-02-30', to: '2026-03-01', field: 'from' },
    { name: 'not a date', to: '31/8 2026', field: 'to' },
  ];
  for (const c of bad) {
    test(`refused: ${c.name}`, () => {
      const r = localDateRange({ from: c.from, to: c.to, timeZone: TZ });
      assert.ok(isProblem(r), JSON.stringify(r));
      assert.equal(r.field, c.field);
      assert.match(r.reasonSv, /datum/);
    });
  }

  test('the same day as from and to is one day, not a refusal', () => {
    assert.ok(!isProblem(localDateRange({ from: '2026-05-01', to: '2026-05-01', timeZone: TZ })));
  });
});
