import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../../src/mission/service.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';

/**
 * Issue 7: the renewal list, the replacement order made from it and a unit's monthly equipment cost,
 * through HTTP on a fresh database (PGlite, or PostgreSQL with DATABASE_URL).
 *
 * Set-up written straight into the database, because no API does it (yet): the assets' price article
 * (`article_code`; POST /assets does not take it) and their billing periods (written by the lifecycle;
 * each asset's periods are replaced here so the test does not depend on whether registration opens one),
 * and one price change in this year's list.
 */

type Asset = { id: string; serial: string; renewalOn: string | null; status: string };
type Renewals = {
  until: string;
  units: {
    unitId: string;
    unitName: string;
    items: {
      id: string;
      serial: string;
      model: string;
      holderName: string | null;
      deliveredOn: string | null;
      renewalOn: string;
      overdue: boolean;
      replacementOrderNumber: string | null;
    }[];
  }[];
};
type Problem = { code: string; errors: { field: string; reason: string; reasonSv: string }[] };
type Order = {
  id: string;
  number: string;
  kind: string;
  unitId: string;
  status: string;
  note: string;
  version: number;
  lines: { id: string; description: string; quantity: number; model: string | null; articleCode: string | null; status: string }[];
};
type Costs = {
  unitId: string;
  unitName: string;
  month: string;
  totalMonthly: number;
  items: {
    assetId: string;
    serial: string;
    model: string;
    deviceType: string;
    holderName: string | null;
    status: string;
    articleCode: string | null;
    articleName: string | null;
    monthlyFee: number | null;
    basis: string;
    charged: boolean;
  }[];
  partMonth: string;
};

let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let manager: TestClient;
let otherManager: TestClient;
let orderer: TestClient;
let finance: TestClient;
let bystander: TestClient;
let uAdmin: TestClient;
const unit: Record<string, string> = {};
const model: Record<string, string> = {};
const asset: Record<string, Asset> = {};
let holderId: string;
const today = stockholmToday();
const year = Number(today.slice(0, 4));
const plain = (d: string) => Temporal.PlainDate.from(d);
const monthsAgo = (n: number) => plain(today).subtract({ months: n }).toString();
const until6 = plain(today).add({ months: 6 }).toString();
const dayBefore = (d: string) => plain(d).subtract({ days: 1 }).toString();
const thisMonth = today.slice(0, 7);
const firstOfMonth = `${thisMonth}-01`;

async function userId(client: TestClient): Promise<string> {
  return (await client.json<{ user: { id: string } }>('GET', '/api/v1/auth/session')).body.user.id;
}
const fields = (body: unknown) => (body as Problem).errors.map((e) => e.field);

/** A unit manager: an account whose person belongs to the unit. */
async function managerOf(username: string, unitId: string, municipality: 'tranemo' | 'ulricehamn'): Promise<TestClient> {
  const person = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities[municipality],
    unitId,
    firstName: username,
    lastName: 'Chef',
    personRole: 'anstalld',
  });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const client = await ctx.userClient({ username, roles: ['unit_manager'], municipality });
  const account = (await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
    (u) => u.username === username,
  );
  assert.ok(account);
  assert.equal((await admin.json('PATCH', `/api/v1/users/${account.id}`, { version: account.version, personId: person.body.id })).status, 200);
  return client;
}

/** IT registers a computer workplace delivered on `deliveredOn` (renewal 48 months later, R-4.1). */
async function register(
  key: string,
  props: { unitId: string; deliveredOn: string; deviceType?: string; status?: string; serviceCode?: string | null; holderPersonId?: string },
) {
  const res = await agent.json<Asset>('POST', '/api/v1/assets', {
    unitId: props.unitId,
    deviceType: props.deviceType ?? 'computer',
    serviceCode: props.serviceCode === undefined ? 'datorarbetsplats' : props.serviceCode,
    model: 'Lenovo ThinkPad T14',
    serial: `PLAN-${key}`,
    deliveredOn: props.deliveredOn,
    holderPersonId: props.holderPersonId ?? null,
    ...(props.status ? { status: props.status } : {}),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  asset[key] = res.body;
  return res.body;
}

/** Test set-up only: the asset's price article and billing periods, written directly (see the file comment). */
async function billing(
  key: string,
  articleCode: string | null,
  periods: { unitId: string; from: string; to: string | null; basis: 'active' | 'early_return' }[],
) {
  const a = asset[key];
  assert.ok(a);
  await ctx.database.query('update assets set article_code = $1 where id = $2', [articleCode, a.id]);
  await ctx.database.query('delete from asset_billing_periods where asset_id = $1', [a.id]);
  for (const p of periods) {
    await ctx.database.query(
      'insert into asset_billing_periods (asset_id, municipality_id, unit_id, from_on, to_on, basis) select $1, municipality_id, $2, $3, $4, $5 from assets where id = $1',
      [a.id, p.unitId, p.from, p.to, p.basis],
    );
  }
}

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  // The seeded price list is 2023's; orders are priced by this year's, so copy it forward (issue 6).
  for (let y = 2023; y < year; y++) assert.equal((await admin.post(`/api/v1/price-lists/${y}/copy`)).status, 201, `copy ${y}`);
  for (const m of [ctx.municipalities.tranemo, ctx.municipalities.ulricehamn]) {
    const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${m}`);
    for (const u of units.body.items) unit[`${m === ctx.municipalities.tranemo ? 'T' : 'U'}:${u.code}`] = u.id;
  }
  const range = await admin.json<{ items: { id: string; model: string }[] }>('GET', '/api/v1/public/model-range/ulricehamn');
  for (const m of range.body.items) model[m.model] = m.id;

  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  manager = await managerOf('maria.chef', unit['T:KLF-EK'] ?? '', 'tranemo'); // Ekonomi and Ekonomienheten below it
  otherManager = await managerOf('lars.rektor', unit['T:BUF-GR-LJS'] ?? '', 'tranemo');
  orderer = await ctx.userClient({ username: 'olle.bestallare', roles: ['end_user'], municipality: 'tranemo' });
  assert.equal((await manager.json('POST', `/api/v1/units/${unit['T:KLF-EK-EKO']}/orderers`, { userId: await userId(orderer) })).status, 201);
  finance = await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'tranemo' });
  bystander = await ctx.userClient({ username: 'berit.annan', roles: ['end_user'], municipality: 'tranemo' });
  uAdmin = await ctx.userClient({ username: 'admin.u', roles: ['admin'], municipality: 'ulricehamn' });

  const holder = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['T:KLF-EK-EKO'],
    firstName: 'Hanna',
    lastName: 'Hållare',
    personRole: 'anstalld',
  });
  holderId = holder.body.id;
  const hidden = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['T:KLF-EK-EKO'],
    firstName: 'Dold',
    lastName: 'Person',
    personRole: 'anstalld',
    protectedIdentity: true,
  });
  assert.equal(hidden.status, 201, JSON.stringify(hidden.body));

  const eko = unit['T:KLF-EK-EKO'] ?? '';
  await register('OVERDUE', { unitId: eko, deliveredOn: monthsAgo(50), holderPersonId: holderId });
  await register('TODAY', { unitId: eko, deliveredOn: monthsAgo(48), holderPersonId: hidden.body.id });
  await register('LASTDAY', { unitId: eko, deliveredOn: plain(dayBefore(until6)).subtract({ months: 48 }).toString() });
  await register('UNTIL', { unitId: eko, deliveredOn: plain(until6).subtract({ months: 48 }).toString() });
  await register('LATER', { unitId: eko, deliveredOn: monthsAgo(12) });
  await register('PHONE', { unitId: eko, deliveredOn: monthsAgo(50), deviceType: 'phone', serviceCode: 'mobiltelefon' });
  await register('STOCK', { unitId: eko, deliveredOn: monthsAgo(50), status: 'in_stock' });
  await register('PARENT', { unitId: unit['T:KLF-EK'] ?? '', deliveredOn: monthsAgo(47) });
  await register('SCHOOL', { unitId: unit['T:BUF-GR-LJS'] ?? '', deliveredOn: monthsAgo(46) });
  const u = await uAdmin.json<Asset>('POST', '/api/v1/assets', {
    unitId: unit['U:FFL-GR-ATR'],
    deviceType: 'computer',
    serviceCode: 'datorarbetsplats',
    model: 'Dell',
    serial: 'PLAN-U',
    deliveredOn: monthsAgo(49),
  });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  asset.U = u.body;
});
after(async () => {
  await ctx.close();
});

describe('issue 7: renewal list (R-4.1, R-5.1)', () => {
  test('registration gives the dates the horizon edges need', () => {
    assert.equal(asset.TODAY?.renewalOn, today);
    assert.equal(asset.LASTDAY?.renewalOn, dayBefore(until6));
    assert.equal(asset.UNTIL?.renewalOn, until6);
  });

  test('IT: active computers due before today + 6 months, per unit; renewal exactly on `until` is not yet due', async () => {
    const res = await agent.json<Renewals>('GET', `/api/v1/assets/renewals?municipalityId=${ctx.municipalities.tranemo}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.until, until6);
    const byUnit = Object.fromEntries(res.body.units.map((g) => [g.unitId, g.items.map((i) => [i.serial, i.overdue])]));
    assert.deepEqual(byUnit, {
      [unit['T:KLF-EK'] ?? '']: [['PLAN-PARENT', false]],
      [unit['T:KLF-EK-EKO'] ?? '']: [
        ['PLAN-OVERDUE', true],
        ['PLAN-TODAY', true],
        ['PLAN-LASTDAY', false],
      ],
      [unit['T:BUF-GR-LJS'] ?? '']: [['PLAN-SCHOOL', false]],
    });
    const eko = res.body.units.find((g) => g.unitId === unit['T:KLF-EK-EKO']);
    assert.equal(eko?.unitName, 'Ekonomienheten');
    assert.deepEqual(
      eko?.items.map((i) => i.holderName),
      ['Hanna Hållare', 'Skyddad identitet', null],
    );
    assert.equal(eko?.items[0]?.deliveredOn, monthsAgo(50));
    assert.equal(eko?.items[0]?.model, 'Lenovo ThinkPad T14');
    const wide = await agent.json<Renewals>('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}&months=24`);
    assert.deepEqual(
      wide.body.units.map((g) => g.items.map((i) => i.serial)),
      [['PLAN-OVERDUE', 'PLAN-TODAY', 'PLAN-LASTDAY', 'PLAN-UNTIL']],
    );
    const both = await agent.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.ok(
      both.body.units.some((g) => g.items.some((i) => i.serial === 'PLAN-U')),
      'IT spanning both sees both',
    );
  });

  test('R-1.4: a manager sees their units, a designated orderer theirs, finance the municipality, others nothing; outside one’s sight 404', async () => {
    const mine = await manager.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.deepEqual(mine.body.units.map((g) => g.unitName).sort(), ['Ekonomi', 'Ekonomienheten'].sort());
    const designated = await orderer.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.deepEqual(
      designated.body.units.map((g) => g.unitId),
      [unit['T:KLF-EK-EKO']],
    );
    const fin = await finance.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.equal(fin.body.units.length, 3);
    const none = await bystander.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.units, []);
    assert.equal((await otherManager.json('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}`)).status, 404, 'a manager of another unit');
    assert.equal((await bystander.json('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}`)).status, 404);
    assert.equal((await uAdmin.json('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}`)).status, 404, 'the other municipality’s unit');
    assert.equal((await uAdmin.json('GET', `/api/v1/assets/renewals?municipalityId=${ctx.municipalities.tranemo}`)).status, 404);
    const u = await uAdmin.json<Renewals>('GET', '/api/v1/assets/renewals');
    assert.deepEqual(
      u.body.units.flatMap((g) => g.items.map((i) => i.serial)),
      ['PLAN-U'],
    );
  });

  test('bad input names the field', async () => {
    for (const q of ['months=0', 'months=25', 'months=x', 'months=1.5', 'unitId=nope', 'bogus=1']) {
      const res = await agent.json<Problem>('GET', `/api/v1/assets/renewals?${q}`);
      assert.equal(res.status, 400, q);
      assert.ok(res.body.errors[0]?.field.startsWith('query'), `${q}: ${JSON.stringify(res.body.errors)}`);
      assert.ok(
        res.body.errors.every((e) => e.reason && e.reasonSv),
        q,
      );
    }
    assert.equal((await new TestClient(ctx.app).json('GET', '/api/v1/assets/renewals')).status, 401);
  });
});

describe('issue 7: the replacement order (R-4.1, R-4.3)', () => {
  let first: { orderId: string; number: string };
  const thinkpad = () => model['ThinkPad T14 Gen 4'] ?? '';
  const orderCount = async () => (await agent.json<{ items: unknown[] }>('GET', '/api/v1/orders?scope=all&limit=100')).body.items.length;

  test('who may: whoever may order for the unit (placeOrder’s rule); the other municipality 404', async () => {
    const body = { unitId: unit['T:KLF-EK-EKO'], assetIds: [asset.OVERDUE?.id], modelRangeItemId: thinkpad() };
    for (const [who, client, status] of [
      ['an end user', bystander, 403],
      ['an IT agent', agent, 403],
      ['a manager of another unit', otherManager, 403],
      ['finance', finance, 403],
      ['the other municipality', uAdmin, 404],
    ] as const) {
      const res = await client.json<Problem>('POST', '/api/v1/assets/renewals/order', body);
      assert.equal(res.status, status, who);
      if (status === 403) assert.deepEqual(fields(res.body), ['unitId'], who);
    }
  });

  test('bad input: each asset says why it cannot be replaced, and nothing is written', async () => {
    const before = await orderCount();
    const eko = unit['T:KLF-EK-EKO'];
    const cases: [Record<string, unknown>, string[], RegExp?][] = [
      [{ unitId: eko, assetIds: [asset.UNTIL?.id], modelRangeItemId: thinkpad() }, ['assetIds.0'], /due for renewal on .* not before/],
      [{ unitId: eko, assetIds: [asset.LATER?.id], modelRangeItemId: thinkpad(), months: 24 }, ['assetIds.0'], /not before/],
      [{ unitId: eko, assetIds: [asset.PHONE?.id], modelRangeItemId: thinkpad() }, ['assetIds.0'], /not a computer/],
      [{ unitId: eko, assetIds: [asset.STOCK?.id], modelRangeItemId: thinkpad() }, ['assetIds.0'], /not active/],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id, asset.PARENT?.id], modelRangeItemId: thinkpad() }, ['assetIds.1'], /not an asset of the unit/],
      [{ unitId: eko, assetIds: [asset.U?.id], modelRangeItemId: thinkpad() }, ['assetIds.0'], /not an asset of the unit/],
      [{ unitId: eko, assetIds: ['00000000-0000-4000-8000-000000000000'], modelRangeItemId: thinkpad() }, ['assetIds.0'], /not an asset of the unit/],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id, asset.OVERDUE?.id], modelRangeItemId: thinkpad() }, ['assetIds.1'], /more than once/],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id], modelRangeItemId: model['bizhub C300i'] }, ['modelRangeItemId'], /computer/],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id], modelRangeItemId: model['Color LaserJet Enterprise MFP M480f'] }, ['modelRangeItemId'], /model range/],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id], modelRangeItemId: '00000000-0000-4000-8000-000000000000' }, ['modelRangeItemId'], /model range/],
      [{ unitId: eko, assetIds: [], modelRangeItemId: thinkpad() }, ['assetIds']],
      [{ unitId: eko, assetIds: Array.from({ length: 101 }, () => asset.OVERDUE?.id), modelRangeItemId: thinkpad() }, ['assetIds']],
      [{ unitId: eko, assetIds: ['x'], modelRangeItemId: thinkpad() }, ['assetIds.0']],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id], modelRangeItemId: thinkpad(), months: 25 }, ['months']],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id] }, ['modelRangeItemId']],
      [{ unitId: eko, assetIds: [asset.OVERDUE?.id], modelRangeItemId: thinkpad(), note: 'x' }, ['note']],
    ];
    for (const [body, expected, reason] of cases) {
      const res = await manager.json<Problem>('POST', '/api/v1/assets/renewals/order', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(fields(res.body), expected, JSON.stringify(res.body.errors));
      if (reason) assert.match(res.body.errors[0]?.reason ?? '', reason);
      assert.ok(res.body.errors.every((e) => e.reason && e.reasonSv));
    }
    assert.equal(await orderCount(), before, 'nothing written');
  });

  test('the designated orderer orders replacements: one standard order, one line per computer naming its serial', async () => {
    const res = await orderer.json<{ orderId: string; number: string }>('POST', '/api/v1/assets/renewals/order', {
      unitId: unit['T:KLF-EK-EKO'],
      assetIds: [asset.LASTDAY?.id, asset.OVERDUE?.id],
      modelRangeItemId: model['ThinkPad T14 Gen 4'],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    first = res.body;
    assert.match(first.number, /^\d{4}-\d{6}$/);
    const order = await orderer.json<Order>('GET', `/api/v1/orders/${first.orderId}`);
    assert.equal(order.status, 200);
    assert.equal(order.body.number, first.number);
    assert.equal(order.body.kind, 'standard');
    assert.equal(order.body.unitId, unit['T:KLF-EK-EKO']);
    assert.equal(order.body.status, 'submitted');
    assert.deepEqual(
      order.body.lines.map((l) => [l.description, l.quantity, l.model, l.articleCode]),
      [
        ['Ersätter PLAN-LASTDAY – Datorarbetsplats standard: Lenovo ThinkPad T14 Gen 4', 1, 'Lenovo ThinkPad T14 Gen 4', 'DATOR-ADM'],
        ['Ersätter PLAN-OVERDUE – Datorarbetsplats standard: Lenovo ThinkPad T14 Gen 4', 1, 'Lenovo ThinkPad T14 Gen 4', 'DATOR-ADM'],
      ],
    );
    assert.match(order.body.note, /PLAN-LASTDAY, PLAN-OVERDUE/);
    const audit = await admin.json<{ items: { action: string }[] }>('GET', `/api/v1/audit?entity=order&entityId=${first.orderId}`);
    assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'renewal_replaces']);
    // The list shows which order replaces them.
    const list = await manager.json<Renewals>('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}`);
    assert.deepEqual(
      list.body.units[0]?.items.map((i) => [i.serial, i.replacementOrderNumber]),
      [
        ['PLAN-OVERDUE', first.number],
        ['PLAN-TODAY', null],
        ['PLAN-LASTDAY', first.number],
      ],
    );
  });

  test('a computer already being replaced by an open order is refused; once that order is cancelled it may be ordered again', async () => {
    const again = await manager.json<Problem>('POST', '/api/v1/assets/renewals/order', {
      unitId: unit['T:KLF-EK-EKO'],
      assetIds: [asset.TODAY?.id, asset.OVERDUE?.id],
      modelRangeItemId: model['ThinkPad X1 Carbon Gen 11'],
    });
    assert.equal(again.status, 400);
    assert.deepEqual(fields(again.body), ['assetIds.1']);
    assert.match(again.body.errors[0]?.reason ?? '', new RegExp(`already being replaced by order ${first.number}`));
    assert.match(again.body.errors[0]?.reasonSv ?? '', /ersätts redan/);
    const order = await orderer.json<Order>('GET', `/api/v1/orders/${first.orderId}`);
    assert.equal((await orderer.json('POST', `/api/v1/orders/${first.orderId}/cancel`, { version: order.body.version, reason: 'Fel modell' })).status, 200);
    const next = await manager.json<{ orderId: string; number: string }>('POST', '/api/v1/assets/renewals/order', {
      unitId: unit['T:KLF-EK-EKO'],
      assetIds: [asset.TODAY?.id, asset.OVERDUE?.id],
      modelRangeItemId: model['ThinkPad X1 Carbon Gen 11'],
    });
    assert.equal(next.status, 201, JSON.stringify(next.body));
    assert.notEqual(next.body.number, first.number);
  });

  test('two requests replacing the same computer at once: exactly one order', async () => {
    const body = { unitId: unit['T:KLF-EK-EKO'], assetIds: [asset.LASTDAY?.id], modelRangeItemId: model['ThinkPad T14 Gen 4'] };
    const before = await orderCount();
    const results = await Promise.all([
      manager.json<Problem>('POST', '/api/v1/assets/renewals/order', body),
      orderer.json<Problem>('POST', '/api/v1/assets/renewals/order', body),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 400]);
    assert.match(results.find((r) => r.status === 400)?.body.errors[0]?.reason ?? '', /already being replaced/);
    assert.equal(await orderCount(), before + 1);
  });

  test('it follows the normal fulfilment: IT delivers a line; a delivered replacement is not ordered twice', async () => {
    const list = await manager.json<Renewals>('GET', `/api/v1/assets/renewals?unitId=${unit['T:KLF-EK-EKO']}`);
    const number = list.body.units[0]?.items.find((i) => i.serial === 'PLAN-TODAY')?.replacementOrderNumber;
    assert.ok(number);
    const orders = await agent.json<{ items: { id: string; number: string }[] }>('GET', '/api/v1/orders?scope=all&limit=100');
    const id = orders.body.items.find((o) => o.number === number)?.id ?? '';
    const order = await agent.json<Order>('GET', `/api/v1/orders/${id}`);
    const line = order.body.lines.find((l) => l.description.startsWith('Ersätter PLAN-TODAY '));
    assert.ok(line);
    const delivered = await agent.json<Order>('POST', `/api/v1/orders/${id}/lines/${line.id}/deliver`, {
      version: order.body.version,
      serialNumber: 'NEW-PC-1',
      holderPersonId: holderId,
    });
    assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
    // →: the delivered replacement is in the register, active and billed to the unit.
    const replacement = await agent.json<{
      items: { serial: string; status: string; unitId: string; orderLineId: string | null; articleCode: string | null }[];
    }>('GET', '/api/v1/assets?serial=NEW-PC-1');
    assert.deepEqual(
      replacement.body.items.map((a) => [a.serial, a.status, a.unitId, a.orderLineId]),
      [['NEW-PC-1', 'active', unit['T:KLF-EK-EKO'], line.id]],
    );
    const refused = await manager.json<Problem>('POST', '/api/v1/assets/renewals/order', {
      unitId: unit['T:KLF-EK-EKO'],
      assetIds: [asset.TODAY?.id],
      modelRangeItemId: model['ThinkPad T14 Gen 4'],
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.errors[0]?.reason ?? '', /already been replaced/);
  });
});

describe('issue 7: a unit’s equipment and its monthly cost (R-6.4)', () => {
  const eko = () => unit['T:KLF-EK-EKO'] ?? '';
  const lastMonthEnd = () => plain(firstOfMonth).subtract({ days: 1 }).toString();

  before(async () => {
    // This year's computer price differs from 2023's, so the year's list is seen to be used.
    await ctx.database.query(
      `update price_list_items set monthly_fee = 47000 where article_code = 'DATOR-ADM' and price_list_id = (select id from price_lists where year = $1)`,
      [year],
    );
    const e = eko();
    await billing('OVERDUE', 'DATOR-ADM', [{ unitId: e, from: '2022-01-10', to: null, basis: 'active' }]);
    await billing('TODAY', null, [{ unitId: e, from: '2022-01-10', to: null, basis: 'active' }]);
    await billing('LASTDAY', 'DATOR-ADM', [
      { unitId: e, from: '2022-01-10', to: firstOfMonth, basis: 'active' },
      { unitId: e, from: firstOfMonth, to: null, basis: 'early_return' },
    ]);
    await billing('UNTIL', 'KORTTID-VECKA', [{ unitId: e, from: '2022-01-10', to: null, basis: 'active' }]);
    await billing('LATER', 'DATOR-ADM', [{ unitId: e, from: '2022-01-10', to: lastMonthEnd(), basis: 'active' }]);
    await billing('PHONE', 'MOBIL-STD', [
      { unitId: unit['T:KLF-EK'] ?? '', from: '2022-01-10', to: firstOfMonth, basis: 'active' },
      { unitId: e, from: firstOfMonth, to: null, basis: 'active' },
    ]);
    await billing('STOCK', 'DATOR-ADM', []);
    await billing('PARENT', 'DATOR-ADM', [{ unitId: unit['T:KLF-EK'] ?? '', from: '2022-01-10', to: null, basis: 'active' }]);
  });

  test('this month: what is billed to the unit, each monthly fee from this year’s list; unknown fees shown as null and left out of the total', async () => {
    const res = await manager.json<Costs>('GET', `/api/v1/assets/unit-costs?unitId=${eko()}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.month, thisMonth);
    assert.equal(res.body.unitName, 'Ekonomienheten');
    assert.deepEqual(
      res.body.items.map((i) => [i.serial, i.articleCode, i.monthlyFee, i.basis, i.charged]),
      [
        // The replacement delivered today through the renewal order above (its article's fee this
        // year): here, but charged from next month under the mission's part-month rule.
        ['NEW-PC-1', 'DATOR-ADM-PLUS', 55_000, 'active', false],
        // Returned early on the 1st: this month is the active period's month of return (the run's line
        // says so); the early return charges from next month.
        ['PLAN-LASTDAY', 'DATOR-ADM', 47_000, 'active', true],
        ['PLAN-OVERDUE', 'DATOR-ADM', 47_000, 'active', true],
        // Moved in from the parent unit on the 1st: the parent pays this month, this unit from the next.
        ['PLAN-PHONE', 'MOBIL-STD', 5_000, 'active', false],
        ['PLAN-TODAY', null, null, 'active', true],
        ['PLAN-UNTIL', 'KORTTID-VECKA', null, 'active', true],
      ],
    );
    assert.equal(res.body.partMonth, 'from_month_after_start');
    assert.equal(res.body.totalMonthly, 47_000 + 47_000);
    const parentNow = await manager.json<Costs>('GET', `/api/v1/assets/unit-costs?unitId=${unit['T:KLF-EK']}`);
    assert.deepEqual(
      parentNow.body.items.map((i) => [i.serial, i.charged]),
      [
        ['PLAN-PARENT', true],
        ['PLAN-PHONE', true],
      ],
    );
    const overdue = res.body.items.find((i) => i.serial === 'PLAN-OVERDUE');
    assert.deepEqual(
      [overdue?.articleName, overdue?.holderName, overdue?.deviceType, overdue?.status],
      ['Datorarbetsplats standard', 'Hanna Hållare', 'computer', 'active'],
    );
    assert.equal(res.body.items.find((i) => i.serial === 'PLAN-TODAY')?.holderName, 'Skyddad identitet');
  });

  test('an earlier month uses that year’s price list; a month without a list shows no fees', async () => {
    const old = await finance.json<Costs>('GET', `/api/v1/assets/unit-costs?unitId=${eko()}&month=2023-06`);
    assert.equal(old.status, 200, JSON.stringify(old.body));
    assert.deepEqual(
      old.body.items.map((i) => [i.serial, i.monthlyFee]),
      [
        ['PLAN-LASTDAY', 45_000],
        ['PLAN-LATER', 45_000],
        ['PLAN-OVERDUE', 45_000],
        ['PLAN-TODAY', null],
        ['PLAN-UNTIL', null],
      ],
    );
    assert.equal(old.body.totalMonthly, 3 * 45_000);
    const before = await agent.json<Costs>('GET', `/api/v1/assets/unit-costs?unitId=${eko()}&month=2021-06`);
    assert.deepEqual([before.body.items.length, before.body.totalMonthly], [0, 0]);
    const parent = await manager.json<Costs>('GET', `/api/v1/assets/unit-costs?unitId=${unit['T:KLF-EK']}&month=2023-06`);
    assert.deepEqual(
      parent.body.items.map((i) => i.serial),
      ['PLAN-PARENT', 'PLAN-PHONE'],
    );
  });

  test('R-1.4: the unit’s manager (and above), IT and finance; everyone else 404', async () => {
    for (const client of [manager, agent, finance, admin]) assert.equal((await client.json('GET', `/api/v1/assets/unit-costs?unitId=${eko()}`)).status, 200);
    for (const [who, client] of [
      ['a manager of another unit', otherManager],
      ['the unit’s designated orderer', orderer],
      ['an end user', bystander],
      ['the other municipality', uAdmin],
    ] as const) {
      assert.equal((await client.json('GET', `/api/v1/assets/unit-costs?unitId=${eko()}`)).status, 404, who);
    }
    assert.equal((await manager.json('GET', `/api/v1/assets/unit-costs?unitId=${unit['T:BUF-GR-LJS']}`)).status, 404, 'not a unit the manager manages');
    assert.equal((await agent.json('GET', '/api/v1/assets/unit-costs?unitId=00000000-0000-4000-8000-000000000000')).status, 404);
  });

  test('bad input names the field', async () => {
    for (const [q, field] of [
      [`unitId=${eko()}&month=2026-13`, 'query.month'],
      [`unitId=${eko()}&month=2026-1`, 'query.month'],
      ['month=2026-01', 'query.unitId'],
      [`unitId=${eko()}&x=1`, 'query.x'],
    ] as const) {
      const res = await agent.json<Problem>('GET', `/api/v1/assets/unit-costs?${q}`);
      assert.equal(res.status, 400, q);
      assert.deepEqual(fields(res.body), [field], q);
    }
  });
});
