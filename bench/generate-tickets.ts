/**
 * Large data set for the ticket benchmark (issue 4): a fresh PostgreSQL database `samdesk_bench` with
 * the app's schema and built-in configuration (through `boot()`), 20 IT agents, 20,000 requester
 * accounts and 1,000,000 tickets over five years, generated in SQL (`INSERT … SELECT … FROM
 * generate_series`). Used by bench/tickets.ts; not part of the app.
 *
 * Shape: both municipalities (45 % Tranemo, 55 % Ulricehamn, by the requester), received evenly over
 * the five years up to now; a ticket is open, new or waiting mostly when it is recent (last 30 days:
 * 40 %; older: 2 %), else solved or closed. Team and line: 1st line användarstöd 60 %, 2nd line 25 %,
 * 3rd line 15 % (verksamhetsstöd and infrastruktur). Assigned (to an agent of that team and line) 80 %
 * of the time once past "new". Swedish subjects and descriptions from word lists with a skewed
 * (Zipf-like) choice so `swedish` full-text search meets common and rare words. Numbers run per year
 * (Europe/Stockholm) from 1, and `ticket_counters` continues after them. The `search` document is
 * computed with the same expression as store.refreshSearch (no messages in the generated data).
 */
import pg from 'pg';
import { pino } from 'pino';
import { MISSION_2023 } from '../src/mission/default-2023.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { boot } from '../src/app/boot.ts';
import { loadConfig } from '../src/platform/config.ts';

export const BENCH_PASSWORD = 'bench-samdesk-2023-lösenord';
export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DB = process.env.BENCH_DB ?? 'samdesk_bench';
export const benchUrl = (): string => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
};

export const AGENTS = 20;
export const REQUESTERS = 20_000;
/** Username of the signed-in IT agent (1st line, användarstöd) and of the end user. */
export const AGENT_USERNAME = 'bench.agent.0';
export const END_USER_USERNAME = 'bench.user.0';

const SUBJECTS = [
  'Skrivaren skriver inte ut',
  'Glömt lösenord',
  'Wifi fungerar inte',
  'Teams startar inte',
  'Skärmen är svart',
  'Kan inte logga in',
  'Outlook hänger sig',
  'Behörighet till gemensam mapp',
  'Ny dator till nyanställd',
  'Datorn är långsam',
  'Ljudet fungerar inte i Teams',
  'Kontot är låst',
  'Beställning av skärm',
  'Mobiltelefonen synkar inte e-post',
  'Visma startar inte',
  'Skrivaren har papperstrassel',
  'VPN kopplar ner',
  'Dockningsstationen fungerar inte',
  'Tangentbordet fungerar inte',
  'Installera programvara',
  'Projektorn visar ingen bild',
  'Chromebook startar inte',
  'Lärplattformen går inte att nå',
  'Fakturor i Proceedo syns inte',
  'Byte av lösenord',
  'Webbkameran fungerar inte',
  'Kalendern delas inte',
  'Trådlöst nätverk försvinner',
  'iPad kan inte uppdateras',
  'Utskrift hamnar i fel skrivare',
  'Hemtjänstens telefoner',
  'Procapita svarar inte',
  'Skolans elevkonton',
  'Behöver tillgång till Infocaption',
  'Telefonin: hänvisning fungerar inte',
  'Spam i inkorgen',
  'Virusvarning på datorn',
  'Återställa fil i P-mappen',
  'Beställning av headset',
  'Flytt av arbetsplats',
];
const SENTENCES = [
  'Skrivaren på plan två skriver inte ut sedan i morse.',
  'Jag har glömt mitt lösenord och kommer inte in.',
  'Wifi i personalrummet tappar anslutningen hela tiden.',
  'Teams startar inte efter uppdateringen.',
  'Skärmen blir svart när jag kopplar in datorn i dockan.',
  'Det kommer ett felmeddelande när jag försöker logga in.',
  'Outlook hänger sig när jag öppnar kalendern.',
  'Jag behöver behörighet till den gemensamma mappen för ekonomi.',
  'En ny medarbetare börjar på måndag och behöver dator och konto.',
  'Datorn är väldigt långsam, särskilt på morgonen.',
  'Ingen hör mig i Teams-möten, mikrofonen verkar inte fungera.',
  'Kontot låstes efter flera felaktiga inloggningar.',
  'Vi vill beställa en extra skärm till arbetsplatsen.',
  'E-posten synkar inte längre till mobilen.',
  'Visma visar ett fel om licensen.',
  'Det har fastnat papper i skrivaren och den blinkar rött.',
  'VPN kopplar ner var tionde minut när jag jobbar hemifrån.',
  'Dockningsstationen laddar inte datorn.',
  'Några tangenter på tangentbordet har slutat fungera.',
  'Jag behöver få programmet installerat på min dator.',
  'Projektorn i klassrummet visar ingen bild från datorn.',
  'Elevens Chromebook startar inte trots laddning.',
  'Lärplattformen går inte att nå från skolans nät.',
  'Fakturorna syns inte i attestflödet.',
  'Webbkameran visar bara en svart ruta.',
  'Kalendern delas inte med kollegorna som förut.',
  'iPaden säger att uppdateringen misslyckades.',
  'Utskrifterna hamnar i fel skrivare.',
  'Hemtjänstens telefoner kan inte ringa ut.',
  'Procapita svarar inte och vi kan inte dokumentera.',
  'Det kommer mycket skräppost till inkorgen.',
  'Klientskyddet varnar för ett virus i en bilaga.',
  'Jag har råkat radera en fil i P-mappen och vill få den återställd.',
  'Headsetet ger ett brus under samtal.',
  'Vi flyttar till nya lokaler och behöver hjälp med nätverksuttag.',
  'Felet uppstod efter omstart.',
  'Det har fungerat tidigare men inte sedan i går.',
  'Kollegorna har samma problem.',
  'Jag har provat att starta om datorn utan att det hjälpte.',
  'Det är bråttom eftersom vi har möte i eftermiddag.',
  'Telefonens hänvisning visar fel tid.',
  'Webbfiltret stoppar en sida vi behöver i undervisningen.',
  'Nätverksskrivaren syns inte i listan.',
  'Lösenordet har gått ut och jag kan inte byta det.',
  'Office-programmen startar inte, Word stängs direkt.',
];
const PLACES = [
  'Tranemo',
  'Ulricehamn',
  'Ljungsarpsskolan',
  'Länghemsskolan',
  'Dalstorp',
  'Limmared',
  'Grimsås',
  'Uddebo',
  'Sjötofta',
  'Ambjörnarp',
  'Timmele',
  'Hökerum',
  'Gällstad',
  'Vegby',
  'Marbäck',
  'Blidsberg',
  'Trädet',
  'Ätradalsskolan',
  'Stenbocksskolan',
  'Hemtjänst Centrum',
  'förskolan Solrosen',
  'kommunhuset',
  'stadshuset',
  'biblioteket',
  'Tranängskolan',
  'Ekonomienheten',
  'Dalsjöfors',
  'Nitta',
  'Rångedala',
  'Hössna',
];
const DEVICES = [
  'Dell Latitude 5440',
  'HP EliteBook 840',
  'Lenovo ThinkPad T14',
  'iPad 9',
  'Chromebook Acer',
  'HP LaserJet M507',
  'Ricoh IM C3000',
  'iPhone 13',
  'Samsung Galaxy A54',
  'Jabra Evolve2',
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
];

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(q).join(',')}]::text[]`;

/** Pick from a list, skewed towards its start (power law): gives common and rare words. */
const pick = (list: string, n: number, exponent = 2) => `(${list})[1 + floor(power(random(), ${exponent}) * ${n})::int]`;
const userId = (prefix: string, k: string) => `md5('${prefix}' || (${k}))::uuid`;
const nameOf = (k: string) => `(${arr(FIRST)})[1 + (${k}) % ${FIRST.length}] || ' ' || (${arr(LAST)})[1 + ((${k}) / ${FIRST.length}) % ${LAST.length}]`;

export interface GenerateResult {
  tickets: number;
  seconds: number;
  reused: boolean;
  phases: { label: string; seconds: number }[];
}

async function countTickets(client: pg.Client): Promise<number> {
  const exists = await client.query<{ n: string }>(`select count(*)::text as n from pg_database where datname = $1`, [BENCH_DB]);
  if (exists.rows[0]?.n !== '1') return -1;
  const c = new pg.Client({ connectionString: benchUrl() });
  await c.connect();
  try {
    const t = await c.query<{ n: string | null }>(`select to_regclass('public.tickets')::text as n`);
    if (!t.rows[0]?.n) return -1;
    const r = await c.query<{ n: string }>(`select count(*)::text as n from tickets`);
    return Number(r.rows[0]?.n ?? -1);
  } finally {
    await c.end();
  }
}

/** Creates (or, with `reuse`, keeps an already populated) `samdesk_bench` with `n` tickets. */
export async function generate(options: { n: number; reuse: boolean; log?: (line: string) => void }): Promise<GenerateResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    if (options.reuse) {
      const have = await countTickets(admin);
      if (have === options.n) {
        log(`reusing ${BENCH_DB}: ${have.toLocaleString('en-US')} tickets`);
        return { tickets: have, seconds: 0, reused: true, phases: [] };
      }
      log(`${BENCH_DB} has ${have < 0 ? 'no tickets table' : `${have} tickets`}; generating anew`);
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
    log(`  ${label}: ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };

  // Schema, built-in configuration (municipalities, teams, mission) and the IT desk, as the app does it.
  const booted = await boot(loadConfig({ DATABASE_URL: benchUrl(), LOG_LEVEL: 'silent' }), { logger: pino({ level: 'silent' }) });
  await booted.deps.database.close();
  phase('migrate and seed through boot()');

  const pool = new pg.Pool({ connectionString: benchUrl(), max: 2, options: '-c TimeZone=UTC' });
  try {
    const one = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await pool.query<T>(text, params)).rows;
    const [ids] = await one<{ tranemo: string; ulricehamn: string; desk: string; t1: string; t3v: string; t3i: string }>(`
      select (select id from municipalities where code = 'tranemo') as tranemo,
             (select id from municipalities where code = 'ulricehamn') as ulricehamn,
             (select id from desks where is_it) as desk,
             (select id from teams where code = 'anvandarstod') as t1,
             (select id from teams where code = 'verksamhetsstod') as t3v,
             (select id from teams where code = 'infrastruktur') as t3i`);
    if (!ids) throw new Error('seed missing');
    const cats = await one<{ id: string; code: string }>(`select id, code from ticket_categories where desk_id = $1 order by code`, [ids.desk]);
    const catIds = cats.map((c) => c.id);
    const intefunktionCat = cats.find((c) => c.code === 'intefunktion')?.id ?? '';
    const functions = MISSION_2023.support.intefunktion.functions.map((f) => f.code);
    const unitRows = await one<{ id: string; municipality_id: string }>(`select id, municipality_id from units where level = 'enhet' order by code`);
    const unitsOf = (m: string) => unitRows.filter((u) => u.municipality_id === m).map((u) => u.id);

    // Accounts: 20 IT agents (spanning both municipalities) and 20,000 requesters; ids derived from
    // the index so tickets can refer to them without a join. One password hash for the signed-in ones.
    const hash = await hashPassword(BENCH_PASSWORD);
    await pool.query(
      `insert into users (id, username, email, display_name, password_hash, municipality_id, roles, team_id, line, locale)
       select ${userId('bench-agent-', 'k')}, 'bench.agent.' || k, 'bench.agent.' || k || '@it.example.se', ${nameOf('k + 7')}, $1, null, array['agent'],
              case when k < 12 then $2::uuid when k < 16 then $3::uuid else $4::uuid end, case when k < 8 then 1 when k < 12 then 2 else 3 end, 'sv'
       from generate_series(0, ${AGENTS - 1}) k`,
      [hash, ids.t1, ids.t3v, ids.t3i],
    );
    await pool.query(
      `insert into users (id, username, email, display_name, password_hash, municipality_id, roles, locale)
       select ${userId('bench-user-', 'k')}, 'bench.user.' || k, 'bench.user.' || k || '@example.se', ${nameOf('k')},
              case when k = 0 then $1 end, case when k % 100 < 45 then $2::uuid else $3::uuid end, array['end_user'], 'sv'
       from generate_series(0, ${REQUESTERS - 1}) k`,
      [hash, ids.tranemo, ids.ulricehamn],
    );
    phase(`${AGENTS} agents and ${REQUESTERS.toLocaleString('en-US')} requester accounts`);

    // Bulk load: the migration's secondary indexes are dropped and rebuilt afterwards from their own
    // definitions; foreign-key triggers are off for this session (the generated references are valid).
    const defs = await one<{ name: string; def: string }>(`
      select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.tablename = 'tickets' and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`);
    for (const d of defs) await pool.query(`drop index "${d.name}"`);

    // Five years up to now, split at Stockholm new year: one statement per year, two at a time.
    const [span] = await one<{ from: Date; to: Date }>(`select date_trunc('minute', now() - interval '5 years') as from, date_trunc('minute', now()) as to`);
    if (!span) throw new Error('no time span');
    const years: { year: number; from: Date; to: Date; n: number; first: number }[] = [];
    for (let y = span.from.getUTCFullYear(); y <= span.to.getUTCFullYear() + 1; y++) {
      const [b] = await one<{ a: Date; b: Date }>(
        `select make_timestamptz($1, 1, 1, 0, 0, 0, 'Europe/Stockholm') as a, make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Europe/Stockholm') as b`,
        [y],
      );
      if (!b) continue;
      const from = new Date(Math.max(b.a.getTime(), span.from.getTime()));
      const to = new Date(Math.min(b.b.getTime(), span.to.getTime()));
      if (to > from) years.push({ year: y, from, to, n: 0, first: 0 });
    }
    const total = span.to.getTime() - span.from.getTime();
    let assigned = 0;
    for (const y of years) {
      y.first = assigned;
      y.n = Math.round((options.n * (y.to.getTime() - y.from.getTime())) / total);
      assigned += y.n;
    }
    const lastYear = years.at(-1);
    if (lastYear) lastYear.n += options.n - assigned;

    const insertSql = `
         insert into tickets (number, municipality_id, desk_id, unit_id, requester_user_id, requester_name, requester_email, requester_phone, channel,
           category_id, intefunktion, priority, status, subject, description, device, device_support_level, team_id, line, assignee_user_id,
           on_call, affects_operations, received_at, first_response_at, solved_at, closed_at, solved_line, solved_team_id, sla_due_at, sla_at_risk_at, sla_read_at, search,
           created_at, updated_at)
         select number, municipality_id, '${ids.desk}', unit_id, requester_user_id, requester_name, requester_email, requester_phone, channel,
           category_id, intefunktion, priority, status, subject, description, device, device_support_level, team_id, line, assignee_user_id,
           false, affects_operations, received_at, first_response_at, solved_at, closed_at, solved_line, solved_team_id, sla_due_at,
           received_at + (sla_due_at - received_at) * 0.75, coalesce(solved_at, first_response_at, received_at),
           setweight(to_tsvector('swedish', coalesce(number, '') || ' ' || coalesce(subject, '')), 'A') ||
           setweight(to_tsvector('swedish', coalesce(description, '') || ' ' || coalesce(device, '') || ' ' || coalesce(requester_name, '')), 'B') ||
           setweight(to_tsvector('swedish', ''), 'B') || setweight(to_tsvector('swedish', ''), 'C'),
           received_at, coalesce(closed_at, solved_at, first_response_at, received_at)
         from (
           select *,
             case when status = 'new' then null when random() < 0.8 then ${userId('bench-agent-', `case when line = 1 then floor(random() * 8)::int when line = 2 then 8 + floor(random() * 4)::int when team_id = '${ids.t3v}' then 12 + floor(random() * 4)::int else 16 + floor(random() * 4)::int end`)} end as assignee_user_id,
             case when status <> 'new' then received_at + random() * interval '4 hours' end as first_response_at,
             case when status in ('solved', 'closed') then solved0 end as solved_at,
             case when status = 'closed' then solved0 + interval '5 days' end as closed_at,
             case when status in ('solved', 'closed') then line end as solved_line,
             case when status in ('solved', 'closed') then team_id end as solved_team_id,
             received_at + (1 + floor(random() * 5)) * interval '1 day' as sla_due_at,
             subject0 || case when random() < 0.4 then ' – ' || ${pick(arr(PLACES), PLACES.length)} else '' end as subject,
             'Hej! ' || ${pick(arr(SENTENCES), SENTENCES.length)} || ' ' || ${pick(arr(SENTENCES), SENTENCES.length, 1.5)}
               || case when random() < 0.5 then ' ' || ${pick(arr(SENTENCES), SENTENCES.length, 1)} else '' end
               || case when random() < 0.6 then ' Det gäller ' || ${pick(arr(PLACES), PLACES.length)} || '.' else '' end
               || ' Mvh ' || requester_name as description,
             case when category_id = '${intefunktionCat}' then (${arr(functions)})[1 + floor(random() * ${functions.length})::int] end as intefunktion
           from (
             select *,
               case when recent then (case when r_status < 0.10 then 'new' when r_status < 0.30 then 'open' when r_status < 0.40 then 'waiting' when r_status < 0.65 then 'solved' else 'closed' end)
                    else (case when r_status < 0.003 then 'new' when r_status < 0.015 then 'open' when r_status < 0.02 then 'waiting' when r_status < 0.03 then 'solved' else 'closed' end) end as status,
               case when r_line < 0.60 then 1 when r_line < 0.85 then 2 else 3 end as line,
               case when r_line < 0.85 then '${ids.t1}'::uuid when r_line < 0.93 then '${ids.t3v}'::uuid else '${ids.t3i}'::uuid end as team_id,
               received_at + (2 + random() * 70) * interval '1 hour' as solved0
             from (
               select
                 $3::text || '-' || lpad((i + 1)::text, 6, '0') as number,
                 received_at, received_at > now() - interval '30 days' as recent,
                 random() as r_status, random() as r_line,
                 case when has_user then ${userId('bench-user-', 'k')} end as requester_user_id,
                 ${nameOf('k')} as requester_name,
                 case when channel <> 'phone' then 'bench.user.' || k || '@example.se' end as requester_email,
                 case when channel = 'phone' then '0321-' || lpad((k % 100000)::text, 5, '0') end as requester_phone,
                 channel,
                 case when k % 100 < 45 then '${ids.tranemo}'::uuid else '${ids.ulricehamn}'::uuid end as municipality_id,
                 case when random() < 0.7 then case when k % 100 < 45 then (${arr(unitsOf(ids.tranemo))}::uuid[])[1 + k % ${unitsOf(ids.tranemo).length}] else (${arr(unitsOf(ids.ulricehamn))}::uuid[])[1 + k % ${unitsOf(ids.ulricehamn).length}] end end as unit_id,
                 (${arr(catIds)}::uuid[])[1 + floor(random() * ${catIds.length})::int] as category_id,
                 case when random() < 0.05 then 'high' when random() < 0.05 then 'low' when random() < 0.005 then 'critical' else 'normal' end as priority,
                 case when random() < 0.5 then ${pick(arr(DEVICES), DEVICES.length)} end as device,
                 case when random() < 0.5 then 'managed' when random() < 0.3 then 'one_to_one' end as device_support_level,
                 random() < 0.02 as affects_operations,
                 ${pick(arr(SUBJECTS), SUBJECTS.length)} as subject0
               from (
                 select i, $1::timestamptz + (i + random()) * (($2::timestamptz - $1::timestamptz) / $4::int) as received_at,
                   floor(power(random(), 1.3) * ${REQUESTERS})::int as k,
                   random() < 0.8 as has_user,
                   (array['portal', 'portal', 'portal', 'phone', 'email', 'agent'])[1 + floor(random() * 6)::int] as channel
                 from generate_series(0, $4::int - 1) i
               ) s0
             ) s1
           ) s2
         ) s3`;

    // Two connections, each with its own session settings, take the years in turn.
    const queue = [...years];
    const worker = async () => {
      const client = await pool.connect();
      try {
        await client.query(`set session_replication_role = replica`);
        for (let y = queue.shift(); y; y = queue.shift()) {
          const t0 = performance.now();
          await client.query(`select setseed(${((y.year % 1000) / 1000).toFixed(3)})`);
          await client.query(insertSql, [y.from, y.to, String(y.year), y.n]);
          log(`    ${y.year}: ${y.n.toLocaleString('en-US')} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        }
        await client.query(`set session_replication_role = origin`);
      } finally {
        client.release();
      }
    };
    await Promise.all([worker(), worker()]);
    phase(`insert ${options.n.toLocaleString('en-US')} tickets with their search documents`);
    await pool.query(`insert into ticket_counters (year, last) select split_part(number, '-', 1)::int, max(split_part(number, '-', 2)::int) from tickets group by 1
      on conflict (year) do update set last = greatest(ticket_counters.last, excluded.last)`);

    // Rebuild the migration's indexes: the GIN index on one connection, the B-trees on the other.
    const gin = defs.filter((d) => /using gin/i.test(d.def));
    const btree = defs.filter((d) => !/using gin/i.test(d.def));
    const build = async (list: typeof defs) => {
      const client = await pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        for (const d of list) await client.query(d.def);
      } finally {
        client.release();
      }
    };
    await Promise.all([build(gin), build(btree)]);
    phase(`rebuild ${defs.length} secondary indexes (${defs.map((d) => d.name).join(', ')})`);
    await pool.query(`vacuum (analyze) tickets`);
    await pool.query(`analyze`);
    phase('vacuum and analyze');
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  log(`generated ${options.n.toLocaleString('en-US')} tickets in ${seconds.toFixed(1)} s`);
  return { tickets: options.n, seconds, reused: false, phases };
}
