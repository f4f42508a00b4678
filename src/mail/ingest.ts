import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { actorFromUser } from '../org/sessions.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { AppConfig } from '../platform/config.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { attachmentProblems, statusAfterRequesterReply } from '../tickets/rules.ts';
import { applyChangeIn, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, insertPreparedTicket, prepareTicket } from '../tickets/service.ts';
import * as ticketStore from '../tickets/store.ts';
import {
  automaticReason,
  cleanSubject,
  dmarcPassed,
  referencedIds,
  replyText,
  threadDecision,
  threadHints,
  type MailSender,
  type ThreadDecision,
} from './rules.ts';
import * as store from './store.ts';
import type { TicketRow } from './store.ts';
import { validTicketToken } from './token.ts';

/**
 * Mail to ticket (issue 5, R-3.1): a new mail becomes a ticket for the sender's person record (or an
 * unknown-sender ticket for an agent to link); a reply threads into its ticket by its unguessable
 * token (reply tag or plus-address) or by In-Reply-To/References naming a mail Samdesk sent or took
 * in — never by the ticket number alone, and only when its sender may write in that ticket (issue 16,
 * rules.threadDecision: its requester, a participant or an agent of its desk, of its municipality).
 * With MAIL_REQUIRE_DMARC a From address counts as an account or person only after DMARC passed. The ledger row of the Message-ID is written in the same
 * transaction as the ticket or reply, so a redelivered mail changes nothing; an error before commit
 * is thrown to the listener, which answers "try again later" (4xx) so nothing is lost.
 */
export interface InboundContext {
  db: Db;
  secret: string;
  mail: AppConfig['mail'];
}

export interface Envelope {
  from: string | null;
  to: readonly string[];
}

export interface IngestResult {
  outcome: 'ticket' | 'reply' | 'automatic' | 'quarantined' | 'duplicate';
  ticketId?: string | undefined;
  reason?: string | undefined;
}

/** Deepest MIME nesting accepted; deeper mail is kept for an administrator (a parser bomb otherwise). */
export const MAX_MIME_DEPTH = 20;
/** Attachments kept per mail (inline images included); the rest are named in the message. */
export const MAX_MAIL_ATTACHMENTS = 10;
const SYSTEM_USERNAME = 'system.epost';

export async function ingestMail(ctx: InboundContext, raw: Buffer, envelope: Envelope): Promise<IngestResult> {
  const depth = mimeDepth(raw);
  if (depth > MAX_MIME_DEPTH) return quarantine(ctx.db, raw, envelope, `MIME parts nested ${depth} deep (at most ${MAX_MIME_DEPTH})`);
  let parsed: ParsedMail;
  try {
    // Text only from a real text part: HTML is turned into text here, through sanitize-html.
    parsed = await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (e) {
    return quarantine(ctx.db, raw, envelope, `unreadable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const messageId = cleanId(parsed.messageId) ?? `sha256.${createHash('sha256').update(raw).digest('hex')}@samdesk`;
  const seen = await store.findInbound(ctx.db, messageId);
  if (seen) return { outcome: 'duplicate', ticketId: seen.ticketId ?? undefined };

  const sender = firstAddress(parsed.from) ?? (envelope.from || null);
  if (!sender) return quarantine(ctx.db, raw, envelope, 'no sender address');
  const senderName = parsed.from?.value[0]?.name?.trim() || null;
  const subject = (parsed.subject ?? '').trim();
  // From the raw header lines: mailparser's own map renames some (List-Id → "list") and turns others
  // (Content-Type) into objects. The first occurrence of each name is the topmost.
  const headers = new Map<string, string>();
  for (const { key, value } of headerValues(parsed)) if (!headers.has(key)) headers.set(key, value);
  const ledger = { messageId, fromAddress: sender, subject: subject.slice(0, 300) };

  const automatic = automaticReason(headers, envelope.from, ctx.mail.domain);
  if (automatic) {
    await store.recordInboundOnce(ctx.db, { ...ledger, outcome: 'automatic', detail: { reason: automatic } });
    return { outcome: 'automatic', reason: automatic };
  }

  const text = bodyText(parsed);
  const recipients = [...envelope.to, ...addresses(parsed.to), ...addresses(parsed.cc)];
  const verified =
    !ctx.mail.requireDmarc ||
    dmarcPassed(
      headerValues(parsed)
        .filter((h) => h.key === 'authentication-results')
        .map((h) => h.value),
      ctx.mail.authservId,
    );
  const mailActor = await systemActor(ctx.db);
  const known = await knownSender(ctx.db, sender, verified);
  const candidates = await threadCandidates(ctx, subject, recipients, referencedIds(parsed.inReplyTo, parsed.references));
  const { thread, refused } = await chooseThread(ctx.db, known.facts, candidates, mailActor.id);
  const files = attachmentsOf(parsed);

  if (thread && thread.ticket.status !== 'closed') {
    const author = known.user ? actorFromUser(known.user) : { ...mailActor, displayName: senderName ? `${senderName} <${sender}>` : sender };
    const fromRequester = thread.decision.as === 'requester';
    const threadId = thread.ticket.id;
    const body = [replyText(text), files.skipped].filter(Boolean).join('\n\n');
    await ctx.db.transaction(async (tx) => {
      await store.claimInbound(tx, { ...ledger, outcome: 'reply', ticketId: threadId, detail: { sender: thread.decision.as } });
      const current = await store.lockTicket(tx, threadId);
      if (!current) throw new Error('ticket vanished');
      const status = fromRequester ? statusAfterRequesterReply(current.status) : current.status;
      await applyChangeIn(tx, author, current, {
        values: { status },
        ...(status !== current.status
          ? {
              event: {
                kind: 'status' as const,
                status,
                teamId: current.teamId,
                line: current.line,
                assigneeUserId: current.assigneeUserId,
                reason: 'svar via e-post',
              },
            }
          : {}),
        action: 'mail-reply',
        message: { visibility: 'public', body },
        notify: false,
      });
      await saveAttachments(tx, current.id, author.id, files.kept);
    });
    return { outcome: 'reply', ticketId: threadId };
  }

  // A new ticket (also for a reply to a closed ticket, which says so, and for a sender who may not
  // write in the ticket the mail refers to, which an internal note tells the agents).
  const requester = await requesterOf(ctx.db, sender, verified);
  const category = await ticketStore.findCategory(ctx.db, (await ticketStore.itDesk(ctx.db))?.id ?? '', 'fraga');
  const description = [thread ? `(Svar på det stängda ärendet ${thread.ticket.number}.)` : '', replyText(text) || '(Mejlet hade ingen text.)', files.skipped]
    .filter(Boolean)
    .join('\n\n');
  const base = {
    categoryId: category?.id ?? 'fraga',
    intefunktion: null,
    priority: 'normal' as const,
    subject: (cleanSubject(subject) || 'Mejl utan ämnesrad').slice(0, 200),
    description: description.slice(0, 20_000),
    device: null,
    deviceSupportLevel: null,
    unitId: null,
    affectsOperations: false,
    channel: 'email' as const,
  };
  const prepared = requester.user
    ? await prepareTicket(ctx.db, actorFromUser(requester.user), base)
    : await prepareTicket(ctx.db, mailActor, {
        ...base,
        municipalityId: requester.municipalityId,
        onBehalfOf: requester.personId
          ? { personId: requester.personId, email: null, phone: null }
          : { personId: null, name: senderName ?? sender, email: sender, phone: null },
      });
  const ticketId = await ctx.db.transaction(async (tx) => {
    const row = await insertPreparedTicket(tx, prepared);
    await store.claimInbound(tx, {
      ...ledger,
      outcome: 'ticket',
      ticketId: row.id,
      detail: {
        ...(requester.user || requester.personId ? {} : { unknownSender: true }),
        ...(refused ? { threadRefused: { ticketId: refused.ticket.id, reason: refused.reason } } : {}),
      },
    });
    await saveAttachments(tx, row.id, prepared.actorUserId, files.kept);
    // Agents of the same municipality learn which ticket the mail answered; nothing of another
    // municipality's ticket is written (R-1.4).
    if (refused && refused.ticket.municipalityId === row.municipalityId) {
      await store.insertTicketMessage(tx, {
        ticketId: row.id,
        authorUserId: mailActor.id,
        authorName: mailActor.displayName,
        visibility: 'internal',
        body: refusedNote(refused.ticket.number, refused.reason),
      });
      await ticketStore.refreshSearch(tx, row.id);
    }
    return row.id;
  });
  return { outcome: 'ticket', ticketId };
}

/** A mail over the size limit: its first MAIL_MAX_BYTES are kept for an administrator. */
export function quarantineTooLarge(db: Db, raw: Buffer, envelope: Envelope, size: number): Promise<IngestResult> {
  return quarantine(db, raw, envelope, `too large: ${size} bytes (kept the first ${raw.length})`);
}

async function quarantine(db: Db, raw: Buffer, envelope: Envelope, reason: string): Promise<IngestResult> {
  await db.transaction(async (tx) => {
    const id = await store.insertQuarantined(tx, {
      envelopeFrom: envelope.from,
      envelopeTo: [...envelope.to],
      reason: reason.slice(0, 500),
      size: raw.length,
      raw,
    });
    await writeAudit(tx, {
      actorUserId: null,
      municipalityId: null,
      entity: 'mail',
      entityId: id ?? 'unknown',
      action: 'quarantine',
      after: { reason, size: raw.length, from: envelope.from },
    });
  });
  return { outcome: 'quarantined', reason };
}

/**
 * The tickets a mail refers to, in order: by a valid reply token (subject tag or plus-address), then
 * by In-Reply-To/References naming a mail we sent (Message-ID from its outbox row) or took in.
 * Whether the sender may write in them is decided after (chooseThread).
 */
async function threadCandidates(ctx: InboundContext, subject: string, recipients: readonly string[], referenced: readonly string[]): Promise<TicketRow[]> {
  const ids: string[] = [];
  const found: TicketRow[] = [];
  for (const hint of threadHints(subject, recipients)) {
    if (!validTicketToken(ctx.secret, hint.number, hint.token)) continue;
    const t = await store.ticketByNumber(ctx.db, hint.number);
    if (t && !ids.includes(t.id)) {
      ids.push(t.id);
      found.push(t);
    }
  }
  if (referenced.length === 0) return found;
  const outboxIds = referenced
    .map((id) => new RegExp(`^samdesk\\.([0-9a-f-]{36})@${escapeRe(ctx.mail.domain)}$`, 'i').exec(id)?.[1])
    .filter((x): x is string => Boolean(x));
  const byHeader: string[] = [];
  if (outboxIds.length) for (const r of await store.outboxTicketIds(ctx.db, outboxIds)) if (r.t) byHeader.push(r.t);
  for (const r of await store.inboundTicketIds(ctx.db, [...referenced])) if (r.t) byHeader.push(r.t);
  const more = [...new Set(byHeader)].filter((id) => !ids.includes(id));
  if (more.length === 0) return found;
  const rows = await store.ticketsByIds(ctx.db, more);
  return [...found, ...more.map((id) => rows.find((r) => r.id === id)).filter((r): r is TicketRow => r !== undefined)];
}

/**
 * The first referred ticket its sender may write in (rules.threadDecision), or — when there were
 * tickets but none allows it — the first one and why not, so the new ticket can say so.
 */
async function chooseThread(db: Db, sender: MailSender, candidates: readonly TicketRow[], mailUserId: string) {
  let refused: { ticket: TicketRow; reason: Extract<ThreadDecision, { thread: false }>['reason'] } | undefined;
  for (const ticket of candidates) {
    const [authors, mails] = await Promise.all([store.ticketAuthorIds(db, ticket.id), store.ticketMailSenders(db, ticket.id)]);
    const decision = threadDecision(sender, {
      municipalityId: ticket.municipalityId,
      deskId: ticket.deskId,
      requesterUserId: ticket.requesterUserId,
      requesterPersonId: ticket.requesterPersonId,
      requesterEmail: ticket.requesterEmail,
      authorUserIds: authors.map((a) => a.id).filter((id): id is string => id !== null && id !== mailUserId),
      mailAddresses: mails.map((m) => m.address).filter(Boolean),
    });
    if (decision.thread) return { thread: { ticket, decision }, refused: undefined };
    refused ??= { ticket, reason: decision.reason };
  }
  return { thread: undefined, refused };
}

function refusedNote(number: string, reason: Extract<ThreadDecision, { thread: false }>['reason']): string {
  const why =
    reason === 'unverified-sender'
      ? 'avsändaradressen kunde inte bekräftas (DMARC)'
      : reason === 'other-municipality'
        ? 'avsändaren hör till en annan kommun'
        : 'avsändaren är varken beställare, deltagare eller handläggare i det ärendet';
  return `Mejlet var ett svar på ärende ${number}, men ${why}. Därför blev det ett eget ärende.`;
}

/**
 * What Samdesk knows of a sender for threading: the active account and person records with the
 * address — none when DMARC is required and did not pass (the sender is then unknown).
 */
async function knownSender(db: Db, address: string, verified: boolean) {
  const lower = address.toLowerCase();
  if (!verified) return { user: undefined, facts: { address: lower, verified, account: null, people: [] } satisfies MailSender };
  const user = await store.activeUserByEmail(db, lower);
  const persons = await store.peopleByEmail(db, lower);
  const account = user ? { userId: user.id, municipalityId: user.municipalityId, deskIds: await ticketStore.agentDeskIds(db, user) } : null;
  return { user, facts: { address: lower, verified, account, people: persons } satisfies MailSender };
}

/**
 * The sender's account, or person record (and its municipality), by e-mail address; an unknown
 * sender when the address is not verified (MAIL_REQUIRE_DMARC without a DMARC pass).
 */
async function requesterOf(db: Db, address: string, verified: boolean) {
  const lower = address.toLowerCase();
  const user = verified ? await store.activeUserByEmail(db, lower) : undefined;
  if (user?.municipalityId) return { user, personId: user.personId, municipalityId: user.municipalityId };
  const person = verified ? await store.personByEmail(db, lower) : undefined;
  if (person) return { user: undefined, personId: person.id, municipalityId: person.municipalityId };
  // Unknown sender: the municipality whose people share the address's domain, else the first by code.
  const domain = lower.split('@')[1] ?? '';
  const byDomain = await store.municipalityByEmailDomain(db, domain);
  const firstMunicipality = await store.firstMunicipalityId(db);
  return { user: undefined, personId: null, municipalityId: byDomain ?? firstMunicipality };
}

/** The account the mail intake acts as in history and audit (created once; it cannot sign in). */
async function systemActor(db: Db): Promise<Actor> {
  const find = () => store.userNamed(db, SYSTEM_USERNAME);
  let user = await find();
  if (!user) {
    await store.insertUserOnce(db, {
      username: SYSTEM_USERNAME,
      displayName: 'E-post (inkommande)',
      roles: ['it_management'],
      municipalityId: null,
      passwordHash: null,
      active: false,
    });
    user = await find();
  }
  if (!user) throw new Error('the mail intake account could not be created');
  return actorFromUser(user);
}

/** The text of a mail: its plain part, or the HTML part with every tag removed (sanitize-html). */
export function bodyText(parsed: Pick<ParsedMail, 'text' | 'html'>): string {
  const plain = parsed.text?.trim();
  if (plain) return plain;
  if (typeof parsed.html === 'string' && parsed.html) {
    const withBreaks = parsed.html.replace(/<\s*br\s*\/?>/gi, '\n').replace(/<\/\s*(p|div|li|tr|h[1-6])\s*>/gi, '\n');
    const stripped = sanitizeHtml(withBreaks, {
      allowedTags: [],
      allowedAttributes: {},
      nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'],
    });
    return decodeEntities(stripped)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  return '';
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

interface KeptFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Attachments and inline images within the ticket limits (size, type, count). A name with path
 * tricks is replaced by a plain one; what cannot be kept is named in the message instead.
 */
function attachmentsOf(parsed: ParsedMail): { kept: KeptFile[]; skipped: string } {
  const kept: KeptFile[] = [];
  const skipped: string[] = [];
  parsed.attachments.forEach((a, i) => {
    const contentType = a.contentType || 'application/octet-stream';
    const ext = /\.[a-z0-9]{1,8}$/i.exec(a.filename ?? '')?.[0] ?? (contentType.startsWith('image/') ? `.${contentType.slice(6)}` : '');
    let filename = (a.filename ?? '').trim() || `bilaga-${i + 1}${ext}`;
    const check = (name: string) =>
      attachmentProblems({ filename: name, contentType, size: a.size, maxBytes: ATTACHMENT_MAX_BYTES, allowedTypes: ATTACHMENT_TYPES });
    if (check(filename).some((p) => p.field === 'filename')) filename = `bilaga-${i + 1}${ext.replace(/[^.a-z0-9]/gi, '')}`;
    const problems = check(filename);
    if (problems.length > 0 || kept.length >= MAX_MAIL_ATTACHMENTS) {
      skipped.push(`${a.filename ?? filename} (${problems.map((p) => p.reasonSv).join(', ') || `fler än ${MAX_MAIL_ATTACHMENTS} bilagor`})`);
      return;
    }
    kept.push({ filename, contentType, data: a.content });
  });
  return { kept, skipped: skipped.length ? `Bilagor som inte sparades: ${skipped.join('; ')}.` : '' };
}

async function saveAttachments(tx: DbOrTx, ticketId: string, userId: string | null, files: readonly KeptFile[]): Promise<void> {
  for (const f of files) {
    await store.insertTicketAttachment(tx, {
      ticketId,
      uploadedByUserId: userId,
      filename: f.filename,
      contentType: f.contentType,
      size: f.data.length,
      internal: false,
      data: f.data,
    });
  }
}

/** Every header as it was written (lower-case name, folded lines joined), top to bottom. */
function headerValues(parsed: Pick<ParsedMail, 'headerLines'>): { key: string; value: string }[] {
  return parsed.headerLines.map((h) => ({
    key: h.key.toLowerCase(),
    value: h.line
      .slice(h.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim(),
  }));
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string | undefined {
  return addresses(a)[0];
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = a === undefined ? [] : Array.isArray(a) ? a : [a];
  return list
    .flatMap((o) => o.value.flatMap((v) => [v.address, ...(v.group ?? []).map((g) => g.address)]))
    .filter((x): x is string => typeof x === 'string' && x.includes('@'));
}

function cleanId(id: string | undefined): string | undefined {
  const m = /<?([^<>\s]+)>?/.exec(id ?? '');
  return m?.[1] ? m[1].slice(0, 500) : undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How deep multipart bodies nest, read from the boundaries before parsing: a boundary opens where it
 * is declared and closes at its `--boundary--` line.
 */
export function mimeDepth(raw: Buffer): number {
  const text = raw.toString('latin1');
  const events: { at: number; delta: number }[] = [];
  for (const m of text.matchAll(/boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) {
    const b = m[1] ?? m[2] ?? '';
    if (!b) continue;
    events.push({ at: m.index, delta: 1 });
    const close = text.indexOf(`--${b}--`, m.index);
    if (close >= 0) events.push({ at: close, delta: -1 });
  }
  events.sort((a, b) => a.at - b.at);
  let depth = 0;
  let max = 0;
  for (const e of events) {
    depth += e.delta;
    max = Math.max(max, depth);
  }
  return max;
}
