import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { assetBillingPeriods, assets } from '../assets/schema.ts';
import { holderName } from '../assets/store.ts';
import { catalogueServices, priceListItems, priceLists } from '../catalogue/schema.ts';
import { orderLines } from '../orders/schema.ts';
import { people, units, users } from '../org/schema.ts';
import { ticketTimeEntries } from '../tickets/schema.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import type { AssetInput, BulkAssetPrice, Charge, OnCallInput, OrderLineInput, PeriodInput, PriceItem, RunLine, SubscriptionInput } from './rules.ts';
import type { YearMonth } from '../calendar/dates.ts';
import { billingLineBatches, billingLines, billingRunLines, billingRuns, billingSubscriptions } from './schema.ts';

/**
 * What a billing run reads (issue 8). Plain queries, one per kind of subject, each bounded by the
 * municipality and the run's months so a monthly run over 100,000 assets stays one pass.
 */

export type RunRow = typeof billingRuns.$inferSelect;
/** A run without the units it recorded (a few hundred kilobytes for 3,000 units): what most callers need. */
export type RunHead = Omit<RunRow, 'units'>;
const { units: _units, ...runHeadColumns } = getTableColumns(billingRuns);
export { runHeadColumns };
export type LineRow = typeof billingRunLines.$inferSelect;

export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute<Record<string, unknown>>(query);
  return (result as { rows: T[] }).rows;
}

export async function findRun(db: DbOrTx, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, id)).limit(1);
  return row;
}

/** Every line of a run (its exports): the irregular lines and the expanded batches (view billing_run_lines). */
export function runLines(db: DbOrTx, runId: string): Promise<LineRow[]> {
  return db.select().from(billingRunLines).where(eq(billingRunLines.runId, runId));
}

/**
 * Per run and unit: line count, total and corrections of the runs (a query to select from), summed
 * from the irregular lines and the batches without expanding them.
 */
export function unitTotals(runIds: readonly string[]): SQL {
  const ids = arrayLiteral(runIds);
  return sql`select run_id, unit_id, sum(line_count)::int as line_count, sum(total)::bigint as total, sum(corr)::bigint as corr from (
      select run_id, unit_id, count(*) as line_count, sum(amount_ore) as total, sum(case when kind = 'correction' then amount_ore else 0 end) as corr
      from billing_lines where run_id = any(${ids}::uuid[]) group by run_id, unit_id
      union all
      select run_id, unit_id, sum(line_count), sum(amount_ore), 0 from billing_line_batches where run_id = any(${ids}::uuid[]) group by run_id, unit_id
    ) t group by run_id, unit_id`;
}

export async function findRunByMonth(db: DbOrTx, municipalityId: string, runMonth: string): Promise<RunHead | undefined> {
  const [row] = await db
    .select(runHeadColumns)
    .from(billingRuns)
    .where(and(eq(billingRuns.municipalityId, municipalityId), eq(billingRuns.runMonth, runMonth)))
    .limit(1);
  return row;
}

/** The newest approved run of a municipality, and the earliest and latest months of its approved runs. */
export async function approvedRuns(
  db: DbOrTx,
  municipalityId: string,
): Promise<{ latest: RunHead | undefined; firstMonth: string | undefined; lastMonth: string | undefined }> {
  const [found] = await db
    .select({
      run: runHeadColumns,
      firstMonth: sql<string>`min(${billingRuns.runMonth}) over ()`,
      lastMonth: sql<string>`max(${billingRuns.runMonth}) over ()`,
    })
    .from(billingRuns)
    .where(and(eq(billingRuns.municipalityId, municipalityId), eq(billingRuns.status, 'approved')))
    .orderBy(desc(billingRuns.approvedAt))
    .limit(1);
  return { latest: found?.run, firstMonth: found?.firstMonth, lastMonth: found?.lastMonth };
}

/** Price-list entries of the years asked for, with their service's code. */
export async function priceItems(db: DbOrTx, fromYear: number, toYear: number): Promise<PriceItem[]> {
  return db
    .select({
      articleCode: priceListItems.articleCode,
      serviceCode: catalogueServices.code,
      name: priceListItems.name,
      billingModel: priceListItems.billingModel,
      purchasePrice: priceListItems.purchasePrice,
      monthlyFee: priceListItems.monthlyFee,
      weeklyFee: priceListItems.weeklyFee,
      hourlyRate: priceListItems.hourlyRate,
      yearlyFee: priceListItems.yearlyFee,
      validFrom: priceListItems.validFrom,
      validTo: priceListItems.validTo,
    })
    .from(priceListItems)
    .innerJoin(priceLists, eq(priceLists.id, priceListItems.priceListId))
    .innerJoin(catalogueServices, eq(catalogueServices.id, priceListItems.serviceId))
    .where(sql`${priceLists.year} between ${fromYear} and ${toYear}`);
}

interface PeriodRow {
  asset_id: string;
  serial: string;
  article_code: string | null;
  service_code: string | null;
  model: string;
  unit_id: string;
  from_on: string;
  to_on: string | null;
  basis: 'active' | 'early_return';
}

/**
 * R-6.4: the billing periods of the municipality's assets that touch [from, to] (ISO dates), grouped
 * by asset, with what the charge needs from the asset. One query.
 */
export async function assetPeriods(db: DbOrTx, municipalityId: string, from: string, to: string): Promise<AssetInput[]> {
  const found = await rows<PeriodRow>(
    db,
    sql`select p.asset_id, a.serial, a.article_code, a.service_code, a.model, p.unit_id, p.from_on::text as from_on, p.to_on::text as to_on, p.basis
        from asset_billing_periods p join assets a on a.id = p.asset_id
        where p.municipality_id = ${municipalityId} and p.from_on <= ${to}::date and (p.to_on is null or p.to_on >= ${from}::date)
        order by p.asset_id, p.from_on`,
  );
  return groupPeriods(found);
}

/** Period rows (ordered by asset and start) as the assets the rules take. */
function groupPeriods(found: readonly PeriodRow[]): AssetInput[] {
  const byAsset = new Map<string, AssetInput & { periods: PeriodInput[] }>();
  for (const r of found) {
    let a = byAsset.get(r.asset_id);
    if (!a) {
      a = { id: r.asset_id, serial: r.serial, articleCode: r.article_code, serviceCode: r.service_code, model: r.model, periods: [] };
      byAsset.set(r.asset_id, a);
    }
    a.periods.push({ unitId: r.unit_id, from: r.from_on, to: r.to_on, basis: r.basis });
  }
  return [...byAsset.values()];
}

/**
 * Decision 0006, R-6.4: the bulk path of a run. In one statement, the ordinary monthly charges of the
 * municipality's assets for the run's months are written as `billing_line_batches` of the run (one row
 * per unit, article, description, month and price, the assets as arrays), and every other billing
 * period touching [from, to] is returned, grouped by asset, for the rules (assetCharges,
 * shortTermCharges). A period is ordinary — charged here — when it is active and spans every month
 * (rules.plainPeriodBounds), its asset's article is priced for every month (rules.bulkAssetPrices),
 * and its asset neither changed since the previous run (it may need corrections) nor has a line of
 * those months in an approved run (anything already billed is reconciled by the rules). What the
 * batches charge is exactly what the rules would charge for those periods: the property test in
 * test/api/billing-bulk.test.ts holds the two against each other on random histories.
 */
export async function chargeOrdinaryAssets(
  tx: DbOrTx,
  props: {
    runId: string;
    municipalityId: string;
    months: readonly YearMonth[];
    bounds: { startsBefore: string; endsFrom: string };
    prices: readonly BulkAssetPrice[];
    rule: string;
    changed: readonly string[];
    from: string;
    to: string;
  },
): Promise<{ others: AssetInput[]; lineCount: number; totalOre: number; units: string }> {
  const { runId, municipalityId, months, bounds, prices, rule } = props;
  const monthList = arrayLiteral(months);
  const articles = arrayLiteral([...new Set(prices.map((p) => p.articleCode))]);
  // The hash aggregate of 100,000 ids into arrays needs far more than the default 4 MB to stay in memory
  // (each array has its own memory context); the municipality's runs are serialised, so this is one at a time.
  await tx.execute(sql`set local work_mem = '256MB'`);
  const found = await rows<PeriodRow & { batched_lines: string | null; batched_ore: string | null; batched_units: string | null }>(
    tx,
    sql`with billed as (
          select l.subject_id as id from billing_lines l join billing_runs r on r.id = l.run_id
          where r.status = 'approved' and l.municipality_id = ${municipalityId} and l.month = any(${monthList}::text[])
          union
          select s.id from billing_runs r join billing_line_batches b on b.run_id = r.id cross join lateral unnest(b.subject_ids) as s(id)
          where r.municipality_id = ${municipalityId} and r.status = 'approved' and r.scope->'periodicMonths' ?| ${monthList}::text[] and b.month = any(${monthList}::text[])
          union
          select unnest(${arrayLiteral(props.changed)}::uuid[])
        ),
        price as (
          select * from unnest(${arrayLiteral(prices.map((p) => p.articleCode))}::text[], ${arrayLiteral(prices.map((p) => p.month))}::text[],
                               ${arrayLiteral(prices.map((p) => p.monthlyFee))}::int[], ${arrayLiteral(prices.map((p) => p.name))}::text[])
                 as t(article_code, month, monthly_fee, name)
        ),
        period as materialized (
          select p.asset_id, a.article_code, a.model, p.unit_id, p.from_on, p.to_on, p.basis,
                 coalesce(p.basis = 'active' and p.from_on < ${bounds.startsBefore}::date and (p.to_on is null or p.to_on >= ${bounds.endsFrom}::date)
                          and a.article_code = any(${articles}::text[]) and p.asset_id not in (select id from billed), false) as ordinary
          from asset_billing_periods p join assets a on a.id = p.asset_id
          where p.municipality_id = ${municipalityId} and p.from_on <= ${props.to}::date and (p.to_on is null or p.to_on >= ${props.from}::date)
        ),
        grouped as (
          select p.unit_id, p.article_code, p.model, array_agg(p.asset_id) as ids, count(*)::int as n
          from period p where p.ordinary
          group by p.unit_id, p.article_code, p.model
        ),
        batch as (
          insert into billing_line_batches (run_id, municipality_id, unit_id, article_code, description, month, unit_price_ore, rule, subject_ids, line_count, amount_ore)
          select ${runId}::uuid, ${municipalityId}::uuid, g.unit_id, g.article_code, price.name || ' – ' || g.model, price.month, price.monthly_fee, ${rule},
                 g.ids, g.n, g.n::bigint * price.monthly_fee
          from grouped g join price on price.article_code = g.article_code
          returning unit_id, line_count, amount_ore
        ),
        batched as (select sum(line_count) as lines, sum(amount_ore) as ore, array_agg(distinct unit_id)::text as units from batch)
        select p.asset_id, a.serial, p.article_code, a.service_code, p.model, p.unit_id, p.from_on::text as from_on, p.to_on::text as to_on, p.basis,
               null::bigint as batched_lines, null::bigint as batched_ore, null as batched_units
        from period p join assets a on a.id = p.asset_id where not p.ordinary
        union all
        select null, null, null, null, null, null, null, null, null, batched.lines, batched.ore, batched.units from batched
        order by 1, 7`,
  );
  const totals = found.find((r) => r.asset_id === null);
  return {
    others: groupPeriods(found.filter((r) => r.asset_id !== null)),
    lineCount: Number(totals?.batched_lines ?? 0),
    totalOre: Number(totals?.batched_ore ?? 0),
    /** The units the batches charge, as a PostgreSQL array literal. */
    units: totals?.batched_units ?? '{}',
  };
}

/** Assets and subscriptions whose history changed after an instant, with what changed last (reason hints). */
export async function changedSubjects(
  db: DbOrTx,
  municipalityId: string,
  since: Date,
): Promise<Map<string, { kind: string; on: string; unitName: string | null }>> {
  const found = await rows<{ subject_id: string; kind: string; on: string; unit_name: string | null }>(
    db,
    sql`select distinct on (e.asset_id) e.asset_id as subject_id, e.kind, e.occurred_on::text as on, u.name as unit_name
        from asset_events e join assets a on a.id = e.asset_id left join units u on u.id = a.unit_id
        where e.municipality_id = ${municipalityId} and e.at > ${since.toISOString()}::timestamptz
        order by e.asset_id, e.at desc`,
  );
  const subs = await rows<{ subject_id: string; ends_on: string | null; starts_on: string; created: boolean }>(
    db,
    sql`select id as subject_id, ends_on::text as ends_on, starts_on::text as starts_on, created_at > ${since.toISOString()}::timestamptz as created
        from billing_subscriptions where municipality_id = ${municipalityId} and updated_at > ${since.toISOString()}::timestamptz`,
  );
  const out = new Map<string, { kind: string; on: string; unitName: string | null }>();
  for (const r of found) out.set(r.subject_id, { kind: r.kind, on: r.on, unitName: r.unit_name });
  for (const s of subs) {
    const kind = s.ends_on ? 'subscription_end' : s.created ? 'subscription_start' : 'subscription_change';
    out.set(s.subject_id, { kind, on: s.ends_on ?? s.starts_on, unitName: null });
  }
  return out;
}

/** R-6.1: delivered purchases and ordered hours not billed yet, delivered before the cutoff. */
export async function unbilledOrderLines(db: DbOrTx, municipalityId: string, before: string): Promise<OrderLineInput[]> {
  const found = await rows<{
    id: string;
    number: string;
    position: number;
    unit_id: string;
    article_code: string | null;
    description: string;
    billing_model: string | null;
    quantity: number;
    purchase_price: number | null;
    hourly_rate: number | null;
    delivered_on: string;
  }>(
    db,
    sql`select l.id, o.number, l.position, o.unit_id, l.article_code, l.description, l.billing_model, l.quantity, l.purchase_price, l.hourly_rate, l.delivered_on::text as delivered_on
        from order_lines l join orders o on o.id = l.order_id
        where l.municipality_id = ${municipalityId} and l.status = 'delivered' and l.billed_in_run_id is null and l.delivered_on < ${before}::date
          and l.billing_model in ('one_off', 'hourly', 'purchase_plus_monthly_fee')`,
  );
  return found.map((r) => ({
    id: r.id,
    orderNumber: r.number,
    position: r.position,
    unitId: r.unit_id,
    articleCode: r.article_code,
    description: r.description,
    billingModel: r.billing_model,
    quantity: r.quantity,
    purchasePrice: r.purchase_price,
    hourlyRate: r.hourly_rate,
    deliveredOn: r.delivered_on,
  }));
}

/** R-3.6: on-call time not billed yet, started (Stockholm date) before the cutoff. */
export async function unbilledOnCall(db: DbOrTx, municipalityId: string, before: string): Promise<OnCallInput[]> {
  const found = await rows<{ id: string; number: string; unit_id: string | null; started_on: string; billable_minutes: number }>(
    db,
    sql`select e.id, t.number, coalesce(e.unit_id, t.unit_id) as unit_id, (e.started_at at time zone 'Europe/Stockholm')::date::text as started_on, e.billable_minutes
        from ticket_time_entries e join tickets t on t.id = e.ticket_id
        where e.municipality_id = ${municipalityId} and e.on_call and e.billable_minutes > 0 and e.billed_in_run_id is null
          and (e.started_at at time zone 'Europe/Stockholm')::date < ${before}::date`,
  );
  return found.map((r) => ({ id: r.id, ticketNumber: r.number, unitId: r.unit_id, startedOn: r.started_on, billableMinutes: r.billable_minutes }));
}

export async function subscriptions(db: DbOrTx, municipalityId: string): Promise<SubscriptionInput[]> {
  const found = await db.select().from(billingSubscriptions).where(eq(billingSubscriptions.municipalityId, municipalityId));
  return found.map((s) => ({
    id: s.id,
    unitId: s.unitId,
    articleCode: s.articleCode,
    label: s.label,
    quantity: s.quantity,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    applicationId: s.applicationId,
  }));
}

interface BilledRow {
  key: string;
  billed: string | number;
  unit_id: string;
  source: Charge['source'];
  charge_group: Charge['group'];
  subject_id: string;
  subject_label: string;
  article_code: string;
  description: string;
  month: string;
  quantity: number;
  quantity_unit: Charge['quantityUnit'];
  unit_price_ore: number;
  rule: string;
}

/**
 * R-6.6: what approved runs billed, by key, for the keys a run looks at: every key of the run's
 * periodic months, the keys of changed subjects from `lookbackFrom`, and the keys of the continuous
 * subjects it picks up. Each comes with its newest line, so a key no longer due can be credited.
 */
export async function billedByKey(
  db: DbOrTx,
  municipalityId: string,
  props: { months: readonly YearMonth[]; changed: readonly string[]; lookbackFrom: YearMonth; subjects: readonly string[] },
): Promise<Map<string, { amountOre: number; charge: Charge }>> {
  const changed = arrayLiteral([...new Set([...props.changed, ...props.subjects])]);
  const months = arrayLiteral(props.months);
  // Batches are expanded only for the months (found through the runs that charged them); a changed
  // subject's earlier batches are found through the ledger approval writes (billing_batch_subjects).
  const found = await rows<BilledRow>(
    db,
    sql`select distinct on (l.key) l.key, sum(l.amount_ore) over (partition by l.key) as billed, l.unit_id, l.source, l.charge_group, l.subject_id, l.subject_label,
               l.article_code, l.description, l.month, l.quantity, l.quantity_unit, l.unit_price_ore, l.rule
        from (
          select l.key, l.amount_ore, l.unit_id, l.source, l.charge_group, l.subject_id, l.subject_label, l.article_code, l.description, l.month, l.quantity,
                 l.quantity_unit, l.unit_price_ore, l.rule, l.kind, r.approved_at
          from billing_lines l join billing_runs r on r.id = l.run_id
          where r.status = 'approved' and l.municipality_id = ${municipalityId}
            and (l.month = any(${months}::text[]) or (l.subject_id = any(${changed}::uuid[]) and l.month >= ${props.lookbackFrom}))
          union all
          select 'asset:' || s.id || ':' || b.article_code || ':' || b.month || ':' || b.unit_id, b.unit_price_ore::bigint, b.unit_id, 'asset', 'periodic', s.id, a.serial,
                 b.article_code, b.description, b.month, 1, 'month', b.unit_price_ore, b.rule, 'charge', r.approved_at
          from billing_runs r join billing_line_batches b on b.run_id = r.id
          cross join lateral unnest(b.subject_ids) as s(id) join assets a on a.id = s.id
          where r.municipality_id = ${municipalityId} and r.status = 'approved' and r.scope->'periodicMonths' ?| ${months}::text[] and b.month = any(${months}::text[])
          union all
          select 'asset:' || x.subject_id || ':' || b.article_code || ':' || b.month || ':' || b.unit_id, b.unit_price_ore::bigint, b.unit_id, 'asset', 'periodic', x.subject_id, a.serial,
                 b.article_code, b.description, b.month, 1, 'month', b.unit_price_ore, b.rule, 'charge', r.approved_at
          from billing_batch_subjects x join billing_runs r on r.id = x.run_id
          join billing_line_batches b on b.run_id = x.run_id and b.unit_id = x.unit_id and x.subject_id = any(b.subject_ids) join assets a on a.id = x.subject_id
          where x.subject_id = any(${changed}::uuid[]) and r.municipality_id = ${municipalityId} and r.status = 'approved'
            and b.month >= ${props.lookbackFrom} and not b.month = any(${months}::text[])
        ) l
        order by l.key, l.approved_at desc, l.kind`,
  );
  const out = new Map<string, { amountOre: number; charge: Charge }>();
  for (const r of found) {
    out.set(r.key, {
      amountOre: Number(r.billed),
      charge: {
        key: r.key,
        unitId: r.unit_id,
        source: r.source,
        group: r.charge_group,
        subjectId: r.subject_id,
        subjectLabel: r.subject_label,
        articleCode: r.article_code,
        description: r.description,
        month: r.month,
        quantity: r.quantity,
        quantityUnit: r.quantity_unit,
        unitPriceOre: r.unit_price_ore,
        amountOre: Number(r.billed),
        rule: r.rule,
      },
    });
  }
  return out;
}

/** A PostgreSQL array literal of texts (NULL for null): one parameter however many values. */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
}

const INSERT_CHUNK = 25_000;

/** Dictionary encoding of a low-cardinality column: the distinct values and each row's 1-based index. */
function dictionary(values: readonly (string | null)[]): { dict: string; index: string } {
  const seen = new Map<string | null, number>();
  const distinct: (string | null)[] = [];
  const index = values.map((v) => {
    let i = seen.get(v);
    if (i === undefined) {
      distinct.push(v);
      i = distinct.length;
      seen.set(v, i);
    }
    return i;
  });
  return { dict: arrayLiteral(distinct), index: arrayLiteral(index) };
}

/**
 * Writes a run's lines: one INSERT … SELECT FROM unnest(array parameters) per 25,000 lines. What
 * repeats from line to line (kind, source, article, month, description, rule …) travels once per chunk
 * as a dictionary with an index per line, and the key is sent only when it is not the standard
 * source:subject:article:month:unit (the database builds that one), so a monthly run of 100,000 assets
 * is four statements of mostly numbers and ids.
 */
export async function insertLines(tx: DbOrTx, runId: string, municipalityId: string, lines: readonly RunLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += INSERT_CHUNK) {
    const chunk = lines.slice(i, i + INSERT_CHUNK);
    const col = (f: (l: RunLine) => string | number | null) => arrayLiteral(chunk.map(f));
    const d = (f: (l: RunLine) => string | null) => dictionary(chunk.map(f));
    const kind = d((l) => l.kind);
    const source = d((l) => l.source);
    const group = d((l) => l.group);
    const article = d((l) => l.articleCode);
    const description = d((l) => l.description);
    const month = d((l) => l.month);
    const unit = d((l) => l.quantityUnit);
    const rule = d((l) => l.rule);
    const reason = d((l) => l.reason);
    const keys = col((l) => (l.key === `${l.source}:${l.subjectId}:${l.articleCode}:${l.month}:${l.unitId}` ? null : l.key));
    await tx.execute(sql`
      insert into billing_lines (run_id, municipality_id, unit_id, key, kind, source, charge_group, subject_id, subject_label, article_code, description, month,
                                 quantity, quantity_unit, unit_price_ore, amount_ore, previously_billed_ore, rule, reason)
      select ${runId}::uuid, ${municipalityId}::uuid, t.unit_id,
             coalesce(t.key, (${source.dict}::text[])[t.source] || ':' || t.subject_id || ':' || (${article.dict}::text[])[t.article] || ':' || (${month.dict}::text[])[t.month] || ':' || t.unit_id),
             (${kind.dict}::text[])[t.kind], (${source.dict}::text[])[t.source], (${group.dict}::text[])[t.grp], t.subject_id, t.subject_label,
             (${article.dict}::text[])[t.article], (${description.dict}::text[])[t.description], (${month.dict}::text[])[t.month], t.quantity,
             (${unit.dict}::text[])[t.qunit], t.unit_price_ore, t.amount_ore, t.previously_billed_ore, (${rule.dict}::text[])[t.rule], (${reason.dict}::text[])[t.reason]
      from unnest(${col((l) => l.unitId)}::uuid[], ${keys}::text[], ${kind.index}::int[], ${source.index}::int[], ${group.index}::int[],
                  ${col((l) => l.subjectId)}::uuid[], ${col((l) => l.subjectLabel)}::text[], ${article.index}::int[], ${description.index}::int[],
                  ${month.index}::int[], ${col((l) => l.quantity)}::int[], ${unit.index}::int[], ${col((l) => l.unitPriceOre)}::int[],
                  ${col((l) => l.amountOre)}::bigint[], ${col((l) => l.previouslyBilledOre)}::bigint[], ${rule.index}::int[], ${reason.index}::int[])
           as t(unit_id, key, kind, source, grp, subject_id, subject_label, article, description, month, quantity, qunit, unit_price_ore, amount_ore,
                previously_billed_ore, rule, reason)`);
  }
}

// ---------------------------------------------------------------- writing runs (service.ts)

/**
 * Serialises the runs of a municipality across app nodes (R-6.6), to the end of the transaction.
 * Computing a draft need not wait for its commit to reach the disk: a draft lost to a crash in that
 * instant is recomputed. Approvals and everything else commit durably.
 */
export async function lockMunicipalityRuns(tx: DbOrTx, municipalityId: string, options: { draft?: boolean } = {}): Promise<void> {
  await tx.execute(
    options.draft
      ? sql`select set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(7253008, hashtext(${municipalityId}))`
      : sql`select pg_advisory_xact_lock(7253008, hashtext(${municipalityId}))`,
  );
}

/** Removes a run's irregular lines and its batches (before it is recomputed or discarded). */
export async function deleteRunLines(tx: DbOrTx, runId: string): Promise<void> {
  await tx.delete(billingLines).where(eq(billingLines.runId, runId));
  await tx.delete(billingLineBatches).where(eq(billingLineBatches.runId, runId));
}

export async function deleteRun(tx: DbOrTx, runId: string): Promise<void> {
  await tx.delete(billingRuns).where(eq(billingRuns.id, runId));
}

/** What computing a run writes on it; the units it charges are recorded by the database (RunUnitIds). */
export type ComputedRun = Pick<
  typeof billingRuns.$inferInsert,
  'status' | 'scope' | 'settings' | 'basedOnRunId' | 'computedAt' | 'computedByUserId' | 'lineCount' | 'totalOre' | 'warnings'
>;

/** The units a computed run charges: those of its lines, and those of its batches (a PostgreSQL array literal). */
export interface RunUnitIds {
  lines: readonly string[];
  batches: string;
}

/** The run records its units as they are now (R-6.6), built by the database: 3,000 units stay there. */
function runUnits(unitIds: RunUnitIds): SQL {
  const lineUnits = arrayLiteral(unitIds.lines);
  return sql`(select coalesce(jsonb_object_agg(u.id, jsonb_build_object('code', u.code, 'name', u.name, 'accountingCodes', u.accounting_codes)), '{}'::jsonb)
      from units u where u.id in (select unnest(${lineUnits}::uuid[]) union select unnest(${unitIds.batches}::uuid[])))`;
}

/** A recomputed run: its new values and units, unreviewed again, one version on. */
export async function updateComputedRun(tx: DbOrTx, runId: string, values: ComputedRun, unitIds: RunUnitIds, now: Date): Promise<RunHead | undefined> {
  const [run] = await tx
    .update(billingRuns)
    .set({ ...values, units: runUnits(unitIds), reviewedAt: null, reviewedByUserId: null, version: sql`${billingRuns.version} + 1`, updatedAt: now })
    .where(eq(billingRuns.id, runId))
    .returning(runHeadColumns);
  return run;
}

export async function insertComputedRun(
  tx: DbOrTx,
  head: { id: string; municipalityId: string; runMonth: string },
  values: ComputedRun,
  unitIds: RunUnitIds,
): Promise<RunHead | undefined> {
  const [run] = await tx
    .insert(billingRuns)
    .values({ ...head, ...values, units: runUnits(unitIds) })
    .returning(runHeadColumns);
  return run;
}

/** What a review, a reopening or an approval sets on a run. */
export type RunTransition = Pick<Partial<typeof billingRuns.$inferInsert>, 'status' | 'reviewedAt' | 'reviewedByUserId' | 'approvedAt' | 'approvedByUserId'>;

/** A run's new state, one version on; answers the whole run. */
export async function updateRunState(tx: DbOrTx, runId: string, values: RunTransition, now: Date): Promise<RunRow | undefined> {
  const [after] = await tx
    .update(billingRuns)
    .set({ ...values, version: sql`${billingRuns.version} + 1`, updatedAt: now })
    .where(eq(billingRuns.id, runId))
    .returning();
  return after;
}

/** A key the run charges more than once, if any (its irregular lines and batches together). */
export async function repeatedKey(tx: DbOrTx, runId: string): Promise<string | undefined> {
  const [repeated] = await rows<{ key: string }>(tx, sql`select key from billing_run_lines where run_id = ${runId} group by key having count(*) > 1 limit 1`);
  return repeated?.key;
}

/** The order lines and on-call time an approved run charged are billed (R-6.1): later runs skip them. */
export async function markBilled(tx: DbOrTx, runId: string): Promise<void> {
  const subjects = (source: string) => sql`(select subject_id from billing_lines where run_id = ${runId} and source = ${source} and kind = 'charge')`;
  await tx
    .update(orderLines)
    .set({ billedInRunId: runId })
    .where(and(isNull(orderLines.billedInRunId), inArray(orderLines.id, subjects('order_line'))));
  await tx
    .update(ticketTimeEntries)
    .set({ billedInRunId: runId })
    .where(and(isNull(ticketTimeEntries.billedInRunId), inArray(ticketTimeEntries.id, subjects('on_call'))));
}

/** The assets of an approved run's batches go into the ledger billing_batch_subjects (decision 0006). */
export async function recordBatchSubjects(tx: DbOrTx, runId: string): Promise<void> {
  await tx.execute(sql`insert into billing_batch_subjects (subject_id, run_id, unit_id)
        select distinct s.id, b.run_id, b.unit_id from billing_line_batches b cross join lateral unnest(b.subject_ids) as s(id) where b.run_id = ${runId}`);
}

/** Issue 6: locks the price lists of the years not locked yet, for the reason given; answers those it locked. */
export function lockPriceLists(tx: DbOrTx, years: readonly number[], by: { reason: string; userId: string }): Promise<{ id: string; year: number }[]> {
  return tx
    .update(priceLists)
    .set({ lockedAt: clockNow(), lockedReason: by.reason, lockedByUserId: by.userId, version: sql`${priceLists.version} + 1`, updatedAt: clockNow() })
    .where(and(inArray(priceLists.year, [...years]), isNull(priceLists.lockedAt)))
    .returning({ id: priceLists.id, year: priceLists.year });
}

// ---------------------------------------------------------------- reading the basis (basis.ts)

/** Display names of accounts, by id. */
export async function userNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const found = ids.length
    ? await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, [...ids]))
    : [];
  return new Map(found.map((u) => [u.id, u.name]));
}

/**
 * Runs, newest month first, of a municipality (undefined = all); `managedUnitIds`: a unit manager's
 * view, the approved runs that charged one of those units (the run's recorded units).
 */
export function listRuns(db: DbOrTx, filter: { municipalityId: string | undefined; managedUnitIds: readonly string[] | undefined }): Promise<RunRow[]> {
  const { municipalityId, managedUnitIds: managed } = filter;
  return db
    .select()
    .from(billingRuns)
    .where(
      and(
        municipalityId === undefined ? undefined : eq(billingRuns.municipalityId, municipalityId),
        managed === undefined ? undefined : and(eq(billingRuns.status, 'approved'), sql`${billingRuns.units} ?| ${`{${managed.join(',')}}`}::text[]`),
      ),
    )
    .orderBy(desc(billingRuns.runMonth), asc(billingRuns.municipalityId));
}

/** Per run, the line count and total of the given units only. */
export function runTotalsOfUnits(
  db: DbOrTx,
  runIds: readonly string[],
  unitIds: readonly string[],
): Promise<{ run_id: string; line_count: number; total: string }[]> {
  return rows<{ run_id: string; line_count: number; total: string }>(
    db,
    sql`select run_id, sum(line_count)::int as line_count, sum(total)::text as total from (${unitTotals(runIds)}) t
        where unit_id = any(${arrayLiteral(unitIds)}::uuid[]) group by run_id`,
  );
}

export interface UnitTotalRow {
  unit_id: string;
  code: string;
  name: string;
  accounting_codes: Record<string, string>;
  line_count: number;
  total: string | number;
  corr: string | number;
  prev_total: string | number;
}

/** R-6.3: every unit either run charged, with the run's line count, total and corrections beside the previous run's total. */
export function runUnitTotals(db: DbOrTx, runId: string, previousRunId: string | undefined): Promise<UnitTotalRow[]> {
  return rows<UnitTotalRow>(
    db,
    sql`
    with cur as (${unitTotals([runId])}),
    prev as (${unitTotals(previousRunId ? [previousRunId] : [])})
    select u.id as unit_id, u.code, u.name, u.accounting_codes, coalesce(cur.line_count, 0) as line_count, coalesce(cur.total, 0) as total,
           coalesce(cur.corr, 0) as corr, coalesce(prev.total, 0) as prev_total
    from units u left join cur on cur.unit_id = u.id left join prev on prev.unit_id = u.id
    where (cur.unit_id is not null or prev.unit_id is not null)
    order by u.code`,
  );
}

/** R-6.3: one unit's lines of a run, in the basis's order. */
export function unitLines(db: DbOrTx, runId: string, unitId: string): Promise<LineRow[]> {
  return db
    .select()
    .from(billingRunLines)
    .where(and(eq(billingRunLines.runId, runId), eq(billingRunLines.unitId, unitId)))
    .orderBy(asc(billingRunLines.kind), asc(billingRunLines.source), asc(billingRunLines.subjectLabel), asc(billingRunLines.month));
}

// ---------------------------------------------------------------- subscriptions (subscriptions.ts)

export type SubscriptionRow = typeof billingSubscriptions.$inferSelect;

/** Subscriptions by unit code, article and start; `unitIds`: only those units' (an empty list matches nothing). */
export async function listSubscriptions(
  db: DbOrTx,
  filter: { municipalityId: string | undefined; unitId: string | undefined; unitIds: readonly string[] | undefined },
): Promise<SubscriptionRow[]> {
  const { municipalityId, unitId, unitIds } = filter;
  const found = await db
    .select()
    .from(billingSubscriptions)
    .innerJoin(units, eq(units.id, billingSubscriptions.unitId))
    .where(
      and(
        municipalityId === undefined ? undefined : eq(billingSubscriptions.municipalityId, municipalityId),
        unitId === undefined ? undefined : eq(billingSubscriptions.unitId, unitId),
        unitIds === undefined ? undefined : inArray(billingSubscriptions.unitId, unitIds.length ? [...unitIds] : ['00000000-0000-0000-0000-000000000000']),
      ),
    )
    .orderBy(asc(units.code), asc(billingSubscriptions.articleCode), asc(billingSubscriptions.startsOn));
  return found.map((r) => r.billing_subscriptions);
}

export async function findSubscription(db: DbOrTx, id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(billingSubscriptions).where(eq(billingSubscriptions.id, id)).limit(1);
  return row;
}

// ---------------------------------------------------------------- unit costs (unit-costs.ts)

/** Issue 7 UI, R-6.4: the billing periods of a unit touching [from, to), each with its asset and holder's name. */
export function unitBillingPeriods(db: DbOrTx, unitId: string, window: { from: string; to: string }) {
  return db
    .select({
      assetId: assets.id,
      serial: assets.serial,
      model: assets.model,
      deviceType: assets.deviceType,
      status: assets.status,
      articleCode: assets.articleCode,
      holderName,
      from: assetBillingPeriods.fromOn,
      to: assetBillingPeriods.toOn,
      basis: assetBillingPeriods.basis,
    })
    .from(assetBillingPeriods)
    .innerJoin(assets, eq(assets.id, assetBillingPeriods.assetId))
    .leftJoin(people, eq(people.id, assets.holderPersonId))
    .where(
      and(
        eq(assetBillingPeriods.unitId, unitId),
        lt(assetBillingPeriods.fromOn, window.to),
        or(isNull(assetBillingPeriods.toOn), gte(assetBillingPeriods.toOn, window.from)),
      ),
    );
}
