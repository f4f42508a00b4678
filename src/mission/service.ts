import { Temporal } from 'temporal-polyfill';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Permission } from '../platform/http/contract.ts';
import type { Actor } from '../platform/http/context.ts';
import { zodProblems } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { missionChanges } from './changes.ts';
import type { MissionBlocker, MissionSummary, MissionSummaryList, MissionVersionDetail } from './contract.ts';
import { ZMissionDocument } from './document.ts';
import { missionPublishing } from './hooks.ts';
import { missionFieldLabel } from './labels.ts';
import { editsMission, readsMissionDrafts } from './policy.ts';
import { draftFrom, missionInForce, missionProblems, publishProblems, versionsInEffect, type MissionDocument } from './rules.ts';
import { missionVersions } from './schema.ts';
import {
  deleteMissionDraft,
  findMissionVersion,
  insertMissionVersion,
  listMissionDrafts,
  listMissionVersions,
  nextRevision,
  type MissionVersionRow,
} from './store.ts';

const CACHE_MS = 30_000;
const cache = new WeakMap<Db, { at: number; versions: MissionVersionRow[] }>();

async function versions(db: Db): Promise<MissionVersionRow[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.versions;
  const rows = await listMissionVersions(db);
  cache.set(db, { at: Date.now(), versions: rows });
  return rows;
}

/**
 * Today's date in Stockholm (by the clock in force, platform/clock.ts): the date every "which
 * mission applies" question is asked for.
 */
export function stockholmToday(at: Temporal.Instant = Temporal.Instant.fromEpochMilliseconds(now().getTime())): string {
  return at.toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
}

/**
 * The mission in force on a local date. Before the first stored version the earliest one
 * applies, so a fresh installation always has rules. Drafts never apply.
 */
export async function missionOn(db: Db, localDate: string = stockholmToday()): Promise<MissionVersionRow> {
  const all = await versions(db);
  const found = missionInForce(all, localDate) ?? all[0];
  if (!found) throw new AppError('not_found', [{ field: 'mission', reason: 'no mission is stored', reasonSv: 'inget ramuppdrag finns' }]);
  return found;
}

/** The published versions that ever govern a date, oldest first (the calendar compiles these). */
export async function listMissions(db: Db): Promise<MissionVersionRow[]> {
  return versionsInEffect(await versions(db));
}

const allow: Permission = { allowed: true, reason: null, reasonSv: null };
const deny = (reason: string, reasonSv: string): Permission => ({ allowed: false, reason, reasonSv });
const NOT_YOURS = deny('Only IT management edits the mission.', 'Bara it-ledningen ändrar ramuppdraget.');

/** A version as the API shows it, without its document. */
export const summary = (m: MissionVersionRow): MissionSummary => ({
  id: m.id,
  year: m.year,
  revision: m.revision,
  status: m.status,
  effectiveFrom: m.effectiveFrom,
  title: m.title,
  version: m.version,
  publishedAt: m.publishedAt?.toISOString() ?? null,
});

/** GET /missions: the published versions, and the drafts for those who may read them. */
export async function missionOverview(db: Db, actor: Actor): Promise<MissionSummaryList> {
  const published = await listMissionVersions(db);
  const drafts = readsMissionDrafts(actor) ? await listMissionDrafts(db) : [];
  const newest = published.reduce((y, m) => Math.max(y, m.year), 0);
  return {
    items: published.map(summary),
    drafts: drafts.map(summary),
    nextYear: Math.max(newest + 1, Number(stockholmToday().slice(0, 4)) + 1),
    actions: { createDraft: editsMission(actor) ? allow : NOT_YOURS },
  };
}

/** A document path's segments from a dotted field (`calendar.openingHours.friday.close`). */
const segments = (dotted: string): (string | number)[] => (dotted ? dotted.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : []);

/** Every problem of a mission document, each naming its field by its Swedish label. */
export function documentProblems(input: unknown): { doc: MissionDocument; problems: FieldProblem[] } | { doc: undefined; problems: FieldProblem[] } {
  const parsed = ZMissionDocument.safeParse(input);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error, '', ZMissionDocument).map((p) => ({
      ...p,
      field: `document.${p.field}`,
      label: missionFieldLabel(segments(p.field === 'body' ? '' : p.field)),
    }));
    return { doc: undefined, problems };
  }
  const doc = parsed.data;
  const problems = missionProblems(doc).map((p): FieldProblem => ({
    field: `document.${p.path}`,
    label: missionFieldLabel(segments(p.path), doc),
    reason: p.message,
    reasonSv: p.messageSv,
  }));
  return { doc, problems };
}

/** Stores a published mission version after full validation (the seed; people publish drafts). */
export async function saveMission(db: Db, actorUserId: string | null, input: unknown): Promise<MissionVersionRow> {
  const { doc, problems } = documentProblems(input);
  if (!doc || problems.length) throw new AppError('validation', problems);
  const row = await db.transaction(async (tx) => {
    const revision = await nextRevision(tx, doc.year);
    const at = now();
    const inserted = await insertMissionVersion(tx, {
      year: doc.year,
      revision,
      status: 'published',
      effectiveFrom: doc.effectiveFrom,
      title: doc.title,
      document: doc,
      createdBy: actorUserId,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      publishedBy: actorUserId,
    });
    if (!inserted) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId,
      municipalityId: null,
      entity: 'mission',
      entityId: String(doc.year),
      action: 'create',
      after: { year: doc.year, title: doc.title },
    });
    return inserted;
  });
  cache.delete(db);
  return { ...row, document: doc };
}

async function readable(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<MissionVersionRow> {
  const row = await findMissionVersion(db, id, forUpdate);
  if (!row || (row.status === 'draft' && !readsMissionDrafts(actor))) throw new AppError('not_found');
  return row;
}

/** What stops a draft from being published: its document's problems, the publishing rules, the decisions. */
async function blockersOf(tx: DbOrTx, row: MissionVersionRow): Promise<MissionBlocker[]> {
  if (row.status !== 'draft') return [];
  const doc = row.document;
  const blockers: MissionBlocker[] = documentProblems(doc).problems.map((p) => ({
    field: p.field,
    label: p.label ?? null,
    reason: p.reason,
    reasonSv: p.reasonSv,
  }));
  const published = await listMissionVersions(tx);
  for (const p of publishProblems(doc, published, stockholmToday())) {
    blockers.push({ field: `document.${p.path}`, label: missionFieldLabel(segments(p.path), doc), reason: p.message, reasonSv: p.messageSv });
  }
  try {
    await missionPublishing.emit(tx, { draftId: row.id, year: row.year, effectiveFrom: doc.effectiveFrom });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    for (const p of e.problems) blockers.push({ field: null, label: null, reason: p.reason, reasonSv: p.reasonSv });
  }
  return blockers;
}

async function detail(tx: DbOrTx, actor: Actor, row: MissionVersionRow): Promise<MissionVersionDetail> {
  const base = row.basedOnId ? await findMissionVersion(tx, row.basedOnId) : undefined;
  const blockers = await blockersOf(tx, row);
  const draft = row.status === 'draft';
  const edit = !draft
    ? deny('A published mission never changes; make a correction instead.', 'Ett publicerat ramuppdrag ändras aldrig; gör en rättelse i stället.')
    : editsMission(actor)
      ? allow
      : NOT_YOURS;
  return {
    ...summary(row),
    document: row.document,
    basedOn: base ? { id: base.id, year: base.year, revision: base.revision, title: base.title } : null,
    changes: base ? missionChanges(base.document, row.document).map((c) => ({ kind: c.kind, path: [...c.path], text: c.text })) : [],
    blockers,
    actions: {
      edit,
      publish: !edit.allowed ? edit : blockers.length ? deny('Resolve what the list names first.', 'Åtgärda först det som listan nämner.') : allow,
      discard: edit,
    },
  };
}

/** GET /mission-versions/{id} */
export async function readMissionVersion(db: Db, actor: Actor, id: string): Promise<MissionVersionDetail> {
  return db.transaction(async (tx) => detail(tx, actor, await readable(tx, actor, id)));
}

/**
 * IT management makes a draft for `year` from the newest published version of that year or
 * before (a draft for a year already published is a correction). One draft per year.
 */
export async function createMissionDraft(db: Db, actor: Actor, year: number): Promise<MissionVersionDetail> {
  assertPolicy(actor, editsMission);
  return db.transaction(async (tx) => {
    const drafts = await listMissionDrafts(tx);
    if (drafts.some((d) => d.year === year)) {
      throw new AppError('refused', [
        {
          field: 'year',
          reason: `there is already a draft for ${year}; open it instead`,
          reasonSv: `det finns redan ett utkast för ${year}; öppna det i stället`,
        },
      ]);
    }
    const published = await listMissionVersions(tx);
    const base = published
      .filter((p) => p.year <= year)
      .reduce<MissionVersionRow | undefined>(
        (a, p) => (a === undefined || p.year > a.year || (p.year === a.year && p.revision > a.revision) ? p : a),
        undefined,
      );
    if (!base) {
      throw new AppError('validation', [
        {
          field: 'year',
          reason: `no mission is published for ${year} or earlier to start from`,
          reasonSv: `det finns inget publicerat ramuppdrag för ${year} eller tidigare att utgå från`,
        },
      ]);
    }
    const doc = draftFrom(base.document, year, stockholmToday());
    const at = now();
    const row = await insertMissionVersion(tx, {
      year,
      revision: await nextRevision(tx, year),
      status: 'draft',
      effectiveFrom: doc.effectiveFrom,
      title: doc.title,
      document: doc,
      basedOnId: base.id,
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
    });
    if (!row) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'mission',
      entityId: row.id,
      action: 'create_draft',
      after: { year, title: doc.title, basedOn: `${base.year}:${base.revision}` },
    });
    return detail(tx, actor, { ...row, document: doc });
  });
}

async function editableDraft(tx: DbOrTx, actor: Actor, id: string, expectedVersion: number): Promise<MissionVersionRow> {
  assertPolicy(actor, editsMission);
  const row = await readable(tx, actor, id, true);
  if (row.status !== 'draft') {
    throw new AppError('refused', [
      {
        field: 'status',
        reason: 'a published mission never changes; make a correction instead',
        reasonSv: 'ett publicerat ramuppdrag ändras aldrig; gör en rättelse i stället',
      },
    ]);
  }
  assertVersion(row, expectedVersion, summary);
  return row;
}

/** PUT /mission-versions/{id}: saves a draft's whole document once it has no problems. */
export async function saveMissionDraft(db: Db, actor: Actor, id: string, input: { version: number; document: unknown }): Promise<MissionVersionDetail> {
  return db.transaction(async (tx) => {
    const row = await editableDraft(tx, actor, id, input.version);
    const { doc, problems } = documentProblems(input.document);
    if (doc && doc.year !== row.year) {
      problems.push({
        field: 'document.year',
        label: missionFieldLabel(['year']),
        reason: `the draft is for ${row.year}`,
        reasonSv: `utkastet gäller ${row.year}`,
      });
    }
    if (!doc || problems.length) throw new AppError('validation', problems);
    const updated = await updateVersioned(tx, missionVersions, {
      id,
      expectedVersion: input.version,
      values: { document: doc, title: doc.title, effectiveFrom: doc.effectiveFrom },
      present: (r) => summary({ ...r, document: doc }),
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'mission',
      entityId: id,
      action: 'update',
      after: { year: doc.year, title: doc.title, changes: missionChanges(row.document, doc).map((c) => c.text) },
    });
    return detail(tx, actor, { ...updated, document: doc });
  });
}

/**
 * POST /mission-versions/{id}/publish: the draft becomes the year's next revision, in force from its
 * date — once nothing blocks it (its problems, the publishing rules, the political decisions). It never
 * changes again.
 */
export async function publishMissionDraft(db: Db, actor: Actor, id: string, expectedVersion: number): Promise<MissionVersionDetail> {
  const result = await db.transaction(async (tx) => {
    const row = await editableDraft(tx, actor, id, expectedVersion);
    const blockers = await blockersOf(tx, row);
    if (blockers.length) {
      throw new AppError(
        'refused',
        blockers.map((b) => ({ field: b.field ?? 'status', ...(b.label ? { label: b.label } : {}), reason: b.reason, reasonSv: b.reasonSv })),
      );
    }
    const at = now();
    const updated = await updateVersioned(tx, missionVersions, {
      id,
      expectedVersion,
      values: { status: 'published', revision: await nextRevision(tx, row.year), publishedAt: at, publishedBy: actor.id },
      present: (r) => summary({ ...r, document: row.document }),
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'mission',
      entityId: id,
      action: 'publish',
      after: { year: row.year, revision: updated.revision, title: row.title, effectiveFrom: row.effectiveFrom },
    });
    return detail(tx, actor, { ...updated, document: row.document });
  });
  cache.delete(db);
  return result;
}

/** DELETE /mission-versions/{id}: a draft may be thrown away; a published version never. */
export async function discardMissionDraft(db: Db, actor: Actor, id: string, expectedVersion: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await editableDraft(tx, actor, id, expectedVersion);
    await deleteMissionDraft(tx, id);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'mission',
      entityId: id,
      action: 'discard_draft',
      before: { year: row.year, title: row.title },
    });
  });
}

/** The published version of `year` that is its newest revision. */
export async function missionOfYear(db: Db, year: number): Promise<MissionVersionRow | undefined> {
  return (await versions(db))
    .filter((m) => m.year === year)
    .reduce<MissionVersionRow | undefined>((a, m) => (a === undefined || m.revision > a.revision ? m : a), undefined);
}
