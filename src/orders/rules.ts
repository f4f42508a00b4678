import { Temporal } from 'temporal-polyfill';
import type { MissionDocument } from '../mission/rules.ts';
import type { Problem } from '../org/rules.ts';
import type { Role } from '../platform/access.ts';

/**
 * Orders and special orders: pure rules. Dates are ISO local dates
 * (Europe/Stockholm); money is integer öre; the numbers of the yearly mission come in as arguments.
 *
 * Design (issue 6, part 2):
 * - An order belongs to one unit (the cost bearer, R-1.1) and becomes one service-request ticket in
 *   the IT desk; the order's number is its ticket's number.
 * - Its lines copy the price-list article's prices at order time, so a later price change does not
 *   alter what was ordered. Equipment from the model range becomes one line per piece (quantity 1):
 *   each is delivered with its own serial number and holder, which is what the inventory register
 *   will take over. A special order has one unpriced line describing what IT does.
 * - The order's status follows from its lines (orderStatus): never stored independently of them.
 * - Who may order: a unit manager for their person's unit and its descendants; a designated orderer
 *   for exactly the units they were designated for (least privilege: a designation for a verksamhet
 *   does not cover its enheter). The `orderer` role alone grants no unit.
 */

export const ORDER_KINDS = ['standard', 'account_non_employee', 'function_address', 'software_request', 'software_packaging'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const ORDER_KIND_SV: Record<OrderKind, string> = {
  standard: 'Beställning ur tjänstekatalogen',
  account_non_employee: 'Användarkonto för ej anställd',
  function_address: 'Upplägg av funktionsadress',
  software_request: 'Installation av program som saknas i Software Center',
  software_packaging: 'Programpaketering',
};

/** The IT desk category each kind of order lands in (src/tickets/seed.ts). */
export const TICKET_CATEGORY_OF: Record<OrderKind, string> = {
  standard: 'bestallning',
  account_non_employee: 'behorighet',
  function_address: 'behorighet',
  software_request: 'programvara',
  software_packaging: 'programvara',
};

export const ORDER_STATUSES = ['submitted', 'in_progress', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const LINE_STATUSES = ['pending', 'ordered', 'delivered', 'cancelled'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const LINE_STATUS_SV: Record<LineStatus, string> = { pending: 'väntar', ordered: 'beställd', delivered: 'levererad', cancelled: 'makulerad' };

/**
 * the order's status from its lines. Delivered exactly when at least one line is delivered and
 * every line not cancelled is delivered; cancelled when every line is cancelled; in progress once any
 * line has moved on; otherwise submitted.
 */
export function orderStatus(lines: readonly { status: LineStatus }[]): OrderStatus {
  const live = lines.filter((l) => l.status !== 'cancelled');
  if (live.length === 0) return 'cancelled';
  if (live.every((l) => l.status === 'delivered')) return 'delivered';
  if (lines.some((l) => l.status !== 'pending')) return 'in_progress';
  return 'submitted';
}

/** The fulfilment steps a line may take: pending → ordered → delivered; cancelled before delivery. */
const LINE_TRANSITIONS: Record<LineStatus, readonly LineStatus[]> = {
  pending: ['ordered', 'delivered', 'cancelled'],
  ordered: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export function lineTransitionProblems(from: LineStatus, to: LineStatus): Problem[] {
  if (LINE_TRANSITIONS[from].includes(to)) return [];
  return [
    { field: 'status', reason: `a ${from} line cannot become ${to}`, reasonSv: `en rad som är ${LINE_STATUS_SV[from]} kan inte bli ${LINE_STATUS_SV[to]}` },
  ];
}

/**
 * delivery records what the inventory needs. Equipment (a line with a model) needs its
 * serial number; the delivery date lies between the day the order was placed and today.
 */
export function deliveryProblems(props: { hasModel: boolean; serialNumber: string | null; orderedOn: string; deliveredOn: string; today: string }): Problem[] {
  const problems: Problem[] = [];
  if (props.hasModel && !props.serialNumber) {
    problems.push({ field: 'serialNumber', reason: 'equipment is delivered with its serial number', reasonSv: 'utrustning levereras med sitt serienummer' });
  }
  if (props.deliveredOn < props.orderedOn) {
    problems.push({
      field: 'deliveredOn',
      reason: `must not be before the order was placed (${props.orderedOn})`,
      reasonSv: `får inte vara före beställningsdagen (${props.orderedOn})`,
    });
  }
  if (props.deliveredOn > props.today) problems.push({ field: 'deliveredOn', reason: 'must not be in the future', reasonSv: 'får inte ligga i framtiden' });
  return problems;
}

/**
 * billing of a delivered, priced line starts on its delivery date: only active
 * (delivered) equipment is billed. The 2023 mission has no part-month rule, so how a started month is
 * charged is left to the billing engine; when a mission adds such a rule, it belongs here.
 * Unpriced lines (special orders) start no billing.
 */
export function billingStartsOn(line: { priced: boolean; deliveredOn: string }): string | null {
  return line.priced ? line.deliveredOn : null;
}

// ---- who may do what (R-1.4, R-4.3) --------------------------------------------------------------------

/** What an actor may do with orders, given the units they manage and were designated for. */
export interface OrderAuthority {
  roles: readonly Role[];
  /** Null: IT staff spanning both municipalities. */
  municipalityId: string | null;
  /** An IT agent works in a team; a department desk's agent does not. */
  teamId: string | null;
  /** Units managed through the account's person (unit managers only): the unit and its descendants. */
  managedUnitIds: ReadonlySet<string>;
  /** Units of active designations. */
  designatedUnitIds: ReadonlySet<string>;
}

/** an authorised orderer for the unit (a manager of it, or designated for it). */
export function mayOrderFor(a: OrderAuthority, unitId: string): boolean {
  return (a.roles.includes('unit_manager') && a.managedUnitIds.has(unitId)) || a.designatedUnitIds.has(unitId);
}

/** Units the actor may order for. */
export function orderableUnitIds(a: OrderAuthority): Set<string> {
  return new Set([...(a.roles.includes('unit_manager') ? a.managedUnitIds : []), ...a.designatedUnitIds]);
}

/** a unit manager designates orderers for their units; an administrator of the municipality for any. */
export function mayDesignate(a: OrderAuthority, unit: { id: string; municipalityId: string }): boolean {
  if (a.roles.includes('admin') && (a.municipalityId === null || a.municipalityId === unit.municipalityId)) return true;
  return a.roles.includes('unit_manager') && a.managedUnitIds.has(unit.id);
}

/** IT fulfils orders: the IT unit's agents (who work in a team) and administrators. */
export function mayFulfil(a: Pick<OrderAuthority, 'roles' | 'teamId'>): boolean {
  return a.roles.includes('admin') || (a.roles.includes('agent') && a.teamId !== null);
}

// ---- special orders (R-4.4) ------------------------------------------------------------------------------

export type OrderNumbers = NonNullable<MissionDocument['orders']>;

/**
 * an account for a non-employee has an end date, today or later and not before its start;
 * the person's role must be one of the mission's non-employee roles.
 */
export function accountProblems(
  mission: Pick<MissionDocument, 'people'>,
  account: { personRole: string; startsOn: string; endsOn: string },
  today: string,
): Problem[] {
  const problems: Problem[] = [];
  const role = mission.people.personRoles.find((r) => r.code === account.personRole);
  const allowed = mission.people.personRoles.filter((r) => !r.employee).map((r) => r.code);
  if (!role || role.employee) {
    problems.push({
      field: 'account.personRole',
      reason: `one of the non-employee roles ${allowed.join(', ')}`,
      reasonSv: `en av rollerna för ej anställda: ${allowed.join(', ')}`,
    });
  }
  if (account.endsOn < today) problems.push({ field: 'account.endsOn', reason: 'the end date has passed', reasonSv: 'slutdatumet har passerat' });
  else if (account.endsOn < account.startsOn) {
    problems.push({ field: 'account.endsOn', reason: 'must not be before the start date', reasonSv: 'får inte vara före startdatumet' });
  }
  return problems;
}

/**
 * IT packages software only when it is to be installed on more teacher computers than
 * the mission's number; with fewer, installing it is the business's task at support level 2.
 */
export function packagingProblems(teacherComputers: number, numbers: Pick<OrderNumbers, 'softwarePackagingAboveInstallations'>): Problem[] {
  const limit = numbers.softwarePackagingAboveInstallations;
  if (teacherComputers > limit) return [];
  return [
    {
      field: 'packaging.teacherComputers',
      reason: `IT packages software for more than ${limit} teacher computers; with ${teacherComputers} the business installs it itself (R-5.3: software installation on teacher computers is the business's task)`,
      reasonSv: `IT paketerar program vid fler än ${limit} lärardatorer; vid ${teacherComputers} installerar verksamheten själv (supportnivå hanterad utan support: programinstallation är verksamhetens uppgift)`,
    },
  ];
}

/** the day the follow-up of an account's end date is due. */
export function accountReminderOn(endsOn: string, numbers: Pick<OrderNumbers, 'accountEndReminderDays'>): string {
  return Temporal.PlainDate.from(endsOn).subtract({ days: numbers.accountEndReminderDays }).toString();
}

/** Days from `today` to `endsOn` (negative once the end has passed). */
export function daysUntil(today: string, endsOn: string): number {
  return Temporal.PlainDate.from(today).until(Temporal.PlainDate.from(endsOn), { largestUnit: 'days' }).days;
}

// ---- totals ----------------------------------------------------------------------------------------------

/**
 * What an order costs, in öre, from the prices copied at order time: the one-off amount (purchase
 * prices) and the recurring amounts per month, week and year; cancelled lines do not count. Hourly
 * articles are charged by time spent and have no total here.
 */
export function orderTotals(
  lines: readonly {
    status: LineStatus;
    quantity: number;
    purchasePrice: number | null;
    monthlyFee: number | null;
    weeklyFee: number | null;
    yearlyFee: number | null;
  }[],
) {
  const sum = (pick: (l: (typeof lines)[number]) => number | null) =>
    lines.reduce((acc, l) => (l.status === 'cancelled' ? acc : acc + (pick(l) ?? 0) * l.quantity), 0);
  return { oneOff: sum((l) => l.purchasePrice), monthly: sum((l) => l.monthlyFee), weekly: sum((l) => l.weeklyFee), yearly: sum((l) => l.yearlyFee) };
}
