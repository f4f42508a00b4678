import { Temporal } from 'temporal-polyfill';
import { hasRole } from '../platform/auth/policy.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import * as store from './store.ts';

/**
 * What the ticket use cases share: who sees which tickets, rejecting a list of field
 * problems, and the Stockholm date and year of an instant.
 */

export const isStaff = (a: Actor) => hasRole(a, 'admin', 'it_management');

export async function visibilityOf(db: DbOrTx, actor: Actor): Promise<store.TicketVisibility> {
  return {
    municipalityId: actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId,
    agentDeskIds: await store.agentDeskIds(db, actor),
    all: isStaff(actor),
    userId: actor.id,
  };
}

export const isAgentOf = (v: store.TicketVisibility, t: { deskId: string }) => v.all || v.agentDeskIds.includes(t.deskId);

export function reject(problems: FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', problems);
}

/** The Stockholm calendar date of an instant (the date a mission is looked up for). */
export function stockholmDate(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
}

export function stockholmYear(instant: Date): number {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Stockholm').year;
}
