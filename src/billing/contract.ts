import { z } from '@hono/zod-openapi';
import { isMonth } from '../calendar/dates.ts';
import { bilingual } from '../platform/http/context.ts';
import { ZLocalDate, ZVersion, ZVersionQuery } from '../platform/http/types.ts';
import { CHARGE_SOURCES, PART_MONTH_RULES, QUANTITY_UNITS, RUN_STATUSES } from './rules.ts';

/**
 * Billing's contract (issue 17, decision 0010): every request and answer of /api/v1/billing and of
 * /api/v1/assets/unit-costs (billing's rule, asked for from the unit's equipment page), defined once.
 * Routes declare these schemas, services validate with the request schemas, presenters are typed by the
 * answer types, and the web app imports the types with `import type`.
 */

// ---------------------------------------------------------------- answers: runs

/** Something that should be charged but cannot be (rules.ChargeWarning). */
export const ZBillingWarning = z.object({ subjectId: z.string(), subjectLabel: z.string(), reason: z.string(), reasonSv: z.string() });
export type BillingWarning = z.infer<typeof ZBillingWarning>;

export const ZBillingRunPermission = z
  .object({
    offered: z.boolean().describe('the run’s status offers the action, whoever asks'),
    allowed: z.boolean(),
    reason: z.string().nullable(),
    reasonSv: z.string().nullable().describe('why not, in Swedish, as the UI shows it'),
  })
  .openapi('BillingRunPermission');
export type BillingRunPermission = z.infer<typeof ZBillingRunPermission>;

export const ZBillingRunActions = z
  .object({
    recompute: ZBillingRunPermission,
    review: ZBillingRunPermission,
    reopen: ZBillingRunPermission,
    approve: ZBillingRunPermission,
    discard: ZBillingRunPermission,
  })
  .describe('what the signed-in user may do with the run, and why not (the rule the API enforces)')
  .openapi('BillingRunActions');
export type BillingRunActions = z.infer<typeof ZBillingRunActions>;

export const ZBillingRun = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    runMonth: z.string(),
    status: z.enum(RUN_STATUSES),
    scope: z.object({
      municipality: z.string(),
      runMonth: z.string(),
      periodicMonths: z.array(z.string()),
      continuousBefore: z.string(),
      centralYear: z.number().int().nullable(),
      internal: z.boolean(),
    }),
    settings: z.record(z.string(), z.unknown()),
    lineCount: z.number().int(),
    totalOre: z.number().int().describe('öre: the sum of the lines'),
    warnings: z.array(ZBillingWarning).describe('what should be charged but cannot be (a missing price, a ticket without a unit)'),
    basedOnRunId: z.uuid().nullable().describe('the approved run this one follows and is compared with'),
    computedAt: z.string(),
    reviewedAt: z.string().nullable(),
    reviewedByUserId: z.uuid().nullable(),
    approvedAt: z.string().nullable(),
    approvedByUserId: z.uuid().nullable(),
    computedByName: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    approvedByName: z.string().nullable(),
    version: z.number().int(),
    actions: ZBillingRunActions,
  })
  .openapi('BillingRun');
export type BillingRun = z.infer<typeof ZBillingRun>;

export const ZBillingLine = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    key: z.string(),
    kind: z.enum(['charge', 'correction']),
    source: z.enum(CHARGE_SOURCES),
    chargeGroup: z.enum(['periodic', 'continuous', 'central']),
    subjectId: z.uuid(),
    subjectLabel: z.string(),
    articleCode: z.string(),
    description: z.string(),
    month: z.string(),
    quantity: z.number().int(),
    quantityUnit: z.enum(QUANTITY_UNITS),
    unitPriceOre: z.number().int(),
    amountOre: z.number().int(),
    previouslyBilledOre: z.number().int(),
    rule: z.string().describe('how the amount was reached, in Swedish'),
    reason: z.string().nullable().describe('why a correction changes what was billed'),
  })
  .openapi('BillingLine');
export type BillingLine = z.infer<typeof ZBillingLine>;

export const ZBasisChange = z
  .object({
    unitId: z.uuid(),
    groupKey: z.string(),
    subjectId: z.string(),
    subjectLabel: z.string(),
    articleCode: z.string(),
    description: z.string(),
    kind: z.enum(['added', 'removed', 'changed']),
    previousOre: z.number().int(),
    currentOre: z.number().int(),
    deltaOre: z.number().int(),
    reason: z.string(),
  })
  .openapi('BasisChange');
export type BasisChange = z.infer<typeof ZBasisChange>;

/** GET /billing/runs */
export const ZBillingRunList = z.object({ items: z.array(ZBillingRun) });
export type BillingRunList = z.infer<typeof ZBillingRunList>;

/** One unit of a run beside the previous approved run. */
export const ZRunUnit = z.object({
  unitId: z.uuid(),
  unitCode: z.string(),
  unitName: z.string(),
  accountingCodes: z.record(z.string(), z.string()),
  lineCount: z.number().int(),
  totalOre: z.number().int(),
  correctionOre: z.number().int(),
  previousTotalOre: z.number().int(),
});
export type RunUnit = z.infer<typeof ZRunUnit>;

/** GET /billing/runs/{id}: the run with its units' totals beside the previous approved run's. */
export const ZRunWithUnits = z.object({ run: ZBillingRun, previous: ZBillingRun.nullable(), units: z.array(ZRunUnit) });
export type RunWithUnits = z.infer<typeof ZRunWithUnits>;

/** GET /billing/runs/{id}/units/{unitId}: one unit's invoice basis. */
export const ZUnitBasis = z
  .object({
    run: ZBillingRun,
    previous: ZBillingRun.nullable(),
    unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), accountingCodes: z.record(z.string(), z.string()), accountingString: z.string() }),
    lines: z.array(ZBillingLine),
    totalOre: z.number().int(),
    previousTotalOre: z.number().int(),
    changes: z.array(ZBasisChange),
  })
  .openapi('UnitBasis');
export type UnitBasis = z.infer<typeof ZUnitBasis>;

// ---------------------------------------------------------------- answers: unit costs, subscriptions

/** GET /assets/unit-costs (issue 7 UI, R-6.4): a unit's equipment billed in a month, with its fees. */
export const ZUnitEquipmentCosts = z
  .object({
    unitId: z.uuid(),
    unitName: z.string(),
    month: z.string(),
    items: z.array(
      z.object({
        assetId: z.uuid(),
        serial: z.string(),
        model: z.string(),
        deviceType: z.string(),
        holderName: z.string().nullable(),
        status: z.string(),
        articleCode: z.string().nullable(),
        articleName: z.string().nullable(),
        monthlyFee: z.number().int().nullable().describe('öre; null when the price list has no monthly price for the article'),
        basis: z.enum(['active', 'early_return']),
        charged: z.boolean().describe('whether the billing run charges the unit for it this month (the part-month rule, R-6.4)'),
      }),
    ),
    partMonth: z.enum(PART_MONTH_RULES).describe('the part-month rule of the mission in force in the month (R-6.4)'),
    totalMonthly: z.number().int().describe('öre: the sum of the known fees of the charged items'),
  })
  .openapi('UnitEquipmentCosts');
export type UnitEquipmentCosts = z.infer<typeof ZUnitEquipmentCosts>;
export type UnitEquipmentCost = UnitEquipmentCosts['items'][number];

export const ZBillingSubscription = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    unitId: z.uuid(),
    articleCode: z.string(),
    label: z.string(),
    quantity: z.number().int(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    note: z.string(),
    /** Issue 18: the application a fee typed by hand is for; its agreement charges the months it can. */
    applicationId: z.uuid().nullable(),
    version: z.number().int(),
  })
  .openapi('BillingSubscription');
export type BillingSubscription = z.infer<typeof ZBillingSubscription>;

/** GET /billing/subscriptions */
export const ZBillingSubscriptionList = z.object({ items: z.array(ZBillingSubscription) });
export type BillingSubscriptionList = z.infer<typeof ZBillingSubscriptionList>;

// ---------------------------------------------------------------- requests: runs

/** GET /billing/runs */
export const ZRunListQuery = z.object({ municipality: z.string().min(1).optional().describe('municipality code or id; IT spanning both may pick one') });
export type RunListQuery = z.infer<typeof ZRunListQuery>;

/** POST /billing/runs: compute (or recompute) the draft run of a municipality for a month. */
export const ZRunInput = z
  .strictObject({
    municipality: z.string().min(1, bilingual('name the municipality', 'ange kommunen')).describe('municipality code or id'),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('the month is written yyyy-mm', 'månaden skrivs åååå-mm'))
      .describe('the run month, yyyy-mm'),
  })
  .openapi('BillingRunInput');
export type RunInput = z.infer<typeof ZRunInput>;

/** POST /billing/runs/{id}/review, /reopen, /approve */
export const ZRunTransition = z.strictObject({ version: ZVersion }).openapi('BillingRunTransition');
export type RunTransition = z.infer<typeof ZRunTransition>;

/** DELETE /billing/runs/{id}?version= */
export const ZRunDiscardQuery = z.object({ version: ZVersionQuery });

/** /billing/runs/{id}… */
export const ZRunParams = z.object({ id: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')) });
/** /billing/runs/{id}/units/{unitId}… */
export const ZRunUnitParams = z.object({
  id: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')),
  unitId: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')),
});

// ---------------------------------------------------------------- requests: unit costs, subscriptions

/** GET /assets/unit-costs */
export const ZUnitCostQuery = z.strictObject({
  unitId: z.uuid(),
  month: z.string().refine(isMonth, bilingual('a month YYYY-MM', 'en månad ÅÅÅÅ-MM')).optional(),
});
export type UnitCostQuery = z.infer<typeof ZUnitCostQuery>;

/** GET /billing/subscriptions */
export const ZSubscriptionListQuery = z.object({ municipality: z.uuid().optional(), unitId: z.uuid().optional() });
export type SubscriptionListQuery = z.infer<typeof ZSubscriptionListQuery>;

/** PATCH /billing/subscriptions/{id} */
export const ZSubscriptionParams = z.object({ id: z.uuid() });

const ZDate = ZLocalDate;
/** POST /billing/subscriptions */
export const ZSubscriptionInput = z
  .strictObject({
    unitId: z.uuid(bilingual('not a valid id', 'inte ett giltigt id')),
    articleCode: z.string().trim().min(1, bilingual('name the article', 'ange artikeln')).max(100),
    label: z.string().trim().min(1).max(200).optional().describe('what the unit subscribes to, e.g. the application; default the article name'),
    quantity: z.number().int().min(1, bilingual('at least one', 'minst en')).max(100_000),
    startsOn: ZDate,
    endsOn: ZDate.nullable().optional(),
    note: z.string().max(2000).optional(),
    applicationId: z
      .uuid(bilingual('not a valid id', 'inte ett giltigt id'))
      .nullable()
      .optional()
      .describe('the application in the register this fee is for: once its agreement charges a month, the subscription does not'),
  })
  .openapi('BillingSubscriptionInput');
export type SubscriptionInput = z.infer<typeof ZSubscriptionInput>;

/** PATCH /billing/subscriptions/{id}: change or end a subscription. */
export const ZSubscriptionUpdate = z
  .strictObject({
    version: ZVersion,
    label: z.string().trim().min(1).max(200).optional(),
    quantity: z.number().int().min(1, bilingual('at least one', 'minst en')).max(100_000).optional(),
    endsOn: ZDate.nullable().optional().describe('the day it ends; for an application the day it was terminated (R-6.5)'),
    note: z.string().max(2000).optional(),
    applicationId: z
      .uuid(bilingual('not a valid id', 'inte ett giltigt id'))
      .nullable()
      .optional()
      .describe('the application in the register this fee is for: once its agreement charges a month, the subscription does not'),
  })
  .openapi('BillingSubscriptionUpdate');
export type SubscriptionUpdate = z.infer<typeof ZSubscriptionUpdate>;
