import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { TestContext } from './app.ts';

/**
 * A local OpenID Connect identity provider for tests (oidc-provider v9, a devDependency) and a
 * cookie-carrying, redirect-following `fetch` that plays the browser's part. Nothing here talks to
 * anything but 127.0.0.1.
 */

export interface IdpAccount {
  sub: string;
  email: string;
  name: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/* oidc-provider ships no type definitions; this is the part of its API used here. */
interface ProviderAccount {
  accountId: string;
  claims(use: string, scope: string): Record<string, unknown>;
}
interface ProviderConfiguration {
  clients: Record<string, unknown>[];
  findAccount(ctx: unknown, id: string): ProviderAccount | undefined;
  claims: Record<string, string[]>;
  cookies: { keys: string[] };
  jwks: { keys: JsonWebKey[] };
  features: { devInteractions: { enabled: boolean } };
  ttl: Record<string, number>;
}
interface Provider {
  callback(): RequestListener;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
interface ProviderModule {
  Provider: new (issuer: string, configuration: ProviderConfiguration) => Provider;
}

// A non-literal specifier keeps TypeScript from demanding the missing declaration file.
const OIDC_PROVIDER: string = 'oidc-provider';

/**
 * A loopback HTTP server already listening on a free port, its request handler attached later: a
 * service whose own address must be configured before it is built (the provider's issuer, Samdesk's
 * BASE_URL) gets a port without the race of probing one and listening again.
 */
export interface LoopbackServer {
  url: string;
  handle(listener: RequestListener): void;
  close(): Promise<void>;
}

export function loopbackServer(): Promise<LoopbackServer> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        handle: (listener) => server.on('request', listener),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Serves the test app on `server` (whose address the app was booted with as BASE_URL). */
export function serveApp(server: LoopbackServer, ctx: TestContext): void {
  const listener = getRequestListener(ctx.app.fetch);
  server.handle((req, res) => void listener(req, res));
}

/**
 * Starts oidc-provider on a free loopback port with one confidential client (code flow; no
 * token_endpoint_auth_method, so client_secret_basic, which v9 also accepts sent as
 * client_secret_post) and the given accounts, whose `email` and `name` it answers at the UserInfo
 * endpoint only (its default `conformIdTokenClaims`). Login and consent are its built-in development
 * interactions: a login form whose `login` field is the account id (any password), and a consent form.
 */
export async function startTestIdp(props: { redirectUri: string; accounts: IdpAccount[] }): Promise<TestIdp> {
  const { Provider } = (await import(OIDC_PROVIDER)) as ProviderModule;
  const server = await loopbackServer();
  const issuer = server.url;
  const clientId = 'samdesk';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [props.redirectUri], response_types: ['code'], grant_types: ['authorization_code'] },
    ],
    findAccount(_ctx, id) {
      const account = props.accounts.find((a) => a.sub === id);
      if (!account) return undefined;
      return { accountId: account.sub, claims: () => ({ sub: account.sub, email: account.email, email_verified: true, name: account.name }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, alg: 'RS256', use: 'sig' }] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  });
  // Errors are part of some tests; a listener keeps koa from printing their stack traces.
  provider.on('error', () => {});
  server.handle(provider.callback());
  return { issuer, clientId, clientSecret, close: () => server.close() };
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies per host (host:port), with the path rule browsers apply; enough for these flows. */
export class CookieJar {
  readonly #byHost = new Map<string, Map<string, StoredCookie>>();

  /** The Cookie header for a request to `url`, or undefined. */
  header(url: URL): string | undefined {
    const pairs = [...(this.#byHost.get(url.host)?.values() ?? [])]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  get(url: string | URL, name: string): string | undefined {
    const host = new URL(url).host;
    return [...(this.#byHost.get(host)?.values() ?? [])].find((c) => c.name === name)?.value;
  }

  /** Takes in the response's Set-Cookie headers; expired ones delete. */
  store(url: URL, res: Response): void {
    const jar = this.#byHost.get(url.host) ?? new Map<string, StoredCookie>();
    this.#byHost.set(url.host, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', v = ''] = attribute.split('=');
        if (/^path$/i.test(key)) path = v;
        if (/^max-age$/i.test(key) && Number(v) <= 0) expired = true;
        if (/^expires$/i.test(key) && Date.parse(v) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) jar.delete(key);
      else jar.set(key, { name, value, path });
    }
  }
}

/** One request as a browser would send it: the jar's cookies go along, redirects are not followed. */
export async function browserFetch(jar: CookieJar, url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  const cookie = jar.header(target);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  jar.store(target, res);
  return res;
}
