import { createRoute, z } from '@hono/zod-openapi';
import { requireActor, requirePolicy, municipalityFilter, assertMunicipality } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../platform/http/cursor.ts';
import { ZIdParam, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { importPeople, importUnits } from './import.ts';
import { presentMunicipality, presentPerson, presentTeam, presentUnit, presentUser } from './presenter.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { administersOrganisation, readsPeople } from './policy.ts';
import {
  ZCreatedUser,
  ZImportQuery,
  ZImportReport,
  ZMunicipalityList,
  ZMunicipalityQuery,
  ZOneTimePassword,
  ZOwnProfilePatch,
  ZPeopleCursor,
  ZPeopleQuery,
  ZPerson,
  ZPersonInput,
  ZPersonPage,
  ZPersonPatch,
  ZTeamList,
  ZUnit,
  ZUnitInput,
  ZUnitList,
  ZUnitPatch,
  ZUser,
  ZUserInput,
  ZUserList,
  ZUserPatch,
  ZUsersQuery,
} from './contract.ts';

/** Reads a CSV body sent as text/csv (or text/plain). */
async function csvBody(req: Request): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^text\/(csv|plain)/i.test(type)) {
    throw new AppError('unsupported_media_type', [{ field: 'content-type', reason: 'send the file as text/csv', reasonSv: 'skicka filen som text/csv' }]);
  }
  return req.text();
}

export function orgRoutes() {
  const r = createRouter();

  r.openapi(
    createRoute({
      method: 'get',
      path: '/municipalities',
      tags: ['org'],
      summary: 'Municipalities you can see',
      responses: { 200: ok(ZMunicipalityList), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const rows = await store.listMunicipalities(dbOf(c), municipalityFilter(actor));
      return c.json({ items: rows.map(presentMunicipality) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/teams',
      tags: ['org'],
      summary: 'The IT unit’s teams and lines (R-1.3)',
      responses: { 200: ok(ZTeamList), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const rows = await store.listTeams(dbOf(c));
      return c.json({ items: rows.map(presentTeam) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/units',
      tags: ['org'],
      summary: 'Unit tree (R-1.1)',
      request: { query: ZMunicipalityQuery },
      responses: { 200: ok(ZUnitList), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { municipalityId } = c.req.valid('query');
      const rows = await store.listUnits(dbOf(c), municipalityFilter(actor, municipalityId));
      return c.json({ items: rows.map(presentUnit) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/units',
      tags: ['org'],
      summary: 'Create a unit',
      request: { body: jsonBody(ZUnitInput) },
      responses: { 201: ok(ZUnit, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createUnit(dbOf(c), actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/units/{id}',
      tags: ['org'],
      summary: 'Change a unit (optimistic locking)',
      request: { params: ZIdParam, body: jsonBody(ZUnitPatch) },
      responses: { 200: ok(ZUnit), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updateUnit(dbOf(c), actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/people',
      tags: ['org'],
      summary: 'People (R-1.2), keyset-paginated',
      request: { query: ZPeopleQuery },
      responses: { 200: ok(ZPersonPage), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, readsPeople);
      const q = c.req.valid('query');
      const after = decodeCursor(q.cursor, ZPeopleCursor);
      const rows = await store.listPeople(dbOf(c), {
        municipalityId: municipalityFilter(actor, q.municipalityId),
        unitId: q.unitId,
        q: q.q,
        after,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return c.json(
        {
          items: page.map(presentPerson),
          nextCursor: rows.length > q.limit && last ? encodeCursor({ lastName: last.lastName, firstName: last.firstName, id: last.id }) : null,
        },
        200,
      );
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/people/{id}',
      tags: ['org'],
      summary: 'One person',
      request: { params: ZIdParam },
      responses: { 200: ok(ZPerson), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, readsPeople);
      const row = await store.findPerson(dbOf(c), c.req.valid('param').id, municipalityFilter(actor));
      if (!row) throw new AppError('not_found');
      return c.json(presentPerson(row), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/people',
      tags: ['org'],
      summary: 'Create a person',
      request: { body: jsonBody(ZPersonInput) },
      responses: { 201: ok(ZPerson, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createPerson(dbOf(c), actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/people/{id}',
      tags: ['org'],
      summary: 'Change a person (optimistic locking)',
      request: { params: ZIdParam, body: jsonBody(ZPersonPatch) },
      responses: { 200: ok(ZPerson), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updatePerson(dbOf(c), actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['org'],
      summary: 'User accounts (administrators), optionally only the active holders of one role',
      request: { query: ZUsersQuery },
      responses: { 200: ok(ZUserList), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      const { municipalityId, role } = c.req.valid('query');
      const rows = await store.listUsers(dbOf(c), municipalityFilter(actor, municipalityId), undefined, 1000, role);
      return c.json({ items: rows.map(presentUser) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['org'],
      summary: 'Create a local account; answers its one-time password once',
      request: { body: jsonBody(ZUserInput) },
      responses: { 201: ok(ZCreatedUser, 'Created'), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.createUser(dbOf(c), actor, c.req.valid('json')), 201);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['org'],
      summary: 'Change an account (optimistic locking)',
      request: { params: ZIdParam, body: jsonBody(ZUserPatch) },
      responses: { 200: ok(ZUser), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.updateUser(dbOf(c), actor, c.req.valid('param').id, c.req.valid('json')), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/users/{id}/reset-password',
      tags: ['org'],
      summary: 'Give an account a new one-time password',
      request: { params: ZIdParam },
      responses: { 200: ok(ZOneTimePassword), ...problemResponses },
    }),
    async (c) => {
      const actor = requirePolicy(c, administersOrganisation);
      return c.json(await service.resetPassword(dbOf(c), actor, c.req.valid('param').id), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/me',
      tags: ['org'],
      summary: 'Change your own display name or language',
      request: { body: jsonBody(ZOwnProfilePatch) },
      responses: { 200: ok(ZUser), ...problemResponses },
    }),
    async (c) => {
      const actor = requireActor(c);
      const body = c.req.valid('json');
      // Only these fields: roles, municipality and team are the administrator's to set (no mass assignment).
      return c.json(await service.updateOwnProfile(dbOf(c), actor, body), 200);
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
          query: ZImportQuery,
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
        return c.json(await run(dbOf(c), actor, { municipalityId, csv, dryRun: dryRun === 'true' }), 200);
      },
    );
  }

  return r;
}
