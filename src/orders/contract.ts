import { z } from '@hono/zod-openapi';
import { BILLING_MODELS, SUPPORT_LEVELS } from '../catalogue/rules.ts';
import { bilingual } from '../platform/http/context.ts';
import { ZVersion as ZVersionNumber } from '../platform/http/types.ts';
import { LINE_STATUSES, ORDER_KINDS, ORDER_STATUSES } from './rules.ts';
import type { SpecialOrderDetails } from './schema.ts';

export type { SpecialOrderDetails };

/**
 * The orders capability's contract (docs/decisions/0010): the zod schemas of the requests and answers
 * of /api/v1/orders and /api/v1/units/{id}/orderers… — orders, special orders, their lines, orderer
 * designations, fulfilment — and their types. Routes declare these schemas, services validate with the
 * request schemas, presenters are typed by the answer types, and the web app imports the types.
 */

// ---------------------------------------------------------------- answers

const ZMoney = z.number().int().nullable();

/**
 * `details` is an open object in the OpenAPI document (any keys); its type is the stored shape of a
 * special order, so the web reads its fields without a cast and the presenter cannot drift.
 */
type WithDetails<T> = Omit<T, 'details'> & { details: SpecialOrderDetails | null };

export const ZDesignation = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    userId: z.uuid(),
    userName: z.string(),
    designatedByUserId: z.uuid(),
    designatedByName: z.string(),
    designatedAt: z.string(),
    revokedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('OrdererDesignation');
export type Designation = z.infer<typeof ZDesignation>;

const ZOrderHead = {
  id: z.uuid(),
  number: z.string().describe('the service request’s ticket number'),
  municipalityId: z.uuid(),
  unitId: z.uuid(),
  ordererUserId: z.uuid(),
  kind: z.enum(ORDER_KINDS),
  kindSv: z.string(),
  status: z.enum(ORDER_STATUSES),
  ticketId: z.uuid(),
  orderedOn: z.string(),
  placedAt: z.string(),
  note: z.string(),
  details: z.record(z.string(), z.unknown()).nullable().describe('what a special order (R-4.4) asks for'),
  accountEndsOn: z.string().nullable(),
  reminderTicketId: z.uuid().nullable(),
  cancelledReason: z.string().nullable(),
  version: z.number().int(),
  unitName: z.string(),
  ordererName: z.string(),
};
export const ZOrderLine = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    description: z.string(),
    articleCode: z.string().nullable(),
    serviceCode: z.string().nullable(),
    billingModel: z.enum(BILLING_MODELS).nullable(),
    modelRangeItemId: z.uuid().nullable(),
    model: z.string().nullable(),
    modelCategory: z.string().nullable(),
    supportLevel: z.enum(SUPPORT_LEVELS).nullable(),
    quantity: z.number().int(),
    purchasePrice: ZMoney,
    monthlyFee: ZMoney,
    weeklyFee: ZMoney,
    hourlyRate: ZMoney,
    yearlyFee: ZMoney,
    status: z.enum(LINE_STATUSES),
    statusSv: z.string(),
    orderedAt: z.string().nullable(),
    serialNumber: z.string().nullable(),
    holderPersonId: z.uuid().nullable(),
    holderName: z.string().nullable(),
    deliveredOn: z.string().nullable(),
    billingStartsOn: z.string().nullable().describe('R-6.4: the day billing of the delivered line starts'),
    cancelledReason: z.string().nullable(),
  })
  .openapi('OrderLine');
/** Issue 17: what the signed-in user may do with a line now (the page shows these buttons and no others). */
export const ZLineActions = z
  .object({ markOrdered: z.boolean(), deliver: z.boolean(), cancel: z.boolean() })
  .describe('what the signed-in user may do with the line now: mark it ordered from the supplier, deliver it, cancel it')
  .openapi('OrderLineActions');
export const ZOrderLineWithActions = ZOrderLine.extend({ actions: ZLineActions }).openapi('OrderLineWithActions');
export type OrderLine = z.infer<typeof ZOrderLine>;

export const ZOrder = z
  .object({
    ...ZOrderHead,
    ticketNumber: z.string().nullable(),
    reminderTicketNumber: z.string().nullable(),
    totals: z
      .object({ oneOff: z.number().int(), monthly: z.number().int(), weekly: z.number().int(), yearly: z.number().int() })
      .describe('öre, cancelled lines left out'),
    lines: z.array(ZOrderLineWithActions),
    canFulfil: z.boolean(),
    canCancel: z.boolean(),
  })
  .openapi('Order');
export type Order = WithDetails<z.infer<typeof ZOrder>>;

export const ZOrderSummary = z.object({ ...ZOrderHead, lineCount: z.number().int() }).openapi('OrderSummary');
export type OrderSummary = WithDetails<z.infer<typeof ZOrderSummary>>;
/** An order's head as its presenter builds it, without the unit's and orderer's names. */
export type OrderHead = Omit<OrderSummary, 'unitName' | 'ordererName' | 'lineCount'>;

/** GET /units/{id}/orderers */
export const ZDesignationList = z.object({ items: z.array(ZDesignation) });
export type DesignationList = z.infer<typeof ZDesignationList>;

/** GET /units/{id}/orderer-candidates: an account one may designate. */
export const ZCandidate = z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), email: z.string().nullable() });
export type Candidate = z.infer<typeof ZCandidate>;
export const ZCandidateList = z.object({ items: z.array(ZCandidate) });
export type CandidateList = z.infer<typeof ZCandidateList>;

/** GET /orders/orderable-units: a unit one may order for, and why. */
export const ZOrderableUnit = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  municipalityId: z.uuid(),
  via: z.enum(['manager', 'designation']),
});
export type OrderableUnit = z.infer<typeof ZOrderableUnit>;
export const ZOrderableUnitList = z.object({ items: z.array(ZOrderableUnit) });
export type OrderableUnitList = z.infer<typeof ZOrderableUnitList>;

/** GET /orders/accounts-ending */
export const ZAccountEnding = ZOrderSummary.extend({ accountName: z.string(), endsOn: z.string(), daysLeft: z.number().int() });
export type AccountEnding = WithDetails<z.infer<typeof ZAccountEnding>>;
export const ZAccountsEnding = z.object({ days: z.number().int(), items: z.array(ZAccountEnding) });
export type AccountsEnding = Omit<z.infer<typeof ZAccountsEnding>, 'items'> & { items: AccountEnding[] };

/** GET /orders: one keyset page. */
export const ZOrderPage = z.object({ items: z.array(ZOrderSummary), nextCursor: z.string().nullable() });
export type OrderPage = Omit<z.infer<typeof ZOrderPage>, 'items'> & { items: OrderSummary[] };

// ---------------------------------------------------------------- requests

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date(bilingual('must be a date YYYY-MM-DD', 'ska vara ett datum ÅÅÅÅ-MM-DD'));

/** GET /units/{id}/orderers */
export const ZDesignationQuery = z.object({ includeRevoked: z.enum(['true', 'false']).default('false') });

/** POST /units/{id}/orderers */
export const ZDesignationInput = z.strictObject({ userId: z.uuid() });
export type DesignationInput = z.infer<typeof ZDesignationInput>;

/** GET /units/{id}/orderer-candidates */
export const ZCandidateQuery = z.object({ q: z.string().trim().min(2).max(100) });

/** POST /orders: a standard order's lines or a special order's details. */
const ZLineInput = z.strictObject({
  /** A model of the model range; its article gives the price. */
  modelId: z.uuid().optional(),
  /** An article of the year's price list without a model (accessories, hours…). */
  articleCode: z.string().trim().min(1).max(40).optional(),
  quantity: z.number().int().min(1).max(50).default(1),
});
const ZSoftware = { software: text(200), vendor: z.string().trim().max(200).nullable().default(null), purpose: text(2000) };
const head = { unitId: z.uuid(), note: z.string().trim().max(4000).default('') };

export const ZOrderInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('standard'), ...head, lines: z.array(ZLineInput).min(1).max(50) }),
  z.strictObject({
    kind: z.literal('account_non_employee'),
    ...head,
    account: z.strictObject({
      firstName: text(100),
      lastName: text(100),
      email: z.email().max(200).nullable().default(null),
      personRole: text(60),
      organisation: z.string().trim().max(200).nullable().default(null),
      startsOn: isoDate.optional(),
      endsOn: isoDate,
      reason: text(2000),
    }),
  }),
  z.strictObject({
    kind: z.literal('function_address'),
    ...head,
    functionAddress: z.strictObject({
      address: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, bilingual('the part before @: letters a–z, digits, . _ -', 'delen före @: bokstäverna a–z, siffror, . _ -')),
      displayName: text(200),
      purpose: text(2000),
      ownerPersonIds: z.array(z.uuid()).max(20).default([]),
    }),
  }),
  z.strictObject({ kind: z.literal('software_request'), ...head, software: z.strictObject({ ...ZSoftware, computers: text(2000) }) }),
  z.strictObject({
    kind: z.literal('software_packaging'),
    ...head,
    packaging: z.strictObject({ ...ZSoftware, teacherComputers: z.number().int().min(1).max(100_000) }),
  }),
]);
export type TOrderInput = z.infer<typeof ZOrderInput>;
/** What the order form sends (defaults may be left out). */
export type OrderInput = z.input<typeof ZOrderInput>;

/** GET /orders */
export const ORDER_LIST_SCOPES = ['mine', 'units', 'all'] as const;
export const ZOrderListQuery = z.object({
  scope: z.enum(ORDER_LIST_SCOPES).default('mine'),
  status: z.enum(ORDER_STATUSES).optional(),
  kind: z.enum(ORDER_KINDS).optional(),
  municipalityId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type OrderListQuery = z.infer<typeof ZOrderListQuery>;
/** What a /orders cursor holds: where the previous page ended. */
export const ZOrderCursor = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** GET /orders/accounts-ending */
export const ZEndingQuery = z.object({ days: z.coerce.number().int().min(0).max(365).optional() });
export type EndingQuery = z.infer<typeof ZEndingQuery>;

/** POST /orders/{id}/lines/{lineId}/ordered */
export const ZVersion = z.strictObject({ version: ZVersionNumber });
export type VersionInput = z.infer<typeof ZVersion>;

/** POST /orders/{id}/lines/{lineId}/deliver */
export const ZDelivery = z.strictObject({
  version: ZVersionNumber,
  serialNumber: z.string().trim().min(1).max(100).nullable().default(null),
  holderPersonId: z.uuid().nullable().default(null),
  /** Local date of delivery; today when absent. */
  deliveredOn: isoDate.optional(),
});
export type DeliveryInput = z.infer<typeof ZDelivery>;

/** POST /orders/{id}/cancel and /orders/{id}/lines/{lineId}/cancel */
export const ZCancel = z.strictObject({ version: ZVersionNumber, reason: text(2000) });
export type CancelInput = z.infer<typeof ZCancel>;
