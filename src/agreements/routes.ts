import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { download } from '../platform/http/download.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { ZVersion } from '../platform/http/types.ts';
import {
  ZAgreementRevision,
  ZApplication,
  ZApplicationInput,
  ZApplicationList,
  ZApplicationPatch,
  ZCloudMoveInput,
  ZCostComparison,
  ZCostModel,
  ZCostModelCopy,
  ZCostModelHeadList,
  ZCostModelInput,
  ZCostModelPatch,
  ZReview,
  ZReviewBooking,
  ZReviewHeld,
  ZReviewOverview,
  ZReviewReschedule,
  ZSketchDrawing,
  ZStatusChange,
} from './contract.ts';
import { agreementDownload } from './exports.ts';
import * as reviews from './reviews.ts';
import * as service from './service.ts';

const ZYear = z.coerce.number().int().min(2000).max(2100);
const ZYearParam = z.object({ year: ZYear.openapi({ param: { name: 'year', in: 'path' } }) });
const ZYearQuery = z.object({ year: ZYear.optional().meta({ label: 'År', labelEn: 'Year' }) });

/**
 * Issue 18, R-7: application agreements. The standard cost model per year (finance edits, IT and
 * finance read) and the application register with its versioned agreements (the IT strategist and IT
 * management edit; IT, finance, the system owner and the paying units' managers read; the other
 * municipality's are not found).
 */
export function agreementRoutes() {
  const r = createRouter();
  const tags = ['agreements'];

  // ---------------------------------------------------------------- the standard cost model
  r.openapi(
    createRoute({
      method: 'get',
      path: '/agreement-models',
      tags,
      summary: 'The standard cost models, newest year first',
      responses: { 200: ok(ZCostModelHeadList), ...problemResponses },
    }),
    async (c) => c.json(await service.listModels(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/agreement-models',
      tags,
      summary: 'A new year’s cost model (finance)',
      request: { body: jsonBody(ZCostModelInput) },
      responses: { 201: ok(ZCostModel, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createModel(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/agreement-models/{year}',
      tags,
      summary: 'A year’s cost model with its drivers',
      request: { params: ZYearParam },
      responses: { 200: ok(ZCostModel), ...problemResponses },
    }),
    async (c) => c.json(await service.getModel(dbOf(c), requireActor(c), c.req.valid('param').year), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/agreement-models/{year}',
      tags,
      summary: 'Replace a year’s drivers and prices (finance; refused once billing has used the model)',
      request: { params: ZYearParam, body: jsonBody(ZCostModelPatch) },
      responses: { 200: ok(ZCostModel), ...problemResponses },
    }),
    async (c) => c.json(await service.updateModel(dbOf(c), requireActor(c), c.req.valid('param').year, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/agreement-models/{year}/copy',
      tags,
      summary: 'Copy a year’s model to another year (finance)',
      request: { params: ZYearParam, body: jsonBody(ZCostModelCopy) },
      responses: { 201: ok(ZCostModel, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.copyModel(dbOf(c), requireActor(c), c.req.valid('param').year, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/agreement-models/{year}/comparison',
      tags,
      summary: 'What the year’s model does to each application’s and unit’s cost, against another year’s (default the year before)',
      request: { params: ZYearParam, query: z.object({ from: ZYear.optional().meta({ label: 'Jämfört med år', labelEn: 'Compared with year' }) }) },
      responses: { 200: ok(ZCostComparison), ...problemResponses },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      return c.json(await service.compare(dbOf(c), requireActor(c), year, c.req.valid('query').from ?? year - 1), 200);
    },
  );

  // ---------------------------------------------------------------- the register
  r.openapi(
    createRoute({
      method: 'get',
      path: '/applications',
      tags,
      summary: 'The applications the user may see, with each one’s yearly cost under the year’s model',
      request: { query: ZYearQuery.extend({ municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }) }) },
      responses: { 200: ok(ZApplicationList), ...problemResponses },
    }),
    async (c) => c.json(await service.listApplications(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications',
      tags,
      summary: 'Register an application with its first agreement version (IT strategist, IT management)',
      request: { body: jsonBody(ZApplicationInput) },
      responses: { 201: ok(ZApplication, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createApplication(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/applications/{id}',
      tags,
      summary: 'An application with its agreement, the year’s cost and each paying unit’s part',
      request: { params: ZIdParam, query: ZYearQuery },
      responses: { 200: ok(ZApplication), ...problemResponses },
    }),
    async (c) => c.json(await service.getApplication(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').year), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/applications/{id}',
      tags,
      summary: 'Change an application’s register fields or who pays (IT strategist, IT management)',
      request: { params: ZIdParam, body: jsonBody(ZApplicationPatch) },
      responses: { 200: ok(ZApplication), ...problemResponses },
    }),
    async (c) => c.json(await service.updateApplication(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications/{id}/versions',
      tags,
      summary: 'Revise the agreement: a new version with what changed',
      request: { params: ZIdParam, body: jsonBody(ZAgreementRevision) },
      responses: { 201: ok(ZApplication, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.reviseAgreement(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications/{id}/status',
      tags,
      summary: 'Activate, terminate or mark moved to cloud/SaaS (the last once nothing is missing)',
      request: { params: ZIdParam, body: jsonBody(ZStatusChange) },
      responses: { 200: ok(ZApplication), ...problemResponses },
    }),
    async (c) => c.json(await service.changeStatus(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/applications/{id}/cloud-move',
      tags,
      summary: 'Record the steps of a move to cloud/SaaS: classification, security analysis, reviews, cost analysis',
      request: { params: ZIdParam, body: jsonBody(ZCloudMoveInput) },
      responses: { 200: ok(ZApplication), ...problemResponses },
    }),
    async (c) => c.json(await service.recordCloudMove(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/applications/{id}/agreement.pdf',
      tags,
      summary: 'The agreement as PDF: description, responsibilities, the year’s cost with its arithmetic, who pays, the system sketch, versions and reviews',
      request: { params: ZIdParam, query: ZYearQuery },
      responses: { 200: fileResponse('The PDF', 'application/pdf'), ...problemResponses },
    }),
    async (c) => download(c, await agreementDownload(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').year)),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/agreement-sketches/drawing',
      tags,
      summary: 'A system sketch checked and drawn as SVG (the same drawing as in the PDF), for the editor’s preview and the application page',
      request: { body: jsonBody(ZSketchDrawing) },
      responses: { 200: fileResponse('The drawing', 'image/svg+xml'), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const svg = await service.drawSketch(c.req.valid('json'));
      c.header('x-content-type-options', 'nosniff');
      c.header('cache-control', 'no-store');
      c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
    },
  );

  // ---------------------------------------------------------------- the yearly review
  const ZReviewParams = ZIdParam.extend({ reviewId: z.uuid().openapi({ param: { name: 'reviewId', in: 'path' } }) });
  r.openapi(
    createRoute({
      method: 'get',
      path: '/agreement-reviews',
      tags,
      summary: 'Reviews due and overdue, and those booked, in the user’s municipality',
      request: { query: z.object({ municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }) }) },
      responses: { 200: ok(ZReviewOverview), ...problemResponses },
    }),
    async (c) => c.json(await reviews.reviewOverview(dbOf(c), requireActor(c), c.req.valid('query').municipalityId), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/applications/{id}/reviews',
      tags,
      summary: 'An application’s reviews, newest first',
      request: { params: ZIdParam },
      responses: { 200: ok(z.object({ items: z.array(ZReview) })), ...problemResponses },
    }),
    async (c) => c.json({ items: await reviews.listReviews(dbOf(c), requireActor(c), c.req.valid('param').id) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications/{id}/reviews',
      tags,
      summary: 'Book the yearly review and send the invitations (with an iCalendar file)',
      request: { params: ZIdParam, body: jsonBody(ZReviewBooking) },
      responses: { 201: ok(ZReview, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await reviews.bookReview(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/applications/{id}/reviews/{reviewId}',
      tags,
      summary: 'Move a booked review (the invitees’ calendars are updated)',
      request: { params: ZReviewParams, body: jsonBody(ZReviewReschedule) },
      responses: { 200: ok(ZReview), ...problemResponses },
    }),
    async (c) => {
      const { id, reviewId } = c.req.valid('param');
      return c.json(await reviews.rescheduleReview(dbOf(c), requireActor(c), id, reviewId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications/{id}/reviews/{reviewId}/cancel',
      tags,
      summary: 'Cancel a booked review (the invitees’ calendars remove it)',
      request: { params: ZReviewParams, body: jsonBody(z.object({ version: ZVersion })) },
      responses: { 200: ok(ZReview), ...problemResponses },
    }),
    async (c) => {
      const { id, reviewId } = c.req.valid('param');
      return c.json(await reviews.cancelReview(dbOf(c), requireActor(c), id, reviewId, c.req.valid('json').version), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/applications/{id}/reviews/{reviewId}/held',
      tags,
      summary: 'Record the review as held: minutes and the revised agreement (a new version)',
      request: { params: ZReviewParams, body: jsonBody(ZReviewHeld) },
      responses: { 200: ok(ZReview), ...problemResponses },
    }),
    async (c) => {
      const { id, reviewId } = c.req.valid('param');
      return c.json(await reviews.holdReview(dbOf(c), requireActor(c), id, reviewId, c.req.valid('json')), 200);
    },
  );
  return r;
}
