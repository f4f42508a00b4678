import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rows } from '../billing/store.ts';
import { users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { desks, ticketCategories } from '../tickets/schema.ts';
import { followUpSnapshots } from './schema.ts';
import type { ReportFacts, SolvedCount } from './report-rules.ts';

/**
 * R-10: what the follow-up counts, as aggregates in SQL — one statement per kind of figure, grouped
 * so the rules (`report-rules.ts`) get counts, never rows, except for the short lists the report
 * shows (intefunktion misses, survey comments). Instants are [start, end) half-open; dates local.
 */

export interface Scope {
  municipalityIds: readonly string[];
  /** The IT unit's desk; null (no IT desk) counts no tickets. */
  deskId: string | null;
}
export interface Span {
  start: Date;
  end: Date;
}

const ids = (list: readonly string[]) =>
  list.length === 0
    ? sql`(null::uuid)`
    : sql`(${sql.join(
        list.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`;
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function ticketScope(s: Scope): SQL {
  return sql`t.municipality_id in ${ids(s.municipalityIds)} and t.desk_id = ${s.deskId ?? '00000000-0000-0000-0000-000000000000'}::uuid`;
}

/** Solved tickets per bucket (the spans in order), category, solving line, intefunktion and SLA result. */
export async function solvedCounts(db: DbOrTx, scope: Scope, spans: readonly Span[]): Promise<SolvedCount[]> {
  if (spans.length === 0) return [];
  const buckets = sql.join(
    spans.map((s, i) => sql`(${i}::int, ${ts(s.start)}, ${ts(s.end)})`),
    sql`, `,
  );
  const out = await rows<{ bucket: number; category_id: string | null; solved_line: number; intefunktion: boolean; met: boolean | null; n: number }>(
    db,
    sql`select b.i as bucket, t.category_id, t.solved_line, t.intefunktion is not null as intefunktion,
               case when t.sla_due_at is null then null else t.solved_at <= t.sla_due_at end as met, count(*)::int as n
          from (values ${buckets}) as b(i, s, e)
          join tickets t on t.solved_at >= b.s and t.solved_at < b.e
         where ${ticketScope(scope)}
         group by 1, 2, 3, 4, 5`,
  );
  return out.map((r) => ({ bucket: r.bucket, categoryId: r.category_id, solvedLine: r.solved_line, intefunktion: r.intefunktion, met: r.met, n: r.n }));
}

/** SLA breaches recorded with a deadline in the span, by category and the ticket's line. */
export async function breachCounts(db: DbOrTx, scope: Scope, span: Span): Promise<ReportFacts['breaches']> {
  const out = await rows<{ category_id: string | null; line: number; n: number }>(
    db,
    sql`select t.category_id, coalesce(t.solved_line, t.line) as line, count(*)::int as n
          from sla_breaches b join tickets t on t.id = b.ticket_id
         where b.due_at >= ${ts(span.start)} and b.due_at < ${ts(span.end)} and ${ticketScope(scope)}
         group by 1, 2`,
  );
  return out.map((r) => ({ categoryId: r.category_id, line: r.line, n: r.n }));
}

/** Intefunktion tickets solved in the span after their deadline, with the reason given on the breach. */
export async function intefunktionMisses(
  db: DbOrTx,
  scope: Scope,
  span: Span,
  timeZone: string,
): Promise<{ ticketId: string; number: string; subject: string; intefunktion: string; receivedAt: string; solvedAt: string; reason: string | null }[]> {
  const out = await rows<{ id: string; number: string; subject: string; intefunktion: string; received: string; solved: string; reason: string | null }>(
    db,
    sql`select t.id, t.number, t.subject, t.intefunktion,
               to_char(t.received_at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as received,
               to_char(t.solved_at at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI') as solved,
               (select b.reason from sla_breaches b where b.ticket_id = t.id and b.reason is not null order by b.due_at desc limit 1) as reason
          from tickets t
         where t.solved_at >= ${ts(span.start)} and t.solved_at < ${ts(span.end)} and t.intefunktion is not null
           and t.sla_due_at is not null and t.solved_at > t.sla_due_at and ${ticketScope(scope)}
         order by t.solved_at, t.number`,
  );
  return out.map((r) => ({
    ticketId: r.id,
    number: r.number,
    subject: r.subject,
    intefunktion: r.intefunktion,
    receivedAt: r.received,
    solvedAt: r.solved,
    reason: r.reason,
  }));
}

/** Tickets received in the span by category, channel and line. */
export async function receivedCounts(db: DbOrTx, scope: Scope, span: Span): Promise<ReportFacts['received']> {
  const out = await rows<{ category_id: string | null; channel: string; line: number; n: number }>(
    db,
    sql`select t.category_id, t.channel, t.line, count(*)::int as n from tickets t
         where t.received_at >= ${ts(span.start)} and t.received_at < ${ts(span.end)} and ${ticketScope(scope)}
         group by 1, 2, 3`,
  );
  return out.map((r) => ({ categoryId: r.category_id, channel: r.channel, line: r.line, n: r.n }));
}

/** R-3.6: the IT desk's on-call tickets received in the span, the on-call time started in it on its tickets, and what approved runs billed for that time. */
export async function onCallFigures(db: DbOrTx, scope: Scope, span: Span): Promise<ReportFacts['onCall']> {
  const [r] = await rows<{ tickets: number; minutes: number; billable: number; billed: string | number }>(
    db,
    sql`select
          (select count(*)::int from tickets t where t.on_call and t.received_at >= ${ts(span.start)} and t.received_at < ${ts(span.end)} and ${ticketScope(scope)}) as tickets,
          coalesce(sum(e.minutes), 0)::int as minutes,
          coalesce(sum(e.billable_minutes), 0)::int as billable,
          coalesce((select sum(l.amount_ore) from billing_lines l join billing_runs r on r.id = l.run_id
                     where r.status = 'approved' and l.source = 'on_call'
                       and l.subject_id in (select e2.id from ticket_time_entries e2 join tickets t on t.id = e2.ticket_id
                                             where e2.on_call and e2.started_at >= ${ts(span.start)} and e2.started_at < ${ts(span.end)}
                                               and ${ticketScope(scope)})), 0)::bigint as billed
        from ticket_time_entries e join tickets t on t.id = e.ticket_id
       where e.on_call and e.started_at >= ${ts(span.start)} and e.started_at < ${ts(span.end)} and ${ticketScope(scope)}`,
  );
  return { tickets: r?.tickets ?? 0, minutes: r?.minutes ?? 0, billableMinutes: r?.billable ?? 0, billedOre: Number(r?.billed ?? 0) };
}

/** R-3.7: surveys sent in the span, the answers per question and step, and the comments (newest first). */
export async function surveyFigures(db: DbOrTx, municipalityIds: readonly string[], span: Span, timeZone: string): Promise<ReportFacts['surveys']> {
  const where = sql`s.sampled_at >= ${ts(span.start)} and s.sampled_at < ${ts(span.end)} and s.municipality_id in ${ids(municipalityIds)}`;
  const [counts, answers, comments] = await Promise.all([
    rows<{ sent: number; answered: number }>(db, sql`select count(*)::int as sent, count(s.answered_at)::int as answered from surveys s where ${where}`),
    rows<{ question: string; value: number; n: number }>(
      db,
      sql`select a.key as question, (a.value #>> '{}')::int as value, count(*)::int as n
            from surveys s cross join lateral jsonb_each(s.answers) a
           where ${where} and s.answers is not null
           group by 1, 2`,
    ),
    rows<{ answered: string; number: string; comment: string }>(
      db,
      sql`select to_char(s.answered_at at time zone ${timeZone}, 'YYYY-MM-DD') as answered, t.number, s.comment
            from surveys s join tickets t on t.id = s.ticket_id
           where ${where} and s.comment is not null and btrim(s.comment) <> ''
           order by s.answered_at desc, t.number`,
    ),
  ]);
  return {
    sent: counts[0]?.sent ?? 0,
    answered: counts[0]?.answered ?? 0,
    answers: answers.map((a) => ({ question: a.question, value: a.value, n: a.n })),
    comments: comments.map((c) => ({ answeredAt: c.answered, ticketNumber: c.number, text: c.comment })),
  };
}

/** Order lines delivered between two local dates (inclusive). */
export async function deliveredOrderLines(db: DbOrTx, municipalityIds: readonly string[], from: string, to: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from order_lines l where l.delivered_on between ${from}::date and ${to}::date and l.municipality_id in ${ids(municipalityIds)}`,
  );
  return r?.n ?? 0;
}

/** Equipment in use today that was handed out by `to`, and how much of it is due for renewal by then. */
export async function assetFigures(db: DbOrTx, municipalityIds: readonly string[], to: string): Promise<ReportFacts['assets']> {
  const [r] = await rows<{ in_use: number; due: number }>(
    db,
    sql`select count(*)::int as in_use, count(*) filter (where a.renewal_on <= ${to}::date)::int as due
          from assets a where a.status = 'active' and a.delivered_on <= ${to}::date and a.municipality_id in ${ids(municipalityIds)}`,
  );
  return { inUse: r?.in_use ?? 0, dueForRenewal: r?.due ?? 0 };
}

/** What approved billing runs invoiced per municipality and bucket of months ("YYYY-MM", inclusive). */
export async function invoiced(
  db: DbOrTx,
  municipalityIds: readonly string[],
  buckets: readonly { from: string; to: string }[],
): Promise<{ bucket: number; municipalityId: string; ore: number }[]> {
  if (buckets.length === 0) return [];
  const values = sql.join(
    buckets.map((b, i) => sql`(${i}::int, ${b.from}::text, ${b.to}::text)`),
    sql`, `,
  );
  const out = await rows<{ bucket: number; municipality_id: string; ore: string | number }>(
    db,
    sql`select b.i as bucket, r.municipality_id, sum(r.total_ore)::bigint as ore
          from (values ${values}) as b(i, f, t)
          join billing_runs r on r.run_month between b.f and b.t
         where r.status = 'approved' and r.municipality_id in ${ids(municipalityIds)}
         group by 1, 2`,
  );
  return out.map((r) => ({ bucket: r.bucket, municipalityId: r.municipality_id, ore: Number(r.ore) }));
}

// ---------------------------------------------------------------- the IT desk and its categories

/** The IT unit's desk (R-10 follows the IT mission), or null when none is set up. */
export async function itDeskId(db: DbOrTx): Promise<string | null> {
  const [d] = await db.select({ id: desks.id }).from(desks).where(eq(desks.isIt, true)).orderBy(asc(desks.createdAt)).limit(1);
  return d?.id ?? null;
}

/** Every category's name, retired ones included (a ticket keeps its category). */
export async function categoryNames(db: DbOrTx): Promise<Map<string, string>> {
  const out = await db.select({ id: ticketCategories.id, name: ticketCategories.name }).from(ticketCategories);
  return new Map(out.map((c) => [c.id, c.name]));
}

// ---------------------------------------------------------------- snapshots (reports as sent)

export type SnapshotRow = typeof followUpSnapshots.$inferSelect & { sentByName: string };

const snapshotColumns = {
  id: followUpSnapshots.id,
  year: followUpSnapshots.year,
  periodKey: followUpSnapshots.periodKey,
  periodLabel: followUpSnapshots.periodLabel,
  municipalityId: followUpSnapshots.municipalityId,
  report: followUpSnapshots.report,
  note: followUpSnapshots.note,
  sentAt: followUpSnapshots.sentAt,
  sentByUserId: followUpSnapshots.sentByUserId,
  sentByName: users.displayName,
};

export async function insertSnapshot(db: DbOrTx, row: typeof followUpSnapshots.$inferInsert): Promise<string> {
  const [r] = await db.insert(followUpSnapshots).values(row).returning({ id: followUpSnapshots.id });
  if (!r) throw new Error('insert returned no row');
  return r.id;
}

/** The sendings of one period's report for one municipality (null: both), newest first. */
export function snapshotsOf(db: DbOrTx, periodKey: string, municipalityId: string | null): Promise<SnapshotRow[]> {
  return db
    .select(snapshotColumns)
    .from(followUpSnapshots)
    .innerJoin(users, eq(users.id, followUpSnapshots.sentByUserId))
    .where(
      and(
        eq(followUpSnapshots.periodKey, periodKey),
        municipalityId === null ? isNull(followUpSnapshots.municipalityId) : eq(followUpSnapshots.municipalityId, municipalityId),
      ),
    )
    .orderBy(desc(followUpSnapshots.sentAt));
}

export async function snapshotById(db: DbOrTx, id: string): Promise<SnapshotRow | undefined> {
  const [r] = await db
    .select(snapshotColumns)
    .from(followUpSnapshots)
    .innerJoin(users, eq(users.id, followUpSnapshots.sentByUserId))
    .where(eq(followUpSnapshots.id, id));
  return r;
}
