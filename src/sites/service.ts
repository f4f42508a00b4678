import { loadLifecycle, storeEvent } from '../assets/lifecycle.ts';
import { applyEvent, DEVICE_TYPE_SV, isLoan, saleRolesOf, type AssetEvent, type DeviceType, type Holder } from '../assets/rules.ts';
import { normalizeSerial } from '../assets/register.ts';
import * as assetStore from '../assets/store.ts';
import * as catalogueStore from '../catalogue/store.ts';
import type { MissionDocument } from '../mission/rules.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { managedUnits } from '../org/service.ts';
import { findPerson } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy, municipalityFilter } from '../platform/auth/policy.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import { permission } from '../platform/http/contract.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { fieldNames } from '../platform/http/validation.ts';
import { enqueuePreparedMail } from '../platform/mail/outbox.ts';
import {
  ZBookingInput,
  ZBookingStep,
  ZEquipmentInput,
  ZPoolMemberInput,
  ZSiteInput,
  ZSystemInput,
  type Booking,
  type BookingInput,
  type BookingStep,
  type EquipmentInput,
  type MeetingInput,
  type Pool,
  type PoolMemberInput,
  type PoolQuery,
  type RackInput,
  type Site,
  type SiteInput,
  type SiteList,
  type SiteListQuery,
  type SitePatch,
  type SiteSummary,
  type SystemInput,
  type SystemView,
} from './contract.ts';
import { booksLaptops, editsSites, managesLaptopPool, readsAllSites } from './policy.ts';
import {
  APPROVAL_BASIS_SV,
  approvalValidUntil,
  bookingDays,
  bookingProblems,
  BOOKING_STATUS_SV,
  CONNECTION_KIND_SV,
  handOutProblems,
  isOverdue,
  PAYER_SV,
  RACK_KIND_SV,
  requirementText,
  requiresSystem,
  returnProblems,
  shortfalls,
  SITE_KIND_SV,
  SITE_SYSTEM_SV,
  SITE_SYSTEMS,
  sitesConfig,
  type SiteFacts,
  type SiteSystem,
  type SitesConfig,
} from './rules.ts';
import { sites } from './schema.ts';
import * as store from './store.ts';
import { laptopBookings } from './schema.ts';

/**
 * Issue 22: sites, network and premises and the short-term laptop pool. Every change is
 * one transaction with its audit row; the rules (rules.ts) judge, reading the mission in force on the day.
 */

const SITE = 'site';
const BOOKING = 'laptop_booking';

type InputSchema = typeof ZSiteInput | typeof ZSystemInput | typeof ZEquipmentInput | typeof ZBookingInput | typeof ZBookingStep | typeof ZPoolMemberInput;

/** Problems named by their fields' labels in the input's schema (a service's problems name only the key). */
function labelled(schema: InputSchema, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => {
    const names = fieldNames(schema, p.field.split('.'));
    return { ...p, label: names.sv, labelEn: names.en };
  });
}

function reject(schema: InputSchema, problems: readonly FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', labelled(schema, problems));
}

function invalid(schema: InputSchema, field: string, reason: string, reasonSv: string): AppError {
  return new AppError('validation', labelled(schema, [{ field, reason, reasonSv }]));
}

const fieldProblem = (p: { field: string; sv: string; en: string }): FieldProblem => ({ field: p.field, reason: p.en, reasonSv: p.sv });

// ---------------------------------------------------------------- who sees which sites

/** IT and finance the sites of their municipalities, a unit manager those of their units. */
async function siteScope(db: DbOrTx, actor: Actor, requested?: string): Promise<store.SiteScope> {
  const municipalityId = municipalityFilter(actor, requested);
  if (readsAllSites(actor)) return { municipalityId };
  if (actor.roles.includes('unit_manager')) return { municipalityId, unitIds: [...(await managedUnits(db, actor))] };
  throw new AppError('forbidden');
}

async function configOn(db: Db, day: string): Promise<SitesConfig> {
  return sitesConfig((await missionOn(db, day)).document);
}

// ---------------------------------------------------------------- presenting

const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

/** The rules' facts of a site from its stored systems. */
export function factsOf(kind: store.SiteRow['kind'], systems: readonly store.SystemRow[]): SiteFacts {
  const row = (s: SiteSystem) => systems.find((x) => x.system === s);
  const ups = row('ups');
  const diesel = row('diesel');
  const cooling = row('cooling');
  const fire = row('fire');
  return {
    kind,
    ups: ups ? { approvedOn: ups.approvedOn, autonomyHours: hours(ups.autonomyMinutes) ?? 0 } : null,
    diesel: diesel ? { approvedOn: diesel.approvedOn, automatic: diesel.automatic ?? false } : null,
    cooling: cooling ? { approvedOn: cooling.approvedOn } : null,
    fire: fire ? { approvedOn: fire.approvedOn } : null,
  };
}

function connectionText(s: store.SiteRow): string {
  if (s.connectionKind === 'none') return CONNECTION_KIND_SV.none;
  return [CONNECTION_KIND_SV[s.connectionKind], s.connectionOperator, s.connectionCapacity].filter((x) => x !== '').join(', ');
}

function summaryOf(s: store.SiteWithNames, units: { id: string; name: string }[], systems: store.SystemRow[], today: string, cfg: SitesConfig): SiteSummary {
  return {
    id: s.id,
    municipality: { id: s.municipalityId, name: s.municipalityName },
    name: s.name,
    kind: s.kind,
    kindText: SITE_KIND_SV[s.kind],
    address: s.address,
    connectionText: connectionText(s),
    units,
    shortfalls: shortfalls(factsOf(s.kind, systems), today, cfg).map((f) => ({
      system: f.system,
      systemText: SITE_SYSTEM_SV[f.system],
      reason: f.reason,
      text: f.sv,
    })),
  };
}

function systemView(kind: store.SiteRow['kind'], system: SiteSystem, row: store.SystemRow | undefined, cfg: SitesConfig): SystemView {
  return {
    system,
    systemText: SITE_SYSTEM_SV[system],
    present: row !== undefined,
    autonomyHours: row ? hours(row.autonomyMinutes) : null,
    automatic: row?.automatic ?? null,
    description: row?.description ?? '',
    approvedOn: row?.approvedOn ?? null,
    basis: row?.basis ?? null,
    basisText: row?.basis ? APPROVAL_BASIS_SV[row.basis] : null,
    approvalValidUntil: row?.approvedOn ? approvalValidUntil(row.approvedOn, cfg.reapprovalMonths) : null,
    required: requiresSystem(kind, system, cfg),
  };
}

function approvedWhat(system: SiteSystem, facts: Record<string, unknown>): string {
  const parts: string[] = [];
  if (system === 'ups' && typeof facts.autonomyHours === 'number') parts.push(`${String(facts.autonomyHours).replace('.', ',')} timmar`);
  if (system === 'diesel' && typeof facts.automatic === 'boolean') parts.push(facts.automatic ? 'tar över automatiskt' : 'kräver manuell betjäning');
  if (typeof facts.description === 'string' && facts.description !== '') parts.push(facts.description);
  return parts.join(', ');
}

function mayEditSite(actor: Actor, site: store.SiteRow) {
  if (!editsSites(actor)) return permission({ reason: 'only IT keeps the register of sites', reasonSv: 'bara IT för registret över platser' });
  if (actor.scope.kind === 'municipality' && actor.scope.municipalityId !== site.municipalityId) {
    return permission({ reason: 'the site is in another municipality', reasonSv: 'platsen hör till en annan kommun' });
  }
  return permission(null);
}

async function sitePage(db: Db, actor: Actor, s: store.SiteWithNames): Promise<Site> {
  const today = stockholmToday();
  const cfg = await configOn(db, today);
  const systems = (await store.systemsOf(db, [s.id])).get(s.id) ?? [];
  const units = (await store.unitsOf(db, [s.id])).get(s.id) ?? [];
  const approvals = await store.approvalsOf(db, s.id);
  return {
    ...summaryOf(s, units, systems, today, cfg),
    connectionKind: s.connectionKind,
    connectionOperator: s.connectionOperator,
    connectionCapacity: s.connectionCapacity,
    connectionEstablishedOn: s.connectionEstablishedOn,
    paidConnection: s.paidConnection,
    paidBuildingNetwork: s.paidBuildingNetwork,
    paidMaintenance: s.paidMaintenance,
    payersText: { connection: PAYER_SV[s.paidConnection], buildingNetwork: PAYER_SV[s.paidBuildingNetwork], maintenance: PAYER_SV[s.paidMaintenance] },
    note: s.note,
    requirementText: requirementText(s.kind, cfg),
    systems: SITE_SYSTEMS.map((system) =>
      systemView(
        s.kind,
        system,
        systems.find((x) => x.system === system),
        cfg,
      ),
    ),
    approvals: approvals.map(({ a, approvedBy }) => ({
      id: a.id,
      system: a.system,
      systemText: SITE_SYSTEM_SV[a.system],
      approvedOn: a.approvedOn,
      basisText: APPROVAL_BASIS_SV[a.basis],
      what: approvedWhat(a.system, a.facts),
      note: a.note,
      approvedBy,
    })),
    racks: (await store.racksOf(db, s.id)).map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindText: RACK_KIND_SV[r.kind],
      placement: r.placement,
      recommendedOn: r.recommendedOn,
      mountedOn: r.mountedOn,
      note: r.note,
    })),
    equipment: (await store.equipmentOf(db, s.id)).map((e) => ({
      id: e.id,
      assetId: e.assetId,
      serial: e.serial,
      model: e.model,
      deviceTypeText: DEVICE_TYPE_SV[e.deviceType as DeviceType] ?? e.deviceType,
      rackId: e.rackId,
      rackName: e.rackName,
      placedOn: e.placedOn,
      note: e.note,
    })),
    meetings: (await store.meetingsOf(db, s.id)).map((m) => ({ id: m.id, heldOn: m.heldOn, project: m.project, outcome: m.outcome })),
    version: s.version,
    actions: { edit: mayEditSite(actor, s) },
  };
}

/**
 * for the tertial follow-up: the number of sites of the municipalities and every way one falls
 * short on `day`, in the same words as the shortfall list. The follow-up decides who reads it.
 */
export async function siteShortfalls(db: Db, municipalityIds: readonly string[], day: string) {
  const cfg = await configOn(db, day);
  const found = (await Promise.all(municipalityIds.map((m) => store.listSites(db, { municipalityId: m })))).flat();
  const systems = await store.systemsOf(
    db,
    found.map((s) => s.id),
  );
  return {
    asOf: day,
    count: found.length,
    shortfalls: found.flatMap((s) =>
      shortfalls(factsOf(s.kind, systems.get(s.id) ?? []), day, cfg).map((f) => ({
        siteId: s.id,
        site: s.name,
        municipality: s.municipalityName,
        kindText: SITE_KIND_SV[s.kind],
        systemText: SITE_SYSTEM_SV[f.system],
        text: f.sv,
      })),
    ),
  };
}

/** The site's row as it enters the audit trail. */
function presentSiteRecord(s: store.SiteRow) {
  const { createdAt: _c, updatedAt: _u, ...rest } = s;
  return rest;
}

// ---------------------------------------------------------------- the register

/** the sites the actor sees, each with the ways it falls short today. */
export async function listSites(db: Db, actor: Actor, q: SiteListQuery): Promise<SiteList> {
  const scope = await siteScope(db, actor, q.municipalityId);
  const today = stockholmToday();
  const cfg = await configOn(db, today);
  const found = await store.listSites(db, scope, q.kind);
  const ids = found.map((s) => s.id);
  const [units, systems] = [await store.unitsOf(db, ids), await store.systemsOf(db, ids)];
  const items = found
    .map((s) => summaryOf(s, units.get(s.id) ?? [], systems.get(s.id) ?? [], today, cfg))
    .filter((s) => q.shortfalls !== 'only' || s.shortfalls.length > 0);
  const create = editsSites(actor) ? permission(null) : permission({ reason: 'only IT registers sites', reasonSv: 'bara IT registrerar platser' });
  return { items, asOf: today, actions: { create } };
}

export async function getSite(db: Db, actor: Actor, id: string): Promise<Site> {
  const s = await store.findSite(db, id, await siteScope(db, actor));
  if (!s) throw new AppError('not_found');
  return sitePage(db, actor, s);
}

/** The site for a change by IT: 404 outside the actor's municipalities, 403 for those who only read. */
async function siteToEdit(db: DbOrTx, actor: Actor, id: string): Promise<store.SiteWithNames> {
  assertPolicy(actor, editsSites);
  const s = await store.findSite(db, id, { municipalityId: municipalityFilter(actor) });
  if (!s) throw new AppError('not_found');
  return s;
}

async function checkUnits(db: DbOrTx, municipalityId: string, unitIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(unitIds)];
  const known = await store.unitsIn(db, municipalityId, unique);
  const unknown = unique.filter((u) => !known.has(u));
  if (unknown.length) {
    throw invalid(ZSiteInput, 'unitIds', 'a unit is not in the site’s municipality', 'en enhet hör inte till platsens kommun');
  }
  return unique;
}

function municipalityOfNew(actor: Actor, requested: string | undefined): string {
  if (actor.scope.kind === 'municipality') {
    if (requested !== undefined && requested !== actor.scope.municipalityId) throw new AppError('not_found');
    return actor.scope.municipalityId;
  }
  if (requested === undefined) {
    throw invalid(ZSiteInput, 'municipalityId', 'choose the municipality', 'välj kommun');
  }
  return requested;
}

const duplicateName = (name: string): AppError =>
  new AppError('conflict', [
    { field: 'name', reason: `the municipality already has a site named ${name}`, reasonSv: `kommunen har redan en plats som heter ${name}` },
  ]);

async function nameTaken(db: DbOrTx, municipalityId: string, name: string, except?: string): Promise<boolean> {
  const all = await store.listSites(db, { municipalityId });
  return all.some((s) => s.id !== except && s.name.toLocaleLowerCase('sv') === name.toLocaleLowerCase('sv'));
}

export async function createSite(db: Db, actor: Actor, input: SiteInput): Promise<Site> {
  assertPolicy(actor, editsSites);
  const municipalityId = municipalityOfNew(actor, input.municipalityId);
  const unitIds = await checkUnits(db, municipalityId, input.unitIds);
  if (await nameTaken(db, municipalityId, input.name)) throw duplicateName(input.name);
  const { unitIds: _u, municipalityId: _m, ...fields } = input;
  const row = await db.transaction(async (tx) => {
    const at = clockNow();
    const created = await store.insertSite(tx, { ...fields, municipalityId, createdAt: at, updatedAt: at });
    await store.replaceSiteUnits(tx, created.id, unitIds);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId,
      entity: SITE,
      entityId: created.id,
      action: 'create',
      after: { ...presentSiteRecord(created), unitIds },
    });
    return created;
  });
  return getSite(db, actor, row.id);
}

export async function updateSite(db: Db, actor: Actor, id: string, input: SitePatch): Promise<Site> {
  const before = await siteToEdit(db, actor, id);
  assertVersion(before, input.version, presentSiteRecord);
  const { version, unitIds, ...fields } = input;
  const units = unitIds === undefined ? undefined : await checkUnits(db, before.municipalityId, unitIds);
  if (fields.name !== undefined && (await nameTaken(db, before.municipalityId, fields.name, id))) throw duplicateName(fields.name);
  await db.transaction(async (tx) => {
    const after = await updateVersioned(tx, sites, { id, expectedVersion: version, values: fields, present: presentSiteRecord });
    if (units) await store.replaceSiteUnits(tx, id, units);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: before.municipalityId,
      entity: SITE,
      entityId: id,
      action: 'update',
      before: presentSiteRecord(before),
      after: { ...presentSiteRecord(after), ...(units ? { unitIds: units } : {}) },
    });
  });
  return getSite(db, actor, id);
}

// ---------------------------------------------------------------- reserve power, cooling, fire

function systemProblems(system: SiteSystem, input: SystemInput, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!input.present) {
    if (input.approval) out.push({ field: 'approval', reason: 'a missing system cannot be approved', reasonSv: 'det som saknas kan inte godkännas' });
    return out;
  }
  if (system === 'ups' && input.autonomyHours === null) {
    out.push({ field: 'autonomyHours', reason: 'state how many hours the UPS lasts', reasonSv: 'ange hur många timmar reservkraften räcker' });
  }
  if (system === 'diesel' && input.automatic === null) {
    out.push({ field: 'automatic', reason: 'state whether the diesel takes over by itself', reasonSv: 'ange om dieseln tar över utan manuell betjäning' });
  }
  if (input.approval && input.approval.approvedOn > today) {
    out.push({ field: 'approval.approvedOn', reason: 'an approval cannot be dated in the future', reasonSv: 'ett godkännande kan inte dateras i framtiden' });
  }
  return out;
}

/**
 * IT records a site's UPS, diesel, cooling or fire protection as it is now, and may
 * approve it at once (date and basis). A changed system loses its earlier approval unless approved
 * again in the same step; an unchanged one keeps it. Every approval is kept with its date.
 */
export async function recordSystem(db: Db, actor: Actor, id: string, system: SiteSystem, input: SystemInput): Promise<Site> {
  const site = await siteToEdit(db, actor, id);
  assertVersion(site, input.version, presentSiteRecord);
  const today = stockholmToday();
  reject(ZSystemInput, systemProblems(system, input, today));
  await db.transaction(async (tx) => {
    await updateVersioned(tx, sites, { id, expectedVersion: input.version, values: {}, present: presentSiteRecord });
    const before = ((await store.systemsOf(tx, [id])).get(id) ?? []).find((x) => x.system === system);
    if (!input.present) {
      await store.deleteSystem(tx, id, system);
    } else {
      const autonomyMinutes = system === 'ups' && input.autonomyHours !== null ? Math.round(input.autonomyHours * 60) : null;
      const automatic = system === 'diesel' ? input.automatic : null;
      const unchanged =
        before !== undefined && before.autonomyMinutes === autonomyMinutes && before.automatic === automatic && before.description === input.description;
      const approval = input.approval
        ? { approvedOn: input.approval.approvedOn, basis: input.approval.basis, approvedByUserId: actor.id }
        : unchanged
          ? { approvedOn: before.approvedOn, basis: before.basis, approvedByUserId: before.approvedByUserId }
          : { approvedOn: null, basis: null, approvedByUserId: null };
      await store.upsertSystem(tx, { siteId: id, system, autonomyMinutes, automatic, description: input.description, ...approval, updatedAt: clockNow() });
      if (input.approval) {
        await store.insertApproval(tx, {
          siteId: id,
          system,
          approvedOn: input.approval.approvedOn,
          basis: input.approval.basis,
          facts: { autonomyHours: hours(autonomyMinutes), automatic, description: input.description },
          note: input.approval.note,
          approvedByUserId: actor.id,
          recordedAt: clockNow(),
        });
      }
    }
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: site.municipalityId,
      entity: SITE,
      entityId: id,
      action: input.approval ? 'approve_system' : 'record_system',
      before: before
        ? {
            name: site.name,
            system,
            autonomyHours: hours(before.autonomyMinutes),
            automatic: before.automatic,
            description: before.description,
            approvedOn: before.approvedOn,
          }
        : { name: site.name, system, present: false },
      after: {
        name: site.name,
        system,
        present: input.present,
        autonomyHours: input.autonomyHours,
        automatic: input.automatic,
        description: input.description,
        approval: input.approval,
      },
    });
  });
  return getSite(db, actor, id);
}

// ---------------------------------------------------------------- racks, equipment, meetings

async function siteChange<T>(db: Db, actor: Actor, id: string, action: string, change: (tx: DbOrTx, site: store.SiteWithNames) => Promise<T>): Promise<Site> {
  const site = await siteToEdit(db, actor, id);
  await db.transaction(async (tx) => {
    const after = await change(tx, site);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: site.municipalityId,
      entity: SITE,
      entityId: id,
      action,
      after: { name: site.name, ...after },
    });
  });
  return getSite(db, actor, id);
}

export function addRack(db: Db, actor: Actor, id: string, input: RackInput): Promise<Site> {
  return siteChange(db, actor, id, 'add_rack', async (tx) => {
    if ((await store.racksOf(tx, id)).some((r) => r.name.toLocaleLowerCase('sv') === input.name.toLocaleLowerCase('sv'))) {
      throw new AppError('conflict', [
        { field: 'name', reason: 'the site has a rack by that name', reasonSv: 'platsen har redan ett skåp eller stativ med det namnet' },
      ]);
    }
    const rack = await store.insertRack(tx, { siteId: id, ...input, createdAt: clockNow() });
    return { rack: rack.name };
  });
}

export function removeRack(db: Db, actor: Actor, id: string, rackId: string): Promise<Site> {
  return siteChange(db, actor, id, 'remove_rack', async (tx) => {
    const rack = await store.deleteRack(tx, id, rackId);
    if (!rack) throw new AppError('not_found');
    return { rack: rack.name };
  });
}

/** IT's network equipment at the site, an asset of the same municipality's register. */
export function placeEquipment(db: Db, actor: Actor, id: string, input: EquipmentInput): Promise<Site> {
  return siteChange(db, actor, id, 'place_equipment', async (tx, site) => {
    const serial = normalizeSerial(input.serial);
    const asset = await store.findAssetBySerial(tx, serial);
    if (!asset || asset.municipalityId !== site.municipalityId) {
      throw invalid(
        ZEquipmentInput,
        'serial',
        `no equipment with serial ${serial} in the municipality’s register`,
        `ingen utrustning med serienummer ${serial} i kommunens register`,
      );
    }
    const placed = await store.placementOf(tx, asset.id);
    if (placed) {
      throw new AppError('conflict', [
        {
          field: 'serial',
          reason: `already placed at ${placed.siteName}`,
          reasonSv: `utrustningen är redan placerad på ${placed.siteName}; ta bort den där först`,
        },
      ]);
    }
    if (input.rackId !== null && !(await store.racksOf(tx, id)).some((r) => r.id === input.rackId)) {
      throw invalid(ZEquipmentInput, 'rackId', 'no such rack at the site', 'skåpet eller stativet finns inte på platsen');
    }
    await store.insertEquipment(tx, { siteId: id, assetId: asset.id, rackId: input.rackId, placedOn: input.placedOn ?? stockholmToday(), note: input.note });
    return { serial };
  });
}

export function removeEquipment(db: Db, actor: Actor, id: string, equipmentId: string): Promise<Site> {
  return siteChange(db, actor, id, 'remove_equipment', async (tx) => {
    const removed = await store.deleteEquipment(tx, id, equipmentId);
    if (!removed) throw new AppError('not_found');
    return { assetId: removed.assetId };
  });
}

export function addMeeting(db: Db, actor: Actor, id: string, input: MeetingInput): Promise<Site> {
  return siteChange(db, actor, id, 'record_meeting', async (tx) => {
    await store.insertMeeting(tx, { siteId: id, ...input, recordedByUserId: actor.id, createdAt: clockNow() });
    return { heldOn: input.heldOn, project: input.project };
  });
}

// ---------------------------------------------------------------- the laptop pool

function weeklyService(mission: MissionDocument) {
  return mission.catalogue.services.find((s) => s.billingModel === 'weekly_rental');
}

/** The price list's article that charges a loan (R-4.1 Korttidshyra), in this year's list. */
async function weeklyArticle(db: DbOrTx, mission: MissionDocument): Promise<string | null> {
  const service = weeklyService(mission);
  const year = Number(stockholmToday().slice(0, 4));
  const list = (await catalogueStore.listPriceLists(db)).filter((l) => l.year <= year).sort((a, b) => b.year - a.year)[0];
  if (!service || !list) return null;
  return (await catalogueStore.listEntries(db, list.id)).find((e) => e.serviceCode === service.code)?.articleCode ?? null;
}

function minimumDays(mission: MissionDocument): number {
  return weeklyService(mission)?.minimumDays ?? 7;
}

function bookingView(b: store.BookingWithNames, actor: Actor, today: string, canManage: boolean): Booking {
  const overdue = isOverdue({ from: b.fromOn, to: b.toOn, handedOutAt: b.handedOutOn, returnedAt: b.returnedOn }, today);
  const itOnly = { reason: 'IT hands out and takes back pool laptops', reasonSv: 'bara IT lämnar ut och tar emot lånedatorer' };
  const state = (ok: boolean, sv: string, en: string) => (ok ? permission(null) : permission({ reason: en, reasonSv: sv }));
  return {
    id: b.id,
    municipality: { id: b.municipalityId, name: b.municipalityName },
    laptop: { assetId: b.assetId, serial: b.serial, model: b.model },
    unit: { id: b.unitId, name: b.unitName },
    borrower: b.borrowerPersonId && b.borrowerName ? { id: b.borrowerPersonId, name: b.borrowerName } : null,
    bookedBy: b.bookedByName,
    from: b.fromOn,
    to: b.toOn,
    days: bookingDays({ from: b.fromOn, to: b.toOn }),
    status: b.status,
    statusText: overdue ? 'försenad' : BOOKING_STATUS_SV[b.status],
    handedOutOn: b.handedOutOn,
    returnedOn: b.returnedOn,
    remindedOn: b.remindedOn,
    overdue,
    note: b.note,
    version: b.version,
    actions: {
      handOut: canManage ? state(b.status === 'booked', 'bara en bokad dator lämnas ut', 'only a booked laptop is handed out') : permission(itOnly),
      return: canManage ? state(b.status === 'handed_out', 'datorn är inte utlämnad', 'the laptop is not out') : permission(itOnly),
      cancel: state(
        b.status === 'booked' && (canManage || b.bookedByUserId === actor.id || actor.roles.includes('unit_manager')),
        b.status === 'booked' ? 'bara IT eller den som bokade kan avboka' : 'bara en bokning som inte lämnats ut kan avbokas',
        'only a booking not yet handed out can be cancelled, by IT or whoever booked it',
      ),
      remind: canManage ? state(overdue, 'lånet är inte försenat', 'the loan is not overdue') : permission(itOnly),
    },
  };
}

/** Which bookings the actor sees: IT every booking of its municipalities, a manager their units'. */
async function bookingUnits(db: DbOrTx, actor: Actor): Promise<readonly string[] | null> {
  if (managesLaptopPool(actor)) return null;
  if (actor.roles.includes('unit_manager')) return [...(await managedUnits(db, actor))];
  throw new AppError('forbidden');
}

/** the pool of laptops, their bookings and what the actor may do. */
export async function pool(db: Db, actor: Actor, q: PoolQuery): Promise<Pool> {
  assertPolicy(actor, booksLaptops);
  const municipalityId = municipalityFilter(actor, q.municipalityId);
  const unitIds = await bookingUnits(db, actor);
  const today = stockholmToday();
  const mission = (await missionOn(db, today)).document;
  const canManage = managesLaptopPool(actor);
  const laptops = await store.poolLaptops(db, municipalityId);
  const live = await store.listBookings(db, { municipalityId, unitIds: null, live: true });
  const visible =
    q.view === 'all'
      ? await store.listBookings(db, { municipalityId, unitIds })
      : await store.listBookings(db, { municipalityId, unitIds, live: true, endedSince: today });
  const bookings = visible.map((b) => bookingView(b, actor, today, canManage)).filter((b) => q.view !== 'overdue' || b.overdue);
  const units = await store.unitsForBooking(db, { municipalityId, unitIds });
  return {
    today,
    minimumDays: minimumDays(mission),
    laptops: laptops.map((l) => ({
      assetId: l.id,
      municipality: { id: l.municipalityId, name: l.municipalityName },
      serial: l.serial,
      model: l.model,
      statusText: live.some((b) => b.assetId === l.id && b.status === 'handed_out') ? 'utlånad' : 'finns hos IT',
      booked: live.filter((b) => b.assetId === l.id).map((b) => ({ from: b.fromOn, to: b.toOn, statusText: BOOKING_STATUS_SV[b.status] })),
      actions: {
        remove: canManage
          ? live.some((b) => b.assetId === l.id)
            ? permission({ reason: 'the laptop has bookings', reasonSv: 'datorn har bokningar; avboka eller ta emot dem först' })
            : permission(null)
          : permission({ reason: 'only IT manages the pool', reasonSv: 'bara IT hanterar poolen' }),
      },
    })),
    bookings,
    units,
    actions: {
      book: units.length ? permission(null) : permission({ reason: 'no unit to book for', reasonSv: 'du har ingen enhet att boka för' }),
      manage: canManage ? permission(null) : permission({ reason: 'only IT manages the pool', reasonSv: 'bara IT hanterar poolen' }),
    },
  };
}

/** IT puts a laptop of the register in the municipality's pool; it must be a short-term rental. */
export async function addToPool(db: Db, actor: Actor, input: PoolMemberInput): Promise<Pool> {
  assertPolicy(actor, managesLaptopPool);
  const serial = normalizeSerial(input.serial);
  const asset = await store.findAssetBySerial(db, serial);
  const municipalityId = asset ? municipalityFilter(actor) : undefined;
  if (!asset || (municipalityId !== undefined && asset.municipalityId !== municipalityId)) {
    throw invalid(ZPoolMemberInput, 'serial', `no equipment with serial ${serial}`, `ingen utrustning med serienummer ${serial}`);
  }
  const mission = (await missionOn(db)).document;
  const problems: FieldProblem[] = [];
  if (asset.deviceType !== 'computer') problems.push({ field: 'serial', reason: 'only computers are lent', reasonSv: 'bara datorer lånas ut' });
  if (!isLoan(mission, asset.serviceCode)) {
    const service = weeklyService(mission);
    problems.push({
      field: 'serial',
      reason: 'register the laptop under the short-term rental service first',
      reasonSv: `registrera datorn under tjänsten ${service?.name ?? 'korttidshyra'} först, så att lånen debiteras per vecka`,
    });
  }
  if (asset.loanPool) problems.push({ field: 'serial', reason: 'the laptop is already in the pool', reasonSv: 'datorn finns redan i poolen' });
  if (asset.status !== 'in_stock' && asset.status !== 'returned') {
    problems.push({
      field: 'serial',
      reason: 'only a laptop in stock at IT joins the pool',
      reasonSv: 'bara en dator som finns i lager hos IT kan läggas i poolen',
    });
  }
  const articleCode = asset.articleCode ?? (await weeklyArticle(db, mission));
  if (articleCode === null) {
    problems.push({
      field: 'serial',
      reason: 'the price list has no article for short-term rental',
      reasonSv: 'årets prislista saknar en artikel för korttidshyra; lägg till den först',
    });
  }
  reject(ZPoolMemberInput, problems);
  await db.transaction(async (tx) => {
    await store.setLoanPool(tx, asset.id, true, articleCode);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: asset.municipalityId,
      entity: 'asset',
      entityId: asset.id,
      action: 'add_to_loan_pool',
      before: { serial, model: asset.model, articleCode: asset.articleCode, loanPool: false },
      after: { serial, model: asset.model, articleCode, loanPool: true },
    });
  });
  return pool(db, actor, { view: 'current' });
}

export async function removeFromPool(db: Db, actor: Actor, assetId: string): Promise<Pool> {
  assertPolicy(actor, managesLaptopPool);
  const municipalityId = municipalityFilter(actor);
  const [asset] = (await store.poolLaptops(db, municipalityId)).filter((l) => l.id === assetId);
  if (!asset) throw new AppError('not_found');
  if (await store.hasLiveBookings(db, assetId)) {
    throw new AppError('refused', [{ field: 'assetId', reason: 'the laptop has bookings', reasonSv: 'datorn har bokningar; avboka eller ta emot dem först' }]);
  }
  await db.transaction(async (tx) => {
    await store.setLoanPool(tx, assetId, false);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: asset.municipalityId,
      entity: 'asset',
      entityId: assetId,
      action: 'remove_from_loan_pool',
      after: { serial: asset.serial, model: asset.model },
    });
  });
  return pool(db, actor, { view: 'current' });
}

async function bookingFor(db: DbOrTx, actor: Actor, id: string): Promise<store.BookingWithNames> {
  const [b] = await store.listBookings(db, { municipalityId: municipalityFilter(actor), unitIds: await bookingUnits(db, actor), id });
  if (!b) throw new AppError('not_found');
  return b;
}

async function bookingAnswer(db: Db, actor: Actor, id: string): Promise<Booking> {
  return bookingView(await bookingFor(db, actor, id), actor, stockholmToday(), managesLaptopPool(actor));
}

/** The booking's row as it enters the audit trail. */
function presentBookingRecord(b: store.BookingRow) {
  const { createdAt: _c, updatedAt: _u, ...rest } = b;
  return rest;
}

/**
 * book a pool laptop for a unit, at least the mission's minimum. The laptop's row is locked
 * first, so of bookings of the same days made at once exactly one is taken and the rest are refused.
 */
export async function book(db: Db, actor: Actor, input: BookingInput): Promise<Booking> {
  assertPolicy(actor, booksLaptops);
  const unitIds = await bookingUnits(db, actor);
  const municipalityId = municipalityFilter(actor);
  const today = stockholmToday();
  const minimum = minimumDays((await missionOn(db, input.from < today ? today : input.from)).document);
  const id = await db.transaction(async (tx) => {
    const laptop = await store.lockLaptop(tx, input.assetId);
    if (!laptop || !laptop.loanPool || (municipalityId !== undefined && laptop.municipalityId !== municipalityId)) {
      throw invalid(ZBookingInput, 'assetId', 'no such laptop in the pool', 'datorn finns inte i lånepoolen');
    }
    const unitOk = (await store.unitsIn(tx, laptop.municipalityId, [input.unitId])).has(input.unitId) && (unitIds === null || unitIds.includes(input.unitId));
    if (!unitOk) throw invalid(ZBookingInput, 'unitId', 'you cannot book for that unit', 'du kan inte boka för den enheten');
    if (input.borrowerPersonId !== null && !(await findPerson(tx, input.borrowerPersonId, laptop.municipalityId))) {
      throw invalid(ZBookingInput, 'borrowerPersonId', 'unknown person in the municipality', 'okänd person i kommunen');
    }
    const others = (await store.liveBookingsOf(tx, laptop.id)).map((b) => ({ from: b.fromOn, to: b.toOn }));
    reject(
      ZBookingInput,
      bookingProblems({ from: input.from, to: input.to }, others, today, minimum, { recordedAfterwards: managesLaptopPool(actor) }).map(fieldProblem),
    );
    const at = clockNow();
    const row = await store.insertBooking(tx, {
      municipalityId: laptop.municipalityId,
      assetId: laptop.id,
      unitId: input.unitId,
      borrowerPersonId: input.borrowerPersonId,
      bookedByUserId: actor.id,
      fromOn: input.from,
      toOn: input.to,
      note: input.note,
      createdAt: at,
      updatedAt: at,
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: laptop.municipalityId,
      entity: BOOKING,
      entityId: row.id,
      action: 'create',
      after: { ...presentBookingRecord(row), serial: laptop.serial },
    });
    return row.id;
  });
  return bookingAnswer(db, actor, id);
}

async function bookingStep(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number },
  action: string,
  change: (tx: DbOrTx, b: store.BookingWithNames, today: string) => Promise<Partial<typeof laptopBookings.$inferInsert>>,
): Promise<Booking> {
  const b = await bookingFor(db, actor, id);
  assertVersion(b, input.version, presentBookingRecord);
  const today = stockholmToday();
  await db.transaction(async (tx) => {
    await store.lockLaptop(tx, b.assetId);
    const values = await change(tx, b, today);
    const after = await updateVersioned(tx, laptopBookings, { id, expectedVersion: input.version, values, present: presentBookingRecord });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: b.municipalityId,
      entity: BOOKING,
      entityId: id,
      action,
      before: { ...presentBookingRecord(b), serial: b.serial },
      after: { ...presentBookingRecord(after), serial: b.serial },
    });
  });
  return bookingAnswer(db, actor, id);
}

/** Where a pool laptop is kept between loans (R-5.9: the pool is at IT's office). */
const POOL_LOCATION = 'IT:s kontor, lånepoolen';

/**
 * The asset's lifecycle events for a loan, in the booking's transaction: at hand-out a
 * reassignment to the borrowing unit and borrower (its billing period opens); at return the return
 * (the period closes; a loan is never an early return) and the laptop back in stock in the pool.
 */
async function lifecycleStep(
  db: Db,
  tx: DbOrTx,
  actor: Actor,
  b: store.BookingWithNames,
  kind: 'hand_out' | 'return',
  date: string,
  today: string,
): Promise<void> {
  let row = await assetStore.findAsset(tx, b.assetId, { municipalityId: b.municipalityId });
  if (!row) throw new AppError('not_found');
  const mission = (await missionOn(db, date)).document;
  let holder: Holder | null = null;
  if (kind === 'hand_out' && b.borrowerPersonId) {
    const person = await findPerson(tx, b.borrowerPersonId, b.municipalityId);
    if (person) holder = { personId: person.id, role: person.personRole };
  }
  const events: AssetEvent[] =
    kind === 'hand_out'
      ? [{ kind: 'reassign', date, unitId: b.unitId, holder }]
      : [
          { kind: 'return', date },
          { kind: 'stock', date, location: POOL_LOCATION },
        ];
  for (const event of events) {
    const { asset } = await loadLifecycle(tx, row);
    const result = applyEvent(asset, event, { mission, today, saleRoles: saleRolesOf(mission), serialsInUse: new Set() });
    if (!result.ok) throw new AppError('validation', result.problems);
    row = await storeEvent(tx, actor, { row, expectedVersion: row.version, before: asset, after: result.asset, event, note: `Lån ${b.fromOn}–${b.toOn}` });
  }
}

/** IT hands the laptop out; from that day the loan is charged to the unit (R-4.1 per started week). */
export function handOut(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  assertPolicy(actor, managesLaptopPool);
  return bookingStep(db, actor, id, input, 'hand_out', async (tx, b, today) => {
    const date = input.date ?? today;
    const otherOut = (await store.liveBookingsOf(tx, b.assetId)).some((o) => o.id !== b.id && o.status === 'handed_out');
    reject(
      ZBookingStep,
      handOutProblems({ from: b.fromOn, to: b.toOn, status: b.status, handedOutOn: b.handedOutOn }, date, today, otherOut).map(fieldProblem),
    );
    await lifecycleStep(db, tx, actor, b, 'hand_out', date, today);
    return { status: 'handed_out', handedOutOn: date };
  });
}

/** IT takes the laptop back; the loan ends and the next billing run charges it. */
export function returnLaptop(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  assertPolicy(actor, managesLaptopPool);
  return bookingStep(db, actor, id, input, 'return', async (tx, b, today) => {
    const date = input.date ?? today;
    reject(ZBookingStep, returnProblems({ from: b.fromOn, to: b.toOn, status: b.status, handedOutOn: b.handedOutOn }, date, today).map(fieldProblem));
    await lifecycleStep(db, tx, actor, b, 'return', date, today);
    return { status: 'returned', returnedOn: date };
  });
}

/** A booking not yet handed out is cancelled by IT, whoever booked it, or a manager of its unit. */
export function cancelBooking(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  return bookingStep(db, actor, id, input, 'cancel', (_tx, b, today) => {
    const view = bookingView(b, actor, today, managesLaptopPool(actor));
    if (!view.actions.cancel.allowed) {
      throw new AppError('refused', [{ field: 'version', reason: view.actions.cancel.reason ?? '', reasonSv: view.actions.cancel.reasonSv ?? '' }]);
    }
    return Promise.resolve({ status: 'cancelled' as const });
  });
}

/** The reminder mail to an overdue loan's borrower (or whoever booked it), in the outbox. */
async function sendReminder(tx: DbOrTx, b: store.BookingWithNames, today: string): Promise<boolean> {
  const to = b.borrowerEmail ?? b.bookedByEmail;
  if (!to) return false;
  return enqueuePreparedMail(tx, {
    to,
    toName: b.borrowerName ?? b.bookedByName,
    subject: `Påminnelse: lånedatorn ${b.serial} skulle ha lämnats tillbaka ${b.toOn}`,
    text: [
      `Hej!`,
      ``,
      `Lånedatorn ${b.model} (serienummer ${b.serial}) som ${b.unitName} lånar från IT skulle ha lämnats tillbaka senast ${b.toOn}.`,
      `Lämna den till IT så snart du kan. Lånet debiteras enheten per påbörjad vecka tills datorn är tillbaka.`,
      ``,
      `Behöver du datorn längre? Kontakta IT så bokar vi en ny period.`,
      ``,
      `Vänliga hälsningar`,
      `IT ${b.municipalityName}`,
      ``,
      `(Påminnelse skickad ${today}.)`,
    ].join('\n'),
  });
}

/** IT reminds an overdue loan's borrower again, from the pool page. */
export function remind(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  assertPolicy(actor, managesLaptopPool);
  return bookingStep(db, actor, id, input, 'remind', async (tx, b, today) => {
    if (!isOverdue({ from: b.fromOn, to: b.toOn, handedOutAt: b.handedOutOn, returnedAt: b.returnedOn }, today)) {
      throw new AppError('refused', [{ field: 'version', reason: 'the loan is not overdue', reasonSv: 'lånet är inte försenat' }]);
    }
    if (!(await sendReminder(tx, b, today))) {
      throw new AppError('refused', [
        { field: 'borrowerPersonId', reason: 'nobody to remind has an e-mail address', reasonSv: 'varken låntagaren eller den som bokade har en e-postadress' },
      ]);
    }
    return { remindedOn: today };
  });
}

/**
 * the daily job's work — every overdue loan nobody has reminded yet gets one mail to its
 * borrower, and the day is noted on the booking in the same transaction.
 */
export async function remindOverdue(db: DbOrTx, today: string): Promise<{ reminded: number; withoutAddress: number }> {
  const due = await store.listBookings(db, { municipalityId: undefined, unitIds: null, unremindedBefore: today });
  let reminded = 0;
  let withoutAddress = 0;
  for (const b of due) {
    if (await sendReminder(db, b, today)) reminded++;
    else withoutAddress++;
    await store.setReminded(db, b.id, today);
    await writeAudit(db, {
      actorUserId: null,
      municipalityId: b.municipalityId,
      entity: BOOKING,
      entityId: b.id,
      action: 'remind',
      after: { serial: b.serial, remindedOn: today },
    });
  }
  return { reminded, withoutAddress };
}
