import { loadLifecycle, storeEvent } from '../assets/lifecycle.ts';
import { applyEvent, isLoan, saleRolesOf, type AssetEvent, type Holder } from '../assets/rules.ts';
import { normalizeSerial } from '../assets/register.ts';
import * as assetStore from '../assets/store.ts';
import { billingConfig, loanMinimumDays } from '../billing/rules.ts';
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
import { enqueuePreparedMail } from '../platform/mail/outbox.ts';
import {
  ZBookingInput,
  ZBookingStep,
  ZPoolMemberInput,
  type Booking,
  type BookingInput,
  type BookingStep,
  type Pool,
  type PoolMemberInput,
  type PoolQuery,
} from './contract.ts';
import { booksLaptops, managesLaptopPool } from './policy.ts';
import { fieldProblem, invalid, reject } from './problems.ts';
import { bookingDays, bookingProblems, BOOKING_STATUS_SV, handOutProblems, isOverdue, reminderDue, returnProblems } from './rules.ts';
import { laptopBookings } from './schema.ts';
import * as store from './store.ts';

/**
 * the municipality's short-term laptop pool at IT's office — which laptops are in it, their
 * bookings (at least the mission's minimum, no shared day), hand-out and return through the asset's
 * lifecycle (so billing charges the loan per started week, R-4.1) and reminders of overdue loans.
 * Every change is one transaction with its audit row.
 */

const BOOKING = 'laptop_booking';

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

/** The mission's shortest loan, the same minimum billing charges (billing's loanMinimumDays). */
function minimumDays(mission: MissionDocument): number {
  return loanMinimumDays(billingConfig(mission), weeklyService(mission)?.code ?? null);
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
  if ((await store.liveBookingsOf(db, assetId)).length > 0) {
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
 * The mission in force on the step's day is read before the transaction opens: on the embedded database
 * (one connection) a read outside the transaction would wait for it forever.
 */
async function lifecycleStep(
  mission: MissionDocument,
  tx: DbOrTx,
  actor: Actor,
  b: store.BookingWithNames,
  kind: 'hand_out' | 'return',
  date: string,
  today: string,
): Promise<void> {
  let row = await assetStore.findAsset(tx, b.assetId, { municipalityId: b.municipalityId });
  if (!row) throw new AppError('not_found');
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
export async function handOut(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  assertPolicy(actor, managesLaptopPool);
  const mission = (await missionOn(db, input.date ?? stockholmToday())).document;
  return bookingStep(db, actor, id, input, 'hand_out', async (tx, b, today) => {
    const date = input.date ?? today;
    const otherOut = (await store.liveBookingsOf(tx, b.assetId)).some((o) => o.id !== b.id && o.status === 'handed_out');
    reject(
      ZBookingStep,
      handOutProblems({ from: b.fromOn, to: b.toOn, status: b.status, handedOutOn: b.handedOutOn }, date, today, otherOut).map(fieldProblem),
    );
    await lifecycleStep(mission, tx, actor, b, 'hand_out', date, today);
    return { status: 'handed_out', handedOutOn: date };
  });
}

/** IT takes the laptop back; the loan ends and the next billing run charges it. */
export async function returnLaptop(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  assertPolicy(actor, managesLaptopPool);
  const mission = (await missionOn(db, input.date ?? stockholmToday())).document;
  return bookingStep(db, actor, id, input, 'return', async (tx, b, today) => {
    const date = input.date ?? today;
    reject(ZBookingStep, returnProblems({ from: b.fromOn, to: b.toOn, status: b.status, handedOutOn: b.handedOutOn }, date, today).map(fieldProblem));
    await lifecycleStep(mission, tx, actor, b, 'return', date, today);
    return { status: 'returned', returnedOn: date };
  });
}

/** A booking not yet handed out is cancelled by IT, whoever booked it, or a manager of its unit. */
export function cancelBooking(db: Db, actor: Actor, id: string, input: BookingStep): Promise<Booking> {
  return bookingStep(db, actor, id, input, 'cancel', (_tx, b, today) => {
    const view = bookingView(b, actor, today, managesLaptopPool(actor));
    if (!view.actions.cancel.allowed) {
      throw new AppError('refused', [{ field: 'body', reason: view.actions.cancel.reason ?? '', reasonSv: view.actions.cancel.reasonSv ?? '' }]);
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
      throw new AppError('refused', [{ field: 'body', reason: 'the loan is not overdue', reasonSv: 'lånet är inte försenat' }]);
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
  // The query narrows to handed-out, unreminded loans past their last day; the rule decides.
  const candidates = await store.listBookings(db, { municipalityId: undefined, unitIds: null, unremindedBefore: today });
  const due = candidates.filter((b) =>
    reminderDue({ from: b.fromOn, to: b.toOn, handedOutAt: b.handedOutOn, returnedAt: b.returnedOn, remindedOn: b.remindedOn }, today),
  );
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
