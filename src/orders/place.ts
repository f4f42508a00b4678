import { entryOn } from '../catalogue/rules.ts';
import * as catalogue from '../catalogue/store.ts';
import type { MissionDocument } from '../mission/rules.ts';
import { missionOn, stockholmToday } from '../mission/service.ts';
import type { Problem } from '../org/rules.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/db/client.ts';
import { type Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { insertPreparedTicket, prepareTicket } from '../tickets/service.ts';
import type { TTicketInput } from '../tickets/contract.ts';
import { presentOrderRecord } from './presenter.ts';
import { accountProblems, mayOrderFor, packagingProblems, ORDER_KIND_SV, TICKET_CATEGORY_OF, type OrderKind } from './rules.ts';
import { orderLines, type SpecialOrderDetails } from './schema.ts';
import { now as clockNow } from '../platform/clock.ts';
import * as store from './store.ts';
import { authorityOf, orderNumbers, reject, visibleUnit } from './shared.ts';
import type { TOrderInput } from './contract.ts';
import { getOrder } from './read.ts';

/** Placing an order (R-4.3, R-4.4): priced from the catalogue, with its ticket in the IT desk. */

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
      problems.push({
        field: `${at}.modelId`,
        reason: `not in the model range of the unit’s municipality${rangeYear ? ` for ${rangeYear}` : ''}`,
        reasonSv: `finns inte i modellutbudet för enhetens kommun${rangeYear ? ` ${rangeYear}` : ''}`,
      });
      return;
    }
    const code = model?.articleCode ?? line.articleCode ?? '';
    const entry = entryOn(entries, code, today);
    if (!entry) {
      problems.push(notInList(model ? `${at}.modelId` : `${at}.articleCode`, code));
      return;
    }
    if (entry.billingModel === 'central_cost' || entry.billingModel === 'application_fee') {
      problems.push({
        field: `${at}.articleCode`,
        reason: 'central costs and application fees are not ordered (R-6.2, R-7)',
        reasonSv: 'central kostnad och applikationsavgifter beställs inte',
      });
      return;
    }
    if (!model && range.some((m) => m.articleCode === code)) {
      problems.push({
        field: `${at}.articleCode`,
        reason: 'equipment is ordered by its model from the model range (R-4.2)',
        reasonSv: 'utrustning beställs som en modell ur modellutbudet',
      });
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
async function specialOrder(
  db: Db,
  input: Exclude<TOrderInput, { kind: 'standard' }>,
  municipalityId: string,
  mission: MissionDocument,
  today: string,
): Promise<{ details: SpecialOrderDetails; line: NewLine; accountEndsOn: string | null }> {
  const task = (description: string): NewLine => ({ description, quantity: 1 });
  switch (input.kind) {
    case 'account_non_employee': {
      const a = { ...input.account, startsOn: input.account.startsOn ?? today };
      reject(accountProblems(mission, a, today));
      const name = `${a.firstName} ${a.lastName}`;
      return {
        details: { kind: input.kind, ...a },
        line: task(`Användarkonto för ${name} (${a.personRole}${a.organisation ? `, ${a.organisation}` : ''}) ${a.startsOn}–${a.endsOn}`),
        accountEndsOn: a.endsOn,
      };
    }
    case 'function_address': {
      const f = input.functionAddress;
      const found = f.ownerPersonIds.length ? await store.peopleIn(db, f.ownerPersonIds, municipalityId) : [];
      const known = new Set(found.map((p) => p.id));
      reject(
        f.ownerPersonIds.flatMap((id, i) =>
          known.has(id)
            ? []
            : [
                {
                  field: `functionAddress.ownerPersonIds.${i}`,
                  reason: 'unknown person in the unit’s municipality',
                  reasonSv: 'okänd person i enhetens kommun',
                },
              ],
        ),
      );
      return { details: { kind: input.kind, ...f }, line: task(`Funktionsadress ${f.address} (${f.displayName})`), accountEndsOn: null };
    }
    case 'software_request': {
      const s = input.software;
      return {
        details: { kind: input.kind, ...s },
        line: task(`Installation av ${s.software}${s.vendor ? ` (${s.vendor})` : ''}, saknas i Software Center`),
        accountEndsOn: null,
      };
    }
    case 'software_packaging': {
      const p = input.packaging;
      reject(packagingProblems(p.teacherComputers, orderNumbers(mission)));
      return {
        details: { kind: input.kind, ...p },
        line: task(`Paketering av ${p.software}${p.vendor ? ` (${p.vendor})` : ''} för ${p.teacherComputers} lärardatorer`),
        accountEndsOn: null,
      };
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
    const order = await store.insertOrder(tx, {
      number: ticket.number,
      municipalityId: unit.municipalityId,
      unitId: unit.id,
      ordererUserId: actor.id,
      kind: input.kind,
      ticketId: ticket.id,
      orderedOn: today,
      placedAt: now,
      note: input.note,
      details: special?.details ?? null,
      accountEndsOn: special?.accountEndsOn ?? null,
    });
    const written = await store.insertLines(
      tx,
      lines.map((l, i) => ({ ...l, orderId: order.id, municipalityId: unit.municipalityId, position: i + 1 })),
    );
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: unit.municipalityId,
      entity: 'order',
      entityId: order.id,
      action: 'create',
      after: presentOrderRecord(order, written),
    });
    return order.id;
  });
  return getOrder(db, actor, id);
}
