import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import { units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { tickets } from '../tickets/schema.ts';
import type { LineStatus, OrderKind, OrderStatus } from './rules.ts';
import { orderLines, ordererDesignations, orders } from './schema.ts';
import { now as clockNow } from '../platform/clock.ts';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;
export type DesignationRow = typeof ordererDesignations.$inferSelect;

const inMunicipality = (municipalityId: string | undefined) => (municipalityId === undefined ? undefined : eq(orders.municipalityId, municipalityId));

/** Units of the account's active designations. */
export async function designatedUnitIds(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ unitId: ordererDesignations.unitId }).from(ordererDesignations).where(and(eq(ordererDesignations.userId, userId), isNull(ordererDesignations.revokedAt)));
  return rows.map((r) => r.unitId);
}

/** A unit's designations, active first, with the designee's and designator's names. */
export function designationsOf(db: DbOrTx, unitId: string, includeRevoked: boolean) {
  const designee = sql<string>`(select display_name from users u where u.id = ${ordererDesignations.userId})`;
  const designator = sql<string>`(select display_name from users u where u.id = ${ordererDesignations.designatedByUserId})`;
  return db
    .select({ designation: ordererDesignations, userName: designee, designatedByName: designator })
    .from(ordererDesignations)
    .where(and(eq(ordererDesignations.unitId, unitId), includeRevoked ? undefined : isNull(ordererDesignations.revokedAt)))
    .orderBy(sql`${ordererDesignations.revokedAt} is not null`, desc(ordererDesignations.designatedAt));
}

export async function activeDesignation(db: DbOrTx, unitId: string, userId: string): Promise<DesignationRow | undefined> {
  const [row] = await db
    .select()
    .from(ordererDesignations)
    .where(and(eq(ordererDesignations.unitId, unitId), eq(ordererDesignations.userId, userId), isNull(ordererDesignations.revokedAt)))
    .limit(1);
  return row;
}

export async function findOrder(db: DbOrTx, id: string, municipalityId: string | undefined): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(and(eq(orders.id, id), inMunicipality(municipalityId))).limit(1);
  return row;
}

/** The order row locked for the rest of the transaction (fulfilment steps run one at a time). */
export async function lockOrder(tx: DbOrTx, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id)).for('update').limit(1);
  return row;
}

export function linesOf(db: DbOrTx, orderId: string): Promise<LineRow[]> {
  return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
}

export async function findTicketRow(db: DbOrTx, ticketId: string) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, ticketId)).limit(1);
  return row;
}

export async function ticketNumberOf(db: DbOrTx, ticketId: string | null): Promise<string | null> {
  if (!ticketId) return null;
  const [row] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticketId)).limit(1);
  return row?.number ?? null;
}

export interface OrderQuery {
  municipalityId: string | undefined;
  /** Only this orderer's orders. */
  ordererUserId?: string | undefined;
  /** Only orders of these units (an empty list matches nothing). */
  unitIds?: readonly string[] | undefined;
  status?: OrderStatus | undefined;
  kind?: OrderKind | undefined;
  /** Keyset cursor: the last (placedAt, id) seen, newest first. */
  after?: { at: string; id: string } | undefined;
  limit: number;
}

/** A page of orders, newest first, with the unit's and orderer's names. */
export function listOrders(db: DbOrTx, q: OrderQuery) {
  if (q.unitIds?.length === 0) return Promise.resolve([]);
  const conditions: (SQL | undefined)[] = [
    inMunicipality(q.municipalityId),
    q.ordererUserId ? eq(orders.ordererUserId, q.ordererUserId) : undefined,
    q.unitIds ? inArray(orders.unitId, [...q.unitIds]) : undefined,
    q.status ? eq(orders.status, q.status) : undefined,
    q.kind ? eq(orders.kind, q.kind) : undefined,
    q.after ? sql`(${orders.placedAt}, ${orders.id}) < (${q.after.at}::timestamptz, ${q.after.id}::uuid)` : undefined,
  ];
  return db
    .select({ order: orders, unitName: units.name, ordererName: users.displayName, lineCount: sql<number>`(select count(*)::int from order_lines l where l.order_id = ${orders.id})` })
    .from(orders)
    .innerJoin(units, eq(units.id, orders.unitId))
    .innerJoin(users, eq(users.id, orders.ordererUserId))
    .where(and(...conditions))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(q.limit);
}

/** accounts for non-employees of live orders ending in [from, to], soonest first. */
export function accountsEnding(db: DbOrTx, q: { municipalityId: string | undefined; unitIds?: readonly string[] | undefined; from: string | undefined; to: string }) {
  if (q.unitIds?.length === 0) return Promise.resolve([]);
  return db
    .select({ order: orders, unitName: units.name, ordererName: users.displayName })
    .from(orders)
    .innerJoin(units, eq(units.id, orders.unitId))
    .innerJoin(users, eq(users.id, orders.ordererUserId))
    .where(
      and(
        inMunicipality(q.municipalityId),
        q.unitIds ? inArray(orders.unitId, [...q.unitIds]) : undefined,
        eq(orders.kind, 'account_non_employee'),
        ne(orders.status, 'cancelled'),
        q.from === undefined ? undefined : gte(orders.accountEndsOn, q.from),
        lte(orders.accountEndsOn, q.to),
      ),
    )
    .orderBy(asc(orders.accountEndsOn), asc(orders.id));
}

/** Sets a line's status and fields; the order's status is recomputed by the caller. */
export async function updateLine(tx: DbOrTx, id: string, values: Partial<typeof orderLines.$inferInsert> & { status: LineStatus }): Promise<LineRow | undefined> {
  const [row] = await tx.update(orderLines).set({ ...values, updatedAt: clockNow() }).where(eq(orderLines.id, id)).returning();
  return row;
}
