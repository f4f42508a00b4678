import { createRoute, z } from '@hono/zod-openapi';
import { requireActor } from '../platform/auth/policy.ts';
import { createRouter, dbOf } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ok, problemResponses } from '../platform/http/openapi.ts';
import { ZMissionDateQuery, ZMissionSummaryList, ZMissionVersion, type MissionSummary, type MissionVersion } from './contract.ts';
import { listMissions, missionOn } from './service.ts';

const present = (m: Awaited<ReturnType<typeof missionOn>>): MissionVersion => ({
  year: m.year,
  effectiveFrom: m.effectiveFrom,
  title: m.title,
  version: m.version,
  document: m.document,
});

export function missionRoutes() {
  const r = createRouter();
  r.openapi(
    createRoute({
      method: 'get',
      path: '/mission',
      tags: ['mission'],
      summary: 'The yearly mission in force on a date (default today, Europe/Stockholm)',
      request: { query: ZMissionDateQuery },
      responses: { 200: ok(ZMissionVersion), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      return c.json(present(await missionOn(dbOf(c), c.req.valid('query').date)), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/missions',
      tags: ['mission'],
      summary: 'All stored mission versions',
      responses: { 200: ok(ZMissionSummaryList), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const rows = await listMissions(dbOf(c));
      return c.json({ items: rows.map(({ year, effectiveFrom, title, version }): MissionSummary => ({ year, effectiveFrom, title, version })) }, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/missions/{year}',
      tags: ['mission'],
      summary: 'One year’s mission',
      request: {
        params: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2100)
            .openapi({ param: { name: 'year', in: 'path' } }),
        }),
      },
      responses: { 200: ok(ZMissionVersion), ...problemResponses },
    }),
    async (c) => {
      requireActor(c);
      const { year } = c.req.valid('param');
      const found = (await listMissions(dbOf(c))).find((m) => m.year === year);
      if (!found) throw new AppError('not_found');
      return c.json(present(found), 200);
    },
  );
  return r;
}
