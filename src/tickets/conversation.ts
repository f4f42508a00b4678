import { z } from 'zod';
import { writeAudit } from '../platform/audit/audit.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { attachmentProblems, statusAfterRequesterReply, type TicketStatus } from './rules.ts';
import { ZMessage } from './contract.ts';
import * as store from './store.ts';
import { isAgentOf, reject, visibilityOf } from './shared.ts';
import { applyChange, withSlaDue } from './change.ts';

/** The conversation on a ticket: replies, internal notes and attachments. */

/** Attachment limits: technical, not part of the yearly mission. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'message/rfc822',
] as const;

/** a reply in the public conversation or an internal note (agents only). */
export async function addMessage(db: Db, actor: Actor, id: string, input: z.infer<typeof ZMessage>) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  const agent = isAgentOf(v, ticket);
  if (input.visibility === 'internal' && !agent) {
    throw new AppError('forbidden', [{ field: 'visibility', reason: 'internal notes are for agents', reasonSv: 'interna anteckningar är för handläggare' }]);
  }
  if (ticket.status === 'closed') throw new AppError('validation', [{ field: 'status', reason: 'the ticket is closed', reasonSv: 'ärendet är stängt' }]);
  const status: TicketStatus = agent ? ticket.status : statusAfterRequesterReply(ticket.status);
  const row = await applyChange(db, actor, ticket, {
    values: { status, ...(agent && input.visibility === 'public' && !ticket.firstResponseAt ? { firstResponseAt: clockNow() } : {}) },
    ...(status !== ticket.status
      ? {
          event: {
            kind: 'status' as const,
            status,
            teamId: ticket.teamId,
            line: ticket.line,
            assigneeUserId: ticket.assigneeUserId,
            reason: 'svar från beställaren',
          },
        }
      : {}),
    action: input.visibility === 'internal' ? 'note' : 'reply',
    message: { visibility: input.visibility, body: input.body },
  });
  return withSlaDue(db, row);
}

export async function addAttachment(db: Db, actor: Actor, id: string, file: { filename: string; contentType: string; data: Buffer; internal: boolean }) {
  const v = await visibilityOf(db, actor);
  const ticket = await store.findTicket(db, id, v);
  if (!ticket) throw new AppError('not_found');
  if (file.internal && !isAgentOf(v, ticket)) throw new AppError('forbidden');
  reject(
    attachmentProblems({
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.length,
      maxBytes: ATTACHMENT_MAX_BYTES,
      allowedTypes: ATTACHMENT_TYPES,
    }),
  );
  return db.transaction(async (tx) => {
    const row = await store.insertAttachment(tx, {
      ticketId: id,
      uploadedByUserId: actor.id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.length,
      internal: file.internal,
      data: file.data,
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: ticket.municipalityId,
      entity: 'ticket',
      entityId: id,
      action: 'attach',
      after: { attachmentId: row.id, filename: row.filename, size: row.size },
    });
    return row;
  });
}
