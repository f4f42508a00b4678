import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { seedBaseline } from '../org/seed.ts';
import { testDatabase, type TestDatabase } from '../../test/support/db.ts';
import { registerCalendarCommands } from './cli.ts';

/** `samdesk calendar …` on a fresh, seeded database (issue 3). */
let database: TestDatabase;

before(async () => {
  database = await testDatabase();
  await seedBaseline(database.db);
});
after(async () => {
  await database.close();
});

async function run(...args: string[]): Promise<{ lines: string[]; error?: string }> {
  const lines: string[] = [];
  let error: string | undefined;
  const program = new Command().exitOverride().configureOutput({ writeErr: (s) => (error = (error ?? '') + s), writeOut: (s) => lines.push(s) });
  // The database stays open for the file; the command closes what it is given, so hand it a view whose close is a no-op.
  registerCalendarCommands(program, { openDatabase: () => Promise.resolve({ ...database, close: () => Promise.resolve() }), print: (l) => lines.push(l) });
  try {
    await program.parseAsync(['node', 'samdesk', ...args]);
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  return error === undefined ? { lines } : { lines, error };
}

describe('samdesk calendar', () => {
  test('deadline prints the ISO deadline (the issue’s examples)', async () => {
    assert.deepEqual((await run('calendar', 'deadline', '--start', '2023-09-15T17:00:00+02:00', '--working-days', '1')).lines, ['2023-09-19T07:30:00+02:00']);
    assert.deepEqual((await run('calendar', 'deadline', '--start', '2023-09-14T16:15', '--working-days', '1', '--municipality', 'tranemo')).lines, [
      '2023-09-15T16:00:00+02:00',
    ]);
  });
  test('minutes', async () => {
    assert.deepEqual((await run('calendar', 'minutes', '--from', '2026-01-01T00:00', '--to', '2027-01-01T00:00')).lines, ['134100']);
  });
  test('windows marks the clash with julafton 2024', async () => {
    const { lines } = await run('calendar', 'windows', '--year', '2024');
    assert.equal(lines.length, 24);
    assert.equal(lines[0], '2024-01-16  primärt    18:00–22:00');
    assert.equal(
      lines.find((l) => l.startsWith('2024-12-24')),
      '2024-12-24  sekundärt  18:00–21:00  (vid behov)  STÄNGD DAG: Julafton',
    );
    const json = JSON.parse((await run('calendar', 'windows', '--year', '2023', '--json')).lines.join('')) as { onClosedDay: boolean; date: string }[];
    assert.deepEqual(
      json.filter((w) => w.onClosedDay).map((w) => w.date),
      ['2023-12-26'],
    );
  });
  test('closed-days', async () => {
    const { lines } = await run('calendar', 'closed-days', '--year', '2025');
    assert.ok(lines.includes('2025-06-20  friday     Midsommarafton'));
    assert.equal(lines.at(-1), '249 arbetsdagar, 133020 öppetminuter');
  });
  test('bad arguments are refused', async () => {
    assert.match((await run('calendar', 'deadline', '--start', 'tomorrow', '--working-days', '1')).error ?? '', /ISO 8601/);
    assert.match((await run('calendar', 'deadline', '--start', '2023-09-15T17:00', '--working-days', 'x')).error ?? '', /integer/);
    assert.match((await run('calendar', 'windows', '--year', '1999')).error ?? '', /integer 2000–2100/);
    assert.match(
      (await run('calendar', 'deadline', '--start', '2023-09-15T17:00', '--working-days', '1', '--municipality', 'atlantis')).error ?? '',
      /unknown municipality/,
    );
  });
});
