import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { municipalities, people, users } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { mailOutbox } from '../platform/mail/schema.ts';
import { ticketAttachments, ticketMessages, tickets } from '../tickets/schema.ts';
import { mailInbound, mailQuarantine } from './schema.ts';

export type TicketRow = typeof tickets.$inferSelect;

// ---------------------------------------------------------------- mail in (ingest.ts)

/** The ledger row of a Message-ID already taken in, if any. */
export async function findInbound(db: DbOrTx, messageId: string): Promise<{ ticketId: string | null } | undefined> {
  return (await db.select({ ticketId: mailInbound.ticketId }).from(mailInbound).where(eq(mailInbound.messageId, messageId)).limit(1))[0];
}

/** The ledger row of a mail that changes nothing (automatic): a concurrent delivery is not an error. */
export async function recordInboundOnce(db: DbOrTx, row: typeof mailInbound.$inferInsert): Promise<void> {
  await db.insert(mailInbound).values(row).onConflictDoNothing();
}

/** The ledger row; a concurrent delivery of the same Message-ID makes this fail and roll back. */
export async function claimInbound(tx: DbOrTx, row: typeof mailInbound.$inferInsert): Promise<void> {
  await tx.insert(mailInbound).values(row);
}

/** Keeps an unreadable mail for an administrator; answers the quarantine row's id. */
export async function insertQuarantined(tx: DbOrTx, values: typeof mailQuarantine.$inferInsert): Promise<string | undefined> {
  const [row] = await tx.insert(mailQuarantine).values(values).returning({ id: mailQuarantine.id });
  return row?.id;
}

/** The ticket row locked for the rest of the transaction. */
export async function lockTicket(tx: DbOrTx, id: string): Promise<TicketRow | undefined> {
  return (await tx.select().from(tickets).where(eq(tickets.id, id)).for('update'))[0];
}

export async function ticketByNumber(db: DbOrTx, number: string): Promise<TicketRow | undefined> {
  return (await db.select().from(tickets).where(eq(tickets.number, number)).limit(1))[0];
}

export function ticketsByIds(db: DbOrTx, ids: string[]): Promise<TicketRow[]> {
  return db.select().from(tickets).where(inArray(tickets.id, ids));
}

/** The tickets of the outbox rows `ids` (mails Samdesk sent). */
export function outboxTicketIds(db: DbOrTx, ids: string[]) {
  return db.select({ t: mailOutbox.ticketId }).from(mailOutbox).where(inArray(mailOutbox.id, ids));
}

/** The tickets of the mails taken in with these Message-IDs. */
export function inboundTicketIds(db: DbOrTx, messageIds: string[]) {
  return db.select({ t: mailInbound.ticketId }).from(mailInbound).where(inArray(mailInbound.messageId, messageIds));
}

/** Everyone who wrote a message in the ticket (null: a message without an account). */
export function ticketAuthorIds(db: DbOrTx, ticketId: string) {
  return db.selectDistinct({ id: ticketMessages.authorUserId }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId));
}

/** The lower-case From addresses of the mails that became the ticket or a reply in it. */
export function ticketMailSenders(db: DbOrTx, ticketId: string) {
  return db
    .selectDistinct({ address: sql<string>`lower(${mailInbound.fromAddress})` })
    .from(mailInbound)
    .where(and(eq(mailInbound.ticketId, ticketId), inArray(mailInbound.outcome, ['ticket', 'reply'])));
}

/** The active account with this (lower-case) e-mail address. */
export async function activeUserByEmail(db: DbOrTx, lowerEmail: string) {
  return (
    await db
      .select()
      .from(users)
      .where(and(sql`lower(${users.email}) = ${lowerEmail}`, eq(users.active, true)))
      .limit(1)
  )[0];
}

/** The person records with this (lower-case) e-mail address. */
export function peopleByEmail(db: DbOrTx, lowerEmail: string) {
  return db
    .select({ id: people.id, municipalityId: people.municipalityId })
    .from(people)
    .where(sql`lower(${people.email}) = ${lowerEmail}`);
}

/** One person record with this (lower-case) e-mail address. */
export async function personByEmail(db: DbOrTx, lowerEmail: string) {
  return (
    await db
      .select({ id: people.id, municipalityId: people.municipalityId })
      .from(people)
      .where(sql`lower(${people.email}) = ${lowerEmail}`)
      .limit(1)
  )[0];
}

/** The municipality with the most people whose address is at `domain`. */
export async function municipalityByEmailDomain(db: DbOrTx, domain: string): Promise<string | undefined> {
  const [byDomain] = await db
    .select({ m: people.municipalityId, n: sql<number>`count(*)::int` })
    .from(people)
    .where(sql`lower(${people.email}) like ${`%@${domain}`}`)
    .groupBy(people.municipalityId)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  return byDomain?.m;
}

/** The first municipality by code. */
export async function firstMunicipalityId(db: DbOrTx): Promise<string | undefined> {
  const [first] = await db.select({ id: municipalities.id }).from(municipalities).orderBy(municipalities.code).limit(1);
  return first?.id;
}

/** The account with exactly this username. */
export async function userNamed(db: DbOrTx, username: string) {
  return (await db.select().from(users).where(eq(users.username, username)).limit(1))[0];
}

/** Creates an account unless one with its username exists. */
export async function insertUserOnce(db: DbOrTx, values: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(values).onConflictDoNothing();
}

export async function insertTicketMessage(tx: DbOrTx, values: typeof ticketMessages.$inferInsert): Promise<void> {
  await tx.insert(ticketMessages).values(values);
}

export async function insertTicketAttachment(tx: DbOrTx, values: typeof ticketAttachments.$inferInsert): Promise<void> {
  await tx.insert(ticketAttachments).values(values);
}

// ---------------------------------------------------------------- mail out (outbox.ts)

/** Up to 50 outbox rows due at `now`, oldest first, with their tickets; locked, skipping rows another node holds. */
export function dueMail(db: DbOrTx, now: Date) {
  return (
    db
      .select({ m: mailOutbox, ticket: tickets })
      .from(mailOutbox)
      // A prepared mail has no ticket (issue 18); a ticket's mail whose ticket is gone is not sent.
      .leftJoin(tickets, eq(tickets.id, mailOutbox.ticketId))
      .where(
        and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt), lte(mailOutbox.sendAfter, now), or(eq(mailOutbox.kind, 'prepared'), isNotNull(tickets.id))),
      )
      .orderBy(asc(mailOutbox.sendAfter))
      .limit(50)
      .for('update', { of: mailOutbox, skipLocked: true })
  );
}

export async function findTicketMessage(db: DbOrTx, id: string) {
  return (await db.select().from(ticketMessages).where(eq(ticketMessages.id, id)).limit(1))[0];
}

/** Records a sent mail with what was sent. */
export async function markMailSent(db: DbOrTx, id: string, values: { sentAt: Date; attempts: number; subject: string; textBody: string }): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ sentAt: values.sentAt, attempts: values.attempts, lastError: null, subject: values.subject, textBody: values.textBody })
    .where(eq(mailOutbox.id, id));
}

/** Records a failed attempt: when to try again, or `failedAt` when given up. */
export async function markMailFailed(
  db: DbOrTx,
  id: string,
  values: { attempts: number; lastError: string; sendAfter: Date; failedAt: Date | null },
): Promise<void> {
  await db.update(mailOutbox).set(values).where(eq(mailOutbox.id, id));
}

// ---------------------------------------------------------------- quarantine (routes.ts)

/** The kept mail, newest first (at most 200); `all` includes the resolved ones. */
export function listQuarantined(db: DbOrTx, all: boolean) {
  return db
    .select({
      id: mailQuarantine.id,
      receivedAt: mailQuarantine.receivedAt,
      envelopeFrom: mailQuarantine.envelopeFrom,
      envelopeTo: mailQuarantine.envelopeTo,
      reason: mailQuarantine.reason,
      size: mailQuarantine.size,
      resolvedAt: mailQuarantine.resolvedAt,
    })
    .from(mailQuarantine)
    .where(all ? undefined : isNull(mailQuarantine.resolvedAt))
    .orderBy(desc(mailQuarantine.receivedAt))
    .limit(200);
}

export async function findQuarantined(db: DbOrTx, id: string) {
  return (await db.select().from(mailQuarantine).where(eq(mailQuarantine.id, id)).limit(1))[0];
}

/** Marks an unresolved kept mail resolved; false when there is none by that id. */
export async function resolveQuarantined(tx: DbOrTx, id: string, at: Date): Promise<boolean> {
  const [row] = await tx
    .update(mailQuarantine)
    .set({ resolvedAt: at })
    .where(and(eq(mailQuarantine.id, id), isNull(mailQuarantine.resolvedAt)))
    .returning({ id: mailQuarantine.id });
  return row !== undefined;
}
