/**
 * The inventory's client model (issue 7, R-5, R-6.4): the answer shapes of /api/v1/assets (the
 * vocabulary — device types, statuses, event kinds — is imported as types from the server's lifecycle
 * rules, so the bundle carries no server code and the names cannot drift), the queries the pages share
 * and who sees what. Money is integer öre until it is shown (format.ts formatSek).
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AssetStatus, DeviceType, EventKind } from '../../../src/assets/rules.ts';
import { api, qs } from '../api.ts';
import type { SessionUser } from '../types.ts';

export type { AssetStatus, DeviceType, EventKind };

/** Every device type in the order the filters offer them (a Record, so a new type fails to compile). */
const TYPE_ORDER: Record<DeviceType, number> = { computer: 1, phone: 2, tablet: 3, printer: 4, screen: 5, camera: 6, access_point: 7, other: 8 };
export const DEVICE_TYPES = (Object.keys(TYPE_ORDER) as DeviceType[]).sort((a, b) => TYPE_ORDER[a] - TYPE_ORDER[b]);

/** the lifecycle's statuses in the order equipment passes them. */
const STATUS_ORDER: Record<AssetStatus, number> = { ordered: 1, active: 2, returned: 3, in_stock: 4, retired: 5, erased: 6, sold: 7, recycled: 8, stolen: 9, damaged: 10 };
export const ASSET_STATUSES = (Object.keys(STATUS_ORDER) as AssetStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);

/** every lifecycle event (a Record, so a new kind fails to compile until it has a form). */
const EVENT_ORDER: Record<EventKind, number> = { deliver: 1, move: 2, reassign: 3, return: 4, stock: 5, retire: 6, erase: 7, sell: 8, recycle: 9, report_stolen: 10, report_damaged: 11, settle: 12 };
export const EVENT_KINDS = (Object.keys(EVENT_ORDER) as EventKind[]).sort((a, b) => EVENT_ORDER[a] - EVENT_ORDER[b]);
export const isEventKind = (k: string): k is EventKind => k in EVENT_ORDER;
export const isAssetStatus = (s: string): s is AssetStatus => s in STATUS_ORDER;
export const isDeviceType = (s: string): s is DeviceType => s in TYPE_ORDER;

export type SupportLevel = 'managed' | 'managed_without_support' | 'one_to_one';

/** GET /api/v1/assets items. */
export interface Asset {
  id: string;
  municipalityId: string;
  unitId: string;
  unitName: string;
  deviceType: DeviceType;
  serviceCode: string | null;
  model: string;
  modelRangeItemId: string | null;
  modelLifetimeMonths: number | null;
  serial: string;
  holderPersonId: string | null;
  holderName: string | null;
  location: string;
  supportLevel: SupportLevel | null;
  articleCode: string | null;
  orderLineId: string | null;
  deliveredOn: string | null;
  bindingMonths: number | null;
  bindingUntil: string | null;
  renewalOn: string | null;
  status: AssetStatus;
  statusSv: string;
  note: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of an asset's history: registration, self-service updates and lifecycle events. */
export interface AssetHistoryEvent {
  id: string;
  kind: string;
  occurredOn: string;
  at: string;
  actorUserId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  changes: Record<string, unknown>;
  note: string;
}

/** billing of one cost bearer over [from, to); to = null while it runs. */
export interface BillingPeriod {
  unitId: string;
  unitName: string;
  from: string;
  to: string | null;
  /** 'active': in use; 'early_return': returned early, billed until reassigned. */
  basis: 'active' | 'early_return';
}

export type Eraser = 'certified_provider' | 'designated_person';
export type ProofKind = 'receipt' | 'invoice';
export type Buyer = { kind: 'person'; personId: string; name: string | null; role: string; proof: { kind: ProofKind; reference: string } } | { kind: 'partner'; partner: string; batch: string };
export type DisposalRoute = 'recycling' | 'student_purchase' | 'second_hand_partner';

export interface Lifecycle {
  orderedOn: string;
  lastEventOn: string;
  billedNow: boolean;
  billing: BillingPeriod[];
  binding: { bound: boolean; endsOn: string | null; daysLeft: number };
  holderRole: string | null;
  lastHolder: { personId: string; name: string | null; role: string } | null;
  retiredOn: string | null;
  erasure: { by: { kind: Eraser; name: string }; method: string; erasedOn: string; serial: string } | null;
  sale: { soldOn: string; priceOre?: number | null; buyer: Buyer } | null;
  recycledOn: string | null;
  incident: { kind: 'stolen' | 'damaged'; reportedOn: string; policeReport: string; settlement: { settledOn: string; reference: string; amount: number } | null } | null;
  disposalRoutes: DisposalRoute[];
  allowedEvents: { kind: string; kindSv: string }[];
  documents: { erasureProtocol: string | null; saleReceipt: string | null };
}

/** GET /api/v1/assets/{id} and the answer of every event. */
export interface AssetDetail extends Asset {
  history: AssetHistoryEvent[];
  canEdit: boolean;
  /** Whether the actor may record lifecycle events (IT); older servers leave it out. */
  canAct?: boolean;
  /** The lifecycle as the rules see it; older servers (register only) leave it out. */
  lifecycle?: Lifecycle;
}

/** GET /api/v1/assets/unit-costs: a unit's assets and what they cost a month. */
export interface UnitCosts {
  unitId: string;
  unitName: string;
  month: string;
  items: {
    assetId: string;
    serial: string;
    model: string;
    deviceType: DeviceType;
    holderName: string | null;
    status: AssetStatus;
    articleCode: string | null;
    articleName: string | null;
    monthlyFee: number | null;
    basis: string | null;
    /** Whether the billing run charges the unit for it this month (the part-month rule, R-6.4). */
    charged: boolean;
  }[];
  /** The part-month rule of the mission in force in the month. */
  partMonth: 'from_month_after_start' | 'from_start_month';
  totalMonthly: number;
}

/** GET /api/v1/assets/renewals: what is due for renewal, per unit. */
export interface Renewals {
  /** Computers due strictly before this date are listed. */
  until: string;
  units: {
    unitId: string;
    unitName: string;
    items: { id: string; serial: string; model: string; holderName: string | null; deliveredOn: string | null; renewalOn: string; overdue: boolean; replacementOrderNumber?: string | null }[];
  }[];
}

export interface AssetFilters {
  municipalityId?: string | undefined;
  unitId?: string | undefined;
  deviceType?: DeviceType | undefined;
  status?: AssetStatus | undefined;
  serial?: string | undefined;
  holderPersonId?: string | undefined;
}

export const assetKeys = {
  all: ['assets'] as const,
  list: (f: AssetFilters) => ['assets', 'list', f] as const,
  one: (id: string) => ['assets', 'one', id] as const,
  unitCosts: (unitId: string, month: string) => ['assets', 'unit-costs', unitId, month] as const,
  renewals: (municipalityId: string, unitId: string, months: number) => ['assets', 'renewals', municipalityId, unitId, months] as const,
};

const PAGE = 50;

/** the register in keyset pages by serial ("Visa fler" follows nextCursor). */
export function useAssetList(filters: AssetFilters) {
  return useInfiniteQuery({
    queryKey: assetKeys.list(filters),
    // A changed filter keeps the rows on screen until the new ones arrive (no flash of "Laddar…").
    placeholderData: keepPreviousData,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api.get<{ items: Asset[]; nextCursor: string | null }>(`/api/v1/assets${qs({ ...filters, cursor: pageParam, limit: PAGE })}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useAsset(id: string) {
  return useQuery({ queryKey: assetKeys.one(id), queryFn: ({ signal }) => api.get<AssetDetail>(`/api/v1/assets/${id}`, signal) });
}

export function useUnitCosts(unitId: string, month: string) {
  return useQuery({
    queryKey: assetKeys.unitCosts(unitId, month),
    enabled: unitId !== '' && /^\d{4}-\d{2}$/.test(month),
    queryFn: ({ signal }) => api.get<UnitCosts>(`/api/v1/assets/unit-costs${qs({ unitId, month })}`, signal),
  });
}

export function useRenewals(municipalityId: string, unitId: string, months: number) {
  return useQuery({
    queryKey: assetKeys.renewals(municipalityId, unitId, months),
    queryFn: ({ signal }) => api.get<Renewals>(`/api/v1/assets/renewals${qs({ municipalityId, unitId, months })}`, signal),
  });
}

type Can = Pick<SessionUser, 'can'>;

/** IT and finance read the municipality's whole register (the server's policy, sent with the session). */
export const readsWholeRegister = (user: Can): boolean => user.can.readsWholeRegister;

/** Who may look people up, e.g. to filter on a holder (the server's policy). */
export const searchesPeople = (user: Can): boolean => user.can.readsPeople;

/** a unit's assets and monthly cost — for its manager, IT and finance (the server's policy). */
export const seesUnitView = (user: Can): boolean => user.can.seesUnitView;

/** R-4.1, R-5.1: renewals are planned by IT, finance and the units' managers (the server's policy). */
export const plansRenewals = (user: Can): boolean => user.can.plansRenewals;

