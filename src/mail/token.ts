import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32, TOKEN_LENGTH } from './rules.ts';

/** The unguessable reply token of a ticket: an HMAC of its number with the server's secret. */
export function ticketToken(secret: string, number: string): string {
  return base32(createHmac('sha256', secret).update(`samdesk-ticket:${number}`).digest()).slice(0, TOKEN_LENGTH);
}

export function validTicketToken(secret: string, number: string, token: string): boolean {
  const expected = Buffer.from(ticketToken(secret, number));
  const given = Buffer.from(token.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
