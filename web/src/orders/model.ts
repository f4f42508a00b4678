/**
 * Orders' client model (issue 6, R-4.3, R-4.4): answer shapes from the server's contract (types
 * only, so the bundle carries no server code; decision 0010), the queries the pages share and the
 * small helpers for prices and totals. Money is integer öre until it is shown (format.ts formatSek).
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Order, OrderableUnitList, OrderPage } from '../../../src/orders/contract.ts';
import type { LineStatus, OrderKind, OrderStatus } from '../../../src/orders/rules.ts';
import { orderTotals } from '../../../src/orders/rules.ts';
import { api, qs } from '../api.ts';
import type { PriceItem } from '../catalogue/model.ts';
import type { SessionUser } from '../types.ts';

export type { LineStatus, OrderKind, OrderStatus };

/** Orders' answers, as the server's contract defines them (decision 0010). */
export type {
  AccountEnding,
  AccountsEnding,
  Candidate,
  Designation,
  Order,
  OrderableUnit,
  OrderLine,
  OrderPage,
  OrderSummary,
  SpecialOrderDetails,
} from '../../../src/orders/contract.ts';

export const ORDER_STATUSES: readonly OrderStatus[] = ['submitted', 'in_progress', 'delivered', 'cancelled'];
export const SPECIAL_KINDS = ['account_non_employee', 'function_address', 'software_request', 'software_packaging'] as const satisfies readonly OrderKind[];
export type SpecialKind = (typeof SPECIAL_KINDS)[number];
export type OrderScope = 'mine' | 'units' | 'all';

export const orderKeys = {
  all: ['orders'] as const,
  orderable: ['orders', 'orderable-units'] as const,
  list: (scope: OrderScope, status: OrderStatus | undefined) => ['orders', 'list', scope, status ?? 'any'] as const,
  one: (id: string) => ['orders', 'one', id] as const,
  designations: (unitId: string) => ['orders', 'designations', unitId] as const,
};

/** the units the signed-in user may order for (as a manager or designated orderer). */
export function useOrderableUnits() {
  return useQuery({
    queryKey: orderKeys.orderable,
    queryFn: ({ signal }) => api.get<OrderableUnitList>('/api/v1/orders/orderable-units', signal),
    staleTime: 30_000,
  });
}

const PAGE = 25;

export function useOrderList(scope: OrderScope, status: OrderStatus | undefined, enabled = true) {
  return useInfiniteQuery({
    queryKey: orderKeys.list(scope, status),
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api.get<OrderPage>(`/api/v1/orders${qs({ scope, status, limit: PAGE, cursor: pageParam })}`, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOrder(id: string) {
  return useQuery({ queryKey: orderKeys.one(id), queryFn: ({ signal }) => api.get<Order>(`/api/v1/orders/${id}`, signal) });
}

/** who fulfils orders (the server's policy, sent with the session). */
export const fulfilsOrders = (user: Pick<SessionUser, 'can'>): boolean => user.can.fulfilsOrders;

/** who designates orderers (the server's policy). */
export const designatesOrderers = (user: Pick<SessionUser, 'can'>): boolean => user.can.designatesOrderers;

/** The price-list item of an article valid on the day (a list may hold one article for parts of the year). */
export function itemOn(items: readonly PriceItem[], articleCode: string, day: string): PriceItem | undefined {
  return items.find((i) => i.articleCode === articleCode && i.validFrom <= day && day <= i.validTo);
}

export interface Totals {
  oneOff: number;
  monthly: number;
  weekly: number;
  yearly: number;
  hourly: boolean;
}

/** What a basket costs (öre), counted by the server's own rule (orders/rules.ts orderTotals); hourly articles are charged by time spent. */
export function totalsOf(lines: readonly { quantity: number; item: PriceItem | undefined }[]): Totals {
  const priced = lines.flatMap(({ quantity, item }) =>
    item
      ? [
          {
            status: 'pending' as const,
            quantity,
            purchasePrice: item.purchasePrice,
            monthlyFee: item.monthlyFee,
            weeklyFee: item.weeklyFee,
            yearlyFee: item.yearlyFee,
          },
        ]
      : [],
  );
  return { ...orderTotals(priced), hourly: lines.some((l) => l.item !== undefined && l.item.hourlyRate !== null) };
}
