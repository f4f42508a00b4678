import type { MailKind } from '../platform/mail/outbox.ts';
import { cleanSubject, replyTag } from './rules.ts';

/**
 * The mails Samdesk sends (issue 5), in Swedish. Pure: the send job gives the ticket, the link built
 * from BASE_URL and the reply token.
 */
export const MAIL_KINDS: readonly MailKind[] = ['ticket-received', 'ticket-reply', 'ticket-solved', 'survey'];

export interface TemplateInput {
  kind: MailKind;
  ticket: { number: string; subject: string };
  /** The reply token of the ticket (rules.replyTag). */
  token: string;
  toName: string | null;
  /** The ticket's page, from BASE_URL. */
  link: string;
  /** The agent's reply or the solution text, when the mail carries one. */
  message?: string | null;
  /** Who wrote the message. */
  author?: string | null;
  /** The survey's signed link and its last day (R-3.7). */
  survey?: { link: string; lastDay: string } | undefined;
}

const SIGNATURE = 'Med vänliga hälsningar\nIT-supporten';
const HOW_TO_REPLY = 'Du kan svara på det här mejlet. Skriv ovanför den citerade texten, så hamnar svaret i ärendet.';

export function renderMail(input: TemplateInput): { subject: string; text: string } {
  const { ticket } = input;
  const tag = replyTag(ticket.number, input.token);
  const title = cleanSubject(ticket.subject) || 'ditt ärende';
  const greeting = input.toName ? `Hej ${input.toName}!` : 'Hej!';
  const quoted = input.message ? `\n\n${input.author ? `${input.author} skriver:` : ''}\n\n${input.message.trim()}\n` : '';
  switch (input.kind) {
    case 'ticket-received':
      return {
        subject: `Vi har tagit emot ditt ärende: ${title} ${tag}`,
        text: `${greeting}\n\nVi har tagit emot ditt ärende ${ticket.number}, "${title}". Det hamnar först hos IT-supportens första linje.\n\nFölj ärendet här: ${input.link}\n\n${HOW_TO_REPLY}\n\n${SIGNATURE}\n`,
      };
    case 'ticket-reply':
      return {
        subject: `Svar i ditt ärende: ${title} ${tag}`,
        text: `${greeting}\n\nDu har fått ett svar i ärende ${ticket.number}, "${title}".${quoted}\nÄrendet: ${input.link}\n\n${HOW_TO_REPLY}\n\n${SIGNATURE}\n`,
      };
    case 'survey':
      return {
        subject: `Hur tyckte du att vi skötte ditt ärende? ${tag}`,
        text: `${greeting}\n\nDitt ärende ${ticket.number}, "${title}", är avslutat. Vi ber en slumpvis utvald fjärdedel av dem vars ärenden avslutas om två korta svar, så att vi kan bli bättre.\n\nSvara här (ingen inloggning behövs, det tar en minut): ${input.survey?.link ?? input.link}\n\nLänken gäller till och med ${input.survey?.lastDay ?? ''} och kan användas en gång. Svaren läses bara av IT-enheten.\n\n${SIGNATURE}\n`,
      };
    case 'ticket-solved':
      return {
        subject: `Ditt ärende är löst: ${title} ${tag}`,
        text: `${greeting}\n\nÄrende ${ticket.number}, "${title}", är markerat som löst.${quoted}\nOm problemet finns kvar: svara på det här mejlet, så öppnas ärendet igen.\n\nÄrendet: ${input.link}\n\n${SIGNATURE}\n`,
      };
  }
}
