import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import ExcelJS from 'exceljs';
import { Temporal } from 'temporal-polyfill';
import type { Booking, Pool, Site, SiteInput, SiteList } from '../../src/sites/contract.ts';
import { loanReminderJob } from '../../src/sites/jobs.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { unitManagerOf } from '../support/billing.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';

/**
 * Issue 22: sites, network and premises and the short-term laptop pool, through the
 * HTTP API on either database: the register and who sees it, the shortfall list and its workbook,
 * racks, equipment and meetings, and the pool's bookings with hand-out, return, reminders and billing.
 */

type Problem = { code: string; message_sv: string; errors: { field: string; reason: string; reasonSv: string; label?: string }[] };

let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let tFinance: TestClient;
let uFinance: TestClient;
let manager: TestClient;
let uManager: TestClient;
let T: string;
let U: string;
let tUnit: string;
let tOtherUnit: string;
let uUnit: string;
let today: string;
const day = (offset: number) => Temporal.PlainDate.from(today).add({ days: offset }).toString();

async function unit(municipalityId: string, code: string, name: string): Promise<string> {
  const r = await admin.json<{ id: string }>('POST', '/api/v1/units', {
    municipalityId,
    level: 'forvaltning',
    code,
    name,
    accountingCodes: municipalityId === T ? { ansvar: '42000', verksamhet: '4200' } : { ansvar: '4200', verksamhet: '420' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

before(async () => {
  ctx = await testContext();
  T = ctx.municipalities.tranemo;
  U = ctx.municipalities.ulricehamn;
  admin = await ctx.userClient({ username: 'site-admin', roles: ['admin'], municipality: null });
  agent = await ctx.userClient({ username: 'site-agent', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
  tFinance = await ctx.userClient({ username: 'site-ekonom-t', roles: ['finance'], municipality: 'tranemo' });
  uFinance = await ctx.userClient({ username: 'site-ekonom-u', roles: ['finance'], municipality: 'ulricehamn' });
  tUnit = await unit(T, 'SITEA', 'Kultur och fritid');
  tOtherUnit = await unit(T, 'SITEB', 'Samhällsbyggnad');
  uUnit = await unit(U, 'SITEC', 'Vård och omsorg');
  manager = await unitManagerOf(ctx, admin, { username: 'site-chef-t', firstName: 'Karin', unitId: tUnit, municipality: 'tranemo' });
  uManager = await unitManagerOf(ctx, admin, { username: 'site-chef-u', firstName: 'Ulla', unitId: uUnit, municipality: 'ulricehamn' });
  today = Temporal.Instant.fromEpochMilliseconds(TEST_NOW.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
});
after(async () => {
  await ctx.close();
});

const siteInput = (over: Partial<SiteInput> = {}): SiteInput => ({
  municipalityId: T,
  name: 'Knutpunkt Limmared',
  kind: 'node',
  address: 'Storgatan 1, Limmared',
  connectionKind: 'fibre',
  connectionOperator: 'Tranemo Stadsnät',
  connectionCapacity: '10 Gbit/s',
  connectionEstablishedOn: '2015-05-04',
  paidConnection: 'municipality',
  paidBuildingNetwork: 'municipality',
  paidMaintenance: 'municipality',
  unitIds: [tUnit],
  note: '',
  ...over,
});

async function createSite(over: Partial<SiteInput> = {}, client = agent): Promise<Site> {
  const r = await client.json<Site>('POST', '/api/v1/sites', siteInput(over));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function system(site: Site, which: string, body: Record<string, unknown>, client = agent) {
  return client.json<Site>('PUT', `/api/v1/sites/${site.id}/systems/${which}`, { version: site.version, ...body });
}

const reasons = (s: { shortfalls: { system: string; reason: string }[] }) => s.shortfalls.map((f) => `${f.system}:${f.reason}`);

describe('R-12.1, R-12.3, R-12.4: the register of sites and the shortfall list', () => {
  test('a node with two hours of UPS falls short; a new UPS approved by IT takes it off the list, and the approval is kept with its date', async () => {
    let node = await createSite();
    assert.equal(node.kindText, 'knutpunkt');
    assert.equal(node.connectionText, 'fiber, Tranemo Stadsnät, 10 Gbit/s');
    assert.deepEqual(node.units, [{ id: tUnit, name: 'Kultur och fritid' }]);
    assert.deepEqual(node.payersText, { connection: 'kommunen', buildingNetwork: 'kommunen', maintenance: 'kommunen' });
    assert.match(node.requirementText, /reservkraft för minst 4 timmar/);
    assert.deepEqual(reasons(node), ['ups:missing', 'cooling:missing', 'fire:missing']);

    const approval = { approvedOn: day(-10), basis: 'msb', note: '' };
    node = (await system(node, 'cooling', { present: true, description: 'Split-aggregat 3,5 kW', approval })).body;
    node = (
      await system(node, 'fire', { present: true, description: 'Brandlarm kopplat till räddningstjänsten', approval: { ...approval, basis: 'practice' } })
    ).body;
    const short = await system(node, 'ups', { present: true, autonomyHours: 2, description: 'APC Smart-UPS', approval });
    assert.equal(short.status, 200, JSON.stringify(short.body));
    node = short.body;
    assert.deepEqual(reasons(node), ['ups:too_short']);
    assert.equal(node.shortfalls[0]?.text, 'reservkraften räcker 2 timmar av kravets 4 timmar');

    const list = await tFinance.json<SiteList>('GET', '/api/v1/sites?shortfalls=only');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((s) => s.name),
      ['Knutpunkt Limmared'],
    );

    const fixed = await system(node, 'ups', {
      present: true,
      autonomyHours: 4.5,
      description: 'Ny UPS med extra batteripaket',
      approval: { approvedOn: today, basis: 'msb', note: 'Besiktad på plats' },
    });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.deepEqual(fixed.body.shortfalls, []);
    const ups = fixed.body.systems.find((s) => s.system === 'ups');
    assert.equal(ups?.autonomyHours, 4.5);
    assert.equal(ups?.approvedOn, today);
    assert.equal(ups?.approvalValidUntil, Temporal.PlainDate.from(today).add({ months: 36 }).subtract({ days: 1 }).toString(), 'the mission’s 36 months');
    assert.deepEqual(
      fixed.body.approvals.filter((a) => a.system === 'ups').map((a) => [a.approvedOn, a.basisText, a.what]),
      [
        [today, 'MSB:s krav', '4,5 timmar, Ny UPS med extra batteripaket'],
        [day(-10), 'MSB:s krav', '2 timmar, APC Smart-UPS'],
      ],
    );
    assert.deepEqual((await tFinance.json<SiteList>('GET', '/api/v1/sites?shortfalls=only')).body.items, []);

    // A changed UPS loses its approval unless IT approves the new one in the same step.
    const changed = await system(fixed.body, 'ups', { present: true, autonomyHours: 6, description: 'Utbytt batteri' });
    assert.deepEqual(reasons(changed.body), ['ups:not_approved']);
    const same = await system(changed.body, 'ups', {
      present: true,
      autonomyHours: 6,
      description: 'Utbytt batteri',
      approval: { approvedOn: today, basis: 'practice', note: '' },
    });
    const kept = await system(same.body, 'ups', { present: true, autonomyHours: 6, description: 'Utbytt batteri' });
    assert.deepEqual(reasons(kept.body), [], 'an unchanged system keeps its approval');
  });

  test('operation sites need automatic diesel; an approval older than the mission’s interval falls short; ordinary addresses need nothing', async () => {
    let site = await createSite({ name: 'Driftplats Tranemo', kind: 'operation_site', address: 'Ringvägen 2, Tranemo', unitIds: [] });
    const old = { approvedOn: Temporal.PlainDate.from(today).subtract({ months: 36 }).toString(), basis: 'msb', note: '' };
    site = (await system(site, 'ups', { present: true, autonomyHours: 8, approval: { approvedOn: today, basis: 'msb', note: '' } })).body;
    site = (await system(site, 'diesel', { present: true, automatic: false, approval: { approvedOn: today, basis: 'msb', note: '' } })).body;
    site = (await system(site, 'cooling', { present: true, approval: old })).body;
    site = (await system(site, 'fire', { present: true, approval: { approvedOn: today, basis: 'practice', note: '' } })).body;
    assert.deepEqual(reasons(site), ['diesel:not_automatic', 'cooling:approval_expired']);

    const address = await createSite({ name: 'Biblioteket', kind: 'address', address: 'Torget 3, Tranemo', unitIds: [tUnit] });
    assert.deepEqual(address.shortfalls, []);
    assert.match(address.requirementText, /Inget lokalt krav/);
    const withCooling = await system(address, 'cooling', { present: true, description: 'Fastighetens ventilation' });
    assert.deepEqual(reasons(withCooling.body), ['cooling:not_approved'], 'what is recorded at an address is approved by IT too');
  });

  test('the shortfall workbook has one row per shortfall, read by a spreadsheet library', async () => {
    const res = await tFinance.request('GET', '/api/v1/sites/shortfalls.xlsx');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
    assert.match(res.headers.get('content-disposition') ?? '', /brister-platser-\d{4}-\d{2}-\d{2}\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Brister');
    assert.ok(sheet);
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 3) rows.push((row.values as unknown[]).slice(1).map((v) => (typeof v === 'string' ? v : '')));
    });
    const list = await tFinance.json<SiteList>('GET', '/api/v1/sites?shortfalls=only');
    const expected = list.body.items.flatMap((s) => s.shortfalls.map((f) => [s.municipality.name, s.name, f.systemText, f.text]));
    assert.ok(expected.length >= 3, JSON.stringify(expected));
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[5], r[6]]),
      expected,
    );
    assert.ok(
      list.body.items.every((s) => s.municipality.id === T),
      'only the reader’s municipality',
    );
  });

  test('who sees what: a unit manager the sites of their unit, the other municipality nothing; only IT edits', async () => {
    const ulricehamn = await createSite({ municipalityId: U, name: 'Stadshuset', kind: 'command_post', address: 'Nygatan 7, Ulricehamn', unitIds: [uUnit] });
    const own = await manager.json<SiteList>('GET', '/api/v1/sites');
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.items.map((s) => s.name).sort(), ['Biblioteket', 'Knutpunkt Limmared']);
    assert.equal(own.body.actions.create.allowed, false);
    assert.deepEqual(
      (await uManager.json<SiteList>('GET', '/api/v1/sites')).body.items.map((s) => s.name),
      ['Stadshuset'],
    );
    assert.equal((await uFinance.json('GET', `/api/v1/sites/${own.body.items[0]?.id ?? ''}`)).status, 404, 'the other municipality sees nothing');
    assert.equal((await tFinance.json('GET', `/api/v1/sites/${ulricehamn.id}`)).status, 404);
    assert.equal((await tFinance.json('GET', `/api/v1/sites?municipalityId=${U}`)).status, 404);
    const page = await manager.json<Site>('GET', `/api/v1/sites/${own.body.items[0]?.id ?? ''}`);
    assert.equal(page.body.actions.edit.allowed, false);
    assert.equal((await manager.json('POST', '/api/v1/sites', siteInput({ name: 'Chefens plats' }))).status, 403);
    assert.equal((await tFinance.json('PATCH', `/api/v1/sites/${ulricehamn.id}`, { version: ulricehamn.version, note: 'x' })).status, 403);
    assert.equal((await system(page.body, 'ups', { present: true, autonomyHours: 9 }, manager)).status, 403);
  });

  test('bad input is a 400 naming the field in Swedish, a duplicate a 409, and nothing is written', async () => {
    const before = (await ctx.database.query<{ n: number }>('select count(*)::int as n from sites'))[0]?.n;
    const kind = await agent.json<Problem>('POST', '/api/v1/sites', { ...siteInput({ name: 'Fel' }), kind: 'castle' });
    assert.equal(kind.status, 400);
    assert.equal(kind.body.errors[0]?.label, 'Typ av plats');
    const foreign = await agent.json<Problem>('POST', '/api/v1/sites', siteInput({ name: 'Fel enhet', unitIds: [uUnit] }));
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.errors[0]?.reasonSv, 'en enhet hör inte till platsens kommun');
    const duplicate = await agent.json<Problem>('POST', '/api/v1/sites', siteInput({ name: 'knutpunkt limmared' }));
    assert.equal(duplicate.status, 409);
    assert.equal((await ctx.database.query<{ n: number }>('select count(*)::int as n from sites'))[0]?.n, before);

    const node = (await agent.json<SiteList>('GET', `/api/v1/sites?municipalityId=${T}&kind=node`)).body.items[0];
    assert.ok(node);
    const site = (await agent.json<Site>('GET', `/api/v1/sites/${node.id}`)).body;
    const noHours = await system(site, 'ups', { present: true, autonomyHours: null });
    assert.equal(noHours.status, 400);
    assert.equal((noHours.body as unknown as Problem).errors[0]?.label, 'Drifttid på reservkraft (timmar)');
    const future = await system(site, 'fire', { present: true, approval: { approvedOn: day(1), basis: 'msb', note: '' } });
    assert.equal(future.status, 400);
    assert.equal((future.body as unknown as Problem).errors[0]?.reasonSv, 'ett godkännande kan inte dateras i framtiden');
    const stale = await system({ ...site, version: site.version - 1 }, 'fire', { present: false });
    assert.equal(stale.status, 409);
    const after = (await agent.json<Site>('GET', `/api/v1/sites/${node.id}`)).body;
    assert.deepEqual(after.systems, site.systems, 'nothing half-written');
  });

  test('R-12.2: racks, network equipment from the register and the property owner’s project meetings', async () => {
    const node = (await agent.json<SiteList>('GET', `/api/v1/sites?municipalityId=${T}&kind=node`)).body.items[0];
    assert.ok(node);
    const rack = await agent.json<Site>('POST', `/api/v1/sites/${node.id}/racks`, {
      name: 'Skåp A',
      kind: 'cabinet',
      placement: 'Källaren, rum 012',
      recommendedOn: '2024-02-01',
      mountedOn: '2024-03-15',
    });
    assert.equal(rack.status, 201, JSON.stringify(rack.body));
    const rackId = rack.body.racks[0]?.id ?? '';
    assert.equal(rack.body.racks[0]?.kindText, 'skåp');
    assert.equal((await agent.json('POST', `/api/v1/sites/${node.id}/racks`, { name: 'skåp a', kind: 'rack' })).status, 409);

    const sw = await agent.json<{ id: string }>('POST', '/api/v1/assets', {
      unitId: tUnit,
      deviceType: 'other',
      model: 'Cisco Catalyst 9300',
      serial: 'sw-lim-01',
      deliveredOn: '2024-03-20',
    });
    assert.equal(sw.status, 201, JSON.stringify(sw.body));
    const placed = await agent.json<Site>('POST', `/api/v1/sites/${node.id}/equipment`, { serial: 'SW-LIM-01', rackId, placedOn: '2024-03-20' });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.deepEqual(
      placed.body.equipment.map((e) => [e.serial, e.model, e.rackName]),
      [['SW-LIM-01', 'Cisco Catalyst 9300', 'Skåp A']],
    );
    const twice = await agent.json<Problem>('POST', `/api/v1/sites/${node.id}/equipment`, { serial: 'SW-LIM-01' });
    assert.equal(twice.status, 409);
    const unknown = await agent.json<Problem>('POST', `/api/v1/sites/${node.id}/equipment`, { serial: 'FINNS-INTE' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0]?.label, 'Serienummer');

    const meeting = await agent.json<Site>('POST', `/api/v1/sites/${node.id}/meetings`, {
      heldOn: '2024-01-18',
      project: 'Ombyggnad av källaren',
      outcome: 'Skåpet flyttas till rum 012.',
    });
    assert.equal(meeting.status, 201);
    assert.deepEqual(
      meeting.body.meetings.map((m) => m.project),
      ['Ombyggnad av källaren'],
    );

    const removed = await agent.json<Site>('DELETE', `/api/v1/sites/${node.id}/racks/${rackId}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.equipment[0]?.rackName, null, 'the equipment stays at the site without its rack');
    const audit = await ctx.database.query<{ action: string }>("select action from audit_log where entity = 'site' and entity_id = $1 order by at", [node.id]);
    assert.ok(['add_rack', 'place_equipment', 'record_meeting', 'remove_rack'].every((a) => audit.some((r) => r.action === a)));
  });
});

// ---------------------------------------------------------------- the laptop pool

async function poolLaptop(client: TestClient, serial: string, unitId: string): Promise<string> {
  const reg = await client.json<{ id: string }>('POST', '/api/v1/assets', {
    unitId,
    deviceType: 'computer',
    serviceCode: 'korttidshyra',
    model: 'Lenovo ThinkPad L14',
    serial,
    deliveredOn: '2026-01-12',
    status: 'in_stock',
    location: 'IT, lånepoolen',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const added = await client.json<Pool>('POST', '/api/v1/laptop-pool/laptops', { serial });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return reg.body.id;
}

async function book(client: TestClient, body: Record<string, unknown>) {
  return client.json<Booking>('POST', '/api/v1/laptop-bookings', { borrowerPersonId: null, note: '', ...body });
}

async function step(client: TestClient, b: Booking, action: 'hand-out' | 'return' | 'cancel' | 'remind', date?: string) {
  return client.json<Booking>('POST', `/api/v1/laptop-bookings/${b.id}/${action}`, { version: b.version, ...(date ? { date } : {}) });
}

describe('R-5.9: the short-term laptop pool', () => {
  let laptop: string;
  let uLaptop: string;

  before(async () => {
    // Every year has its price list: the seeded 2023 list copied forward to this year, as IT does each year.
    const year = Number(today.slice(0, 4));
    for (let y = 2023; y < year; y++) assert.equal((await admin.post(`/api/v1/price-lists/${y}/copy`)).status, 201, `copy ${y}`);
    laptop = await poolLaptop(agent, 'LAN-T-01', tUnit);
    uLaptop = await poolLaptop(agent, 'LAN-U-01', uUnit);
  });

  test('only a short-term rental in stock joins the pool, once; the pool shows each municipality its own', async () => {
    const rented = await agent.json<{ id: string }>('POST', '/api/v1/assets', {
      unitId: tUnit,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'HP EliteBook',
      serial: 'EJ-POOL-1',
      deliveredOn: '2026-01-12',
    });
    assert.equal(rented.status, 201);
    const refused = await agent.json<Problem>('POST', '/api/v1/laptop-pool/laptops', { serial: 'EJ-POOL-1' });
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.errors.map((e) => e.reasonSv),
      [
        'registrera datorn under tjänsten Korttidshyra bärbar dator först, så att lånen debiteras per vecka',
        'bara en dator som finns i lager hos IT kan läggas i poolen',
      ],
    );
    assert.equal((await agent.json<Problem>('POST', '/api/v1/laptop-pool/laptops', { serial: 'lan-t-01' })).status, 400, 'already in the pool');
    const article = await ctx.database.query<{ article_code: string }>('select article_code from assets where id = $1', [laptop]);
    assert.equal(article[0]?.article_code, 'KORTTID-VECKA', 'the price list’s short-term article, so billing charges it per week');

    const tPool = await manager.json<Pool>('GET', '/api/v1/laptop-pool');
    assert.equal(tPool.status, 200, JSON.stringify(tPool.body));
    assert.deepEqual(
      tPool.body.laptops.map((l) => l.serial),
      ['LAN-T-01'],
    );
    assert.deepEqual(
      tPool.body.units.map((u) => u.name),
      ['Kultur och fritid'],
      'a manager books for their own units',
    );
    assert.equal(tPool.body.actions.manage.allowed, false);
    assert.equal(tPool.body.minimumDays, 7);
    assert.deepEqual(
      (await uManager.json<Pool>('GET', '/api/v1/laptop-pool')).body.laptops.map((l) => l.serial),
      ['LAN-U-01'],
    );
    assert.equal((await tFinance.json('GET', '/api/v1/laptop-pool')).status, 403);
  });

  test('a booking is at least a week, on free days, for the manager’s own unit; the other municipality’s laptop does not exist', async () => {
    const short = await book(manager, { assetId: laptop, unitId: tUnit, from: day(7), to: day(12) });
    assert.equal(short.status, 400);
    assert.equal((short.body as unknown as Problem).errors[0]?.reasonSv, 'ett lån gäller minst 7 dagar');
    assert.equal((short.body as unknown as Problem).errors[0]?.label, 'Sista dag');
    const past = await book(manager, { assetId: laptop, unitId: tUnit, from: day(-1), to: day(7) });
    assert.equal((past.body as unknown as Problem).errors[0]?.reasonSv, 'lånet kan inte börja före i dag');
    const otherUnit = await book(manager, { assetId: laptop, unitId: tOtherUnit, from: day(7), to: day(13) });
    assert.equal(otherUnit.status, 400);
    assert.equal((otherUnit.body as unknown as Problem).errors[0]?.field, 'unitId');
    const foreign = await book(manager, { assetId: uLaptop, unitId: tUnit, from: day(7), to: day(13) });
    assert.equal(foreign.status, 400);

    const ok = await book(manager, { assetId: laptop, unitId: tUnit, from: day(7), to: day(13) });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.days, 7);
    assert.equal(ok.body.statusText, 'bokad');
    assert.equal(ok.body.actions.handOut.allowed, false, 'IT hands out');
    const clash = await book(agent, { assetId: laptop, unitId: tOtherUnit, from: day(13), to: day(20) });
    assert.equal(clash.status, 400);
    assert.match((clash.body as unknown as Problem).errors[0]?.reasonSv ?? '', /datorn är redan bokad/);
    assert.equal((await step(manager, ok.body, 'hand-out')).status, 403);
    const cancelled = await step(manager, ok.body, 'cancel');
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    const again = await book(agent, { assetId: laptop, unitId: tOtherUnit, from: day(13), to: day(20) });
    assert.equal(again.status, 201, 'a cancelled booking frees its days');
    assert.equal((await step(agent, again.body, 'cancel')).status, 200);
  });

  test('hand-out and return go through the asset’s lifecycle; the next billing run charges the loan per started week', { timeout: 60_000 }, async () => {
    // IT records afterwards a loan that began eight days ago: handed out then, back today (8 days: 2 started weeks).
    const b = await book(agent, { assetId: uLaptop, unitId: uUnit, from: day(-8), to: day(-1) });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const early = await step(agent, b.body, 'hand-out', day(-9));
    assert.equal(early.status, 400);
    assert.match((early.body as unknown as Problem).errors[0]?.reasonSv ?? '', /under bokningen/);
    // The server's cached mission has expired (31 s on, by the machine's clock): the hand-out must read the
    // mission without waiting for its own transaction (on the embedded database it once hung here).
    mock.timers.enable({ apis: ['Date'], now: Date.now() + 31_000 });
    const out = await step(agent, b.body, 'hand-out', day(-8)).finally(() => mock.timers.reset());
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.equal(out.body.status, 'handed_out');
    assert.equal(out.body.overdue, true, 'its last day was yesterday');
    assert.equal(out.body.statusText, 'försenad');
    const asset = await agent.json<{ status: string; unitId: string }>('GET', `/api/v1/assets/${uLaptop}`);
    assert.equal(asset.body.status, 'active');
    assert.equal(asset.body.unitId, uUnit);

    const back = await step(agent, out.body, 'return');
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.returnedOn, today);
    assert.equal(back.body.overdue, false);
    assert.equal((await step(agent, back.body, 'return')).status, 400, 'returned once');
    const inPool = await agent.json<{ status: string; location: string }>('GET', `/api/v1/assets/${uLaptop}`);
    assert.deepEqual([inPool.body.status, inPool.body.location], ['in_stock', 'IT:s kontor, lånepoolen'], 'back in stock in the pool');

    const nextMonth = Temporal.PlainDate.from(today).toPlainYearMonth().add({ months: 1 }).toString();
    const run = await uFinance.json<{ id: string }>('POST', '/api/v1/billing/runs', { municipality: 'ulricehamn', month: nextMonth });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    const basis = await uFinance.json<{ lines: { source: string; subjectLabel: string; quantity: number; quantityUnit: string; amountOre: number }[] }>(
      'GET',
      `/api/v1/billing/runs/${run.body.id}/units/${uUnit}`,
    );
    assert.deepEqual(
      basis.body.lines.filter((l) => l.source === 'short_term').map((l) => [l.subjectLabel, l.quantity, l.quantityUnit, l.amountOre]),
      [['LAN-U-01', 2, 'week', 50_000]],
    );
  });

  test('an overdue loan is listed and its borrower reminded once by mail; IT may remind again', async () => {
    const borrower = await admin.json<{ id: string }>('POST', '/api/v1/people', {
      municipalityId: T,
      unitId: tUnit,
      firstName: 'Lena',
      lastName: 'Låntagare',
      personRole: 'anstalld',
      email: 'lena.lantagare@tranemo.se',
    });
    assert.equal(borrower.status, 201, JSON.stringify(borrower.body));
    const b = await book(agent, { assetId: laptop, unitId: tUnit, borrowerPersonId: borrower.body.id, from: day(-10), to: day(-3) });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    const out = await step(agent, b.body, 'hand-out', day(-10));
    assert.equal(out.status, 200, JSON.stringify(out.body));

    const overdue = await agent.json<Pool>('GET', `/api/v1/laptop-pool?view=overdue&municipalityId=${T}`);
    assert.deepEqual(
      overdue.body.bookings.map((x) => [x.laptop.serial, x.borrower?.name]),
      [['LAN-T-01', 'Lena Låntagare']],
    );
    assert.deepEqual((await uManager.json<Pool>('GET', '/api/v1/laptop-pool?view=overdue')).body.bookings, [], 'not the other municipality’s');

    const mails = () =>
      ctx.database.query<{ to_address: string; subject: string; text_body: string }>(
        "select to_address, subject, text_body from mail_outbox where kind = 'prepared' and subject like 'Påminnelse: lånedatorn%' order by created_at",
      );
    const first = await runJobOnce(ctx.database.db, loanReminderJob, TEST_NOW);
    assert.deepEqual(first, { reminded: 1, withoutAddress: 0 });
    const sent = await mails();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.to_address, 'lena.lantagare@tranemo.se');
    assert.match(sent[0]?.text_body ?? '', /LAN-T-01/);
    assert.deepEqual(await runJobOnce(ctx.database.db, loanReminderJob, TEST_NOW), { reminded: 0, withoutAddress: 0 }, 'once');

    const current = (await agent.json<Pool>('GET', `/api/v1/laptop-pool?view=overdue&municipalityId=${T}`)).body.bookings[0];
    assert.ok(current);
    assert.equal(current.remindedOn, today);
    const again = await step(agent, current, 'remind');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal((await mails()).length, 2);
    assert.equal((await step(agent, again.body, 'return')).status, 200);
  });

  test('twenty bookings of the same week at the same moment: exactly one is taken', async () => {
    const serial = 'LAN-T-RACE';
    const id = await poolLaptop(agent, serial, tUnit);
    const clients = [agent, manager];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => book(clients[i % 2] ?? agent, { assetId: id, unitId: tUnit, from: day(30), to: day(36) })),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, ...Array.from({ length: 19 }, () => 400)], JSON.stringify(answers.filter((a) => a.status !== 400 && a.status !== 201)));
    assert.ok(answers.filter((a) => a.status === 400).every((a) => (a.body as unknown as Problem).errors.some((e) => /redan bokad/.test(e.reasonSv))));
    const stored = await ctx.database.query<{ n: number }>("select count(*)::int as n from laptop_bookings where asset_id = $1 and status = 'booked'", [id]);
    assert.equal(stored[0]?.n, 1);
  });
});
