import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { ZMissionDocument } from './document.ts';
import type { MissionDocument } from './rules.ts';
import { missionVersions } from './schema.ts';

export type MissionVersionRow = Omit<typeof missionVersions.$inferSelect, 'document'> & { document: MissionDocument };

/**
 * Every stored mission version, oldest first, each document read through the document's schema so a
 * version stored before a field existed reads with that field's default (issue 17: the defaults live
 * in the document, not in the rules). The service caches the list (mission/service.ts).
 */
export async function listMissionVersions(db: DbOrTx): Promise<MissionVersionRow[]> {
  const rows = await db.select().from(missionVersions).orderBy(asc(missionVersions.effectiveFrom));
  return rows.map((r) => ({ ...r, document: ZMissionDocument.parse(r.document) }));
}

export async function insertMissionVersion(tx: DbOrTx, values: typeof missionVersions.$inferInsert) {
  return (await tx.insert(missionVersions).values(values).returning())[0];
}
