/**
 * Benchmark of the inventory register (issue 7, "Speed"): `node --import tsx bench/assets.ts`.
 * Not a timed test: it prints figures for docs/benchmarks.md and exits with code 1 when a case misses
 * the target (p95 ≤ 50 ms at the API), after printing everything.
 *
 * Creates a fresh PostgreSQL database `samdesk_bench_assets` (dropped first; `--reuse` keeps one that
 * already holds the requested number of assets), migrates and seeds it through `boot()` (both
 * municipalities, their example unit trees, the teams, the 2023 mission), then generates in SQL, in
 * one transaction with a fixed random seed: about 3,000 units (förvaltning → verksamhet → enhet),
 * people in them, 100,000 assets (device types, manufacturers' serial formats, statuses with their
 * lifecycle details such as the erasure record of sold equipment, holders), their first history row
 * and, for every active asset, its open billing period (`asset_billing_periods`), plus the signed-in
 * accounts. Then boots the app against it, serves it on a loopback port and sends sequential requests
 * to `GET /api/v1/assets` with a keep-alive client (Node's fetch): as an IT agent (the whole register,
 * a municipality, filters, keyset pages) and as unit managers. Every SQL statement the process sends is
 * counted and timed (pg.Client#query is wrapped). Finally EXPLAIN (ANALYZE, BUFFERS) of each case's
 * list statement exactly as the app sent it.
 *
 * Options: `--reuse`, `--generate-only`, and `--proposed` (a what-if: apply the schema changes this
 * benchmark recommends, PROPOSED below, to the benchmark database before measuring).
 * Environment: `BENCH_ASSETS` (default 100,000), `BENCH_REQUESTS` (per case, default 200),
 * `BENCH_WARMUP` (default 30), `BENCH_TARGET_MS` (default 50), `BENCH_ADMIN_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres), `BENCH_ASSETS_DB`, and `BENCH_QUIET_LOAD` (before each
 * case wait, at most 10 minutes, until the 1-minute load average is at or below it: on a shared
 * machine other work otherwise dominates the figures).
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { pino } from 'pino';
import { DEVICE_TYPES, REGISTER_STATUSES } from '../src/assets/register.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { boot } from '../src/app/boot.ts';
import { loadConfig } from '../src/platform/config.ts';

const N_ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);
const N_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const N_WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const TARGET_MS = Number(process.env.BENCH_TARGET_MS ?? 50);
/** Optional: before each case wait (at most 10 minutes) until the 1-minute load average is at or below this. */
const QUIET_LOAD = process.env.BENCH_QUIET_LOAD === undefined ? undefined : Number(process.env.BENCH_QUIET_LOAD);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = process.env.BENCH_ASSETS_DB ?? 'samdesk_bench_assets';
const args = new Set(process.argv.slice(2));
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DB)) throw new Error(`BENCH_ASSETS_DB must be a plain lower-case name, not ${BENCH_DB}`);

const benchUrl = (): string => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
};

const BENCH_PASSWORD = 'bench-samdesk-2023-lösenord';
/** IT agent (1st line, spans both municipalities). */
const AGENT = 'bench.assets.agent';
/** Unit manager of the Ulricehamn verksamhet with the most assets. */
const CHEF_VERKSAMHET = 'bench.assets.chef.verksamhet';
/** Unit manager of the Tranemo förvaltning with the most assets. */
const CHEF_FORVALTNING = 'bench.assets.chef.forvaltning';

const loadAtStart = os.loadavg();

// ---- data set ----------------------------------------------------------------------------------
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(q).join(',')}]::text[]`;
/** A version-4-shaped uuid derived from a text expression (the API validates uuids strictly). */
const uid = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;

const FORVALTNINGAR = [
  'Bildningsförvaltningen',
  'Socialförvaltningen',
  'Samhällsbyggnadsförvaltningen',
  'Kultur- och fritidsförvaltningen',
  'Vård- och omsorgsförvaltningen',
  'Serviceförvaltningen',
];
const VERKSAMHETER = [
  'Grundskola',
  'Förskola',
  'Gymnasium',
  'Hemtjänst',
  'Särskilt boende',
  'Individ- och familjeomsorg',
  'Bibliotek',
  'Kost',
  'Lokalvård',
  'Fastighet',
  'Gata och park',
  'Räddningstjänst',
  'Musikskola',
  'Fritidsgårdar',
  'Funktionsstöd',
  'Vuxenutbildning',
];
const PLACES = [
  'Tranemo',
  'Dalstorp',
  'Limmared',
  'Grimsås',
  'Uddebo',
  'Sjötofta',
  'Ambjörnarp',
  'Länghem',
  'Ljungsarp',
  'Ulricehamn',
  'Timmele',
  'Hökerum',
  'Gällstad',
  'Vegby',
  'Marbäck',
  'Blidsberg',
  'Trädet',
  'Dalum',
  'Nitta',
  'Rångedala',
  'Hössna',
  'Böne',
  'Tvärred',
  'Älmestad',
];
const FIRST = [
  'Anna',
  'Erik',
  'Maria',
  'Lars',
  'Karin',
  'Johan',
  'Eva',
  'Anders',
  'Sara',
  'Per',
  'Lena',
  'Mikael',
  'Emma',
  'Nils',
  'Ingrid',
  'Oskar',
  'Sofia',
  'Gunnar',
  'Elin',
  'Fredrik',
  'Maja',
  'Jonas',
  'Helena',
  'Henrik',
  'Linnea',
  'Wilma',
  'Alva',
  'Hugo',
  'Elsa',
  'Liam',
];
const LAST = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Lindberg',
  'Lundgren',
  'Berg',
  'Sjöberg',
  'Holm',
  'Åkesson',
  'Öberg',
];
/** Municipality code → förvaltningar, verksamheter per förvaltning, enheter per verksamhet (Tranemo 1,200, Ulricehamn 1,800 enheter). */
const TREE: Record<string, [number, number, number]> = { tranemo: [6, 10, 20], ulricehamn: [6, 15, 20] };

interface Generated {
  reused: boolean;
  seconds: number;
  phases: { label: string; seconds: number }[];
}

async function existing(admin: pg.Client): Promise<number> {
  const db = await admin.query(`select 1 from pg_database where datname = $1`, [BENCH_DB]);
  if (!db.rowCount) return -1;
  const c = new pg.Client({ connectionString: benchUrl() });
  await c.connect();
  try {
    const t = await c.query<{ a: string | null; u: string | null }>(`select to_regclass('public.assets')::text as a, to_regclass('public.users')::text as u`);
    if (!t.rows[0]?.a) return -1;
    const users = await c.query(`select 1 from users where username in ($1, $2, $3)`, [AGENT, CHEF_VERKSAMHET, CHEF_FORVALTNING]);
    if (users.rowCount !== 3) return -1;
    const r = await c.query<{ n: string }>(`select count(*)::text as n from assets`);
    return Number(r.rows[0]?.n ?? -1);
  } finally {
    await c.end();
  }
}

async function generate(n: number, reuse: boolean): Promise<Generated> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    if (reuse) {
      const have = await existing(admin);
      if (have === n) {
        console.log(`reusing ${BENCH_DB}: ${have.toLocaleString('en-US')} assets`);
        return { reused: true, seconds: 0, phases: [] };
      }
      console.log(`${BENCH_DB} has ${have < 0 ? 'no benchmark data' : `${have} assets`}; generating anew`);
    }
    await admin.query(`drop database if exists ${BENCH_DB} with (force)`);
    await admin.query(`create database ${BENCH_DB}`);
  } finally {
    await admin.end();
  }

  const phases: { label: string; seconds: number }[] = [];
  const started = performance.now();
  let mark = started;
  const phase = (label: string) => {
    const now = performance.now();
    phases.push({ label, seconds: (now - mark) / 1000 });
    console.log(`  ${label}: ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };

  const booted = await boot(loadConfig({ DATABASE_URL: benchUrl(), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  await booted.deps.database.close();
  phase('migrate and seed through boot()');

  const c = new pg.Client({ connectionString: benchUrl(), options: '-c TimeZone=Europe/Stockholm' });
  await c.connect();
  try {
    const rows = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await c.query<T>(text, params)).rows;
    await c.query('begin');
    await c.query(`select setseed(0.2023)`);

    // Units: per municipality F förvaltningar, V verksamheter each, E enheter each; ids derived from
    // the position so the levels can refer to each other without a lookup.
    const munis = await rows<{ id: string; code: string }>(`select id, code from municipalities order by code`);
    for (const m of munis) {
      const [f, v, e] = TREE[m.code] ?? [0, 0, 0];
      const id = (path: string) => uid(`'bench-unit-${m.code}-' || ${path}`);
      await c.query(
        `insert into units (id, municipality_id, parent_id, level, code, name)
         select ${id(`f`)}, $1, null, 'forvaltning', 'B' || f, (${arr(FORVALTNINGAR)})[1 + (f - 1) % ${FORVALTNINGAR.length}] || ' ' || f
         from generate_series(1, ${f}) f`,
        [m.id],
      );
      await c.query(
        `insert into units (id, municipality_id, parent_id, level, code, name)
         select ${id(`f || '-' || v`)}, $1, ${id('f')}, 'verksamhet', 'B' || f || '-V' || lpad(v::text, 2, '0'),
                (${arr(VERKSAMHETER)})[1 + (f * 7 + v) % ${VERKSAMHETER.length}] || ' ' || f || '.' || v
         from generate_series(1, ${f}) f, generate_series(1, ${v}) v`,
        [m.id],
      );
      await c.query(
        `insert into units (id, municipality_id, parent_id, level, code, name, accounting_codes)
         select ${id(`f || '-' || v || '-' || e`)}, $1, ${id(`f || '-' || v`)}, 'enhet', 'B' || f || '-V' || lpad(v::text, 2, '0') || '-E' || lpad(e::text, 2, '0'),
                (${arr(PLACES)})[1 + (f * 31 + v * 7 + e) % ${PLACES.length}] || ' ' || lower((${arr(VERKSAMHETER)})[1 + (f * 7 + v) % ${VERKSAMHETER.length}]) || ' ' || e,
                jsonb_build_object('ansvar', (${m.code === 'tranemo' ? 50000 : 7000} + f * 1000 + v * 20 + e)::text)
         from generate_series(1, ${f}) f, generate_series(1, ${v}) v, generate_series(1, ${e}) e`,
        [m.id],
      );
    }
    // Every enhet (the seeded ones too) in a shuffled order, so the heavy units fall in both municipalities.
    await c.query(`create temp table enh on commit drop as
      select (row_number() over (order by md5(m.code || '/' || u.code)) - 1)::int as idx, u.id, u.municipality_id, m.code as mcode,
             u.name ~* '(skola|gymnasium|utbildning|skolan)' as school
      from units u join municipalities m on m.id = u.municipality_id where u.level = 'enhet'`);
    const [units] = await rows<{ enheter: number; all: number }>(`select (select count(*)::int from enh) as enheter, (select count(*)::int from units) as all`);
    if (!units) throw new Error('no units');
    phase(`units: ${units.all.toLocaleString('en-US')} in all, ${units.enheter.toLocaleString('en-US')} enheter`);

    // Assets per enhet are skewed (a few schools with 1:1 devices hold over a thousand, most units a few
    // dozen); people per enhet are half its assets (at least 2), so a holder has one to three devices.
    await c.query(`create temp table a0 on commit drop as
      select i, floor(power(random(), 2) * ${units.enheter})::int as u, random() as r_type, random() as r_make, random() as r_status,
             random() as r_holder, random() as r_date, random() as r_loc
      from generate_series(0, ${n - 1}) i`);
    await c.query(`create temp table pc on commit drop as
      select e.idx as u, greatest(2, ceil(count(a0.i) * 0.5))::int as n from enh e left join a0 on a0.u = e.idx group by e.idx`);
    await c.query(`
      insert into people (id, municipality_id, unit_id, first_name, last_name, email, person_role, staff_category)
      select ${uid(`'bench-person-' || e.idx || '-' || k`)}, e.municipality_id, e.id, fn, ln,
             lower(translate(fn || '.' || ln || '.' || e.idx || '.' || k, 'åäöÅÄÖ', 'aaoAAO')) || '@' || e.mcode || '.se',
             case when e.school and k % 3 > 0 then 'elev' else 'anstalld' end,
             case when e.school and k % 3 = 0 then 'larare' end
      from pc join enh e on e.idx = pc.u, generate_series(1, pc.n) k,
           lateral (select (${arr(FIRST)})[1 + (e.idx * 7 + k) % ${FIRST.length}] as fn, (${arr(LAST)})[1 + (e.idx * 3 + k * 5) % ${LAST.length}] as ln) names`);
    const [peopleCount] = await rows<{ n: number }>(`select count(*)::int as n from people`);
    phase(`${(peopleCount?.n ?? 0).toLocaleString('en-US')} people`);

    // The serial's number part is a bijection of i (odd multiplier modulo 2^32), so serials are unique;
    // the manufacturer's prefix in front gives realistic common prefixes (5CG…, PF…, R5C…).
    await c.query(`
      insert into assets (municipality_id, unit_id, device_type, service_code, model, serial, holder_person_id, location, support_level,
                          delivered_on, binding_months, binding_until, renewal_on, status, details, created_at, updated_at)
      select municipality_id, unit_id, device_type, service_code, model, serial, holder_person_id, location, support_level,
             delivered_on, binding_months, (delivered_on + make_interval(months => binding_months))::date,
             case when device_type = 'computer' then (delivered_on + interval '48 months')::date end,
             status,
             jsonb_build_object('orderedOn', ordered_on, 'lastEventOn', coalesce(event_on, ordered_on))
               || case when retired_on is not null then jsonb_build_object('retiredOn', retired_on) else '{}' end
               || case when erased_on is not null then jsonb_build_object('erasure', jsonb_build_object('by', jsonb_build_object('kind', 'certified_provider', 'name', 'Inrego AB'),
                    'method', 'NIST SP 800-88 Purge', 'erasedOn', erased_on, 'serial', serial)) else '{}' end
               || case when status = 'sold' then jsonb_build_object('sale', jsonb_build_object('soldOn', event_on,
                    'buyer', jsonb_build_object('kind', 'partner', 'partner', 'Inrego AB', 'batch', 'P-' || to_char(event_on, 'YYYY-MM')))) else '{}' end
               || case when status = 'recycled' then jsonb_build_object('recycledOn', event_on) else '{}' end
               || case when status in ('stolen', 'damaged') then jsonb_build_object('incident', jsonb_build_object('kind', status, 'reportedOn', event_on,
                    'policeReport', '5000-K' || (100000 + i % 900000), 'settlement', null)) else '{}' end,
             coalesce(delivered_on::timestamptz, now()), coalesce(event_on::timestamptz, now())
      from (
      -- Lifecycle dates (R-5.2): retired after 60 % of the time since delivery, erased after 70 %, sold or
      -- recycled after 80 %; erased, sold and recycled assets carry their erasure record (R-5.8).
      select s.*,
        coalesce(delivered_on - 14, current_date - floor(r_date * 60)::int) as ordered_on,
        case when status in ('retired', 'erased', 'sold', 'recycled') then delivered_on + ((current_date - delivered_on) * 0.6)::int end as retired_on,
        case when status in ('erased', 'sold', 'recycled') then delivered_on + ((current_date - delivered_on) * 0.7)::int end as erased_on,
        case status when 'active' then delivered_on when 'ordered' then null
                    when 'retired' then delivered_on + ((current_date - delivered_on) * 0.6)::int
                    when 'erased' then delivered_on + ((current_date - delivered_on) * 0.7)::int
                    when 'sold' then delivered_on + ((current_date - delivered_on) * 0.8)::int
                    when 'recycled' then delivered_on + ((current_date - delivered_on) * 0.8)::int
                    else delivered_on + ((current_date - delivered_on) * 0.5)::int end as event_on
      from (
        select d.*,
          prefix || upper(lpad(to_hex((d.i::bigint * 2654435761) % 4294967296), 8, '0')) as serial,
          case when status = 'ordered' then null else current_date - floor(r_date * 1826)::int end as delivered_on,
          case when device_type = 'phone' then 24 end as binding_months,
          case when (status in ('active', 'ordered') and device_type in ('computer', 'phone', 'tablet') and r_holder < 0.95)
                 or (status = 'active' and device_type = 'other' and r_holder < 0.4)
                 or (status in ('stolen', 'damaged') and r_holder < 0.9)
               then ${uid(`'bench-person-' || d.u || '-' || (1 + floor(random() * pc.n))::int`)} end as holder_person_id,
          case when r_loc < 0.4 then '' else 'Rum ' || (100 + floor(r_loc * 300))::int end as location
        from (
          select a0.*, e.id as unit_id, e.municipality_id, t.device_type,
            case t.device_type
              when 'computer' then case when r_make < 0.5 then '5CG' when r_make < 0.8 then 'PF' else 'C02' end
              when 'phone' then case when r_make < 0.5 then 'R5C' else 'F2L' end
              when 'tablet' then 'DMP' when 'printer' then 'VNB' when 'screen' then 'CN0' when 'camera' then 'ACCC' when 'access_point' then 'Q2XX' else 'X' end as prefix,
            case t.device_type
              when 'computer' then case when r_make < 0.5 then 'HP EliteBook 840 G9' when r_make < 0.8 then 'Lenovo ThinkPad T14 Gen 3' else 'Apple MacBook Air M2' end
              when 'phone' then case when r_make < 0.5 then 'Samsung Galaxy A54' else 'Apple iPhone 13' end
              when 'tablet' then 'Apple iPad 9' when 'printer' then 'HP LaserJet M507' when 'screen' then 'Dell P2422H' when 'camera' then 'Axis M3106'
              when 'access_point' then 'Cisco Meraki MR36' else 'Jabra Evolve2 65' end as model,
            case t.device_type
              when 'computer' then case when e.school and r_make < 0.6 then 'elevdator' when e.school then 'lardator' else 'datorarbetsplats' end
              when 'phone' then 'mobiltelefon' when 'tablet' then 'surfplatta' when 'printer' then 'skrivare' when 'screen' then 'smart-skarm'
              when 'camera' then 'overvakningskamera' when 'access_point' then 'accesspunkt' else 'tillbehor' end as service_code,
            case when t.device_type = 'computer' then case when e.school and r_make < 0.6 then 'one_to_one' when e.school then 'managed_without_support' else 'managed' end end as support_level,
            case when r_status < 0.85 then 'active' when r_status < 0.87 then 'ordered' when r_status < 0.91 then 'in_stock' when r_status < 0.93 then 'returned'
                 when r_status < 0.96 then 'retired' when r_status < 0.97 then 'erased' when r_status < 0.98 then 'sold' when r_status < 0.995 then 'recycled'
                 when r_status < 0.998 then 'stolen' else 'damaged' end as status
          from a0 join enh e on e.idx = a0.u,
            lateral (select case when r_type < 0.45 then 'computer' when r_type < 0.65 then 'phone' when r_type < 0.80 then 'tablet' when r_type < 0.88 then 'screen'
                                 when r_type < 0.92 then 'printer' when r_type < 0.94 then 'camera' when r_type < 0.96 then 'access_point' else 'other' end as device_type) t
        ) d join pc on pc.u = d.u
      ) s
      ) s2`);
    phase(`insert ${n.toLocaleString('en-US')} assets`);
    await c.query(`insert into asset_events (asset_id, municipality_id, kind, occurred_on, at, actor_user_id, from_status, to_status)
      select id, municipality_id, 'import', coalesce(delivered_on, current_date), created_at, null, null, status from assets`);
    await c.query(`insert into asset_billing_periods (asset_id, municipality_id, unit_id, from_on, to_on, basis)
      select id, municipality_id, unit_id, delivered_on, null, 'active' from assets where status = 'active'`);
    phase('history rows and open billing periods');

    // Accounts: an IT agent spanning both municipalities and two unit managers (their person sits in
    // the verksamhet or förvaltning they manage, so they see every enhet below it).
    const hash = await hashPassword(BENCH_PASSWORD);
    const [ids] = await rows<{ tranemo: string; ulricehamn: string; team: string }>(`select
      (select id from municipalities where code = 'tranemo') as tranemo, (select id from municipalities where code = 'ulricehamn') as ulricehamn,
      (select id from teams where code = 'anvandarstod') as team`);
    if (!ids) throw new Error('seed missing');
    await c.query(
      `insert into users (username, email, display_name, password_hash, municipality_id, roles, team_id, line, locale)
      values ($1, $1 || '@it.example.se', 'Bench IT-agent', $2, null, array['agent'], $3, 1, 'sv')`,
      [AGENT, hash, ids.team],
    );
    const heaviest = async (level: 'verksamhet' | 'forvaltning', municipalityId: string) => {
      const [row] = await rows<{ id: string }>(
        `select top.id from units top
         join units v on ${level === 'verksamhet' ? 'v.id = top.id' : 'v.parent_id = top.id'}
         join units e on e.parent_id = v.id join assets a on a.unit_id = e.id
         where top.level = $1 and top.municipality_id = $2 group by top.id order by count(*) desc, top.id limit 1`,
        [level, municipalityId],
      );
      if (!row) throw new Error(`no ${level}`);
      return row.id;
    };
    const managers: [string, 'verksamhet' | 'forvaltning', string][] = [
      [CHEF_VERKSAMHET, 'verksamhet', ids.ulricehamn],
      [CHEF_FORVALTNING, 'forvaltning', ids.tranemo],
    ];
    for (const [username, level, municipalityId] of managers) {
      const unitId = await heaviest(level, municipalityId);
      const [person] = await rows<{ id: string }>(
        `insert into people (municipality_id, unit_id, first_name, last_name, email, person_role)
        values ($1, $2, 'Chef', $3, $4, 'anstalld') returning id`,
        [municipalityId, unitId, level, `${username}@example.se`],
      );
      await c.query(
        `insert into users (username, email, display_name, password_hash, municipality_id, person_id, roles, locale)
        values ($1, $1 || '@example.se', $2, $3, $4, $5, array['unit_manager', 'orderer'], 'sv')`,
        [username, `Enhetschef (${level})`, hash, municipalityId, person?.id],
      );
    }
    await c.query('commit');
    phase('accounts');
    await c.query('vacuum (analyze) assets, asset_billing_periods, asset_events, people, units');
    await c.query('analyze');
    phase('vacuum and analyze');
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`generated ${n.toLocaleString('en-US')} assets in ${seconds.toFixed(1)} s`);
  return { reused: false, seconds, phases };
}

const generated = await generate(N_ASSETS, args.has('--reuse'));

// ---- proposed schema changes (what-if, `--proposed`) -------------------------------------------
// Not part of the app's migrations: applied to the benchmark database only, to measure the changes
// this benchmark recommends (docs/benchmarks.md, issue 7). Without the flag the database must be
// exactly as migrated.
const PROPOSED = [
  // Serials are A–Z, 0–9 and - _ . / (register.ts): byte order is the natural order, and with it every
  // B-tree on serial also serves `serial like 'PREFIX%'` as a range, in the order of the pages.
  `alter table assets alter column serial type text collate "C"`,
  // Device type correlates with the serial (each manufacturer has its own format), so a type filter
  // walking the serial order can read most of a municipality before it finds 50 rows.
  `create index if not exists assets_municipality_type_serial_idx on assets (municipality_id, device_type, serial)`,
];
async function schemaState(): Promise<'migrated' | 'proposed'> {
  const c = new pg.Client({ connectionString: benchUrl() });
  await c.connect();
  try {
    const [row] = (
      await c.query<{ collation: string | null; index: string | null }>(`
      select (select collation_name from information_schema.columns where table_schema = 'public' and table_name = 'assets' and column_name = 'serial') as collation,
             to_regclass('public.assets_municipality_type_serial_idx')::text as index`)
    ).rows;
    const wanted = args.has('--proposed');
    const isProposed = row?.collation === 'C' && row.index !== null;
    const isMigrated = row?.collation !== 'C' && !row?.index;
    if (wanted && !isProposed) {
      const t0 = performance.now();
      if (row?.collation !== 'C') await c.query(PROPOSED[0] as string);
      await c.query(PROPOSED[1] as string);
      await c.query('analyze assets');
      console.log(`applied the proposed changes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return 'proposed';
    }
    if (!wanted && !isMigrated) throw new Error(`${BENCH_DB} carries the proposed changes; run without --reuse to generate it as migrated`);
    return wanted ? 'proposed' : 'migrated';
  } finally {
    await c.end();
  }
}
const schema = await schemaState();
if (args.has('--generate-only')) process.exit(0);

// ---- statement counting and timing ------------------------------------------------------------
// Every statement goes through pg.Client#query (the pool hands out Clients and passes a callback;
// a Client used directly returns a promise). Requests are sequential, so the statements between
// sending a request and reading its body belong to that request; `dbMs` sums the time from handing
// each statement to the driver until its result arrives (round trip and server time, not the app's).
interface Sent {
  text: string;
  values: unknown[];
  /** Time until its result arrived. */
  ms?: number;
}
let statements = 0;
let dbMs = 0;
let sent: Sent[] = [];
type QueryFn = (...a: unknown[]) => unknown;
const clientProto = pg.Client.prototype as unknown as { query: QueryFn };
const originalQuery = clientProto.query;
clientProto.query = function (this: pg.Client, ...a: unknown[]) {
  statements++;
  const first = a[0];
  let entry: Sent | undefined;
  if (typeof first === 'string') entry = { text: first, values: Array.isArray(a[1]) ? (a[1] as unknown[]) : [] };
  else if (first && typeof first === 'object' && 'text' in first) {
    const cfg = first as { text: string; values?: unknown[] };
    entry = { text: cfg.text, values: cfg.values ?? (Array.isArray(a[1]) ? (a[1] as unknown[]) : []) };
  }
  if (entry) sent.push(entry);
  const t0 = performance.now();
  const done = () => {
    const ms = performance.now() - t0;
    dbMs += ms;
    if (entry) entry.ms = ms;
  };
  const last = a.at(-1);
  if (typeof last === 'function') {
    a[a.length - 1] = function (this: unknown, ...r: unknown[]) {
      done();
      return (last as QueryFn).apply(this, r);
    };
    return originalQuery.apply(this, a);
  }
  const result = originalQuery.apply(this, a);
  if (result instanceof Promise) result.then(done, done);
  return result;
};

// ---- the app on a loopback port ----------------------------------------------------------------
const booted = await boot(loadConfig({ DATABASE_URL: benchUrl(), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
const server = serve({ fetch: booted.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const database = booted.deps.database;

async function signIn(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((x) => x.split(';')[0] ?? '')
    .find((x) => x.startsWith('samdesk_session='));
  await res.arrayBuffer();
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}
const agentCookie = await signIn(AGENT);
const chefVCookie = await signIn(CHEF_VERKSAMHET);
const chefFCookie = await signIn(CHEF_FORVALTNING);

interface Page {
  items: { id: string; serial: string }[];
  nextCursor: string | null;
}
interface Sample {
  ms: number;
  dbMs: number;
  /** Each statement of the request: the first table it reads and its time. */
  parts: { table: string; ms: number }[];
  statements: number;
  rows: number;
}

async function get(cookie: string, path: string): Promise<{ page: Page; sample: Sample; sql: Sent[] }> {
  statements = 0;
  dbMs = 0;
  sent = [];
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  const page = JSON.parse(text) as Page;
  return {
    page,
    sample: { ms, dbMs, parts: sent.map((x) => ({ table: /\bfrom\s+"?(\w+)/i.exec(x.text)?.[1] ?? '?', ms: x.ms ?? 0 })), statements, rows: page.items.length },
    sql: sent,
  };
}

// ---- what to ask for: drawn from the data (deterministically), so runs are comparable -----------
const sample = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => database.query<T>(text, params);
const [mIds] = await sample<{ tranemo: string; ulricehamn: string }>(
  `select (select id from municipalities where code = 'tranemo') as tranemo, (select id from municipalities where code = 'ulricehamn') as ulricehamn`,
);
if (!mIds) throw new Error('municipalities missing');
const MUNIS = [mIds.tranemo, mIds.ulricehamn];
// Units and holders of randomly drawn assets: a unit with many assets is asked for more often.
const unitPicks = await sample<{ unit_id: string; municipality_id: string }>(
  `select unit_id, municipality_id from assets order by md5(id::text || 'unit') limit 500`,
);
const holderPicks = await sample<{ holder_person_id: string; municipality_id: string }>(
  `select holder_person_id, municipality_id from assets where holder_person_id is not null order by md5(id::text || 'holder') limit 500`,
);
// A serial being typed: the first 4–8 characters of a registered serial; and a manufacturer's prefix
// (5CG = HP computers, about 22 % of the register) as the broadest prefix a person would type.
const typedPicks = (
  await sample<{ serial: string; municipality_id: string }>(`select serial, municipality_id from assets order by md5(id::text || 'serial') limit 500`)
).map((r, i) => ({ prefix: r.serial.slice(0, 4 + (i % 5)), municipalityId: r.municipality_id }));
const BROAD_PREFIXES = ['5CG', 'PF', 'R5C', 'DMP', 'C02', 'F2L', 'Q2XX', 'CN0', 'VNB', 'ACCC'];
// Every status × device type combination, rare ones included (stolen cameras, recycled access points).
const combos = REGISTER_STATUSES.flatMap((status) => DEVICE_TYPES.map((deviceType) => ({ status, deviceType })));

let turn = 0;
const cycle = <T>(xs: readonly T[]): T => xs[turn++ % xs.length] as T;
const LIST = '/api/v1/assets';
const enc = encodeURIComponent;

interface Case {
  key: string;
  label: string;
  cookie: string;
  /** Path of the next measured request (may fetch unmeasured pages first). */
  next: () => Promise<string>;
}

// Deeper pages: walk a municipality's register from page 1 and measure pages 2–20, both municipalities in turn.
let cursorChain: string[] = [];
let chainMunicipality = 0;
async function nextDeepPage(): Promise<string> {
  if (!cursorChain.length) {
    const first = `${LIST}?municipalityId=${MUNIS[chainMunicipality++ % MUNIS.length]}&limit=50`;
    let path = first;
    const chain: string[] = [];
    for (let p = 2; p <= 20; p++) {
      const { page } = await get(agentCookie, path);
      if (!page.nextCursor) break;
      path = `${first}&cursor=${page.nextCursor}`;
      chain.push(path);
    }
    if (!chain.length) throw new Error('the register has a single page');
    cursorChain = chain;
  }
  return cursorChain.shift() as string;
}

const cases: Case[] = [
  {
    key: 'a',
    label: 'municipality, first page, no filter',
    cookie: agentCookie,
    next: () => Promise.resolve(`${LIST}?municipalityId=${cycle(MUNIS)}&limit=50`),
  },
  { key: 'a2', label: 'whole register (both), first page', cookie: agentCookie, next: () => Promise.resolve(`${LIST}?limit=50`) },
  { key: 'b', label: 'municipality, pages 2–20 (cursor)', cookie: agentCookie, next: nextDeepPage },
  {
    key: 'c',
    label: 'filter by unit (enhet)',
    cookie: agentCookie,
    next: () => Promise.resolve(((u) => `${LIST}?municipalityId=${u.municipality_id}&unitId=${u.unit_id}&limit=50`)(cycle(unitPicks))),
  },
  {
    key: 'd',
    label: 'filter by status + device type (all 80)',
    cookie: agentCookie,
    next: () =>
      Promise.resolve(
        ((x, m) => `${LIST}?municipalityId=${m}&status=${x.status}&deviceType=${x.deviceType}&limit=50`)(
          cycle(combos),
          MUNIS[Math.floor(turn / combos.length) % 2],
        ),
      ),
  },
  {
    key: 'e1',
    label: 'serial prefix, manufacturer (2–4 chars)',
    cookie: agentCookie,
    next: () => Promise.resolve(`${LIST}?municipalityId=${cycle(MUNIS)}&serial=${enc(cycle(BROAD_PREFIXES))}&limit=50`),
  },
  {
    key: 'e2',
    label: 'serial prefix, being typed (4–8 chars)',
    cookie: agentCookie,
    next: () => Promise.resolve(((x) => `${LIST}?municipalityId=${x.municipalityId}&serial=${enc(x.prefix)}&limit=50`)(cycle(typedPicks))),
  },
  {
    key: 'f',
    label: 'filter by holder',
    cookie: agentCookie,
    next: () => Promise.resolve(((h) => `${LIST}?municipalityId=${h.municipality_id}&holderPersonId=${h.holder_person_id}&limit=50`)(cycle(holderPicks))),
  },
  { key: 'g1', label: 'unit manager (verksamhet), first page', cookie: chefVCookie, next: () => Promise.resolve(`${LIST}?limit=50`) },
  { key: 'g2', label: 'unit manager (förvaltning), first page', cookie: chefFCookie, next: () => Promise.resolve(`${LIST}?limit=50`) },
];

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
interface Result {
  c: Case;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  db: { p50: number; p95: number };
  /** Median time of each statement, by position in the request. */
  parts: string;
  maxStatements: number;
  rows: { min: number; median: number; max: number };
  load: [number, number];
  example: Sent[];
}

async function waitForQuiet(): Promise<void> {
  if (QUIET_LOAD === undefined) return;
  const until = Date.now() + 10 * 60_000;
  while ((os.loadavg()[0] ?? 0) > QUIET_LOAD && Date.now() < until) await new Promise((r) => setTimeout(r, 5_000));
}

const results: Result[] = [];
for (const c of cases) {
  await waitForQuiet();
  turn = 0;
  for (let i = 0; i < N_WARMUP; i++) await get(c.cookie, await c.next());
  turn = 0;
  const samples: Sample[] = [];
  let example: Sent[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  for (let i = 0; i < N_REQUESTS; i++) {
    const r = await get(c.cookie, await c.next());
    samples.push(r.sample);
    if (i === 0) example = r.sql;
  }
  const ms = samples.map((x) => x.ms).sort((a, b) => a - b);
  const db = samples.map((x) => x.dbMs).sort((a, b) => a - b);
  const rowCounts = samples.map((x) => x.rows).sort((a, b) => a - b);
  const result: Result = {
    c,
    p50: pct(ms, 50),
    p95: pct(ms, 95),
    p99: pct(ms, 99),
    max: ms.at(-1) ?? 0,
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    db: { p50: pct(db, 50), p95: pct(db, 95) },
    parts: [...Array(Math.max(...samples.map((x) => x.parts.length))).keys()]
      .map((k) => {
        const at = samples.map((x) => x.parts[k]).filter((x) => x !== undefined);
        return `${at[0]?.table ?? '?'} ${pct(
          at.map((x) => x.ms).sort((a, b) => a - b),
          50,
        ).toFixed(1)}`;
      })
      .join(', '),
    maxStatements: Math.max(...samples.map((x) => x.statements)),
    rows: { min: rowCounts[0] ?? 0, median: pct(rowCounts, 50), max: rowCounts.at(-1) ?? 0 },
    load: [loadBefore, os.loadavg()[0] ?? 0],
    example,
  };
  results.push(result);
  console.log(
    `${c.key.padEnd(3)} ${c.label.padEnd(42)} p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} max ${result.max.toFixed(1)} ms (SQL p50 ${result.db.p50.toFixed(1)} p95 ${result.db.p95.toFixed(1)}); rows ${result.rows.min}–${result.rows.max}; ≤ ${result.maxStatements} statements; load ${result.load[0].toFixed(2)}→${result.load[1].toFixed(2)}`,
  );
}

// ---- EXPLAIN of the statements as sent ---------------------------------------------------------
const explainPool = new pg.Pool({ connectionString: benchUrl(), max: 1 });
const explains: string[] = [];
for (const r of results) {
  const stmt = r.example.find((x) => /from "assets"/.test(x.text) && /order by/i.test(x.text));
  if (!stmt) continue;
  const plan = await explainPool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${stmt.text}`, stmt.values);
  const shown = stmt.values.map((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? `${v.slice(0, 8)}…` : v));
  const params = shown.length > 6 ? [...shown.slice(0, 3), `… ${shown.length} values in all`] : shown;
  // A unit manager's statement lists every unit id: long lines are cut.
  const cut = (line: string) => (line.length > 240 ? `${line.slice(0, 237)}…` : line);
  explains.push(`--- ${r.c.key} ${r.c.label} (params: ${JSON.stringify(params)})`, ...plan.rows.map((x) => cut(x['QUERY PLAN'])));
}
await explainPool.end();

// ---- the data set as measured ------------------------------------------------------------------
const [counts] = await sample<{
  assets: number;
  tranemo: number;
  active: number;
  held: number;
  units: number;
  enheter: number;
  people: number;
  periods: number;
  events: number;
}>(`
  select (select count(*)::int from assets) as assets,
         (select count(*)::int from assets a join municipalities m on m.id = a.municipality_id where m.code = 'tranemo') as tranemo,
         (select count(*)::int from assets where status = 'active') as active,
         (select count(*)::int from assets where holder_person_id is not null) as held,
         (select count(*)::int from units) as units, (select count(*)::int from units where level = 'enhet') as enheter,
         (select count(*)::int from people) as people,
         (select count(*)::int from asset_billing_periods where to_on is null) as periods,
         (select count(*)::int from asset_events) as events`);
const byType = await sample<{ k: string; n: number }>(`select device_type as k, count(*)::int as n from assets group by 1 order by 2 desc`);
const byStatus = await sample<{ k: string; n: number }>(`select status as k, count(*)::int as n from assets group by 1 order by 2 desc`);
const [perUnit] = await sample<{
  max: number;
  median: number;
  min: number;
}>(`select max(n)::int as max, (percentile_disc(0.5) within group (order by n))::int as median, min(n)::int as min
  from (select count(*) as n from assets group by unit_id) x`);
const scopes = await sample<{ username: string; units: number; assets: number }>(
  `
  with recursive tree as (select u.username, p.unit_id as id from users u join people p on p.id = u.person_id where u.username in ($1, $2)
                          union all select t.username, c.id from tree t join units c on c.parent_id = t.id)
  select t.username, count(distinct t.id)::int as units, (select count(*)::int from assets a where a.unit_id in (select id from tree t2 where t2.username = t.username)) as assets
  from tree t group by t.username order by t.username`,
  [CHEF_FORVALTNING, CHEF_VERKSAMHET],
);
const [size] = await sample<{ table: string; version: string }>(
  `select pg_size_pretty(pg_total_relation_size('assets')) as table, current_setting('server_version') as version`,
);

server.close();
await database.close();

// ---- report ------------------------------------------------------------------------------------
const fmt = (n: number) => n.toFixed(1);
const missed = results.filter((r) => r.p95 > TARGET_MS);
const mix = (xs: { k: string; n: number }[]) => xs.map((x) => `${x.k} ${x.n.toLocaleString('en-US')}`).join(', ');
const report = [
  '',
  `Inventory register benchmark — Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, PostgreSQL ${size?.version}, ${new Date().toISOString().slice(0, 16)}Z`,
  `load average (1/5/15 min) at start ${loadAtStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')}`,
  `data set: ${counts?.assets.toLocaleString('en-US')} assets (Tranemo ${counts?.tranemo.toLocaleString('en-US')}), ${counts?.active.toLocaleString('en-US')} active with ${counts?.periods.toLocaleString('en-US')} open billing periods, ${counts?.held.toLocaleString('en-US')} with a holder; ${counts?.events.toLocaleString('en-US')} history rows; assets table with indexes ${size?.table}`,
  `  ${counts?.units.toLocaleString('en-US')} units (${counts?.enheter.toLocaleString('en-US')} enheter; assets per enhet min ${perUnit?.min} / median ${perUnit?.median} / max ${perUnit?.max}), ${counts?.people.toLocaleString('en-US')} people`,
  `  device types: ${mix(byType)}`,
  `  statuses: ${mix(byStatus)}`,
  `  unit managers: ${scopes.map((s) => `${s.username} sees ${s.units} units, ${s.assets.toLocaleString('en-US')} assets`).join('; ')}`,
  schema === 'proposed' ? `schema: as migrated PLUS the proposed changes (--proposed): ${PROPOSED.join('; ')}` : 'schema: as migrated (no changes)',
  generated.reused
    ? 'data set reused (--reuse)'
    : `generation: ${generated.seconds.toFixed(1)} s (${generated.phases.map((p) => `${p.label} ${p.seconds.toFixed(1)} s`).join('; ')})`,
  `${N_REQUESTS} sequential requests per case after ${N_WARMUP} warm-up; time from sending to the last byte of the body; target p95 ≤ ${TARGET_MS} ms`,
  '',
  '| case | p50 ms | p95 ms | p99 ms | max ms | mean ms | SQL time p50 / p95 ms | SQL per request (max) | rows (min–max, median) | target p95 | load 1 min |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| (${r.c.key}) ${r.c.label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.mean)} | ${fmt(r.db.p50)} / ${fmt(r.db.p95)} | ${r.maxStatements} | ${r.rows.min}–${r.rows.max} (${r.rows.median}) | ≤ ${TARGET_MS}: ${r.p95 <= TARGET_MS ? 'met' : '**missed**'} | ${r.load[0].toFixed(2)}→${r.load[1].toFixed(2)} |`,
  ),
  '',
  'Median time of each SQL statement of a request, in order (the table it reads first, ms):',
  ...results.map((r) => `  (${r.c.key}) ${r.parts}`),
  '',
  'EXPLAIN (ANALYZE, BUFFERS) of the list statement as the app sent it (first measured request of each case):',
  ...explains,
  '',
  missed.length
    ? `MISSED: p95 above ${TARGET_MS} ms in ${missed.map((r) => `(${r.c.key}) ${fmt(r.p95)} ms`).join(', ')}`
    : `every case met p95 ≤ ${TARGET_MS} ms`,
];
console.log(report.join('\n'));
if (missed.length) {
  console.error(`FAILED: ${missed.length} case(s) above p95 ${TARGET_MS} ms`);
  process.exitCode = 1;
}
