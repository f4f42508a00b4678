import { z } from 'zod';
import { now as clockNow } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { escalationProblems, statusChangeProblems } from './rules.ts';
import { tickets } from './schema.ts';
import { listTeams } from '../org/store.ts';
import { ZStatusChange, ZEscalation, ZAssignment, ZHandBack } from './contract.ts';
import * as store from './store.ts';
import { ticketClosed } from './hooks.ts';
import { reject } from './shared.ts';
import { applyChange, applyChangeIn, loadForChange, withSlaDue } from './change.ts';

/** The ticket's workflow: status, escalation between lines, assignment, hand-back. */

export async function changeStatus(
  db: Db,
  actor: Actor,
  id: string,
  input: z.infer<typeof ZStatusChange>,
  now = clockNow(),
  options: { surveyRandom?: () => number } = {},
) {
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
      event: {
        kind: 'status',
        status: input.status,
        teamId: ticket.teamId,
        line: ticket.line,
        assigneeUserId: ticket.assigneeUserId,
        reason: input.comment ?? null,
      },
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

/** 1st → 2nd line, or to 3rd line verksamhetsstöd/infrastruktur, with a reason. */
export async function escalate(db: Db, actor: Actor, id: string, input: z.infer<typeof ZEscalation>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  if (ticket.status === 'closed' || ticket.status === 'solved') {
    throw new AppError('validation', [{ field: 'status', reason: 'reopen the ticket first', reasonSv: 'återöppna ärendet först' }]);
  }
  const desk = await store.findDesk(db, ticket.deskId);
  if (!desk?.isIt) throw new AppError('validation', [{ field: 'team', reason: 'only the IT desk has lines', reasonSv: 'bara IT-supporten har linjer' }]);
  const allTeams = await listTeams(db);
  const from = allTeams.find((t) => t.id === ticket.teamId);
  const to = allTeams.find((t) => t.code === input.team || t.id === input.team);
  if (!to) throw new AppError('validation', [{ field: 'team', reason: 'unknown team', reasonSv: 'okänt team' }]);
  reject(
    escalationProblems({ from: { team: from?.code ?? '', line: ticket.line }, to: { team: to.code, line: input.line }, reason: input.reason, teams: allTeams }),
  );
  const row = await applyChange(db, actor, ticket, {
    values: { teamId: to.id, line: input.line, assigneeUserId: null, status: ticket.status === 'new' ? 'open' : ticket.status },
    event: {
      kind: 'escalation',
      status: ticket.status === 'new' ? 'open' : ticket.status,
      teamId: to.id,
      line: input.line,
      assigneeUserId: null,
      reason: input.reason.trim(),
    },
    action: 'escalate',
    message: { visibility: 'internal', body: `Eskalerat till ${to.name}, linje ${input.line}: ${input.reason.trim()}` },
  });
  return withSlaDue(db, row);
}

/** the assigned technician (an agent of the ticket's desk). */
export async function assign(db: Db, actor: Actor, id: string, input: z.infer<typeof ZAssignment>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  if (input.assigneeUserId) {
    const assignee = await store.activeUser(db, input.assigneeUserId);
    const ids = assignee ? await store.agentDeskIds(db, assignee) : [];
    if (!ids.includes(ticket.deskId)) {
      throw new AppError('validation', [{ field: 'assigneeUserId', reason: 'not an agent of this desk', reasonSv: 'inte handläggare i servicedesken' }]);
    }
  }
  const status = ticket.status === 'new' && input.assigneeUserId ? 'open' : ticket.status;
  return applyChange(db, actor, ticket, {
    values: { assigneeUserId: input.assigneeUserId, status },
    event: { kind: 'assignment', status, teamId: ticket.teamId, line: ticket.line, assigneeUserId: input.assigneeUserId },
    action: 'assign',
  });
}

/** the task belongs to the business by the device's support level: hand it back with the reason. */
export async function handBack(db: Db, actor: Actor, id: string, input: z.infer<typeof ZHandBack>) {
  const { ticket } = await loadForChange(db, actor, id, input.version, true);
  const problems = statusChangeProblems(ticket.status, 'solved', 'agent');
  reject(problems);
  const row = await applyChange(db, actor, ticket, {
    values: {
      status: 'solved',
      solvedAt: clockNow(),
      solvedLine: ticket.line,
      solvedTeamId: ticket.teamId,
      handedBackReason: input.reason,
      ...(!ticket.firstResponseAt ? { firstResponseAt: clockNow() } : {}),
    },
    event: { kind: 'handback', status: 'solved', teamId: ticket.teamId, line: ticket.line, assigneeUserId: ticket.assigneeUserId, reason: input.reason },
    action: 'hand_back',
    message: { visibility: 'public', body: `Ärendet lämnas tillbaka till verksamheten: ${input.reason}` },
  });
  return withSlaDue(db, row);
}
