import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { presentUser } from './presenter.ts';
import { findUser, findUserByUsername, findUserForOidc, setUserPassword, updateUserRow } from './store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { now } from '../platform/clock.ts';
import { createRouter, type Actor, type AppEnv } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { ZProblem, jsonBody, ok, problemResponses } from '../platform/http/openapi.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../platform/auth/passwords.ts';
import { requireActor } from '../platform/auth/policy.ts';
import { admitAttempt, forgetOldFailures, recordSuccess, signInOrigin } from './throttle.ts';
import { actorFromUser, currentSessionId, endSession, startSession } from './sessions.ts';
import { endUserSessions } from './session-store.ts';
import { ZLoginInput, ZPasswordChange, ZProviders, ZSession, type Providers, type Session, type SessionUser } from './contract.ts';

/** The session's user as the UI sees it: the account without its scope, and what it may reach. */
function presentSessionUser(actor: Actor, can: Record<string, boolean>): SessionUser {
  const { id, username, displayName, email, roles, municipalityId, teamId, line, locale, mustChangePassword, version } = actor;
  return { id, username, displayName, email, roles, municipalityId, teamId, line, locale, mustChangePassword, version, can };
}

const OIDC_COOKIE = 'samdesk_oidc';
// A well-formed argon2id hash of a random string: verifying against it costs as much as a real
// check, so a missing username takes as long as a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

export function authRoutes() {
  const r = createRouter();

  r.openapi(createRoute({ method: 'get', path: '/providers', tags: ['auth'], summary: 'Sign-in methods', responses: { 200: ok(ZProviders) } }), (c) => {
    const { oidc } = c.get('deps');
    return c.json({ local: true, oidc: oidc ? { label: oidc.label } : null } satisfies Providers, 200);
  });

  r.openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags: ['auth'],
      summary: 'Sign in with a local account',
      request: { body: jsonBody(ZLoginInput) },
      responses: {
        200: ok(ZSession),
        401: { description: 'Wrong username or password', content: { 'application/problem+json': { schema: ZProblem } } },
        429: {
          description: 'Too many failed sign-ins from this client (for this username or in all); see Retry-After',
          content: { 'application/problem+json': { schema: ZProblem } },
        },
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const { database } = c.get('deps');
      const origin = signInOrigin(c);
      // Counted before the password is checked (issue 16): parallel guesses cannot overtake the count.
      await admitAttempt(database.db, origin, username);
      const user = await findUserByUsername(database.db, username);
      dummyHash ??= hashPassword(crypto.randomUUID());
      const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
      if (!user || !user.active || !valid) {
        // The audit trail names who was tried, from where and why it failed — never the password.
        const reason = !user ? 'unknown_user' : !user.active ? 'inactive' : !user.passwordHash ? 'no_local_password' : 'wrong_password';
        await writeAudit(database.db, {
          actorUserId: null,
          municipalityId: user?.municipalityId ?? null,
          entity: user ? 'user' : 'login',
          entityId: user?.id ?? username.toLowerCase(),
          action: 'login_failed',
          after: { username, ip: origin.address, reason },
        });
        await forgetOldFailures(database.db);
        throw new AppError('invalid_credentials');
      }
      await recordSuccess(database.db, origin, username);
      const { csrfToken } = await startSession(c, user.id);
      await writeAudit(database.db, {
        actorUserId: user.id,
        municipalityId: user.municipalityId,
        entity: 'user',
        entityId: user.id,
        action: 'login',
        after: { method: 'local' },
      });
      const actor = actorFromUser(user);
      return c.json({ user: presentSessionUser(actor, c.get('deps').permissionsOf(actor)), csrfToken } satisfies Session, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      tags: ['auth'],
      summary: 'Sign out',
      responses: { 204: { description: 'Signed out' }, 403: problemResponses[403] },
    }),
    async (c) => {
      await endSession(c);
      return c.body(null, 204);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/session',
      tags: ['auth'],
      summary: 'The current session',
      responses: { 200: ok(ZSession), 401: { description: 'Not signed in' } },
    }),
    (c) => {
      const actor = requireActor(c);
      return c.json({ user: presentSessionUser(actor, c.get('deps').permissionsOf(actor)), csrfToken: c.get('csrfToken') ?? '' } satisfies Session, 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/password',
      tags: ['auth'],
      summary: 'Change your own password',
      request: { body: jsonBody(ZPasswordChange) },
      responses: { 204: { description: 'Changed' }, 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403] },
    }),
    async (c) => {
      const actor = requireActor(c);
      const { currentPassword, newPassword } = c.req.valid('json');
      const { database } = c.get('deps');
      const user = await findUser(database.db, actor.id, undefined);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError('validation', [{ field: 'currentPassword', reason: 'wrong password', reasonSv: 'fel lösenord' }]);
      }
      const problems = passwordProblems(newPassword, 'newPassword');
      if (newPassword === currentPassword) {
        problems.push({ field: 'newPassword', reason: 'must differ from the current password', reasonSv: 'måste skilja sig från det nuvarande lösenordet' });
      }
      if (problems.length) throw new AppError('validation', problems);
      const passwordHash = await hashPassword(newPassword);
      const keep = currentSessionId(c);
      await database.db.transaction(async (tx) => {
        await setUserPassword(tx, actor.id, { passwordHash, mustChangePassword: false, updatedAt: now() });
        // Issue 16: whoever else holds a session of this account (a stolen cookie) is signed out.
        await endUserSessions(tx, actor.id, keep);
        await writeAudit(tx, { actorUserId: actor.id, municipalityId: actor.municipalityId, entity: 'user', entityId: actor.id, action: 'change_password' });
      });
      return c.body(null, 204);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/oidc/login',
      tags: ['auth'],
      summary: 'Start sign-in at the identity provider',
      responses: { 302: { description: 'Redirect to the provider' }, 404: problemResponses[404] },
    }),
    async (c) => {
      const { oidc, secret, config } = c.get('deps');
      if (!oidc) throw new AppError('oidc_disabled');
      const start = await oidc.begin();
      await setSignedCookie(c, OIDC_COOKIE, JSON.stringify({ v: start.verifier, s: start.state, n: start.nonce }), secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: config.cookieSecure,
        path: '/api/v1/auth/oidc',
        maxAge: 600,
      });
      return c.redirect(start.url, 302);
    },
  );

  // The OIDC cookie is single-use: drop it whatever the callback answers. Done after the handler
  // because a problem answer is a fresh response that would lose a cookie the handler had dropped.
  r.use(
    '/oidc/callback',
    createMiddleware<AppEnv>(async (c, next) => {
      await next();
      deleteCookie(c, OIDC_COOKIE, { path: '/api/v1/auth/oidc' });
    }),
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/oidc/callback',
      tags: ['auth'],
      summary: 'Return from the identity provider',
      responses: { 302: { description: 'Signed in; redirect to the UI' }, 401: problemResponses[401], 404: problemResponses[404] },
    }),
    async (c) => {
      const { oidc, secret, config, database, logger } = c.get('deps');
      if (!oidc) throw new AppError('oidc_disabled');
      const raw = await getSignedCookie(c, secret, OIDC_COOKIE);
      const parsed = z.object({ v: z.string(), s: z.string(), n: z.string() }).safeParse(raw ? JSON.parse(raw) : null);
      if (!parsed.success) throw new AppError('oidc_failed');
      const callbackUrl = new URL(c.req.url);
      const publicUrl = new URL(`${config.baseUrl}/api/v1/auth/oidc/callback${callbackUrl.search}`);
      let claims;
      try {
        claims = await oidc.finish(publicUrl, { verifier: parsed.data.v, state: parsed.data.s, nonce: parsed.data.n });
      } catch (e) {
        logger.warn({ err: e }, 'OIDC callback failed');
        throw new AppError('oidc_failed');
      }
      const user = await findUserForOidc(database.db, claims.sub, claims.email);
      if (!user || !user.active) throw new AppError('oidc_unknown_user');
      // Every account an administrator creates starts with a one-time password, and a session of a
      // user who must change it reaches nothing but the password form — a dead end for someone who
      // signs in through the provider and never received that password. The provider has proven the
      // identity, so the unused one-time password is voided (an administrator can issue a new one).
      const voidOneTimePassword = user.mustChangePassword;
      if (user.oidcSubject !== claims.sub || voidOneTimePassword) {
        await database.db.transaction(async (tx) => {
          const updated = await updateUserRow(tx, user.id, {
            oidcSubject: claims.sub,
            ...(voidOneTimePassword ? { passwordHash: null, mustChangePassword: false } : {}),
            updatedAt: now(),
          });
          if (!updated) throw new AppError('oidc_unknown_user');
          const entry = {
            actorUserId: user.id,
            municipalityId: user.municipalityId,
            entity: 'user',
            entityId: user.id,
            before: presentUser(user),
            after: presentUser(updated),
          };
          if (user.oidcSubject !== claims.sub) await writeAudit(tx, { ...entry, action: 'link_oidc' });
          if (voidOneTimePassword) await writeAudit(tx, { ...entry, action: 'void_one_time_password' });
        });
      }
      await startSession(c, user.id);
      await writeAudit(database.db, {
        actorUserId: user.id,
        municipalityId: user.municipalityId,
        entity: 'user',
        entityId: user.id,
        action: 'login',
        after: { method: 'oidc' },
      });
      return c.redirect('/', 302);
    },
  );

  return r;
}
