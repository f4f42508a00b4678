import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { importPeople, importUnits } from '../org/import.ts';
import { createUser, resetPassword } from '../org/service.ts';
import { findMunicipality, findUserByUsername } from '../org/store.ts';
import { actorFromUser } from '../org/sessions.ts';
import { ConfigError, loadConfig, type AppConfig } from '../platform/config.ts';
import { createBackup, restoreBackup, RestoreError } from '../platform/db/backup.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';
import { AppError } from '../platform/http/errors.ts';
import { registerCalendarCommands } from '../calendar/cli.ts';
import { buildWeb } from './build-web.ts';

// The app (every capability, its routes and the HTTP server) is loaded by `start` only: the other
// commands need the database and one capability, and start in about half the time without it.

function config(): AppConfig {
  return loadConfig();
}

async function withDatabase<T>(fn: (db: Database, cfg: AppConfig) => Promise<T>): Promise<T> {
  const cfg = config();
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, migrationDatabaseUrl: cfg.migrationDatabaseUrl });
  try {
    await database.migrate();
    return await fn(database, cfg);
  } finally {
    await database.close();
  }
}

const program = new Command().name('samdesk').description('Samdesk – service management for a shared municipal IT unit').showHelpAfterError();

program
  .command('start', { isDefault: true })
  .description('migrate, load the built-in configuration and serve UI and API')
  .option('--demo', 'load the demo data set (people and one account per role)')
  .action(async (opts: { demo?: boolean }) => {
    const cfg = config();
    const [{ serve }, { boot, createLogger }, { WEB_DIST }] = await Promise.all([
      import('@hono/node-server'),
      import('../app/boot.ts'),
      import('../app/http.ts'),
    ]);
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      console.log('Bygger webbgränssnittet (första start)… / Building the web UI (first start)…');
      await buildWeb();
    }
    const logger = createLogger(cfg);
    const started = await boot(cfg, { demo: opts.demo === true, logger, jobs: true });
    const server = serve({ fetch: started.app.fetch, port: cfg.port, hostname: cfg.host }, (info) => {
      logger.info({ port: info.port, database: started.deps.database.driver }, 'Samdesk is listening');
      console.log(
        `\nSamdesk körs på ${cfg.baseUrl}  (databas: ${started.deps.database.driver === 'pglite' ? `PGlite i ${path.resolve(cfg.dataDir)}` : 'PostgreSQL'})`,
      );
      if (started.admin) {
        console.log('\n  Administratörskonto skapat / administrator created');
        console.log(`    användarnamn: ${started.admin.username}`);
        console.log(`    engångslösenord: ${started.admin.oneTimePassword}   (byts vid första inloggning)\n`);
      }
      if (started.demoAccounts) {
        console.log('  Demokonton (lösenord demo-samdesk-2023):');
        for (const a of started.demoAccounts) console.log(`    ${a.username.padEnd(22)} ${a.roles.join(', ').padEnd(26)} ${a.municipality}`);
        console.log('');
      }
    });
    const stop = () => {
      started.deps.stopJobs?.();
      server.close();
      void started.deps.database.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('build-web')
  .description('build the web UI into web/dist')
  .action(async () => {
    await buildWeb();
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const driver = await withDatabase((database) => Promise.resolve(database.driver));
    console.log(`Migrations applied (${driver}).`);
  });

program
  .command('create-admin')
  .description('create an administrator spanning both municipalities; prints a one-time password')
  .requiredOption('--username <name>', 'username')
  .option('--display-name <name>', 'display name', 'Administratör')
  .option('--email <email>', 'e-mail address (matched at OIDC sign-in)')
  .action(async (opts: { username: string; displayName: string; email?: string }) => {
    await withDatabase(async (database) => {
      const { seedBaseline } = await import('../org/seed.ts');
      const seeded = await seedBaseline(database.db);
      if (seeded.admin) {
        console.log(`Built-in configuration loaded; administrator ${seeded.admin.username} has one-time password ${seeded.admin.oneTimePassword}`);
      }
      const created = await createUser(database.db, null, {
        username: opts.username,
        displayName: opts.displayName,
        email: opts.email ?? null,
        municipalityId: null,
        personId: null,
        roles: ['admin'],
        teamId: null,
        line: null,
        locale: 'sv',
      });
      console.log(`Administrator ${created.user.username} created. One-time password: ${created.oneTimePassword}`);
    });
  });

program
  .command('reset-password')
  .description('give an account a new one-time password (e.g. a lost first administrator password)')
  .argument('<username>')
  .action(async (username: string) => {
    await withDatabase(async (database) => {
      const user = await findUserByUsername(database.db, username);
      if (!user) throw new Error(`unknown user ${username}`);
      const { oneTimePassword } = await resetPassword(database.db, null, user.id);
      console.log(`New one-time password for ${user.username}: ${oneTimePassword}`);
    });
  });

program
  .command('import')
  .description('import units or people from a CSV file (all or nothing)')
  .argument('<kind>', 'units or people', (v) => {
    if (v !== 'units' && v !== 'people') throw new InvalidArgumentError('kind must be units or people');
    return v;
  })
  .argument('<file>', 'CSV file (comma or semicolon separated, UTF-8)')
  .requiredOption('--municipality <code>', 'municipality code, e.g. tranemo or ulricehamn')
  .option('--as <username>', 'account recorded in the audit trail', 'admin')
  .option('--dry-run', 'validate and count, write nothing')
  .action(async (kind: 'units' | 'people', file: string, opts: { municipality: string; as: string; dryRun?: boolean }) => {
    await withDatabase(async (database) => {
      const municipality = await findMunicipality(database.db, opts.municipality);
      if (!municipality) throw new Error(`unknown municipality ${opts.municipality}`);
      const user = await findUserByUsername(database.db, opts.as);
      if (!user?.roles.includes('admin')) throw new Error(`${opts.as} is not an administrator`);
      const csv = await readFile(file, 'utf8');
      const run = kind === 'units' ? importUnits : importPeople;
      const report = await run(database.db, actorFromUser(user), { municipalityId: municipality.id, csv, dryRun: opts.dryRun === true });
      console.log(`${report.dryRun ? 'Dry run: ' : ''}${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
    });
  });

program
  .command('backup')
  .description('write a logical backup of the whole database to FILE (JSON)')
  .argument('<file>')
  .action(async (file: string) => {
    await withDatabase(async (database) => {
      const backup = await createBackup(database);
      await writeFile(file, JSON.stringify(backup));
      const total = Object.values(backup.tables).reduce((n, rows) => n + rows.length, 0);
      console.log(`Backup written to ${file} (${total} rows).`);
    });
  });

program
  .command('restore')
  .description('restore a backup into an empty database (a fresh DATA_DIR or an empty PostgreSQL database)')
  .argument('<file>')
  .action(async (file: string) => {
    const backup: unknown = JSON.parse(await readFile(file, 'utf8'));
    await withDatabase(async (database) => {
      const counts = await restoreBackup(database, backup);
      console.log(
        `Restored: ${Object.entries(counts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}.`,
      );
    });
  });

registerCalendarCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError || e instanceof RestoreError) console.error(e.message);
  else if (e instanceof AppError) console.error(`${e.message}${e.problems.map((p) => `\n  ${p.row ? `rad ${p.row}: ` : ''}${p.field}: ${p.reason}`).join('')}`);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
