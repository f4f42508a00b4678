import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Scope } from '../platform/access.ts';
import {
  DECISION_BODIES,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  backlogOrderProblems,
  bodyText,
  canSeeRequest,
  deliveryEffects,
  moveInOrder,
  rejectingBodies,
  requestNumber,
  requestProblems,
  stateText,
  transition,
  type BoardOutcome,
  type DecisionBody,
  type RequestAction,
  type RequestDraft,
  type RequestFacts,
  type RequestKind,
  type RequestSize,
  type RequestState,
  type ServiceEffect,
  type StepInput,
  type Transition,
  type Viewer,
} from './rules.ts';

const T = 'tranemo';
const U = 'ulricehamn';
/** An injected date (never the real one): requestProblems judges the mission year against it. */
const TODAY = '2026-12-03';

/** A refusal must say why, in English and in Swedish (the Swedish is what the UI shows). */
function assertRefused(t: Transition, what: string): void {
  if (t.ok) assert.fail(`${what}: expected a refusal, got → ${t.to} by ${t.body}`);
  assert.ok(t.reason.trim().length > 0, `${what}: empty English reason`);
  assert.ok(t.reasonSv.trim().length > 0, `${what}: empty Swedish reason`);
  assert.match(t.reasonSv, /\p{Ll}/u, `${what}: Swedish reason has no lowercase letter: ${t.reasonSv}`);
  assert.doesNotMatch(t.reasonSv, /_/, `${what}: Swedish reason shows an identifier: ${t.reasonSv}`);
  assert.doesNotMatch(t.reason, /_/, `${what}: English reason shows an identifier: ${t.reason}`);
}

/** A problem of requestProblems / backlogOrderProblems says why in both languages, too. */
function assertExplained(p: { reason: string; reasonSv: string }, what: string): void {
  assert.ok(p.reason.trim().length > 0, `${what}: empty English reason`);
  assert.match(p.reasonSv, /\p{Ll}/u, `${what}: Swedish reason has no lowercase letter`);
  assert.doesNotMatch(p.reasonSv, /_/, `${what}: Swedish reason shows an identifier`);
}

/** What varies between requests besides their state: only the combinations that can exist. */
interface Variant {
  size: RequestSize;
  kind: RequestKind;
  /** Only a large request changes the mission (R-8.1; requestProblems refuses a small one). */
  changesMission: boolean;
  /** Only a pilot has an evaluation (R-8.2). */
  hasEvaluation: boolean;
}

const VARIANTS: Variant[] = (['small', 'large'] as const).flatMap((size) =>
  (['change', 'pilot'] as const).flatMap((kind) =>
    (size === 'large' ? [false, true] : [false]).flatMap((changesMission) =>
      (kind === 'pilot' ? [false, true] : [false]).map((hasEvaluation) => ({ size, kind, changesMission, hasEvaluation })),
    ),
  ),
);

const variantName = (v: Variant) =>
  `${v.size} ${v.kind}${v.changesMission ? ' (mission change)' : ''}${v.kind === 'pilot' ? (v.hasEvaluation ? ' evaluated' : ' not evaluated') : ''}`;

/** A request in a state; a mission change goes to the boards of both municipalities. */
function facts(state: RequestState, v: Variant, over: Partial<RequestFacts> = {}): RequestFacts {
  return {
    state,
    size: v.size,
    kind: v.kind,
    changesMission: v.changesMission,
    // The boards a mission change goes to; the matrix gives every request two boards so that the board
    // step is judged by its state alone (no other step looks at them).
    concernedMunicipalityIds: [T, U],
    boardDecisions: [],
    hasEvaluation: v.hasEvaluation,
    ...over,
  };
}

const REFUSED = null;
type Expected = RequestState | null | ((v: Variant) => RequestState | null);

/**
 * R-8.1–R-8.3, written from the spec: where each step leads from each state. A step not listed for a
 * state is refused; the terminal states (delivered, closed, rejected) list nothing.
 */
const WORKFLOW: Record<RequestState, Partial<Record<RequestAction, Expected>>> = {
  registered: {
    prepare: 'prepared', // R-8.1: IT-forum utveckling prepares every request
    reject: 'rejected',
  },
  prepared: {
    decide: (v) => (v.size === 'small' ? 'decided' : REFUSED), // R-8.1: small ones within the strategist's mandate
    prioritise: (v) => (v.size === 'small' ? REFUSED : v.changesMission ? 'awaiting_boards' : 'prioritised'), // R-8.1: large → steering group; the mission → the boards
    reject: 'rejected',
  },
  decided: { start: 'in_progress', reject: 'rejected' },
  prioritised: { start: 'in_progress', reject: 'rejected' },
  awaiting_boards: {
    record_board_decision: 'awaiting_boards', // the first of the two boards approves: still waiting for the other
    reject: 'rejected',
  },
  boards_approved: { start: 'in_progress', reject: 'rejected' },
  in_progress: {
    evaluate: (v) => (v.kind === 'pilot' ? 'in_progress' : REFUSED), // R-8.2: a pilot is evaluated
    deliver: (v) => (v.kind === 'change' ? 'delivered' : REFUSED),
    close: (v) => (v.kind === 'pilot' && v.hasEvaluation ? 'closed' : REFUSED), // R-8.2: closed with its evaluation
    reject: 'rejected',
  },
  delivered: {},
  closed: {},
  rejected: {},
};

/** The body each step is recorded as decided by (reject: the rejecting body, by default the first allowed). */
const STEP_BODY: Record<Exclude<RequestAction, 'reject'>, DecisionBody> = {
  prepare: 'it_forum',
  decide: 'it_strategist',
  prioritise: 'steering_group',
  record_board_decision: 'board',
  start: 'it_unit',
  evaluate: 'it_unit',
  deliver: 'it_unit',
  close: 'it_unit',
};

/** The input the matrix gives a step: the board step names a concerned board that approves. */
const MATRIX_INPUT: Partial<Record<RequestAction, StepInput>> = {
  record_board_decision: { municipalityId: T, outcome: 'approved' },
};

function expectedTo(state: RequestState, action: RequestAction, v: Variant): RequestState | null {
  const e = WORKFLOW[state][action];
  if (e === undefined) return REFUSED;
  return typeof e === 'function' ? e(v) : e;
}

const TERMINAL: readonly RequestState[] = ['delivered', 'closed', 'rejected'];

describe('R-8.1–R-8.3 the workflow: every state × action × size × kind × mission change', () => {
  test('the variants cover every size and kind, and mission changes only where they exist', () => {
    assert.equal(VARIANTS.length, 9);
    assert.ok(VARIANTS.every((v) => !v.changesMission || v.size === 'large'));
  });
  for (const state of REQUEST_STATES) {
    for (const action of REQUEST_ACTIONS) {
      test(`${state} × ${action}`, () => {
        for (const v of VARIANTS) {
          const what = `${state} × ${action} × ${variantName(v)}`;
          const t = transition(facts(state, v), action, MATRIX_INPUT[action]);
          const to = expectedTo(state, action, v);
          if (to === REFUSED) {
            assertRefused(t, what);
            continue;
          }
          if (!t.ok) assert.fail(`${what}: expected → ${to}, refused: ${t.reason}`);
          assert.equal(t.to, to, what);
          const body = action === 'reject' ? rejectingBodies(state, v.size)[0] : STEP_BODY[action];
          assert.equal(t.body, body, `${what}: recorded as decided by`);
        }
      });
    }
  }
});

describe('R-8.1 the executive boards decide a mission change', () => {
  const mission: Variant = { size: 'large', kind: 'change', changesMission: true, hasEvaluation: false };
  const decided = (...ds: [string, BoardOutcome][]) => ds.map(([municipalityId, outcome]) => ({ municipalityId, outcome }));
  const cases: { name: string; recorded: ReturnType<typeof decided>; input: StepInput; to: RequestState | null }[] = [
    { name: 'Tranemo approves first: still waiting for Ulricehamn', recorded: [], input: { municipalityId: T, outcome: 'approved' }, to: 'awaiting_boards' },
    { name: 'Ulricehamn approves first: still waiting for Tranemo', recorded: [], input: { municipalityId: U, outcome: 'approved' }, to: 'awaiting_boards' },
    {
      name: 'the second board approves: approved by both',
      recorded: decided([T, 'approved']),
      input: { municipalityId: U, outcome: 'approved' },
      to: 'boards_approved',
    },
    {
      name: 'the second board approves, in the other order',
      recorded: decided([U, 'approved']),
      input: { municipalityId: T, outcome: 'approved' },
      to: 'boards_approved',
    },
    { name: 'the first board rejects', recorded: [], input: { municipalityId: T, outcome: 'rejected' }, to: 'rejected' },
    {
      name: 'the second board rejects after the first approved',
      recorded: decided([T, 'approved']),
      input: { municipalityId: U, outcome: 'rejected' },
      to: 'rejected',
    },
    { name: 'a municipality not concerned', recorded: [], input: { municipalityId: 'borås', outcome: 'approved' }, to: REFUSED },
    { name: 'no municipality', recorded: [], input: { outcome: 'approved' }, to: REFUSED },
    { name: 'a board already recorded (approved twice)', recorded: decided([T, 'approved']), input: { municipalityId: T, outcome: 'approved' }, to: REFUSED },
    {
      name: 'a board already recorded (changing its mind)',
      recorded: decided([T, 'approved']),
      input: { municipalityId: T, outcome: 'rejected' },
      to: REFUSED,
    },
    { name: 'no outcome', recorded: [], input: { municipalityId: T }, to: REFUSED },
    { name: 'no input at all', recorded: [], input: {}, to: REFUSED },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.to ?? 'refused'}`, () => {
      const t = transition(facts('awaiting_boards', mission, { boardDecisions: c.recorded }), 'record_board_decision', c.input);
      if (c.to === REFUSED) return assertRefused(t, c.name);
      if (!t.ok) assert.fail(`${c.name}: refused: ${t.reason}`);
      assert.deepEqual(t, { ok: true, to: c.to, body: 'board' });
    });
  }
  test('start is refused while the boards have not all decided', () => {
    assertRefused(transition(facts('awaiting_boards', mission, { boardDecisions: decided([T, 'approved']) }), 'start'), 'start awaiting one board');
  });
});

describe('R-8.1 a request is rejected at any step, by a body that decides it there', () => {
  /**
   * Written from the spec: the body that takes (or took) the step out of each state may always reject
   * there. While the boards decide, a board says no through its own decision (which names its
   * municipality), so the steering group is the body that may withdraw the request then.
   */
  const MAY_REJECT: Record<RequestSize, Partial<Record<RequestState, DecisionBody>>> = {
    small: { registered: 'it_forum', prepared: 'it_strategist', decided: 'it_strategist', in_progress: 'it_strategist' },
    large: {
      registered: 'it_forum',
      prepared: 'steering_group',
      prioritised: 'steering_group',
      awaiting_boards: 'steering_group',
      in_progress: 'steering_group',
    },
  };
  for (const size of ['small', 'large'] as const) {
    for (const state of REQUEST_STATES) {
      test(`${size} ${state}: rejecting bodies`, () => {
        const bodies = rejectingBodies(state, size);
        if (TERMINAL.includes(state)) return assert.deepEqual(bodies, []);
        assert.ok(bodies.length > 0, 'an open request can be rejected');
        assert.ok(!bodies.includes('it_unit'), 'the IT unit carries out, it does not decide');
        const must = MAY_REJECT[size][state];
        if (must !== undefined) assert.ok(bodies.includes(must), `${must} may reject`);
      });
    }
  }
  for (const state of REQUEST_STATES) {
    test(`${state}: reject with each body`, () => {
      for (const v of VARIANTS) {
        const allowed = rejectingBodies(state, v.size);
        for (const body of DECISION_BODIES) {
          const what = `${state} × reject by ${body} × ${variantName(v)}`;
          const t = transition(facts(state, v), 'reject', { body });
          if (TERMINAL.includes(state) || !allowed.includes(body)) {
            assertRefused(t, what);
            continue;
          }
          assert.deepEqual(t, { ok: true, to: 'rejected', body }, what);
        }
      }
    });
  }
});

describe('R-8.1–R-8.2 scenarios', () => {
  interface Step {
    action: RequestAction;
    input?: StepInput;
    /** Where the step leads, or null when it is refused (the request stays where it was). */
    to: RequestState | null;
    body?: DecisionBody;
  }
  /** Runs the steps as the service would: a step's answer becomes the request's new state. */
  function run(start: RequestFacts, steps: Step[]): RequestFacts {
    let r = start;
    for (const [i, s] of steps.entries()) {
      const what = `step ${i + 1} (${s.action} from ${r.state})`;
      const t = transition(r, s.action, s.input);
      if (s.to === REFUSED) {
        assertRefused(t, what);
        continue;
      }
      if (!t.ok) assert.fail(`${what}: refused: ${t.reason}`);
      assert.equal(t.to, s.to, what);
      assert.equal(t.body, s.body, `${what}: recorded as decided by`);
      const { municipalityId, outcome } = s.input ?? {};
      r = {
        ...r,
        state: t.to,
        boardDecisions:
          s.action === 'record_board_decision' && municipalityId !== undefined && outcome !== undefined
            ? [...r.boardDecisions, { municipalityId, outcome }]
            : r.boardDecisions,
        hasEvaluation: r.hasEvaluation || s.action === 'evaluate',
      };
    }
    return r;
  }
  const registered = (v: Variant): RequestFacts => facts('registered', v, { concernedMunicipalityIds: v.changesMission ? [T, U] : [] });

  const scenarios: { name: string; start: RequestFacts; steps: Step[]; end: RequestState }[] = [
    {
      name: 'a large mission change through both executive boards, started and delivered',
      start: registered({ size: 'large', kind: 'change', changesMission: true, hasEvaluation: false }),
      steps: [
        { action: 'decide', to: REFUSED }, // not within the strategist's mandate
        { action: 'prepare', to: 'prepared', body: 'it_forum' },
        { action: 'prioritise', to: 'awaiting_boards', body: 'steering_group' },
        { action: 'start', to: REFUSED },
        { action: 'record_board_decision', input: { municipalityId: T, outcome: 'approved' }, to: 'awaiting_boards', body: 'board' },
        { action: 'record_board_decision', input: { municipalityId: T, outcome: 'approved' }, to: REFUSED },
        { action: 'start', to: REFUSED },
        { action: 'record_board_decision', input: { municipalityId: U, outcome: 'approved' }, to: 'boards_approved', body: 'board' },
        { action: 'start', to: 'in_progress', body: 'it_unit' },
        { action: 'close', to: REFUSED }, // a change is delivered, not closed
        { action: 'deliver', to: 'delivered', body: 'it_unit' },
        { action: 'reject', to: REFUSED },
      ],
      end: 'delivered',
    },
    {
      name: 'a mission change rejected by one board ends there',
      start: registered({ size: 'large', kind: 'change', changesMission: true, hasEvaluation: false }),
      steps: [
        { action: 'prepare', to: 'prepared', body: 'it_forum' },
        { action: 'prioritise', to: 'awaiting_boards', body: 'steering_group' },
        { action: 'record_board_decision', input: { municipalityId: U, outcome: 'rejected' }, to: 'rejected', body: 'board' },
        { action: 'record_board_decision', input: { municipalityId: T, outcome: 'approved' }, to: REFUSED },
        { action: 'start', to: REFUSED },
      ],
      end: 'rejected',
    },
    {
      name: 'a small request decided by the IT strategist alone',
      start: registered({ size: 'small', kind: 'change', changesMission: false, hasEvaluation: false }),
      steps: [
        { action: 'prepare', to: 'prepared', body: 'it_forum' },
        { action: 'prioritise', to: REFUSED }, // not for the steering group
        { action: 'decide', to: 'decided', body: 'it_strategist' },
        { action: 'record_board_decision', input: { municipalityId: T, outcome: 'approved' }, to: REFUSED },
        { action: 'start', to: 'in_progress', body: 'it_unit' },
        { action: 'deliver', to: 'delivered', body: 'it_unit' },
      ],
      end: 'delivered',
    },
    {
      name: 'a large change prioritised by the steering group, no boards',
      start: registered({ size: 'large', kind: 'change', changesMission: false, hasEvaluation: false }),
      steps: [
        { action: 'prepare', to: 'prepared', body: 'it_forum' },
        { action: 'prioritise', to: 'prioritised', body: 'steering_group' },
        { action: 'start', to: 'in_progress', body: 'it_unit' },
        { action: 'deliver', to: 'delivered', body: 'it_unit' },
      ],
      end: 'delivered',
    },
    {
      name: 'R-8.2 a pilot cannot close before its evaluation, and can after',
      start: registered({ size: 'small', kind: 'pilot', changesMission: false, hasEvaluation: false }),
      steps: [
        { action: 'prepare', to: 'prepared', body: 'it_forum' },
        { action: 'decide', to: 'decided', body: 'it_strategist' },
        { action: 'evaluate', to: REFUSED }, // not started yet
        { action: 'start', to: 'in_progress', body: 'it_unit' },
        { action: 'close', to: REFUSED },
        { action: 'deliver', to: REFUSED }, // a pilot is not delivered
        { action: 'evaluate', to: 'in_progress', body: 'it_unit' },
        { action: 'close', to: 'closed', body: 'it_unit' },
        { action: 'evaluate', to: REFUSED },
      ],
      end: 'closed',
    },
  ];
  for (const s of scenarios) {
    test(s.name, () => assert.equal(run(s.start, s.steps).state, s.end));
  }
});

describe('requestProblems: a mission change is large, concerns both and names its year', () => {
  const plain: RequestDraft = {
    size: 'small',
    kind: 'change',
    changesMission: false,
    missionYear: null,
    municipalityId: T,
    serviceEffect: 'none',
    serviceName: null,
  };
  const mission: RequestDraft = { ...plain, size: 'large', changesMission: true, missionYear: 2027, municipalityId: null };
  const cases: { name: string; draft: RequestDraft; today?: string; fields: string[] }[] = [
    { name: 'a plain small request', draft: plain, fields: [] },
    { name: 'a plain request concerning both', draft: { ...plain, municipalityId: null }, fields: [] },
    { name: 'a large pilot', draft: { ...plain, size: 'large', kind: 'pilot' }, fields: [] },
    { name: 'a mission change for next year', draft: mission, fields: [] },
    { name: 'a mission change for this year', draft: { ...mission, missionYear: 2026 }, fields: [] },
    { name: 'a mission change for last year', draft: { ...mission, missionYear: 2025 }, fields: ['missionYear'] },
    { name: 'a mission change naming no year', draft: { ...mission, missionYear: null }, fields: ['missionYear'] },
    { name: 'last year, judged on the first day of the year', draft: { ...mission, missionYear: 2026 }, today: '2027-01-01', fields: ['missionYear'] },
    { name: 'this year, judged on the last day of the year', draft: { ...mission, missionYear: 2026 }, today: '2026-12-31', fields: [] },
    { name: 'a small mission change', draft: { ...mission, size: 'small' }, fields: ['size'] },
    { name: 'a mission change for one municipality', draft: { ...mission, municipalityId: U }, fields: ['municipalityId'] },
    {
      name: 'a small mission change for one municipality naming no year',
      draft: { ...mission, size: 'small', municipalityId: T, missionYear: null },
      fields: ['missionYear', 'municipalityId', 'size'],
    },
    { name: 'a mission year without a mission change', draft: { ...plain, missionYear: 2027 }, fields: ['missionYear'] },
    { name: 'a new service with its name', draft: { ...plain, serviceEffect: 'new_service', serviceName: 'Digital signering' }, fields: [] },
    { name: 'a changed service with its name', draft: { ...plain, serviceEffect: 'changed_service', serviceName: 'E-post med kalender' }, fields: [] },
    { name: 'a new service without a name', draft: { ...plain, serviceEffect: 'new_service' }, fields: ['serviceName'] },
    { name: 'a changed service without a name', draft: { ...plain, serviceEffect: 'changed_service' }, fields: ['serviceName'] },
    { name: 'a new service with a blank name', draft: { ...plain, serviceEffect: 'new_service', serviceName: '   ' }, fields: ['serviceName'] },
    { name: 'a service name without a service effect', draft: { ...plain, serviceName: 'E-post med kalender' }, fields: ['serviceName'] },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.fields.join(', ') || 'no problems'}`, () => {
      const problems = requestProblems(c.draft, c.today ?? TODAY);
      assert.deepEqual(problems.map((p) => p.field).sort(), c.fields);
      for (const p of problems) assertExplained(p, `${c.name}: ${p.field}`);
    });
  }
});

describe('R-8.3 what a delivery opens', () => {
  const cases: [ServiceEffect, string, { draftAgreement: boolean; priceListYear: number | null }][] = [
    ['none', '2026-06-15', { draftAgreement: false, priceListYear: null }],
    ['changed_service', '2026-06-15', { draftAgreement: true, priceListYear: null }], // an application agreement, no new price
    ['new_service', '2026-06-15', { draftAgreement: true, priceListYear: 2027 }], // a price in next year's list
    ['new_service', '2026-01-01', { draftAgreement: true, priceListYear: 2027 }],
    ['new_service', '2026-12-31', { draftAgreement: true, priceListYear: 2027 }],
    ['new_service', '2027-01-01', { draftAgreement: true, priceListYear: 2028 }],
  ];
  for (const [serviceEffect, deliveredOn, expected] of cases) {
    test(`${serviceEffect} delivered ${deliveredOn}`, () => assert.deepEqual(deliveryEffects({ serviceEffect }, deliveredOn), expected));
  }
});

describe('the steering group’s backlog order', () => {
  const backlog = ['a', 'b', 'c', 'd'];
  const cases: [string, string[], boolean][] = [
    ['the same order', ['a', 'b', 'c', 'd'], true],
    ['a new order', ['d', 'b', 'a', 'c'], true],
    ['a request twice', ['a', 'b', 'c', 'd', 'a'], false],
    ['a request twice instead of another', ['a', 'b', 'c', 'c'], false],
    ['a request missing', ['a', 'b', 'c'], false],
    ['an unknown request', ['a', 'b', 'c', 'd', 'e'], false],
    ['an unknown request instead of one of the backlog (a stale page)', ['a', 'b', 'c', 'e'], false],
    ['an empty order', [], false],
  ];
  for (const [name, proposed, ok] of cases) {
    test(`${name} → ${ok ? 'accepted' : 'refused'}`, () => {
      const problems = backlogOrderProblems(backlog, proposed);
      assert.equal(problems.length === 0, ok);
      for (const p of problems) assertExplained(p, name);
    });
  }
  test('an empty backlog takes an empty order', () => assert.deepEqual(backlogOrderProblems([], []), []));

  const ids = fc.uniqueArray(
    fc.nat({ max: 40 }).map((n) => `r${n}`),
    { maxLength: 12 },
  );
  const idsAndOrder = ids.chain((backlogIds) =>
    fc.tuple(fc.constant(backlogIds), fc.shuffledSubarray(backlogIds, { minLength: backlogIds.length, maxLength: backlogIds.length })),
  );
  const nonEmpty = idsAndOrder.filter(([b]) => b.length > 0);
  test('property: every permutation of the backlog is accepted', () => {
    fc.assert(fc.property(idsAndOrder, ([backlogIds, order]) => backlogOrderProblems(backlogIds, order).length === 0));
  });
  test('property: an order holding a request twice is refused', () => {
    fc.assert(
      fc.property(nonEmpty, fc.nat(), fc.nat(), ([backlogIds, order], i, at) => {
        const twice = order[i % order.length]!;
        const proposed = [...order.slice(0, at % (order.length + 1)), twice, ...order.slice(at % (order.length + 1))];
        return backlogOrderProblems(backlogIds, proposed).length > 0;
      }),
    );
  });
  test('property: an order missing a request is refused', () => {
    fc.assert(
      fc.property(nonEmpty, fc.nat(), ([backlogIds, order], i) => {
        const proposed = order.filter((_, j) => j !== i % order.length);
        return backlogOrderProblems(backlogIds, proposed).length > 0;
      }),
    );
  });
  test('property: an order holding an unknown request is refused', () => {
    fc.assert(
      fc.property(idsAndOrder, fc.nat({ max: 40 }), fc.nat(), ([backlogIds, order], n, at) => {
        const proposed = [...order.slice(0, at % (order.length + 1)), `u${n}`, ...order.slice(at % (order.length + 1))];
        return backlogOrderProblems(backlogIds, proposed).length > 0;
      }),
    );
  });
});

describe('moving a request in the order (keyboard move up/down, drag end)', () => {
  const order = ['a', 'b', 'c', 'd'];
  const cases: [string, number, string[]][] = [
    ['a', 0, ['a', 'b', 'c', 'd']],
    ['a', 2, ['b', 'c', 'a', 'd']],
    ['a', 3, ['b', 'c', 'd', 'a']],
    ['d', 0, ['d', 'a', 'b', 'c']],
    ['c', 1, ['a', 'c', 'b', 'd']], // move up
    ['b', 2, ['a', 'c', 'b', 'd']], // move down
    ['a', -1, ['a', 'b', 'c', 'd']], // "up" from the top stays at the top
    ['b', -5, ['b', 'a', 'c', 'd']],
    ['d', 4, ['a', 'b', 'c', 'd']], // "down" from the bottom stays at the bottom
    ['b', 99, ['a', 'c', 'd', 'b']],
    ['x', 1, ['a', 'b', 'c', 'd']], // not in the order: unchanged
  ];
  for (const [id, toIndex, expected] of cases) {
    test(`${id} to ${toIndex} → ${expected.join('')}`, () => {
      const input = [...order];
      assert.deepEqual(moveInOrder(input, id, toIndex), expected);
      assert.deepEqual(input, order, 'the input is not changed');
    });
  }
  test('a one-request order', () => assert.deepEqual(moveInOrder(['a'], 'a', 3), ['a']));

  const orderIdAndIndex = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 })
    .chain((o) => fc.tuple(fc.constant(o), fc.constantFrom(...o), fc.integer({ min: -5, max: o.length + 5 })));
  test('property: a permutation of the input, the id at min(max(toIndex, 0), n − 1), the others in their order', () => {
    fc.assert(
      fc.property(orderIdAndIndex, ([o, id, toIndex]) => {
        const moved = moveInOrder(o, id, toIndex);
        assert.deepEqual([...moved].sort(), [...o].sort());
        assert.equal(moved.indexOf(id), Math.min(Math.max(toIndex, 0), o.length - 1));
        assert.deepEqual(
          moved.filter((x) => x !== id),
          o.filter((x) => x !== id),
        );
      }),
    );
  });
  test('property: an id not in the order leaves it unchanged', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 3 }), { maxLength: 12 }), fc.integer({ min: -5, max: 20 }), (o, toIndex) => {
        assert.deepEqual(moveInOrder(o, 'not-there', toIndex), o);
      }),
    );
  });
});

describe('issue 20: who sees a request', () => {
  const viewer = (userId: string, scope: Scope, readsAll: boolean, units: string[] = []): Viewer => ({
    userId,
    scope,
    readsAll,
    managedUnitIds: new Set(units),
  });
  const inT: Scope = { kind: 'municipality', municipalityId: T };
  const inU: Scope = { kind: 'municipality', municipalityId: U };
  const itBoth = viewer('it-1', { kind: 'all' }, true);
  const financeT = viewer('fin-t', inT, true);
  const itU = viewer('it-u', inU, true);
  const anna = viewer('anna', inT, false); // an end user in Tranemo
  const bo = viewer('bo', inT, false, ['unit-t1']); // manages unit-t1 in Tranemo
  const request = (municipalityId: string | null, raisedByUserId: string, raisedByUnitId: string | null) => ({
    municipalityId,
    raisedByUserId,
    raisedByUnitId,
  });

  const cases: [string, Viewer, ReturnType<typeof request>, boolean][] = [
    ['IT spanning both sees Tranemo’s', itBoth, request(T, 'carl', 'unit-t2'), true],
    ['IT spanning both sees Ulricehamn’s', itBoth, request(U, 'dora', 'unit-u1'), true],
    ['IT spanning both sees one concerning both', itBoth, request(null, 'dora', 'unit-u1'), true],
    ['finance in Tranemo sees Tranemo’s', financeT, request(T, 'carl', 'unit-t2'), true],
    ['finance in Tranemo does not see Ulricehamn’s', financeT, request(U, 'dora', 'unit-u1'), false],
    ['finance in Tranemo sees Ulricehamn’s request concerning both', financeT, request(null, 'dora', 'unit-u1'), true],
    ['IT in Ulricehamn does not see Tranemo’s', itU, request(T, 'carl', 'unit-t2'), false],
    ['IT in Ulricehamn sees one concerning both', itU, request(null, 'carl', 'unit-t2'), true],
    ['a user sees what they raised', anna, request(T, 'anna', null), true],
    ['a user sees what they raised for both', anna, request(null, 'anna', 'unit-t2'), true],
    ['a user does not see another’s request in their municipality', anna, request(T, 'carl', 'unit-t2'), false],
    ['a user does not see another’s request concerning both', anna, request(null, 'dora', 'unit-u1'), false],
    ['a user does not see the other municipality’s request', anna, request(U, 'dora', 'unit-u1'), false],
    ['a user does not see a request of theirs for the other municipality (the boundary first)', anna, request(U, 'anna', null), false],
    ['a manager sees what their unit raised', bo, request(T, 'carl', 'unit-t1'), true],
    ['a manager sees what their unit raised for both', bo, request(null, 'carl', 'unit-t1'), true],
    ['a manager does not see another unit’s request', bo, request(T, 'carl', 'unit-t2'), false],
    ['a manager does not see a request raised by no unit', bo, request(T, 'carl', null), false],
    ['a manager sees what they raised themselves', bo, request(T, 'bo', 'unit-t2'), true],
  ];
  for (const [name, v, r, seen] of cases) {
    test(`${name} → ${seen ? 'seen' : 'hidden'}`, () => assert.equal(canSeeRequest(v, r), seen));
  }
});

describe('numbers and Swedish text', () => {
  const numbers: [number, number, string][] = [
    [2026, 7, 'UT-2026-007'],
    [2026, 1, 'UT-2026-001'],
    [2026, 42, 'UT-2026-042'],
    [2026, 123, 'UT-2026-123'],
    [2027, 1000, 'UT-2027-1000'],
  ];
  for (const [year, sequence, text] of numbers) {
    test(`request ${sequence} of ${year} → ${text}`, () => assert.equal(requestNumber(year, sequence), text));
  }
  test('every state reads as a distinct Swedish phrase', () => {
    const texts = REQUEST_STATES.map(stateText);
    for (const [i, s] of texts.entries()) {
      assert.match(s, /\p{Ll}/u, REQUEST_STATES[i]);
      assert.doesNotMatch(s, /_/, REQUEST_STATES[i]);
    }
    assert.equal(new Set(texts).size, REQUEST_STATES.length);
    assert.equal(stateText('awaiting_boards'), 'väntar på kommunstyrelsernas beslut');
  });
  const bodies: [DecisionBody, string | undefined, string][] = [
    ['it_forum', undefined, 'IT-forum utveckling'],
    ['it_strategist', undefined, 'It-strategen'],
    ['steering_group', undefined, 'It-styrgruppen'],
    ['board', 'Tranemo kommun', 'Kommunstyrelsen, Tranemo kommun'],
    ['board', 'Ulricehamns kommun', 'Kommunstyrelsen, Ulricehamns kommun'],
    ['board', undefined, 'Kommunstyrelsen'],
    ['it_unit', undefined, 'It-enheten'],
  ];
  for (const [body, name, text] of bodies) {
    test(`${body}${name ? ` (${name})` : ''} → ${text}`, () => assert.equal(bodyText(body, name), text));
  }
  test('every body has Swedish text', () => {
    for (const b of DECISION_BODIES) {
      assert.match(bodyText(b), /\p{Ll}/u, b);
      assert.doesNotMatch(bodyText(b), /_/, b);
    }
  });
});
