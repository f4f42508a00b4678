import { writeAudit } from '../platform/audit/audit.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { type SlaReading } from './rules.ts';
import * as store from './store.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import { isAgentOf, visibilityOf } from './shared.ts';
import { slaOf } from './read.ts';

/** Changing a ticket: the version check, history event, notification and audit row of every change. */

export async function loadForChange(db: Db, actor: Actor, id: string, version: number, needAgent: boolean) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  const agent = isAgentOf(v, ticket);
  if (needAgent && !agent) throw new AppError('forbidden');
  if (ticket.version !== version) {
    throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], {
      current: { version: ticket.version, status: ticket.status, line: ticket.line, teamId: ticket.teamId, assigneeUserId: ticket.assigneeUserId },
    });
  }
  return { ticket, agent };
}

/**
 * Applies a change with its history event and audit row in one transaction. The version check is
 * repeated in the UPDATE, so of two concurrent writers exactly one wins (the other gets 409).
 */
export interface TicketChange {
  values: store.TicketValues;
  event?: Omit<store.TicketEventValues, 'ticketId' | 'actorUserId'>;
  action: string;
  message?: { visibility: 'public' | 'internal'; body: string };
  /** false: no mail to the requester (their own reply by mail). */
  notify?: boolean;
}

export async function applyChange(db: Db, actor: Actor, ticket: store.TicketRow, change: TicketChange) {
  return db.transaction((tx) => applyChangeIn(tx, actor, ticket, change));
}

/**
 * applyChange inside the caller's transaction (mail in threads a reply with its ledger row). Tells the
 * requester by mail (issue 5, through the outbox in the same transaction) when an agent answers in
 * the public conversation and when the ticket is solved.
 */
export async function applyChangeIn(tx: DbOrTx, actor: Actor, ticket: store.TicketRow, change: TicketChange) {
  const row = await store.updateTicketAtVersion(tx, ticket.id, ticket.version, { ...change.values, version: ticket.version + 1, updatedAt: clockNow() });
  if (!row) throw new AppError('stale_version', [{ field: 'version', reason: `expected ${ticket.version}`, reasonSv: `förväntade ${ticket.version}` }]);
  if (change.event) await store.insertEvent(tx, { at: clockNow(), ...change.event, ticketId: ticket.id, actorUserId: actor.id });
  let messageId: string | null = null;
  if (change.message) {
    messageId = await store.insertMessage(tx, {
      ticketId: ticket.id,
      authorUserId: actor.id,
      authorName: actor.displayName,
      visibility: change.message.visibility,
      body: change.message.body,
      createdAt: clockNow(),
    });
    await store.refreshSearch(tx, ticket.id);
  }
  const byOther = actor.id !== ticket.requesterUserId;
  const notify =
    row.status === 'solved' && ticket.status !== 'solved' ? 'ticket-solved' : change.message?.visibility === 'public' && byOther ? 'ticket-reply' : null;
  if (notify && row.requesterEmail && byOther && change.notify !== false) {
    await enqueueMail(tx, { kind: notify, ticketId: row.id, to: row.requesterEmail, toName: row.requesterName, params: { messageId } });
  }
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: ticket.municipalityId,
    entity: 'ticket',
    entityId: ticket.id,
    action: change.action,
    before: {
      status: ticket.status,
      teamId: ticket.teamId,
      line: ticket.line,
      assigneeUserId: ticket.assigneeUserId,
      unitId: ticket.unitId,
      version: ticket.version,
    },
    after: { status: row.status, teamId: row.teamId, line: row.line, assigneeUserId: row.assigneeUserId, unitId: row.unitId, version: row.version },
  });
  return row;
}

/** The SLA instants a ticket row keeps for sorting and for list states without history (rules.listSla). */
export function storedSla(reading: SlaReading, readAt: Date) {
  const instant = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { slaDueAt: instant(reading.dueAt), slaAtRiskAt: instant(reading.atRiskAt), slaReadAt: readAt };
}

/** The SLA re-read from history as of `now` and stored on the row (derived: no version bump). */
export async function refreshStoredSla(db: Db, row: store.TicketRow, now: Date) {
  const sla = await slaOf(db, row, now.getTime());
  const stored = storedSla(sla, now);
  await store.setStoredSla(db, row.id, stored);
  return { sla, stored };
}

/** After a change: the stored SLA instants as of now; a late solution is recorded as a breach. */
export async function withSlaDue(db: Db, row: store.TicketRow): Promise<store.TicketRow> {
  const { sla, stored } = await refreshStoredSla(db, row, clockNow());
  if (sla.state === 'missed' && stored.slaDueAt) {
    await store.recordBreach(db, { ticketId: row.id, municipalityId: row.municipalityId, dueAt: stored.slaDueAt, intefunktion: row.intefunktion !== null });
  }
  return { ...row, ...stored };
}
