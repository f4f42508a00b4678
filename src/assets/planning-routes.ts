import { createRoute, z } from '@hono/zod-openapi';
import { PART_MONTH_RULES } from '../billing/rules.ts';
import { requireActor } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import type { createRouter } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import * as planning from './planning.ts';

const ZRenewalItem = z.object({
  id: z.uuid(), serial: z.string(), model: z.string(), holderName: z.string().nullable(), deliveredOn: z.string().nullable(), renewalOn: z.string(),
  overdue: z.boolean().describe('the renewal date is today or has passed'),
  replacementOrderNumber: z.string().nullable().describe('the live order already replacing it, if any'),
});
const ZRenewals = z
  .object({ until: z.string().describe('computers due for renewal strictly before this date are listed'), units: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), items: z.array(ZRenewalItem) })) })
  .openapi('AssetRenewals');
const ZUnitCosts = z
  .object({
    unitId: z.uuid(), unitName: z.string(), month: z.string(),
    items: z.array(
      z.object({
        assetId: z.uuid(), serial: z.string(), model: z.string(), deviceType: z.string(), holderName: z.string().nullable(), status: z.string(), articleCode: z.string().nullable(), articleName: z.string().nullable(),
        monthlyFee: z.number().int().nullable().describe('öre; null when the price list has no monthly price for the article'), basis: z.enum(['active', 'early_return']),
        charged: z.boolean().describe('whether the billing run charges the unit for it this month (the part-month rule, R-6.4)'),
      }),
    ),
    partMonth: z.enum(PART_MONTH_RULES).describe('the part-month rule of the mission in force in the month (R-6.4)'),
    totalMonthly: z.number().int().describe('öre: the sum of the known fees of the charged items'),
  })
  .openapi('UnitEquipmentCosts');

const dbOf = (c: { get(k: 'deps'): { database: { db: Db } } }) => c.get('deps').database.db;

/**
 * Issue 7: renewal planning and a unit's equipment cost. Registered by
 * assetRoutes before the `/assets/{id}` routes; authorisation and tenancy live in the service.
 */
export function planningRoutes(r: ReturnType<typeof createRouter>): void {
  r.openapi(
    createRoute({
      method: 'get', path: '/assets/renewals', tags: ['assets'],
      summary: 'Active computers due for renewal before today + months, per unit (IT and finance: the municipality; others: the units they may order for)',
      request: { query: planning.ZRenewalQuery }, responses: { 200: ok(ZRenewals), ...problemResponses },
    }),
    async (c) => c.json(await planning.listRenewals(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/assets/renewals/order', tags: ['assets'],
      summary: 'One standard order for the unit replacing the named computers, one line each naming the serial it replaces (whoever may order for the unit)',
      request: { body: jsonBody(planning.ZRenewalOrderInput) }, responses: { 201: ok(z.object({ orderId: z.uuid(), number: z.string() }).openapi('RenewalOrder'), 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await planning.orderReplacement(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/assets/unit-costs', tags: ['assets'],
      summary: 'A unit’s equipment billed in a month with each monthly fee from that year’s price list (the unit’s manager, IT and finance)',
      request: { query: planning.ZUnitCostQuery }, responses: { 200: ok(ZUnitCosts), ...problemResponses },
    }),
    async (c) => c.json(await planning.unitCosts(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
}
