import { writeAudit } from '../platform/audit/audit.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { presentAssetRecord } from './presenter.ts';
import {
  ERASERS,
  type Asset,
  type AssetEvent,
  type AssetStatus,
  type BillingPeriod,
  type Buyer,
  type DeviceType,
  type ErasureRecord,
  type Holder,
  type Incident,
  type SaleRecord,
} from './rules.ts';
import { assets } from './schema.ts';
import * as store from './store.ts';
import type { AssetRow } from './store.ts';
import { now as clockNow } from '../platform/clock.ts';

/**
 * The bridge between a register row and the pure lifecycle (rules.ts, R-5.2): what the rules keep that
 * has no column of its own lives in `assets.details`; billing periods are rows of
 * `asset_billing_periods`. Reading builds the rules' `Asset`; writing stores the rules' answer, its
 * history row and its audit row in the caller's transaction.
 */

/** What `assets.details` holds for the lifecycle. */
export interface LifecycleDetails {
  orderedOn?: string;
  lastEventOn?: string;
  lastHolder?: Holder | null;
  retiredOn?: string | null;
  erasure?: ErasureRecord | null;
  /** the sale; `priceOre` is what a student paid, for the receipt. */
  sale?: (SaleRecord & { priceOre?: number | null }) | null;
  recycledOn?: string | null;
  incident?: Incident | null;
}

function isHolder(v: unknown): v is Holder {
  return typeof v === 'object' && v !== null && typeof (v as Holder).personId === 'string' && typeof (v as Holder).role === 'string';
}

/** The lifecycle part of a row's details (defensive: details is JSON written by earlier versions too). */
export function lifecycleDetails(row: Pick<AssetRow, 'details'>): LifecycleDetails {
  const d = row.details as LifecycleDetails;
  const erasure = d.erasure && typeof d.erasure === 'object' && (ERASERS as readonly string[]).includes(d.erasure.by.kind) ? d.erasure : null;
  return { ...d, lastHolder: isHolder(d.lastHolder) ? d.lastHolder : null, erasure };
}

export interface LifecycleState {
  asset: Asset;
  details: LifecycleDetails;
}

/** The holder's person role, needed by the sale rule. */
async function roleOf(db: DbOrTx, personId: string | null): Promise<string | null> {
  if (personId === null) return null;
  return (await store.personRole(db, personId)) ?? null;
}

/** The rules' view of a stored asset. An ordered asset has no serial, unit or holder for the rules yet. */
export async function loadLifecycle(db: DbOrTx, row: AssetRow): Promise<LifecycleState> {
  const details = lifecycleDetails(row);
  const role = await roleOf(db, row.holderPersonId);
  const holder: Holder | null = row.holderPersonId && role ? { personId: row.holderPersonId, role } : null;
  const periods = await store.billingPeriodsOf(db, row.id);
  const ordered = row.status === 'ordered';
  const orderedOn = details.orderedOn ?? row.deliveredOn ?? row.createdAt.toISOString().slice(0, 10);
  const asset: Asset = {
    id: row.id,
    serial: ordered ? null : row.serial,
    deviceType: row.deviceType as DeviceType,
    serviceCode: row.serviceCode,
    modelLifetimeMonths: row.modelLifetimeMonths,
    status: row.status as AssetStatus,
    orderedOn,
    deliveredOn: row.deliveredOn,
    lastEventOn: details.lastEventOn ?? row.deliveredOn ?? orderedOn,
    holder,
    lastHolder: details.lastHolder ?? holder,
    unitId: ordered ? null : row.unitId,
    location: row.location === '' ? null : row.location,
    bindingEndsOn: row.bindingUntil,
    billing: periods.map((p): BillingPeriod => ({ unitId: p.unitId, from: p.fromOn, to: p.toOn, basis: p.basis })),
    retiredOn: details.retiredOn ?? null,
    erasure: details.erasure ?? null,
    sale: details.sale ?? null,
    recycledOn: details.recycledOn ?? null,
    incident: details.incident ?? null,
  };
  return { asset, details };
}

/** The columns and details that store the rules' asset on its row. */
export function columnsOf(row: AssetRow, asset: Asset, extra: { renewalOn?: string | null; sale?: LifecycleDetails['sale'] } = {}) {
  const details: LifecycleDetails = {
    ...lifecycleDetails(row),
    orderedOn: asset.orderedOn,
    lastEventOn: asset.lastEventOn,
    lastHolder: asset.lastHolder,
    retiredOn: asset.retiredOn,
    erasure: asset.erasure,
    sale: extra.sale ?? asset.sale,
    recycledOn: asset.recycledOn,
    incident: asset.incident,
  };
  return {
    status: asset.status,
    serial: asset.serial ?? row.serial,
    unitId: asset.unitId ?? row.unitId,
    holderPersonId: asset.holder?.personId ?? null,
    location: asset.location ?? '',
    deliveredOn: asset.deliveredOn,
    bindingUntil: asset.bindingEndsOn,
    renewalOn: extra.renewalOn === undefined ? row.renewalOn : extra.renewalOn,
    details: details as Record<string, unknown>,
  };
}

/** The event's own data for the history: what was recorded, without the holder's role. */
function eventData(event: AssetEvent): Record<string, unknown> {
  const { kind: _kind, date: _date, ...rest } = event;
  const data: Record<string, unknown> = { ...rest };
  if ('holder' in event) data.holder = event.holder?.personId ?? null;
  if (event.kind === 'sell') data.buyer = publicBuyer(event.buyer);
  return data;
}

function publicBuyer(buyer: Buyer) {
  return buyer.kind === 'partner' ? buyer : { kind: buyer.kind, personId: buyer.personId, proof: buyer.proof };
}

/**
 * Stores an accepted event (R-5.2) in the caller's transaction: the row (409 on a stale version), the
 * billing periods replaced by the rules' (R-6.4), a history row and the audit row.
 */
export async function storeEvent(
  tx: DbOrTx,
  actor: Actor,
  props: {
    row: AssetRow;
    expectedVersion: number;
    before: Asset;
    after: Asset;
    event: AssetEvent;
    note?: string | undefined;
    extra?: Parameters<typeof columnsOf>[2];
    selfService?: boolean;
  },
): Promise<AssetRow> {
  const { row, before, after, event } = props;
  const values = columnsOf(row, after, props.extra);
  const updated = await updateVersioned(tx, assets, { id: row.id, expectedVersion: props.expectedVersion, values, present: presentAssetRecord });
  await store.replaceBillingPeriods(
    tx,
    row.id,
    after.billing.map((p) => ({ assetId: row.id, municipalityId: row.municipalityId, unitId: p.unitId, fromOn: p.from, toOn: p.to, basis: p.basis })),
  );
  const changes: Record<string, unknown> = { ...eventData(event) };
  for (const k of ['unitId', 'holderPersonId', 'location', 'serial'] as const) {
    if (row[k] !== updated[k]) changes[k] = [row[k], updated[k]];
  }
  if (props.selfService) changes.selfService = true;
  await store.insertEvent(tx, {
    assetId: row.id,
    municipalityId: row.municipalityId,
    kind: event.kind,
    occurredOn: event.date,
    actorUserId: actor.id,
    fromStatus: before.status,
    toStatus: after.status,
    changes,
    note: props.note ?? '',
    at: clockNow(),
  });
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: row.municipalityId,
    entity: 'asset',
    entityId: row.id,
    action: event.kind,
    before: presentAssetRecord(row),
    after: presentAssetRecord(updated),
  });
  return updated;
}

/** Names for the billing periods and the last holder, for the asset page. */
export async function lifecycleNames(db: DbOrTx, asset: Asset): Promise<{ units: Map<string, string>; people: Map<string, string> }> {
  const unitIds = [...new Set(asset.billing.map((p) => p.unitId))];
  const personIds = [
    ...new Set(
      [asset.lastHolder?.personId, asset.sale?.buyer.kind === 'person' ? asset.sale.buyer.personId : undefined].filter((v): v is string => v !== undefined),
    ),
  ];
  const unitNames = new Map<string, string>();
  for (const id of unitIds) {
    const name = await store.unitName(db, id);
    if (name !== undefined) unitNames.set(id, name);
  }
  const names = new Map<string, string>();
  for (const id of personIds) {
    const name = await store.personName(db, id);
    if (name !== undefined) names.set(id, name);
  }
  return { units: unitNames, people: names };
}
