import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Role, Scope } from '../../org/rules.ts';
import type { AppConfig } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { AppError, type FieldProblem } from './errors.ts';
import { swedishFor } from './messages.ts';

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

const swedish = z.locales.sv();
/** Swedish wording of a zod issue: the schema's own text, else zod's Swedish locale. */
function swedishReason(issue: z.core.$ZodIssue): string {
  const own = swedishFor(issue.message);
  if (own !== undefined) return own;
  const m = swedish.localeError(issue as never);
  const text = typeof m === 'string' ? m : (m?.message ?? issue.message);
  return text.replace(/, fick undefined$/, '');
}

const isMissing = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && / received undefined$/.test(issue.message);

/** Turns zod issues into field problems (`field` is the dotted path, `body` for the root). */
export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((i) => {
    const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
    return keys.map((k): FieldProblem => {
      const path = [...i.path, ...(k === undefined ? [] : [k])].map(String).join('.');
      const field = prefix && path ? `${prefix}.${path}` : path || prefix || 'body';
      if (i.code === 'unrecognized_keys') return { field, reason: 'unknown field', reasonSv: 'okänt fält' };
      if (isMissing(i)) return { field, reason: 'required', reasonSv: 'obligatoriskt' };
      return { field, reason: i.message, reasonSv: swedishReason(i) };
    });
  });
}

/** A router whose validation failures become 400 problem documents naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const prefix = result.target === 'json' ? '' : result.target === 'param' ? 'path' : result.target;
        throw new AppError('validation', zodProblems(result.error, prefix));
      }
    },
  });
}
