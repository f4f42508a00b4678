/**
 * Benchmark of recomputing every agreement under a changed cost model (issue 18, "Speed"):
 * `npm run bench:agreements` (`node --import tsx bench/agreements.ts [postgres] [pglite]`, both by
 * default). Not a timed test: it prints figures for docs/benchmarks.md and exits with code 1 when the
 * PostgreSQL median misses the target, after printing everything.
 *
 * For each database: a fresh one (PostgreSQL: `samdesk_bench_agreements` on the local server, dropped
 * first; PGlite: in memory), migrated and seeded through `boot()` (both municipalities, the 2023
 * mission). Then, deterministically (no random numbers, the same rows on both databases), in bulk:
 *   - 3,000 enheter, 1,500 per municipality (one förvaltning and 15 verksamheter each);
 *   - 1,000 applications, 500 per municipality: one in seven a cost description, 2.5 % terminated,
 *     2 % in preparation, the rest active; four in five split by shares (basis points adding up to
 *     exactly 10,000), one in five per user;
 *   - 3,000 paying-unit rows: application n is paid by 1 + n mod 5 units (1–5, three on average), and
 *     every enhet pays for exactly one application, so 3,000 paying units;
 *   - 2,000 agreement versions (one to three per application, the latest counts) with a description
 *     and both responsibilities of a few hundred characters, quantities for five to eight of the eight
 *     cost drivers and a sketch of four to six components;
 * and, through the service as finance, the 2026 standard cost model (one driver per R-7.1 heading) and
 * the 2027 model copied from it with every price changed (+2–9 %).
 *
 * Measured: `compare(db, actor, 2027, 2026)` from src/agreements/service.ts — every application's and
 * every paying unit's old cost, new cost and difference, the "recompute every agreement under a
 * changed model" of the issue — as an IT strategist of both municipalities (all 1,000 applications),
 * after two warm-up calls, `BENCH_REPEAT` times (default 15): median, p95 and max. Also, to see where
 * the time goes, each step on its own: the store's three reads (applications, latest versions, paying
 * units) and the model reads, the pure comparison (rules.compareModels) on rows already read, a read
 * of only the latest versions' quantities (raw SQL, what the comparison needs of a version), and a
 * floor: one SQL statement that sums the new cost of every application. The comparison's total is
 * checked against it.
 *
 * Environment: `BENCH_APPS` (default 1,000), `BENCH_UNITS` (default 3,000; the paying-unit rows are
 * 3 × BENCH_APPS), `BENCH_REPEAT`, `BENCH_ADMIN_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), `BENCH_AGREEMENTS_DB`, `BENCH_QUIET_LOAD` (before
 * measuring wait, at most 10 minutes, until the 1-minute load average is at or below it).
 */
import os from 'node:os';
import pg from 'pg';
import { pino } from 'pino';
import { boot } from '../src/app/boot.ts';
import { compare, copyModel, createModel, updateModel } from '../src/agreements/service.ts';
import { splitOf } from '../src/agreements/presenter.ts';
import { compareModels, COST_HEADINGS, type CostDriver } from '../src/agreements/rules.ts';
import * as store from '../src/agreements/store.ts';
import type { Role } from '../src/platform/access.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db/client.ts';
import type { Actor } from '../src/platform/http/context.ts';

const N_APPS = Number(process.env.BENCH_APPS ?? 1_000);
const N_UNITS = Number(process.env.BENCH_UNITS ?? 3_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 15);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = process.env.BENCH_AGREEMENTS_DB ?? 'samdesk_bench_agreements';
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DB)) throw new Error(`BENCH_AGREEMENTS_DB must be a plain lower-case name, not ${BENCH_DB}`);
const QUIET_LOAD = process.env.BENCH_QUIET_LOAD === undefined ? undefined : Number(process.env.BENCH_QUIET_LOAD);
const TARGET_MS = 1_000;
const YEAR = 2027;
const FROM_YEAR = 2026;
const DRIVERS_PER_HEADING = 1;

const args = process.argv.slice(2);
const targets = (args.length > 0 ? args : ['postgres', 'pglite']).filter((a): a is 'postgres' | 'pglite' => a === 'postgres' || a === 'pglite');

// ---- helpers ---------------------------------------------------------------------------------------

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: readonly number[]): number => {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** Nearest-rank p95. */
const p95 = (xs: readonly number[]): number => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function repeated<T>(fn: () => Promise<T>, warmup = 2): Promise<{ each: number[]; value: T }> {
  let value: T = await fn();
  for (let i = 1; i < warmup; i++) value = await fn();
  const each: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = await timed(fn);
    each.push(t.ms);
    value = t.value;
  }
  return { each, value };
}

function actor(id: string, username: string, role: Role): Actor {
  return {
    id,
    username,
    displayName: username,
    email: null,
    roles: [role],
    municipalityId: null,
    teamId: null,
    line: null,
    locale: 'sv',
    mustChangePassword: false,
    version: 1,
    scope: { kind: 'all' },
  };
}

// ---- the data set ------------------------------------------------------------------------------------

/** The 2026 model: one driver per heading, öre per unit and year. */
const DRIVERS: CostDriver[] = [
  { code: 'virtuell-server', label: 'Virtuell server', unit: 'st', heading: 'server', unitPriceOre: 980_000 },
  { code: 'databas', label: 'Databas', unit: 'st', heading: 'database', unitPriceOre: 650_000 },
  { code: 'integration', label: 'Integration', unit: 'st', heading: 'integrations', unitPriceOre: 420_000 },
  { code: 'lagring-gb', label: 'Lagring', unit: 'GB', heading: 'storage', unitPriceOre: 1_200 },
  { code: 'anslutning', label: 'Anslutning', unit: 'st', heading: 'communication', unitPriceOre: 85_000 },
  { code: 'backup-gb', label: 'Säkerhetskopiering', unit: 'GB', heading: 'backup', unitPriceOre: 600 },
  { code: 'supporttimme', label: 'Support', unit: 'timme', heading: 'support', unitPriceOre: 72_000 },
  { code: 'supportlicens', label: 'Licens för supportverktyg', unit: 'licens', heading: 'support_tools', unitPriceOre: 110_000 },
];
if (DRIVERS.length !== COST_HEADINGS.length * DRIVERS_PER_HEADING) throw new Error('one driver per heading');

const TEXT =
  'Verksamhetssystemet stöder handläggningen från ansökan till beslut och uppföljning. Användarna arbetar i webbklienten; ' +
  'medborgarna lämnar in ansökningar i e-tjänsten. Systemet hanterar personuppgifter och är informationsklassat. ';

/** Quantities of application n: five to eight drivers counted. */
function quantitiesOf(n: number): Record<string, number> {
  const q: Record<string, number> = {
    'virtuell-server': 1 + (n % 4),
    databas: 1 + (n % 2),
    'lagring-gb': 20 + ((n * 37) % 2_000),
    'backup-gb': 40 + ((n * 53) % 4_000),
    supporttimme: 4 + ((n * 11) % 120),
  };
  if (n % 2 === 0) q.integration = 1 + (n % 5);
  if (n % 3 !== 0) q.anslutning = 1 + (n % 3);
  if (n % 4 !== 1) q.supportlicens = 1 + (n % 6);
  return q;
}

function sketchOf(n: number) {
  const kinds = ['client', 'server', 'database', 'integration', 'external_service', 'storage'];
  const size = 4 + (n % 3);
  const components = kinds.slice(0, size).map((kind, i) => ({ id: `c${i}`, kind, name: `Del ${i + 1} av applikation ${n}` }));
  const relations = components.slice(1).map((c, i) => ({ from: `c${i}`, to: c.id, label: i === 0 ? 'HTTPS' : 'data' }));
  return { components, relations };
}

async function generate(database: Database): Promise<{ strategist: Actor; finance: Actor }> {
  const q = database.query.bind(database);
  const municipalities = await q<{ id: string; code: string }>(`select id, code from municipalities order by code`);
  if (municipalities.length !== 2) throw new Error('two municipalities expected');
  const perMunicipality = Math.ceil(N_UNITS / municipalities.length);
  const perVerksamhet = 100;
  const unitsOf = new Map<string, string[]>();
  for (const m of municipalities) {
    await q(
      `insert into units (municipality_id, level, code, name, accounting_codes) values ($1, 'forvaltning', 'BENCH', 'Benchförvaltningen', '{"ansvar":"9000","verksamhet":"900"}')`,
      [m.id],
    );
    await q(
      `insert into units (municipality_id, parent_id, level, code, name, accounting_codes)
       select $1, (select id from units where municipality_id = $1 and code = 'BENCH'), 'verksamhet', 'BENCH-V' || v, 'Verksamhet ' || v,
              jsonb_build_object('ansvar', (9000 + v)::text, 'verksamhet', (900 + v % 100)::text)
       from generate_series(1, $2::int) v`,
      [m.id, Math.ceil(perMunicipality / perVerksamhet)],
    );
    await q(
      `insert into units (municipality_id, parent_id, level, code, name, accounting_codes)
       select $1, (select id from units where municipality_id = $1 and code = 'BENCH-V' || (1 + (e - 1) / $3)), 'enhet', 'BENCH-E' || e, 'Enhet ' || e,
              jsonb_build_object('ansvar', (10000 + e)::text, 'verksamhet', (100 + e % 900)::text)
       from generate_series(1, $2::int) e`,
      [m.id, perMunicipality, perVerksamhet],
    );
    const rows = await q<{ id: string }>(`select id from units where municipality_id = $1 and code like 'BENCH-E%' order by code`, [m.id]);
    unitsOf.set(
      m.id,
      rows.map((r) => r.id),
    );
  }

  // Applications: odd n in the first municipality, even in the second.
  const apps = Array.from({ length: N_APPS }, (_, i) => {
    const n = i + 1;
    const m = municipalities[n % 2 === 1 ? 0 : 1];
    if (!m) throw new Error('no municipality');
    const status = n % 40 === 0 ? 'terminated' : n % 50 === 7 ? 'in_preparation' : 'active';
    const startsOn = new Date(Date.UTC(2016, 0, 1 + ((n * 37) % 3_000))).toISOString().slice(0, 10);
    return {
      municipality_id: m.id,
      name: `Applikation ${String(n).padStart(4, '0')}`,
      kind: n % 7 === 0 ? 'cost_description' : 'agreement',
      status,
      starts_on: status === 'in_preparation' ? null : startsOn,
      terminated_on: status === 'terminated' ? '2026-03-31' : null,
      split_mode: n % 5 === 0 ? 'per_user' : 'share',
      next_review_on: status === 'active' ? new Date(Date.UTC(2026, 0, 1 + ((n * 13) % 540))).toISOString().slice(0, 10) : null,
      business_owner: { personId: null, role: 'Verksamhetschef' },
    };
  });
  const inserted = await q<{ id: string; name: string; municipality_id: string; split_mode: string }>(
    `insert into applications (municipality_id, name, kind, status, starts_on, terminated_on, split_mode, next_review_on, business_owner)
     select municipality_id, name, kind, status, starts_on, terminated_on, split_mode, next_review_on, business_owner
     from jsonb_to_recordset($1::jsonb) as x(municipality_id uuid, name text, kind text, status text, starts_on date, terminated_on date,
                                              split_mode text, next_review_on date, business_owner jsonb)
     returning id, name, municipality_id, split_mode`,
    [JSON.stringify(apps)],
  );
  const byName = new Map(inserted.map((r) => [r.name, r]));

  // Paying units: application n is paid by 1 + n mod 5 enheter of its municipality, each enhet by one application.
  const next = new Map<string, number>();
  const paying: { application_id: string; unit_id: string; share_bp: number | null; users: number | null; sort_order: number }[] = [];
  const versions: Record<string, unknown>[] = [];
  apps.forEach((a, i) => {
    const n = i + 1;
    const row = byName.get(a.name);
    if (!row) throw new Error(`no row for ${a.name}`);
    const pool = unitsOf.get(a.municipality_id) ?? [];
    const k = 1 + (n % 5);
    const from = next.get(a.municipality_id) ?? 0;
    next.set(a.municipality_id, from + k);
    const base = Math.floor(10_000 / k);
    for (let j = 0; j < k; j++) {
      const unit = pool[(from + j) % pool.length];
      if (!unit) throw new Error('no unit');
      paying.push({
        application_id: row.id,
        unit_id: unit,
        share_bp: row.split_mode === 'share' ? base + (j === 0 ? 10_000 - base * k : 0) : null,
        users: row.split_mode === 'per_user' ? 5 + ((n * 31 + j * 17) % 400) : null,
        sort_order: j,
      });
    }
    const count = 1 + (n % 3);
    for (let v = 1; v <= count; v++) {
      const quantities = quantitiesOf(n + (count - v) * 101);
      versions.push({
        application_id: row.id,
        number: v,
        description: TEXT.repeat(2) + `Version ${v}.`,
        it_responsibilities: 'Teknisk systemförvaltning: drift, övervakning, säkerhetskopiering, uppgraderingar och felsökning i andra linjen. '.repeat(2),
        business_responsibilities: 'Systemförvaltning: förvaltningsplan, behörigheter, utbildning, test vid uppgraderingar och första linjens stöd. '.repeat(2),
        quantities,
        sketch: sketchOf(n),
        change_note: v === 1 ? 'Första versionen' : 'Reviderad vid den årliga genomgången',
      });
    }
  });
  for (let i = 0; i < paying.length; i += 5_000) {
    await q(
      `insert into application_units (application_id, unit_id, share_bp, users, sort_order)
       select application_id, unit_id, share_bp, users, sort_order
       from jsonb_to_recordset($1::jsonb) as x(application_id uuid, unit_id uuid, share_bp int, users int, sort_order int)`,
      [JSON.stringify(paying.slice(i, i + 5_000))],
    );
  }
  for (let i = 0; i < versions.length; i += 1_000) {
    await q(
      `insert into agreement_versions (application_id, number, description, it_responsibilities, business_responsibilities, quantities, sketch, change_note)
       select application_id, number, description, it_responsibilities, business_responsibilities, quantities, sketch, change_note
       from jsonb_to_recordset($1::jsonb) as x(application_id uuid, number int, description text, it_responsibilities text,
                                                business_responsibilities text, quantities jsonb, sketch jsonb, change_note text)`,
      [JSON.stringify(versions.slice(i, i + 1_000))],
    );
  }
  const users = await q<{ id: string; username: string }>(
    `insert into users (username, display_name, municipality_id, roles) values
       ('bench.agreements.strateg', 'Strateg', null, array['it_strategist']), ('bench.agreements.ekonom', 'Ekonom', null, array['finance'])
     returning id, username`,
  );
  const [s, f] = [users.find((u) => u.username.endsWith('strateg')), users.find((u) => u.username.endsWith('ekonom'))];
  if (!s || !f) throw new Error('no bench users');
  const finance = actor(f.id, f.username, 'finance');
  await createModel(database.db, finance, { year: FROM_YEAR, drivers: DRIVERS });
  const copy = await copyModel(database.db, finance, FROM_YEAR, { toYear: YEAR });
  await updateModel(database.db, finance, YEAR, {
    version: copy.version,
    drivers: copy.drivers.map((d, i) => ({ ...d, unitPriceOre: Math.round((d.unitPriceOre * (102 + i)) / 100) })),
  });
  await q('analyze');
  return { strategist: actor(s.id, s.username, 'it_strategist'), finance };
}

/** The floor: one statement summing every non-terminated application's cost under the new model. */
const FLOOR = `select coalesce(sum(q.value::bigint * d.unit_price_ore), 0)::bigint as total, count(distinct v.application_id)::int as apps
  from applications a
  join lateral (select quantities, application_id from agreement_versions where application_id = a.id order by number desc limit 1) v on true
  cross join lateral jsonb_each_text(v.quantities) q
  join agreement_cost_drivers d on d.code = q.key
  join agreement_cost_models m on m.id = d.model_id and m.year = $1
  where a.status <> 'terminated'`;

// ---- per database ------------------------------------------------------------------------------------

interface Result {
  driver: string;
  genSeconds: number;
  loadBefore: string;
  loadAfter: string;
  compare: number[];
  reads: { models: number[]; apps: number[]; versions: number[]; quantities: number[]; units: number[]; costed: number[] };
  pure: number[];
  floor: number[];
  counts: { apps: number; units: number; payingRows: number; total: number; floorTotal: number; difference: number };
}

async function runOn(driver: 'postgres' | 'pglite'): Promise<Result> {
  let url: string | undefined;
  if (driver === 'postgres') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
    await admin.query(`create database ${BENCH_DB}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${BENCH_DB}`;
    url = u.toString();
  }
  const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
  try {
    const genStart = performance.now();
    await boot(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) }), {
      database,
      logger: pino({ level: 'silent' }),
    });
    const { strategist } = await generate(database);
    const genSeconds = (performance.now() - genStart) / 1000;
    const db = database.db;
    const [counts] = await database.query<{ apps: number; paying: number; units: number }>(
      `select (select count(*) from applications)::int as apps, (select count(*) from application_units)::int as paying,
              (select count(distinct unit_id) from application_units)::int as units`,
    );
    console.log(
      `${driver}: generated ${counts?.apps} applications, ${counts?.paying} paying-unit rows over ${counts?.units} units in ${genSeconds.toFixed(1)} s`,
    );

    if (QUIET_LOAD !== undefined) {
      const until = Date.now() + 10 * 60_000;
      while ((os.loadavg()[0] ?? 0) > QUIET_LOAD && Date.now() < until) await new Promise((r) => setTimeout(r, 5_000));
    }
    const loadBefore = load();

    const cmp = await repeated(() => compare(db, strategist, YEAR, FROM_YEAR));
    const all = { municipalityId: undefined };
    const appsRead = await repeated(() => store.listApplications(db, all));
    const ids = appsRead.value.map((a) => a.id);
    const versionsRead = await repeated(() => store.latestVersions(db, ids));
    const quantitiesRead = await repeated(() =>
      database.query(
        `select distinct on (application_id) application_id, quantities from agreement_versions
         where application_id = any($1::uuid[]) order by application_id, number desc`,
        [ids],
      ),
    );
    const unitsRead = await repeated(() => store.listPayingUnits(db, ids));
    const costed = await repeated(() => store.costedApplications(db, all));
    const models = await repeated(async () => {
      const [newModel, oldModel] = [await store.findModel(db, YEAR), await store.findModel(db, FROM_YEAR)];
      if (!newModel || !oldModel) throw new Error('models missing');
      return [await store.listDrivers(db, newModel.id), await store.listDrivers(db, oldModel.id)] as const;
    });
    const [newDrivers, oldDrivers] = models.value;
    const input = costed.value
      .filter((c) => c.app.status !== 'terminated' && c.version !== undefined)
      .map((c) => ({ id: c.app.id, quantities: c.version?.quantities ?? {}, split: splitOf(c.app, c.units) }));
    const pure = await repeated(() => Promise.resolve(compareModels(input, oldDrivers, newDrivers)));
    const floor = await repeated(() => database.query<{ total: string; apps: number }>(FLOOR, [YEAR]));
    const loadAfter = load();

    const result = cmp.value;
    const floorTotal = Number(floor.value[0]?.total ?? 0);
    if (result.total.newOre !== floorTotal) console.log(`MISMATCH: the comparison's new total ${result.total.newOre} öre, the SQL sum ${floorTotal} öre`);
    return {
      driver,
      genSeconds,
      loadBefore,
      loadAfter,
      compare: cmp.each,
      reads: {
        models: models.each,
        apps: appsRead.each,
        versions: versionsRead.each,
        quantities: quantitiesRead.each,
        units: unitsRead.each,
        costed: costed.each,
      },
      pure: pure.each,
      floor: floor.each,
      counts: {
        apps: result.applications.length,
        units: result.units.length,
        payingRows: counts?.paying ?? 0,
        total: result.total.newOre,
        floorTotal,
        difference: result.total.differenceOre,
      },
    };
  } finally {
    await database.close();
  }
}

// ---- report ------------------------------------------------------------------------------------------

const results: Result[] = [];
for (const t of targets) results.push(await runOn(t));

console.log(`\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}; ${REPEAT} timed calls after 2 warm-ups`);
for (const r of results) {
  console.log(`\n${r.driver}: load before ${r.loadBefore}, after ${r.loadAfter}`);
  console.log(
    `compared ${r.counts.apps} applications and ${r.counts.units} paying units (${r.counts.payingRows} paying-unit rows); ` +
      `new total ${r.counts.total} öre (SQL sum ${r.counts.floorTotal}), difference ${r.counts.difference} öre\n`,
  );
  console.log('| case | median | p95 | max | min |');
  console.log('|---|---:|---:|---:|---:|');
  const row = (label: string, xs: number[]) =>
    console.log(`| ${label} | ${ms(median(xs))} | ${ms(p95(xs))} | ${ms(Math.max(...xs))} | ${ms(Math.min(...xs))} |`);
  row('**compare(2027 against 2026), the whole recompute**', r.compare);
  row('store: the two models and their drivers (4 statements)', r.reads.models);
  row('store: the applications (1 statement)', r.reads.apps);
  row('store: their latest versions (1 statement)', r.reads.versions);
  row('(not in the store) only the latest versions’ quantities, raw SQL', r.reads.quantities);
  row('store: their paying units (1 statement)', r.reads.units);
  row('store: costedApplications (the three above)', r.reads.costed);
  row('rules: compareModels on rows already read', r.pure);
  row('floor: one SQL statement summing the new cost', r.floor);
}
const pgResult = results.find((r) => r.driver === 'postgres');
if (pgResult) {
  const m = median(pgResult.compare);
  console.log(`\nPostgreSQL median ${ms(m)}, p95 ${ms(p95(pgResult.compare))}; target ≤ ${TARGET_MS} ms: ${m <= TARGET_MS ? 'met' : 'MISSED'}`);
  if (m > TARGET_MS) process.exitCode = 1;
}
if (results.some((r) => r.counts.total !== r.counts.floorTotal)) process.exitCode = 1;
