/**
 * The follow-up's client model (issue 21, R-10): the answer shapes of /api/v1/followup from the
 * server's contract (decision 0010), the queries the pages share, the figures worded in the UI
 * language and each figure's link turned into a page address. Every figure, target and verdict is
 * the server's; nothing is computed here but the wording.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Chart,
  Figure,
  FigureLink,
  FollowUpAnswer,
  FollowUpReport,
  MarkSent,
  ReportPeriod,
  Section,
  Snapshot,
  SnapshotSummary,
  Table,
} from '../../../src/followup/contract.ts';
import type { FigureUnit } from '../../../src/followup/rules.ts';
import { api, qs } from '../api.ts';
import { formatInteger, formatPercent, formatSek } from '../format.ts';
import type { Translate } from '../texts.ts';

export type { Chart, Figure, FigureLink, FollowUpAnswer, FollowUpReport, MarkSent, ReportPeriod, Section, Snapshot, SnapshotSummary, Table, FigureUnit };

/** The page's query: a year, a period code ("T2") or the whole year, and a municipality code or both. */
export interface FollowUpQuery {
  year: number;
  period: string;
  municipality: string | undefined;
}

/** The page's address: year, period code and municipality code (the router validates it). */
export interface FollowUpSearch {
  ar?: number;
  period?: string;
  kommun?: string;
}

export function validateFollowUpSearch(search: Record<string, unknown>): FollowUpSearch {
  const out: FollowUpSearch = {};
  const year = Number(search.ar);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) out.ar = year;
  if (typeof search.period === 'string' && /^(year|[A-Za-z0-9-]{1,10})$/.test(search.period)) out.period = search.period;
  if (typeof search.kommun === 'string' && /^[a-z0-9-]{1,40}$/.test(search.kommun)) out.kommun = search.kommun;
  return out;
}

/** What the address asks for: the server chooses the period (the latest over) when it names none. */
export type FollowUpAsk = { [K in keyof FollowUpQuery]: FollowUpQuery[K] | undefined };

export const followUpKeys = {
  all: ['followup'] as const,
  report: (q: FollowUpAsk) => ['followup', 'report', q.year ?? 0, q.period ?? '', q.municipality ?? ''] as const,
  snapshot: (id: string) => ['followup', 'snapshot', id] as const,
};

const params = (q: FollowUpAsk) => qs({ year: q.year, period: q.period, municipality: q.municipality });

/** GET /followup: the report measured now, the choices and the sendings of it. */
export function useFollowUp(q: FollowUpAsk) {
  return useQuery({
    queryKey: followUpKeys.report(q),
    queryFn: ({ signal }) => api.get<FollowUpAnswer>(`/api/v1/followup${params(q)}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSnapshot(id: string) {
  return useQuery({
    queryKey: followUpKeys.snapshot(id),
    queryFn: ({ signal }) => api.get<Snapshot>(`/api/v1/followup/snapshots/${id}`, signal),
  });
}

/** Where the exports of the report download from. */
export const exportUrl = (q: FollowUpQuery, format: 'pdf' | 'xlsx') => `/api/v1/followup/report.${format}${params(q)}`;

/** A figure's value in the UI language, by its unit ("–" when there is nothing to measure). */
export function formatValue(value: number | string | null, unit: FigureUnit | null, locale: string, t: Translate): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'share':
      return formatPercent(value, locale);
    case 'ore':
      return formatSek(value, locale);
    case 'minutes':
      return t('followup.units.minutes', { h: formatInteger(Math.floor(value / 60), locale), m: value % 60 });
    case 'score':
      return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'count':
    case null:
      return formatInteger(value, locale);
  }
}

/** A page address the router takes: a path, its parameters and search. */
export type LinkTarget =
  | { to: '/arenden'; search: Record<string, string> }
  | { to: '/arende/$id'; params: { id: string } }
  | { to: '/drift-och-tillganglighet'; search: { flik: 'avbrott' | 'tillganglighet'; ar?: number; kommun?: string } }
  | { to: '/fakturering'; search: { kommun?: string } }
  | { to: '/fakturering/$id'; params: { id: string } }
  | { to: '/bestallningar'; search: { visa: 'all'; status: 'delivered' } }
  | { to: '/inventarier'; search: { kommun?: string; status: 'active' } }
  | { to: '/inventarier/fornyelse'; search: { kommun?: string } }
  | { to: '/platser'; search: { flik?: 'brister'; kommun?: string } }
  | { to: '/platser/$id'; params: { id: string } };

const opt = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {});

/** The list behind a figure, as the page that shows it reads its address. */
export function linkTarget(link: FigureLink): LinkTarget | null {
  const p = link.params;
  switch (link.kind) {
    case 'tickets':
      return { to: '/arenden', search: p };
    case 'ticket':
      return link.id ? { to: '/arende/$id', params: { id: link.id } } : null;
    case 'outages':
    case 'availability':
      return {
        to: '/drift-och-tillganglighet',
        search: { flik: link.kind === 'outages' ? 'avbrott' : 'tillganglighet', ...(p.year ? { ar: Number(p.year) } : {}), ...opt('kommun', p.municipality) },
      };
    case 'billing_runs':
      return { to: '/fakturering', search: opt('kommun', p.municipality) };
    case 'billing_run':
      return link.id ? { to: '/fakturering/$id', params: { id: link.id } } : null;
    case 'orders':
      return { to: '/bestallningar', search: { visa: 'all', status: 'delivered' } };
    case 'assets':
      return { to: '/inventarier', search: { ...opt('kommun', p.municipality), status: 'active' } };
    case 'renewals':
      return { to: '/inventarier/fornyelse', search: opt('kommun', p.municipality) };
    case 'sites':
      return { to: '/platser', search: { ...(p.shortfalls === 'only' ? { flik: 'brister' as const } : {}), ...opt('kommun', p.municipality) } };
    case 'site':
      return link.id ? { to: '/platser/$id', params: { id: link.id } } : null;
  }
}
