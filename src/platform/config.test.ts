import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: PGlite in ./data on port 3000', () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.dataDir, './data');
  assert.equal(c.port, 3000);
  assert.equal(c.baseUrl, 'http://localhost:3000');
  assert.equal(c.oidc, undefined);
  assert.equal(c.cookieSecure, false);
});

test('every problem is listed at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.length === 3 &&
      e.problems.some((p) => p.startsWith('PORT')) &&
      e.problems.some((p) => p.startsWith('DATABASE_URL')),
  );
});

test('OIDC settings come together or not at all', () => {
  assert.throws(() => loadConfig({ OIDC_ISSUER: 'https://login.example.se' }), ConfigError);
  const c = loadConfig({
    OIDC_ISSUER: 'https://login.example.se',
    OIDC_CLIENT_ID: 'samdesk',
    OIDC_CLIENT_SECRET: 's',
    BASE_URL: 'https://samdesk.example.se/',
  });
  assert.equal(c.oidc?.clientId, 'samdesk');
  assert.equal(c.baseUrl, 'https://samdesk.example.se');
  assert.equal(c.cookieSecure, true);
});

test('empty strings count as unset', () => {
  assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined);
});

test('issue 16: DMARC for mail senders is off by default; true/false only; an authserv-id is one name', () => {
  assert.equal(loadConfig({}).mail.requireDmarc, false);
  assert.equal(loadConfig({}).mail.authservId, undefined);
  const on = loadConfig({ MAIL_REQUIRE_DMARC: 'true', MAIL_AUTHSERV_ID: 'mx.tranemo.se' });
  assert.equal(on.mail.requireDmarc, true);
  assert.equal(on.mail.authservId, 'mx.tranemo.se');
  assert.equal(loadConfig({ MAIL_REQUIRE_DMARC: 'false' }).mail.requireDmarc, false);
  assert.throws(
    () => loadConfig({ MAIL_REQUIRE_DMARC: 'yes', MAIL_AUTHSERV_ID: 'mx tranemo' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.length === 2 &&
      e.problems.some((p) => p.startsWith('MAIL_REQUIRE_DMARC')) &&
      e.problems.some((p) => p.startsWith('MAIL_AUTHSERV_ID')),
  );
});
