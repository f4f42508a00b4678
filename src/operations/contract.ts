import { z } from '@hono/zod-openapi';
import { ZInstant, ZLocalDate, ZText, ZVersion } from '../platform/http/types.ts';
import { MESSAGE_KINDS, OUTAGE_KINDS } from './rules.ts';

/**
 * The operations contract (docs/decisions/0010): IT functions, outages, the availability report
 * and operations messages — the schemas of requests and answers and their types.
 * Routes declare these, services validate with them, presenters are typed by them, the web app imports
 * the types.
 */

export const ZOperationsPermission = z
  .object({ allowed: z.boolean(), reason: z.string().nullable(), reasonSv: z.string().nullable().describe('why not, in Swedish, as the UI shows it') })
  .openapi('OperationsPermission');
export type OperationsPermission = z.infer<typeof ZOperationsPermission>;

const ZRef = z.object({ id: z.uuid(), name: z.string() });
const ZMunicipalityIds = z.array(z.uuid()).max(10).meta({ label: 'Kommuner', labelEn: 'Municipalities' });

// ---------------------------------------------------------------- IT functions

export const ZItFunctionInput = z
  .strictObject({
    name: ZText({ min: 1, max: 120 }).meta({ label: 'Namn', labelEn: 'Name' }),
    description: ZText({ max: 2000 }).default('').meta({ label: 'Beskrivning', labelEn: 'Description' }),
    municipalityIds: ZMunicipalityIds.min(1),
    active: z.boolean().default(true).meta({ label: 'Mäts', labelEn: 'Measured' }),
  })
  .openapi('ItFunctionInput');
export type ItFunctionInput = z.infer<typeof ZItFunctionInput>;
export const ZItFunctionPatch = ZItFunctionInput.extend({ version: ZVersion }).openapi('ItFunctionPatch');
export type ItFunctionPatch = z.infer<typeof ZItFunctionPatch>;

export const ZItFunction = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    /** Seeded from the mission's intefunktion list. */
    fromMission: z.boolean(),
    active: z.boolean(),
    municipalities: z.array(ZRef),
    version: z.number().int(),
  })
  .openapi('ItFunction');
export type ItFunction = z.infer<typeof ZItFunction>;

export const ZItFunctionList = z.object({ items: z.array(ZItFunction), actions: z.object({ create: ZOperationsPermission }) }).openapi('ItFunctionList');
export type ItFunctionList = z.infer<typeof ZItFunctionList>;

// ---------------------------------------------------------------- outages

export const ZOutageInput = z
  .strictObject({
    title: ZText({ min: 1, max: 200 }).meta({ label: 'Rubrik', labelEn: 'Title' }),
    startsAt: ZInstant.meta({ label: 'Start', labelEn: 'Start' }),
    endsAt: ZInstant.nullable().default(null).meta({ label: 'Slut', labelEn: 'End' }),
    kind: z.enum(OUTAGE_KINDS).meta({ label: 'Typ av avbrott', labelEn: 'Kind of outage' }),
    plannedReason: ZText({ max: 2000 })
      .nullable()
      .default(null)
      .meta({ label: 'Skäl att arbeta utanför servicefönster', labelEn: 'Reason for working outside a window' }),
    incident: z.boolean().default(false).meta({ label: 'It-incident', labelEn: 'IT incident' }),
    cause: ZText({ max: 5000 }).default('').meta({ label: 'Orsak', labelEn: 'Cause' }),
    actions: ZText({ max: 5000 }).default('').meta({ label: 'Åtgärder', labelEn: 'Actions' }),
    internalNote: ZText({ max: 5000 }).default('').meta({ label: 'Intern anteckning', labelEn: 'Internal note' }),
    functionIds: z.array(z.uuid()).max(100).default([]).meta({ label: 'It-funktioner', labelEn: 'IT functions' }),
    municipalityIds: ZMunicipalityIds,
    ticketIds: z.array(z.uuid()).max(100).default([]).meta({ label: 'Ärenden', labelEn: 'Tickets' }),
  })
  .openapi('OutageInput');
export type OutageInput = z.infer<typeof ZOutageInput>;
export const ZOutagePatch = ZOutageInput.extend({ version: ZVersion }).openapi('OutagePatch');
export type OutagePatch = z.infer<typeof ZOutagePatch>;

export const ZOutageFromTicket = z
  .strictObject({
    ticketId: z.uuid().meta({ label: 'Ärende', labelEn: 'Ticket' }),
    functionIds: z.array(z.uuid()).max(100).default([]).meta({ label: 'It-funktioner', labelEn: 'IT functions' }),
  })
  .openapi('OutageFromTicket');
export type OutageFromTicket = z.infer<typeof ZOutageFromTicket>;

export const ZOutageEnd = z
  .strictObject({
    version: ZVersion,
    endsAt: ZInstant.meta({ label: 'Slut', labelEn: 'End' }),
    /** Given: the messages about the outage still going on are resolved with this text. */
    resolutionText: ZText({ max: 5000 }).optional().meta({ label: 'Text om att det är löst', labelEn: 'Resolution text' }),
  })
  .openapi('OutageEnd');
export type OutageEnd = z.infer<typeof ZOutageEnd>;

const ZMessageState = z.enum(['ongoing', 'upcoming', 'resolved']);

export const ZOutageSummary = z
  .object({
    id: z.uuid(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    ongoing: z.boolean(),
    kind: z.enum(OUTAGE_KINDS),
    incident: z.boolean(),
    /** counted against "at most five a year". */
    countsAgainstCap: z.boolean(),
    /** Whole minutes from start to end (or to now while it goes on). */
    minutes: z.number().int(),
    functions: z.array(ZRef),
    municipalities: z.array(ZRef),
  })
  .openapi('OutageSummary');
export type OutageSummary = z.infer<typeof ZOutageSummary>;

export const ZOutage = ZOutageSummary.extend({
  plannedReason: z.string().nullable(),
  cause: z.string(),
  actions: z.string(),
  internalNote: z.string(),
  tickets: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string() })),
  messages: z.array(z.object({ id: z.uuid(), title: z.string(), state: ZMessageState, withdrawn: z.boolean() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  permissions: z.object({ edit: ZOperationsPermission, publish: ZOperationsPermission, end: ZOperationsPermission }),
}).openapi('Outage');
export type Outage = z.infer<typeof ZOutage>;

export const ZOutageList = z
  .object({ year: z.number().int(), items: z.array(ZOutageSummary), actions: z.object({ create: ZOperationsPermission }) })
  .openapi('OutageList');
export type OutageList = z.infer<typeof ZOutageList>;

// ---------------------------------------------------------------- the availability report

const ZFigure = z.object({
  /** Unplanned and planned-outside-a-window downtime, whole minutes, overlaps once. */
  downtimeMinutes: z.number(),
  /** Planned downtime in service windows beyond the above. */
  windowMinutes: z.number(),
  /** Function-minutes measured. */
  measuredMinutes: z.number(),
  withoutWindows: z.number().nullable().describe('availability with planned window time left out, 0–1'),
  withWindows: z.number().nullable().describe('availability with every outage counted, 0–1'),
  meetsTargetWithoutWindows: z.boolean().nullable(),
  meetsTargetWithWindows: z.boolean().nullable(),
});
export type Figure = z.infer<typeof ZFigure>;

export const ZAvailabilityPeriod = z
  .object({
    key: z.string(),
    /** "T1".."T3", or null for the whole year. */
    code: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    /** The whole period in hours (8,760 h in a year, 8,784 h in a leap year). */
    periodHours: z.number(),
    /** Measured so far: the period, or its part up to now. */
    measuredHours: z.number(),
    complete: z.boolean(),
    overall: ZFigure,
    perMunicipality: z.array(ZFigure.extend({ municipalityId: z.uuid() })),
    perFunction: z.array(ZFigure.extend({ functionId: z.uuid() })),
    pairs: z.array(ZFigure.extend({ functionId: z.uuid(), municipalityId: z.uuid() })),
    /** unplanned outages and IT incidents that started in the period. */
    incidents: z.object({ total: z.number().int(), perMunicipality: z.array(z.object({ municipalityId: z.uuid(), count: z.number().int() })) }),
  })
  .openapi('AvailabilityPeriod');
export type AvailabilityPeriod = z.infer<typeof ZAvailabilityPeriod>;

export const ZAvailabilityReport = z
  .object({
    year: z.number().int(),
    targetShare: z.number(),
    /** the mission's "at most … a year". */
    maxOutagesPerYear: z.number().int(),
    functions: z.array(ZRef),
    municipalities: z.array(ZRef),
    wholeYear: ZAvailabilityPeriod,
    periods: z.array(ZAvailabilityPeriod),
    /** the arithmetic stated plainly, for the whole year. */
    arithmetic: z.object({
      periodHours: z.number(),
      allowedDowntimeHours: z.number(),
      primaryWindows: z.object({ count: z.number().int(), hours: z.number() }),
      secondaryWindows: z.object({ count: z.number().int(), hours: z.number() }),
      ifAllWindowsUsed: z.number(),
      ifPrimaryWindowsUsed: z.number(),
      windowsExceedAllowance: z.boolean(),
    }),
    /** The outages counted against the cap this year, for the list under the figures. */
    counted: z.array(ZOutageSummary),
  })
  .openapi('AvailabilityReport');
export type AvailabilityReport = z.infer<typeof ZAvailabilityReport>;

// ---------------------------------------------------------------- operations messages

export const ZMessageInput = z
  .strictObject({
    kind: z.enum(MESSAGE_KINDS).meta({ label: 'Typ av meddelande', labelEn: 'Kind of message' }),
    title: ZText({ min: 1, max: 200 }).meta({ label: 'Rubrik', labelEn: 'Title' }),
    body: ZText({ max: 5000 }).default('').meta({ label: 'Text', labelEn: 'Text' }),
    startsAt: ZInstant.meta({ label: 'Från', labelEn: 'From' }),
    expectedEndAt: ZInstant.nullable().default(null).meta({ label: 'Beräknat klart', labelEn: 'Expected end' }),
    municipalityIds: ZMunicipalityIds.min(1),
  })
  .openapi('OperationsMessageInput');
export type MessageInput = z.infer<typeof ZMessageInput>;

export const ZMessageFromOutage = z
  .strictObject({
    title: ZText({ min: 1, max: 200 }).optional().meta({ label: 'Rubrik', labelEn: 'Title' }),
    body: ZText({ max: 5000 }).default('').meta({ label: 'Text', labelEn: 'Text' }),
    expectedEndAt: ZInstant.nullable().default(null).meta({ label: 'Beräknat klart', labelEn: 'Expected end' }),
  })
  .openapi('OperationsMessageFromOutage');
export type MessageFromOutage = z.infer<typeof ZMessageFromOutage>;

export const ZMessageResolve = z
  .strictObject({
    version: ZVersion,
    resolutionText: ZText({ max: 5000 }).default('').meta({ label: 'Text om att det är löst', labelEn: 'Resolution text' }),
  })
  .openapi('OperationsMessageResolve');
export type MessageResolve = z.infer<typeof ZMessageResolve>;

export const ZMessageWithdraw = z.strictObject({ version: ZVersion }).openapi('OperationsMessageWithdraw');
export type MessageWithdraw = z.infer<typeof ZMessageWithdraw>;

/** What the public sees of a message: never internal notes or ticket data. */
export const ZPublicMessage = z
  .object({
    id: z.uuid(),
    kind: z.enum(MESSAGE_KINDS),
    state: ZMessageState,
    title: z.string(),
    body: z.string(),
    startsAt: z.string(),
    expectedEndAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolutionText: z.string().nullable(),
    publishedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PublicOperationsMessage');
export type PublicMessage = z.infer<typeof ZPublicMessage>;

export const ZPublicMessages = z
  .object({
    municipality: z.object({ code: z.string(), name: z.string() }),
    /** The last change of what is listed (as Last-Modified). */
    updated: z.string(),
    items: z.array(ZPublicMessage),
  })
  .openapi('PublicOperationsMessages');
export type PublicMessages = z.infer<typeof ZPublicMessages>;

export const ZMessage = ZPublicMessage.extend({
  municipalities: z.array(ZRef),
  outageId: z.uuid().nullable(),
  withdrawn: z.boolean(),
  version: z.number().int(),
  permissions: z.object({ resolve: ZOperationsPermission, withdraw: ZOperationsPermission }),
}).openapi('OperationsMessage');
export type Message = z.infer<typeof ZMessage>;

export const ZMessageList = z.object({ items: z.array(ZMessage), actions: z.object({ create: ZOperationsPermission }) }).openapi('OperationsMessageList');
export type MessageList = z.infer<typeof ZMessageList>;

// ---------------------------------------------------------------- work in service windows

export const ZWindowWorkInput = z
  .strictObject({
    windowDate: ZLocalDate.meta({ label: 'Servicefönster', labelEn: 'Service window' }),
    /** Default: the whole window. */
    startsAt: ZInstant.nullable().default(null).meta({ label: 'Start', labelEn: 'Start' }),
    endsAt: ZInstant.nullable().default(null).meta({ label: 'Slut', labelEn: 'End' }),
    title: ZText({ min: 1, max: 200 }).meta({ label: 'Rubrik', labelEn: 'Title' }),
    publicText: ZText({ max: 5000 }).default('').meta({ label: 'Text till driftmeddelandet', labelEn: 'Text for the operations message' }),
    internalNote: ZText({ max: 5000 }).default('').meta({ label: 'Intern anteckning', labelEn: 'Internal note' }),
    secondaryReason: ZText({ max: 2000 }).nullable().default(null).meta({ label: 'Varför inte det primära fönstret', labelEn: 'Why not the primary window' }),
    closedDayConfirmed: z.boolean().default(false).meta({ label: 'Bekräftat trots stängd dag', labelEn: 'Confirmed despite a closed day' }),
    causesOutage: z.boolean().default(true).meta({ label: 'Funktionerna ligger nere under arbetet', labelEn: 'The functions are down during the work' }),
    functionIds: z.array(z.uuid()).max(100).default([]).meta({ label: 'It-funktioner', labelEn: 'IT functions' }),
    municipalityIds: ZMunicipalityIds.min(1),
  })
  .openapi('WindowWorkInput');
export type WindowWorkInput = z.infer<typeof ZWindowWorkInput>;
export const ZWindowWorkPatch = ZWindowWorkInput.extend({ version: ZVersion }).openapi('WindowWorkPatch');
export type WindowWorkPatch = z.infer<typeof ZWindowWorkPatch>;
export const ZWindowWorkDone = z.strictObject({ version: ZVersion }).openapi('WindowWorkDone');
export type WindowWorkDone = z.infer<typeof ZWindowWorkDone>;

export const ZWindowWork = z
  .object({
    id: z.uuid(),
    windowDate: z.string(),
    windowKind: z.enum(['primary', 'secondary']),
    startsAt: z.string(),
    endsAt: z.string(),
    title: z.string(),
    publicText: z.string(),
    internalNote: z.string(),
    secondaryReason: z.string().nullable(),
    closedDayConfirmed: z.boolean(),
    causesOutage: z.boolean(),
    status: z.enum(['planned', 'done', 'cancelled']),
    functions: z.array(ZRef),
    municipalities: z.array(ZRef),
    /** The planned-work message published about it, if any. */
    messageId: z.uuid().nullable(),
    /** The planned outage registered when it was done, if any. */
    outageId: z.uuid().nullable(),
    version: z.number().int(),
    permissions: z.object({ edit: ZOperationsPermission, publish: ZOperationsPermission, done: ZOperationsPermission, cancel: ZOperationsPermission }),
  })
  .openapi('WindowWork');
export type WindowWork = z.infer<typeof ZWindowWork>;

export const ZServiceWindowPlan = z
  .object({
    year: z.number().int(),
    windows: z.array(
      z.object({
        date: z.string(),
        kind: z.enum(['primary', 'secondary']),
        startsAt: z.string(),
        endsAt: z.string(),
        /** The window falls on a closed day in one of the municipalities (planned work there needs a confirmation). */
        onClosedDay: z.boolean(),
        closedReason: z.string().nullable(),
        work: z.array(ZWindowWork),
      }),
    ),
    actions: z.object({ create: ZOperationsPermission }),
  })
  .openapi('ServiceWindowPlan');
export type ServiceWindowPlan = z.infer<typeof ZServiceWindowPlan>;

// ---------------------------------------------------------------- IT incident reports

export const ZReportSection = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/)
      .meta({ label: 'Kod', labelEn: 'Code' }),
    heading: ZText({ min: 1, max: 120 }).meta({ label: 'Rubrik', labelEn: 'Heading' }),
    help: ZText({ max: 500 }).default('').meta({ label: 'Vägledning', labelEn: 'Guidance' }),
  })
  .openapi('IncidentReportSection');

export const ZIncidentTemplateInput = z
  .strictObject({
    version: ZVersion,
    sections: z.array(ZReportSection).min(1).max(20).meta({ label: 'Avsnitt', labelEn: 'Sections' }),
    recipients: z
      .array(z.email().max(200).meta({ label: 'Mottagare', labelEn: 'Recipient' }))
      .max(20)
      .meta({ label: 'Mottagare', labelEn: 'Recipients' }),
  })
  .openapi('IncidentTemplateInput');
export type IncidentTemplateInput = z.infer<typeof ZIncidentTemplateInput>;

export const ZIncidentTemplate = z
  .object({
    municipality: ZRef,
    sections: z.array(ZReportSection),
    recipients: z.array(z.string()),
    version: z.number().int(),
    permissions: z.object({ edit: ZOperationsPermission }),
  })
  .openapi('IncidentTemplate');
export type IncidentTemplate = z.infer<typeof ZIncidentTemplate>;
export const ZIncidentTemplateList = z.object({ items: z.array(ZIncidentTemplate) }).openapi('IncidentTemplateList');
export type IncidentTemplateList = z.infer<typeof ZIncidentTemplateList>;

export const ZIncidentReportInput = z
  .strictObject({
    /** Null for the first save. */
    version: ZVersion.nullable(),
    sections: z
      .array(z.object({ key: z.string().max(40), text: ZText({ max: 10_000 }).meta({ label: 'Text', labelEn: 'Text' }) }))
      .max(20)
      .meta({ label: 'Avsnitt', labelEn: 'Sections' }),
  })
  .openapi('IncidentReportInput');
export type IncidentReportInput = z.infer<typeof ZIncidentReportInput>;

export const ZIncidentReportSend = z.strictObject({ version: ZVersion }).openapi('IncidentReportSend');
export type IncidentReportSend = z.infer<typeof ZIncidentReportSend>;

export const ZIncidentReport = z
  .object({
    /** Null while only a draft filled in from the outage exists. */
    id: z.uuid().nullable(),
    outageId: z.uuid(),
    municipality: ZRef,
    sections: z.array(ZReportSection.extend({ text: z.string() })),
    recipients: z.array(z.string()),
    sentAt: z.string().nullable(),
    sentTo: z.array(z.string()),
    version: z.number().int().nullable(),
    permissions: z.object({ edit: ZOperationsPermission, send: ZOperationsPermission }),
  })
  .openapi('IncidentReport');
export type IncidentReport = z.infer<typeof ZIncidentReport>;
export const ZIncidentReportList = z.object({ items: z.array(ZIncidentReport) }).openapi('IncidentReportList');
export type IncidentReportList = z.infer<typeof ZIncidentReportList>;
