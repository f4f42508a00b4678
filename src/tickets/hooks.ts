import { Hook } from '../platform/hooks.ts';

/** A ticket that has just been closed, as the reactions to it see it (R-3.7: the survey draw). */
export interface TicketClosed {
  ticket: { id: string; municipalityId: string; requesterUserId: string | null; requesterEmail: string | null; requesterName?: string | null | undefined };
  /** The closing instant. */
  at: Date;
  /** Replaces a reaction's random draw (tests make the survey draw deterministic with it). */
  random01?: (() => number) | undefined;
}

/**
 * Issue 17: emitted inside the closing transaction; the satisfaction survey (surveys/) registers its
 * draw at boot, so tickets never import surveys.
 */
export const ticketClosed = new Hook<TicketClosed>('ticket-closed', { required: true });
