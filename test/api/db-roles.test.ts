import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { createUser } from '../../src/org/service.ts';
import { boot, type BootResult } from '../../src/app/boot.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/client.ts';
import { TEST_PASSWORD, TestClient } from '../support/app.ts';

/**
 * Issue 16: the audit log is append-only by a trigger, and only the owner of a table can switch a
 * trigger off. Run as a role that owns nothing (DATABASE_URL), with migrations run by the owner
 * (MIGRATION_DATABASE_URL), the app works and cannot rewrite history.
 *
 * PostgreSQL only: PGlite has no roles, so on PGlite this file reports itself skipped with that
 * reason. CI runs it on PostgreSQL twice — in the full suite (the test creates and drops its own
 * role) and in its own step with the role an operator creates by psql (SAMDESK_TEST_RUNTIME_ROLE).
 */
const serverUrl = process.env.DATABASE_URL;
const skip = serverUrl ? false : 'PGlite has no database roles; CI runs this on PostgreSQL (.ci/run)';

describe('running as a database role that does not own the tables', { skip }, () => {
  const name = `samdesk_t_${randomBytes(6).toString('hex')}`;
  const givenRole = process.env.SAMDESK_TEST_RUNTIME_ROLE;
  const role = givenRole ?? `samdesk_rt_${randomBytes(4).toString('hex')}`;
  let booted: BootResult;
  let ownerUrl: string;
  let runtimeUrl: string;

  const asSuperuser = async (text: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };

  before(async () => {
    if (!givenRole) await asSuperuser(`CREATE ROLE ${role} LOGIN`);
    await asSuperuser(`CREATE DATABASE ${name}`);
    const owner = new URL(serverUrl!);
    owner.pathname = `/${name}`;
    ownerUrl = owner.href;
    const runtime = new URL(ownerUrl);
    runtime.username = role;
    runtime.password = '';
    runtimeUrl = runtime.href;
    const config = loadConfig({ DATABASE_URL: runtimeUrl, MIGRATION_DATABASE_URL: ownerUrl, DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
    booted = await boot(config, { logger: pino({ level: 'silent' }) });
  });

  after(async () => {
    await booted?.deps.database.close();
    await asSuperuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (!givenRole) await asSuperuser(`DROP ROLE IF EXISTS ${role}`);
  });

  test('the app connects as the runtime role, which owns no table', async () => {
    const database = booted.deps.database;
    const [me] = await database.query<{ role: string; owned: string }>(
      "SELECT current_user AS role, (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owned",
    );
    assert.deepEqual({ role: me?.role, owned: Number(me?.owned) }, { role, owned: 0 });
  });

  test('the app works: sign in, change a record, and the audit row is written', async () => {
    const db = booted.deps.database.db;
    await createUser(db, null, {
      username: 'rolladmin',
      displayName: 'Roll Admin',
      email: null,
      municipalityId: null,
      personId: null,
      roles: ['admin'],
      teamId: null,
      line: null,
      locale: 'sv',
      password: TEST_PASSWORD,
    });
    const admin = new TestClient(booted.app);
    assert.equal((await admin.login('rolladmin', TEST_PASSWORD)).status, 200);
    const me = await admin.json<{ user: { version: number } }>('GET', '/api/v1/auth/session');
    assert.equal(me.status, 200);
    assert.equal((await admin.json('PATCH', '/api/v1/me', { version: me.body.user.version, locale: 'en' })).status, 200);
    const wrong = await new TestClient(booted.app).login('rolladmin', 'fel-fel-fel-fel');
    assert.equal(wrong.status, 401, 'the sign-in throttle works under the runtime role');
    const actions = await booted.deps.database.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action IN ('login', 'update_profile', 'login_failed') ORDER BY id",
    );
    assert.deepEqual(
      actions.map((a) => a.action),
      ['login', 'update_profile', 'login_failed'],
    );
  });

  test('the runtime role cannot switch off the audit trigger, nor update, delete or truncate the audit log', async () => {
    const database = booted.deps.database;
    const refused: [string, RegExp][] = [
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete', /must be owner/],
      ['ALTER TABLE audit_log DISABLE TRIGGER ALL', /must be owner/],
      ['DROP TRIGGER audit_log_no_update_delete ON audit_log', /must be owner/],
      ["UPDATE audit_log SET action = 'rewritten'", /permission denied/],
      ['DELETE FROM audit_log', /permission denied/],
      ['TRUNCATE audit_log', /permission denied/],
      ['CREATE TABLE public.shadow (id int)', /permission denied/],
    ];
    for (const [statement, message] of refused) await assert.rejects(database.query(statement), message, statement);
    const [count] = await database.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'rewritten'");
    assert.equal(Number(count?.n), 0);
  });

  test('a start with only the runtime role finds nothing to migrate and goes on', async () => {
    const runtimeOnly = await openDatabase({ databaseUrl: runtimeUrl });
    try {
      await runtimeOnly.migrate();
      const [row] = await runtimeOnly.query<{ n: string }>('SELECT count(*) AS n FROM users');
      assert.ok(Number(row?.n) >= 1);
    } finally {
      await runtimeOnly.close();
    }
  });
});
