import { createRoute } from '@hono/zod-openapi';
import { managedUnits } from '../org/service.ts';
import { findUnit } from '../org/store.ts';
import { municipalityFilter, requireActor } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { assertVersion, insertAudited, updateAudited } from '../platform/db/versioned.ts';
import { createRouter, type Actor, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import {
  ZBillingSubscription,
  ZBillingSubscriptionList,
  ZSubscriptionInput,
  ZSubscriptionListQuery,
  ZSubscriptionParams,
  ZSubscriptionUpdate,
  type BillingSubscription,
  type SubscriptionInput,
  type SubscriptionListQuery,
  type SubscriptionUpdate,
} from './contract.ts';
import { billingSubscriptions } from './schema.ts';
import * as store from './store.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { readsBilling, runsBilling } from './policy.ts';
import { applicationInMunicipality } from '../agreements/service.ts';

/**
 * Subscriptions (issue 8, R-6.2, R-6.5): a unit's periodic services that are not devices — IT support
 * per user, telephony per extension, an application, the central cost. Finance, IT management and
 * administrators keep them (their municipality); a unit manager reads their units'. Ending one sets
 * `endsOn` (for an application: the day it was terminated, which decides the next year, R-6.5).
 * Each change is one transaction with its audit row; the next billing run sees it and corrects months
 * already billed.
 */

/** Billing models a subscription can carry; devices are charged through the inventory. */
const SUBSCRIPTION_MODELS = ['monthly_fee', 'yearly_fee', 'application_fee', 'central_cost'];

const present = (r: store.SubscriptionRow): BillingSubscription => ({
  id: r.id,
  municipalityId: r.municipalityId,
  unitId: r.unitId,
  articleCode: r.articleCode,
  label: r.label,
  quantity: r.quantity,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  note: r.note,
  applicationId: r.applicationId,
  version: r.version,
});

function requireKeeper(actor: Actor): void {
  assertPolicy(actor, runsBilling);
}

/** Issue 18: a fee typed by hand may name its application, which must be in the unit's municipality. */
async function applicationProblem(db: Db, municipalityId: string, applicationId: string | null | undefined): Promise<void> {
  if (applicationId && !(await applicationInMunicipality(db, applicationId, municipalityId))) {
    throw new AppError('validation', [
      {
        field: 'applicationId',
        label: 'Applikation',
        labelEn: 'Application',
        reason: 'choose an application of the municipality’s register',
        reasonSv: 'välj en applikation i kommunens register',
      },
    ]);
  }
}

function rangeProblem(startsOn: string, endsOn: string | null | undefined): void {
  if (endsOn && endsOn < startsOn) {
    throw new AppError('validation', [{ field: 'endsOn', reason: 'ends before it starts', reasonSv: 'slutar innan den börjar' }]);
  }
}

/**
 * The article must be a periodic service of the price list: the entry in force on the start day, or,
 * for a subscription that started before the article was priced (an application since 2019), its
 * first entry after that day.
 */
async function articleName(db: Db, articleCode: string, on: string): Promise<string> {
  const entries = (await store.priceItems(db, Number(on.slice(0, 4)), 9999))
    .filter((i) => i.articleCode === articleCode)
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  const price = entries.find((i) => i.validFrom <= on && on <= i.validTo) ?? entries.find((i) => i.validFrom > on);
  if (!price) {
    throw new AppError('validation', [
      {
        field: 'articleCode',
        reason: `article ${articleCode} is not in any price list from ${on}`,
        reasonSv: `artikel ${articleCode} finns inte i någon prislista från ${on}`,
      },
    ]);
  }
  if (!SUBSCRIPTION_MODELS.includes(price.billingModel)) {
    throw new AppError('validation', [
      {
        field: 'articleCode',
        reason: `${articleCode} is charged through the inventory or an order, not as a subscription`,
        reasonSv: `${articleCode} debiteras via inventarier eller beställning, inte som abonnemang`,
      },
    ]);
  }
  return price.name;
}

export async function listSubscriptions(db: Db, actor: Actor, query: SubscriptionListQuery): Promise<BillingSubscription[]> {
  const municipalityId = municipalityFilter(actor, query.municipality);
  let unitIds: string[] | undefined;
  if (!runsBilling(actor)) {
    assertPolicy(actor, readsBilling);
    unitIds = [...(await managedUnits(db, actor))];
  }
  const rows = await store.listSubscriptions(db, { municipalityId, unitId: query.unitId, unitIds });
  return rows.map(present);
}

export async function createSubscription(db: Db, actor: Actor, input: SubscriptionInput): Promise<BillingSubscription> {
  requireKeeper(actor);
  const unit = await findUnit(db, input.unitId, actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId);
  if (!unit) throw new AppError('validation', [{ field: 'unitId', reason: 'unknown unit', reasonSv: 'okänd enhet' }]);
  rangeProblem(input.startsOn, input.endsOn);
  await applicationProblem(db, unit.municipalityId, input.applicationId);
  const name = await articleName(db, input.articleCode, input.startsOn);
  return insertAudited(
    db,
    billingSubscriptions,
    {
      municipalityId: unit.municipalityId,
      unitId: unit.id,
      articleCode: input.articleCode,
      label: input.label ?? name,
      quantity: input.quantity,
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      note: input.note ?? '',
      applicationId: input.applicationId ?? null,
    },
    { actorUserId: actor.id, entity: 'billing_subscription', present, municipalityOf: (r) => r.municipalityId },
  );
}

export async function updateSubscription(db: Db, actor: Actor, id: string, input: SubscriptionUpdate): Promise<BillingSubscription> {
  requireKeeper(actor);
  const before = await store.findSubscription(db, id);
  if (!before || (actor.scope.kind !== 'all' && actor.scope.municipalityId !== before.municipalityId)) throw new AppError('not_found');
  assertVersion(before, input.version, present);
  rangeProblem(before.startsOn, input.endsOn);
  await applicationProblem(db, before.municipalityId, input.applicationId);
  const { version, ...values } = input;
  return updateAudited(db, billingSubscriptions, {
    id,
    expectedVersion: version,
    values,
    before,
    actorUserId: actor.id,
    entity: 'billing_subscription',
    action: input.endsOn ? 'end' : 'update',
    present,
    municipalityOf: (r) => r.municipalityId,
  });
}

export function subscriptionRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/billing/subscriptions',
      tags: ['billing'],
      summary: 'Units’ subscriptions to periodic services (finance: the municipality; a unit manager: their units)',
      request: { query: ZSubscriptionListQuery },
      responses: { 200: ok(ZBillingSubscriptionList), ...problemResponses },
    }),
    async (c) => c.json({ items: await listSubscriptions(dbOf(c), requireActor(c), c.req.valid('query')) }, 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/billing/subscriptions',
      tags: ['billing'],
      summary: 'A unit subscribes to a periodic service of the price list (IT support, telephony, an application, the central cost)',
      request: { body: jsonBody(ZSubscriptionInput) },
      responses: { 201: ok(ZBillingSubscription, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await createSubscription(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/billing/subscriptions/{id}',
      tags: ['billing'],
      summary: 'Change or end a subscription (an application: the day it was terminated, R-6.5)',
      request: { params: ZSubscriptionParams, body: jsonBody(ZSubscriptionUpdate) },
      responses: { 200: ok(ZBillingSubscription), ...problemResponses },
    }),
    async (c) => c.json(await updateSubscription(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return r;
}
