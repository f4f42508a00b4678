import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { entryOn } from '../catalogue/rules.ts';
import * as catalogue from '../catalogue/store.ts';
import { MISSION_2023 } from '../mission/default-2023.ts';
import type { MissionDocument } from '../mission/rules.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import type { Problem } from '../org/rules.ts';
import { people, units, users } from '../org/schema.ts';
import { managedUnits } from '../org/service.ts';
import { findUnit } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { municipalityFilter } from '../platform/auth/policy.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { bilingual, type Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { orderLineDelivered } from './hooks.ts';
import { changeStatus, insertPreparedTicket, prepareTicket, type TTicketInput } from '../tickets/service.ts';
import { presentDesignation, presentOrder, presentOrderRecord, presentOrderSummary } from './presenter.ts';
import { accountProblems, billingStartsOn, daysUntil, deliveryProblems, lineTransitionProblems, mayDesignate, mayFulfil, mayOrderFor, orderableUnitIds, orderStatus, packagingProblems, ORDER_KIND_SV, ORDER_KINDS, ORDER_STATUSES, TICKET_CATEGORY_OF, type LineStatus, type OrderAuthority, type OrderKind, type OrderNumbers } from './rules.ts';
import { addDays } from '../calendar/dates.ts';
import { orderLines, ordererDesignations, orders, type SpecialOrderDetails } from './schema.ts';
import * as store from './store.ts';
import { now as clockNow } from '../platform/clock.ts';
import { ZVersion as ZVersionNumber } from '../platform/http/types.ts';

function reject(problems: readonly Problem[]): void {
  if (problems.length) throw new AppError('validation', problems.map((p): FieldProblem => ({ field: p.field, reason: p.reason, reasonSv: p.reasonSv })));
}

/** The mission's order numbers; a document stored before orders existed takes the built-in default's. */
export function orderNumbers(mission: MissionDocument): OrderNumbers {
  return mission.orders ?? (MISSION_2023.orders as OrderNumbers);
}

/** What the actor may do with orders: the units they manage (through their person) and were designated for. */
export async function authorityOf(db: DbOrTx, actor: Actor): Promise<OrderAuthority> {
  return { roles: actor.roles, municipalityId: actor.municipalityId, teamId: actor.teamId, managedUnitIds: await managedUnits(db, actor), designatedUnitIds: new Set(await store.designatedUnitIds(db, actor.id)) };
}

/** A unit the actor's municipality holds, else 404 (R-1.4: nothing of the other municipality leaks). */
async function visibleUnit(db: DbOrTx, actor: Actor, unitId: string) {
  const unit = await findUnit(db, unitId, municipalityFilter(actor));
  if (!unit) throw new AppError('not_found');
  return unit;
}

// ---------------------------------------------------------------- designations (R-1.4)

export const ZDesignationInput = z.strictObject({ userId: z.uuid() });

/** A unit's orderers: for those who may designate them and for IT. */
export async function listDesignations(db: Db, actor: Actor, unitId: string, includeRevoked: boolean) {
  const unit = await visibleUnit(db, actor, unitId);
  const authority = await authorityOf(db, actor);
  if (!mayDesignate(authority, unit) && !mayFulfil(authority)) throw new AppError('forbidden');
  const rows = await store.designationsOf(db, unit.id, includeRevoked);
  return rows.map((r) => presentDesignation(r.designation, r));
}

async function designatorFor(db: Db, actor: Actor, unitId: string) {
  const unit = await visibleUnit(db, actor, unitId);
  if (!mayDesignate(await authorityOf(db, actor), unit)) throw new AppError('forbidden', [{ field: 'unitId', reason: 'only the unit’s manager or an administrator designates orderers', reasonSv: 'bara enhetens chef eller en administratör utser beställare' }]);
  return unit;
}

/** R-1.4, R-4.3: a manager designates an account of the unit's municipality to order for the unit. */
export async function designate(db: Db, actor: Actor, unitId: string, input: z.infer<typeof ZDesignationInput>) {
  const unit = await designatorFor(db, actor, unitId);
  const [user] = await db.select().from(users).where(and(eq(users.id, input.userId), eq(users.municipalityId, unit.municipalityId), eq(users.active, true))).limit(1);
  if (!user) reject([{ field: 'userId', reason: 'unknown account in the unit’s municipality', reasonSv: 'okänt konto i enhetens kommun' }]);
  if (await store.activeDesignation(db, unit.id, input.userId)) throw new AppError('conflict', [{ field: 'userId', reason: 'already an orderer for this unit', reasonSv: 'är redan beställare för enheten' }]);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(ordererDesignations).values({ municipalityId: unit.municipalityId, unitId: unit.id, userId: input.userId, designatedByUserId: actor.id }).returning();
    if (!row) throw new AppError('internal');
    const after = presentDesignation(row, { userName: user?.displayName ?? null, designatedByName: actor.displayName });
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: unit.municipalityId, entity: 'orderer_designation', entityId: row.id, action: 'create', after });
    return after;
  });
}

export const ZCandidateQuery = z.object({ q: z.string().trim().min(2).max(100) });

/**
 * R-1.4: the active accounts of the unit's municipality matching `q` (name, username or e-mail), for
 * whoever may designate orderers for the unit: the account list itself is for administrators, and a
 * manager needs a way to pick the account to designate. At most 20, by name.
 */
export async function ordererCandidates(db: Db, actor: Actor, unitId: string, q: string) {
  const unit = await designatorFor(db, actor, unitId);
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.municipalityId, unit.municipalityId), eq(users.active, true), or(ilike(users.displayName, like), ilike(users.username, like), ilike(users.email, like))))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(20);
}

/** R-1.4: the manager revokes a designation; from then on the account cannot order for the unit. */
export async function revokeDesignation(db: Db, actor: Actor, unitId: string, userId: string) {
  const unit = await designatorFor(db, actor, unitId);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(ordererDesignations)
      .set({ revokedAt: clockNow(), revokedByUserId: actor.id })
      .where(and(eq(ordererDesignations.unitId, unit.id), eq(ordererDesignations.userId, userId), isNull(ordererDesignations.revokedAt)))
      .returning();
    if (!row) throw new AppError('not_found');
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: unit.municipalityId, entity: 'orderer_designation', entityId: row.id, action: 'revoke', after: presentDesignation(row, { userName: null, designatedByName: null }) });
  });
}

/** The units the actor may order for, and why (for the order form). */
export async function orderableUnits(db: Db, actor: Actor) {
  const authority = await authorityOf(db, actor);
  const ids = [...orderableUnitIds(authority)];
  if (ids.length === 0) return [];
  const rows = await db.select().from(units).where(inArray(units.id, ids));
  return rows
    .filter((u) => u.active)
    .sort((a, b) => a.code.localeCompare(b.code, 'sv'))
    .map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level, municipalityId: u.municipalityId, via: authority.designatedUnitIds.has(u.id) ? ('designation' as const) : ('manager' as const) }));
}

// ---------------------------------------------------------------- placing an order (R-4.3, R-4.4)

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date(bilingual('must be a date YYYY-MM-DD', 'ska vara ett datum ÅÅÅÅ-MM-DD'));
const ZLineInput = z.strictObject({
  /** A model of the model range (R-4.2); its article gives the price. */
  modelId: z.uuid().optional(),
  /** An article of the year's price list without a model (accessories, hours…). */
  articleCode: z.string().trim().min(1).max(40).optional(),
  quantity: z.number().int().min(1).max(50).default(1),
});
const ZSoftware = { software: text(200), vendor: z.string().trim().max(200).nullable().default(null), purpose: text(2000) };
const head = { unitId: z.uuid(), note: z.string().trim().max(4000).default('') };

export const ZOrderInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('standard'), ...head, lines: z.array(ZLineInput).min(1).max(50) }),
  z.strictObject({
    kind: z.literal('account_non_employee'),
    ...head,
    account: z.strictObject({
      firstName: text(100),
      lastName: text(100),
      email: z.email().max(200).nullable().default(null),
      personRole: text(60),
      organisation: z.string().trim().max(200).nullable().default(null),
      startsOn: isoDate.optional(),
      endsOn: isoDate,
      reason: text(2000),
    }),
  }),
  z.strictObject({
    kind: z.literal('function_address'),
    ...head,
    functionAddress: z.strictObject({
      address: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, bilingual('the part before @: letters a–z, digits, . _ -', 'delen före @: bokstäverna a–z, siffror, . _ -')),
      displayName: text(200),
      purpose: text(2000),
      ownerPersonIds: z.array(z.uuid()).max(20).default([]),
    }),
  }),
  z.strictObject({ kind: z.literal('software_request'), ...head, software: z.strictObject({ ...ZSoftware, computers: text(2000) }) }),
  z.strictObject({ kind: z.literal('software_packaging'), ...head, packaging: z.strictObject({ ...ZSoftware, teacherComputers: z.number().int().min(1).max(100_000) }) }),
]);
export type TOrderInput = z.infer<typeof ZOrderInput>;

type NewLine = Omit<typeof orderLines.$inferInsert, 'orderId' | 'municipalityId' | 'position' | 'quantity'> & { quantity: number };

/**
 * R-4.3: standard lines priced from the price list of the order's year in force on the order date;
 * a model must be in the municipality's model range as published (the latest year up to this one).
 * Equipment becomes one line per piece (each gets its own serial number at delivery).
 */
async function priceLines(db: Db, input: Extract<TOrderInput, { kind: 'standard' }>, municipalityId: string, today: string): Promise<NewLine[]> {
  const year = Number(today.slice(0, 4));
  const list = await catalogue.findPriceList(db, year);
  const entries = list ? await catalogue.listEntries(db, list.id) : [];
  const rangeYear = await catalogue.latestModelYear(db, municipalityId, year);
  const range = rangeYear === undefined ? [] : await catalogue.listModels(db, { year: rangeYear, municipalityId });
  const supportLevelOf = new Map((await catalogue.listServices(db)).map((s) => [s.code, s.supportLevel]));
  const problems: Problem[] = [];
  const lines: NewLine[] = [];
  const notInList = (field: string, code: string): Problem => ({
    field,
    reason: `the article ${code} is not in the ${year} price list on ${today}`,
    reasonSv: `artikeln ${code} finns inte i prislistan för ${year} den ${today}`,
  });
  input.lines.forEach((line, i) => {
    const at = `lines.${i}`;
    if ((line.modelId === undefined) === (line.articleCode === undefined)) {
      problems.push({ field: at, reason: 'give either modelId or articleCode', reasonSv: 'ange antingen modelId eller articleCode' });
      return;
    }
    const model = line.modelId === undefined ? undefined : range.find((m) => m.id === line.modelId);
    if (line.modelId !== undefined && !model) {
      problems.push({ field: `${at}.modelId`, reason: `not in the model range of the unit’s municipality${rangeYear ? ` for ${rangeYear}` : ''}`, reasonSv: `finns inte i modellutbudet för enhetens kommun${rangeYear ? ` ${rangeYear}` : ''}` });
      return;
    }
    const code = model?.articleCode ?? line.articleCode ?? '';
    const entry = entryOn(entries, code, today);
    if (!entry) {
      problems.push(notInList(model ? `${at}.modelId` : `${at}.articleCode`, code));
      return;
    }
    if (entry.billingModel === 'central_cost' || entry.billingModel === 'application_fee') {
      problems.push({ field: `${at}.articleCode`, reason: 'central costs and application fees are not ordered (R-6.2, R-7)', reasonSv: 'central kostnad och applikationsavgifter beställs inte' });
      return;
    }
    if (!model && range.some((m) => m.articleCode === code)) {
      problems.push({ field: `${at}.articleCode`, reason: 'equipment is ordered by its model from the model range (R-4.2)', reasonSv: 'utrustning beställs som en modell ur modellutbudet' });
      return;
    }
    const priced: NewLine = {
      description: model ? `${entry.name}: ${model.manufacturer} ${model.model}` : entry.name,
      articleCode: entry.articleCode,
      serviceCode: entry.serviceCode,
      billingModel: entry.billingModel,
      modelRangeItemId: model?.id ?? null,
      model: model ? `${model.manufacturer} ${model.model}` : null,
      modelCategory: model?.category ?? null,
      supportLevel: supportLevelOf.get(entry.serviceCode) ?? null,
      quantity: model ? 1 : line.quantity,
      purchasePrice: entry.purchasePrice,
      monthlyFee: entry.monthlyFee,
      weeklyFee: entry.weeklyFee,
      hourlyRate: entry.hourlyRate,
      yearlyFee: entry.yearlyFee,
    };
    for (let n = 0; n < (model ? line.quantity : 1); n++) lines.push({ ...priced });
  });
  reject(problems);
  return lines;
}

/** R-4.4: a special order's details, checked, and the one task line it gives IT. */
async function specialOrder(db: Db, input: Exclude<TOrderInput, { kind: 'standard' }>, municipalityId: string, mission: MissionDocument, today: string): Promise<{ details: SpecialOrderDetails; line: NewLine; accountEndsOn: string | null }> {
  const task = (description: string): NewLine => ({ description, quantity: 1 });
  switch (input.kind) {
    case 'account_non_employee': {
      const a = { ...input.account, startsOn: input.account.startsOn ?? today };
      reject(accountProblems(mission, a, today));
      const name = `${a.firstName} ${a.lastName}`;
      return { details: { kind: input.kind, ...a }, line: task(`Användarkonto för ${name} (${a.personRole}${a.organisation ? `, ${a.organisation}` : ''}) ${a.startsOn}–${a.endsOn}`), accountEndsOn: a.endsOn };
    }
    case 'function_address': {
      const f = input.functionAddress;
      const found = f.ownerPersonIds.length ? await db.select({ id: people.id }).from(people).where(and(inArray(people.id, f.ownerPersonIds), eq(people.municipalityId, municipalityId))) : [];
      const known = new Set(found.map((p) => p.id));
      reject(f.ownerPersonIds.flatMap((id, i) => (known.has(id) ? [] : [{ field: `functionAddress.ownerPersonIds.${i}`, reason: 'unknown person in the unit’s municipality', reasonSv: 'okänd person i enhetens kommun' }])));
      return { details: { kind: input.kind, ...f }, line: task(`Funktionsadress ${f.address} (${f.displayName})`), accountEndsOn: null };
    }
    case 'software_request': {
      const s = input.software;
      return { details: { kind: input.kind, ...s }, line: task(`Installation av ${s.software}${s.vendor ? ` (${s.vendor})` : ''}, saknas i Software Center`), accountEndsOn: null };
    }
    case 'software_packaging': {
      const p = input.packaging;
      reject(packagingProblems(p.teacherComputers, orderNumbers(mission)));
      return { details: { kind: input.kind, ...p }, line: task(`Paketering av ${p.software}${p.vendor ? ` (${p.vendor})` : ''} för ${p.teacherComputers} lärardatorer`), accountEndsOn: null };
    }
  }
}

const truncate = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The service request an order becomes (R-4.3): in the IT desk, in the kind's category, for the unit. */
function ticketFor(kind: OrderKind, unit: { id: string; name: string; municipalityId: string }, lines: readonly NewLine[], note: string): TTicketInput {
  const what = lines.map((l) => `- ${l.quantity > 1 ? `${l.quantity} × ` : ''}${l.description}${l.articleCode ? ` [${l.articleCode}]` : ''}`).join('\n');
  const first = lines[0]?.description ?? '';
  // A special order's one line names what it is ("Användarkonto för …", "Funktionsadress …").
  const subject = kind === 'standard' ? `Beställning till ${unit.name}: ${lines.length === 1 ? first : `${lines.length} rader`}` : `${first} – ${unit.name}`;
  return {
    municipalityId: unit.municipalityId,
    categoryId: TICKET_CATEGORY_OF[kind],
    intefunktion: null,
    priority: 'normal',
    subject: truncate(subject, 200),
    description: truncate(`${ORDER_KIND_SV[kind]} för ${unit.name}.\n\n${what}${note ? `\n\nMeddelande: ${note}` : ''}`, 20_000),
    device: null,
    deviceSupportLevel: null,
    unitId: unit.id,
    affectsOperations: false,
    channel: 'portal',
  };
}

/**
 * R-4.3, R-4.4: an authorised orderer orders for their unit. The order, its lines, its service request
 * and the audit row are written in one transaction: nothing is half-written.
 */
export async function placeOrder(db: Db, actor: Actor, input: TOrderInput, now = clockNow()) {
  const unit = await visibleUnit(db, actor, input.unitId);
  if (!mayOrderFor(await authorityOf(db, actor), unit.id)) {
    throw new AppError('forbidden', [{ field: 'unitId', reason: 'you are not an orderer for this unit', reasonSv: 'du är inte beställare för enheten' }]);
  }
  const today = stockholmToday();
  const mission = (await missionOn(db, today)).document;
  const special = input.kind === 'standard' ? undefined : await specialOrder(db, input, unit.municipalityId, mission, today);
  const lines = special ? [special.line] : await priceLines(db, input as Extract<TOrderInput, { kind: 'standard' }>, unit.municipalityId, today);
  const prepared = await prepareTicket(db, actor, ticketFor(input.kind, unit, lines, input.note), now);
  const id = await db.transaction(async (tx) => {
    const ticket = await insertPreparedTicket(tx, prepared);
    const [order] = await tx
      .insert(orders)
      .values({ number: ticket.number, municipalityId: unit.municipalityId, unitId: unit.id, ordererUserId: actor.id, kind: input.kind, ticketId: ticket.id, orderedOn: today, placedAt: now, note: input.note, details: special?.details ?? null, accountEndsOn: special?.accountEndsOn ?? null })
      .returning();
    if (!order) throw new AppError('internal');
    const written = await tx
      .insert(orderLines)
      .values(lines.map((l, i) => ({ ...l, orderId: order.id, municipalityId: unit.municipalityId, position: i + 1 })))
      .returning();
    await writeAudit(tx, { actorUserId: actor.id, municipalityId: unit.municipalityId, entity: 'order', entityId: order.id, action: 'create', after: presentOrderRecord(order, written) });
    return order.id;
  });
  return getOrder(db, actor, id);
}

// ---------------------------------------------------------------- reading

/** Who sees an order: its orderer, whoever may order for its unit, IT and administrators (in scope). */
async function readable(db: Db, actor: Actor, id: string) {
  const order = await store.findOrder(db, id, municipalityFilter(actor));
  if (!order) throw new AppError('not_found');
  const authority = await authorityOf(db, actor);
  const fulfils = mayFulfil(authority);
  if (order.ordererUserId !== actor.id && !fulfils && !mayOrderFor(authority, order.unitId)) throw new AppError('not_found');
  return { order, authority, fulfils };
}

export async function getOrder(db: Db, actor: Actor, id: string) {
  const { order, authority, fulfils } = await readable(db, actor, id);
  const lines = await store.linesOf(db, order.id);
  const holderIds = [...new Set(lines.flatMap((l) => (l.holderPersonId ? [l.holderPersonId] : [])))];
  // One statement at a time: a page of orders is small, and each request then holds one connection.
  const holders = holderIds.length ? await db.select().from(people).where(inArray(people.id, holderIds)) : [];
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, order.unitId));
  const [orderer] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, order.ordererUserId));
  const ticketNumber = await store.ticketNumberOf(db, order.ticketId);
  const reminderTicketNumber = await store.ticketNumberOf(db, order.reminderTicketId);
  // Protected identity (skyddad identitet) is never shown by name.
  const holderNames = new Map(holders.map((p) => [p.id, p.protectedIdentity ? 'Skyddad identitet' : `${p.firstName} ${p.lastName}`]));
  const cancellable = order.status === 'submitted' || (fulfils && order.status === 'in_progress');
  const canCancel = cancellable && (fulfils || order.ordererUserId === actor.id || mayOrderFor(authority, order.unitId));
  return presentOrder(order, lines, { unitName: unit?.name ?? '', ordererName: orderer?.name ?? '', ticketNumber, reminderTicketNumber, holderNames, canFulfil: fulfils, canCancel });
}

export const ORDER_LIST_SCOPES = ['mine', 'units', 'all'] as const;
export const ZOrderListQuery = z.object({
  scope: z.enum(ORDER_LIST_SCOPES).default('mine'),
  status: z.enum(ORDER_STATUSES).optional(),
  kind: z.enum(ORDER_KINDS).optional(),
  municipalityId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const ZCursor = z.object({ at: z.iso.datetime(), id: z.uuid() });

export function encodeCursor(row: { placedAt: string; id: string }): string {
  return Buffer.from(JSON.stringify({ at: row.placedAt, id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): z.infer<typeof ZCursor> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new AppError('validation', [{ field: 'query.cursor', reason: 'invalid cursor', reasonSv: 'ogiltig markör' }]);
}

/**
 * Order lists, newest first in keyset pages: `mine` (placed by the actor), `units` (of the units the
 * actor may order for), `all` (IT and administrators, within their municipality scope).
 */
export async function listOrders(db: Db, actor: Actor, q: z.infer<typeof ZOrderListQuery>) {
  const authority = await authorityOf(db, actor);
  const base = { municipalityId: municipalityFilter(actor, q.municipalityId), status: q.status, kind: q.kind, after: decodeCursor(q.cursor), limit: q.limit };
  const scoped = {
    mine: { ordererUserId: actor.id },
    units: { unitIds: [...orderableUnitIds(authority)] },
    all: {},
  }[q.scope];
  if (q.scope === 'all' && !mayFulfil(authority)) throw new AppError('forbidden', [{ field: 'query.scope', reason: 'all orders are for IT', reasonSv: 'alla beställningar är för IT' }]);
  const rows = await store.listOrders(db, { ...base, ...scoped });
  const items = rows.map(presentOrderSummary);
  const last = items.at(-1);
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor(last) : null };
}

export const ZEndingQuery = z.object({ days: z.coerce.number().int().min(0).max(365).optional() });

/**
 * R-4.4: accounts for non-employees ending within `days` (default: the mission's follow-up days),
 * for IT and for whoever may order for the unit.
 */
export async function accountsEndingSoon(db: Db, actor: Actor, q: z.infer<typeof ZEndingQuery>) {
  const today = stockholmToday();
  const numbers = orderNumbers((await missionOn(db, today)).document);
  const days = q.days ?? numbers.accountEndReminderDays;
  const authority = await authorityOf(db, actor);
  const fulfils = mayFulfil(authority);
  const unitIds = fulfils ? undefined : [...orderableUnitIds(authority)];
  if (unitIds?.length === 0) throw new AppError('forbidden');
  const rows = await store.accountsEnding(db, { municipalityId: municipalityFilter(actor), unitIds, from: today, to: addDays(today, days) });
  return {
    days,
    items: rows.map((r) => {
      const d = r.order.details?.kind === 'account_non_employee' ? r.order.details : undefined;
      const endsOn = r.order.accountEndsOn ?? today;
      return { ...presentOrderSummary({ ...r, lineCount: 1 }), accountName: d ? `${d.firstName} ${d.lastName}` : '', endsOn, daysLeft: daysUntil(today, endsOn) };
    }),
  };
}

// ---------------------------------------------------------------- fulfilment (R-4.3)

type Step = { action: string; line: store.LineRow; values: Partial<typeof orderLines.$inferInsert> & { status: LineStatus } };

/**
 * One fulfilment step: the order locked, its version checked (409 when stale), the line changed, the
 * order's status recomputed from its lines, and one audit row, in one transaction.
 */
async function fulfil(db: Db, actor: Actor, orderId: string, version: number, plan: (order: store.OrderRow, lines: store.LineRow[], tx: DbOrTx) => Step[] | Promise<Step[]>, extra: Partial<typeof orders.$inferInsert> = {}) {
  const finished = await db.transaction(async (tx) => {
    const order = await store.lockOrder(tx, orderId);
    if (!order) throw new AppError('not_found');
    if (order.version !== version) throw new AppError('stale_version', [{ field: 'version', reason: `expected ${version}`, reasonSv: `förväntade ${version}` }], { current: { version: order.version, status: order.status } });
    const before = await store.linesOf(tx, order.id);
    const steps = await plan(order, before, tx);
    const changed = new Map<string, store.LineRow>();
    for (const s of steps) {
      const row = await store.updateLine(tx, s.line.id, s.values);
      if (!row) throw new AppError('internal');
      changed.set(row.id, row);
    }
    const after = before.map((l) => changed.get(l.id) ?? l);
    const [updated] = await tx
      .update(orders)
      .set({ ...extra, status: orderStatus(after), version: sql`${orders.version} + 1`, updatedAt: clockNow() })
      .where(eq(orders.id, order.id))
      .returning();
    if (!updated) throw new AppError('internal');
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: order.municipalityId,
      entity: 'order',
      entityId: order.id,
      action: steps[0]?.action ?? 'update',
      before: presentOrderRecord(order, before.filter((l) => changed.has(l.id))),
      after: presentOrderRecord(updated, after.filter((l) => changed.has(l.id))),
    });
    return updated.status !== order.status && (updated.status === 'delivered' || updated.status === 'cancelled') ? updated : undefined;
  });
  if (finished) await solveRequest(db, actor, finished);
  return getOrder(db, actor, orderId);
}

/**
 * R-4.3: when the last line is delivered (or the order cancelled) its service request is solved, by
 * the tickets' own use case (history, SLA follow-up, the requester's mail). The order is the record:
 * when the actor may not solve the ticket (it is already solved or closed, or changed meanwhile, or a
 * manager cancels an order someone else placed), it stays for IT to finish.
 */
async function solveRequest(db: Db, actor: Actor, order: store.OrderRow): Promise<void> {
  const ticket = await store.findTicketRow(db, order.ticketId);
  if (!ticket || ticket.status === 'solved' || ticket.status === 'closed') return;
  const comment = order.status === 'delivered' ? `Beställning ${order.number} är levererad.` : `Beställning ${order.number} är makulerad: ${order.cancelledReason ?? ''}`;
  try {
    await changeStatus(db, actor, ticket.id, { version: ticket.version, status: 'solved', comment });
  } catch (e) {
    if (!(e instanceof AppError) || !['not_found', 'forbidden', 'validation', 'stale_version'].includes(e.code)) throw e;
  }
}

/** The order for an IT fulfilment step: 404 outside the actor's sight, 403 for those who do not fulfil. */
async function forFulfilment(db: Db, actor: Actor, orderId: string) {
  const { fulfils } = await readable(db, actor, orderId);
  if (!fulfils) throw new AppError('forbidden');
}

function lineOf(lines: readonly store.LineRow[], lineId: string): store.LineRow {
  const line = lines.find((l) => l.id === lineId);
  if (!line) throw new AppError('not_found', [{ field: 'lineId', reason: 'no such line in the order', reasonSv: 'ingen sådan rad i beställningen' }]);
  return line;
}

export const ZVersion = z.strictObject({ version: ZVersionNumber });
export const ZDelivery = z.strictObject({
  version: ZVersionNumber,
  serialNumber: z.string().trim().min(1).max(100).nullable().default(null),
  holderPersonId: z.uuid().nullable().default(null),
  /** Local date of delivery; today when absent. */
  deliveredOn: isoDate.optional(),
});
export const ZCancel = z.strictObject({ version: ZVersionNumber, reason: text(2000) });

/** R-4.3: IT has ordered the line from the supplier. */
export async function markLineOrdered(db: Db, actor: Actor, orderId: string, lineId: string, input: z.infer<typeof ZVersion>) {
  await forFulfilment(db, actor, orderId);
  return fulfil(db, actor, orderId, input.version, (_order, lines) => {
    const line = lineOf(lines, lineId);
    reject(lineTransitionProblems(line.status, 'ordered'));
    return [{ action: 'line_ordered', line, values: { status: 'ordered', orderedAt: clockNow() } }];
  });
}

/**
 * R-4.3, R-5.1, R-6.4: delivery records what the inventory register will take over (model, serial,
 * holder, support level, date) and starts billing of a priced line.
 */
export async function deliverLine(db: Db, actor: Actor, orderId: string, lineId: string, input: z.infer<typeof ZDelivery>) {
  await forFulfilment(db, actor, orderId);
  const today = stockholmToday();
  const mission = (await missionOn(db, input.deliveredOn ?? today)).document;
  return fulfil(db, actor, orderId, input.version, async (order, lines, tx) => {
    const line = lineOf(lines, lineId);
    const deliveredOn = input.deliveredOn ?? today;
    const problems = [...lineTransitionProblems(line.status, 'delivered'), ...deliveryProblems({ hasModel: line.model !== null, serialNumber: input.serialNumber, orderedOn: order.orderedOn, deliveredOn, today })];
    if (input.holderPersonId) {
      const [holder] = await tx.select({ id: people.id }).from(people).where(and(eq(people.id, input.holderPersonId), eq(people.municipalityId, order.municipalityId))).limit(1);
      if (!holder) problems.push({ field: 'holderPersonId', reason: 'unknown person in the order’s municipality', reasonSv: 'okänd person i beställningens kommun' });
    }
    reject(problems);
    const priced = line.articleCode !== null;
    // R-5.1: delivered equipment enters the inventory register in the same transaction.
    if (line.model !== null && input.serialNumber !== null) {
      await orderLineDelivered.emit(tx, {
        actor,
        mission,
        line: {
          municipalityId: order.municipalityId, unitId: order.unitId, orderLineId: line.id, orderNumber: order.number, orderedOn: order.orderedOn, modelCategory: line.modelCategory, model: line.model,
          modelRangeItemId: line.modelRangeItemId, serviceCode: line.serviceCode, articleCode: line.articleCode, supportLevel: line.supportLevel, serial: input.serialNumber, holderPersonId: input.holderPersonId, deliveredOn,
        },
      });
    }
    return [
      {
        action: 'line_delivered',
        line,
        values: { status: 'delivered', serialNumber: input.serialNumber, holderPersonId: input.holderPersonId, deliveredOn, deliveredByUserId: actor.id, billingStartsOn: billingStartsOn({ priced, deliveredOn }) },
      },
    ];
  });
}

/** IT cancels one line that is not delivered. */
export async function cancelLine(db: Db, actor: Actor, orderId: string, lineId: string, input: z.infer<typeof ZCancel>) {
  await forFulfilment(db, actor, orderId);
  return fulfil(db, actor, orderId, input.version, (_order, lines) => {
    const line = lineOf(lines, lineId);
    reject(lineTransitionProblems(line.status, 'cancelled'));
    return [{ action: 'line_cancelled', line, values: { status: 'cancelled', cancelledReason: input.reason } }];
  });
}

/**
 * Cancels every line not yet delivered: IT while the order is not complete; the orderer (or whoever may
 * order for the unit) only while nothing has happened to it yet.
 */
export async function cancelOrder(db: Db, actor: Actor, orderId: string, input: z.infer<typeof ZCancel>) {
  const { order, authority, fulfils } = await readable(db, actor, orderId);
  const ordererSide = order.ordererUserId === actor.id || mayOrderFor(authority, order.unitId);
  if (!fulfils && !ordererSide) throw new AppError('forbidden');
  return fulfil(
    db,
    actor,
    orderId,
    input.version,
    (current, lines) => {
      if (!fulfils && current.status !== 'submitted') {
        throw new AppError('validation', [{ field: 'status', reason: 'IT has started on the order: ask IT to cancel it', reasonSv: 'IT har påbörjat beställningen: be IT makulera den' }]);
      }
      const open = lines.filter((l) => l.status === 'pending' || l.status === 'ordered');
      if (!open.length) reject([{ field: 'status', reason: 'nothing left to cancel', reasonSv: 'inget kvar att makulera' }]);
      return open.map((line) => ({ action: 'cancel', line, values: { status: 'cancelled' as const, cancelledReason: input.reason } }));
    },
    { cancelledReason: input.reason },
  );
}
