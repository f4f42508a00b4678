import { createRoute } from '@hono/zod-openapi';
import { FILE_TYPES } from '../catalogue/export.ts';
import { requireActor } from '../platform/auth/policy.ts';
import type { createRouter } from '../platform/http/context.ts';
import { download } from '../platform/http/download.ts';
import { fileResponse, problemResponses } from '../platform/http/openapi.ts';
import { ZRunParams as ZId, ZRunUnitParams as ZUnitParams } from './contract.ts';
import * as billingExports from './exports.ts';
import { dbOf } from '../platform/http/context.ts';

/**
 * Issue 8, R-6.7: a billing run's exports. The run-wide files (CSV, XLSX, SIE 4I) are for finance, IT
 * management and administrators of the run's municipality; the per-unit PDF also for a unit manager,
 * of approved runs and their own units. Registered by `billingRoutes()`.
 */
export function exportRoutes(r: ReturnType<typeof createRouter>): void {
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}/export.csv',
      tags: ['billing'],
      summary:
        'The whole run as CSV, one row per line (UTF-8 with BOM, “;”, CR LF; money in kronor with a period and in öre; formula-safe; drafts marked “utkast”)',
      request: { params: ZId },
      responses: { 200: fileResponse('The CSV file', FILE_TYPES.csv), ...problemResponses },
    }),
    async (c) => download(c, await billingExports.runCsv(dbOf(c), requireActor(c), c.req.valid('param').id)),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}/export.xlsx',
      tags: ['billing'],
      summary: 'The whole run as XLSX: sheet “Rader” (one row per line) and “Per enhet” (totals per unit beside the previous run)',
      request: { params: ZId },
      responses: { 200: fileResponse('The workbook', FILE_TYPES.xlsx), ...problemResponses },
    }),
    async (c) => download(c, await billingExports.runXlsx(dbOf(c), requireActor(c), c.req.valid('param').id)),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}/export.se',
      tags: ['billing'],
      summary:
        'An approved run as a SIE 4 type 4I voucher (CP437) with the municipality’s accounts and dimensions from the mission; a run not approved is 409, missing accounting settings or unit codes 400',
      request: { params: ZId },
      responses: { 200: fileResponse('The SIE 4I file, named .si', billingExports.SIE_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => download(c, await billingExports.runSie(dbOf(c), requireActor(c), c.req.valid('param').id)),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}/units/{unitId}/basis.pdf',
      tags: ['billing'],
      summary:
        'One unit’s invoice basis as PDF: lines by group, corrections with reasons, totals and the changes since the previous invoice (R-6.3); a draft says “UTKAST – ej godkänt”',
      request: { params: ZUnitParams },
      responses: { 200: fileResponse('The PDF', billingExports.PDF_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const { id, unitId } = c.req.valid('param');
      return download(c, await billingExports.unitPdf(dbOf(c), requireActor(c), id, unitId));
    },
  );
}
