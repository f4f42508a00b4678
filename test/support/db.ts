import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../../src/platform/db/client.ts';

/**
 * A fresh, migrated database per test file (STYLE.md habit 8): PGlite in memory by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 *
 * Each one is cloned from a migrated template (issue 17 §5) instead of being migrated afresh: on
 * PGlite a dump of a migrated data directory kept in the temp folder (starting from it skips the
 * cluster's first start, about two seconds), on PostgreSQL a template database
 * (`CREATE DATABASE … TEMPLATE`). The template's name carries a hash of the migrations and the PGlite
 * version, so a changed migration makes a new one; `migrate()` still runs on the clone and finds
 * nothing to do.
 */
export interface TestDatabase extends Database {
  /** The connection string of the per-file database (PostgreSQL only). */
  url: string | undefined;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** Changes whenever a migration or the PGlite build changes. */
function templateKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else hash.update(path.relative(MIGRATIONS_FOLDER, p)).update(readFileSync(p));
    }
  };
  walk(MIGRATIONS_FOLDER);
  // The package does not export its package.json; it is read as a file.
  hash.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  return hash.digest('hex').slice(0, 16);
}

/** The migrated PGlite data directory, made once per migration set and kept in the temp folder. */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `samdesk-test-template-${templateKey()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      await database.migrate();
      const dump = await database.dumpDataDir?.();
      if (!dump) throw new Error('PGlite cannot dump its data directory');
      const bytes = Buffer.from(await dump.arrayBuffer());
      // Written under another name and renamed: a file running beside this one reads all or nothing.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, bytes);
      await rename(partial, file);
      return new Blob([bytes]);
    } finally {
      await database.close();
    }
  }
}

/** Arbitrary number: one test file at a time makes the PostgreSQL template. */
const TEMPLATE_LOCK = 7_253_017;

/** The migrated template database on the server; made once per migration set, old ones dropped. */
async function postgresTemplate(serverUrl: string): Promise<string> {
  const name = `samdesk_tpl_${templateKey()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'samdesk\\_tpl\\_%'");
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(serverUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ databaseUrl: url.href });
      try {
        await database.migrate();
      } finally {
        await database.close();
      }
      // Renamed only when whole: a run stopped halfway leaves no template that looks ready.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

export async function testDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplate() });
    await database.migrate();
    return { ...database, url: undefined };
  }
  const template = await postgresTemplate(serverUrl);
  const name = `samdesk_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.href });
  await database.migrate();
  return {
    ...database,
    url: url.href,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
