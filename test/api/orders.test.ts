import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../../src/mission/service.ts';
import { accountEndReminderJob } from '../../src/orders/jobs.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';
import { now } from '../../src/platform/clock.ts';

type Line = {
  id: string;
  description: string;
  articleCode: string | null;
  model: string | null;
  supportLevel: string | null;
  quantity: number;
  purchasePrice: number | null;
  monthlyFee: number | null;
  status: string;
  serialNumber: string | null;
  holderName: string | null;
  deliveredOn: string | null;
  billingStartsOn: string | null;
  actions: { markOrdered: boolean; deliver: boolean; cancel: boolean };
};
const none = { markOrdered: false, deliver: false, cancel: false };
type Order = {
  id: string;
  number: string;
  kind: string;
  status: string;
  unitId: string;
  ticketId: string;
  ticketNumber: string | null;
  reminderTicketNumber: string | null;
  version: number;
  accountEndsOn: string | null;
  totals: { oneOff: number; monthly: number };
  lines: Line[];
  canFulfil: boolean;
  canCancel: boolean;
  details: Record<string, unknown> | null;
};
type Problem = { code: string; errors: { field: string; reason: string; reasonSv: string }[] };
type Ticket = {
  id: string;
  number: string;
  status: string;
  messages: { body: string; visibility: string }[];
  deskId: string;
  categoryId: string | null;
  unitId: string | null;
  subject: string;
  requester: { userId: string | null };
};
type Desk = { id: string; isIt: boolean; categories: { id: string; code: string }[] };

let ctx: TestContext;
let admin: TestClient;
let manager: TestClient;
let orderer: TestClient;
let bystander: TestClient;
let agent: TestClient;
let uUser: TestClient;
let uAdmin: TestClient;
let ordererId: string;
let holderId: string;
const unit: Record<string, string> = {};
const model: Record<string, string> = {};
let itDesk: Desk;
const today = stockholmToday();
const inDays = (n: number) => Temporal.PlainDate.from(today).add({ days: n }).toString();

async function userId(client: TestClient): Promise<string> {
  return (await client.json<{ user: { id: string } }>('GET', '/api/v1/auth/session')).body.user.id;
}

function fields(body: unknown): string[] {
  return (body as Problem).errors.map((e) => e.field);
}

const standard = (lines: unknown[], unitId = unit.EKO) => ({ kind: 'standard', unitId, lines });

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  // The seeded price list is 2023's; an order is priced by this year's, so copy it forward (issue 6).
  for (let y = 2023; y < Number(today.slice(0, 4)); y++) {
    const copied = await admin.post(`/api/v1/price-lists/${y}/copy`);
    assert.equal(copied.status, 201, `copy ${y}`);
  }
  const units = await admin.json<{ items: { id: string; code: string; municipalityId: string }[] }>(
    'GET',
    `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`,
  );
  for (const u of units.body.items) unit[u.code] = u.id;
  const range = await admin.json<{ items: { id: string; model: string }[] }>('GET', '/api/v1/public/model-range/ulricehamn');
  for (const m of range.body.items) model[m.model] = m.id;

  // A unit manager is a person of Ekonomi (verksamhet) with an account.
  const person = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['KLF-EK'],
    firstName: 'Maria',
    lastName: 'Chef',
    personRole: 'anstalld',
  });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  manager = await ctx.userClient({ username: 'maria.chef', roles: ['unit_manager'], municipality: 'tranemo' });
  const account = (await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
    (u) => u.username === 'maria.chef',
  );
  assert.ok(account);
  assert.equal((await admin.json('PATCH', `/api/v1/users/${account.id}`, { version: account.version, personId: person.body.id })).status, 200);
  const holder = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['KLF-EK-EKO'],
    firstName: 'Hanna',
    lastName: 'Hållare',
    personRole: 'anstalld',
  });
  holderId = holder.body.id;

  orderer = await ctx.userClient({ username: 'olle.bestallare', roles: ['end_user'], municipality: 'tranemo' });
  ordererId = await userId(orderer);
  bystander = await ctx.userClient({ username: 'berit.annan', roles: ['end_user'], municipality: 'tranemo' });
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  uUser = await ctx.userClient({ username: 'ulla.u', roles: ['unit_manager', 'orderer'], municipality: 'ulricehamn' });
  uAdmin = await ctx.userClient({ username: 'admin.u', roles: ['admin'], municipality: 'ulricehamn' });
  const desks = await agent.json<{ items: Desk[] }>('GET', '/api/v1/desks');
  const found = desks.body.items.find((d) => d.isIt);
  assert.ok(found);
  itDesk = found;
  unit.EKO = unit['KLF-EK-EKO'] ?? '';
});
after(async () => {
  await ctx.close();
});

const category = (id: string | null) => itDesk.categories.find((c) => c.id === id)?.code;

describe('R-4.3 orders: designation, ordering, fulfilment, billing start', () => {
  let order: Order;

  test('R-1.4: nobody orders before being designated; the unit manager designates an orderer, others may not', async () => {
    const refused = await orderer.json<Problem>('POST', '/api/v1/orders', standard([{ modelId: model['ThinkPad T14 Gen 4'] }]));
    assert.equal(refused.status, 403);
    assert.deepEqual(fields(refused.body), ['unitId']);
    assert.equal((await bystander.json('POST', `/api/v1/units/${unit.EKO}/orderers`, { userId: ordererId })).status, 403, 'an end user does not designate');
    assert.equal(
      (await uAdmin.json('POST', `/api/v1/units/${unit.EKO}/orderers`, { userId: ordererId })).status,
      404,
      'the other municipality’s administrator does not see the unit',
    );
    assert.equal(
      (await manager.json('POST', `/api/v1/units/${unit['BUF-GR-LJS']}/orderers`, { userId: ordererId })).status,
      403,
      'a manager designates only for their own units',
    );

    const designated = await manager.json<{ id: string; userId: string; active: boolean; designatedByName: string }>(
      'POST',
      `/api/v1/units/${unit.EKO}/orderers`,
      { userId: ordererId },
    );
    assert.equal(designated.status, 201, JSON.stringify(designated.body));
    assert.equal(designated.body.active, true);
    assert.equal(designated.body.designatedByName, 'maria.chef');
    assert.equal((await manager.json('POST', `/api/v1/units/${unit.EKO}/orderers`, { userId: ordererId })).status, 409, 'once');
    const foreign = await manager.json<Problem>('POST', `/api/v1/units/${unit.EKO}/orderers`, { userId: await userId(uUser) });
    assert.equal(foreign.status, 400, 'an account of the other municipality cannot be designated');
    assert.deepEqual(fields(foreign.body), ['userId']);

    const list = await manager.json<{ items: { userId: string }[] }>('GET', `/api/v1/units/${unit.EKO}/orderers`);
    assert.deepEqual(
      list.body.items.map((d) => d.userId),
      [ordererId],
    );
    assert.equal((await uAdmin.get(`/api/v1/units/${unit.EKO}/orderers`)).status, 404);
    const units = await orderer.json<{ items: { id: string; via: string }[] }>('GET', '/api/v1/orders/orderable-units');
    assert.deepEqual(
      units.body.items.map((u) => [u.id, u.via]),
      [[unit.EKO, 'designation']],
    );
  });

  test('the orderer orders a computer and a phone for their unit, at this year’s prices (öre)', async () => {
    const placed = await orderer.json<Order>('POST', '/api/v1/orders', {
      ...standard([{ modelId: model['ThinkPad T14 Gen 4'] }, { modelId: model['iPhone 14'] }]),
      note: 'Till nyanställd ekonom',
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    order = placed.body;
    assert.equal(order.status, 'submitted');
    assert.equal(order.ticketNumber, order.number, 'the order carries its service request’s number');
    assert.match(order.number, /^\d{4}-\d{6}$/);
    const [computer, phone] = order.lines;
    assert.ok(computer && phone);
    assert.deepEqual(
      [computer.articleCode, computer.model, computer.monthlyFee, computer.purchasePrice, computer.supportLevel],
      ['DATOR-ADM', 'Lenovo ThinkPad T14 Gen 4', 45_000, null, 'managed'],
    );
    assert.deepEqual([phone.articleCode, phone.model, phone.monthlyFee, phone.purchasePrice], ['MOBIL-STD', 'Apple iPhone 14', 5_000, 650_000]);
    assert.deepEqual(order.totals, { oneOff: 650_000, monthly: 50_000, weekly: 0, yearly: 0 });
    assert.equal(order.canFulfil, false);
    assert.equal(order.canCancel, true);
    assert.deepEqual(
      order.lines.map((l) => l.actions),
      [none, none],
      'issue 17: the orderer has no line actions',
    );
  });

  test('the order is a service request ("bestallning") in the IT desk, for the unit, in the requester’s list', async () => {
    const ticket = await agent.json<Ticket>('GET', `/api/v1/tickets/${order.ticketId}`);
    assert.equal(ticket.status, 200);
    assert.equal(ticket.body.deskId, itDesk.id);
    assert.equal(category(ticket.body.categoryId), 'bestallning');
    assert.equal(ticket.body.unitId, unit.EKO);
    assert.equal(ticket.body.number, order.number);
    assert.equal(ticket.body.requester.userId, ordererId);
    assert.match(ticket.body.subject, /ThinkPad|2 rader/);
    const queue = await agent.json<{ items: { id: string }[] }>('GET', `/api/v1/tickets?q=${order.number}`);
    assert.ok(
      queue.body.items.some((t) => t.id === order.ticketId),
      'found in the IT queue',
    );
    const mine = await orderer.json<{ items: { id: string }[] }>('GET', '/api/v1/tickets?mine=true');
    assert.ok(mine.body.items.some((t) => t.id === order.ticketId));
  });

  test('only IT fulfils; a stale version is refused', async () => {
    const [computer] = order.lines;
    assert.ok(computer);
    assert.equal((await orderer.json('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/ordered`, { version: order.version })).status, 403);
    assert.equal(
      (await manager.json('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, { version: order.version, serialNumber: 'X' })).status,
      403,
    );
    const ordered = await agent.json<Order>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/ordered`, { version: order.version });
    assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
    assert.equal(ordered.body.status, 'in_progress');
    assert.equal(ordered.body.lines[0]?.status, 'ordered');
    assert.deepEqual(
      ordered.body.lines.map((l) => l.actions),
      [
        { markOrdered: false, deliver: true, cancel: true },
        { markOrdered: true, deliver: true, cancel: true },
      ],
      'issue 17: IT is offered what each line’s status allows',
    );
    const stale = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, {
      version: order.version,
      serialNumber: 'PF4ABC',
    });
    assert.equal(stale.status, 409);
    order = ordered.body;
  });

  test('R-5.1, R-6.4: IT delivers both lines with serial, holder and date; billing starts on delivery', async () => {
    const [computer, phone] = order.lines;
    assert.ok(computer && phone);
    const noSerial = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, { version: order.version });
    assert.equal(noSerial.status, 400);
    assert.deepEqual(fields(noSerial.body), ['serialNumber']);
    const future = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, {
      version: order.version,
      serialNumber: 'PF4ABC',
      deliveredOn: inDays(1),
    });
    assert.deepEqual(fields(future.body), ['deliveredOn']);
    const early = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, {
      version: order.version,
      serialNumber: 'PF4ABC',
      deliveredOn: inDays(-1),
    });
    assert.deepEqual(fields(early.body), ['deliveredOn'], 'a line is not delivered before the order was placed');
    const foreignHolder = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, {
      version: order.version,
      serialNumber: 'PF4ABC',
      holderPersonId: order.id,
    });
    assert.deepEqual(fields(foreignHolder.body), ['holderPersonId']);

    const first = await agent.json<Order>('POST', `/api/v1/orders/${order.id}/lines/${computer.id}/deliver`, {
      version: order.version,
      serialNumber: 'PF4ABC',
      holderPersonId: holderId,
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'in_progress', 'one line is still to come');
    const second = await agent.json<Order>('POST', `/api/v1/orders/${order.id}/lines/${phone.id}/deliver`, {
      version: first.body.version,
      serialNumber: 'F2LXQ1',
      holderPersonId: holderId,
      deliveredOn: today,
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.status, 'delivered');
    const request = await orderer.json<Ticket>('GET', `/api/v1/tickets/${order.ticketId}`);
    assert.equal(request.body.status, 'solved', 'the service request is solved with the last delivery');
    assert.ok(request.body.messages.some((m) => m.visibility === 'public' && m.body === `Beställning ${order.number} är levererad.`));
    const again = await agent.json<Problem>('POST', `/api/v1/orders/${order.id}/lines/${phone.id}/deliver`, {
      version: second.body.version,
      serialNumber: 'F2LXQ1',
    });
    assert.deepEqual(fields(again.body), ['status'], 'a delivered line is not delivered twice');

    const seen = await orderer.json<Order>('GET', `/api/v1/orders/${order.id}`);
    assert.equal(seen.body.status, 'delivered');
    assert.deepEqual(
      seen.body.lines.map((l) => [l.status, l.serialNumber, l.holderName, l.deliveredOn, l.billingStartsOn]),
      [
        ['delivered', 'PF4ABC', 'Hanna Hållare', today, today],
        ['delivered', 'F2LXQ1', 'Hanna Hållare', today, today],
      ],
    );
    assert.equal(seen.body.canCancel, false);
    assert.deepEqual(
      (await agent.json<Order>('GET', `/api/v1/orders/${order.id}`)).body.lines.map((l) => l.actions),
      [none, none],
      'issue 17: nothing is left to do with delivered lines',
    );
    const audit = await ctx.database.query<{ action: string }>("select action from audit_log where entity = 'order' and entity_id = $1 order by id", [
      order.id,
    ]);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create', 'line_ordered', 'line_delivered', 'line_delivered'],
    );
  });

  test('lists: mine, my units’ (manager), all (IT); keyset pages', async () => {
    const ids = async (client: TestClient, q: string) =>
      (await client.json<{ items: { id: string }[] }>('GET', `/api/v1/orders${q}`)).body.items.map((o) => o.id);
    assert.ok((await ids(orderer, '')).includes(order.id));
    assert.ok((await ids(manager, '?scope=units')).includes(order.id), 'the manager sees the orders of the units below');
    assert.ok(!(await ids(manager, '')).includes(order.id), 'not the manager’s own');
    assert.ok((await ids(agent, '?scope=all&status=delivered')).includes(order.id));
    assert.equal((await orderer.get('/api/v1/orders?scope=all')).status, 403);
    assert.ok(!(await ids(bystander, '?scope=units')).includes(order.id));
    const extra = await orderer.json<Order>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET', quantity: 3 }]));
    assert.equal(extra.status, 201, JSON.stringify(extra.body));
    assert.deepEqual([extra.body.lines.length, extra.body.lines[0]?.quantity, extra.body.totals.oneOff], [1, 3, 3 * 49_900]);
    const page1 = await agent.json<{ items: { id: string }[]; nextCursor: string | null }>('GET', '/api/v1/orders?scope=all&limit=1');
    assert.equal(page1.body.items[0]?.id, extra.body.id, 'newest first');
    assert.ok(page1.body.nextCursor);
    const page2 = await agent.json<{ items: { id: string }[] }>('GET', `/api/v1/orders?scope=all&limit=1&cursor=${page1.body.nextCursor}`);
    assert.equal(page2.body.items[0]?.id, order.id);
    assert.equal((await agent.get('/api/v1/orders?scope=all&cursor=bogus')).status, 400);
  });

  test('R-1.4: the other municipality sees nothing (404) and cannot order for the unit', async () => {
    for (const client of [uUser, uAdmin]) {
      assert.equal((await client.get(`/api/v1/orders/${order.id}`)).status, 404);
      assert.equal((await client.json('POST', `/api/v1/orders/${order.id}/cancel`, { version: order.version, reason: 'test' })).status, 404);
      assert.equal((await client.json('POST', '/api/v1/orders', standard([{ modelId: model['ThinkPad T14 Gen 4'] }]))).status, 404);
    }
    const all = await uAdmin.json<{ items: { id: string }[] }>('GET', '/api/v1/orders?scope=all');
    assert.equal(all.status, 200);
    assert.ok(!all.body.items.some((o) => o.id === order.id));
    assert.equal((await uAdmin.get(`/api/v1/orders?scope=all&municipalityId=${ctx.municipalities.tranemo}`)).status, 404);
    assert.equal((await bystander.get(`/api/v1/orders/${order.id}`)).status, 404, 'nor a colleague who does not order for the unit');
  });

  test('bad input names the field, and nothing is half-written', async () => {
    const count = async () =>
      (await ctx.database.query<{ n: number }>('select (select count(*) from orders)::int + (select count(*) from tickets)::int as n'))[0]?.n;
    const before = await count();
    const cases: [unknown, string[]][] = [
      [standard([{ articleCode: 'FINNS-INTE' }]), ['lines.0.articleCode']],
      [standard([{ articleCode: 'DATOR-ADM' }]), ['lines.0.articleCode']],
      [standard([{ articleCode: 'CENTRAL' }]), ['lines.0.articleCode']],
      [standard([{ modelId: model['Color LaserJet Enterprise MFP M480f'] }]), ['lines.0.modelId']],
      [standard([{ modelId: '00000000-0000-4000-8000-000000000000' }]), ['lines.0.modelId']],
      [standard([{ modelId: model['iPhone 14'], articleCode: 'MOBIL-STD' }]), ['lines.0']],
      [standard([{ modelId: model['iPhone 14'] }, { articleCode: 'TILLB-USB', quantity: 0 }]), ['lines.1.quantity']],
      [standard([]), ['lines']],
      [{ kind: 'standard', unitId: unit.EKO }, ['lines']],
      [{ ...standard([{ articleCode: 'TILLB-USB' }]), id: order.id }, ['id']],
      [{ kind: 'hemlig', unitId: unit.EKO }, ['kind']],
    ];
    for (const [body, expected] of cases) {
      const res = await orderer.json<Problem>('POST', '/api/v1/orders', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(fields(res.body), expected, JSON.stringify(body));
    }
    // An article taken out of this year's price list cannot be ordered any more.
    const year = Number(today.slice(0, 4));
    const list = await admin.json<{ items: { id: string; articleCode: string; version: number }[] }>('GET', `/api/v1/price-lists/${year}`);
    const usb = list.body.items.find((i) => i.articleCode === 'TILLB-USB');
    assert.ok(usb);
    assert.equal((await admin.request('DELETE', `/api/v1/price-lists/${year}/items/${usb.id}?version=${usb.version}`)).status, 204);
    const gone = await orderer.json<Problem>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-USB' }]));
    assert.deepEqual(fields(gone.body), ['lines.0.articleCode']);
    assert.match(gone.body.errors[0]?.reason ?? '', new RegExp(`${year} price list`));
    assert.equal(await count(), before, 'no order and no ticket from a refused order');
  });

  test('cancelling: the orderer while nothing has started, IT a single line; a manager revokes the orderer', async () => {
    const placed = await orderer.json<Order>('POST', '/api/v1/orders', standard([{ modelId: model['ThinkPad T14 Gen 4'] }, { articleCode: 'TILLB-HEADSET' }]));
    assert.equal(placed.status, 201);
    const [, headset] = placed.body.lines;
    assert.ok(headset);
    const lineCancelled = await agent.json<Order>('POST', `/api/v1/orders/${placed.body.id}/lines/${headset.id}/cancel`, {
      version: placed.body.version,
      reason: 'Slut hos leverantören',
    });
    assert.equal(lineCancelled.status, 200);
    assert.equal(lineCancelled.body.status, 'in_progress');
    assert.equal(lineCancelled.body.totals.oneOff, 0, 'a cancelled line does not count');
    const late = await orderer.json<Problem>('POST', `/api/v1/orders/${placed.body.id}/cancel`, { version: lineCancelled.body.version, reason: 'Behövs inte' });
    assert.equal(late.status, 400, 'IT has started: the orderer asks IT');
    const byIt = await agent.json<Order>('POST', `/api/v1/orders/${placed.body.id}/cancel`, {
      version: lineCancelled.body.version,
      reason: 'Beställaren ångrade sig',
    });
    assert.equal(byIt.body.status, 'cancelled');
    assert.equal((await agent.json<Ticket>('GET', `/api/v1/tickets/${placed.body.ticketId}`)).body.status, 'solved');

    const fresh = await orderer.json<Order>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET' }]));
    const own = await orderer.json<Order>('POST', `/api/v1/orders/${fresh.body.id}/cancel`, { version: fresh.body.version, reason: 'Fel enhet' });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.deepEqual([own.body.status, own.body.lines[0]?.status], ['cancelled', 'cancelled']);
    const ownRequest = await orderer.json<Ticket>('GET', `/api/v1/tickets/${fresh.body.ticketId}`);
    assert.equal(ownRequest.body.status, 'solved', 'the orderer marks their own request solved with it');
    assert.ok(ownRequest.body.messages.some((m) => m.body === `Beställning ${fresh.body.number} är makulerad: Fel enhet`));

    // The manager cancels what the orderer placed; the request is the orderer's, so it stays for IT.
    const theirs = await orderer.json<Order>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET' }]));
    const byManager = await manager.json<Order>('POST', `/api/v1/orders/${theirs.body.id}/cancel`, { version: theirs.body.version, reason: 'Ingen budget' });
    assert.equal(byManager.body.status, 'cancelled');
    assert.equal((await agent.json<Ticket>('GET', `/api/v1/tickets/${theirs.body.ticketId}`)).body.status, 'new');
    // A request IT solved already does not stop the delivery.
    const early = await orderer.json<Order>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET' }]));
    const request = await agent.json<Ticket & { version: number }>('GET', `/api/v1/tickets/${early.body.ticketId}`);
    assert.equal(
      (
        await agent.json('POST', `/api/v1/tickets/${request.body.id}/status`, {
          version: request.body.version,
          status: 'solved',
          comment: 'Skickas med internposten',
        })
      ).status,
      200,
    );
    const delivered = await agent.json<Order>('POST', `/api/v1/orders/${early.body.id}/lines/${early.body.lines[0]?.id ?? ''}/deliver`, {
      version: early.body.version,
    });
    assert.deepEqual([delivered.status, delivered.body.status], [200, 'delivered']);

    assert.equal((await bystander.request('DELETE', `/api/v1/units/${unit.EKO}/orderers/${ordererId}`)).status, 403);
    assert.equal((await manager.request('DELETE', `/api/v1/units/${unit.EKO}/orderers/${ordererId}`)).status, 204);
    assert.equal((await manager.request('DELETE', `/api/v1/units/${unit.EKO}/orderers/${ordererId}`)).status, 404, 'nothing left to revoke');
    const refused = await orderer.json<Problem>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET' }]));
    assert.equal(refused.status, 403, 'revocation stops ordering');
    assert.equal((await orderer.get(`/api/v1/orders/${order.id}`)).status, 200, 'the orderer still sees what they ordered');
    const history = await manager.json<{ items: { active: boolean; revokedAt: string | null }[] }>(
      'GET',
      `/api/v1/units/${unit.EKO}/orderers?includeRevoked=true`,
    );
    assert.deepEqual(
      history.body.items.map((d) => d.active),
      [false],
    );
    // The manager orders for the units below Ekonomi themselves.
    const ownOrder = await manager.json<Order>('POST', '/api/v1/orders', standard([{ articleCode: 'TILLB-HEADSET' }]));
    assert.equal(ownOrder.status, 201);
  });
});

describe('R-4.4 special orders', () => {
  let account: Order;

  test('an account for a non-employee: only an orderer, with an end date that has not passed', async () => {
    const body = (a: Record<string, unknown>) => ({
      kind: 'account_non_employee',
      unitId: unit['KLF-EK'],
      account: { firstName: 'Karl', lastName: 'Konsult', personRole: 'konsult', organisation: 'Konsultbolaget AB', reason: 'Ekonomisystemsprojekt', ...a },
    });
    assert.equal((await bystander.json('POST', '/api/v1/orders', body({ endsOn: inDays(10) }))).status, 403);
    const missing = await manager.json<Problem>('POST', '/api/v1/orders', body({}));
    assert.deepEqual([missing.status, fields(missing.body)], [400, ['account.endsOn']]);
    const past = await manager.json<Problem>('POST', '/api/v1/orders', body({ endsOn: inDays(-1) }));
    assert.deepEqual([past.status, fields(past.body)], [400, ['account.endsOn']]);
    const employee = await manager.json<Problem>('POST', '/api/v1/orders', body({ endsOn: inDays(10), personRole: 'anstalld' }));
    assert.deepEqual([employee.status, fields(employee.body)], [400, ['account.personRole']]);

    const placed = await manager.json<Order>('POST', '/api/v1/orders', body({ endsOn: inDays(10) }));
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    account = placed.body;
    assert.equal(account.kind, 'account_non_employee');
    assert.equal(account.accountEndsOn, inDays(10));
    assert.equal(account.details?.lastName, 'Konsult');
    assert.deepEqual([account.lines.length, account.lines[0]?.articleCode, account.totals.oneOff], [1, null, 0]);
    const ticket = await agent.json<Ticket>('GET', `/api/v1/tickets/${account.ticketId}`);
    assert.equal(category(ticket.body.categoryId), 'behorighet');
    assert.match(ticket.body.subject, /^Användarkonto för Karl Konsult \(konsult, Konsultbolaget AB\) .* – Ekonomi$/);
    const later = await manager.json<Order>('POST', '/api/v1/orders', body({ firstName: 'Lena', endsOn: inDays(60) }));
    assert.equal(later.status, 201);
  });

  test('accounts ending soon: the mission’s 14 days by default, for IT and the unit’s orderers only', async () => {
    type Ending = { days: number; items: { id: string; accountName: string; endsOn: string; daysLeft: number }[] };
    const mine = await manager.json<Ending>('GET', '/api/v1/orders/accounts-ending');
    assert.equal(mine.status, 200);
    assert.equal(mine.body.days, 14);
    assert.deepEqual(
      mine.body.items.map((i) => [i.id, i.accountName, i.daysLeft]),
      [[account.id, 'Karl Konsult', 10]],
    );
    assert.equal((await manager.json<Ending>('GET', '/api/v1/orders/accounts-ending?days=90')).body.items.length, 2);
    assert.ok((await agent.json<Ending>('GET', '/api/v1/orders/accounts-ending')).body.items.some((i) => i.id === account.id));
    assert.equal((await uAdmin.json<Ending>('GET', '/api/v1/orders/accounts-ending?days=90')).body.items.length, 0, 'not across municipalities');
    assert.equal((await bystander.get('/api/v1/orders/accounts-ending')).status, 403);
  });

  test('the daily job opens one follow-up ticket per account ending within 14 days, once', async () => {
    const first = await runJobOnce(ctx.database.db, accountEndReminderJob, now());
    assert.deepEqual(first, { created: 1 });
    assert.deepEqual(await runJobOnce(ctx.database.db, accountEndReminderJob, now()), { created: 0 }, 'once');
    const seen = await manager.json<Order>('GET', `/api/v1/orders/${account.id}`);
    assert.ok(seen.body.reminderTicketNumber);
    const reminder = await ctx.database.query<{ subject: string; requester_user_id: string; category: string }>(
      'select t.subject, t.requester_user_id, c.code as category from tickets t join orders o on o.reminder_ticket_id = t.id join ticket_categories c on c.id = t.category_id where o.id = $1',
      [account.id],
    );
    assert.equal(reminder[0]?.subject, `Kontot för Karl Konsult upphör ${inDays(10)}`);
    assert.equal(reminder[0]?.category, 'behorighet');
    assert.equal(reminder[0]?.requester_user_id, await userId(manager), 'the orderer sees the follow-up in their tickets');
    // Sixty days out is outside the window: the job reaches it when the end comes near.
    const later = await runJobOnce(ctx.database.db, accountEndReminderJob, new Date(now().getTime() + 50 * 86_400_000));
    assert.deepEqual(later, { created: 1 });
  });

  test('a function address, and work-related software missing from Software Center', async () => {
    const address = await manager.json<Order>('POST', '/api/v1/orders', {
      kind: 'function_address',
      unitId: unit['KLF-EK'],
      functionAddress: {
        address: 'Ekonomi.Info',
        displayName: 'Ekonomi – information',
        purpose: 'Medborgare och leverantörer når ekonomienheten direkt',
        ownerPersonIds: [holderId],
      },
    });
    assert.equal(address.status, 201, JSON.stringify(address.body));
    assert.equal(address.body.details?.address, 'ekonomi.info');
    assert.equal(category((await agent.json<Ticket>('GET', `/api/v1/tickets/${address.body.ticketId}`)).body.categoryId), 'behorighet');
    const bad = await manager.json<Problem>('POST', '/api/v1/orders', {
      kind: 'function_address',
      unitId: unit['KLF-EK'],
      functionAddress: { address: 'ekonomi info!', displayName: 'X', purpose: 'Y' },
    });
    assert.deepEqual([bad.status, fields(bad.body)], [400, ['functionAddress.address']]);
    const foreignOwner = await manager.json<Problem>('POST', '/api/v1/orders', {
      kind: 'function_address',
      unitId: unit['KLF-EK'],
      functionAddress: { address: 'ekonomi2', displayName: 'X', purpose: 'Y', ownerPersonIds: [account.id] },
    });
    assert.deepEqual([foreignOwner.status, fields(foreignOwner.body)], [400, ['functionAddress.ownerPersonIds.0']]);

    const software = await manager.json<Order>('POST', '/api/v1/orders', {
      kind: 'software_request',
      unitId: unit['KLF-EK'],
      software: { software: 'Power BI Desktop', vendor: 'Microsoft', purpose: 'Rapporter ur ekonomisystemet', computers: 'Maria Chefs dator' },
    });
    assert.equal(software.status, 201, JSON.stringify(software.body));
    assert.equal(category((await agent.json<Ticket>('GET', `/api/v1/tickets/${software.body.ticketId}`)).body.categoryId), 'programvara');
    const done = await agent.json<Order>('POST', `/api/v1/orders/${software.body.id}/lines/${software.body.lines[0]?.id ?? ''}/deliver`, {
      version: software.body.version,
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([done.body.status, done.body.lines[0]?.billingStartsOn], ['delivered', null], 'a task line starts no billing');
    assert.equal((await manager.json<Ticket>('GET', `/api/v1/tickets/${software.body.ticketId}`)).body.status, 'solved');
  });

  test('R-4.4, R-5.3: packaging above five teacher computers; with five or fewer the business installs it', async () => {
    const body = (teacherComputers: number) => ({
      kind: 'software_packaging',
      unitId: unit['KLF-EK'],
      packaging: { software: 'GeoGebra', purpose: 'Matematikundervisning', teacherComputers },
    });
    const five = await manager.json<Problem>('POST', '/api/v1/orders', body(5));
    assert.equal(five.status, 400);
    assert.deepEqual(fields(five.body), ['packaging.teacherComputers']);
    assert.match(five.body.errors[0]?.reasonSv ?? '', /fler än 5 lärardatorer.*verksamheten/);
    const six = await manager.json<Order>('POST', '/api/v1/orders', body(6));
    assert.equal(six.status, 201, JSON.stringify(six.body));
    assert.equal(six.body.kind, 'software_packaging');
  });
});

test('R-1.4: a manager finds the account to designate by name among their municipality’s accounts; others may not search', async () => {
  type Candidates = { items: { id: string; username: string; displayName: string }[] };
  const found = await manager.json<Candidates>('GET', `/api/v1/units/${unit.EKO}/orderer-candidates?q=olle`);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  assert.deepEqual(
    found.body.items.map((u) => [u.id, u.username]),
    [[ordererId, 'olle.bestallare']],
  );
  assert.deepEqual(
    (await manager.json<Candidates>('GET', `/api/v1/units/${unit.EKO}/orderer-candidates?q=ulla`)).body.items,
    [],
    'not the other municipality’s accounts',
  );
  assert.deepEqual(
    (await manager.json<Candidates>('GET', `/api/v1/units/${unit.EKO}/orderer-candidates?q=%25%25`)).body.items,
    [],
    'a % is a character, not a wildcard',
  );
  assert.equal((await manager.get(`/api/v1/units/${unit.EKO}/orderer-candidates?q=o`)).status, 400, 'at least two characters');
  assert.equal((await manager.get(`/api/v1/units/${unit['BUF-GR-LJS']}/orderer-candidates?q=olle`)).status, 403, 'only for the manager’s own units');
  assert.equal((await bystander.get(`/api/v1/units/${unit.EKO}/orderer-candidates?q=olle`)).status, 403);
  assert.equal((await uAdmin.get(`/api/v1/units/${unit.EKO}/orderer-candidates?q=olle`)).status, 404);
  assert.ok((await admin.json<Candidates>('GET', `/api/v1/units/${unit.EKO}/orderer-candidates?q=berit`)).body.items.some((u) => u.username === 'berit.annan'));
});

test('the OpenAPI document describes the order endpoints', async () => {
  const doc = await admin.json<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
  for (const p of [
    '/orders',
    '/orders/{id}',
    '/orders/{id}/lines/{lineId}/deliver',
    '/orders/accounts-ending',
    '/units/{id}/orderers',
    '/units/{id}/orderers/{userId}',
    '/units/{id}/orderer-candidates',
  ]) {
    assert.ok(doc.body.paths[`/api/v1${p}`] ?? doc.body.paths[p], p);
  }
});
