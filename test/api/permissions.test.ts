/**
 * Issue 17: what a user may reach is answered by the capabilities' named policies, sent with the
 * session (`user.can`), and the API refuses exactly what the session says is not theirs. Each row pairs
 * a permission with a request that needs it; every account below must get 403 exactly where its `can`
 * says false.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PERMISSIONS, type Permission } from '../../src/app/permissions.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

let ctx: TestContext;
const clients = new Map<string, TestClient>();

before(async () => {
  ctx = await testContext();
  const accounts: Parameters<TestContext['userClient']>[0][] = [
    { username: 'it.admin', roles: ['admin'], municipality: null },
    { username: 'tranemo.admin', roles: ['admin'], municipality: 'tranemo' },
    { username: 'ekonom', roles: ['finance'], municipality: 'tranemo' },
    { username: 'chef', roles: ['unit_manager'], municipality: 'tranemo' },
    { username: 'agent.team', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 },
    { username: 'anvandare', roles: ['end_user'], municipality: 'ulricehamn' },
    { username: 'ledning', roles: ['it_management'], municipality: null },
  ];
  for (const a of accounts) clients.set(a.username, await ctx.userClient(a));
});
after(async () => {
  await ctx.close();
});

type Session = { user: { can: Record<string, boolean>; roles: string[] } };

/** A request each permission stands for (read-only, so every account can be probed). */
const PROBES: Partial<Record<Permission, string>> = {
  readsAuditLog: '/api/v1/audit',
  handlesMailQuarantine: '/api/v1/mail/quarantine',
  readsBilling: '/api/v1/billing/subscriptions',
  readsSurveyAnswers: '/api/v1/surveys',
  readsPeople: '/api/v1/people',
  administersOrganisation: '/api/v1/users',
};

test('the session names every permission, each a yes or no', async () => {
  for (const [name, client] of clients) {
    const session = await client.json<Session>('GET', '/api/v1/auth/session');
    assert.equal(session.status, 200);
    assert.deepEqual(Object.keys(session.body.user.can).sort(), Object.keys(PERMISSIONS).sort(), name);
    assert.ok(
      Object.values(session.body.user.can).every((v) => typeof v === 'boolean'),
      name,
    );
  }
});

test('the API refuses exactly what the session says the user may not reach', async () => {
  for (const [name, client] of clients) {
    const { can } = (await client.json<Session>('GET', '/api/v1/auth/session')).body.user;
    for (const [permission, path] of Object.entries(PROBES)) {
      const res = await client.json('GET', path);
      assert.equal(res.status === 403, !can[permission], `${name} ${permission} → ${path} answered ${res.status}`);
    }
  }
});

test('the answers follow the mission’s roles (R-1.4) for a few accounts', async () => {
  const can = async (name: string) => (await clients.get(name)!.json<Session>('GET', '/api/v1/auth/session')).body.user.can;
  const admin = await can('it.admin');
  const localAdmin = await can('tranemo.admin');
  assert.equal(admin.changesCatalogue, true);
  assert.equal(localAdmin.changesCatalogue, false, 'the shared catalogue is changed by administrators spanning both municipalities');
  assert.equal(localAdmin.handlesMailQuarantine, false);
  assert.equal((await can('ekonom')).runsBilling, true);
  assert.equal((await can('chef')).runsBilling, false);
  assert.equal((await can('chef')).readsBilling, true);
  assert.equal((await can('agent.team')).readsSurveyAnswers, true);
  const user = await can('anvandare');
  assert.ok(
    Object.values(user).every((v) => v === false),
    'an end user reaches none of these',
  );
});

test('the users an administrator may make desk agents come from the server by role, not from a role rule in the page', async () => {
  const admin = clients.get('it.admin')!;
  const agents = await admin.json<{ items: { username: string; roles: string[]; active: boolean }[] }>('GET', '/api/v1/users?role=agent');
  assert.equal(agents.status, 200);
  assert.ok(agents.body.items.some((u) => u.username === 'agent.team'));
  assert.ok(
    agents.body.items.every((u) => u.active && u.roles.includes('agent')),
    JSON.stringify(agents.body.items.map((u) => u.username)),
  );
  assert.equal((await admin.json('GET', '/api/v1/users?role=chef')).status, 400, 'an unknown role is refused');
});

test('a ticket comes with what the signed-in user may do with it: the statuses they may move it to', async () => {
  const requester = clients.get('anvandare')!;
  const desks = await requester.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
  const categoryId = desks.body.items.find((d) => d.isIt)!.categories.find((c) => c.code === 'fraga')!.id;
  const created = await requester.json<{ id: string }>('POST', '/api/v1/tickets', { categoryId, subject: 'Hur byter jag skrivare?', description: 'Fråga.' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  type Detail = { actions: { statusChanges: string[] } };
  const asRequester = await requester.json<Detail>('GET', `/api/v1/tickets/${created.body.id}`);
  const asAgent = await clients.get('agent.team')!.json<Detail>('GET', `/api/v1/tickets/${created.body.id}`);
  assert.deepEqual(asRequester.body.actions.statusChanges, ['solved'], 'the requester may only mark a new ticket solved');
  assert.deepEqual(asAgent.body.actions.statusChanges, ['open', 'waiting', 'solved']);
});
