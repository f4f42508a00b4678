/**
 * Governance's client model (issue 20, R-8): the answer shapes of /api/v1/development-requests from
 * the server's contract (decision 0010), the vocabulary of its rules, the queries the pages share and
 * the few helpers they word things with. No rule of the server is derived here: what a request may
 * do next, and who may do it, comes in each answer (`actions`).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Backlog, DevelopmentRequest, RequestInput, RequestList, RequestStep, RequestSummary, StepInput } from '../../../src/governance/contract.ts';
import {
  BOARD_OUTCOMES,
  MINUTES_REQUIRED,
  REQUEST_KINDS,
  REQUEST_SIZES,
  REQUEST_STATES,
  SERVICE_EFFECTS,
  moveInOrder,
  type BoardOutcome,
  type DecisionBody,
  type RequestAction,
  type RequestKind,
  type RequestSize,
  type RequestState,
  type ServiceEffect,
} from '../../../src/governance/rules.ts';
import { api, qs } from '../api.ts';
import { stockholmNow } from '../format.ts';
import type { Locale } from '../types.ts';

export type { Backlog, DevelopmentRequest, RequestInput, RequestList, RequestStep, RequestSummary, StepInput };
export type { BoardOutcome, DecisionBody, RequestAction, RequestKind, RequestSize, RequestState, ServiceEffect };
export { BOARD_OUTCOMES, MINUTES_REQUIRED, REQUEST_KINDS, REQUEST_SIZES, REQUEST_STATES, SERVICE_EFFECTS, moveInOrder };

/** What the server answers for one action: allowed, or refused with its reason in both languages. */
export type GovernancePermission = DevelopmentRequest['actions']['edit'];

export type RequestView = 'all' | 'mine';

export const isRequestState = (s: string): s is RequestState => (REQUEST_STATES as readonly string[]).includes(s);

export const governanceKeys = {
  all: ['governance'] as const,
  list: (view: RequestView, state: RequestState | undefined) => ['governance', 'list', view, state ?? ''] as const,
  backlog: ['governance', 'backlog'] as const,
  request: (id: string) => ['governance', 'request', id] as const,
};

/** GET /development-requests: the requests the user may see (or raised: `mine`), and whether they may raise one. */
export function useRequests(view: RequestView, state: RequestState | undefined) {
  return useQuery({
    queryKey: governanceKeys.list(view, state),
    queryFn: ({ signal }) => api.get<RequestList>(`/api/v1/development-requests${qs({ view, state })}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** GET /development-requests/backlog: the steering group's prioritised large requests, by rank. */
export function useBacklog() {
  return useQuery({
    queryKey: governanceKeys.backlog,
    queryFn: ({ signal }) => api.get<Backlog>('/api/v1/development-requests/backlog', signal),
  });
}

export function useRequest(id: string) {
  return useQuery({
    queryKey: governanceKeys.request(id),
    queryFn: ({ signal }) => api.get<DevelopmentRequest>(`/api/v1/development-requests/${id}`, signal),
  });
}

/** Today in Stockholm by the browser's clock (yyyy-mm-dd): the date a decision defaults to. */
export const stockholmToday = (): string => stockholmNow().local.slice(0, 10);

/** Why the server refuses an action, in the UI language. */
export function whyNot(p: GovernancePermission, locale: Locale): string | null {
  return locale === 'sv' ? (p.reasonSv ?? p.reason) : (p.reason ?? p.reasonSv);
}

/** The states a request ends in: no step follows (as the server's permissions then say). */
export const FINISHED: ReadonlySet<RequestState> = new Set(['delivered', 'closed', 'rejected']);

/**
 * The steps the request page offers in each state, in the order they are taken. Which of them the user
 * may record is the server's answer (`actions.steps`); this only chooses which buttons to place, so a
 * refused step shows with its reason where it is the next thing to happen. A step the server allows is
 * shown even if it is not listed here.
 */
export function stepsShown(r: Pick<DevelopmentRequest, 'state' | 'kind' | 'size'>): RequestAction[] {
  const inProgress: RequestAction[] = r.kind === 'pilot' ? ['evaluate', 'close', 'reject'] : ['deliver', 'reject'];
  switch (r.state) {
    case 'registered':
      return ['prepare', 'reject'];
    case 'prepared':
      return [r.size === 'small' ? 'decide' : 'prioritise', 'reject'];
    case 'decided':
    case 'prioritised':
    case 'boards_approved':
      return ['start', 'reject'];
    case 'awaiting_boards':
      return ['record_board_decision', 'start', 'reject'];
    case 'in_progress':
      return inProgress;
    case 'delivered':
    case 'closed':
    case 'rejected':
      return [];
  }
}
