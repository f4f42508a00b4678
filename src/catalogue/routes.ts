import { createRoute, z } from '@hono/zod-openapi';
import { missionOn } from '../mission/service.ts';
import { municipalityFilter, requireActor, requirePolicy } from '../platform/auth/policy.ts';
import type { Db } from '../platform/db/client.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ZIdParam, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { atomXml } from '../platform/http/atom.ts';
import { FILE_TYPES, priceListCsv, priceListXlsx, type FileFormat } from './export.ts';
import { importPriceList } from './import.ts';
import { presentModel, presentPriceList, presentPriceListHead, presentPublicModel, presentService } from './presenter.ts';
import { BILLING_MODEL_INFO, BILLING_MODELS, COMPONENT_LABELS } from './rules.ts';
import {
  ZBillingModelList,
  ZDiff,
  ZDiffQuery,
  ZExportQuery,
  ZImportQuery,
  ZImportReport,
  ZItem,
  ZItemInput,
  ZItemPatch,
  ZLockInput,
  ZModel,
  ZModelInput,
  ZModelList,
  ZModelPatch,
  ZModelRangeQuery,
  ZPriceList,
  ZPriceListHead,
  ZPriceListHeadList,
  ZPriceListInput,
  ZPriceListPatch,
  ZPricingProposal,
  ZPricingProposalList,
  ZProposalSettle,
  ZPublicQuery,
  ZPublicRange,
  ZService,
  ZServiceInput,
  ZServiceList,
  ZServicePatch,
  ZVersionQuery,
  type BillingModelInfo,
  type PublicRange,
} from './contract.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { changesCatalogue } from './policy.ts';

const ZYearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
});
const ZMunicipalityParam = z.object({
  municipality: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .openapi({ param: { name: 'municipality', in: 'path' } }),
});

/** The format of an uploaded price list from its content type. */
function uploadFormat(type: string | undefined): FileFormat {
  if (/^text\/(csv|plain)/i.test(type ?? '')) return 'csv';
  if ((type ?? '').startsWith(FILE_TYPES.xlsx)) return 'xlsx';
  throw new AppError('unsupported_media_type', [
    { field: 'content-type', reason: `send the file as text/csv or ${FILE_TYPES.xlsx}`, reasonSv: `skicka filen som text/csv eller ${FILE_TYPES.xlsx}` },
  ]);
}

/**
 * Issue 6 / R-4.1, R-4.2: the service catalogue, the yearly price lists and the model range. Everyone
 * signed in reads them; administrators spanning both municipalities change them; the model range is
 * also published without sign-in (JSON and Atom per municipality, R-9.4).
 */
export function catalogueRoutes() {
  const r = createRouter();

  // ---------------------------------------------------------------- billing models and services
  r.openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/billing-models',
      tags: ['catalogue'],
      summary: 'The billing models (R-4.1) and the price components each carries',
      responses: { 200: ok(ZBillingModelList), ...problemResponses },
    }),
    (c) => {
      requireActor(c);
      const items = BILLING_MODELS.map((code): BillingModelInfo => {
        const info = BILLING_MODEL_INFO[code];
        return { code, sv: info.sv, en: info.en, rental: info.rental, components: info.components.map((k) => ({ code: k, ...COMPONENT_LABELS[k] })) };
      });
      return c.json({ items }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/services',
      tags: ['catalogue'],
      summary: 'The service catalogue with billing models, inclusions and support levels (R-4.1, R-5.3)',
      responses: { 200: ok(ZServiceList), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const db = dbOf(c);
      const mission = await missionOn(db);
      return c.json({ items: (await store.listServices(db)).map((s) => presentService(s, mission.document)) }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/catalogue/services/{id}',
      tags: ['catalogue'],
      summary: 'One catalogue service',
      request: { params: ZIdParam },
      responses: { 200: ok(ZService), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const db = dbOf(c);
      const row = await store.findService(db, c.req.valid('param').id);
      if (!row) throw new AppError('not_found');
      return c.json(presentService(row, (await missionOn(db)).document), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/catalogue/services',
      tags: ['catalogue'],
      summary: 'Add a service (administrators)',
      request: { body: jsonBody(ZServiceInput) },
      responses: { 201: ok(ZService, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const db = dbOf(c);
      const created = await service.createService(db, requirePolicy(c, changesCatalogue), c.req.valid('json'));
      const row = await store.findService(db, created.id);
      if (!row) throw new AppError('internal');
      return c.json(presentService(row, (await missionOn(db)).document), 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/catalogue/services/{id}',
      tags: ['catalogue'],
      summary: 'Change a service (administrators; 409 on a stale version)',
      request: { params: ZIdParam, body: jsonBody(ZServicePatch) },
      responses: { 200: ok(ZService), ...problemResponses },
    }),
    async (c) => {
      const db = dbOf(c);
      const { id } = c.req.valid('param');
      await service.updateService(db, requirePolicy(c, changesCatalogue), id, c.req.valid('json'));
      const row = await store.findService(db, id);
      if (!row) throw new AppError('internal');
      return c.json(presentService(row, (await missionOn(db)).document), 200);
    },
  );

  // ---------------------------------------------------------------- price lists
  r.openapi(
    createRoute({
      method: 'get',
      path: '/price-lists',
      tags: ['catalogue'],
      summary: 'The yearly price lists, newest first',
      responses: { 200: ok(ZPriceListHeadList), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      return c.json({ items: (await store.listPriceLists(dbOf(c))).map(presentPriceListHead) }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/price-lists',
      tags: ['catalogue'],
      summary: 'Start an empty price list for a year (administrators)',
      request: { body: jsonBody(ZPriceListInput) },
      responses: { 201: ok(ZPriceListHead, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createPriceList(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/price-lists/{year}',
      tags: ['catalogue'],
      summary: 'A year’s price list with its items',
      request: { params: ZYearParam },
      responses: { 200: ok(ZPriceList), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const { list, entries } = await service.getPriceList(dbOf(c), c.req.valid('param').year);
      return c.json(presentPriceList(list, entries), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/price-lists/{year}/proposals',
      tags: ['catalogue'],
      summary: 'New services waiting for the pricing group to price them in the year’s list (R-8.3)',
      request: { params: ZYearParam },
      responses: { 200: ok(ZPricingProposalList), ...problemResponses },
    }),
    async (c) => c.json(await service.listPricingProposals(dbOf(c), requireActor(c), c.req.valid('param').year), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/pricing-proposals/{id}/settle',
      tags: ['catalogue'],
      summary: 'Mark a pricing proposal as priced (the article is in the price list)',
      request: { params: ZIdParam, body: jsonBody(ZProposalSettle) },
      responses: { 200: ok(ZPricingProposal), ...problemResponses },
    }),
    async (c) => c.json(await service.settlePricingProposal(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/price-lists/{year}',
      tags: ['catalogue'],
      summary: 'Rename a price list (administrators; refused when locked)',
      request: { params: ZYearParam, body: jsonBody(ZPriceListPatch) },
      responses: { 200: ok(ZPriceListHead), ...problemResponses },
    }),
    async (c) => c.json(await service.updatePriceList(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('param').year, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/price-lists/{year}/lock',
      tags: ['catalogue'],
      summary: 'Lock a year’s list: no more changes, they go into next year’s (administrators; billing locks it too)',
      request: { params: ZYearParam, body: jsonBody(ZLockInput) },
      responses: { 200: ok(ZPriceListHead), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, changesCatalogue);
      service.requireCatalogueAdmin(actor);
      const body = c.req.valid('json');
      return c.json(
        await service.lockPriceList(dbOf(c), { year: c.req.valid('param').year, actorUserId: actor.id, reason: body.reason, expectedVersion: body.version }),
        200,
      );
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/price-lists/{year}/copy',
      tags: ['catalogue'],
      summary: 'Create next year’s list as a copy of this year’s (administrators)',
      request: { params: ZYearParam },
      responses: { 201: ok(ZPriceList, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const db = dbOf(c);
      const created = await service.copyPriceList(db, requirePolicy(c, changesCatalogue), c.req.valid('param').year);
      const { list, entries } = await service.getPriceList(db, created.year);
      return c.json(presentPriceList(list, entries), 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/price-lists/{year}/diff',
      tags: ['catalogue'],
      summary: 'What changed from another year’s list (default the year before): added, removed, changed price or model',
      request: { params: ZYearParam, query: ZDiffQuery },
      responses: { 200: ok(ZDiff), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const { year } = c.req.valid('param');
      const against = c.req.valid('query').against ?? year - 1;
      return c.json({ year, against, ...(await service.diffYears(dbOf(c), year, against)) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/price-lists/{year}/items',
      tags: ['catalogue'],
      summary: 'Add an article’s price (administrators; money in öre)',
      request: { params: ZYearParam, body: jsonBody(ZItemInput) },
      responses: { 201: ok(ZItem, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.addItem(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('param').year, c.req.valid('json')), 201),
  );
  const ZItemParams = ZYearParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/price-lists/{year}/items/{id}',
      tags: ['catalogue'],
      summary: 'Change an article’s price (administrators; 409 when stale or locked)',
      request: { params: ZItemParams, body: jsonBody(ZItemPatch) },
      responses: { 200: ok(ZItem), ...problemResponses },
    }),
    async (c) => {
      const { year, id } = c.req.valid('param');
      return c.json(await service.updateItem(dbOf(c), requirePolicy(c, changesCatalogue), year, id, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/price-lists/{year}/items/{id}',
      tags: ['catalogue'],
      summary: 'Remove an article’s price (administrators; ?version=)',
      request: { params: ZItemParams, query: ZVersionQuery },
      responses: { 204: { description: 'Removed' }, ...problemResponses },
    }),
    async (c) => {
      const { year, id } = c.req.valid('param');
      await service.deleteItem(dbOf(c), requirePolicy(c, changesCatalogue), year, id, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/price-lists/{year}/export',
      tags: ['catalogue'],
      summary: 'Download the list as CSV or XLSX (money in öre; formula-safe)',
      request: { params: ZYearParam, query: ZExportQuery },
      responses: {
        200: {
          description: 'The file',
          content: { [FILE_TYPES.csv]: { schema: z.string() }, [FILE_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      requireActor(c);
      const { year } = c.req.valid('param');
      const { format } = c.req.valid('query');
      const { list, entries } = await service.getPriceList(dbOf(c), year);
      const name = `prislista-${year}${list.example ? '-EXEMPEL' : ''}.${format}`;
      c.header('content-type', FILE_TYPES[format]);
      c.header('content-disposition', `attachment; filename="${name}"`);
      c.header('x-content-type-options', 'nosniff');
      if (format === 'csv') return c.body(priceListCsv(entries), 200);
      return c.body(new Uint8Array(await priceListXlsx(entries, { year, example: list.example })), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/price-lists/{year}/import',
      tags: ['catalogue'],
      summary: 'Replace the list with a CSV or XLSX file: all or nothing, with a line-and-field report (administrators)',
      request: {
        params: ZYearParam,
        query: ZImportQuery,
        body: { required: true, content: { 'text/csv': { schema: z.string() }, [FILE_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: { 200: ok(ZImportReport), 422: { description: 'Rejected with a report (line, field, reason); nothing imported' }, ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, changesCatalogue);
      const format = uploadFormat(c.req.header('content-type'));
      const data = Buffer.from(await c.req.arrayBuffer());
      return c.json(
        await importPriceList(dbOf(c), actor, { year: c.req.valid('param').year, format, data, dryRun: c.req.valid('query').dryRun === 'true' }),
        200,
      );
    },
  );

  // ---------------------------------------------------------------- model range (R-4.2)
  r.openapi(
    createRoute({
      method: 'get',
      path: '/model-range',
      tags: ['catalogue'],
      summary: 'The model range of a year (signed in; your municipality’s and the shared models)',
      request: { query: ZModelRangeQuery },
      responses: { 200: ok(ZModelList), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const rows = await store.listModels(dbOf(c), { year: c.req.valid('query').year, municipalityId: municipalityFilter(actor) });
      return c.json({ items: rows.map(presentModel) }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/model-range',
      tags: ['catalogue'],
      summary: 'Add a model (administrators; R-4.2 minimum technical life for rented computers, printers, screens)',
      request: { body: jsonBody(ZModelInput) },
      responses: { 201: ok(ZModel, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.addModel(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'patch',
      path: '/model-range/{id}',
      tags: ['catalogue'],
      summary: 'Change a model (administrators; 409 on a stale version)',
      request: { params: ZIdParam, body: jsonBody(ZModelPatch) },
      responses: { 200: ok(ZModel), ...problemResponses },
    }),
    async (c) => c.json(await service.updateModel(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'delete',
      path: '/model-range/{id}',
      tags: ['catalogue'],
      summary: 'Remove a model (administrators; ?version=)',
      request: { params: ZIdParam, query: ZVersionQuery },
      responses: { 204: { description: 'Removed' }, ...problemResponses },
    }),
    async (c) => {
      await service.deleteModel(dbOf(c), requirePolicy(c, changesCatalogue), c.req.valid('param').id, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );

  // ---------------------------------------------------------------- published without sign-in (R-4.2, R-9.4)
  const published = async (db: Db, code: string, year: number | undefined): Promise<PublicRange> => {
    const p = await service.publishedModelRange(db, code, year);
    const items = p.models.map((m) => {
      const entries = p.entries.filter((e) => e.articleCode === m.articleCode);
      return presentPublicModel(m, entries, entries[0] ? p.services.get(entries[0].serviceCode) : undefined);
    });
    return { municipality: { code: p.municipality.code, name: p.municipality.name }, year: p.year, example: p.example, items };
  };
  r.openapi(
    createRoute({
      method: 'get',
      path: '/public/model-range/{municipality}',
      tags: ['public'],
      summary: 'The published model range of a municipality as JSON (no sign-in)',
      request: { params: ZMunicipalityParam, query: ZPublicQuery },
      responses: { 200: ok(ZPublicRange), ...problemResponses },
    }),
    async (c) => c.json(await published(dbOf(c), c.req.valid('param').municipality, c.req.valid('query').year), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/public/model-range/{municipality}/atom',
      tags: ['public'],
      summary: 'The published model range of a municipality as an Atom feed (no sign-in)',
      request: { params: ZMunicipalityParam, query: ZPublicQuery },
      responses: { 200: { description: 'Atom feed', content: { 'application/atom+xml': { schema: z.string() } } }, ...problemResponses },
    }),
    async (c) => {
      const base = c.get('deps').config.baseUrl.replace(/\/$/, '');
      const range = await published(dbOf(c), c.req.valid('param').municipality, c.req.valid('query').year);
      const page = `${base}/modellutbud/${range.municipality.code}?year=${range.year}`;
      const updated = range.items.reduce((max, i) => (i.updatedAt > max ? i.updatedAt : max), `${range.year}-01-01T00:00:00.000Z`);
      const self = `${base}/api/v1/public/model-range/${range.municipality.code}/atom?year=${range.year}`;
      // Plain text throughout (type="text"): administrators' descriptions are never sent as HTML (issue 16).
      const xml = atomXml({
        id: `${base}/api/v1/public/model-range/${range.municipality.code}?year=${range.year}`,
        title: `Modellutbud ${range.year} – ${range.municipality.name}${range.example ? ' (EXEMPELPRISER)' : ''}`,
        subtitle: `Datorer, skrivare, skärmar och annan utrustning att välja ${range.year}, med priser.`,
        updated: new Date(updated).toISOString(),
        selfLink: self,
        alternateLink: page,
        author: { name: range.municipality.name, uri: base },
        rights: range.municipality.name,
        generator: 'Samdesk',
        entries: range.items.map((i) => {
          const prices = i.prices.map(
            (p) =>
              `${p.billingModelLabel.sv}: ${p.display.map((d) => `${COMPONENT_LABELS[d.component].sv} ${d.text}`).join(', ')}${p.validFrom.endsWith('-01-01') && p.validTo.endsWith('-12-31') ? '' : ` (${p.validFrom}–${p.validTo})`}`,
          );
          return {
            id: `urn:uuid:${i.id}`,
            title: `${i.manufacturer} ${i.model}`,
            link: `${page}#${i.id}`,
            updated: new Date(i.updatedAt).toISOString(),
            categories: [{ term: i.category, label: i.categoryLabel.sv }],
            summary: [
              `${i.categoryLabel.sv}${i.service ? ` – ${i.service.name}` : ''}.`,
              i.description,
              ...prices,
              `Teknisk livslängd ${i.technicalLifeMonths} månader.`,
            ]
              .filter(Boolean)
              .join(' '),
          };
        }),
      });
      c.header('content-type', 'application/atom+xml; charset=utf-8');
      return c.body(xml, 200);
    },
  );

  return r;
}
