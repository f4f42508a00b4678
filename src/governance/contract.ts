import { z } from '@hono/zod-openapi';
import { ZPermission } from '../platform/http/contract.ts';
import { ZLocalDate, ZText, ZVersion } from '../platform/http/types.ts';
import { BOARD_OUTCOMES, DECISION_BODIES, REQUEST_ACTIONS, REQUEST_KINDS, REQUEST_SIZES, REQUEST_STATES, SERVICE_EFFECTS } from './rules.ts';

/**
 * Governance's contract (docs/decisions/0010): development requests through the boards (issue 20,
 * Routes declare these schemas, and the web app imports the types.
 */

const ZRef = z.object({ id: z.uuid(), name: z.string() });
/** The largest cost estimate: 10 000 000 kr in öre. */
const MAX_COST_ORE = 1_000_000_000;

const ZRequestFields = {
  title: ZText({ min: 1, max: 200 }).meta({ label: 'Rubrik', labelEn: 'Title' }),
  description: ZText({ min: 1, max: 10_000 }).meta({ label: 'Beskrivning', labelEn: 'Description' }),
  benefit: ZText({ min: 1, max: 5000 }).meta({ label: 'Nytta', labelEn: 'Benefit' }),
  costEstimateOre: z.number().int().min(0).max(MAX_COST_ORE).meta({ label: 'Uppskattad kostnad', labelEn: 'Cost estimate' }),
  size: z.enum(REQUEST_SIZES).meta({ label: 'Storlek', labelEn: 'Size' }),
  kind: z.enum(REQUEST_KINDS).meta({ label: 'Typ av ärende', labelEn: 'Kind' }),
  changesMission: z.boolean().meta({ label: 'Ändrar ramuppdraget', labelEn: 'Changes the mission' }),
  missionYear: z.number().int().min(2000).max(2100).nullable().meta({ label: 'Ramuppdragets år', labelEn: 'Mission year' }),
  serviceEffect: z.enum(SERVICE_EFFECTS).meta({ label: 'Påverkan på tjänster', labelEn: 'Effect on services' }),
  serviceName: ZText({ min: 1, max: 200 }).nullable().meta({ label: 'Tjänst', labelEn: 'Service' }),
  municipalityId: z.uuid().nullable().meta({ label: 'Kommun', labelEn: 'Municipality' }).describe('null: concerns both municipalities'),
  raisedByUnitId: z.uuid().nullable().meta({ label: 'Enhet som lyfter ärendet', labelEn: 'Raising unit' }).describe('null: raised by the IT unit'),
};

export const ZRequestInput = z
  .strictObject({
    ...ZRequestFields,
    changesMission: ZRequestFields.changesMission.default(false),
    missionYear: ZRequestFields.missionYear.default(null),
    serviceEffect: ZRequestFields.serviceEffect.default('none'),
    serviceName: ZRequestFields.serviceName.default(null),
  })
  .openapi('DevelopmentRequestInput');
export type RequestInput = z.infer<typeof ZRequestInput>;

export const ZRequestPatch = z
  .strictObject({ version: ZVersion, ...ZRequestFields })
  .partial()
  .required({ version: true })
  .openapi('DevelopmentRequestPatch');
export type RequestPatch = z.infer<typeof ZRequestPatch>;

export const ZStepInput = z
  .strictObject({
    version: ZVersion,
    action: z.enum(REQUEST_ACTIONS).meta({ label: 'Steg', labelEn: 'Step' }),
    decidedOn: ZLocalDate.meta({ label: 'Beslutsdatum', labelEn: 'Decided on' }),
    minutesRef: ZText({ max: 200 }).nullable().default(null).meta({ label: 'Protokollsreferens', labelEn: 'Minutes reference' }),
    note: ZText({ max: 5000 }).default('').meta({ label: 'Motivering', labelEn: 'Reason' }),
    municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }),
    outcome: z.enum(BOARD_OUTCOMES).optional().meta({ label: 'Kommunstyrelsens beslut', labelEn: 'Board’s decision' }),
    body: z.enum(DECISION_BODIES).optional().meta({ label: 'Beslutande organ', labelEn: 'Deciding body' }),
    priority: z.number().int().min(1).max(10_000).optional().meta({ label: 'Plats i prioriteringslistan', labelEn: 'Backlog position' }),
    evaluation: z
      .strictObject({
        result: ZText({ min: 1, max: 5000 }).meta({ label: 'Resultat', labelEn: 'Result' }),
        recommendation: ZText({ min: 1, max: 5000 }).meta({ label: 'Rekommendation', labelEn: 'Recommendation' }),
      })
      .optional()
      .meta({ label: 'Utvärdering', labelEn: 'Evaluation' }),
  })
  .openapi('DevelopmentRequestStepInput');
export type StepInput = z.infer<typeof ZStepInput>;

export const ZBacklogOrder = z
  .strictObject({
    order: z
      .array(z.uuid().meta({ label: 'Ärende', labelEn: 'Request' }))
      .max(1000)
      .meta({ label: 'Ordning', labelEn: 'Order' }),
  })
  .openapi('BacklogOrder');
export type BacklogOrder = z.infer<typeof ZBacklogOrder>;

export const ZRequestStep = z.object({
  id: z.uuid(),
  action: z.enum(REQUEST_ACTIONS),
  fromState: z.enum(REQUEST_STATES),
  toState: z.enum(REQUEST_STATES),
  body: z.enum(DECISION_BODIES),
  bodyText: z.string().describe('who decided, in Swedish ("Kommunstyrelsen, Tranemo kommun")'),
  municipality: ZRef.nullable(),
  outcome: z.enum(BOARD_OUTCOMES).nullable(),
  decidedOn: z.string(),
  minutesRef: z.string().nullable(),
  note: z.string(),
  recordedBy: ZRef,
  recordedAt: z.string(),
});
export type RequestStep = z.infer<typeof ZRequestStep>;

export const ZRequestSummary = z
  .object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    size: z.enum(REQUEST_SIZES),
    kind: z.enum(REQUEST_KINDS),
    state: z.enum(REQUEST_STATES),
    stateText: z.string(),
    priority: z.number().int().nullable(),
    changesMission: z.boolean(),
    missionYear: z.number().int().nullable(),
    costEstimateOre: z.number().int(),
    municipality: ZRef.nullable().describe('null: both municipalities'),
    raisedByUnit: ZRef.nullable().describe('null: the IT unit'),
    updatedAt: z.string(),
  })
  .openapi('DevelopmentRequestSummary');
export type RequestSummary = z.infer<typeof ZRequestSummary>;

export const ZStepPermissions = z.object(
  Object.fromEntries(REQUEST_ACTIONS.map((a) => [a, ZPermission])) as Record<(typeof REQUEST_ACTIONS)[number], typeof ZPermission>,
);

export const ZDevelopmentRequest = ZRequestSummary.extend({
  description: z.string(),
  benefit: z.string(),
  serviceEffect: z.enum(SERVICE_EFFECTS),
  serviceName: z.string().nullable(),
  raisedBy: ZRef,
  evaluation: z.object({ result: z.string(), recommendation: z.string(), evaluatedOn: z.string() }).nullable(),
  delivery: z
    .object({
      applicationIds: z.array(z.uuid()),
      pricingProposalId: z.uuid().nullable(),
      priceListYear: z.number().int().nullable(),
      todo: z.array(z.string()),
    })
    .nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  steps: z.array(ZRequestStep),
  /** A mission change: each concerned board and what it decided so far. */
  boards: z.array(
    z.object({ municipality: ZRef, outcome: z.enum(BOARD_OUTCOMES).nullable(), decidedOn: z.string().nullable(), minutesRef: z.string().nullable() }),
  ),
  /** What the actor may do: edit while registered, and each step. */
  actions: z.object({ edit: ZPermission, steps: ZStepPermissions }),
  /** The bodies that may reject the request at its current step. */
  rejectingBodies: z.array(z.enum(DECISION_BODIES)),
}).openapi('DevelopmentRequest');
export type DevelopmentRequest = z.infer<typeof ZDevelopmentRequest>;

export const ZRequestListQuery = z.object({
  view: z.enum(['all', 'mine']).default('all').meta({ label: 'Visa', labelEn: 'View' }),
  state: z.enum(REQUEST_STATES).optional().meta({ label: 'Status', labelEn: 'State' }),
});

export const ZRequestList = z.object({ items: z.array(ZRequestSummary), actions: z.object({ create: ZPermission }) }).openapi('DevelopmentRequestList');
export type RequestList = z.infer<typeof ZRequestList>;

export const ZBacklog = z.object({ items: z.array(ZRequestSummary), actions: z.object({ reorder: ZPermission }) }).openapi('DevelopmentBacklog');
export type Backlog = z.infer<typeof ZBacklog>;
