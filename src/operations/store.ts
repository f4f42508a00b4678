import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { municipalities } from '../org/schema.ts';
import { now } from '../platform/clock.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { tickets } from '../tickets/schema.ts';
import type { OutageFacts } from './rules.ts';
import {
  incidentReports,
  incidentReportTemplates,
  itFunctionMunicipalities,
  itFunctions,
  operationsMessages,
  outageFunctions,
  outageMunicipalities,
  outages,
  outageTickets,
  windowWork,
} from './schema.ts';

export type FunctionRow = typeof itFunctions.$inferSelect & { municipalityIds: string[] };
export type OutageRow = typeof outages.$inferSelect;
export type OutageLinks = { functionIds: string[]; municipalityIds: string[]; ticketIds: string[] };
export type MessageRow = typeof operationsMessages.$inferSelect;

function first<T>(rows: T[]): T {
  const row = rows[0];
  if (!row) throw new Error('the statement returned no row');
  return row;
}

/** Every municipality, for names (there are two). */
export function listMunicipalities(db: DbOrTx): Promise<{ id: string; code: string; name: string }[]> {
  return db.select({ id: municipalities.id, code: municipalities.code, name: municipalities.name }).from(municipalities).orderBy(asc(municipalities.name));
}

// ---------------------------------------------------------------- IT functions

const functionMunicipalityIds = sql<
  string[]
>`coalesce((select array_agg(fm.municipality_id::text order by fm.municipality_id) from ${itFunctionMunicipalities} fm where fm.function_id = ${itFunctions.id}), '{}')`;

const functionColumns = {
  id: itFunctions.id,
  missionCode: itFunctions.missionCode,
  name: itFunctions.name,
  description: itFunctions.description,
  active: itFunctions.active,
  sortOrder: itFunctions.sortOrder,
  version: itFunctions.version,
  createdAt: itFunctions.createdAt,
  updatedAt: itFunctions.updatedAt,
  municipalityIds: functionMunicipalityIds,
};

export function listFunctions(db: DbOrTx): Promise<FunctionRow[]> {
  return db.select(functionColumns).from(itFunctions).orderBy(asc(itFunctions.sortOrder), asc(itFunctions.name));
}

export async function findFunction(db: DbOrTx, id: string): Promise<FunctionRow | undefined> {
  const rows = await listFunctionsWhere(db, [id]);
  return rows[0];
}

export function listFunctionsWhere(db: DbOrTx, ids: readonly string[]): Promise<FunctionRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select(functionColumns)
    .from(itFunctions)
    .where(inArray(itFunctions.id, [...ids]));
}

export async function insertFunction(tx: DbOrTx, values: typeof itFunctions.$inferInsert): Promise<typeof itFunctions.$inferSelect> {
  return first(await tx.insert(itFunctions).values(values).returning());
}

export async function replaceFunctionMunicipalities(tx: DbOrTx, functionId: string, municipalityIds: readonly string[]): Promise<void> {
  await tx.delete(itFunctionMunicipalities).where(eq(itFunctionMunicipalities.functionId, functionId));
  if (municipalityIds.length > 0) await tx.insert(itFunctionMunicipalities).values(municipalityIds.map((municipalityId) => ({ functionId, municipalityId })));
}

export async function nextFunctionSortOrder(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ max: sql<number | null>`max(${itFunctions.sortOrder})` }).from(itFunctions);
  return (row?.max ?? -1) + 1;
}

/** The mission codes of the functions already seeded. */
export async function seededMissionCodes(db: DbOrTx): Promise<Set<string>> {
  const rows = await db.select({ code: itFunctions.missionCode }).from(itFunctions);
  return new Set(rows.flatMap((r) => (r.code ? [r.code] : [])));
}

// ---------------------------------------------------------------- outages

const outageFunctionIds = sql<
  string[]
>`coalesce((select array_agg(of.function_id::text order by of.function_id) from ${outageFunctions} of where of.outage_id = ${outages.id}), '{}')`;
const outageMunicipalityIds = sql<
  string[]
>`coalesce((select array_agg(om.municipality_id::text order by om.municipality_id) from ${outageMunicipalities} om where om.outage_id = ${outages.id}), '{}')`;
const outageTicketIds = sql<
  string[]
>`coalesce((select array_agg(ot.ticket_id::text order by ot.ticket_id) from ${outageTickets} ot where ot.outage_id = ${outages.id}), '{}')`;

/** Outages touching [from, to) in any of the municipalities, each with its functions and municipalities. */
export async function outagesBetween(db: DbOrTx, from: Date, to: Date, municipalityIds: readonly string[]): Promise<(OutageRow & OutageLinks)[]> {
  if (municipalityIds.length === 0) return [];
  return db
    .select({
      ...outageColumns,
      functionIds: outageFunctionIds,
      municipalityIds: outageMunicipalityIds,
      ticketIds: sql<string[]>`'{}'::text[]`,
    })
    .from(outages)
    .where(
      and(
        lt(outages.startsAt, to),
        or(isNull(outages.endsAt), gt(outages.endsAt, from)),
        sql`exists (select 1 from ${outageMunicipalities} om where om.outage_id = ${outages.id} and om.municipality_id in (${sql.join(
          municipalityIds.map((m) => sql`${m}::uuid`),
          sql`, `,
        )}))`,
      ),
    )
    .orderBy(desc(outages.startsAt), asc(outages.id));
}

const outageColumns = {
  id: outages.id,
  title: outages.title,
  startsAt: outages.startsAt,
  endsAt: outages.endsAt,
  kind: outages.kind,
  plannedReason: outages.plannedReason,
  incident: outages.incident,
  cause: outages.cause,
  actions: outages.actions,
  internalNote: outages.internalNote,
  windowWorkId: outages.windowWorkId,
  createdBy: outages.createdBy,
  version: outages.version,
  createdAt: outages.createdAt,
  updatedAt: outages.updatedAt,
};

export async function findOutage(db: DbOrTx, id: string, forUpdate = false): Promise<(OutageRow & OutageLinks) | undefined> {
  const q = db
    .select({ ...outageColumns, functionIds: outageFunctionIds, municipalityIds: outageMunicipalityIds, ticketIds: outageTicketIds })
    .from(outages)
    .where(eq(outages.id, id))
    .limit(1);
  const [row] = forUpdate ? await q.for('update', { of: outages }) : await q;
  return row;
}

export async function insertOutage(tx: DbOrTx, values: typeof outages.$inferInsert): Promise<OutageRow> {
  return first(await tx.insert(outages).values(values).returning());
}

/** Replaces an outage's functions, municipalities and tickets with these. */
export async function replaceOutageLinks(tx: DbOrTx, outageId: string, links: OutageLinks): Promise<void> {
  await tx.delete(outageFunctions).where(eq(outageFunctions.outageId, outageId));
  await tx.delete(outageMunicipalities).where(eq(outageMunicipalities.outageId, outageId));
  await tx.delete(outageTickets).where(eq(outageTickets.outageId, outageId));
  if (links.functionIds.length > 0) await tx.insert(outageFunctions).values(links.functionIds.map((functionId) => ({ outageId, functionId })));
  if (links.municipalityIds.length > 0) {
    await tx.insert(outageMunicipalities).values(links.municipalityIds.map((municipalityId) => ({ outageId, municipalityId })));
  }
  if (links.ticketIds.length > 0) await tx.insert(outageTickets).values(links.ticketIds.map((ticketId) => ({ outageId, ticketId })));
}

/** Tickets by id with their municipality (to check an outage may name them). */
export function ticketsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      municipalityId: tickets.municipalityId,
      affectsOperations: tickets.affectsOperations,
      receivedAt: tickets.receivedAt,
    })
    .from(tickets)
    .where(inArray(tickets.id, [...ids]))
    .orderBy(asc(tickets.number));
}

/** The outages a ticket is linked to. */
export async function outageIdsOfTicket(db: DbOrTx, ticketId: string): Promise<string[]> {
  const rows = await db.select({ id: outageTickets.outageId }).from(outageTickets).where(eq(outageTickets.ticketId, ticketId));
  return rows.map((r) => r.id);
}

/** The facts the availability rules read, from stored rows. */
export function outageFacts(row: OutageRow & Pick<OutageLinks, 'functionIds' | 'municipalityIds'>): OutageFacts {
  return {
    id: row.id,
    kind: row.kind,
    incident: row.incident,
    start: row.startsAt.getTime(),
    end: row.endsAt?.getTime() ?? null,
    functionIds: row.functionIds,
    municipalityIds: row.municipalityIds,
  };
}

// ---------------------------------------------------------------- operations messages

export async function insertMessage(tx: DbOrTx, values: typeof operationsMessages.$inferInsert): Promise<MessageRow> {
  return first(await tx.insert(operationsMessages).values(values).returning());
}

export async function findMessage(db: DbOrTx, id: string): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(operationsMessages).where(eq(operationsMessages.id, id)).limit(1);
  return row;
}

export function messagesOfOutage(db: DbOrTx, outageId: string): Promise<MessageRow[]> {
  return db.select().from(operationsMessages).where(eq(operationsMessages.outageId, outageId)).orderBy(asc(operationsMessages.publishedAt));
}

const inMunicipalities = (ids: readonly string[]) =>
  sql`${operationsMessages.municipalityIds} && array[${sql.join(
    ids.map((m) => sql`${m}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/** Staff's list: messages of the municipalities published since `since`, or still going on, newest first. */
export function listMessages(db: DbOrTx, municipalityIds: readonly string[], since: Date): Promise<MessageRow[]> {
  if (municipalityIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(operationsMessages)
    .where(and(inMunicipalities(municipalityIds), or(gt(operationsMessages.publishedAt, since), isNull(operationsMessages.resolvedAt))))
    .orderBy(desc(operationsMessages.startsAt), desc(operationsMessages.id))
    .limit(500);
}

/**
 * What a public list may show for one municipality: messages not resolved or ended before `cutoff`
 * (the rule decides the rest), and those withdrawn since then (their change still moves the list's
 * Last-Modified).
 */
export function publicCandidates(db: DbOrTx, municipalityId: string, cutoff: Date): Promise<MessageRow[]> {
  return db
    .select()
    .from(operationsMessages)
    .where(
      and(
        sql`${operationsMessages.municipalityIds} @> array[${municipalityId}::uuid]`,
        or(isNull(operationsMessages.resolvedAt), gt(operationsMessages.resolvedAt, cutoff)),
        or(
          eq(operationsMessages.kind, 'disruption'),
          isNull(operationsMessages.expectedEndAt),
          gt(operationsMessages.expectedEndAt, cutoff),
          gt(operationsMessages.updatedAt, cutoff),
        ),
        or(isNull(operationsMessages.withdrawnAt), gt(operationsMessages.withdrawnAt, cutoff)),
      ),
    )
    .orderBy(asc(operationsMessages.startsAt), asc(operationsMessages.id));
}

// ---------------------------------------------------------------- work in service windows

export type WindowWorkRow = typeof windowWork.$inferSelect;

/** Window work of a year's windows (by the window's date), in date order. */
export function windowWorkBetween(db: DbOrTx, from: string, to: string): Promise<WindowWorkRow[]> {
  return db
    .select()
    .from(windowWork)
    .where(and(gte(windowWork.windowDate, from), lte(windowWork.windowDate, to)))
    .orderBy(asc(windowWork.startsAt), asc(windowWork.id));
}

export async function findWindowWork(db: DbOrTx, id: string, forUpdate = false): Promise<WindowWorkRow | undefined> {
  const q = db.select().from(windowWork).where(eq(windowWork.id, id)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertWindowWork(tx: DbOrTx, values: typeof windowWork.$inferInsert): Promise<WindowWorkRow> {
  return first(await tx.insert(windowWork).values(values).returning());
}

/** The messages and outages that came from the given window work. */
export async function windowWorkLinks(
  db: DbOrTx,
  ids: readonly string[],
): Promise<{ messages: MessageRow[]; outages: { id: string; windowWorkId: string | null }[] }> {
  if (ids.length === 0) return { messages: [], outages: [] };
  const [messages, outageRows] = await Promise.all([
    db
      .select()
      .from(operationsMessages)
      .where(inArray(operationsMessages.windowWorkId, [...ids])),
    db
      .select({ id: outages.id, windowWorkId: outages.windowWorkId })
      .from(outages)
      .where(inArray(outages.windowWorkId, [...ids])),
  ]);
  return { messages, outages: outageRows };
}

// ---------------------------------------------------------------- IT incident reports

export type TemplateRow = typeof incidentReportTemplates.$inferSelect;
export type ReportRow = typeof incidentReports.$inferSelect;

export function listTemplates(db: DbOrTx): Promise<TemplateRow[]> {
  return db.select().from(incidentReportTemplates);
}

export async function findTemplate(db: DbOrTx, municipalityId: string, forUpdate = false): Promise<TemplateRow | undefined> {
  const q = db.select().from(incidentReportTemplates).where(eq(incidentReportTemplates.municipalityId, municipalityId)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** Inserts a template unless the municipality has one. */
export async function insertTemplateIfMissing(tx: DbOrTx, values: typeof incidentReportTemplates.$inferInsert): Promise<TemplateRow | undefined> {
  const [row] = await tx.insert(incidentReportTemplates).values(values).onConflictDoNothing().returning();
  return row;
}

/** Updates a template if its version is still `expected`; the row after, or undefined when stale. */
export async function updateTemplate(
  tx: DbOrTx,
  municipalityId: string,
  expected: number,
  values: Pick<TemplateRow, 'sections' | 'recipients'>,
): Promise<TemplateRow | undefined> {
  const [row] = await tx
    .update(incidentReportTemplates)
    .set({ ...values, version: sql`${incidentReportTemplates.version} + 1`, updatedAt: now() })
    .where(and(eq(incidentReportTemplates.municipalityId, municipalityId), eq(incidentReportTemplates.version, expected)))
    .returning();
  return row;
}

export function reportsOfOutage(db: DbOrTx, outageId: string): Promise<ReportRow[]> {
  return db.select().from(incidentReports).where(eq(incidentReports.outageId, outageId));
}

export async function findReport(db: DbOrTx, outageId: string, municipalityId: string, forUpdate = false): Promise<ReportRow | undefined> {
  const q = db
    .select()
    .from(incidentReports)
    .where(and(eq(incidentReports.outageId, outageId), eq(incidentReports.municipalityId, municipalityId)))
    .limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertReport(tx: DbOrTx, values: typeof incidentReports.$inferInsert): Promise<ReportRow> {
  return first(await tx.insert(incidentReports).values(values).returning());
}

/** Replaces a report's texts if its version is still `expected`. */
export async function updateReport(tx: DbOrTx, id: string, expected: number, values: Pick<ReportRow, 'sections'>): Promise<ReportRow | undefined> {
  const [row] = await tx
    .update(incidentReports)
    .set({ ...values, version: sql`${incidentReports.version} + 1`, updatedAt: now() })
    .where(and(eq(incidentReports.id, id), eq(incidentReports.version, expected)))
    .returning();
  return row;
}

export async function markReportSent(tx: DbOrTx, id: string, expected: number, at: Date, to: readonly string[]): Promise<ReportRow | undefined> {
  const [row] = await tx
    .update(incidentReports)
    .set({ sentAt: at, sentTo: [...to], version: sql`${incidentReports.version} + 1`, updatedAt: at })
    .where(and(eq(incidentReports.id, id), eq(incidentReports.version, expected)))
    .returning();
  return row;
}
