import { canSeeMunicipality, type Role, type Scope } from '../platform/access.ts';

/**
 * Issue 20, R-8: development requests (utvecklingsärenden) through the boards. Pure rules: the workflow
 * as a transition table, who records which step, the backlog order, what a delivery opens, and who sees
 * a request. No I/O; the service asks these and writes what they answer.
 */

/** the states of a development request, in workflow order. */
export const REQUEST_STATES = [
  'registered',
  'prepared',
  'decided',
  'prioritised',
  'awaiting_boards',
  'boards_approved',
  'in_progress',
  'delivered',
  'closed',
  'rejected',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The steps that move a request. */
export const REQUEST_ACTIONS = ['prepare', 'decide', 'prioritise', 'record_board_decision', 'start', 'evaluate', 'deliver', 'close', 'reject'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** small requests are within the IT strategist's mandate; large ones go to the IT steering group. */
export const REQUEST_SIZES = ['small', 'large'] as const;
export type RequestSize = (typeof REQUEST_SIZES)[number];

/** a pilot evaluates new technology and is closed with an evaluation; a change is delivered. */
export const REQUEST_KINDS = ['change', 'pilot'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** what a delivered request does to the service catalogue. */
export const SERVICE_EFFECTS = ['none', 'new_service', 'changed_service'] as const;
export type ServiceEffect = (typeof SERVICE_EFFECTS)[number];

/** The bodies that decide, as the step records them. */
export const DECISION_BODIES = ['it_forum', 'it_strategist', 'steering_group', 'board', 'it_unit'] as const;
export type DecisionBody = (typeof DECISION_BODIES)[number];

export const BOARD_OUTCOMES = ['approved', 'rejected'] as const;
export type BoardOutcome = (typeof BOARD_OUTCOMES)[number];

export const TERMINAL_STATES: ReadonlySet<RequestState> = new Set(['delivered', 'closed', 'rejected']);

/** What the transition table needs to know about a request. */
export interface RequestFacts {
  state: RequestState;
  size: RequestSize;
  kind: RequestKind;
  changesMission: boolean;
  /** The municipalities whose boards decide a mission change (both, for a mission change). */
  concernedMunicipalityIds: readonly string[];
  /** Board decisions recorded so far. */
  boardDecisions: readonly { municipalityId: string; outcome: BoardOutcome }[];
  /** whether a pilot's evaluation is recorded. */
  hasEvaluation: boolean;
}

/** The extra input of a step that needs it. */
export interface StepInput {
  /** record_board_decision: whose board, and what it decided. */
  municipalityId?: string | undefined;
  outcome?: BoardOutcome | undefined;
  /** reject: which body rejected. */
  body?: DecisionBody | undefined;
}

export type Transition = { ok: true; to: RequestState; body: DecisionBody } | { ok: false; reason: string; reasonSv: string };

const refuse = (reason: string, reasonSv: string): Transition => ({ ok: false, reason, reasonSv });

const STATE_SV: Record<RequestState, string> = {
  registered: 'registrerat',
  prepared: 'berett av IT-forum utveckling',
  decided: 'beslutat av it-strategen',
  prioritised: 'prioriterat av it-styrgruppen',
  awaiting_boards: 'väntar på kommunstyrelsernas beslut',
  boards_approved: 'godkänt av kommunstyrelserna',
  in_progress: 'pågår',
  delivered: 'levererat',
  closed: 'avslutat',
  rejected: 'avslaget',
};

/** The state as a Swedish phrase ("väntar på kommunstyrelsernas beslut"). */
export function stateText(state: RequestState): string {
  return STATE_SV[state];
}

const wrongState = (state: RequestState): Transition =>
  refuse(`not possible while the request is ${state.replace('_', ' ')}`, `går inte när ärendet är ${STATE_SV[state]}`);

/** Which bodies may reject a request in a state (R-8.1: "rejected at any step"). */
export function rejectingBodies(state: RequestState, size: RequestSize): DecisionBody[] {
  switch (state) {
    case 'registered':
      return ['it_forum'];
    case 'prepared':
      return size === 'small' ? ['it_forum', 'it_strategist'] : ['it_forum', 'steering_group'];
    case 'decided':
      return ['it_strategist'];
    case 'prioritised':
      return ['steering_group'];
    // A board says no through its own decision (record_board_decision), which names the municipality.
    case 'awaiting_boards':
    case 'boards_approved':
      return ['steering_group'];
    case 'in_progress':
      return size === 'small' ? ['it_strategist'] : ['steering_group'];
    case 'delivered':
    case 'closed':
    case 'rejected':
      return [];
  }
}

/**
 * the transition table. Given a request and a step, the state it moves to and the body the
 * step is recorded as decided by — or why not, in both languages.
 *
 * registered →prepare→ prepared →decide (small)→ decided →start→ in_progress →deliver→ delivered
 *                               →prioritise (large)→ prioritised →start→ in_progress
 *                               →prioritise (mission change)→ awaiting_boards →record_board_decision
 *                                 (each concerned board)→ boards_approved →start→ in_progress
 * A pilot ends with close (its evaluation recorded first) instead of deliver; reject from any open state.
 */
export function transition(r: RequestFacts, action: RequestAction, input: StepInput = {}): Transition {
  if (TERMINAL_STATES.has(r.state)) return refuse('the request is finished', `ärendet är ${STATE_SV[r.state]} och kan inte ändras`);
  switch (action) {
    case 'prepare':
      return r.state === 'registered' ? { ok: true, to: 'prepared', body: 'it_forum' } : wrongState(r.state);
    case 'decide':
      if (r.state !== 'prepared') return wrongState(r.state);
      if (r.size !== 'small') return refuse('a large request is prioritised by the IT steering group', 'ett stort ärende prioriteras av it-styrgruppen');
      return { ok: true, to: 'decided', body: 'it_strategist' };
    case 'prioritise':
      if (r.state !== 'prepared') return wrongState(r.state);
      if (r.size !== 'large') return refuse('a small request is decided by the IT strategist', 'ett litet ärende beslutas av it-strategen');
      return { ok: true, to: r.changesMission ? 'awaiting_boards' : 'prioritised', body: 'steering_group' };
    case 'record_board_decision': {
      if (r.state !== 'awaiting_boards') return wrongState(r.state);
      const m = input.municipalityId;
      if (m === undefined || !r.concernedMunicipalityIds.includes(m)) {
        return refuse('choose the municipality whose executive board decided', 'välj kommunen vars kommunstyrelse har beslutat');
      }
      if (r.boardDecisions.some((d) => d.municipalityId === m)) {
        return refuse('that board’s decision is already recorded', 'den kommunstyrelsens beslut är redan registrerat');
      }
      if (input.outcome === undefined) return refuse('choose the board’s decision', 'välj kommunstyrelsens beslut');
      if (input.outcome === 'rejected') return { ok: true, to: 'rejected', body: 'board' };
      const approved = new Set([...r.boardDecisions.filter((d) => d.outcome === 'approved').map((d) => d.municipalityId), m]);
      const all = r.concernedMunicipalityIds.every((id) => approved.has(id));
      return { ok: true, to: all ? 'boards_approved' : 'awaiting_boards', body: 'board' };
    }
    case 'start':
      if (r.state === 'decided' || r.state === 'prioritised' || r.state === 'boards_approved') return { ok: true, to: 'in_progress', body: 'it_unit' };
      if (r.state === 'awaiting_boards') return refuse('the executive boards have not all decided', 'alla kommunstyrelser har inte beslutat ännu');
      return wrongState(r.state);
    case 'evaluate':
      if (r.kind !== 'pilot') return refuse('only a pilot is evaluated', 'bara ett pilotprojekt utvärderas');
      return r.state === 'in_progress' ? { ok: true, to: 'in_progress', body: 'it_unit' } : wrongState(r.state);
    case 'deliver':
      if (r.kind === 'pilot') {
        return refuse('a pilot is closed with its evaluation, not delivered', 'ett pilotprojekt avslutas med sin utvärdering, det levereras inte');
      }
      return r.state === 'in_progress' ? { ok: true, to: 'delivered', body: 'it_unit' } : wrongState(r.state);
    case 'close':
      if (r.kind !== 'pilot') return refuse('a change is delivered, not closed', 'en förändring levereras, den avslutas inte');
      if (r.state !== 'in_progress') return wrongState(r.state);
      if (!r.hasEvaluation) return refuse('record the pilot’s evaluation before closing it', 'registrera pilotens utvärdering innan den avslutas');
      return { ok: true, to: 'closed', body: 'it_unit' };
    case 'reject': {
      const bodies = rejectingBodies(r.state, r.size);
      const body = input.body ?? bodies[0];
      if (body === undefined || !bodies.includes(body)) {
        return refuse('that body does not decide the request at this step', 'det organet beslutar inte om ärendet i detta steg');
      }
      return { ok: true, to: 'rejected', body };
    }
  }
}

/** The roles that record each step (R-8.1: the strategist's own mandate; secretaries for the boards). */
export const STEP_ROLES: Readonly<Record<RequestAction, readonly Role[]>> = {
  prepare: ['it_strategist', 'it_management', 'admin'],
  decide: ['it_strategist'],
  prioritise: ['it_strategist', 'it_management', 'admin'],
  record_board_decision: ['it_management', 'admin'],
  start: ['it_strategist', 'it_management', 'admin'],
  evaluate: ['it_strategist', 'it_management', 'admin'],
  deliver: ['it_strategist', 'it_management', 'admin'],
  close: ['it_strategist', 'it_management', 'admin'],
  reject: ['it_strategist', 'it_management', 'admin'],
};

/** Steps whose record must name the minutes (protokoll) or decision it comes from. */
export const MINUTES_REQUIRED: ReadonlySet<RequestAction> = new Set(['prepare', 'decide', 'prioritise', 'record_board_decision', 'reject']);

/** The Swedish name of a deciding body ("Kommunstyrelsen, Tranemo kommun" for a board). */
export function bodyText(body: DecisionBody, municipalityName?: string): string {
  switch (body) {
    case 'it_forum':
      return 'IT-forum utveckling';
    case 'it_strategist':
      return 'It-strategen';
    case 'steering_group':
      return 'It-styrgruppen';
    case 'board':
      return municipalityName ? `Kommunstyrelsen, ${municipalityName}` : 'Kommunstyrelsen';
    case 'it_unit':
      return 'It-enheten';
  }
}

/** The input of a new request, as its problems are judged. */
export interface RequestDraft {
  size: RequestSize;
  kind: RequestKind;
  changesMission: boolean;
  missionYear: number | null;
  /** null: the request concerns both municipalities. */
  municipalityId: string | null;
  serviceEffect: ServiceEffect;
  serviceName: string | null;
}

/** Cross-field problems of a request: a mission change is large, concerns both and names its year. */
export function requestProblems(r: RequestDraft, today: string): { field: string; reason: string; reasonSv: string }[] {
  const out: { field: string; reason: string; reasonSv: string }[] = [];
  if (r.changesMission) {
    if (r.size !== 'large') {
      out.push({ field: 'size', reason: 'a change to the mission is a large request', reasonSv: 'en ändring av ramuppdraget är ett stort ärende' });
    }
    if (r.municipalityId !== null) {
      out.push({
        field: 'municipalityId',
        reason: 'a change to the mission concerns both municipalities',
        reasonSv: 'en ändring av ramuppdraget gäller båda kommunerna',
      });
    }
    const year = Number(today.slice(0, 4));
    if (r.missionYear === null) {
      out.push({ field: 'missionYear', reason: 'name the mission year it changes', reasonSv: 'ange vilket års ramuppdrag som ändras' });
    } else if (r.missionYear < year) {
      out.push({ field: 'missionYear', reason: 'a past year’s mission cannot change', reasonSv: 'ett tidigare års ramuppdrag kan inte ändras' });
    }
  } else if (r.missionYear !== null) {
    out.push({ field: 'missionYear', reason: 'only a change to the mission names a mission year', reasonSv: 'bara en ändring av ramuppdraget anger ett år' });
  }
  if (r.serviceEffect === 'none' && r.serviceName !== null) {
    out.push({
      field: 'serviceName',
      reason: 'name a service only when the request creates or changes one',
      reasonSv: 'ange en tjänst bara när ärendet skapar eller ändrar en',
    });
  }
  if (r.serviceEffect !== 'none' && !r.serviceName?.trim()) {
    out.push({ field: 'serviceName', reason: 'name the service it creates or changes', reasonSv: 'ange vilken tjänst ärendet skapar eller ändrar' });
  }
  return out;
}

/**
 * what delivering a request opens: a draft application agreement when it creates or changes a
 * service, and for a new service a draft price-list article in next year's list for the pricing group.
 */
export function deliveryEffects(r: { serviceEffect: ServiceEffect }, deliveredOn: string): { draftAgreement: boolean; priceListYear: number | null } {
  if (r.serviceEffect === 'none') return { draftAgreement: false, priceListYear: null };
  return { draftAgreement: true, priceListYear: r.serviceEffect === 'new_service' ? Number(deliveredOn.slice(0, 4)) + 1 : null };
}

/** The states whose large requests stand in the steering group's prioritised backlog. */
export const BACKLOG_STATES: ReadonlySet<RequestState> = new Set(['prioritised', 'awaiting_boards', 'boards_approved', 'in_progress']);

/**
 * The steering group's new order: it must hold every request of the backlog exactly once. Answers the
 * problems, or none.
 */
export function backlogOrderProblems(backlogIds: readonly string[], proposed: readonly string[]): { reason: string; reasonSv: string }[] {
  const set = new Set(proposed);
  if (set.size !== proposed.length) return [{ reason: 'a request occurs twice', reasonSv: 'ett ärende finns två gånger i ordningen' }];
  const missing = backlogIds.filter((id) => !set.has(id));
  const unknown = proposed.filter((id) => !backlogIds.includes(id));
  if (missing.length || unknown.length) {
    return [
      {
        reason: 'the order must hold exactly the requests of the backlog; reload and try again',
        reasonSv: 'ordningen ska innehålla precis ärendena i prioriteringslistan; ladda om och försök igen',
      },
    ];
  }
  return [];
}

/** Moves one request in an order to a new position (keyboard "move up/down" and drag end both use it). */
export function moveInOrder(order: readonly string[], id: string, toIndex: number): string[] {
  const from = order.indexOf(id);
  if (from < 0) return [...order];
  const rest = order.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, toIndex));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** Yearly request numbers: UT-2026-007. */
export function requestNumber(year: number, sequence: number): string {
  return `UT-${year}-${String(sequence).padStart(3, '0')}`;
}

/** Who looks at a request, as visibility needs it. */
export interface Viewer {
  userId: string;
  scope: Scope;
  /** IT staff and finance read every request within their municipalities (R-8.1 governance). */
  readsAll: boolean;
  /** The units the viewer manages (a unit sees the requests it raised). */
  managedUnitIds: ReadonlySet<string>;
}

/**
 * Issue 20: a request is seen within the municipal boundary — the other municipality's requests only
 * when they concern both — by IT staff and finance, and otherwise by whoever raised it and the managers
 * of the unit that raised it.
 */
export function canSeeRequest(v: Viewer, r: { municipalityId: string | null; raisedByUserId: string; raisedByUnitId: string | null }): boolean {
  if (r.municipalityId !== null && !canSeeMunicipality(v.scope, r.municipalityId)) return false;
  if (v.readsAll) return true;
  return r.raisedByUserId === v.userId || (r.raisedByUnitId !== null && v.managedUnitIds.has(r.raisedByUnitId));
}
