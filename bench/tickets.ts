/**
 * Benchmark of the service desk queues and search (issue 4): `node --import tsx bench/tickets.ts`.
 * Not a timed test: it prints figures for docs/benchmarks.md.
 *
 * Generates (bench/generate-tickets.ts) a fresh PostgreSQL database `samdesk_bench` with 1,000,000
 * tickets, or with `--reuse` keeps one that already holds that many. Then boots the app against it,
 * serves it on a loopback port and measures sequential requests to `GET /api/v1/tickets` with a
 * keep-alive client (Node's fetch), signed in as a 1st-line IT agent and as an end user. Every SQL
 * statement the process sends is counted (pg.Client#query is wrapped), so the statements per request
 * include the session lookup. Finally EXPLAIN (ANALYZE, BUFFERS) of the queue and search statements
 * exactly as the app sent them.
 *
 * Options: `--reuse` (keep a populated database), `--generate-only`; environment `BENCH_TICKETS`
 * (default 1,000,000), `BENCH_REQUESTS` (per scenario, default 200), `BENCH_WARMUP` (default 30),
 * `BENCH_ADMIN_URL` (default postgres://postgres@127.0.0.1:5432/postgres), `BENCH_DB`.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { pino } from 'pino';
import { boot } from '../src/app/boot.ts';
import { loadConfig } from '../src/platform/config.ts';
import { AGENT_USERNAME, BENCH_PASSWORD, END_USER_USERNAME, benchUrl, generate } from './generate-tickets.ts';

const N_TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const N_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const N_WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const args = new Set(process.argv.slice(2));

// ---- data set ----------------------------------------------------------------------------------
const generated = await generate({ n: N_TICKETS, reuse: args.has('--reuse') });
if (args.has('--generate-only')) process.exit(0);

// ---- statement counting ------------------------------------------------------------------------
// Every statement goes through pg.Client#query (the pool hands out Clients). Requests are sequential,
// so the count between sending a request and reading its body belongs to that request.
interface Sent {
  text: string;
  values: unknown[];
}
let statements = 0;
let sent: Sent[] = [];
type QueryFn = (...a: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };
const originalQuery = clientProto.query;
clientProto.query = function (this: pg.Client, ...a: unknown[]) {
  statements++;
  const first = a[0];
  if (typeof first === 'string') sent.push({ text: first, values: Array.isArray(a[1]) ? (a[1] as unknown[]) : [] });
  else if (first && typeof first === 'object' && 'text' in first) {
    const cfg = first as { text: string; values?: unknown[] };
    sent.push({ text: cfg.text, values: cfg.values ?? (Array.isArray(a[1]) ? (a[1] as unknown[]) : []) });
  }
  return originalQuery.apply(this, a);
};

// ---- the app on a loopback port ----------------------------------------------------------------
const booted = await boot(loadConfig({ DATABASE_URL: benchUrl(), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
const server = serve({ fetch: booted.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('samdesk_session='));
  await res.arrayBuffer();
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}
const agentCookie = await signIn(AGENT_USERNAME);
const userCookie = await signIn(END_USER_USERNAME);

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}
interface Sample {
  ms: number;
  statements: number;
  rows: number;
}

async function get(cookie: string, path: string): Promise<{ page: Page; sample: Sample; sql: Sent[] }> {
  statements = 0;
  sent = [];
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  const page = JSON.parse(text) as Page;
  return { page, sample: { ms, statements, rows: page.items.length }, sql: sent };
}

// Deterministic choice of search words, so runs are comparable.
let seed = 0x2023_0004;
function random(): number {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
  seed ^= seed >>> 12;
  return (seed >>> 0) / 4_294_967_296;
}
const choose = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

// In the generated data: COMMON words are in 5–20 % of the tickets, LESS_COMMON in 0.5–2 %, RARE in
// none or one (ticket numbers, words nobody wrote); HYPHENATED are Swedish compounds with a hyphen,
// which websearch_to_tsquery turns into a phrase ('e-post' <-> 'e' <-> 'post').
const COMMON = ['skrivare', 'lösenord', 'wifi', 'Teams', 'skärm', 'datorn', 'Outlook', 'logga in', 'felmeddelande', 'Tranemo', 'Ulricehamn', 'behörighet'];
const RARE = ['SharePoint', 'BankID', 'Adobe', 'Lindome', 'plotter'];
const NUMBERS = ['2024-012345', '2022-150001', '2025-000042', '2023-1999', '2026-00012'];
const HYPHENATED = ['e-post', 'P-mappen', 'e-post mobilen', 'Teams-möten', 'P-mappen återställd'];
const LESS_COMMON = [
  'Hössna',
  'Rångedala',
  'Procapita',
  'webbkameran',
  'headset',
  'projektorn',
  'tangentbordet',
  'Chromebook',
  'hänvisning',
  'webbfiltret',
  'Proceedo',
  'dockningsstationen',
];
const TWO_WORDS = [
  'skrivare Tranemo',
  'lösenord låst',
  'wifi Dalstorp',
  'Teams mikrofonen',
  'skärm svart',
  'Outlook kalender',
  'VPN hemifrån',
  'Visma licens',
  'iPad uppdatering',
  'e-post mobilen',
];

const QUEUE = '/api/v1/tickets?line=1&status=new,open,waiting&limit=50';
interface Scenario {
  key: string;
  label: string;
  cookie: string;
  /** Path of the next measured request (may fetch unmeasured pages first). */
  next: () => Promise<string>;
  target: number;
}

// Deeper pages: walk the 1st-line queue from page 1 and measure pages 2–20.
let cursorChain: string[] = [];
async function nextDeepPage(): Promise<string> {
  if (!cursorChain.length) {
    let path = QUEUE;
    const chain: string[] = [];
    for (let p = 2; p <= 20; p++) {
      const { page } = await get(agentCookie, path);
      if (!page.nextCursor) break;
      path = `${QUEUE}&cursor=${page.nextCursor}`;
      chain.push(path);
    }
    if (!chain.length) throw new Error('the queue has a single page');
    cursorChain = chain;
  }
  return cursorChain.shift() as string;
}

const scenarios: Scenario[] = [
  { key: 'a', label: '1st-line queue, first page (newest)', cookie: agentCookie, next: () => Promise.resolve(QUEUE), target: 25 },
  { key: 'b', label: '1st-line queue, pages 2–20 (cursor)', cookie: agentCookie, next: nextDeepPage, target: 25 },
  { key: 'c', label: '1st-line queue, sort=due, first page', cookie: agentCookie, next: () => Promise.resolve(`${QUEUE}&sort=due`), target: 25 },
  {
    key: 'd1',
    label: 'search, common word',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(COMMON))}&limit=50`),
    target: 100,
  },
  {
    key: 'd2',
    label: 'search, less common word',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(LESS_COMMON))}&limit=50`),
    target: 100,
  },
  {
    key: 'd3',
    label: 'search, word in no ticket',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(RARE))}&limit=50`),
    target: 100,
  },
  {
    key: 'd3n',
    label: 'search, ticket number (whole, or being typed)',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(NUMBERS))}&limit=50`),
    target: 100,
  },
  {
    key: 'd4',
    label: 'search, two words',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(TWO_WORDS))}&limit=50`),
    target: 100,
  },
  {
    key: 'd5',
    label: 'search, hyphenated compound',
    cookie: agentCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose(HYPHENATED))}&limit=50`),
    target: 100,
  },
  { key: 'e', label: 'end user, mine=true', cookie: userCookie, next: () => Promise.resolve('/api/v1/tickets?mine=true&limit=50'), target: 25 },
  {
    key: 'f',
    label: 'end user, search in own tickets',
    cookie: userCookie,
    next: () => Promise.resolve(`/api/v1/tickets?q=${encodeURIComponent(choose([...COMMON, ...RARE]))}&limit=50`),
    target: 100,
  },
];

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
interface Result {
  scenario: Scenario;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  maxStatements: number;
  medianRows: number;
  load: [number, number];
  example: Sent[];
}

const results: Result[] = [];
const all: Sample[] = [];
for (const s of scenarios) {
  for (let i = 0; i < N_WARMUP; i++) await get(s.cookie, await s.next());
  const samples: Sample[] = [];
  let example: Sent[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  for (let i = 0; i < N_REQUESTS; i++) {
    const r = await get(s.cookie, await s.next());
    samples.push(r.sample);
    if (i === 0) example = r.sql;
  }
  const ms = samples.map((x) => x.ms).sort((a, b) => a - b);
  const rows = samples.map((x) => x.rows).sort((a, b) => a - b);
  const result: Result = {
    scenario: s,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    maxStatements: Math.max(...samples.map((x) => x.statements)),
    medianRows: pct(rows, 50),
    load: [loadBefore, os.loadavg()[0] ?? 0],
    example,
  };
  results.push(result);
  all.push(...samples);
  console.log(
    `${s.key.padEnd(3)} ${s.label.padEnd(40)} p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} mean ${result.mean.toFixed(1)} ms; ≤ ${result.maxStatements} statements; load ${result.load[0].toFixed(2)}→${result.load[1].toFixed(2)}`,
  );
}

// ---- EXPLAIN of the statements as sent ---------------------------------------------------------
const explainPool = new pg.Pool({ connectionString: benchUrl(), max: 1, options: '-c TimeZone=UTC' });
const explains: string[] = [];
for (const r of results) {
  const stmt = r.example.find((x) => /from "tickets"/.test(x.text));
  if (!stmt) continue;
  const plan = await explainPool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${stmt.text}`, stmt.values);
  const lines = plan.rows.map((x) => x['QUERY PLAN']);
  explains.push(
    `--- ${r.scenario.key} ${r.scenario.label} (params: ${JSON.stringify(stmt.values.filter((v) => typeof v === 'string' && !/^[0-9a-f-]{36}$/.test(v)))})`,
    ...lines,
  );
}
await explainPool.end();

const [counts] = await booted.deps.database.query<{ total: string; active: string; line1: string; mine: string; years: string }>(
  `
  select count(*)::text as total,
         count(*) filter (where status in ('new', 'open', 'waiting'))::text as active,
         count(*) filter (where status in ('new', 'open', 'waiting') and line = 1)::text as line1,
         count(*) filter (where requester_user_id = (select id from users where username = $1))::text as mine,
         (select string_agg(year || ': ' || last, ', ' order by year) from ticket_counters) as years
  from tickets`,
  [END_USER_USERNAME],
);
const [size] = await booted.deps.database.query<{ table: string; search: string }>(
  `select pg_size_pretty(pg_total_relation_size('tickets')) as table, pg_size_pretty(pg_relation_size('tickets_search_idx')) as search`,
);

server.close();
await booted.deps.database.close();

// ---- report ------------------------------------------------------------------------------------
const fmt = (n: number) => n.toFixed(1);
const report = [
  '',
  `Ticket benchmark — Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${new Date().toISOString().slice(0, 16)}Z`,
  `data set: ${counts?.total} tickets (${counts?.active} new/open/waiting, ${counts?.line1} of them on 1st line; end user has ${counts?.mine}); numbers per year ${counts?.years}; tickets table ${size?.table}, GIN ${size?.search}`,
  generated.reused
    ? 'data set reused (--reuse)'
    : `generation: ${generated.seconds.toFixed(1)} s (${generated.phases.map((p) => `${p.label} ${p.seconds.toFixed(1)} s`).join('; ')})`,
  `${N_REQUESTS} sequential requests per scenario after ${N_WARMUP} warm-up; time from sending to the last byte of the body`,
  '',
  '| scenario | p50 ms | p95 ms | p99 ms | mean ms | SQL statements per request (max) | rows (median) | target p95 | load 1 min |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ...results.map(
    (r) =>
      `| (${r.scenario.key}) ${r.scenario.label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.mean)} | ${r.maxStatements} | ${r.medianRows} | ≤ ${r.scenario.target} ms: ${r.p95 <= r.scenario.target ? 'met' : 'missed'} | ${r.load[0].toFixed(2)}→${r.load[1].toFixed(2)} |`,
  ),
  '',
  `max SQL statements per list request over all ${all.length} measured requests: ${Math.max(...all.map((x) => x.statements))}`,
  '',
  'EXPLAIN (ANALYZE, BUFFERS) of the list statement as the app sent it (first measured request of each scenario):',
  ...explains,
];
console.log(report.join('\n'));
