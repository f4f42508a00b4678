import { calendarFor } from '../calendar/service.ts';
import type { ServiceWindow } from '../calendar/rules.ts';
import type { Problem } from '../org/rules.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { canSeeMunicipality } from '../platform/access.ts';
import type { Message, ServiceWindowPlan, WindowWork, WindowWorkDone, WindowWorkInput, WindowWorkPatch } from './contract.ts';
import { managesOperations, readsOutages } from './policy.ts';
import { permission } from './presenter.ts';
import { windowWorkProblems } from './rules.ts';
import { windowWork } from './schema.ts';
import {
  FORBIDDEN,
  fromRule,
  functionNames,
  insertOutage,
  labelled,
  messageAudit,
  municipalityNames,
  outageRefusal,
  outsideScope,
  reject,
  resolveRow,
  scopeMunicipalities,
  showMessage,
  toMinute,
} from './service.ts';
import * as store from './store.ts';

/**
 * the work planned in the calendar's service windows. Work goes in the primary window; the
 * secondary one needs the reason the primary could not be used; a window on a closed day needs an
 * explicit confirmation. Planned work is announced as an operations message and, once done,
 * registered as planned downtime inside the window (shown apart in the availability figures, R-9.1).
 */

/** The year's windows, each flagged when it falls on a closed day in any of the municipalities. */
async function windowsOf(db: DbOrTx, year: number, municipalityCodes: readonly string[]): Promise<ServiceWindow[]> {
  const calendars = await Promise.all(municipalityCodes.map((code) => calendarFor(db as Db, { municipality: code })));
  const [first, ...rest] = calendars.map((c) => c.serviceWindows(year));
  return (first ?? []).map((w, i) => {
    const closed = [w, ...rest.map((ws) => ws[i])].find((x) => x?.onClosedDay);
    return closed ? { ...w, onClosedDay: true, closedReason: closed.closedReason } : w;
  });
}

function workPermissions(actor: Actor, w: store.WindowWorkRow, messageId: string | null): WindowWork['permissions'] {
  const refusal = outageRefusal(actor, w);
  const notPlanned: Problem | null =
    w.status === 'planned'
      ? null
      : { field: 'status', reason: `the work is ${w.status}`, reasonSv: w.status === 'done' ? 'arbetet är utfört' : 'arbetet är inställt' };
  return {
    edit: permission(refusal ?? notPlanned),
    publish: permission(
      refusal ?? notPlanned ?? (messageId ? { field: 'message', reason: 'the work is already announced', reasonSv: 'arbetet är redan aviserat' } : null),
    ),
    done: permission(refusal ?? notPlanned),
    cancel: permission(refusal ?? notPlanned),
  };
}

interface Names {
  functions: ReadonlyMap<string, string>;
  municipalities: ReadonlyMap<string, string>;
}

function presentWork(actor: Actor, w: store.WindowWorkRow, names: Names, links: { messageId: string | null; outageId: string | null }): WindowWork {
  const ref = (ids: readonly string[], map: ReadonlyMap<string, string>) => ids.map((id) => ({ id, name: map.get(id) ?? '' }));
  return {
    id: w.id,
    windowDate: w.windowDate,
    windowKind: w.windowKind,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    title: w.title,
    publicText: w.publicText,
    internalNote: w.internalNote,
    secondaryReason: w.secondaryReason,
    closedDayConfirmed: w.closedDayConfirmed,
    causesOutage: w.causesOutage,
    status: w.status,
    functions: ref(w.functionIds, names.functions),
    municipalities: ref(w.municipalityIds, names.municipalities),
    messageId: links.messageId,
    outageId: links.outageId,
    version: w.version,
    permissions: workPermissions(actor, w, links.messageId),
  };
}

async function presentMany(db: DbOrTx, actor: Actor, rows: readonly store.WindowWorkRow[]): Promise<WindowWork[]> {
  const [links, functions, municipalities] = await Promise.all([
    store.windowWorkLinks(
      db,
      rows.map((r) => r.id),
    ),
    functionNames(db),
    municipalityNames(db),
  ]);
  return rows.map((w) =>
    presentWork(
      actor,
      w,
      { functions, municipalities },
      {
        messageId: links.messages.find((m) => m.windowWorkId === w.id && m.withdrawnAt === null)?.id ?? null,
        outageId: links.outages.find((o) => o.windowWorkId === w.id)?.id ?? null,
      },
    ),
  );
}

const presentOne = async (db: DbOrTx, actor: Actor, row: store.WindowWorkRow) => (await presentMany(db, actor, [row]))[0]!;

/** the year's windows with the work planned in each, in the reader's municipalities. */
export async function windowPlan(db: Db, actor: Actor, year: number): Promise<ServiceWindowPlan> {
  assertPolicy(actor, readsOutages);
  const municipalities = await scopeMunicipalities(db, actor);
  const windows = await windowsOf(
    db,
    year,
    municipalities.map((m) => m.code),
  );
  const rows = (await store.windowWorkBetween(db, `${year}-01-01`, `${year}-12-31`)).filter((w) =>
    w.municipalityIds.some((m) => canSeeMunicipality(actor.scope, m)),
  );
  const work = await presentMany(db, actor, rows);
  return {
    year,
    windows: windows.map((w) => ({
      date: w.date,
      kind: w.kind,
      startsAt: new Date(w.start).toISOString(),
      endsAt: new Date(w.end).toISOString(),
      onClosedDay: w.onClosedDay,
      closedReason: w.closedReason,
      work: work.filter((x) => x.windowDate === w.date),
    })),
    actions: { create: permission(managesOperations(actor) ? null : FORBIDDEN) },
  };
}

/** Checks window work against its window and the rules; answers the row's values. */
async function checkWork(db: DbOrTx, actor: Actor, input: WindowWorkInput) {
  const municipalityIds = [...new Set(input.municipalityIds)];
  const functionIds = [...new Set(input.functionIds)];
  const all = await scopeMunicipalities(db, { ...actor, scope: { kind: 'all' } });
  const codes = all.filter((m) => municipalityIds.includes(m.id)).map((m) => m.code);
  const year = Number(input.windowDate.slice(0, 4));
  const window = (await windowsOf(db, year, codes.length > 0 ? codes : all.map((m) => m.code))).find((w) => w.date === input.windowDate);
  const startsAt = input.startsAt ? toMinute(input.startsAt) : window ? new Date(window.start) : new Date(Date.parse(`${input.windowDate}T00:00:00Z`));
  const endsAt = input.endsAt ? toMinute(input.endsAt) : window ? new Date(window.end) : startsAt;
  const functions = await store.listFunctionsWhere(db, functionIds);
  reject([
    ...outsideScope(actor, municipalityIds),
    ...municipalityIds
      .filter((m) => !all.some((x) => x.id === m))
      .map(() => ({ field: 'municipalityIds', reason: 'unknown municipality', reasonSv: 'okänd kommun' })),
    ...functionIds
      .filter((id) => !functions.some((f) => f.id === id))
      .map(() => ({ field: 'functionIds', reason: 'unknown IT function', reasonSv: 'okänd it-funktion' })),
    ...windowWorkProblems({
      window,
      secondaryReason: input.secondaryReason,
      closedDayConfirmed: input.closedDayConfirmed,
      span: { start: startsAt.getTime(), end: endsAt.getTime() },
      windowSpan: window ? { start: window.start, end: window.end } : undefined,
    }).map(fromRule),
  ]);
  return {
    windowDate: input.windowDate,
    windowKind: window!.kind,
    startsAt,
    endsAt,
    title: input.title,
    publicText: input.publicText,
    internalNote: input.internalNote,
    secondaryReason: window!.kind === 'secondary' ? input.secondaryReason : null,
    closedDayConfirmed: input.closedDayConfirmed,
    causesOutage: input.causesOutage,
    functionIds,
    municipalityIds,
    updatedAt: now(),
  };
}

const workAudit = (tx: DbOrTx, actor: Actor, id: string, action: string, before: unknown, after: WindowWork) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: after.municipalities.length === 1 ? (after.municipalities[0]?.id ?? null) : null,
    entity: 'window_work',
    entityId: id,
    action,
    before,
    after,
  });

export async function createWork(db: Db, actor: Actor, input: WindowWorkInput): Promise<WindowWork> {
  assertPolicy(actor, managesOperations);
  const values = await checkWork(db, actor, input);
  return db.transaction(async (tx) => {
    const row = await store.insertWindowWork(tx, { ...values, createdBy: actor.id, createdAt: now() });
    const result = await presentOne(tx, actor, row);
    await workAudit(tx, actor, row.id, 'create', null, result);
    return result;
  });
}

async function workOrNotFound(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<store.WindowWorkRow> {
  const row = await store.findWindowWork(db, id, forUpdate);
  if (!row || !row.municipalityIds.some((m) => canSeeMunicipality(actor.scope, m))) throw new AppError('not_found');
  return row;
}

/** Loads the work for a change, checks the version and that `action` is allowed now. */
async function forChange(tx: DbOrTx, actor: Actor, id: string, version: number, action: keyof WindowWork['permissions']) {
  const before = await workOrNotFound(tx, actor, id, true);
  const shown = await presentOne(tx, actor, before);
  assertVersion(before, version, () => shown);
  const p = shown.permissions[action];
  if (!p.allowed) {
    throw new AppError(managesOperations(actor) ? 'conflict' : 'forbidden', [
      labelled({ field: 'status', reason: p.reason ?? '', reasonSv: p.reasonSv ?? '' }),
    ]);
  }
  return { before, shown };
}

export async function updateWork(db: Db, actor: Actor, id: string, patch: WindowWorkPatch): Promise<WindowWork> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const { shown } = await forChange(tx, actor, id, patch.version, 'edit');
    const values = await checkWork(tx, actor, patch);
    const row = await updateVersioned(tx, windowWork, { id, expectedVersion: patch.version, values, present: () => shown });
    const result = await presentOne(tx, actor, row);
    await workAudit(tx, actor, id, 'update', shown, result);
    return result;
  });
}

/** R-9.4: the work announced as planned work on the municipalities' operations messages. */
export async function announceWork(db: Db, actor: Actor, id: string): Promise<Message> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const work = await workOrNotFound(tx, actor, id, true);
    const shown = await presentOne(tx, actor, work);
    if (!shown.permissions.publish.allowed) {
      throw new AppError(managesOperations(actor) && shown.permissions.edit.allowed ? 'conflict' : 'forbidden', [
        labelled({ field: 'message', reason: shown.permissions.publish.reason ?? '', reasonSv: shown.permissions.publish.reasonSv ?? '' }),
      ]);
    }
    const at = now();
    const row = await store.insertMessage(tx, {
      kind: 'planned',
      title: work.title,
      body: work.publicText,
      startsAt: work.startsAt,
      expectedEndAt: work.endsAt,
      municipalityIds: work.municipalityIds,
      windowWorkId: work.id,
      publishedAt: at,
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
    });
    await messageAudit(tx, actor, row, 'publish', null);
    return showMessage(tx, actor, row);
  });
}

/**
 * The work is done: when it took the functions down, it is registered as planned downtime inside its
 * window, over the work's own times.
 */
export async function completeWork(db: Db, actor: Actor, id: string, input: WindowWorkDone): Promise<WindowWork> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const { before, shown } = await forChange(tx, actor, id, input.version, 'done');
    if (before.endsAt.getTime() > now().getTime()) {
      reject([{ field: 'status', reason: 'the work has not ended yet', reasonSv: 'arbetet är inte slut än: markera det som utfört efter fönstret' }]);
    }
    const row = await updateVersioned(tx, windowWork, { id, expectedVersion: input.version, values: { status: 'done' }, present: () => shown });
    if (before.causesOutage && before.functionIds.length > 0) {
      await insertOutage(tx, actor, {
        values: {
          title: before.title,
          startsAt: before.startsAt,
          endsAt: before.endsAt,
          kind: 'planned_window',
          plannedReason: null,
          incident: false,
          cause: 'Planerat arbete i servicefönster',
          actions: before.publicText,
          internalNote: before.internalNote,
          windowWorkId: before.id,
          updatedAt: now(),
        },
        links: { functionIds: before.functionIds, municipalityIds: before.municipalityIds, ticketIds: [] },
      });
    }
    const result = await presentOne(tx, actor, row);
    await workAudit(tx, actor, id, 'done', shown, result);
    return result;
  });
}

/** The work is called off; a planned-work message about it is closed as cancelled. */
export async function cancelWork(db: Db, actor: Actor, id: string, input: WindowWorkDone): Promise<WindowWork> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const { shown } = await forChange(tx, actor, id, input.version, 'cancel');
    const row = await updateVersioned(tx, windowWork, { id, expectedVersion: input.version, values: { status: 'cancelled' }, present: () => shown });
    const { messages } = await store.windowWorkLinks(tx, [id]);
    for (const m of messages) {
      if (m.withdrawnAt !== null || m.resolvedAt !== null) continue;
      await resolveRow(tx, actor, m, 'Arbetet är inställt.');
    }
    const result = await presentOne(tx, actor, row);
    await workAudit(tx, actor, id, 'cancel', shown, result);
    return result;
  });
}
