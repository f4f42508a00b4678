import { and, asc, eq, max } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.ts';
import { ZMissionDocument } from './document.ts';
import type { MissionDocument } from './rules.ts';
import { missionVersions } from './schema.ts';

export type MissionVersionRow = Omit<typeof missionVersions.$inferSelect, 'document'> & { document: MissionDocument };

const read = (r: typeof missionVersions.$inferSelect): MissionVersionRow => ({ ...r, document: ZMissionDocument.parse(r.document) });

/**
 * Every published mission version, oldest first (by effective date, then revision), each document read
 * through the document's schema so a version stored before a field existed reads with that field's
 * default (issue 17: the defaults live in the document, not in the rules). The service caches the list
 * (mission/service.ts).
 */
export async function listMissionVersions(db: DbOrTx): Promise<MissionVersionRow[]> {
  const rows = await db
    .select()
    .from(missionVersions)
    .where(eq(missionVersions.status, 'published'))
    .orderBy(asc(missionVersions.effectiveFrom), asc(missionVersions.revision));
  return rows.map(read);
}

/** the drafts, one per year at most, by year. */
export async function listMissionDrafts(db: DbOrTx): Promise<MissionVersionRow[]> {
  const rows = await db.select().from(missionVersions).where(eq(missionVersions.status, 'draft')).orderBy(asc(missionVersions.year));
  return rows.map(read);
}

/** One version, draft or published; `forUpdate` locks the row for the rest of the transaction. */
export async function findMissionVersion(db: DbOrTx, id: string, forUpdate = false): Promise<MissionVersionRow | undefined> {
  const q = db.select().from(missionVersions).where(eq(missionVersions.id, id)).limit(1);
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ? read(row) : undefined;
}

/** The revision the next published version of `year` gets. */
export async function nextRevision(tx: DbOrTx, year: number): Promise<number> {
  const [row] = await tx
    .select({ last: max(missionVersions.revision) })
    .from(missionVersions)
    .where(and(eq(missionVersions.year, year), eq(missionVersions.status, 'published')));
  return (row?.last ?? 0) + 1;
}

export async function insertMissionVersion(tx: DbOrTx, values: typeof missionVersions.$inferInsert) {
  return (await tx.insert(missionVersions).values(values).returning())[0];
}

export async function deleteMissionDraft(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(missionVersions).where(and(eq(missionVersions.id, id), eq(missionVersions.status, 'draft')));
}
