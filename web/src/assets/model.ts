/**
 * The inventory's client model (issue 7, R-5, R-6.4): the answer shapes of /api/v1/assets from the
 * server's contracts (decision 0010) and the vocabulary — device types, statuses, event kinds — from its
 * lifecycle rules, all as types (no server code in the bundle), the queries the pages share
 * and who sees what. Money is integer öre until it is shown (format.ts formatSek).
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  AssetLifecycle as Lifecycle,
  AssetPage,
  AssetSale,
  AssetRenewals as Renewals,
  AssetWithHistory as AssetDetail,
} from '../../../src/assets/contract.ts';
import type { AssetStatus, DeviceType, EventKind } from '../../../src/assets/rules.ts';
import type { UnitEquipmentCosts as UnitCosts } from '../../../src/billing/contract.ts';
import { api, qs } from '../api.ts';
import type { SessionUser } from '../types.ts';

export type { AssetStatus, DeviceType, EventKind };

/** Every device type in the order the filters offer them (a Record, so a new type fails to compile). */
const TYPE_ORDER: Record<DeviceType, number> = { computer: 1, phone: 2, tablet: 3, printer: 4, screen: 5, camera: 6, access_point: 7, other: 8 };
export const DEVICE_TYPES = (Object.keys(TYPE_ORDER) as DeviceType[]).sort((a, b) => TYPE_ORDER[a] - TYPE_ORDER[b]);

/** the lifecycle's statuses in the order equipment passes them. */
const STATUS_ORDER: Record<AssetStatus, number> = {
  ordered: 1,
  active: 2,
  returned: 3,
  in_stock: 4,
  retired: 5,
  erased: 6,
  sold: 7,
  recycled: 8,
  stolen: 9,
  damaged: 10,
};
export const ASSET_STATUSES = (Object.keys(STATUS_ORDER) as AssetStatus[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);

/** every lifecycle event (a Record, so a new kind fails to compile until it has a form). */
const EVENT_ORDER: Record<EventKind, number> = {
  deliver: 1,
  move: 2,
  reassign: 3,
  return: 4,
  stock: 5,
  retire: 6,
  erase: 7,
  sell: 8,
  recycle: 9,
  report_stolen: 10,
  report_damaged: 11,
  settle: 12,
};
export const EVENT_KINDS = (Object.keys(EVENT_ORDER) as EventKind[]).sort((a, b) => EVENT_ORDER[a] - EVENT_ORDER[b]);
export const isEventKind = (k: string): k is EventKind => k in EVENT_ORDER;
export const isAssetStatus = (s: string): s is AssetStatus => s in STATUS_ORDER;
export const isDeviceType = (s: string): s is DeviceType => s in TYPE_ORDER;

export type { SupportLevel } from '../../../src/catalogue/rules.ts';
export type { Eraser } from '../../../src/assets/rules.ts';

/**
 * The inventory's answers, as the server's contracts define them (decision 0010): the register's rows,
 * an asset with its history and lifecycle, renewals; a unit's monthly equipment cost is billing's.
 */
export type {
  Asset,
  AssetEvent as AssetHistoryEvent,
  AssetBillingPeriod as BillingPeriod,
  AssetLifecycle as Lifecycle,
  AssetPage,
  AssetRenewals as Renewals,
  AssetWithHistory as AssetDetail,
} from '../../../src/assets/contract.ts';
export type { UnitEquipmentCosts as UnitCosts } from '../../../src/billing/contract.ts';
/** who bought a sold computer (a person with their name, or the second-hand partner). */
export type Buyer = AssetSale['buyer'];
export type ProofKind = Extract<Buyer, { kind: 'person' }>['proof']['kind'];
export type DisposalRoute = Lifecycle['disposalRoutes'][number];

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
    queryFn: ({ pageParam, signal }) => api.get<AssetPage>(`/api/v1/assets${qs({ ...filters, cursor: pageParam, limit: PAGE })}`, signal),
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
