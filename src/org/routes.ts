import { createRoute, z } from '@hono/zod-openapi';
import { requireActor, requirePolicy, municipalityFilter, assertMunicipality } from '../platform/auth/policy.ts';
import { createRouter } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { ZIdParam, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { importPeople, importUnits } from './import.ts';
import { presentMunicipality, presentPerson, presentTeam, presentUnit, presentUser } from './presenter.ts';
import { UNIT_LEVELS } from './rules.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { ZVersion } from '../platform/http/types.ts';
import { administersOrganisation, readsPeople } from './policy.ts';
import { ROLES } from '../platform/access.ts';

const ZMunicipality = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    orgNumber: z.string().nullable(),
    accountingFields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), pattern: z.string().optional() })),
    version: z.number().int(),
  })
  .openapi('Municipality');
const ZUnit = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    parentId: z.uuid().nullable(),
    level: z.enum(UNIT_LEVELS),
    code: z.string(),
    name: z.string(),
    accountingCodes: z.record(z.string(), z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Unit');
const ZPerson = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    unitId: z.uuid().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    personRole: z.string(),
    staffCategory: z.string().nullable(),
    protectedIdentity: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Person');
const ZTeam = z.object({ id: z.uuid(), code: z.string(), name: z.string(), lines: z.array(z.number().int()) }).openapi('Team');
const ZUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string().nullable(),
    displayName: z.string(),
    municipalityId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    roles: z.array(z.string()),
    teamId: z.uuid().nullable(),
    line: z.number().int().nullable(),
    locale: z.enum(['sv', 'en']),
    active: z.boolean(),
    hasPassword: z.boolean(),
    hasOidc: z.boolean(),
    mustChangePassword: z.boolean(),
    version: z.number().int(),
  })
  .openapi('User');
const ZImportReport = z
  .object({ dryRun: z.boolean(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), linked: z.number().int(), errors: z.array(z.object({ row: z.number().int().optional(), field: z.string(), reason: z.string(), reasonSv: z.string() })) })
  .openapi('ImportReport');

const ZMunicipalityQuery = z.object({ municipalityId: z.uuid().optional() });
const ZCursor = z.string().max(500).optional();


/** Reads a CSV body sent as text/csv (or text/plain). */
async function csvBody(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^text\/(csv|plain)/i.test(type)) throw new AppError('unsupported_media_type', [{ field: 'content-type', reason: 'send the file as text/csv', reasonSv: 'skicka filen som text/csv' }]);
  return req.text();
}

export function orgRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({ method: 'get', path: '/municipalities', tags: ['org'], summary: 'Municipalities you can see', responses: { 200: ok(z.object({ items: z.array(ZMunicipality) })), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const rows = await store.listMunicipalities(c.get('deps').database.db, municipalityFilter(actor));
      return c.json({ items: rows.map(presentMunicipality) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/teams', tags: ['org'], summary: 'The IT unit’s teams and lines (R-1.3)', responses: { 200: ok(z.object({ items: z.array(ZTeam) })), ...problemResponses } }),
    async (c) => {
      requireActor(c);
      const rows = await store.listTeams(c.get('deps').database.db);
      return c.json({ items: rows.map(presentTeam) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/units', tags: ['org'], summary: 'Unit tree (R-1.1)', request: { query: ZMunicipalityQuery }, responses: { 200: ok(z.object({ items: z.array(ZUnit) })), ...problemResponses } }),
    async (c) => {
      const actor = requireActor(c);
      const { municipalityId } = c.req.valid('query');
      const rows = await store.listUnits(c.get('deps').database.db, municipalityFilter(actor, municipalityId));
      return c.json({ items: rows.map(presentUnit) }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'post', path: '/units', tags: ['org'], summary: 'Create a unit', request: { body: jsonBody(service.ZUnitInput) }, responses: { 201: ok(ZUnit, 'Created'), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createUnit(c.get('deps').database.db, actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({ method: 'patch', path: '/units/{id}', tags: ['org'], summary: 'Change a unit (optimistic locking)', request: { params: ZIdParam, body: jsonBody(service.ZUnitPatch) }, responses: { 200: ok(ZUnit), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updateUnit(c.get('deps').database.db, actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/people',
      tags: ['org'],
      summary: 'People (R-1.2), keyset-paginated',
      request: { query: ZMunicipalityQuery.extend({ unitId: z.uuid().optional(), q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: ZCursor }) },
      responses: { 200: ok(z.object({ items: z.array(ZPerson), nextCursor: z.string().nullable() })), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, readsPeople);
      const q = c.req.valid('query');
      const after = decodeCursor(q.cursor, z.object({ lastName: z.string(), firstName: z.string(), id: z.uuid() }));
      const rows = await store.listPeople(c.get('deps').database.db, { municipalityId: municipalityFilter(actor, q.municipalityId), unitId: q.unitId, q: q.q, after, limit: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return c.json({ items: page.map(presentPerson), nextCursor: rows.length > q.limit && last ? encodeCursor({ lastName: last.lastName, firstName: last.firstName, id: last.id }) : null }, 200);
    },
  );

  r.openapi(
    createRoute({ method: 'get', path: '/people/{id}', tags: ['org'], summary: 'One person', request: { params: ZIdParam }, responses: { 200: ok(ZPerson), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, readsPeople);
      const row = await store.findPerson(c.get('deps').database.db, c.req.valid('param').id, municipalityFilter(actor));
      if (!row) throw new AppError('not_found');
      return c.json(presentPerson(row), 200);
    },
  );

  r.openapi(
    createRoute({ method: 'post', path: '/people', tags: ['org'], summary: 'Create a person', request: { body: jsonBody(service.ZPersonInput) }, responses: { 201: ok(ZPerson, 'Created'), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createPerson(c.get('deps').database.db, actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({ method: 'patch', path: '/people/{id}', tags: ['org'], summary: 'Change a person (optimistic locking)', request: { params: ZIdParam, body: jsonBody(service.ZPersonPatch) }, responses: { 200: ok(ZPerson), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updatePerson(c.get('deps').database.db, actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get', path: '/users', tags: ['org'], summary: 'User accounts (administrators), optionally only the active holders of one role',
      request: { query: ZMunicipalityQuery.extend({ role: z.enum(ROLES).optional().describe('only active accounts holding this role, e.g. the agents a desk may take') }) },
      responses: { 200: ok(z.object({ items: z.array(ZUser) })), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      const { municipalityId, role } = c.req.valid('query');
      const rows = await store.listUsers(c.get('deps').database.db, municipalityFilter(actor, municipalityId), undefined, 1000, role);
      return c.json({ items: rows.map(presentUser) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['org'],
      summary: 'Create a local account; answers its one-time password once',
      request: { body: jsonBody(service.ZUserInput) },
      responses: { 201: ok(z.object({ user: ZUser, oneTimePassword: z.string().optional() }), 'Created'), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createUser(c.get('deps').database.db, actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({ method: 'patch', path: '/users/{id}', tags: ['org'], summary: 'Change an account (optimistic locking)', request: { params: ZIdParam, body: jsonBody(service.ZUserPatch) }, responses: { 200: ok(ZUser), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updateUser(c.get('deps').database.db, actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({ method: 'post', path: '/users/{id}/reset-password', tags: ['org'], summary: 'Give an account a new one-time password', request: { params: ZIdParam }, responses: { 200: ok(z.object({ oneTimePassword: z.string() })), ...problemResponses } }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.resetPassword(c.get('deps').database.db, actor, c.req.valid('param').id), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['org'],
      summary: 'Change your own display name or language',
      request: { body: jsonBody(z.strictObject({ version: ZVersion, displayName: z.string().trim().min(1).max(200).optional(), locale: z.enum(['sv', 'en']).optional() })) },
      responses: { 200: ok(ZUser), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      // Only these fields: roles, municipality and team are the administrator's to set (no mass assignment).
      return c.json(await service.updateOwnProfile(c.get('deps').database.db, actor, body), 200);
    },
  );

  for (const kind of ['units', 'people'] as const) {
    r.openapi(
      createRoute({
        method: 'post',
        path: `/import/${kind}`,
        tags: ['org'],
        summary: kind === 'units' ? 'Import units from CSV (all or nothing)' : 'Import people from CSV (all or nothing)',
        request: {
          query: z.object({ municipalityId: z.uuid(), dryRun: z.enum(['true', 'false']).default('false') }),
          body: { required: true, content: { 'text/csv': { schema: z.string() } } },
        },
        responses: { 200: ok(ZImportReport), 422: { description: 'Rejected with a report (line, field, reason); nothing imported' }, ...problemResponses },
      }),
      async (c) => {
        const actor = requirePolicy(c, administersOrganisation);
        const { municipalityId, dryRun } = c.req.valid('query');
        assertMunicipality(actor, municipalityId);
        const csv = await csvBody(c.req.raw);
        const run = kind === 'units' ? importUnits : importPeople;
        return c.json(await run(c.get('deps').database.db, actor, { municipalityId, csv, dryRun: dryRun === 'true' }), 200);
      },
    );
  }

  return r;
}

