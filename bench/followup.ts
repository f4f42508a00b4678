/**
 * Benchmark of the tertial follow-up (issue 21, "Speed"): `npm run bench:followup`
 * (`node --import tsx bench/followup.ts [--reuse]`). Not a timed test: it prints figures for
 * docs/benchmarks.md and exits with code 1 when a goal is missed, after printing everything.
 *
 * PostgreSQL only (the goal's database), on the data set of bench/tickets.ts: `samdesk_bench` with
 * 1,000,000 tickets over five years up to now (bench/generate-tickets.ts; `--reuse` keeps one that
 * already holds that many). The app boots against it and serves on a loopback port; an IT management
 * account of both municipalities (created here if missing) asks over HTTP, with a kept-alive client:
 *   - `GET /api/v1/followup` for the latest tertial that is over, both municipalities (goal ≤ 500 ms);
 *   - the same for Tranemo alone (goal ≤ 200 ms);
 * `BENCH_REQUESTS` times each (default 30) after `BENCH_WARMUP` (default 3): median, p95, max. Then
 * the bare SQL behind each figure — every statement of src/followup/store.ts and the availability
 * figures, with the arguments the report used — timed in this process the same number of times.
 *
 * Environment: `BENCH_TICKETS` (default 1,000,000), `BENCH_REQUESTS`, `BENCH_WARMUP`,
 * `BENCH_ADMIN_URL`, `BENCH_DB` (as bench/tickets.ts).
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { boot } from '../src/app/boot.ts';
import type { FollowUpAnswer } from '../src/followup/contract.ts';
import { MISSION_2023 } from '../src/mission/default-2023.ts';
import { yearPeriod } from '../src/operations/rules.ts';
import { availabilityFigures } from '../src/operations/service.ts';
import { createUser } from '../src/org/service.ts';
import { findMunicipality, findUserByUsername } from '../src/org/store.ts';
import * as store from '../src/followup/store.ts';
import { defaultReportPeriod, previousPeriod, trendPeriods, type Period } from '../src/followup/rules.ts';
import { loadConfig } from '../src/platform/config.ts';
import { BENCH_PASSWORD, benchUrl, generate } from './generate-tickets.ts';

const N_TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const N_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const N_WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const GOAL_BOTH_MS = 500;
const GOAL_ONE_MS = 200;
const MANAGER = 'bench.itchef';

const generated = await generate({ n: N_TICKETS, reuse: process.argv.includes('--reuse') });

const booted = await boot(loadConfig({ DATABASE_URL: benchUrl(), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
const db = booted.deps.database.db;
if (!(await findUserByUsername(db, MANAGER))) {
  await createUser(db, null, {
    username: MANAGER,
    displayName: 'Bench IT-chef',
    email: 'bench.itchef@example.se',
    municipalityId: null,
    personId: null,
    roles: ['it_management'],
    teamId: null,
    line: null,
    locale: 'sv',
    password: BENCH_PASSWORD,
  });
}
const server = serve({ fetch: booted.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: MANAGER, password: BENCH_PASSWORD }),
});
if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
await login.arrayBuffer();
const cookie =
  login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('samdesk_session=')) ?? '';
if (!cookie) throw new Error('no session cookie');

interface Stats {
  median: number;
  p95: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: s.at(-1) ?? NaN };
}
async function timed(fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < N_WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < N_REQUESTS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function report(query: string): Promise<FollowUpAnswer> {
  const res = await fetch(`${base}/api/v1/followup${query}`, { headers: { cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${text}`);
  return JSON.parse(text) as FollowUpAnswer;
}

// ---- the report over HTTP ------------------------------------------------------------------------
const first = await report('');
const { year, code } = first.report.period;
const both = `?year=${year}&period=${code ?? 'year'}`;
const one = `${both}&municipality=tranemo`;
const solved = first.report.sections.find((s) => s.key === 'first_line')?.figures.find((f) => f.key === 'first_line.solved')?.value ?? 0;
const httpBoth = await timed(() => report(both));
const httpOne = await timed(() => report(one));

// ---- the bare SQL behind each figure ---------------------------------------------------------------
const tz = MISSION_2023.calendar.timeZone;
const periodsOf = () => ({ periods: MISSION_2023.followUp.periods, timeZone: tz });
const now = Date.now();
const period = defaultReportPeriod(year, year, now, periodsOf);
const trend = trendPeriods(period, now, periodsOf);
const previous = previousPeriod(period, periodsOf);
const deskId = await store.itDeskId(db);
const tranemo = (await findMunicipality(db, 'tranemo'))?.id ?? '';
const ulricehamn = (await findMunicipality(db, 'ulricehamn'))?.id ?? '';
const span = (p: Period) => ({ start: new Date(p.start), end: new Date(p.end) });
const months = (p: Period) => ({ from: p.from.slice(0, 7), to: p.to.slice(0, 7) });
const yearToDate = { ...yearPeriod(period.year, tz), end: period.end };

function statements(ids: string[]): [string, () => Promise<unknown>][] {
  const scope = { municipalityIds: ids, deskId };
  return [
    // As the service: a tertial is the trend's last period, counted once.
    [
      'solved per period, category, line, SLA (six tertials)',
      () => store.solvedCounts(db, scope, (trend.some((p) => p.key === period.key) ? trend : [...trend, period]).map(span)),
    ],
    ['SLA breaches recorded', () => store.breachCounts(db, scope, span(period))],
    ['intefunktion solved late, with reasons', () => store.intefunktionMisses(db, scope, span(period), tz)],
    ['received per category, channel, line', () => store.receivedCounts(db, scope, span(period))],
    ['on-call tickets, time and billed', () => store.onCallFigures(db, scope, span(period))],
    ['surveys: sent, answered, answers, comments', () => store.surveyFigures(db, ids, span(period), tz)],
    ['order lines delivered', () => store.deliveredOrderLines(db, ids, period.from, period.to)],
    ['equipment in use and due', () => store.assetFigures(db, ids, period.to)],
    ['invoiced per municipality (period, previous, trend)', () => store.invoiced(db, ids, [period, previous, ...trend].map(months))],
    ['availability and incidents (period, year, trend)', () => availabilityFigures(db, { periods: [period, yearToDate, ...trend], municipalityIds: ids, now })],
  ];
}
const bare: { label: string; both: Stats; one: Stats }[] = [];
for (const [i, [label, run]] of statements([tranemo, ulricehamn]).entries()) {
  const single = statements([tranemo])[i]?.[1] ?? run;
  bare.push({ label, both: await timed(run), one: await timed(single) });
}

server.close();
await booted.deps.database.close();

// ---- figures -------------------------------------------------------------------------------------------
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const verdict = (s: Stats, goal: number) => (s.p95 <= goal ? 'met' : '**missed**');
console.log(`\nFollow-up benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL`);
console.log(
  `Data: ${generated.tickets.toLocaleString('en-US')} tickets (${generated.reused ? 'reused' : `generated in ${generated.seconds.toFixed(0)} s`}); ` +
    `report ${first.report.period.label}, ${solved.toLocaleString('en-US')} tickets solved in it (both municipalities).`,
);
console.log(`${N_REQUESTS} requests each after ${N_WARMUP} warm-up; p95 against the goal.\n`);
console.log('| Over HTTP | Median | p95 | Max | Goal (p95) |');
console.log('|---|---|---|---|---|');
console.log(
  `| Tertial report, both municipalities | ${ms(httpBoth.median)} | ${ms(httpBoth.p95)} | ${ms(httpBoth.max)} | ≤ ${GOAL_BOTH_MS} ms: ${verdict(httpBoth, GOAL_BOTH_MS)} |`,
);
console.log(
  `| Tertial report, Tranemo | ${ms(httpOne.median)} | ${ms(httpOne.p95)} | ${ms(httpOne.max)} | ≤ ${GOAL_ONE_MS} ms: ${verdict(httpOne, GOAL_ONE_MS)} |`,
);
console.log('\n| Bare SQL behind the figures | Both: median | Both: p95 | Tranemo: median | Tranemo: p95 |');
console.log('|---|---|---|---|---|');
for (const b of bare) console.log(`| ${b.label} | ${ms(b.both.median)} | ${ms(b.both.p95)} | ${ms(b.one.median)} | ${ms(b.one.p95)} |`);
const missed = httpBoth.p95 > GOAL_BOTH_MS || httpOne.p95 > GOAL_ONE_MS;
process.exit(missed ? 1 : 0);
