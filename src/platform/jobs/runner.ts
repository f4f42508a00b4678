import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Logger } from 'pino';
import { now as clockNow, systemClock, withClock, type Clock } from '../clock.ts';
import type { Db } from '../db/client.ts';
import { recordJobRun, tryJobLock } from './store.ts';

export interface Job {
  /** Stable name; also the key of the advisory lock. */
  name: string;
  /** Cron pattern (Europe/Stockholm). */
  schedule: string;
  run(db: Db, now: Date): Promise<Record<string, unknown>>;
}

/** Stable 32-bit key of a job name for pg_try_advisory_xact_lock. */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

/**
 * Runs a job once if no other node is running it: a transaction-scoped advisory lock guards the run,
 * and the run is recorded in job_runs. Returns null when another node holds the lock.
 */
export async function runJobOnce(db: Db, job: Job, now = clockNow()): Promise<Record<string, unknown> | null> {
  try {
    return await db.transaction(async (tx) => {
      if (!(await tryJobLock(tx, lockKey(job.name)))) return null;
      const detail = await job.run(tx, now);
      await recordJobRun(tx, { job: job.name, node: hostname(), startedAt: now, finishedAt: new Date(), ok: true, detail });
      return detail;
    });
  } catch (e) {
    // The run's own work rolled back; the failure is recorded on its own.
    await recordJobRun(db, {
      job: job.name,
      node: hostname(),
      startedAt: now,
      finishedAt: new Date(),
      ok: false,
      detail: { error: e instanceof Error ? e.message : String(e) },
    });
    throw e;
  }
}

/** Starts every job on its schedule (each run as of `clock`); returns a stop function. */
export function scheduleJobs(db: Db, jobs: readonly Job[], logger: Logger, clock: Clock = systemClock): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(job.schedule, { timezone: 'Europe/Stockholm', protect: true, name: job.name }, async () => {
        try {
          const detail = await withClock(clock, () => runJobOnce(db, job, clock.now()));
          if (detail) logger.info({ job: job.name, ...detail }, 'job ran');
        } catch (err) {
          logger.error({ err, job: job.name }, 'job failed');
        }
      }),
  );
  return () => {
    for (const c of crons) c.stop();
  };
}
