import { z } from '@hono/zod-openapi';
import { ZMissionDocument } from './document.ts';

/**
 * The mission's contract (docs/decisions/0010): the answers of GET /api/v1/mission and /missions
 * (the yearly mission, R-1) and their types. Routes declare these schemas, and the web app imports
 * the types.
 */

export const ZMissionVersion = z
  .object({ year: z.number().int(), effectiveFrom: z.string(), title: z.string(), version: z.number().int(), document: ZMissionDocument })
  .openapi('MissionVersion');
export type MissionVersion = z.infer<typeof ZMissionVersion>;

/** GET /missions: the stored versions without their documents. */
export const ZMissionSummary = ZMissionVersion.omit({ document: true });
export type MissionSummary = z.infer<typeof ZMissionSummary>;
export const ZMissionSummaryList = z.object({ items: z.array(ZMissionSummary) });
export type MissionSummaryList = z.infer<typeof ZMissionSummaryList>;

/** GET /mission */
export const ZMissionDateQuery = z.object({ date: z.iso.date().optional() });
