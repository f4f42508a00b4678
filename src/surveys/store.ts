import { and, desc, eq, gte, isNotNull, isNull, lt, max, or, sql, type SQL } from 'drizzle-orm';
import { teams, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { desks, tickets } from '../tickets/schema.ts';
import type { SurveyDelivery } from './rules.ts';
import { surveys } from './schema.ts';

export type SurveyRow = typeof surveys.$inferSelect;

/** Whether the ticket belongs to the IT unit's desk (R-3.7 asks about IT; department desks are not surveyed). */
export async function isItDeskTicket(db: DbOrTx, ticketId: string): Promise<boolean> {
  const rows = await db.select({ isIt: desks.isIt }).from(tickets).innerJoin(desks, eq(desks.id, tickets.deskId)).where(eq(tickets.id, ticketId)).limit(1);
  return rows[0]?.isIt === true;
}

/**
 * Completes a requester key so the person limit recognises one person however they reached IT: the
 * account's e-mail when only the account is known, the account when only its e-mail is known.
 */
export async function resolvePerson(
  db: DbOrTx,
  key: { userId: string | null; email: string | null },
): Promise<{ userId: string | null; email: string | null }> {
  if (key.userId && key.email) return key;
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(key.userId ? eq(users.id, key.userId) : sql`lower(${users.email}) = ${key.email}`)
    .limit(2);
  // An e-mail shared by two accounts identifies neither.
  const user = rows.length === 1 ? rows[0] : undefined;
  if (!user) return key;
  return { userId: key.userId ?? user.id, email: key.email ?? user.email?.trim().toLowerCase() ?? null };
}

/** The latest survey sent to this person (by account or by e-mail), for the per-person limit. */
export async function lastSurveyedAt(db: DbOrTx, key: { userId: string | null; email: string | null }): Promise<Date | null> {
  const who = or(key.userId ? eq(surveys.requesterUserId, key.userId) : undefined, key.email ? eq(surveys.requesterEmail, key.email) : undefined);
  const rows = await db
    .select({ at: max(surveys.sampledAt) })
    .from(surveys)
    .where(who);
  return rows[0]?.at ?? null;
}

export async function surveyForTicket(db: DbOrTx, ticketId: string): Promise<SurveyRow | undefined> {
  return (await db.select().from(surveys).where(eq(surveys.ticketId, ticketId)).limit(1))[0];
}

/** A survey with the ticket's number and subject (the public page shows them). */
export async function surveyWithTicket(db: DbOrTx, id: string, lock = false) {
  const q = db
    .select({ survey: surveys, ticketNumber: tickets.number, subject: tickets.subject })
    .from(surveys)
    .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
    .where(eq(surveys.id, id))
    .limit(1);
  return (await (lock ? q.for('update', { of: surveys }) : q))[0];
}

/** Records the answer unless one is there already; false when someone answered first. */
export async function recordAnswer(db: DbOrTx, id: string, answer: { answers: Record<string, number>; comment: string | null; at: Date }): Promise<boolean> {
  const rows = await db
    .update(surveys)
    .set({ answers: answer.answers, comment: answer.comment, answeredAt: answer.at, version: sql`${surveys.version} + 1` })
    .where(and(eq(surveys.id, id), isNull(surveys.answeredAt)))
    .returning({ id: surveys.id });
  return rows.length === 1;
}

export interface SurveyListQuery {
  /** Municipality filter (undefined = both). */
  municipalityId: string | undefined;
  /** Sent at or after this instant. */
  from?: Date | undefined;
  /** Sent before this instant. */
  to?: Date | undefined;
  answeredOnly: boolean;
  limit: number;
}

function listWhere(q: Omit<SurveyListQuery, 'limit' | 'answeredOnly'> & { answeredOnly?: boolean }): SQL | undefined {
  return and(
    q.municipalityId === undefined ? undefined : eq(surveys.municipalityId, q.municipalityId),
    q.from ? gte(surveys.sampledAt, q.from) : undefined,
    q.to ? lt(surveys.sampledAt, q.to) : undefined,
    q.answeredOnly ? isNotNull(surveys.answeredAt) : undefined,
  );
}

/** Surveys with the ticket's number, the team and line that solved it, newest first. */
export async function listSurveys(db: DbOrTx, q: SurveyListQuery) {
  return db
    .select({
      survey: surveys,
      ticketNumber: tickets.number,
      subject: tickets.subject,
      closedAt: tickets.closedAt,
      line: sql<number>`coalesce(${tickets.solvedLine}, ${tickets.line})`,
      teamId: teams.id,
      teamName: teams.name,
    })
    .from(surveys)
    .innerJoin(tickets, eq(tickets.id, surveys.ticketId))
    .leftJoin(teams, sql`${teams.id} = coalesce(${tickets.solvedTeamId}, ${tickets.teamId})`)
    .where(listWhere(q))
    .orderBy(desc(surveys.sampledAt), desc(surveys.id))
    .limit(q.limit);
}

/** What the summary needs of every survey in the period. */
export async function summaryRows(db: DbOrTx, q: Omit<SurveyListQuery, 'limit' | 'answeredOnly'>) {
  // Issue 16: what became of each survey's mail (rules.SurveyDelivery), from the outbox.
  const delivery = sql<SurveyDelivery>`coalesce((select case when bool_or(o.sent_at is not null) then 'sent' when bool_or(o.failed_at is null) then 'pending' else 'failed' end
    from mail_outbox o where o.kind = 'survey' and o.params->>'surveyId' = "surveys"."id"::text), 'none')`;
  return db.select({ answeredAt: surveys.answeredAt, answers: surveys.answers, form: surveys.form, delivery }).from(surveys).where(listWhere(q));
}

/**
 * Serialises survey draws for one person until the transaction ends: two closings for the same person
 * at once must not both slip under the limit.
 */
export async function lockPersonForSurvey(tx: DbOrTx, personKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7253005, hashtext(${personKey}))`);
}

/** Inserts the ticket's survey unless it has one; answers the new survey's id. */
export async function insertSurvey(tx: DbOrTx, values: typeof surveys.$inferInsert): Promise<string | undefined> {
  const [row] = await tx.insert(surveys).values(values).onConflictDoNothing({ target: surveys.ticketId }).returning({ id: surveys.id });
  return row?.id;
}
