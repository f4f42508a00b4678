/**
 * Issue 16: of two changes sent with the same version, one answered 400 instead of 409 — the rules
 * judged the record the other change had just made (an asset already delivered cannot be delivered)
 * before anyone looked at the version. A stale version is a conflict whatever else is wrong
 * (platform/db/versioned.ts, assertVersion), on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../../src/mission/service.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

let ctx: TestContext;
let agent: TestClient;
let admin: TestClient;
let unitId: string;
const today = stockholmToday();
const daysAgo = (n: number) => Temporal.PlainDate.from(today).subtract({ days: n }).toString();

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  const units = await admin.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
  unitId = units.body.items.find((u) => u.code === 'KLF-EK-EKO')!.id;
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
});
after(async () => {
  await ctx.close();
});

async function orderedAsset(serial: string): Promise<{ id: string; version: number }> {
  const res = await agent.json<{ id: string; version: number }>('POST', '/api/v1/assets', {
    unitId,
    deviceType: 'computer',
    serviceCode: 'datorarbetsplats',
    model: 'Latitude',
    serial,
    status: 'ordered',
    orderedOn: daysAgo(20),
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const deliver = (asset: { id: string; version: number }) =>
  agent.json<{ code?: string; current?: { version: number } }>('POST', `/api/v1/assets/${asset.id}/events`, {
    version: asset.version,
    kind: 'deliver',
    date: daysAgo(5),
    unitId,
    location: 'Kansliet',
  });

test('the second of two deliveries sent with the same version answers 409 with the current record, not 400', async () => {
  const asset = await orderedAsset('race-seq-1');
  const first = await deliver(asset);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const second = await deliver(asset);
  assert.equal(second.status, 409, JSON.stringify(second.body));
  assert.equal(second.body.code, 'stale_version');
  assert.equal(second.body.current?.version, asset.version + 1);
});

test('two deliveries racing with the same version: exactly one 200 and one 409', async () => {
  for (let i = 0; i < 3; i++) {
    const asset = await orderedAsset(`race-par-${i}`);
    const answers = await Promise.all([deliver(asset), deliver(asset)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers.map((a) => a.body)));
  }
});

test('a keep-current change (place) on a stale version answers 409 before its rules are judged', async () => {
  const asset = await orderedAsset('race-patch-1');
  const delivered = await deliver(asset);
  assert.equal(delivered.status, 200);
  const v2 = asset.version + 1;
  // Someone takes the computer back (version 2 → 3); a change of place sent on version 2 is stale, and
  // its rule (only equipment in use is kept current) must not answer first.
  const returned = await agent.json('POST', `/api/v1/assets/${asset.id}/events`, { version: v2, kind: 'return', date: daysAgo(1) });
  assert.equal(returned.status, 200, JSON.stringify(returned.body));
  const stale = await admin.json<{ code: string }>('PATCH', `/api/v1/assets/${asset.id}`, { version: v2, location: 'Arkivet' });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  assert.equal(stale.body.code, 'stale_version');
});

test('every versioned change checks the version before its rules: a stale unit change with a bad parent answers 409', async () => {
  // The shared habit (assertVersion right after the record is read) in org, catalogue, desks and
  // billing subscriptions; the unit is the example: its rules would answer 400 for an unknown parent.
  const units = await admin.json<{ items: { id: string; version: number; name: string }[] }>(
    'GET',
    `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`,
  );
  const unit = units.body.items.find((u) => u.id === unitId)!;
  const renamed = await admin.json('PATCH', `/api/v1/units/${unitId}`, { version: unit.version, name: `${unit.name} (ny)` });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  const stale = await admin.json<{ code: string; current?: { version: number } }>('PATCH', `/api/v1/units/${unitId}`, {
    version: unit.version,
    parentId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  assert.equal(stale.body.code, 'stale_version');
  assert.equal(stale.body.current?.version, unit.version + 1);
});
