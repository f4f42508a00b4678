import { pricesOf } from '../catalogue/rules.ts';
import { LINE_STATUS_SV, lineTransitionProblems, ORDER_KIND_SV, orderTotals } from './rules.ts';
import type { Designation, Order, OrderHead, OrderLine, OrderSummary } from './contract.ts';
import type { DesignationRow, LineRow, OrderRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentDesignation(d: DesignationRow, names: { userName: string | null; designatedByName: string | null }): Designation {
  return {
    id: d.id,
    unitId: d.unitId,
    userId: d.userId,
    userName: names.userName ?? '',
    designatedByUserId: d.designatedByUserId,
    designatedByName: names.designatedByName ?? '',
    designatedAt: d.designatedAt.toISOString(),
    revokedAt: iso(d.revokedAt),
    active: d.revokedAt === null,
  };
}

/** A line as it leaves the server: what was ordered, at which prices (öre), and its delivery. */
export function presentLine(l: LineRow, holderName: string | null): OrderLine {
  return {
    id: l.id,
    position: l.position,
    description: l.description,
    articleCode: l.articleCode,
    serviceCode: l.serviceCode,
    billingModel: l.billingModel,
    modelRangeItemId: l.modelRangeItemId,
    model: l.model,
    modelCategory: l.modelCategory,
    supportLevel: l.supportLevel,
    quantity: l.quantity,
    ...pricesOf(l),
    status: l.status,
    statusSv: LINE_STATUS_SV[l.status],
    orderedAt: iso(l.orderedAt),
    serialNumber: l.serialNumber,
    holderPersonId: l.holderPersonId,
    holderName,
    deliveredOn: l.deliveredOn,
    billingStartsOn: l.billingStartsOn,
    cancelledReason: l.cancelledReason,
  };
}

export function presentOrderHead(o: OrderRow): OrderHead {
  return {
    id: o.id,
    number: o.number,
    municipalityId: o.municipalityId,
    unitId: o.unitId,
    ordererUserId: o.ordererUserId,
    kind: o.kind,
    kindSv: ORDER_KIND_SV[o.kind],
    status: o.status,
    ticketId: o.ticketId,
    orderedOn: o.orderedOn,
    placedAt: o.placedAt.toISOString(),
    note: o.note,
    details: o.details,
    accountEndsOn: o.accountEndsOn,
    reminderTicketId: o.reminderTicketId,
    cancelledReason: o.cancelledReason,
    version: o.version,
  };
}

/** The audit trail's shape of an order and its lines. */
export function presentOrderRecord(o: OrderRow, lines: readonly LineRow[]) {
  return { ...presentOrderHead(o), lines: lines.map((l) => presentLine(l, null)) };
}

export function presentOrder(
  o: OrderRow,
  lines: readonly LineRow[],
  extra: {
    unitName: string;
    ordererName: string;
    ticketNumber: string | null;
    reminderTicketNumber: string | null;
    holderNames: ReadonlyMap<string, string>;
    canFulfil: boolean;
    canCancel: boolean;
  },
): Order {
  return {
    ...presentOrderHead(o),
    unitName: extra.unitName,
    ordererName: extra.ordererName,
    ticketNumber: extra.ticketNumber,
    reminderTicketNumber: extra.reminderTicketNumber,
    totals: orderTotals(lines),
    lines: lines.map((l) => ({
      ...presentLine(l, l.holderPersonId ? (extra.holderNames.get(l.holderPersonId) ?? null) : null),
      actions: lineActions(l, extra.canFulfil),
    })),
    canFulfil: extra.canFulfil,
    canCancel: extra.canCancel,
  };
}

/** What IT may do with a line now: the transitions the line's status allows (rules.lineTransitionProblems). */
function lineActions(l: LineRow, canFulfil: boolean): Order['lines'][number]['actions'] {
  const may = (to: 'ordered' | 'delivered' | 'cancelled') => canFulfil && lineTransitionProblems(l.status, to).length === 0;
  return { markOrdered: may('ordered'), deliver: may('delivered'), cancel: may('cancelled') };
}

export function presentOrderSummary(row: { order: OrderRow; unitName: string; ordererName: string; lineCount: number }): OrderSummary {
  return { ...presentOrderHead(row.order), unitName: row.unitName, ordererName: row.ordererName, lineCount: row.lineCount };
}
