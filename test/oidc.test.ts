import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { users } from '../src/org/schema.ts';
import { auditLog } from '../src/platform/audit/schema.ts';
import { boot } from '../src/app/boot.ts';
import { loadConfig } from '../src/platform/config.ts';
import { testContext, type TestClient, type TestContext } from './support/app.ts';
import { CookieJar, browserFetch, loopbackServer, serveApp, startTestIdp, type IdpAccount, type LoopbackServer, type TestIdp } from './support/oidc.ts';

/**
 * sign-in through OpenID Connect, end to end against a local oidc-provider. `fetch` plays
 * the browser: redirects by hand, cookies per host in a jar.
 */

const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const LABEL = 'Logga in med Tranemo kommuns konto';

const kari: IdpAccount = { sub: 'idp-0c5e1f-kari', email: 'Kari.Nordmann@tranemo.se', name: 'Kari Nordmann' };
const stranger: IdpAccount = { sub: 'idp-77aa02-okand', email: 'okand.person@tranemo.se', name: 'Okänd Person' };

interface Problem {
  code: string;
  status: number;
}

let ctx: TestContext;
let idp: TestIdp;
let samdesk: LoopbackServer;
let admin: TestClient;
let kariId: string;
let kariOneTimePassword: string;

before(async () => {
  // Samdesk's address first: BASE_URL (and so the redirect URI) must be known before it boots.
  samdesk = await loopbackServer();
  idp = await startTestIdp({ redirectUri: `${samdesk.url}${CALLBACK_PATH}`, accounts: [kari, stranger] });
  ctx = await testContext({
    env: { BASE_URL: samdesk.url, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret, OIDC_LABEL: LABEL },
  });
  serveApp(samdesk, ctx);
  admin = await ctx.userClient({ username: 'admin.oidc', roles: ['admin'] });
  // An administrator creates Kari's account the ordinary way: e-mail known, no OIDC subject yet.
  const created = await admin.json<{ user: { id: string; hasOidc: boolean; mustChangePassword: boolean }; oneTimePassword: string }>('POST', '/api/v1/users', {
    username: 'kari.nordmann',
    email: 'kari.nordmann@tranemo.se',
    displayName: 'Kari Nordmann',
    municipalityId: ctx.municipalities.tranemo,
    roles: ['end_user'],
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.user.hasOidc, false);
  assert.equal(created.body.user.mustChangePassword, true, 'an administrator-created account starts with a one-time password');
  kariId = created.body.user.id;
  kariOneTimePassword = created.body.oneTimePassword;
});

after(async () => {
  await samdesk?.close();
  await idp?.close();
  await ctx?.close();
});

/**
 * Starts at Samdesk's /oidc/login and walks the redirects through the provider, answering its login
 * form as `account` and its consent form, until the provider sends the browser back to Samdesk's
 * callback; answers the callback's response (not followed) and the provider prompts that were shown.
 */
async function signIn(jar: CookieJar, account: IdpAccount, tamper?: (callbackUrl: URL) => void): Promise<{ callback: Response; prompts: string[] }> {
  const start = await browserFetch(jar, `${samdesk.url}/api/v1/auth/oidc/login`);
  assert.equal(start.status, 302);
  assert.ok(jar.get(samdesk.url, 'samdesk_oidc'), 'the login sets the short-lived OIDC cookie');
  let url = new URL(start.headers.get('location') ?? '');
  assert.equal(url.origin, idp.issuer, 'the login redirects to the provider');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  const prompts: string[] = [];
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin === samdesk.url) {
      assert.equal(url.pathname, CALLBACK_PATH);
      tamper?.(url);
      return { callback: await browserFetch(jar, url), prompts };
    }
    let res = await browserFetch(jar, url);
    if (res.status === 200) {
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && prompt, `a login or consent form at ${url.pathname}`);
      prompts.push(prompt);
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: account.sub, password: 'whatever' } : { prompt };
      res = await browserFetch(jar, new URL(action.replaceAll('&amp;', '&'), url), { form });
    }
    assert.ok(res.status >= 300 && res.status < 400, `redirect expected from ${url.pathname}, got ${res.status}: ${await res.text()}`);
    url = new URL(res.headers.get('location') ?? '', url);
  }
  throw new Error('too many redirects');
}

async function sessionOf(jar: CookieJar) {
  const res = await browserFetch(jar, `${samdesk.url}/api/v1/auth/session`);
  return { status: res.status, body: (await res.json()) as { user: { id: string; username: string; mustChangePassword: boolean } } };
}

async function problemOf(res: Response): Promise<Problem> {
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  return (await res.json()) as Problem;
}

/** The Samdesk cookies in a jar. */
const samdeskCookies = (jar: CookieJar) => ({ session: jar.get(samdesk.url, 'samdesk_session'), oidc: jar.get(samdesk.url, 'samdesk_oidc') });

const auditRows = (action: string) =>
  ctx.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, kariId), eq(auditLog.action, action)));

describe('OIDC sign-in against a local identity provider', () => {
  test('providers answers the configured label', async () => {
    const res = await browserFetch(new CookieJar(), `${samdesk.url}/api/v1/auth/providers`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { local: true, oidc: { label: LABEL } });
  });

  const kariJar = new CookieJar();

  test('first sign-in matches the not-yet-linked user by e-mail, links the subject and starts a session', async () => {
    const { callback, prompts } = await signIn(kariJar, kari);
    assert.deepEqual(prompts, ['login', 'consent']);
    assert.equal(callback.status, 302, await callback.clone().text());
    assert.equal(callback.headers.get('location'), '/');
    assert.ok(samdeskCookies(kariJar).session, 'a samdesk_session cookie is set');
    assert.equal(samdeskCookies(kariJar).oidc, undefined, 'the OIDC cookie is spent');
    assert.equal(callback.headers.getSetCookie().filter((c) => c.startsWith('samdesk_oidc=')).length, 1);

    const session = await sessionOf(kariJar);
    assert.equal(session.status, 200);
    assert.equal(session.body.user.id, kariId);
    assert.equal(session.body.user.username, 'kari.nordmann');
    // Signed in through the provider, the unused one-time password no longer confines the session.
    assert.equal(session.body.user.mustChangePassword, false);

    const [row] = await ctx.database.db.select().from(users).where(eq(users.id, kariId));
    assert.equal(row?.oidcSubject, kari.sub);
    assert.equal(row?.passwordHash, null, 'the one-time password is voided');
    const listed = await admin.json<{ items: { id: string; hasOidc: boolean; hasPassword: boolean }[] }>('GET', '/api/v1/users');
    const listedKari = listed.body.items.find((u) => u.id === kariId);
    assert.equal(listedKari?.hasOidc, true);
    assert.equal(listedKari?.hasPassword, false);
    const local = await ctx.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'kari.nordmann', password: kariOneTimePassword }),
    });
    assert.equal(local.status, 401, 'the voided one-time password no longer signs in');
    assert.equal((await auditRows('void_one_time_password')).length, 1);

    const links = await auditRows('link_oidc');
    assert.equal(links.length, 1);
    assert.equal(links[0]?.actorUserId, kariId);
    assert.equal((links[0]?.after as { hasOidc?: boolean } | null)?.hasOidc, true);
    const logins = await auditRows('login');
    assert.deepEqual(
      logins.map((l) => l.after),
      [{ method: 'oidc' }],
    );
  });

  test('second sign-in is matched by subject, even after the e-mail changed at the provider', async () => {
    kari.email = 'kari.nordmann@ulricehamn.se';
    try {
      const { callback, prompts } = await signIn(kariJar, kari);
      // The provider remembers the session and the grant: straight back to Samdesk.
      assert.deepEqual(prompts, []);
      assert.equal(callback.status, 302, await callback.clone().text());
      assert.equal(callback.headers.get('location'), '/');
      const session = await sessionOf(kariJar);
      assert.equal(session.status, 200);
      assert.equal(session.body.user.id, kariId);
    } finally {
      kari.email = 'Kari.Nordmann@tranemo.se';
    }
    assert.equal((await auditRows('link_oidc')).length, 1, 'no second link');
    assert.equal((await auditRows('login')).length, 2);
  });

  test('an account unknown to Samdesk is refused with 403 oidc_unknown_user and no session', async () => {
    const strangerJar = new CookieJar();
    const { callback, prompts } = await signIn(strangerJar, stranger);
    assert.deepEqual(prompts, ['login', 'consent']);
    assert.equal(callback.status, 403);
    assert.equal((await problemOf(callback)).code, 'oidc_unknown_user');
    assert.ok(!callback.headers.getSetCookie().some((c) => c.startsWith('samdesk_session=')), 'no session cookie');
    assert.equal(samdeskCookies(strangerJar).session, undefined);
    assert.equal(samdeskCookies(strangerJar).oidc, undefined, 'the OIDC cookie is spent');
    assert.equal((await sessionOf(strangerJar)).status, 401);
    const rows = await ctx.database.db.select().from(users).where(eq(users.oidcSubject, stranger.sub));
    assert.equal(rows.length, 0);
  });

  test('a callback without the OIDC cookie is 401 oidc_failed', async () => {
    const emptyJar = new CookieJar();
    const res = await browserFetch(emptyJar, `${samdesk.url}${CALLBACK_PATH}?code=bogus&state=bogus&iss=${encodeURIComponent(idp.issuer)}`);
    assert.equal(res.status, 401);
    assert.equal((await problemOf(res)).code, 'oidc_failed');
    assert.equal(samdeskCookies(emptyJar).session, undefined);
  });

  test('a callback whose state was tampered with is 401 oidc_failed, even with a genuine code', async () => {
    const tamperJar = new CookieJar();
    const { callback } = await signIn(tamperJar, kari, (url) => {
      assert.ok(url.searchParams.get('code'), 'the provider issued a code');
      url.searchParams.set('state', 'tampered');
    });
    assert.equal(callback.status, 401);
    assert.equal((await problemOf(callback)).code, 'oidc_failed');
    assert.equal(samdeskCookies(tamperJar).session, undefined);
    assert.equal(samdeskCookies(tamperJar).oidc, undefined, 'the OIDC cookie is spent');
  });

  test('a forged OIDC cookie (bad signature) is 401 oidc_failed', async () => {
    const cookie = `samdesk_oidc=${encodeURIComponent(JSON.stringify({ v: 'x', s: 'bogus', n: 'y' }))}.AAAA`;
    const res = await fetch(`${samdesk.url}${CALLBACK_PATH}?code=bogus&state=bogus`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(res.status, 401);
    assert.equal((await problemOf(res)).code, 'oidc_failed');
  });
});

describe('OIDC not configured', () => {
  // The same database booted with a configuration that has no OIDC_* settings (a second fresh
  // database would double the file's run time for nothing).
  let plain: Awaited<ReturnType<typeof boot>>['app'];
  before(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', BASE_URL: samdesk.url });
    assert.equal(config.oidc, undefined);
    plain = (await boot(config, { database: ctx.database, logger: ctx.deps.logger })).app;
  });

  test('login and callback are 404 oidc_disabled; providers says oidc: null', async () => {
    const login = await plain.request('/api/v1/auth/oidc/login');
    assert.equal(login.status, 404);
    assert.equal((await problemOf(login)).code, 'oidc_disabled');
    const callback = await plain.request(`${CALLBACK_PATH}?code=x&state=y`);
    assert.equal(callback.status, 404);
    assert.equal((await problemOf(callback)).code, 'oidc_disabled');
    const providers = await plain.request('/api/v1/auth/providers');
    assert.equal(providers.status, 200);
    assert.deepEqual(await providers.json(), { local: true, oidc: null });
  });
});
