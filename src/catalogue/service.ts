import { missionOn, stockholmToday } from '../mission/service.ts';
import type { Problem } from '../org/rules.ts';
import { findMunicipality } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, insertAudited, updateAudited, updateVersioned } from '../platform/db/versioned.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { presentItem, presentModel, presentPriceListHead, presentServiceRecord } from './presenter.ts';
import {
  articleProblems,
  copyToNextYear,
  diffPriceLists,
  priceEntryProblems,
  technicalLifeProblems,
  type ModelCategory,
  type PriceEntry,
  type PriceListDiff,
} from './rules.ts';
import type {
  ItemInput,
  ItemPatch,
  ModelInput,
  ModelPatch,
  PriceListInput,
  PriceListPatch,
  PricingProposal,
  PricingProposalList,
  ServiceInput,
  ServicePatch,
} from './contract.ts';
import { catalogueServices, modelRangeItems, priceListItems, priceLists, pricingProposals } from './schema.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { changesCatalogue } from './policy.ts';

function reject(problems: readonly Problem[]): void {
  if (problems.length) {
    throw new AppError(
      'validation',
      problems.map((p): FieldProblem => ({ field: p.field, reason: p.reason, reasonSv: p.reasonSv })),
    );
  }
}

/**
 * Catalogue, price lists and model range are shared by both municipalities, so only an administrator
 * whose account spans both (IT's) may change them; a municipality's own administrator may not.
 */
export function requireCatalogueAdmin(actor: Actor): void {
  assertPolicy(actor, changesCatalogue);
}

// ---------------------------------------------------------------- services

const serviceAudit = (actor: Actor) => ({ actorUserId: actor.id, entity: 'catalogue_service', present: presentServiceRecord, municipalityOf: () => null });

export async function createService(db: Db, actor: Actor, input: ServiceInput) {
  requireCatalogueAdmin(actor);
  if (await store.findServiceByCode(db, input.code)) {
    throw new AppError('conflict', [{ field: 'code', reason: `service ${input.code} exists`, reasonSv: `tjänsten ${input.code} finns redan` }]);
  }
  return insertAudited(db, catalogueServices, input, serviceAudit(actor));
}

export async function updateService(db: Db, actor: Actor, id: string, patch: ServicePatch) {
  requireCatalogueAdmin(actor);
  const before = await store.findService(db, id);
  if (!before) throw new AppError('not_found');
  const { version, ...values } = patch;
  return updateAudited(db, catalogueServices, { ...serviceAudit(actor), id, expectedVersion: version, values, before });
}

// ---------------------------------------------------------------- price lists (Bilaga 2)

const listAudit = (actorUserId: string) => ({ actorUserId, entity: 'price_list', present: presentPriceListHead, municipalityOf: () => null });

/**
 * A locked list refuses every change (issue 6): billing has used it, so a change would alter what was
 * invoiced. The answer says where the change belongs instead: the next year's list.
 */
export function lockedError(list: store.PriceListRow): AppError {
  const next = list.year + 1;
  const why = list.lockedReason ?? 'billing has used it';
  const en = `The ${list.year} price list is locked (${why}). Make the change in the ${next} price list.`;
  const sv = `Prislistan för ${list.year} är låst (${why}). Gör ändringen i prislistan för ${next}.`;
  return new AppError('conflict', [{ field: 'year', reason: en, reasonSv: sv }], {
    title: en,
    detail: en,
    message_en: en,
    message_sv: sv,
    locked: true,
    nextYear: next,
  });
}

export async function getPriceList(db: DbOrTx, year: number) {
  const list = await store.findPriceList(db, year);
  if (!list) throw new AppError('not_found', [{ field: 'year', reason: `no price list for ${year}`, reasonSv: `ingen prislista för ${year}` }]);
  return { list, entries: await store.listEntries(db, list.id) };
}

export async function createPriceList(db: Db, actor: Actor, input: PriceListInput) {
  requireCatalogueAdmin(actor);
  if (await store.findPriceList(db, input.year)) {
    throw new AppError('conflict', [{ field: 'year', reason: `the ${input.year} price list exists`, reasonSv: `prislistan för ${input.year} finns redan` }]);
  }
  return insertAudited(db, priceLists, { year: input.year, title: input.title }, listAudit(actor.id));
}

export async function updatePriceList(db: Db, actor: Actor, year: number, patch: PriceListPatch) {
  requireCatalogueAdmin(actor);
  const before = await store.findPriceList(db, year);
  if (!before) throw new AppError('not_found');
  assertVersion(before, patch.version, presentPriceListHead);
  if (before.lockedAt) throw lockedError(before);
  return updateAudited(db, priceLists, { ...listAudit(actor.id), id: before.id, expectedVersion: patch.version, values: { title: patch.title }, before });
}

/**
 * Locks a year's list. Billing calls this when a run first uses the list (no version: idempotent,
 * an already locked list stays as it was); an administrator locks with the version they saw.
 */
export async function lockPriceList(db: Db, props: { year: number; actorUserId: string | null; reason: string; expectedVersion?: number | undefined }) {
  return db.transaction(async (tx) => {
    const before = await store.lockPriceListRow(tx, props.year);
    if (!before) throw new AppError('not_found', [{ field: 'year', reason: `no price list for ${props.year}`, reasonSv: `ingen prislista för ${props.year}` }]);
    if (before.lockedAt) {
      if (props.expectedVersion !== undefined && props.expectedVersion !== before.version) {
        throw new AppError('stale_version', [], { current: presentPriceListHead(before) });
      }
      return presentPriceListHead(before);
    }
    const row = await updateVersioned(tx, priceLists, {
      id: before.id,
      expectedVersion: props.expectedVersion ?? before.version,
      values: { lockedAt: clockNow(), lockedReason: props.reason, lockedByUserId: props.actorUserId },
      present: presentPriceListHead,
    });
    await writeAudit(tx, {
      actorUserId: props.actorUserId,
      municipalityId: null,
      entity: 'price_list',
      entityId: row.id,
      action: 'lock',
      before: presentPriceListHead(before),
      after: presentPriceListHead(row),
    });
    return presentPriceListHead(row);
  });
}

/** Next year's list starts as a copy of this year's, every period a year on (issue 6), with the year's model range (issue 16). */
export async function copyPriceList(db: Db, actor: Actor, year: number) {
  requireCatalogueAdmin(actor);
  const { list, entries } = await getPriceList(db, year);
  const next = year + 1;
  return db.transaction(async (tx) => {
    if (await store.findPriceList(tx, next)) {
      throw new AppError('conflict', [{ field: 'year', reason: `the ${next} price list exists already`, reasonSv: `prislistan för ${next} finns redan` }]);
    }
    const title = list.title.replaceAll(String(year), String(next));
    const created = await store.insertPriceList(tx, {
      year: next,
      title: title === list.title ? `${list.title} (${next})` : title,
      example: list.example,
      copiedFromYear: year,
    });
    if (!created) throw new AppError('internal');
    const moved = copyToNextYear(entries);
    if (moved.length) {
      await store.insertItems(
        tx,
        moved.map((e) => ({ ...itemValues(e, e.row.serviceId), priceListId: created.id })),
      );
    }
    // Issue 16: the model range is charged by the year's articles, so it moves with them:
    // without it, ordering next year would offer an empty range or fall back to an old year's.
    const models = await store.listModels(tx, { year });
    const copiedModels = models.length
      ? await store.insertModelsIfNew(
          tx,
          models.map((m) => ({
            year: next,
            municipalityId: m.municipalityId,
            category: m.category,
            manufacturer: m.manufacturer,
            model: m.model,
            description: m.description,
            articleCode: m.articleCode,
            technicalLifeMonths: m.technicalLifeMonths,
          })),
        )
      : [];
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'price_list',
      entityId: created.id,
      action: 'copy',
      after: { ...presentPriceListHead(created), items: moved.length, models: copiedModels.length },
    });
    return created;
  });
}

/** What changed from the `against` year's list to `year`'s (issue 6, R-8.3). */
export async function diffYears(db: Db, year: number, against: number): Promise<PriceListDiff> {
  const [a, b] = await Promise.all([getPriceList(db, against), getPriceList(db, year)]);
  return diffPriceLists(a.entries, b.entries);
}

// ---------------------------------------------------------------- price list items

/** The columns of an item row for an entry. */
export function itemValues(e: PriceEntry, serviceId: string) {
  return {
    serviceId,
    articleCode: e.articleCode,
    name: e.name,
    billingModel: e.billingModel,
    purchasePrice: e.purchasePrice,
    monthlyFee: e.monthlyFee,
    weeklyFee: e.weeklyFee,
    hourlyRate: e.hourlyRate,
    yearlyFee: e.yearlyFee,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

/**
 * The one way an item changes: inside a transaction holding the list's row lock, refuse a locked
 * list, check the entry against its model and year and against the list's other entries (no
 * overlapping validity), then write the row and its audit row.
 */
async function changeItems<T>(db: Db, year: number, work: (tx: DbOrTx, list: store.PriceListRow, entries: store.StoredEntry[]) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const list = await store.lockPriceListRow(tx, year);
    if (!list) throw new AppError('not_found', [{ field: 'year', reason: `no price list for ${year}`, reasonSv: `ingen prislista för ${year}` }]);
    if (list.lockedAt) throw lockedError(list);
    return work(tx, list, await store.listEntries(tx, list.id));
  });
}

async function checkEntry(tx: DbOrTx, year: number, entry: PriceEntry, others: readonly PriceEntry[]): Promise<string> {
  const service = await store.findServiceByCode(tx, entry.serviceCode);
  const problems = priceEntryProblems(entry, year);
  if (!service) problems.push({ field: 'serviceCode', reason: `unknown service ${entry.serviceCode}`, reasonSv: `okänd tjänst ${entry.serviceCode}` });
  const all = [...others, entry];
  problems.push(
    ...articleProblems(all, (e) => ({ en: `the entry ${e.validFrom}–${e.validTo}`, sv: `posten ${e.validFrom}–${e.validTo}` })).filter(
      (p) => p.index === all.length - 1,
    ),
  );
  reject(problems);
  return service?.id ?? '';
}

export async function addItem(db: Db, actor: Actor, year: number, input: ItemInput) {
  requireCatalogueAdmin(actor);
  return changeItems(db, year, async (tx, list, entries) => {
    const entry: PriceEntry = { ...input, validFrom: input.validFrom ?? `${year}-01-01`, validTo: input.validTo ?? `${year}-12-31` };
    const serviceId = await checkEntry(tx, year, entry, entries);
    const row = await store.insertItem(tx, { ...itemValues(entry, serviceId), priceListId: list.id });
    if (!row) throw new AppError('internal');
    const after = presentItem(row, entry.serviceCode);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'price_list_item',
      entityId: row.id,
      action: 'create',
      after: { year, ...after },
    });
    return after;
  });
}

export async function updateItem(db: Db, actor: Actor, year: number, id: string, patch: ItemPatch) {
  requireCatalogueAdmin(actor);
  return changeItems(db, year, async (tx, list, entries) => {
    const current = entries.find((e) => e.row.id === id);
    if (!current) throw new AppError('not_found');
    const { version, ...changes } = patch;
    assertVersion(current.row, version, (r) => presentItem(r, current.serviceCode));
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<PriceEntry>;
    const { row: _row, ...old } = current;
    const entry: PriceEntry = { ...old, ...defined };
    const serviceId = await checkEntry(
      tx,
      year,
      entry,
      entries.filter((e) => e !== current),
    );
    const row = await updateVersioned(tx, priceListItems, {
      id,
      expectedVersion: version,
      values: itemValues(entry, serviceId),
      scope: store.inPriceList(list.id),
      present: (r) => presentItem(r, entry.serviceCode),
    });
    const after = presentItem(row, entry.serviceCode);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'price_list_item',
      entityId: id,
      action: 'update',
      before: { year, ...presentItem(current.row, current.serviceCode) },
      after: { year, ...after },
    });
    return after;
  });
}

export async function deleteItem(db: Db, actor: Actor, year: number, id: string, version: number) {
  requireCatalogueAdmin(actor);
  await changeItems(db, year, async (tx, list, entries) => {
    const current = entries.find((e) => e.row.id === id);
    if (!current) throw new AppError('not_found');
    const deleted = await store.deleteItem(tx, id, list.id, version);
    if (!deleted.length) {
      throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], {
        current: presentItem(current.row, current.serviceCode),
      });
    }
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'price_list_item',
      entityId: id,
      action: 'delete',
      before: { year, ...presentItem(current.row, current.serviceCode) },
    });
  });
}

// ---------------------------------------------------------------- model range

/**
 * A model is charged by an article of its year's price list, and a rented computer, printer
 * or screen needs the technical life the mission in force at the start of that year asks for.
 */
async function checkModel(db: Db, m: { year: number; category: ModelCategory; articleCode: string; technicalLifeMonths: number }): Promise<void> {
  const list = await store.findPriceList(db, m.year);
  if (!list) reject([{ field: 'year', reason: `no price list for ${m.year}`, reasonSv: `ingen prislista för ${m.year}` }]);
  const entries = list ? (await store.listEntries(db, list.id)).filter((e) => e.articleCode === m.articleCode) : [];
  if (list && !entries.length) {
    reject([
      {
        field: 'articleCode',
        reason: `no article ${m.articleCode} in the ${m.year} price list`,
        reasonSv: `artikeln ${m.articleCode} finns inte i prislistan för ${m.year}`,
      },
    ]);
  }
  const mission = await missionOn(db, `${m.year}-01-01`);
  reject(
    technicalLifeProblems(
      m,
      entries.map((e) => e.billingModel),
      mission.document.catalogue.minimumTechnicalLifeMonths,
    ),
  );
}

const modelAudit = (actor: Actor) => ({
  actorUserId: actor.id,
  entity: 'model_range_item',
  present: presentModel,
  municipalityOf: (m: store.ModelRow) => m.municipalityId,
});

export async function addModel(db: Db, actor: Actor, input: ModelInput) {
  requireCatalogueAdmin(actor);
  await checkModel(db, input);
  return insertAudited(db, modelRangeItems, input, modelAudit(actor));
}

export async function updateModel(db: Db, actor: Actor, id: string, patch: ModelPatch) {
  requireCatalogueAdmin(actor);
  const before = await store.findModel(db, id);
  if (!before) throw new AppError('not_found');
  const { version, ...changes } = patch;
  assertVersion(before, version, presentModel);
  const values = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await checkModel(db, { ...before, ...values });
  return updateAudited(db, modelRangeItems, { ...modelAudit(actor), id, expectedVersion: version, values, before });
}

export async function deleteModel(db: Db, actor: Actor, id: string, version: number) {
  requireCatalogueAdmin(actor);
  await db.transaction(async (tx) => {
    const before = await store.findModel(tx, id);
    if (!before) throw new AppError('not_found');
    const deleted = await store.deleteModel(tx, id, version);
    if (!deleted.length) {
      throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], {
        current: presentModel(before),
      });
    }
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: before.municipalityId,
      entity: 'model_range_item',
      entityId: id,
      action: 'delete',
      before: presentModel(before),
    });
  });
}

/**
 * The published model range of a municipality: the models for it or for both, each with
 * its article's prices and service. Without a year: the latest year up to this one that has models.
 */
export async function publishedModelRange(db: Db, municipalityCode: string, year: number | undefined) {
  const municipality = await findMunicipality(db, municipalityCode);
  if (!municipality || municipality.code !== municipalityCode) throw new AppError('not_found');
  const thisYear = Number(stockholmToday().slice(0, 4));
  const chosen = year ?? (await store.latestModelYear(db, municipality.id, thisYear)) ?? thisYear;
  const models = await store.listModels(db, { year: chosen, municipalityId: municipality.id });
  const list = await store.findPriceList(db, chosen);
  const entries = list ? await store.listEntries(db, list.id) : [];
  const services = new Map((await store.listServices(db)).map((s) => [s.code, { code: s.code, name: s.name }]));
  return { municipality, year: chosen, example: list?.example ?? false, models, entries, services };
}

const presentProposal = (p: store.ProposalRow): PricingProposal => ({
  id: p.id,
  year: p.year,
  name: p.name,
  description: p.description,
  source: p.source,
  sourceId: p.sourceId,
  settledAt: p.settledAt?.toISOString() ?? null,
  version: p.version,
});

/**
 * R-8.3 (issue 20): a new service waits for the pricing group in `year`'s price list — proposed in the
 * caller's transaction (a delivered development request), audited.
 */
export async function proposePriceArticle(
  tx: DbOrTx,
  actor: Actor,
  input: { year: number; name: string; description: string; source: string; sourceId: string | null },
): Promise<PricingProposal> {
  const at = clockNow();
  const row = await store.insertProposal(tx, { ...input, createdAt: at, updatedAt: at });
  if (!row) throw new AppError('internal');
  await writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: null,
    entity: 'pricing_proposal',
    entityId: row.id,
    action: 'create',
    after: presentProposal(row),
  });
  return presentProposal(row);
}

/** GET /price-lists/{year}/proposals: the year's proposals, open ones first. */
export async function listPricingProposals(db: Db, actor: Actor, year: number): Promise<PricingProposalList> {
  const rows = await store.listProposals(db, year);
  return {
    items: rows.map(presentProposal),
    actions: {
      settle: changesCatalogue(actor)
        ? { allowed: true, reason: null, reasonSv: null }
        : { allowed: false, reason: 'Administrators keep the price list.', reasonSv: 'Administratörerna sköter prislistan.' },
    },
  };
}

/** POST /pricing-proposals/{id}/settle: the pricing group has priced the service (the article is in the list). */
export async function settlePricingProposal(db: Db, actor: Actor, id: string, version: number): Promise<PricingProposal> {
  assertPolicy(actor, changesCatalogue);
  return db.transaction(async (tx) => {
    const row = await store.findProposal(tx, id);
    if (!row) throw new AppError('not_found');
    assertVersion(row, version, presentProposal);
    if (row.settledAt) throw new AppError('refused', [{ field: 'settledAt', reason: 'already settled', reasonSv: 'redan prissatt' }]);
    const updated = await updateVersioned(tx, pricingProposals, {
      id,
      expectedVersion: version,
      values: { settledAt: clockNow(), settledByUserId: actor.id },
      present: presentProposal,
    });
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: null,
      entity: 'pricing_proposal',
      entityId: id,
      action: 'settle',
      before: presentProposal(row),
      after: presentProposal(updated),
    });
    return presentProposal(updated);
  });
}
