import { createRoute } from '@hono/zod-openapi';
import { monthOf, monthWindow } from '../calendar/dates.ts';
import { readsWholeRegister } from '../assets/policy.ts';
import * as catalogue from '../catalogue/store.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { authorityOf } from '../orders/service.ts';
import { findUnit } from '../org/store.ts';
import { municipalityFilter, requireActor } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { createRouter, type Actor, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ok, problemResponses } from '../platform/http/openapi.ts';
import { ZUnitCostQuery, ZUnitEquipmentCosts, type UnitCostQuery, type UnitEquipmentCosts } from './contract.ts';
import { billingConfig } from './rules.ts';
import { totalMonthly, unitCostItems, type CostAsset, type CostBasis } from './unit-cost-rules.ts';
import * as store from './store.ts';

/**
 * A unit's equipment cost per month (issue 7 UI, R-6.4): what the billing run charges the unit for its
 * equipment, by the run's own rule, so it belongs to billing (issue 17 moved it from assets' planning;
 * the path stays under /assets, where the unit's equipment page asks for it).
 */

/**
 * Issue 7 UI, R-6.4: what a unit's equipment costs per month: every asset billed to the unit in the
 * month, with the monthly fee of its article from that year's price list; the total of the known fees.
 */
export async function unitCosts(db: Db, actor: Actor, q: UnitCostQuery): Promise<UnitEquipmentCosts> {
  const unit = await findUnit(db, q.unitId, municipalityFilter(actor));
  if (!unit) throw new AppError('not_found');
  if (!readsWholeRegister(actor)) {
    const authority = await authorityOf(db, actor);
    if (!(actor.roles.includes('unit_manager') && authority.managedUnitIds.has(unit.id))) throw new AppError('not_found');
  }
  const month = q.month ?? monthOf(stockholmToday());
  const window = monthWindow(month);
  const { partMonth } = billingConfig((await missionOn(db, window.from)).document);
  const rows = await store.unitBillingPeriods(db, unit.id, window);
  const byAsset = new Map<string, CostAsset & { periods: { from: string; to: string | null; basis: CostBasis }[] }>();
  for (const r of rows) {
    const a = byAsset.get(r.assetId) ?? {
      assetId: r.assetId,
      serial: r.serial,
      model: r.model,
      deviceType: r.deviceType,
      holderName: r.holderName,
      status: r.status,
      articleCode: r.articleCode,
      periods: [],
    };
    a.periods.push({ from: r.from, to: r.to, basis: r.basis });
    byAsset.set(r.assetId, a);
  }
  const list = await catalogue.findPriceList(db, Number(month.slice(0, 4)));
  const entries = list ? await catalogue.listEntries(db, list.id) : [];
  const items = unitCostItems([...byAsset.values()], entries, month, partMonth);
  return { unitId: unit.id, unitName: unit.name, month, items, partMonth, totalMonthly: totalMonthly(items) };
}

/** Mounted before the asset routes, whose `/assets/{id}` would otherwise take `/assets/unit-costs`. */
export function unitCostRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/assets/unit-costs',
      tags: ['assets'],
      summary: 'A unit’s equipment billed in a month with each monthly fee from that year’s price list (the unit’s manager, IT and finance)',
      request: { query: ZUnitCostQuery },
      responses: { 200: ok(ZUnitEquipmentCosts), ...problemResponses },
    }),
    async (c) => c.json(await unitCosts(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  return r;
}
