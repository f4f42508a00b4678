/**
 * The service desk's client model (issue 4): answer shapes from the server's contract, the
 * rules the buttons follow (imported, so they cannot drift), the list's SLA reading and the queries.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { SupportLevel } from '../../../src/catalogue/rules.ts';
import type { Agent, DeskOption as Desk, QueuePage as TicketPage, SlaState, Ticket } from '../../../src/tickets/contract.ts';
import type { TicketStatus } from '../../../src/tickets/rules.ts';
import { api, qs } from '../api.ts';
import type { Translate } from '../texts.ts';
import type { Page } from '../types.ts';

export { PRIORITIES, TICKET_STATUSES } from '../../../src/tickets/rules.ts';
export { SUPPORT_LEVELS } from '../../../src/catalogue/rules.ts';
export type { Priority, TicketStatus } from '../../../src/tickets/rules.ts';
export type { SupportLevel, TaskKind } from '../../../src/catalogue/rules.ts';

/** The service desk's answers, as the server's contract defines them (decision 0010). */
export type {
  Agent,
  DeskCategoryOption as Category,
  DeskOption as Desk,
  QueuePage as TicketPage,
  QueueRow as TicketSummary,
  SlaState,
  Ticket,
  TicketMessage,
} from '../../../src/tickets/contract.ts';

export const ticketKey = (id: string) => ['ticket', id] as const;

export function useDesks() {
  return useQuery({ queryKey: ['desks'], queryFn: ({ signal }) => api.get<Page<Desk>>('/api/v1/desks', signal), staleTime: 5 * 60_000 });
}

/**
 * Agents of a desk for assignment. The endpoint is newer than the queue; when it is missing or
 * refused the UI falls back to "assign to me" and "remove assignment".
 */
export function useAgents(deskId: string | undefined) {
  return useQuery({
    queryKey: ['desk-agents', deskId],
    queryFn: ({ signal }) => api.get<Page<Agent>>(`/api/v1/desks/${deskId ?? ''}/agents`, signal),
    enabled: deskId !== undefined,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useTicket(id: string) {
  return useQuery({ queryKey: ticketKey(id), queryFn: ({ signal }) => api.get<Ticket>(`/api/v1/tickets/${id}`, signal) });
}

export type QueueParams = Record<string, string | number | undefined>;

/** One keyset-paginated list ("Visa fler" loads the next page). */
export function useTicketList(params: QueueParams, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: ['tickets', params],
    queryFn: ({ signal, pageParam }) => api.get<TicketPage>(`/api/v1/tickets${qs({ ...params, cursor: pageParam ?? undefined })}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting'];
export const isDone = (status: TicketStatus) => status === 'solved' || status === 'closed';

/** Mantine colour per SLA state; the text always says the same (status not by colour alone). */
export const SLA_COLOR: Record<SlaState, string> = {
  none: 'gray',
  ok: 'green',
  at_risk: 'orange',
  breached: 'red',
  paused: 'blue',
  met: 'teal',
  missed: 'red',
};

export const STATUS_COLOR: Record<TicketStatus, string> = { new: 'blue', open: 'cyan', waiting: 'yellow', solved: 'teal', closed: 'gray' };

/** "2 h 10 min" / "3 d 4 h" (days for long spans). */
export function formatDuration(minutes: number, t: Translate): string {
  const m = Math.abs(Math.trunc(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  if (days > 0) return t('tickets.durationDays', { days, hours });
  if (hours > 0) return t('tickets.durationHours', { hours, minutes: mins });
  return t('tickets.durationMinutes', { minutes: mins });
}

/** The server's time left (issue 16): whole working days, then opening hours and minutes. */
export type TimeLeft = NonNullable<Ticket['sla']['left']>;

/**
 * "2 arbetsdagar och 3 tim", "1 arbetsdag, 2 tim och 10 min", "45 min": the server's count of
 * working days and opening time (sla.left), worded as people say it. No rule is derived here.
 */
export function formatWorkingTime(left: TimeLeft, t: Translate): string {
  const parts = [
    left.workingDays > 0 ? t('ticketsMore.workingDays', { count: left.workingDays }) : null,
    left.hours > 0 ? t('ticketsMore.hours', { count: left.hours }) : null,
    left.minutes > 0 ? t('ticketsMore.minutes', { count: left.minutes }) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return t('ticketsMore.underAMinute');
  if (parts.length === 1) return parts[0] as string;
  return `${parts.slice(0, -1).join(', ')} ${t('ticketsMore.and')} ${parts[parts.length - 1] as string}`;
}

/** the billing rule of on-call time in words ("påbörjad halvtimme, minst 30 min"), from the server's rule. */
export function onCallRuleText(rule: Ticket['onCallRule'], t: Translate): string {
  const n = rule.roundingIncrementMinutes;
  const rounding =
    rule.rounding === 'none'
      ? t('ticketsMore.rule.none')
      : rule.rounding === 'nearest'
        ? t('ticketsMore.rule.nearest', { n })
        : n === 30
          ? t('ticketsMore.rule.halfHour')
          : n === 60
            ? t('ticketsMore.rule.hour')
            : t('ticketsMore.rule.perStarted', { n });
  return rule.minimumBilledMinutes > 0 ? `${rounding}, ${t('ticketsMore.rule.minimum', { min: rule.minimumBilledMinutes })}` : rounding;
}

export const SUPPORT_LEVEL_KEYS: readonly SupportLevel[] = ['managed', 'managed_without_support', 'one_to_one'];
