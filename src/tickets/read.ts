import { Temporal } from 'temporal-polyfill';
import { calendars } from '../calendar/service.ts';
import { missionOn } from '../mission/service.ts';
import { type MissionDocument } from '../mission/rules.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { isCalendarDate } from '../platform/http/types.ts';
import { fieldNames } from '../platform/http/validation.ts';
import { ZQueueQuery } from './contract.ts';
import { findMunicipality } from '../org/store.ts';
import {
  isProblem,
  listSla,
  localDateRange,
  listTimeLeft,
  queueCursorKey,
  slaReading,
  slaTarget,
  slaTimeLeft,
  type SlaReading,
  type TicketStatus,
  type WorkingTimeLeft,
} from './rules.ts';
import { explainsSlaBreaches } from './policy.ts';
import * as store from './store.ts';
import { isAgentOf, isStaff, stockholmDate, visibilityOf } from './shared.ts';

/** Reading tickets: one ticket with its SLA view, its attachments, the queue and the SLA breaches. */

/** The SLA reading of a ticket now, recomputed from its history (R-2.3: a changed calendar re-evaluates). */
export async function slaOf(db: Db, ticket: store.TicketRow, now = clockNow().getTime()): Promise<SlaReading> {
  return (await slaView(db, ticket, now)).reading;
}

/**
 * The SLA reading with the time left as people count it (rules.slaTimeLeft). The target is the one of
 * the mission in force when the ticket arrived (issue 16: a new mission year must not move the
 * deadline of a ticket already open); the calendar follows each date's mission (calendar/service.ts).
 */
export async function slaView(db: Db, ticket: store.TicketRow, now = clockNow().getTime()): Promise<SlaView> {
  const [municipality, history, category] = await Promise.all([
    findMunicipality(db, ticket.municipalityId),
    store.ticketHistory(db, ticket.id),
    ticket.categoryId ? store.findCategory(db, ticket.deskId, ticket.categoryId) : Promise.resolve(undefined),
  ]);
  return slaViewOf(db, { ticket, municipalityCode: municipality?.code, history, category }, now);
}

export interface SlaView {
  reading: SlaReading;
  left: WorkingTimeLeft | null;
  mission: MissionDocument;
}

/** slaView from what was read with the ticket: the mission and the calendar come from their caches. */
async function slaViewOf(
  db: Db,
  d: {
    ticket: store.TicketRow;
    municipalityCode: string | undefined;
    history: readonly { at: Date; status: TicketStatus }[];
    category: store.CategoryRow | undefined;
  },
  now: number,
): Promise<SlaView> {
  const [missionRow, calendarOf] = await Promise.all([missionOn(db, stockholmDate(d.ticket.receivedAt)), calendars(db)]);
  const calendar = calendarOf(d.municipalityCode);
  const target = slaTarget({ intefunktion: d.category?.isIntefunktion === true, category: d.category ?? null, mission: missionRow.document });
  const reading = slaReading({
    calendar,
    target,
    history: d.history.map((h) => ({ at: h.at.getTime(), state: h.status })),
    now,
    atRiskShare: missionRow.document.support.atRiskShare,
  });
  return { reading, left: slaTimeLeft(calendar, reading, now), mission: missionRow.document };
}

/** The reader's side of the ticket read: scope, role and team decide what they see. */
function readerOf(actor: Actor): store.TicketReader {
  return {
    userId: actor.id,
    municipalityId: actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId,
    all: isStaff(actor),
    agentRole: actor.roles.includes('agent'),
    onTeam: actor.teamId !== null,
  };
}

/**
 * One ticket with everything its page shows: one statement (store.ticketForReading), the mission
 * and the calendar from their caches (issue 17).
 */
export async function getTicket(db: Db, actor: Actor, id: string, now = clockNow().getTime()) {
  const read = await store.ticketForReading(db, id, readerOf(actor));
  if (!read) throw new AppError('not_found');
  const sla = await slaViewOf(db, read, now);
  const { ticket, agent, messages, attachments, timeEntries } = read;
  return {
    ticket,
    agent,
    messages,
    attachments,
    history: agent ? read.history : [],
    timeEntries,
    sla: sla.reading,
    slaLeft: sla.left,
    onCallRule: sla.mission.support.onCall,
    assignee: read.assignee ?? null,
    unit: read.unit ?? null,
    breaches: agent ? read.breaches : [],
    explainBreaches: agent && explainsSlaBreaches(actor),
  };
}

export async function getAttachment(db: Db, actor: Actor, attachmentId: string) {
  const att = await store.findAttachment(db, attachmentId);
  if (!att) throw new AppError('not_found');
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, att.ticketId, v);
  if (!ticket || (att.internal && !isAgentOf(v, ticket))) throw new AppError('not_found');
  return att;
}

/**
 * A queue page, each row with its SLA state and opening time left (rules.listSla, read from the
 * stored instants with the municipality's calendar: one more statement, the missions).
 */
export async function queue(
  db: Db,
  actor: Actor,
  q: Omit<store.QueueQuery, 'visibility' | 'now' | 'followUp'> & { followUp?: QueueFollowUp | undefined },
  now = clockNow().getTime(),
) {
  if (q.after && !queueCursorKey(q.sort, q.after.key)) {
    throw new AppError('validation', [{ field: 'query.cursor', reason: 'invalid cursor', reasonSv: 'ogiltig markör' }]);
  }
  const followUp = q.followUp ? await followUpFilter(db, q.followUp) : undefined;
  const visibility = await visibilityOf(db, actor);
  const rows = await store.queue(db, { ...q, followUp, visibility, now });
  if (rows.length === 0) return [];
  const calendarOf = await calendars(db);
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  return rows.map((r) => {
    const stored = {
      status: r.ticket.status,
      dueAt: ms(r.ticket.slaDueAt),
      atRiskAt: ms(r.ticket.slaAtRiskAt),
      readAt: ms(r.ticket.slaReadAt),
      solvedAt: ms(r.ticket.solvedAt),
    };
    const calendar = calendarOf(r.municipalityCode);
    const sla = listSla(stored, now, calendar);
    return { ...r, sla, left: listTimeLeft(stored, sla, now, calendar), agent: isAgentOf(visibility, r.ticket) };
  });
}

/**
 * the queue filtered as a follow-up figure counted it (followup/report-rules.ts links): the
 * query's filters with local dates, which are read in the mission calendar's time zone.
 */
export interface QueueFollowUp extends Omit<store.QueueFollowUpFilter, 'solved' | 'received'> {
  /** Local dates YYYY-MM-DD, inclusive. */
  solvedFrom?: string | undefined;
  solvedTo?: string | undefined;
  receivedFrom?: string | undefined;
  receivedTo?: string | undefined;
}

/** True when the query holds any of the follow-up's filters. */
export function hasFollowUp(f: QueueFollowUp): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

/**
 * The follow-up's date ranges as instants (rules.localDateRange), each read in the time zone of the
 * mission in force on its first date, as the report reads its period; every bad range answers 400
 * at once, naming the field by its label.
 */
async function followUpFilter(db: Db, f: QueueFollowUp): Promise<store.QueueFollowUpFilter> {
  const { solvedFrom, solvedTo, receivedFrom, receivedTo, ...rest } = f;
  const problems: FieldProblem[] = [];
  const span = async (from: string | undefined, to: string | undefined, keys: { from: string; to: string }): Promise<store.InstantSpan | undefined> => {
    if (from === undefined && to === undefined) return undefined;
    const first = from ?? to;
    const timeZone = first && isCalendarDate(first) ? (await missionOn(db, first)).document.calendar.timeZone : 'Europe/Stockholm';
    const range = localDateRange({ from, to, timeZone });
    if (isProblem(range)) {
      const key = range.field === 'from' ? keys.from : keys.to;
      const names = fieldNames(ZQueueQuery, [key]);
      problems.push({ field: `query.${key}`, label: names.sv, labelEn: names.en, reason: range.reason, reasonSv: range.reasonSv });
      return undefined;
    }
    const instant = (ms: number | null) => (ms === null ? null : new Date(ms));
    return { start: instant(range.start), end: instant(range.end) };
  };
  const solved = await span(solvedFrom, solvedTo, { from: 'solvedFrom', to: 'solvedTo' });
  const received = await span(receivedFrom, receivedTo, { from: 'receivedFrom', to: 'receivedTo' });
  if (problems.length) throw new AppError('validation', problems);
  return { ...rest, solved, received };
}

/**
 * SLA breaches recorded in a period (local dates, Europe/Stockholm), for the desk's agents and IT
 * management; each list only holds tickets the actor may see.
 */
export async function slaBreachList(
  db: Db,
  actor: Actor,
  q: { from: string; to: string; intefunktion?: boolean | undefined; after?: { key: string; id: string } | undefined; limit: number },
) {
  const visibility = await visibilityOf(db, actor);
  if (!visibility.all && visibility.agentDeskIds.length === 0) throw new AppError('forbidden');
  const from = localMidnight(q.from, 'query.from');
  const to = localMidnight(Temporal.PlainDate.from(q.to).add({ days: 1 }).toString(), 'query.to');
  if (to <= from) throw new AppError('validation', [{ field: 'query.to', reason: 'must not be before from', reasonSv: 'får inte vara före från-datumet' }]);
  const filter = { visibility, from, to, intefunktion: q.intefunktion };
  const [rows, totals] = await Promise.all([
    store.breaches(db, { ...filter, after: q.after, limit: q.limit }),
    q.after ? Promise.resolve(null) : store.breachTotals(db, filter),
  ]);
  return { rows, totals };
}

function localMidnight(date: string, field: string): Date {
  try {
    return new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: 'Europe/Stockholm' }).epochMilliseconds);
  } catch {
    throw new AppError('validation', [{ field, reason: 'not a date (YYYY-MM-DD)', reasonSv: 'inte ett datum (ÅÅÅÅ-MM-DD)' }]);
  }
}
