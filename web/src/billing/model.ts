/**
 * Billing's client model (issue 8, R-6): the answer shapes of /api/v1/billing from the server's contract
 * (decision 0010) and its vocabulary — run statuses, actions, charge sources and groups, quantity units,
 * change kinds — from the server's rules, all as types (no server code in the bundle), the queries the
 * pages share, the addresses of the exports and who sees what. Money is integer öre until it is shown
 * (format.ts formatSek).
 */
import { useQuery } from '@tanstack/react-query';
import type { BillingRun, BillingRunList, BillingRunPermission as ActionPermission, RunWithUnits, UnitBasis } from '../../../src/billing/contract.ts';
import type { ChangeKind, ChargeGroup, ChargeSource, LineKind, QuantityUnit, RunAction, RunStatus } from '../../../src/billing/rules.ts';
import { api, qs } from '../api.ts';
import type { SessionUser } from '../types.ts';

export type { ChangeKind, ChargeGroup, ChargeSource, LineKind, QuantityUnit, RunAction, RunStatus };

/** the statuses in the order a run passes them (a Record, so a new status fails to compile). */
const STATUS_ORDER: Record<RunStatus, number> = { draft: 1, reviewed: 2, approved: 3 };
export const RUN_STATUSES = (Object.keys(STATUS_ORDER) as RunStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);
export const isRunStatus = (s: string): s is RunStatus => s in STATUS_ORDER;

/**
 * Billing's answers, as the server's contract defines them (decision 0010): a run (BillingRun), a
 * run with its units (GET /api/v1/billing/runs/{id}), a unit's invoice basis with its lines and the
 * changes since the previous run (GET …/units/{unitId}).
 */
export type {
  BasisChange,
  BillingLine as BasisLine,
  BillingRun,
  BillingRunActions as RunPolicy,
  BillingRunList,
  BillingRunPermission as ActionPermission,
  BillingWarning as ChargeWarning,
  RunUnit,
  RunWithUnits,
  UnitBasis,
} from '../../../src/billing/contract.ts';
/** What a run covers (months, the central-cost year, internal or invoiced). */
export type RunScope = BillingRun['scope'];

export const billingKeys = {
  all: ['billing'] as const,
  runs: (municipality: string) => ['billing', 'runs', municipality] as const,
  run: (id: string) => ['billing', 'run', id] as const,
  basis: (id: string, unitId: string) => ['billing', 'basis', id, unitId] as const,
};

/** Runs, newest month first: finance every run of the municipality (or of the one chosen), a unit manager approved runs only. */
export function useRuns(municipality: string | undefined) {
  return useQuery({
    queryKey: billingKeys.runs(municipality ?? ''),
    queryFn: ({ signal }) => api.get<BillingRunList>(`/api/v1/billing/runs${qs({ municipality })}`, signal),
  });
}

export function useRun(id: string) {
  return useQuery({ queryKey: billingKeys.run(id), queryFn: ({ signal }) => api.get<RunWithUnits>(`/api/v1/billing/runs/${id}`, signal) });
}

export function useUnitBasis(id: string, unitId: string) {
  return useQuery({
    queryKey: billingKeys.basis(id, unitId),
    queryFn: ({ signal }) => api.get<UnitBasis>(`/api/v1/billing/runs/${id}/units/${unitId}`, signal),
  });
}

/** The order the run page shows the steps in (discarding, red and confirmed, comes apart). */
const ACTION_ORDER: Record<RunAction, number> = { review: 1, approve: 2, reopen: 3, recompute: 4, discard: 5 };

/**
 * issue 16: the steps the run page shows, from the server's answer alone: the ones the run's
 * status offers, each allowed or not with the server's reason (the reviewer sees "Godkänn" disabled,
 * saying someone else approves; an administrator outside finance, that finance approves).
 */
export function shownActions(run: Pick<BillingRun, 'actions'>): (ActionPermission & { action: RunAction })[] {
  return (Object.keys(ACTION_ORDER) as RunAction[])
    .sort((a, b) => ACTION_ORDER[a] - ACTION_ORDER[b])
    .filter((a) => run.actions[a].offered)
    .map((a) => ({ action: a, ...run.actions[a] }));
}

/** The run's files; SIE 4I books approved runs only. */
export function exportLinks(run: Pick<BillingRun, 'id' | 'status'>): { kind: 'csv' | 'xlsx' | 'sie'; href: string }[] {
  const base = `/api/v1/billing/runs/${run.id}`;
  return [
    { kind: 'csv' as const, href: `${base}/export.csv` },
    { kind: 'xlsx' as const, href: `${base}/export.xlsx` },
    ...(run.status === 'approved' ? [{ kind: 'sie' as const, href: `${base}/export.se` }] : []),
  ];
}

/** one unit's invoice basis as a PDF. */
export const basisPdfHref = (runId: string, unitId: string) => `/api/v1/billing/runs/${runId}/units/${unitId}/basis.pdf`;

type Can = Pick<SessionUser, 'can'>;

/** who computes, reviews and approves runs (the server's policy, sent with the session). */
export const runsBilling = (user: Can): boolean => user.can.runsBilling;

/** who reads invoice bases (the server's policy). */
export const readsBilling = (user: Can): boolean => user.can.readsBilling;
