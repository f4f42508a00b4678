import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { ZIdParam, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import {
  ZAccountsEnding,
  ZCancel,
  ZCandidateList,
  ZCandidateQuery,
  ZDelivery,
  ZDesignation,
  ZDesignationInput,
  ZDesignationList,
  ZDesignationQuery,
  ZEndingQuery,
  ZOrder,
  ZOrderableUnitList,
  ZOrderInput,
  ZOrderListQuery,
  ZOrderPage,
  ZVersion,
} from './contract.ts';
import * as service from './service.ts';

const ZUnitParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const ZLineParams = ZIdParam.extend({ lineId: z.uuid().openapi({ param: { name: 'lineId', in: 'path' } }) });

/**
 * Issue 6 / R-4.3, R-4.4: orders and special orders, orderer designations, IT fulfilment and the
 * follow-up of non-employee accounts. Authorisation lives in the service (rules.may…).
 */
export function orderRoutes() {
  const r = createRouter();

  // ---------------------------------------------------------------- designations
  r.openapi(
    createRoute({
      method: 'get',
      path: '/units/{id}/orderers',
      tags: ['orders'],
      summary: 'A unit’s designated orderers (its manager, administrators, IT)',
      request: { params: ZUnitParam, query: ZDesignationQuery },
      responses: { 200: ok(ZDesignationList), ...problemResponses },
    }),
    async (c) =>
      c.json({ items: await service.listDesignations(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').includeRevoked === 'true') }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/units/{id}/orderers',
      tags: ['orders'],
      summary: 'Designate an orderer for the unit (R-1.4: its manager or an administrator)',
      request: { params: ZUnitParam, body: jsonBody(ZDesignationInput) },
      responses: { 201: ok(ZDesignation, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.designate(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/units/{id}/orderer-candidates',
      tags: ['orders'],
      summary: 'Accounts of the unit’s municipality matching q, to designate (the unit’s manager or an administrator)',
      request: { params: ZUnitParam, query: ZCandidateQuery },
      responses: { 200: ok(ZCandidateList), ...problemResponses },
    }),
    async (c) => c.json({ items: await service.ordererCandidates(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').q) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/units/{id}/orderers/{userId}',
      tags: ['orders'],
      summary: 'Revoke an orderer’s designation for the unit',
      request: { params: ZUnitParam.extend({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...problemResponses },
    }),
    async (c) => {
      const { id, userId } = c.req.valid('param');
      await service.revokeDesignation(dbOf(c), requireActor(c), id, userId);
      return c.body(null, 204);
    },
  );

  // ---------------------------------------------------------------- orders
  r.openapi(
    createRoute({
      method: 'get',
      path: '/orders/orderable-units',
      tags: ['orders'],
      summary: 'The units you may order for, and why (manager or designation)',
      responses: { 200: ok(ZOrderableUnitList), ...problemResponses },
    }),
    async (c) => c.json({ items: await service.orderableUnits(dbOf(c), requireActor(c)) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/orders/accounts-ending',
      tags: ['orders'],
      summary: 'R-4.4: accounts for non-employees ending within `days` (default: the mission’s follow-up days)',
      request: { query: ZEndingQuery },
      responses: { 200: ok(ZAccountsEnding), ...problemResponses },
    }),
    async (c) => c.json(await service.accountsEndingSoon(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/orders',
      tags: ['orders'],
      summary: 'Orders, newest first in keyset pages: mine, my units’, or all (IT)',
      request: { query: ZOrderListQuery },
      responses: { 200: ok(ZOrderPage), ...problemResponses },
    }),
    async (c) => c.json(await service.listOrders(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/orders',
      tags: ['orders'],
      summary: 'Place an order or a special order for a unit (authorised orderers); it becomes a service request',
      request: { body: jsonBody(ZOrderInput) },
      responses: { 201: ok(ZOrder, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.placeOrder(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/orders/{id}',
      tags: ['orders'],
      summary: 'One order with its lines, totals and ticket number',
      request: { params: ZIdParam },
      responses: { 200: ok(ZOrder), ...problemResponses },
    }),
    async (c) => c.json(await service.getOrder(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/cancel',
      tags: ['orders'],
      summary: 'Cancel what is not delivered (IT; the orderer while nothing has started)',
      request: { params: ZIdParam, body: jsonBody(ZCancel) },
      responses: { 200: ok(ZOrder), ...problemResponses },
    }),
    async (c) => c.json(await service.cancelOrder(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/lines/{lineId}/ordered',
      tags: ['orders'],
      summary: 'IT: the line is ordered from the supplier',
      request: { params: ZLineParams, body: jsonBody(ZVersion) },
      responses: { 200: ok(ZOrder), ...problemResponses },
    }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.markLineOrdered(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/lines/{lineId}/deliver',
      tags: ['orders'],
      summary: 'IT: deliver the line (serial for equipment, holder, date); billing starts (R-6.4)',
      request: { params: ZLineParams, body: jsonBody(ZDelivery) },
      responses: { 200: ok(ZOrder), ...problemResponses },
    }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.deliverLine(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/orders/{id}/lines/{lineId}/cancel',
      tags: ['orders'],
      summary: 'IT: cancel a line that is not delivered',
      request: { params: ZLineParams, body: jsonBody(ZCancel) },
      responses: { 200: ok(ZOrder), ...problemResponses },
    }),
    async (c) => {
      const { id, lineId } = c.req.valid('param');
      return c.json(await service.cancelLine(dbOf(c), requireActor(c), id, lineId, c.req.valid('json')), 200);
    },
  );

  return r;
}
