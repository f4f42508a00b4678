import { z } from '@hono/zod-openapi';
import { SUPPORT_LEVELS } from '../catalogue/rules.ts';
import { ZLocalDate, ZVersion } from '../platform/http/types.ts';
import { RENEWAL_MONTHS } from './planning-rules.ts';
import { DEVICE_TYPES, INITIAL_STATUSES, REGISTER_STATUSES, serialProblem } from './register.ts';
import { ERASERS, type Buyer, type ErasureRecord, type Incident } from './rules.ts';

/**
 * The inventory's contract (issue 17, decision 0010): every request and answer of /api/v1/assets —
 * the register, an asset with its history and lifecycle, the import, renewal planning — defined once.
 * (A unit's monthly equipment cost, /assets/unit-costs, is billing's: src/billing/contract.ts.) Routes
 * declare these schemas, services validate with the request schemas, presenters are typed by the
 * answer types, and the web app imports the types with `import type`.
 */

// ---------------------------------------------------------------- answers

export const ZAsset = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    unitId: z.uuid(),
    unitName: z.string(),
    deviceType: z.string(),
    serviceCode: z.string().nullable(),
    model: z.string(),
    modelRangeItemId: z.uuid().nullable(),
    modelLifetimeMonths: z.number().int().nullable(),
    serial: z.string(),
    holderPersonId: z.uuid().nullable(),
    holderName: z.string().nullable(),
    location: z.string(),
    supportLevel: z.enum(SUPPORT_LEVELS).nullable(),
    articleCode: z.string().nullable(),
    orderLineId: z.uuid().nullable(),
    deliveredOn: z.string().nullable(),
    bindingMonths: z.number().int().nullable(),
    bindingUntil: z.string().nullable().describe('R-5.4: end of the binding period'),
    renewalOn: z.string().nullable().describe('R-5.1: renewal date'),
    status: z.string(),
    statusSv: z.string(),
    note: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Asset');
export type Asset = z.infer<typeof ZAsset>;

/** One row of an asset's history: registration, self-service updates and lifecycle events. */
export const ZAssetEvent = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    occurredOn: z.string(),
    at: z.string(),
    actorUserId: z.uuid().nullable(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()),
    note: z.string(),
  })
  .openapi('AssetEvent');
export type AssetEvent = z.infer<typeof ZAssetEvent>;

/** billing of one cost bearer over [from, to); to = null while it runs. */
export const ZAssetBillingPeriod = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  basis: z.enum(['active', 'early_return']),
});
export type AssetBillingPeriod = z.infer<typeof ZAssetBillingPeriod>;

export const ZAssetLifecycle = z
  .object({
    orderedOn: z.string(),
    lastEventOn: z.string(),
    billedNow: z.boolean().describe('R-6.4: an open billing period (active, or returned early until reassigned, R-5.4)'),
    billing: z.array(ZAssetBillingPeriod),
    binding: z.object({ bound: z.boolean(), endsOn: z.string().nullable(), daysLeft: z.number().int() }),
    holderRole: z.string().nullable(),
    lastHolder: z.object({ personId: z.uuid(), role: z.string(), name: z.string().nullable() }).nullable(),
    retiredOn: z.string().nullable(),
    erasure: z.record(z.string(), z.unknown()).nullable(),
    sale: z.record(z.string(), z.unknown()).nullable(),
    recycledOn: z.string().nullable(),
    incident: z.record(z.string(), z.unknown()).nullable(),
    disposalRoutes: z.array(z.enum(['recycling', 'student_purchase', 'second_hand_partner'])),
    allowedEvents: z.array(z.object({ kind: z.string(), kindSv: z.string() })),
    documents: z.object({ erasureProtocol: z.string().nullable(), saleReceipt: z.string().nullable() }),
  })
  .openapi('AssetLifecycle');

/**
 * The records the lifecycle schema leaves open (`erasure`, `sale`, `incident`: objects), as the
 * presenter fills them from the lifecycle rules. The presenter is typed by this
 * and must also satisfy the schema, so the web reads them from here rather than guessing.
 */
type Plain<T> = { [K in keyof T]: T[K] };
export type AssetErasure = Plain<ErasureRecord>;
/** the sale; a person buyer with their name, `priceOre` what a student paid (for the receipt). */
export type AssetSale = {
  soldOn: string;
  priceOre: number | null;
  buyer: Exclude<Buyer, { kind: 'person' }> | (Extract<Buyer, { kind: 'person' }> & { name: string | null });
};
export type AssetIncident = Plain<Incident>;
export type AssetLifecycle = Omit<z.infer<typeof ZAssetLifecycle>, 'erasure' | 'sale' | 'incident'> & {
  erasure: AssetErasure | null;
  sale: AssetSale | null;
  incident: AssetIncident | null;
};
/** Compile-time check: the refined lifecycle is still what the schema (and the OpenAPI document) says. */
type Fits<T extends U, U> = T;
export type _LifecycleFitsSchema = Fits<AssetLifecycle, z.infer<typeof ZAssetLifecycle>>;

/** GET /assets/{id}, /assets/serial/{serial} and the answer of every event. */
export const ZAssetWithHistory = ZAsset.extend({
  history: z.array(ZAssetEvent),
  canEdit: z.boolean(),
  canAct: z.boolean(),
  lifecycle: ZAssetLifecycle,
}).openapi('AssetWithHistory');
export type AssetWithHistory = Omit<z.infer<typeof ZAssetWithHistory>, 'lifecycle'> & { lifecycle: AssetLifecycle };

/** GET /assets: one keyset page of the register, by serial. */
export const ZAssetPage = z.object({ items: z.array(ZAsset), nextCursor: z.string().nullable() });
export type AssetPage = z.infer<typeof ZAssetPage>;

export const ZAssetImportReport = z
  .object({
    dryRun: z.boolean(),
    created: z.number().int(),
    errors: z.array(z.object({ row: z.number().int().optional(), field: z.string(), reason: z.string(), reasonSv: z.string() })),
  })
  .openapi('AssetImportReport');
export type AssetImportReport = z.infer<typeof ZAssetImportReport>;

/** GET /assets/renewals: what is due for renewal, per unit. */
export const ZRenewalItem = z.object({
  id: z.uuid(),
  serial: z.string(),
  model: z.string(),
  holderName: z.string().nullable(),
  deliveredOn: z.string().nullable(),
  renewalOn: z.string(),
  overdue: z.boolean().describe('the renewal date is today or has passed'),
  replacementOrderNumber: z.string().nullable().describe('the live order already replacing it, if any'),
});
export type RenewalItem = z.infer<typeof ZRenewalItem>;
export const ZAssetRenewals = z
  .object({
    until: z.string().describe('computers due for renewal strictly before this date are listed'),
    units: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), items: z.array(ZRenewalItem) })),
  })
  .openapi('AssetRenewals');
export type AssetRenewals = z.infer<typeof ZAssetRenewals>;

/** POST /assets/renewals/order: the replacement order placed. */
export const ZRenewalOrder = z.object({ orderId: z.uuid(), number: z.string() }).openapi('RenewalOrder');
export type RenewalOrder = z.infer<typeof ZRenewalOrder>;

// ---------------------------------------------------------------- requests: the register

const ZDate = ZLocalDate;

/** POST /assets: IT registers an asset. */
export const ZAssetInput = z.strictObject({
  unitId: z.uuid(),
  deviceType: z.enum(DEVICE_TYPES),
  serviceCode: z.string().trim().min(1).max(100).nullable().optional(),
  model: z.string().trim().min(1).max(200),
  modelRangeItemId: z.uuid().nullable().optional(),
  serial: z.string().max(100),
  holderPersonId: z.uuid().nullable().optional(),
  location: z.string().trim().max(200).optional(),
  supportLevel: z.enum(SUPPORT_LEVELS).nullable().optional(),
  deliveredOn: ZDate.nullable().optional(),
  /** When equipment registered as ordered was ordered (default: today); lifecycle dates follow it. */
  orderedOn: ZDate.optional(),
  bindingMonths: z.number().int().min(0).max(120).nullable().optional(),
  status: z.enum(INITIAL_STATUSES).optional(),
  note: z.string().max(2000).optional(),
});
export type TAssetInput = z.infer<typeof ZAssetInput>;

/** PATCH /assets/{id}: self-service (holder, location, unit, note). */
export const ZAssetUpdate = z
  .strictObject({
    version: ZVersion,
    unitId: z.uuid().optional(),
    holderPersonId: z.uuid().nullable().optional(),
    location: z.string().trim().max(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((v) => v.unitId !== undefined || v.holderPersonId !== undefined || v.location !== undefined || v.note !== undefined, {
    message: 'nothing to change',
    path: ['body'],
  });
export type TAssetUpdate = z.infer<typeof ZAssetUpdate>;

/** GET /assets */
export const ZAssetListQuery = z.strictObject({
  municipalityId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  deviceType: z.enum(DEVICE_TYPES).optional(),
  status: z.enum(REGISTER_STATUSES).optional(),
  holderPersonId: z.uuid().optional(),
  serial: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AssetListQuery = z.infer<typeof ZAssetListQuery>;

/** The register's page key: the last serial number shown. */
export const ZSerialCursor = z.object({ serial: z.string().refine((serial) => serial !== '' && !serialProblem(serial)) });

/** GET /assets/serial/{serial} */
export const ZSerialParams = z.object({
  serial: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'serial', in: 'path' } }),
});

/** POST /assets/import?municipalityId=&dryRun= */
export const ZAssetImportQuery = z.object({ municipalityId: z.uuid(), dryRun: z.enum(['true', 'false']).default('false') });

// ---------------------------------------------------------------- requests: lifecycle events

const ZVersioned = { version: ZVersion, date: ZDate.optional(), note: z.string().trim().max(2000).optional() };
const ZText = z.string().trim().min(1).max(200);

/** POST /assets/{id}/events */
export const ZEventInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('deliver'),
    ...ZVersioned,
    serial: z.string().max(100).optional(),
    unitId: z.uuid(),
    holderPersonId: z.uuid().nullable().optional(),
    location: z.string().trim().max(200).optional(),
    bindingMonths: z.number().int().min(0).max(120).nullable().optional(),
  }),
  z.strictObject({ kind: z.literal('move'), ...ZVersioned, location: ZText }),
  z.strictObject({
    kind: z.literal('reassign'),
    ...ZVersioned,
    unitId: z.uuid(),
    holderPersonId: z.uuid().nullable(),
    location: z.string().trim().max(200).optional(),
  }),
  z.strictObject({ kind: z.literal('return'), ...ZVersioned }),
  z.strictObject({ kind: z.literal('stock'), ...ZVersioned, location: z.string().trim().max(200).optional() }),
  z.strictObject({ kind: z.literal('retire'), ...ZVersioned }),
  z.strictObject({
    kind: z.literal('erase'),
    ...ZVersioned,
    erasedBy: z.strictObject({ kind: z.enum(ERASERS), name: ZText }),
    method: ZText,
    serial: z.string().max(100),
  }),
  z.strictObject({
    kind: z.literal('sell'),
    ...ZVersioned,
    buyer: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('person'),
        personId: z.uuid(),
        proof: z.strictObject({ kind: z.enum(['receipt', 'invoice']), reference: z.string().trim().max(100) }),
      }),
      z.strictObject({ kind: z.literal('partner'), partner: z.string().trim().max(200), batch: z.string().trim().max(100) }),
    ]),
    priceOre: z.number().int().min(0).max(100_000_000).nullable().optional(),
  }),
  z.strictObject({ kind: z.literal('recycle'), ...ZVersioned }),
  z.strictObject({ kind: z.literal('report_stolen'), ...ZVersioned, policeReport: z.string().trim().max(100) }),
  z.strictObject({ kind: z.literal('report_damaged'), ...ZVersioned, policeReport: z.string().trim().max(100) }),
  z.strictObject({ kind: z.literal('settle'), ...ZVersioned, reference: z.string().trim().max(100), amount: z.number().int().min(0).max(100_000_000_00) }),
]);
export type TEventInput = z.infer<typeof ZEventInput>;

// ---------------------------------------------------------------- requests: renewal planning

/** GET /assets/renewals */
export const ZRenewalQuery = z.strictObject({
  municipalityId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  months: z.coerce.number().int().min(RENEWAL_MONTHS.min).max(RENEWAL_MONTHS.max).default(RENEWAL_MONTHS.default),
});
export type RenewalQuery = z.infer<typeof ZRenewalQuery>;

/** POST /assets/renewals/order */
export const ZRenewalOrderInput = z.strictObject({
  unitId: z.uuid(),
  assetIds: z.array(z.uuid()).min(1).max(100),
  /** The computer of the model range that replaces each of them. */
  modelRangeItemId: z.uuid(),
  /** The horizon the assets must be due within, as in the renewal list (default 6 months). */
  months: z.number().int().min(RENEWAL_MONTHS.min).max(RENEWAL_MONTHS.max).default(RENEWAL_MONTHS.default),
});
export type TRenewalOrderInput = z.infer<typeof ZRenewalOrderInput>;
