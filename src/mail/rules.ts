/**
 * Mail rules (issue 5, R-3.1 mail channel): what makes a header value safe, which mail is automatic
 * (never answered, never a loop), and how a reply finds its ticket. Pure: no I/O; the HMAC is passed in.
 */

import { headerSafe } from '../platform/mail/header.ts';

/** True when a header value would have to be changed to be safe. */
export function isHeaderSafe(value: string): boolean {
  return headerSafe(value) === value.trim() && !/[\r\n]/.test(value);
}

/** The headers that tell an automatic message (RFC 3834 and common practice). Lower-case names. */
export type HeaderMap = ReadonlyMap<string, string>;

/**
 * Why a message must not be answered (and is not a person writing), or null. RFC 3834
 * `Auto-Submitted` other than "no", `Precedence: bulk|junk|list|auto_reply`, Microsoft's
 * `X-Auto-Response-Suppress`, `X-Autoreply`/`X-Autorespond`, mailing lists (`List-Id`), bounces
 * (empty return path or MAILER-DAEMON), and our own mail coming back (`X-Samdesk-Loop`).
 */
export function automaticReason(headers: HeaderMap, envelopeFrom: string | null, ownLoopId: string): string | null {
  const h = (name: string) => headers.get(name)?.toLowerCase().trim();
  if (h('x-samdesk-loop') === ownLoopId.toLowerCase()) return 'own-loop';
  const auto = h('auto-submitted');
  if (auto && auto !== 'no') return `auto-submitted: ${auto}`;
  const precedence = h('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `precedence: ${precedence}`;
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'x-autoreply';
  const suppress = h('x-auto-response-suppress');
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return `x-auto-response-suppress: ${suppress}`;
  if (headers.has('list-id')) return 'mailing list';
  // Issue 16: a delivery report or read receipt (RFC 6522 multipart/report) is machine-written whatever
  // its envelope sender; a gateway may have rewritten that sender, so the content type decides.
  const report = reportType(headers.get('content-type'));
  if (report !== null) {
    return report === 'delivery-status' ? 'delivery report' : report === 'disposition-notification' ? 'read receipt' : `report: ${report || 'unknown'}`;
  }
  if (envelopeFrom === '' || (envelopeFrom !== null && /^(mailer-daemon|postmaster)@/i.test(envelopeFrom))) return 'bounce';
  return null;
}

/**
 * The report type of a `multipart/report` content type (RFC 6522: `delivery-status` for a delivery
 * report, `disposition-notification` for a read receipt, `feedback-report`…), '' when the parameter is
 * missing, null when the mail is not a report. Folded header values are read as one line.
 */
export function reportType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const value = contentType.replace(/\r?\n[ \t]+/g, ' ');
  const [type = '', ...params] = value.split(';');
  if (type.trim().toLowerCase() !== 'multipart/report') return null;
  for (const p of params) {
    const m = /^\s*report-type\s*=\s*"?([^";\s]*)"?\s*$/i.exec(p);
    if (m) return (m[1] ?? '').toLowerCase();
  }
  return '';
}

/**
 * Issue 16 (optional, MAIL_REQUIRE_DMARC): did the receiving gateway find DMARC to pass? Read from
 * the topmost `Authentication-Results` header (RFC 8601; a gateway prepends its own, so a header the
 * sender wrote lies below it), or from the topmost one whose authserv-id is `authservId` when given.
 * Comments and quoted strings are ignored; only a `dmarc=pass` result counts.
 */
export function dmarcPassed(authenticationResults: readonly string[], authservId?: string): boolean {
  const parsed = authenticationResults.map((raw) => {
    const text = raw
      .replace(/\r?\n[ \t]+/g, ' ')
      .replace(/"(?:[^"\\]|\\.)*"/g, '""')
      .replace(/\([^()]*\)/g, ' ');
    const [id = '', ...results] = text.split(';');
    return { id: id.trim().split(/\s+/)[0]?.toLowerCase() ?? '', results };
  });
  const header = authservId === undefined ? parsed[0] : parsed.find((h) => h.id === authservId.toLowerCase());
  if (!header) return false;
  return header.results.some((r) => /^\s*dmarc\s*=\s*pass(\s|$)/i.test(r));
}

/** What Samdesk knows of a mail's sender, for deciding whether the mail may join an existing ticket. */
export interface MailSender {
  /** The From address, lower case. */
  address: string;
  /**
   * The From address can be believed: DMARC passed, or MAIL_REQUIRE_DMARC is off. An unverified
   * sender is treated as unknown (no account, no person) and never joins an existing ticket.
   */
  verified: boolean;
  /** The sender's active account with this address; municipalityId null = IT staff spanning both. */
  account: { userId: string; municipalityId: string | null; deskIds: readonly string[] } | null;
  /** Person records with this address. */
  people: readonly { id: string; municipalityId: string }[];
}

/** What Samdesk knows of a ticket a mail refers to (by reply tag, plus-address or In-Reply-To/References). */
export interface ThreadTicket {
  municipalityId: string;
  deskId: string;
  requesterUserId: string | null;
  requesterPersonId: string | null;
  requesterEmail: string | null;
  /** Accounts that wrote a message in the ticket (the mail intake's own account left out). */
  authorUserIds: readonly string[];
  /** Addresses whose mail was taken into the ticket (lower case). */
  mailAddresses: readonly string[];
}

export type ThreadDecision =
  { thread: true; as: 'requester' | 'participant' | 'agent' } | { thread: false; reason: 'unverified-sender' | 'other-municipality' | 'not-a-participant' };

/**
 * Issue 16: may this mail be added to the ticket it refers to? A Message-ID or a reply
 * tag can reach others (a forwarded mail, a Cc), so knowing one is not enough: only the ticket's
 * requester (account, person or address), someone who already wrote in it, or an agent of its desk,
 * and only someone of the ticket's municipality (or IT staff spanning both). Anyone else's mail
 * becomes a new ticket of their own.
 */
export function threadDecision(sender: MailSender, ticket: ThreadTicket): ThreadDecision {
  if (!sender.verified) return { thread: false, reason: 'unverified-sender' };
  const address = sender.address.toLowerCase();
  const { account } = sender;
  // A known sender must belong to the ticket's municipality; an unknown one can only match by address.
  const inMunicipality = account
    ? account.municipalityId === null || account.municipalityId === ticket.municipalityId
    : sender.people.length === 0 || sender.people.some((p) => p.municipalityId === ticket.municipalityId);
  if (!inMunicipality) return { thread: false, reason: 'other-municipality' };
  const personIds = sender.people.filter((p) => p.municipalityId === ticket.municipalityId).map((p) => p.id);
  const isRequester =
    (account !== null && account.userId === ticket.requesterUserId) ||
    (ticket.requesterPersonId !== null && personIds.includes(ticket.requesterPersonId)) ||
    (ticket.requesterEmail !== null && ticket.requesterEmail.toLowerCase() === address);
  if (isRequester) return { thread: true, as: 'requester' };
  if (account?.deskIds.includes(ticket.deskId)) return { thread: true, as: 'agent' };
  if ((account !== null && ticket.authorUserIds.includes(account.userId)) || ticket.mailAddresses.some((a) => a.toLowerCase() === address)) {
    return { thread: true, as: 'participant' };
  }
  return { thread: false, reason: 'not-a-participant' };
}

/** Base32 without padding (RFC 4648 alphabet, lower case): safe in addresses and subjects. */
export function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Characters of the ticket token: 16 base32 characters = 80 bits of the HMAC. */
export const TOKEN_LENGTH = 16;

/**
 * The reply tag of a ticket, `[#2024-000123 k7f3x9q2m4n6p8r2]`, put in the subject and in the
 * plus-address of Reply-To. The token is an HMAC of the ticket number with the server's secret, so
 * it cannot be guessed from the (guessable, sequential) number.
 */
export function replyTag(number: string, token: string): string {
  return `[#${number} ${token}]`;
}

export interface ThreadHint {
  number: string;
  token: string;
}

/** Every `[#number token]` tag in a subject, and `+number.token@` in the recipient addresses. */
export function threadHints(subject: string, recipients: readonly string[]): ThreadHint[] {
  const hints: ThreadHint[] = [];
  for (const m of subject.matchAll(/\[#(\d{4}-\d{6}) ([a-z2-7]{16})\]/gi)) hints.push({ number: m[1] as string, token: (m[2] as string).toLowerCase() });
  for (const r of recipients) {
    const m = /\+(\d{4}-\d{6})\.([a-z2-7]{16})@/i.exec(r);
    if (m) hints.push({ number: m[1] as string, token: (m[2] as string).toLowerCase() });
  }
  return hints;
}

/** `support@kommun.se` + ticket → `support+2024-000123.k7f3x9q2m4n6p8r2@kommun.se`. */
export function replyAddress(supportAddress: string, number: string, token: string): string {
  const at = supportAddress.lastIndexOf('@');
  if (at < 1) return supportAddress;
  return `${supportAddress.slice(0, at)}+${number}.${token}${supportAddress.slice(at)}`;
}

/** Message-IDs in In-Reply-To / References (angle brackets kept off), newest reference last. */
export function referencedIds(inReplyTo: string | undefined, references: string | readonly string[] | undefined): string[] {
  const text = [inReplyTo ?? '', ...(typeof references === 'string' ? [references] : (references ?? []))].join(' ');
  return [...new Set([...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string))];
}

/** The Message-ID Samdesk gives a mail it sends from an outbox row: stable across retries. */
export function outboxMessageId(outboxId: string, domain: string): string {
  return `samdesk.${outboxId}@${domain}`;
}

/** A mail subject with any earlier "Re:", "SV:", "VB:", "Fwd:" prefixes and our reply tag removed. */
export function cleanSubject(subject: string): string {
  let s = subject.replace(/\[#\d{4}-\d{6} [a-z2-7]{16}\]/gi, ' ');
  for (;;) {
    const next = s.replace(/^\s*(re|sv|vs|vb|fw|fwd|aw|antw)\s*:\s*/i, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The new text of a reply: the lines before the quoted history (a line starting with ">" or the
 * common "On … wrote:" / "Den … skrev:" / Outlook's "Från:" header block).
 */
export function replyText(body: string): string {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) break;
    if (/^(on|den|le|am)\b.{0,200}\b(wrote|skrev|écrit|schrieb)\b.{0,120}:$/i.test(line.trim())) break;
    if (/^-{2,}\s*(original message|ursprungligt meddelande|vidarebefordrat meddelande)\s*-{2,}$/i.test(line.trim())) break;
    if (/^(från|from):\s.+/i.test(line.trim()) && out.length > 0 && out[out.length - 1]?.trim() === '') break;
    out.push(line);
  }
  const text = out.join('\n').trim();
  return text.length > 0 ? text : body.trim();
}
