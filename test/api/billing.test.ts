import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { registerBilledAsset, unitManagerOf } from '../support/billing.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Issue 8: billing runs through HTTP on a fresh database (PGlite, or PostgreSQL with DATABASE_URL),
 * on the seeded 2023 price list and mission (Ulricehamn debited monthly, Tranemo every tertial).
 *
 * Set-up written straight into the database where no API does it: an asset's price article and its
 * billing periods (the lifecycle writes them; here they are chosen), and the history row a late return
 * leaves, so the next run sees what changed.
 */

type Run = {
  id: string;
  runMonth: string;
  status: string;
  lineCount: number;
  totalOre: number;
  version: number;
  basedOnRunId: string | null;
  scope: { periodicMonths: string[]; centralYear: number | null };
  warnings: unknown[];
};
type Problem = { code: string; errors: { field: string; reason: string; reasonSv: string }[] };
type Line = {
  key: string;
  kind: string;
  source: string;
  month: string;
  quantity: number;
  quantityUnit: string;
  amountOre: number;
  unitPriceOre: number;
  reason: string | null;
  subjectLabel: string;
  rule: string;
};
type Permission = { offered: boolean; allowed: boolean; reason: string | null; reasonSv: string | null };
type RunWithActions = { run: Run & { actions: Record<'recompute' | 'review' | 'reopen' | 'approve' | 'discard', Permission> } };
type Basis = {
  unit: { id: string; accountingString: string };
  lines: Line[];
  totalOre: number;
  previousTotalOre: number;
  changes: { subjectLabel: string; kind: string; deltaOre: number; reason: string }[];
};
type Units = {
  run: Run;
  previous: Run | null;
  units: { unitId: string; unitName: string; totalOre: number; previousTotalOre: number; correctionOre: number; lineCount: number }[];
};

let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let reviewer: TestClient;
let approver: TestClient;
let tranemoFinance: TestClient;
let manager: TestClient;
let otherUnitId: string;
let unitId: string;
const assets: Record<string, string> = {};
const fields = (body: unknown) => (body as Problem).errors.map((e) => e.field);

async function register(serial: string, unit: string, periods: { from: string; to: string | null }[], articleCode = 'DATOR-ADM') {
  assets[serial] = await registerBilledAsset(ctx, agent, { serial, unitId: unit, periods, articleCode });
}

async function compute(month: string, client = reviewer, municipality = 'ulricehamn') {
  return client.json<Run>('POST', '/api/v1/billing/runs', { municipality, month });
}
async function act(run: Run, action: 'review' | 'reopen' | 'approve', client: TestClient) {
  return client.json<Run>('POST', `/api/v1/billing/runs/${run.id}/${action}`, { version: run.version });
}
async function approve(month: string): Promise<Run> {
  const run = await compute(month);
  assert.equal(run.status, 201, JSON.stringify(run.body));
  const reviewed = await act(run.body, 'review', reviewer);
  assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
  const approved = await act(reviewed.body, 'approve', approver);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return approved.body;
}
const basisOf = async (run: Run, unit = unitId, client = reviewer) => client.json<Basis>('GET', `/api/v1/billing/runs/${run.id}/units/${unit}`);

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  reviewer = await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'ulricehamn' });
  approver = await ctx.userClient({ username: 'olof.ekonomichef', roles: ['finance'], municipality: 'ulricehamn' });
  tranemoFinance = await ctx.userClient({ username: 'tina.ekonom', roles: ['finance'], municipality: 'tranemo' });
  const units = await admin.json<{ items: { id: string; code: string; level: string }[] }>(
    'GET',
    `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`,
  );
  const enheter = units.body.items.filter((u) => u.level === 'enhet');
  unitId = enheter[0]?.id ?? '';
  otherUnitId = enheter[1]?.id ?? '';
  assert.ok(unitId && otherUnitId);
  // A unit manager of the first unit: an account whose person belongs to it.
  manager = await unitManagerOf(ctx, admin, { username: 'maja.chef', firstName: 'Maja', unitId, municipality: 'ulricehamn' });

  await register('BILL-1', unitId, [{ from: '2022-11-15', to: null }]);
  await register('BILL-2', unitId, [{ from: '2023-02-10', to: null }]);
  await register('BILL-3', otherUnitId, [{ from: '2022-05-02', to: null }], 'DATOR-ADM-PLUS');
});
after(async () => {
  await ctx.close();
});

describe('issue 8: billing runs (R-6.2, R-6.4, R-6.6)', () => {
  let march: Run;

  test('bad input: a month outside the schedule, a malformed month, an unknown municipality; nothing is written', async () => {
    const tranemo = await compute('2023-03', tranemoFinance, 'tranemo');
    assert.equal(tranemo.status, 400);
    assert.deepEqual(fields(tranemo.body), ['month']);
    assert.equal((tranemo.body as unknown as Problem).errors[0]?.reasonSv, 'Tranemo kommun faktureras inte 2023-03; körningar görs i januari, maj, september');
    const malformed = await compute('2023-13');
    assert.equal(malformed.status, 400);
    assert.deepEqual(fields(malformed.body), ['month']);
    assert.equal((await compute('2023-03', reviewer, 'borås')).status, 404);
    assert.equal((await agent.json('POST', '/api/v1/billing/runs', { municipality: 'ulricehamn', month: '2023-03' })).status, 403);
    assert.equal((await reviewer.json<{ items: Run[] }>('GET', '/api/v1/billing/runs')).body.items.length, 0);
  });

  test('Ulricehamn March: every active computer from the month after delivery, at the price list’s monthly fee', async () => {
    const res = await compute('2023-03');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    march = res.body;
    assert.deepEqual([march.status, march.scope.periodicMonths, march.lineCount, march.totalOre], ['draft', ['2023-03'], 3, 45_000 + 45_000 + 55_000]);
    const basis = await basisOf(march);
    assert.equal(basis.status, 200, JSON.stringify(basis.body));
    assert.deepEqual(
      basis.body.lines.map((l) => [l.subjectLabel, l.month, l.amountOre, l.kind]),
      [
        ['BILL-1', '2023-03', 45_000, 'charge'],
        ['BILL-2', '2023-03', 45_000, 'charge'],
      ],
    );
    assert.match(basis.body.lines[0]?.rule ?? '', /månaden efter leverans/);
  });

  test('recomputing a draft gives the same run; the other municipality’s finance sees nothing of it', async () => {
    const again = await compute('2023-03');
    assert.equal(again.status, 201);
    assert.deepEqual([again.body.id, again.body.lineCount, again.body.totalOre], [march.id, march.lineCount, march.totalOre]);
    march = again.body;
    assert.equal((await tranemoFinance.json('GET', `/api/v1/billing/runs/${march.id}`)).status, 404);
    assert.equal((await tranemoFinance.json<{ items: Run[] }>('GET', '/api/v1/billing/runs')).body.items.length, 0);
  });

  test('draft → reviewed → approved by someone else (four eyes); an approved run never changes', async () => {
    const early = await act(march, 'approve', approver);
    assert.equal(early.status, 409);
    const reviewed = await act(march, 'review', reviewer);
    assert.equal(reviewed.status, 200);
    const self = await act(reviewed.body, 'approve', reviewer);
    assert.equal(self.status, 409);
    assert.match((self.body as unknown as Problem).errors[0]?.reasonSv ?? '', /någon annan/);
    // Issue 16: an administrator who is not in finance may not approve (403), whatever the run's state.
    const byAdmin = await act(reviewed.body, 'approve', admin);
    assert.equal(byAdmin.status, 403, JSON.stringify(byAdmin.body));
    assert.match((byAdmin.body as unknown as Problem).errors[0]?.reasonSv ?? '', /ekonomi i körningens kommun/);
    // …and the run says so to each of them, with the reason, so the page offers only what the server allows.
    const actionsOf = async (client: TestClient) => (await client.json<RunWithActions>('GET', `/api/v1/billing/runs/${march.id}`)).body.run.actions;
    const forReviewer = await actionsOf(reviewer);
    assert.deepEqual(forReviewer.approve, {
      offered: true,
      allowed: false,
      reason: 'the run must be approved by someone other than its reviewer',
      reasonSv: 'körningen ska godkännas av någon annan än den som granskade',
    });
    assert.deepEqual([forReviewer.reopen.allowed, forReviewer.review.offered, forReviewer.recompute.offered], [true, false, false]);
    assert.deepEqual(await actionsOf(approver).then((a) => a.approve), { offered: true, allowed: true, reason: null, reasonSv: null });
    assert.deepEqual(await actionsOf(admin).then((a) => [a.approve.allowed, a.approve.reasonSv, a.reopen.allowed]), [
      false,
      'bara ekonomi i körningens kommun kan godkänna körningen',
      true,
    ]);
    const approved = await act(reviewed.body, 'approve', approver);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    march = approved.body;
    assert.equal((await compute('2023-03')).status, 409);
    assert.equal((await act(march, 'approve', approver)).status, 409);
    await assert.rejects(ctx.database.query("update billing_line_batches set rule = 'x' where run_id = $1", [march.id]), /approved/);
    await assert.rejects(ctx.database.query('delete from billing_line_batches where run_id = $1', [march.id]), /approved/);
    await assert.rejects(ctx.database.query('delete from billing_runs where id = $1', [march.id]), /approved/);
    // Nothing joins it afterwards: no new line or batch, and none moved in from another run (migration 0018).
    await assert.rejects(
      ctx.database.query(
        "insert into billing_lines (run_id, municipality_id, unit_id, key, kind, source, charge_group, subject_id, subject_label, article_code, description, month, quantity, quantity_unit, unit_price_ore, amount_ore, previously_billed_ore, rule) select id, municipality_id, $2, 'extra', 'charge', 'order_line', 'continuous', id, 'x', 'X', 'x', run_month, 1, 'piece', 1, 1, 0, 'x' from billing_runs where id = $1",
        [march.id, unitId],
      ),
      /INSERT refused/,
    );
    await assert.rejects(
      ctx.database.query(
        "insert into billing_line_batches (run_id, municipality_id, unit_id, article_code, description, month, unit_price_ore, rule, subject_ids, line_count, amount_ore) select id, municipality_id, $2, 'X', 'x', run_month, 1, 'x', '{}', 0, 0 from billing_runs where id = $1",
        [march.id, unitId],
      ),
      /INSERT refused/,
    );
    const list = await approver.json<{ locked: boolean; lockedAt: string | null }>('GET', '/api/v1/price-lists/2023');
    assert.ok(JSON.stringify(list.body).includes('fakturering 2023-03'), 'the price list billing used is locked (issue 6)');
  });

  test('a unit manager reads the approved basis of their own unit only', async () => {
    const own = await basisOf(march, unitId, manager);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal(own.body.totalOre, 90_000);
    assert.equal((await basisOf(march, otherUnitId, manager)).status, 404);
    const summary = await manager.json<Units>('GET', `/api/v1/billing/runs/${march.id}`);
    assert.deepEqual(
      summary.body.units.map((u) => u.unitId),
      [unitId],
    );
    assert.deepEqual([summary.body.run.totalOre, summary.body.run.lineCount], [90_000, 2], 'their units’ totals, not the municipality’s');
    const runs = await manager.json<{ items: Run[] }>('GET', '/api/v1/billing/runs');
    assert.deepEqual(
      runs.body.items.map((r) => [r.runMonth, r.totalOre, r.lineCount]),
      [['2023-03', 90_000, 2]],
    );
    const other = await ctx.userClient({ username: 'nils.chef', roles: ['unit_manager'], municipality: 'ulricehamn' });
    assert.deepEqual((await other.json<{ items: Run[] }>('GET', '/api/v1/billing/runs')).body.items, [], 'no unit: no runs');
  });

  test('an approved run is reproducible: renaming and re-coding a unit later does not change its basis (R-6.6)', async () => {
    const before = await basisOf(march);
    type Unit = { id: string; version: number; name: string; accountingCodes: Record<string, string> };
    const unit = (await admin.json<{ items: Unit[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`)).body.items.find(
      (u) => u.id === unitId,
    );
    assert.ok(unit);
    const renamed = await admin.json<Unit>('PATCH', `/api/v1/units/${unitId}`, {
      version: unit.version,
      name: 'Omdöpt enhet',
      accountingCodes: { ...unit.accountingCodes, ansvar: '9999' },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const after = await basisOf(march);
    assert.deepEqual(after.body.unit, before.body.unit);
    const summary = await reviewer.json<Units>('GET', `/api/v1/billing/runs/${march.id}`);
    assert.ok(summary.body.units.every((u) => u.unitName !== 'Omdöpt enhet'));
    const restored = await admin.json('PATCH', `/api/v1/units/${unitId}`, {
      version: renamed.body.version,
      name: unit.name,
      accountingCodes: unit.accountingCodes,
    });
    assert.equal(restored.status, 200);
  });

  test('April after a late return and a move: March is corrected with the reason, April charges what is due, and the changes explain the difference', async () => {
    // BILL-1 was returned on 10 February but recorded only now; BILL-2 moved to the other unit on 5 April.
    const b1 = assets['BILL-1'] ?? '';
    const b2 = assets['BILL-2'] ?? '';
    await ctx.database.query("update asset_billing_periods set to_on = '2023-02-10' where asset_id = $1", [b1]);
    await ctx.database.query(
      "insert into asset_events (at, asset_id, municipality_id, kind, occurred_on, from_status, to_status) select $2::timestamptz, id, municipality_id, 'return', '2023-02-10', 'active', 'returned' from assets where id = $1",
      [b1, now()],
    );
    await ctx.database.query("update asset_billing_periods set to_on = '2023-04-05' where asset_id = $1", [b2]);
    await ctx.database.query(
      "insert into asset_billing_periods (asset_id, municipality_id, unit_id, from_on, to_on, basis) select id, municipality_id, $2, '2023-04-05', null, 'active' from assets where id = $1",
      [b2, otherUnitId],
    );
    await ctx.database.query(
      "insert into asset_events (at, asset_id, municipality_id, kind, occurred_on) select $2::timestamptz, id, municipality_id, 'move', '2023-04-05' from assets where id = $1",
      [b2, now()],
    );

    const april = await compute('2023-04');
    assert.equal(april.status, 201, JSON.stringify(april.body));
    assert.equal(april.body.basedOnRunId, march.id);
    // A draft's lines cannot be moved into the approved run either (migration 0018).
    await assert.rejects(ctx.database.query('update billing_lines set run_id = $1 where run_id = $2', [march.id, april.body.id]), /UPDATE refused/);
    const basis = await basisOf(april.body);
    assert.deepEqual(
      basis.body.lines.map((l) => [l.subjectLabel, l.kind, l.month, l.amountOre, l.reason]),
      [
        ['BILL-2', 'charge', '2023-04', 45_000, null],
        ['BILL-1', 'correction', '2023-03', -45_000, 'återlämnad 2023-02-10'],
      ].sort((a, b) => (a[1] === b[1] ? 0 : a[1] === 'charge' ? -1 : 1)),
    );
    const explained = basis.body.changes.reduce((s, c) => s + c.deltaOre, 0);
    assert.equal(explained, basis.body.totalOre - basis.body.previousTotalOre);
    assert.ok(basis.body.changes.every((c) => c.reason.length > 0));
    const summary = await reviewer.json<Units>('GET', `/api/v1/billing/runs/${april.body.id}`);
    assert.equal(summary.body.previous?.id, march.id);
    assert.equal(
      summary.body.units.reduce((s, u) => s + u.totalOre, 0),
      april.body.totalOre,
    );
  });

  test('re-running after approval bills nothing twice: May charges May only', async () => {
    const april = await approve('2023-04');
    const may = await approve('2023-05');
    assert.equal(may.basedOnRunId, april.id);
    const lines = [...(await basisOf(may, unitId)).body.lines, ...(await basisOf(may, otherUnitId)).body.lines];
    assert.ok(
      lines.every((l) => l.month === '2023-05' && l.kind === 'charge'),
      JSON.stringify(lines),
    );
    assert.deepEqual(lines.map((l) => l.subjectLabel).sort(), ['BILL-2', 'BILL-3']);
    // A draft takes a batch; the batch cannot then be moved into the approved run (migration 0018).
    const june = await compute('2023-06');
    assert.equal(june.status, 201, JSON.stringify(june.body));
    await ctx.database.query(
      "insert into billing_line_batches (run_id, municipality_id, unit_id, article_code, description, month, unit_price_ore, rule, subject_ids, line_count, amount_ore) select id, municipality_id, $2, 'X', 'x', run_month, 1, 'x', '{}', 0, 0 from billing_runs where id = $1",
      [june.body.id, unitId],
    );
    await assert.rejects(
      ctx.database.query("update billing_line_batches set run_id = $1 where run_id = $2 and article_code = 'X'", [may.id, june.body.id]),
      /UPDATE refused/,
    );
    await ctx.database.query("delete from billing_line_batches where run_id = $1 and article_code = 'X'", [june.body.id]);
  });

  test('a month before the latest approved one can no longer be computed; nothing is written (R-6.6)', async () => {
    const runs = async () => (await reviewer.json<{ items: Run[] }>('GET', '/api/v1/billing/runs')).body.items.length;
    const before = await runs();
    const february = await compute('2023-02');
    assert.equal(february.status, 409);
    assert.deepEqual(fields(february.body), ['month']);
    assert.match((february.body as unknown as Problem).errors[0]?.reasonSv ?? '', /2023-05 är godkänd/);
    assert.equal(await runs(), before);
  });

  test('a draft can be discarded, with its lines and an audit row; a reviewed or approved run cannot (R-6.6)', async () => {
    const june = await compute('2023-06');
    assert.equal(june.status, 201, JSON.stringify(june.body));
    const discard = (run: Run, client = reviewer, version: number | string = run.version) =>
      client.json('DELETE', `/api/v1/billing/runs/${run.id}?version=${version}`);
    const lineRows = async (runId: string) =>
      Number(
        (
          await ctx.database.query<{ n: number | string }>(
            'select (select count(*) from billing_lines where run_id = $1) + (select count(*) from billing_line_batches where run_id = $1) as n',
            [runId],
          )
        )[0]?.n,
      );
    assert.ok((await lineRows(june.body.id)) > 0);

    const bad = await discard(june.body, reviewer, 'x');
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body), ['query.version']);
    assert.equal((await discard(june.body, reviewer, june.body.version + 1)).status, 409, 'a stale version');
    assert.equal((await discard(june.body, agent)).status, 403);
    assert.equal((await discard(june.body, tranemoFinance)).status, 404, 'another municipality’s run is not found');
    assert.equal((await discard(march)).status, 409, 'an approved run never goes');

    const reviewed = await act(june.body, 'review', reviewer);
    assert.equal(reviewed.status, 200);
    const refused = await discard(reviewed.body);
    assert.equal(refused.status, 409);
    assert.match((refused.body as unknown as Problem).errors[0]?.reasonSv ?? '', /bara ett utkast/);
    const reopened = await act(reviewed.body, 'reopen', reviewer);
    assert.equal(reopened.status, 200);

    assert.equal((await discard(reopened.body)).status, 204);
    assert.equal((await reviewer.json('GET', `/api/v1/billing/runs/${june.body.id}`)).status, 404);
    assert.equal(await lineRows(june.body.id), 0, 'its lines and batches went with it');
    const audit = await admin.json<{ items: { action: string; before: { runMonth: string; totalOre: number } }[] }>(
      'GET',
      `/api/v1/audit?entity=billing_run&entityId=${june.body.id}`,
    );
    const row = audit.body.items.find((a) => a.action === 'discard');
    assert.deepEqual([row?.before.runMonth, row?.before.totalOre], ['2023-06', june.body.totalOre]);
    const again = await compute('2023-06');
    assert.equal(again.status, 201, 'the month can be computed again');
    assert.notEqual(again.body.id, june.body.id);
  });
});

describe('issue 8: subscriptions (R-6.2, R-6.5)', () => {
  type Subscription = { id: string; version: number; label: string; endsOn: string | null };
  let stod: Subscription;

  test('bad input: a device article, an unknown article, an end before the start, another municipality’s unit, an agent', async () => {
    const base = { unitId, articleCode: 'ITSTOD-ANV', quantity: 10, startsOn: '2022-12-01' };
    const device = await reviewer.json<Problem>('POST', '/api/v1/billing/subscriptions', { ...base, articleCode: 'DATOR-ADM', startsOn: '2023-01-01' });
    assert.equal(device.status, 400);
    assert.deepEqual(fields(device.body), ['articleCode']);
    assert.match(device.body.errors[0]?.reasonSv ?? '', /inventarier/);
    const unknown = await reviewer.json<Problem>('POST', '/api/v1/billing/subscriptions', { ...base, articleCode: 'NOPE', startsOn: '2023-01-01' });
    assert.deepEqual([unknown.status, fields(unknown.body)], [400, ['articleCode']]);
    const backwards = await reviewer.json<Problem>('POST', '/api/v1/billing/subscriptions', { ...base, startsOn: '2023-02-01', endsOn: '2023-01-31' });
    assert.deepEqual([backwards.status, fields(backwards.body)], [400, ['endsOn']]);
    const foreign = await tranemoFinance.json<Problem>('POST', '/api/v1/billing/subscriptions', { ...base, startsOn: '2023-01-01' });
    assert.deepEqual([foreign.status, fields(foreign.body)], [400, ['unitId']]);
    assert.equal((await agent.json('POST', '/api/v1/billing/subscriptions', { ...base, startsOn: '2023-01-01' })).status, 403);
    assert.equal((await reviewer.json<{ items: unknown[] }>('GET', '/api/v1/billing/subscriptions')).body.items.length, 0);
  });

  test('June: IT support per user spread per month, an application from the year after its start', async () => {
    const s = await reviewer.json<Subscription>('POST', '/api/v1/billing/subscriptions', {
      unitId,
      articleCode: 'ITSTOD-ANV',
      quantity: 10,
      startsOn: '2023-01-01',
    });
    assert.equal(s.status, 201, JSON.stringify(s.body));
    stod = s.body;
    assert.equal(stod.label, 'It-stöd, per användare och år');
    const app = await reviewer.json<Subscription>('POST', '/api/v1/billing/subscriptions', {
      unitId,
      articleCode: 'APP-SCHABLON',
      label: 'Procapita',
      quantity: 1,
      startsOn: '2022-03-01',
    });
    assert.equal(app.status, 201, JSON.stringify(app.body));
    const fresh = await reviewer.json<Subscription>('POST', '/api/v1/billing/subscriptions', {
      unitId,
      articleCode: 'APP-SCHABLON',
      label: 'Nytt system',
      quantity: 1,
      startsOn: '2023-02-01',
    });
    assert.equal(fresh.status, 201);
    const june = await approve('2023-06');
    const lines = (await basisOf(june)).body.lines.filter((l) => l.source !== 'asset');
    assert.deepEqual(
      lines
        .filter((l) => l.kind === 'charge')
        .map((l) => [l.source, l.subjectLabel, l.month, l.amountOre])
        .sort(),
      [
        ['application', 'Procapita', '2023-06', 83_334], // 1,000,000 öre a year: June's share of twelve that sum exactly
        ['subscription', 'It-stöd, per användare och år', '2023-06', 200_000], // 10 users × 240,000 / 12
      ],
    );
    // Issue 16: ten users read "10 användare", not "10 månader"; a service is explained as a service.
    const itSupport = lines.find((l) => l.kind === 'charge' && l.source === 'subscription');
    assert.deepEqual([itSupport?.quantity, itSupport?.quantityUnit], [10, 'user']);
    assert.equal(itSupport?.rule, 'årsavgiften fördelad jämnt på årets månader, från månaden efter start till och med månaden då tjänsten upphör');
    assert.deepEqual([...new Set(lines.filter((l) => l.source === 'application').map((l) => l.quantityUnit))], ['piece']);
    // Registered late: the months already invoiced (from March, the first approved run) are debited as
    // corrections with the reason; months before Samdesk's first run are never billed.
    assert.deepEqual(
      lines
        .filter((l) => l.kind === 'correction')
        .map((l) => [l.subjectLabel, l.month, l.amountOre, l.reason])
        .sort(),
      [
        ['It-stöd, per användare och år', '2023-03', 200_000, 'ny tjänst från 2023-01-01'],
        ['It-stöd, per användare och år', '2023-04', 200_000, 'ny tjänst från 2023-01-01'],
        ['It-stöd, per användare och år', '2023-05', 200_000, 'ny tjänst från 2023-01-01'],
        ['Procapita', '2023-03', 83_334, 'ny tjänst från 2022-03-01'],
        ['Procapita', '2023-04', 83_333, 'ny tjänst från 2022-03-01'],
        ['Procapita', '2023-05', 83_333, 'ny tjänst från 2022-03-01'],
      ],
    );
  });

  test('ending IT support back in May credits June in the July run, with the reason', async () => {
    const ended = await reviewer.json<Subscription>('PATCH', `/api/v1/billing/subscriptions/${stod.id}`, { version: stod.version, endsOn: '2023-05-20' });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    const stale = await reviewer.json('PATCH', `/api/v1/billing/subscriptions/${stod.id}`, { version: stod.version, quantity: 3 });
    assert.equal(stale.status, 409);
    const july = await compute('2023-07');
    assert.equal(july.status, 201, JSON.stringify(july.body));
    const basis = (await basisOf(july.body)).body;
    const lines = basis.lines.filter((l) => l.subjectLabel.startsWith('It-stöd'));
    assert.deepEqual(
      lines.map((l) => [l.kind, l.month, l.amountOre, l.reason]),
      [['correction', '2023-06', -200_000, 'avslutad 2023-05-20']],
    );
    // Issue 16: June's 833,34 of the application and July's 833,33 are one yearly fee split into whole
    // öre; the changes say so instead of "a price change".
    const procapita = (basis.changes as (Basis['changes'][number] & { groupKey: string })[]).filter(
      (c) => c.subjectLabel === 'Procapita' && !c.groupKey.startsWith('correction:'),
    );
    assert.deepEqual(
      procapita.map((c) => [c.deltaOre, c.reason]),
      [[-1, 'samma pris; årsavgiften fördelas på månaderna i hela ören, så månaderna kan skilja ett öre']],
    );
    assert.ok(
      basis.changes.every((c) => c.reason !== 'ändrat pris i prislistan'),
      JSON.stringify(basis.changes),
    );
  });
});

describe('issue 8: lines are written as array parameters', () => {
  test('any text survives the array literal on this database: quotes, backslashes, braces, commas, NULL as a word, Swedish letters', async () => {
    const { arrayLiteral } = await import('../../src/billing/store.ts');
    const texts = ['Dator "Pro" – 14\'\'', 'C:\\temp\\', '{a,b}', 'NULL', '', ' space ', 'åäö ÅÄÖ é', '\\"', 'a,b;c'];
    const rows = await ctx.database.query<{ v: string | null }>('select unnest($1::text[]) as v', [arrayLiteral([...texts, null])]);
    assert.deepEqual(
      rows.map((r) => r.v),
      [...texts, null],
    );
  });
});

describe('issue 8: on-call time is billed once, in the next run (R-3.6, R-6.1)', () => {
  test('time logged in June on an on-call ticket is charged in July at the hourly price, marked billed on approval, never again', async () => {
    const desks = await agent.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const category = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fel')?.id;
    assert.ok(category);
    const ticket = await agent.json<{ id: string; number: string }>('POST', '/api/v1/tickets', {
      municipalityId: ctx.municipalities.ulricehamn,
      categoryId: category,
      subject: 'Servern nere',
      description: 'Verksamhetskritiskt',
      affectsOperations: true,
      onBehalfOf: { name: 'Nattsköterska Nina', phone: '0321-123' },
    });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    // Whether a ticket is on-call depends on the clock it arrives at; here it is flagged, and given the unit.
    await ctx.database.query('update tickets set on_call = true, unit_id = $2 where id = $1', [ticket.body.id, unitId]);
    const logged = await agent.json('POST', `/api/v1/tickets/${ticket.body.id}/time`, { startedAt: '2023-06-20T02:00:00+02:00', minutes: 31 });
    assert.equal(logged.status, 200, JSON.stringify(logged.body));

    const july = await approve('2023-07');
    const onCall = (await basisOf(july)).body.lines.filter((l) => l.source === 'on_call');
    // 31 minutes → 60 billable (per started half hour, at least 30) × 95,000 öre an hour (BEREDSKAP-TIM 2023).
    assert.deepEqual(
      onCall.map((l) => [l.kind, l.subjectLabel, l.month, l.amountOre]),
      [['charge', ticket.body.number, '2023-06', 95_000]],
    );
    const [entry] = await ctx.database.query<{ billed_in_run_id: string | null }>('select billed_in_run_id from ticket_time_entries where ticket_id = $1', [
      ticket.body.id,
    ]);
    assert.equal(entry?.billed_in_run_id, july.id);

    const august = await compute('2023-08');
    assert.equal(august.status, 201);
    assert.equal((await basisOf(august.body)).body.lines.filter((l) => l.source === 'on_call').length, 0);
  });
});

describe('issue 8: delivered purchases are billed once, in the next run (R-6.1)', () => {
  test('two headsets delivered in July are charged in August at the order’s price, marked billed on approval, not charged in September', async () => {
    // The order is written straight into the database (the orders flow prices by this year's list and
    // is tested in orders.test.ts); billing reads delivered lines, whoever delivered them.
    const ticket = await agent.json<{ id: string }>('POST', '/api/v1/tickets', {
      municipalityId: ctx.municipalities.ulricehamn,
      categoryId: (await agent.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks')).body.items
        .find((d) => d.isIt)
        ?.categories.find((c) => c.code === 'fel')?.id,
      subject: 'Beställning',
      description: 'Headset',
      onBehalfOf: { name: 'Maja Chef', phone: '0321-1' },
    });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    const [orderer] = await ctx.database.query<{ id: string }>("select id from users where username = 'maja.chef'");
    const [order] = await ctx.database.query<{ id: string }>(
      "insert into orders (number, municipality_id, unit_id, orderer_user_id, kind, status, ticket_id, ordered_on) values ('B-2023-0001', $1, $2, $3, 'standard', 'delivered', $4, '2023-07-10') returning id",
      [ctx.municipalities.ulricehamn, unitId, orderer?.id, ticket.body.id],
    );
    const [line] = await ctx.database.query<{ id: string }>(
      "insert into order_lines (order_id, municipality_id, position, description, article_code, service_code, billing_model, quantity, purchase_price, status, delivered_on) values ($1, $2, 1, 'Headset', 'TILLB-HEADSET', 'tillbehor', 'one_off', 2, 49900, 'delivered', '2023-07-20') returning id",
      [order?.id, ctx.municipalities.ulricehamn],
    );
    const august = await approve('2023-08');
    const bought = (await basisOf(august)).body.lines.filter((l) => l.source === 'order_line');
    assert.deepEqual(
      bought.map((l) => [l.kind, l.subjectLabel, l.month, l.amountOre]),
      [['charge', 'B-2023-0001:1', '2023-07', 99_800]],
    );
    const [marked] = await ctx.database.query<{ billed_in_run_id: string | null }>('select billed_in_run_id from order_lines where id = $1', [line?.id]);
    assert.equal(marked?.billed_in_run_id, august.id);
    const september = await compute('2023-09');
    assert.equal(september.status, 201);
    assert.equal((await basisOf(september.body)).body.lines.filter((l) => l.source === 'order_line').length, 0);
  });
});

describe('issue 8: Tranemo, invoiced a tertial in advance (R-6.2)', () => {
  test('January charges January–April for each computer and the year’s central cost once; May’s run credits what a return in February made undue', async () => {
    const tUnits = await admin.json<{ items: { id: string; level: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
    const tUnit = tUnits.body.items.find((u) => u.level === 'enhet')?.id ?? '';
    const tReviewer = tranemoFinance;
    const tApprover = await ctx.userClient({ username: 'tore.ekonomichef', roles: ['finance'], municipality: 'tranemo' });
    await register('TRAN-1', tUnit, [{ from: '2022-10-03', to: null }]);
    const central = await tReviewer.json('POST', '/api/v1/billing/subscriptions', {
      unitId: tUnit,
      articleCode: 'CENTRAL',
      quantity: 1,
      startsOn: '2020-01-01',
    });
    assert.equal(central.status, 201, JSON.stringify(central.body));

    const jan = await tReviewer.json<Run>('POST', '/api/v1/billing/runs', { municipality: 'tranemo', month: '2023-01' });
    assert.equal(jan.status, 201, JSON.stringify(jan.body));
    assert.deepEqual([jan.body.scope.periodicMonths, jan.body.scope.centralYear], [['2023-01', '2023-02', '2023-03', '2023-04'], 2023]);
    const basis = await tReviewer.json<Basis>('GET', `/api/v1/billing/runs/${jan.body.id}/units/${tUnit}`);
    assert.deepEqual(basis.body.lines.map((l) => [l.source, l.month, l.amountOre]).sort(), [
      ['asset', '2023-01', 45_000],
      ['asset', '2023-02', 45_000],
      ['asset', '2023-03', 45_000],
      ['asset', '2023-04', 45_000],
      ['central', '2023-01', 50_000_000],
    ]);
    const reviewed = await tReviewer.json<Run>('POST', `/api/v1/billing/runs/${jan.body.id}/review`, { version: jan.body.version });
    assert.equal((await tApprover.json('POST', `/api/v1/billing/runs/${jan.body.id}/approve`, { version: reviewed.body.version })).status, 200);

    // Returned on 10 February (not early: IT retires it), recorded after January's invoice.
    const a = assets['TRAN-1'] ?? '';
    await ctx.database.query("update asset_billing_periods set to_on = '2023-02-10' where asset_id = $1", [a]);
    await ctx.database.query(
      "insert into asset_events (at, asset_id, municipality_id, kind, occurred_on) select $2::timestamptz, id, municipality_id, 'retire', '2023-02-10' from assets where id = $1",
      [a, now()],
    );
    const may = await tReviewer.json<Run>('POST', '/api/v1/billing/runs', { municipality: 'tranemo', month: '2023-05' });
    assert.equal(may.status, 201, JSON.stringify(may.body));
    const mayBasis = await tReviewer.json<Basis>('GET', `/api/v1/billing/runs/${may.body.id}/units/${tUnit}`);
    assert.deepEqual(mayBasis.body.lines.map((l) => [l.kind, l.month, l.amountOre, l.reason]).sort(), [
      ['correction', '2023-03', -45_000, 'avvecklad 2023-02-10'],
      ['correction', '2023-04', -45_000, 'avvecklad 2023-02-10'],
    ]);
  });
});

describe('issue 16: a loan laptop is billed per started week of the loan and ends at return (R-4.1, R-5.9)', () => {
  test('a two-day loan handed back is one week on the borrower; nothing after the return, the next borrower from the day it is lent again', async () => {
    const reg = await agent.json<{ id: string; version: number }>('POST', '/api/v1/assets', {
      unitId,
      deviceType: 'computer',
      serviceCode: 'korttidshyra',
      model: 'Lenovo ThinkPad L14',
      serial: 'LAN-16',
      deliveredOn: '2023-10-02',
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    await ctx.database.query("update assets set article_code = 'KORTTID-VECKA' where id = $1", [reg.body.id]);
    let version = reg.body.version;
    type Page = { version: number; lifecycle: { billedNow: boolean; billing: { unitId: string; from: string; to: string | null; basis: string }[] } };
    const event = async (body: Record<string, unknown>) => {
      const res = await agent.json<Page>('POST', `/api/v1/assets/${reg.body.id}/events`, { version, ...body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      version = res.body.version;
      return res.body;
    };
    const returned = await event({ kind: 'return', date: '2023-10-04' });
    assert.equal(returned.lifecycle.billedNow, false, 'a loan handed back is no longer billed (no early return)');
    await event({ kind: 'stock', date: '2023-10-04', location: 'IT, lånepoolen' });
    const lentAgain = await event({ kind: 'reassign', date: '2023-10-25', unitId: otherUnitId, holderPersonId: null });
    assert.deepEqual(
      lentAgain.lifecycle.billing.map((p) => [p.unitId, p.from, p.to, p.basis]),
      [
        [unitId, '2023-10-02', '2023-10-04', 'active'],
        [otherUnitId, '2023-10-25', null, 'active'],
      ],
    );

    const november = await compute('2023-11');
    assert.equal(november.status, 201, JSON.stringify(november.body));
    const loans = async (unit: string) => (await basisOf(november.body, unit)).body.lines.filter((l) => l.source === 'short_term');
    assert.deepEqual(
      (await loans(unitId)).map((l) => [l.subjectLabel, l.quantity, l.quantityUnit, l.amountOre, l.rule]),
      [['LAN-16', 1, 'week', 25_000, 'lån per påbörjad vecka, minst 7 dagar, till och med återlämningen']],
    );
    assert.deepEqual(await loans(otherUnitId), [], 'the second loan has not ended: billed when it does');
  });
});

describe('issue 16: no requirement ids in what users read', () => {
  test('no line of any run this file computed names one (R-x.y stays in code comments)', async () => {
    const found = await ctx.database.query<{ rule: string }>("select distinct rule from billing_run_lines where rule ~ 'R-[0-9]'");
    assert.deepEqual(found, []);
    const total = await ctx.database.query<{ n: number }>('select count(*)::int as n from billing_run_lines');
    assert.ok((total[0]?.n ?? 0) > 10);
  });
});
