import { z } from '@hono/zod-openapi';
import { ZInstant, ZLocalDate, ZText, ZVersion } from '../platform/http/types.ts';
import { APPLICATION_KINDS, APPLICATION_STATUSES, COST_HEADINGS, KLASSA_ASPECTS } from './rules.ts';

/**
 * The agreements' contract (docs/decisions/0010): the zod schemas of the requests and answers of
 * /api/v1/agreement-models (the standard cost model, R-7.3) and /api/v1/applications (the register and
 * its agreements, R-7.1, R-7.2, R-7.5), and their types. Routes declare these, services validate with
 * the request schemas, presenters are typed by the answers, and the web app imports the types.
 */

const ZOre = z.number().int().describe('integer öre');
const MAX_PRICE_ORE = 100_000_000_00;
const MAX_QUANTITY = 10_000_000;

/** Whether the signed-in user may do something now, and why not (the rule the API enforces). */
export const ZPermission = z
  .object({ allowed: z.boolean(), reason: z.string().nullable(), reasonSv: z.string().nullable().describe('why not, in Swedish, as the UI shows it') })
  .openapi('AgreementPermission');
export type Permission = z.infer<typeof ZPermission>;

// ---------------------------------------------------------------- the standard cost model

export const ZCostDriver = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/)
      .meta({ label: 'Kod', labelEn: 'Code' }),
    label: ZText({ min: 1, max: 100 }).meta({ label: 'Kostnadsdrivare', labelEn: 'Cost driver' }),
    unit: ZText({ min: 1, max: 30 }).meta({ label: 'Enhet', labelEn: 'Unit' }),
    heading: z.enum(COST_HEADINGS).meta({ label: 'Kostnadsrubrik', labelEn: 'Cost heading' }),
    unitPriceOre: z.number().int().min(0).max(MAX_PRICE_ORE).meta({ label: 'Styckpris', labelEn: 'Unit price' }),
  })
  .openapi('CostDriver');
export type CostDriverInput = z.infer<typeof ZCostDriver>;

const ZDrivers = z.array(ZCostDriver).max(100).meta({ label: 'Kostnadsdrivare', labelEn: 'Cost drivers' });

export const ZCostModelInput = z.object({ year: z.number().int().min(2000).max(2100), drivers: ZDrivers }).openapi('CostModelInput');
export type CostModelInput = z.infer<typeof ZCostModelInput>;
export const ZCostModelPatch = z.object({ version: ZVersion, drivers: ZDrivers }).openapi('CostModelPatch');
export type CostModelPatch = z.infer<typeof ZCostModelPatch>;
export const ZCostModelCopy = z
  .object({ toYear: z.number().int().min(2000).max(2100).meta({ label: 'Till år', labelEn: 'To year' }) })
  .openapi('CostModelCopy');
export type CostModelCopy = z.infer<typeof ZCostModelCopy>;

export const ZCostModelHead = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    copiedFromYear: z.number().int().nullable(),
    locked: z.boolean(),
    lockedReason: z.string().nullable(),
    driverCount: z.number().int(),
    version: z.number().int(),
  })
  .openapi('CostModelHead');
export type CostModelHead = z.infer<typeof ZCostModelHead>;
export const ZCostModelHeadList = z.object({ items: z.array(ZCostModelHead), actions: z.object({ create: ZPermission }) });
export type CostModelHeadList = z.infer<typeof ZCostModelHeadList>;

export const ZCostModel = ZCostModelHead.extend({
  drivers: z.array(ZCostDriver),
  actions: z.object({ edit: ZPermission, copy: ZPermission }),
}).openapi('CostModel');
export type CostModel = z.infer<typeof ZCostModel>;

const ZCostChange = z.object({ oldOre: ZOre, newOre: ZOre, differenceOre: ZOre });
/** GET /agreement-models/{year}/comparison: the year's model against another, per application and per unit. */
export const ZCostComparison = z
  .object({
    year: z.number().int(),
    fromYear: z.number().int(),
    applications: z.array(ZCostChange.extend({ id: z.uuid(), name: z.string(), municipalityId: z.uuid() })),
    units: z.array(ZCostChange.extend({ id: z.uuid(), name: z.string(), municipalityId: z.uuid() })),
    total: ZCostChange,
  })
  .openapi('CostComparison');
export type CostComparison = z.infer<typeof ZCostComparison>;

// ---------------------------------------------------------------- the register

const ZOwner = z
  .object({
    personId: z.uuid().nullable().meta({ label: 'Person', labelEn: 'Person' }),
    role: ZText({ max: 200 }).meta({ label: 'Roll', labelEn: 'Role' }),
  })
  .nullable();

const ZComponent = z.object({
  id: z.string().min(1).max(40),
  kind: z.string().min(1).max(40).meta({ label: 'Typ av del', labelEn: 'Kind of component' }),
  name: ZText({ min: 1, max: 80 }).meta({ label: 'Namn på delen', labelEn: 'Component name' }),
});
const ZRelation = z.object({
  from: z.string().min(1).max(40).meta({ label: 'Från', labelEn: 'From' }),
  to: z.string().min(1).max(40).meta({ label: 'Till', labelEn: 'To' }),
  label: ZText({ max: 80 }).meta({ label: 'Beskrivning av kopplingen', labelEn: 'Relation label' }),
});
export const ZSketch = z
  .object({ components: z.array(ZComponent).max(60), relations: z.array(ZRelation).max(150) })
  .meta({ label: 'Systemskiss', labelEn: 'System sketch' })
  .openapi('SystemSketch');

/** A sketch to draw, with the application's name for the drawing's title. */
export const ZSketchDrawing = z
  .strictObject({ name: ZText({ max: 200 }).optional().meta({ label: 'Namn', labelEn: 'Name' }), sketch: ZSketch })
  .openapi('SketchDrawingInput');

/** The content of an agreement version: what is revised together. */
export const ZAgreementContent = z.object({
  description: ZText({ max: 5000 }).meta({ label: 'Beskrivning', labelEn: 'Description' }),
  itResponsibilities: ZText({ max: 5000 }).meta({ label: 'IT:s ansvar (teknisk systemförvaltning)', labelEn: 'IT’s responsibilities' }),
  businessResponsibilities: ZText({ max: 5000 }).meta({ label: 'Verksamhetens ansvar (systemförvaltning)', labelEn: 'The business’s responsibilities' }),
  quantities: z.record(z.string().max(40), z.number().int().min(0).max(MAX_QUANTITY)).meta({ label: 'Mängder', labelEn: 'Quantities' }),
  sketch: ZSketch,
});

const ZPayingUnit = z.object({
  unitId: z.uuid().meta({ label: 'Enhet', labelEn: 'Unit' }),
  shareBp: z.number().int().min(0).max(10_000).nullable().meta({ label: 'Andel', labelEn: 'Share' }),
  users: z.number().int().min(0).max(1_000_000).nullable().meta({ label: 'Antal användare', labelEn: 'Users' }),
});
const ZSplitInput = z.object({
  mode: z.enum(['share', 'per_user']).meta({ label: 'Fördelning', labelEn: 'Split' }),
  units: z.array(ZPayingUnit).max(500).meta({ label: 'Enheter som betalar', labelEn: 'Paying units' }),
});

const ZApplicationFields = {
  name: ZText({ min: 1, max: 200 }).meta({ label: 'Namn', labelEn: 'Name' }),
  kind: z.enum(APPLICATION_KINDS).meta({ label: 'Typ', labelEn: 'Kind' }),
  startsOn: ZLocalDate.nullable().meta({ label: 'I drift från', labelEn: 'In use from' }),
  systemOwnerPersonId: z.uuid().nullable().meta({ label: 'Systemägare', labelEn: 'System owner' }),
  businessOwner: ZOwner.meta({ label: 'Verksamhetsansvarig', labelEn: 'Business owner' }),
  technicalOwner: ZOwner.meta({ label: 'Tekniskt ansvarig', labelEn: 'Technical owner' }),
  informationOwner: ZOwner.meta({ label: 'Informationsägare', labelEn: 'Information owner' }),
  nextReviewOn: ZLocalDate.nullable().meta({ label: 'Nästa genomgång', labelEn: 'Next review' }),
  split: ZSplitInput,
};

export const ZApplicationInput = z
  .object({ municipalityId: z.uuid().meta({ label: 'Kommun', labelEn: 'Municipality' }), ...ZApplicationFields, agreement: ZAgreementContent })
  .openapi('ApplicationInput');
export type ApplicationInput = z.infer<typeof ZApplicationInput>;

export const ZApplicationPatch = z
  .object({ version: ZVersion, ...ZApplicationFields })
  .partial()
  .required({ version: true })
  .openapi('ApplicationPatch');
export type ApplicationPatch = z.infer<typeof ZApplicationPatch>;

export const ZAgreementRevision = ZAgreementContent.extend({
  version: ZVersion,
  changeNote: ZText({ min: 1, max: 2000 }).meta({ label: 'Vad som ändrats', labelEn: 'What changed' }),
}).openapi('AgreementRevision');
export type AgreementRevision = z.infer<typeof ZAgreementRevision>;

export const ZStatusChange = z
  .object({
    version: ZVersion,
    status: z.enum(APPLICATION_STATUSES).meta({ label: 'Status', labelEn: 'Status' }),
    on: ZLocalDate.meta({ label: 'Datum', labelEn: 'Date' }),
  })
  .openapi('ApplicationStatusChange');
export type StatusChange = z.infer<typeof ZStatusChange>;

const ZDated = { on: ZLocalDate.meta({ label: 'Datum', labelEn: 'Date' }) };
export const ZCloudMoveInput = z
  .object({
    version: ZVersion,
    classification: z
      .object({
        levels: z.partialRecord(
          z.enum(KLASSA_ASPECTS),
          z.object({ level: z.number().int().min(0).max(4).meta({ label: 'Nivå', labelEn: 'Level' }), label: ZText({ min: 1, max: 60 }) }),
        ),
        klassaVersion: ZText({ max: 20 }).meta({ label: 'KLASSA-version', labelEn: 'KLASSA version' }),
        classifiedOn: ZLocalDate.meta({ label: 'Klassad', labelEn: 'Classified on' }),
        participants: z
          .array(ZText({ min: 1, max: 200 }))
          .max(30)
          .meta({ label: 'Deltagare', labelEn: 'Participants' }),
      })
      .nullable()
      .meta({ label: 'Informationsklassning', labelEn: 'Information classification' }),
    securityAnalysis: z
      .object({ ...ZDated, result: ZText({ min: 1, max: 5000 }), residualRisks: ZText({ max: 5000 }) })
      .nullable()
      .meta({ label: 'Säkerhetsanalys', labelEn: 'Security analysis' }),
    legalReview: z
      .object({ ...ZDated, outcome: ZText({ min: 1, max: 5000 }) })
      .nullable()
      .meta({ label: 'Juridisk granskning', labelEn: 'Legal review' }),
    businessReview: z
      .object({ ...ZDated, outcome: ZText({ min: 1, max: 5000 }) })
      .nullable()
      .meta({ label: 'Verksamhetens granskning', labelEn: 'Business review' }),
    costAnalysis: z
      .object({ ...ZDated, summary: ZText({ min: 1, max: 5000 }), internalCostsRemain: z.boolean() })
      .nullable()
      .meta({ label: 'Ekonomisk kostnadsanalys', labelEn: 'Cost analysis' }),
  })
  .openapi('CloudMoveInput');
export type CloudMoveInput = z.infer<typeof ZCloudMoveInput>;

// ---------------------------------------------------------------- answers

const ZOwnerOut = z.object({ personId: z.uuid().nullable(), personName: z.string().nullable(), role: z.string() }).nullable();

const ZCostLine = z.object({
  driverCode: z.string(),
  label: z.string(),
  unit: z.string(),
  heading: z.enum(COST_HEADINGS),
  quantity: z.number().int(),
  unitPriceOre: ZOre,
  amountOre: ZOre,
});

export const ZAgreementCost = z
  .object({
    year: z.number().int(),
    modelFound: z.boolean().describe('whether the year has a cost model; without one the cost is 0'),
    lines: z.array(ZCostLine),
    byHeading: z.record(z.enum(COST_HEADINGS), ZOre),
    totalOre: ZOre,
    unknownDrivers: z.array(z.string()),
  })
  .openapi('AgreementCost');
export type AgreementCostAnswer = z.infer<typeof ZAgreementCost>;

export const ZAgreementVersion = ZAgreementContent.extend({
  number: z.number().int(),
  changeNote: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
}).openapi('AgreementVersion');
export type AgreementVersion = z.infer<typeof ZAgreementVersion>;

const ZApplicationHeadShape = {
  id: z.uuid(),
  municipalityId: z.uuid(),
  name: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  startsOn: z.string().nullable(),
  terminatedOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  reviewState: z.enum(['overdue', 'due', 'later', 'none']),
  yearlyCostOre: ZOre.describe('the yearly cost under the asked year’s model'),
  version: z.number().int(),
};
export const ZApplicationHead = z.object(ZApplicationHeadShape).openapi('ApplicationHead');
export type ApplicationHead = z.infer<typeof ZApplicationHead>;
export const ZApplicationList = z.object({ year: z.number().int(), items: z.array(ZApplicationHead), actions: z.object({ create: ZPermission }) });
export type ApplicationList = z.infer<typeof ZApplicationList>;

export const ZApplication = z
  .object({
    ...ZApplicationHeadShape,
    systemOwner: ZOwnerOut,
    businessOwner: ZOwnerOut,
    technicalOwner: ZOwnerOut,
    informationOwner: ZOwnerOut,
    split: z.object({
      mode: z.enum(['share', 'per_user']),
      units: z.array(
        z.object({ unitId: z.uuid(), unitName: z.string(), shareBp: z.number().int().nullable(), users: z.number().int().nullable(), amountOre: ZOre }),
      ),
      problems: z.array(z.object({ field: z.string(), reason: z.string(), reasonSv: z.string() })),
    }),
    agreement: ZAgreementVersion.nullable(),
    versions: z.array(z.object({ number: z.number().int(), changeNote: z.string(), createdAt: z.string(), createdByName: z.string().nullable() })),
    cost: ZAgreementCost,
    cloudMove: ZCloudMoveInput.omit({ version: true }).nullable(),
    cloudGate: z
      .array(z.object({ field: z.string(), reason: z.string(), reasonSv: z.string() }))
      .describe('what is missing before a move to cloud/SaaS can be marked done'),
    movedToCloudOn: z.string().nullable(),
    actions: z.object({ edit: ZPermission, revise: ZPermission, changeStatus: ZPermission, recordCloudMove: ZPermission }),
  })
  .openapi('Application');
export type Application = z.infer<typeof ZApplication>;

// ---------------------------------------------------------------- the yearly review

const ZInvitee = z.object({
  name: ZText({ min: 1, max: 200 }).meta({ label: 'Namn', labelEn: 'Name' }),
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/)
    .meta({ label: 'E-post', labelEn: 'E-mail' }),
  personId: z.uuid().nullable().default(null),
});

export const ZReviewBooking = z
  .object({
    startsAt: ZInstant.meta({ label: 'Börjar', labelEn: 'Starts' }),
    endsAt: ZInstant.meta({ label: 'Slutar', labelEn: 'Ends' }),
    place: ZText({ min: 1, max: 300 }).meta({ label: 'Plats', labelEn: 'Place' }),
    invitees: z.array(ZInvitee).min(1).max(50).meta({ label: 'Inbjudna', labelEn: 'Invitees' }),
  })
  .openapi('ReviewBooking');
export type ReviewBooking = z.infer<typeof ZReviewBooking>;

export const ZReviewReschedule = ZReviewBooking.extend({ version: ZVersion }).openapi('ReviewReschedule');
export type ReviewReschedule = z.infer<typeof ZReviewReschedule>;

/** The review held: its minutes and the agreement as revised at it (a new version). */
export const ZReviewHeld = z
  .object({
    version: ZVersion.describe('the review’s version'),
    heldOn: ZLocalDate.meta({ label: 'Hölls', labelEn: 'Held on' }),
    minutes: ZText({ min: 1, max: 20_000 }).meta({ label: 'Protokoll', labelEn: 'Minutes' }),
    agreement: ZAgreementContent.extend({ changeNote: ZText({ min: 1, max: 2000 }).meta({ label: 'Vad som ändrats', labelEn: 'What changed' }) }),
  })
  .openapi('ReviewHeld');
export type ReviewHeld = z.infer<typeof ZReviewHeld>;

export const ZReview = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    applicationName: z.string(),
    municipalityId: z.uuid(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    invitees: z.array(z.object({ name: z.string(), email: z.string(), personId: z.uuid().nullable() })),
    status: z.enum(['booked', 'held', 'cancelled']),
    minutes: z.string().nullable(),
    heldOn: z.string().nullable(),
    agreementVersion: z.number().int().nullable().describe('the agreement version the review produced'),
    version: z.number().int(),
    actions: z.object({ reschedule: ZPermission, cancel: ZPermission, hold: ZPermission }),
  })
  .openapi('AgreementReview');
export type Review = z.infer<typeof ZReview>;

/** GET /agreement-reviews: the reviews due and overdue, and those booked, per municipality. */
export const ZReviewOverview = z
  .object({
    today: z.string(),
    due: z.array(ZApplicationHead).describe('applications whose review is overdue or due soon, earliest first'),
    booked: z.array(ZReview),
  })
  .openapi('ReviewOverview');
export type ReviewOverview = z.infer<typeof ZReviewOverview>;
