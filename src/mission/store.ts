import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { missionVersions } from './schema.ts';

export type MissionVersionRow = typeof missionVersions.$inferSelect;

export function listMissionVersions(db: DbOrTx): Promise<MissionVersionRow[]> {
  return db.select().from(missionVersions).orderBy(asc(missionVersions.effectiveFrom));
}
