import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VEvent } from 'node-ical';
import type { Application, ApplicationList, CostComparison, CostModel, Review, ReviewOverview } from '../../src/agreements/contract.ts';
import { mailSendJob } from '../../src/mail/outbox.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { startMailSink, type MailSink } from '../support/mail.ts';
import { pdfFonts, pdfToText } from '../support/poppler.ts';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Problem = { code: string; message_sv: string; errors: { field: string; reasonSv: string; label?: string }[] };

let ctx: TestContext;
let sink: MailSink;
let finance: TestClient;
let strategist: TestClient;
let ulricehamnStrategist: TestClient;
let agent: TestClient;
let employee: TestClient;
const units: string[] = [];
/** The application the register's tests build up and the billing test charges. */
let app: Application;

/** a model with one driver per heading, prices in öre per unit and year. */
const DRIVERS = [
  { code: 'virtuell-server', label: 'Virtuell server', unit: 'st', heading: 'server', unitPriceOre: 1_200_000 },
  { code: 'databas', label: 'Databas', unit: 'st', heading: 'database', unitPriceOre: 600_000 },
  { code: 'lagring-gb', label: 'Lagring', unit: 'GB', heading: 'storage', unitPriceOre: 250 },
  { code: 'supporttimme', label: 'Support', unit: 'timme', heading: 'support', unitPriceOre: 65_000 },
] as const;

const content = {
  description: 'Lärplattform för grundskolan',
  itResponsibilities: 'Drift, säkerhetskopiering och uppgraderingar',
  businessResponsibilities: 'Behörigheter, utbildning och förvaltningsplan',
  quantities: { 'virtuell-server': 2, 'lagring-gb': 1_000 },
  sketch: {
    components: [
      { id: 'klient', kind: 'client', name: 'Webbläsare' },
      { id: 'app', kind: 'server', name: 'Appserver' },
      { id: 'db', kind: 'database', name: 'Databas' },
    ],
    relations: [
      { from: 'klient', to: 'app', label: 'HTTPS' },
      { from: 'app', to: 'db', label: 'SQL' },
    ],
  },
};

function application(name: string, split: { unitId: string; shareBp: number }[]) {
  return {
    municipalityId: ctx.municipalities.tranemo,
    name,
    kind: 'agreement',
    startsOn: null,
    systemOwnerPersonId: null,
    businessOwner: { personId: null, role: 'Skolchef' },
    technicalOwner: null,
    informationOwner: null,
    nextReviewOn: null,
    split: { mode: 'share', units: split.map((u) => ({ ...u, users: null })) },
    agreement: content,
  };
}

before(async () => {
  ctx = await testContext();
  sink = await startMailSink();
  finance = await ctx.userClient({ username: 'avtal-ekonom', roles: ['finance'], municipality: 'tranemo' });
  strategist = await ctx.userClient({ username: 'avtal-strateg', roles: ['it_strategist'], municipality: null });
  ulricehamnStrategist = await ctx.userClient({ username: 'avtal-strateg-u', roles: ['it_strategist'], municipality: 'ulricehamn' });
  agent = await ctx.userClient({ username: 'avtal-agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 2 });
  employee = await ctx.userClient({ username: 'avtal-anstalld', roles: ['end_user'], municipality: 'tranemo' });
  const list = await strategist.json<{ items: { id: string; level: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
  units.push(...list.body.items.slice(0, 3).map((u) => u.id));
});
after(async () => {
  await sink?.close();
  await ctx.close();
});

describe('issue 18: the standard cost model (R-7.3)', () => {
  test('finance makes 2027’s model; nobody else may', async () => {
    const refused = await strategist.json('POST', '/api/v1/agreement-models', { year: 2027, drivers: DRIVERS });
    assert.equal(refused.status, 403);
    const created = await finance.json<CostModel>('POST', '/api/v1/agreement-models', { year: 2027, drivers: DRIVERS });
    assert.equal(created.status, 201);
    assert.equal(created.body.drivers.length, 4);
    assert.equal(created.body.actions.edit.allowed, true);
    const seenByAgent = await agent.json<CostModel>('GET', '/api/v1/agreement-models/2027');
    assert.equal(seenByAgent.status, 200);
    assert.equal(seenByAgent.body.actions.edit.allowed, false);
    assert.equal(seenByAgent.body.actions.edit.reasonSv, 'bara ekonomi ändrar kostnadsmodellen');
    assert.equal((await employee.json('GET', '/api/v1/agreement-models/2027')).status, 403);
  });
  test('a model with a code used twice or a negative price is refused, naming the field in Swedish', async () => {
    const res = await finance.json<Problem>('POST', '/api/v1/agreement-models', {
      year: 2030,
      drivers: [DRIVERS[0], { ...DRIVERS[1], code: 'virtuell-server' }],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0]?.label, 'Kostnadsdrivare');
    assert.match(res.body.errors[0]?.reasonSv ?? '', /används två gånger/);
    const negative = await finance.json<Problem>('POST', '/api/v1/agreement-models', { year: 2030, drivers: [{ ...DRIVERS[0], unitPriceOre: -1 }] });
    assert.equal(negative.status, 400);
    assert.equal((await agent.json('GET', '/api/v1/agreement-models/2030')).status, 404, 'nothing was written');
  });
});

describe('issue 18: the application register (R-7.1)', () => {
  test('the IT strategist registers an application; its cost is quantity × unit price, split by shares', async () => {
    const res = await strategist.json<Application>(
      'POST',
      '/api/v1/applications',
      application('Skolplattformen', [
        { unitId: units[0]!, shareBp: 6_000 },
        { unitId: units[1]!, shareBp: 4_000 },
      ]),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    app = res.body;
    const year2027 = await strategist.json<Application>('GET', `/api/v1/applications/${app.id}?year=2027`);
    assert.equal(year2027.body.cost.totalOre, 2 * 1_200_000 + 1_000 * 250);
    assert.equal(year2027.body.cost.byHeading.server, 2_400_000);
    assert.deepEqual(
      year2027.body.split.units.map((u) => u.amountOre),
      [1_590_000, 1_060_000],
    );
    assert.equal(year2027.body.agreement?.number, 1);
    assert.equal(year2027.body.agreement?.sketch.components.length, 3);
  });
  test('shares that do not add up to 100 % are refused, and nothing is written', async () => {
    const res = await strategist.json<Problem>('POST', '/api/v1/applications', application('Halva', [{ unitId: units[0]!, shareBp: 5_000 }]));
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0]?.label, 'Enheter som betalar');
    assert.equal(res.body.errors[0]?.reasonSv, 'andelarna blir 50 % tillsammans, inte 100 %');
    const list = await strategist.json<ApplicationList>('GET', '/api/v1/applications');
    assert.deepEqual(
      list.body.items.map((a) => a.name),
      ['Skolplattformen'],
    );
  });
  test('a sketch relation to a missing component is refused', async () => {
    const bad = application('Trasig skiss', [{ unitId: units[0]!, shareBp: 10_000 }]);
    bad.agreement = { ...content, sketch: { ...content.sketch, relations: [{ from: 'app', to: 'saknas', label: '' }] } };
    const res = await strategist.json<Problem>('POST', '/api/v1/applications', bad);
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0]?.label, 'Systemskiss');
  });
  test('a sketch is drawn as the SVG the PDF holds; a broken one is refused before drawing', async () => {
    const res = await strategist.request('POST', '/api/v1/agreement-sketches/drawing', { name: 'Skolplattform', sketch: content.sketch });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    const svg = await res.text();
    assert.match(svg, /<title[^>]*>Systemskiss för Skolplattform: 3 delar och 2 kopplingar<\/title>/);
    for (const name of ['Webbläsare', 'Appserver', 'Databas']) assert.ok(svg.includes(name), name);
    const broken = await strategist.json<Problem>('POST', '/api/v1/agreement-sketches/drawing', {
      sketch: { ...content.sketch, relations: [{ from: 'app', to: 'saknas', label: '' }] },
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.errors[0]?.label, 'Systemskiss');
  });
  test('the other municipality sees nothing of it (404), and an end user is not shown it', async () => {
    assert.equal((await ulricehamnStrategist.json('GET', `/api/v1/applications/${app.id}`)).status, 404);
    assert.deepEqual((await ulricehamnStrategist.json<ApplicationList>('GET', '/api/v1/applications')).body.items, []);
    assert.equal((await employee.json('GET', `/api/v1/applications/${app.id}`)).status, 404);
  });
  test('a revision adds a version with what changed; a stale one is a conflict', async () => {
    const revised = await strategist.json<Application>('POST', `/api/v1/applications/${app.id}/versions`, {
      ...content,
      quantities: { ...content.quantities, databas: 1 },
      version: app.version,
      changeNote: 'En databas till',
    });
    assert.equal(revised.status, 201, JSON.stringify(revised.body));
    assert.equal(revised.body.agreement?.number, 2);
    assert.deepEqual(
      revised.body.versions.map((v) => v.changeNote),
      ['En databas till', 'Första versionen'],
    );
    const stale = await strategist.json('POST', `/api/v1/applications/${app.id}/versions`, { ...content, version: app.version, changeNote: 'Sent' });
    assert.equal(stale.status, 409);
    app = revised.body;
  });
  test('activated, it gets a review a year later; moving to cloud is refused while steps are missing', async () => {
    const active = await strategist.json<Application>('POST', `/api/v1/applications/${app.id}/status`, {
      version: app.version,
      status: 'active',
      on: '2027-02-01',
    });
    assert.equal(active.status, 200, JSON.stringify(active.body));
    assert.equal(active.body.startsOn, '2027-02-01');
    assert.equal(active.body.nextReviewOn, '2028-02-01');
    const cloud = await strategist.json<Problem>('POST', `/api/v1/applications/${app.id}/status`, {
      version: active.body.version,
      status: 'cloud',
      on: '2027-06-01',
    });
    assert.equal(cloud.status, 409);
    assert.deepEqual(
      cloud.body.errors.map((e) => e.field),
      ['classification', 'securityAnalysis', 'legalReview', 'businessReview', 'costAnalysis'],
    );
    app = active.body;
  });
  test('R-7.4: IT books the review; each invitee gets a mail whose calendar file is the booked time in Europe/Stockholm', async () => {
    const booking = {
      startsAt: '2027-03-29T09:00:00+02:00',
      endsAt: '2027-03-29T10:30:00+02:00',
      place: 'Ljuset, Tranemo',
      invitees: [
        { name: 'Åsa Öberg', email: 'asa.oberg@example.se' },
        { name: 'Skolchef', email: 'skolchef@example.se' },
      ],
    };
    const badTimes = await strategist.json<Problem>('POST', `/api/v1/applications/${app.id}/reviews`, { ...booking, endsAt: booking.startsAt });
    assert.equal(badTimes.status, 400);
    assert.equal(badTimes.body.errors[0]?.label, 'Slutar');
    const booked = await strategist.json<Review>('POST', `/api/v1/applications/${app.id}/reviews`, booking);
    assert.equal(booked.status, 201, JSON.stringify(booked.body));
    assert.equal((await employee.json('POST', `/api/v1/applications/${app.id}/reviews`, booking)).status, 403);
    await runJobOnce(ctx.deps.database.db, mailSendJob(ctx.deps.config, ctx.deps.secret, sink.transport()));
    const mails = sink.received.filter((m) => m.subject?.includes('Skolplattformen'));
    assert.equal(mails.length, 2);
    const ics = mails[0]?.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    assert.ok(ics, 'the mail carries the calendar file');
    // node-ical is loaded here, after the app: it installs its own Temporal globally (src/agreements/invitation.test.ts).
    const { default: ical } = await import('node-ical');
    const event = Object.values(ical.sync.parseICS(ics.content.toString('utf8'))).find((c): c is VEvent => c?.type === 'VEVENT');
    assert.ok(event);
    assert.equal(event.start.toISOString(), '2027-03-29T07:00:00.000Z');
    assert.equal(event.end?.toISOString(), '2027-03-29T08:30:00.000Z');
    assert.equal(event.start.tz, 'Europe/Stockholm');
    const overview = await strategist.json<ReviewOverview>('GET', '/api/v1/agreement-reviews');
    assert.deepEqual(
      overview.body.booked.map((r) => r.applicationName),
      ['Skolplattformen'],
    );
    assert.deepEqual((await ulricehamnStrategist.json<ReviewOverview>('GET', '/api/v1/agreement-reviews')).body.booked, []);

    const held = await strategist.json<Review>('POST', `/api/v1/applications/${app.id}/reviews/${booked.body.id}/held`, {
      version: booked.body.version,
      heldOn: '2027-03-29',
      minutes: 'Avtalet gicks igenom. Lagringen ökar till 1 500 GB.',
      agreement: { ...content, quantities: { ...content.quantities, databas: 1, 'lagring-gb': 1_500 }, changeNote: 'Lagring 1 500 GB efter årets genomgång' },
    });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    assert.equal(held.body.status, 'held');
    assert.equal(held.body.agreementVersion, 3);
    const after = await strategist.json<Application>('GET', `/api/v1/applications/${app.id}`);
    assert.equal(after.body.agreement?.number, 3);
    assert.equal(after.body.nextReviewOn, '2028-03-29');
    const again = await strategist.json('POST', `/api/v1/applications/${app.id}/reviews/${booked.body.id}/held`, { ...held.body, version: held.body.version });
    assert.equal(again.status, 400, 'a held review is not held again (the body lacks what holding needs)');
    app = after.body;
  });
  test('R-7.1: the agreement as PDF, read back by poppler: responsibilities, the cost’s arithmetic, the sketch and the history', async () => {
    const res = await strategist.request('GET', `/api/v1/applications/${app.id}/agreement.pdf?year=2027`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const text = pdfToText(pdf, { layout: false }).replace(/\s+/g, ' ');
    for (const expected of [
      'Applikationsavtal: Skolplattformen',
      'IT:s ansvar (teknisk systemförvaltning)',
      'Drift, säkerhetskopiering och uppgraderingar',
      '2 st × 12 000,00 kr',
      '1 500 GB × 2,50 kr',
      'Appserver',
      'Webbläsare',
      'Lagring 1 500 GB efter årets genomgång',
      'Hållen, gav version 3',
    ]) {
      assert.ok(text.includes(expected), `the PDF says "${expected}"`);
    }
    assert.ok(
      pdfFonts(pdf).every((f) => f.embedded),
      'every font is embedded',
    );
    assert.equal((await ulricehamnStrategist.request('GET', `/api/v1/applications/${app.id}/agreement.pdf`)).status, 404);
  });
});

describe('issue 18: a changed model compared (R-7.3)', () => {
  test('finance copies 2027 to 2028, raises the per-GB price, and sees each application’s and unit’s difference', async () => {
    const copied = await finance.json<CostModel>('POST', '/api/v1/agreement-models/2027/copy', { toYear: 2028 });
    assert.equal(copied.status, 201);
    const raised = copied.body.drivers.map((d) => (d.code === 'lagring-gb' ? { ...d, unitPriceOre: 300 } : d));
    const saved = await finance.json<CostModel>('PUT', '/api/v1/agreement-models/2028', { version: copied.body.version, drivers: raised });
    assert.equal(saved.status, 200);
    const comparison = await finance.json<CostComparison>('GET', '/api/v1/agreement-models/2028/comparison');
    assert.equal(comparison.status, 200);
    const [row] = comparison.body.applications;
    // 2 servers, 1 database, 1 500 GB (as revised at the review): 36 000 + 3 750 → 4 500 kr of storage.
    assert.deepEqual({ old: row?.oldOre, new: row?.newOre, diff: row?.differenceOre }, { old: 3_375_000, new: 3_450_000, diff: 75_000 });
    assert.deepEqual(
      comparison.body.units.map((u) => u.differenceOre).sort((a, b) => a - b),
      [30_000, 45_000],
    );
    assert.equal(comparison.body.total.differenceOre, 75_000);
  });
});

describe('issue 18: billing charges the fee from the agreement (R-6.5, R-7.3)', () => {
  type Line = { source: string; subjectId: string; amountOre: number; month: string; rule: string };
  type Run = { id: string; version: number; warnings: { subjectId: string; reasonSv: string }[] };
  test('next year’s run charges the paying units exactly their shares of the new cost, once, and locks the model', async () => {
    // A fee typed by hand for the same application before the register existed: the agreement takes over.
    const typed = await finance.json<{ id: string; applicationId: string | null }>('POST', '/api/v1/billing/subscriptions', {
      unitId: units[0],
      articleCode: 'APP-SCHABLON',
      label: 'Skolplattformen',
      quantity: 1,
      startsOn: '2020-01-01',
      applicationId: app.id,
    });
    assert.equal(typed.status, 201, JSON.stringify(typed.body));
    assert.equal(typed.body.applicationId, app.id);
    const comparison = await finance.json<CostComparison>('GET', '/api/v1/agreement-models/2028/comparison');
    const yearly = new Map(comparison.body.units.map((u) => [u.id, u.newOre]));
    // Tranemo is invoiced a tertial in advance: the January run charges January–April.
    const run = await finance.json<Run>('POST', '/api/v1/billing/runs', { municipality: 'tranemo', month: '2028-01' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.deepEqual(
      run.body.warnings.filter((w) => w.subjectId === app.id),
      [],
    );
    for (const unitId of [units[0]!, units[1]!]) {
      const basis = await finance.json<{ lines: Line[] }>('GET', `/api/v1/billing/runs/${run.body.id}/units/${unitId}`);
      assert.equal(basis.status, 200);
      const lines = basis.body.lines.filter((l) => l.subjectId === app.id);
      assert.deepEqual(
        lines.map((l) => l.month),
        ['2028-01', '2028-02', '2028-03', '2028-04'],
      );
      const share = yearly.get(unitId) ?? 0;
      // Four twelfths of the unit's yearly share, to the öre (the months of a year sum to it exactly).
      assert.equal(
        lines.reduce((sum, l) => sum + l.amountOre, 0),
        Math.floor((share * 4) / 12),
      );
      assert.ok(lines.every((l) => l.source === 'application' && l.rule.includes('schablonmodellen 2028')));
      assert.equal(basis.body.lines.filter((l) => l.subjectId === typed.body.id).length, 0, 'the fee typed by hand is not charged as well');
    }
    const approver = await ctx.userClient({ username: 'avtal-ekonom-2', roles: ['finance'], municipality: 'tranemo' });
    const reviewed = await finance.json<Run>('POST', `/api/v1/billing/runs/${run.body.id}/review`, { version: run.body.version });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    const approved = await approver.json<Run>('POST', `/api/v1/billing/runs/${run.body.id}/approve`, { version: reviewed.body.version });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const model = await finance.json<CostModel>('GET', '/api/v1/agreement-models/2028');
    assert.equal(model.body.locked, true);
    assert.equal(model.body.lockedReason, 'fakturering 2028-01');
    assert.equal(model.body.actions.edit.allowed, false);
  });
  test('a fee typed by hand cannot name another municipality’s application', async () => {
    const other = await ulricehamnStrategist.json<Application>('POST', '/api/v1/applications', {
      ...application('Ulricehamns e-arkiv', []),
      municipalityId: ctx.municipalities.ulricehamn,
      split: { mode: 'share', units: [] },
    });
    const res = await finance.json<Problem>('POST', '/api/v1/billing/subscriptions', {
      unitId: units[0],
      articleCode: 'APP-SCHABLON',
      quantity: 1,
      startsOn: '2020-01-01',
      applicationId: other.body.id ?? '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0]?.label, 'Applikation');
  });
});
