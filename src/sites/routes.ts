import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { download } from '../platform/http/download.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import {
  ZBooking,
  ZBookingInput,
  ZBookingStep,
  ZEquipmentInput,
  ZMeetingInput,
  ZPool,
  ZPoolMemberInput,
  ZPoolQuery,
  ZRackInput,
  ZSite,
  ZSiteInput,
  ZSiteList,
  ZSiteListQuery,
  ZSitePatch,
  ZSystemInput,
} from './contract.ts';
import { SITE_SYSTEMS } from './rules.ts';
import { XLSX_CONTENT_TYPE, shortfallsFilename, shortfallsXlsx } from './export-xlsx.ts';
import * as loans from './pool.ts';
import * as service from './service.ts';

const ZSystemParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  system: z.enum(SITE_SYSTEMS).openapi({ param: { name: 'system', in: 'path' } }),
});
const ZPartParams = (name: string) =>
  z.object({
    id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
    partId: z.uuid().openapi({ param: { name: 'partId', in: 'path' }, description: name }),
  });
const ZAssetParam = z.object({ assetId: z.uuid().openapi({ param: { name: 'assetId', in: 'path' } }) });

/** Issue 22: sites, network and premises and the short-term laptop pool. */
export function siteRoutes() {
  const r = createRouter();
  const tags = ['sites'];
  r.openapi(
    createRoute({
      method: 'get',
      path: '/sites',
      tags,
      summary: 'The sites the user sees, each with the ways it falls short of its requirement today (R-12.1, R-12.4)',
      request: { query: ZSiteListQuery },
      responses: { 200: ok(ZSiteList), ...problemResponses },
    }),
    async (c) => c.json(await service.listSites(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/sites/shortfalls.xlsx',
      tags,
      summary: 'The sites that fall short of their requirement, as a workbook (R-12.4)',
      request: { query: ZSiteListQuery.omit({ shortfalls: true }) },
      responses: { 200: fileResponse('The workbook', XLSX_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const list = await service.listSites(dbOf(c), requireActor(c), { ...c.req.valid('query'), shortfalls: 'only' });
      return download(c, { filename: shortfallsFilename(list), contentType: XLSX_CONTENT_TYPE, body: await shortfallsXlsx(list) });
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/sites',
      tags,
      summary: 'Register a site (IT)',
      request: { body: jsonBody(ZSiteInput) },
      responses: { 201: ok(ZSite, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createSite(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/sites/{id}',
      tags,
      summary: 'One site with its connection, payers, units, racks, equipment, meetings, systems and approvals',
      request: { params: ZIdParam },
      responses: { 200: ok(ZSite), ...problemResponses },
    }),
    async (c) => c.json(await service.getSite(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/sites/{id}',
      tags,
      summary: 'Change a site (IT)',
      request: { params: ZIdParam, body: jsonBody(ZSitePatch) },
      responses: { 200: ok(ZSite), ...problemResponses },
    }),
    async (c) => c.json(await service.updateSite(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/sites/{id}/systems/{system}',
      tags,
      summary: 'Record the site’s UPS, diesel, cooling or fire protection as it is now, with IT’s approval if given (R-12.3)',
      request: { params: ZSystemParams, body: jsonBody(ZSystemInput) },
      responses: { 200: ok(ZSite), ...problemResponses },
    }),
    async (c) => {
      const { id, system } = c.req.valid('param');
      return c.json(await service.recordSystem(dbOf(c), requireActor(c), id, system, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/sites/{id}/racks',
      tags,
      summary: 'Record a cabinet or rack at the site (R-12.2)',
      request: { params: ZIdParam, body: jsonBody(ZRackInput) },
      responses: { 201: ok(ZSite, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.addRack(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/sites/{id}/racks/{partId}',
      tags,
      summary: 'Remove a cabinet or rack from the site',
      request: { params: ZPartParams('the rack') },
      responses: { 200: ok(ZSite), ...problemResponses },
    }),
    async (c) => {
      const { id, partId } = c.req.valid('param');
      return c.json(await service.removeRack(dbOf(c), requireActor(c), id, partId), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/sites/{id}/equipment',
      tags,
      summary: 'Place network equipment of the inventory register at the site (R-12.1, R-12.2)',
      request: { params: ZIdParam, body: jsonBody(ZEquipmentInput) },
      responses: { 201: ok(ZSite, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.placeEquipment(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/sites/{id}/equipment/{partId}',
      tags,
      summary: 'Take equipment off the site',
      request: { params: ZPartParams('the placement') },
      responses: { 200: ok(ZSite), ...problemResponses },
    }),
    async (c) => {
      const { id, partId } = c.req.valid('param');
      return c.json(await service.removeEquipment(dbOf(c), requireActor(c), id, partId), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/sites/{id}/meetings',
      tags,
      summary: 'Record a property owner’s project meeting IT was called to (R-12.2)',
      request: { params: ZIdParam, body: jsonBody(ZMeetingInput) },
      responses: { 201: ok(ZSite, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.addMeeting(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  // ---- the laptop pool
  r.openapi(
    createRoute({
      method: 'get',
      path: '/laptop-pool',
      tags,
      summary: 'The short-term laptop pool: its laptops, the bookings the user sees and what they may do (R-5.9)',
      request: { query: ZPoolQuery },
      responses: { 200: ok(ZPool), ...problemResponses },
    }),
    async (c) => c.json(await loans.pool(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/laptop-pool/laptops',
      tags,
      summary: 'Put a laptop of the register in the pool (IT)',
      request: { body: jsonBody(ZPoolMemberInput) },
      responses: { 201: ok(ZPool, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await loans.addToPool(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/laptop-pool/laptops/{assetId}',
      tags,
      summary: 'Take a laptop out of the pool (IT; not while it is booked)',
      request: { params: ZAssetParam },
      responses: { 200: ok(ZPool), ...problemResponses },
    }),
    async (c) => c.json(await loans.removeFromPool(dbOf(c), requireActor(c), c.req.valid('param').assetId), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/laptop-bookings',
      tags,
      summary: 'Book a pool laptop for a unit, at least the mission’s minimum; a taken day is refused',
      request: { body: jsonBody(ZBookingInput) },
      responses: { 201: ok(ZBooking, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await loans.book(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  const steps = [
    ['hand-out', 'Hand the laptop out (IT); the loan is charged from this day', loans.handOut],
    ['return', 'Take the laptop back (IT); the next billing run charges the loan per started week', loans.returnLaptop],
    ['cancel', 'Cancel a booking that has not been handed out', loans.cancelBooking],
    ['remind', 'Remind an overdue loan’s borrower by mail (IT)', loans.remind],
  ] as const;
  for (const [path, summary, run] of steps) {
    r.openapi(
      createRoute({
        method: 'post',
        path: `/laptop-bookings/{id}/${path}`,
        tags,
        summary,
        request: { params: ZIdParam, body: jsonBody(ZBookingStep) },
        responses: { 200: ok(ZBooking), ...problemResponses },
      }),
      async (c) => c.json(await run(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
    );
  }
  return r;
}
