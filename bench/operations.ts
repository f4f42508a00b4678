/**
 * Benchmark of the operations capability (issue 19, "Speed"): `npm run bench:operations`
 * (`node --import tsx bench/operations.ts`). Not a timed test: it prints figures for
 * docs/benchmarks.md and exits with code 1 when a goal is missed, after printing everything.
 *
 * PostgreSQL only (the goal's database): a fresh database `samdesk_bench_operations` on the local
 * server (dropped first). The server runs as users run it — `bin/samdesk.mjs start` in a child process,
 * production mode, logs off, the machine's clock — and migrates and seeds the database (both
 * municipalities, the mission's IT functions). Then this process writes, deterministically, in bulk:
 *   - ten years of outages, 2017–2026, `BENCH_OUTAGES_PER_YEAR` a year (default 150): every fifth
 *     planned in a window, every eleventh planned outside one, one in seven an IT incident; 10 minutes
 *     to 6 hours; one to three IT functions; one or both municipalities;
 *   - an operations message for each of them, resolved (older than the public pages show), and, as of
 *     now, per municipality three ongoing disruptions, two planned works to come, four resolved in the
 *     last days and two withdrawn — what a public page shows on a bad day.
 *
 * Measured:
 *   - the public page (/drift/tranemo), the JSON (/api/v1/public/operations/tranemo) and the Atom feed
 *     (…/atom): `BENCH_REQUESTS` sequential requests each (default 2,000, after 200 warm-up requests)
 *     over one kept-alive connection, the latency of each as this process sees it: median, p95, max;
 *     then the same with `If-None-Match` set to the answer's ETag (an intranet polling every minute),
 *     each answer checked to be 304;
 *   - the availability report of a year with ten years of outages in the table (2026 and 2017), through
 *     the service (src/operations/service.ts availabilityReport, its SQL and the pure rule) in this
 *     process, as IT management of both municipalities, `BENCH_REPEAT` times (default 30) after two
 *     warm-up calls: median, p95, max.
 *
 * Environment: `BENCH_ADMIN_URL` (default postgres://postgres@127.0.0.1:5432/postgres),
 * `BENCH_OUTAGES_PER_YEAR`, `BENCH_REQUESTS`, `BENCH_REPEAT`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { availabilityReport } from '../src/operations/service.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import type { Actor } from '../src/platform/http/context.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'samdesk_bench_operations';
const PER_YEAR = Number(process.env.BENCH_OUTAGES_PER_YEAR ?? 150);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const WARMUP = 200;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
const FIRST_YEAR = 2017;
const LAST_YEAR = 2026;
/** The goals. */
const GOALS = { publicP95Ms: 5, reportMs: 100 };

// ---- helpers ---------------------------------------------------------------------------------------

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: readonly number[], q: number): number => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

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
  await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
  await admin.query(`create database ${BENCH_DB}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
  };
  const child = spawn(process.execPath, ['bin/samdesk.mjs', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
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

// ---- the data set ------------------------------------------------------------------------------------

const HOUR = 3_600_000;

async function generate(databaseUrl: string): Promise<{ outages: number; messages: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const municipalities = (await client.query<{ id: string }>('select id from municipalities order by code')).rows.map((r) => r.id);
    const functions = (await client.query<{ id: string }>('select id from it_functions order by sort_order, name')).rows.map((r) => r.id);
    if (municipalities.length !== 2 || functions.length < 3) throw new Error('two municipalities and the mission’s IT functions expected');
    const outages: Record<string, unknown>[] = [];
    const links: { n: number; functions: string[]; municipalities: string[] }[] = [];
    let n = 0;
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      const start = Date.UTC(year, 0, 1);
      const span = Date.UTC(year + 1, 0, 1) - start;
      for (let i = 0; i < PER_YEAR; i++, n++) {
        const startsAt = start + Math.floor((span * (i + 0.37)) / PER_YEAR) - (Math.floor((span * (i + 0.37)) / PER_YEAR) % 60_000);
        const minutes = 10 + ((n * 37) % 350);
        const kind = n % 5 === 0 ? 'planned_window' : n % 11 === 0 ? 'planned_other' : 'unplanned';
        outages.push({
          title: `Avbrott ${n + 1}`,
          starts_at: new Date(startsAt).toISOString(),
          ends_at: new Date(startsAt + minutes * 60_000).toISOString(),
          kind,
          planned_reason: kind === 'planned_other' ? 'Akut säkerhetsuppdatering' : null,
          incident: n % 7 === 0,
          cause: 'En komponent i driftmiljön slutade svara.',
          actions: 'Komponenten startades om.',
        });
        const f = functions.length;
        links.push({
          n,
          functions: [...new Set([functions[n % f], functions[(n * 3 + 1) % f], functions[(n * 7 + 2) % f]].slice(0, 1 + (n % 3)))] as string[],
          municipalities: n % 3 === 0 ? municipalities : [municipalities[n % 2] as string],
        });
      }
    }
    const ids = (
      await client.query<{ id: string; title: string }>(
        `insert into outages (title, starts_at, ends_at, kind, planned_reason, incident, cause, actions)
         select title, starts_at, ends_at, kind, planned_reason, incident, cause, actions
         from jsonb_to_recordset($1::jsonb) as x(title text, starts_at timestamptz, ends_at timestamptz, kind text, planned_reason text,
                                                  incident boolean, cause text, actions text)
         returning id, title`,
        [JSON.stringify(outages)],
      )
    ).rows;
    const idOf = new Map(ids.map((r) => [r.title, r.id]));
    const functionRows = links.flatMap((l) => l.functions.map((f) => ({ outage_id: idOf.get(`Avbrott ${l.n + 1}`), function_id: f })));
    const municipalityRows = links.flatMap((l) => l.municipalities.map((m) => ({ outage_id: idOf.get(`Avbrott ${l.n + 1}`), municipality_id: m })));
    await client.query(
      `insert into outage_functions (outage_id, function_id) select outage_id, function_id from jsonb_to_recordset($1::jsonb) as x(outage_id uuid, function_id uuid)`,
      [JSON.stringify(functionRows)],
    );
    await client.query(
      `insert into outage_municipalities (outage_id, municipality_id)
       select outage_id, municipality_id from jsonb_to_recordset($1::jsonb) as x(outage_id uuid, municipality_id uuid)`,
      [JSON.stringify(municipalityRows)],
    );
    // A resolved message for every outage of the ten years (older than the pages show, except the last days').
    await client.query(
      `insert into operations_messages (kind, title, body, starts_at, expected_end_at, resolved_at, resolution_text, published_at, outage_id, municipality_ids)
       select case when o.kind = 'unplanned' then 'disruption' else 'planned' end, 'Störning: ' || o.title, 'Vi felsöker.', o.starts_at, o.ends_at,
              o.ends_at, 'Åtgärdat.', o.starts_at, o.id, array(select municipality_id from outage_municipalities om where om.outage_id = o.id)
       from outages o where o.ends_at < now() - interval '8 days'`,
    );
    // A bad day, as of now: per municipality three ongoing, two to come, four resolved lately, two withdrawn.
    const now = Date.now();
    const current: Record<string, unknown>[] = [];
    municipalities.forEach((m, k) => {
      for (let i = 0; i < 3; i++) {
        current.push({ kind: 'disruption', title: `Pågående störning ${k}-${i}`, starts_at: now - (i + 1) * HOUR, expected_end_at: now + (i + 1) * HOUR, m });
      }
      for (let i = 0; i < 2; i++) {
        current.push({
          kind: 'planned',
          title: `Planerat arbete ${k}-${i}`,
          starts_at: now + (i + 2) * 24 * HOUR,
          expected_end_at: now + (i + 2) * 24 * HOUR + 4 * HOUR,
          m,
        });
      }
      for (let i = 0; i < 4; i++) {
        const s = now - (i + 1) * 30 * HOUR;
        current.push({ kind: 'disruption', title: `Åtgärdad störning ${k}-${i}`, starts_at: s, expected_end_at: null, resolved_at: s + 2 * HOUR, m });
      }
      for (let i = 0; i < 2; i++) {
        current.push({
          kind: 'disruption',
          title: `Tillbakadragen ${k}-${i}`,
          starts_at: now - 5 * HOUR,
          expected_end_at: null,
          withdrawn_at: now - 4 * HOUR,
          m,
        });
      }
    });
    const iso = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString() : null);
    await client.query(
      `insert into operations_messages (kind, title, body, starts_at, expected_end_at, resolved_at, resolution_text, published_at, withdrawn_at, municipality_ids)
       select kind, title, 'Vi arbetar med felet och återkommer.', starts_at, expected_end_at, resolved_at,
              case when resolved_at is null then null else 'Felet är åtgärdat.' end, least(starts_at, now()), withdrawn_at, array[m]
       from jsonb_to_recordset($1::jsonb) as x(kind text, title text, starts_at timestamptz, expected_end_at timestamptz, resolved_at timestamptz,
                                                withdrawn_at timestamptz, m uuid)`,
      [
        JSON.stringify(
          current.map((c) => ({
            ...c,
            starts_at: iso(c.starts_at),
            expected_end_at: iso(c.expected_end_at),
            resolved_at: iso(c.resolved_at),
            withdrawn_at: iso(c.withdrawn_at),
          })),
        ),
      ],
    );
    await client.query('analyze');
    const messages = Number((await client.query<{ n: string }>('select count(*) n from operations_messages')).rows[0]?.n ?? 0);
    return { outages: outages.length, messages };
  } finally {
    await client.end();
  }
}

// ---- measuring ---------------------------------------------------------------------------------------

interface Latency {
  name: string;
  median: number;
  p95: number;
  max: number;
  bytes: number;
}

async function sequential(name: string, url: string, headers: Record<string, string> = {}, status = 200): Promise<Latency> {
  let bytes = 0;
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    const took = performance.now() - t;
    if (res.status !== status) throw new Error(`${name}: ${res.status}, expected ${status}`);
    bytes = body.byteLength;
    return took;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const each: number[] = [];
  for (let i = 0; i < REQUESTS; i++) each.push(await once());
  return { name, median: quantile(each, 0.5), p95: quantile(each, 0.95), max: Math.max(...each), bytes };
}

const MANAGEMENT: Actor = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'bench.itchef',
  displayName: 'Bench',
  email: null,
  roles: ['it_management'],
  municipalityId: null,
  teamId: null,
  line: null,
  locale: 'sv',
  mustChangePassword: false,
  version: 1,
  scope: { kind: 'all' },
};

async function main(): Promise<void> {
  console.log(`# bench:operations — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)}`);
  const databaseUrl = await freshPostgres();
  const { child, base } = await startServer(databaseUrl);
  let failed = false;
  try {
    const data = await generate(databaseUrl);
    console.log(`Data: ${data.outages} outages over ${FIRST_YEAR}–${LAST_YEAR}, ${data.messages} operations messages.`);

    const paths = [
      ['public page', `${base}/drift/tranemo`],
      ['public JSON', `${base}/api/v1/public/operations/tranemo`],
      ['Atom feed', `${base}/api/v1/public/operations/tranemo/atom`],
    ] as const;
    const rows: Latency[] = [];
    for (const [name, url] of paths) {
      rows.push(await sequential(name, url));
      const first = await fetch(url);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      if (!etag) throw new Error(`${name}: no ETag`);
      rows.push(await sequential(`${name}, If-None-Match → 304`, url, { 'if-none-match': etag }, 304));
    }
    console.log(`\n## Public operations answers (PostgreSQL, ${REQUESTS} sequential requests each, one kept-alive connection)\n`);
    console.log('| answer | median | p95 | max | body |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.name} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.max)} | ${r.bytes} B |`);
    const worst = Math.max(...rows.map((r) => r.p95));
    console.log(`\nWorst p95 ${ms(worst)} (goal ≤ ${GOALS.publicP95Ms} ms): ${worst <= GOALS.publicP95Ms ? 'met' : 'NOT met'}.`);
    if (worst > GOALS.publicP95Ms) failed = true;

    const database = await openDatabase({ databaseUrl });
    try {
      console.log(`\n## The availability report of one year, ten years of outages in the table (service call, ${REPEAT} runs)\n`);
      console.log('| year | median | p95 | max | outages counted |');
      console.log('|---|---:|---:|---:|---:|');
      for (const year of [LAST_YEAR, FIRST_YEAR]) {
        const call = () => availabilityReport(database.db, MANAGEMENT, { year });
        await call();
        await call();
        const each: number[] = [];
        let counted = 0;
        for (let i = 0; i < REPEAT; i++) {
          const t = performance.now();
          const r = await call();
          each.push(performance.now() - t);
          counted = r.counted.length;
        }
        const p95 = quantile(each, 0.95);
        console.log(`| ${year} | ${ms(quantile(each, 0.5))} | ${ms(p95)} | ${ms(Math.max(...each))} | ${counted} |`);
        if (p95 > GOALS.reportMs) failed = true;
      }
      console.log(`\nGoal: ≤ ${GOALS.reportMs} ms (p95 above is what is compared).`);
    } finally {
      await database.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
  if (failed) {
    console.log('\nA goal is not met.');
    process.exitCode = 1;
  }
}

await main();
