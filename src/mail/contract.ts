import { z } from '@hono/zod-openapi';

/**
 * The mail quarantine's contract (issue 5, issue 17, decision 0010): every request and answer of
 * /api/v1/mail/quarantine, defined once. The routes declare them, the presenter is typed by the
 * answer, and the web app imports the types.
 */

// ---------------------------------------------------------------- answers

/** A message the listener could not read, kept whole for an administrator. */
export const ZQuarantined = z.object({
  id: z.uuid(),
  receivedAt: z.string(),
  envelopeFrom: z.string().nullable(),
  envelopeTo: z.array(z.string()),
  reason: z.string(),
  size: z.number().int(),
  resolvedAt: z.string().nullable(),
});
export const ZQuarantineList = z.object({ items: z.array(ZQuarantined) });
export type Quarantined = z.infer<typeof ZQuarantined>;
export type QuarantineList = z.infer<typeof ZQuarantineList>;

// ---------------------------------------------------------------- requests

/** GET /mail/quarantine: `all=true` lists the resolved messages too. */
export const ZQuarantineQuery = z.object({ all: z.enum(['true', 'false']).optional() });
export type QuarantineQuery = z.infer<typeof ZQuarantineQuery>;
