/**
 * Prints PostgreSQL's plan (EXPLAIN ANALYZE) of the queue page the HTTP benchmark loads: the demo
 * plus `EXPLAIN_TICKETS` reported tickets, an IT agent's open queue, most urgent first, 50 rows.
 * `DATABASE_URL=postgres://… node --import tsx bench/explain-queue.ts`
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { testContext } from '../test/support/app.ts';
import { queue } from '../src/tickets/store.ts';
import { visibilityOf } from '../src/tickets/shared.ts';
import { findUserByUsername } from '../src/org/store.ts';
import type { Db } from '../src/platform/db/client.ts';

const ctx = await testContext({ demo: true });
const url = ctx.database.url;
if (!url) throw new Error('set DATABASE_URL');
const requester = await ctx.userClient({ username: 'explain.user', roles: ['end_user'], municipality: 'tranemo' });
const desks = await requester.json<{ items: { isIt: boolean; categories: { id: string }[] }[] }>('GET', '/api/v1/desks');
const categoryId = desks.body.items.find((d) => d.isIt)?.categories[0]?.id;
for (let i = 0; i < Number(process.env.EXPLAIN_TICKETS ?? 700); i++) {
  await requester.json('POST', '/api/v1/tickets', { categoryId, subject: `Fråga ${i}`, description: 'Skrivaren skriver inte ut.' });
}
const pool = new pg.Pool({ connectionString: url });
await pool.query('analyze');
const captured: { query: string; params: unknown[] }[] = [];
const db = drizzle(pool, { logger: { logQuery: (query, params) => void captured.push({ query, params }) } }) as unknown as Db;
const user = await findUserByUsername(ctx.deps.database.db, 'agent1');
if (!user) throw new Error('agent1 missing');
const actor = { id: user.id, roles: ['agent'], teamId: user.teamId, scope: { kind: 'all' } } as unknown as Parameters<typeof visibilityOf>[1];
const visibility = await visibilityOf(ctx.deps.database.db, actor);
captured.length = 0;
for (let i = 0; i < 3; i++) await queue(db, { visibility, statuses: ['new', 'open', 'waiting'], sort: 'urgent', limit: 51, now: Date.now() });
const last = captured.at(-1)!;
const plan = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${last.query}`, last.params);
console.log(last.query);
console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
await pool.end();
await ctx.close();
