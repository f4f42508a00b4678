import { Temporal } from 'temporal-polyfill';
import { writeAudit } from '../platform/audit/audit.ts';
import { now } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import { zodProblems } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ZMissionDocument } from './document.ts';
import { missionInForce, missionProblems, type MissionDocument } from './rules.ts';
import { insertMissionVersion, listMissionVersions, type MissionVersionRow } from './store.ts';

const CACHE_MS = 30_000;
const cache = new WeakMap<Db, { at: number; versions: MissionVersionRow[] }>();

async function versions(db: Db): Promise<MissionVersionRow[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.versions;
  const rows = await listMissionVersions(db);
  cache.set(db, { at: Date.now(), versions: rows });
  return rows;
}

/**
 * Today's date in Stockholm (by the clock in force, platform/clock.ts): the date every "which
 * mission applies" question is asked for.
 */
export function stockholmToday(at: Temporal.Instant = Temporal.Instant.fromEpochMilliseconds(now().getTime())): string {
  return at.toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
}

/**
 * The mission in force on a local date. Before the first stored version the earliest one
 * applies, so a fresh installation always has rules.
 */
export async function missionOn(db: Db, localDate: string = stockholmToday()): Promise<MissionVersionRow> {
  const all = await versions(db);
  const found = missionInForce(all, localDate) ?? all[0];
  if (!found) throw new AppError('not_found', [{ field: 'mission', reason: 'no mission is stored', reasonSv: 'inget ramuppdrag finns' }]);
  return found;
}

export async function listMissions(db: Db): Promise<MissionVersionRow[]> {
  return versions(db);
}

/** Stores a mission version after full validation (used by the seed; editing comes later). */
export async function saveMission(db: Db, actorUserId: string | null, input: unknown): Promise<MissionVersionRow> {
  const parsed = ZMissionDocument.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation', zodProblems(parsed.error, 'document'));
  }
  const doc: MissionDocument = parsed.data;
  const problems = missionProblems(doc);
  if (problems.length) {
    throw new AppError(
      'validation',
      problems.map((p) => ({ field: p.path, reason: p.message, reasonSv: p.message })),
    );
  }
  const row = await db.transaction(async (tx) => {
    const inserted = await insertMissionVersion(tx, { year: doc.year, effectiveFrom: doc.effectiveFrom, title: doc.title, document: doc });
    if (!inserted) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId,
      municipalityId: null,
      entity: 'mission',
      entityId: String(doc.year),
      action: 'create',
      after: { year: doc.year, title: doc.title },
    });
    return inserted;
  });
  cache.delete(db);
  return row;
}
