import { calendarFor } from '../calendar/service.ts';
import { missionOn } from '../mission/service.ts';
import { firstLineTeam } from '../mission/rules.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { findMunicipality, findPerson, findUnit } from '../org/store.ts';
import { isOnCall, slaReading, slaTarget, ticketNumber } from './rules.ts';
import { type TTicketInput } from './contract.ts';
import * as store from './store.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { isAgentOf, reject, stockholmDate, stockholmYear, visibilityOf } from './shared.ts';
import { storedSla } from './change.ts';

/** Creating a ticket: from the portal, by an agent for a caller, or from mail in. */

/** A browser's clock may run a little ahead of the server's: this much "future" is read as now. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Issue 16: when a ticket came. An agent registering a call afterwards gives the time it came (only
 * the desk's agents may; never in the future); everyone else's ticket came now.
 */
function receivedInstant(input: TTicketInput, now: Date, agent: boolean): Date {
  if (input.receivedAt === undefined) return now;
  if (!agent) {
    throw new AppError('forbidden', [
      { field: 'receivedAt', reason: 'only the desk’s agents register when a call came', reasonSv: 'bara deskens handläggare anger när samtalet kom' },
    ]);
  }
  const at = new Date(input.receivedAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new AppError('validation', [{ field: 'receivedAt', reason: 'may not be in the future', reasonSv: 'får inte ligga i framtiden' }]);
  }
  return at.getTime() > now.getTime() ? now : at;
}

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
  if (!municipalityId) {
    throw new AppError('validation', [
      { field: 'municipalityId', reason: 'required for accounts spanning both municipalities', reasonSv: 'krävs för konton som omfattar båda kommunerna' },
    ]);
  }
  if (actor.scope.kind === 'municipality' && actor.scope.municipalityId !== municipalityId) throw new AppError('not_found');
  if (desk.municipalityId && desk.municipalityId !== municipalityId) {
    throw new AppError('validation', [{ field: 'deskId', reason: 'the desk serves another municipality', reasonSv: 'servicedesken tillhör en annan kommun' }]);
  }
  const municipality = await findMunicipality(db, municipalityId);
  if (!municipality) throw new AppError('validation', [{ field: 'municipalityId', reason: 'unknown municipality', reasonSv: 'okänd kommun' }]);
  const onBehalf = input.onBehalfOf !== undefined;
  if (onBehalf && !isAgentOf(visibility, { deskId: desk.id })) {
    throw new AppError('forbidden', [
      { field: 'onBehalfOf', reason: 'only the desk’s agents register on behalf of others', reasonSv: 'bara deskens handläggare registrerar åt andra' },
    ]);
  }

  const problems: FieldProblem[] = [];
  const category = await store.findCategory(db, desk.id, input.categoryId);
  if (!category || !category.active) {
    problems.push({ field: 'categoryId', reason: 'unknown category for this desk', reasonSv: 'okänd kategori för servicedesken' });
  }
  // Issue 16: a call registered afterwards keeps the time it came; the mission in force then applies.
  const receivedAt = receivedInstant(input, now, isAgentOf(visibility, { deskId: desk.id }));
  const missionRow = await missionOn(db, stockholmDate(receivedAt));
  const mission = missionRow.document;
  if (category?.isIntefunktion) {
    if (!input.intefunktion) {
      problems.push({ field: 'intefunktion', reason: 'choose the function that does not work', reasonSv: 'välj vilken funktion som inte fungerar' });
    } else if (!mission.support.intefunktion.functions.some((f) => f.code === input.intefunktion)) {
      problems.push({ field: 'intefunktion', reason: 'not one of the mission’s functions', reasonSv: 'inte en av ramuppdragets funktioner' });
    }
  } else if (input.intefunktion) {
    problems.push({ field: 'intefunktion', reason: 'only for the intefunktion category', reasonSv: 'bara för kategorin intefunktion' });
  }
  if (input.unitId) {
    const unit = await findUnit(db, input.unitId, municipalityId);
    if (!unit) problems.push({ field: 'unitId', reason: 'unknown unit in this municipality', reasonSv: 'okänd enhet i kommunen' });
  }
  let requester = {
    userId: actor.id as string | null,
    personId: null as string | null,
    name: actor.displayName,
    email: actor.email,
    phone: null as string | null,
  };
  if (input.onBehalfOf) {
    const b = input.onBehalfOf;
    if (b.personId) {
      const person = await findPerson(db, b.personId, municipalityId);
      if (!person) problems.push({ field: 'onBehalfOf.personId', reason: 'unknown person in this municipality', reasonSv: 'okänd person i kommunen' });
      else {
        const account = await store.accountOfPerson(db, person.id);
        requester = {
          userId: account?.id ?? null,
          personId: person.id,
          name: `${person.firstName} ${person.lastName}`,
          email: person.email,
          phone: person.phone,
        };
      }
    } else if (!b.name) problems.push({ field: 'onBehalfOf.name', reason: 'name or person required', reasonSv: 'namn eller person krävs' });
    else requester = { userId: null, personId: null, name: b.name, email: b.email, phone: b.phone };
  }
  reject(problems);

  const calendar = await calendarFor(db, { municipality: municipality.code });
  const firstLine = desk.isIt ? firstLineTeam(mission) : undefined;
  const team = firstLine ? await store.teamByCode(db, firstLine.code) : undefined;
  const target = slaTarget({ intefunktion: category?.isIntefunktion === true, category: category ?? null, mission });
  const reading = slaReading({
    calendar,
    target,
    history: [{ at: receivedAt.getTime(), state: 'new' }],
    now: receivedAt.getTime(),
    atRiskShare: mission.support.atRiskShare,
  });
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
  const row = await store.insertTicket(tx, {
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
  });
  await store.insertEvent(tx, { ticketId: row.id, at: receivedAt, actorUserId, kind: 'created', status: 'new', teamId: row.teamId, line: 1 });
  await store.refreshSearch(tx, row.id);
  if (row.requesterEmail) await enqueueMail(tx, { kind: 'ticket-received', ticketId: row.id, to: row.requesterEmail, toName: row.requesterName });
  await writeAudit(tx, {
    actorUserId,
    municipalityId,
    entity: 'ticket',
    entityId: row.id,
    action: 'create',
    after: {
      number: row.number,
      subject: row.subject,
      channel,
      categoryId: row.categoryId,
      onCall: row.onCall,
      receivedAt: receivedAt.toISOString(),
      ...(receivedAt.getTime() !== registeredAt.getTime() ? { registeredAt: registeredAt.toISOString() } : {}),
    },
  });
  return row;
}
