import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireActor } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import { conditionalResponse } from '../platform/http/conditional.ts';
import { createRouter, dbOf, type AppEnv } from '../platform/http/context.ts';
import { PDF_CONTENT_TYPE, download } from '../platform/http/download.ts';
import { ZIdParam, fileResponse, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import {
  ZAvailabilityReport,
  ZIncidentReport,
  ZIncidentReportInput,
  ZIncidentReportList,
  ZIncidentReportSend,
  ZIncidentTemplate,
  ZIncidentTemplateInput,
  ZIncidentTemplateList,
  ZItFunction,
  ZItFunctionInput,
  ZItFunctionList,
  ZItFunctionPatch,
  ZMessage,
  ZMessageFromOutage,
  ZMessageInput,
  ZMessageList,
  ZMessageResolve,
  ZMessageWithdraw,
  ZOutage,
  ZOutageEnd,
  ZOutageFromTicket,
  ZOutageInput,
  ZOutageList,
  ZOutagePatch,
  ZPublicMessages,
  ZServiceWindowPlan,
  ZWindowWork,
  ZWindowWorkDone,
  ZWindowWorkInput,
  ZWindowWorkPatch,
} from './contract.ts';
import { publicAtom, publicJson, publicPage, type PublicView } from './public-page.ts';
import * as reports from './reports.ts';
import * as service from './service.ts';
import * as windows from './windows.ts';

const ZYear = z.coerce.number().int().min(2000).max(2100);
const ZReportQuery = z.object({
  year: ZYear.meta({ label: 'År', labelEn: 'Year' }),
  municipalityId: z.uuid().optional().meta({ label: 'Kommun', labelEn: 'Municipality' }),
});
const ZMunicipalityIdParam = z.object({ municipalityId: z.uuid().openapi({ param: { name: 'municipalityId', in: 'path' } }) });
const ZReportParams = ZIdParam.extend(ZMunicipalityIdParam.shape);
const ZMunicipalityParam = z.object({
  municipality: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .openapi({ param: { name: 'municipality', in: 'path' } }),
});

/** A reader polling every minute is told to come back in at most a minute, sooner if a message starts or ends before. */
const MAX_AGE_SECONDS = 60;

async function publicView(c: Context<AppEnv>, code: string): Promise<{ view: PublicView; maxAge: number }> {
  const list = await service.publicMessages(dbOf(c), code);
  const base = c.get('deps').config.baseUrl.replace(/\/$/, '');
  const untilChange = list.nextChange ? Math.ceil((list.nextChange.getTime() - now().getTime()) / 1000) : MAX_AGE_SECONDS;
  return {
    view: { municipality: { code: list.municipality.code, name: list.municipality.name }, items: list.items, updated: list.updated, base },
    maxAge: Math.min(MAX_AGE_SECONDS, untilChange),
  };
}

/**
 * Issue 19, R-9: IT functions, outages, the availability report and operations messages (staff), and
 * each municipality's published messages as JSON and Atom (no sign-in, conditional requests answered
 * 304). The public page itself is `publicPageRoutes`, outside /api.
 */
export function operationsRoutes() {
  const r = createRouter();
  const tags = ['operations'];

  // ---------------------------------------------------------------- IT functions
  r.openapi(
    createRoute({
      method: 'get',
      path: '/it-functions',
      tags,
      summary: 'The IT functions whose availability is measured',
      responses: { 200: ok(ZItFunctionList), ...problemResponses },
    }),
    async (c) => c.json(await service.listFunctions(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/it-functions',
      tags,
      summary: 'Add an IT function (2nd/3rd line, IT management)',
      request: { body: jsonBody(ZItFunctionInput) },
      responses: { 201: ok(ZItFunction, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createFunction(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/it-functions/{id}',
      tags,
      summary: 'Change an IT function',
      request: { params: ZIdParam, body: jsonBody(ZItFunctionPatch) },
      responses: { 200: ok(ZItFunction), ...problemResponses },
    }),
    async (c) => c.json(await service.updateFunction(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  // ---------------------------------------------------------------- outages
  r.openapi(
    createRoute({
      method: 'get',
      path: '/outages',
      tags,
      summary: 'The outages touching a year, newest first (IT staff)',
      request: { query: ZReportQuery },
      responses: { 200: ok(ZOutageList), ...problemResponses },
    }),
    async (c) => c.json(await service.listOutages(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/outages',
      tags,
      summary: 'Register an outage (2nd/3rd line, IT management)',
      request: { body: jsonBody(ZOutageInput) },
      responses: { 201: ok(ZOutage, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createOutage(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/outages/from-ticket',
      tags,
      summary: 'Start an outage from a ticket marked as affecting operations',
      request: { body: jsonBody(ZOutageFromTicket) },
      responses: { 201: ok(ZOutage, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.outageFromTicket(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/outages/{id}',
      tags,
      summary: 'One outage',
      request: { params: ZIdParam },
      responses: { 200: ok(ZOutage), ...problemResponses },
    }),
    async (c) => c.json(await service.getOutage(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/outages/{id}',
      tags,
      summary: 'Change an outage',
      request: { params: ZIdParam, body: jsonBody(ZOutagePatch) },
      responses: { 200: ok(ZOutage), ...problemResponses },
    }),
    async (c) => c.json(await service.updateOutage(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/outages/{id}/end',
      tags,
      summary: 'End an ongoing outage; with a resolution text its published messages are resolved too',
      request: { params: ZIdParam, body: jsonBody(ZOutageEnd) },
      responses: { 200: ok(ZOutage), ...problemResponses },
    }),
    async (c) => c.json(await service.endOutage(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/outages/{id}/message',
      tags,
      summary: 'Publish an operations message about the outage (a disruption, or planned work)',
      request: { params: ZIdParam, body: jsonBody(ZMessageFromOutage) },
      responses: { 201: ok(ZMessage, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.messageFromOutage(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  // ---------------------------------------------------------------- availability
  r.openapi(
    createRoute({
      method: 'get',
      path: '/availability',
      tags,
      summary: 'Availability per function, municipality and overall for a year and its tertials, with the incident count and the target’s arithmetic',
      request: { query: ZReportQuery },
      responses: { 200: ok(ZAvailabilityReport), ...problemResponses },
    }),
    async (c) => c.json(await service.availabilityReport(dbOf(c), requireActor(c), c.req.valid('query')), 200),
  );

  // ---------------------------------------------------------------- operations messages
  r.openapi(
    createRoute({
      method: 'get',
      path: '/operations-messages',
      tags,
      summary: 'Published operations messages of the user’s municipalities',
      responses: { 200: ok(ZMessageList), ...problemResponses },
    }),
    async (c) => c.json(await service.listMessages(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/operations-messages',
      tags,
      summary: 'Publish an operations message',
      request: { body: jsonBody(ZMessageInput) },
      responses: { 201: ok(ZMessage, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await service.createMessage(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/operations-messages/{id}/resolve',
      tags,
      summary: 'Close a message with a resolved notice',
      request: { params: ZIdParam, body: jsonBody(ZMessageResolve) },
      responses: { 200: ok(ZMessage), ...problemResponses },
    }),
    async (c) => c.json(await service.resolveMessage(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/operations-messages/{id}/withdraw',
      tags,
      summary: 'Take a message off the public lists',
      request: { params: ZIdParam, body: jsonBody(ZMessageWithdraw) },
      responses: { 200: ok(ZMessage), ...problemResponses },
    }),
    async (c) => c.json(await service.withdrawMessage(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  // ---------------------------------------------------------------- work in service windows
  r.openapi(
    createRoute({
      method: 'get',
      path: '/service-windows/plan',
      tags,
      summary: 'The year’s service windows with the work planned in each (IT staff)',
      request: { query: z.object({ year: ZYear.meta({ label: 'År', labelEn: 'Year' }) }) },
      responses: { 200: ok(ZServiceWindowPlan), ...problemResponses },
    }),
    async (c) => c.json(await windows.windowPlan(dbOf(c), requireActor(c), c.req.valid('query').year), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/window-work',
      tags,
      summary: 'Plan work in a service window (the secondary one needs a reason; a closed day a confirmation)',
      request: { body: jsonBody(ZWindowWorkInput) },
      responses: { 201: ok(ZWindowWork, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await windows.createWork(dbOf(c), requireActor(c), c.req.valid('json')), 201),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/window-work/{id}',
      tags,
      summary: 'Change planned window work',
      request: { params: ZIdParam, body: jsonBody(ZWindowWorkPatch) },
      responses: { 200: ok(ZWindowWork), ...problemResponses },
    }),
    async (c) => c.json(await windows.updateWork(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/window-work/{id}/message',
      tags,
      summary: 'Announce the work as planned work on the operations messages',
      request: { params: ZIdParam },
      responses: { 201: ok(ZMessage, 'Created'), ...problemResponses },
    }),
    async (c) => c.json(await windows.announceWork(dbOf(c), requireActor(c), c.req.valid('param').id), 201),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/window-work/{id}/done',
      tags,
      summary: 'Mark the work done; if it took functions down, it is registered as planned window downtime',
      request: { params: ZIdParam, body: jsonBody(ZWindowWorkDone) },
      responses: { 200: ok(ZWindowWork), ...problemResponses },
    }),
    async (c) => c.json(await windows.completeWork(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/window-work/{id}/cancel',
      tags,
      summary: 'Call the work off (its planned-work message is closed as cancelled)',
      request: { params: ZIdParam, body: jsonBody(ZWindowWorkDone) },
      responses: { 200: ok(ZWindowWork), ...problemResponses },
    }),
    async (c) => c.json(await windows.cancelWork(dbOf(c), requireActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  // ---------------------------------------------------------------- public (no sign-in)
  r.openapi(
    createRoute({
      method: 'get',
      path: '/public/operations/{municipality}',
      tags: ['public'],
      summary: 'A municipality’s published operations messages as JSON (no sign-in; ETag and Last-Modified, 304 when unchanged)',
      request: { params: ZMunicipalityParam },
      responses: { 200: ok(ZPublicMessages), 304: { description: 'Not modified' }, ...problemResponses },
    }),
    async (c) => {
      const { view, maxAge } = await publicView(c, c.req.valid('param').municipality);
      return conditionalResponse(c, {
        body: publicJson(view),
        contentType: 'application/json; charset=utf-8',
        lastModified: view.updated,
        maxAge,
        anyOrigin: true,
      });
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/public/operations/{municipality}/atom',
      tags: ['public'],
      summary: 'A municipality’s published operations messages as an Atom feed (no sign-in; 304 when unchanged)',
      request: { params: ZMunicipalityParam },
      responses: {
        200: { description: 'Atom feed', content: { 'application/atom+xml': { schema: z.string() } } },
        304: { description: 'Not modified' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { view, maxAge } = await publicView(c, c.req.valid('param').municipality);
      return conditionalResponse(c, {
        body: publicAtom(view),
        contentType: 'application/atom+xml; charset=utf-8',
        lastModified: view.updated,
        maxAge,
        anyOrigin: true,
      });
    },
  );
  // ---------------------------------------------------------------- incident reports
  r.openapi(
    createRoute({
      method: 'get',
      path: '/incident-report-templates',
      tags,
      summary: 'Each municipality’s incident report template: its sections and recipients',
      responses: { 200: ok(ZIncidentTemplateList), ...problemResponses },
    }),
    async (c) => c.json(await reports.listTemplates(dbOf(c), requireActor(c)), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/incident-report-templates/{municipalityId}',
      tags,
      summary: 'Change a municipality’s incident report template (IT management)',
      request: { params: ZMunicipalityIdParam, body: jsonBody(ZIncidentTemplateInput) },
      responses: { 200: ok(ZIncidentTemplate), ...problemResponses },
    }),
    async (c) => c.json(await reports.updateTemplate(dbOf(c), requireActor(c), c.req.valid('param').municipalityId, c.req.valid('json')), 200),
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/outages/{id}/reports',
      tags,
      summary: 'The incident’s report to each municipality it affected (a draft filled in from the outage until saved)',
      request: { params: ZIdParam },
      responses: { 200: ok(ZIncidentReportList), ...problemResponses },
    }),
    async (c) => c.json(await reports.listReports(dbOf(c), requireActor(c), c.req.valid('param').id), 200),
  );
  r.openapi(
    createRoute({
      method: 'put',
      path: '/outages/{id}/reports/{municipalityId}',
      tags,
      summary: 'Save the incident report to one municipality',
      request: { params: ZReportParams, body: jsonBody(ZIncidentReportInput) },
      responses: { 200: ok(ZIncidentReport), ...problemResponses },
    }),
    async (c) => {
      const { id, municipalityId } = c.req.valid('param');
      return c.json(await reports.saveReport(dbOf(c), requireActor(c), id, municipalityId, c.req.valid('json')), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/outages/{id}/reports/{municipalityId}/pdf',
      tags,
      summary: 'The incident report to one municipality as PDF',
      request: { params: ZReportParams },
      responses: { 200: fileResponse('The PDF', PDF_CONTENT_TYPE), ...problemResponses },
    }),
    async (c) => {
      const { id, municipalityId } = c.req.valid('param');
      const file = await reports.reportPdf(dbOf(c), requireActor(c), id, municipalityId);
      return download(c, { filename: file.filename, contentType: PDF_CONTENT_TYPE, body: file.pdf });
    },
  );
  r.openapi(
    createRoute({
      method: 'post',
      path: '/outages/{id}/reports/{municipalityId}/send',
      tags,
      summary: 'Send the saved incident report as PDF to the municipality’s recipients',
      request: { params: ZReportParams, body: jsonBody(ZIncidentReportSend) },
      responses: { 200: ok(ZIncidentReport), ...problemResponses },
    }),
    async (c) => {
      const { id, municipalityId } = c.req.valid('param');
      return c.json(await reports.sendReport(dbOf(c), requireActor(c), id, municipalityId, c.req.valid('json')), 200);
    },
  );
  return r;
}

/**
 * The public page of a municipality's operations messages, `/drift/{kommun}`, and its variant for an
 * intranet's iframe, `/drift/{kommun}/inbaddad` (any site may frame it). Server-rendered HTML without
 * scripts; 304 when unchanged.
 */
export function publicPageRoutes() {
  const r = createRouter();
  const page = (embedded: boolean) => async (c: Context<AppEnv>) => {
    const code = c.req.param('municipality') ?? '';
    if (!/^[a-z][a-z0-9-]{1,39}$/.test(code)) return c.notFound();
    const { view, maxAge } = await publicView(c, code);
    // No scripts at all; styles inline; an intranet may frame the embedded variant.
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${embedded ? '*' : "'none'"}`,
    );
    return conditionalResponse(c, { body: publicPage(view, embedded), contentType: 'text/html; charset=utf-8', lastModified: view.updated, maxAge });
  };
  r.get('/drift/:municipality', page(false));
  r.get('/drift/:municipality/inbaddad', page(true));
  return r;
}
