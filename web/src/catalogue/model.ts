/**
 * The catalogue's client model (issue 6, R-4.1, R-4.2): answer shapes from the server's contract
 * (types only, so the bundle carries no server code; decision 0010), the queries and the small helpers
 * the pages share. Money is integer öre until it is shown (format.ts formatSek).
 */
import { useQuery } from '@tanstack/react-query';
import type { BillingModelList, PriceList, PriceListHead, PriceListHeadList, ServiceList } from '../../../src/catalogue/contract.ts';
import type { ArticleSummary, BillingModel, ChangeKind, ModelCategory, PriceComponent } from '../../../src/catalogue/rules.ts';
import type { SupportLevel, TaskKind } from '../../../src/catalogue/rules.ts';
import { api } from '../api.ts';
import { stockholmNow } from '../format.ts';

export type { ArticleSummary, BillingModel, ChangeKind, ModelCategory, PriceComponent, SupportLevel, TaskKind };

/** The catalogue's answers, as the server's contract defines them (decision 0010). */
export type {
  BillingModelInfo,
  CatalogueService,
  DiffArticle,
  Label,
  PriceImportReport as ImportReport,
  PriceItem,
  PriceList,
  PriceListDiff,
  PriceListHead,
  PublicModel,
  PublicRange,
  RangeModel,
} from '../../../src/catalogue/contract.ts';

/** The price columns in the order people read them. */
export const PRICE_COMPONENTS: readonly PriceComponent[] = ['purchasePrice', 'monthlyFee', 'weeklyFee', 'hourlyRate', 'yearlyFee'];

/** Every model category, in the order the form offers them (a Record, so a new category fails to compile). */
const CATEGORY_ORDER: Record<ModelCategory, number> = {
  computer: 1,
  screen: 2,
  printer: 3,
  tablet: 4,
  phone: 5,
  access_point: 6,
  camera: 7,
  accessory: 8,
  other: 9,
};
export const MODEL_CATEGORIES = (Object.keys(CATEGORY_ORDER) as ModelCategory[]).sort((a, b) => CATEGORY_ORDER[a] - CATEGORY_ORDER[b]);

export const SUPPORT_LEVEL_ORDER: Record<SupportLevel, number> = { managed: 1, managed_without_support: 2, one_to_one: 3 };

/** The price components an item carries (the ones of its billing model), in reading order. */
export function itemPrices(p: Record<PriceComponent, number | null>): { component: PriceComponent; ore: number }[] {
  return PRICE_COMPONENTS.flatMap((component) => {
    const ore = p[component];
    return ore === null ? [] : [{ component, ore }];
  });
}

/** A validity period covers the whole year. */
export function wholeYear(validFrom: string, validTo: string): boolean {
  return validFrom.endsWith('-01-01') && validTo.endsWith('-12-31') && validFrom.slice(0, 4) === validTo.slice(0, 4);
}

export const catalogueKeys = {
  services: ['catalogue', 'services'] as const,
  billingModels: ['catalogue', 'billing-models'] as const,
  lists: ['catalogue', 'price-lists'] as const,
  list: (year: number) => ['catalogue', 'price-lists', year] as const,
  diff: (year: number, against: number) => ['catalogue', 'diff', year, against] as const,
  models: (year: number) => ['catalogue', 'model-range', year] as const,
};

export function useServices() {
  return useQuery({ queryKey: catalogueKeys.services, queryFn: ({ signal }) => api.get<ServiceList>('/api/v1/catalogue/services', signal) });
}

export function useBillingModels() {
  return useQuery({
    queryKey: catalogueKeys.billingModels,
    queryFn: ({ signal }) => api.get<BillingModelList>('/api/v1/catalogue/billing-models', signal),
    staleTime: Infinity,
  });
}

export function usePriceLists() {
  return useQuery({ queryKey: catalogueKeys.lists, queryFn: ({ signal }) => api.get<PriceListHeadList>('/api/v1/price-lists', signal) });
}

export function usePriceList(year: number | undefined) {
  return useQuery({
    queryKey: catalogueKeys.list(year ?? 0),
    queryFn: ({ signal }) => api.get<PriceList>(`/api/v1/price-lists/${year ?? 0}`, signal),
    enabled: year !== undefined,
  });
}

/**
 * The list whose prices are "this year's": the current Stockholm year's, else the newest before it,
 * else the newest there is (the built-in example list is 2023).
 */
export function currentList(lists: readonly PriceListHead[], now = stockholmNow().year): PriceListHead | undefined {
  return lists.find((l) => l.year <= now) ?? lists[lists.length - 1];
}

/** Who changes the shared catalogue (the server's policy, sent with the session). */
export const isCatalogueAdmin = (user: { can: { changesCatalogue: boolean } }): boolean => user.can.changesCatalogue;

/** The file format of a chosen price-list file, by its name (browsers give XLSX files various types). */
export function fileContentType(file: File): string {
  return /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}
