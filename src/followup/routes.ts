import { createRoute } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { PDF_CONTENT_TYPE, download } from '../platform/http/download.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { ZFollowUpAnswer, ZFollowUpQuery, ZMarkSent, ZSnapshot, ZSnapshotSummary } from './contract.ts';
import { followUpFilename, followUpPdf } from './export-pdf.ts';
import { XLSX_CONTENT_TYPE, followUpXlsx } from './export-xlsx.ts';
import * as service from './service.ts';

/**
 * Issue 21, R-10: the tertial and year follow-up — the report measured now, its PDF and XLSX, and the
 * reports marked sent to the boards (frozen, shown beside what has changed since).
 */
export function followUpRoutes() {
  const r = createRouter();
  const tags = ['followup'];

  r.openapi(
    createRoute({
      method: 'get',
      path: '/followup',
      tags,
      summary: 'The follow-up report of a tertial or year, for one municipality or both, measured now against the mission’s targets',
      request: { query: ZFollowUpQuery },
      responses: { 200: ok(ZFollowUpAnswer), ...problemResponses },
    }),
    async (c) => c.json(await service.followUpReport(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/followup/report.pdf',
      tags,
      summary: 'The follow-up report as PDF, with its charts',
      request: { query: ZFollowUpQuery },
      responses: { 200: fileResponse('The PDF', PDF_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const report = await service.followUpForExport(dbOf(c), requireActor(c), c.req.valid('query'));
      return download(c, { filename: followUpFilename(report, 'pdf'), contentType: PDF_CONTENT_TYPE, body: await followUpPdf(report) });
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/followup/report.xlsx',
      tags,
      summary: 'The follow-up report as a workbook, one sheet per section, numbers as numbers',
      request: { query: ZFollowUpQuery },
      responses: { 200: fileResponse('The workbook', XLSX_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const report = await service.followUpForExport(dbOf(c), requireActor(c), c.req.valid('query'));
      return download(c, { filename: followUpFilename(report, 'xlsx'), contentType: XLSX_CONTENT_TYPE, body: await followUpXlsx(report) });
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/followup/snapshots',
      tags,
      summary: 'Mark a report sent to the boards (IT management): it is frozen as it is now',
      request: { body: jsonBody(ZMarkSent) },
      responses: { 201: ok(ZSnapshotSummary, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.markSent(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/followup/snapshots/{id}',
      tags,
      summary: 'A report as it was sent, the same report now, and what has changed',
      request: { params: ZIdParam },
      responses: { 200: ok(ZSnapshot), ...problemResponses },
    }),
    async (c) => c.json(await service.getSnapshot(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  return r;
}
