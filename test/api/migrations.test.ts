/**
 * Issue 16: data written before a fix is repaired by a migration (drizzle/0021), on both databases.
 * Each test puts the old state back by hand, runs the migration's statement and checks the repair —
 * and that the migration's folding table is the one the service folds with (src/tickets/store.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { assetBillingPeriods } from '../../src/assets/schema.ts';
import { tickets } from '../../src/tickets/schema.ts';
import { foldDiacritics } from '../../src/tickets/store.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

const MIGRATION = readFileSync(new URL('../../drizzle/0021_ticket_search_and_loans.sql', import.meta.url), 'utf8');
const [SEARCH_BACKFILL, LOAN_PERIODS] = MIGRATION.split('--> statement-breakpoint').map((s) => s.trim());

let ctx: TestContext;
let user: TestClient;
let agent: TestClient;
let unitId: string;

before(async () => {
  ctx = await testContext();
  user = await ctx.userClient({ username: 'tove', roles: ['end_user'], municipality: 'tranemo' });
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
  const units = await agent.json<{ items: { id: string; code: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
  unitId = units.body.items.find((u) => u.code === 'KLF-EK-EKO')!.id;
});
after(async () => {
  await ctx.close();
});

test('the migration folds letters by the same table as the service', () => {
  const table = /translate\(lower\(.*\), '([^']+)', '([^']+)'\)\), 'D'\)/s.exec(SEARCH_BACKFILL ?? '');
  assert.ok(table, 'the backfill folds with translate(lower(…), from, to)');
  const [, from = '', to = ''] = table;
  assert.equal(foldDiacritics(from), to);
  assert.equal([...from].length, [...to].length);
});

test('a ticket indexed before folding is found by "behorighet" after the backfill', async () => {
  const desks = await user.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
  const categoryId = desks.body.items.find((d) => d.isIt)!.categories.find((c) => c.code === 'fraga')!.id;
  const created = await user.json<{ id: string }>('POST', '/api/v1/tickets', {
    categoryId,
    subject: 'Behörighet till ekonomimappen',
    description: 'Jag når inte mappen.',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  // The search document as it was written before issue 16: without the folded part (weight D).
  await ctx.database.db
    .update(tickets)
    .set({ search: sql`to_tsvector('swedish', subject)` })
    .where(eq(tickets.id, created.body.id));
  const find = async () =>
    (await agent.json<{ items: { id: string }[] }>('GET', '/api/v1/tickets?q=behorighet')).body.items.some((t) => t.id === created.body.id);
  assert.equal(await find(), false, 'the old document does not know the folded word');
  await ctx.database.db.execute(sql.raw(SEARCH_BACKFILL ?? ''));
  assert.equal(await find(), true, 'after the backfill the folded word finds the ticket');
});

test('a returned loan loses its early-return period; a rented computer keeps it', async () => {
  const asset = async (serial: string, serviceCode: string) => {
    const res = await agent.json<{ id: string }>('POST', '/api/v1/assets', {
      unitId,
      deviceType: 'computer',
      serviceCode,
      model: 'Latitude',
      serial,
      status: 'ordered',
      orderedOn: '2026-11-02',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  };
  const loan = await asset('mig-loan-1', 'korttidshyra');
  const rented = await asset('mig-rent-1', 'datorarbetsplats');
  // The periods an early return wrote before the fix: active until the return, then early return.
  for (const assetId of [loan, rented]) {
    await ctx.database.db.insert(assetBillingPeriods).values([
      { assetId, municipalityId: ctx.municipalities.tranemo, unitId, fromOn: '2026-11-09', toOn: '2026-11-11', basis: 'active' },
      { assetId, municipalityId: ctx.municipalities.tranemo, unitId, fromOn: '2026-11-11', toOn: null, basis: 'early_return' },
    ]);
  }
  await ctx.database.db.execute(sql.raw(LOAN_PERIODS ?? ''));
  const periods = async (assetId: string) =>
    (await ctx.database.db.select().from(assetBillingPeriods).where(eq(assetBillingPeriods.assetId, assetId)).orderBy(assetBillingPeriods.fromOn)).map((p) => [
      p.fromOn,
      p.toOn,
      p.basis,
    ]);
  assert.deepEqual(await periods(loan), [['2026-11-09', '2026-11-11', 'active']], 'the loan is billed until its return');
  assert.deepEqual(
    await periods(rented),
    [
      ['2026-11-09', '2026-11-11', 'active'],
      ['2026-11-11', null, 'early_return'],
    ],
    'R-5.4 stays for rented equipment',
  );
});
