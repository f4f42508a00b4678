import { pino } from 'pino';
import type { Role } from '../../src/platform/access.ts';
import { findMunicipality, findUserByUsername } from '../../src/org/store.ts';
import { createUser } from '../../src/org/service.ts';
import { teams } from '../../src/org/schema.ts';
import { boot, type BootResult } from '../../src/app/boot.ts';
import { clockFrom } from '../../src/platform/clock.ts';
import { testClock } from './clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { testDatabase, type TestDatabase } from './db.ts';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestContext {
  app: BootResult['app'];
  deps: BootResult['deps'];
  database: TestDatabase;
  /** Ids of the seeded municipalities by code. */
  municipalities: { tranemo: string; ulricehamn: string };
  /** Creates an account with TEST_PASSWORD (no forced change) and answers a signed-in client. */
  userClient(props: { username: string; roles: Role[]; municipality?: 'tranemo' | 'ulricehamn' | null; team?: string; line?: number }): Promise<TestClient>;
  close(): Promise<void>;
}

/** Boots the whole app on a fresh database with the built-in configuration. */
export async function testContext(
  options: {
    demo?: boolean;
    env?: Record<string, string>;
    /** The app runs as of this instant (its clock then runs on); default the test process's (support/clock.ts). */ now?: Date;
  } = {},
): Promise<TestContext> {
  const database = await testDatabase();
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...options.env });
  const clock = options.now ? clockFrom(options.now) : testClock;
  const booted = await boot(config, { database, demo: options.demo === true, logger: pino({ level: 'silent' }), clock });
  const db = database.db;
  const tranemo = await findMunicipality(db, 'tranemo');
  const ulricehamn = await findMunicipality(db, 'ulricehamn');
  if (!tranemo || !ulricehamn) throw new Error('seed missing');
  const municipalities = { tranemo: tranemo.id, ulricehamn: ulricehamn.id };
  return {
    app: booted.app,
    deps: booted.deps,
    database,
    municipalities,
    async userClient(props) {
      if (!(await findUserByUsername(db, props.username))) {
        const allTeams = await db.select().from(teams);
        const teamId = props.team ? (allTeams.find((t) => t.code === props.team)?.id ?? null) : null;
        await createUser(db, null, {
          username: props.username,
          displayName: props.username,
          email: `${props.username}@example.se`,
          municipalityId: props.municipality ? municipalities[props.municipality] : null,
          personId: null,
          roles: props.roles,
          teamId,
          line: props.line ?? null,
          locale: 'sv',
          password: TEST_PASSWORD,
        });
      }
      const client = new TestClient(booted.app);
      await client.login(props.username, TEST_PASSWORD);
      return client;
    },
    close: () => database.close(),
  };
}

type Fetchable = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/** An in-process HTTP client (Hono `app.request`) that keeps the session cookie and CSRF token. */
export class TestClient {
  cookie = '';
  csrf = '';
  constructor(private readonly app: Fetchable) {}

  async login(username: string, password: string): Promise<Response> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status === 200) {
      const body = (await res.clone().json()) as { csrfToken: string };
      this.csrf = body.csrfToken;
    }
    return res;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] ??= this.csrf;
    if (body !== undefined) {
      if (typeof body === 'string') init.body = body;
      else if (body instanceof Uint8Array) init.body = body as Uint8Array<ArrayBuffer>;
      else {
        init.body = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await this.app.request(`http://localhost${path}`, init);
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair?.startsWith('samdesk_session=')) this.cookie = /Max-Age=0|expires=Thu, 01 Jan 1970/i.test(c) ? '' : pair;
    }
    return res;
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }
  patch(path: string, body?: unknown) {
    return this.request('PATCH', path, body);
  }

  async json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }
}
