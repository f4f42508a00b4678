import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { createRequire } from 'node:module';
import { calendarRoutes } from '../calendar/routes.ts';
import { agreementRoutes } from '../agreements/routes.ts';
import { operationsRoutes, publicPageRoutes } from '../operations/routes.ts';
import { catalogueRoutes } from '../catalogue/routes.ts';
import { missionRoutes } from '../mission/routes.ts';
import { governanceRoutes } from '../governance/routes.ts';
import { siteRoutes } from '../sites/routes.ts';
import { followUpRoutes } from '../followup/routes.ts';
import { assetRoutes } from '../assets/routes.ts';
import { billingRoutes } from '../billing/routes.ts';
import { unitCostRoutes } from '../billing/unit-costs.ts';
import { subscriptionRoutes } from '../billing/subscriptions.ts';
import { orderRoutes } from '../orders/routes.ts';
import { orgRoutes } from '../org/routes.ts';
import { surveyRoutes } from '../surveys/routes.ts';
import { ticketRoutes } from '../tickets/routes.ts';
import { mailRoutes } from '../mail/routes.ts';
import { auditRoutes } from '../platform/audit/routes.ts';
import { authRoutes } from '../org/auth-routes.ts';
import { SESSION_COOKIE, sessionMiddleware } from '../org/sessions.ts';
import { ping } from '../platform/db/client.ts';
import { createRouter, type AppDeps, type AppEnv } from '../platform/http/context.ts';
import { withClock } from '../platform/clock.ts';
import { AppError, fromDatabaseError, problem } from '../platform/http/errors.ts';
import { completeDocument } from '../platform/http/openapi.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const API_VERSION = '0.1.0';

function problemResponse(err: AppError): Response {
  const headers = new Headers({ 'content-type': 'application/problem+json; charset=utf-8' });
  if (typeof err.extra.retryAfterSeconds === 'number') headers.set('retry-after', String(err.extra.retryAfterSeconds));
  return new Response(JSON.stringify(problem(err)), { status: err.status, headers });
}

/** Builds the whole HTTP application. Tests call `app.request()` on it directly (no network). */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();

  app.onError((err, c) => {
    if (err instanceof AppError) return problemResponse(err);
    if (err instanceof HTTPException) {
      if (err.status === 400 && /JSON/i.test(err.message)) {
        return problemResponse(new AppError('malformed_json', [{ field: 'body', reason: err.message, reasonSv: 'ogiltig JSON' }]));
      }
      if (err.status === 413) {
        return problemResponse(
          new AppError('payload_too_large', [
            { field: 'body', reason: `at most ${deps.config.maxBodyBytes} bytes`, reasonSv: `högst ${deps.config.maxBodyBytes} byte` },
          ]),
        );
      }
      // Every other refusal of the framework (415 from the media-type gate, 400 from a body parser) is a
      // problem document too, never a bare text answer.
      if (err.status === 415) return problemResponse(new AppError('unsupported_media_type'));
      if (err.status === 400) {
        return problemResponse(
          new AppError('validation', [{ field: 'body', reason: 'the request body cannot be read', reasonSv: 'begäran kunde inte läsas' }]),
        );
      }
      return err.getResponse();
    }
    const db = fromDatabaseError(err);
    if (db) return problemResponse(db);
    deps.logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return problemResponse(new AppError('internal'));
  });
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? problemResponse(new AppError('not_found', [{ field: 'path', reason: c.req.path, reasonSv: c.req.path }]))
      : c.text('Not found', 404),
  );

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    // Everything the request calls reads "now" from the app's clock (platform/clock.ts).
    await withClock(deps.clock, next);
  });
  app.use(
    '*',
    secureHeaders({
      // A route's own header wins (issue 16: the attachment download's `sandbox` CSP was overwritten).
      overwrite: false,
      // HSTS only where the site is https: on plain http it is meaningless at best (RFC 6797 §7.2).
      strictTransportSecurity: deps.config.baseUrl.startsWith('https:') ? 'max-age=15552000; includeSubDomains' : false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new AppError('payload_too_large', [
          { field: 'body', reason: `at most ${deps.config.maxBodyBytes} bytes`, reasonSv: `högst ${deps.config.maxBodyBytes} byte` },
        ]);
      },
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    // Nothing from the API is cached unless its route says so (the public operations feeds, issue 19).
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  });
  app.use('/api/v1/*', sessionMiddleware());

  app.get('/api/health', async (c) => {
    try {
      await ping(deps.database.db);
      return c.json({ status: 'ok', database: deps.database.driver, version: API_VERSION });
    } catch {
      return c.json({ status: 'unavailable', database: deps.database.driver, version: API_VERSION }, 503);
    }
  });

  app.route('/api/v1/auth', authRoutes());
  app.route('/api/v1', orgRoutes());
  app.route('/api/v1', missionRoutes());
  app.route('/api/v1', auditRoutes());
  app.route('/api/v1', calendarRoutes());
  app.route('/api/v1', ticketRoutes());
  app.route('/api/v1', catalogueRoutes());
  app.route('/api/v1', mailRoutes());
  app.route('/api/v1', orderRoutes());
  app.route('/api/v1', surveyRoutes());
  // Before the asset routes: their /assets/{id} would otherwise take /assets/unit-costs.
  app.route('/api/v1', unitCostRoutes());
  app.route('/api/v1', assetRoutes());
  app.route('/api/v1', agreementRoutes());
  app.route('/api/v1', operationsRoutes());
  app.route('/api/v1', billingRoutes());
  app.route('/api/v1', subscriptionRoutes());
  app.route('/api/v1', governanceRoutes());
  app.route('/api/v1', followUpRoutes());
  app.route('/api/v1', siteRoutes());

  // The document is generated once, on first request, from every route registered above and completed
  // with security schemes, operation ids and valid nullable references (issue 16 §4; openapi.ts).
  let document: object | undefined;
  app.get('/api/openapi.json', (c) => {
    document ??= completeDocument(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Samdesk API',
          version: API_VERSION,
          license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
          description:
            'Service management for a shared municipal IT unit. Errors are application/problem+json with Swedish and English messages. Writes with a session cookie need the X-CSRF-Token header from GET /api/v1/auth/session.',
        },
        servers: [{ url: deps.config.baseUrl }],
      }),
      { sessionCookie: SESSION_COOKIE, csrfHeader: 'X-CSRF-Token' },
    );
    return c.json(document);
  });
  mountApiDocs(app);
  app.route('/', publicPageRoutes());
  mountWeb(app);
  return app;
}

/** Browsable API docs at /api/docs from the swagger-ui-dist package (no CDN: the machine is offline). */
function mountApiDocs(app: OpenAPIHono<AppEnv>): void {
  // The package's folder, found without loading the package: its index pulls in the whole Swagger UI
  // bundle (some 40 MB of memory) only to answer this path (issue 17 §4).
  const root = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Samdesk API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
  app.get('/api/docs', (c) => c.html(html));
  app.get('/api/docs/init.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body("window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });");
  });
  app.get('/api/docs/:file{swagger-ui\\.css|swagger-ui-bundle\\.js}', async (c) => {
    const file = c.req.param('file');
    const body = await readFile(path.join(root, file));
    c.header('content-type', file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(body);
  });
}

/** The built React app, with client-side routes falling back to index.html. */
function mountWeb(app: OpenAPIHono<AppEnv>): void {
  const root = path.relative(process.cwd(), WEB_DIST) || '.';
  app.use('/assets/*', serveStatic({ root, onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable') }));
  app.use('/favicon.svg', serveStatic({ root }));
  app.get('*', async (c) => {
    if (c.req.path.startsWith('/api/')) return c.notFound();
    try {
      return c.html(await readFile(path.join(WEB_DIST, 'index.html'), 'utf8'));
    } catch {
      return c.text('Samdesk: the web UI is not built. Run `npm run build`.', 503);
    }
  });
}
