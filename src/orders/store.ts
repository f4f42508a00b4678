import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { people, units, users } from '../org/schema.ts';
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
  const rows = await db
    .select({ unitId: ordererDesignations.unitId })
    .from(ordererDesignations)
    .where(and(eq(ordererDesignations.userId, userId), isNull(ordererDesignations.revokedAt)));
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
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, id), inMunicipality(municipalityId)))
    .limit(1);
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
    .select({
      order: orders,
      unitName: units.name,
      ordererName: users.displayName,
      lineCount: sql<number>`(select count(*)::int from order_lines l where l.order_id = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(units, eq(units.id, orders.unitId))
    .innerJoin(users, eq(users.id, orders.ordererUserId))
    .where(and(...conditions))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(q.limit);
}

/** R-4.4: accounts for non-employees of live orders ending in [from, to], soonest first. */
export function accountsEnding(
  db: DbOrTx,
  q: { municipalityId: string | undefined; unitIds?: readonly string[] | undefined; from: string | undefined; to: string },
) {
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
export async function updateLine(
  tx: DbOrTx,
  id: string,
  values: Partial<typeof orderLines.$inferInsert> & { status: LineStatus },
): Promise<LineRow | undefined> {
  const [row] = await tx
    .update(orderLines)
    .set({ ...values, updatedAt: clockNow() })
    .where(eq(orderLines.id, id))
    .returning();
  return row;
}

// ---------------------------------------------------------------- writes and lookups of the use cases

export type OrderValues = Partial<typeof orders.$inferInsert>;

/** An active account of the municipality (a candidate orderer). */
export async function activeAccountIn(db: DbOrTx, userId: string, municipalityId: string) {
  return (
    await db
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.municipalityId, municipalityId), eq(users.active, true)))
      .limit(1)
  )[0];
}

/** Active accounts of a municipality whose name, username or e-mail contains `q`, by name. */
export function accountsMatching(db: DbOrTx, municipalityId: string, q: string, limit: number) {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.municipalityId, municipalityId),
        eq(users.active, true),
        or(ilike(users.displayName, like), ilike(users.username, like), ilike(users.email, like)),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}

export async function insertDesignation(tx: DbOrTx, values: typeof ordererDesignations.$inferInsert): Promise<DesignationRow> {
  const [row] = await tx.insert(ordererDesignations).values(values).returning();
  if (!row) throw new Error('insert into orderer_designations returned no row');
  return row;
}

/** Revokes the active designation of an account for a unit; undefined when there is none. */
export async function revokeDesignation(tx: DbOrTx, d: { unitId: string; userId: string; at: Date; byUserId: string }): Promise<DesignationRow | undefined> {
  const [row] = await tx
    .update(ordererDesignations)
    .set({ revokedAt: d.at, revokedByUserId: d.byUserId })
    .where(and(eq(ordererDesignations.unitId, d.unitId), eq(ordererDesignations.userId, d.userId), isNull(ordererDesignations.revokedAt)))
    .returning();
  return row;
}

export function unitsByIds(db: DbOrTx, ids: string[]) {
  return db.select().from(units).where(inArray(units.id, ids));
}

/** The people among `ids` who belong to the municipality. */
export function peopleIn(db: DbOrTx, ids: string[], municipalityId: string) {
  return db
    .select({ id: people.id })
    .from(people)
    .where(and(inArray(people.id, ids), eq(people.municipalityId, municipalityId)));
}

export function peopleByIds(db: DbOrTx, ids: string[]) {
  return db.select().from(people).where(inArray(people.id, ids));
}

export async function unitName(db: DbOrTx, unitId: string): Promise<{ name: string } | undefined> {
  return (await db.select({ name: units.name }).from(units).where(eq(units.id, unitId)))[0];
}

export async function accountName(db: DbOrTx, userId: string): Promise<{ name: string } | undefined> {
  return (await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)))[0];
}

export async function insertOrder(tx: DbOrTx, values: typeof orders.$inferInsert): Promise<OrderRow> {
  const [row] = await tx.insert(orders).values(values).returning();
  if (!row) throw new Error('insert into orders returned no row');
  return row;
}

export function insertLines(tx: DbOrTx, values: (typeof orderLines.$inferInsert)[]): Promise<LineRow[]> {
  return tx.insert(orderLines).values(values).returning();
}

/** Updates an order and bumps its version (the caller holds its row lock). */
export async function updateOrderVersioned(tx: DbOrTx, id: string, values: OrderValues): Promise<OrderRow> {
  const [row] = await tx
    .update(orders)
    .set({ ...values, version: sql`${orders.version} + 1` })
    .where(eq(orders.id, id))
    .returning();
  if (!row) throw new Error('update of orders returned no row');
  return row;
}

/** R-4.4: live account orders for non-employees ending by `until` that have no follow-up ticket yet. */
export function accountsToFollowUp(db: DbOrTx, until: string, limit: number) {
  return db
    .select({ order: orders, orderer: users, unitName: units.name })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.ordererUserId))
    .innerJoin(units, eq(units.id, orders.unitId))
    .where(and(eq(orders.kind, 'account_non_employee'), ne(orders.status, 'cancelled'), isNull(orders.reminderTicketId), lte(orders.accountEndsOn, until)))
    .orderBy(asc(orders.accountEndsOn))
    .limit(limit);
}

export async function setReminderTicket(tx: DbOrTx, orderId: string, ticketId: string, at: Date): Promise<void> {
  await tx.update(orders).set({ reminderTicketId: ticketId, updatedAt: at }).where(eq(orders.id, orderId));
}
