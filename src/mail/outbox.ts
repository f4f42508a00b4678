import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { AppConfig } from '../platform/config.ts';
import type { Job } from '../platform/jobs/runner.ts';
import { outboxMessageId, replyAddress } from './rules.ts';
import { dueMail, findTicketMessage, markMailFailed, markMailSent } from './store.ts';
import { renderMail } from './templates.ts';
import type { MailKind } from '../platform/mail/outbox.ts';
import { ticketToken } from './token.ts';
import { surveyToken } from '../surveys/token.ts';
import { Temporal } from 'temporal-polyfill';

/** How sending is done: nodemailer in production, anything with the same shape in tests. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

const MAX_ATTEMPTS = 8;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … 64. */
export const backoffMinutes = (attempts: number) => 2 ** Math.min(attempts - 1, 6);

/**
 * Sends what is due in the outbox (every minute), rendered in Swedish with the ticket's link from
 * BASE_URL (never from a request) and Reply-To carrying the ticket's unguessable token. Each mail has
 * the Message-ID derived from its row, a loop marker and `Auto-Submitted: auto-generated` (RFC 3834:
 * automatic replies must not answer it). A failure is retried with back-off, given up after eight.
 */
export function mailSendJob(
  config: { mail: AppConfig['mail']; baseUrl: string },
  secret: string,
  transport: MailTransport | undefined = config.mail.smtpUrl ? nodemailer.createTransport(config.mail.smtpUrl) : undefined,
): Job {
  const mail = config.mail;
  return {
    name: 'mail-send',
    schedule: '* * * * *',
    async run(db, now) {
      if (!transport) return { skipped: 'SMTP_URL is not set' };
      const due = await dueMail(db, now);
      let sent = 0;
      let failed = 0;
      const attempt = async (m: (typeof due)[number]['m'], send: () => Promise<{ subject: string; text: string }>) => {
        try {
          const { subject, text } = await send();
          await markMailSent(db, m.id, { sentAt: now, attempts: m.attempts + 1, subject, textBody: text });
          sent++;
        } catch (e) {
          const attempts = m.attempts + 1;
          const message = e instanceof Error ? e.message : String(e);
          await markMailFailed(db, m.id, {
            attempts,
            lastError: message.slice(0, 500),
            sendAfter: new Date(now.getTime() + backoffMinutes(attempts) * 60_000),
            failedAt: attempts >= MAX_ATTEMPTS ? now : null,
          });
          failed++;
        }
      };
      const headers = { 'Auto-Submitted': 'auto-generated', 'X-Samdesk-Loop': mail.domain, 'Content-Language': 'sv' };
      for (const { m, ticket } of due) {
        if (ticket === null) {
          // A prepared mail (issue 18): sent as written, with its files; replies go to the sender's address.
          await attempt(m, async () => {
            const subject = m.subject ?? '';
            const text = m.textBody ?? '';
            await transport.sendMail({
              from: mail.from,
              to: m.toName ? { name: m.toName, address: m.toAddress } : m.toAddress,
              subject,
              text,
              attachments: m.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: a.content,
                ...(a.encoding ? { encoding: a.encoding } : {}),
              })),
              messageId: `<${outboxMessageId(m.id, mail.domain)}>`,
              headers,
            });
            return { subject, text };
          });
          continue;
        }
        const token = ticketToken(secret, ticket.number);
        const messageRow = typeof m.params.messageId === 'string' ? await findTicketMessage(db, m.params.messageId) : undefined;
        const survey =
          m.kind === 'survey' && typeof m.params.surveyId === 'string' && typeof m.params.expiresAt === 'number'
            ? {
                link: `${config.baseUrl}/enkat/${surveyToken(secret, m.params.surveyId, m.params.expiresAt)}`,
                lastDay: Temporal.Instant.fromEpochMilliseconds(m.params.expiresAt)
                  .toZonedDateTimeISO('Europe/Stockholm')
                  .toPlainDate()
                  .toLocaleString('sv-SE', { day: 'numeric', month: 'long', year: 'numeric' }),
              }
            : undefined;
        const rendered = renderMail({
          survey,
          kind: m.kind as MailKind,
          ticket,
          token,
          toName: m.toName,
          link: `${config.baseUrl}/arende/${ticket.id}`,
          message: messageRow?.visibility === 'public' ? messageRow.body : null,
          author: messageRow?.authorName ?? null,
        });
        await attempt(m, async () => {
          await transport.sendMail({
            from: mail.from,
            to: m.toName ? { name: m.toName, address: m.toAddress } : m.toAddress,
            subject: rendered.subject,
            text: rendered.text,
            replyTo: replyAddress(mail.fromAddress, ticket.number, token),
            messageId: `<${outboxMessageId(m.id, mail.domain)}>`,
            headers,
          });
          return rendered;
        });
      }
      return { due: due.length, sent, failed };
    },
  };
}
