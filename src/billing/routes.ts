import { createRoute } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import * as basis from './basis.ts';
import {
  ZBillingRun,
  ZBillingRunList,
  ZRunDiscardQuery,
  ZRunInput,
  ZRunListQuery,
  ZRunParams as ZId,
  ZRunTransition as ZTransition,
  ZRunUnitParams as ZUnitParams,
  ZRunWithUnits,
  ZUnitBasis,
} from './contract.ts';
import { exportRoutes } from './export-routes.ts';
import * as service from './service.ts';

/** Issue 8: billing runs, the invoice basis per unit and the changes since the previous run. */
export function billingRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs',
      tags: ['billing'],
      summary: 'Billing runs, newest month first (finance: every run of the municipality; a unit manager: approved runs)',
      request: { query: ZRunListQuery },
      responses: { 200: ok(ZBillingRunList), ...problemResponses },
    }),
    async (c) => c.json({ items: await basis.listRuns(dbOf(c), requireActor(c), c.req.valid('query')) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/billing/runs',
      tags: ['billing'],
      summary:
        'Compute the draft run of a municipality for a month, or recompute it (R-6.6); a reviewed or approved run answers 409, a month outside the schedule 400',
      request: { body: jsonBody(ZRunInput) },
      responses: { 201: ok(ZBillingRun, 'Computed'), ...problemResponses },
    }),
    async (c) => {
      const { run } = await service.computeRun(dbOf(c), requireActor(c), c.req.valid('json'));
      const [shown] = await basis.presentRuns(dbOf(c), requireActor(c), [run]);
      return c.json(shown, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}',
      tags: ['billing'],
      summary: 'A run with its units’ totals beside the previous approved run’s (R-6.3)',
      request: { params: ZId },
      responses: { 200: ok(ZRunWithUnits), ...problemResponses },
    }),
    async (c) => c.json(await basis.runUnits(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/runs/{id}/units/{unitId}',
      tags: ['billing'],
      summary: 'One unit’s invoice basis in a run: accounting codes, lines, total and the changes since the previous run with reasons (R-6.3)',
      request: { params: ZUnitParams },
      responses: { 200: ok(ZUnitBasis), ...problemResponses },
    }),
    async (c) => {
      const { id, unitId } = c.req.valid('param');
      return c.json(await basis.unitBasis(dbOf(c), requireActor(c), id, unitId), 200);
    },
  );
  for (const action of ['review', 'reopen', 'approve'] as const) {
    r.openapi(
      createRoute({
        method: 'post',
        path: `/billing/runs/{id}/${action}`,
        tags: ['billing'],
        summary: {
          review: 'Mark a draft reviewed',
          reopen: 'Send a reviewed run back to draft',
          approve:
            'Approve a reviewed run: finance of the run’s municipality, someone other than the reviewer (403 for another role, 409 for the reviewer); it never changes again (R-6.6)',
        }[action],
        request: { params: ZId, body: jsonBody(ZTransition) },
        responses: { 200: ok(ZBillingRun), ...problemResponses },
      }),
      async (c) => {
        const run = await service.transitionRun(dbOf(c), requireActor(c), c.req.valid('param').id, { action, version: c.req.valid('json').version });
        const [shown] = await basis.presentRuns(dbOf(c), requireActor(c), [run]);
        return c.json(shown, 200);
      },
    );
  }
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/billing/runs/{id}',
      tags: ['billing'],
      summary: 'Discard a draft run (?version=); a reviewed run goes back to draft first, an approved one never goes (R-6.6)',
      request: { params: ZId, query: ZRunDiscardQuery },
      responses: { 204: { description: 'Discarded' }, ...problemResponses },
    }),
    async (c) => {
      await service.discardRun(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );
  exportRoutes(r);
  return r;
}
