import type { Asset as AssetAnswer, AssetEvent, AssetLifecycle } from './contract.ts';
import { lifecycleDetails } from './lifecycle.ts';
import { REGISTER_STATUS_SV, type RegisterStatus } from './register.ts';
import { allowedEvents, bindingStatus, disposalRoutes, EVENT_KIND_SV, isBilled, type Asset, type SaleRoles } from './rules.ts';
import type { AssetEventRow, AssetRow } from './store.ts';

const statusSv = (s: string) => REGISTER_STATUS_SV[s as RegisterStatus] ?? s;

/** The record as it enters the audit trail and the history (no names, no derived fields). */
export function presentAssetRecord(a: AssetRow) {
  return {
    id: a.id,
    municipalityId: a.municipalityId,
    unitId: a.unitId,
    deviceType: a.deviceType,
    serviceCode: a.serviceCode,
    model: a.model,
    modelRangeItemId: a.modelRangeItemId,
    modelLifetimeMonths: a.modelLifetimeMonths,
    serial: a.serial,
    holderPersonId: a.holderPersonId,
    location: a.location,
    supportLevel: a.supportLevel,
    articleCode: a.articleCode,
    orderLineId: a.orderLineId,
    deliveredOn: a.deliveredOn,
    bindingMonths: a.bindingMonths,
    bindingUntil: a.bindingUntil,
    renewalOn: a.renewalOn,
    status: a.status,
    note: a.note,
    version: a.version,
  };
}

/** An asset as it leaves the server. */
export function presentAsset(a: AssetRow, names: { unitName: string; holderName: string | null }): AssetAnswer {
  return {
    ...presentAssetRecord(a),
    statusSv: statusSv(a.status),
    unitName: names.unitName,
    holderName: names.holderName,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentEvent(e: AssetEventRow): AssetEvent {
  return {
    id: e.id,
    kind: e.kind,
    occurredOn: e.occurredOn,
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    changes: e.changes,
    note: e.note,
  };
}

/**
 * The lifecycle as the asset page shows it: billing periods with unit
 * names, the binding period today, disposal routes, what can happen next and the printable documents.
 */
export function presentLifecycle(
  row: AssetRow,
  asset: Asset,
  names: { units: Map<string, string>; people: Map<string, string> },
  today: string,
  saleRoles: SaleRoles,
): AssetLifecycle {
  const person = (id: string) => names.people.get(id) ?? null;
  const sale = lifecycleDetails(row).sale ?? null;
  const base = `/api/v1/assets/${row.id}`;
  return {
    orderedOn: asset.orderedOn,
    lastEventOn: asset.lastEventOn,
    billedNow: isBilled(asset),
    billing: asset.billing.map((p) => ({ ...p, unitName: names.units.get(p.unitId) ?? '' })),
    binding: bindingStatus(asset, today),
    holderRole: asset.holder?.role ?? null,
    lastHolder: asset.lastHolder ? { ...asset.lastHolder, name: person(asset.lastHolder.personId) } : null,
    retiredOn: asset.retiredOn,
    erasure: asset.erasure,
    sale: sale
      ? {
          soldOn: sale.soldOn,
          priceOre: sale.priceOre ?? null,
          buyer: sale.buyer.kind === 'person' ? { ...sale.buyer, name: person(sale.buyer.personId) } : sale.buyer,
        }
      : null,
    recycledOn: asset.recycledOn,
    incident: asset.incident,
    disposalRoutes: asset.status === 'retired' || asset.status === 'erased' ? disposalRoutes(asset, saleRoles) : [],
    allowedEvents: allowedEvents(asset.status).map((kind) => ({ kind, kindSv: EVENT_KIND_SV[kind] })),
    documents: {
      erasureProtocol: asset.erasure ? `${base}/erasure-protocol.pdf` : null,
      saleReceipt: sale?.buyer.kind === 'person' ? `${base}/sale-receipt.pdf` : null,
    },
  };
}
