import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Desk = { id: string; code: string; isIt: boolean; categories: { id: string; code: string }[] };
type Ticket = { id: string; deskId: string; version: number; teamId: string | null };

let ctx: TestContext;
let admin: TestClient;
let hrAgent: TestClient;
let itAgent: TestClient;
let employee: TestClient;
let other: TestClient;

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'desk-admin', roles: ['admin'], municipality: 'tranemo' });
  hrAgent = await ctx.userClient({ username: 'hr-agent', roles: ['agent'], municipality: 'tranemo' });
  itAgent = await ctx.userClient({ username: 'it-agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  employee = await ctx.userClient({ username: 'anstalld-hr', roles: ['end_user'], municipality: 'tranemo' });
  other = await ctx.userClient({ username: 'ulricehamnare', roles: ['end_user'], municipality: 'ulricehamn' });
});
after(async () => {
  await ctx.close();
});

test('R-3.8: a department desk has its own categories, agents and queue, and sees nothing of IT’s', async () => {
  const desk = await admin.json<{ id: string }>('POST', '/api/v1/desks', {
    code: 'hr-tranemo',
    name: 'HR-servicedesk',
    municipalityId: ctx.municipalities.tranemo,
  });
  assert.equal(desk.status, 201);
  const cat = await admin.json<{ id: string }>('POST', `/api/v1/desks/${desk.body.id}/categories`, {
    code: 'lon',
    name: 'Lönefrågor',
    kind: 'question',
    resolveWorkingDays: 3,
  });
  assert.equal(cat.status, 201);
  const hrUser = await hrAgent.json<{ user: { id: string } }>('GET', '/api/v1/auth/session');
  assert.equal((await admin.request('PUT', `/api/v1/desks/${desk.body.id}/agents/${hrUser.body.user.id}`)).status, 204);

  const desks = await employee.json<{ items: Desk[] }>('GET', '/api/v1/desks');
  assert.deepEqual(desks.body.items.map((d) => d.code).sort(), ['hr-tranemo', 'it']);
  assert.equal(
    (await other.json<{ items: Desk[] }>('GET', '/api/v1/desks')).body.items.some((d) => d.code === 'hr-tranemo'),
    false,
    'another municipality does not see the desk',
  );
  const itDesk = desks.body.items.find((d) => d.isIt);
  assert.ok(itDesk);

  const hrTicket = await employee.json<Ticket>('POST', '/api/v1/tickets', {
    deskId: desk.body.id,
    categoryId: cat.body.id,
    subject: 'Fel på lönebeskedet',
    description: 'OB-tillägget saknas',
  });
  assert.equal(hrTicket.status, 201, JSON.stringify(hrTicket.body));
  assert.equal(hrTicket.body.teamId, null);
  const itTicket = await employee.json<Ticket>('POST', '/api/v1/tickets', {
    categoryId: itDesk.categories.find((c) => c.code === 'fraga')?.id,
    subject: 'Hur når jag lönesystemet?',
    description: 'Länken saknas',
  });
  assert.equal(itTicket.status, 201);

  const asAgent = await hrAgent.json<{ items: { code: string; agent: boolean }[] }>('GET', '/api/v1/desks');
  assert.deepEqual(
    asAgent.body.items.map((d) => [d.code, d.agent]).sort(),
    [
      ['hr-tranemo', true],
      ['it', false],
    ],
    'the desks say where the user works',
  );
  const hrQueue = await hrAgent.json<{ items: { id: string }[] }>('GET', '/api/v1/tickets?status=new,open');
  assert.deepEqual(
    hrQueue.body.items.map((t) => t.id),
    [hrTicket.body.id],
  );
  assert.equal((await hrAgent.get(`/api/v1/tickets/${itTicket.body.id}`)).status, 404, 'the HR agent cannot open IT’s ticket');
  assert.equal((await hrAgent.json<{ items: unknown[] }>('GET', '/api/v1/tickets?q=lönesystemet')).body.items.length, 0, 'not through search either');
  assert.equal((await itAgent.get(`/api/v1/tickets/${hrTicket.body.id}`)).status, 404, 'IT agents do not see the HR desk');
  assert.equal((await itAgent.json<{ items: { id: string }[] }>('GET', '/api/v1/tickets?q=lönebeskedet')).body.items.length, 0);

  const agents = await hrAgent.json<{ items: { displayName: string }[] }>('GET', `/api/v1/desks/${desk.body.id}/agents`);
  assert.deepEqual(
    agents.body.items.map((a) => a.displayName),
    ['hr-agent'],
  );
  assert.equal((await itAgent.get(`/api/v1/desks/${desk.body.id}/agents`)).status, 404);
  const esc = await hrAgent.json<{ errors: { field: string }[] }>('POST', `/api/v1/tickets/${hrTicket.body.id}/escalate`, {
    version: hrTicket.body.version,
    team: 'infrastruktur',
    line: 3,
    reason: 'fel desk',
  });
  assert.equal(esc.status, 400);
  const assign = await hrAgent.json<Ticket>('POST', `/api/v1/tickets/${hrTicket.body.id}/assign`, {
    version: hrTicket.body.version,
    assigneeUserId: hrUser.body.user.id,
  });
  assert.equal(assign.status, 200);
});

test('only administrators of the municipality create desks', async () => {
  assert.equal((await employee.json('POST', '/api/v1/desks', { code: 'x-desk', name: 'X-desk', municipalityId: ctx.municipalities.tranemo })).status, 403);
  assert.equal((await admin.json('POST', '/api/v1/desks', { code: 'y-desk', name: 'Y-desk', municipalityId: ctx.municipalities.ulricehamn })).status, 404);
});

test('an administrator changes a category’s SLA target (stale version → 409), and new tickets use it', async () => {
  type Category = {
    id: string;
    code: string;
    resolveWorkingDays: number | null;
    resolveBusinessMinutes: number | null;
    active: boolean;
    version: number;
    isIntefunktion: boolean;
  };
  type Detail = { categories: Category[]; agents: { username: string; explicit: boolean }[] };
  const desk = await admin.json<{ id: string }>('POST', '/api/v1/desks', {
    code: 'fastighet',
    name: 'Fastighetsservice',
    municipalityId: ctx.municipalities.tranemo,
  });
  const cat = await admin.json<{ id: string }>('POST', `/api/v1/desks/${desk.body.id}/categories`, {
    code: 'felanmalan',
    name: 'Felanmälan',
    kind: 'fault',
    resolveWorkingDays: 5,
  });
  const detail = await admin.json<Detail>('GET', `/api/v1/desks/${desk.body.id}`);
  assert.equal(detail.status, 200);
  const before = detail.body.categories.find((k) => k.id === cat.body.id);
  assert.deepEqual([before?.resolveWorkingDays, before?.resolveBusinessMinutes, before?.version], [5, null, 1]);

  const both = await admin.json<{ errors: { field: string; reasonSv: string }[] }>('PATCH', `/api/v1/desks/${desk.body.id}/categories/${cat.body.id}`, {
    version: 1,
    resolveBusinessMinutes: 120,
  });
  assert.equal(both.status, 400, 'one target at a time');
  assert.equal(both.body.errors[0]?.field, 'resolveBusinessMinutes');
  const changed = await admin.json<Category>('PATCH', `/api/v1/desks/${desk.body.id}/categories/${cat.body.id}`, {
    version: 1,
    resolveWorkingDays: null,
    resolveBusinessMinutes: 120,
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual([changed.body.resolveWorkingDays, changed.body.resolveBusinessMinutes, changed.body.version], [null, 120, 2]);
  assert.equal((await admin.json('PATCH', `/api/v1/desks/${desk.body.id}/categories/${cat.body.id}`, { version: 1, name: 'Gammal' })).status, 409);
  assert.equal((await admin.json('PATCH', `/api/v1/desks/${desk.body.id}/categories/${cat.body.id}`, { version: 2, resolveWorkingDays: 0 })).status, 400);
  assert.equal((await employee.json('PATCH', `/api/v1/desks/${desk.body.id}/categories/${cat.body.id}`, { version: 2, name: 'Annat namn' })).status, 403);

  const t = await employee.json<{ sla: { dueAt: string | null }; receivedAt: string }>('POST', '/api/v1/tickets', {
    deskId: desk.body.id,
    categoryId: cat.body.id,
    subject: 'Dörren går inte att låsa',
    description: 'Entrédörren, plan 1',
  });
  assert.equal(t.status, 201);
  assert.ok(t.body.sla.dueAt, 'the new 120-minute target applies');

  // The IT desk's intefunktion target is the mission's.
  const desks = await admin.json<{ items: { id: string; isIt: boolean }[] }>('GET', '/api/v1/desks');
  const it = desks.body.items.find((d) => d.isIt);
  assert.ok(it);
  const itDetail = await ctx
    .userClient({ username: 'it-admin', roles: ['admin'], municipality: null })
    .then((c) => c.json<Detail>('GET', `/api/v1/desks/${it.id}`));
  const inte = itDetail.body.categories.find((k) => k.isIntefunktion);
  assert.ok(inte);
  const refused = await admin.json<{ errors: { field: string }[] }>('PATCH', `/api/v1/desks/${it.id}/categories/${inte.id}`, {
    version: inte.version,
    resolveWorkingDays: 3,
  });
  assert.equal(refused.status, 403, 'a municipal administrator does not administer the shared IT desk');
  assert.ok(itDetail.body.agents.some((a) => a.username === 'it-agent' && !a.explicit));
});
