import { missionOn, stockholmToday } from '../mission/service.ts';
import { municipalityFilter } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { presentOrder, presentOrderSummary } from './presenter.ts';
import { daysUntil, mayFulfil, mayOrderFor, orderableUnitIds } from './rules.ts';
import { ZOrderCursor, type AccountsEnding, type EndingQuery, type Order, type OrderListQuery, type OrderPage } from './contract.ts';
import { addDays } from '../calendar/dates.ts';
import * as store from './store.ts';
import { authorityOf, orderNumbers } from './shared.ts';

/** Reading orders: one order, the lists in keyset pages, accounts ending soon. */

/** Who sees an order: its orderer, whoever may order for its unit, IT and administrators (in scope). */
export async function readable(db: Db, actor: Actor, id: string) {
  const order = await store.findOrder(db, id, municipalityFilter(actor));
  if (!order) throw new AppError('not_found');
  const authority = await authorityOf(db, actor);
  const fulfils = mayFulfil(authority);
  if (order.ordererUserId !== actor.id && !fulfils && !mayOrderFor(authority, order.unitId)) throw new AppError('not_found');
  return { order, authority, fulfils };
}

export async function getOrder(db: Db, actor: Actor, id: string): Promise<Order> {
  const { order, authority, fulfils } = await readable(db, actor, id);
  const lines = await store.linesOf(db, order.id);
  const holderIds = [...new Set(lines.flatMap((l) => (l.holderPersonId ? [l.holderPersonId] : [])))];
  // One statement at a time: a page of orders is small, and each request then holds one connection.
  const holders = holderIds.length ? await store.peopleByIds(db, holderIds) : [];
  const unit = await store.unitName(db, order.unitId);
  const orderer = await store.accountName(db, order.ordererUserId);
  const ticketNumber = await store.ticketNumberOf(db, order.ticketId);
  const reminderTicketNumber = await store.ticketNumberOf(db, order.reminderTicketId);
  // Protected identity (skyddad identitet) is never shown by name.
  const holderNames = new Map(holders.map((p) => [p.id, p.protectedIdentity ? 'Skyddad identitet' : `${p.firstName} ${p.lastName}`]));
  const cancellable = order.status === 'submitted' || (fulfils && order.status === 'in_progress');
  const canCancel = cancellable && (fulfils || order.ordererUserId === actor.id || mayOrderFor(authority, order.unitId));
  return presentOrder(order, lines, {
    unitName: unit?.name ?? '',
    ordererName: orderer?.name ?? '',
    ticketNumber,
    reminderTicketNumber,
    holderNames,
    canFulfil: fulfils,
    canCancel,
  });
}

/**
 * Order lists, newest first in keyset pages: `mine` (placed by the actor), `units` (of the units the
 * actor may order for), `all` (IT and administrators, within their municipality scope).
 */
export async function listOrders(db: Db, actor: Actor, q: OrderListQuery): Promise<OrderPage> {
  const authority = await authorityOf(db, actor);
  const base = {
    municipalityId: municipalityFilter(actor, q.municipalityId),
    status: q.status,
    kind: q.kind,
    after: decodeCursor(q.cursor, ZOrderCursor),
    limit: q.limit,
  };
  const scoped = {
    mine: { ordererUserId: actor.id },
    units: { unitIds: [...orderableUnitIds(authority)] },
    all: {},
  }[q.scope];
  if (q.scope === 'all' && !mayFulfil(authority)) {
    throw new AppError('forbidden', [{ field: 'query.scope', reason: 'all orders are for IT', reasonSv: 'alla beställningar är för IT' }]);
  }
  const rows = await store.listOrders(db, { ...base, ...scoped });
  const items = rows.map(presentOrderSummary);
  const last = items.at(-1);
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor({ at: last.placedAt, id: last.id }) : null };
}

/**
 * accounts for non-employees ending within `days` (default: the mission's follow-up days),
 * for IT and for whoever may order for the unit.
 */
export async function accountsEndingSoon(db: Db, actor: Actor, q: EndingQuery): Promise<AccountsEnding> {
  const today = stockholmToday();
  const numbers = orderNumbers((await missionOn(db, today)).document);
  const days = q.days ?? numbers.accountEndReminderDays;
  const authority = await authorityOf(db, actor);
  const fulfils = mayFulfil(authority);
  const unitIds = fulfils ? undefined : [...orderableUnitIds(authority)];
  if (unitIds?.length === 0) throw new AppError('forbidden');
  const rows = await store.accountsEnding(db, { municipalityId: municipalityFilter(actor), unitIds, from: today, to: addDays(today, days) });
  return {
    days,
    items: rows.map((r) => {
      const d = r.order.details?.kind === 'account_non_employee' ? r.order.details : undefined;
      const endsOn = r.order.accountEndsOn ?? today;
      return {
        ...presentOrderSummary({ ...r, lineCount: 1 }),
        accountName: d ? `${d.firstName} ${d.lastName}` : '',
        endsOn,
        daysLeft: daysUntil(today, endsOn),
      };
    }),
  };
}
