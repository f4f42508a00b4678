import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { after, before, describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../../src/mission/service.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Asset = {
  id: string;
  municipalityId: string;
  unitId: string;
  unitName: string;
  deviceType: string;
  serviceCode: string | null;
  model: string;
  serial: string;
  holderPersonId: string | null;
  holderName: string | null;
  location: string;
  supportLevel: string | null;
  deliveredOn: string | null;
  bindingUntil: string | null;
  renewalOn: string | null;
  status: string;
  version: number;
};
type History = Asset & { history: { kind: string; changes: Record<string, unknown> }[]; canEdit: boolean };
type Page = { items: Asset[]; nextCursor: string | null };
type Problem = { code: string; errors: { field: string; reason: string; reasonSv: string; row?: number }[] };

let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let manager: TestClient;
let bystander: TestClient;
let uAdmin: TestClient;
let uManager: TestClient;
const unit: Record<string, string> = {};
let holderId: string;
let otherHolderId: string;
const today = stockholmToday();
const daysAgo = (n: number) => Temporal.PlainDate.from(today).subtract({ days: n }).toString();
const csv = (c: TestClient, municipalityId: string, body: string, dryRun = false) =>
  c.request('POST', `/api/v1/assets/import?municipalityId=${municipalityId}${dryRun ? '&dryRun=true' : ''}`, body, { 'content-type': 'text/csv' });

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  for (const m of [ctx.municipalities.tranemo, ctx.municipalities.ulricehamn]) {
    const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${m}`);
    for (const u of units.body.items) unit[`${m === ctx.municipalities.tranemo ? 'T' : 'U'}:${u.code}`] = u.id;
  }
  // A unit manager of Ekonomi (Tranemo) and its unit below.
  const person = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['T:KLF-EK'],
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
    unitId: unit['T:KLF-EK-EKO'],
    firstName: 'Hanna',
    lastName: 'Hållare',
    email: 'hanna@tranemo.se',
    personRole: 'anstalld',
  });
  holderId = holder.body.id;
  const other = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.tranemo,
    unitId: unit['T:KLF-EK-EKO'],
    firstName: 'Nils',
    lastName: 'Ny',
    email: 'nils@tranemo.se',
    personRole: 'anstalld',
  });
  otherHolderId = other.body.id;
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  bystander = await ctx.userClient({ username: 'berit.annan', roles: ['end_user'], municipality: 'tranemo' });
  uAdmin = await ctx.userClient({ username: 'admin.u', roles: ['admin'], municipality: 'ulricehamn' });
  uManager = await ctx.userClient({ username: 'ulla.u', roles: ['unit_manager'], municipality: 'ulricehamn' });
});
after(async () => {
  await ctx.close();
});

describe('R-5.1 inventory register', () => {
  let pc: Asset;

  test('IT registers a computer workplace: serial normalised, support level from the service, renewal 48 months after delivery', async () => {
    const res = await agent.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit['T:KLF-EK-EKO'],
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'Lenovo ThinkPad T14',
      serial: ' pf-3a 9xk ',
      holderPersonId: holderId,
      location: 'Kommunhuset plan 2',
      deliveredOn: '2023-03-15',
      bindingMonths: 36,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    pc = res.body;
    assert.equal(pc.serial, 'PF-3A9XK');
    assert.equal(pc.status, 'active');
    assert.equal(pc.supportLevel, 'managed');
    assert.equal(pc.renewalOn, '2027-03-15');
    assert.equal(pc.bindingUntil, '2026-03-15');
    assert.equal(pc.holderName, 'Hanna Hållare');
    assert.equal(pc.unitName, 'Ekonomienheten');
    assert.equal(pc.municipalityId, ctx.municipalities.tranemo);
  });

  test('a serial already in the register is refused with its reason, nothing changes', async () => {
    const res = await admin.json<Problem>('POST', '/api/v1/assets', {
      unitId: unit['U:FFL-GR-ATR'],
      deviceType: 'computer',
      model: 'X',
      serial: 'pf-3a9xk',
      deliveredOn: daysAgo(1),
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.errors[0]?.field, 'serial');
    assert.match(res.body.errors[0]?.reason ?? '', /PF-3A9XK/);
    const list = await admin.json<Page>('GET', '/api/v1/assets?serial=PF-3A9XK');
    assert.equal(list.body.items.length, 1);
  });

  test('bad input names the fields; a holder of the other municipality is unknown; only IT registers', async () => {
    const bad = await agent.json<Problem>('POST', '/api/v1/assets', {
      unitId: unit['T:KLF-EK-EKO'],
      deviceType: 'computer',
      model: 'X',
      serial: 'ÅÄÖ!',
      serviceCode: 'nope',
      holderPersonId: '00000000-0000-4000-8000-000000000000',
      deliveredOn: '2099-01-01',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(new Set(bad.body.errors.map((e) => e.field)), new Set(['serial', 'holderPersonId', 'deliveredOn', 'serviceCode']));
    const foreignHolder = await uAdmin.json<Problem>('POST', '/api/v1/assets', {
      unitId: unit['U:FFL-GR-ATR'],
      deviceType: 'computer',
      model: 'X',
      serial: 'U-1',
      holderPersonId: holderId,
      deliveredOn: daysAgo(1),
    });
    assert.equal(foreignHolder.status, 400);
    assert.deepEqual(
      foreignHolder.body.errors.map((e) => e.field),
      ['holderPersonId'],
    );
    const foreignUnit = await uAdmin.json<Problem>('POST', '/api/v1/assets', {
      unitId: unit['T:KLF-EK-EKO'],
      deviceType: 'computer',
      model: 'X',
      serial: 'U-1',
      deliveredOn: daysAgo(1),
    });
    assert.equal(foreignUnit.status, 400);
    assert.deepEqual(
      foreignUnit.body.errors.map((e) => e.field),
      ['unitId'],
    );
    assert.equal(
      (await manager.json('POST', '/api/v1/assets', { unitId: unit['T:KLF-EK-EKO'], deviceType: 'computer', model: 'X', serial: 'M-1' })).status,
      403,
    );
    assert.equal(
      (await agent.json('POST', '/api/v1/assets', { unitId: unit['T:KLF-EK-EKO'], deviceType: 'computer', model: 'X', serial: 'M-1', id: pc.id })).status,
      400,
    );
  });

  test('a teacher computer renews after the model’s life; undelivered equipment is on order without a renewal date', async () => {
    const lardator = await agent.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit['T:BUF-GR-LJS'],
      deviceType: 'computer',
      serviceCode: 'lardator',
      model: 'HP ProBook',
      serial: 'LJS-001',
      deliveredOn: '2024-02-29',
    });
    assert.equal(lardator.status, 201, JSON.stringify(lardator.body));
    assert.equal(lardator.body.renewalOn, '2028-02-29'); // the mission's minimum technical life, 48 months
    assert.equal(lardator.body.supportLevel, 'managed_without_support');
    const ordered = await agent.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit['T:BUF-GR-LJS'],
      deviceType: 'screen',
      model: 'Smart skärm 65"',
      serial: 'SCR-1',
    });
    assert.equal(ordered.status, 201);
    assert.equal(ordered.body.status, 'ordered');
    assert.equal(ordered.body.renewalOn, null);
    const u = await uAdmin.json<Asset>('POST', '/api/v1/assets', {
      unitId: unit['U:FFL-GR-ATR'],
      deviceType: 'tablet',
      model: 'iPad',
      serial: 'U-IPAD-1',
      deliveredOn: daysAgo(3),
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
  });

  test('listing filters by unit, type, status, holder and serial prefix, in keyset pages', async () => {
    const all = await admin.json<Page>('GET', `/api/v1/assets?municipalityId=${ctx.municipalities.tranemo}`);
    assert.deepEqual(
      all.body.items.map((a) => a.serial),
      ['LJS-001', 'PF-3A9XK', 'SCR-1'],
    );
    const both = await admin.json<Page>('GET', '/api/v1/assets');
    assert.equal(both.body.items.length, 4);
    const p1 = await agent.json<Page>('GET', `/api/v1/assets?municipalityId=${ctx.municipalities.tranemo}&limit=2`);
    assert.equal(p1.body.items.length, 2);
    assert.ok(p1.body.nextCursor);
    const p2 = await agent.json<Page>('GET', `/api/v1/assets?municipalityId=${ctx.municipalities.tranemo}&limit=2&cursor=${p1.body.nextCursor}`);
    assert.deepEqual(
      p2.body.items.map((a) => a.serial),
      ['SCR-1'],
    );
    assert.equal(p2.body.nextCursor, null);
    const filters: [string, string[]][] = [
      [`unitId=${unit['T:BUF-GR-LJS']}`, ['LJS-001', 'SCR-1']],
      ['deviceType=screen', ['SCR-1']],
      ['status=active', ['LJS-001', 'PF-3A9XK', 'U-IPAD-1']],
      [`holderPersonId=${holderId}`, ['PF-3A9XK']],
      ['serial=pf-3', ['PF-3A9XK']],
      ['serial=%25', []],
    ];
    for (const [q, serials] of filters) {
      const res = await admin.json<Page>('GET', `/api/v1/assets?${q}`);
      assert.equal(res.status, 200, q);
      assert.deepEqual(
        res.body.items.map((a) => a.serial),
        serials,
        q,
      );
    }
    assert.equal((await admin.json('GET', '/api/v1/assets?status=bogus')).status, 400);
    assert.equal((await admin.json('GET', '/api/v1/assets?cursor=%21%21')).status, 400);
  });

  test('R-1.4 tenancy: the other municipality sees nothing and gets 404; a manager sees their units; others what they hold', async () => {
    const u = await uAdmin.json<Page>('GET', '/api/v1/assets');
    assert.deepEqual(
      u.body.items.map((a) => a.serial),
      ['U-IPAD-1'],
    );
    assert.equal((await uAdmin.json('GET', `/api/v1/assets?municipalityId=${ctx.municipalities.tranemo}`)).status, 404);
    assert.equal((await uAdmin.json('GET', `/api/v1/assets/${pc.id}`)).status, 404);
    assert.equal((await uAdmin.json('PATCH', `/api/v1/assets/${pc.id}`, { version: pc.version, location: 'x' })).status, 404);
    assert.equal((await uManager.json('GET', `/api/v1/assets/${pc.id}`)).status, 404);
    const mine = await manager.json<Page>('GET', '/api/v1/assets');
    assert.deepEqual(
      mine.body.items.map((a) => a.serial),
      ['PF-3A9XK'],
    );
    assert.equal((await bystander.json<Page>('GET', '/api/v1/assets')).body.items.length, 0);
    assert.equal((await bystander.json('GET', `/api/v1/assets/${pc.id}`)).status, 404);
  });

  test('self-service: the unit’s manager changes holder and location (history, audit, version); not for other units', async () => {
    const res = await manager.json<Asset>('PATCH', `/api/v1/assets/${pc.id}`, {
      version: pc.version,
      holderPersonId: otherHolderId,
      location: 'Kommunhuset plan 3',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.holderName, 'Nils Ny');
    assert.equal(res.body.version, pc.version + 1);
    const stale = await manager.json('PATCH', `/api/v1/assets/${pc.id}`, { version: pc.version, location: 'x' });
    assert.equal(stale.status, 409);
    const one = await manager.json<History>('GET', `/api/v1/assets/${pc.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.canEdit, true);
    assert.deepEqual(
      one.body.history.map((h) => h.kind),
      ['register', 'reassign'],
      'a new holder is a reassignment (R-5.2)',
    );
    assert.deepEqual(one.body.history[1]?.changes.holderPersonId, [holderId, otherHolderId]);
    const audit = await admin.json<{ items: { entity: string; entityId: string; action: string }[] }>('GET', `/api/v1/audit?entity=asset&entityId=${pc.id}`);
    assert.equal(audit.status, 200);
    assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['create', 'reassign']);
    // Moving to a unit the manager does not manage is refused; so is an agent (IT registers, units keep current).
    const away = await manager.json<Problem>('PATCH', `/api/v1/assets/${pc.id}`, { version: res.body.version, unitId: unit['T:BUF-GR-LJS'] });
    assert.equal(away.status, 403);
    assert.equal(away.body.errors[0]?.field, 'unitId');
    assert.equal((await agent.json('PATCH', `/api/v1/assets/${pc.id}`, { version: res.body.version, location: 'x' })).status, 403);
    assert.equal((await manager.json('PATCH', `/api/v1/assets/${pc.id}`, { version: res.body.version })).status, 400);
    const moved = await admin.json<Asset>('PATCH', `/api/v1/assets/${pc.id}`, { version: res.body.version, unitId: unit['T:KLF-EK'] });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.unitId, unit['T:KLF-EK']);
  });
});

describe('R-5.1 CSV import, all or nothing', () => {
  const header = 'serienummer;typ;modell;enhet;innehavare;plats;tjänst;leveransdatum;bindningstid';

  test('a bad file is refused with line, field and reason, and nothing is imported', async () => {
    const file = [
      header,
      'IMP-1;computer;Dell Latitude;KLF-EK-EKO;hanna@tranemo.se;Plan 1;datorarbetsplats;2023-01-10;',
      'IMP-2;toaster;X;KLF-EK-EKO;;;;2023-01-10;',
      'IMP-1;computer;Dell Latitude;NOPE;okand@tranemo.se;;;2023-02-30;x',
      'pf-3a9xk;computer;Dell;KLF-EK-EKO;;;;2023-01-10;',
      ';phone;iPhone;KLF-EK-EKO;;;;2023-01-10;',
    ].join('\n');
    const res = await csv(agent, ctx.municipalities.tranemo, file);
    assert.equal(res.status, 422);
    const body = (await res.json()) as Problem;
    const got = body.errors.map((e) => `${e.row}:${e.field}`);
    assert.deepEqual(got, ['3:deviceType', '4:unit', '4:holder', '4:bindingMonths', '4:deliveredOn', '4:serial', '5:serial', '6:serial']);
    assert.ok(body.errors.every((e) => e.reason && e.reasonSv));
    assert.match(body.errors.find((e) => e.row === 5)?.reason ?? '', /already registered/);
    assert.match(body.errors.find((e) => e.row === 4 && e.field === 'serial')?.reason ?? '', /line 2/);
    const none = await admin.json<Page>('GET', '/api/v1/assets?serial=IMP');
    assert.equal(none.body.items.length, 0);
  });

  test('a good file imports every row with history; a dry run writes nothing; the other municipality and non-IT are refused', async () => {
    const file = [
      header,
      'IMP-1;computer;Dell Latitude;KLF-EK-EKO;hanna@tranemo.se;Plan 1;datorarbetsplats;2023-01-10;',
      'imp-2;phone;iPhone 13;BUF-GR-LJS;;Skolan;;2022-08-01;24',
    ].join('\n');
    const dry = await csv(agent, ctx.municipalities.tranemo, file, true);
    assert.equal(dry.status, 200);
    assert.deepEqual(await dry.json(), { dryRun: true, created: 2, errors: [] });
    assert.equal((await admin.json<Page>('GET', '/api/v1/assets?serial=IMP')).body.items.length, 0);
    assert.equal((await csv(manager, ctx.municipalities.tranemo, file)).status, 403);
    assert.equal((await csv(uAdmin, ctx.municipalities.tranemo, file)).status, 404);
    const res = await csv(agent, ctx.municipalities.tranemo, file);
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { dryRun: false, created: 2, errors: [] });
    const list = await admin.json<Page>('GET', '/api/v1/assets?serial=IMP');
    assert.deepEqual(
      list.body.items.map((a) => [a.serial, a.status, a.renewalOn, a.bindingUntil, a.holderName]),
      [
        ['IMP-1', 'active', '2027-01-10', null, 'Hanna Hållare'],
        ['IMP-2', 'active', '2026-08-01', '2024-08-01', null],
      ],
    );
    const one = await admin.json<History>('GET', `/api/v1/assets/${list.body.items[0]?.id}`);
    assert.deepEqual(
      one.body.history.map((h) => h.kind),
      ['import'],
    );
    const again = await csv(agent, ctx.municipalities.tranemo, file);
    assert.equal(again.status, 422);
  });
});

describe('R-5.1 XLSX import, all or nothing', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  async function workbook(rows: (string | number | Date | { formula: string; result: string })[][]): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Inventarier');
    for (const r of rows) sheet.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }
  const send = (data: Uint8Array) =>
    agent.request('POST', `/api/v1/assets/import?municipalityId=${ctx.municipalities.tranemo}`, data, { 'content-type': XLSX });
  const head = ['Serienummer', 'Typ', 'Modell', 'Enhet', 'Leveransdatum'];

  test('the first sheet is read like the CSV: dates as dates, a formula refused with line and field, nothing half-written', async () => {
    const bad = await send(
      await workbook([
        head,
        ['XL-1', 'computer', 'HP EliteBook', 'KLF-EK-EKO', new Date('2024-02-01T00:00:00Z')],
        ['XL-2', 'computer', { formula: 'A1', result: 'X' }, 'KLF-EK-EKO', '2024-02-01'],
      ]),
    );
    assert.equal(bad.status, 422);
    const body = (await bad.json()) as Problem;
    assert.deepEqual(
      body.errors.map((e) => [e.row, e.field]),
      [[3, 'model']],
    );
    assert.equal((await admin.json<Page>('GET', '/api/v1/assets?serial=XL-')).body.items.length, 0);
    const good = await send(
      await workbook([
        head,
        ['xl-1', 'computer', 'HP EliteBook', 'KLF-EK-EKO', new Date('2024-02-01T00:00:00Z')],
        ['XL-2', 'screen', 'Dell 24"', 'KLF-EK-EKO', '2024-02-01'],
      ]),
    );
    assert.equal(good.status, 200, await good.clone().text());
    const list = await admin.json<Page>('GET', '/api/v1/assets?serial=XL-');
    assert.deepEqual(
      list.body.items.map((a) => [a.serial, a.deviceType, a.deliveredOn]),
      [
        ['XL-1', 'computer', '2024-02-01'],
        ['XL-2', 'screen', '2024-02-01'],
      ],
    );
    assert.equal(
      (await agent.request('POST', `/api/v1/assets/import?municipalityId=${ctx.municipalities.tranemo}`, 'x', { 'content-type': 'application/pdf' })).status,
      415,
    );
  });
});
