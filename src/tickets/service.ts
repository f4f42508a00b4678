import { and, eq } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { calendarFor, calendars } from '../calendar/service.ts';
import { missionOn } from '../mission/service.ts';
import { firstLineTeam, type MissionDocument } from '../mission/rules.ts';
import { hasRole } from '../platform/auth/policy.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { people, teams, units, users } from '../org/schema.ts';
import { findMunicipality } from '../org/store.ts';
import {
  attachmentProblems,
  billableOnCallMinutes,
  escalationProblems,
  isOnCall,
  listSla,
  listTimeLeft,
  slaReading,
  slaTarget,
  statusAfterRequesterReply,
  statusChangeProblems,
  ticketNumber,
  PRIORITIES,
  slaTimeLeft,
  type SlaReading,
  type TicketStatus,
  type WorkingTimeLeft,
} from './rules.ts';
import { slaBreaches, ticketAttachments, ticketEvents, ticketMessages, tickets, ticketTimeEntries } from './schema.ts';
import * as store from './store.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { ticketClosed } from './hooks.ts';
import { ZVersion } from '../platform/http/types.ts';

/** Attachment limits: technical, not part of the yearly mission. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'message/rfc822',
] as const;

const isStaff = (a: Actor) => hasRole(a, 'admin', 'it_management');

export async function visibilityOf(db: DbOrTx, actor: Actor): Promise<store.TicketVisibility> {
  return {
    municipalityId: actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId,
    agentDeskIds: await store.agentDeskIds(db, actor),
    all: isStaff(actor),
    userId: actor.id,
  };
}

const isAgentOf = (v: store.TicketVisibility, t: { deskId: string }) => v.all || v.agentDeskIds.includes(t.deskId);

function reject(problems: FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', problems);
}

/** The Stockholm calendar date of an instant (the date a mission is looked up for). */
function stockholmDate(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
}

/** A browser's clock may run a little ahead of the server's: this much "future" is read as now. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Issue 16: when a ticket came. An agent registering a call afterwards gives the time it came (only
 * the desk's agents may; never in the future); everyone else's ticket came now.
 */
function receivedInstant(input: TTicketInput, now: Date, agent: boolean): Date {
  if (input.receivedAt === undefined) return now;
  if (!agent) throw new AppError('forbidden', [{ field: 'receivedAt', reason: 'only the desk’s agents register when a call came', reasonSv: 'bara deskens handläggare anger när samtalet kom' }]);
  const at = new Date(input.receivedAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new AppError('validation', [{ field: 'receivedAt', reason: 'may not be in the future', reasonSv: 'får inte ligga i framtiden' }]);
  return at.getTime() > now.getTime() ? now : at;
}

function stockholmYear(instant: Date): number {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Stockholm').year;
}

// ---------------------------------------------------------------- intake

export const ZTicketInput = z.strictObject({
  /** Municipality of the ticket; defaults to the requester's own. */
  municipalityId: z.uuid().optional(),
  deskId: z.uuid().optional(),
  categoryId: z.string().min(1).max(60),
  intefunktion: z.string().min(1).max(60).nullable().default(null),
  priority: z.enum(PRIORITIES).default('normal'),
  subject: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(20_000),
  device: z.string().trim().max(200).nullable().default(null),
  deviceSupportLevel: z.enum(['managed', 'managed_without_support', 'one_to_one']).nullable().default(null),
  unitId: z.uuid().nullable().default(null),
  affectsOperations: z.boolean().default(false),
  /** Agents registering a call on behalf of a person. */
  onBehalfOf: z
    .strictObject({
      personId: z.uuid().nullable().default(null),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(200).nullable().default(null),
      phone: z.string().trim().max(40).nullable().default(null),
    })
    .optional(),
  /** channels; `email` is set by mail in (or by an agent registering a forwarded mail). */
  channel: z.enum(['portal', 'phone', 'agent', 'email']).optional(),
  /**
   * Issue 16: when the call came, for an agent registering it afterwards (not in the future). On-call
   * detection, the mission and the SLA clock follow this instant; absent: now.
   */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export type TTicketInput = z.infer<typeof ZTicketInput>;

/** a ticket from the portal or registered by an agent; it always starts in the first line. */
export async function createTicket(db: Db, actor: Actor, input: TTicketInput, now = clockNow()) {
  const prepared = await prepareTicket(db, actor, input, now);
  return db.transaction((tx) => insertPreparedTicket(tx, prepared));
}

/** A checked ticket, ready to be written (the reads and checks of createTicket, no writes). */
export type PreparedTicket = Awaited<ReturnType<typeof prepareTicket>>;

/**
 * The reads and checks of createTicket, done before any transaction, so another use case (an order,
 * issue 6) can write the ticket inside its own transaction with insertPreparedTicket: on PGlite a
 * read outside an open transaction would wait for it.
 */
export async function prepareTicket(db: Db, actor: Actor, input: TTicketInput, now = clockNow()) {
  const visibility = await visibilityOf(db, actor);
  const desk = input.deskId ? await store.findDesk(db, input.deskId) : await store.itDesk(db);
  if (!desk || !desk.active) throw new AppError('validation', [{ field: 'deskId', reason: 'unknown desk', reasonSv: 'okänd servicedesk' }]);
  const municipalityId = input.municipalityId ?? actor.municipalityId;
  if (!municipalityId) throw new AppError('validation', [{ field: 'municipalityId', reason: 'required for accounts spanning both municipalities', reasonSv: 'krävs för konton som omfattar båda kommunerna' }]);
  if (actor.scope.kind === 'municipality' && actor.scope.municipalityId !== municipalityId) throw new AppError('not_found');
  if (desk.municipalityId && desk.municipalityId !== municipalityId) throw new AppError('validation', [{ field: 'deskId', reason: 'the desk serves another municipality', reasonSv: 'servicedesken tillhör en annan kommun' }]);
  const municipality = await findMunicipality(db, municipalityId);
  if (!municipality) throw new AppError('validation', [{ field: 'municipalityId', reason: 'unknown municipality', reasonSv: 'okänd kommun' }]);
  const onBehalf = input.onBehalfOf !== undefined;
  if (onBehalf && !isAgentOf(visibility, { deskId: desk.id })) throw new AppError('forbidden', [{ field: 'onBehalfOf', reason: 'only the desk’s agents register on behalf of others', reasonSv: 'bara deskens handläggare registrerar åt andra' }]);

  const problems: FieldProblem[] = [];
  const category = await store.findCategory(db, desk.id, input.categoryId);
  if (!category || !category.active) problems.push({ field: 'categoryId', reason: 'unknown category for this desk', reasonSv: 'okänd kategori för servicedesken' });
  // Issue 16: a call registered afterwards keeps the time it came; the mission in force then applies.
  const receivedAt = receivedInstant(input, now, isAgentOf(visibility, { deskId: desk.id }));
  const missionRow = await missionOn(db, stockholmDate(receivedAt));
  const mission = missionRow.document;
  if (category?.isIntefunktion) {
    if (!input.intefunktion) problems.push({ field: 'intefunktion', reason: 'choose the function that does not work', reasonSv: 'välj vilken funktion som inte fungerar' });
    else if (!mission.support.intefunktion.functions.some((f) => f.code === input.intefunktion)) problems.push({ field: 'intefunktion', reason: 'not one of the mission’s functions', reasonSv: 'inte en av ramuppdragets funktioner' });
  } else if (input.intefunktion) problems.push({ field: 'intefunktion', reason: 'only for the intefunktion category', reasonSv: 'bara för kategorin intefunktion' });
  if (input.unitId) {
    const [unit] = await db.select().from(units).where(and(eq(units.id, input.unitId), eq(units.municipalityId, municipalityId))).limit(1);
    if (!unit) problems.push({ field: 'unitId', reason: 'unknown unit in this municipality', reasonSv: 'okänd enhet i kommunen' });
  }
  let requester = { userId: actor.id as string | null, personId: null as string | null, name: actor.displayName, email: actor.email, phone: null as string | null };
  if (input.onBehalfOf) {
    const b = input.onBehalfOf;
    if (b.personId) {
      const [person] = await db.select().from(people).where(and(eq(people.id, b.personId), eq(people.municipalityId, municipalityId))).limit(1);
      if (!person) problems.push({ field: 'onBehalfOf.personId', reason: 'unknown person in this municipality', reasonSv: 'okänd person i kommunen' });
      else {
        const [account] = await db.select({ id: users.id }).from(users).where(eq(users.personId, person.id)).limit(1);
        requester = { userId: account?.id ?? null, personId: person.id, name: `${person.firstName} ${person.lastName}`, email: person.email, phone: person.phone };
      }
    } else if (!b.name) problems.push({ field: 'onBehalfOf.name', reason: 'name or person required', reasonSv: 'namn eller person krävs' });
    else requester = { userId: null, personId: null, name: b.name, email: b.email, phone: b.phone };
  }
  reject(problems);

  const calendar = await calendarFor(db, { municipality: municipality.code });
  const firstLine = desk.isIt ? firstLineTeam(mission) : undefined;
  const [team] = firstLine ? await db.select().from(teams).where(eq(teams.code, firstLine.code)).limit(1) : [];
  const target = slaTarget({ intefunktion: category?.isIntefunktion === true, category: category ?? null, mission });
  const reading = slaReading({ calendar, target, history: [{ at: receivedAt.getTime(), state: 'new' }], now: receivedAt.getTime(), atRiskShare: mission.support.atRiskShare });
  const channel = input.channel ?? (onBehalf ? 'phone' : 'portal');
  const onCall = isOnCall(calendar, receivedAt.getTime(), input.affectsOperations);
  /** Who the history and audit name as acting (null: a scheduled job). */
  const actorUserId = actor.id as string | null;
  return { actorUserId, input, municipalityId, desk, requester, category, team, channel, onCall, receivedAt, registeredAt: now, reading };
}

/** Writes a prepared ticket with its first history event and audit row, inside the caller's transaction. */
export async function insertPreparedTicket(tx: DbOrTx, prepared: PreparedTicket) {
  const { actorUserId, input, municipalityId, desk, requester, category, team, channel, onCall, receivedAt, registeredAt, reading } = prepared;
  const year = stockholmYear(receivedAt);
  const seq = await store.nextTicketSeq(tx, year);
  const [row] = await tx
    .insert(tickets)
    .values({
      number: ticketNumber(year, seq),
      municipalityId,
      deskId: desk.id,
      unitId: input.unitId,
      requesterUserId: requester.userId,
      requesterPersonId: requester.personId,
      requesterName: requester.name,
      requesterEmail: requester.email,
      requesterPhone: requester.phone,
      channel,
      categoryId: category?.id ?? null,
      intefunktion: input.intefunktion,
      priority: input.priority,
      subject: input.subject,
      description: input.description,
      device: input.device,
      deviceSupportLevel: input.deviceSupportLevel,
      teamId: team?.id ?? null,
      line: 1,
      onCall,
      affectsOperations: input.affectsOperations,
      receivedAt,
      ...storedSla(reading, receivedAt),
    })
    .returning();
  if (!row) throw new AppError('internal');
  await tx.insert(ticketEvents).values({ ticketId: row.id, at: receivedAt, actorUserId, kind: 'created', status: 'new', teamId: row.teamId, line: 1 });
  await store.refreshSearch(tx, row.id);
  if (row.requesterEmail) await enqueueMail(tx, { kind: 'ticket-received', ticketId: row.id, to: row.requesterEmail, toName: row.requesterName });
  await writeAudit(tx, { actorUserId, municipalityId, entity: 'ticket', entityId: row.id, action: 'create', after: { number: row.number, subject: row.subject, channel, categoryId: row.categoryId, onCall: row.onCall, receivedAt: receivedAt.toISOString(), ...(receivedAt.getTime() !== registeredAt.getTime() ? { registeredAt: registeredAt.toISOString() } : {}) } });
  return row;
}

// ---------------------------------------------------------------- reading

/** The SLA reading of a ticket now, recomputed from its history (R-2.3: a changed calendar re-evaluates). */
export async function slaOf(db: Db, ticket: store.TicketRow, now = clockNow().getTime()): Promise<SlaReading> {
  return (await slaView(db, ticket, now)).reading;
}

/**
 * The SLA reading with the time left as people count it (rules.slaTimeLeft). The target is the one of
 * the mission in force when the ticket arrived (issue 16: a new mission year must not move the
 * deadline of a ticket already open); the calendar follows each date's mission (calendar/service.ts).
 */
export async function slaView(db: Db, ticket: store.TicketRow, now = clockNow().getTime()): Promise<{ reading: SlaReading; left: WorkingTimeLeft | null; mission: MissionDocument }> {
  const [municipality, missionRow, history] = await Promise.all([findMunicipality(db, ticket.municipalityId), missionOn(db, stockholmDate(ticket.receivedAt)), store.ticketHistory(db, ticket.id)]);
  const calendar = await calendarFor(db, { municipality: municipality?.code });
  const category = ticket.categoryId ? await store.findCategory(db, ticket.deskId, ticket.categoryId) : undefined;
  const target = slaTarget({ intefunktion: category?.isIntefunktion === true, category: category ?? null, mission: missionRow.document });
  const reading = slaReading({ calendar, target, history: history.map((h) => ({ at: h.at.getTime(), state: h.status })), now, atRiskShare: missionRow.document.support.atRiskShare });
  return { reading, left: slaTimeLeft(calendar, reading, now), mission: missionRow.document };
}

export async function getTicket(db: Db, actor: Actor, id: string) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  const agent = isAgentOf(v, ticket);
  const [messages, attachments, history, timeEntries, sla, assignee, unit] = await Promise.all([
    store.ticketMessagesOf(db, id, agent),
    store.attachmentsOf(db, id, agent),
    agent ? store.ticketHistory(db, id) : Promise.resolve([]),
    agent ? store.timeEntriesOf(db, id) : Promise.resolve([]),
    slaView(db, ticket),
    ticket.assigneeUserId ? store.assigneeContact(db, ticket.assigneeUserId) : Promise.resolve(undefined),
    ticket.unitId ? store.unitOf(db, ticket.unitId) : Promise.resolve(undefined),
  ]);
  return { ticket, agent, messages, attachments, history, timeEntries, sla: sla.reading, slaLeft: sla.left, onCallRule: sla.mission.support.onCall, assignee: assignee ?? null, unit: unit ?? null };
}

// ---------------------------------------------------------------- changes

async function loadForChange(db: Db, actor: Actor, id: string, version: number, needAgent: boolean) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  const agent = isAgentOf(v, ticket);
  if (needAgent && !agent) throw new AppError('forbidden');
  if (ticket.version !== version) throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], { current: { version: ticket.version, status: ticket.status, line: ticket.line, teamId: ticket.teamId, assigneeUserId: ticket.assigneeUserId } });
  return { ticket, agent };
}

/**
 * Applies a change with its history event and audit row in one transaction. The version check is
 * repeated in the UPDATE, so of two concurrent writers exactly one wins (the other gets 409).
 */
export interface TicketChange {
  values: Partial<typeof tickets.$inferInsert>;
  event?: Omit<typeof ticketEvents.$inferInsert, 'ticketId' | 'actorUserId'>;
  action: string;
  message?: { visibility: 'public' | 'internal'; body: string };
  /** false: no mail to the requester (their own reply by mail). */
  notify?: boolean;
}

async function applyChange(db: Db, actor: Actor, ticket: store.TicketRow, change: TicketChange) {
  return db.transaction((tx) => applyChangeIn(tx, actor, ticket, change));
}

/**
 * applyChange inside the caller's transaction (mail in threads a reply with its ledger row). Tells the
 * requester by mail (issue 5, through the outbox in the same transaction) when an agent answers in
 * the public conversation and when the ticket is solved.
 */
export async function applyChangeIn(tx: DbOrTx, actor: Actor, ticket: store.TicketRow, change: TicketChange) {
  const [row] = await tx
    .update(tickets)
    .set({ ...change.values, version: ticket.version + 1, updatedAt: clockNow() })
    .where(and(eq(tickets.id, ticket.id), eq(tickets.version, ticket.version)))
    .returning();
  if (!row) throw new AppError('stale_version', [{ field: 'version', reason: `expected ${ticket.version}`, reasonSv: `förväntade ${ticket.version}` }]);
  if (change.event) await tx.insert(ticketEvents).values({ at: clockNow(), ...change.event, ticketId: ticket.id, actorUserId: actor.id });
  let messageId: string | null = null;
  if (change.message) {
    const [message] = await tx
      .insert(ticketMessages)
      .values({ ticketId: ticket.id, authorUserId: actor.id, authorName: actor.displayName, visibility: change.message.visibility, body: change.message.body, createdAt: clockNow() })
      .returning({ id: ticketMessages.id });
    messageId = message?.id ?? null;
    await store.refreshSearch(tx, ticket.id);
  }
  const byOther = actor.id !== ticket.requesterUserId;
  const notify = row.status === 'solved' && ticket.status !== 'solved' ? 'ticket-solved' : change.message?.visibility === 'public' && byOther ? 'ticket-reply' : null;
  if (notify && row.requesterEmail && byOther && change.notify !== false) {
    await enqueueMail(tx, { kind: notify, ticketId: row.id, to: row.requesterEmail, toName: row.requesterName, params: { messageId } });
  }
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: ticket.municipalityId,
    entity: 'ticket',
    entityId: ticket.id,
    action: change.action,
    before: { status: ticket.status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, unitId: ticket.unitId, version: ticket.version },
    after: { status: row.status, teamId: row.teamId, line: row.line, assigneeUserId: row.assigneeUserId, unitId: row.unitId, version: row.version },
  });
  return row;
}

/** The SLA instants a ticket row keeps for sorting and for list states without history (rules.listSla). */
function storedSla(reading: SlaReading, readAt: Date) {
  const instant = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { slaDueAt: instant(reading.dueAt), slaAtRiskAt: instant(reading.atRiskAt), slaReadAt: readAt };
}

/** The SLA re-read from history as of `now` and stored on the row (derived: no version bump). */
export async function refreshStoredSla(db: Db, row: store.TicketRow, now: Date) {
  const sla = await slaOf(db, row, now.getTime());
  const stored = storedSla(sla, now);
  await db.update(tickets).set(stored).where(eq(tickets.id, row.id));
  return { sla, stored };
}

/** After a change: the stored SLA instants as of now; a late solution is recorded as a breach. */
async function withSlaDue(db: Db, row: store.TicketRow): Promise<store.TicketRow> {
  const { sla, stored } = await refreshStoredSla(db, row, clockNow());
  if (sla.state === 'missed' && stored.slaDueAt) {
    await db.insert(slaBreaches).values({ ticketId: row.id, municipalityId: row.municipalityId, dueAt: stored.slaDueAt, intefunktion: row.intefunktion !== null }).onConflictDoNothing();
  }
  return { ...row, ...stored };
}

export const ZStatusChange = z.strictObject({ version: ZVersion, status: z.enum(['new', 'open', 'waiting', 'solved', 'closed']), comment: z.string().trim().max(20_000).optional() });

export async function changeStatus(db: Db, actor: Actor, id: string, input: z.infer<typeof ZStatusChange>, now = clockNow(), options: { surveyRandom?: () => number } = {}) {
  const { ticket, agent } = await loadForChange(db, actor, id, input.version, false);
  const problems = statusChangeProblems(ticket.status, input.status, agent ? 'agent' : 'requester');
  reject(problems);
  const solving = input.status === 'solved';
  const values: Partial<typeof tickets.$inferInsert> = {
    status: input.status,
    ...(solving ? { solvedAt: now, solvedLine: ticket.line, solvedTeamId: ticket.teamId } : {}),
    ...(input.status === 'closed' ? { closedAt: now } : {}),
    ...(input.status === 'open' && ticket.status === 'solved' ? { solvedAt: null, solvedLine: null, solvedTeamId: null } : {}),
    ...(agent && !ticket.firstResponseAt ? { firstResponseAt: now } : {}),
  };
  const row = await db.transaction(async (tx) => {
    const changed = await applyChangeIn(tx, actor, ticket, {
      values,
      event: { kind: 'status', status: input.status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, reason: input.comment ?? null },
      action: `status:${input.status}`,
      ...(input.comment ? { message: { visibility: 'public' as const, body: input.comment } } : {}),
    });
    // a random share of closed tickets get the satisfaction survey, drawn by the reaction the
    // surveys capability registers (issue 17), in this transaction.
    if (changed.status === 'closed') await ticketClosed.emit(tx, { ticket: changed, at: now, random01: options.surveyRandom });
    return changed;
  });
  return withSlaDue(db, row);
}

export const ZEscalation = z.strictObject({ version: ZVersion, team: z.string().min(1).max(60), line: z.number().int().min(1).max(3), reason: z.string() });

/** 1st → 2nd line, or to 3rd line verksamhetsstöd/infrastruktur, with a reason. */
export async function escalate(db: Db, actor: Actor, id: string, input: z.infer<typeof ZEscalation>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  if (ticket.status === 'closed' || ticket.status === 'solved') throw new AppError('validation', [{ field: 'status', reason: 'reopen the ticket first', reasonSv: 'återöppna ärendet först' }]);
  const desk = await store.findDesk(db, ticket.deskId);
  if (!desk?.isIt) throw new AppError('validation', [{ field: 'team', reason: 'only the IT desk has lines', reasonSv: 'bara IT-supporten har linjer' }]);
  const allTeams = await db.select().from(teams);
  const from = allTeams.find((t) => t.id === ticket.teamId);
  const to = allTeams.find((t) => t.code === input.team || t.id === input.team);
  if (!to) throw new AppError('validation', [{ field: 'team', reason: 'unknown team', reasonSv: 'okänt team' }]);
  reject(escalationProblems({ from: { team: from?.code ?? '', line: ticket.line }, to: { team: to.code, line: input.line }, reason: input.reason, teams: allTeams }));
  const row = await applyChange(db, actor, ticket, {
    values: { teamId: to.id, line: input.line, assigneeUserId: null, status: ticket.status === 'new' ? 'open' : ticket.status },
    event: { kind: 'escalation', status: ticket.status === 'new' ? 'open' : ticket.status, teamId: to.id, line: input.line, assigneeUserId: null, reason: input.reason.trim() },
    action: 'escalate',
    message: { visibility: 'internal', body: `Eskalerat till ${to.name}, linje ${input.line}: ${input.reason.trim()}` },
  });
  return withSlaDue(db, row);
}

export const ZAssignment = z.strictObject({ version: ZVersion, assigneeUserId: z.uuid().nullable() });

/** the assigned technician (an agent of the ticket's desk). */
export async function assign(db: Db, actor: Actor, id: string, input: z.infer<typeof ZAssignment>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  if (input.assigneeUserId) {
    const [assignee] = await db.select().from(users).where(and(eq(users.id, input.assigneeUserId), eq(users.active, true))).limit(1);
    const ids = assignee ? await store.agentDeskIds(db, assignee) : [];
    if (!ids.includes(ticket.deskId)) throw new AppError('validation', [{ field: 'assigneeUserId', reason: 'not an agent of this desk', reasonSv: 'inte handläggare i servicedesken' }]);
  }
  const status = ticket.status === 'new' && input.assigneeUserId ? 'open' : ticket.status;
  return applyChange(db, actor, ticket, {
    values: { assigneeUserId: input.assigneeUserId, status },
    event: { kind: 'assignment', status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: input.assigneeUserId },
    action: 'assign',
  });
}

export const ZMessage = z.strictObject({ body: z.string().trim().min(1).max(20_000), visibility: z.enum(['public', 'internal']).default('public') });

/** a reply in the public conversation or an internal note (agents only). */
export async function addMessage(db: Db, actor: Actor, id: string, input: z.infer<typeof ZMessage>) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  const agent = isAgentOf(v, ticket);
  if (input.visibility === 'internal' && !agent) throw new AppError('forbidden', [{ field: 'visibility', reason: 'internal notes are for agents', reasonSv: 'interna anteckningar är för handläggare' }]);
  if (ticket.status === 'closed') throw new AppError('validation', [{ field: 'status', reason: 'the ticket is closed', reasonSv: 'ärendet är stängt' }]);
  const status: TicketStatus = agent ? ticket.status : statusAfterRequesterReply(ticket.status);
  const row = await applyChange(db, actor, ticket, {
    values: { status, ...(agent && input.visibility === 'public' && !ticket.firstResponseAt ? { firstResponseAt: clockNow() } : {}) },
    ...(status !== ticket.status ? { event: { kind: 'status' as const, status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, reason: 'svar från beställaren' } } : {}),
    action: input.visibility === 'internal' ? 'note' : 'reply',
    message: { visibility: input.visibility, body: input.body },
  });
  return withSlaDue(db, row);
}

export const ZHandBack = z.strictObject({ version: ZVersion, reason: z.string().trim().min(3).max(2000) });

/** the task belongs to the business by the device's support level: hand it back with the reason. */
export async function handBack(db: Db, actor: Actor, id: string, input: z.infer<typeof ZHandBack>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  const problems = statusChangeProblems(ticket.status, 'solved', 'agent');
  reject(problems);
  const row = await applyChange(db, actor, ticket, {
    values: { status: 'solved', solvedAt: clockNow(), solvedLine: ticket.line, solvedTeamId: ticket.teamId, handedBackReason: input.reason, ...(!ticket.firstResponseAt ? { firstResponseAt: clockNow() } : {}) },
    event: { kind: 'handback', status: 'solved', teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, reason: input.reason },
    action: 'hand_back',
    message: { visibility: 'public', body: `Ärendet lämnas tillbaka till verksamheten: ${input.reason}` },
  });
  return withSlaDue(db, row);
}

export const ZRequesterLink = z.strictObject({ version: ZVersion, personId: z.uuid() });

/**
 * Issue 5: a mail from an unknown sender became a ticket without a person; an agent links it to the
 * person record (and so to their account, if any), in the ticket's municipality.
 */
export async function linkRequester(db: Db, actor: Actor, id: string, input: z.infer<typeof ZRequesterLink>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  const [person] = await db.select().from(people).where(and(eq(people.id, input.personId), eq(people.municipalityId, ticket.municipalityId))).limit(1);
  if (!person) throw new AppError('validation', [{ field: 'personId', reason: 'unknown person in the ticket’s municipality', reasonSv: 'okänd person i ärendets kommun' }]);
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.personId, person.id)).limit(1);
  return applyChange(db, actor, ticket, {
    values: { requesterPersonId: person.id, requesterUserId: account?.id ?? null, requesterName: `${person.firstName} ${person.lastName}`, requesterEmail: person.email ?? ticket.requesterEmail, requesterPhone: person.phone },
    event: { kind: 'requester', status: ticket.status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, reason: `${person.firstName} ${person.lastName}` },
    action: 'link_requester',
  });
}

export const ZUnitChange = z.strictObject({ version: ZVersion, unitId: z.uuid().nullable() });

/**
 * Issue 16: the ticket's unit (its cost bearer), set or changed by an agent of its desk, so that
 * billing's warning "beredskapstid på ett ärende utan enhet" can be resolved. Only an active unit of
 * the ticket's municipality; on-call time not billed yet follows the ticket to the new unit (billed
 * time stays where it was billed). One transaction with the audit row (before and after unit).
 */
export async function setUnit(db: Db, actor: Actor, id: string, input: z.infer<typeof ZUnitChange>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  if (input.unitId !== null) {
    const unit = await store.unitOf(db, input.unitId);
    if (!unit || unit.municipalityId !== ticket.municipalityId || !unit.active) throw new AppError('validation', [{ field: 'unitId', reason: 'unknown unit in the ticket’s municipality', reasonSv: 'okänd enhet i ärendets kommun' }]);
  }
  if (input.unitId === ticket.unitId) return ticket;
  return db.transaction(async (tx) => {
    const row = await applyChangeIn(tx, actor, ticket, { values: { unitId: input.unitId }, action: 'set_unit' });
    await store.moveUnbilledTime(tx, id, input.unitId);
    return row;
  });
}

export const ZTimeEntry = z.strictObject({ startedAt: z.iso.datetime({ offset: true }), minutes: z.number().int().min(1).max(24 * 60), note: z.string().trim().max(2000).nullable().default(null) });

/** time on a ticket; on-call time becomes billable minutes by the mission's rounding. */
export async function logTime(db: Db, actor: Actor, id: string, input: z.infer<typeof ZTimeEntry>) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  if (!isAgentOf(v, ticket)) throw new AppError('forbidden');
  const startedAt = new Date(input.startedAt);
  const mission = await missionOn(db, Temporal.Instant.fromEpochMilliseconds(startedAt.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString());
  const billable = ticket.onCall ? billableOnCallMinutes(input.minutes, mission.document.support.onCall) : 0;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ticketTimeEntries)
      .values({ ticketId: id, municipalityId: ticket.municipalityId, unitId: ticket.unitId, userId: actor.id, startedAt, minutes: input.minutes, onCall: ticket.onCall, billableMinutes: billable, note: input.note })
      .returning();
    if (!row) throw new AppError('internal');
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: ticket.municipalityId, entity: 'ticket', entityId: id, action: 'log_time', after: { minutes: row.minutes, onCall: row.onCall, billableMinutes: row.billableMinutes } });
    return row;
  });
}

export async function addAttachment(db: Db, actor: Actor, id: string, file: { filename: string; contentType: string; data: Buffer; internal: boolean }) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  if (file.internal && !isAgentOf(v, ticket)) throw new AppError('forbidden');
  reject(attachmentProblems({ filename: file.filename, contentType: file.contentType, size: file.data.length, maxBytes: ATTACHMENT_MAX_BYTES, allowedTypes: ATTACHMENT_TYPES }));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ticketAttachments)
      .values({ ticketId: id, uploadedByUserId: actor.id, filename: file.filename, contentType: file.contentType, size: file.data.length, internal: file.internal, data: file.data })
      .returning({ id: ticketAttachments.id, filename: ticketAttachments.filename, contentType: ticketAttachments.contentType, size: ticketAttachments.size, internal: ticketAttachments.internal, createdAt: ticketAttachments.createdAt });
    if (!row) throw new AppError('internal');
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: ticket.municipalityId, entity: 'ticket', entityId: id, action: 'attach', after: { attachmentId: row.id, filename: row.filename, size: row.size } });
    return row;
  });
}

export async function getAttachment(db: Db, actor: Actor, attachmentId: string) {
  const [att] = await db.select().from(ticketAttachments).where(eq(ticketAttachments.id, attachmentId)).limit(1);
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
export async function queue(db: Db, actor: Actor, q: Omit<store.QueueQuery, 'visibility' | 'now'>, now = clockNow().getTime()) {
  const visibility = await visibilityOf(db, actor);
  const rows = await store.queue(db, { ...q, visibility, now });
  if (rows.length === 0) return [];
  const calendarOf = await calendars(db);
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  return rows.map((r) => {
    const stored = { status: r.ticket.status, dueAt: ms(r.ticket.slaDueAt), atRiskAt: ms(r.ticket.slaAtRiskAt), readAt: ms(r.ticket.slaReadAt), solvedAt: ms(r.ticket.solvedAt) };
    const calendar = calendarOf(r.municipalityCode);
    const sla = listSla(stored, now, calendar);
    return { ...r, sla, left: listTimeLeft(stored, sla, now, calendar), agent: isAgentOf(visibility, r.ticket) };
  });
}

// ---------------------------------------------------------------- follow-up

/**
 * SLA breaches recorded in a period (local dates, Europe/Stockholm), for the desk's agents and IT
 * management; each list only holds tickets the actor may see.
 */
export async function slaBreachList(db: Db, actor: Actor, q: { from: string; to: string; intefunktion?: boolean | undefined; after?: { key: string; id: string } | undefined; limit: number }) {
  const visibility = await visibilityOf(db, actor);
  if (!visibility.all && visibility.agentDeskIds.length === 0) throw new AppError('forbidden');
  const from = localMidnight(q.from, 'query.from');
  const to = localMidnight(Temporal.PlainDate.from(q.to).add({ days: 1 }).toString(), 'query.to');
  if (to <= from) throw new AppError('validation', [{ field: 'query.to', reason: 'must not be before from', reasonSv: 'får inte vara före från-datumet' }]);
  const filter = { visibility, from, to, intefunktion: q.intefunktion };
  const [rows, totals] = await Promise.all([store.breaches(db, { ...filter, after: q.after, limit: q.limit }), q.after ? Promise.resolve(null) : store.breachTotals(db, filter)]);
  return { rows, totals };
}

function localMidnight(date: string, field: string): Date {
  try {
    return new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: 'Europe/Stockholm' }).epochMilliseconds);
  } catch {
    throw new AppError('validation', [{ field, reason: 'not a date (YYYY-MM-DD)', reasonSv: 'inte ett datum (ÅÅÅÅ-MM-DD)' }]);
  }
}
