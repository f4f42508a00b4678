import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Entry = {
  id: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  municipalityId: string | null;
  entity: string;
  entityText: string;
  entityId: string;
  label: string | null;
  link: string | null;
  action: string;
  actionText: string;
};
type Page = { items: Entry[]; nextBefore: number | null };

let ctx: TestContext;
let it: TestClient;
let tAdmin: TestClient;
let uAdmin: TestClient;

before(async () => {
  ctx = await testContext();
  it = await ctx.userClient({ username: 'granskare', roles: ['admin'], municipality: null });
  tAdmin = await ctx.userClient({ username: 'tranemo.admin', roles: ['admin'], municipality: 'tranemo' });
  uAdmin = await ctx.userClient({ username: 'ulricehamn.admin', roles: ['admin'], municipality: 'ulricehamn' });
});
after(async () => {
  await ctx.close();
});

const stockholmDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short' }).format(new Date(iso));

describe('issue 16: a readable audit log (R-11.1)', () => {
  test('rows carry the actor’s name, a Swedish action and record kind, the record’s label and a link', async () => {
    const units = (await tAdmin.json<{ items: { id: string; level: string }[] }>('GET', '/api/v1/units')).body.items;
    const enhet = units.find((u) => u.level === 'enhet');
    assert.ok(enhet);
    const person = await tAdmin.json<{ id: string; version: number }>('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      unitId: enhet.id,
      firstName: 'Greta',
      lastName: 'Granskad',
      personRole: 'anstalld',
    });
    assert.equal(person.status, 201);
    assert.equal((await tAdmin.json('PATCH', `/api/v1/people/${person.body.id}`, { version: person.body.version, phone: '0325-1' })).status, 200);

    const res = await tAdmin.json<Page>('GET', `/api/v1/audit?entity=person&entityId=${person.body.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.items.map((e) => [e.actionText, e.entityText, e.label, e.link, e.actorName]),
      [
        ['Ändrad', 'Person', 'Greta Granskad', '/organisation/personer', 'tranemo.admin'],
        ['Skapad', 'Person', 'Greta Granskad', '/organisation/personer', 'tranemo.admin'],
      ],
    );
  });

  test('a row that does not name its record takes the name from the record’s creation row; the system acts without a name', async () => {
    const list = await it.json<{ id: string; year: number; version: number }>('GET', '/api/v1/price-lists/2023');
    assert.equal(list.status, 200);
    const copy = await it.json<{ id: string }>('POST', '/api/v1/price-lists/2023/copy');
    assert.equal(copy.status, 201);
    const rows = (await it.json<Page>('GET', `/api/v1/audit?entity=price_list&entityId=${copy.body.id}`)).body.items;
    assert.equal(rows[0]?.actionText, 'Kopierad till nästa år');
    assert.equal(rows[0]?.link, '/katalog/prislistor/2024');
    assert.match(rows[0]?.label ?? '', /2024/);
    const seed = (await it.json<Page>('GET', '/api/v1/audit?entity=installation')).body.items[0];
    assert.deepEqual([seed?.actorName, seed?.entityText, seed?.actionText], [null, 'Installation', 'Grunddata installerad']);
  });

  test('no row reads as a code: every action and kind in the trail has its Swedish text', async () => {
    const all = (await it.json<Page>('GET', '/api/v1/audit?limit=500')).body.items;
    assert.ok(all.length > 5);
    for (const e of all) {
      assert.notEqual(e.actionText, 'Annan händelse', `${e.entity}/${e.action} has no Swedish text`);
      assert.notEqual(e.entityText, 'Annan post', `${e.entity} has no Swedish name`);
      assert.doesNotMatch(e.label ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-/, 'a label is never an id');
    }
  });

  test('filters: actor by name, days (Europe/Stockholm) and record kind; municipality-scoped as before', async () => {
    const mine = (await it.json<Page>('GET', '/api/v1/audit?actor=tranemo.adm')).body.items;
    assert.ok(mine.length >= 2);
    assert.ok(mine.every((e) => e.actorName === 'tranemo.admin'));
    const byId = (await it.json<Page>(`GET`, `/api/v1/audit?actor=${mine[0]?.actorUserId ?? ''}`)).body.items;
    assert.deepEqual(
      byId.map((e) => e.id),
      mine.map((e) => e.id),
    );
    assert.equal((await it.json<Page>('GET', '/api/v1/audit?actor=finns-inte')).body.items.length, 0);

    const newest = mine[0];
    assert.ok(newest);
    const day = stockholmDate(newest.at);
    const sameDay = (await it.json<Page>('GET', `/api/v1/audit?actor=tranemo.admin&from=${day}&to=${day}`)).body.items;
    assert.ok(
      sameDay.some((e) => e.id === newest.id),
      'from/to include the whole day',
    );
    assert.equal((await it.json<Page>('GET', '/api/v1/audit?from=2001-01-01&to=2001-12-31')).body.items.length, 0);
    const bad = await it.json<{ errors: { field: string }[] }>('GET', '/api/v1/audit?from=2026-02-30');
    assert.equal(bad.status, 400);

    // An Ulricehamn administrator sees Ulricehamn's and shared rows, never Tranemo's person rows.
    const theirs = (await uAdmin.json<Page>('GET', '/api/v1/audit?entity=person&limit=500')).body.items;
    assert.ok(theirs.every((e) => e.municipalityId !== ctx.municipalities.tranemo));
    assert.equal((await uAdmin.json<Page>('GET', '/api/v1/audit?actor=tranemo.admin&entity=person')).body.items.length, 0);
  });
});

test('issue 16: audit rows are stamped by the app’s clock, so a day’s filter finds the day’s changes', async () => {
  // An app running as of a spring morning (not the test's default day): its audit rows carry that day.
  const spring = await testContext({ now: new Date('2027-03-15T09:00:00+01:00') });
  try {
    const admin = await spring.userClient({ username: 'var.admin', roles: ['admin'], municipality: 'tranemo' });
    const units = (await admin.json<{ items: { id: string; version: number; name: string }[] }>('GET', '/api/v1/units')).body.items;
    const unit = units[0];
    assert.ok(unit);
    assert.equal((await admin.json('PATCH', `/api/v1/units/${unit.id}`, { version: unit.version, name: `${unit.name} (vår)` })).status, 200);
    const rows = (await admin.json<Page>('GET', '/api/v1/audit?from=2027-03-15&to=2027-03-15&entity=unit')).body.items;
    assert.ok(
      rows.some((e) => e.entityId === unit.id && e.action === 'update'),
      JSON.stringify(rows.map((e) => [e.at, e.entity])),
    );
    assert.ok(rows.every((e) => stockholmDate(e.at) === '2027-03-15'));
  } finally {
    await spring.close();
  }
});
