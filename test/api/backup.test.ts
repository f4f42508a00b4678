import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { BACKUP_TABLES, NOT_BACKED_UP, createBackup, restoreBackup } from '../../src/platform/db/backup.ts';
import { DEMO_PASSWORD } from '../../src/org/seed.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

let ctx: TestContext;
let copy: TestDatabase;
before(async () => {
  ctx = await testContext({ demo: true });
  copy = await testDatabase();
});
after(async () => {
  await ctx.close();
  await copy.close();
});

const count = async (db: TestDatabase, table: string) => Number((await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n ?? -1);

test('every table of the schema is either backed up or left out on purpose', async () => {
  const tables = await ctx.database.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const listed = new Set<string>([...BACKUP_TABLES, ...NOT_BACKED_UP]);
  assert.deepEqual(
    tables
      .map((t) => t.table_name)
      .filter((t) => !listed.has(t))
      .sort(),
    [],
    'tables in neither list',
  );
  assert.equal(listed.size, tables.length, 'no list names a table that does not exist');
});

test('a backup of the demo (tickets with attachments, the catalogue) restores whole into an empty database', async () => {
  const agent = new TestClient(ctx.app);
  await agent.login('agent1', DEMO_PASSWORD);
  const [ticket] = (await agent.json<{ items: { id: string }[] }>('GET', '/api/v1/tickets?limit=1')).body.items;
  assert.ok(ticket);
  const bytes = 'rad 1\nåäö \u0000 binärt';
  const up = await agent.request('POST', `/api/v1/tickets/${ticket.id}/attachments?filename=logg.txt`, bytes, { 'content-type': 'text/plain' });
  assert.equal(up.status, 201);

  const backup = await createBackup(ctx.database);
  const counts = await restoreBackup(copy, JSON.parse(JSON.stringify(backup)));
  for (const t of BACKUP_TABLES) {
    assert.equal(await count(copy, t), await count(ctx.database, t), t);
    assert.equal(counts[t], await count(copy, t), t);
  }
  assert.ok((counts.tickets ?? 0) >= 9 && (counts.price_list_items ?? 0) > 0 && (counts.ticket_attachments ?? 0) === 1);
  const [att] = await copy.query<{ data: Uint8Array }>('select data from ticket_attachments');
  assert.equal(Buffer.from(att?.data ?? []).toString('utf8'), bytes, 'file bytes survive the JSON round trip');
  // Full-text search documents and ticket events (a serial id) come back, and new events get new ids.
  const [doc] = await copy.query<{ ok: boolean }>('select bool_and(search is not null) as ok from tickets');
  assert.equal(doc?.ok, true);
  await copy.db.execute(sql`insert into ticket_events (ticket_id, at, kind, status, line) values (${ticket.id}, now(), 'note', 'open', 1)`);
  assert.equal(await count(copy, 'ticket_events'), (counts.ticket_events ?? 0) + 1);
});
