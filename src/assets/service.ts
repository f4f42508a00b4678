import { eq } from 'drizzle-orm';
import { z } from 'zod';
import * as catalogue from '../catalogue/store.ts';
import type { MissionDocument } from '../mission/rules.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { unitAndDescendants } from '../orders/rules.ts';
import { personUnitOf } from '../orders/store.ts';
import { IT_ROLES } from '../org/rules.ts';
import { users } from '../org/schema.ts';
import { findPerson, findUnit, listUnits } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { hasRole, municipalityFilter } from '../platform/auth/policy.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { SUPPORT_LEVELS } from '../tickets/rules.ts';
import { bindingEnd, isLocalDate, renewalOn } from './rules.ts';
import { presentAsset, presentAssetRecord, presentEvent } from './presenter.ts';
import { DEVICE_TYPES, INITIAL_STATUSES, REGISTER_STATUSES, normalizeSerial, serialProblem } from './register.ts';
import { assetEvents, assets } from './schema.ts';
import * as store from './store.ts';

const AUDIT_ENTITY = 'asset';

function reject(problems: readonly FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', [...problems]);
}

/** IT provides the register: administrators and the IT unit's agents register and import. */
export function mayRegister(actor: Actor): boolean {
  return hasRole(actor, 'admin') || (hasRole(actor, 'agent') && actor.teamId !== null);
}

function requireRegistrar(actor: Actor): void {
  if (!mayRegister(actor)) throw new AppError('forbidden');
}

/** The person behind the account, if any. */
async function personOf(db: DbOrTx, actor: Actor): Promise<string | null> {
  const [row] = await db.select({ personId: users.personId }).from(users).where(eq(users.id, actor.id)).limit(1);
  return row?.personId ?? null;
}

/** The units a unit manager keeps current (R-5.1 self-service): their person's unit and the units below. */
async function managedUnits(db: DbOrTx, actor: Actor): Promise<Set<string>> {
  if (!hasRole(actor, 'unit_manager') || !actor.municipalityId) return new Set();
  const own = await personUnitOf(db, actor.id);
  return own ? unitAndDescendants(own, await listUnits(db, actor.municipalityId)) : new Set();
}

/**
 * Who sees which assets: IT roles and finance the municipality (or both), a unit manager the
 * assets of the units they manage, anyone else the assets they hold. Outside it a record is "not found".
 */
async function scopeOf(db: DbOrTx, actor: Actor, requestedMunicipality?: string): Promise<store.AssetScope> {
  const municipalityId = municipalityFilter(actor, requestedMunicipality);
  if (hasRole(actor, ...IT_ROLES, 'finance')) return { municipalityId };
  if (hasRole(actor, 'unit_manager')) return { municipalityId, unitIds: [...(await managedUnits(db, actor))] };
  return { municipalityId, holderPersonId: (await personOf(db, actor)) ?? '00000000-0000-0000-0000-000000000000' };
}

/** May the actor change the holder or location of an asset of this unit (and move it to `toUnit`)? */
async function mayKeepCurrent(db: DbOrTx, actor: Actor, asset: store.AssetRow, toUnit: string): Promise<boolean> {
  if (hasRole(actor, 'admin') && (actor.municipalityId === null || actor.municipalityId === asset.municipalityId)) return true;
  const managed = await managedUnits(db, actor);
  return managed.has(asset.unitId) && managed.has(toUnit);
}

// ---------------------------------------------------------------- register

const ZDate = z.string().refine(isLocalDate, 'a date YYYY-MM-DD');

export const ZAssetInput = z.strictObject({
  unitId: z.uuid(),
  deviceType: z.enum(DEVICE_TYPES),
  serviceCode: z.string().trim().min(1).max(100).nullable().optional(),
  model: z.string().trim().min(1).max(200),
  modelRangeItemId: z.uuid().nullable().optional(),
  serial: z.string().max(100),
  holderPersonId: z.uuid().nullable().optional(),
  location: z.string().trim().max(200).optional(),
  supportLevel: z.enum(SUPPORT_LEVELS).nullable().optional(),
  deliveredOn: ZDate.nullable().optional(),
  bindingMonths: z.number().int().min(0).max(120).nullable().optional(),
  status: z.enum(INITIAL_STATUSES).optional(),
  note: z.string().max(2000).optional(),
});
export type TAssetInput = z.infer<typeof ZAssetInput>;

/** What registering needs from the database, looked up once (an import checks thousands of rows). */
export interface RegisterLookups {
  unit: (id: string) => Promise<{ id: string; municipalityId: string } | undefined>;
  person: (id: string, municipalityId: string) => Promise<{ id: string; active: boolean } | undefined>;
  model: (id: string) => Promise<{ id: string; municipalityId: string | null; technicalLifeMonths: number } | undefined>;
  mission: (on: string) => Promise<MissionDocument>;
}

export function dbLookups(db: DbOrTx, actor: Actor): RegisterLookups {
  const missions = new Map<string, Promise<MissionDocument>>();
  let models: Promise<catalogue.ModelRow[]> | undefined;
  return {
    unit: (id) => findUnit(db, id, municipalityFilter(actor)),
    person: (id, municipalityId) => findPerson(db, id, municipalityId),
    model: async (id) => (await (models ??= catalogue.listModels(db, {}))).find((m) => m.id === id),
    mission: (on) => {
      let m = missions.get(on);
      if (!m) {
        m = missionOn(db as Db, on).then((v) => v.document);
        missions.set(on, m);
      }
      return m;
    },
  };
}

/**
 * Checks one registration and answers the row to insert or the problems (field, reason). The renewal
 * date follows from the mission in force on the delivery date; the binding end from the months.
 */
export async function planAsset(input: TAssetInput, lookups: RegisterLookups, today: string): Promise<{ values?: typeof assets.$inferInsert; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const serial = normalizeSerial(input.serial);
  const sp = serialProblem(serial);
  if (sp) problems.push({ field: 'serial', ...sp });
  const unit = await lookups.unit(input.unitId);
  if (!unit) problems.push({ field: 'unitId', reason: 'unknown unit', reasonSv: 'okänd enhet' });
  if (unit && input.holderPersonId) {
    const person = await lookups.person(input.holderPersonId, unit.municipalityId);
    if (!person) problems.push({ field: 'holderPersonId', reason: 'unknown person in the unit’s municipality', reasonSv: 'okänd person i enhetens kommun' });
    else if (!person.active) problems.push({ field: 'holderPersonId', reason: 'the person is no longer active', reasonSv: 'personen är inte längre aktiv' });
  }
  let lifetime: number | null = null;
  if (input.modelRangeItemId) {
    const model = await lookups.model(input.modelRangeItemId);
    if (!model || (unit && model.municipalityId !== null && model.municipalityId !== unit.municipalityId)) problems.push({ field: 'modelRangeItemId', reason: 'unknown model of the model range', reasonSv: 'okänd modell i modellutbudet' });
    else lifetime = model.technicalLifeMonths;
  }
  const deliveredOn = input.deliveredOn ?? null;
  if (deliveredOn !== null && deliveredOn > today) problems.push({ field: 'deliveredOn', reason: 'cannot be in the future', reasonSv: 'kan inte ligga i framtiden' });
  const status = input.status ?? (deliveredOn === null ? 'ordered' : 'active');
  if (status === 'active' && deliveredOn === null) problems.push({ field: 'deliveredOn', reason: 'an active asset has a delivery date', reasonSv: 'en aktiv enhet har ett leveransdatum' });
  if (status === 'ordered' && deliveredOn !== null) problems.push({ field: 'status', reason: 'a delivered asset is not on order', reasonSv: 'en levererad enhet är inte beställd' });
  const mission = await lookups.mission(deliveredOn ?? today);
  const serviceCode = input.serviceCode ?? null;
  const service = serviceCode === null ? undefined : mission.catalogue.services.find((s) => s.code === serviceCode);
  if (serviceCode !== null && !service) problems.push({ field: 'serviceCode', reason: 'unknown service of the mission’s catalogue', reasonSv: 'okänd tjänst i uppdragets katalog' });
  if (problems.length || !unit) return { problems };
  const bindingMonths = input.bindingMonths ?? null;
  return {
    problems,
    values: {
      municipalityId: unit.municipalityId,
      unitId: unit.id,
      deviceType: input.deviceType,
      serviceCode,
      model: input.model,
      modelRangeItemId: input.modelRangeItemId ?? null,
      modelLifetimeMonths: lifetime,
      serial,
      holderPersonId: input.holderPersonId ?? null,
      location: input.location ?? '',
      // the support level comes from the service unless given.
      supportLevel: input.supportLevel ?? service?.supportLevel ?? null,
      deliveredOn,
      bindingMonths,
      bindingUntil: bindingEnd({ deliveredOn, bindingMonths }),
      renewalOn: renewalOn(mission, { serviceCode, modelLifetimeMonths: lifetime, deliveredOn }),
      status,
      note: input.note ?? '',
    },
  };
}

const duplicateSerial = (serial: string): FieldProblem => ({ field: 'serial', reason: `serial ${serial} is already registered`, reasonSv: `serienumret ${serial} finns redan i registret` });

/** Inserts an asset with its first history row and its audit row (in the caller's transaction). */
export async function insertAsset(tx: DbOrTx, actor: Actor, values: typeof assets.$inferInsert, kind: 'register' | 'import', today: string): Promise<store.AssetRow> {
  const [row] = await tx.insert(assets).values(values).returning();
  if (!row) throw new AppError('internal');
  await tx.insert(assetEvents).values({ assetId: row.id, municipalityId: row.municipalityId, kind, occurredOn: row.deliveredOn ?? today, actorUserId: actor.id, fromStatus: null, toStatus: row.status });
  await writeAudit(tx, { actorUserId: actor.id, municipalityId: row.municipalityId, entity: AUDIT_ENTITY, entityId: row.id, action: kind === 'import' ? 'import_create' : 'create', after: presentAssetRecord(row) });
  return row;
}

/** IT registers an asset; a serial already in the register is refused (409) and nothing changes. */
export async function registerAsset(db: Db, actor: Actor, input: TAssetInput) {
  requireRegistrar(actor);
  const today = stockholmToday();
  const { values, problems } = await planAsset(input, dbLookups(db, actor), today);
  reject(problems);
  if (!values) throw new AppError('internal');
  if (await store.findBySerial(db, values.serial)) throw new AppError('conflict', [duplicateSerial(values.serial)]);
  const row = await db.transaction((tx) => insertAsset(tx, actor, values, 'register', today));
  return presentAsset(row, await store.namesFor(db, row));
}

// ---------------------------------------------------------------- keep current (self-service)

export const ZAssetUpdate = z
  .strictObject({
    version: z.number().int().min(1),
    unitId: z.uuid().optional(),
    holderPersonId: z.uuid().nullable().optional(),
    location: z.string().trim().max(200).optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((v) => v.unitId !== undefined || v.holderPersonId !== undefined || v.location !== undefined || v.note !== undefined, { message: 'nothing to change', path: ['body'] });

/**
 * on staff turnover and moves a unit keeps its assets current itself — its manager changes the
 * holder, location or (within the units they manage) the unit; administrators do it for everyone.
 * One transaction: the record (409 on a stale version), a history row and the audit row.
 */
export async function updateAsset(db: Db, actor: Actor, id: string, input: z.infer<typeof ZAssetUpdate>) {
  const scope = await scopeOf(db, actor);
  const asset = await store.findAsset(db, id, scope);
  if (!asset) throw new AppError('not_found');
  const toUnit = input.unitId ?? asset.unitId;
  if (!(await mayKeepCurrent(db, actor, asset, toUnit))) {
    throw new AppError('forbidden', [{ field: input.unitId && input.unitId !== asset.unitId ? 'unitId' : 'id', reason: 'only the unit’s manager (for the units they manage) or an administrator', reasonSv: 'bara enhetens chef (för de enheter hen ansvarar för) eller en administratör' }]);
  }
  const problems: FieldProblem[] = [];
  if (input.unitId && input.unitId !== asset.unitId) {
    const unit = await findUnit(db, input.unitId, asset.municipalityId);
    if (!unit) problems.push({ field: 'unitId', reason: 'unknown unit in the asset’s municipality', reasonSv: 'okänd enhet i enhetens kommun' });
  }
  if (input.holderPersonId) {
    const person = await findPerson(db, input.holderPersonId, asset.municipalityId);
    if (!person) problems.push({ field: 'holderPersonId', reason: 'unknown person in the asset’s municipality', reasonSv: 'okänd person i tillgångens kommun' });
    else if (!person.active) problems.push({ field: 'holderPersonId', reason: 'the person is no longer active', reasonSv: 'personen är inte längre aktiv' });
  }
  reject(problems);
  const values: Partial<typeof assets.$inferInsert> = {};
  if (input.unitId !== undefined) values.unitId = input.unitId;
  if (input.holderPersonId !== undefined) values.holderPersonId = input.holderPersonId;
  if (input.location !== undefined) values.location = input.location;
  if (input.note !== undefined) values.note = input.note;
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(values)) {
    const before = asset[k as keyof store.AssetRow];
    if (before !== v) changes[k] = [before, v];
  }
  const today = stockholmToday();
  const row = await db.transaction(async (tx) => {
    const updated = await updateVersioned(tx, assets, { id: asset.id, expectedVersion: input.version, values, present: presentAssetRecord });
    await tx.insert(assetEvents).values({ assetId: asset.id, municipalityId: asset.municipalityId, kind: 'update', occurredOn: today, actorUserId: actor.id, fromStatus: asset.status, toStatus: updated.status, changes });
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: asset.municipalityId, entity: AUDIT_ENTITY, entityId: asset.id, action: 'update', before: presentAssetRecord(asset), after: presentAssetRecord(updated) });
    return updated;
  });
  return presentAsset(row, await store.namesFor(db, row));
}

// ---------------------------------------------------------------- read

export const ZAssetListQuery = z.strictObject({
  municipalityId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  deviceType: z.enum(DEVICE_TYPES).optional(),
  status: z.enum(REGISTER_STATUSES).optional(),
  holderPersonId: z.uuid().optional(),
  serial: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const encodeCursor = (serial: string) => Buffer.from(serial, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const serial = Buffer.from(cursor, 'base64url').toString('utf8');
  if (serial === '' || serialProblem(serial)) throw new AppError('validation', [{ field: 'query.cursor', reason: 'invalid cursor', reasonSv: 'ogiltig markör' }]);
  return serial;
}

/** the register, filtered, in keyset pages ordered by serial. */
export async function listAssets(db: Db, actor: Actor, q: z.infer<typeof ZAssetListQuery>) {
  const scope = await scopeOf(db, actor, q.municipalityId);
  const serial = q.serial === undefined ? undefined : normalizeSerial(q.serial);
  const rows = await store.listAssets(db, { ...scope, unitId: q.unitId, deviceType: q.deviceType, status: q.status, holder: q.holderPersonId, serial: serial || undefined, afterSerial: decodeCursor(q.cursor), limit: q.limit });
  const items = rows.map((r) => presentAsset(r.asset, r));
  const last = rows.at(-1);
  return { items, nextCursor: rows.length === q.limit && last ? encodeCursor(last.asset.serial) : null };
}

/** One asset with its history. */
export async function getAsset(db: Db, actor: Actor, id: string) {
  const asset = await store.findAsset(db, id, await scopeOf(db, actor));
  if (!asset) throw new AppError('not_found');
  const events = await store.eventsOf(db, asset.id);
  return { ...presentAsset(asset, await store.namesFor(db, asset)), history: events.map(presentEvent), canEdit: await mayKeepCurrent(db, actor, asset, asset.unitId) };
}
