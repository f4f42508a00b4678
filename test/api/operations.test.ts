import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import type {
  AvailabilityPeriod,
  AvailabilityReport,
  IncidentReport,
  IncidentReportList,
  IncidentTemplate,
  IncidentTemplateList,
  ItFunction,
  ItFunctionList,
  Message,
  Outage,
  OutageList,
  PublicMessages,
  ServiceWindowPlan,
  WindowWork,
} from '../../src/operations/contract.ts';
import { mailSendJob } from '../../src/mail/outbox.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { startMailSink, type MailSink } from '../support/mail.ts';
import { checkResponse, type OpenApiDocument } from '../support/openapi.ts';
import { pdfFonts, pdfToText } from '../support/poppler.ts';

// fast-xml-parser is what feed-parser itself parses with; taken from its own dependency tree.
const { XMLValidator } = createRequire(createRequire(import.meta.url).resolve('@rowanmanning/feed-parser'))('fast-xml-parser') as {
  XMLValidator: { validate(xml: string): true | { err: { code: string; msg: string; line: number } } };
};

type Problem = { code: string; message_sv: string; errors: { field: string; reasonSv: string; label?: string }[] };

let ctx: TestContext;
let operator: TestClient;
let firstLine: TestClient;
let ulricehamnOperator: TestClient;
let finance: TestClient;
let employee: TestClient;
let T: string;
let U: string;

before(async () => {
  ctx = await testContext();
  T = ctx.municipalities.tranemo;
  U = ctx.municipalities.ulricehamn;
  operator = await ctx.userClient({ username: 'drift-tekniker', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
  firstLine = await ctx.userClient({ username: 'drift-forsta', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  ulricehamnOperator = await ctx.userClient({ username: 'drift-u', roles: ['it_management'], municipality: 'ulricehamn' });
  finance = await ctx.userClient({ username: 'drift-ekonom', roles: ['finance'], municipality: 'tranemo' });
  employee = await ctx.userClient({ username: 'drift-anstalld', roles: ['end_user'], municipality: 'tranemo' });
});
after(async () => {
  await ctx.close();
});

const MIN = 60_000;
const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / MIN;

describe('issue 19: a year of outages and its availability report (R-9.1, R-9.2)', () => {
  let A: ItFunction;
  let B: ItFunction;
  let C: ItFunction;
  let report: AvailabilityReport;

  /**
   * 2024 is a leap year: 8,784 h. The spring change (31 March) makes T1 2,903 h, the autumn change
   * (27 October) makes T3 2,929 h; T2 is 2,952 h.
   */
  const HOURS = { year: 8_784, T1: 2_903, T2: 2_952, T3: 2_929 };

  /** Each outage, and the minutes of it each function and municipality should count per tertial. */
  const outages = [
    // O1 and O2 overlap by an hour in Tranemo: function A is down 08:00–13:30 there, 330 minutes.
    { key: 'O1', kind: 'unplanned', f: ['A'], m: ['T', 'U'], from: '2024-02-10T08:00:00+01:00', to: '2024-02-10T12:00:00+01:00' },
    { key: 'O2', kind: 'unplanned', f: ['A'], m: ['T'], from: '2024-02-10T11:00:00+01:00', to: '2024-02-10T13:30:00+01:00' },
    // In the primary window of 19 March (third Tuesday, 18:00–22:00): planned window time.
    { key: 'O3', kind: 'planned_window', f: ['A'], m: ['T', 'U'], from: '2024-03-19T18:00:00+01:00', to: '2024-03-19T21:00:00+01:00' },
    // An unplanned outage running into and past that work in Tranemo: its first hour is downtime, not window time.
    { key: 'O9', kind: 'unplanned', f: ['A'], m: ['T'], from: '2024-03-19T20:00:00+01:00', to: '2024-03-19T22:30:00+01:00' },
    // Planned outside a window, across the T1/T2 boundary: two hours in each.
    {
      key: 'O4',
      kind: 'planned_other',
      f: ['B'],
      m: ['T'],
      from: '2024-04-30T22:00:00+02:00',
      to: '2024-05-01T02:00:00+02:00',
      reason: 'Akut byte av brandvägg',
    },
    // The spring change night: 01:30 winter time to 03:30 summer time is one real hour.
    { key: 'O5', kind: 'unplanned', incident: true, f: ['C'], m: ['U'], from: '2024-03-31T01:30:00+01:00', to: '2024-03-31T03:30:00+02:00' },
    // An IT incident with no downtime: counted against the cap, not in availability.
    { key: 'O6', kind: 'unplanned', incident: true, f: [], m: ['T'], from: '2024-09-05T10:00:00+02:00', to: '2024-09-05T10:30:00+02:00' },
    // From New Year's Eve: only its hour in 2024 counts, and it is 2023's incident.
    { key: 'O7', kind: 'unplanned', f: ['A'], m: ['U'], from: '2023-12-31T23:00:00+01:00', to: '2024-01-01T01:00:00+01:00' },
    // The autumn change night: 02:30 summer time to 02:30 winter time is one real hour.
    { key: 'O8', kind: 'unplanned', f: ['B'], m: ['T'], from: '2024-10-27T02:30:00+02:00', to: '2024-10-27T02:30:00+01:00' },
  ] as const;

  /** Expected downtime and window minutes per function and municipality, per tertial — worked out by hand above. */
  const expected: Record<string, Record<'T1' | 'T2' | 'T3', { down: number; window: number }>> = {
    'A|T': { T1: { down: 330 + 150, window: 180 - 60 }, T2: { down: 0, window: 0 }, T3: { down: 0, window: 0 } },
    'A|U': { T1: { down: 240 + 60, window: 180 }, T2: { down: 0, window: 0 }, T3: { down: 0, window: 0 } },
    'B|T': { T1: { down: 120, window: 0 }, T2: { down: 120, window: 0 }, T3: { down: 60, window: 0 } },
    'C|U': { T1: { down: 60, window: 0 }, T2: { down: 0, window: 0 }, T3: { down: 0, window: 0 } },
  };
  /** unplanned or incident, by start, per municipality (O1 T+U, O2 T, O5 U, O9 T in T1; O6 T, O8 T in T3). */
  const incidents = { T1: { T: 3, U: 2, total: 4 }, T2: { T: 0, U: 0, total: 0 }, T3: { T: 2, U: 0, total: 2 } };

  before(async () => {
    const list = await operator.json<ItFunctionList>('GET', '/api/v1/it-functions');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 10, 'the mission’s intefunktion list is seeded');
    assert.ok(list.body.items.every((f) => f.fromMission && f.municipalities.length === 2));
    A = list.body.items[0]!;
    C = list.body.items[1]!;
    const b = await operator.json<ItFunction>('POST', '/api/v1/it-functions', { name: 'Tidrapportering', description: 'Bara i Tranemo', municipalityIds: [T] });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    B = b.body;
    const fn = { A: A.id, B: B.id, C: C.id };
    const mun = { T, U };
    for (const o of outages) {
      const res = await operator.json<Outage>('POST', '/api/v1/outages', {
        title: o.key,
        startsAt: o.from,
        endsAt: o.to,
        kind: o.kind,
        plannedReason: 'reason' in o ? o.reason : null,
        incident: 'incident' in o ? o.incident : false,
        functionIds: o.f.map((k) => fn[k]),
        municipalityIds: o.m.map((k) => mun[k]),
        internalNote: `HEMLIG-ANTECKNING ${o.key}`,
      });
      assert.equal(res.status, 201, `${o.key}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.minutes, minutes(o.from, o.to), o.key);
    }
    const r = await operator.json<AvailabilityReport>('GET', '/api/v1/availability?year=2024');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    report = r.body;
  });

  test('the periods have the hours of a leap year and of the summer-time changes', () => {
    assert.equal(report.wholeYear.periodHours, HOURS.year);
    assert.deepEqual(
      report.periods.map((p) => [p.code, p.periodHours, p.complete]),
      [
        ['T1', HOURS.T1, true],
        ['T2', HOURS.T2, true],
        ['T3', HOURS.T3, true],
      ],
    );
    assert.equal(report.wholeYear.measuredHours, HOURS.year);
  });

  /** Every figure of a period, computed here from the table above. */
  function check(period: AvailabilityPeriod, tertials: ('T1' | 'T2' | 'T3')[], hours: number) {
    const measured = hours * 60;
    const pairs = report.functions.flatMap((f) => {
      const served = f.id === B.id ? [T] : [T, U];
      return served.map((m) => {
        const key = `${f.id === A.id ? 'A' : f.id === B.id ? 'B' : f.id === C.id ? 'C' : f.id}|${m === T ? 'T' : 'U'}`;
        const sum = (pick: 'down' | 'window') => tertials.reduce((s, t) => s + (expected[key]?.[t][pick] ?? 0), 0);
        return { functionId: f.id, municipalityId: m, down: sum('down'), window: sum('window') };
      });
    });
    assert.equal(period.pairs.length, pairs.length, `${period.key}: one figure per function and municipality it serves`);
    const figure = (down: number, window: number, measuredMinutes: number) => ({
      downtimeMinutes: down,
      windowMinutes: window,
      measuredMinutes,
      withoutWindows: 1 - down / measuredMinutes,
      withWindows: 1 - (down + window) / measuredMinutes,
      meetsTargetWithoutWindows: 1 - down / measuredMinutes >= report.targetShare,
      meetsTargetWithWindows: 1 - (down + window) / measuredMinutes >= report.targetShare,
    });
    const near = (actual: Record<string, unknown>, want: ReturnType<typeof figure>, what: string) => {
      for (const [k, v] of Object.entries(want)) {
        if (typeof v === 'number') assert.ok(Math.abs((actual[k] as number) - v) < 1e-12, `${period.key} ${what} ${k}: ${String(actual[k])} ≠ ${v}`);
        else assert.equal(actual[k], v, `${period.key} ${what} ${k}`);
      }
    };
    for (const p of pairs) {
      const got = period.pairs.find((x) => x.functionId === p.functionId && x.municipalityId === p.municipalityId);
      assert.ok(got, `${period.key}: pair ${p.functionId}/${p.municipalityId}`);
      near(got, figure(p.down, p.window, measured), `pair ${p.functionId === A.id ? 'A' : p.functionId === B.id ? 'B' : p.functionId}`);
    }
    const total = (ps: typeof pairs) =>
      figure(
        ps.reduce((s, p) => s + p.down, 0),
        ps.reduce((s, p) => s + p.window, 0),
        ps.length * measured,
      );
    for (const f of report.functions) {
      const got = period.perFunction.find((x) => x.functionId === f.id);
      assert.ok(got);
      near(got, total(pairs.filter((p) => p.functionId === f.id)), `function ${f.name}`);
    }
    for (const m of [T, U]) {
      const got = period.perMunicipality.find((x) => x.municipalityId === m);
      assert.ok(got);
      near(got, total(pairs.filter((p) => p.municipalityId === m)), `municipality ${m === T ? 'Tranemo' : 'Ulricehamn'}`);
    }
    near(period.overall, total(pairs), 'overall');
    const want = tertials.reduce((s, t) => ({ T: s.T + incidents[t].T, U: s.U + incidents[t].U, total: s.total + incidents[t].total }), {
      T: 0,
      U: 0,
      total: 0,
    });
    assert.deepEqual(
      Object.fromEntries(period.incidents.perMunicipality.map((x) => [x.municipalityId === T ? 'T' : 'U', x.count])),
      { T: want.T, U: want.U },
      `${period.key} incidents`,
    );
    assert.equal(period.incidents.total, want.total, `${period.key} incidents in all`);
  }

  test('every figure of each tertial', () => {
    for (const [i, code] of (['T1', 'T2', 'T3'] as const).entries()) check(report.periods[i]!, [code], HOURS[code]);
  });

  test('every figure of the year, and the outages counted against the cap', () => {
    check(report.wholeYear, ['T1', 'T2', 'T3'], HOURS.year);
    assert.deepEqual(report.counted.map((o) => o.title).sort(), ['O1', 'O2', 'O5', 'O6', 'O8', 'O9']);
    assert.equal(report.maxOutagesPerYear, 5);
  });

  test('the arithmetic of the target is stated: 99.1 % of 8,784 h allows 79.06 h, the windows take 84 h', () => {
    const a = report.arithmetic;
    assert.equal(a.periodHours, 8_784);
    assert.ok(Math.abs(a.allowedDowntimeHours - 0.009 * 8_784) < 1e-9, String(a.allowedDowntimeHours));
    assert.deepEqual(a.primaryWindows, { count: 12, hours: 48 });
    assert.deepEqual(a.secondaryWindows, { count: 12, hours: 36 });
    assert.ok(Math.abs(a.ifAllWindowsUsed - (1 - 84 / 8_784)) < 1e-12);
    assert.ok(Math.abs(a.ifPrimaryWindowsUsed - (1 - 48 / 8_784)) < 1e-12);
    assert.equal(a.windowsExceedAllowance, true);
  });

  test('a reader in one municipality sees only its figures, outages and functions', async () => {
    const r = await ulricehamnOperator.json<AvailabilityReport>('GET', '/api/v1/availability?year=2024');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.municipalities.map((m) => m.id),
      [U],
    );
    assert.ok(!r.body.functions.some((f) => f.id === B.id), 'a Tranemo-only function is not in Ulricehamn’s report');
    assert.deepEqual(r.body.counted.map((o) => o.title).sort(), ['O1', 'O5']);
    const list = await ulricehamnOperator.json<OutageList>('GET', '/api/v1/outages?year=2024');
    assert.ok(list.body.items.every((o) => o.municipalities.some((m) => m.id === U)));
    const other = await ulricehamnOperator.json('GET', `/api/v1/availability?year=2024&municipalityId=${T}`);
    assert.equal(other.status, 404);
    const tranemoFinance = await finance.json<AvailabilityReport>('GET', '/api/v1/availability?year=2024');
    assert.equal(tranemoFinance.status, 200, 'finance reads the report');
    assert.deepEqual(
      tranemoFinance.body.wholeYear.perMunicipality,
      report.wholeYear.perMunicipality.filter((m) => m.municipalityId === T),
    );
    assert.equal((await employee.json('GET', '/api/v1/availability?year=2024')).status, 403);
    assert.equal((await employee.json('GET', '/api/v1/outages?year=2024')).status, 403);
  });
});

describe('issue 19: outages are checked, and only the 2nd/3rd line and IT management register them', () => {
  const base = { title: 'Nätverket', kind: 'unplanned', startsAt: '2025-03-04T09:00:00+01:00', endsAt: '2025-03-04T10:00:00+01:00' };

  test('bad input is refused with the fields named in Swedish, and nothing is written', async () => {
    const fns = (await operator.json<ItFunctionList>('GET', '/api/v1/it-functions')).body.items;
    const before = (await operator.json<OutageList>('GET', '/api/v1/outages?year=2025')).body.items.length;
    const cases: [unknown, string, string][] = [
      [{ ...base, endsAt: '2025-03-04T08:00:00+01:00', functionIds: [fns[0]!.id], municipalityIds: [T] }, 'endsAt', 'Slut'],
      [{ ...base, functionIds: [], municipalityIds: [T] }, 'functionIds', 'It-funktioner'],
      [{ ...base, kind: 'planned_other', functionIds: [fns[0]!.id], municipalityIds: [T] }, 'plannedReason', 'Skäl att arbeta utanför servicefönster'],
      // 4 March 2025 is not a window day.
      [{ ...base, kind: 'planned_window', functionIds: [fns[0]!.id], municipalityIds: [T] }, 'kind', 'Typ av avbrott'],
      [{ ...base, functionIds: [fns[0]!.id], municipalityIds: [] }, 'municipalityIds', 'Kommuner'],
      [{ ...base, functionIds: ['00000000-0000-4000-8000-000000000000'], municipalityIds: [T] }, 'functionIds', 'It-funktioner'],
      [{ ...base, startsAt: 'i morgon', functionIds: [fns[0]!.id], municipalityIds: [T] }, 'startsAt', 'Start'],
    ];
    for (const [body, field, label] of cases) {
      const res = await operator.json<Problem>('POST', '/api/v1/outages', body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      const hit = res.body.errors.find((e) => e.field === field);
      assert.ok(hit, `${field} named: ${JSON.stringify(res.body.errors)}`);
      assert.equal(hit.label, label);
      assert.ok(hit.reasonSv.length > 0);
    }
    assert.equal((await operator.json<OutageList>('GET', '/api/v1/outages?year=2025')).body.items.length, before);
  });

  test('the first line, finance and employees may not register; Ulricehamn may not register in Tranemo', async () => {
    const fn = (await operator.json<ItFunctionList>('GET', '/api/v1/it-functions')).body.items[0]!;
    const body = { ...base, functionIds: [fn.id], municipalityIds: [T] };
    for (const c of [firstLine, finance, employee]) assert.equal((await c.json('POST', '/api/v1/outages', body)).status, 403);
    const res = await ulricehamnOperator.json<Problem>('POST', '/api/v1/outages', body);
    assert.equal(res.status, 400);
    assert.ok(res.body.errors.some((e) => e.field === 'municipalityIds'));
  });
});

describe('issue 19: a disruption from a ticket, published, polled and resolved (R-9.4)', () => {
  let doc: OpenApiDocument;
  let outage: Outage;
  let message: Message;
  const nowIso = () => new Date(ctx.deps.clock.now().getTime() - 30 * MIN).toISOString();

  before(async () => {
    doc = (await operator.json<OpenApiDocument>('GET', '/api/openapi.json')).body;
  });

  test('an agent starts an outage from a ticket that affects operations', async () => {
    const desks = await operator.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
    const fault = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fel');
    assert.ok(fault);
    const ticket = await operator.json<{ id: string; number: string }>('POST', '/api/v1/tickets', {
      municipalityId: T,
      categoryId: fault.id,
      subject: 'Trådlöst nätverk nere på Kommunhuset',
      description: 'Inget wifi på plan 2 och 3.',
      onBehalfOf: { name: 'Kim Växel', phone: '0325-100' },
      channel: 'phone',
      affectsOperations: true,
      receivedAt: nowIso(),
    });
    assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
    const wifi = (await operator.json<ItFunctionList>('GET', '/api/v1/it-functions')).body.items.find((f) => /trådlöst/i.test(f.name));
    assert.ok(wifi, 'the mission lists wireless network');
    const res = await operator.json<Outage>('POST', '/api/v1/outages/from-ticket', { ticketId: ticket.body.id, functionIds: [wifi.id] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    outage = res.body;
    assert.equal(outage.ongoing, true);
    assert.equal(outage.title, 'Trådlöst nätverk nere på Kommunhuset');
    assert.deepEqual(
      outage.tickets.map((t) => t.number),
      [ticket.body.number],
    );
    assert.deepEqual(
      outage.municipalities.map((m) => m.id),
      [T],
    );
    assert.equal(outage.permissions.publish.allowed, true);
  });

  test('the disruption is published in one action and shows on Tranemo’s JSON, feed and page — not Ulricehamn’s', async () => {
    const res = await operator.json<Message>('POST', `/api/v1/outages/${outage.id}/message`, { body: 'Vi felsöker. Använd kabel där det går.' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    message = res.body;
    assert.equal(message.state, 'ongoing');
    assert.match(message.title, /^Driftstörning: /);
    const again = await operator.json<Problem>('POST', `/api/v1/outages/${outage.id}/message`, {});
    assert.equal(again.status, 409, 'one message going on per outage');

    const anon = new TestClient(ctx.app);
    const json = await anon.request('GET', '/api/v1/public/operations/tranemo');
    assert.equal(json.status, 200);
    assert.deepEqual(await checkResponse(doc, 'GET', '/api/v1/public/operations/tranemo', json), []);
    const list = (await json.clone().json()) as PublicMessages;
    assert.deepEqual(
      list.items.map((m) => [m.title, m.state]),
      [[message.title, 'ongoing']],
    );
    const text = await json.clone().text();
    assert.ok(!text.includes('HEMLIG') && !text.includes('Kim Växel') && !text.includes(outage.tickets[0]!.number), 'no notes or ticket data');
    assert.match(json.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    assert.equal(json.headers.get('access-control-allow-origin'), '*');

    const atom = await anon.request('GET', '/api/v1/public/operations/tranemo/atom');
    assert.equal(atom.status, 200);
    const xml = await atom.text();
    assert.equal(XMLValidator.validate(xml), true);
    const feed = parseFeed(xml);
    assert.match(feed.title ?? '', /^Driftinformation – Tranemo/);
    assert.equal(feed.items.length, 1);
    assert.equal(feed.items[0]!.title, `Pågår nu: ${message.title}`);

    const page = await anon.request('GET', '/drift/tranemo');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes('Vi felsöker. Använd kabel där det går.'));
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const embed = await anon.request('GET', '/drift/tranemo/inbaddad');
    assert.match(embed.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);

    const other = (await (await anon.request('GET', '/api/v1/public/operations/ulricehamn')).json()) as PublicMessages;
    assert.deepEqual(other.items, []);
    assert.equal((await anon.request('GET', '/api/v1/public/operations/okand')).status, 404);
  });

  test('an intranet polling with its validators is answered 304 until something changes', async () => {
    const anon = new TestClient(ctx.app);
    for (const path of ['/api/v1/public/operations/tranemo', '/api/v1/public/operations/tranemo/atom', '/drift/tranemo']) {
      const first = await anon.request('GET', path);
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      assert.ok(etag && lastModified, path);
      const byEtag = await anon.request('GET', path, undefined, { 'if-none-match': etag });
      assert.equal(byEtag.status, 304, `${path} If-None-Match`);
      assert.equal(await byEtag.text(), '');
      const byDate = await anon.request('GET', path, undefined, { 'if-modified-since': lastModified });
      assert.equal(byDate.status, 304, `${path} If-Modified-Since`);
      const stale = await anon.request('GET', path, undefined, { 'if-none-match': '"något-annat"' });
      assert.equal(stale.status, 200, `${path} another ETag`);
    }
  });

  test('ending the outage resolves the message; the notice stays listed and the ETag changes', async () => {
    const anon = new TestClient(ctx.app);
    const etag = (await anon.request('GET', '/api/v1/public/operations/tranemo')).headers.get('etag')!;
    const ended = await operator.json<Outage>('POST', `/api/v1/outages/${outage.id}/end`, {
      version: outage.version,
      endsAt: new Date(ctx.deps.clock.now().getTime()).toISOString(),
      resolutionText: 'Accesspunkten är utbytt.',
    });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.ongoing, false);
    assert.deepEqual(
      ended.body.messages.map((m) => m.state),
      ['resolved'],
    );
    const after = await anon.request('GET', '/api/v1/public/operations/tranemo', undefined, { 'if-none-match': etag });
    assert.equal(after.status, 200);
    const list = (await after.json()) as PublicMessages;
    assert.deepEqual(
      list.items.map((m) => [m.state, m.resolutionText]),
      [['resolved', 'Accesspunkten är utbytt.']],
    );
    const year = Number(ended.body.startsAt.slice(0, 4));
    const report = await operator.json<AvailabilityReport>('GET', `/api/v1/availability?year=${year}`);
    assert.ok(
      report.body.counted.some((o) => o.id === outage.id),
      'the year report counts it',
    );
  });
});

describe('issue 19: work in service windows (R-2.5) announced and registered as window time', () => {
  let fn: ItFunction;
  before(async () => {
    fn = (await operator.json<ItFunctionList>('GET', '/api/v1/it-functions')).body.items[2]!;
  });
  const work = (windowDate: string, extra: Record<string, unknown> = {}) => ({
    windowDate,
    title: 'Uppgradering av e-postservern',
    publicText: 'E-posten kan vara otillgänglig under kvällen.',
    functionIds: [fn.id],
    municipalityIds: [T, U],
    ...extra,
  });

  test('the plan lists the calendar’s windows, with julafton 2024 flagged as a closed day', async () => {
    const plan = await operator.json<ServiceWindowPlan>('GET', '/api/v1/service-windows/plan?year=2024');
    assert.equal(plan.status, 200);
    assert.equal(plan.body.windows.length, 24);
    const closed = plan.body.windows.filter((w) => w.onClosedDay);
    assert.deepEqual(
      closed.map((w) => [w.date, w.kind]),
      [['2024-12-24', 'secondary']],
    );
    assert.ok(closed[0]!.closedReason);
  });

  test('the secondary window needs its reason, a closed day its confirmation, and a date must be a window', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [work('2027-01-26'), 'secondaryReason', 'Varför inte det primära fönstret'],
      [work('2024-12-24', { secondaryReason: 'Leverantören hann inte den 17:e' }), 'closedDayConfirmed', 'Bekräftat trots stängd dag'],
      [work('2027-01-20'), 'windowDate', 'Servicefönster'],
      [work('2027-01-19', { startsAt: '2027-01-19T17:00:00+01:00', endsAt: '2027-01-19T19:00:00+01:00' }), 'startsAt', 'Start'],
    ];
    for (const [body, field, label] of cases) {
      const res = await operator.json<Problem>('POST', '/api/v1/window-work', body);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors.find((e) => e.field === field)?.label, label, JSON.stringify(res.body.errors));
    }
    const confirmed = await operator.json<WindowWork>(
      'POST',
      '/api/v1/window-work',
      work('2024-12-24', { secondaryReason: 'Leverantören hann inte', closedDayConfirmed: true }),
    );
    assert.equal(confirmed.status, 201, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.windowKind, 'secondary');
  });

  test('planned work in the primary window is announced as planned work on the public list', async () => {
    const created = await operator.json<WindowWork>('POST', '/api/v1/window-work', work('2027-01-19'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.startsAt, new Date('2027-01-19T18:00:00+01:00').toISOString(), 'the whole window by default');
    assert.equal(created.body.endsAt, new Date('2027-01-19T22:00:00+01:00').toISOString());
    const msg = await operator.json<Message>('POST', `/api/v1/window-work/${created.body.id}/message`);
    assert.equal(msg.status, 201, JSON.stringify(msg.body));
    assert.equal(msg.body.kind, 'planned');
    assert.equal(msg.body.state, 'upcoming');
    const list = (await (await new TestClient(ctx.app).request('GET', '/api/v1/public/operations/ulricehamn')).json()) as PublicMessages;
    assert.ok(list.items.some((m) => m.id === msg.body.id && m.state === 'upcoming'));
    const early = await operator.json<Problem>('POST', `/api/v1/window-work/${created.body.id}/done`, { version: created.body.version });
    assert.equal(early.status, 400, 'not done before the window has passed');
    assert.equal((await firstLine.json('POST', '/api/v1/window-work', work('2027-02-16'))).status, 403);
  });

  test('done work that took the functions down becomes planned window time in the report', async () => {
    const created = await operator.json<WindowWork>(
      'POST',
      '/api/v1/window-work',
      work('2026-11-17', { startsAt: '2026-11-17T18:00:00+01:00', endsAt: '2026-11-17T20:00:00+01:00', municipalityIds: [U] }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const done = await operator.json<WindowWork>('POST', `/api/v1/window-work/${created.body.id}/done`, { version: created.body.version });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, 'done');
    assert.ok(done.body.outageId);
    const outage = await operator.json<Outage>('GET', `/api/v1/outages/${done.body.outageId}`);
    assert.equal(outage.body.kind, 'planned_window');
    const report = await operator.json<AvailabilityReport>('GET', '/api/v1/availability?year=2026');
    const t3 = report.body.periods.find((p) => p.code === 'T3')!;
    const pair = t3.pairs.find((p) => p.functionId === fn.id && p.municipalityId === U)!;
    assert.equal(pair.windowMinutes, 120);
    assert.equal(pair.downtimeMinutes, 0);
    assert.equal(pair.withoutWindows, 1);
    assert.ok(
      report.body.counted.every((o) => o.id !== done.body.outageId),
      'planned window work is not an incident',
    );
  });
});

describe('issue 19: an IT incident reported to each municipality in its own template, as PDF by mail (R-9.3)', () => {
  let management: TestClient;
  let incident: Outage;
  let sink: MailSink;
  before(async () => {
    sink = await startMailSink();
    management = await ctx.userClient({ username: 'drift-ledning', roles: ['it_management'], municipality: null });
    const fn = (await operator.json<ItFunctionList>('GET', '/api/v1/it-functions')).body.items[3]!;
    const created = await operator.json<Outage>('POST', '/api/v1/outages', {
      title: 'Filservern svarade inte',
      startsAt: '2026-11-10T08:15:00+01:00',
      endsAt: '2026-11-10T10:45:00+01:00',
      kind: 'unplanned',
      plannedReason: null,
      incident: true,
      functionIds: [fn.id],
      municipalityIds: [T, U],
      cause: 'En disk i lagringen gick sönder.',
      actions: 'Disken byttes och servern startades om.',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    incident = created.body;
  });
  after(async () => {
    await sink?.close();
  });

  test('each municipality’s template is data: IT management sets sections and recipients, others may not', async () => {
    const list = await operator.json<IncidentTemplateList>('GET', '/api/v1/incident-report-templates');
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 2);
    const tranemo = list.body.items.find((t) => t.municipality.id === T)!;
    assert.equal(tranemo.permissions.edit.allowed, false, 'an agent reads the template but does not change it');
    const body = {
      version: tranemo.version,
      sections: [...tranemo.sections, { key: 'lardomar', heading: 'Lärdomar', help: 'Vad tar vi med oss?' }],
      recipients: ['sakerhet@tranemo.se'],
    };
    assert.equal((await operator.json('PUT', `/api/v1/incident-report-templates/${T}`, body)).status, 403);
    const bad = await management.json<Problem>('PUT', `/api/v1/incident-report-templates/${T}`, { ...body, recipients: ['inte en adress'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0]?.label, 'Mottagare');
    const twice = await management.json<Problem>('PUT', `/api/v1/incident-report-templates/${T}`, { ...body, sections: [...body.sections, body.sections[0]] });
    assert.equal(twice.status, 400);
    assert.equal(twice.body.errors[0]?.label, 'Avsnitt');
    const saved = await management.json<IncidentTemplate>('PUT', `/api/v1/incident-report-templates/${T}`, body);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.recipients, ['sakerhet@tranemo.se']);
    assert.equal((await management.json('PUT', `/api/v1/incident-report-templates/${T}`, body)).status, 409, 'an old version is refused');
    const mine = await ulricehamnOperator.json<IncidentTemplateList>('GET', '/api/v1/incident-report-templates');
    assert.deepEqual(
      mine.body.items.map((t) => t.municipality.id),
      [U],
    );
  });

  test('the draft starts from the outage; saved, sent as PDF to Tranemo’s recipients, then closed for changes', async () => {
    const drafts = await operator.json<IncidentReportList>('GET', `/api/v1/outages/${incident.id}/reports`);
    assert.equal(drafts.status, 200);
    assert.equal(drafts.body.items.length, 2, 'one report per municipality the incident affected');
    const draft = drafts.body.items.find((r) => r.municipality.id === T)!;
    assert.equal(draft.id, null);
    assert.equal(draft.sections.find((s) => s.key === 'orsak')?.text, 'En disk i lagringen gick sönder.');
    assert.equal(draft.sections.at(-1)?.heading, 'Lärdomar', 'Tranemo’s own section');
    assert.equal(draft.permissions.send.allowed, false, 'sent only once saved');

    const sections = draft.sections.map((s) => ({ key: s.key, text: s.key === 'lardomar' ? 'Larmet på lagringen ska gå till jouren.' : s.text }));
    assert.equal((await firstLine.json('PUT', `/api/v1/outages/${incident.id}/reports/${T}`, { version: null, sections })).status, 403);
    const unknown = await operator.json<Problem>('PUT', `/api/v1/outages/${incident.id}/reports/${T}`, {
      version: null,
      sections: [{ key: 'okand', text: 'x' }],
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.errors[0]?.label, 'Avsnitt');
    const saved = await operator.json<IncidentReport>('PUT', `/api/v1/outages/${incident.id}/reports/${T}`, { version: null, sections });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.ok(saved.body.id);
    assert.equal(saved.body.permissions.send.allowed, true);

    const pdfRes = await operator.request('GET', `/api/v1/outages/${incident.id}/reports/${T}/pdf`);
    assert.equal(pdfRes.status, 200);
    assert.equal(pdfRes.headers.get('content-type'), 'application/pdf');
    const text = pdfToText(new Uint8Array(await pdfRes.arrayBuffer()), { layout: false }).replace(/\s+/g, ' ');
    for (const expected of [
      'Tranemo',
      'Filservern svarade inte',
      'Orsak',
      'En disk i lagringen gick sönder.',
      'Lärdomar',
      'Larmet på lagringen ska gå till jouren.',
    ]) {
      assert.ok(text.includes(expected), `the PDF says "${expected}": ${text}`);
    }

    const sent = await operator.json<IncidentReport>('POST', `/api/v1/outages/${incident.id}/reports/${T}/send`, { version: saved.body.version });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(sent.body.sentTo, ['sakerhet@tranemo.se']);
    assert.equal(sent.body.permissions.edit.allowed, false);
    await runJobOnce(ctx.deps.database.db, mailSendJob(ctx.deps.config, ctx.deps.secret, sink.transport()));
    const mails = sink.received.filter((m) => m.subject?.includes('Filservern svarade inte'));
    assert.equal(mails.length, 1);
    const attachment = mails[0]!.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(attachment, 'the mail carries the PDF');
    const mailed = new Uint8Array(attachment.content);
    assert.ok(pdfToText(mailed, { layout: false }).includes('Larmet på lagringen'), 'the attachment is the report');
    assert.ok(
      pdfFonts(mailed).every((f) => f.embedded),
      'every font is embedded',
    );
    const again = await operator.json<Problem>('PUT', `/api/v1/outages/${incident.id}/reports/${T}`, { version: sent.body.version, sections });
    assert.equal(again.status, 409);
    assert.match(again.body.errors[0]?.reasonSv ?? '', /redan skickad/);
  });

  test('Ulricehamn’s template has no recipients yet: the report says so, and Ulricehamn sees only its own report', async () => {
    const mine = await ulricehamnOperator.json<IncidentReportList>('GET', `/api/v1/outages/${incident.id}/reports`);
    assert.deepEqual(
      mine.body.items.map((r) => r.municipality.id),
      [U],
    );
    const draft = mine.body.items[0]!;
    const saved = await ulricehamnOperator.json<IncidentReport>('PUT', `/api/v1/outages/${incident.id}/reports/${U}`, { version: null, sections: [] });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.permissions.send.allowed, false);
    assert.match(saved.body.permissions.send.reasonSv ?? '', /inga mottagare/);
    const send = await ulricehamnOperator.json<Problem>('POST', `/api/v1/outages/${incident.id}/reports/${U}/send`, { version: saved.body.version });
    assert.equal(send.status, 409);
    assert.equal((await ulricehamnOperator.request('GET', `/api/v1/outages/${incident.id}/reports/${T}/pdf`)).status, 404);
    assert.ok(draft.sections.length > 0);
  });
});
