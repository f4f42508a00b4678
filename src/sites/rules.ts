import { Temporal } from 'temporal-polyfill';
import { formatDays, formatHours } from '../mission/labels.ts';

/**
 * Sites, network and premises (R-12) and the short-term laptop pool (R-5.9): pure rules. Dates are ISO
 * local dates (Europe/Stockholm); every number of the yearly mission comes in as an argument, read from
 * the mission in force on the day in question.
 *
 * Design (issue 22, part 1):
 * - What a site must have follows from its kind alone (`siteRequirement`, R-12.3): ordinary business
 *   addresses have no local requirement for reserve power; the command posts of crisis management
 *   (Kommunhuset in Tranemo, Stadshuset in Ulricehamn) and the network's nodes need the mission's
 *   reserve hours; operation sites also need diesel that takes over without manual action. Nodes and
 *   operation sites house IT's active equipment, so their cooling and fire protection must exist and be
 *   approved by IT; wherever else the property owner has recorded a cooling design or fire protection,
 *   IT approves it too (the Swedish original: "It ska godkänna utformningen").
 * - An approval counts for the mission's re-approval interval; after that the site falls short until IT
 *   approves again (R-12.4 "keeps the approvals with their dates").
 * - `shortfalls` lists every way a site falls short, each with its reason in Swedish and English, so the
 *   list, its XLSX and the follow-up say the same thing.
 */

export const SITE_KINDS = ['address', 'command_post', 'node', 'operation_site'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SITE_KIND_SV: Record<SiteKind, string> = {
  address: 'verksamhetsadress',
  command_post: 'ledningsplats',
  node: 'knutpunkt',
  operation_site: 'driftplats',
};

/** R-12.1: the fixed network connection of an address. */
export const CONNECTION_KINDS = ['fibre', 'other', 'none'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export const CONNECTION_KIND_SV: Record<ConnectionKind, string> = { fibre: 'fiber', other: 'annan fast anslutning', none: 'ingen fast anslutning' };

/** R-12.1: who paid for the connection, the in-building network or the maintenance. */
export const PAYERS = ['municipality', 'property_owner', 'it', 'unit', 'unknown'] as const;
export type Payer = (typeof PAYERS)[number];
export const PAYER_SV: Record<Payer, string> = {
  municipality: 'kommunen',
  property_owner: 'fastighetsägaren',
  it: 'IT-enheten',
  unit: 'verksamheten',
  unknown: 'okänt',
};

/** R-12.2: what IT's active equipment is mounted in. */
export const RACK_KINDS = ['cabinet', 'rack'] as const;
export type RackKind = (typeof RACK_KINDS)[number];
export const RACK_KIND_SV: Record<RackKind, string> = { cabinet: 'skåp', rack: 'stativ' };

/** R-12.3: what IT's approval rests on: the civil contingencies agency's requirements or current practice. */
export const APPROVAL_BASES = ['msb', 'practice'] as const;
export type ApprovalBasis = (typeof APPROVAL_BASES)[number];
export const APPROVAL_BASIS_SV: Record<ApprovalBasis, string> = { msb: 'MSB:s krav', practice: 'gängse praxis' };

/** What the mission says about sites (R-12.3): reserve hours for nodes and how long an approval counts. */
export interface SitesConfig {
  nodeReserveHours: number;
  reapprovalMonths: number;
}

/** The systems at a site that IT approves (R-12.3). */
export const SITE_SYSTEMS = ['ups', 'diesel', 'cooling', 'fire'] as const;
export type SiteSystem = (typeof SITE_SYSTEMS)[number];

export const SITE_SYSTEM_SV: Record<SiteSystem, string> = {
  ups: 'reservkraft (UPS)',
  diesel: 'dieselreserv',
  cooling: 'kylanläggning',
  fire: 'brandskydd',
};

/** IT's approval of one system: the day it was given; null when not (yet) approved. */
export interface Approval {
  approvedOn: string | null;
}

/** One site's recorded systems; null when the site has none. */
export interface SiteFacts {
  kind: SiteKind;
  ups: (Approval & { autonomyHours: number }) | null;
  diesel: (Approval & { automatic: boolean }) | null;
  cooling: Approval | null;
  fire: Approval | null;
}

/** What a site of a kind must have (R-12.3). */
export interface SiteRequirement {
  /** Hours of reserve power; null: no local requirement. */
  reserveHours: number | null;
  /** Diesel that takes over without manual action. */
  automaticDiesel: boolean;
  /** Cooling and fire protection must exist and be approved (not only approved where recorded). */
  coolingAndFire: boolean;
}

export function siteRequirement(kind: SiteKind, cfg: Pick<SitesConfig, 'nodeReserveHours'>): SiteRequirement {
  switch (kind) {
    case 'address':
      return { reserveHours: null, automaticDiesel: false, coolingAndFire: false };
    case 'command_post':
      return { reserveHours: cfg.nodeReserveHours, automaticDiesel: false, coolingAndFire: false };
    case 'node':
      return { reserveHours: cfg.nodeReserveHours, automaticDiesel: false, coolingAndFire: true };
    case 'operation_site':
      return { reserveHours: cfg.nodeReserveHours, automaticDiesel: true, coolingAndFire: true };
  }
}

/** The mission's numbers for sites in force on a day (R-12.3, R-12.4). */
export function sitesConfig(mission: { sites: SitesConfig }): SitesConfig {
  return { nodeReserveHours: mission.sites.nodeReserveHours, reapprovalMonths: mission.sites.reapprovalMonths };
}

/** What a site of the kind must have, in plain Swedish (shown on the site's page). */
export function requirementText(kind: SiteKind, cfg: Pick<SitesConfig, 'nodeReserveHours'>): string {
  const need = siteRequirement(kind, cfg);
  if (need.reserveHours === null) return 'Inget lokalt krav på reservkraft. Kyla och brandskydd som finns godkänns av IT.';
  const parts = [`reservkraft för minst ${formatHours(need.reserveHours)}`];
  if (need.automaticDiesel) parts.push('dieselreserv som tar över utan manuell betjäning');
  if (need.coolingAndFire) parts.push('kylanläggning och brandskydd godkända av IT');
  const last = parts.pop() ?? '';
  return `Kräver ${parts.length ? `${parts.join(', ')} och ${last}` : last}.`;
}

/** Whether the site's kind requires the system (for the page's "krävs" mark). */
export function requiresSystem(kind: SiteKind, system: SiteSystem, cfg: Pick<SitesConfig, 'nodeReserveHours'>): boolean {
  const need = siteRequirement(kind, cfg);
  if (system === 'ups') return need.reserveHours !== null;
  if (system === 'diesel') return need.automaticDiesel;
  return need.coolingAndFire;
}

export const SHORTFALL_REASONS = ['missing', 'too_short', 'not_automatic', 'not_approved', 'approval_expired'] as const;
export type ShortfallReason = (typeof SHORTFALL_REASONS)[number];

/** One way a site falls short of its requirement (R-12.4). */
export interface Shortfall {
  system: SiteSystem;
  reason: ShortfallReason;
  /** Plain Swedish and English, e.g. "reservkraften räcker 2 timmar av kravets 4". */
  sv: string;
  en: string;
}

/** The last day an approval given on `approvedOn` counts: the day before the same date `months` later. */
export function approvalValidUntil(approvedOn: string, months: number): string {
  return Temporal.PlainDate.from(approvedOn).add({ months }).subtract({ days: 1 }).toString();
}

function approvalShortfall(system: SiteSystem, approval: Approval, today: string, cfg: SitesConfig): Shortfall | null {
  const name = SITE_SYSTEM_SV[system];
  if (approval.approvedOn === null) return { system, reason: 'not_approved', sv: `${name} är inte godkänd av IT`, en: `${system} is not approved by IT` };
  const until = approvalValidUntil(approval.approvedOn, cfg.reapprovalMonths);
  if (Temporal.PlainDate.compare(today, until) > 0) {
    return {
      system,
      reason: 'approval_expired',
      sv: `godkännandet av ${name} från ${approval.approvedOn} gällde till ${until}`,
      en: `the approval of ${system} of ${approval.approvedOn} was valid until ${until}`,
    };
  }
  return null;
}

const missing = (system: SiteSystem): Shortfall => ({
  system,
  reason: 'missing',
  sv: `${SITE_SYSTEM_SV[system]} saknas`,
  en: `${system} is missing`,
});

/**
 * R-12.4: every way a site falls short of its requirement on `today`, in the order of SITE_SYSTEMS; an
 * empty list when it meets it. A system that is there but unapproved or out of date falls short once,
 * with the approval's reason; one that falls short of the requirement itself is named for that first.
 */
export function shortfalls(site: SiteFacts, today: string, cfg: SitesConfig): Shortfall[] {
  const need = siteRequirement(site.kind, cfg);
  const out: Shortfall[] = [];
  const approved = (system: SiteSystem, a: Approval | null) => {
    const s = a ? approvalShortfall(system, a, today, cfg) : null;
    if (s) out.push(s);
  };

  if (need.reserveHours !== null) {
    if (!site.ups) out.push(missing('ups'));
    else if (site.ups.autonomyHours < need.reserveHours) {
      out.push({
        system: 'ups',
        reason: 'too_short',
        sv: `reservkraften räcker ${formatHours(site.ups.autonomyHours)} av kravets ${formatHours(need.reserveHours)}`,
        en: `the reserve lasts ${site.ups.autonomyHours} h of the required ${need.reserveHours} h`,
      });
    } else approved('ups', site.ups);
  } else approved('ups', site.ups);

  if (need.automaticDiesel) {
    if (!site.diesel) out.push(missing('diesel'));
    else if (!site.diesel.automatic) {
      out.push({
        system: 'diesel',
        reason: 'not_automatic',
        sv: 'dieselreserven tar inte över utan manuell betjäning',
        en: 'the diesel backup needs manual action',
      });
    } else approved('diesel', site.diesel);
  } else approved('diesel', site.diesel);

  for (const system of ['cooling', 'fire'] as const) {
    const recorded = site[system];
    if (!recorded) {
      if (need.coolingAndFire) out.push(missing(system));
    } else approved(system, recorded);
  }
  return out;
}

// ---- the short-term laptop pool (R-5.9) ----------------------------------------------------------------

/** A booking's course: booked, handed out, returned; or cancelled before hand-out. */
export const BOOKING_STATUSES = ['booked', 'handed_out', 'returned', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STATUS_SV: Record<BookingStatus, string> = {
  booked: 'bokad',
  handed_out: 'utlämnad',
  returned: 'återlämnad',
  cancelled: 'avbokad',
};

/** A booking of one pool laptop for the local days [from, to], both included. */
export interface BookingPeriod {
  from: string;
  to: string;
}

/** Days of a booking, both ends included. */
export function bookingDays(p: BookingPeriod): number {
  return Temporal.PlainDate.from(p.from).until(Temporal.PlainDate.from(p.to), { largestUnit: 'days' }).days + 1;
}

/** Two bookings of one laptop overlap when they share a day. */
export function overlaps(a: BookingPeriod, b: BookingPeriod): boolean {
  return Temporal.PlainDate.compare(a.from, b.to) <= 0 && Temporal.PlainDate.compare(b.from, a.to) <= 0;
}

export type BookingProblem =
  | { field: 'to'; reason: 'before_start'; sv: string; en: string }
  | { field: 'to'; reason: 'too_short'; sv: string; en: string }
  | { field: 'from'; reason: 'in_the_past'; sv: string; en: string }
  | { field: 'from'; reason: 'taken'; sv: string; en: string };

/**
 * R-5.9: a booking is at least the mission's minimum (`minimumDays`, one week), does not start before
 * today and shares no day with another booking of the same laptop. Returns every problem, or none.
 * IT may record a loan afterwards (`recordedAfterwards`): a laptop handed out before it was booked in
 * the system; then an earlier start is no problem.
 */
export function bookingProblems(
  p: BookingPeriod,
  others: readonly BookingPeriod[],
  today: string,
  minimumDays: number,
  opts: { recordedAfterwards?: boolean } = {},
): BookingProblem[] {
  const out: BookingProblem[] = [];
  if (!opts.recordedAfterwards && Temporal.PlainDate.compare(p.from, today) < 0) {
    out.push({ field: 'from', reason: 'in_the_past', sv: 'lånet kan inte börja före i dag', en: 'a loan cannot start before today' });
  }
  if (Temporal.PlainDate.compare(p.to, p.from) < 0) {
    out.push({ field: 'to', reason: 'before_start', sv: 'slutdagen ligger före startdagen', en: 'the last day is before the first' });
  } else if (bookingDays(p) < minimumDays) {
    out.push({
      field: 'to',
      reason: 'too_short',
      sv: `ett lån gäller minst ${formatDays(minimumDays)}`,
      en: `a loan lasts at least ${minimumDays} days`,
    });
  }
  const clash = others.find((o) => overlaps(p, o));
  if (clash) {
    out.push({
      field: 'from',
      reason: 'taken',
      sv: `datorn är redan bokad ${clash.from}–${clash.to}`,
      en: `the laptop is already booked ${clash.from} to ${clash.to}`,
    });
  }
  return out;
}

/** The overdue loans on `today`: handed out and not returned after their last day. */
export function isOverdue(loan: BookingPeriod & { handedOutAt: string | null; returnedAt: string | null }, today: string): boolean {
  return loan.handedOutAt !== null && loan.returnedAt === null && Temporal.PlainDate.compare(today, loan.to) > 0;
}

/**
 * R-5.9: whether the daily job reminds an overdue loan's borrower on `today`: once, when the loan is
 * overdue and nobody has reminded them yet. IT sends a further reminder from the pool page when needed.
 */
export function reminderDue(
  loan: BookingPeriod & { handedOutAt: string | null; returnedAt: string | null; remindedOn: string | null },
  today: string,
): boolean {
  return isOverdue(loan, today) && loan.remindedOn === null;
}

export interface LoanState extends BookingPeriod {
  status: BookingStatus;
  handedOutOn: string | null;
}

/**
 * R-5.9: a laptop is handed out on a day of its booking (not before the first, not after the last, not
 * in the future), and only while no other loan of it is out.
 */
export function handOutProblems(b: LoanState, date: string, today: string, otherOut: boolean): { field: string; sv: string; en: string }[] {
  const out: { field: string; sv: string; en: string }[] = [];
  if (b.status !== 'booked') out.push({ field: 'body', sv: `bokningen är ${BOOKING_STATUS_SV[b.status]}`, en: `the booking is ${b.status}` });
  if (Temporal.PlainDate.compare(date, today) > 0) out.push({ field: 'date', sv: 'datumet ligger i framtiden', en: 'the date is in the future' });
  else if (Temporal.PlainDate.compare(date, b.from) < 0 || Temporal.PlainDate.compare(date, b.to) > 0) {
    out.push({ field: 'date', sv: `lämna ut datorn under bokningen, ${b.from}–${b.to}`, en: `hand the laptop out during the booking, ${b.from} to ${b.to}` });
  }
  if (otherOut) out.push({ field: 'assetId', sv: 'datorn är utlånad och har inte lämnats tillbaka', en: 'the laptop is out on another loan' });
  return out;
}

/** R-5.9: a loan is returned on or after the day it was handed out, and not in the future. */
export function returnProblems(b: LoanState, date: string, today: string): { field: string; sv: string; en: string }[] {
  if (b.status !== 'handed_out' || b.handedOutOn === null) {
    return [{ field: 'body', sv: `bokningen är ${BOOKING_STATUS_SV[b.status]}`, en: `the booking is ${b.status}` }];
  }
  if (Temporal.PlainDate.compare(date, today) > 0) return [{ field: 'date', sv: 'datumet ligger i framtiden', en: 'the date is in the future' }];
  if (Temporal.PlainDate.compare(date, b.handedOutOn) < 0) {
    return [{ field: 'date', sv: `datorn lämnades ut ${b.handedOutOn}`, en: `the laptop was handed out on ${b.handedOutOn}` }];
  }
  return [];
}
