import { and, asc, desc, eq, inArray, isNull, max, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { municipalities, units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { BACKLOG_STATES, type RequestState } from './rules.ts';
import { developmentRequests, developmentRequestSteps } from './schema.ts';

/** Issue 20: every statement of development requests (SQL lives in stores). */

export type RequestRow = typeof developmentRequests.$inferSelect;
export type StepRow = typeof developmentRequestSteps.$inferSelect;

/** A request with the names it is shown with. */
export interface RequestWithNames extends RequestRow {
  municipalityName: string | null;
  unitName: string | null;
  raisedByName: string;
}

/** Who may be listed: the municipal boundary, and for those who read only their own, what they raised. */
export interface RequestFilter {
  /** null: every municipality; else this one and the requests that concern both. */
  municipalityId: string | null;
  /** null: every request within the boundary; else raised by this user or one of these units. */
  own: { userId: string; unitIds: readonly string[] } | null;
  state?: RequestState | undefined;
  backlog?: boolean | undefined;
}

const raiser = alias(users, 'raiser');

function where(f: RequestFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (f.municipalityId !== null) conditions.push(or(isNull(developmentRequests.municipalityId), eq(developmentRequests.municipalityId, f.municipalityId)));
  if (f.own) {
    conditions.push(
      or(
        eq(developmentRequests.raisedByUserId, f.own.userId),
        f.own.unitIds.length ? inArray(developmentRequests.raisedByUnitId, [...f.own.unitIds]) : undefined,
      ),
    );
  }
  if (f.state) conditions.push(eq(developmentRequests.state, f.state));
  if (f.backlog) conditions.push(inArray(developmentRequests.state, [...BACKLOG_STATES]), eq(developmentRequests.size, 'large'));
  return and(...conditions);
}

function selectWithNames(db: DbOrTx) {
  return db
    .select({ r: developmentRequests, municipalityName: municipalities.name, unitName: units.name, raisedByName: raiser.displayName })
    .from(developmentRequests)
    .leftJoin(municipalities, eq(municipalities.id, developmentRequests.municipalityId))
    .leftJoin(units, eq(units.id, developmentRequests.raisedByUnitId))
    .innerJoin(raiser, eq(raiser.id, developmentRequests.raisedByUserId));
}

const flatten = (x: { r: RequestRow; municipalityName: string | null; unitName: string | null; raisedByName: string }): RequestWithNames => ({
  ...x.r,
  municipalityName: x.municipalityName,
  unitName: x.unitName,
  raisedByName: x.raisedByName,
});

/** The requests the filter lets through: the backlog by rank, else the newest first. */
export async function listRequests(db: DbOrTx, f: RequestFilter): Promise<RequestWithNames[]> {
  const order = f.backlog
    ? [sql`${developmentRequests.priority} asc nulls last`, asc(developmentRequests.createdAt)]
    : [desc(developmentRequests.year), desc(developmentRequests.sequence)];
  const rows = await selectWithNames(db)
    .where(where(f))
    .orderBy(...order)
    .limit(2000);
  return rows.map(flatten);
}

export async function findRequest(db: DbOrTx, id: string, forUpdate = false): Promise<RequestWithNames | undefined> {
  if (forUpdate) await db.select({ id: developmentRequests.id }).from(developmentRequests).where(eq(developmentRequests.id, id)).for('update');
  const [row] = await selectWithNames(db).where(eq(developmentRequests.id, id)).limit(1);
  return row ? flatten(row) : undefined;
}

/** A request's steps in the order they were recorded, with the names they are shown with. */
export async function listSteps(db: DbOrTx, requestId: string) {
  return db
    .select({ s: developmentRequestSteps, municipalityName: municipalities.name, recordedByName: users.displayName })
    .from(developmentRequestSteps)
    .leftJoin(municipalities, eq(municipalities.id, developmentRequestSteps.municipalityId))
    .innerJoin(users, eq(users.id, developmentRequestSteps.recordedByUserId))
    .where(eq(developmentRequestSteps.requestId, requestId))
    .orderBy(asc(developmentRequestSteps.recordedAt), asc(developmentRequestSteps.id));
}

/** The next number of `year` (one writer at a time: a transaction-scoped advisory lock). */
export async function nextSequence(tx: DbOrTx, year: number): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('development_requests'), ${year})`);
  const [row] = await tx
    .select({ last: max(developmentRequests.sequence) })
    .from(developmentRequests)
    .where(eq(developmentRequests.year, year));
  return (row?.last ?? 0) + 1;
}

export async function insertRequest(tx: DbOrTx, values: typeof developmentRequests.$inferInsert): Promise<RequestRow | undefined> {
  return (await tx.insert(developmentRequests).values(values).returning())[0];
}

export async function insertStep(tx: DbOrTx, values: typeof developmentRequestSteps.$inferInsert): Promise<void> {
  await tx.insert(developmentRequestSteps).values(values);
}

/** The backlog's requests with their rank, by rank. */
export async function backlogIds(tx: DbOrTx): Promise<{ id: string; priority: number | null; municipalityId: string | null }[]> {
  return tx
    .select({ id: developmentRequests.id, priority: developmentRequests.priority, municipalityId: developmentRequests.municipalityId })
    .from(developmentRequests)
    .where(where({ municipalityId: null, own: null, backlog: true }))
    .orderBy(sql`${developmentRequests.priority} asc nulls last`, asc(developmentRequests.createdAt));
}

export async function setPriority(tx: DbOrTx, id: string, priority: number | null, at: Date): Promise<void> {
  await tx.update(developmentRequests).set({ priority, updatedAt: at }).where(eq(developmentRequests.id, id));
}

/** The mission changes for `year` and their board decisions (the publishing gate reads these). */
export async function missionChangeRequests(tx: DbOrTx, year: number) {
  return tx
    .select({ id: developmentRequests.id, number: developmentRequests.number, state: developmentRequests.state })
    .from(developmentRequests)
    .where(and(eq(developmentRequests.changesMission, true), eq(developmentRequests.missionYear, year)))
    .orderBy(asc(developmentRequests.sequence));
}

export async function boardDecisions(tx: DbOrTx, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return tx
    .select({
      requestId: developmentRequestSteps.requestId,
      municipalityId: developmentRequestSteps.municipalityId,
      outcome: developmentRequestSteps.outcome,
      decidedOn: developmentRequestSteps.decidedOn,
    })
    .from(developmentRequestSteps)
    .where(and(inArray(developmentRequestSteps.requestId, [...requestIds]), eq(developmentRequestSteps.action, 'record_board_decision')));
}
