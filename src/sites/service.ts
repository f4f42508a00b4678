import { DEVICE_TYPE_SV, type DeviceType } from '../assets/rules.ts';
import { normalizeSerial } from '../assets/register.ts';
import { formatHours } from '../mission/labels.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { managedUnits } from '../org/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy, municipalityFilter } from '../platform/auth/policy.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import { permission } from '../platform/http/contract.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import {
  ZEquipmentInput,
  ZSiteInput,
  ZSystemInput,
  type EquipmentInput,
  type MeetingInput,
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
import { editsSites, readsAllSites } from './policy.ts';
import { invalid, reject } from './problems.ts';
import {
  APPROVAL_BASIS_SV,
  approvalValidUntil,
  CONNECTION_KIND_SV,
  PAYER_SV,
  RACK_KIND_SV,
  requirementText,
  requiresSystem,
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

/**
 * Issue 22: sites, network and premises — the register, reserve power, cooling and fire
 * protection with IT's approvals, racks, equipment and the property owner's meetings. Every change is
 * one transaction with its audit row; the rules (rules.ts) judge, reading the mission in force on the
 * day. The laptop pool is pool.ts.
 */

const SITE = 'site';

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
  if (system === 'ups' && typeof facts.autonomyHours === 'number') parts.push(formatHours(facts.autonomyHours));
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

/** Another site of the municipality with the name, compared as the unique index does (lower case). */
async function nameTaken(db: DbOrTx, municipalityId: string, name: string, except?: string): Promise<boolean> {
  const other = await store.siteNamed(db, municipalityId, name);
  return other !== undefined && other !== except;
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
