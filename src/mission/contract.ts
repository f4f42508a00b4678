import { z } from '@hono/zod-openapi';
import { ZPermission } from '../platform/http/contract.ts';
import { ZVersion } from '../platform/http/types.ts';
import { ZMissionDocument } from './document.ts';

/**
 * The mission's contract (docs/decisions/0010): the answers of GET /api/v1/mission, /missions and
 * /mission-versions (the yearly mission, R-1, R-8.4) and their types. Routes declare these schemas, and
 * the web app imports the types.
 */

export const ZMissionStatus = z.enum(['draft', 'published']);
export type MissionStatus = z.infer<typeof ZMissionStatus>;

export const ZMissionVersion = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    revision: z.number().int().describe('1, 2, … per year in publication order; a correction is the next revision'),
    status: ZMissionStatus,
    effectiveFrom: z.string(),
    title: z.string(),
    version: z.number().int(),
    publishedAt: z.string().nullable(),
    document: ZMissionDocument,
  })
  .openapi('MissionVersion');
export type MissionVersion = z.infer<typeof ZMissionVersion>;

/** GET /missions: the stored versions without their documents. */
export const ZMissionSummary = ZMissionVersion.omit({ document: true });
export type MissionSummary = z.infer<typeof ZMissionSummary>;
export const ZMissionSummaryList = z
  .object({
    items: z.array(ZMissionSummary).describe('published versions, oldest first'),
    drafts: z.array(ZMissionSummary).describe('drafts, for those who may read them'),
    nextYear: z.number().int().describe('the year a new draft is made for by default: after the newest published one, and after this year'),
    actions: z.object({ createDraft: ZPermission }),
  })
  .openapi('MissionSummaryList');
export type MissionSummaryList = z.infer<typeof ZMissionSummaryList>;

/** One generated line of "changes from the previous mission". */
export const ZMissionChange = z.object({
  kind: z.enum(['set', 'added', 'removed', 'reordered']),
  path: z.array(z.union([z.string(), z.number().int()])),
  text: z.string(),
});
export type MissionChange = z.infer<typeof ZMissionChange>;

/** Why a draft cannot be published yet: the field (when one is at fault) and the reason. */
export const ZMissionBlocker = z.object({ field: z.string().nullable(), label: z.string().nullable(), reason: z.string(), reasonSv: z.string() });
export type MissionBlocker = z.infer<typeof ZMissionBlocker>;

/** GET /mission-versions/{id}: one version with its changes, what stops publishing, and what may be done. */
export const ZMissionVersionDetail = ZMissionVersion.extend({
  basedOn: z.object({ id: z.uuid(), year: z.number().int(), revision: z.number().int(), title: z.string() }).nullable(),
  changes: z.array(ZMissionChange),
  blockers: z.array(ZMissionBlocker).describe('empty when a draft may be published'),
  actions: z.object({ edit: ZPermission, publish: ZPermission, discard: ZPermission }),
}).openapi('MissionVersionDetail');
export type MissionVersionDetail = z.infer<typeof ZMissionVersionDetail>;

/** GET /mission */
export const ZMissionDateQuery = z.object({ date: z.iso.date().optional() });

export const ZMissionDraftInput = z
  .strictObject({ year: z.number().int().min(2000).max(2100).meta({ label: 'År', labelEn: 'Year' }) })
  .openapi('MissionDraftInput');
export type MissionDraftInput = z.infer<typeof ZMissionDraftInput>;

/**
 * PUT /mission-versions/{id}: the whole document. Its fields are validated by the service against the
 * mission document's schema, so every problem is named by the field's Swedish label (labels.ts).
 */
export const ZMissionSaveInput = z
  .strictObject({
    version: ZVersion,
    document: z.record(z.string(), z.unknown()).meta({ label: 'Ramuppdraget', labelEn: 'The mission' }).describe('a whole MissionDocument'),
  })
  .openapi('MissionSaveInput');
export type MissionSaveInput = z.infer<typeof ZMissionSaveInput>;

export const ZMissionPublishInput = z.strictObject({ version: ZVersion }).openapi('MissionPublishInput');
export type MissionPublishInput = z.infer<typeof ZMissionPublishInput>;
