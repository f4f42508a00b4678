import { missionOn, stockholmToday } from '../mission/service.ts';
import type { Problem } from '../org/rules.ts';
import { managedUnits } from '../org/service.ts';
import { personOfUser } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertMunicipality } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import type {
  AgreementRevision,
  Application,
  ApplicationInput,
  ApplicationList,
  ApplicationPatch,
  CloudMoveInput,
  CostComparison,
  CostModel,
  CostModelCopy,
  CostModelHeadList,
  CostModelInput,
  CostModelPatch,
  StatusChange,
} from './contract.ts';
import { editsAgreements, editsCostModel, readsAllAgreements } from './policy.ts';
import { permission, presentApplication, presentApplicationRecord, presentCost, presentHead, presentModel, presentModelHead, splitOf } from './presenter.ts';
import {
  cloudGateProblems,
  compareModels,
  modelProblems,
  nextReviewAfter,
  NO_CLOUD_MOVE,
  quantityProblems,
  splitProblems,
  statusProblems,
  STATUS_TRANSITIONS,
  type ApplicationStatus,
  type CostDriver,
  type CostSplit,
} from './rules.ts';
import { agreementCostModels, applications, type Sketch } from './schema.ts';
import { sketchProblems } from './sketch-rules.ts';
import { layoutSketch, sketchSvg } from './sketch.ts';
import * as store from './store.ts';

/** The Swedish and English names of the fields a rule's problem may point at (issue 16: labels, never paths). */
const LABELS: Record<string, [string, string]> = {
  drivers: ['Kostnadsdrivare', 'Cost drivers'],
  units: ['Enheter som betalar', 'Paying units'],
  split: ['Enheter som betalar', 'Paying units'],
  quantities: ['Mängder', 'Quantities'],
  sketch: ['Systemskiss', 'System sketch'],
  status: ['Status', 'Status'],
  kind: ['Typ', 'Kind'],
  classification: ['Informationsklassning', 'Information classification'],
  securityAnalysis: ['Säkerhetsanalys', 'Security analysis'],
  legalReview: ['Juridisk granskning', 'Legal review'],
  businessReview: ['Verksamhetens granskning', 'Business review'],
  costAnalysis: ['Ekonomisk kostnadsanalys', 'Cost analysis'],
  year: ['År', 'Year'],
  toYear: ['Till år', 'To year'],
  name: ['Namn', 'Name'],
  systemOwnerPersonId: ['Systemägare', 'System owner'],
};

function labelled(p: Problem, prefix = ''): FieldProblem {
  const field = `${prefix}${p.field}`;
  const names = LABELS[field.split('.')[0] ?? ''];
  return names ? { field, reason: p.reason, reasonSv: p.reasonSv, label: names[0], labelEn: names[1] } : { field, reason: p.reason, reasonSv: p.reasonSv };
}

function reject(problems: readonly Problem[], prefix = ''): void {
  if (problems.length > 0) {
    throw new AppError(
      'validation',
      problems.map((p) => labelled(p, prefix)),
    );
  }
}

const FORBIDDEN_EDIT: Problem = {
  field: 'role',
  reason: 'only the IT strategist and IT management edit agreements',
  reasonSv: 'bara IT-strateg och IT-ledning ändrar avtal',
};
const TERMINATED: Problem = {
  field: 'status',
  reason: 'the application is terminated: register it anew if it is taken into use again',
  reasonSv: 'applikationen är uppsagd: registrera den på nytt om den tas i bruk igen',
};
const FORBIDDEN_MODEL: Problem = { field: 'role', reason: 'only finance edits the cost model', reasonSv: 'bara ekonomi ändrar kostnadsmodellen' };

// ---------------------------------------------------------------- the standard cost model

function lockedProblem(model: store.CostModelRow): Problem {
  return {
    field: 'year',
    reason: `the ${model.year} cost model is locked (${model.lockedReason ?? 'billing has used it'}): make the change in the ${model.year + 1} model`,
    reasonSv: `kostnadsmodellen för ${model.year} är låst (${model.lockedReason ?? 'debiteringen har använt den'}): gör ändringen i modellen för ${model.year + 1}`,
  };
}

const modelAudit = (tx: DbOrTx, actor: Actor, row: store.CostModelRow, action: string, before: unknown, drivers: CostDriver[]) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: null,
    entity: 'agreement_cost_model',
    entityId: row.id,
    action,
    before,
    after: { ...presentModelHead({ ...row, driverCount: drivers.length }), drivers },
  });

function modelActions(actor: Actor, model: store.CostModelRow): CostModel['actions'] {
  const role = editsCostModel(actor) ? null : FORBIDDEN_MODEL;
  return { edit: permission(role ?? (model.lockedAt ? lockedProblem(model) : null)), copy: permission(role) };
}

function requireReader(actor: Actor): void {
  if (!readsAllAgreements(actor)) throw new AppError('forbidden');
}

export async function listModels(db: Db, actor: Actor): Promise<CostModelHeadList> {
  requireReader(actor);
  const rows = await store.listModels(db);
  return { items: rows.map(presentModelHead), actions: { create: permission(editsCostModel(actor) ? null : FORBIDDEN_MODEL) } };
}

async function modelOrNotFound(db: DbOrTx, year: number, forUpdate = false): Promise<store.CostModelRow> {
  const model = await store.findModel(db, year, forUpdate);
  if (!model) throw new AppError('not_found', [{ field: 'year', reason: `no cost model for ${year}`, reasonSv: `ingen kostnadsmodell för ${year}` }]);
  return model;
}

export async function getModel(db: Db, actor: Actor, year: number): Promise<CostModel> {
  requireReader(actor);
  const model = await modelOrNotFound(db, year);
  return presentModel(model, await store.listDrivers(db, model.id), modelActions(actor, model));
}

export async function createModel(db: Db, actor: Actor, input: CostModelInput): Promise<CostModel> {
  if (!editsCostModel(actor)) throw new AppError('forbidden');
  reject(modelProblems(input.drivers));
  return db.transaction(async (tx) => {
    if (await store.findModel(tx, input.year)) {
      throw new AppError('conflict', [
        labelled({ field: 'year', reason: `the ${input.year} cost model exists`, reasonSv: `kostnadsmodellen för ${input.year} finns redan` }),
      ]);
    }
    const row = await store.insertModel(tx, { year: input.year, createdAt: now(), updatedAt: now() });
    await store.replaceDrivers(tx, row.id, input.drivers);
    await modelAudit(tx, actor, row, 'create', null, input.drivers);
    return presentModel(row, input.drivers, modelActions(actor, row));
  });
}

export async function updateModel(db: Db, actor: Actor, year: number, patch: CostModelPatch): Promise<CostModel> {
  if (!editsCostModel(actor)) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const before = await modelOrNotFound(tx, year, true);
    assertVersion(before, patch.version, presentModelHead);
    if (before.lockedAt) throw new AppError('conflict', [labelled(lockedProblem(before))]);
    reject(modelProblems(patch.drivers));
    const oldDrivers = await store.listDrivers(tx, before.id);
    const row = await updateVersioned(tx, agreementCostModels, { id: before.id, expectedVersion: patch.version, values: {}, present: presentModelHead });
    await store.replaceDrivers(tx, row.id, patch.drivers);
    await modelAudit(tx, actor, row, 'update', { ...presentModelHead({ ...before, driverCount: oldDrivers.length }), drivers: oldDrivers }, patch.drivers);
    return presentModel(row, patch.drivers, modelActions(actor, row));
  });
}

/** a year's model copied to another year (usually the next), to change its prices there. */
export async function copyModel(db: Db, actor: Actor, year: number, input: CostModelCopy): Promise<CostModel> {
  if (!editsCostModel(actor)) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const from = await modelOrNotFound(tx, year);
    if (await store.findModel(tx, input.toYear)) {
      throw new AppError('conflict', [
        labelled({
          field: 'toYear',
          reason: `the ${input.toYear} cost model exists`,
          reasonSv: `kostnadsmodellen för ${input.toYear} finns redan: ändra den i stället`,
        }),
      ]);
    }
    const drivers = await store.listDrivers(tx, from.id);
    const row = await store.insertModel(tx, { year: input.toYear, copiedFromYear: from.year, createdAt: now(), updatedAt: now() });
    await store.replaceDrivers(tx, row.id, drivers);
    await modelAudit(tx, actor, row, 'create', null, drivers);
    return presentModel(row, drivers, modelActions(actor, row));
  });
}

/** Locks a year's model once billing has used it (idempotent; the first reason stays). */
export async function lockCostModel(tx: DbOrTx, actor: Actor, year: number, reason: string): Promise<void> {
  const model = await store.findModel(tx, year, true);
  if (!model || model.lockedAt) return;
  const locked = await store.lockModel(tx, model.id, now(), reason);
  if (!locked) return;
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: null,
    entity: 'agreement_cost_model',
    entityId: model.id,
    action: 'lock',
    before: presentModelHead(model),
    after: presentModelHead(locked),
  });
}

/** The drivers of a year's model, or null when the year has none. */
export async function driversOf(db: DbOrTx, year: number): Promise<CostDriver[] | null> {
  const model = await store.findModel(db, year);
  return model ? store.listDrivers(db, model.id) : null;
}

/**
 * what the year's model does to each application's cost and each paying unit's part of it,
 * against another year's (default the year before), for the applications the reader may see.
 */
export async function compare(db: Db, actor: Actor, year: number, fromYear: number): Promise<CostComparison> {
  requireReader(actor);
  const [newModel, oldModel] = [await modelOrNotFound(db, year), await modelOrNotFound(db, fromYear)];
  const [newDrivers, oldDrivers] = [await store.listDrivers(db, newModel.id), await store.listDrivers(db, oldModel.id)];
  const costed = await store.costedApplications(db, { municipalityId: actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId });
  const active = costed.filter((c) => c.app.status !== 'terminated' && c.version !== undefined && splitProblems(splitOf(c.app, c.units)).length === 0);
  const result = compareModels(
    active.map((c) => ({ id: c.app.id, quantities: c.version?.quantities ?? {}, split: splitOf(c.app, c.units) })),
    oldDrivers,
    newDrivers,
  );
  const unitInfo = new Map(active.flatMap((c) => c.units.map((u) => [u.unitId, { name: u.unitName, municipalityId: c.app.municipalityId }] as const)));
  const total = { oldOre: 0, newOre: 0, differenceOre: 0 };
  const apps = active.map((c) => {
    const change = result.applications.get(c.app.id) ?? { oldOre: 0, newOre: 0, differenceOre: 0 };
    total.oldOre += change.oldOre;
    total.newOre += change.newOre;
    return { id: c.app.id, name: c.app.name, municipalityId: c.app.municipalityId, ...change };
  });
  total.differenceOre = total.newOre - total.oldOre;
  const units = [...result.units.entries()]
    .map(([id, change]) => ({ id, name: unitInfo.get(id)?.name ?? '', municipalityId: unitInfo.get(id)?.municipalityId ?? '', ...change }))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return { year, fromYear, applications: apps, units, total };
}

// ---------------------------------------------------------------- the register

/**
 * Which applications the actor reads: IT staff and finance every one in their scope; anyone else
 * those whose system owner they are, or that a unit they manage pays for; the other municipality's
 * never (a 404, not a 403).
 */
export async function readFilter(db: DbOrTx, actor: Actor): Promise<store.ReadFilter> {
  const municipalityId = actor.scope.kind === 'all' ? undefined : actor.scope.municipalityId;
  if (readsAllAgreements(actor)) return { municipalityId };
  return { municipalityId, onlyFor: { personId: await personOfUser(db, actor.id), unitIds: [...(await managedUnits(db, actor))] } };
}

function splitInput(split: ApplicationInput['split']): CostSplit {
  return split.mode === 'share'
    ? { mode: 'share', units: split.units.map((u) => ({ unitId: u.unitId, shareBp: u.shareBp ?? 0 })) }
    : { mode: 'per_user', units: split.units.map((u) => ({ unitId: u.unitId, users: u.users ?? 0 })) };
}

/** The split checked, and every paying unit in the application's municipality. */
async function checkSplit(db: DbOrTx, municipalityId: string, split: ApplicationInput['split']): Promise<void> {
  reject(splitProblems(splitInput(split)), 'split.');
  const found = await store.unitsIn(
    db,
    municipalityId,
    split.units.map((u) => u.unitId),
  );
  reject(
    split.units.flatMap((u, i) =>
      found.has(u.unitId)
        ? []
        : [{ field: `units.${i}.unitId`, reason: 'choose a unit of the application’s municipality', reasonSv: 'välj en enhet i applikationens kommun' }],
    ),
    'split.',
  );
}

/** The agreement's content checked: quantities against the cost model of the year (or the newest), and the sketch. */
async function checkContent(db: DbOrTx, content: ApplicationInput['agreement'], year: number): Promise<void> {
  const drivers = (await driversOf(db, year)) ?? (await newestDrivers(db));
  reject(quantityProblems(content.quantities, drivers ?? []));
  reject(sketchProblems(content.sketch));
}

async function newestDrivers(db: DbOrTx): Promise<CostDriver[] | null> {
  const [newest] = await store.listModels(db);
  return newest ? store.listDrivers(db, newest.id) : null;
}

const thisYear = () => Number(stockholmToday().slice(0, 4));

async function reviewNumbers(db: Db): Promise<{ today: string; intervalMonths: number; dueSoonDays: number }> {
  const today = stockholmToday();
  const { document } = await missionOn(db, today);
  return { today, intervalMonths: document.agreements.reviewIntervalMonths, dueSoonDays: document.agreements.reviewDueSoonDays };
}

export async function listApplications(
  db: Db,
  actor: Actor,
  query: { municipalityId?: string | undefined; year?: number | undefined },
): Promise<ApplicationList> {
  const filter = await readFilter(db, actor);
  if (query.municipalityId !== undefined) {
    assertMunicipality(actor, query.municipalityId);
    filter.municipalityId = query.municipalityId;
  }
  const year = query.year ?? thisYear();
  const { today, dueSoonDays } = await reviewNumbers(db);
  const drivers = (await driversOf(db, year)) ?? [];
  const costed = await store.costedApplications(db, filter);
  return {
    year,
    items: costed.map((c) => presentHead(c.app, presentCost(year, c.version?.quantities ?? {}, drivers).totalOre, today, dueSoonDays)),
    actions: { create: permission(editsAgreements(actor) ? null : FORBIDDEN_EDIT) },
  };
}

function applicationActions(actor: Actor, app: store.ApplicationRow): Application['actions'] {
  const role = editsAgreements(actor) ? null : FORBIDDEN_EDIT;
  const ended = app.status === 'terminated' ? TERMINATED : null;
  const notActive: Problem | null =
    app.status === 'active'
      ? null
      : { field: 'status', reason: 'only an active application moves to cloud/SaaS', reasonSv: 'bara en aktiv applikation kan flyttas till molntjänst' };
  return {
    edit: permission(role ?? ended),
    revise: permission(role ?? ended),
    changeStatus: permission(role ?? (STATUS_TRANSITIONS[app.status].length === 0 ? ended : null)),
    recordCloudMove: permission(role ?? notActive),
  };
}

async function present(db: Db, actor: Actor, app: store.ApplicationRow, year: number): Promise<Application> {
  const { today, dueSoonDays } = await reviewNumbers(db);
  const units = await store.listPayingUnits(db, [app.id]);
  const versions = await store.listVersions(db, app.id);
  const owners = [app.systemOwnerPersonId, app.businessOwner?.personId, app.technicalOwner?.personId, app.informationOwner?.personId].filter(
    (id): id is string => typeof id === 'string',
  );
  return presentApplication({
    app,
    units,
    versions,
    year,
    drivers: await driversOf(db, year),
    names: await store.peopleNames(db, app.municipalityId, owners),
    today,
    dueSoonDays,
    actions: applicationActions(actor, app),
  });
}

async function applicationOrNotFound(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<store.ApplicationRow> {
  const app = await store.findApplication(db, id, await readFilter(db, actor), forUpdate);
  if (!app) throw new AppError('not_found');
  return app;
}

export async function getApplication(db: Db, actor: Actor, id: string, year?: number): Promise<Application> {
  return present(db, actor, await applicationOrNotFound(db, actor, id), year ?? thisYear());
}

const applicationAudit = (tx: DbOrTx, actor: Actor, action: string, before: store.ApplicationRow | null, after: store.ApplicationRow, extra?: object) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: after.municipalityId,
    entity: 'application',
    entityId: after.id,
    action,
    before: before ? presentApplicationRecord(before) : null,
    after: { ...presentApplicationRecord(after), ...extra },
  });

async function checkOwners(
  db: DbOrTx,
  municipalityId: string,
  fields: Partial<Pick<ApplicationInput, 'systemOwnerPersonId' | 'businessOwner' | 'technicalOwner' | 'informationOwner'>>,
) {
  const wanted: [string, string | null | undefined][] = [
    ['systemOwnerPersonId', fields.systemOwnerPersonId],
    ['businessOwner', fields.businessOwner?.personId],
    ['technicalOwner', fields.technicalOwner?.personId],
    ['informationOwner', fields.informationOwner?.personId],
  ];
  const ids = wanted.map(([, id]) => id).filter((id): id is string => typeof id === 'string');
  const found = await store.peopleNames(db, municipalityId, ids);
  reject(
    wanted
      .filter(([, id]) => typeof id === 'string' && !found.has(id))
      .map(([field]) => ({ field, reason: 'choose a person of the application’s municipality', reasonSv: 'välj en person i applikationens kommun' })),
  );
}

export async function createApplication(db: Db, actor: Actor, input: ApplicationInput): Promise<Application> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  assertMunicipality(actor, input.municipalityId);
  const row = await db.transaction(async (tx) => {
    await checkSplit(tx, input.municipalityId, input.split);
    await checkOwners(tx, input.municipalityId, input);
    await checkContent(tx, input.agreement, thisYear());
    if (await store.findApplicationByName(tx, input.municipalityId, input.name)) {
      throw new AppError('conflict', [
        labelled({ field: 'name', reason: `${input.name} is already registered`, reasonSv: `${input.name} finns redan i registret` }),
      ]);
    }
    const app = await store.insertApplication(tx, {
      municipalityId: input.municipalityId,
      name: input.name,
      kind: input.kind,
      startsOn: input.startsOn,
      systemOwnerPersonId: input.systemOwnerPersonId,
      businessOwner: input.businessOwner,
      technicalOwner: input.technicalOwner,
      informationOwner: input.informationOwner,
      splitMode: input.split.mode,
      nextReviewOn: input.nextReviewOn,
      createdAt: now(),
      updatedAt: now(),
    });
    await store.replacePayingUnits(tx, app.id, payingRows(input.split));
    await store.insertVersion(tx, {
      applicationId: app.id,
      number: 1,
      ...input.agreement,
      changeNote: 'Första versionen',
      createdByUserId: actor.id,
      createdAt: now(),
    });
    await applicationAudit(tx, actor, 'create', null, app, { split: input.split, agreement: input.agreement });
    return app;
  });
  return present(db, actor, row, thisYear());
}

function payingRows(split: ApplicationInput['split']) {
  return split.units.map((u) => ({ unitId: u.unitId, shareBp: split.mode === 'share' ? u.shareBp : null, users: split.mode === 'per_user' ? u.users : null }));
}

export async function updateApplication(db: Db, actor: Actor, id: string, patch: ApplicationPatch): Promise<Application> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  const row = await db.transaction(async (tx) => {
    const before = await applicationOrNotFound(tx, actor, id, true);
    assertVersion(before, patch.version, presentApplicationRecord);
    if (before.status === 'terminated') throw new AppError('conflict', [labelled(TERMINATED)]);
    const { version, split, ...fields } = patch;
    if (split) await checkSplit(tx, before.municipalityId, split);
    await checkOwners(tx, before.municipalityId, fields);
    if (
      fields.name !== undefined &&
      fields.name.toLowerCase() !== before.name.toLowerCase() &&
      (await store.findApplicationByName(tx, before.municipalityId, fields.name))
    ) {
      throw new AppError('conflict', [
        labelled({ field: 'name', reason: `${fields.name} is already registered`, reasonSv: `${fields.name} finns redan i registret` }),
      ]);
    }
    const after = await updateVersioned(tx, applications, {
      id,
      expectedVersion: version,
      values: { ...fields, ...(split ? { splitMode: split.mode } : {}) },
      present: presentApplicationRecord,
    });
    if (split) await store.replacePayingUnits(tx, id, payingRows(split));
    await applicationAudit(tx, actor, 'update', before, after, split ? { split } : undefined);
    return after;
  });
  return present(db, actor, row, thisYear());
}

/** the agreement revised: a new version with what changed; the earlier ones stay as they were. */
export async function reviseAgreement(db: Db, actor: Actor, id: string, revision: AgreementRevision, reviewId: string | null = null): Promise<Application> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  const row = await db.transaction(async (tx) => {
    const before = await applicationOrNotFound(tx, actor, id, true);
    assertVersion(before, revision.version, presentApplicationRecord);
    if (before.status === 'terminated') throw new AppError('conflict', [labelled(TERMINATED)]);
    const { version, changeNote, ...content } = revision;
    await checkContent(tx, content, thisYear());
    const [latest] = await store.latestVersions(tx, [id]);
    const number = (latest?.number ?? 0) + 1;
    await store.insertVersion(tx, { applicationId: id, number, ...content, changeNote, reviewId, createdByUserId: actor.id, createdAt: now() });
    const after = await updateVersioned(tx, applications, { id, expectedVersion: version, values: {}, present: presentApplicationRecord });
    await applicationAudit(tx, actor, 'revise', before, after, { agreementVersion: number, changeNote, agreement: content });
    return after;
  });
  return present(db, actor, row, thisYear());
}

/**
 * An application's status changed on a date: activated (in use from that day, first review the
 * mission's interval later), terminated (R-6.5 reads the day), or moved to cloud/SaaS once the
 * gate has nothing missing.
 */
export async function changeStatus(db: Db, actor: Actor, id: string, change: StatusChange): Promise<Application> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  const { intervalMonths } = await reviewNumbers(db);
  const row = await db.transaction(async (tx) => {
    const before = await applicationOrNotFound(tx, actor, id, true);
    assertVersion(before, change.version, presentApplicationRecord);
    const refused = statusProblems(before.status, change.status);
    if (refused.length > 0) {
      throw new AppError(
        'conflict',
        refused.map((p) => labelled(p)),
      );
    }
    if (change.status === 'cloud') {
      const missing = cloudGateProblems(before.cloudMove ?? NO_CLOUD_MOVE, before.kind);
      if (missing.length > 0) {
        throw new AppError(
          'conflict',
          missing.map((p) => labelled(p)),
        );
      }
    }
    const values =
      change.status === 'active'
        ? { status: change.status, startsOn: before.startsOn ?? change.on, nextReviewOn: before.nextReviewOn ?? nextReviewAfter(change.on, intervalMonths) }
        : change.status === 'terminated'
          ? { status: change.status, terminatedOn: change.on, nextReviewOn: null }
          : { status: change.status, movedToCloudOn: change.on };
    const after = await updateVersioned(tx, applications, { id, expectedVersion: change.version, values, present: presentApplicationRecord });
    await applicationAudit(tx, actor, 'status', before, after);
    return after;
  });
  return present(db, actor, row, thisYear());
}

/** what the move to cloud/SaaS has recorded so far (the gate reads it when the move is marked done). */
export async function recordCloudMove(db: Db, actor: Actor, id: string, input: CloudMoveInput): Promise<Application> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  const row = await db.transaction(async (tx) => {
    const before = await applicationOrNotFound(tx, actor, id, true);
    assertVersion(before, input.version, presentApplicationRecord);
    const notActive = applicationActions(actor, before).recordCloudMove;
    if (!notActive.allowed) {
      throw new AppError('conflict', [labelled({ field: 'status', reason: notActive.reason ?? '', reasonSv: notActive.reasonSv ?? '' })]);
    }
    const { version, ...move } = input;
    const after = await updateVersioned(tx, applications, { id, expectedVersion: version, values: { cloudMove: move }, present: presentApplicationRecord });
    await applicationAudit(tx, actor, 'cloud_move', before, after);
    return after;
  });
  return present(db, actor, row, thisYear());
}

// ---------------------------------------------------------------- for billing (issue 18: the fee comes from here)

/** What a billing run reads of an application: its status and dates, current quantities, split and last change. */
export interface ApplicationForBilling {
  applicationId: string;
  name: string;
  status: ApplicationStatus;
  startsOn: string | null;
  terminatedOn: string | null;
  /** The latest agreement version's quantities; null while none is written. */
  quantities: Record<string, number> | null;
  split: CostSplit;
  updatedAt: Date;
}

/** Whether an application of this id is in the municipality's register (a billing subscription names it). */
export async function applicationInMunicipality(db: DbOrTx, id: string, municipalityId: string): Promise<boolean> {
  return (await store.findApplication(db, id, { municipalityId })) !== undefined;
}

/**
 * A municipality's applications for its billing run (billing imports this; agreements knows nothing of
 * billing). Three statements whatever the number of applications.
 */
export async function applicationsForBilling(tx: DbOrTx, municipalityId: string): Promise<ApplicationForBilling[]> {
  const costed = await store.costedApplications(tx, { municipalityId });
  return costed.map(({ app, version, units }) => ({
    applicationId: app.id,
    name: app.name,
    status: app.status,
    startsOn: app.startsOn,
    terminatedOn: app.terminatedOn,
    quantities: version?.quantities ?? null,
    split: splitOf(app, units),
    updatedAt: app.updatedAt,
  }));
}

// ---------------------------------------------------------------- for the reviews (reviews.ts)

/** A conflict naming its field by label. */
export function labelledConflict(p: Problem): AppError {
  return new AppError('conflict', [labelled(p)]);
}

/** An application the actor may read, as stored (reviews.ts needs no presented record). */
export function readableApplication(db: DbOrTx, actor: Actor, id: string): Promise<store.ApplicationRow> {
  return applicationOrNotFound(db, actor, id);
}

/** The application a review is about, locked, in the actor's reach; a terminated one has no reviews. */
export async function applicationForReview(tx: DbOrTx, actor: Actor, id: string): Promise<store.ApplicationRow> {
  const app = await applicationOrNotFound(tx, actor, id, true);
  if (app.status === 'terminated') throw labelledConflict(TERMINATED);
  return app;
}

/** A sketch checked by the sketch rules and drawn (the editor's preview and the page): the SVG the PDF holds too. */
export async function drawSketch(input: { name?: string | undefined; sketch: Sketch }): Promise<string> {
  reject(sketchProblems(input.sketch));
  return sketchSvg(await layoutSketch(input.sketch), input.name ? { name: input.name } : {});
}

/** An agreement's content checked against this year's model and the sketch rules. */
export function checkAgreementContent(tx: DbOrTx, content: ApplicationInput['agreement']): Promise<void> {
  return checkContent(tx, content, thisYear());
}

/** What opening a draft agreement for a delivered service did. */
export interface DraftAgreementOutcome {
  applicationId: string;
  /** false: the application was already in the register (a changed service); its agreement is to be revised. */
  created: boolean;
}

/**
 * R-8.3 (issue 20): a delivered development request that creates or changes a service opens a draft
 * application agreement, in the caller's transaction (governance records the delivery in the same one).
 * A new application is registered "in preparation" with the request's description as the agreement's
 * first version; one already registered under the name is left as it is, for IT to revise.
 */
export async function openDraftAgreement(
  tx: DbOrTx,
  actor: Actor,
  input: { municipalityId: string; name: string; description: string; requestNumber: string },
): Promise<DraftAgreementOutcome> {
  const found = await store.findApplicationByName(tx, input.municipalityId, input.name);
  if (found) return { applicationId: found.id, created: false };
  const at = now();
  const app = await store.insertApplication(tx, {
    municipalityId: input.municipalityId,
    name: input.name,
    kind: 'agreement',
    status: 'in_preparation',
    startsOn: null,
    systemOwnerPersonId: null,
    businessOwner: null,
    technicalOwner: null,
    informationOwner: null,
    splitMode: 'share',
    nextReviewOn: null,
    createdAt: at,
    updatedAt: at,
  });
  const agreement = {
    description: input.description,
    itResponsibilities: '',
    businessResponsibilities: '',
    quantities: {},
    sketch: { components: [], relations: [] },
  };
  await store.insertVersion(tx, {
    applicationId: app.id,
    number: 1,
    ...agreement,
    changeNote: `Utkast från utvecklingsärende ${input.requestNumber}`,
    createdByUserId: actor.id,
    createdAt: at,
  });
  await applicationAudit(tx, actor, 'create', null, app, { agreement, fromRequest: input.requestNumber });
  return { applicationId: app.id, created: true };
}
