import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { bilingual, createRouter } from '../platform/http/context.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import * as basis from './basis.ts';
import { exportRoutes } from './export-routes.ts';
import { CHARGE_SOURCES, QUANTITY_UNITS, RUN_STATUSES } from './rules.ts';
import * as service from './service.ts';
import { ZVersion, ZVersionQuery } from '../platform/http/types.ts';

const dbOf = (c: { get(k: 'deps'): { database: { db: Db } } }) => c.get('deps').database.db;

const ZWarning = z.object({ subjectId: z.string(), subjectLabel: z.string(), reason: z.string(), reasonSv: z.string() });
const ZPermission = z
  .object({ offered: z.boolean().describe('the run’s status offers the action, whoever asks'), allowed: z.boolean(), reason: z.string().nullable(), reasonSv: z.string().nullable().describe('why not, in Swedish, as the UI shows it') })
  .openapi('BillingRunPermission');
const ZRunActions = z
  .object({ recompute: ZPermission, review: ZPermission, reopen: ZPermission, approve: ZPermission, discard: ZPermission })
  .describe('what the signed-in user may do with the run, and why not (the rule the API enforces)')
  .openapi('BillingRunActions');
const ZRun = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    runMonth: z.string(),
    status: z.enum(RUN_STATUSES),
    scope: z.object({ municipality: z.string(), runMonth: z.string(), periodicMonths: z.array(z.string()), continuousBefore: z.string(), centralYear: z.number().int().nullable(), internal: z.boolean() }),
    settings: z.record(z.string(), z.unknown()),
    lineCount: z.number().int(),
    totalOre: z.number().int().describe('öre: the sum of the lines'),
    warnings: z.array(ZWarning).describe('what should be charged but cannot be (a missing price, a ticket without a unit)'),
    basedOnRunId: z.uuid().nullable().describe('the approved run this one follows and is compared with'),
    computedAt: z.string(),
    reviewedAt: z.string().nullable(),
    reviewedByUserId: z.uuid().nullable(),
    approvedAt: z.string().nullable(),
    approvedByUserId: z.uuid().nullable(),
    computedByName: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    approvedByName: z.string().nullable(),
    version: z.number().int(),
    actions: ZRunActions,
  })
  .openapi('BillingRun');
const ZLine = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    key: z.string(),
    kind: z.enum(['charge', 'correction']),
    source: z.enum(CHARGE_SOURCES),
    chargeGroup: z.enum(['periodic', 'continuous', 'central']),
    subjectId: z.uuid(),
    subjectLabel: z.string(),
    articleCode: z.string(),
    description: z.string(),
    month: z.string(),
    quantity: z.number().int(),
    quantityUnit: z.enum(QUANTITY_UNITS),
    unitPriceOre: z.number().int(),
    amountOre: z.number().int(),
    previouslyBilledOre: z.number().int(),
    rule: z.string().describe('how the amount was reached, in Swedish'),
    reason: z.string().nullable().describe('why a correction changes what was billed'),
  })
  .openapi('BillingLine');
const ZChange = z
  .object({
    unitId: z.uuid(), groupKey: z.string(), subjectId: z.string(), subjectLabel: z.string(), articleCode: z.string(), description: z.string(),
    kind: z.enum(['added', 'removed', 'changed']), previousOre: z.number().int(), currentOre: z.number().int(), deltaOre: z.number().int(), reason: z.string(),
  })
  .openapi('BasisChange');

const ZRunInput = z
  .strictObject({
    municipality: z.string().min(1, bilingual('name the municipality', 'ange kommunen')).describe('municipality code or id'),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('the month is written yyyy-mm', 'månaden skrivs åååå-mm')).describe('the run month, yyyy-mm'),
  })
  .openapi('BillingRunInput');
const ZTransition = z.strictObject({ version: ZVersion }).openapi('BillingRunTransition');
const ZId = z.object({ id: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')) });
const ZUnitParams = z.object({ id: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')), unitId: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')) });

/** Issue 8: billing runs, the invoice basis per unit and the changes since the previous run. */
export function billingRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({ method: 'get', path: '/billing/runs', tags: ['billing'], summary: 'Billing runs, newest month first (finance: every run of the municipality; a unit manager: approved runs)', request: { query: basis.ZRunListQuery }, responses: { 200: ok(z.object({ items: z.array(ZRun) })), ...problemResponses } }),
    async (c) => c.json({ items: await basis.listRuns(dbOf(c), requireActor(c), c.req.valid('query')) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/billing/runs', tags: ['billing'],
      summary: 'Compute the draft run of a municipality for a month, or recompute it (R-6.6); a reviewed or approved run answers 409, a month outside the schedule 400',
      request: { body: jsonBody(ZRunInput) }, responses: { 201: ok(ZRun, 'Computed'), ...problemResponses },
    }),
    async (c) => {
      const { run } = await service.computeRun(dbOf(c), requireActor(c), c.req.valid('json'));
      const [shown] = await basis.presentRuns(dbOf(c), requireActor(c), [run]);
      return c.json(shown, 201);
    },
  );
  r.openapi(
    createRoute({ method: 'get', path: '/billing/runs/{id}', tags: ['billing'], summary: 'A run with its units’ totals beside the previous approved run’s (R-6.3)', request: { params: ZId }, responses: { 200: ok(z.object({ run: ZRun, previous: ZRun.nullable(), units: z.array(z.object({ unitId: z.uuid(), unitCode: z.string(), unitName: z.string(), accountingCodes: z.record(z.string(), z.string()), lineCount: z.number().int(), totalOre: z.number().int(), correctionOre: z.number().int(), previousTotalOre: z.number().int() })) })), ...problemResponses } }),
    async (c) => c.json(await basis.runUnits(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/billing/runs/{id}/units/{unitId}', tags: ['billing'], summary: 'One unit’s invoice basis in a run: accounting codes, lines, total and the changes since the previous run with reasons (R-6.3)',
      request: { params: ZUnitParams },
      responses: { 200: ok(z.object({ run: ZRun, previous: ZRun.nullable(), unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), accountingCodes: z.record(z.string(), z.string()), accountingString: z.string() }), lines: z.array(ZLine), totalOre: z.number().int(), previousTotalOre: z.number().int(), changes: z.array(ZChange) }).openapi('UnitBasis')), ...problemResponses },
    }),
    async (c) => {
      const { id, unitId } = c.req.valid('param');
      return c.json(await basis.unitBasis(dbOf(c), requireActor(c), id, unitId), 200);
    },
  );
  for (const action of ['review', 'reopen', 'approve'] as const) {
    r.openapi(
      createRoute({
        method: 'post', path: `/billing/runs/{id}/${action}`, tags: ['billing'],
        summary: { review: 'Mark a draft reviewed', reopen: 'Send a reviewed run back to draft', approve: 'Approve a reviewed run: finance of the run’s municipality, someone other than the reviewer (403 for another role, 409 for the reviewer); it never changes again (R-6.6)' }[action],
        request: { params: ZId, body: jsonBody(ZTransition) }, responses: { 200: ok(ZRun), ...problemResponses },
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
      method: 'delete', path: '/billing/runs/{id}', tags: ['billing'], summary: 'Discard a draft run (?version=); a reviewed run goes back to draft first, an approved one never goes (R-6.6)',
      request: { params: ZId, query: z.object({ version: ZVersionQuery }) }, responses: { 204: { description: 'Discarded' }, ...problemResponses },
    }),
    async (c) => {
      await service.discardRun(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );
  exportRoutes(r);
  return r;
}
