import { createRoute } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import type { createRouter } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { ZAssetRenewals, ZRenewalOrder, ZRenewalOrderInput, ZRenewalQuery } from './contract.ts';
import * as planning from './planning.ts';
import { dbOf } from '../platform/http/context.ts';

/**
 * Issue 7: renewal planning. Registered by
 * assetRoutes before the `/assets/{id}` routes; authorisation and tenancy live in the service.
 */
export function planningRoutes(r: ReturnType<typeof createRouter>): void {
  r.openapi(
    createRoute({
      method: 'get',
      path: '/assets/renewals',
      tags: ['assets'],
      summary: 'Active computers due for renewal before today + months, per unit (IT and finance: the municipality; others: the units they may order for)',
      request: { query: ZRenewalQuery },
      responses: { 200: ok(ZAssetRenewals), ...problemResponses },
    }),
    async (c) => c.json(await planning.listRenewals(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/assets/renewals/order',
      tags: ['assets'],
      summary: 'One standard order for the unit replacing the named computers, one line each naming the serial it replaces (whoever may order for the unit)',
      request: { body: jsonBody(ZRenewalOrderInput) },
      responses: { 201: ok(ZRenewalOrder, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await planning.orderReplacement(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
}
