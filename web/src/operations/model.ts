/**
 * Operations' client model (issue 19, R-9): the answer shapes of /api/v1/it-functions, /outages,
 * /availability and /operations-messages from the server's contract (decision 0010, re-exported by
 * types.ts), the vocabulary of its rules as types, the queries the pages share, and how its numbers
 * are worded: availability as a share with two decimals ("99,45 %"), hours and durations. No rule of
 * the server is derived here: what counts, what meets the target and who may act come in the answers.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MessageKind, OutageKind } from '../../../src/operations/rules.ts';
import { api, qs } from '../api.ts';
import { monthName, stockholmNow } from '../format.ts';
import type { Translate } from '../texts.ts';
import type {
  AvailabilityPeriod,
  AvailabilityReport,
  ItFunctionList,
  Locale,
  OperationsMessage,
  OperationsMessageList,
  OperationsPermission,
  Outage,
  OutageList,
} from '../types.ts';

export type { MessageKind, OutageKind };

/** The kinds in the order a form offers them (a Record, so a new kind fails to compile until it is placed). */
const KIND_ORDER: Record<OutageKind, number> = { unplanned: 1, planned_window: 2, planned_other: 3 };
export const OUTAGE_KINDS = (Object.keys(KIND_ORDER) as OutageKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
export const isOutageKind = (s: string): s is OutageKind => s in KIND_ORDER;

const MESSAGE_KIND_ORDER: Record<MessageKind, number> = { disruption: 1, planned: 2 };
export const MESSAGE_KINDS = (Object.keys(MESSAGE_KIND_ORDER) as MessageKind[]).sort((a, b) => MESSAGE_KIND_ORDER[a] - MESSAGE_KIND_ORDER[b]);
export const isMessageKind = (s: string): s is MessageKind => s in MESSAGE_KIND_ORDER;

/** What a message shows as its state: the server's state, or withdrawn. */
export type MessageShownState = OperationsMessage['state'] | 'withdrawn';
export const messageShownState = (m: { state: OperationsMessage['state']; withdrawn: boolean }): MessageShownState => (m.withdrawn ? 'withdrawn' : m.state);

export const operationsKeys = {
  all: ['operations'] as const,
  outages: (year: number, municipalityId: string | undefined) => ['operations', 'outages', year, municipalityId ?? ''] as const,
  outage: (id: string) => ['operations', 'outage', id] as const,
  availability: (year: number, municipalityId: string | undefined) => ['operations', 'availability', year, municipalityId ?? ''] as const,
  messages: ['operations', 'messages'] as const,
  functions: ['operations', 'functions'] as const,
};

/** This year in Stockholm, by the browser's clock (the year the lists and the report open on). */
export const currentYear = (): number => stockholmNow().year;

/** GET /outages: the outages touching a year, newest first, and whether the user may register one. */
export function useOutages(year: number, municipalityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: operationsKeys.outages(year, municipalityId),
    queryFn: ({ signal }) => api.get<OutageList>(`/api/v1/outages${qs({ year, municipalityId })}`, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOutage(id: string) {
  return useQuery({ queryKey: operationsKeys.outage(id), queryFn: ({ signal }) => api.get<Outage>(`/api/v1/outages/${id}`, signal) });
}

/** GET /availability: the year's report with its tertials, the incident count and the target's arithmetic. */
export function useAvailability(year: number, municipalityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: operationsKeys.availability(year, municipalityId),
    queryFn: ({ signal }) => api.get<AvailabilityReport>(`/api/v1/availability${qs({ year, municipalityId })}`, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOperationsMessages(enabled = true) {
  return useQuery({
    queryKey: operationsKeys.messages,
    queryFn: ({ signal }) => api.get<OperationsMessageList>('/api/v1/operations-messages', signal),
    enabled,
  });
}

export function useItFunctions(enabled = true) {
  return useQuery({
    queryKey: operationsKeys.functions,
    queryFn: ({ signal }) => api.get<ItFunctionList>('/api/v1/it-functions', signal),
    staleTime: 60_000,
    enabled,
  });
}

/** The public operations page of a municipality, its Atom feed and its variant for an intranet's iframe (no sign-in). */
export const publicPageHref = (code: string) => `/drift/${encodeURIComponent(code)}`;
export const publicEmbedHref = (code: string) => `/drift/${encodeURIComponent(code)}/inbaddad`;
export const publicAtomHref = (code: string) => `/api/v1/public/operations/${encodeURIComponent(code)}/atom`;

// ---------------------------------------------------------------- how the numbers read

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'sv-SE');

/**
 * Availability (a share, 0–1) with two decimals: "99,45 %". Cut, not rounded, so a share just under
 * the target never reads as the target itself (0,99098 is "99,09 %", not "99,10 %").
 */
export function formatAvailability(share: number, locale: string = 'sv'): string {
  const cut = Math.floor(share * 10_000 + 1e-9) / 10_000;
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cut);
}

/** The target as the mission states it: "99,1 %" (up to two decimals, none added). */
export function formatTarget(share: number, locale: string = 'sv'): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 2 }).format(share);
}

/** Hours with at most one decimal: "8 784", "79,1". */
export function formatHours(hours: number, locale: string = 'sv'): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(hours);
}

/** Whole minutes as hours and minutes: "3 tim 30 min", "45 min". */
export function formatMinutes(minutes: number, t: Translate, locale: string = 'sv'): string {
  const m = Math.max(0, Math.round(minutes));
  const hours = Math.floor(m / 60);
  if (hours === 0) return t('operations.availability.minutesOnly', { minutes: m });
  return t('operations.availability.hoursMinutes', { hours: new Intl.NumberFormat(intlLocale(locale)).format(hours), minutes: m % 60 });
}

/** A period of the report for people: "Hela året 2026", "Tertial 1: januari–april". */
export function periodLabel(p: Pick<AvailabilityPeriod, 'code' | 'from' | 'to'>, year: number, t: Translate, locale: string = 'sv'): string {
  if (p.code === null) return t('operations.availability.wholeYear', { year });
  const from = monthName(Number(p.from.slice(5, 7)), locale);
  const to = monthName(Number(p.to.slice(5, 7)), locale);
  const n = /^T(\d+)$/.exec(p.code)?.[1];
  return n ? t('operations.availability.tertial', { n, from, to }) : t('operations.availability.months', { from, to });
}

/** Why the server refuses an action, in the UI language. */
export function whyNot(p: OperationsPermission, locale: Locale): string | null {
  return locale === 'sv' ? (p.reasonSv ?? p.reason) : (p.reason ?? p.reasonSv);
}
