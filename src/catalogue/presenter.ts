import type { MissionDocument } from '../mission/rules.ts';
import { BILLING_MODEL_INFO, MODEL_CATEGORY_LABELS, pricesOf, TASK_KINDS, taskOwner, type PriceEntry } from './rules.ts';
import type { CatalogueService, PriceItem, PriceList, PriceListHead, PublicModel, RangeModel } from './contract.ts';
import type { ItemRow, ModelRow, PriceListRow, ServiceRow, StoredEntry } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A catalogue service with its billing model, what is included, and who owns each
 * support task at its support level. `mission` adds the numbers the mission in force gives the
 * service (renewal after 48 months, one-week minimum).
 */
export function presentService(s: ServiceRow, mission?: Pick<MissionDocument, 'catalogue'>): CatalogueService {
  const fromMission = mission?.catalogue.services.find((m) => m.code === s.code);
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    description: s.description,
    billingModel: s.billingModel,
    billingModelLabel: { sv: BILLING_MODEL_INFO[s.billingModel].sv, en: BILLING_MODEL_INFO[s.billingModel].en },
    priceComponents: [...BILLING_MODEL_INFO[s.billingModel].components],
    supportLevel: s.supportLevel,
    supportTasks: s.supportLevel ? TASK_KINDS.map((task) => ({ task, ...taskOwner(s.supportLevel ?? 'managed', task) })) : [],
    included: s.included,
    renewalMonths: fromMission?.renewalMonths ?? null,
    minimumDays: fromMission?.minimumDays ?? null,
    sortOrder: s.sortOrder,
    active: s.active,
    version: s.version,
  };
}

/** The audit trail's shape of a service (no mission numbers: those are not part of the record). */
export function presentServiceRecord(s: ServiceRow) {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    description: s.description,
    billingModel: s.billingModel,
    supportLevel: s.supportLevel,
    included: s.included,
    sortOrder: s.sortOrder,
    active: s.active,
    version: s.version,
  };
}

export function presentPriceListHead(l: PriceListRow): PriceListHead {
  return {
    id: l.id,
    year: l.year,
    title: l.title,
    example: l.example,
    copiedFromYear: l.copiedFromYear,
    locked: l.lockedAt !== null,
    lockedAt: iso(l.lockedAt),
    lockedReason: l.lockedReason,
    version: l.version,
  };
}

export function presentItem(i: ItemRow, serviceCode: string): PriceItem {
  return {
    id: i.id,
    articleCode: i.articleCode,
    serviceCode,
    name: i.name,
    billingModel: i.billingModel,
    ...pricesOf(i),
    validFrom: i.validFrom,
    validTo: i.validTo,
    version: i.version,
  };
}

export function presentPriceList(l: PriceListRow, entries: StoredEntry[]): PriceList {
  return { ...presentPriceListHead(l), items: entries.map((e) => presentItem(e.row, e.serviceCode)) };
}

export function presentModel(m: ModelRow): RangeModel {
  return {
    id: m.id,
    year: m.year,
    municipalityId: m.municipalityId,
    category: m.category,
    manufacturer: m.manufacturer,
    model: m.model,
    description: m.description,
    articleCode: m.articleCode,
    technicalLifeMonths: m.technicalLifeMonths,
    version: m.version,
  };
}

const SEK = new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK', minimumFractionDigits: 2 });

/** Swedish money for people to read (`1 234,50 kr`); only ever at the edge, never in files. */
export function formatOre(ore: number): string {
  return SEK.format(ore / 100);
}

/** The public shape of a model: what staff choose from, with its prices for the year. */
export function presentPublicModel(m: ModelRow, entries: PriceEntry[], service: { code: string; name: string } | undefined): PublicModel {
  return {
    id: m.id,
    category: m.category,
    categoryLabel: MODEL_CATEGORY_LABELS[m.category],
    manufacturer: m.manufacturer,
    model: m.model,
    description: m.description,
    technicalLifeMonths: m.technicalLifeMonths,
    articleCode: m.articleCode,
    service: service ?? null,
    prices: entries.map((e) => ({
      validFrom: e.validFrom,
      validTo: e.validTo,
      billingModel: e.billingModel,
      billingModelLabel: { sv: BILLING_MODEL_INFO[e.billingModel].sv, en: BILLING_MODEL_INFO[e.billingModel].en },
      ...pricesOf(e),
      display: BILLING_MODEL_INFO[e.billingModel].components.map((c) => ({ component: c, text: formatOre(e[c] ?? 0) })),
    })),
    updatedAt: m.updatedAt.toISOString(),
  };
}
