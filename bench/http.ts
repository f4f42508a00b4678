/**
 * Issue 17 §4: what the hot endpoints serve per second, measured from a second process with a load
 * generator. `node --import tsx bench/http.ts [pglite|postgres]…` (default both). Not a timed test: it
 * prints a Markdown table for docs/benchmarks.md.
 *
 * For each database the server runs as users run it — `bin/samdesk.mjs start --demo` in a child process
 * (PGlite in memory, or a fresh PostgreSQL database `samdesk_bench_http`), production mode, logs off —
 * and this process drives it with autocannon: `BENCH_CONNECTIONS` connections (default 16) for
 * `BENCH_SECONDS` per scenario (default 10) after a short warm-up, signed in with a session cookie and
 * CSRF token like the web app:
 * - creation: an employee reports tickets (POST /api/v1/tickets), which also fills the queue;
 * - ticket read: an agent opens those tickets in turn (GET /api/v1/tickets/{id});
 * - queue page: an agent's open queue, most urgent first, 50 rows (GET /api/v1/tickets?…);
 * - health: GET /api/health, the floor of the stack.
 * After the load the server's resident memory is read from /proc/<pid>/status (VmRSS). `BENCH_ONLY`
 * picks scenarios and `BENCH_NODE_FLAGS` passes flags to the server's node (e.g. to profile it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEMO_PASSWORD = 'demo-samdesk-2023';
/** Extra flags for the server's node, e.g. `BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` to profile it. */
/** `BENCH_ONLY=read,queue` runs only those scenarios (creation then only fills the queue for the warm-up time). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** The goals (PostgreSQL): requests per second, creation's 95th percentile, memory after the load. */
const GOALS = { read: 1500, queue: 800, create: 300, createP95Ms: 50, rssMb: 300 };

interface Scenario {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  non2xx: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function freshPostgres(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query('drop database if exists samdesk_bench_http with (force)');
  await admin.query('create database samdesk_bench_http');
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = '/samdesk_bench_http';
  return url.toString();
}

/** Starts the server and waits until /api/health answers. */
async function startServer(db: 'pglite' | 'postgres'): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    BASE_URL: `http://127.0.0.1:${port}`,
  };
  if (db === 'postgres') env.DATABASE_URL = await freshPostgres();
  else env.DATA_DIR = 'memory://';
  const child = spawn(process.execPath, [...NODE_FLAGS, 'bin/samdesk.mjs', 'start', '--demo'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not answer /api/health within 150 s');
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

const headersOf = (s: Session, base: string) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, origin: base, 'content-type': 'application/json' });

async function load(name: string, options: autocannon.Options, seconds = SECONDS): Promise<Scenario> {
  const result = await autocannon({ connections: CONNECTIONS, pipelining: 1, ...options, duration: seconds });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p95: percentile95(result),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** autocannon reports p90 and p97.5, not p95: the 95th percentile read off its histogram buckets. */
function percentile95(result: autocannon.Result): number {
  const { p90, p97_5: p975 } = result.latency;
  // Linear between the two reported percentiles: 95 is two thirds of the way from 90 to 97.5.
  return Math.round((p90 + ((95 - 90) / (97.5 - 90)) * (p975 - p90)) * 10) / 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function run(db: 'pglite' | 'postgres') {
  const { child, base } = await startServer(db);
  try {
    const employee = await signIn(base, 'anstalld.tranemo');
    const agent = await signIn(base, 'agent1');
    const desks = (await (await fetch(`${base}/api/v1/desks`, { headers: headersOf(employee, base) })).json()) as {
      items: { isIt: boolean; categories: { id: string; code: string }[] }[];
    };
    const categoryId = desks.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fraga')?.id;
    if (!categoryId) throw new Error('no IT desk category "fraga"');

    const created: string[] = [];
    let seq = 0;
    const createOptions: autocannon.Options = {
      url: `${base}/api/v1/tickets`,
      method: 'POST',
      headers: headersOf(employee, base),
      setupClient: (client) => {
        client.on('body', (body: Buffer) => {
          try {
            const id = (JSON.parse(body.toString('utf8')) as { id?: string }).id;
            if (id) created.push(id);
          } catch {
            // a problem document: counted by autocannon as non-2xx
          }
        });
      },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              categoryId,
              subject: `Fråga nummer ${++seq} om skrivaren`,
              description: 'Hur kopplar jag upp mig mot skrivaren på plan 2?',
            }),
          }),
        },
      ],
    };
    await load('warm-up', createOptions, WARMUP_SECONDS);
    const create = await load('creation', createOptions, ONLY && !ONLY.includes('creation') ? WARMUP_SECONDS : SECONDS);

    let next = 0;
    const readOptions: autocannon.Options = {
      url: base,
      headers: headersOf(agent, base),
      requests: [{ setupRequest: (req) => ({ ...req, path: `/api/v1/tickets/${created[next++ % created.length] ?? ''}` }) }],
    };
    const scenarios = [create];
    if (!ONLY || ONLY.includes('read')) {
      await load('warm-up', readOptions, WARMUP_SECONDS);
      scenarios.push(await load('ticket read', readOptions));
    }

    const queueOptions: autocannon.Options = { url: `${base}/api/v1/tickets?status=new,open,waiting&sort=urgent&limit=50`, headers: headersOf(agent, base) };
    if (!ONLY || ONLY.includes('queue')) {
      await load('warm-up', queueOptions, WARMUP_SECONDS);
      scenarios.push(await load('queue page', queueOptions));
    }

    if (!ONLY || ONLY.includes('health')) scenarios.push(await load('health', { url: `${base}/api/health` }));
    const rss = rssMb(child.pid ?? 0);
    return { db, tickets: created.length, scenarios, rss };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const which = process.argv.slice(2).filter((a): a is 'pglite' | 'postgres' => a === 'pglite' || a === 'postgres');
const dbs = which.length ? which : (['pglite', 'postgres'] as const);
const results = [];
for (const db of dbs) results.push(await run(db));

const goalOf = (db: string, name: string): string => {
  if (db !== 'postgres') return '';
  if (name === 'creation') return `≥ ${GOALS.create}/s, p95 ≤ ${GOALS.createP95Ms} ms`;
  if (name === 'ticket read') return `≥ ${GOALS.read}/s`;
  if (name === 'queue page') return `≥ ${GOALS.queue}/s`;
  return '';
};

console.log(
  `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s per scenario.\n`,
);
console.log('| database | scenario | requests/s | p50 ms | p95 ms | errors | non-2xx | goal |');
console.log('|---|---|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  for (const s of r.scenarios) console.log(`| ${r.db} | ${s.name} | ${s.rps} | ${s.p50} | ${s.p95} | ${s.errors} | ${s.non2xx} | ${goalOf(r.db, s.name)} |`);
}
console.log('');
for (const r of results) console.log(`- ${r.db}: ${r.tickets} tickets created; server resident memory after the load ${r.rss} MB (goal ≤ ${GOALS.rssMb} MB).`);
