import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../../src/mission/service.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Period = { unitId: string; unitName: string; from: string; to: string | null; basis: string };
type Page = {
  id: string;
  serial: string;
  status: string;
  unitId: string;
  holderPersonId: string | null;
  location: string;
  deliveredOn: string | null;
  renewalOn: string | null;
  version: number;
  canAct: boolean;
  history: { kind: string; occurredOn: string; fromStatus: string | null; toStatus: string | null }[];
  lifecycle: {
    billedNow: boolean;
    billing: Period[];
    lastHolder: { personId: string; name: string | null } | null;
    erasure: { serial: string; method: string } | null;
    sale: { buyer: { kind: string; name?: string | null } } | null;
    allowedEvents: { kind: string; kindSv: string }[];
    disposalRoutes: string[];
    documents: { erasureProtocol: string | null; saleReceipt: string | null };
  };
};
type Problem = { errors: { field: string; reason: string; reasonSv: string }[] };

/**
 * Issue 7 / R-5.2 through the API, on both databases: the lifecycle of one rented computer from delivery
 * to a student's purchase, with the billing periods it leaves, and every refusal of the
 * issue's "Bad input" leaving the asset exactly as it was.
 */
let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let manager: TestClient;
let uAdmin: TestClient;
const unit: Record<string, string> = {};
let student: string;
let employee: string;
const today = stockholmToday();
const daysAgo = (n: number) => Temporal.PlainDate.from(today).subtract({ days: n }).toString();

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
  for (const u of units.body.items) unit[u.code] = u.id;
  const person = async (firstName: string, personRole: string, unitCode: string) => {
    const res = await admin.json<{ id: string }>('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      unitId: unit[unitCode],
      firstName,
      lastName: 'Test',
      personRole,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  };
  student = await person('Elsa', 'elev', 'BUF-GR-LJS');
  employee = await person('Anna', 'anstalld', 'KLF-EK-EKO');
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
  manager = await ctx.userClient({ username: 'maria.chef', roles: ['unit_manager'], municipality: 'tranemo' });
  uAdmin = await ctx.userClient({ username: 'admin.u', roles: ['admin'], municipality: 'ulricehamn' });
});
after(async () => {
  await ctx.close();
});

describe('R-5.2 lifecycle of a rented computer', () => {
  let id: string;
  let version: number;
  const event = (body: Record<string, unknown>, client: TestClient = agent) =>
    client.json<Page & Problem>('POST', `/api/v1/assets/${id}/events`, { version, ...body });
  async function accepted(body: Record<string, unknown>): Promise<Page> {
    const res = await event(body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    version = res.body.version;
    return res.body;
  }
  /** A refusal names the field in both languages and leaves version and history untouched. */
  async function refused(body: Record<string, unknown>, field: string, status = 400, client: TestClient = agent): Promise<Problem> {
    const before = await agent.json<Page>('GET', `/api/v1/assets/${id}`);
    const res = await event(body, client);
    assert.equal(res.status, status, JSON.stringify(res.body));
    if (status === 400) {
      assert.ok(
        res.body.errors.some((e) => e.field === field && e.reason && e.reasonSv),
        `${field} in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const after = await agent.json<Page>('GET', `/api/v1/assets/${id}`);
    assert.deepEqual(after.body, before.body, 'nothing changed');
    return res.body;
  }

  test('an ordered computer is delivered to a student: active, billed to the school from the delivery, renewal date set', async () => {
    const reg = await agent.json<Page>('POST', '/api/v1/assets', {
      unitId: unit['BUF-GR-LJS'],
      deviceType: 'computer',
      serviceCode: 'elevdator',
      model: 'Chromebook X',
      serial: 'life-001',
      status: 'ordered',
      orderedOn: daysAgo(30),
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    ({ id, version } = reg.body);
    const ordered = await agent.json<Page>('GET', `/api/v1/assets/${id}`);
    assert.deepEqual(
      ordered.body.lifecycle.allowedEvents.map((e) => e.kind),
      ['deliver'],
    );
    assert.equal(ordered.body.lifecycle.billedNow, false, 'an ordered asset is not billed');
    await refused({ kind: 'deliver', date: Temporal.PlainDate.from(today).add({ days: 1 }).toString(), unitId: unit['BUF-GR-LJS'] }, 'date');
    const a = await accepted({ kind: 'deliver', date: daysAgo(10), unitId: unit['BUF-GR-LJS'], holderPersonId: student, location: 'Ljungsarp skola' });
    assert.equal(a.status, 'active');
    assert.equal(a.serial, 'LIFE-001');
    assert.equal(a.deliveredOn, daysAgo(10));
    assert.ok(a.renewalOn && a.renewalOn > today);
    assert.deepEqual(
      a.lifecycle.billing.map((p) => [p.unitId, p.from, p.to, p.basis]),
      [[unit['BUF-GR-LJS'], daysAgo(10), null, 'active']],
    );
    assert.equal(a.lifecycle.billedNow, true);
  });

  test('bad input is refused with the reason and nothing changes', async () => {
    await refused({ kind: 'move', date: daysAgo(11), location: 'Aula' }, 'date'); // before delivery
    await refused(
      { kind: 'erase', date: daysAgo(9), erasedBy: { kind: 'designated_person', name: 'Ivar IT' }, method: 'NIST 800-88', serial: 'LIFE-001' },
      'status',
    ); // not retired
    await refused({ kind: 'sell', date: daysAgo(9), buyer: { kind: 'person', personId: student, proof: { kind: 'receipt', reference: 'K-1' } } }, 'status'); // no sale without erasure
    await refused({ kind: 'reassign', date: daysAgo(9), unitId: '00000000-0000-4000-8000-000000000000', holderPersonId: null }, 'unitId');
    await refused({ kind: 'move', date: daysAgo(9), location: '' }, 'location');
    await refused({ kind: 'move', date: daysAgo(9), location: 'Aula' }, 'id', 403, manager); // the unit keeps current through PATCH, IT runs the lifecycle
    await refused({ kind: 'move', date: daysAgo(9), location: 'Aula' }, 'id', 404, uAdmin); // another municipality's asset
    const stale = await agent.json('POST', `/api/v1/assets/${id}/events`, { version: version - 1, kind: 'move', date: daysAgo(9), location: 'Aula' });
    assert.equal(stale.status, 409);
  });

  test('move, early return (still billed to the school, R-5.4), reassignment (billing moves), retirement (billing ends)', async () => {
    const moved = await accepted({ kind: 'move', date: daysAgo(9), location: 'Aula' });
    assert.equal(moved.location, 'Aula');
    const returned = await accepted({ kind: 'return', date: daysAgo(8) });
    assert.equal(returned.status, 'returned');
    assert.equal(returned.holderPersonId, null);
    assert.equal(returned.lifecycle.billedNow, true, 'an early return stays billed until reassigned');
    assert.deepEqual(
      returned.lifecycle.billing.map((p) => [p.from, p.to, p.basis]),
      [
        [daysAgo(10), daysAgo(8), 'active'],
        [daysAgo(8), null, 'early_return'],
      ],
    );
    const reassigned = await accepted({ kind: 'reassign', date: daysAgo(6), unitId: unit['KLF-EK-EKO'], holderPersonId: student });
    assert.equal(reassigned.status, 'active');
    assert.deepEqual(
      reassigned.lifecycle.billing.map((p) => [p.unitId, p.from, p.to, p.basis]),
      [
        [unit['BUF-GR-LJS'], daysAgo(10), daysAgo(8), 'active'],
        [unit['BUF-GR-LJS'], daysAgo(8), daysAgo(6), 'early_return'],
        [unit['KLF-EK-EKO'], daysAgo(6), null, 'active'],
      ],
    );
    const retired = await accepted({ kind: 'retire', date: daysAgo(4) });
    assert.equal(retired.status, 'retired');
    assert.equal(retired.lifecycle.billedNow, false, 'leaving active ends billing at once (R-5.2)');
    assert.equal(retired.lifecycle.billing.at(-1)?.to, daysAgo(4));
    assert.deepEqual(retired.lifecycle.disposalRoutes, ['student_purchase', 'second_hand_partner', 'recycling']);
    assert.equal(retired.lifecycle.lastHolder?.personId, student);
  });

  test('erasure record (R-5.8), then the student who used it buys it (R-5.7); never an employee', async () => {
    await refused(
      { kind: 'erase', date: daysAgo(3), erasedBy: { kind: 'certified_provider', name: 'Återbruk AB' }, method: 'NIST 800-88 Purge', serial: 'OTHER-9' },
      'erasure.serial',
    );
    await refused(
      { kind: 'erase', date: daysAgo(5), erasedBy: { kind: 'certified_provider', name: 'Återbruk AB' }, method: 'NIST 800-88 Purge', serial: 'LIFE-001' },
      'date',
    );
    const erased = await accepted({
      kind: 'erase',
      date: daysAgo(3),
      erasedBy: { kind: 'certified_provider', name: 'Återbruk AB' },
      method: 'NIST 800-88 Purge',
      serial: 'life-001',
    });
    assert.equal(erased.status, 'erased');
    assert.equal(erased.lifecycle.erasure?.serial, 'LIFE-001');
    assert.equal(erased.lifecycle.documents.erasureProtocol, `/api/v1/assets/${id}/erasure-protocol.pdf`);
    await refused(
      { kind: 'sell', date: daysAgo(2), buyer: { kind: 'person', personId: employee, proof: { kind: 'receipt', reference: 'K-1' } } },
      'buyer.role',
    );
    await refused({ kind: 'sell', date: daysAgo(2), buyer: { kind: 'person', personId: student, proof: { kind: 'receipt', reference: '' } } }, 'buyer.proof');
    const sold = await accepted({
      kind: 'sell',
      date: daysAgo(2),
      buyer: { kind: 'person', personId: student, proof: { kind: 'receipt', reference: 'K-2026-17' } },
      priceOre: 50000,
    });
    assert.equal(sold.status, 'sold');
    assert.equal(sold.lifecycle.sale?.buyer.name, 'Elsa Test');
    assert.deepEqual(sold.lifecycle.allowedEvents, []);
    assert.equal(sold.lifecycle.billedNow, false);
    for (const url of [sold.lifecycle.documents.erasureProtocol, sold.lifecycle.documents.saleReceipt]) {
      assert.ok(url);
      const pdf = await agent.request('GET', url);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(bytes.length > 1000);
    }
    assert.equal((await uAdmin.request('GET', sold.lifecycle.documents.erasureProtocol ?? '')).status, 404, 'not for the other municipality');
    assert.deepEqual(
      sold.history.map((h) => h.kind),
      ['register', 'deliver', 'move', 'return', 'reassign', 'retire', 'erase', 'sell'],
    );
    // holds in the database too: a sold asset cannot lose its erasure record.
    await assert.rejects(
      ctx.database.db.execute(sql`update assets set details = details - 'erasure' where id = ${id}`),
      (e: Error & { cause?: { message?: string } }) => /assets_sold_erased_check/.test(e.cause?.message ?? ''),
    );
    const bySerial = await agent.json<Page>('GET', '/api/v1/assets/serial/life-001');
    assert.equal(bySerial.body.id, id);
    assert.equal((await agent.json<Page>('GET', '/api/v1/assets/serial/%20life-001')).body.id, id, 'typed with a space and in lower case');
    const unknown = await agent.json<Problem>('GET', '/api/v1/assets/serial/NOPE-1');
    assert.equal(unknown.status, 404);
    assert.deepEqual(
      unknown.body.errors.map((e) => [e.field, e.reasonSv]),
      [['serial', 'okänt serienummer NOPE-1']],
    );
    assert.equal((await uAdmin.json('GET', '/api/v1/assets/serial/LIFE-001')).status, 404, 'another municipality’s serial is unknown there');
    const audit = await admin.json<{ items: { action: string }[] }>('GET', `/api/v1/audit?entity=asset&entityId=${id}`);
    assert.equal(audit.body.items.length, 8);
  });
});

describe('R-5.5 theft and settlement; R-5.6 phones go to recycling', () => {
  test('a stolen phone leaves billing with its police report and is settled once; it is never sold', async () => {
    const reg = await agent.json<Page>('POST', '/api/v1/assets', {
      unitId: unit['KLF-EK-EKO'],
      deviceType: 'phone',
      serviceCode: 'mobiltelefon',
      model: 'iPhone',
      serial: 'PH-1',
      holderPersonId: employee,
      deliveredOn: daysAgo(20),
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    let v = reg.body.version;
    const post = (body: Record<string, unknown>) => agent.json<Page & Problem>('POST', `/api/v1/assets/${reg.body.id}/events`, { version: v, ...body });
    assert.equal((await post({ kind: 'report_stolen', date: daysAgo(2), policeReport: ' ' })).body.errors[0]?.field, 'policeReport');
    const stolen = await post({ kind: 'report_stolen', date: daysAgo(2), policeReport: '5000-K123456-26' });
    assert.equal(stolen.status, 200, JSON.stringify(stolen.body));
    v = stolen.body.version;
    assert.equal(stolen.body.lifecycle.billedNow, false);
    assert.deepEqual(
      stolen.body.lifecycle.billing.map((p) => [p.from, p.to]),
      [[daysAgo(20), daysAgo(2)]],
    );
    const settled = await post({ kind: 'settle', date: daysAgo(1), reference: 'Försäkring 77', amount: 350000 });
    assert.equal(settled.status, 200, JSON.stringify(settled.body));
    v = settled.body.version;
    assert.equal((await post({ kind: 'settle', date: today, reference: 'igen', amount: 1 })).body.errors[0]?.field, 'reference');
    assert.equal((await post({ kind: 'retire', date: today })).status, 400, 'stolen equipment is not retired');
  });
});
