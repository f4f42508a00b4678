import * as catalogue from '../catalogue/store.ts';
import type { MissionDocument } from '../mission/rules.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { managedUnits } from '../org/service.ts';
import { findPerson, findUnit } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { hasRole, municipalityFilter } from '../platform/auth/policy.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { orderLineDelivered, type DeliveredLine } from '../orders/hooks.ts';
import {
  ZSerialCursor,
  type Asset,
  type AssetListQuery,
  type AssetPage,
  type AssetWithHistory,
  type TAssetInput,
  type TAssetUpdate,
  type TEventInput,
} from './contract.ts';
import { assetDocument, type AssetDocument } from './documents.ts';
import { lifecycleNames, loadLifecycle, storeEvent } from './lifecycle.ts';
import { presentAsset, presentAssetRecord, presentEvent, presentLifecycle } from './presenter.ts';
import { applyEvent, bindingEnd, renewalOn, saleRolesOf, type AssetEvent, type Buyer, type Holder } from './rules.ts';
import { DEVICE_TYPES, normalizeSerial, serialProblem } from './register.ts';
import { assets } from './schema.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { readsWholeRegister } from './policy.ts';

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

/**
 * Who sees which assets: IT roles and finance the municipality (or both), a unit manager the
 * assets of the units they manage, anyone else the assets they hold. Outside it a record is "not found".
 */
async function scopeOf(db: DbOrTx, actor: Actor, requestedMunicipality?: string): Promise<store.AssetScope> {
  const municipalityId = municipalityFilter(actor, requestedMunicipality);
  if (readsWholeRegister(actor)) return { municipalityId };
  if (hasRole(actor, 'unit_manager')) return { municipalityId, unitIds: [...(await managedUnits(db, actor))] };
  return { municipalityId, holderPersonId: (await store.personOfUser(db, actor.id)) ?? '00000000-0000-0000-0000-000000000000' };
}

/** May the actor change the holder or location of an asset of this unit (and move it to `toUnit`)? */
async function mayKeepCurrent(db: DbOrTx, actor: Actor, asset: store.AssetRow, toUnit: string): Promise<boolean> {
  if (hasRole(actor, 'admin') && (actor.municipalityId === null || actor.municipalityId === asset.municipalityId)) return true;
  const managed = await managedUnits(db, actor);
  return managed.has(asset.unitId) && managed.has(toUnit);
}

// ---------------------------------------------------------------- register

export type { TAssetInput, TEventInput } from './contract.ts';

/** What registering needs from the database, looked up once (an import checks thousands of rows). */
export interface RegisterLookups {
  unit: (id: string) => Promise<{ id: string; municipalityId: string } | undefined>;
  person: (id: string, municipalityId: string) => Promise<{ id: string; active: boolean } | undefined>;
  model: (id: string) => Promise<{ id: string; municipalityId: string | null; technicalLifeMonths: number; articleCode: string } | undefined>;
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
export async function planAsset(
  input: TAssetInput,
  lookups: RegisterLookups,
  today: string,
): Promise<{ values?: typeof assets.$inferInsert; problems: FieldProblem[] }> {
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
  let articleCode: string | null = null;
  if (input.modelRangeItemId) {
    const model = await lookups.model(input.modelRangeItemId);
    if (!model || (unit && model.municipalityId !== null && model.municipalityId !== unit.municipalityId)) {
      problems.push({ field: 'modelRangeItemId', reason: 'unknown model of the model range', reasonSv: 'okänd modell i modellutbudet' });
    } else {
      lifetime = model.technicalLifeMonths;
      articleCode = model.articleCode;
    }
  }
  const deliveredOn = input.deliveredOn ?? null;
  if (deliveredOn !== null && deliveredOn > today) {
    problems.push({ field: 'deliveredOn', reason: 'cannot be in the future', reasonSv: 'kan inte ligga i framtiden' });
  }
  const status = input.status ?? (deliveredOn === null ? 'ordered' : 'active');
  if (status === 'active' && deliveredOn === null) {
    problems.push({ field: 'deliveredOn', reason: 'an active asset has a delivery date', reasonSv: 'en aktiv enhet har ett leveransdatum' });
  }
  if (status === 'ordered' && deliveredOn !== null) {
    problems.push({ field: 'status', reason: 'a delivered asset is not on order', reasonSv: 'en levererad enhet är inte beställd' });
  }
  const orderedOn = input.orderedOn ?? deliveredOn ?? today;
  if (input.orderedOn !== undefined && orderedOn > today) {
    problems.push({ field: 'orderedOn', reason: 'cannot be in the future', reasonSv: 'kan inte ligga i framtiden' });
  }
  if (input.orderedOn !== undefined && deliveredOn !== null && orderedOn > deliveredOn) {
    problems.push({ field: 'orderedOn', reason: 'cannot be after the delivery', reasonSv: 'kan inte vara efter leveransen' });
  }
  const mission = await lookups.mission(deliveredOn ?? today);
  const serviceCode = input.serviceCode ?? null;
  const service = serviceCode === null ? undefined : mission.catalogue.services.find((s) => s.code === serviceCode);
  if (serviceCode !== null && !service) {
    problems.push({ field: 'serviceCode', reason: 'unknown service of the mission’s catalogue', reasonSv: 'okänd tjänst i uppdragets katalog' });
  }
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
      // The article that charges for the model (R-4.2 model range → price list).
      articleCode,
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
      details: { orderedOn, lastEventOn: deliveredOn ?? orderedOn },
    },
  };
}

const duplicateSerial = (serial: string): FieldProblem => ({
  field: 'serial',
  reason: `serial ${serial} is already registered`,
  reasonSv: `serienumret ${serial} finns redan i registret`,
});

/** Inserts an asset with its first history row and its audit row (in the caller's transaction). */
export async function insertAsset(
  tx: DbOrTx,
  actor: Actor,
  values: typeof assets.$inferInsert,
  kind: 'register' | 'import' | 'deliver',
  today: string,
  changes: Record<string, unknown> = {},
): Promise<store.AssetRow> {
  const orderedOn = values.deliveredOn ?? today;
  const row = await store.insertAssetRow(tx, { ...values, details: { orderedOn, lastEventOn: orderedOn, ...values.details } });
  if (!row) throw new AppError('internal');
  // an asset registered in use is billed to its unit from its delivery.
  if (row.status === 'active' && row.deliveredOn !== null) {
    await store.insertBillingPeriods(tx, [
      { assetId: row.id, municipalityId: row.municipalityId, unitId: row.unitId, fromOn: row.deliveredOn, basis: 'active' },
    ]);
  }
  await store.insertEvent(tx, {
    assetId: row.id,
    municipalityId: row.municipalityId,
    kind,
    occurredOn: row.deliveredOn ?? today,
    actorUserId: actor.id,
    fromStatus: kind === 'deliver' ? 'ordered' : null,
    toStatus: row.status,
    changes,
    at: clockNow(),
  });
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: row.municipalityId,
    entity: AUDIT_ENTITY,
    entityId: row.id,
    action: kind === 'import' ? 'import_create' : kind === 'deliver' ? 'deliver' : 'create',
    after: presentAssetRecord(row),
  });
  return row;
}

/** IT registers an asset; a serial already in the register is refused (409) and nothing changes. */
export async function registerAsset(db: Db, actor: Actor, input: TAssetInput): Promise<Asset> {
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

/**
 * on staff turnover and moves a unit keeps its assets current itself — its manager changes the
 * holder, location or (within the units they manage) the unit; administrators do it for everyone.
 * One transaction: the record (409 on a stale version), a history row and the audit row.
 */
export async function updateAsset(db: Db, actor: Actor, id: string, input: TAssetUpdate): Promise<Asset> {
  const scope = await scopeOf(db, actor);
  const asset = await store.findAsset(db, id, scope);
  if (!asset) throw new AppError('not_found');
  const toUnit = input.unitId ?? asset.unitId;
  if (!(await mayKeepCurrent(db, actor, asset, toUnit))) {
    throw new AppError('forbidden', [
      {
        field: input.unitId && input.unitId !== asset.unitId ? 'unitId' : 'id',
        reason: 'only the unit’s manager (for the units they manage) or an administrator',
        reasonSv: 'bara enhetens chef (för de enheter hen ansvarar för) eller en administratör',
      },
    ]);
  }
  assertVersion(asset, input.version, presentAssetRecord);
  const problems: FieldProblem[] = [];
  if (input.unitId && input.unitId !== asset.unitId) {
    const unit = await findUnit(db, input.unitId, asset.municipalityId);
    if (!unit) problems.push({ field: 'unitId', reason: 'unknown unit in the asset’s municipality', reasonSv: 'okänd enhet i enhetens kommun' });
  }
  if (input.holderPersonId) {
    const person = await findPerson(db, input.holderPersonId, asset.municipalityId);
    if (!person) {
      problems.push({ field: 'holderPersonId', reason: 'unknown person in the asset’s municipality', reasonSv: 'okänd person i tillgångens kommun' });
    } else if (!person.active) problems.push({ field: 'holderPersonId', reason: 'the person is no longer active', reasonSv: 'personen är inte längre aktiv' });
  }
  reject(problems);
  const today = stockholmToday();
  const unitChanged = input.unitId !== undefined && input.unitId !== asset.unitId;
  const holderChanged = input.holderPersonId !== undefined && input.holderPersonId !== asset.holderPersonId;
  const locationChanged = input.location !== undefined && input.location !== asset.location;
  const note = input.note === undefined ? {} : { note: input.note };
  const row = await db.transaction(async (tx) => {
    if (!unitChanged && !holderChanged && !locationChanged) {
      // Only the note: no lifecycle event, but history and audit all the same.
      const updated = await updateVersioned(tx, assets, { id: asset.id, expectedVersion: input.version, values: note, present: presentAssetRecord });
      const changes = asset.note === updated.note ? {} : { note: [asset.note, updated.note] };
      await store.insertEvent(tx, {
        assetId: asset.id,
        municipalityId: asset.municipalityId,
        kind: 'update',
        occurredOn: today,
        actorUserId: actor.id,
        fromStatus: asset.status,
        toStatus: updated.status,
        changes,
        at: clockNow(),
      });
      await writeAudit(tx, {
        actorUserId: actor.id,
        municipalityId: asset.municipalityId,
        entity: AUDIT_ENTITY,
        entityId: asset.id,
        action: 'update',
        before: presentAssetRecord(asset),
        after: presentAssetRecord(updated),
      });
      return updated;
    }
    // a new holder or unit is a reassignment (the new cost bearer pays from today,
    // ), a new place alone a move; both only for equipment in use, as the lifecycle says.
    if (asset.status !== 'active') {
      throw new AppError('validation', [
        {
          field: 'status',
          reason: `only equipment in use is kept current by its unit; it is ${asset.status}`,
          reasonSv: 'bara utrustning i bruk hålls aktuell av enheten; kontakta IT',
        },
      ]);
    }
    const { asset: current } = await loadLifecycle(tx, asset);
    const event: AssetEvent =
      unitChanged || holderChanged
        ? {
            kind: 'reassign',
            date: today,
            unitId: toUnit,
            holder:
              input.holderPersonId === undefined
                ? current.holder
                : input.holderPersonId === null
                  ? null
                  : await personHolder(tx, input.holderPersonId, asset.municipalityId, 'holderPersonId'),
            ...(locationChanged ? { location: input.location ?? '' } : {}),
          }
        : { kind: 'move', date: today, location: input.location ?? '' };
    const mission = (await missionOn(db, today)).document;
    const result = applyEvent(current, event, { mission, today, saleRoles: saleRolesOf(mission) });
    if (!result.ok) throw new AppError('validation', result.problems);
    const stored = await storeEvent(tx, actor, { row: asset, expectedVersion: input.version, before: current, after: result.asset, event, selfService: true });
    return input.note === undefined ? stored : await updateNoteOnly(tx, stored, input.note);
  });
  return presentAsset(row, await store.namesFor(db, row));
}

/** The note travels with a self-service change without a second version bump. */
async function updateNoteOnly(tx: DbOrTx, row: store.AssetRow, note: string): Promise<store.AssetRow> {
  return (await store.updateNote(tx, row.id, note)) ?? row;
}

// ---------------------------------------------------------------- read

/** the register, filtered, in keyset pages ordered by serial. */
export async function listAssets(db: Db, actor: Actor, q: AssetListQuery): Promise<AssetPage> {
  const scope = await scopeOf(db, actor, q.municipalityId);
  const serial = q.serial === undefined ? undefined : normalizeSerial(q.serial);
  const rows = await store.listAssets(db, {
    ...scope,
    unitId: q.unitId,
    deviceType: q.deviceType,
    status: q.status,
    holder: q.holderPersonId,
    serial: serial || undefined,
    afterSerial: decodeCursor(q.cursor, ZSerialCursor)?.serial,
    limit: q.limit,
  });
  const items = rows.map((r) => presentAsset(r.asset, r));
  const last = rows.at(-1);
  return { items, nextCursor: rows.length === q.limit && last ? encodeCursor({ serial: last.asset.serial }) : null };
}

/** One asset with its history and lifecycle: billing, binding, disposal and the events possible now. */
export async function getAsset(db: Db, actor: Actor, id: string): Promise<AssetWithHistory> {
  const asset = await store.findAsset(db, id, await scopeOf(db, actor));
  if (!asset) throw new AppError('not_found');
  return assetPage(db, actor, asset);
}

/** One asset by its serial, as typed or scanned (normalised); an unknown serial says so (404, field serial). */
export async function getAssetBySerial(db: Db, actor: Actor, serial: string): Promise<AssetWithHistory> {
  const normal = normalizeSerial(serial);
  const row = await store.findBySerial(db, normal);
  const scope = await scopeOf(db, actor);
  const visible = row ? await store.findAsset(db, row.id, scope) : undefined;
  if (!visible) throw new AppError('not_found', [{ field: 'serial', reason: `unknown serial ${normal}`, reasonSv: `okänt serienummer ${normal}` }]);
  return assetPage(db, actor, visible);
}

async function assetPage(db: Db, actor: Actor, row: store.AssetRow): Promise<AssetWithHistory> {
  const events = await store.eventsOf(db, row.id);
  const { asset } = await loadLifecycle(db, row);
  const names = await lifecycleNames(db, asset);
  return {
    ...presentAsset(row, await store.namesFor(db, row)),
    history: events.map(presentEvent),
    canEdit: await mayKeepCurrent(db, actor, row, row.unitId),
    canAct: mayRegister(actor) && (actor.municipalityId === null || actor.municipalityId === row.municipalityId),
    lifecycle: presentLifecycle(row, asset, names, stockholmToday(), saleRolesOf((await missionOn(db)).document)),
  };
}

// ---------------------------------------------------------------- lifecycle events

/** A person of the asset's municipality as holder or buyer, with their role (R-5.7 needs it). */
async function personHolder(db: DbOrTx, personId: string, municipalityId: string, field: string): Promise<Holder> {
  const person = await findPerson(db, personId, municipalityId);
  if (!person) {
    throw new AppError('validation', [{ field, reason: 'unknown person in the asset’s municipality', reasonSv: 'okänd person i tillgångens kommun' }]);
  }
  return { personId: person.id, role: person.personRole };
}

async function unitOf(db: DbOrTx, unitId: string, municipalityId: string): Promise<string> {
  if (!(await findUnit(db, unitId, municipalityId))) {
    throw new AppError('validation', [{ field: 'unitId', reason: 'unknown unit in the asset’s municipality', reasonSv: 'okänd enhet i tillgångens kommun' }]);
  }
  return unitId;
}

/** The rules' event from the request: people and units resolved in the asset's municipality. */
async function toRulesEvent(db: DbOrTx, row: store.AssetRow, input: TEventInput, date: string): Promise<AssetEvent> {
  const m = row.municipalityId;
  const holder = async (id: string | null | undefined) => (id ? await personHolder(db, id, m, 'holderPersonId') : null);
  switch (input.kind) {
    case 'deliver':
      return {
        kind: 'deliver',
        date,
        serial: normalizeSerial(input.serial ?? row.serial),
        unitId: await unitOf(db, input.unitId, m),
        holder: await holder(input.holderPersonId),
        location: input.location ?? null,
        bindingEndsOn: bindingEnd({ deliveredOn: date, bindingMonths: input.bindingMonths ?? null }),
      };
    case 'move':
      return { kind: 'move', date, location: input.location };
    case 'reassign':
      return {
        kind: 'reassign',
        date,
        unitId: await unitOf(db, input.unitId, m),
        holder: await holder(input.holderPersonId),
        ...(input.location === undefined ? {} : { location: input.location }),
      };
    case 'stock':
      return { kind: 'stock', date, ...(input.location === undefined ? {} : { location: input.location }) };
    case 'erase':
      return { kind: 'erase', date, by: input.erasedBy, method: input.method, serial: normalizeSerial(input.serial) };
    case 'sell': {
      const b = input.buyer;
      const buyer: Buyer =
        b.kind === 'partner'
          ? b
          : { kind: 'person', personId: b.personId, role: (await personHolder(db, b.personId, m, 'buyer.personId')).role, proof: b.proof };
      return { kind: 'sell', date, buyer };
    }
    case 'report_stolen':
    case 'report_damaged':
      return { kind: input.kind, date, policeReport: input.policeReport };
    case 'settle':
      return { kind: 'settle', date, reference: input.reference, amount: input.amount };
    case 'return':
    case 'retire':
    case 'recycle':
      return { kind: input.kind, date };
  }
}

/**
 * IT applies one lifecycle event to an asset. The rules decide (transition table, dates, R-5.4
 * binding, R-5.5 report, R-5.7 sale, R-5.8 erasure); a refusal answers 400 with every reason and
 * changes nothing. Accepted: one transaction with the row, its billing periods, history and audit.
 */
export async function applyAssetEvent(db: Db, actor: Actor, id: string, input: TEventInput): Promise<AssetWithHistory> {
  requireRegistrar(actor);
  const row = await store.findAsset(db, id, { municipalityId: municipalityFilter(actor) });
  if (!row) throw new AppError('not_found');
  // A stale version is 409 before the rules judge a record someone else has just changed (issue 16).
  assertVersion(row, input.version, presentAssetRecord);
  const today = stockholmToday();
  const date = input.date ?? today;
  const event = await toRulesEvent(db, row, input, date);
  const mission = (await missionOn(db, date)).document;
  const { asset } = await loadLifecycle(db, row);
  const serialsInUse = new Set<string>();
  if (event.kind === 'deliver' && event.serial !== row.serial && (await store.findBySerial(db, event.serial))) serialsInUse.add(event.serial);
  const result = applyEvent(asset, event, { mission, today, saleRoles: saleRolesOf(mission), serialsInUse });
  if (!result.ok) throw new AppError('validation', result.problems);
  const extra = {
    ...(event.kind === 'deliver' ? { renewalOn: renewalOn(mission, result.asset) } : {}),
    ...(event.kind === 'sell' && result.asset.sale
      ? { sale: { ...result.asset.sale, buyer: result.asset.sale.buyer, priceOre: input.kind === 'sell' ? (input.priceOre ?? null) : null } }
      : {}),
  };
  const updated = await db.transaction((tx) =>
    storeEvent(tx, actor, { row, expectedVersion: input.version, before: asset, after: result.asset, event, note: input.note, extra }),
  );
  return assetPage(db, actor, updated);
}

/** the asset's erasure protocol or sale receipt as a PDF, for whoever sees the asset. */
export async function getAssetDocument(db: Db, actor: Actor, id: string, which: AssetDocument) {
  const row = await store.findAsset(db, id, await scopeOf(db, actor));
  if (!row) throw new AppError('not_found');
  return assetDocument(db, actor, row, which);
}

/** What a delivered order line tells the register (R-4.3 → ). */
/**
 * a delivered equipment line becomes an active asset of the ordering unit, in the
 * delivery's transaction, billed from the delivery date and due for renewal by the mission in
 * force then. Accessories are not registered. A serial already in the register refuses the delivery.
 */
/** Issue 17: a delivered order line enters the register (registered when the app boots). */
export function registerAssetReactions(): void {
  orderLineDelivered.on('assets', async (tx, e) => {
    await registerDelivered(tx, e.actor, e.line, e.mission);
  });
}

export async function registerDelivered(tx: DbOrTx, actor: Actor, line: DeliveredLine, mission: MissionDocument): Promise<store.AssetRow | null> {
  const deviceType = (DEVICE_TYPES as readonly string[]).includes(line.modelCategory ?? '') ? (line.modelCategory as (typeof DEVICE_TYPES)[number]) : null;
  if (deviceType === null) return null;
  const serial = normalizeSerial(line.serial);
  const sp = serialProblem(serial);
  if (sp) throw new AppError('validation', [{ field: 'serialNumber', ...sp }]);
  if (await store.findBySerial(tx, serial)) throw new AppError('conflict', [{ ...duplicateSerial(serial), field: 'serialNumber' }]);
  const lifetime = line.modelRangeItemId ? ((await catalogue.findModel(tx, line.modelRangeItemId))?.technicalLifeMonths ?? null) : null;
  const values: typeof assets.$inferInsert = {
    municipalityId: line.municipalityId,
    unitId: line.unitId,
    deviceType,
    serviceCode: line.serviceCode,
    model: line.model,
    modelRangeItemId: line.modelRangeItemId,
    modelLifetimeMonths: lifetime,
    serial,
    holderPersonId: line.holderPersonId,
    supportLevel: line.supportLevel,
    articleCode: line.articleCode,
    orderLineId: line.orderLineId,
    deliveredOn: line.deliveredOn,
    renewalOn: renewalOn(mission, { serviceCode: line.serviceCode, modelLifetimeMonths: lifetime, deliveredOn: line.deliveredOn }),
    status: 'active',
    details: { orderedOn: line.orderedOn, lastEventOn: line.deliveredOn },
  };
  return insertAsset(tx, actor, values, 'deliver', line.deliveredOn, { order: line.orderNumber, orderLineId: line.orderLineId });
}
