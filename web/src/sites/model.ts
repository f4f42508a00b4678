/**
 * Sites' client model (issue 22): the answer shapes of /api/v1/sites and the laptop pool
 * (/api/v1/laptop-pool, /laptop-bookings) from the server's contract (decision 0010), the vocabulary of
 * its rules as types (no server code in the bundle), the queries the pages share and how hours and
 * dates are read and written. No rule of the server is derived here: what a site falls short of, what a
 * booking may do next and who may do it come in each answer (`shortfalls`, `actions`).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  Booking,
  BookingInput,
  BookingStep,
  EquipmentInput,
  MeetingInput,
  Pool,
  PoolLaptop,
  RackInput,
  Site,
  SiteInput,
  SiteList,
  SitePatch,
  SiteSummary,
  SystemInput,
  SystemView,
} from '../../../src/sites/contract.ts';
import type { ApprovalBasis, BookingStatus, ConnectionKind, Payer, RackKind, SiteKind, SiteSystem } from '../../../src/sites/rules.ts';
import { api, qs } from '../api.ts';
import { stockholmNow } from '../format.ts';
import type { Locale } from '../types.ts';

export type { Booking, BookingInput, BookingStep, EquipmentInput, MeetingInput, Pool, PoolLaptop, RackInput, Site, SiteInput, SiteList, SitePatch };
export type { SiteSummary, SystemInput, SystemView };
export type { ApprovalBasis, BookingStatus, ConnectionKind, Payer, RackKind, SiteKind, SiteSystem };

/** What the server answers for one action: allowed, or refused with its reason in both languages. */
export type SitesPermission = Site['actions']['edit'];

/** The kinds of site in the order a form offers them (a Record, so a new kind fails to compile until it is placed). */
const KIND_ORDER: Record<SiteKind, number> = { address: 1, command_post: 2, node: 3, operation_site: 4 };
export const SITE_KINDS = (Object.keys(KIND_ORDER) as SiteKind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
export const isSiteKind = (s: string): s is SiteKind => s in KIND_ORDER;

const CONNECTION_ORDER: Record<ConnectionKind, number> = { fibre: 1, other: 2, none: 3 };
export const CONNECTION_KINDS = (Object.keys(CONNECTION_ORDER) as ConnectionKind[]).sort((a, b) => CONNECTION_ORDER[a] - CONNECTION_ORDER[b]);
export const isConnectionKind = (s: string): s is ConnectionKind => s in CONNECTION_ORDER;

const PAYER_ORDER: Record<Payer, number> = { municipality: 1, property_owner: 2, it: 3, unit: 4, unknown: 5 };
export const PAYERS = (Object.keys(PAYER_ORDER) as Payer[]).sort((a, b) => PAYER_ORDER[a] - PAYER_ORDER[b]);
export const isPayer = (s: string): s is Payer => s in PAYER_ORDER;

const RACK_ORDER: Record<RackKind, number> = { cabinet: 1, rack: 2 };
export const RACK_KINDS = (Object.keys(RACK_ORDER) as RackKind[]).sort((a, b) => RACK_ORDER[a] - RACK_ORDER[b]);
export const isRackKind = (s: string): s is RackKind => s in RACK_ORDER;

const BASIS_ORDER: Record<ApprovalBasis, number> = { msb: 1, practice: 2 };
export const APPROVAL_BASES = (Object.keys(BASIS_ORDER) as ApprovalBasis[]).sort((a, b) => BASIS_ORDER[a] - BASIS_ORDER[b]);
export const isApprovalBasis = (s: string): s is ApprovalBasis => s in BASIS_ORDER;

/** The bookings the pool page lists: current (booked, out, or ended today), overdue, or every one. */
export type PoolView = 'current' | 'overdue' | 'all';

export const sitesKeys = {
  all: ['sites'] as const,
  list: (municipalityId: string | undefined, kind: SiteKind | undefined, shortfallsOnly: boolean) =>
    ['sites', 'list', municipalityId ?? '', kind ?? '', shortfallsOnly] as const,
  site: (id: string) => ['sites', 'site', id] as const,
  pool: ['laptop-pool'] as const,
  poolView: (municipalityId: string | undefined, view: PoolView) => ['laptop-pool', municipalityId ?? '', view] as const,
};

/** GET /sites: the sites the user sees (or only those falling short today), and whether they may register one. */
export function useSites(municipalityId: string | undefined, kind: SiteKind | undefined, shortfallsOnly: boolean) {
  return useQuery({
    queryKey: sitesKeys.list(municipalityId, kind, shortfallsOnly),
    queryFn: ({ signal }) => api.get<SiteList>(`/api/v1/sites${qs({ municipalityId, kind, shortfalls: shortfallsOnly ? 'only' : undefined })}`, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSite(id: string) {
  return useQuery({ queryKey: sitesKeys.site(id), queryFn: ({ signal }) => api.get<Site>(`/api/v1/sites/${id}`, signal) });
}

/** GET /laptop-pool: the pool's laptops, the bookings of a view, the units one may book for and what one may do. */
export function usePool(municipalityId: string | undefined, view: PoolView) {
  return useQuery({
    queryKey: sitesKeys.poolView(municipalityId, view),
    queryFn: ({ signal }) => api.get<Pool>(`/api/v1/laptop-pool${qs({ municipalityId, view })}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** The shortfall list as a workbook: a plain download of the server's file, for the same choice of sites. */
export const shortfallsXlsxHref = (municipalityId: string | undefined, kind: SiteKind | undefined): string =>
  `/api/v1/sites/shortfalls.xlsx${qs({ municipalityId, kind })}`;

/** Today in Stockholm by the browser's clock (yyyy-mm-dd): the date an approval defaults to. */
export const stockholmToday = (): string => stockholmNow().local.slice(0, 10);

/** A calendar date `days` later (or earlier): "2027-01-14" + 6 → "2027-01-20". */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined || [y, m, d].some(Number.isNaN)) return isoDate;
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Why the server refuses an action, in the UI language. */
export function whyNot(p: SitesPermission, locale: Locale): string | null {
  return locale === 'sv' ? (p.reasonSv ?? p.reason) : (p.reason ?? p.reasonSv);
}

/** A server text starting a sentence or a cell ("knutpunkt" → "Knutpunkt"). */
export const capitalised = (s: string): string => (s ? s.charAt(0).toLocaleUpperCase('sv') + s.slice(1) : s);

/** A server's reason as a sentence of its own: "bara IT registrerar platser" → "Bara IT registrerar platser.". */
export const asSentence = (s: string): string => capitalised(s.trim()).replace(/([^.!?])$/, '$1.');

/** A name inside a sentence ("Reservkraft (UPS)" → "reservkraft (UPS)"): only its first letter lowered. */
export const inSentence = (s: string): string => (s ? s.charAt(0).toLocaleLowerCase('sv') + s.slice(1) : s);

/**
 * Hours as people type them ("4", "4,5", "4.5") as a number, or null when they are not a number of
 * hours with at most two decimals.
 */
export function parseHours(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(`${m[1]}.${m[2] ?? '0'}`);
}

/** Hours as the field starts with them: 4.5 → "4,5" (the UI's decimal comma). */
export const hoursInput = (hours: number | null, locale: Locale = 'sv'): string =>
  hours === null ? '' : locale === 'sv' ? String(hours).replace('.', ',') : String(hours);

/** Hours for people to read, the number only: "4,5", "2". */
export function formatHoursNumber(hours: number, locale: Locale = 'sv'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2 }).format(hours);
}
