import { Temporal } from 'temporal-polyfill';
import { addMonths } from '../calendar/dates.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { Problem } from '../org/rules.ts';

/**
 * Inventory register and equipment lifecycle: pure rules. Dates are ISO local dates
 * (Europe/Stockholm); money is integer öre; every number of the yearly mission comes in as an argument.
 *
 * Design (issue 7, part 1):
 * - The lifecycle is an explicit state machine: `TRANSITIONS` says, as data, from which statuses
 *   each event is allowed, where it leads and the reason (English and Swedish) when it is not.
 * - `applyEvent` is the only way an asset changes. It returns the new asset or the problems, never both,
 *   and never changes its input: a refused event changes nothing.
 * - Billing lives on the asset as periods [from, to) of local dates, each with its cost
 *   bearer (unit). A period is open (to = null) exactly while the asset is billable: while active, and
 *   after an early return of rented or bound equipment until IT reassigns it. Leaving active
 *   otherwise closes the period on the day of the event, so that day is no longer billed.
 * - Early return: returning rented equipment before its renewal date, or any equipment before the
 *   end of its binding period, keeps the cost on the current cost bearer until the asset is reassigned;
 *   retirement, theft and damage end it (the asset then leaves billing without delay, R-5.2). A binding
 *   period is enforced by refusing retirement before it ends (the agreement finances the product).
 * - Disposal: IT collects retired equipment; phones, tablets and other devices go to
 *   recycling; a computer is sold either to the student who used it (with a receipt or an invoice) or to
 *   the contracted second-hand partner in a batch; employees and politicians never buy. No sale without an
 *   erasure record (who, method, date, serial).
 */

// ---- statuses and events (R-5.2) ---------------------------------------------------------------------

export const ASSET_STATUSES = ['ordered', 'active', 'returned', 'in_stock', 'retired', 'erased', 'sold', 'recycled', 'stolen', 'damaged'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const ASSET_STATUS_SV: Record<AssetStatus, string> = {
  ordered: 'beställd',
  active: 'aktiv',
  returned: 'återlämnad',
  in_stock: 'i lager',
  retired: 'avvecklad',
  erased: 'raderad',
  sold: 'såld',
  recycled: 'återvunnen',
  stolen: 'stulen',
  damaged: 'skadad',
};

export const EVENT_KINDS = [
  'deliver',
  'move',
  'reassign',
  'return',
  'stock',
  'retire',
  'erase',
  'sell',
  'recycle',
  'report_stolen',
  'report_damaged',
  'settle',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_SV: Record<EventKind, string> = {
  deliver: 'leverera',
  move: 'flytta',
  reassign: 'omfördela',
  return: 'återlämna',
  stock: 'ta in i lager',
  retire: 'avveckla',
  erase: 'radera',
  sell: 'sälja',
  recycle: 'lämna till återvinning',
  report_stolen: 'anmäla stöld',
  report_damaged: 'anmäla skada',
  settle: 'registrera reglering',
};

/**
 * Kinds of device in the register. Only computers are ever sold; every other kind goes
 * to recycling. Units register equipment they bought themselves too (screens, cameras).
 */
export const DEVICE_TYPES = ['computer', 'phone', 'tablet', 'printer', 'screen', 'camera', 'access_point', 'other'] as const;
export const DEVICE_TYPE_SV: Record<(typeof DEVICE_TYPES)[number], string> = {
  computer: 'dator',
  phone: 'mobiltelefon',
  tablet: 'surfplatta',
  printer: 'skrivare',
  screen: 'skärm',
  camera: 'kamera',
  access_point: 'accesspunkt',
  other: 'övrigt',
};
export type DeviceType = (typeof DEVICE_TYPES)[number];

/**
 * the transition table. `to: null` keeps the status (a move, a reassignment while active, a
 * settlement); `refused`/`refusedSv` say why the event is not possible from any other status.
 */
export const TRANSITIONS: Record<EventKind, { from: readonly AssetStatus[]; to: AssetStatus | null; refused: string; refusedSv: string }> = {
  deliver: { from: ['ordered'], to: 'active', refused: 'only ordered equipment can be delivered', refusedSv: 'bara beställd utrustning kan levereras' },
  move: { from: ['active'], to: null, refused: 'only active equipment can be moved', refusedSv: 'bara aktiv utrustning kan flyttas' },
  reassign: {
    from: ['active', 'returned', 'in_stock'],
    to: 'active',
    refused: 'only active, returned or stocked equipment can be reassigned',
    refusedSv: 'bara aktiv, återlämnad eller lagerförd utrustning kan omfördelas',
  },
  return: { from: ['active'], to: 'returned', refused: 'only active equipment can be returned', refusedSv: 'bara aktiv utrustning kan återlämnas' },
  stock: {
    from: ['returned'],
    to: 'in_stock',
    refused: 'only returned equipment can be taken into stock',
    refusedSv: 'bara återlämnad utrustning kan tas in i lager',
  },
  retire: {
    from: ['active', 'returned', 'in_stock', 'damaged'],
    to: 'retired',
    refused: 'only active, returned, stocked or damaged equipment can be retired',
    refusedSv: 'bara aktiv, återlämnad, lagerförd eller skadad utrustning kan avvecklas',
  },
  erase: { from: ['retired'], to: 'erased', refused: 'only retired equipment is erased', refusedSv: 'bara avvecklad utrustning raderas' },
  sell: {
    from: ['erased'],
    to: 'sold',
    refused: 'only erased equipment can be sold (R-5.8: erasure before any sale)',
    refusedSv: 'bara raderad utrustning kan säljas (radering krävs före all försäljning)',
  },
  recycle: {
    from: ['retired', 'erased'],
    to: 'recycled',
    refused: 'only retired or erased equipment goes to recycling',
    refusedSv: 'bara avvecklad eller raderad utrustning lämnas till återvinning',
  },
  report_stolen: {
    from: ['active', 'returned', 'in_stock'],
    to: 'stolen',
    refused: 'only equipment in use, returned or in stock can be reported stolen',
    refusedSv: 'bara utrustning i bruk, återlämnad eller i lager kan anmälas stulen',
  },
  report_damaged: {
    from: ['active', 'returned', 'in_stock'],
    to: 'damaged',
    refused: 'only equipment in use, returned or in stock can be reported damaged',
    refusedSv: 'bara utrustning i bruk, återlämnad eller i lager kan anmälas skadad',
  },
  settle: {
    from: ['stolen', 'damaged'],
    to: null,
    refused: 'only stolen or damaged equipment is settled',
    refusedSv: 'bara stulen eller skadad utrustning regleras',
  },
};

/** The events possible from a status (for buttons in the UI). */
export function allowedEvents(status: AssetStatus): EventKind[] {
  return EVENT_KINDS.filter((k) => TRANSITIONS[k].from.includes(status));
}

/** an event from a status it is not allowed from is refused with the table's reason. */
export function transitionProblems(status: AssetStatus, kind: EventKind): Problem[] {
  const t = TRANSITIONS[kind];
  if (t.from.includes(status)) return [];
  return [{ field: 'status', reason: `${t.refused}; it is ${status}`, reasonSv: `${t.refusedSv}; den är ${ASSET_STATUS_SV[status]}` }];
}

// ---- the asset ------------------------------------------------------------------------------------------

/** A person holding equipment; the role is a mission person-role code, e.g. 'elev'. */
export interface Holder {
  personId: string;
  role: string;
}

/** billing of one cost bearer over [from, to) local dates; to = null while it runs. */
export interface BillingPeriod {
  unitId: string;
  from: string;
  to: string | null;
  /** 'active': in use; 'early_return': returned early, still billed until reassigned. */
  basis: 'active' | 'early_return';
}

export const ERASERS = ['certified_provider', 'designated_person'] as const;
export type Eraser = (typeof ERASERS)[number];

/** the erasure protocol, shown on demand. */
export interface ErasureRecord {
  /** A certified provider or a person designated for erasure, by name. */
  by: { kind: Eraser; name: string };
  method: string;
  erasedOn: string;
  /** The serial read from the erased device; must equal the asset's. */
  serial: string;
}

/** to the student who used the computer (proved by a receipt or invoice), or to the partner. */
export type Buyer =
  | { kind: 'person'; personId: string; role: string; proof: { kind: 'receipt' | 'invoice'; reference: string } }
  | { kind: 'partner'; partner: string; batch: string };

export interface SaleRecord {
  soldOn: string;
  buyer: Buyer;
}

/** the police report reference and, later, the insurance settlement. */
export interface Incident {
  kind: 'stolen' | 'damaged';
  reportedOn: string;
  policeReport: string;
  settlement: { settledOn: string; reference: string; amount: number } | null;
}

export interface Asset {
  id: string;
  /** Null until delivery (R-4.3: equipment is delivered with its serial number). */
  serial: string | null;
  deviceType: DeviceType;
  /** The catalogue service (mission `catalogue.services[].code`), e.g. 'datorarbetsplats'; null when none. */
  serviceCode: string | null;
  /** The model's technical lifetime in months, when the model has one. */
  modelLifetimeMonths: number | null;
  status: AssetStatus;
  orderedOn: string;
  deliveredOn: string | null;
  /** The date of the latest accepted event (the order date before delivery). */
  lastEventOn: string;
  holder: Holder | null;
  /** The last person who held it, kept after a return (R-5.7: the student who used it). */
  lastHolder: Holder | null;
  /** The unit bearing the cost; kept after a return: it pays on after an early return. */
  unitId: string | null;
  location: string | null;
  /** end of the binding period when the agreement finances the product; null = none. */
  bindingEndsOn: string | null;
  billing: readonly BillingPeriod[];
  retiredOn: string | null;
  erasure: ErasureRecord | null;
  sale: SaleRecord | null;
  recycledOn: string | null;
  incident: Incident | null;
}

export type AssetEvent =
  | { kind: 'deliver'; date: string; serial: string; unitId: string; holder: Holder | null; location?: string | null; bindingEndsOn?: string | null }
  | { kind: 'move'; date: string; location: string }
  | { kind: 'reassign'; date: string; unitId: string; holder: Holder | null; location?: string | null }
  | { kind: 'return'; date: string }
  | { kind: 'stock'; date: string; location?: string | null }
  | { kind: 'retire'; date: string }
  | { kind: 'erase'; date: string; by: { kind: Eraser; name: string }; method: string; serial: string }
  | { kind: 'sell'; date: string; buyer: Buyer }
  | { kind: 'recycle'; date: string }
  | { kind: 'report_stolen'; date: string; policeReport: string }
  | { kind: 'report_damaged'; date: string; policeReport: string }
  | { kind: 'settle'; date: string; reference: string; amount: number };

/** Role codes the sale rule needs. Employees are the mission's roles with `employee: true`. */
export interface SaleRoles {
  /** Person roles that count as students, e.g. ['elev']. */
  student: readonly string[];
  /** Person roles of politicians, e.g. ['fortroendevald']; never buyers, like employees. */
  politician: readonly string[];
}

/** the sale roles of the mission in force (person roles marked `buyer: 'student'` or `'never'`). */
export function saleRolesOf(mission: Pick<MissionDocument, 'people'>): SaleRoles {
  const roles = mission.people.personRoles;
  return { student: roles.filter((r) => r.buyer === 'student').map((r) => r.code), politician: roles.filter((r) => r.buyer === 'never').map((r) => r.code) };
}

export interface EventContext {
  /** The mission in force on the event's date: catalogue (renewal, rental) and person roles. */
  mission: Pick<MissionDocument, 'catalogue' | 'people'>;
  /** Today's local date: no event is dated in the future. */
  today: string;
  saleRoles: SaleRoles;
  /** Serials already in the register (for deliveries): a serial is registered once. */
  serialsInUse?: ReadonlySet<string>;
}

export type EventResult = { ok: true; asset: Asset } | { ok: false; problems: Problem[] };

/** A newly ordered asset (R-4.3 → ): no serial, holder or billing yet. */
export function orderedAsset(props: {
  id: string;
  deviceType: DeviceType;
  serviceCode: string | null;
  modelLifetimeMonths: number | null;
  orderedOn: string;
}): Asset {
  return {
    ...props,
    serial: null,
    status: 'ordered',
    deliveredOn: null,
    lastEventOn: props.orderedOn,
    holder: null,
    lastHolder: null,
    unitId: null,
    location: null,
    bindingEndsOn: null,
    billing: [],
    retiredOn: null,
    erasure: null,
    sale: null,
    recycledOn: null,
    incident: null,
  };
}

// ---- dates -----------------------------------------------------------------------------------------------

/** A valid ISO calendar date (YYYY-MM-DD), e.g. not 2023-02-30. */
export function isLocalDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' }).toString() === s;
  } catch {
    return false;
  }
}

/** Issue 7: no event in the future, before delivery (before the order for a delivery) or before the previous event. */
export function eventDateProblems(asset: Pick<Asset, 'orderedOn' | 'deliveredOn' | 'lastEventOn'>, kind: EventKind, date: string, today: string): Problem[] {
  if (!isLocalDate(date)) return [{ field: 'date', reason: 'must be a date (YYYY-MM-DD)', reasonSv: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' }];
  const problems: Problem[] = [];
  if (date > today) problems.push({ field: 'date', reason: 'must not be in the future', reasonSv: 'får inte ligga i framtiden' });
  if (kind === 'deliver' && date < asset.orderedOn) {
    problems.push({
      field: 'date',
      reason: `must not be before the order was placed (${asset.orderedOn})`,
      reasonSv: `får inte vara före beställningsdagen (${asset.orderedOn})`,
    });
  } else if (kind !== 'deliver' && asset.deliveredOn !== null && date < asset.deliveredOn) {
    problems.push({
      field: 'date',
      reason: `must not be before delivery (${asset.deliveredOn})`,
      reasonSv: `får inte vara före leveransen (${asset.deliveredOn})`,
    });
  } else if (date < asset.lastEventOn) {
    problems.push({
      field: 'date',
      reason: `must not be before the previous event (${asset.lastEventOn})`,
      reasonSv: `får inte vara före föregående händelse (${asset.lastEventOn})`,
    });
  }
  return problems;
}

// ---- renewal, rental and binding (R-4.1, R-5.1, R-5.4) ---------------------------------------------------

type Catalogue = Pick<MissionDocument, 'catalogue'>;

function serviceOf(mission: Catalogue, code: string | null) {
  return code === null ? undefined : mission.catalogue.services.find((s) => s.code === code);
}

/** the end of a binding period of `months` from delivery; null without delivery or binding. */
export function bindingEnd(props: { deliveredOn: string | null; bindingMonths: number | null }): string | null {
  if (props.deliveredOn === null || props.bindingMonths === null || props.bindingMonths === 0) return null;
  return addMonths(props.deliveredOn, props.bindingMonths);
}

/**
 * equipment a unit rents for its life (monthly rental in the mission's catalogue). A short-term
 * rental (weekly, R-5.9) is a loan from IT's pool, not rented for its life: it is billed per started
 * week of the loan and ends at return (billing rules.shortTermCharges), so it is not "rented" here.
 */
export function isRented(mission: Catalogue, serviceCode: string | null): boolean {
  return serviceOf(mission, serviceCode)?.billingModel === 'monthly_rental';
}

/** a short-term rental, a loan from IT's pool (weekly rental in the mission's catalogue). */
export function isLoan(mission: Catalogue, serviceCode: string | null): boolean {
  return serviceOf(mission, serviceCode)?.billingModel === 'weekly_rental';
}

/**
 * The months until renewal: the service's `renewalMonths` (computer workplaces: 48 in 2023), else the
 * model's lifetime, else the mission's minimum technical life.
 */
export function renewalMonths(mission: Catalogue, asset: Pick<Asset, 'serviceCode' | 'modelLifetimeMonths'>): number {
  return serviceOf(mission, asset.serviceCode)?.renewalMonths ?? asset.modelLifetimeMonths ?? mission.catalogue.minimumTechnicalLifeMonths;
}

/**
 * the renewal date, `renewalMonths` after delivery; a day missing in the target month falls on
 * the month's last day (31 January + 13 months → 28 February; 29 February 2024 + 12 → 28 February 2025).
 * Null before delivery.
 */
export function renewalOn(mission: Catalogue, asset: Pick<Asset, 'serviceCode' | 'modelLifetimeMonths' | 'deliveredOn'>): string | null {
  if (asset.deliveredOn === null) return null;
  return addMonths(asset.deliveredOn, renewalMonths(mission, asset));
}

/** whether the binding period still runs on `on`, when it ends and how many days are left (shown). */
export function bindingStatus(asset: Pick<Asset, 'bindingEndsOn'>, on: string): { bound: boolean; endsOn: string | null; daysLeft: number } {
  const endsOn = asset.bindingEndsOn;
  if (endsOn === null || on >= endsOn) return { bound: false, endsOn, daysLeft: 0 };
  return { bound: true, endsOn, daysLeft: Temporal.PlainDate.from(on).until(Temporal.PlainDate.from(endsOn), { largestUnit: 'days' }).days };
}

/**
 * a return on `on` is early when rented equipment comes back before its renewal date or any
 * equipment before the end of its binding period; the cost then stays with the unit until reassignment.
 * A loan handed back is never early: the loan ends there, and its borrower pays no more
 * (issue 16: a two-day loan was billed three weeks, until the laptop was lent again).
 */
export function isEarlyReturn(
  mission: Catalogue,
  asset: Pick<Asset, 'serviceCode' | 'modelLifetimeMonths' | 'deliveredOn' | 'bindingEndsOn'>,
  on: string,
): boolean {
  if (isLoan(mission, asset.serviceCode)) return false;
  if (bindingStatus(asset, on).bound) return true;
  const renewal = renewalOn(mission, asset);
  return isRented(mission, asset.serviceCode) && renewal !== null && on < renewal;
}

// ---- billing (R-5.2, R-5.4, R-6.4) -------------------------------------------------------------------------

/** Close the open period on `on` ([from, on)); a period that would be empty is dropped. */
function closeBilling(billing: readonly BillingPeriod[], on: string): BillingPeriod[] {
  return billing.flatMap((p) => (p.to !== null ? [p] : p.from < on ? [{ ...p, to: on }] : []));
}

function openBilling(billing: readonly BillingPeriod[], unitId: string, on: string, basis: BillingPeriod['basis']): BillingPeriod[] {
  return [...closeBilling(billing, on), { unitId, from: on, to: null, basis }];
}

/** Whether the asset is billed now: an open period (active, or early-returned until reassigned). */
export function isBilled(asset: Pick<Asset, 'billing'>): boolean {
  return asset.billing.some((p) => p.to === null);
}

/**
 * the billing periods of an asset within the window [from, to), open periods running to the
 * window's end; periods outside the window are left out.
 */
export function billablePeriods(asset: Pick<Asset, 'billing'>, window: { from: string; to: string }): BillingPeriod[] {
  return asset.billing.flatMap((p) => {
    const from = p.from > window.from ? p.from : window.from;
    const to = p.to === null || p.to > window.to ? window.to : p.to;
    return from < to ? [{ ...p, from, to }] : [];
  });
}

/** billable days per cost bearer (unit id) within the window [from, to). */
export function billableDays(asset: Pick<Asset, 'billing'>, window: { from: string; to: string }): Record<string, number> {
  const days: Record<string, number> = {};
  for (const p of billablePeriods(asset, window)) {
    const n = Temporal.PlainDate.from(p.from).until(Temporal.PlainDate.from(p.to as string), { largestUnit: 'days' }).days;
    days[p.unitId] = (days[p.unitId] ?? 0) + n;
  }
  return days;
}

// ---- disposal (R-5.6–) ------------------------------------------------------------------------------------

export type DisposalRoute = 'recycling' | 'student_purchase' | 'second_hand_partner';

function employeeRoles(mission: Pick<MissionDocument, 'people'>): string[] {
  return mission.people.personRoles.filter((r) => r.employee).map((r) => r.code);
}

/**
 * the routes open to a retired device. Phones, tablets and other devices go to recycling;
 * a computer goes to the second-hand partner, or to the student who last held it, and may be recycled
 * when worn out.
 */
export function disposalRoutes(asset: Pick<Asset, 'deviceType' | 'lastHolder'>, roles: SaleRoles): DisposalRoute[] {
  if (asset.deviceType !== 'computer') return ['recycling'];
  const student = asset.lastHolder !== null && roles.student.includes(asset.lastHolder.role);
  return student ? ['student_purchase', 'second_hand_partner', 'recycling'] : ['second_hand_partner', 'recycling'];
}

/**
 * problems with selling the asset to `buyer`. Never to employees or politicians; a person only
 * when a student buys the computer they had (last holder), with a receipt or an invoice; otherwise the
 * contracted partner, in a named batch. Phones, tablets and other devices are not sold.
 */
export function saleProblems(asset: Pick<Asset, 'deviceType' | 'lastHolder'>, buyer: Buyer, ctx: Pick<EventContext, 'mission' | 'saleRoles'>): Problem[] {
  if (asset.deviceType !== 'computer') {
    return [
      {
        field: 'buyer',
        reason: `a ${asset.deviceType} is not sold; it goes to recycling (R-5.6)`,
        reasonSv: 'telefoner, surfplattor och övriga enheter säljs inte; de lämnas till återvinning',
      },
    ];
  }
  if (buyer.kind === 'partner') {
    const problems: Problem[] = [];
    if (!buyer.partner.trim()) {
      problems.push({
        field: 'buyer.partner',
        reason: 'name the contracted second-hand partner',
        reasonSv: 'ange den avtalade partnern för andrahandsförsäljning',
      });
    }
    if (!buyer.batch.trim()) {
      problems.push({
        field: 'buyer.batch',
        reason: 'computers go to the partner in batches; name the batch',
        reasonSv: 'datorer lämnas till partnern i partier; ange partiet',
      });
    }
    return problems;
  }
  if (employeeRoles(ctx.mission).includes(buyer.role) || ctx.saleRoles.politician.includes(buyer.role)) {
    return [
      {
        field: 'buyer.role',
        reason: 'equipment is never sold to employees or politicians (R-5.7)',
        reasonSv: 'utrustning säljs aldrig till anställda eller förtroendevalda',
      },
    ];
  }
  if (!ctx.saleRoles.student.includes(buyer.role)) {
    return [
      {
        field: 'buyer.role',
        reason: 'only a student may buy a computer; others go to the second-hand partner (R-5.7)',
        reasonSv: 'bara en elev får köpa en dator; övriga går till partnern för andrahandsförsäljning',
      },
    ];
  }
  const problems: Problem[] = [];
  if (asset.lastHolder === null || asset.lastHolder.personId !== buyer.personId || !ctx.saleRoles.student.includes(asset.lastHolder.role)) {
    problems.push({
      field: 'buyer.personId',
      reason: 'a student may buy only the computer they had themselves (R-5.7)',
      reasonSv: 'en elev får bara köpa den dator eleven själv har haft',
    });
  }
  if (!buyer.proof.reference.trim()) {
    problems.push({
      field: 'buyer.proof',
      reason: 'a receipt or an invoice from the municipality proves the transfer',
      reasonSv: 'ett kvitto eller en faktura från kommunen styrker överlåtelsen',
    });
  }
  return problems;
}

/**
 * Issue 16: two serials name the same device when they differ only in case, spaces or dashes
 * ("pf-4abc" on the eraser's report is the register's "PF4ABC"): what a person copies from a sticker
 * or a provider's report is compared as the device reads, not character by character.
 */
export function sameSerial(a: string, b: string): boolean {
  const plain = (s: string) =>
    s
      .normalize('NFKC')
      .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
      .toUpperCase();
  return plain(a) !== '' && plain(a) === plain(b);
}

/** the erasure record: who (certified provider or designated person), method, date, serial. */
export function erasureProblems(record: ErasureRecord, asset: Pick<Asset, 'serial' | 'retiredOn'>): Problem[] {
  const problems: Problem[] = [];
  if (!(ERASERS as readonly string[]).includes(record.by.kind)) {
    problems.push({
      field: 'erasure.by',
      reason: 'erasure is done by a certified provider or a designated person',
      reasonSv: 'radering görs av en certifierad leverantör eller en utsedd person',
    });
  }
  if (!record.by.name.trim()) problems.push({ field: 'erasure.by', reason: 'name who erased the device', reasonSv: 'ange vem som raderade enheten' });
  if (!record.method.trim()) problems.push({ field: 'erasure.method', reason: 'name the erasure method', reasonSv: 'ange raderingsmetod' });
  if (!isLocalDate(record.erasedOn)) {
    problems.push({ field: 'erasure.erasedOn', reason: 'must be a date (YYYY-MM-DD)', reasonSv: 'måste vara ett datum (ÅÅÅÅ-MM-DD)' });
  } else if (asset.retiredOn === null || record.erasedOn < asset.retiredOn) {
    problems.push({
      field: 'erasure.erasedOn',
      reason: `must not be before retirement (${asset.retiredOn ?? 'not retired'})`,
      reasonSv: `får inte vara före avvecklingen (${asset.retiredOn ?? 'ej avvecklad'})`,
    });
  }
  if (asset.serial === null || !sameSerial(record.serial, asset.serial)) {
    problems.push({
      field: 'erasure.serial',
      reason: `the erased device's serial must be the asset's (${asset.serial ?? 'none'})`,
      reasonSv: `den raderade enhetens serienummer måste vara tillgångens (${asset.serial ?? 'saknas'})`,
    });
  }
  return problems;
}

// ---- the register (R-5.1) ----------------------------------------------------------------------------------------

/** Find an asset by serial; unknown (or, defensively, duplicated) serials are problems. */
export function findBySerial<A extends Pick<Asset, 'serial'>>(
  assets: readonly A[],
  serial: string,
): { ok: true; asset: A } | { ok: false; problems: Problem[] } {
  const s = serial.trim();
  const found = assets.filter((a) => a.serial === s);
  const [only] = found;
  if (found.length === 1 && only !== undefined) return { ok: true, asset: only };
  if (found.length === 0) return { ok: false, problems: [{ field: 'serial', reason: `unknown serial ${s}`, reasonSv: `okänt serienummer ${s}` }] };
  return {
    ok: false,
    problems: [{ field: 'serial', reason: `serial ${s} is registered more than once`, reasonSv: `serienumret ${s} är registrerat flera gånger` }],
  };
}

function holderProblems(holder: Holder | null, mission: Pick<MissionDocument, 'people'>, field: string): Problem[] {
  if (holder === null) return [];
  const roles = mission.people.personRoles.map((r) => r.code);
  const problems: Problem[] = [];
  if (!holder.personId.trim()) problems.push({ field: `${field}.personId`, reason: 'name the holder', reasonSv: 'ange innehavaren' });
  if (!roles.includes(holder.role)) {
    problems.push({ field: `${field}.role`, reason: `one of the roles ${roles.join(', ')}`, reasonSv: `en av rollerna ${roles.join(', ')}` });
  }
  return problems;
}

function required(value: string, field: string, what: string, whatSv: string): Problem[] {
  return value.trim() ? [] : [{ field, reason: `${what} is required`, reasonSv: `${whatSv} krävs` }];
}

function eventProblems(asset: Asset, event: AssetEvent, ctx: EventContext): Problem[] {
  switch (event.kind) {
    case 'deliver': {
      const serial = event.serial.trim();
      const problems = [
        ...required(serial, 'serial', 'the serial number', 'serienummer'),
        ...required(event.unitId, 'unitId', 'the cost bearer (unit)', 'kostnadsbärare (enhet)'),
      ];
      if (serial && ctx.serialsInUse?.has(serial)) {
        problems.push({ field: 'serial', reason: `serial ${serial} is already registered`, reasonSv: `serienumret ${serial} finns redan i registret` });
      }
      problems.push(...holderProblems(event.holder, ctx.mission, 'holder'));
      if (event.bindingEndsOn !== undefined && event.bindingEndsOn !== null && (!isLocalDate(event.bindingEndsOn) || event.bindingEndsOn < event.date)) {
        problems.push({ field: 'bindingEndsOn', reason: 'must be a date not before delivery', reasonSv: 'måste vara ett datum som inte är före leveransen' });
      }
      return problems;
    }
    case 'move':
      return required(event.location, 'location', 'the new location', 'ny placering');
    case 'reassign': {
      const problems = [
        ...required(event.unitId, 'unitId', 'the cost bearer (unit)', 'kostnadsbärare (enhet)'),
        ...holderProblems(event.holder, ctx.mission, 'holder'),
      ];
      if (asset.status === 'active' && event.unitId === asset.unitId && event.holder?.personId === asset.holder?.personId) {
        problems.push({ field: 'holder', reason: 'the asset already has this holder and unit', reasonSv: 'tillgången har redan denna innehavare och enhet' });
      }
      return problems;
    }
    case 'retire': {
      // a binding period (the agreement finances the product) runs to its end; damage is settled instead.
      const binding = bindingStatus(asset, event.date);
      if (asset.status !== 'damaged' && binding.bound) {
        return [
          {
            field: 'date',
            reason: `the binding period runs until ${binding.endsOn} (${binding.daysLeft} days left)`,
            reasonSv: `bindningstiden löper till ${binding.endsOn} (${binding.daysLeft} dagar kvar)`,
          },
        ];
      }
      return [];
    }
    case 'erase':
      return erasureProblems({ by: event.by, method: event.method, erasedOn: event.date, serial: event.serial }, asset);
    case 'sell': {
      // no sale without erasure (the transition table already demands 'erased'; this guards the record).
      const problems =
        asset.erasure === null
          ? [{ field: 'erasure', reason: 'no sale without an erasure record', reasonSv: 'ingen försäljning utan raderingsprotokoll' }]
          : [];
      return [...problems, ...saleProblems(asset, event.buyer, ctx)];
    }
    case 'report_stolen':
    case 'report_damaged':
      // the person responsible for the premises reports to the police; the register keeps the reference.
      return required(event.policeReport, 'policeReport', 'the police report reference', 'polisanmälans diarienummer');
    case 'settle': {
      const problems = required(event.reference, 'reference', 'the settlement reference', 'regleringens referens');
      if (!Number.isInteger(event.amount) || event.amount < 0) {
        problems.push({ field: 'amount', reason: 'a whole number of öre, not negative', reasonSv: 'ett helt antal öre, inte negativt' });
      }
      if (asset.incident?.settlement) problems.push({ field: 'reference', reason: 'the incident is already settled', reasonSv: 'händelsen är redan reglerad' });
      return problems;
    }
    case 'return':
    case 'stock':
    case 'recycle':
      return [];
  }
}

function next(asset: Asset, event: AssetEvent, ctx: EventContext): Asset {
  const to = TRANSITIONS[event.kind].to;
  const base: Asset = { ...asset, status: to ?? asset.status, lastEventOn: event.date };
  switch (event.kind) {
    case 'deliver':
      // billing starts on the delivery date.
      return {
        ...base,
        serial: event.serial.trim(),
        deliveredOn: event.date,
        unitId: event.unitId,
        holder: event.holder,
        lastHolder: event.holder ?? asset.lastHolder,
        location: event.location ?? null,
        bindingEndsOn: event.bindingEndsOn ?? null,
        billing: openBilling(asset.billing, event.unitId, event.date, 'active'),
      };
    case 'move':
      return { ...base, location: event.location };
    case 'reassign': {
      // reassignment ends the early-return billing; the new cost bearer pays from this day.
      const open = asset.billing.find((p) => p.to === null);
      const keep = open !== undefined && open.basis === 'active' && open.unitId === event.unitId;
      return {
        ...base,
        unitId: event.unitId,
        holder: event.holder,
        lastHolder: event.holder ?? asset.lastHolder,
        location: event.location === undefined ? asset.location : event.location,
        billing: keep ? asset.billing : openBilling(asset.billing, event.unitId, event.date, 'active'),
      };
    }
    case 'return': {
      // leaving active ends billing at once, unless the return is early.
      const early = asset.unitId !== null && isEarlyReturn(ctx.mission, asset, event.date);
      return {
        ...base,
        holder: null,
        billing:
          early && asset.unitId !== null ? openBilling(asset.billing, asset.unitId, event.date, 'early_return') : closeBilling(asset.billing, event.date),
      };
    }
    case 'stock':
      return { ...base, location: event.location === undefined ? asset.location : event.location };
    case 'retire':
      // IT owns and collects retired equipment; billing ends.
      return { ...base, holder: null, retiredOn: event.date, billing: closeBilling(asset.billing, event.date) };
    case 'erase':
      return {
        ...base,
        erasure: {
          by: { kind: event.by.kind, name: event.by.name.trim() },
          method: event.method.trim(),
          erasedOn: event.date,
          serial: asset.serial !== null && sameSerial(event.serial, asset.serial) ? asset.serial : event.serial.trim(),
        },
      };
    case 'sell':
      return { ...base, sale: { soldOn: event.date, buyer: event.buyer } };
    case 'recycle':
      return { ...base, recycledOn: event.date };
    case 'report_stolen':
    case 'report_damaged':
      // stolen or damaged equipment leaves billing at once; the report reference is kept.
      return {
        ...base,
        holder: null,
        incident: {
          kind: event.kind === 'report_stolen' ? 'stolen' : 'damaged',
          reportedOn: event.date,
          policeReport: event.policeReport.trim(),
          settlement: null,
        },
        billing: closeBilling(asset.billing, event.date),
      };
    case 'settle':
      return asset.incident === null
        ? base
        : { ...base, incident: { ...asset.incident, settlement: { settledOn: event.date, reference: event.reference.trim(), amount: event.amount } } };
  }
}

/**
 * apply one lifecycle event. Refused (with every problem found, nothing changed) when the event is
 * not allowed from the asset's status, its date is invalid, in the future, before delivery or before the
 * previous event, or its own data breaks a rule (R-5.4 binding, R-5.5 report, R-5.7 sale, R-5.8 erasure).
 */
export function applyEvent(asset: Asset, event: AssetEvent, ctx: EventContext): EventResult {
  const transition = transitionProblems(asset.status, event.kind);
  const dates = eventDateProblems(asset, event.kind, event.date, ctx.today);
  if (transition.length > 0) return { ok: false, problems: [...transition, ...dates] };
  const problems = [...dates, ...(dates.length === 0 ? eventProblems(asset, event, ctx) : [])];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, asset: next(asset, event, ctx) };
}

/** Replay a history: the first refused event stops it, with its index. */
export function replay(
  start: Asset,
  events: readonly AssetEvent[],
  ctx: EventContext,
): { ok: true; asset: Asset } | { ok: false; index: number; problems: Problem[] } {
  let asset = start;
  for (const [index, event] of events.entries()) {
    const result = applyEvent(asset, event, ctx);
    if (!result.ok) return { ok: false, index, problems: result.problems };
    asset = result.asset;
  }
  return { ok: true, asset };
}
