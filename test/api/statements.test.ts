/**
 * Issue 17 §4: a read sends at most three statements, whatever the ticket holds — its children come
 * with it (JSON arrays in one statement), the mission and the calendar from their caches. Counted at
 * the query builder (Database.statements), on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Desk = { id: string; isIt: boolean; categories: { id: string; code: string }[] };
type Ticket = {
  id: string;
  version: number;
  messages: unknown[];
  history: unknown[];
  timeEntries: unknown[];
  attachments: unknown[];
  assignee: { name: string } | null;
  unit: { id: string } | null;
};

let ctx: TestContext;
let requester: TestClient;
let agent: TestClient;
let ticketId = '';

/** The statements one request sends, after one warm-up request (the caches fill on first use). */
async function statementsOf(client: TestClient, path: string): Promise<number> {
  assert.equal((await client.get(path)).status, 200);
  const before = ctx.database.statements();
  const res = await client.get(path);
  assert.equal(res.status, 200, await res.clone().text());
  await res.arrayBuffer();
  const n = ctx.database.statements() - before;
  return n;
}

before(async () => {
  ctx = await testContext();
  requester = await ctx.userClient({ username: 'tove', roles: ['end_user'], municipality: 'tranemo' });
  agent = await ctx.userClient({ username: 'forsta', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  const desks = await requester.json<{ items: Desk[] }>('GET', '/api/v1/desks');
  const categoryId = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fel')?.id;
  assert.ok(categoryId);
  // A ticket with something in every child: messages, an internal note, history, time and an assignee.
  const created = await requester.json<Ticket>('POST', '/api/v1/tickets', {
    categoryId,
    subject: 'Skärmen flimrar',
    description: 'Den flimrar när jag startar datorn.',
  });
  assert.equal(created.status, 201);
  ticketId = created.body.id;
  const me = await agent.json<{ user: { id: string } }>('GET', '/api/v1/auth/session');
  const assigned = await agent.json<Ticket>('POST', `/api/v1/tickets/${ticketId}/assign`, { version: created.body.version, assigneeUserId: me.body.user.id });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal((await agent.json('POST', `/api/v1/tickets/${ticketId}/messages`, { body: 'Vilken skärm är det?', visibility: 'public' })).status, 200);
  assert.equal((await agent.json('POST', `/api/v1/tickets/${ticketId}/messages`, { body: 'Troligen kabeln.', visibility: 'internal' })).status, 200);
  assert.equal((await agent.json('POST', `/api/v1/tickets/${ticketId}/time`, { startedAt: '2026-01-12T09:00:00+01:00', minutes: 15, note: null })).status, 200);
});
after(async () => {
  await ctx.close();
});

test('issue 17: an agent reads a full ticket with at most three statements, children included', async () => {
  const read = await agent.json<Ticket>('GET', `/api/v1/tickets/${ticketId}`);
  assert.equal(read.body.messages.length, 2);
  assert.ok(read.body.history.length >= 2);
  assert.equal(read.body.timeEntries.length, 1);
  assert.ok(read.body.assignee);
  const n = await statementsOf(agent, `/api/v1/tickets/${ticketId}`);
  assert.ok(n >= 1 && n <= 3, `a ticket read sent ${n} statements`);
});

test('issue 17: the requester reads their ticket with at most three statements and sees no internal note', async () => {
  const read = await requester.json<Ticket>('GET', `/api/v1/tickets/${ticketId}`);
  assert.equal(read.body.messages.length, 1);
  assert.deepEqual(read.body.history, []);
  const n = await statementsOf(requester, `/api/v1/tickets/${ticketId}`);
  assert.ok(n >= 1 && n <= 3, `a ticket read sent ${n} statements`);
});

test('issue 17: the queue page is at most three statements', async () => {
  const n = await statementsOf(agent, '/api/v1/tickets?status=new,open,waiting&sort=urgent&limit=50');
  assert.ok(n >= 1 && n <= 3, `the queue page sent ${n} statements`);
});
