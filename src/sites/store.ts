import { and, asc, desc, eq, exists, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { assets } from '../assets/schema.ts';
import { municipalities, people, units, users } from '../org/schema.ts';
import { now } from '../platform/clock.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import type { SiteKind, SiteSystem } from './rules.ts';
import { laptopBookings, siteApprovals, siteEquipment, siteMeetings, siteRacks, siteSystems, siteUnits, sites } from './schema.ts';

/** Issue 22: every statement of sites and the laptop pool. SQL lives here. */

export type SiteRow = typeof sites.$inferSelect;
export type SystemRow = typeof siteSystems.$inferSelect;
export type RackRow = typeof siteRacks.$inferSelect;
export type MeetingRow = typeof siteMeetings.$inferSelect;
export type BookingRow = typeof laptopBookings.$inferSelect;

/** Which sites a reader sees: the municipal boundary and, for a unit manager, the sites of their units. */
export interface SiteScope {
  municipalityId: string | undefined;
  unitIds?: readonly string[];
}

function siteWhere(scope: SiteScope, extra: { kind?: SiteKind | undefined; id?: string } = {}): SQL | undefined {
  return and(
    scope.municipalityId ? eq(sites.municipalityId, scope.municipalityId) : undefined,
    scope.unitIds
      ? scope.unitIds.length
        ? exists(sql`(select 1 from ${siteUnits} where ${siteUnits.siteId} = ${sites.id} and ${inArray(siteUnits.unitId, [...scope.unitIds])})`)
        : sql`false`
      : undefined,
    extra.kind ? eq(sites.kind, extra.kind) : undefined,
    extra.id ? eq(sites.id, extra.id) : undefined,
  );
}

export interface SiteWithNames extends SiteRow {
  municipalityName: string;
}

export async function listSites(db: DbOrTx, scope: SiteScope, kind?: SiteKind): Promise<SiteWithNames[]> {
  const found = await db
    .select({ s: sites, municipalityName: municipalities.name })
    .from(sites)
    .innerJoin(municipalities, eq(municipalities.id, sites.municipalityId))
    .where(siteWhere(scope, { kind }))
    .orderBy(asc(municipalities.name), asc(sites.name));
  return found.map((r) => ({ ...r.s, municipalityName: r.municipalityName }));
}

export async function findSite(db: DbOrTx, id: string, scope: SiteScope): Promise<SiteWithNames | undefined> {
  const [r] = await db
    .select({ s: sites, municipalityName: municipalities.name })
    .from(sites)
    .innerJoin(municipalities, eq(municipalities.id, sites.municipalityId))
    .where(siteWhere(scope, { id }))
    .limit(1);
  return r ? { ...r.s, municipalityName: r.municipalityName } : undefined;
}

/** The id of the municipality's site with this name, compared as sites_municipality_name_uq does. */
export async function siteNamed(db: DbOrTx, municipalityId: string, name: string): Promise<string | undefined> {
  const [r] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.municipalityId, municipalityId), sql`lower(${sites.name}) = lower(${name})`))
    .limit(1);
  return r?.id;
}

export async function insertSite(tx: DbOrTx, values: typeof sites.$inferInsert): Promise<SiteRow> {
  const [row] = await tx.insert(sites).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The units at each of the sites, by site id. */
export async function unitsOf(db: DbOrTx, siteIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (!siteIds.length) return out;
  const found = await db
    .select({ siteId: siteUnits.siteId, id: units.id, name: units.name })
    .from(siteUnits)
    .innerJoin(units, eq(units.id, siteUnits.unitId))
    .where(inArray(siteUnits.siteId, [...siteIds]))
    .orderBy(asc(units.name));
  for (const r of found) out.set(r.siteId, [...(out.get(r.siteId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export async function replaceSiteUnits(tx: DbOrTx, siteId: string, unitIds: readonly string[]): Promise<void> {
  await tx.delete(siteUnits).where(eq(siteUnits.siteId, siteId));
  if (unitIds.length) await tx.insert(siteUnits).values(unitIds.map((unitId) => ({ siteId, unitId })));
}

/** The units of a municipality among `ids` (to refuse another municipality's unit). */
export async function unitsIn(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const found = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.municipalityId, municipalityId), inArray(units.id, [...ids])));
  return new Set(found.map((r) => r.id));
}

/** The recorded systems of each of the sites, by site id. */
export async function systemsOf(db: DbOrTx, siteIds: readonly string[]): Promise<Map<string, SystemRow[]>> {
  const out = new Map<string, SystemRow[]>();
  if (!siteIds.length) return out;
  const found = await db
    .select()
    .from(siteSystems)
    .where(inArray(siteSystems.siteId, [...siteIds]));
  for (const r of found) out.set(r.siteId, [...(out.get(r.siteId) ?? []), r]);
  return out;
}

export async function upsertSystem(tx: DbOrTx, values: typeof siteSystems.$inferInsert): Promise<void> {
  await tx
    .insert(siteSystems)
    .values(values)
    .onConflictDoUpdate({
      target: [siteSystems.siteId, siteSystems.system],
      set: {
        autonomyMinutes: values.autonomyMinutes ?? null,
        automatic: values.automatic ?? null,
        description: values.description ?? '',
        approvedOn: values.approvedOn ?? null,
        basis: values.basis ?? null,
        approvedByUserId: values.approvedByUserId ?? null,
        updatedAt: values.updatedAt,
      },
    });
}

export async function deleteSystem(tx: DbOrTx, siteId: string, system: SiteSystem): Promise<void> {
  await tx.delete(siteSystems).where(and(eq(siteSystems.siteId, siteId), eq(siteSystems.system, system)));
}

export async function insertApproval(tx: DbOrTx, values: typeof siteApprovals.$inferInsert): Promise<void> {
  await tx.insert(siteApprovals).values(values);
}

export function approvalsOf(db: DbOrTx, siteId: string) {
  return db
    .select({ a: siteApprovals, approvedBy: users.displayName })
    .from(siteApprovals)
    .leftJoin(users, eq(users.id, siteApprovals.approvedByUserId))
    .where(eq(siteApprovals.siteId, siteId))
    .orderBy(desc(siteApprovals.approvedOn), desc(siteApprovals.recordedAt));
}

export function racksOf(db: DbOrTx, siteId: string): Promise<RackRow[]> {
  return db.select().from(siteRacks).where(eq(siteRacks.siteId, siteId)).orderBy(asc(siteRacks.name));
}

export async function insertRack(tx: DbOrTx, values: typeof siteRacks.$inferInsert): Promise<RackRow> {
  const [row] = await tx.insert(siteRacks).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function deleteRack(tx: DbOrTx, siteId: string, rackId: string): Promise<RackRow | undefined> {
  const [row] = await tx
    .delete(siteRacks)
    .where(and(eq(siteRacks.siteId, siteId), eq(siteRacks.id, rackId)))
    .returning();
  return row;
}

export function equipmentOf(db: DbOrTx, siteId: string) {
  return db
    .select({
      id: siteEquipment.id,
      assetId: siteEquipment.assetId,
      rackId: siteEquipment.rackId,
      placedOn: siteEquipment.placedOn,
      note: siteEquipment.note,
      serial: assets.serial,
      model: assets.model,
      deviceType: assets.deviceType,
      rackName: siteRacks.name,
    })
    .from(siteEquipment)
    .innerJoin(assets, eq(assets.id, siteEquipment.assetId))
    .leftJoin(siteRacks, eq(siteRacks.id, siteEquipment.rackId))
    .where(eq(siteEquipment.siteId, siteId))
    .orderBy(asc(assets.serial));
}

/** Where an asset is placed now, if anywhere. */
export async function placementOf(db: DbOrTx, assetId: string): Promise<{ siteId: string; siteName: string } | undefined> {
  const [r] = await db
    .select({ siteId: siteEquipment.siteId, siteName: sites.name })
    .from(siteEquipment)
    .innerJoin(sites, eq(sites.id, siteEquipment.siteId))
    .where(eq(siteEquipment.assetId, assetId))
    .limit(1);
  return r;
}

export async function insertEquipment(tx: DbOrTx, values: typeof siteEquipment.$inferInsert): Promise<void> {
  await tx.insert(siteEquipment).values(values);
}

export async function deleteEquipment(tx: DbOrTx, siteId: string, id: string): Promise<{ assetId: string } | undefined> {
  const [row] = await tx
    .delete(siteEquipment)
    .where(and(eq(siteEquipment.siteId, siteId), eq(siteEquipment.id, id)))
    .returning({ assetId: siteEquipment.assetId });
  return row;
}

export function meetingsOf(db: DbOrTx, siteId: string): Promise<MeetingRow[]> {
  return db.select().from(siteMeetings).where(eq(siteMeetings.siteId, siteId)).orderBy(desc(siteMeetings.heldOn));
}

export async function insertMeeting(tx: DbOrTx, values: typeof siteMeetings.$inferInsert): Promise<MeetingRow> {
  const [row] = await tx.insert(siteMeetings).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

// ---- the laptop pool (R-5.9) -----------------------------------------------------------------------------

export type PoolAssetRow = Pick<
  typeof assets.$inferSelect,
  'id' | 'municipalityId' | 'serial' | 'model' | 'status' | 'version' | 'loanPool' | 'deviceType' | 'serviceCode' | 'articleCode'
>;

const poolColumns = {
  id: assets.id,
  municipalityId: assets.municipalityId,
  serial: assets.serial,
  model: assets.model,
  status: assets.status,
  version: assets.version,
  loanPool: assets.loanPool,
  deviceType: assets.deviceType,
  serviceCode: assets.serviceCode,
  articleCode: assets.articleCode,
};

export function poolLaptops(db: DbOrTx, municipalityId: string | undefined): Promise<(PoolAssetRow & { municipalityName: string })[]> {
  return db
    .select({ ...poolColumns, municipalityName: municipalities.name })
    .from(assets)
    .innerJoin(municipalities, eq(municipalities.id, assets.municipalityId))
    .where(and(eq(assets.loanPool, true), municipalityId ? eq(assets.municipalityId, municipalityId) : undefined))
    .orderBy(asc(municipalities.name), asc(assets.serial));
}

/** Units to book for: every unit of the municipalities (IT), or these (a manager). */
export function unitsForBooking(db: DbOrTx, f: { municipalityId: string | undefined; unitIds: readonly string[] | null }) {
  return db
    .select({ id: units.id, name: units.name, municipalityId: units.municipalityId })
    .from(units)
    .where(
      and(
        f.municipalityId ? eq(units.municipalityId, f.municipalityId) : undefined,
        f.unitIds ? (f.unitIds.length ? inArray(units.id, [...f.unitIds]) : sql`false`) : undefined,
      ),
    )
    .orderBy(asc(units.name));
}

/**
 * The laptop's row, locked for the rest of the transaction: of bookings of one laptop made at
 * the same moment, each waits here for the one before to commit, then sees its booking and is refused.
 */
export async function lockLaptop(tx: DbOrTx, assetId: string): Promise<PoolAssetRow | undefined> {
  const [row] = await tx.select(poolColumns).from(assets).where(eq(assets.id, assetId)).for('update');
  return row;
}

export async function findAssetBySerial(db: DbOrTx, serial: string): Promise<PoolAssetRow | undefined> {
  const [row] = await db.select(poolColumns).from(assets).where(eq(assets.serial, serial)).limit(1);
  return row;
}

export async function setLoanPool(tx: DbOrTx, assetId: string, loanPool: boolean, articleCode?: string | null): Promise<void> {
  await tx
    .update(assets)
    .set({ loanPool, ...(articleCode === undefined ? {} : { articleCode }), version: sql`${assets.version} + 1`, updatedAt: now() })
    .where(eq(assets.id, assetId));
}

/** The live bookings (booked or handed out) of a laptop. */
export function liveBookingsOf(db: DbOrTx, assetId: string): Promise<BookingRow[]> {
  return db
    .select()
    .from(laptopBookings)
    .where(and(eq(laptopBookings.assetId, assetId), inArray(laptopBookings.status, ['booked', 'handed_out'])))
    .orderBy(asc(laptopBookings.fromOn));
}

export interface BookingWithNames extends BookingRow {
  municipalityName: string;
  serial: string;
  model: string;
  unitName: string;
  borrowerName: string | null;
  borrowerEmail: string | null;
  bookedByName: string | null;
  bookedByEmail: string | null;
}

export interface BookingFilter {
  municipalityId: string | undefined;
  /** null: every unit; else only these units' bookings. */
  unitIds: readonly string[] | null;
  /** Only live bookings (booked or handed out). */
  live?: boolean;
  /** Returned or cancelled since this day too (with `live`). */
  endedSince?: string;
  id?: string;
  /** Handed out, due back before this day and not yet reminded (the daily job). */
  unremindedBefore?: string;
}

function bookingWhere(f: BookingFilter): SQL | undefined {
  const live = inArray(laptopBookings.status, ['booked', 'handed_out']);
  return and(
    f.municipalityId ? eq(laptopBookings.municipalityId, f.municipalityId) : undefined,
    f.unitIds ? (f.unitIds.length ? inArray(laptopBookings.unitId, [...f.unitIds]) : sql`false`) : undefined,
    f.live ? (f.endedSince ? sql`(${live} or (${laptopBookings.updatedAt} at time zone 'Europe/Stockholm')::date >= ${f.endedSince}::date)` : live) : undefined,
    f.id ? eq(laptopBookings.id, f.id) : undefined,
    f.unremindedBefore
      ? and(eq(laptopBookings.status, 'handed_out'), lt(laptopBookings.toOn, f.unremindedBefore), isNull(laptopBookings.remindedOn))
      : undefined,
  );
}

const booker = sql<string | null>`(select ${users.displayName} from ${users} where ${users.id} = ${laptopBookings.bookedByUserId})`;
const bookerEmail = sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${laptopBookings.bookedByUserId})`;

export async function listBookings(db: DbOrTx, f: BookingFilter): Promise<BookingWithNames[]> {
  const found = await db
    .select({
      b: laptopBookings,
      municipalityName: municipalities.name,
      serial: assets.serial,
      model: assets.model,
      unitName: units.name,
      borrowerName: sql<string | null>`case when ${people.id} is null then null else ${people.firstName} || ' ' || ${people.lastName} end`,
      borrowerEmail: people.email,
      bookedByName: booker,
      bookedByEmail: bookerEmail,
    })
    .from(laptopBookings)
    .innerJoin(municipalities, eq(municipalities.id, laptopBookings.municipalityId))
    .innerJoin(assets, eq(assets.id, laptopBookings.assetId))
    .innerJoin(units, eq(units.id, laptopBookings.unitId))
    .leftJoin(people, eq(people.id, laptopBookings.borrowerPersonId))
    .where(bookingWhere(f))
    .orderBy(asc(laptopBookings.fromOn), asc(assets.serial));
  return found.map(({ b, ...names }) => ({ ...b, ...names }));
}

export async function insertBooking(tx: DbOrTx, values: typeof laptopBookings.$inferInsert): Promise<BookingRow> {
  const [row] = await tx.insert(laptopBookings).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setReminded(tx: DbOrTx, id: string, on: string): Promise<void> {
  await tx.update(laptopBookings).set({ remindedOn: on }).where(eq(laptopBookings.id, id));
}
