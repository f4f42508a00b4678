import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findUserByUsername } from '../../src/org/store.ts';
import { actorFromUser } from '../../src/org/sessions.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { slaBreachJob } from '../../src/tickets/jobs.ts';
import { createTicket } from '../../src/tickets/service.ts';
import { testContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext();
});
after(async () => {
  await ctx.close();
});

test('the SLA job records a breach of an open intefunktion ticket once, and every run in job_runs', async () => {
  await ctx.userClient({ username: 'jobbaren', roles: ['end_user'], municipality: 'tranemo' });
  const user = await findUserByUsername(ctx.database.db, 'jobbaren');
  assert.ok(user);
  const [cat] = await ctx.database.query<{ id: string }>("select id from ticket_categories where code = 'intefunktion'");
  assert.ok(cat);
  // Tuesday 5 March 2024 09:00 → due Wednesday 09:00.
  const t = await createTicket(
    ctx.database.db,
    actorFromUser(user),
    {
      categoryId: cat.id,
      intefunktion: 'epost',
      priority: 'normal',
      subject: 'E-posten fungerar inte',
      description: 'Outlook startar inte',
      device: null,
      deviceSupportLevel: null,
      unitId: null,
      affectsOperations: false,
    },
    new Date('2024-03-05T08:00:00Z'),
  );
  assert.equal(t.slaDueAt?.toISOString(), '2024-03-06T08:00:00.000Z');

  const early = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-06T07:00:00Z'));
  assert.deepEqual(early, { checked: 0, recorded: 0 });
  const first = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-07T12:00:00Z'));
  assert.deepEqual(first, { checked: 1, recorded: 1 });
  const again = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-07T12:05:00Z'));
  assert.deepEqual(again, { checked: 0, recorded: 0 }, 'recorded once per due instant, then no longer a candidate');
  const breaches = await ctx.database.query<{ due_at: Date | string; intefunktion: boolean }>(
    'select due_at, intefunktion from sla_breaches where ticket_id = $1',
    [t.id],
  );
  assert.equal(breaches.length, 1);
  assert.equal(breaches[0]?.intefunktion, true);
  const runs = await ctx.database.query<{ ok: boolean }>("select ok from job_runs where job = 'sla-breaches'");
  assert.deepEqual(
    runs.map((r) => r.ok),
    [true, true, true],
  );

  // The follow-up list: for the desk's agents and IT management, within their municipality scope.
  type Breaches = {
    items: { ticketId: string; number: string; intefunktion: boolean; dueAt: string }[];
    totals: { total: number; intefunktion: number } | null;
  };
  const agent = await ctx.userClient({ username: 'brottsagent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  const march = await agent.json<Breaches>('GET', '/api/v1/sla-breaches?from=2024-03-01&to=2024-03-31');
  assert.equal(march.status, 200);
  assert.deepEqual(
    march.body.items.map((b) => [b.ticketId, b.intefunktion, b.dueAt]),
    [[t.id, true, '2024-03-06T08:00:00.000Z']],
  );
  assert.deepEqual(march.body.totals, { total: 1, intefunktion: 1 });
  // Local dates: a deadline at 09:00 on 6 March lies in a period ending 6 March, not in one from 7 March.
  assert.equal((await agent.json<Breaches>('GET', '/api/v1/sla-breaches?from=2024-03-06&to=2024-03-06')).body.items.length, 1);
  assert.equal((await agent.json<Breaches>('GET', '/api/v1/sla-breaches?from=2024-03-07&to=2024-03-31')).body.items.length, 0);
  const other = await ctx.userClient({ username: 'ledning.u', roles: ['it_management'], municipality: 'ulricehamn' });
  assert.deepEqual(
    (await other.json<Breaches>('GET', '/api/v1/sla-breaches?from=2024-03-01&to=2024-03-31')).body.totals,
    { total: 0, intefunktion: 0 },
    'not across municipalities',
  );
  const requester = await ctx.userClient({ username: 'bara.anvandare', roles: ['end_user'], municipality: 'tranemo' });
  assert.equal((await requester.get('/api/v1/sla-breaches?from=2024-03-01&to=2024-03-31')).status, 403);
  const bad = await agent.json<{ errors: { field: string }[] }>('GET', '/api/v1/sla-breaches?from=2024-02-30&to=2024-03-31');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0]?.field, 'query.from');
});

test('a failing job rolls its work back and records the failure', async () => {
  const failing = { name: 'always-fails', schedule: '0 0 * * *', run: () => Promise.reject(new Error('boom')) };
  await assert.rejects(runJobOnce(ctx.database.db, failing), /boom/);
  const runs = await ctx.database.query<{ ok: boolean; detail: { error: string } }>("select ok, detail from job_runs where job = 'always-fails'");
  assert.deepEqual(
    runs.map((r) => [r.ok, r.detail.error]),
    [[false, 'boom']],
  );
});
