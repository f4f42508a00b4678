import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import type { TBreachReason } from './contract.ts';
import { explainsSlaBreaches } from './policy.ts';
import { isAgentOf, visibilityOf } from './shared.ts';
import * as store from './store.ts';

/**
 * R-3.4 ("intefunktion misses are reported with their reasons"), R-10: an agent of the ticket's desk,
 * or IT management of its municipality, records why a deadline was missed. Outside that scope the
 * breach is not found (404, never 403: nothing tells whether it exists). The reason, who gave it and
 * when are written with the audit row in one transaction; a later reason replaces an earlier one and
 * the audit row keeps both.
 */
export async function explainBreach(db: Db, actor: Actor, id: string, input: TBreachReason) {
  assertPolicy(actor, explainsSlaBreaches);
  const v = await visibilityOf(db, actor);
  const found = await store.findBreach(db, id, v);
  // visibleTickets also lets a requester see their own ticket; only its desk's agents may explain it.
  if (!found || !isAgentOf(v, found.ticket)) throw new AppError('not_found');
  const { breach, ticket } = found;
  return db.transaction(async (tx) => {
    const row = await store.setBreachReason(tx, id, { reason: input.reason, reasonByUserId: actor.id, reasonAt: clockNow() });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: ticket.municipalityId,
      entity: 'ticket',
      entityId: ticket.id,
      action: 'explain_sla_breach',
      before: { number: ticket.number, breachId: breach.id, dueAt: breach.dueAt.toISOString(), reason: breach.reason },
      after: { number: ticket.number, breachId: row.id, dueAt: row.dueAt.toISOString(), reason: row.reason },
    });
    return { breach: row, ticket, reasonByName: actor.displayName };
  });
}
