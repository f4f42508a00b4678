import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

/**
 * R-3.4 ("intefunktion misses are reported with their reasons"), R-10: PATCH /sla-breaches/{id}
 * records why a deadline was missed — the desk's agents and IT management, each within their scope
 * (outside it: 404); one transaction with its audit row; the reason shows in the breach list and on
 * the ticket for its agents.
 */

type Breach = { id: string; ticketId: string; number: string; reason: string | null; reasonAt: string | null; reasonByName: string | null };
type TicketBreach = { id: string; dueAt: string; intefunktion: boolean; reason: string | null; reasonAt: string | null; reasonByName: string | null };
type Ticket = { id: string; number: string; municipalityId: string; breaches: TicketBreach[]; actions: { explainBreaches: boolean } };
type Problem = { code: string; errors: { field: string; label?: string; reasonSv: string }[] };
type Desk = { id: string; isIt: boolean; categories: { id: string; code: string }[] };

let ctx: TestContext;
let tove: TestClient;
let ulf: TestClient;
let agent: TestClient;
let deptAgent: TestClient;
let managerT: TestClient;
let managerU: TestClient;
let admin: TestClient;
let ticketT: Ticket;
let ticketU: Ticket;
let breachT = '';
let breachU = '';

async function breachFor(ticket: Ticket, dueAt: string): Promise<string> {
  const rows = await ctx.database.query<{ id: string }>(
    'insert into sla_breaches (ticket_id, municipality_id, due_at, intefunktion) values ($1, $2, $3, true) returning id',
    [ticket.id, ticket.municipalityId, dueAt],
  );
  const id = rows[0]?.id;
  assert.ok(id);
  return id;
}

const audits = (breachId: string) =>
  ctx.database.query<{ actor_user_id: string; entity: string; entity_id: string; action: string; before: unknown; after: unknown; municipality_id: string }>(
    `select actor_user_id, entity, entity_id, action, before, after, municipality_id from audit_log
      where action = 'explain_sla_breach' and after->>'breachId' = $1 order by id`,
    [breachId],
  );

before(async () => {
  ctx = await testContext();
  tove = await ctx.userClient({ username: 'tove.b', roles: ['end_user'], municipality: 'tranemo' });
  ulf = await ctx.userClient({ username: 'ulf.b', roles: ['end_user'], municipality: 'ulricehamn' });
  agent = await ctx.userClient({ username: 'brott.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  deptAgent = await ctx.userClient({ username: 'hr.agent.b', roles: ['agent'], municipality: 'tranemo' });
  managerT = await ctx.userClient({ username: 'ledning.t.b', roles: ['it_management'], municipality: 'tranemo' });
  managerU = await ctx.userClient({ username: 'ledning.u.b', roles: ['it_management'], municipality: 'ulricehamn' });
  admin = await ctx.userClient({ username: 'admin.b', roles: ['admin'], municipality: 'tranemo' });

  // A department desk of Tranemo whose agent works there only: IT's breaches are not theirs.
  const desk = await admin.json<{ id: string }>('POST', '/api/v1/desks', {
    code: 'hr-brott',
    name: 'HR-servicedesk',
    municipalityId: ctx.municipalities.tranemo,
  });
  assert.equal(desk.status, 201);
  const hr = await deptAgent.json<{ user: { id: string } }>('GET', '/api/v1/auth/session');
  assert.equal((await admin.request('PUT', `/api/v1/desks/${desk.body.id}/agents/${hr.body.user.id}`)).status, 204);

  const desks = await tove.json<{ items: Desk[] }>('GET', '/api/v1/desks');
  const it = desks.body.items.find((d) => d.isIt);
  assert.ok(it);
  const category = it.categories.find((c) => c.code === 'intefunktion')?.id;
  const report = { categoryId: category, intefunktion: 'utskrift', subject: 'Skrivaren skriver inte ut', description: 'Inget händer.' };
  const t = await tove.json<Ticket>('POST', '/api/v1/tickets', report);
  const u = await ulf.json<Ticket>('POST', '/api/v1/tickets', report);
  assert.equal(t.status, 201, JSON.stringify(t.body));
  assert.equal(u.status, 201, JSON.stringify(u.body));
  ticketT = t.body;
  ticketU = u.body;
  breachT = await breachFor(ticketT, '2026-05-12T08:00:00Z');
  breachU = await breachFor(ticketU, '2026-05-13T08:00:00Z');
});
after(async () => {
  await ctx.close();
});

describe('R-3.4: the reason a deadline was missed', () => {
  test('an agent of the desk records it (trimmed): 200, stored with who and when, one audit row', async () => {
    const res = await agent.json<Breach>('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: '  Leverantören saknade reservdelen i två dagar.  ' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.id, breachT);
    assert.equal(res.body.ticketId, ticketT.id);
    assert.equal(res.body.number, ticketT.number);
    assert.equal(res.body.reason, 'Leverantören saknade reservdelen i två dagar.');
    assert.equal(res.body.reasonByName, 'brott.agent');
    assert.ok(res.body.reasonAt);

    const [row] = await ctx.database.query<{ reason: string; reason_by_user_id: string; reason_at: unknown }>(
      'select reason, reason_by_user_id, reason_at from sla_breaches where id = $1',
      [breachT],
    );
    const me = await agent.json<{ user: { id: string } }>('GET', '/api/v1/auth/session');
    assert.equal(row?.reason, 'Leverantören saknade reservdelen i två dagar.');
    assert.equal(row.reason_by_user_id, me.body.user.id);
    assert.ok(row.reason_at);

    const trail = await audits(breachT);
    assert.equal(trail.length, 1);
    assert.equal(trail[0]?.entity, 'ticket');
    assert.equal(trail[0].entity_id, ticketT.id);
    assert.equal(trail[0].actor_user_id, me.body.user.id);
    assert.equal(trail[0].municipality_id, ctx.municipalities.tranemo);
    assert.deepEqual(trail[0].before, { number: ticketT.number, breachId: breachT, dueAt: '2026-05-12T08:00:00.000Z', reason: null });
    assert.deepEqual(trail[0].after, {
      number: ticketT.number,
      breachId: breachT,
      dueAt: '2026-05-12T08:00:00.000Z',
      reason: 'Leverantören saknade reservdelen i två dagar.',
    });
  });

  test('IT management of the ticket’s municipality changes it; the audit row keeps the earlier reason', async () => {
    const res = await managerT.json<Breach>('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: 'Reservdel från leverantören dröjde.' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.reasonByName, 'ledning.t.b');
    const trail = await audits(breachT);
    assert.equal(trail.length, 2);
    assert.equal((trail[1]?.before as { reason: string }).reason, 'Leverantören saknade reservdelen i två dagar.');
    assert.equal((trail[1]?.after as { reason: string }).reason, 'Reservdel från leverantören dröjde.');
  });

  test('an empty, missing, too long or unknown-field reason is 400 naming the field in Swedish; nothing is written', async () => {
    const label = 'Orsak till att tidsgränsen passerades';
    for (const body of [{ reason: '   ' }, { reason: '' }, {}, { reason: 'x'.repeat(1001) }, { reason: 42 }]) {
      const res = await agent.json<Problem>('PATCH', `/api/v1/sla-breaches/${breachU}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.code, 'validation');
      const problem = res.body.errors.find((e) => e.field === 'reason');
      assert.ok(problem, JSON.stringify(res.body.errors));
      assert.equal(problem.label, label);
    }
    const extra = await agent.json<Problem>('PATCH', `/api/v1/sla-breaches/${breachU}`, { reason: 'Ok', reasonByUserId: ctx.municipalities.tranemo });
    assert.equal(extra.status, 400);
    assert.equal(extra.body.errors[0]?.field, 'reasonByUserId');
    const bad = await agent.json<Problem>('PATCH', '/api/v1/sla-breaches/inte-ett-id', { reason: 'Ok' });
    assert.equal(bad.status, 400);
    assert.equal((await audits(breachU)).length, 0);
    const [row] = await ctx.database.query<{ reason: string | null }>('select reason from sla_breaches where id = $1', [breachU]);
    assert.equal(row?.reason, null);
  });

  test('outside the scope it is not found: the other municipality, another desk’s agent, an unknown breach', async () => {
    assert.equal((await managerU.json('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: 'Försök' })).status, 404);
    assert.equal((await managerT.json('PATCH', `/api/v1/sla-breaches/${breachU}`, { reason: 'Försök' })).status, 404);
    assert.equal((await deptAgent.json('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: 'Försök' })).status, 404);
    assert.equal((await agent.json('PATCH', '/api/v1/sla-breaches/00000000-0000-4000-8000-000000000000', { reason: 'Försök' })).status, 404);
    // Neither requesters (their own ticket) nor administrators record reasons: the policy refuses.
    assert.equal((await tove.json('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: 'Försök' })).status, 403);
    assert.equal((await admin.json('PATCH', `/api/v1/sla-breaches/${breachT}`, { reason: 'Försök' })).status, 403);
    assert.equal((await audits(breachT)).length, 2, 'nothing more was written');
    const [row] = await ctx.database.query<{ reason: string }>('select reason from sla_breaches where id = $1', [breachT]);
    assert.equal(row?.reason, 'Reservdel från leverantören dröjde.');
  });

  test('the managers of the other municipality record theirs', async () => {
    const res = await managerU.json<Breach>('PATCH', `/api/v1/sla-breaches/${breachU}`, { reason: 'Nätverket låg nere.' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await audits(breachU)).length, 1);
  });

  test('the breach list carries the reason and who gave it', async () => {
    const list = await agent.json<{ items: Breach[] }>('GET', '/api/v1/sla-breaches?from=2026-05-01&to=2026-05-31');
    assert.equal(list.status, 200);
    const byId = new Map(list.body.items.map((b) => [b.id, b]));
    assert.equal(byId.get(breachT)?.reason, 'Reservdel från leverantören dröjde.');
    assert.equal(byId.get(breachT)?.reasonByName, 'ledning.t.b');
    assert.equal(byId.get(breachU)?.reason, 'Nätverket låg nere.');
    const scoped = await managerU.json<{ items: Breach[] }>('GET', '/api/v1/sla-breaches?from=2026-05-01&to=2026-05-31');
    assert.deepEqual(
      scoped.body.items.map((b) => b.id),
      [breachU],
    );
  });

  test('the ticket shows its breaches with the reason to its agents, and nothing of them to the requester', async () => {
    const seen = await agent.json<Ticket>('GET', `/api/v1/tickets/${ticketT.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.actions.explainBreaches, true);
    assert.deepEqual(
      seen.body.breaches.map((b) => [b.id, b.dueAt, b.intefunktion, b.reason, b.reasonByName]),
      [[breachT, '2026-05-12T08:00:00.000Z', true, 'Reservdel från leverantören dröjde.', 'ledning.t.b']],
    );
    assert.ok(seen.body.breaches[0]?.reasonAt);
    const own = await tove.json<Ticket>('GET', `/api/v1/tickets/${ticketT.id}`);
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.breaches, []);
    assert.equal(own.body.actions.explainBreaches, false);
    const asAdmin = await admin.json<Ticket>('GET', `/api/v1/tickets/${ticketT.id}`);
    assert.equal(asAdmin.body.breaches.length, 1, 'administrators see them');
    assert.equal(asAdmin.body.actions.explainBreaches, false, 'but do not record reasons');
  });
});
