import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { municipalities, people, teams, units, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { fromJsonRows, jsonRows } from '../platform/db/json.ts';
import { preparedStatement } from '../platform/db/prepared.ts';
import { queueCursorKey, URGENCY_GROUP } from './rules.ts';
import {
  deskAgents,
  desks,
  slaBreaches,
  ticketAttachments,
  ticketCategories,
  ticketCounters,
  ticketEvents,
  ticketMessages,
  tickets,
  ticketTimeEntries,
} from './schema.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type CategoryRow = typeof ticketCategories.$inferSelect;

/** Who may see which tickets: built by the service from the actor, applied to every ticket query. */
export interface TicketVisibility {
  /** Municipality filter (undefined = both). */
  municipalityId: string | undefined;
  /** Desks the actor works in as an agent. */
  agentDeskIds: readonly string[];
  /** Sees every ticket in the municipality scope (administrators, IT management). */
  all: boolean;
  /** The actor's own user id: requesters see their own tickets. */
  userId: string;
}

export function visibleTickets(v: TicketVisibility): SQL | undefined {
  const inMunicipality = v.municipalityId === undefined ? undefined : eq(tickets.municipalityId, v.municipalityId);
  if (v.all) return inMunicipality;
  const own = eq(tickets.requesterUserId, v.userId);
  const desk = v.agentDeskIds.length ? and(inArray(tickets.deskId, [...v.agentDeskIds]), inMunicipality) : undefined;
  return desk ? or(own, desk) : own;
}

/**
 * Desks a user works in as an agent: the IT desk for IT agents (role agent with a team, R-1.3), plus
 * any desk they were added to (R-3.8).
 */
export async function agentDeskIds(db: DbOrTx, user: { id: string; roles: readonly string[]; teamId: string | null }): Promise<string[]> {
  if (!user.roles.includes('agent')) return [];
  // One statement: the desks the user was added to, and the IT desk when they are on an IT team.
  const rows = await db
    .select({ deskId: desks.id })
    .from(desks)
    .where(
      or(
        sql`${desks.id} in (select ${deskAgents.deskId} from ${deskAgents} where ${deskAgents.userId} = ${user.id})`,
        user.teamId ? eq(desks.isIt, true) : undefined,
      ),
    );
  return rows.map((r) => r.deskId);
}

export async function findTicket(db: DbOrTx, id: string, v: TicketVisibility): Promise<TicketRow | undefined> {
  return (
    await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, id), visibleTickets(v)))
      .limit(1)
  )[0];
}

export async function itDesk(db: DbOrTx) {
  return (await db.select().from(desks).where(eq(desks.isIt, true)).limit(1))[0];
}

export async function findDesk(db: DbOrTx, id: string) {
  return (await db.select().from(desks).where(eq(desks.id, id)).limit(1))[0];
}

export function listDesks(db: DbOrTx, municipalityId: string | undefined) {
  return db
    .select()
    .from(desks)
    .where(municipalityId === undefined ? undefined : or(isNull(desks.municipalityId), eq(desks.municipalityId, municipalityId)))
    .orderBy(desc(desks.isIt), asc(desks.name));
}

export function listCategories(db: DbOrTx, deskId: string) {
  return db
    .select()
    .from(ticketCategories)
    .where(and(eq(ticketCategories.deskId, deskId), eq(ticketCategories.active, true)))
    .orderBy(asc(ticketCategories.name));
}

export async function findCategory(db: DbOrTx, deskId: string, idOrCode: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrCode);
  return (
    await db
      .select()
      .from(ticketCategories)
      .where(and(eq(ticketCategories.deskId, deskId), isUuid ? eq(ticketCategories.id, idOrCode) : eq(ticketCategories.code, idOrCode)))
      .limit(1)
  )[0];
}

/** Next number of the year; the counter row's lock serialises concurrent intakes (no duplicates, no gaps). */
export async function nextTicketSeq(tx: DbOrTx, year: number): Promise<number> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: ticketCounters.year, set: { last: sql`${ticketCounters.last} + 1` } })
    .returning({ last: ticketCounters.last });
  if (!row) throw new Error('ticket counter failed');
  return row.last;
}

/** A unit as a ticket names it (its cost bearer). */
export async function unitOf(db: DbOrTx, unitId: string) {
  return (
    await db
      .select({ id: units.id, code: units.code, name: units.name, municipalityId: units.municipalityId, active: units.active })
      .from(units)
      .where(eq(units.id, unitId))
      .limit(1)
  )[0];
}

/** On-call time of a ticket not billed yet follows the ticket's new unit (billed time stays). */
export async function moveUnbilledTime(tx: DbOrTx, ticketId: string, unitId: string | null): Promise<void> {
  await tx
    .update(ticketTimeEntries)
    .set({ unitId })
    .where(and(eq(ticketTimeEntries.ticketId, ticketId), isNull(ticketTimeEntries.billedInRunId)));
}

export function ticketHistory(db: DbOrTx, ticketId: string) {
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export function attachmentsOf(db: DbOrTx, ticketId: string, includeInternal: boolean) {
  return db
    .select({
      id: ticketAttachments.id,
      filename: ticketAttachments.filename,
      contentType: ticketAttachments.contentType,
      size: ticketAttachments.size,
      internal: ticketAttachments.internal,
      createdAt: ticketAttachments.createdAt,
    })
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), includeInternal ? undefined : eq(ticketAttachments.internal, false)))
    .orderBy(asc(ticketAttachments.createdAt));
}

export interface QueueQuery {
  visibility: TicketVisibility;
  deskId?: string | undefined;
  teamId?: string | undefined;
  line?: number | undefined;
  statuses?: readonly string[] | undefined;
  assigneeUserId?: string | null | undefined;
  requesterUserId?: string | undefined;
  /** Full-text query in Swedish (websearch syntax). */
  q?: string | undefined;
  /** `urgent` (issue 16): breached first, then at risk, then the earliest deadline; none last. */
  sort: 'newest' | 'oldest' | 'due' | 'urgent';
  /** The instant `urgent` reads breached and at risk as of (epoch ms; default: the database's now). */
  now?: number | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
  /** Rows an agent's search looks through before it uses the text index (tests set it small). */
  searchWindow?: number | undefined;
  /** R-10: the follow-up's filters (the figure a link came from), counted as followup/store.ts counts. */
  followUp?: QueueFollowUpFilter | undefined;
}

/** Instants [start, end); null leaves that end open. */
export interface InstantSpan {
  start: Date | null;
  end: Date | null;
}

/** R-10: what a follow-up figure counted, as queue conditions (every field optional; all must hold). */
export interface QueueFollowUpFilter {
  municipalityId?: string | undefined;
  /** A category id; null: tickets without a category. */
  categoryId?: string | null | undefined;
  channel?: TicketRow['channel'] | undefined;
  /** The line that solved the ticket (tickets.solved_line). */
  solvedLine?: number | undefined;
  solved?: InstantSpan | undefined;
  received?: InstantSpan | undefined;
  onCall?: boolean | undefined;
  intefunktion?: boolean | undefined;
  /** Solved by the stored deadline (met) or after it (missed); tickets without a deadline match neither. */
  sla?: 'met' | 'missed' | undefined;
}

function inSpan(column: typeof tickets.solvedAt | typeof tickets.receivedAt, span: InstantSpan | undefined): SQL | undefined {
  if (!span) return undefined;
  return and(
    span.start ? sql`${column} >= ${span.start.toISOString()}::timestamptz` : isNotNull(column),
    span.end ? sql`${column} < ${span.end.toISOString()}::timestamptz` : undefined,
  );
}

/** The follow-up's conditions (followup/store.ts solvedCounts, receivedCounts, onCallFigures) as a WHERE part. */
export function followUpConditions(f: QueueFollowUpFilter | undefined): SQL | undefined {
  if (!f) return undefined;
  return and(
    f.municipalityId ? eq(tickets.municipalityId, f.municipalityId) : undefined,
    f.categoryId === null ? isNull(tickets.categoryId) : f.categoryId ? eq(tickets.categoryId, f.categoryId) : undefined,
    f.channel ? eq(tickets.channel, f.channel) : undefined,
    f.solvedLine ? eq(tickets.solvedLine, f.solvedLine) : undefined,
    inSpan(tickets.solvedAt, f.solved),
    inSpan(tickets.receivedAt, f.received),
    f.onCall === undefined ? undefined : eq(tickets.onCall, f.onCall),
    f.intefunktion === undefined ? undefined : f.intefunktion ? isNotNull(tickets.intefunktion) : isNull(tickets.intefunktion),
    // As the follow-up counts (solvedCounts: `solved_at <= sla_due_at`); an unsolved ticket is neither.
    f.sla === 'met' ? sql`(${tickets.slaDueAt} is not null and ${tickets.solvedAt} <= ${tickets.slaDueAt})` : undefined,
    f.sla === 'missed' ? sql`(${tickets.slaDueAt} is not null and ${tickets.solvedAt} > ${tickets.slaDueAt})` : undefined,
  );
}

const FAR_FUTURE = sql`'infinity'::timestamptz`;

/**
 * Issue 16: search ignores diacritics ("behorighet" finds "behörighet"). The unaccent extension is not
 * in PGlite, so both sides are folded with one table: the database with translate() when the search
 * document is written, the query here.
 */
const FOLD_FROM = 'áàâãäåāăąçćčďđéèêëēėęěğíìîïīįıłńňñóòôõöøōőŕřśšşťţúùûüūůűųýÿźżž';
const FOLD_TO = 'aaaaaaaaacccddeeeeeeeegiiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz';
const FOLD = new Map([...FOLD_FROM].map((c, i) => [c, FOLD_TO[i] as string]));

/** Lower case without diacritics, by the same table the search document is folded with. */
export function foldDiacritics(text: string): string {
  return [...text.toLowerCase()].map((c) => FOLD.get(c) ?? c).join('');
}

/** SQL: the same folding of a text expression. */
function foldSql(text: SQL): SQL {
  return sql`translate(lower(${text}), ${FOLD_FROM}, ${FOLD_TO})`;
}

/**
 * Issue 16: a ticket found by its last digits ("123" finds 2026-000123): the numbers with that
 * sequence in the years 2000 to next year, looked up by the unique index.
 */
export function numbersEndingIn(digits: string, now: number): string[] {
  if (!/^\d{1,6}$/.test(digits) || Number(digits) === 0) return [];
  const lastYear = new Date(now).getUTCFullYear() + 1;
  const seq = digits.padStart(6, '0');
  const out: string[] = [];
  for (let y = 2000; y <= lastYear; y++) out.push(`${y}-${seq}`);
  return out;
}

/**
 * Search as the user types: the words typed so far in web-search syntax, and the last word also as a
 * prefix ("skriv" finds "skrivaren"). Only letters and digits reach the prefix part.
 */
export function searchQuery(term: string): SQL {
  // A ticket number being typed ("2024-0123"): the parser keeps "-0123" as a signed number, so the
  // prefix is matched in that form (digits only reach the query).
  const number = /^(\d{4})-(\d{1,6})$/.exec(term);
  if (number) return sql`to_tsquery('simple', ${`'${number[1]}' & '-${number[2]}':*`})`;
  const match = /([\p{L}\p{N}]{2,})$/u.exec(term);
  if (!match?.[1]) return sql`websearch_to_tsquery('swedish', ${term})`;
  const prefix = `${match[1].toLowerCase()}:*`;
  const rest = term.slice(0, match.index).trim();
  const last = sql`(websearch_to_tsquery('swedish', ${match[1]}) || to_tsquery('simple', ${prefix}))`;
  return rest ? sql`(websearch_to_tsquery('swedish', ${rest}) && ${last})` : last;
}

/**
 * How many of the newest rows of a queue an agent's search looks through first. The rows in this
 * window are the newest of the queue, so when it holds a full page of matches that page is the
 * answer; only a search with fewer matches than that goes to the full-text index.
 */
export const SEARCH_WINDOW = 5000;

const TICKET_NUMBER = /^\d{4}-\d{6}$/;

/**
 * Issue 16: the queue's default order puts the most urgent first: breached (a running clock past its
 * deadline, or a clock paused after it), then at risk, then the rest by earliest deadline, and tickets
 * without a deadline last (oldest first). One numeric key (group × 10¹⁰ + epoch seconds) keeps keyset
 * pagination with a single cursor value; the groups are read as of `now` (the same comparison
 * rules.listSla makes with the stored instants).
 */
function urgencyKey(now: number | undefined): SQL {
  const at = instantOf(now);
  const epoch = (column: SQL) => sql`extract(epoch from ${column})`;
  return sql`(case
    when ${tickets.slaDueAt} is null then ${3 * URGENCY_GROUP}::numeric + ${epoch(sql`${tickets.receivedAt}`)}
    when (${tickets.status} in ('new', 'open') and ${tickets.slaDueAt} < ${at}) or (${tickets.status} = 'waiting' and ${tickets.slaReadAt} > ${tickets.slaDueAt}) then ${epoch(sql`${tickets.slaDueAt}`)}
    when ${tickets.status} in ('new', 'open') and ${tickets.slaAtRiskAt} <= ${at} then ${URGENCY_GROUP}::numeric + ${epoch(sql`${tickets.slaDueAt}`)}
    else ${2 * URGENCY_GROUP}::numeric + ${epoch(sql`${tickets.slaDueAt}`)}
  end)`;
}

function instantOf(now: number | undefined): SQL {
  return now === undefined ? sql`now()` : sql`${new Date(now).toISOString()}::timestamptz`;
}

/**
 * The four groups of {@link urgencyKey} as six conditions, each with its group and the column it is
 * ordered by, written so that PostgreSQL can read each from an index range in order (issue 17: the
 * queue page no longer computes the key for every open ticket and sorts them). Together they hold
 * every ticket exactly once, as the key's CASE sorts it (a comparison with a missing instant is false).
 */
function urgencyBranches(now: number | undefined): { group: number; where: SQL; column: typeof tickets.slaDueAt | typeof tickets.receivedAt }[] {
  const at = instantOf(now);
  const running = sql`${tickets.status} in ('new', 'open')`;
  const due = tickets.slaDueAt;
  return [
    // Breached: a running clock past its deadline, or a clock paused after it.
    { group: 0, where: sql`${running} and ${due} < ${at}`, column: due },
    { group: 0, where: sql`${tickets.status} = 'waiting' and ${tickets.slaReadAt} > ${due}`, column: due },
    // At risk.
    { group: 1, where: sql`${running} and ${due} >= ${at} and ${tickets.slaAtRiskAt} <= ${at}`, column: due },
    // The rest with a deadline.
    { group: 2, where: sql`${running} and ${due} >= ${at} and (${tickets.slaAtRiskAt} is null or ${tickets.slaAtRiskAt} > ${at})`, column: due },
    {
      group: 2,
      where: sql`${due} is not null and ((${tickets.status} = 'waiting' and (${tickets.slaReadAt} is null or ${tickets.slaReadAt} <= ${due})) or ${tickets.status} not in ('new', 'open', 'waiting'))`,
      column: due,
    },
    // No deadline, oldest first.
    { group: 3, where: sql`${due} is null`, column: tickets.receivedAt },
  ];
}

/** A ticket as a list shows it: without its description and search document (the bulk of a row). */
export type TicketListRow = Omit<TicketRow, 'search' | 'description'>;
const { search: _search, description: _description, ...LIST_COLUMNS } = getTableColumns(tickets);

export interface QueueRow {
  ticket: TicketListRow;
  /** The sort key as PostgreSQL prints it, exact to the microsecond, for the next page's cursor. */
  sortKey: string;
  /** The ticket's municipality (its business calendar reads the SLA time left). */
  municipalityCode: string;
  assigneeName: string | null;
}

/**
 * A queue page with keyset pagination and no COUNT over the table: one SQL statement, or two for an
 * agent's search.
 *
 * Why two for a search (issue 4 speed, docs/benchmarks.md): PostgreSQL estimates how many tickets a
 * text query matches from word statistics, and it gets both ends wrong. A word it has no statistics
 * for (a misspelling, a ticket number) is estimated at thousands of matches, so it walks the date
 * index through the whole table looking for them; a phrase ("Teams-möten", "e-post mobilen") is
 * estimated as if its words were independent, so it fetches and sorts tens of thousands of matches.
 * The plan is therefore chosen here: first the newest {@link SEARCH_WINDOW} rows of the queue are
 * filtered (bounded work, enough for any common word); if they do not fill the page, the matches
 * are few, and the second statement takes them from the GIN index and sorts them (the sort key is
 * wrapped so no b-tree index can serve the order).
 */
export async function queue(db: DbOrTx, q: QueueQuery): Promise<QueueRow[]> {
  const term = q.q?.trim();
  // The query as typed, or folded (the search document holds both the text and its folded copy).
  const folded = term ? foldDiacritics(term) : undefined;
  const tsquery = term
    ? folded !== undefined && folded !== term.toLowerCase()
      ? sql`(${searchQuery(term)} || ${searchQuery(folded)})`
      : searchQuery(term)
    : undefined;
  const numbers = term ? numbersEndingIn(term, q.now ?? Date.now()) : [];
  // Agents search the maintained document (notes included); requesters only their own tickets' public
  // text, computed on the fly (few rows), so an internal note never answers a requester's search.
  const staff = q.visibility.all || q.visibility.agentDeskIds.length > 0;
  const filters = and(
    visibleTickets(q.visibility),
    q.deskId ? eq(tickets.deskId, q.deskId) : undefined,
    q.teamId ? eq(tickets.teamId, q.teamId) : undefined,
    q.line ? eq(tickets.line, q.line) : undefined,
    q.statuses?.length ? inArray(tickets.status, q.statuses as TicketRow['status'][]) : undefined,
    q.assigneeUserId === null ? isNull(tickets.assigneeUserId) : q.assigneeUserId ? eq(tickets.assigneeUserId, q.assigneeUserId) : undefined,
    q.requesterUserId ? eq(tickets.requesterUserId, q.requesterUserId) : undefined,
    followUpConditions(q.followUp),
  );
  const key = q.sort === 'urgent' ? urgencyKey(q.now) : q.sort === 'due' ? sql`coalesce(${tickets.slaDueAt}, ${FAR_FUTURE})` : sql`${tickets.receivedAt}`;
  const cmp = q.sort === 'newest' ? sql`<` : sql`>`;
  const cursorKey = q.after ? (q.sort === 'urgent' ? sql`${q.after.key}::numeric` : sql`${q.after.key}::timestamptz`) : undefined;
  const after = q.after ? sql`(${key}, ${tickets.id}) ${cmp} (${cursorKey}, ${q.after.id}::uuid)` : undefined;
  const dir = q.sort === 'newest' ? desc : asc;
  const page = (where: SQL | undefined, orderKey: SQL, limit: number) =>
    db
      .select({ ticket: LIST_COLUMNS, sortKey: sql<string>`${key}::text`, municipalityCode: municipalities.code, assigneeName: users.displayName })
      .from(tickets)
      .innerJoin(municipalities, eq(municipalities.id, tickets.municipalityId))
      .leftJoin(users, eq(users.id, tickets.assigneeUserId))
      .where(where)
      .orderBy(dir(orderKey), dir(tickets.id))
      .limit(limit);

  if (!tsquery && q.sort === 'urgent') return urgentPage(db, q, filters);
  if (!tsquery) return page(and(filters, after), key, q.limit);
  // A whole ticket number is looked up by its unique index.
  if (term && TICKET_NUMBER.test(term)) return page(and(filters, after, eq(tickets.number, term)), key, q.limit);
  const orNumber = (text: SQL, number: typeof tickets.number | SQL) =>
    numbers.length
      ? sql`(${text} or ${number} in (${sql.join(
          numbers.map((n) => sql`${n}`),
          sql`, `,
        )}))`
      : text;
  if (!staff) {
    const ownText = sql`${tickets.number} || ' ' || ${tickets.subject} || ' ' || ${tickets.description}`;
    const own = sql`(to_tsvector('swedish', ${ownText}) || to_tsvector('swedish', ${foldSql(ownText)})) @@ ${tsquery}`;
    return page(and(filters, after, orNumber(own, tickets.number)), key, q.limit);
  }
  const matches = orNumber(sql`${tickets.search} @@ ${tsquery}`, tickets.number);
  // The window is a subquery with its own LIMIT, so PostgreSQL cannot push the text condition into it
  // or turn it into a join: it reads the window's rows in order and tests each one.
  const window = db
    .select({ ...getTableColumns(tickets), sortTs: sql<Date>`${key}`.as('sort_ts'), sortKey: sql<string>`${key}::text`.as('sort_key') })
    .from(tickets)
    .where(and(filters, after))
    .orderBy(dir(key), dir(tickets.id))
    .limit(q.searchWindow ?? SEARCH_WINDOW)
    .as('w');
  const windowColumns = Object.fromEntries(Object.keys(LIST_COLUMNS).map((k) => [k, window[k as keyof typeof LIST_COLUMNS]])) as {
    [K in keyof typeof LIST_COLUMNS]: (typeof window)[K];
  };
  const first = await db
    .select({ ticket: windowColumns, sortKey: window.sortKey, municipalityCode: municipalities.code, assigneeName: users.displayName })
    .from(window)
    .innerJoin(municipalities, eq(municipalities.id, window.municipalityId))
    .leftJoin(users, eq(users.id, window.assigneeUserId))
    .where(orNumber(sql`${window.search} @@ ${tsquery}`, sql`${window.number}`))
    .orderBy(dir(window.sortTs), dir(window.id))
    .limit(q.limit);
  if (first.length >= q.limit) return first;
  return page(and(filters, after, matches), q.sort === 'urgent' ? sql`(${key} + 0)` : sql`(${key} + interval '0 seconds')`, q.limit);
}

/**
 * The `urgent` queue page without a search: each urgency group's first rows by its own index order
 * (at most `limit` each, after the cursor), then the page from those few. The cursor's group is read
 * from its key; groups before it are left out, and within it the index range starts at the cursor's
 * whole second (the exact comparison on the key follows).
 */
async function urgentPage(db: DbOrTx, q: QueueQuery, filters: SQL | undefined): Promise<QueueRow[]> {
  // The service has checked the key (rules.queueCursorKey).
  const read = q.after ? queueCursorKey('urgent', q.after.key) : undefined;
  const cursor = typeof read === 'object' ? read : undefined;
  const cursorGroup = cursor?.group ?? 0;
  const branches = urgencyBranches(q.now).flatMap(({ group, where, column }) => {
    if (group < cursorGroup) return [];
    const sortKey = sql<string>`(${group * URGENCY_GROUP}::numeric + extract(epoch from ${column}))`;
    const afterCursor =
      q.after && cursor && group === cursorGroup
        ? sql`${column} >= to_timestamp(${cursor.second}) and (${sortKey}, ${tickets.id}) > (${q.after.key}::numeric, ${q.after.id}::uuid)`
        : undefined;
    return [
      db
        .select({ id: tickets.id, sortKey: sql<string>`${sortKey}`.as('sort_key') })
        .from(tickets)
        .where(and(filters, where, afterCursor))
        .orderBy(asc(column), asc(tickets.id))
        .limit(q.limit),
    ];
  });
  const [first, ...rest] = branches;
  if (!first) return [];
  const union = rest.length ? rest.reduce<typeof first>((u, b) => u.unionAll(b) as unknown as typeof first, first) : first;
  const top = union.as('top');
  return (
    db
      .select({ ticket: LIST_COLUMNS, sortKey: sql<string>`${top.sortKey}::text`, municipalityCode: municipalities.code, assigneeName: users.displayName })
      .from(top)
      .innerJoin(tickets, eq(tickets.id, top.id))
      .innerJoin(municipalities, eq(municipalities.id, tickets.municipalityId))
      .leftJoin(users, eq(users.id, tickets.assigneeUserId))
      // As a number: the text of the key would sort group 1's "117…" before group 0's "170…".
      .orderBy(sql`${top.sortKey}::numeric`, asc(tickets.id))
      .limit(q.limit)
  );
}

/** The text a ticket is found by: subject (weight A), description and public messages (B), notes (C). */
export async function refreshSearch(tx: DbOrTx, ticketId: string): Promise<void> {
  await tx.execute(sql`
    update ${tickets} t set search =
      setweight(to_tsvector('swedish', coalesce(t.number, '') || ' ' || coalesce(t.subject, '')), 'A') ||
      setweight(to_tsvector('swedish', coalesce(t.description, '') || ' ' || coalesce(t.device, '') || ' ' || coalesce(t.requester_name, '')), 'B') ||
      setweight(to_tsvector('swedish', coalesce((select string_agg(m.body, ' ') from ${ticketMessages} m where m.ticket_id = t.id and m.visibility = 'public'), '')), 'B') ||
      setweight(to_tsvector('swedish', coalesce((select string_agg(m.body, ' ') from ${ticketMessages} m where m.ticket_id = t.id and m.visibility = 'internal'), '')), 'C') ||
      setweight(to_tsvector('swedish', ${foldSql(sql`coalesce(t.subject, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.device, '') || ' ' || coalesce(t.requester_name, '') || ' ' || coalesce((select string_agg(m.body, ' ') from ${ticketMessages} m where m.ticket_id = t.id), '')`)}), 'D')
    where t.id = ${ticketId}`);
}

export interface BreachQuery {
  visibility: TicketVisibility;
  /** Due instants in [from, to). */
  from: Date;
  to: Date;
  intefunktion?: boolean | undefined;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

function breachFilter(q: Omit<BreachQuery, 'after' | 'limit'>): SQL | undefined {
  return and(
    visibleTickets(q.visibility),
    sql`${slaBreaches.dueAt} >= ${q.from.toISOString()}::timestamptz`,
    sql`${slaBreaches.dueAt} < ${q.to.toISOString()}::timestamptz`,
    q.intefunktion === undefined ? undefined : eq(slaBreaches.intefunktion, q.intefunktion),
  );
}

/** Recorded SLA breaches (issue 4: "breaches are recorded for follow-up"), newest deadline first. */
export function breaches(db: DbOrTx, q: BreachQuery) {
  const after = q.after ? sql`(${slaBreaches.dueAt}, ${slaBreaches.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)` : undefined;
  return db
    .select({ breach: slaBreaches, ticket: tickets, reasonByName: users.displayName, sortKey: sql<string>`${slaBreaches.dueAt}::text` })
    .from(slaBreaches)
    .innerJoin(tickets, eq(tickets.id, slaBreaches.ticketId))
    .leftJoin(users, eq(users.id, slaBreaches.reasonByUserId))
    .where(and(breachFilter(q), after))
    .orderBy(desc(slaBreaches.dueAt), desc(slaBreaches.id))
    .limit(q.limit);
}

/** How many breaches the period holds in the actor's view, and how many of them were intefunktion. */
export async function breachTotals(db: DbOrTx, q: Omit<BreachQuery, 'after' | 'limit'>): Promise<{ total: number; intefunktion: number }> {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, intefunktion: sql<number>`(count(*) filter (where ${slaBreaches.intefunktion}))::int` })
    .from(slaBreaches)
    .innerJoin(tickets, eq(tickets.id, slaBreaches.ticketId))
    .where(breachFilter(q));
  return { total: row?.total ?? 0, intefunktion: row?.intefunktion ?? 0 };
}

/** One recorded breach with its ticket, only when the ticket is visible to `v` (else undefined: 404). */
export async function findBreach(db: DbOrTx, id: string, v: TicketVisibility) {
  return (
    await db
      .select({ breach: slaBreaches, ticket: tickets })
      .from(slaBreaches)
      .innerJoin(tickets, eq(tickets.id, slaBreaches.ticketId))
      .where(and(eq(slaBreaches.id, id), visibleTickets(v)))
      .limit(1)
  )[0];
}

/** R-3.4, R-10: records why the deadline was missed, by whom and when; the row as it is now. */
export async function setBreachReason(tx: DbOrTx, id: string, values: { reason: string; reasonByUserId: string; reasonAt: Date }) {
  const [row] = await tx.update(slaBreaches).set(values).where(eq(slaBreaches.id, id)).returning();
  if (!row) throw new Error('update of sla_breaches returned no row');
  return row;
}

// ---------------------------------------------------------------- writes and lookups of the use cases

export type TicketValues = Partial<typeof tickets.$inferInsert>;
export type TicketEventValues = typeof ticketEvents.$inferInsert;

/** The account of a person record, if they have one. */
export async function accountOfPerson(db: DbOrTx, personId: string): Promise<{ id: string } | undefined> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.personId, personId)).limit(1))[0];
}

/** An active account (a candidate assignee). */
export async function activeUser(db: DbOrTx, userId: string) {
  return (
    await db
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.active, true)))
      .limit(1)
  )[0];
}

export async function teamByCode(db: DbOrTx, code: string) {
  return (await db.select().from(teams).where(eq(teams.code, code)).limit(1))[0];
}

export async function insertTicket(tx: DbOrTx, values: typeof tickets.$inferInsert): Promise<TicketRow> {
  const [row] = await tx.insert(tickets).values(values).returning();
  if (!row) throw new Error('insert into tickets returned no row');
  return row;
}

export async function insertEvent(tx: DbOrTx, values: TicketEventValues): Promise<void> {
  await tx.insert(ticketEvents).values(values);
}

/** Updates a ticket only if it is still at `version`; undefined when another writer came first. */
export async function updateTicketAtVersion(tx: DbOrTx, id: string, version: number, values: TicketValues): Promise<TicketRow | undefined> {
  return (
    await tx
      .update(tickets)
      .set(values)
      .where(and(eq(tickets.id, id), eq(tickets.version, version)))
      .returning()
  )[0];
}

/** Adds a message to the conversation; its id. */
export async function insertMessage(tx: DbOrTx, values: typeof ticketMessages.$inferInsert): Promise<string | null> {
  const [message] = await tx.insert(ticketMessages).values(values).returning({ id: ticketMessages.id });
  return message?.id ?? null;
}

/** The SLA instants kept on the row (derived: no version bump). */
export async function setStoredSla(db: DbOrTx, id: string, stored: Pick<TicketValues, 'slaDueAt' | 'slaAtRiskAt' | 'slaReadAt'>): Promise<void> {
  await db.update(tickets).set(stored).where(eq(tickets.id, id));
}

/** A missed SLA, recorded once per ticket and due time. */
export async function recordBreach(db: DbOrTx, values: typeof slaBreaches.$inferInsert): Promise<boolean> {
  return (await db.insert(slaBreaches).values(values).onConflictDoNothing().returning({ id: slaBreaches.id })).length > 0;
}

/** Active tickets whose stored due instant has passed and whose breach of it is not recorded yet. */
export function breachCandidates(db: DbOrTx, now: Date, limit: number) {
  return db
    .select()
    .from(tickets)
    .where(
      and(
        inArray(tickets.status, ['new', 'open', 'waiting']),
        isNotNull(tickets.slaDueAt),
        lt(tickets.slaDueAt, now),
        sql`not exists (select 1 from ${slaBreaches} b where b.ticket_id = ${tickets.id} and b.due_at = ${tickets.slaDueAt})`,
      ),
    )
    .orderBy(asc(tickets.slaDueAt))
    .limit(limit);
}

export async function insertCategories(tx: DbOrTx, values: (typeof ticketCategories.$inferInsert)[]): Promise<void> {
  await tx.insert(ticketCategories).values(values);
}

export async function findAttachment(db: DbOrTx, id: string) {
  return (await db.select().from(ticketAttachments).where(eq(ticketAttachments.id, id)).limit(1))[0];
}

export async function insertAttachment(tx: DbOrTx, values: typeof ticketAttachments.$inferInsert) {
  const [row] = await tx.insert(ticketAttachments).values(values).returning({
    id: ticketAttachments.id,
    filename: ticketAttachments.filename,
    contentType: ticketAttachments.contentType,
    size: ticketAttachments.size,
    internal: ticketAttachments.internal,
    createdAt: ticketAttachments.createdAt,
  });
  if (!row) throw new Error('insert into ticket_attachments returned no row');
  return row;
}

export async function insertTimeEntry(tx: DbOrTx, values: typeof ticketTimeEntries.$inferInsert) {
  const [row] = await tx.insert(ticketTimeEntries).values(values).returning();
  if (!row) throw new Error('insert into ticket_time_entries returned no row');
  return row;
}

export async function insertDesk(tx: DbOrTx, values: typeof desks.$inferInsert) {
  const [row] = await tx.insert(desks).values(values).returning();
  if (!row) throw new Error('insert into desks returned no row');
  return row;
}

export async function insertCategory(tx: DbOrTx, values: typeof ticketCategories.$inferInsert) {
  const [row] = await tx.insert(ticketCategories).values(values).returning();
  if (!row) throw new Error('insert into ticket_categories returned no row');
  return row;
}

/** A category by id, only if it belongs to the desk. */
export async function categoryOfDesk(db: DbOrTx, deskId: string, categoryId: string) {
  return (
    await db
      .select()
      .from(ticketCategories)
      .where(and(eq(ticketCategories.id, categoryId), eq(ticketCategories.deskId, deskId)))
      .limit(1)
  )[0];
}

/** Every category of a desk, inactive ones too, by name. */
export function allCategoriesOfDesk(db: DbOrTx, deskId: string) {
  return db.select().from(ticketCategories).where(eq(ticketCategories.deskId, deskId)).orderBy(asc(ticketCategories.name));
}

/** Adds (member) or removes an explicit agent of a desk. */
export async function setDeskMember(tx: DbOrTx, deskId: string, userId: string, member: boolean): Promise<void> {
  if (member) await tx.insert(deskAgents).values({ deskId, userId }).onConflictDoNothing();
  else await tx.delete(deskAgents).where(and(eq(deskAgents.deskId, deskId), eq(deskAgents.userId, userId)));
}

export async function deskMemberIds(db: DbOrTx, deskId: string): Promise<string[]> {
  return (await db.select({ userId: deskAgents.userId }).from(deskAgents).where(eq(deskAgents.deskId, deskId))).map((m) => m.userId);
}

/** Active accounts that may work a desk: on an IT team for the IT desk (R-1.3), else its members. */
export function activeUsersOfDesk(db: DbOrTx, desk: { isIt: boolean; memberIds: string[] }) {
  const who = desk.isIt ? isNotNull(users.teamId) : desk.memberIds.length ? inArray(users.id, desk.memberIds) : sql`false`;
  return db
    .select()
    .from(users)
    .where(and(eq(users.active, true), who))
    .orderBy(asc(users.displayName));
}

// ---------------------------------------------------------------- one ticket, read in one statement

/** Who reads a ticket: what decides whether they see it and whether they act on it as its agent. */
export interface TicketReader {
  userId: string;
  /** Municipality scope (undefined: both). */
  municipalityId: string | undefined;
  /** Sees every ticket in the scope (administrators, IT management). */
  all: boolean;
  /** Holds the agent role. */
  agentRole: boolean;
  /** Works on an IT team (and so in the IT desk, R-1.3). */
  onTeam: boolean;
}

const ph = (name: keyof TicketReader | 'id') => sql.placeholder(name);
/** An agent of the ticket's desk: the visibility rule of visibleTickets, as SQL over the reader's placeholders. */
const readerIsAgent = sql`(${ph('all')}::boolean or (${ph('agentRole')}::boolean and ((${ph('onTeam')}::boolean and ${desks.isIt}) or exists (select 1 from ${deskAgents} da where da.desk_id = ${tickets.deskId} and da.user_id = ${ph('userId')}::uuid))))`;
const inReaderScope = sql`(${ph('municipalityId')}::uuid is null or ${tickets.municipalityId} = ${ph('municipalityId')}::uuid)`;

function ticketReadQuery(db: DbOrTx, name: string) {
  const id = sql`${tickets.id}`;
  return db
    .select({
      ticket: tickets,
      agent: sql<boolean>`${readerIsAgent}`.mapWith(Boolean),
      municipalityCode: municipalities.code,
      category: ticketCategories,
      history: jsonRows(ticketEvents, 'e', sql`e.ticket_id = ${id}`, sql`e.at, e.id`),
      messages: jsonRows(ticketMessages, 'm', sql`m.ticket_id = ${id} and (m.visibility = 'public' or ${readerIsAgent})`, sql`m.created_at, m.id`),
      attachments: jsonRows(ticketAttachments, 'a', sql`a.ticket_id = ${id} and (not a.internal or ${readerIsAgent})`, sql`a.created_at`, [
        'id',
        'filename',
        'contentType',
        'size',
        'internal',
        'createdAt',
      ]),
      timeEntries: jsonRows(ticketTimeEntries, 'w', sql`w.ticket_id = ${id} and ${readerIsAgent}`, sql`w.started_at`),
      // R-3.3: the technician and how to reach them: the account's e-mail, else their person record's.
      assignee: sql<unknown>`(select json_build_object('id', u.id, 'displayName', u.display_name, 'email', coalesce(u.email, p.email), 'phone', p.phone) from ${users} u left join ${people} p on p.id = u.person_id where u.id = ${tickets.assigneeUserId})`,
      unit: sql<unknown>`(select json_build_object('id', un.id, 'code', un.code, 'name', un.name, 'municipalityId', un.municipality_id, 'active', un.active) from ${units} un where un.id = ${tickets.unitId})`,
      // R-3.4, R-10: the deadlines it missed with the recorded reason and who gave it (its agents only).
      breaches: sql<unknown>`(select coalesce(json_agg(json_build_object('id', b.id, 'dueAt', b.due_at, 'recordedAt', b.recorded_at, 'intefunktion', b.intefunktion, 'reason', b.reason, 'reasonAt', b.reason_at, 'reasonByName', ru.display_name) order by b.due_at, b.id), '[]'::json) from ${slaBreaches} b left join ${users} ru on ru.id = b.reason_by_user_id where b.ticket_id = ${tickets.id} and ${readerIsAgent})`,
    })
    .from(tickets)
    .innerJoin(municipalities, eq(municipalities.id, tickets.municipalityId))
    .innerJoin(desks, eq(desks.id, tickets.deskId))
    .leftJoin(ticketCategories, eq(ticketCategories.id, tickets.categoryId))
    .where(
      and(
        eq(tickets.id, sql`${ph('id')}::uuid`),
        sql`((${ph('all')}::boolean and ${inReaderScope}) or (not ${ph('all')}::boolean and (${tickets.requesterUserId} = ${ph('userId')}::uuid or (${readerIsAgent} and ${inReaderScope}))))`,
      ),
    )
    .limit(1)
    .prepare(name);
}

/**
 * A ticket the reader may see, with everything its page shows, in one prepared statement (issue 17):
 * its history, the conversation and attachments (internal ones only for its agents), time worked
 * (agents), the assignee's contact, its unit, its category and its municipality's code.
 */
export async function ticketForReading(db: DbOrTx, id: string, reader: TicketReader) {
  const [row] = await preparedStatement(db, 'ticket_read', ticketReadQuery).execute({ id, ...reader, municipalityId: reader.municipalityId ?? null });
  if (!row) return undefined;
  const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as T));
  const assignee = json<{ id: string; displayName: string; email: string | null; phone: string | null }>(row.assignee);
  const unit = json<{ id: string; code: string; name: string; municipalityId: string; active: boolean }>(row.unit);
  const breachRows = json<TicketBreachRow<string>[]>(row.breaches) ?? [];
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    ticket: row.ticket,
    agent: row.agent,
    municipalityCode: row.municipalityCode,
    category: row.category ?? undefined,
    history: fromJsonRows(ticketEvents, row.history),
    messages: fromJsonRows(ticketMessages, row.messages),
    attachments: fromJsonRows(ticketAttachments, row.attachments) as {
      id: string;
      filename: string;
      contentType: string;
      size: number;
      internal: boolean;
      createdAt: Date;
    }[],
    timeEntries: fromJsonRows(ticketTimeEntries, row.timeEntries),
    assignee: assignee ?? undefined,
    unit: unit ?? undefined,
    breaches: breachRows.map((b): TicketBreachRow => ({ ...b, dueAt: new Date(b.dueAt), recordedAt: new Date(b.recordedAt), reasonAt: date(b.reasonAt) })),
  };
}

/** A missed deadline as the ticket read carries it (timestamps as `T`: JSON text, then Date). */
export interface TicketBreachRow<T = Date> {
  id: string;
  dueAt: T;
  recordedAt: T;
  intefunktion: boolean;
  reason: string | null;
  reasonAt: T | null;
  reasonByName: string | null;
}
