import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { seedCatalogue } from '../catalogue/seed.ts';
import { seedItFunctions } from '../operations/service.ts';
import { seedIncidentTemplates } from '../operations/reports.ts';
import { accountEndReminderJob } from '../orders/jobs.ts';
import { seedBaseline, seedDemo } from '../org/seed.ts';
import { storedSetting } from '../org/store.ts';
import { mailSendJob } from '../mail/outbox.ts';
import { startMailListener } from '../mail/listener.ts';
import { slaBreachJob } from '../tickets/jobs.ts';
import { loanReminderJob } from '../sites/jobs.ts';
import { seedDemoTickets } from '../tickets/demo.ts';
import { seedDemoAssets } from '../assets/demo.ts';
import { seedDemoSites } from '../sites/demo.ts';
import { seedDemoBilling } from '../billing/demo.ts';
import { seedDemoAgreements } from '../agreements/demo.ts';
import { seedDemoOperations } from '../operations/demo.ts';
import { seedDesks } from '../tickets/seed.ts';
import { scheduleJobs } from '../platform/jobs/runner.ts';
import { createOidcClient } from '../platform/auth/oidc.ts';
import { systemClock, withClock, type Clock } from '../platform/clock.ts';
import type { AppConfig } from '../platform/config.ts';
import { openDatabase, type Database, type Db } from '../platform/db/client.ts';
import { createApp } from './http.ts';
import { permissionsOf } from './permissions.ts';
import { registerAssetReactions } from '../assets/service.ts';
import { registerSurveyReactions } from '../surveys/service.ts';
import { registerGovernanceReactions } from '../governance/service.ts';
import type { AppDeps } from '../platform/http/context.ts';

export function createLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: ['req.headers.cookie', 'password', '*.password', '*.passwordHash'] });
}

/** The cookie secret: from the environment, else generated once and shared through the database. */
async function cookieSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const stored = await storedSetting(db, 'session_secret', randomBytes(48).toString('base64url'));
  if (stored === undefined) throw new Error('could not store the session secret');
  return stored;
}

export interface BootResult {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  admin?: { username: string; oneTimePassword: string } | undefined;
  demoAccounts?: { username: string; roles: string[]; municipality: string }[] | undefined;
}

export interface BootOptions {
  demo?: boolean;
  logger?: Logger;
  database?: Database;
  /** Start the scheduled jobs (the server does; tests and the CLI do not). */
  jobs?: boolean;
  /** The time the app believes it is (default the machine's): the demo is seeded as of it and every request reads it. */
  clock?: Clock;
}

/** Opens and migrates the database, loads the built-in configuration and builds the app. */
export async function boot(config: AppConfig, options: BootOptions = {}): Promise<BootResult> {
  const clock = options.clock ?? systemClock;
  return withClock(clock, () => bootWith(config, options, clock));
}

/** Issue 17: each capability's reactions to another's events (platform/hooks.ts), wired once here. */
export function registerReactions(): void {
  registerSurveyReactions();
  registerAssetReactions();
  registerGovernanceReactions();
}

async function bootWith(config: AppConfig, options: BootOptions, clock: Clock): Promise<BootResult> {
  registerReactions();
  const logger = options.logger ?? createLogger(config);
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrationDatabaseUrl: config.migrationDatabaseUrl }));
  await database.migrate();
  const seeded = await seedBaseline(database.db);
  await seedDesks(database.db);
  await seedCatalogue(database.db);
  await seedItFunctions(database.db);
  await seedIncidentTemplates(database.db);
  const demo = options.demo ? await seedDemo(database.db) : undefined;
  if (demo?.seeded) {
    await seedDemoTickets(database.db, clock.now());
    await seedDemoAssets(database.db);
    // Sites and the laptop pool after the equipment, before billing: the demo's runs charge the returned loan.
    await seedDemoSites(database.db);
    // Agreements before billing: the demo's runs charge the applications' fees from their agreements.
    await seedDemoAgreements(database.db);
    await seedDemoBilling(database.db);
    await seedDemoOperations(database.db, clock.now());
  }
  const secret = await cookieSecret(database.db, config.sessionSecret);
  const oidc = config.oidc ? createOidcClient({ ...config.oidc, redirectUri: `${config.baseUrl}/api/v1/auth/oidc/callback` }) : undefined;
  const deps: AppDeps = { database, config, logger, secret, oidc, clock, permissionsOf };
  if (options.jobs) {
    const stopJobs = scheduleJobs(database.db, [slaBreachJob, accountEndReminderJob, loanReminderJob, mailSendJob(config, secret)], logger, clock);
    // Mail to the support address becomes tickets (issue 5) when SMTP_LISTEN_PORT is set.
    const listener = config.mail.listen
      ? await startMailListener({ db: database.db, secret, mail: config.mail }, { ...config.mail.listen, logger })
      : undefined;
    deps.stopJobs = () => {
      stopJobs();
      void listener?.close();
    };
  }
  return { deps, app: createApp(deps), admin: seeded.admin, demoAccounts: demo?.seeded ? demo.accounts : undefined };
}
