import { Hook } from '../platform/hooks.ts';

/** A mission draft about to be published. */
export interface MissionPublishing {
  draftId: string;
  year: number;
  effectiveFrom: string;
}

/**
 * Issue 20: a change to the mission is published only once the political decisions are
 * recorded. The governance capability, above this one, keeps the development requests and their board
 * decisions; it registers a check here at boot that throws a `refused` AppError naming what is missing.
 * The service also emits it without publishing, to show a draft's blockers before anyone tries.
 */
export const missionPublishing = new Hook<MissionPublishing>('mission-publishing', { required: true });
