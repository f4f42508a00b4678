import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import {
  ZAsset,
  ZAssetImportQuery,
  ZAssetImportReport,
  ZAssetInput,
  ZAssetListQuery,
  ZAssetPage,
  ZAssetUpdate,
  ZAssetWithHistory,
  ZEventInput,
  ZSerialParams,
} from './contract.ts';
import { importAssets } from './import.ts';
import { FILE_TYPES } from '../catalogue/export.ts';
import { planningRoutes } from './planning-routes.ts';
import * as service from './service.ts';

/** Issue 7 / R-5.1: the inventory register. Authorisation and tenancy live in the service. */
export function assetRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/assets',
      tags: ['assets'],
      summary: 'The register, filtered, in keyset pages by serial (IT: the municipality; a unit manager: their units; others: what they hold)',
      request: { query: ZAssetListQuery },
      responses: { 200: ok(ZAssetPage), ...problemResponses },
    }),
    async (c) => c.json(await service.listAssets(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/assets',
      tags: ['assets'],
      summary: 'IT registers an asset (a serial already registered answers 409)',
      request: { body: jsonBody(ZAssetInput) },
      responses: { 201: ok(ZAsset, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.registerAsset(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/assets/import',
      tags: ['assets'],
      summary: 'Import an existing inventory from CSV or XLSX, all or nothing, with a line/field/reason report',
      request: {
        query: ZAssetImportQuery,
        body: { required: true, content: { 'text/csv': { schema: z.string() }, [FILE_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: { 200: ok(ZAssetImportReport), 422: { description: 'Rejected with a report (line, field, reason); nothing imported' }, ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { municipalityId, dryRun } = c.req.valid('query');
      const type = c.req.header('content-type') ?? '';
      const format = /^text\/(csv|plain)/i.test(type) ? 'csv' : type.startsWith(FILE_TYPES.xlsx) ? 'xlsx' : null;
      if (format === null) {
        throw new AppError('unsupported_media_type', [
          { field: 'content-type', reason: `send the file as text/csv or ${FILE_TYPES.xlsx}`, reasonSv: `skicka filen som text/csv eller ${FILE_TYPES.xlsx}` },
        ]);
      }
      return c.json(
        await importAssets(dbOf(c), actor, { municipalityId, format, data: Buffer.from(await c.req.arrayBuffer()), dryRun: dryRun === 'true' }),
        200,
      );
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/assets/serial/{serial}',
      tags: ['assets'],
      summary: 'One asset by its serial (typed or scanned; spaces and case ignored); an unknown serial answers 404 naming it',
      request: { params: ZSerialParams },
      responses: { 200: ok(ZAssetWithHistory), ...problemResponses },
    }),
    async (c) => c.json(await service.getAssetBySerial(dbOf(c), requireActor(c), c.req.valid('param').serial), 200),
  );
  // Before /assets/{id}: /assets/renewals and /assets/unit-costs are not ids.
  planningRoutes(r);
  r.openapi(
    createRoute({
      method: 'get',
      path: '/assets/{id}',
      tags: ['assets'],
      summary: 'One asset with its history and lifecycle (billing periods, binding, disposal, possible events, documents)',
      request: { params: ZIdParam },
      responses: { 200: ok(ZAssetWithHistory), ...problemResponses },
    }),
    async (c) => c.json(await service.getAsset(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/assets/{id}',
      tags: ['assets'],
      summary: 'R-5.1 self-service: the unit’s manager (or an administrator) changes holder, location or unit; audited',
      request: { params: ZIdParam, body: jsonBody(ZAssetUpdate) },
      responses: { 200: ok(ZAsset), ...problemResponses },
    }),
    async (c) => c.json(await service.updateAsset(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/assets/{id}/events',
      tags: ['assets'],
      summary:
        'R-5.2: IT applies a lifecycle event (deliver, move, reassign, return, stock, retire, erase, sell, recycle, report stolen/damaged, settle); refused with the reasons, nothing changed',
      request: { params: ZIdParam, body: jsonBody(ZEventInput) },
      responses: { 200: ok(ZAssetWithHistory), ...problemResponses },
    }),
    async (c) => c.json(await service.applyAssetEvent(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  for (const which of ['erasure-protocol', 'sale-receipt'] as const) {
    r.openapi(
      createRoute({
        method: 'get',
        path: `/assets/{id}/${which}.pdf`,
        tags: ['assets'],
        summary:
          which === 'erasure-protocol'
            ? 'R-5.8: the erasure protocol as a PDF, printable at any time after the erasure'
            : 'R-5.7: the student’s receipt or invoice for the computer as a PDF',
        request: { params: ZIdParam },
        responses: { 200: fileResponse('The PDF', 'application/pdf'), ...problemResponses },
      }),
      async (c) => {
        const doc = await service.getAssetDocument(dbOf(c), requireActor(c), c.req.valid('param').id, which);
        c.header('content-type', 'application/pdf');
        c.header('content-disposition', `inline; filename="${doc.filename}"`);
        c.header('x-content-type-options', 'nosniff');
        return c.body(new Uint8Array(doc.body), 200);
      },
    );
  }
  return r;
}
