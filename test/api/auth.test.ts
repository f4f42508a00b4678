import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_PASSWORD, TestClient, testContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext();
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
      username: 'nyanvandare', displayName: 'Ny Användare', municipalityId: ctx.municipalities.tranemo, roles: ['end_user'],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.oneTimePassword, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
    const u = new TestClient(ctx.app);
    assert.equal((await u.login('nyanvandare', created.body.oneTimePassword)).status, 200);
    const blocked = await u.json<{ code: string }>('GET', '/api/v1/units');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    assert.equal((await u.get('/api/v1/calendar/closed-days?year=2024')).status, 200, 'public endpoints stay open');
    const short = await u.json<{ errors: { field: string }[] }>('POST', '/api/v1/auth/password', { currentPassword: created.body.oneTimePassword, newPassword: 'kort' });
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

describe('password guessing', () => {
  test('after 10 failures within 15 minutes the username is locked with 429 and Retry-After, even with the right password', async () => {
    await ctx.userClient({ username: 'gissad', roles: ['end_user'], municipality: 'tranemo' });
    const c = new TestClient(ctx.app);
    for (let i = 0; i < 10; i++) assert.equal((await c.login('gissad', `fel-losenord-${i}`)).status, 401);
    const locked = await c.login('GISSAD', TEST_PASSWORD);
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('retry-after'), '900');
    assert.equal(((await locked.json()) as { code: string }).code, 'too_many_attempts');
    // Another account is unaffected.
    await ctx.userClient({ username: 'ogissad', roles: ['end_user'], municipality: 'tranemo' });
    assert.equal((await new TestClient(ctx.app).login('ogissad', TEST_PASSWORD)).status, 200);
  });
  test('a successful sign-in clears earlier failures', async () => {
    await ctx.userClient({ username: 'slarvig', roles: ['end_user'], municipality: 'tranemo' });
    const c = new TestClient(ctx.app);
    for (let i = 0; i < 9; i++) await c.login('slarvig', 'fel-fel-fel-fel');
    assert.equal((await c.login('slarvig', TEST_PASSWORD)).status, 200);
    for (let i = 0; i < 9; i++) assert.equal((await c.login('slarvig', 'fel-fel-fel-fel')).status, 401);
    assert.equal((await c.login('slarvig', TEST_PASSWORD)).status, 200);
  });
});
