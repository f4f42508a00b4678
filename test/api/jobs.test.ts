import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findUserByUsername } from '../../src/org/store.ts';
import { actorFromUser } from '../../src/platform/auth/sessions.ts';
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
  const t = await createTicket(ctx.database.db, actorFromUser(user), { categoryId: cat.id, intefunktion: 'epost', priority: 'normal', subject: 'E-posten fungerar inte', description: 'Outlook startar inte', device: null, deviceSupportLevel: null, unitId: null, affectsOperations: false }, new Date('2024-03-05T08:00:00Z'));
  assert.equal(t.slaDueAt?.toISOString(), '2024-03-06T08:00:00.000Z');

  const early = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-06T07:00:00Z'));
  assert.deepEqual(early, { checked: 0, recorded: 0 });
  const first = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-07T12:00:00Z'));
  assert.deepEqual(first, { checked: 1, recorded: 1 });
  const again = await runJobOnce(ctx.database.db, slaBreachJob, new Date('2024-03-07T12:05:00Z'));
  assert.deepEqual(again, { checked: 0, recorded: 0 }, 'recorded once per due instant, then no longer a candidate');
  const breaches = await ctx.database.query<{ due_at: Date | string; intefunktion: boolean }>('select due_at, intefunktion from sla_breaches where ticket_id = $1', [t.id]);
  assert.equal(breaches.length, 1);
  assert.equal(breaches[0]?.intefunktion, true);
  const runs = await ctx.database.query<{ ok: boolean }>("select ok from job_runs where job = 'sla-breaches'");
  assert.deepEqual(runs.map((r) => r.ok), [true, true, true]);
});

test('a failing job rolls its work back and records the failure', async () => {
  const failing = { name: 'always-fails', schedule: '0 0 * * *', run: () => Promise.reject(new Error('boom')) };
  await assert.rejects(runJobOnce(ctx.database.db, failing), /boom/);
  const runs = await ctx.database.query<{ ok: boolean; detail: { error: string } }>("select ok, detail from job_runs where job = 'always-fails'");
  assert.deepEqual(runs.map((r) => [r.ok, r.detail.error]), [[false, 'boom']]);
});
