import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Role, Scope } from '../access.ts';
import type { AppConfig } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Database, Db } from '../db/client.ts';
import { AppError } from './errors.ts';
import { forbiddenTextProblems, zodProblems } from './validation.ts';

export { bilingual } from './messages.ts';

/** The signed-in user as every route and service sees it. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  municipalityId: string | null;
  teamId: string | null;
  line: number | null;
  locale: 'sv' | 'en';
  mustChangePassword: boolean;
  /** The account row's version, for PATCH /me. */
  version: number;
  scope: Scope;
}

export interface AppDeps {
  database: Database;
  config: AppConfig;
  logger: Logger;
  /** Secret for signing cookies. */
  secret: string;
  /** Present when OIDC is configured. */
  oidc?: import('../auth/oidc.ts').OidcClient | undefined;
  /** The time the app believes it is (the machine's, or a test's or demo's chosen instant). */
  clock: Clock;
  /** What the actor may reach, by the capabilities' named policies (app/permissions.ts), for the session answer. */
  permissionsOf: (actor: Actor) => Record<string, boolean>;
  /** Stops the scheduled jobs, when they run in this process. */
  stopJobs?: (() => void) | undefined;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    actor: Actor | null;
    csrfToken: string | null;
  };
}

export { zodProblems } from './validation.ts';

/** The request's database handle (every route reads it the same way). */
export function dbOf(c: { get(key: 'deps'): AppDeps }): Db {
  return c.get('deps').database.db;
}

type RouteConfig = Parameters<OpenAPIHono<AppEnv>['openapi']>[0];
type Target = 'json' | 'form' | 'query' | 'param' | 'header' | 'cookie';

/** The schema a route validates `target` with, so problems can name fields by the schema's labels. */
function schemaOf(route: RouteConfig, target: Target): z.core.$ZodType | undefined {
  const request = route.request;
  if (!request) return undefined;
  if (target === 'json' || target === 'form') {
    const content = request.body?.content ?? {};
    const entry = Object.entries(content).find(([type]) => (target === 'json' ? /json/i.test(type) : /form/i.test(type)));
    const media = entry?.[1] as { schema?: unknown } | undefined;
    return media?.schema instanceof z.ZodType ? media.schema : undefined;
  }
  const key = target === 'param' ? 'params' : target === 'header' ? 'headers' : target === 'cookie' ? 'cookies' : 'query';
  const schema = request[key];
  return schema instanceof z.ZodType ? schema : undefined;
}

/**
 * The validation hook of every route: zod failures become one 400 problem document naming each field
 * by its label, and text with control characters (a NUL byte PostgreSQL cannot store, issue 16) is
 * refused in any body, query or path field, whichever schema let it through.
 */
function validationHook(route: RouteConfig | undefined) {
  return (result: { success: true; data: unknown; target: Target } | { success: false; error: z.ZodError; target: Target }) => {
    const prefix = result.target === 'json' ? '' : result.target === 'param' ? 'path' : result.target;
    const schema = route ? schemaOf(route, result.target) : undefined;
    if (!result.success) throw new AppError('validation', zodProblems(result.error, prefix, schema));
    const bad = forbiddenTextProblems(result.data, prefix, schema);
    if (bad.length > 0) throw new AppError('validation', bad);
  };
}

/** A router whose validation failures become 400 problem documents naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook(undefined) as never });
  const register = router.openapi;
  // Each route gets the hook with its own schemas (for the labels); a route's own hook still wins.
  router.openapi = ((route: RouteConfig, handler: never, hook?: never) =>
    register(route as never, handler, hook ?? (validationHook(route) as never))) as typeof router.openapi;
  return router;
}
