import { REGISTER_STATUS_SV, type RegisterStatus } from './register.ts';
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
export function presentAsset(a: AssetRow, names: { unitName: string; holderName: string | null }) {
  return { ...presentAssetRecord(a), statusSv: statusSv(a.status), unitName: names.unitName, holderName: names.holderName, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

export function presentEvent(e: AssetEventRow) {
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
