import { missionOn, stockholmToday } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { orderLineDelivered } from './hooks.ts';
import { changeStatus } from '../tickets/service.ts';
import { presentOrderRecord } from './presenter.ts';
import { billingStartsOn, deliveryProblems, lineTransitionProblems, mayOrderFor, orderStatus, type LineStatus } from './rules.ts';
import { orderLines } from './schema.ts';
import { findPerson } from '../org/store.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { reject } from './shared.ts';
import type { CancelInput, DeliveryInput, Order, VersionInput } from './contract.ts';
import { getOrder, readable } from './read.ts';

/** Fulfilling an order: each line ordered, delivered or cancelled, and the order's ticket solved. */

type Step = { action: string; line: store.LineRow; values: Partial<typeof orderLines.$inferInsert> & { status: LineStatus } };

/**
 * One fulfilment step: the order locked, its version checked (409 when stale), the line changed, the
 * order's status recomputed from its lines, and one audit row, in one transaction.
 */
async function fulfil(
  db: Db,
  actor: Actor,
  orderId: string,
  version: number,
  plan: (order: store.OrderRow, lines: store.LineRow[], tx: DbOrTx) => Step[] | Promise<Step[]>,
  extra: store.OrderValues = {},
): Promise<Order> {
  const finished = await db.transaction(async (tx) => {
    const order = await store.lockOrder(tx, orderId);
    if (!order) throw new AppError('not_found');
    if (order.version !== version) {
      throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], {
        current: { version: order.version, status: order.status },
      });
    }
    const before = await store.linesOf(tx, order.id);
    const steps = await plan(order, before, tx);
    const changed = new Map<string, store.LineRow>();
    for (const s of steps) {
      const row = await store.updateLine(tx, s.line.id, s.values);
      if (!row) throw new AppError('internal');
      changed.set(row.id, row);
    }
    const after = before.map((l) => changed.get(l.id) ?? l);
    const updated = await store.updateOrderVersioned(tx, order.id, { ...extra, status: orderStatus(after), updatedAt: clockNow() });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: order.municipalityId,
      entity: 'order',
      entityId: order.id,
      action: steps[0]?.action ?? 'update',
      before: presentOrderRecord(
        order,
        before.filter((l) => changed.has(l.id)),
      ),
      after: presentOrderRecord(
        updated,
        after.filter((l) => changed.has(l.id)),
      ),
    });
    return updated.status !== order.status && (updated.status === 'delivered' || updated.status === 'cancelled') ? updated : undefined;
  });
  if (finished) await solveRequest(db, actor, finished);
  return getOrder(db, actor, orderId);
}

/**
 * R-4.3: when the last line is delivered (or the order cancelled) its service request is solved, by
 * the tickets' own use case (history, SLA follow-up, the requester's mail). The order is the record:
 * when the actor may not solve the ticket (it is already solved or closed, or changed meanwhile, or a
 * manager cancels an order someone else placed), it stays for IT to finish.
 */
async function solveRequest(db: Db, actor: Actor, order: store.OrderRow): Promise<void> {
  const ticket = await store.findTicketRow(db, order.ticketId);
  if (!ticket || ticket.status === 'solved' || ticket.status === 'closed') return;
  const comment =
    order.status === 'delivered' ? `Beställning ${order.number} är levererad.` : `Beställning ${order.number} är makulerad: ${order.cancelledReason ?? ''}`;
  try {
    await changeStatus(db, actor, ticket.id, { version: ticket.version, status: 'solved', comment });
  } catch (e) {
    if (!(e instanceof AppError) || !['not_found', 'forbidden', 'validation', 'stale_version'].includes(e.code)) throw e;
  }
}

/** The order for an IT fulfilment step: 404 outside the actor's sight, 403 for those who do not fulfil. */
async function forFulfilment(db: Db, actor: Actor, orderId: string) {
  const { fulfils } = await readable(db, actor, orderId);
  if (!fulfils) throw new AppError('forbidden');
}

function lineOf(lines: readonly store.LineRow[], lineId: string): store.LineRow {
  const line = lines.find((l) => l.id === lineId);
  if (!line) throw new AppError('not_found', [{ field: 'lineId', reason: 'no such line in the order', reasonSv: 'ingen sådan rad i beställningen' }]);
  return line;
}

/** IT has ordered the line from the supplier. */
export async function markLineOrdered(db: Db, actor: Actor, orderId: string, lineId: string, input: VersionInput) {
  await forFulfilment(db, actor, orderId);
  return fulfil(db, actor, orderId, input.version, (_order, lines) => {
    const line = lineOf(lines, lineId);
    reject(lineTransitionProblems(line.status, 'ordered'));
    return [{ action: 'line_ordered', line, values: { status: 'ordered', orderedAt: clockNow() } }];
  });
}

/**
 * delivery records what the inventory register will take over (model, serial,
 * holder, support level, date) and starts billing of a priced line.
 */
export async function deliverLine(db: Db, actor: Actor, orderId: string, lineId: string, input: DeliveryInput) {
  await forFulfilment(db, actor, orderId);
  const today = stockholmToday();
  const mission = (await missionOn(db, input.deliveredOn ?? today)).document;
  return fulfil(db, actor, orderId, input.version, async (order, lines, tx) => {
    const line = lineOf(lines, lineId);
    const deliveredOn = input.deliveredOn ?? today;
    const problems = [
      ...lineTransitionProblems(line.status, 'delivered'),
      ...deliveryProblems({ hasModel: line.model !== null, serialNumber: input.serialNumber, orderedOn: order.orderedOn, deliveredOn, today }),
    ];
    if (input.holderPersonId) {
      const holder = await findPerson(tx, input.holderPersonId, order.municipalityId);
      if (!holder) {
        problems.push({ field: 'holderPersonId', reason: 'unknown person in the order’s municipality', reasonSv: 'okänd person i beställningens kommun' });
      }
    }
    reject(problems);
    const priced = line.articleCode !== null;
    // delivered equipment enters the inventory register in the same transaction.
    if (line.model !== null && input.serialNumber !== null) {
      await orderLineDelivered.emit(tx, {
        actor,
        mission,
        line: {
          municipalityId: order.municipalityId,
          unitId: order.unitId,
          orderLineId: line.id,
          orderNumber: order.number,
          orderedOn: order.orderedOn,
          modelCategory: line.modelCategory,
          model: line.model,
          modelRangeItemId: line.modelRangeItemId,
          serviceCode: line.serviceCode,
          articleCode: line.articleCode,
          supportLevel: line.supportLevel,
          serial: input.serialNumber,
          holderPersonId: input.holderPersonId,
          deliveredOn,
        },
      });
    }
    return [
      {
        action: 'line_delivered',
        line,
        values: {
          status: 'delivered',
          serialNumber: input.serialNumber,
          holderPersonId: input.holderPersonId,
          deliveredOn,
          deliveredByUserId: actor.id,
          billingStartsOn: billingStartsOn({ priced, deliveredOn }),
        },
      },
    ];
  });
}

/** IT cancels one line that is not delivered. */
export async function cancelLine(db: Db, actor: Actor, orderId: string, lineId: string, input: CancelInput) {
  await forFulfilment(db, actor, orderId);
  return fulfil(db, actor, orderId, input.version, (_order, lines) => {
    const line = lineOf(lines, lineId);
    reject(lineTransitionProblems(line.status, 'cancelled'));
    return [{ action: 'line_cancelled', line, values: { status: 'cancelled', cancelledReason: input.reason } }];
  });
}

/**
 * Cancels every line not yet delivered: IT while the order is not complete; the orderer (or whoever may
 * order for the unit) only while nothing has happened to it yet.
 */
export async function cancelOrder(db: Db, actor: Actor, orderId: string, input: CancelInput) {
  const { order, authority, fulfils } = await readable(db, actor, orderId);
  const ordererSide = order.ordererUserId === actor.id || mayOrderFor(authority, order.unitId);
  if (!fulfils && !ordererSide) throw new AppError('forbidden');
  return fulfil(
    db,
    actor,
    orderId,
    input.version,
    (current, lines) => {
      if (!fulfils && current.status !== 'submitted') {
        throw new AppError('validation', [
          { field: 'status', reason: 'IT has started on the order: ask IT to cancel it', reasonSv: 'IT har påbörjat beställningen: be IT makulera den' },
        ]);
      }
      const open = lines.filter((l) => l.status === 'pending' || l.status === 'ordered');
      if (!open.length) reject([{ field: 'status', reason: 'nothing left to cancel', reasonSv: 'inget kvar att makulera' }]);
      return open.map((line) => ({ action: 'cancel', line, values: { status: 'cancelled' as const, cancelledReason: input.reason } }));
    },
    { cancelledReason: input.reason },
  );
}
