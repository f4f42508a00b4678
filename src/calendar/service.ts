import { listMissions } from '../mission/service.ts';
import { findMunicipality } from '../org/store.ts';
import type { Db } from '../platform/db/client.ts';
import { AppError } from '../platform/http/errors.ts';
import { compileCalendar, type BusinessCalendar } from './rules.ts';

/**
 * The business calendar as the rest of Samdesk asks for it. The calendar is compiled from the
 * stored mission versions: each local date follows the calendar configuration of the mission in force
 * on that date (exactly what `missionOn(db, date)` answers, earliest version before the first), so a
 * deadline running from one mission year into the next uses each year's hours and closed days.
 *
 * Compiled calendars are cached per set of mission versions (id + version, so a revised mission makes
 * a new entry) and municipality. Compilation itself is lazy per year, so a cache entry is cheap until
 * used.
 */

const MAX_CACHED = 32;
const cache = new Map<string, BusinessCalendar>();

/** Props for `calendarFor`. */
export interface CalendarForProps {
  /**
   * Municipality code or id; its own extra closed days and changed hours apply besides those for
   * both. Absent: only the entries for both municipalities.
   */
  municipality?: string | undefined;
  /** The field to name when the municipality is unknown (e.g. `query.municipality`). */
  field?: string | undefined;
}

/** Resolves a municipality code or id to its code; unknown → 400 naming `field`. */
export async function municipalityCode(db: Db, idOrCode: string, field = 'municipality'): Promise<string> {
  const found = await findMunicipality(db, idOrCode);
  if (!found) throw new AppError('validation', [{ field, reason: `unknown municipality ${idOrCode}`, reasonSv: `okänd kommun ${idOrCode}` }]);
  return found.code;
}

/** The compiled business calendar for a municipality (or both), from the stored missions. */
export async function calendarFor(db: Db, props: CalendarForProps = {}): Promise<BusinessCalendar> {
  const municipality = props.municipality === undefined ? undefined : await municipalityCode(db, props.municipality, props.field);
  return (await calendars(db))(municipality);
}

/**
 * Calendars for several municipalities by code, with one read of the missions (a list of tickets from
 * both municipalities reads its SLA time left with this).
 */
export async function calendars(db: Db): Promise<(municipalityCode: string | undefined) => BusinessCalendar> {
  const versions = await listMissions(db);
  if (versions.length === 0) throw new AppError('not_found', [{ field: 'mission', reason: 'no mission is stored', reasonSv: 'inget ramuppdrag finns' }]);
  const sourcesKey = versions.map((v) => `${v.id}:${v.version}:${v.effectiveFrom}`).join(',');
  return (municipality) => {
    const key = `${municipality ?? '*'}|${sourcesKey}`;
    let cal = cache.get(key);
    if (cal) {
      // Refresh its place in the least-recently-used order.
      cache.delete(key);
      cache.set(key, cal);
      return cal;
    }
    cal = compileCalendar({ sources: versions.map((v) => ({ effectiveFrom: v.effectiveFrom, calendar: v.document.calendar })), municipality });
    cache.set(key, cal);
    if (cache.size > MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return cal;
  };
}
