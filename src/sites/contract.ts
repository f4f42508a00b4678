import { z } from '@hono/zod-openapi';
import { ZPermission } from '../platform/http/contract.ts';
import { ZLocalDate, ZText, ZVersion } from '../platform/http/types.ts';
import { APPROVAL_BASES, BOOKING_STATUSES, CONNECTION_KINDS, PAYERS, RACK_KINDS, SHORTFALL_REASONS, SITE_KINDS, SITE_SYSTEMS } from './rules.ts';

/**
 * The contract of sites, network and premises (issue 22, R-12) and the short-term laptop pool.
 * Routes declare these schemas, and the web app imports the types (docs/decisions/0010).
 */

const ZRef = z.object({ id: z.uuid(), name: z.string() });
/** A UPS lasts at most this long in the register: a week. */
const MAX_AUTONOMY_HOURS = 168;

const ZSiteFields = {
  municipalityId: z.uuid().meta({ label: 'Kommun', labelEn: 'Municipality' }),
  name: ZText({ min: 1, max: 200 }).meta({ label: 'Namn', labelEn: 'Name' }),
  kind: z.enum(SITE_KINDS).meta({ label: 'Typ av plats', labelEn: 'Kind of site' }),
  address: ZText({ min: 1, max: 300 }).meta({ label: 'Adress', labelEn: 'Address' }),
  connectionKind: z.enum(CONNECTION_KINDS).meta({ label: 'Fast anslutning', labelEn: 'Fixed connection' }),
  connectionOperator: ZText({ max: 200 }).meta({ label: 'Operatör', labelEn: 'Operator' }),
  connectionCapacity: ZText({ max: 100 }).meta({ label: 'Kapacitet', labelEn: 'Capacity' }),
  connectionEstablishedOn: ZLocalDate.nullable().meta({ label: 'Anslutningen etablerad', labelEn: 'Connection established' }),
  paidConnection: z.enum(PAYERS).meta({ label: 'Anslutningen bekostades av', labelEn: 'Connection paid by' }),
  paidBuildingNetwork: z.enum(PAYERS).meta({ label: 'Nät i byggnaden bekostades av', labelEn: 'In-building network paid by' }),
  paidMaintenance: z.enum(PAYERS).meta({ label: 'Underhållet bekostas av', labelEn: 'Maintenance paid by' }),
  unitIds: z
    .array(z.uuid().meta({ label: 'Enhet', labelEn: 'Unit' }))
    .max(200)
    .meta({ label: 'Enheter på adressen', labelEn: 'Units at the address' }),
  note: ZText({ max: 5000 }).meta({ label: 'Anteckning', labelEn: 'Note' }),
};

export const ZSiteInput = z
  .strictObject({
    ...ZSiteFields,
    municipalityId: ZSiteFields.municipalityId.optional().describe('needed only by IT staff who serve both municipalities'),
    connectionKind: ZSiteFields.connectionKind.default('fibre'),
    connectionOperator: ZSiteFields.connectionOperator.default(''),
    connectionCapacity: ZSiteFields.connectionCapacity.default(''),
    connectionEstablishedOn: ZSiteFields.connectionEstablishedOn.default(null),
    paidConnection: ZSiteFields.paidConnection.default('municipality'),
    paidBuildingNetwork: ZSiteFields.paidBuildingNetwork.default('municipality'),
    paidMaintenance: ZSiteFields.paidMaintenance.default('municipality'),
    unitIds: ZSiteFields.unitIds.default([]),
    note: ZSiteFields.note.default(''),
  })
  .openapi('SiteInput');
export type SiteInput = z.infer<typeof ZSiteInput>;

const { municipalityId: _municipality, ...patchable } = ZSiteFields;
export const ZSitePatch = z
  .strictObject({ version: ZVersion, ...patchable })
  .partial()
  .required({ version: true })
  .openapi('SitePatch');
export type SitePatch = z.infer<typeof ZSitePatch>;

export const ZSystemInput = z
  .strictObject({
    version: ZVersion.describe('the site’s version'),
    present: z.boolean().meta({ label: 'Finns på platsen', labelEn: 'Present at the site' }),
    autonomyHours: z
      .number()
      .min(0)
      .max(MAX_AUTONOMY_HOURS)
      .nullable()
      .default(null)
      .meta({ label: 'Drifttid på reservkraft (timmar)', labelEn: 'Reserve autonomy (hours)' }),
    automatic: z.boolean().nullable().default(null).meta({ label: 'Tar över utan manuell betjäning', labelEn: 'Takes over automatically' }),
    description: ZText({ max: 5000 }).default('').meta({ label: 'Utformning', labelEn: 'Design' }),
    approval: z
      .strictObject({
        approvedOn: ZLocalDate.meta({ label: 'Godkänd datum', labelEn: 'Approved on' }),
        basis: z.enum(APPROVAL_BASES).meta({ label: 'Grund för godkännandet', labelEn: 'Basis of the approval' }),
        note: ZText({ max: 2000 }).default('').meta({ label: 'Kommentar till godkännandet', labelEn: 'Approval note' }),
      })
      .nullable()
      .default(null)
      .meta({ label: 'IT:s godkännande', labelEn: 'IT’s approval' }),
  })
  .openapi('SiteSystemInput');
export type SystemInput = z.infer<typeof ZSystemInput>;

export const ZRackInput = z
  .strictObject({
    name: ZText({ min: 1, max: 100 }).meta({ label: 'Benämning', labelEn: 'Name' }),
    kind: z.enum(RACK_KINDS).meta({ label: 'Skåp eller stativ', labelEn: 'Cabinet or rack' }),
    placement: ZText({ max: 500 }).default('').meta({ label: 'Placering (fastighetsägarens beslut)', labelEn: 'Placement (the owner’s decision)' }),
    recommendedOn: ZLocalDate.nullable().default(null).meta({ label: 'IT:s rekommendation lämnad', labelEn: 'IT recommended on' }),
    mountedOn: ZLocalDate.nullable().default(null).meta({ label: 'Monterat av fastighetsägaren', labelEn: 'Mounted by the owner on' }),
    note: ZText({ max: 2000 }).default('').meta({ label: 'Anteckning', labelEn: 'Note' }),
  })
  .openapi('SiteRackInput');
export type RackInput = z.infer<typeof ZRackInput>;

export const ZEquipmentInput = z
  .strictObject({
    serial: ZText({ min: 1, max: 100 }).meta({ label: 'Serienummer', labelEn: 'Serial number' }),
    rackId: z.uuid().nullable().default(null).meta({ label: 'Skåp eller stativ', labelEn: 'Cabinet or rack' }),
    placedOn: ZLocalDate.optional().meta({ label: 'Placerad', labelEn: 'Placed on' }),
    note: ZText({ max: 2000 }).default('').meta({ label: 'Anteckning', labelEn: 'Note' }),
  })
  .openapi('SiteEquipmentInput');
export type EquipmentInput = z.infer<typeof ZEquipmentInput>;

export const ZMeetingInput = z
  .strictObject({
    heldOn: ZLocalDate.meta({ label: 'Mötesdatum', labelEn: 'Held on' }),
    project: ZText({ min: 1, max: 300 }).meta({ label: 'Projekt', labelEn: 'Project' }),
    outcome: ZText({ max: 5000 }).default('').meta({ label: 'Utfall', labelEn: 'Outcome' }),
  })
  .openapi('SiteMeetingInput');
export type MeetingInput = z.infer<typeof ZMeetingInput>;

export const ZShortfall = z.object({
  system: z.enum(SITE_SYSTEMS),
  systemText: z.string(),
  reason: z.enum(SHORTFALL_REASONS),
  text: z.string().describe('why, in Swedish'),
});
export type ShortfallView = z.infer<typeof ZShortfall>;

export const ZSiteSummary = z
  .object({
    id: z.uuid(),
    municipality: ZRef,
    name: z.string(),
    kind: z.enum(SITE_KINDS),
    kindText: z.string(),
    address: z.string(),
    connectionText: z.string().describe('e.g. "fiber, Telia, 1 Gbit/s"'),
    units: z.array(ZRef),
    shortfalls: z.array(ZShortfall),
  })
  .openapi('SiteSummary');
export type SiteSummary = z.infer<typeof ZSiteSummary>;

export const ZSystemView = z.object({
  system: z.enum(SITE_SYSTEMS),
  systemText: z.string(),
  present: z.boolean(),
  autonomyHours: z.number().nullable(),
  automatic: z.boolean().nullable(),
  description: z.string(),
  approvedOn: z.string().nullable(),
  basis: z.enum(APPROVAL_BASES).nullable(),
  basisText: z.string().nullable(),
  /** The last day the approval counts (the mission's re-approval interval). */
  approvalValidUntil: z.string().nullable(),
  required: z.boolean().describe('the site’s kind requires it'),
});
export type SystemView = z.infer<typeof ZSystemView>;

export const ZSite = ZSiteSummary.extend({
  connectionKind: z.enum(CONNECTION_KINDS),
  connectionOperator: z.string(),
  connectionCapacity: z.string(),
  connectionEstablishedOn: z.string().nullable(),
  paidConnection: z.enum(PAYERS),
  paidBuildingNetwork: z.enum(PAYERS),
  paidMaintenance: z.enum(PAYERS),
  payersText: z.object({ connection: z.string(), buildingNetwork: z.string(), maintenance: z.string() }),
  note: z.string(),
  requirementText: z.string().describe('what the site’s kind requires, in Swedish'),
  systems: z.array(ZSystemView),
  approvals: z.array(
    z.object({
      id: z.uuid(),
      system: z.enum(SITE_SYSTEMS),
      systemText: z.string(),
      approvedOn: z.string(),
      basisText: z.string(),
      what: z.string().describe('what was approved, in Swedish'),
      note: z.string(),
      approvedBy: z.string().nullable(),
    }),
  ),
  racks: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(RACK_KINDS),
      kindText: z.string(),
      placement: z.string(),
      recommendedOn: z.string().nullable(),
      mountedOn: z.string().nullable(),
      note: z.string(),
    }),
  ),
  equipment: z.array(
    z.object({
      id: z.uuid(),
      assetId: z.uuid(),
      serial: z.string(),
      model: z.string(),
      deviceTypeText: z.string(),
      rackId: z.uuid().nullable(),
      rackName: z.string().nullable(),
      placedOn: z.string(),
      note: z.string(),
    }),
  ),
  meetings: z.array(z.object({ id: z.uuid(), heldOn: z.string(), project: z.string(), outcome: z.string() })),
  version: z.number().int(),
  actions: z.object({ edit: ZPermission }),
}).openapi('Site');
export type Site = z.infer<typeof ZSite>;

export const ZSiteListQuery = z.object({
  municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }),
  kind: z.enum(SITE_KINDS).optional().meta({ label: 'Typ av plats', labelEn: 'Kind of site' }),
  shortfalls: z.enum(['only']).optional().meta({ label: 'Brister', labelEn: 'Shortfalls' }),
});
export type SiteListQuery = z.infer<typeof ZSiteListQuery>;

export const ZSiteList = z
  .object({
    items: z.array(ZSiteSummary),
    asOf: z.string().describe('the day the shortfalls were judged'),
    actions: z.object({ create: ZPermission }),
  })
  .openapi('SiteList');
export type SiteList = z.infer<typeof ZSiteList>;

// ---- the laptop pool (R-5.9) -----------------------------------------------------------------------------

export const ZBookingInput = z
  .strictObject({
    assetId: z.uuid().meta({ label: 'Dator', labelEn: 'Laptop' }),
    unitId: z.uuid().meta({ label: 'Enhet som lånar', labelEn: 'Borrowing unit' }),
    borrowerPersonId: z.uuid().nullable().default(null).meta({ label: 'Låntagare', labelEn: 'Borrower' }),
    from: ZLocalDate.meta({ label: 'Första dag', labelEn: 'First day' }),
    to: ZLocalDate.meta({ label: 'Sista dag', labelEn: 'Last day' }),
    note: ZText({ max: 2000 }).default('').meta({ label: 'Anteckning', labelEn: 'Note' }),
  })
  .openapi('LaptopBookingInput');
export type BookingInput = z.infer<typeof ZBookingInput>;

export const ZBookingStep = z
  .strictObject({
    version: ZVersion,
    date: ZLocalDate.optional().meta({ label: 'Datum', labelEn: 'Date' }).describe('the day of hand-out or return; today when left out'),
  })
  .openapi('LaptopBookingStep');
export type BookingStep = z.infer<typeof ZBookingStep>;

export const ZPoolMemberInput = z
  .strictObject({ serial: ZText({ min: 1, max: 100 }).meta({ label: 'Serienummer', labelEn: 'Serial number' }) })
  .openapi('LaptopPoolMemberInput');
export type PoolMemberInput = z.infer<typeof ZPoolMemberInput>;

export const ZBooking = z
  .object({
    id: z.uuid(),
    municipality: ZRef,
    laptop: z.object({ assetId: z.uuid(), serial: z.string(), model: z.string() }),
    unit: ZRef,
    borrower: ZRef.nullable(),
    bookedBy: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    status: z.enum(BOOKING_STATUSES),
    statusText: z.string(),
    handedOutOn: z.string().nullable(),
    returnedOn: z.string().nullable(),
    remindedOn: z.string().nullable(),
    overdue: z.boolean(),
    note: z.string(),
    version: z.number().int(),
    actions: z.object({ handOut: ZPermission, return: ZPermission, cancel: ZPermission, remind: ZPermission }),
  })
  .openapi('LaptopBooking');
export type Booking = z.infer<typeof ZBooking>;

export const ZPoolLaptop = z.object({
  assetId: z.uuid(),
  municipality: ZRef,
  serial: z.string(),
  model: z.string(),
  statusText: z.string(),
  /** The laptop's live bookings (booked or handed out), first first. */
  booked: z.array(z.object({ from: z.string(), to: z.string(), statusText: z.string() })),
  actions: z.object({ remove: ZPermission }),
});
export type PoolLaptop = z.infer<typeof ZPoolLaptop>;

export const ZPoolQuery = z.object({
  municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }),
  view: z.enum(['current', 'overdue', 'all']).default('current').meta({ label: 'Visa', labelEn: 'View' }),
});
export type PoolQuery = z.infer<typeof ZPoolQuery>;

export const ZPool = z
  .object({
    today: z.string(),
    minimumDays: z.number().int().describe('the mission’s shortest loan'),
    laptops: z.array(ZPoolLaptop),
    bookings: z.array(ZBooking),
    /** The units the actor may book for. */
    units: z.array(ZRef.extend({ municipalityId: z.uuid() })),
    actions: z.object({ book: ZPermission, manage: ZPermission }),
  })
  .openapi('LaptopPool');
export type Pool = z.infer<typeof ZPool>;
