import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { missionOn } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { billableOnCallMinutes } from './rules.ts';
import { findPerson } from '../org/store.ts';
import { ZRequesterLink, ZUnitChange, ZTimeEntry } from './contract.ts';
import * as store from './store.ts';
import { isAgentOf, visibilityOf } from './shared.ts';
import { applyChange, applyChangeIn, loadForChange } from './change.ts';

/** The ticket's record: its requester, its unit (cost bearer) and time worked. */

/**
 * Issue 5: a mail from an unknown sender became a ticket without a person; an agent links it to the
 * person record (and so to their account, if any), in the ticket's municipality.
 */
export async function linkRequester(db: Db, actor: Actor, id: string, input: z.infer<typeof ZRequesterLink>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  const person = await findPerson(db, input.personId, ticket.municipalityId);
  if (!person) {
    throw new AppError('validation', [
      { field: 'personId', reason: 'unknown person in the ticket’s municipality', reasonSv: 'okänd person i ärendets kommun' },
    ]);
  }
  const account = await store.accountOfPerson(db, person.id);
  return applyChange(db, actor, ticket, {
    values: {
      requesterPersonId: person.id,
      requesterUserId: account?.id ?? null,
      requesterName: `${person.firstName} ${person.lastName}`,
      requesterEmail: person.email ?? ticket.requesterEmail,
      requesterPhone: person.phone,
    },
    event: {
      kind: 'requester',
      status: ticket.status,
      teamId: ticket.teamId,
      line: ticket.line,
      assigneeUserId: ticket.assigneeUserId,
      reason: `${person.firstName} ${person.lastName}`,
    },
    action: 'link_requester',
  });
}

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
    if (!unit || unit.municipalityId !== ticket.municipalityId || !unit.active) {
      throw new AppError('validation', [{ field: 'unitId', reason: 'unknown unit in the ticket’s municipality', reasonSv: 'okänd enhet i ärendets kommun' }]);
    }
  }
  if (input.unitId === ticket.unitId) return ticket;
  return db.transaction(async (tx) => {
    const row = await applyChangeIn(tx, actor, ticket, { values: { unitId: input.unitId }, action: 'set_unit' });
    await store.moveUnbilledTime(tx, id, input.unitId);
    return row;
  });
}

/** time on a ticket; on-call time becomes billable minutes by the mission's rounding. */
export async function logTime(db: Db, actor: Actor, id: string, input: z.infer<typeof ZTimeEntry>) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  if (!isAgentOf(v, ticket)) throw new AppError('forbidden');
  const startedAt = new Date(input.startedAt);
  const mission = await missionOn(
    db,
    Temporal.Instant.fromEpochMilliseconds(startedAt.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString(),
  );
  const billable = ticket.onCall ? billableOnCallMinutes(input.minutes, mission.document.support.onCall) : 0;
  return db.transaction(async (tx) => {
    const row = await store.insertTimeEntry(tx, {
      ticketId: id,
      municipalityId: ticket.municipalityId,
      unitId: ticket.unitId,
      userId: actor.id,
      startedAt,
      minutes: input.minutes,
      onCall: ticket.onCall,
      billableMinutes: billable,
      note: input.note,
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: ticket.municipalityId,
      entity: 'ticket',
      entityId: id,
      action: 'log_time',
      after: { minutes: row.minutes, onCall: row.onCall, billableMinutes: row.billableMinutes },
    });
    return row;
  });
}
