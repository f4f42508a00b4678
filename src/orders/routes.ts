import { createRoute, z } from '@hono/zod-openapi';
import { BILLING_MODELS } from '../catalogue/rules.ts';
import { requireActor } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { createRouter } from '../platform/http/context.ts';
import { ZIdParam, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { SUPPORT_LEVELS } from '../catalogue/rules.ts';
import { LINE_STATUSES, ORDER_KINDS, ORDER_STATUSES } from './rules.ts';
import * as service from './service.ts';

const ZMoney = z.number().int().nullable();
const ZDesignation = z
  .object({ id: z.uuid(), unitId: z.uuid(), userId: z.uuid(), userName: z.string(), designatedByUserId: z.uuid(), designatedByName: z.string(), designatedAt: z.string(), revokedAt: z.string().nullable(), active: z.boolean() })
  .openapi('OrdererDesignation');
const ZOrderHead = {
  id: z.uuid(), number: z.string().describe('the service request’s ticket number'), municipalityId: z.uuid(), unitId: z.uuid(), ordererUserId: z.uuid(),
  kind: z.enum(ORDER_KINDS), kindSv: z.string(), status: z.enum(ORDER_STATUSES), ticketId: z.uuid(), orderedOn: z.string(), placedAt: z.string(), note: z.string(),
  details: z.record(z.string(), z.unknown()).nullable().describe('what a special order (R-4.4) asks for'), accountEndsOn: z.string().nullable(), reminderTicketId: z.uuid().nullable(),
  cancelledReason: z.string().nullable(), version: z.number().int(), unitName: z.string(), ordererName: z.string(),
};
const ZLine = z
  .object({
    id: z.uuid(), position: z.number().int(), description: z.string(), articleCode: z.string().nullable(), serviceCode: z.string().nullable(), billingModel: z.enum(BILLING_MODELS).nullable(),
    modelRangeItemId: z.uuid().nullable(), model: z.string().nullable(), modelCategory: z.string().nullable(), supportLevel: z.enum(SUPPORT_LEVELS).nullable(), quantity: z.number().int(),
    purchasePrice: ZMoney, monthlyFee: ZMoney, weeklyFee: ZMoney, hourlyRate: ZMoney, yearlyFee: ZMoney,
    status: z.enum(LINE_STATUSES), statusSv: z.string(), orderedAt: z.string().nullable(), serialNumber: z.string().nullable(), holderPersonId: z.uuid().nullable(), holderName: z.string().nullable(),
    deliveredOn: z.string().nullable(), billingStartsOn: z.string().nullable().describe('R-6.4: the day billing of the delivered line starts'), cancelledReason: z.string().nullable(),
  })
  .openapi('OrderLine');
const ZOrder = z
  .object({
    ...ZOrderHead, ticketNumber: z.string().nullable(), reminderTicketNumber: z.string().nullable(),
    totals: z.object({ oneOff: z.number().int(), monthly: z.number().int(), weekly: z.number().int(), yearly: z.number().int() }).describe('öre, cancelled lines left out'),
    lines: z.array(ZLine), canFulfil: z.boolean(), canCancel: z.boolean(),
  })
  .openapi('Order');
const ZOrderSummary = z.object({ ...ZOrderHead, lineCount: z.number().int() }).openapi('OrderSummary');
const ZUnitParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const ZLineParams = ZIdParam.extend({ lineId: z.uuid().openapi({ param: { name: 'lineId', in: 'path' } }) });

const dbOf = (c: { get(k: 'deps'): { database: { db: Db } } }) => c.get('deps').database.db;

/**
 * Issue 6 / R-4.3, R-4.4: orders and special orders, orderer designations, IT fulfilment and the
 * follow-up of non-employee accounts. Authorisation lives in the service (rules.may…).
 */
export function orderRoutes() {
  const r = createRouter();

  // ---------------------------------------------------------------- designations
  r.openapi(
    createRoute({ method: 'get', path: '/units/{id}/orderers', tags: ['orders'], summary: 'A unit’s designated orderers (its manager, administrators, IT)', request: { params: ZUnitParam, query: z.object({ includeRevoked: z.enum(['true', 'false']).default('false') }) }, responses: { 200: ok(z.object({ items: z.array(ZDesignation) })), ...problemResponses } }),
    async (c) => c.json({ items: await service.listDesignations(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').includeRevoked === 'true') }, 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/units/{id}/orderers', tags: ['orders'], summary: 'Designate an orderer for the unit (R-1.4: its manager or an administrator)', request: { params: ZUnitParam, body: jsonBody(service.ZDesignationInput) }, responses: { 201: ok(ZDesignation, 'Created'), ...problemResponses } }),
    async (c) => c.json(await service.designate(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/units/{id}/orderer-candidates', tags: ['orders'], summary: 'Accounts of the unit’s municipality matching q, to designate (the unit’s manager or an administrator)',
      request: { params: ZUnitParam, query: service.ZCandidateQuery },
      responses: { 200: ok(z.object({ items: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string(), email: z.string().nullable() })) })), ...problemResponses },
    }),
    async (c) => c.json({ items: await service.ordererCandidates(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').q) }, 200),
  );
  r.openapi(
    createRoute({ method: 'delete', path: '/units/{id}/orderers/{userId}', tags: ['orders'], summary: 'Revoke an orderer’s designation for the unit', request: { params: ZUnitParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) }, responses: { 204: { description: 'Revoked' }, ...problemResponses } }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await service.revokeDesignation(dbOf(c), requireActor(c), id, userId);
      return c.body(null, 204);
    },
  );

  // ---------------------------------------------------------------- orders
  r.openapi(
    createRoute({ method: 'get', path: '/orders/orderable-units', tags: ['orders'], summary: 'The units you may order for, and why (manager or designation)', responses: { 200: ok(z.object({ items: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), level: z.string(), municipalityId: z.uuid(), via: z.enum(['manager', 'designation']) })) })), ...problemResponses } }),
    async (c) => c.json({ items: await service.orderableUnits(dbOf(c), requireActor(c)) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/orders/accounts-ending', tags: ['orders'], summary: 'R-4.4: accounts for non-employees ending within `days` (default: the mission’s follow-up days)',
      request: { query: service.ZEndingQuery },
      responses: { 200: ok(z.object({ days: z.number().int(), items: z.array(ZOrderSummary.extend({ accountName: z.string(), endsOn: z.string(), daysLeft: z.number().int() })) })), ...problemResponses },
    }),
    async (c) => c.json(await service.accountsEndingSoon(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/orders', tags: ['orders'], summary: 'Orders, newest first in keyset pages: mine, my units’, or all (IT)', request: { query: service.ZOrderListQuery }, responses: { 200: ok(z.object({ items: z.array(ZOrderSummary), nextCursor: z.string().nullable() })), ...problemResponses } }),
    async (c) => c.json(await service.listOrders(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/orders', tags: ['orders'], summary: 'Place an order or a special order for a unit (authorised orderers); it becomes a service request', request: { body: jsonBody(service.ZOrderInput) }, responses: { 201: ok(ZOrder, 'Created'), ...problemResponses } }),
    async (c) => c.json(await service.placeOrder(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({ method: 'get', path: '/orders/{id}', tags: ['orders'], summary: 'One order with its lines, totals and ticket number', request: { params: ZIdParam }, responses: { 200: ok(ZOrder), ...problemResponses } }),
    async (c) => c.json(await service.getOrder(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/orders/{id}/cancel', tags: ['orders'], summary: 'Cancel what is not delivered (IT; the orderer while nothing has started)', request: { params: ZIdParam, body: jsonBody(service.ZCancel) }, responses: { 200: ok(ZOrder), ...problemResponses } }),
    async (c) => c.json(await service.cancelOrder(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({ method: 'post', path: '/orders/{id}/lines/{lineId}/ordered', tags: ['orders'], summary: 'IT: the line is ordered from the supplier', request: { params: ZLineParams, body: jsonBody(service.ZVersion) }, responses: { 200: ok(ZOrder), ...problemResponses } }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.markLineOrdered(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/orders/{id}/lines/{lineId}/deliver', tags: ['orders'], summary: 'IT: deliver the line (serial for equipment, holder, date); billing starts (R-6.4)', request: { params: ZLineParams, body: jsonBody(service.ZDelivery) }, responses: { 200: ok(ZOrder), ...problemResponses } }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.deliverLine(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({ method: 'post', path: '/orders/{id}/lines/{lineId}/cancel', tags: ['orders'], summary: 'IT: cancel a line that is not delivered', request: { params: ZLineParams, body: jsonBody(service.ZCancel) }, responses: { 200: ok(ZOrder), ...problemResponses } }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.cancelLine(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );

  return r;
}
