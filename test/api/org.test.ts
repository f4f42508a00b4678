import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Unit = {
  id: string;
  municipalityId: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
  version: number;
  accountingCodes: Record<string, string>;
};
type Person = { id: string; municipalityId: string; firstName: string; lastName: string; version: number };
type Problem = {
  code: string;
  errors: { field: string; reason: string; reasonSv: string }[];
  message_sv: string;
  message_en: string;
  current?: { version: number };
};

let ctx: TestContext;
let it: TestClient; // IT admin, both municipalities
let tAdmin: TestClient; // Tranemo admin
let uAdmin: TestClient; // Ulricehamn admin
let uUnits: Unit[];
let tUnits: Unit[];
let uPerson: Person;

async function auditCount(entityId: string): Promise<number> {
  const rows = await ctx.database.query<{ n: string | number }>('select count(*) as n from audit_log where entity_id = $1', [entityId]);
  return Number(rows[0]?.n ?? 0);
}

before(async () => {
  ctx = await testContext();
  it = await ctx.userClient({ username: 'it-admin', roles: ['admin'], municipality: null });
  tAdmin = await ctx.userClient({ username: 't-admin', roles: ['admin'], municipality: 'tranemo' });
  uAdmin = await ctx.userClient({ username: 'u-admin', roles: ['admin'], municipality: 'ulricehamn' });
  uUnits = (await it.json<{ items: Unit[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`)).body.items;
  tUnits = (await it.json<{ items: Unit[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`)).body.items;
  const enhet = uUnits.find((u) => u.level === 'enhet');
  const created = await uAdmin.json<Person>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities.ulricehamn,
    unitId: enhet?.id,
    firstName: 'Ulla',
    lastName: 'Ulricsson',
    email: 'ulla@ulricehamn.se',
    personRole: 'anstalld',
  });
  assert.equal(created.status, 201);
  uPerson = created.body;
});
after(async () => {
  await ctx.close();
});

describe('R-1.1 built-in configuration', () => {
  test('both municipalities with their own unit trees and code strings', async () => {
    const ms = await it.json<{ items: { code: string; accountingFields: { key: string }[] }[] }>('GET', '/api/v1/municipalities');
    assert.deepEqual(ms.body.items.map((m) => m.code).sort(), ['tranemo', 'ulricehamn']);
    assert.ok(ms.body.items.every((m) => m.accountingFields.some((f) => f.key === 'ansvar')));
    for (const units of [tUnits, uUnits]) {
      assert.ok(units.some((u) => u.level === 'forvaltning'));
      assert.ok(units.some((u) => u.level === 'enhet'));
    }
    const teams = await it.json<{ items: { code: string; lines: number[] }[] }>('GET', '/api/v1/teams');
    assert.deepEqual(teams.body.items.map((t) => t.code).sort(), ['anvandarstod', 'infrastruktur', 'verksamhetsstod']);
  });
  test('the 2023 mission is in force and readable', async () => {
    const m = await it.json<{ year: number; document: { support: { intefunktion: { functions: unknown[] } } } }>('GET', '/api/v1/mission?date=2023-06-01');
    assert.equal(m.status, 200);
    assert.equal(m.body.year, 2023);
    assert.equal(m.body.document.support.intefunktion.functions.length, 14);
  });
});

describe('R-1.4 municipality isolation, per endpoint', () => {
  test('lists only show the own municipality', async () => {
    const ms = await tAdmin.json<{ items: { id: string }[] }>('GET', '/api/v1/municipalities');
    assert.deepEqual(
      ms.body.items.map((m) => m.id),
      [ctx.municipalities.tranemo],
    );
    const units = await tAdmin.json<{ items: Unit[] }>('GET', '/api/v1/units');
    assert.ok(units.body.items.length > 0);
    assert.ok(units.body.items.every((u) => u.municipalityId === ctx.municipalities.tranemo));
    const people = await tAdmin.json<{ items: Person[] }>('GET', '/api/v1/people?q=Ulla');
    assert.deepEqual(people.body.items, []);
    const users = await tAdmin.json<{ items: { municipalityId: string | null }[] }>('GET', '/api/v1/users');
    assert.ok(users.body.items.every((u) => u.municipalityId === ctx.municipalities.tranemo));
    const audit = await tAdmin.json<{ items: { municipalityId: string | null; entityId: string }[] }>('GET', '/api/v1/audit?limit=500');
    assert.ok(audit.body.items.every((a) => a.municipalityId !== ctx.municipalities.ulricehamn));
    assert.ok(!audit.body.items.some((a) => a.entityId === uPerson.id));
  });
  test('asking for the other municipality answers 404, never its data', async () => {
    const other = ctx.municipalities.ulricehamn;
    const unit = uUnits[0];
    assert.ok(unit);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/units?municipalityId=${other}`],
      ['GET', `/api/v1/people?municipalityId=${other}`],
      ['GET', `/api/v1/people/${uPerson.id}`],
      ['GET', `/api/v1/users?municipalityId=${other}`],
      ['PATCH', `/api/v1/units/${unit.id}`, { version: unit.version, name: 'Kapad' }],
      ['PATCH', `/api/v1/people/${uPerson.id}`, { version: uPerson.version, firstName: 'Kapad' }],
      ['POST', '/api/v1/units', { municipalityId: other, level: 'forvaltning', code: 'X', name: 'X', accountingCodes: { ansvar: '9999', verksamhet: '999' } }],
      ['POST', '/api/v1/people', { municipalityId: other, firstName: 'X', lastName: 'Y', personRole: 'anstalld' }],
    ];
    for (const [method, path, body] of attempts) {
      const r = await tAdmin.json<Problem>(method, path, body);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.body.code, 'not_found');
    }
    const imp = await tAdmin.request('POST', `/api/v1/import/units?municipalityId=${other}`, 'nivå,kod,namn\nförvaltning,Z,Z', { 'content-type': 'text/csv' });
    assert.equal(imp.status, 404);
    const unchanged = await it.json<Person>('GET', `/api/v1/people/${uPerson.id}`);
    assert.equal(unchanged.body.firstName, 'Ulla');
  });
  test('a municipality admin cannot create IT-wide or other-municipality accounts', async () => {
    const wide = await tAdmin.json<Problem>('POST', '/api/v1/users', { username: 'wide', displayName: 'W', municipalityId: null, roles: ['admin'] });
    assert.equal(wide.status, 403);
    const foreign = await tAdmin.json<Problem>('POST', '/api/v1/users', {
      username: 'foreign',
      displayName: 'F',
      municipalityId: ctx.municipalities.ulricehamn,
      roles: ['end_user'],
    });
    assert.equal(foreign.status, 403);
  });
  test('end users cannot administer', async () => {
    const user = await ctx.userClient({ username: 'vanlig', roles: ['end_user'], municipality: 'tranemo' });
    assert.equal((await user.get('/api/v1/people')).status, 403);
    assert.equal((await user.get('/api/v1/users')).status, 403);
    assert.equal((await user.get('/api/v1/audit')).status, 403);
    const u = await user.json('POST', '/api/v1/units', {
      municipalityId: ctx.municipalities.tranemo,
      level: 'forvaltning',
      code: 'Q',
      name: 'Q',
      accountingCodes: { ansvar: '12345', verksamhet: '1234' },
    });
    assert.equal(u.status, 403);
    assert.equal((await new (await import('../support/app.ts')).TestClient(ctx.app).get('/api/v1/units')).status, 401);
  });
});

describe('bad input: a clear 4xx naming the field, nothing stored', () => {
  const base = () => ({
    municipalityId: ctx.municipalities.tranemo,
    level: 'forvaltning',
    code: 'NY',
    name: 'Ny förvaltning',
    accountingCodes: { ansvar: '70000', verksamhet: '7000' },
  });
  const cases: [string, (b: Record<string, unknown>) => unknown, number, string][] = [
    ['unknown field', (b) => ({ ...b, surprise: true }), 400, 'surprise'],
    ['mass-assigned id', (b) => ({ ...b, id: '00000000-0000-4000-8000-000000000000' }), 400, 'id'],
    ['mass-assigned version', (b) => ({ ...b, version: 7 }), 400, 'version'],
    ['wrong type', (b) => ({ ...b, name: 42 }), 400, 'name'],
    ['empty name', (b) => ({ ...b, name: '   ' }), 400, 'name'],
    ['bad level', (b) => ({ ...b, level: 'kommun' }), 400, 'level'],
    ['bad uuid', (b) => ({ ...b, municipalityId: "1'; drop table units; --" }), 400, 'municipalityId'],
    ['accounting code pattern', (b) => ({ ...b, accountingCodes: { ansvar: 'abc', verksamhet: '7000' } }), 400, 'accountingCodes.ansvar'],
    ['missing required code', (b) => ({ ...b, accountingCodes: { ansvar: '70000' } }), 400, 'accountingCodes.verksamhet'],
    ['förvaltning with a parent', (b) => ({ ...b, parentId: tUnits[0]?.id }), 400, 'parentId'],
    ['enhet without a parent', (b) => ({ ...b, level: 'enhet' }), 400, 'parentId'],
  ];
  for (const [name, make, status, field] of cases) {
    test(name, async () => {
      const before = await ctx.database.query<{ n: number }>('select count(*)::int as n from units');
      const r = await tAdmin.json<Problem>('POST', '/api/v1/units', make(base()));
      assert.equal(r.status, status);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.ok(
        r.body.errors.some((e) => e.field === field),
        `names ${field}: ${JSON.stringify(r.body.errors)}`,
      );
      assert.ok(r.body.message_sv.length > 0 && r.body.message_en.length > 0);
      assert.ok(
        r.body.errors.every((e) => e.reasonSv.length > 0),
        'every field problem has a Swedish reason',
      );
      const afterCount = await ctx.database.query<{ n: number }>('select count(*)::int as n from units');
      assert.deepEqual(afterCount, before, 'nothing stored');
    });
  }
  test('malformed JSON', async () => {
    const r = await tAdmin.request('POST', '/api/v1/units', '{"municipalityId": ', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as Problem).code, 'malformed_json');
  });
  test('oversized body is 413 and the server keeps serving', async () => {
    const r = await tAdmin.request('POST', '/api/v1/units', JSON.stringify({ ...base(), name: 'x'.repeat(2_000_000) }), { 'content-type': 'application/json' });
    assert.equal(r.status, 413);
    assert.equal((await ctx.app.request('/api/health')).status, 200);
  });
  test('SQL and HTML metacharacters are stored as plain text', async () => {
    const name = `<script>alert("x")</script> '; DROP TABLE units; -- & "citat"`;
    const r = await tAdmin.json<Unit>('POST', '/api/v1/units', { ...base(), code: 'META', name });
    assert.equal(r.status, 201);
    assert.equal(r.body.name, name);
    const again = await tAdmin.json<{ items: Unit[] }>('GET', '/api/v1/units');
    assert.ok(again.body.items.some((u) => u.name === name));
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  });
  test('mass assignment through PATCH /me and PATCH people is rejected', async () => {
    const me = await tAdmin.json<Problem>('PATCH', '/api/v1/me', { version: 1, roles: ['admin'], municipalityId: null });
    assert.equal(me.status, 400);
    assert.deepEqual(me.body.errors.map((e) => e.field).sort(), ['municipalityId', 'roles']);
    assert.equal(me.body.errors[0]?.reasonSv, 'okänt fält');
    const p = await uAdmin.json<Problem>('PATCH', `/api/v1/people/${uPerson.id}`, { version: uPerson.version, municipalityId: ctx.municipalities.tranemo });
    assert.equal(p.status, 400);
    assert.equal(p.body.errors[0]?.field, 'municipalityId');
  });
  test('bad query parameters name the parameter', async () => {
    const r = await it.json<Problem>('GET', '/api/v1/people?limit=100000');
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0]?.field, 'query.limit');
    const c = await it.json<Problem>('GET', '/api/v1/people?cursor=not-a-cursor');
    assert.equal(c.status, 400);
    assert.equal(c.body.errors[0]?.field, 'query.cursor');
  });
});

describe('optimistic locking and audit', () => {
  test('two admins edit the same unit: one wins, the other gets 409 with the current record', async () => {
    const unit = tUnits.find((u) => u.level === 'enhet');
    assert.ok(unit);
    const first = await tAdmin.json<Unit>('PATCH', `/api/v1/units/${unit.id}`, { version: unit.version, name: 'Första namnet' });
    const second = await it.json<Problem>('PATCH', `/api/v1/units/${unit.id}`, { version: unit.version, name: 'Andra namnet' });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, unit.version + 1);
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'stale_version');
    assert.equal(second.body.current?.version, unit.version + 1);
    const now = await it.json<{ items: Unit[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
    assert.equal(now.body.items.find((u) => u.id === unit.id)?.name, 'Första namnet');
  });
  test('every change writes its audit row with before and after', async () => {
    const unit = tUnits.find((u) => u.level === 'verksamhet');
    assert.ok(unit);
    const n = await auditCount(unit.id);
    const r = await tAdmin.json<Unit>('PATCH', `/api/v1/units/${unit.id}`, { version: unit.version, name: 'Grundskola (ny)' });
    assert.equal(r.status, 200);
    assert.equal(await auditCount(unit.id), n + 1);
    const trail = await it.json<{ items: { action: string; before: { name: string }; after: { name: string } }[] }>(
      'GET',
      `/api/v1/audit?entity=unit&entityId=${unit.id}`,
    );
    assert.equal(trail.body.items[0]?.action, 'update');
    assert.equal(trail.body.items[0]?.before.name, unit.name);
    assert.equal(trail.body.items[0]?.after.name, 'Grundskola (ny)');
  });
  test('a failed change leaves neither the record nor an audit row', async () => {
    const total = await ctx.database.query<{ n: number }>('select count(*)::int as n from audit_log');
    const r = await tAdmin.json('POST', '/api/v1/units', {
      municipalityId: ctx.municipalities.tranemo,
      level: 'verksamhet',
      parentId: tUnits.find((u) => u.level === 'enhet')?.id,
      code: 'FEL',
      name: 'Fel',
      accountingCodes: { ansvar: '70000', verksamhet: '7000' },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(await ctx.database.query<{ n: number }>('select count(*)::int as n from audit_log'), total);
  });
  test('a duplicate unit code is a 409 conflict, not a 500', async () => {
    const existing = tUnits[0];
    assert.ok(existing);
    const r = await tAdmin.json<Problem>('POST', '/api/v1/units', {
      municipalityId: ctx.municipalities.tranemo,
      level: 'forvaltning',
      code: existing.code,
      name: 'Dubblett',
      accountingCodes: { ansvar: '70000', verksamhet: '7000' },
    });
    assert.equal(r.status, 409);
  });
  test('R-11.1: the database itself refuses to update, delete or truncate audit rows', async () => {
    await assert.rejects(ctx.database.query("update audit_log set action = 'forged'"), /append-only/);
    await assert.rejects(ctx.database.query('delete from audit_log'), /append-only/);
    await assert.rejects(ctx.database.query('truncate audit_log'), /append-only/);
  });
  test('passwords never reach the audit trail', async () => {
    const rows = await ctx.database.query<{ after: unknown }>("select after from audit_log where entity = 'user'");
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => !JSON.stringify(r.after).includes('$argon2')));
  });
});

describe('people: keyset pagination and search', () => {
  test('pages through everyone exactly once', async () => {
    const enhet = tUnits.find((u) => u.level === 'enhet');
    for (let i = 0; i < 7; i++) {
      const r = await tAdmin.json('POST', '/api/v1/people', {
        municipalityId: ctx.municipalities.tranemo,
        unitId: enhet?.id,
        firstName: `Person${i}`,
        lastName: i % 2 ? 'Åberg' : 'Andersson',
        personRole: 'anstalld',
        staffCategory: 'larare',
      });
      assert.equal(r.status, 201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Person[]; nextCursor: string | null } } = await tAdmin.json(
        'GET',
        `/api/v1/people?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    const found = await tAdmin.json<{ items: Person[] }>('GET', '/api/v1/people?q=%25');
    assert.equal(found.body.items.length, 0, 'LIKE wildcards in q are literal');
    const byName = await tAdmin.json<{ items: Person[] }>('GET', '/api/v1/people?q=åberg');
    assert.equal(byName.body.items.length, 3);
  });
});

describe('Swedish reasons', () => {
  test('schema errors use Swedish wording; rule errors carry their own Swedish text', async () => {
    const short = await tAdmin.json<Problem>('POST', '/api/v1/units', {
      municipalityId: ctx.municipalities.tranemo,
      level: 'forvaltning',
      code: 'SV',
      name: '',
      accountingCodes: {},
    });
    assert.equal(short.status, 400);
    // Issue 16: plain Swedish, not the validator's wording ("För lite(t): förväntade string …").
    assert.match(short.body.errors.find((e) => e.field === 'name')?.reasonSv ?? '', /obligatoriskt|tecken/);
    const rule = await tAdmin.json<Problem>('POST', '/api/v1/units', {
      municipalityId: ctx.municipalities.tranemo,
      level: 'enhet',
      code: 'SV2',
      name: 'Enhet',
      accountingCodes: { ansvar: '70000', verksamhet: '7000' },
    });
    assert.equal(rule.body.errors[0]?.reasonSv, 'en enhet måste ligga under en verksamhet');
  });
});

describe('issue 16: linking accounts to people, and so to the units they manage (R-1.4)', () => {
  test('an administrator links a unit manager to a person of the account’s municipality; the manager then reaches the person’s unit', async () => {
    const enhet = tUnits.find((u) => u.level === 'enhet');
    assert.ok(enhet);
    const person = await tAdmin.json<Person>('POST', '/api/v1/people', {
      municipalityId: ctx.municipalities.tranemo,
      unitId: enhet.id,
      firstName: 'Tove',
      lastName: 'Chefsson',
      email: 'tove.chef@tranemo.se',
      personRole: 'anstalld',
    });
    assert.equal(person.status, 201);
    const created = await tAdmin.json<{ user: { id: string; personId: string | null; version: number } }>('POST', '/api/v1/users', {
      username: 'tove.chef',
      displayName: 'Tove Chefsson',
      municipalityId: ctx.municipalities.tranemo,
      personId: person.body.id,
      roles: ['unit_manager'],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.user.personId, person.body.id, 'created with its person');
    const audit = await it.json<{ items: { action: string; after: { personId?: string } | null }[] }>(
      'GET',
      `/api/v1/audit?entity=user&entityId=${created.body.user.id}`,
    );
    assert.equal(audit.body.items[0]?.after?.personId, person.body.id, 'the link is in the audit row');

    // The manager's units follow the person: before the link none, after it the person's unit.
    const manager = await ctx.userClient({ username: 'tove.chef2', roles: ['unit_manager'], municipality: 'tranemo' });
    const before = await manager.json<{ items: { id: string; via: string }[] }>('GET', '/api/v1/orders/orderable-units');
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.deepEqual(before.body.items, [], 'no person, no unit to manage');
    const account = (await tAdmin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
      (u) => u.username === 'tove.chef2',
    );
    assert.ok(account);
    const linked = await tAdmin.json<{ personId: string | null; version: number }>('PATCH', `/api/v1/users/${account.id}`, {
      version: account.version,
      personId: person.body.id,
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    const units = await manager.json<{ items: { id: string; via: string }[] }>('GET', '/api/v1/orders/orderable-units');
    assert.deepEqual(
      units.body.items.map((u) => [u.id, u.via]),
      [[enhet.id, 'manager']],
    );

    // Unlinking is an ordinary change too.
    const unlinked = await tAdmin.json<{ personId: string | null }>('PATCH', `/api/v1/users/${account.id}`, { version: linked.body.version, personId: null });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.personId, null);
    assert.deepEqual((await manager.json<{ items: unknown[] }>('GET', '/api/v1/orders/orderable-units')).body.items, []);
  });

  test('a person of the other municipality, or a link on an account for both municipalities, is refused naming the person field', async () => {
    const foreign = await tAdmin.json<Problem>('POST', '/api/v1/users', {
      username: 'fel.person',
      displayName: 'F',
      municipalityId: ctx.municipalities.tranemo,
      personId: uPerson.id,
      roles: ['unit_manager'],
    });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.errors[0]?.field, 'personId');
    assert.equal(foreign.body.errors[0]?.reasonSv, 'personen finns inte i kontots kommun');
    const wide = await it.json<Problem>('POST', '/api/v1/users', {
      username: 'bred.person',
      displayName: 'B',
      municipalityId: null,
      personId: uPerson.id,
      roles: ['it_strategist'],
    });
    assert.equal(wide.status, 400);
    assert.deepEqual(
      wide.body.errors.map((e) => e.field),
      ['personId'],
    );
    const account = await uAdmin.json<{ user: { id: string; version: number } }>('POST', '/api/v1/users', {
      username: 'flyttas',
      displayName: 'Flyttas',
      municipalityId: ctx.municipalities.ulricehamn,
      personId: uPerson.id,
      roles: ['end_user'],
    });
    assert.equal(account.status, 201, JSON.stringify(account.body));
    const moved = await it.json<Problem>('PATCH', `/api/v1/users/${account.body.user.id}`, {
      version: account.body.user.version,
      municipalityId: ctx.municipalities.tranemo,
    });
    assert.equal(moved.status, 400, 'moving the account keeps its person only within the new municipality');
    assert.equal(moved.body.errors[0]?.field, 'personId');
    const users = await ctx.database.query<{ n: number }>("select count(*)::int as n from users where username in ('fel.person', 'bred.person')");
    assert.equal(users[0]?.n, 0, 'nothing stored');
  });
});
