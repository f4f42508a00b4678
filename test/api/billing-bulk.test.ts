import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  assetCharges,
  billingConfig,
  isPlainPeriod,
  priceBook,
  reconcile,
  runScope,
  shortTermCharges,
  type AssetInput,
  type Charge,
  type PeriodInput,
  type RunScope,
} from '../../src/billing/rules.ts';
import { addMonthsYm, daysInMonth, firstDayOf } from '../../src/calendar/dates.ts';
import * as store from '../../src/billing/store.ts';
import { missionOn } from '../../src/mission/service.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { registerBilledAsset } from '../support/billing.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Decision 0006: a run's ordinary monthly asset charges are written by the database as batches
 * (store.chargeOrdinaryAssets), everything else by the pure rules. The property here holds the two
 * paths against each other through HTTP, on PGlite and on PostgreSQL: for random histories of assets —
 * several periods, moves between units, early returns, short-term rentals, an article without a
 * monthly fee, one unknown to the price list — the lines a run stores (view billing_run_lines) are
 * exactly the lines the rules alone make from the same periods (assetCharges, shortTermCharges,
 * reconcile), key for key, amount, rule and description; and the batches are really used.
 */

type Row = {
  key: string;
  kind: string;
  subject_id: string;
  subject_label: string;
  description: string;
  rule: string;
  quantity: number;
  unit_price_ore: number;
  amount_ore: number | string;
};
type Run = { id: string; status: string; lineCount: number; totalOre: number; version: number };

let ctx: TestContext;
let agent: TestClient;
let finance: Record<'ulricehamn' | 'tranemo', TestClient>;
let approver: TestClient;
let enheter: Record<'ulricehamn' | 'tranemo', string[]>;
let serialNo = 0;

before(async () => {
  ctx = await testContext();
  const admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  finance = {
    ulricehamn: await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'ulricehamn' }),
    tranemo: await ctx.userClient({ username: 'tina.ekonom', roles: ['finance'], municipality: 'tranemo' }),
  };
  approver = await ctx.userClient({ username: 'olof.ekonomichef', roles: ['finance'], municipality: 'ulricehamn' });
  const unitsOf = async (m: 'ulricehamn' | 'tranemo') =>
    (await admin.json<{ items: { id: string; level: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities[m]}`)).body.items
      .filter((u) => u.level === 'enhet')
      .map((u) => u.id)
      .slice(0, 3);
  enheter = { ulricehamn: await unitsOf('ulricehamn'), tranemo: await unitsOf('tranemo') };
});
after(async () => {
  await ctx.close();
});

const compute = (municipality: 'ulricehamn' | 'tranemo', month: string) =>
  finance[municipality].json<Run>('POST', '/api/v1/billing/runs', { municipality, month });

/** The lines the rules alone make for the assets, as computeLines would with no approved run. */
async function oracle(scope: RunScope, assets: readonly AssetInput[]): Promise<Map<string, Charge & { kind: string }>> {
  const cfg = billingConfig((await missionOn(ctx.database.db, firstDayOf(scope.runMonth))).document);
  const items = await store.priceItems(ctx.database.db, 2022, 2024);
  const book = priceBook(items);
  const weekly = new Set(items.filter((i) => i.billingModel === 'weekly_rental').map((i) => i.articleCode));
  const coverage = scope.periodicMonths;
  const first = coverage[0] ?? scope.runMonth;
  const last = coverage[coverage.length - 1] ?? first;
  // The periods a run reads: those touching the month before its months through its last day.
  const from = firstDayOf(addMonthsYm(first, -1));
  const to = `${last}-${String(daysInMonth(last)).padStart(2, '0')}`;
  const expected: Charge[] = [];
  for (const a of assets) {
    const seen = { ...a, periods: a.periods.filter((p) => p.from <= to && (p.to === null || p.to >= from)) };
    if (!seen.periods.length) continue;
    const r = a.articleCode && weekly.has(a.articleCode) ? shortTermCharges(seen, scope.continuousBefore, book, cfg) : assetCharges(seen, coverage, book, cfg);
    expected.push(...r.charges);
  }
  return new Map(reconcile(expected, new Map(), scope).map((l) => [l.key, l]));
}

const MONTHLY = new Set(['DATOR-ADM', 'DATOR-ADM-PLUS', 'ELEVDATOR']);
const ARTICLES = [...MONTHLY, 'KORTTID-VECKA', 'TILLB-HEADSET', 'OKAND-ARTIKEL'] as const;
const day = fc.integer({ min: 0, max: 540 }).map((n) => new Date(Date.UTC(2022, 9, 1) + n * 86_400_000).toISOString().slice(0, 10));
const history = fc.record({
  article: fc.constantFrom(...ARTICLES),
  // Consecutive periods: each starts where the previous ended (a move or a reassignment).
  days: fc.uniqueArray(day, { minLength: 1, maxLength: 4 }).map((ds) => [...ds].sort()),
  open: fc.boolean(),
  units: fc.array(fc.nat(2), { minLength: 4, maxLength: 4 }),
  bases: fc.array(fc.constantFrom('active' as const, 'active' as const, 'early_return' as const), { minLength: 4, maxLength: 4 }),
});

describe('decision 0006: the bulk path charges exactly what the rules charge', () => {
  let batched = 0;

  test('random asset histories in Ulricehamn’s June and Tranemo’s second tertial: same lines, key for key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('ulricehamn' as const, 'tranemo' as const),
        fc.array(history, { minLength: 1, maxLength: 4 }),
        async (municipality, histories) => {
          const month = municipality === 'ulricehamn' ? '2023-06' : '2023-05';
          const assets: AssetInput[] = [];
          for (const h of histories) {
            const periods: PeriodInput[] = [];
            const bounds = h.open ? [...h.days, null] : h.days;
            for (let i = 0; i + 1 < bounds.length; i++) {
              const from = bounds[i] as string;
              periods.push({ unitId: enheter[municipality][h.units[i] ?? 0] as string, from, to: bounds[i + 1] ?? null, basis: h.bases[i] ?? 'active' });
            }
            if (!periods.length) continue;
            const serial = `BULK-${++serialNo}`;
            const id = await registerBilledAsset(ctx, agent, { serial, unitId: periods[0]?.unitId as string, periods, articleCode: h.article });
            assets.push({ id, serial, articleCode: h.article, serviceCode: 'datorarbetsplats', model: 'Lenovo ThinkPad T14', periods });
          }
          const run = await compute(municipality, month);
          assert.ok(run.status === 201 || run.status === 200, JSON.stringify(run.body));
          const stored = await ctx.database.query<Row>(
            'select key, kind, subject_id, subject_label, description, rule, quantity, unit_price_ore, amount_ore from billing_run_lines where run_id = $1 and subject_id = any($2::uuid[])',
            [run.body.id, assets.map((a) => a.id)],
          );
          const scoped = runScope((await missionOn(ctx.database.db, firstDayOf(month))).document, municipality, month);
          assert.ok(scoped.ok);
          const expected = await oracle(scoped.scope, assets);
          const got = new Map(stored.map((r) => [r.key, r]));
          assert.equal(got.size, stored.length, 'no key twice');
          assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
          for (const [key, e] of expected) {
            const r = got.get(key);
            assert.ok(r);
            assert.deepEqual(
              [r.kind, r.subject_label, r.description, r.rule, r.quantity, r.unit_price_ore, Number(r.amount_ore)],
              [e.kind, e.subjectLabel, e.description, e.rule, e.quantity, e.unitPriceOre, e.amountOre],
              key,
            );
          }
          // The batches hold exactly the assets with an ordinary period and an article priced every month.
          const inBatches = await ctx.database.query<{ id: string }>(
            'select distinct s.id from billing_line_batches b cross join lateral unnest(b.subject_ids) as s(id) where b.run_id = $1 and s.id = any($2::uuid[])',
            [run.body.id, assets.map((a) => a.id)],
          );
          const ordinary = assets.filter((a) => MONTHLY.has(a.articleCode ?? '') && a.periods.some((p) => isPlainPeriod(p, scoped.scope.periodicMonths)));
          assert.deepEqual(inBatches.map((r) => r.id).sort(), ordinary.map((a) => a.id).sort());
          batched += inBatches.length;
        },
      ),
      { numRuns: 25, seed: 6006 },
    );
    assert.ok(batched > 0, 'some of the lines came through the bulk path');
  });

  test('a run’s count and total are those of its stored lines, batches included', async () => {
    for (const [municipality, month] of [
      ['ulricehamn', '2023-06'],
      ['tranemo', '2023-05'],
    ] as const) {
      const run = (await compute(municipality, month)).body;
      const [sum] = await ctx.database.query<{ n: number | string; total: number | string }>(
        'select count(*) as n, coalesce(sum(amount_ore), 0) as total from billing_run_lines where run_id = $1',
        [run.id],
      );
      assert.deepEqual([run.lineCount, run.totalOre], [Number(sum?.n), Number(sum?.total)]);
    }
  });

  test('a month some approved run already charged goes through the rules: nothing is charged twice', async () => {
    const unitId = enheter.ulricehamn[0] as string;
    const billedBefore = await registerBilledAsset(ctx, agent, { serial: 'BULK-BILLED', unitId, periods: [{ from: '2022-01-10', to: null }] });
    const fresh = await registerBilledAsset(ctx, agent, { serial: 'BULK-FRESH', unitId, periods: [{ from: '2022-01-10', to: null }] });
    // An approved run of another month that already charged July for one asset (as a run in advance would),
    // computed after these assets were registered (so they are not changed since). Written as a draft and
    // then approved: nothing can join an approved run (migration 0018).
    const runId = '00000000-0000-4000-8000-000000000601';
    await ctx.database.query(
      `insert into billing_runs (id, municipality_id, run_month, status, scope, computed_at)
       values ($2, $1, '2023-01', 'draft', '{"periodicMonths":["2023-07"]}', $3::timestamptz + interval '10 minutes')`,
      [ctx.municipalities.ulricehamn, runId, now()],
    );
    await ctx.database.query(
      `insert into billing_line_batches (run_id, municipality_id, unit_id, article_code, description, month, unit_price_ore, rule, subject_ids, line_count, amount_ore)
       values ($4, $1, $2, 'DATOR-ADM', 'Datorarbetsplats standard – Lenovo ThinkPad T14', '2023-07', 45000, 'hyra', array[$3::uuid], 1, 45000)`,
      [ctx.municipalities.ulricehamn, unitId, billedBefore, runId],
    );
    await ctx.database.query("update billing_runs set status = 'approved', approved_at = $2::timestamptz + interval '10 minutes' where id = $1", [
      runId,
      now(),
    ]);
    const july = await compute('ulricehamn', '2023-07');
    assert.equal(july.status, 201, JSON.stringify(july.body));
    const rows = await ctx.database.query<{ subject_label: string; amount_ore: number | string }>(
      'select subject_label, amount_ore from billing_run_lines where run_id = $1 and subject_id = any($2::uuid[])',
      [july.body.id, [billedBefore, fresh]],
    );
    assert.deepEqual(
      rows.map((r) => [r.subject_label, Number(r.amount_ore)]),
      [['BULK-FRESH', 45_000]],
    );
    const [inBatch] = await ctx.database.query<{ n: number | string }>(
      'select count(*) as n from billing_line_batches where run_id = $1 and $2::uuid = any(subject_ids)',
      [july.body.id, fresh],
    );
    assert.equal(Number(inBatch?.n), 1, 'the asset no run charged is a batch element');
  });

  test('approval refuses a run that would charge a key twice, whatever wrote it (R-6.6)', async () => {
    const run = (await compute('ulricehamn', '2023-06')).body;
    const [batches] = await ctx.database.query<{ n: number | string }>('select count(*) as n from billing_line_batches where run_id = $1', [run.id]);
    assert.ok(Number(batches?.n) > 0, 'June has batches');
    await ctx.database.query(
      `insert into billing_line_batches (run_id, municipality_id, unit_id, article_code, description, month, unit_price_ore, rule, subject_ids, line_count, amount_ore)
       select run_id, municipality_id, unit_id, article_code, description || ' (kopia)', month, unit_price_ore, rule, subject_ids, line_count, amount_ore
       from billing_line_batches where run_id = $1 limit 1`,
      [run.id],
    );
    const reviewed = await finance.ulricehamn.json<Run>('POST', `/api/v1/billing/runs/${run.id}/review`, { version: run.version });
    assert.equal(reviewed.status, 200);
    const refused = await approver.json<{ errors: { field: string; reasonSv: string }[] }>('POST', `/api/v1/billing/runs/${run.id}/approve`, {
      version: reviewed.body.version,
    });
    assert.equal(refused.status, 409);
    assert.match(refused.body.errors[0]?.reasonSv ?? '', /mer än en gång/);
    // Recomputing writes the run anew, and then it can be approved.
    const again = await finance.ulricehamn.json<Run>('POST', `/api/v1/billing/runs/${run.id}/reopen`, { version: reviewed.body.version });
    assert.equal(again.status, 200);
    const recomputed = (await compute('ulricehamn', '2023-06')).body;
    const ok = await finance.ulricehamn.json<Run>('POST', `/api/v1/billing/runs/${recomputed.id}/review`, { version: recomputed.version });
    assert.equal((await approver.json('POST', `/api/v1/billing/runs/${recomputed.id}/approve`, { version: ok.body.version })).status, 200);
  });
});
