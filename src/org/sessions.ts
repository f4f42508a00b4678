import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setSignedCookie } from 'hono/cookie';
import { ROLES, scopeOf, type Role } from '../platform/access.ts';
import type { users } from './schema.ts';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession } from './session-store.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor, AppEnv } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';

export const SESSION_COOKIE = 'samdesk_session';
export const CSRF_HEADER = 'x-csrf-token';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

type UserRow = typeof users.$inferSelect;

/**
 * The session cookie's value if its signature holds (the format of Hono's setSignedCookie: the value,
 * a dot, and the base64 HMAC-SHA-256 of the value). Checked with node:crypto in the request's own turn:
 * Hono's getSignedCookie goes through WebCrypto, whose promise round trip was a visible share of every
 * signed-in request's CPU (issue 17 §4).
 */
function readSessionCookie(c: Context<AppEnv>, secret: string): string | undefined {
  const value = getCookie(c, SESSION_COOKIE);
  if (!value) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot < 0) return undefined;
  const raw = value.slice(0, dot);
  const sent = Buffer.from(value.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', secret).update(raw).digest();
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? raw : undefined;
}

export function actorFromUser(u: UserRow): Actor {
  const roles = u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles,
    municipalityId: u.municipalityId,
    teamId: u.teamId,
    line: u.line,
    locale: u.locale,
    mustChangePassword: u.mustChangePassword,
    version: u.version,
    scope: scopeOf(u),
  };
}

/**
 * Creates a session for the user and sets the signed, HttpOnly, SameSite=Lax cookie. Sessions live in
 * real time (the system clock, not platform/clock.ts): an app running as of another instant (tests,
 * a demo) must never make a cookie outlive its hours, and the browser expires the cookie by real time.
 */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<{ csrfToken: string }> {
  const { database, config, secret } = c.get('deps');
  const raw = token();
  const csrfToken = token();
  const expiresAt = new Date(Date.now() + config.sessionTtlHours * 3_600_000);
  await insertSession(database.db, { id: sha256(raw), userId, csrfToken, expiresAt });
  // Opportunistic clean-up of expired sessions keeps the table small without a job.
  await deleteExpiredSessions(database.db, new Date());
  await setSignedCookie(c, SESSION_COOKIE, raw, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.cookieSecure,
    path: '/',
    expires: expiresAt,
  });
  return { csrfToken };
}

/** The id (hash) of the session the request carries, if any. */
export function currentSessionId(c: Context<AppEnv>): string | undefined {
  const raw = readSessionCookie(c, c.get('deps').secret);
  return raw ? sha256(raw) : undefined;
}

export async function endSession(c: Context<AppEnv>): Promise<void> {
  const { database, secret } = c.get('deps');
  const raw = readSessionCookie(c, secret);
  if (raw) await deleteSession(database.db, sha256(raw));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

async function loadSession(db: Db, raw: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const row = await findLiveSession(db, sha256(raw), new Date());
  return row ? { actor: actorFromUser(row.user), csrfToken: row.csrfToken } : null;
}

/** What a user holding a one-time password may still reach. */
const PASSWORD_CHANGE_PATHS = new Set(['/api/v1/auth/session', '/api/v1/auth/password', '/api/v1/auth/logout', '/api/v1/auth/providers', '/api/v1/auth/login']);

/**
 * Endpoints for anyone, signed in or not: opening hours (issue 3), and under /api/v1/public/ the model
 * range (issue 6) and the satisfaction survey answered through its signed link (issue 5). They never
 * act as the session's user, so the session cookie is not read for them (no CSRF token is needed: a
 * survey answer is authorised by its signed token alone).
 */
const PUBLIC_PREFIXES = ['/api/v1/calendar/', '/api/v1/public/'];
const isPublic = (path: string) => PUBLIC_PREFIXES.some((p) => path.startsWith(p));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Reads the session cookie into `actor`. Every cookie-authenticated write must carry the session's
 * CSRF token in `X-CSRF-Token` (double-submit defence on top of SameSite=Lax), and a cross-site
 * `Origin` is refused outright.
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { database, secret, config } = c.get('deps');
    c.set('actor', null);
    c.set('csrfToken', null);
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe) {
      const origin = c.req.header('origin');
      if (origin && origin !== new URL(config.baseUrl).origin && origin !== new URL(c.req.url).origin) throw new AppError('csrf');
    }
    const raw = isPublic(c.req.path) ? undefined : readSessionCookie(c, secret);
    if (raw) {
      const s = await loadSession(database.db, raw);
      if (s) {
        if (unsafe && c.req.path !== '/api/v1/auth/login') {
          const sent = c.req.header(CSRF_HEADER);
          if (!sent || !sameToken(sent, s.csrfToken)) throw new AppError('csrf');
        }
        if (s.actor.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(c.req.path)) throw new AppError('password_change_required');
        c.set('actor', s.actor);
        c.set('csrfToken', s.csrfToken);
      }
    }
    await next();
  };
}
