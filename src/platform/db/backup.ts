import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from './client.ts';

/**
 * Logical backup and restore that work the same on PGlite and PostgreSQL: every table as JSON in
 * foreign-key order, restored with `json_populate_recordset` so each column keeps its type.
 * Sessions are left out (a restored system starts with everybody signed out).
 */
/** Every table holding the organisation's records, parents before children (restore order; billing lines see below). */
export const BACKUP_TABLES = [
  'municipalities',
  'teams',
  'units',
  'people',
  'users',
  'settings',
  'mission_versions',
  'desks',
  'desk_agents',
  'ticket_categories',
  'ticket_counters',
  'tickets',
  'ticket_messages',
  'ticket_events',
  'ticket_attachments',
  'ticket_time_entries',
  'sla_breaches',
  'mail_outbox',
  'mail_inbound',
  'mail_quarantine',
  'catalogue_services',
  'price_lists',
  'price_list_items',
  'model_range_items',
  'orderer_designations',
  'orders',
  'order_lines',
  'assets',
  'asset_events',
  'asset_billing_periods',
  // Issue 18: the cost models, then the register and its agreements, units and reviews.
  'agreement_cost_models',
  'agreement_cost_drivers',
  'applications',
  'application_units',
  'agreement_versions',
  'agreement_reviews',
  // A run's lines and batches before the run: nothing may be inserted into an approved run (migration
  // 0018), and they have no foreign keys to it (decisions 0005, 0006).
  'billing_lines',
  'billing_line_batches',
  'billing_runs',
  'billing_batch_subjects',
  'billing_subscriptions',
  // Issue 19: functions, window work and outages before what refers to them.
  'it_functions',
  'it_function_municipalities',
  'window_work',
  'outages',
  'outage_functions',
  'outage_municipalities',
  'outage_tickets',
  'operations_messages',
  'incident_report_templates',
  'incident_reports',
  // Issue 20: pricing proposals (catalogue), then development requests and their steps.
  'pricing_proposals',
  'development_requests',
  'development_request_steps',
  'surveys',
  // Issue 21: the follow-up reports as sent to the boards.
  'followup_snapshots',
  // Issue 22: sites with their parts, then the laptop pool's bookings (after assets).
  'sites',
  'site_units',
  'site_racks',
  'site_equipment',
  'site_meetings',
  'site_systems',
  'site_approvals',
  'laptop_bookings',
  'audit_log',
] as const;

/**
 * Tables left out on purpose: sign-in sessions and throttling (a restored system starts signed out)
 * and the job-run log (operations, not records). A test checks that every table of the schema is in
 * one list or the other, so a new table cannot be forgotten.
 */
export const NOT_BACKED_UP = ['sessions', 'login_failures', 'job_runs'] as const;

const SERIAL_TABLES = ['audit_log', 'ticket_events'] as const;

export interface BackupFile {
  format: 'samdesk-backup';
  formatVersion: 1;
  createdAt: string;
  /** Number of migrations applied when the backup was made. */
  migrations: number;
  tables: Record<string, unknown[]>;
}

/** Both drivers answer `execute` with an object holding `rows`. */
async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = await db.execute<Record<string, unknown>>(query);
  return (result as { rows: T[] }).rows;
}

async function migrationCount(db: DbOrTx): Promise<number> {
  const r = await rows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(r[0]?.n ?? 0);
}

export async function createBackup(database: Database): Promise<BackupFile> {
  const tables: Record<string, unknown[]> = {};
  // One repeatable-read transaction: every table from the same snapshot.
  const migrations = await database.db.transaction(
    async (tx) => {
      for (const t of BACKUP_TABLES) {
        const r = await rows<{ data: unknown[] | string | null }>(tx, sql`select coalesce(json_agg(t), '[]'::json) as data from ${sql.identifier(t)} t`);
        const data = r[0]?.data ?? [];
        tables[t] = typeof data === 'string' ? (JSON.parse(data) as unknown[]) : data;
      }
      return migrationCount(tx);
    },
    { isolationLevel: 'repeatable read' },
  );
  return { format: 'samdesk-backup', formatVersion: 1, createdAt: new Date().toISOString(), migrations, tables };
}

export class RestoreError extends Error {}

/** Restores into a migrated, empty database, all or nothing. */
export async function restoreBackup(database: Database, backup: unknown): Promise<Record<string, number>> {
  if (!isBackup(backup)) throw new RestoreError('not a Samdesk backup file');
  return database.db.transaction(async (tx) => {
    const applied = await migrationCount(tx);
    if (backup.migrations > applied) {
      throw new RestoreError(`the backup needs ${backup.migrations} migrations; this version has ${applied}: upgrade Samdesk first`);
    }
    const [found] = await rows<{ n: number }>(
      tx,
      sql`select (select count(*) from municipalities) + (select count(*) from users) + (select count(*) from audit_log) as n`,
    );
    if (Number(found?.n ?? 0) > 0) throw new RestoreError('the database is not empty: restore into a fresh DATA_DIR or an empty PostgreSQL database');
    const counts: Record<string, number> = {};
    for (const t of BACKUP_TABLES) {
      const data = backup.tables[t] ?? [];
      counts[t] = data.length;
      if (data.length === 0) continue;
      const table = sql.identifier(t);
      await tx.execute(sql`insert into ${table} select * from json_populate_recordset(null::${table}, ${JSON.stringify(data)}::json)`);
    }
    for (const t of SERIAL_TABLES) {
      await tx.execute(sql`select setval(pg_get_serial_sequence(${t}, 'id'), greatest((select max(id) from ${sql.identifier(t)}), 1))`);
    }
    return counts;
  });
}

function isBackup(v: unknown): v is BackupFile {
  return (
    typeof v === 'object' &&
    v !== null &&
    'format' in v &&
    v.format === 'samdesk-backup' &&
    'tables' in v &&
    typeof v.tables === 'object' &&
    'migrations' in v &&
    typeof v.migrations === 'number'
  );
}
