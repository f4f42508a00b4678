import { z } from '@hono/zod-openapi';
import { ZLocalDate, ZText } from '../http/types.ts';

/**
 * The audit trail's contract (docs/decisions/0010): the query and answer of GET /api/v1/audit
 * and their types. The route declares these schemas, and the web app imports the types.
 */

export const ZAuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorUserId: z.string().nullable(),
    /** The actor's display name (null: the system, e.g. a job or the installation). */
    actorName: z.string().nullable(),
    municipalityId: z.string().nullable(),
    entity: z.string(),
    /** The kind of record in Swedish, e.g. "Beställning". */
    entityText: z.string(),
    entityId: z.string(),
    /** The record as people name it: its number, name or serial; null when the trail holds none. */
    label: z.string().nullable(),
    /** The web page that shows the record, or null. */
    link: z.string().nullable(),
    action: z.string(),
    /** What happened, in Swedish, e.g. "Kopierad till nästa år". */
    actionText: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof ZAuditEntry>;

/** GET /audit: one page, newest first; `nextBefore` asks for the next. */
export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof ZAuditPage>;

/** GET /audit */
export const ZAuditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(100).optional(),
  /** Who acted: an account id, or part of a username or display name. */
  actor: ZText({ max: 100 }).optional(),
  /** From this day (Europe/Stockholm), inclusive. */
  from: ZLocalDate.optional(),
  /** To this day (Europe/Stockholm), inclusive. */
  to: ZLocalDate.optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof ZAuditQuery>;
