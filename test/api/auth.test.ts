import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_PASSWORD, TestClient, testContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
before(async () => {
  // The in-process client has no socket: the test app trusts one proxy, so X-Forwarded-For names the client.
  ctx = await testContext({ env: { TRUST_PROXY: '1' } });
});
after(async () => {
  await ctx.close();
});

describe('service endpoints', () => {
  test('GET /api/health answers ok with the driver', async () => {
    const res = await ctx.app.request('/api/health');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; database: string };
    assert.equal(body.status, 'ok');
    assert.equal(body.database, process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
  test('OpenAPI document lists the v1 routes; docs page is served without a CDN', async () => {
    const doc = (await (await ctx.app.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/v1/auth/login', '/api/v1/units', '/api/v1/people', '/api/v1/users', '/api/v1/mission', '/api/v1/audit', '/api/v1/import/units']) {
      assert.ok(p in doc.paths, `${p} documented`);
    }
    const html = await (await ctx.app.request('/api/docs')).text();
    assert.match(html, /swagger-ui-bundle\.js/);
    assert.doesNotMatch(html, /https?:\/\/(?!localhost)/);
    const js = await ctx.app.request('/api/docs/swagger-ui-bundle.js');
    assert.equal(js.status, 200);
  });
  test('unknown API path is a problem document', async () => {
    const res = await ctx.app.request('/api/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});

describe('local sign-in and sessions', () => {
  test('a wrong password and an unknown user get the same 401', async () => {
    await ctx.userClient({ username: 'kalle', roles: ['end_user'], municipality: 'tranemo' });
    const c = new TestClient(ctx.app);
    const wrong = await c.json('POST', '/api/v1/auth/login', { username: 'kalle', password: 'nope-nope-nope' });
    const unknown = await c.json('POST', '/api/v1/auth/login', { username: 'nobody', password: 'nope-nope-nope' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal((wrong.body as { message_sv: string }).message_sv, 'Fel användarnamn eller lösenord.');
  });

  test('the session cookie is signed, HttpOnly and SameSite; logout ends it', async () => {
    await ctx.userClient({ username: 'lisa', roles: ['end_user'], municipality: 'tranemo' });
    const c = new TestClient(ctx.app);
    const res = await c.login('lisa', TEST_PASSWORD);
    assert.equal(res.status, 200);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('samdesk_session='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.equal((await c.get('/api/v1/auth/session')).status, 200);
    // A forged (unsigned) cookie is ignored.
    const forged = new TestClient(ctx.app);
    forged.cookie = 'samdesk_session=abc';
    assert.equal((await forged.get('/api/v1/auth/session')).status, 401);
    // The session's own value with an altered signature, or another value under its signature, is no
    // session either (the signature is checked with node:crypto, issue 17).
    const [value = '', signature = ''] = decodeURIComponent(c.cookie.slice('samdesk_session='.length)).split(/\.(?=[^.]*$)/);
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const tampered of [`${value}.${flipped}`, `${value.slice(0, -1)}${value.endsWith('a') ? 'b' : 'a'}.${signature}`, `${value}.`, value]) {
      forged.cookie = `samdesk_session=${encodeURIComponent(tampered)}`;
      assert.equal((await forged.get('/api/v1/auth/session')).status, 401, tampered);
    }
    const stolen = c.cookie;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    const replay = new TestClient(ctx.app);
    replay.cookie = stolen;
    assert.equal((await replay.get('/api/v1/auth/session')).status, 401, 'a logged-out session cannot be replayed');
  });

  test('CSRF: a cookie-authenticated write without the token, or from another origin, is refused', async () => {
    const admin = await ctx.userClient({ username: 'csrfadmin', roles: ['admin'], municipality: null });
    const noToken = await admin.request('PATCH', '/api/v1/me', { version: 1, locale: 'en' }, { 'x-csrf-token': 'wrong' });
    assert.equal(noToken.status, 403);
    assert.equal(((await noToken.json()) as { code: string }).code, 'csrf');
    const crossSite = await admin.request('PATCH', '/api/v1/me', { version: 1, locale: 'en' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const okay = await admin.json('PATCH', '/api/v1/me', { version: 1, locale: 'en' });
    assert.equal(okay.status, 200);
  });

  test('a one-time password must be changed before anything else', async () => {
    const admin = await ctx.userClient({ username: 'otpadmin', roles: ['admin'], municipality: null });
    const created = await admin.json<{ user: { id: string }; oneTimePassword: string }>('POST', '/api/v1/users', {
      username: 'nyanvandare',
      displayName: 'Ny Användare',
      municipalityId: ctx.municipalities.tranemo,
      roles: ['end_user'],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.oneTimePassword, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    const u = new TestClient(ctx.app);
    assert.equal((await u.login('nyanvandare', created.body.oneTimePassword)).status, 200);
    const blocked = await u.json<{ code: string }>('GET', '/api/v1/units');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    assert.equal((await u.get('/api/v1/calendar/closed-days?year=2024')).status, 200, 'public endpoints stay open');
    const short = await u.json<{ errors: { field: string }[] }>('POST', '/api/v1/auth/password', {
      currentPassword: created.body.oneTimePassword,
      newPassword: 'kort',
    });
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0]?.field, 'newPassword');
    const changed = await u.request('POST', '/api/v1/auth/password', { currentPassword: created.body.oneTimePassword, newPassword: 'ett-langt-nytt-losenord' });
    assert.equal(changed.status, 204);
    assert.equal((await u.get('/api/v1/units')).status, 200);
    const again = new TestClient(ctx.app);
    assert.equal((await again.login('nyanvandare', 'ett-langt-nytt-losenord')).status, 200);
  });

  test('a deactivated account cannot sign in and its sessions stop working', async () => {
    const admin = await ctx.userClient({ username: 'deactadmin', roles: ['admin'], municipality: null });
    const victim = await ctx.userClient({ username: 'slutat', roles: ['end_user'], municipality: 'ulricehamn' });
    const list = await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users');
    const row = list.body.items.find((u) => u.username === 'slutat');
    assert.ok(row);
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, active: false })).status, 200);
    assert.equal((await victim.get('/api/v1/auth/session')).status, 401);
    assert.equal((await new TestClient(ctx.app).login('slutat', TEST_PASSWORD)).status, 401);
  });
});

describe('password guessing (issue 16): per client, growing waits, counted atomically, audited', () => {
  /** Signs in from a client address (the test app trusts one proxy: TRUST_PROXY=1). */
  const loginFrom = (ip: string, username: string, password: string) =>
    new TestClient(ctx.app).request('POST', '/api/v1/auth/login', { username, password }, { 'x-forwarded-for': ip });
  const userKey = (ip: string, username: string) => `user:${ip}:${username}`;
  /** Lets a key's wait pass without waiting (no test reads the wall clock). */
  const endWait = (key: string) => ctx.database.query("UPDATE login_failures SET blocked_until = now() - interval '1 second' WHERE key = $1", [key]);
  const failedAudit = (username: string) =>
    ctx.database.query<{ entity: string; entity_id: string; actor_user_id: string | null; after: { username: string; ip: string; reason: string } }>(
      "SELECT entity, entity_id, actor_user_id, after FROM audit_log WHERE action = 'login_failed' AND lower(after->>'username') = $1 ORDER BY id",
      [username],
    );

  test('ten failures from one client make it wait for that username; another client signs in with the right password', async () => {
    await ctx.userClient({ username: 'gissad', roles: ['end_user'], municipality: 'tranemo' });
    for (let i = 0; i < 10; i++) assert.equal((await loginFrom('203.0.113.1', 'gissad', `fel-losenord-${i}`)).status, 401);
    const locked = await loginFrom('203.0.113.1', 'GISSAD', TEST_PASSWORD);
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('retry-after'), '30');
    assert.match(locked.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await locked.json()) as { code: string; message_sv: string; message_en: string; retryAfterSeconds: number };
    assert.deepEqual(
      { ...problem, errors: undefined, type: undefined, title: undefined, detail: undefined, status: undefined },
      {
        code: 'too_many_attempts',
        retryAfterSeconds: 30,
        errors: undefined,
        type: undefined,
        title: undefined,
        detail: undefined,
        status: undefined,
        message_sv: 'För många misslyckade inloggningar. Försök igen senare.',
        message_en: 'Too many failed sign-ins. Try again later.',
      },
    );
    // The right password from a client that has not failed is never refused.
    assert.equal((await loginFrom('198.51.100.7', 'gissad', TEST_PASSWORD)).status, 200);
    // The failing client is only held back for that username.
    await ctx.userClient({ username: 'ogissad', roles: ['end_user'], municipality: 'tranemo' });
    assert.equal((await loginFrom('203.0.113.1', 'ogissad', TEST_PASSWORD)).status, 200);
  });

  test('each further failure doubles the wait (30 s, 1 min, 2 min …)', async () => {
    await ctx.userClient({ username: 'envis', roles: ['end_user'], municipality: 'tranemo' });
    const ip = '203.0.113.2';
    for (let i = 0; i < 10; i++) assert.equal((await loginFrom(ip, 'envis', 'fel-fel-fel-fel')).status, 401);
    const waits: (string | null)[] = [];
    for (let round = 0; round < 3; round++) {
      waits.push((await loginFrom(ip, 'envis', 'fel-fel-fel-fel')).headers.get('retry-after'));
      await endWait(userKey(ip, 'envis'));
      assert.equal((await loginFrom(ip, 'envis', 'fel-fel-fel-fel')).status, 401, 'evaluated once the wait has passed');
    }
    waits.push((await loginFrom(ip, 'envis', TEST_PASSWORD)).headers.get('retry-after'));
    assert.deepEqual(waits, ['30', '60', '120', '240']);
  });

  test('50 parallel attempts evaluate exactly ten passwords; the rest answer 429', async () => {
    await ctx.userClient({ username: 'parallell', roles: ['end_user'], municipality: 'tranemo' });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => loginFrom('203.0.113.3', 'parallell', `fel-losenord-${i}`)));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 10);
    assert.equal(statuses.filter((s) => s === 429).length, 40);
    assert.equal((await failedAudit('parallell')).length, 10, 'one audit row per evaluated failure');
  });

  test('many usernames from one client (password spraying) hold that client back, not others', async () => {
    await ctx.userClient({ username: 'sprayad', roles: ['end_user'], municipality: 'tranemo' });
    const ip = '203.0.113.4';
    for (let i = 0; i < 50; i++) assert.equal((await loginFrom(ip, `anvandare${i}`, 'Sommar2026!')).status, 401);
    const held = await loginFrom(ip, 'sprayad', TEST_PASSWORD);
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '1');
    assert.equal((await loginFrom('198.51.100.8', 'sprayad', TEST_PASSWORD)).status, 200);
  });

  test('a sign-in gives its failures back: typos behind a shared address do not add up', async () => {
    await ctx.userClient({ username: 'slarvig', roles: ['end_user'], municipality: 'tranemo' });
    const ip = '203.0.113.5';
    for (let round = 0; round < 7; round++) {
      for (let i = 0; i < 9; i++) assert.equal((await loginFrom(ip, 'slarvig', 'fel-fel-fel-fel')).status, 401);
      assert.equal((await loginFrom(ip, 'slarvig', TEST_PASSWORD)).status, 200, `round ${round}`);
    }
    const [client] = await ctx.database.query<{ failures: number }>('SELECT failures FROM login_failures WHERE key = $1', [`ip:${ip}`]);
    assert.equal(Number(client?.failures), 0);
  });

  test('failed sign-ins are audited with the username tried, the address and the reason — never the password', async () => {
    await ctx.userClient({ username: 'granskad', roles: ['end_user'], municipality: 'ulricehamn' });
    const user = await ctx.database.query<{ id: string }>("SELECT id FROM users WHERE username = 'granskad'");
    await loginFrom('203.0.113.6', 'Granskad', 'hemligt-fel-losenord');
    await loginFrom('203.0.113.6', 'finnsinte', 'annat-hemligt-losenord');
    const rows = [...(await failedAudit('granskad')), ...(await failedAudit('finnsinte'))];
    assert.deepEqual(
      rows.map((r) => ({ ...r })),
      [
        { entity: 'user', entity_id: user[0]?.id, actor_user_id: null, after: { username: 'Granskad', ip: '203.0.113.6', reason: 'wrong_password' } },
        { entity: 'login', entity_id: 'finnsinte', actor_user_id: null, after: { username: 'finnsinte', ip: '203.0.113.6', reason: 'unknown_user' } },
      ],
    );
    assert.doesNotMatch(JSON.stringify(rows), /hemligt/);
  });

  test("without a trusted proxy, X-Forwarded-For is the client's own word and is ignored", async () => {
    const plain = await testContext();
    try {
      await plain.userClient({ username: 'forfalskad', roles: ['end_user'], municipality: 'tranemo' });
      for (let i = 0; i < 10; i++) {
        const r = await new TestClient(plain.app).request(
          'POST',
          '/api/v1/auth/login',
          { username: 'forfalskad', password: 'fel-fel-fel-fel' },
          { 'x-forwarded-for': `192.0.2.${i}` },
        );
        assert.equal(r.status, 401);
      }
      assert.equal(
        (
          await new TestClient(plain.app).request(
            'POST',
            '/api/v1/auth/login',
            { username: 'forfalskad', password: 'fel-fel-fel-fel' },
            { 'x-forwarded-for': '192.0.2.200' },
          )
        ).status,
        429,
      );
    } finally {
      await plain.close();
    }
  });
});

describe('sessions end when what they were granted on changes (issue 16)', () => {
  type UserRow = { id: string; username: string; version: number };
  const findUser = async (admin: TestClient, username: string) => {
    const list = await admin.json<{ items: UserRow[] }>('GET', '/api/v1/users');
    const row = list.body.items.find((u) => u.username === username);
    assert.ok(row);
    return row;
  };
  const signedIn = async (username: string) => {
    const c = new TestClient(ctx.app);
    assert.equal((await c.login(username, TEST_PASSWORD)).status, 200);
    return c;
  };

  test("changing one's own password ends the other sessions and keeps this one", async () => {
    const here = await ctx.userClient({ username: 'bytare', roles: ['end_user'], municipality: 'tranemo' });
    const elsewhere = await signedIn('bytare');
    assert.equal((await here.request('POST', '/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ett-helt-nytt-losenord' })).status, 204);
    assert.equal((await here.get('/api/v1/auth/session')).status, 200);
    assert.equal((await elsewhere.get('/api/v1/auth/session')).status, 401);
  });

  test("an administrator's password reset ends every session of the account", async () => {
    const admin = await ctx.userClient({ username: 'resetadmin', roles: ['admin'], municipality: null });
    const victim = await ctx.userClient({ username: 'aterstalld', roles: ['end_user'], municipality: 'tranemo' });
    const row = await findUser(admin, 'aterstalld');
    assert.equal((await admin.post(`/api/v1/users/${row.id}/reset-password`)).status, 200);
    assert.equal((await victim.get('/api/v1/auth/session')).status, 401);
  });

  test('a role change or a move to another municipality ends the sessions; a new display name does not', async () => {
    const admin = await ctx.userClient({ username: 'roladmin', roles: ['admin'], municipality: null });
    const user = await ctx.userClient({ username: 'flyttad', roles: ['end_user'], municipality: 'tranemo' });
    let row = await findUser(admin, 'flyttad');
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, displayName: 'Flyttad Person' })).status, 200);
    assert.equal((await user.get('/api/v1/auth/session')).status, 200, 'a harmless change keeps the session');
    row = await findUser(admin, 'flyttad');
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, roles: ['end_user', 'orderer'] })).status, 200);
    assert.equal((await user.get('/api/v1/auth/session')).status, 401, 'roles changed');
    const again = await signedIn('flyttad');
    row = await findUser(admin, 'flyttad');
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, municipalityId: ctx.municipalities.ulricehamn })).status, 200);
    assert.equal((await again.get('/api/v1/auth/session')).status, 401, 'municipality changed');
  });

  test("a deactivated account's sessions stay ended when it is activated again", async () => {
    const admin = await ctx.userClient({ username: 'aterAdmin', roles: ['admin'], municipality: null });
    const user = await ctx.userClient({ username: 'aterkommen', roles: ['end_user'], municipality: 'tranemo' });
    let row = await findUser(admin, 'aterkommen');
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, active: false })).status, 200);
    row = await findUser(admin, 'aterkommen');
    assert.equal((await admin.json('PATCH', `/api/v1/users/${row.id}`, { version: row.version, active: true })).status, 200);
    assert.equal((await user.get('/api/v1/auth/session')).status, 401);
  });
});
