import type { DbOrTx } from '../db/client.ts';
import { now as clockNow } from '../clock.ts';
import { headerSafe } from './header.ts';
import type { MailAttachment } from './schema.ts';
import { insertOutboxMail } from './store.ts';

/**
 * The outbox every capability writes its mail to (issue 5), in the platform so that the capability a
 * mail tells about needs no import of the one that sends it (issue 17). The mail capability's job
 * renders and sends what is due (src/mail/outbox.ts).
 */

/** The templates the send job knows (src/mail/templates.ts). */
export type MailKind = 'ticket-received' | 'ticket-reply' | 'ticket-solved' | 'survey';

export interface OutgoingMail {
  /** The template (src/mail/templates.ts): `ticket-received`, `ticket-reply`, `ticket-solved`, `survey`. */
  kind: MailKind;
  ticketId: string;
  to: string;
  toName?: string | null;
  params?: Record<string, string | number | boolean | null>;
}

/**
 * Puts a mail in the outbox, inside the caller's transaction (issue 5: "written to an outbox table in
 * the same transaction as the change"). The text is rendered when the mail is sent (templates.ts),
 * with links from BASE_URL and the reply token; the address and name are made single-line here, so
 * CR/LF from user text can never start a new header.
 */
export async function enqueueMail(tx: DbOrTx, mail: OutgoingMail): Promise<boolean> {
  const to = usableAddress(mail.to);
  if (to === null) return false; // no usable address: nothing to send
  await insertOutboxMail(tx, {
    kind: mail.kind,
    ticketId: mail.ticketId,
    toAddress: to,
    toName: mail.toName ? headerSafe(mail.toName) : null,
    params: mail.params ?? {},
    sendAfter: clockNow(),
  });
  return true;
}

/** The address made single-line, or null when it is no usable address. */
function usableAddress(address: string): string | null {
  const to = headerSafe(address);
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(to) ? to : null;
}

/** A mail written in full by the capability that sends it (no ticket, no template): subject, text and files. */
export interface PreparedMail {
  to: string;
  toName?: string | null;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

/**
 * Puts a prepared mail in the outbox, inside the caller's transaction (issue 18: a review's invitation
 * with its iCalendar file). The send job sends it as written; the subject is made single-line here.
 */
export async function enqueuePreparedMail(tx: DbOrTx, mail: PreparedMail): Promise<boolean> {
  const to = usableAddress(mail.to);
  if (to === null) return false;
  await insertOutboxMail(tx, {
    kind: 'prepared',
    ticketId: null,
    toAddress: to,
    toName: mail.toName ? headerSafe(mail.toName) : null,
    subject: headerSafe(mail.subject),
    textBody: mail.text,
    attachments: mail.attachments ?? [],
    sendAfter: clockNow(),
  });
  return true;
}
