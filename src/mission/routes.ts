import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { download, PDF_CONTENT_TYPE } from '../platform/http/download.ts';
import { AppError } from '../platform/http/errors.ts';
import { fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { ZVersion } from '../platform/http/types.ts';
import {
  ZMissionDateQuery,
  ZMissionDraftInput,
  ZMissionPublishInput,
  ZMissionSaveInput,
  ZMissionSummaryList,
  ZMissionVersion,
  ZMissionVersionDetail,
  type MissionVersion,
} from './contract.ts';
import { changesPdf, changesText } from './exports.ts';
import * as service from './service.ts';

const tags = ['mission'];

const present = (m: Awaited<ReturnType<typeof service.missionOn>>): MissionVersion => ({ ...service.summary(m), document: m.document });

const ZIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export function missionRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mission',
      tags,
      summary: 'The yearly mission in force on a date (default today, Europe/Stockholm)',
      request: { query: ZMissionDateQuery },
      responses: { 200: ok(ZMissionVersion), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      return c.json(present(await service.missionOn(dbOf(c), c.req.valid('query').date)), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/missions',
      tags,
      summary: 'The published mission versions, and the drafts for those who may read them',
      responses: { 200: ok(ZMissionSummaryList), ...problemResponses },
    }),
    async (c) => c.json(await service.missionOverview(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/missions/{year}',
      tags,
      summary: 'One year’s mission: its newest published revision',
      request: {
        params: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2100)
            .openapi({ param: { name: 'year', in: 'path' } }),
        }),
      },
      responses: { 200: ok(ZMissionVersion), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const found = await service.missionOfYear(dbOf(c), c.req.valid('param').year);
      if (!found) throw new AppError('not_found');
      return c.json(present(found), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/mission-drafts',
      tags,
      summary: 'Start a draft for a year from the newest published mission of that year or before (R-8.4)',
      request: { body: jsonBody(ZMissionDraftInput) },
      responses: { 201: ok(ZMissionVersionDetail, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createMissionDraft(dbOf(c), requireActor(c), c.req.valid('json').year), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mission-versions/{id}',
      tags,
      summary: 'One mission version (draft or published) with its generated changes and what stops publishing',
      request: { params: ZIdParam },
      responses: { 200: ok(ZMissionVersionDetail), ...problemResponses },
    }),
    async (c) => c.json(await service.readMissionVersion(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/mission-versions/{id}',
      tags,
      summary: 'Save a draft’s whole document; every problem is listed with its field',
      request: { params: ZIdParam, body: jsonBody(ZMissionSaveInput) },
      responses: { 200: ok(ZMissionVersionDetail), ...problemResponses },
    }),
    async (c) => c.json(await service.saveMissionDraft(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/mission-versions/{id}/publish',
      tags,
      summary: 'Publish a draft once the political decisions are recorded; it never changes again',
      request: { params: ZIdParam, body: jsonBody(ZMissionPublishInput) },
      responses: { 200: ok(ZMissionVersionDetail), ...problemResponses },
    }),
    async (c) => c.json(await service.publishMissionDraft(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/mission-versions/{id}',
      tags,
      summary: 'Throw away a draft',
      request: {
        params: ZIdParam,
        query: z.object({ version: z.coerce.number().pipe(ZVersion).meta({ label: 'Version', labelEn: 'Version' }) }),
      },
      responses: { 204: { description: 'Discarded' }, ...problemResponses },
    }),
    async (c) => {
      await service.discardMissionDraft(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mission-versions/{id}/changes.txt',
      tags,
      summary: 'The changes from the previous mission as plain text for the board’s papers',
      request: { params: ZIdParam },
      responses: { 200: fileResponse('The text', 'text/plain; charset=utf-8'), ...problemResponses },
    }),
    async (c) => {
      const file = await changesText(dbOf(c), requireActor(c), c.req.valid('param').id);
      return download(c, { filename: file.filename, contentType: 'text/plain; charset=utf-8', body: file.text });
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mission-versions/{id}/changes.pdf',
      tags,
      summary: 'The changes from the previous mission as PDF',
      request: { params: ZIdParam },
      responses: { 200: fileResponse('The PDF', PDF_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const file = await changesPdf(dbOf(c), requireActor(c), c.req.valid('param').id);
      return download(c, { filename: file.filename, contentType: PDF_CONTENT_TYPE, body: file.pdf });
    },
  );
  return r;
}
