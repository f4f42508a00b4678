import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { ZBacklog, ZBacklogOrder, ZDevelopmentRequest, ZRequestInput, ZRequestList, ZRequestListQuery, ZRequestPatch, ZStepInput } from './contract.ts';
import * as service from './service.ts';

const tags = ['governance'];
const ZIdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** Issue 20, R-8: development requests through the boards, and the steering group's backlog. */
export function governanceRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/development-requests',
      tags,
      summary: 'The development requests the user may see (all within their municipalities, or those they or their unit raised)',
      request: { query: ZRequestListQuery },
      responses: { 200: ok(ZRequestList), ...problemResponses },
    }),
    async (c) => c.json(await service.listRequests(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/development-requests',
      tags,
      summary: 'Raise a development request (R-8.1)',
      request: { body: jsonBody(ZRequestInput) },
      responses: { 201: ok(ZDevelopmentRequest, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createRequest(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/development-requests/backlog',
      tags,
      summary: 'The IT steering group’s prioritised backlog of large requests, by rank',
      responses: { 200: ok(ZBacklog), ...problemResponses },
    }),
    async (c) => c.json(await service.backlog(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/development-requests/backlog',
      tags,
      summary: 'Record the steering group’s order of the backlog',
      request: { body: jsonBody(ZBacklogOrder) },
      responses: { 200: ok(ZBacklog), ...problemResponses },
    }),
    async (c) => c.json(await service.reorderBacklog(dbOf(c), requireActor(c), c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/development-requests/{id}',
      tags,
      summary: 'One development request with its steps, board decisions and what the user may do',
      request: { params: ZIdParam },
      responses: { 200: ok(ZDevelopmentRequest), ...problemResponses },
    }),
    async (c) => c.json(await service.getRequest(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/development-requests/{id}',
      tags,
      summary: 'Change a request before IT-forum has prepared it',
      request: { params: ZIdParam, body: jsonBody(ZRequestPatch) },
      responses: { 200: ok(ZDevelopmentRequest), ...problemResponses },
    }),
    async (c) => c.json(await service.updateRequest(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/development-requests/{id}/steps',
      tags,
      summary: 'Record a step: prepared, decided, prioritised, a board’s decision, started, evaluated, delivered, closed or rejected',
      request: { params: ZIdParam, body: jsonBody(ZStepInput) },
      responses: { 200: ok(ZDevelopmentRequest), ...problemResponses },
    }),
    async (c) => c.json(await service.recordStep(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return r;
}
