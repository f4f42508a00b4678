import { z } from '@hono/zod-openapi';
import { bilingual } from '../platform/http/context.ts';
import { ZVersion, ZVersionQuery as ZVersionNumberQuery } from '../platform/http/types.ts';
import { ARTICLE_CODE, BILLING_MODELS, CHANGE_KINDS, MAX_PRICE_ORE, MODEL_CATEGORIES, PRICE_COMPONENTS, SUPPORT_LEVELS, TASK_KINDS } from './rules.ts';

/**
 * The catalogue's contract (docs/decisions/0010): the zod schemas of the requests and answers of
 * /api/v1/catalogue, /api/v1/price-lists, /api/v1/model-range and the published model range
 * and their types. Routes declare these schemas, services validate with the request
 * schemas, presenters are typed by the answer types, and the web app imports the types.
 */

// ---------------------------------------------------------------- answers

const ZMoney = z.number().int().nullable();
const ZPrices = { purchasePrice: ZMoney, monthlyFee: ZMoney, weeklyFee: ZMoney, hourlyRate: ZMoney, yearlyFee: ZMoney };
const ZLabel = z.object({ sv: z.string(), en: z.string() });
/** A text in Swedish and English. */
export type Label = z.infer<typeof ZLabel>;

/** GET /catalogue/billing-models: a billing model and the price components it carries. */
export const ZBillingModelInfo = z.object({
  code: z.enum(BILLING_MODELS),
  sv: z.string(),
  en: z.string(),
  components: z.array(z.object({ code: z.enum(PRICE_COMPONENTS), sv: z.string(), en: z.string() })),
  rental: z.boolean(),
});
export type BillingModelInfo = z.infer<typeof ZBillingModelInfo>;
export const ZBillingModelList = z.object({ items: z.array(ZBillingModelInfo) });
export type BillingModelList = z.infer<typeof ZBillingModelList>;

export const ZService = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    description: z.string(),
    billingModel: z.enum(BILLING_MODELS),
    billingModelLabel: ZLabel,
    priceComponents: z.array(z.enum(PRICE_COMPONENTS)),
    supportLevel: z.enum(SUPPORT_LEVELS).nullable(),
    supportTasks: z.array(z.object({ task: z.enum(TASK_KINDS), owner: z.enum(['it', 'business']), reasonSv: z.string(), reasonEn: z.string() })),
    included: z.array(z.string()),
    renewalMonths: z.number().int().nullable(),
    minimumDays: z.number().int().nullable(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('CatalogueService');
export type CatalogueService = z.infer<typeof ZService>;
/** GET /catalogue/services */
export const ZServiceList = z.object({ items: z.array(ZService) });
export type ServiceList = z.infer<typeof ZServiceList>;

export const ZPriceListHead = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    title: z.string(),
    example: z.boolean(),
    copiedFromYear: z.number().int().nullable(),
    locked: z.boolean(),
    lockedAt: z.string().nullable(),
    lockedReason: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('PriceListHead');
export type PriceListHead = z.infer<typeof ZPriceListHead>;
/** GET /price-lists */
export const ZPriceListHeadList = z.object({ items: z.array(ZPriceListHead) });
export type PriceListHeadList = z.infer<typeof ZPriceListHeadList>;

export const ZItem = z
  .object({
    id: z.uuid(),
    articleCode: z.string(),
    serviceCode: z.string(),
    name: z.string(),
    billingModel: z.enum(BILLING_MODELS),
    ...ZPrices,
    validFrom: z.string(),
    validTo: z.string(),
    version: z.number().int(),
  })
  .openapi('PriceListItem');
export type PriceItem = z.infer<typeof ZItem>;

export const ZPriceList = ZPriceListHead.extend({ items: z.array(ZItem) }).openapi('PriceList');
export type PriceList = z.infer<typeof ZPriceList>;

const ZArticle = z.object({
  articleCode: z.string(),
  serviceCode: z.string(),
  name: z.string(),
  periods: z.array(z.object({ from: z.string(), to: z.string(), billingModel: z.enum(BILLING_MODELS), ...ZPrices })),
});
/** An article of a price list with its periods (in a diff). */
export type DiffArticle = z.infer<typeof ZArticle>;
export const ZDiff = z
  .object({
    year: z.number().int(),
    against: z.number().int(),
    added: z.array(ZArticle),
    removed: z.array(ZArticle),
    changed: z.array(z.object({ articleCode: z.string(), changes: z.array(z.enum(CHANGE_KINDS)), before: ZArticle, after: ZArticle })),
  })
  .openapi('PriceListDiff');
export type PriceListDiff = z.infer<typeof ZDiff>;

export const ZModel = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    municipalityId: z.uuid().nullable(),
    category: z.enum(MODEL_CATEGORIES),
    manufacturer: z.string(),
    model: z.string(),
    description: z.string(),
    articleCode: z.string(),
    technicalLifeMonths: z.number().int(),
    version: z.number().int(),
  })
  .openapi('ModelRangeItem');
export type RangeModel = z.infer<typeof ZModel>;
/** GET /model-range */
export const ZModelList = z.object({ items: z.array(ZModel) });
export type ModelList = z.infer<typeof ZModelList>;

export const ZPublicRange = z
  .object({
    municipality: z.object({ code: z.string(), name: z.string() }),
    year: z.number().int(),
    example: z.boolean(),
    items: z.array(
      z.object({
        id: z.uuid(),
        category: z.enum(MODEL_CATEGORIES),
        categoryLabel: ZLabel,
        manufacturer: z.string(),
        model: z.string(),
        description: z.string(),
        technicalLifeMonths: z.number().int(),
        articleCode: z.string(),
        service: z.object({ code: z.string(), name: z.string() }).nullable(),
        prices: z.array(
          z.object({
            validFrom: z.string(),
            validTo: z.string(),
            billingModel: z.enum(BILLING_MODELS),
            billingModelLabel: ZLabel,
            ...ZPrices,
            display: z.array(z.object({ component: z.enum(PRICE_COMPONENTS), text: z.string() })),
          }),
        ),
        updatedAt: z.string(),
      }),
    ),
  })
  .openapi('PublicModelRange');
export type PublicRange = z.infer<typeof ZPublicRange>;
/** A model as published: what staff choose from, with its prices. */
export type PublicModel = PublicRange['items'][number];

/** POST /price-lists/{year}/import: what the file did (or would do, on a dry run). */
export const ZImportReport = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ field: z.string(), reason: z.string(), reasonSv: z.string(), row: z.number().int().optional() })),
});
export type PriceImportReport = z.infer<typeof ZImportReport>;

// ---------------------------------------------------------------- queries

/** DELETE /price-lists/{year}/items/{id} and /model-range/{id} */
export const ZVersionQuery = z.object({ version: ZVersionNumberQuery });
/** GET /public/model-range/{municipality}[/atom] */
export const ZPublicQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
/** GET /model-range */
export const ZModelRangeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
/** GET /price-lists/{year}/diff */
export const ZDiffQuery = z.object({ against: z.coerce.number().int().min(2000).max(2100).optional() });
/** GET /price-lists/{year}/export */
export const ZExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
/** POST /price-lists/{year}/import */
export const ZImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

// ---------------------------------------------------------------- services

const ZCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, bilingual('lower-case letters, digits and -', 'små bokstäver, siffror och -'));
const ZServiceFields = {
  name: z.string().trim().min(2).max(200),
  description: z.string().trim().max(4000),
  billingModel: z.enum(BILLING_MODELS),
  supportLevel: z.enum(SUPPORT_LEVELS).nullable(),
  included: z.array(z.string().trim().min(1).max(300)).max(50),
  sortOrder: z.number().int().min(0).max(10_000),
};
export const ZServiceInput = z.strictObject({
  code: ZCode,
  ...ZServiceFields,
  description: ZServiceFields.description.default(''),
  supportLevel: ZServiceFields.supportLevel.default(null),
  included: ZServiceFields.included.default([]),
  sortOrder: ZServiceFields.sortOrder.default(0),
});
export type ServiceInput = z.infer<typeof ZServiceInput>;
export const ZServicePatch = z.strictObject({
  version: ZVersion,
  name: ZServiceFields.name.optional(),
  description: ZServiceFields.description.optional(),
  billingModel: ZServiceFields.billingModel.optional(),
  supportLevel: ZServiceFields.supportLevel.optional(),
  included: ZServiceFields.included.optional(),
  sortOrder: ZServiceFields.sortOrder.optional(),
  active: z.boolean().optional(),
});
export type ServicePatch = z.infer<typeof ZServicePatch>;

// ---------------------------------------------------------------- price lists (Bilaga 2)

const ZYear = z.number().int().min(2000).max(2100);
export const ZPriceListInput = z.strictObject({ year: ZYear, title: z.string().trim().min(2).max(200) });
export type PriceListInput = z.infer<typeof ZPriceListInput>;
export const ZPriceListPatch = z.strictObject({ version: ZVersion, title: z.string().trim().min(2).max(200) });
export type PriceListPatch = z.infer<typeof ZPriceListPatch>;
export const ZLockInput = z.strictObject({ version: ZVersion, reason: z.string().trim().min(2).max(500) });
export type LockInput = z.infer<typeof ZLockInput>;

// ---------------------------------------------------------------- price list items

const money = (label: string) =>
  z
    .number(bilingual(`${label} must be a number of öre`, `${label} ska vara ett belopp i öre`))
    .int(bilingual('must be a whole number of öre', 'ska vara ett heltal öre'))
    .min(0, bilingual('must not be negative', 'får inte vara negativt'))
    .max(MAX_PRICE_ORE)
    .nullable();
const isoDate = z.iso.date(bilingual('must be a date YYYY-MM-DD', 'ska vara ett datum ÅÅÅÅ-MM-DD'));
const ZItemFields = {
  articleCode: z.string().trim().regex(ARTICLE_CODE, bilingual('letters, digits, . _ - (at most 40)', 'bokstäver, siffror, . _ - (högst 40)')),
  serviceCode: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  billingModel: z.enum(BILLING_MODELS),
  purchasePrice: money('purchasePrice'),
  monthlyFee: money('monthlyFee'),
  weeklyFee: money('weeklyFee'),
  hourlyRate: money('hourlyRate'),
  yearlyFee: money('yearlyFee'),
  validFrom: isoDate,
  validTo: isoDate,
};
export const ZItemInput = z.strictObject({
  ...ZItemFields,
  purchasePrice: ZItemFields.purchasePrice.default(null),
  monthlyFee: ZItemFields.monthlyFee.default(null),
  weeklyFee: ZItemFields.weeklyFee.default(null),
  hourlyRate: ZItemFields.hourlyRate.default(null),
  yearlyFee: ZItemFields.yearlyFee.default(null),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
});
export type ItemInput = z.infer<typeof ZItemInput>;
export const ZItemPatch = z.strictObject({
  version: ZVersion,
  ...Object.fromEntries(Object.entries(ZItemFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & { [K in keyof typeof ZItemFields]: z.ZodOptional<(typeof ZItemFields)[K]> });
export type ItemPatch = z.infer<typeof ZItemPatch>;

// ---------------------------------------------------------------- model range

const ZModelFields = {
  municipalityId: z.uuid().nullable(),
  category: z.enum(MODEL_CATEGORIES),
  manufacturer: z.string().trim().min(1).max(100),
  model: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  articleCode: z.string().trim().regex(ARTICLE_CODE),
  technicalLifeMonths: z.number().int().min(1).max(240),
};
export const ZModelInput = z.strictObject({
  year: ZYear,
  ...ZModelFields,
  municipalityId: ZModelFields.municipalityId.default(null),
  description: ZModelFields.description.default(''),
});
export type ModelInput = z.infer<typeof ZModelInput>;
export const ZModelPatch = z.strictObject({
  version: ZVersion,
  ...Object.fromEntries(Object.entries(ZModelFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & { [K in keyof typeof ZModelFields]: z.ZodOptional<(typeof ZModelFields)[K]> });
export type ModelPatch = z.infer<typeof ZModelPatch>;

/** R-8.3 (issue 20): a new service waiting for the pricing group to price it in the year's list. */
export const ZPricingProposal = z
  .object({
    id: z.uuid(),
    year: z.number().int(),
    name: z.string(),
    description: z.string(),
    source: z.string().describe('where it came from, e.g. "Utvecklingsärende UT-2026-004"'),
    sourceId: z.uuid().nullable(),
    settledAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('PricingProposal');
export type PricingProposal = z.infer<typeof ZPricingProposal>;

export const ZPricingProposalList = z
  .object({
    items: z.array(ZPricingProposal),
    actions: z.object({ settle: z.object({ allowed: z.boolean(), reason: z.string().nullable(), reasonSv: z.string().nullable() }) }),
  })
  .openapi('PricingProposalList');
export type PricingProposalList = z.infer<typeof ZPricingProposalList>;

export const ZProposalSettle = z.strictObject({ version: ZVersion }).openapi('PricingProposalSettle');
