import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

/** The one database type the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle: everything a `Db` can do, inside one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Run raw SQL (used by the CLI and tests); returns rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as one file (a migrated template for tests). */
  dumpDataDir?: () => Promise<Blob | File>;
  /** How many statements the query builder has sent so far (issue 17: tests hold a read to its budget). */
  statements(): number;
}

/** Counts the statements drizzle sends (its logger hook sees every one, prepared ones too). */
function statementCounter() {
  let count = 0;
  return { logger: { logQuery: () => void count++ }, statements: () => count };
}

/** Arbitrary number shared by all nodes: only one applies migrations at a time. */
const MIGRATION_LOCK = 7_253_001;

export interface OpenDatabaseProps {
  /** postgres://… ; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /**
   * postgres://… of the role that owns the tables (MIGRATION_DATABASE_URL). When given, migrations
   * run as it and then grant `databaseUrl`'s role only what the running app needs (`runtimeGrants`),
   * so the app cannot alter tables or switch off triggers such as the audit log's (issue 16).
   */
  migrationDatabaseUrl?: string | undefined;
  /** PGlite only: start from this data directory dump (`dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob | undefined;
}

/**
 * What the runtime role may do (issue 16): read and write rows, use sequences (restore sets them),
 * read the migration ledger — and on the audit log only read and append. No DDL, no TRUNCATE, no
 * ALTER TABLE … DISABLE TRIGGER (only an owner may). Run by the owner after every migration, so
 * tables added by later migrations are granted too.
 */
export function runtimeGrants(role: string): string[] {
  const r = `"${role.replace(/"/g, '""')}"`;
  return [
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `GRANT USAGE ON SCHEMA drizzle TO ${r}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${r}`,
  ];
}

/** True when every migration in drizzle/ is recorded as applied (drizzle's own rule: by folder time). */
async function allApplied(run: (text: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<boolean> {
  let last: number;
  try {
    const r = await run('SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations');
    last = Number(r.rows[0]?.last ?? 0);
  } catch {
    return false;
  }
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).every((m) => m.folderMillis <= last);
}

export async function openDatabase(props: OpenDatabaseProps): Promise<Database> {
  if (props.databaseUrl) {
    // Sessions run in UTC: instants are timestamptz, and local dates are computed in code (Temporal).
    const pool = new pg.Pool({ connectionString: props.databaseUrl, max: 10, options: '-c TimeZone=UTC' });
    // An idle connection the server drops (restart, failover, an administrator's terminate) is
    // reported here; pg has already removed it from the pool and opens a new one on next use. Without
    // a listener the event would crash the process.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL dropped an idle connection: ${err.message}`);
    });
    const counter = statementCounter();
    const db = drizzlePg(pool, { logger: counter.logger }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      statements: counter.statements,
      async query<T>(text: string, params: unknown[] = []) {
        const r = await pool.query(text, params);
        return r.rows as T[];
      },
      async migrate() {
        const ownerUrl = props.migrationDatabaseUrl;
        if (!ownerUrl) {
          // A runtime role that owns nothing may start once the owner has migrated: nothing to do.
          if (await allApplied((text) => pool.query(text))) return;
          const client = await pool.connect();
          try {
            await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
            await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
            client.release();
          }
          return;
        }
        const [runtime] = (await pool.query<{ role: string }>('SELECT current_user AS role')).rows;
        const owner = new pg.Client({ connectionString: ownerUrl, options: '-c TimeZone=UTC' });
        await owner.connect();
        try {
          await owner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
          await migratePg(drizzlePg(owner), { migrationsFolder: MIGRATIONS_FOLDER });
          const [me] = (await owner.query<{ role: string }>('SELECT current_user AS role')).rows;
          if (runtime && runtime.role !== me?.role) for (const g of runtimeGrants(runtime.role)) await owner.query(g);
        } finally {
          await owner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
          await owner.end();
        }
      },
      close: () => pool.end(),
    };
  }
  const dir = props.dataDir ?? 'memory://';
  let dataDir = dir;
  if (!dir.startsWith('memory://')) {
    dataDir = path.resolve(dir, 'pglite');
    await mkdir(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir, props.loadDataDir ? { loadDataDir: props.loadDataDir } : {});
  await client.exec("SET TIME ZONE 'UTC'");
  const counter = statementCounter();
  const db = drizzlePglite(client, { logger: counter.logger }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    statements: counter.statements,
    async query<T>(text: string, params: unknown[] = []) {
      const r = await client.query<T>(text, params);
      return r.rows;
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    dumpDataDir: () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
}

/** Cheap liveness probe for /api/health. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
