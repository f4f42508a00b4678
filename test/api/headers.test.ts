/**
 * Issue 16, security headers (app/http.ts): a route's own Content-Security-Policy survives the
 * app-wide headers (the attachment download is sandboxed), HSTS is sent only where the site is https,
 * and the framework's own refusals are problem documents too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

describe('on a plain-http deployment', () => {
  let ctx: TestContext;
  let user: TestClient;
  before(async () => {
    ctx = await testContext({ env: { BASE_URL: 'http://samdesk.local:3000' } });
    user = await ctx.userClient({ username: 'tove', roles: ['end_user'], municipality: 'tranemo' });
  });
  after(async () => {
    await ctx.close();
  });

  test('an attachment keeps its own sandbox CSP; pages keep the app-wide one', async () => {
    const desks = await user.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const categoryId = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fel')?.id;
    const t = await user.json<{ id: string }>('POST', '/api/v1/tickets', { categoryId, subject: 'Skrivaren', description: 'Skriver inte ut.' });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    const up = await user.request('POST', `/api/v1/tickets/${t.body.id}/attachments?filename=sida.html`, '<script>alert(1)</script>', {
      'content-type': 'text/plain',
    });
    assert.equal(up.status, 201);
    const { id } = (await up.json()) as { id: string };
    const dl = await user.request('GET', `/api/v1/attachments/${id}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-security-policy'), "default-src 'none'; sandbox");
    const page = await user.request('GET', '/api/v1/auth/session');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
  });

  test('no Strict-Transport-Security over http', async () => {
    const res = await ctx.app.request('http://localhost/api/health');
    assert.equal(res.headers.get('strict-transport-security'), null);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a body of a type the route does not take is a 415 problem document', async () => {
    const res = await user.request('POST', '/api/v1/tickets', 'subject=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });
});

describe('on an https deployment', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await testContext({ env: { BASE_URL: 'https://samdesk.example.se' } });
  });
  after(async () => {
    await ctx.close();
  });

  test('Strict-Transport-Security is sent', async () => {
    const res = await ctx.app.request('http://localhost/api/health');
    assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=\d+/);
  });
});
