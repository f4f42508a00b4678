import { calendarFor } from '../calendar/service.ts';
import { missionOn } from '../mission/service.ts';
import type { Problem } from '../org/rules.ts';
import { canSeeMunicipality } from '../platform/access.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import type {
  AvailabilityReport,
  ItFunction,
  ItFunctionInput,
  ItFunctionList,
  ItFunctionPatch,
  Message,
  MessageFromOutage,
  MessageInput,
  MessageList,
  MessageResolve,
  MessageWithdraw,
  Outage,
  OutageEnd,
  OutageFromTicket,
  OutageInput,
  OutageList,
  OutagePatch,
} from './contract.ts';
import { managesOperations, readsAvailability, readsOutages } from './policy.ts';
import { messageFacts, permission, presentFunction, presentMessage, presentOutageSummary, presentPeriod, presentPublicMessage } from './presenter.ts';
import {
  availability,
  countsAgainstCap,
  followUpPeriods,
  HOUR,
  incidentCount,
  isShown,
  lastShownChange,
  messageState,
  MINUTE,
  nextShownChange,
  outageProblems,
  targetArithmetic,
  yearPeriod,
  type OutageFacts,
  type Period,
  type RuleProblem,
} from './rules.ts';
import { itFunctions, operationsMessages, outages } from './schema.ts';
import * as store from './store.ts';

/** The Swedish and English names of the fields a rule's problem may point at (issue 16: labels, never paths). */
const LABELS: Record<string, [string, string]> = {
  title: ['Rubrik', 'Title'],
  startsAt: ['Start', 'Start'],
  endsAt: ['Slut', 'End'],
  kind: ['Typ av avbrott', 'Kind of outage'],
  plannedReason: ['Skäl att arbeta utanför servicefönster', 'Reason for working outside a window'],
  functionIds: ['It-funktioner', 'IT functions'],
  municipalityIds: ['Kommuner', 'Municipalities'],
  ticketIds: ['Ärenden', 'Tickets'],
  ticketId: ['Ärende', 'Ticket'],
  expectedEndAt: ['Beräknat klart', 'Expected end'],
  outage: ['Avbrott', 'Outage'],
  message: ['Driftmeddelande', 'Operations message'],
  windowDate: ['Servicefönster', 'Service window'],
  secondaryReason: ['Varför inte det primära fönstret', 'Why not the primary window'],
  closedDayConfirmed: ['Bekräftat trots stängd dag', 'Confirmed despite a closed day'],
  status: ['Status', 'Status'],
  sections: ['Avsnitt', 'Sections'],
  recipients: ['Mottagare', 'Recipients'],
};

export function labelled(p: Problem): FieldProblem {
  const names = LABELS[p.field];
  return names ? { ...p, label: names[0], labelEn: names[1] } : p;
}

export function reject(problems: readonly Problem[], code: 'validation' | 'conflict' = 'validation'): void {
  if (problems.length > 0) throw new AppError(code, problems.map(labelled));
}

export const fromRule = (p: RuleProblem): Problem => ({ field: p.field, reason: p.en, reasonSv: p.sv });

export const FORBIDDEN: Problem = {
  field: 'role',
  reason: 'only agents of the second and third line and IT management register outages and publish messages',
  reasonSv: 'bara tekniker i andra och tredje linjen och it-ledningen registrerar avbrott och publicerar driftmeddelanden',
};

/** Whole minutes: outages are registered to the minute, so every figure is a whole number of minutes. */
export const toMinute = (iso: string): Date => new Date(Math.floor(Date.parse(iso) / MINUTE) * MINUTE);

export async function municipalityNames(db: DbOrTx): Promise<Map<string, string>> {
  return new Map((await store.listMunicipalities(db)).map((m) => [m.id, m.name]));
}

/** The municipalities the actor sees, by id and name. */
export async function scopeMunicipalities(db: DbOrTx, actor: Actor): Promise<{ id: string; code: string; name: string }[]> {
  return (await store.listMunicipalities(db)).filter((m) => canSeeMunicipality(actor.scope, m.id));
}

export function outsideScope(actor: Actor, ids: readonly string[], field = 'municipalityIds'): Problem[] {
  return ids
    .filter((id) => !canSeeMunicipality(actor.scope, id))
    .map(() => ({ field, reason: 'a municipality outside your own', reasonSv: 'en kommun utanför din egen' }));
}

// ---------------------------------------------------------------- IT functions

/**
 * The mission's intefunktion list as IT functions serving both municipalities, seeded at boot for each
 * code not yet present (a function the unit renamed or stopped measuring stays as the unit left it).
 */
export async function seedItFunctions(db: Db): Promise<void> {
  const mission = await missionOn(db);
  await db.transaction(async (tx) => {
    const present = await store.seededMissionCodes(tx);
    const municipalityIds = (await store.listMunicipalities(tx)).map((m) => m.id);
    let sortOrder = await store.nextFunctionSortOrder(tx);
    for (const f of mission.document.support.intefunktion.functions) {
      if (present.has(f.code)) continue;
      const row = await store.insertFunction(tx, { missionCode: f.code, name: f.label, sortOrder: sortOrder++ });
      await store.replaceFunctionMunicipalities(tx, row.id, municipalityIds);
      await writeAudit(tx, {
        actorUserId: null,
        municipalityId: null,
        entity: 'it_function',
        entityId: row.id,
        action: 'create',
        after: { ...row, municipalityIds },
      });
    }
  });
}

export async function listFunctions(db: Db, actor: Actor): Promise<ItFunctionList> {
  assertPolicy(actor, readsAvailability);
  const names = await municipalityNames(db);
  const rows = (await store.listFunctions(db)).filter((f) => f.municipalityIds.some((m) => canSeeMunicipality(actor.scope, m)));
  return { items: rows.map((f) => presentFunction(f, names)), actions: { create: permission(managesOperations(actor) ? null : FORBIDDEN) } };
}

async function checkFunctionInput(db: DbOrTx, actor: Actor, input: ItFunctionInput): Promise<void> {
  const known = new Set((await store.listMunicipalities(db)).map((m) => m.id));
  reject([
    ...outsideScope(actor, input.municipalityIds),
    ...input.municipalityIds.filter((m) => !known.has(m)).map(() => ({ field: 'municipalityIds', reason: 'unknown municipality', reasonSv: 'okänd kommun' })),
  ]);
}

export async function createFunction(db: Db, actor: Actor, input: ItFunctionInput): Promise<ItFunction> {
  assertPolicy(actor, managesOperations);
  await checkFunctionInput(db, actor, input);
  return db.transaction(async (tx) => {
    const row = await store.insertFunction(tx, {
      name: input.name,
      description: input.description,
      active: input.active,
      sortOrder: await store.nextFunctionSortOrder(tx),
      createdAt: now(),
      updatedAt: now(),
    });
    await store.replaceFunctionMunicipalities(tx, row.id, input.municipalityIds);
    const saved = { ...row, municipalityIds: [...input.municipalityIds] };
    const result = presentFunction(saved, await municipalityNames(tx));
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: null, entity: 'it_function', entityId: row.id, action: 'create', after: result });
    return result;
  });
}

export async function updateFunction(db: Db, actor: Actor, id: string, patch: ItFunctionPatch): Promise<ItFunction> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const before = await store.findFunction(tx, id);
    if (!before || !before.municipalityIds.some((m) => canSeeMunicipality(actor.scope, m))) throw new AppError('not_found');
    const names = await municipalityNames(tx);
    assertVersion(before, patch.version, (r) => presentFunction(r, names));
    await checkFunctionInput(tx, actor, patch);
    const row = await updateVersioned(tx, itFunctions, {
      id,
      expectedVersion: patch.version,
      values: { name: patch.name, description: patch.description, active: patch.active },
      present: (r) => presentFunction({ ...r, municipalityIds: before.municipalityIds }, names),
    });
    await store.replaceFunctionMunicipalities(tx, id, patch.municipalityIds);
    const result = presentFunction({ ...row, municipalityIds: [...patch.municipalityIds] }, names);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'it_function',
      entityId: id,
      action: 'update',
      before: presentFunction(before, names),
      after: result,
    });
    return result;
  });
}

// ---------------------------------------------------------------- outages

export async function functionNames(db: DbOrTx): Promise<Map<string, string>> {
  return new Map((await store.listFunctions(db)).map((f) => [f.id, f.name]));
}

export function outageRefusal(actor: Actor, o: { municipalityIds: readonly string[] }): Problem | null {
  if (!managesOperations(actor)) return FORBIDDEN;
  if (o.municipalityIds.some((m) => !canSeeMunicipality(actor.scope, m))) {
    return {
      field: 'municipalityIds',
      reason: 'the outage also concerns a municipality outside your own',
      reasonSv: 'avbrottet gäller också en kommun utanför din egen',
    };
  }
  return null;
}

async function presentOutage(db: DbOrTx, actor: Actor, row: store.OutageRow & store.OutageLinks): Promise<Outage> {
  const at = now();
  const [fnNames, mNames, ticketRows, messages] = await Promise.all([
    functionNames(db),
    municipalityNames(db),
    store.ticketsByIds(db, row.ticketIds),
    store.messagesOfOutage(db, row.id),
  ]);
  const refusal = outageRefusal(actor, row);
  const openMessage = messages.find((m) => m.withdrawnAt === null && messageState(messageFacts(m), at.getTime()) !== 'resolved');
  return {
    ...presentOutageSummary(row, { functions: fnNames, municipalities: mNames }, at),
    plannedReason: row.plannedReason,
    cause: row.cause,
    actions: row.actions,
    internalNote: row.internalNote,
    tickets: ticketRows.map((t) => ({ id: t.id, number: t.number, subject: t.subject })),
    messages: messages.map((m) => ({ id: m.id, title: m.title, state: messageState(messageFacts(m), at.getTime()), withdrawn: m.withdrawnAt !== null })),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    permissions: {
      edit: permission(refusal),
      publish: permission(
        refusal ??
          (openMessage
            ? { field: 'message', reason: 'a message about this outage is already published', reasonSv: 'ett driftmeddelande om avbrottet är redan publicerat' }
            : null),
      ),
      end: permission(refusal ?? (row.endsAt ? { field: 'endsAt', reason: 'the outage has ended', reasonSv: 'avbrottet är redan avslutat' } : null)),
    },
  };
}

export async function outageOrNotFound(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<store.OutageRow & store.OutageLinks> {
  const row = await store.findOutage(db, id, forUpdate);
  if (!row || !row.municipalityIds.some((m) => canSeeMunicipality(actor.scope, m))) throw new AppError('not_found');
  return row;
}

/** The service windows of the years an outage may touch, from the calendar. */
async function windowsAround(db: DbOrTx, start: Date): Promise<{ start: number; end: number }[]> {
  const calendar = await calendarFor(db);
  const year = Number(start.toISOString().slice(0, 4));
  return [year - 1, year, year + 1].flatMap((y) => calendar.serviceWindows(y));
}

export interface CheckedOutage {
  values: Omit<typeof outages.$inferInsert, 'id' | 'version' | 'createdBy' | 'createdAt'>;
  links: store.OutageLinks;
}

/** Checks an outage's input against the rules and the records it names; refuses with every problem at once. */
async function checkOutage(db: DbOrTx, actor: Actor, input: OutageInput): Promise<CheckedOutage> {
  const startsAt = toMinute(input.startsAt);
  const endsAt = input.endsAt === null ? null : toMinute(input.endsAt);
  const municipalityIds = [...new Set(input.municipalityIds)];
  const functionIds = [...new Set(input.functionIds)];
  const ticketIds = [...new Set(input.ticketIds)];
  const [functions, ticketRows, windows, known] = await Promise.all([
    store.listFunctionsWhere(db, functionIds),
    store.ticketsByIds(db, ticketIds),
    windowsAround(db, startsAt),
    store.listMunicipalities(db),
  ]);
  const problems: Problem[] = [
    ...outsideScope(actor, municipalityIds),
    ...municipalityIds
      .filter((m) => !known.some((k) => k.id === m))
      .map(() => ({ field: 'municipalityIds', reason: 'unknown municipality', reasonSv: 'okänd kommun' })),
    ...outageProblems(
      {
        kind: input.kind,
        incident: input.incident,
        start: startsAt.getTime(),
        end: endsAt?.getTime() ?? null,
        plannedReason: input.plannedReason,
        functionIds,
        municipalityIds,
      },
      windows,
    ).map(fromRule),
  ];
  for (const id of functionIds) {
    const f = functions.find((x) => x.id === id);
    if (!f) problems.push({ field: 'functionIds', reason: 'unknown IT function', reasonSv: 'okänd it-funktion' });
    else if (!f.municipalityIds.some((m) => municipalityIds.includes(m))) {
      problems.push({
        field: 'functionIds',
        reason: `${f.name} serves none of the chosen municipalities`,
        reasonSv: `${f.name} används inte i någon av de valda kommunerna`,
      });
    }
  }
  for (const id of ticketIds) {
    const t = ticketRows.find((x) => x.id === id);
    if (!t || !canSeeMunicipality(actor.scope, t.municipalityId)) problems.push({ field: 'ticketIds', reason: 'unknown ticket', reasonSv: 'okänt ärende' });
    else if (!municipalityIds.includes(t.municipalityId)) {
      problems.push({
        field: 'ticketIds',
        reason: `ticket ${t.number} is from a municipality the outage does not name`,
        reasonSv: `ärende ${t.number} kommer från en kommun som avbrottet inte gäller`,
      });
    }
  }
  reject(problems);
  return {
    values: {
      title: input.title,
      startsAt,
      endsAt,
      kind: input.kind,
      plannedReason: input.kind === 'planned_other' ? input.plannedReason : null,
      incident: input.incident,
      cause: input.cause,
      actions: input.actions,
      internalNote: input.internalNote,
      updatedAt: now(),
    },
    links: { functionIds, municipalityIds, ticketIds },
  };
}

const outageAudit = (tx: DbOrTx, actor: Actor, id: string, action: string, before: unknown, after: Outage) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: after.municipalities.length === 1 ? (after.municipalities[0]?.id ?? null) : null,
    entity: 'outage',
    entityId: id,
    action,
    before,
    after,
  });

export async function insertOutage(tx: DbOrTx, actor: Actor, checked: CheckedOutage): Promise<Outage> {
  const row = await store.insertOutage(tx, { ...checked.values, createdBy: actor.id, createdAt: now() });
  await store.replaceOutageLinks(tx, row.id, checked.links);
  const result = await presentOutage(tx, actor, { ...row, ...checked.links });
  await outageAudit(tx, actor, row.id, 'create', null, result);
  return result;
}

export async function createOutage(db: Db, actor: Actor, input: OutageInput): Promise<Outage> {
  assertPolicy(actor, managesOperations);
  const checked = await checkOutage(db, actor, input);
  return db.transaction((tx) => insertOutage(tx, actor, checked));
}

/**
 * An outage started from an incident ticket in one action: from the time the call came, in the
 * ticket's municipality, titled by its subject and linked to it (the ticket must be marked as
 * affecting operations).
 */
export async function outageFromTicket(db: Db, actor: Actor, input: OutageFromTicket): Promise<Outage> {
  assertPolicy(actor, managesOperations);
  const [ticket] = await store.ticketsByIds(db, [input.ticketId]);
  if (!ticket || !canSeeMunicipality(actor.scope, ticket.municipalityId)) reject([{ field: 'ticketId', reason: 'unknown ticket', reasonSv: 'okänt ärende' }]);
  const t = ticket!;
  if (!t.affectsOperations) {
    reject([
      {
        field: 'ticketId',
        reason: `ticket ${t.number} is not marked as affecting operations: mark it first`,
        reasonSv: `ärende ${t.number} är inte markerat som att det påverkar driften: markera det först`,
      },
    ]);
  }
  const checked = await checkOutage(db, actor, {
    title: t.subject,
    startsAt: t.receivedAt.toISOString(),
    endsAt: null,
    kind: 'unplanned',
    plannedReason: null,
    incident: false,
    cause: '',
    actions: '',
    internalNote: '',
    functionIds: input.functionIds,
    municipalityIds: [t.municipalityId],
    ticketIds: [t.id],
  });
  return db.transaction((tx) => insertOutage(tx, actor, checked));
}

export async function getOutage(db: Db, actor: Actor, id: string): Promise<Outage> {
  assertPolicy(actor, readsOutages);
  return presentOutage(db, actor, await outageOrNotFound(db, actor, id));
}

export async function updateOutage(db: Db, actor: Actor, id: string, patch: OutagePatch): Promise<Outage> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const before = await outageOrNotFound(tx, actor, id, true);
    const beforeShown = await presentOutage(tx, actor, before);
    assertVersion(before, patch.version, () => beforeShown);
    const refusal = outageRefusal(actor, before);
    if (refusal) throw new AppError('forbidden', [labelled(refusal)]);
    const checked = await checkOutage(tx, actor, patch);
    const row = await updateVersioned(tx, outages, { id, expectedVersion: patch.version, values: checked.values, present: () => beforeShown });
    await store.replaceOutageLinks(tx, id, checked.links);
    const result = await presentOutage(tx, actor, { ...row, ...checked.links });
    await outageAudit(tx, actor, id, 'update', beforeShown, result);
    return result;
  });
}

/**
 * Ends an ongoing outage. With a resolution text, the messages published about it that are still
 * going on are resolved with it, in the same change.
 */
export async function endOutage(db: Db, actor: Actor, id: string, input: OutageEnd): Promise<Outage> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const before = await outageOrNotFound(tx, actor, id, true);
    const beforeShown = await presentOutage(tx, actor, before);
    assertVersion(before, input.version, () => beforeShown);
    if (!beforeShown.permissions.end.allowed) {
      throw new AppError('conflict', [
        labelled({ field: 'endsAt', reason: beforeShown.permissions.end.reason ?? '', reasonSv: beforeShown.permissions.end.reasonSv ?? '' }),
      ]);
    }
    const endsAt = toMinute(input.endsAt);
    if (endsAt.getTime() <= before.startsAt.getTime()) reject([{ field: 'endsAt', reason: 'must be after the start', reasonSv: 'måste vara efter starten' }]);
    if (endsAt.getTime() > now().getTime() + MINUTE) reject([{ field: 'endsAt', reason: 'cannot be in the future', reasonSv: 'kan inte ligga i framtiden' }]);
    const row = await updateVersioned(tx, outages, { id, expectedVersion: input.version, values: { endsAt }, present: () => beforeShown });
    if (input.resolutionText !== undefined) {
      for (const m of await store.messagesOfOutage(tx, id)) {
        if (m.withdrawnAt !== null || m.resolvedAt !== null) continue;
        await resolveRow(tx, actor, m, input.resolutionText);
      }
    }
    const result = await presentOutage(tx, actor, {
      ...row,
      functionIds: before.functionIds,
      municipalityIds: before.municipalityIds,
      ticketIds: before.ticketIds,
    });
    await outageAudit(tx, actor, id, 'end', beforeShown, result);
    return result;
  });
}

export async function listOutages(db: Db, actor: Actor, query: { year: number; municipalityId?: string | undefined }): Promise<OutageList> {
  assertPolicy(actor, readsOutages);
  const municipalities = (await scopeMunicipalities(db, actor)).filter((m) => !query.municipalityId || m.id === query.municipalityId);
  const mission = await missionOn(db, `${query.year}-01-01`);
  const year = yearPeriod(query.year, mission.document.calendar.timeZone);
  const rows = await store.outagesBetween(
    db,
    new Date(year.start),
    new Date(year.end),
    municipalities.map((m) => m.id),
  );
  const names = { functions: await functionNames(db), municipalities: await municipalityNames(db) };
  const at = now();
  return {
    year: query.year,
    items: rows.map((r) => presentOutageSummary(r, names, at)),
    actions: { create: permission(managesOperations(actor) ? null : FORBIDDEN) },
  };
}

// ---------------------------------------------------------------- the availability report

/** The functions measured: those in use, and retired ones an outage in the span still names, of the municipalities reported on. */
function measuredFunctions(rows: readonly store.FunctionRow[], facts: readonly OutageFacts[], municipalityIds: readonly string[]) {
  const hit = new Set(facts.flatMap((o) => o.functionIds));
  return rows
    .filter((f) => (f.active || hit.has(f.id)) && f.municipalityIds.some((m) => municipalityIds.includes(m)))
    .map((f) => ({ id: f.id, name: f.name, municipalityIds: f.municipalityIds }));
}

/**
 * availability per function, municipality and overall for the year and each of its
 * follow-up periods, the incidents counted against the cap, and the arithmetic of the target, as of
 * now (a period not yet over is measured up to now). Figures follow the mission in force on 1 January.
 */
export async function availabilityReport(db: Db, actor: Actor, query: { year: number; municipalityId?: string | undefined }): Promise<AvailabilityReport> {
  assertPolicy(actor, readsAvailability);
  const scoped = await scopeMunicipalities(db, actor);
  if (query.municipalityId && !scoped.some((m) => m.id === query.municipalityId)) throw new AppError('not_found');
  const municipalities = scoped.filter((m) => !query.municipalityId || m.id === query.municipalityId);
  const municipalityIds = municipalities.map((m) => m.id);
  const mission = (await missionOn(db, `${query.year}-01-01`)).document;
  const timeZone = mission.calendar.timeZone;
  const year = yearPeriod(query.year, timeZone);
  const [functionRows, rows, calendar] = await Promise.all([
    store.listFunctions(db),
    store.outagesBetween(db, new Date(year.start), new Date(year.end), municipalityIds),
    calendarFor(db),
  ]);
  const facts = rows.map(store.outageFacts);
  const functions = measuredFunctions(functionRows, facts, municipalityIds);
  const at = now().getTime();
  const target = mission.availability.targetShare;
  const one = (period: ReturnType<typeof yearPeriod>) =>
    presentPeriod(
      period,
      availability({ period, now: at, targetShare: target, functions, municipalityIds, outages: facts }),
      incidentCount(period, facts, municipalityIds),
    );
  const arithmetic = targetArithmetic(year, target, calendar.serviceWindows(query.year));
  const names = { functions: new Map(functionRows.map((f) => [f.id, f.name])), municipalities: new Map(municipalities.map((m) => [m.id, m.name])) };
  return {
    year: query.year,
    targetShare: target,
    maxOutagesPerYear: mission.availability.maxOutagesPerYear,
    functions: functions.map((f) => ({ id: f.id, name: f.name })),
    municipalities: municipalities.map((m) => ({ id: m.id, name: m.name })),
    wholeYear: one(year),
    periods: followUpPeriods(query.year, mission.followUp.periods, timeZone).map(one),
    arithmetic: {
      periodHours: arithmetic.periodLength / HOUR,
      allowedDowntimeHours: arithmetic.allowedDowntime / HOUR,
      primaryWindows: { count: arithmetic.primaryWindows.count, hours: arithmetic.primaryWindows.length / HOUR },
      secondaryWindows: { count: arithmetic.secondaryWindows.count, hours: arithmetic.secondaryWindows.length / HOUR },
      ifAllWindowsUsed: arithmetic.ifAllWindowsUsed,
      ifPrimaryWindowsUsed: arithmetic.ifPrimaryWindowsUsed,
      windowsExceedAllowance: arithmetic.windowsExceedAllowance,
    },
    counted: rows
      .filter((r) => countsAgainstCap(r) && r.startsAt.getTime() >= year.start && r.startsAt.getTime() < year.end)
      .map((r) => presentOutageSummary(r, names, new Date(at)))
      .reverse(),
  };
}

/**
 * for the tertial follow-up: overall availability (planned window work left out,
 * as the report's headline figure) and the incidents counted against the cap, for each period asked
 * for, over the given municipalities. No policy: the follow-up service checks its own reader first.
 */
export async function availabilityFigures(
  db: DbOrTx,
  query: { periods: readonly Period[]; municipalityIds: readonly string[]; now: number },
): Promise<{ availability: number | null; incidents: number }[]> {
  if (query.periods.length === 0) return [];
  const from = Math.min(...query.periods.map((p) => p.start));
  const to = Math.max(...query.periods.map((p) => p.end));
  const [functionRows, rows] = await Promise.all([store.listFunctions(db), store.outagesBetween(db, new Date(from), new Date(to), query.municipalityIds)]);
  const facts = rows.map(store.outageFacts);
  const functions = measuredFunctions(functionRows, facts, query.municipalityIds);
  return query.periods.map((period) => ({
    // The target does not change the share; the follow-up compares it with the target itself.
    availability: availability({ period, now: query.now, targetShare: 1, functions, municipalityIds: query.municipalityIds, outages: facts }).overall
      .withoutWindows,
    incidents: incidentCount(period, facts, query.municipalityIds).total,
  }));
}

// ---------------------------------------------------------------- operations messages

function messagePermissions(actor: Actor, m: store.MessageRow, at: Date): Message['permissions'] {
  const refusal = outageRefusal(actor, m);
  const withdrawn: Problem | null = m.withdrawnAt ? { field: 'message', reason: 'the message is withdrawn', reasonSv: 'meddelandet är tillbakadraget' } : null;
  const resolved: Problem | null =
    messageState(messageFacts(m), at.getTime()) === 'resolved'
      ? { field: 'message', reason: 'the message is already resolved', reasonSv: 'meddelandet är redan klarmarkerat' }
      : null;
  return { resolve: permission(refusal ?? withdrawn ?? resolved), withdraw: permission(refusal ?? withdrawn) };
}

export async function showMessage(db: DbOrTx, actor: Actor, m: store.MessageRow): Promise<Message> {
  const at = now();
  return presentMessage(m, at, await municipalityNames(db), messagePermissions(actor, m, at));
}

export const messageAudit = async (tx: DbOrTx, actor: Actor, m: store.MessageRow, action: string, before: unknown) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: m.municipalityIds.length === 1 ? (m.municipalityIds[0] ?? null) : null,
    entity: 'operations_message',
    entityId: m.id,
    action,
    before,
    after: await showMessage(tx, actor, m),
  });

export function messageTimeProblems(kind: MessageInput['kind'], startsAt: Date, expectedEndAt: Date | null): Problem[] {
  if (expectedEndAt && expectedEndAt.getTime() <= startsAt.getTime()) {
    return [{ field: 'expectedEndAt', reason: 'must be after the start', reasonSv: 'måste vara efter starten' }];
  }
  if (kind === 'planned' && !expectedEndAt) {
    return [{ field: 'expectedEndAt', reason: 'planned work needs an expected end', reasonSv: 'planerat arbete behöver en beräknad sluttid' }];
  }
  return [];
}

export async function createMessage(db: Db, actor: Actor, input: MessageInput): Promise<Message> {
  assertPolicy(actor, managesOperations);
  const municipalityIds = [...new Set(input.municipalityIds)];
  const known = new Set((await store.listMunicipalities(db)).map((m) => m.id));
  const startsAt = toMinute(input.startsAt);
  const expectedEndAt = input.expectedEndAt ? toMinute(input.expectedEndAt) : null;
  reject([
    ...outsideScope(actor, municipalityIds),
    ...municipalityIds.filter((m) => !known.has(m)).map(() => ({ field: 'municipalityIds', reason: 'unknown municipality', reasonSv: 'okänd kommun' })),
    ...messageTimeProblems(input.kind, startsAt, expectedEndAt),
  ]);
  return db.transaction(async (tx) => {
    const row = await store.insertMessage(tx, {
      kind: input.kind,
      title: input.title,
      body: input.body,
      startsAt,
      expectedEndAt,
      municipalityIds,
      publishedAt: now(),
      createdBy: actor.id,
      createdAt: now(),
      updatedAt: now(),
    });
    await messageAudit(tx, actor, row, 'publish', null);
    return showMessage(tx, actor, row);
  });
}

/** a disruption (or, for planned work, a planned-work notice) published from an outage in one action. */
export async function messageFromOutage(db: Db, actor: Actor, outageId: string, input: MessageFromOutage): Promise<Message> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const outage = await outageOrNotFound(tx, actor, outageId, true);
    const shown = await presentOutage(tx, actor, outage);
    if (!shown.permissions.publish.allowed) {
      throw new AppError(managesOperations(actor) && shown.permissions.edit.allowed ? 'conflict' : 'forbidden', [
        labelled({ field: 'message', reason: shown.permissions.publish.reason ?? '', reasonSv: shown.permissions.publish.reasonSv ?? '' }),
      ]);
    }
    const kind = outage.kind === 'unplanned' ? 'disruption' : 'planned';
    const expectedEndAt = input.expectedEndAt ? toMinute(input.expectedEndAt) : kind === 'planned' ? outage.endsAt : null;
    reject(messageTimeProblems(kind, outage.startsAt, expectedEndAt));
    const at = now();
    const row = await store.insertMessage(tx, {
      kind,
      title: input.title ?? (kind === 'disruption' ? `Driftstörning: ${shown.functions.map((f) => f.name).join(', ') || outage.title}` : outage.title),
      body: input.body,
      startsAt: outage.startsAt,
      expectedEndAt,
      // An outage already over is published as resolved (a notice after the fact).
      resolvedAt: outage.endsAt && outage.endsAt <= at && kind === 'disruption' ? outage.endsAt : null,
      municipalityIds: outage.municipalityIds,
      outageId: outage.id,
      publishedAt: at,
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
    });
    await messageAudit(tx, actor, row, 'publish', null);
    return showMessage(tx, actor, row);
  });
}

async function messageOrNotFound(db: DbOrTx, actor: Actor, id: string): Promise<store.MessageRow> {
  const m = await store.findMessage(db, id);
  if (!m || !m.municipalityIds.some((x) => canSeeMunicipality(actor.scope, x))) throw new AppError('not_found');
  return m;
}

export async function resolveRow(tx: DbOrTx, actor: Actor, m: store.MessageRow, resolutionText: string): Promise<store.MessageRow> {
  const before = await showMessage(tx, actor, m);
  const row = await updateVersioned(tx, operationsMessages, {
    id: m.id,
    expectedVersion: m.version,
    values: { resolvedAt: now(), resolutionText },
    present: () => before,
  });
  await messageAudit(tx, actor, row, 'resolve', before);
  return row;
}

/** closes a message with a resolved notice (it stays on the public list for the mission's days). */
export async function resolveMessage(db: Db, actor: Actor, id: string, input: MessageResolve): Promise<Message> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const m = await messageOrNotFound(tx, actor, id);
    const before = await showMessage(tx, actor, m);
    assertVersion(m, input.version, () => before);
    if (!before.permissions.resolve.allowed) {
      throw new AppError('conflict', [
        labelled({ field: 'message', reason: before.permissions.resolve.reason ?? '', reasonSv: before.permissions.resolve.reasonSv ?? '' }),
      ]);
    }
    return showMessage(tx, actor, await resolveRow(tx, actor, m, input.resolutionText));
  });
}

/** Takes a message off every public list (published by mistake, or wrong). The audit trail keeps it. */
export async function withdrawMessage(db: Db, actor: Actor, id: string, input: MessageWithdraw): Promise<Message> {
  assertPolicy(actor, managesOperations);
  return db.transaction(async (tx) => {
    const m = await messageOrNotFound(tx, actor, id);
    const before = await showMessage(tx, actor, m);
    assertVersion(m, input.version, () => before);
    if (!before.permissions.withdraw.allowed) {
      throw new AppError('conflict', [
        labelled({ field: 'message', reason: before.permissions.withdraw.reason ?? '', reasonSv: before.permissions.withdraw.reasonSv ?? '' }),
      ]);
    }
    const row = await updateVersioned(tx, operationsMessages, { id, expectedVersion: input.version, values: { withdrawnAt: now() }, present: () => before });
    await messageAudit(tx, actor, row, 'withdraw', before);
    return showMessage(tx, actor, row);
  });
}

/** Staff's list of published messages in their municipalities: going on, coming, and the last 90 days'. */
export async function listMessages(db: Db, actor: Actor): Promise<MessageList> {
  const municipalityIds = (await scopeMunicipalities(db, actor)).map((m) => m.id);
  const rows = await store.listMessages(db, municipalityIds, new Date(now().getTime() - 90 * 24 * HOUR));
  const names = await municipalityNames(db);
  const at = now();
  return {
    items: rows.map((m) => presentMessage(m, at, names, messagePermissions(actor, m, at))),
    actions: { create: permission(managesOperations(actor) ? null : FORBIDDEN) },
  };
}

export interface PublicList {
  municipality: { id: string; code: string; name: string };
  items: ReturnType<typeof presentPublicMessage>[];
  /** The last change of what is shown (Last-Modified). */
  updated: Date;
  /** When what is shown next changes by the clock alone, if it does (how long a cached answer holds). */
  nextChange: Date | null;
}

/**
 * what a municipality's public page, feed and JSON show now — published messages going on or
 * coming, and those resolved in the mission's last `resolvedShownDays` days. Nothing but the published
 * text: no notes, tickets or names.
 */
export async function publicMessages(db: Db, municipalityCode: string): Promise<PublicList> {
  const municipality = (await store.listMunicipalities(db)).find((m) => m.code === municipalityCode);
  if (!municipality) {
    throw new AppError('not_found', [
      { field: 'municipality', reason: `unknown municipality ${municipalityCode}`, reasonSv: `okänd kommun ${municipalityCode}` },
    ]);
  }
  const at = now();
  const days = (await missionOn(db)).document.availability.resolvedShownDays;
  const candidates = await store.publicCandidates(db, municipality.id, new Date(at.getTime() - days * 24 * HOUR));
  const live = candidates.filter((m) => m.withdrawnAt === null);
  const shown = live.filter((m) => isShown(messageFacts(m), at.getTime(), days));
  const facts = candidates.map((m) => ({ ...messageFacts(m), updatedAt: Math.max(m.updatedAt.getTime(), m.withdrawnAt?.getTime() ?? 0) }));
  const next = nextShownChange(live.map(messageFacts), at.getTime(), days);
  return {
    municipality,
    items: shown.map((m) => presentPublicMessage(m, at)),
    updated: new Date(Math.floor(lastShownChange(facts, at.getTime(), 0) / 1000) * 1000),
    nextChange: next === null ? null : new Date(next),
  };
}
