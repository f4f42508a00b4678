import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import type { Backlog, DevelopmentRequest, RequestInput, RequestList } from '../../src/governance/contract.ts';
import type { PricingProposal, PricingProposalList } from '../../src/catalogue/contract.ts';
import type { MissionSummaryList, MissionVersion, MissionVersionDetail } from '../../src/mission/contract.ts';
import { unitManagerOf } from '../support/billing.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';
import { pdfFonts, pdfToText } from '../support/poppler.ts';

/**
 * Issue 20: development requests through the boards, pilots, the backlog, and the yearly
 * mission made, checked and published as versioned data — through the HTTP API, on either database.
 */

type Problem = { code: string; message_sv: string; errors: { field: string; reason: string; reasonSv: string; label?: string }[] };

let ctx: TestContext;
let admin: TestClient;
let strategist: TestClient;
let management: TestClient;
let agent: TestClient;
let finance: TestClient;
let uFinance: TestClient;
let manager: TestClient;
let unitId: string;
let today: string;
let T: string;
let U: string;

before(async () => {
  ctx = await testContext();
  T = ctx.municipalities.tranemo;
  U = ctx.municipalities.ulricehamn;
  admin = await ctx.userClient({ username: 'gov-admin', roles: ['admin'], municipality: null });
  strategist = await ctx.userClient({ username: 'gov-strateg', roles: ['it_strategist'], municipality: null });
  management = await ctx.userClient({ username: 'gov-ledning', roles: ['it_management'], municipality: null });
  agent = await ctx.userClient({ username: 'gov-agent', roles: ['agent'], municipality: null, team: 'infrastruktur', line: 3 });
  finance = await ctx.userClient({ username: 'gov-ekonom-t', roles: ['finance'], municipality: 'tranemo' });
  uFinance = await ctx.userClient({ username: 'gov-ekonom-u', roles: ['finance'], municipality: 'ulricehamn' });
  const unit = await admin.json<{ id: string }>('POST', '/api/v1/units', {
    municipalityId: T,
    level: 'forvaltning',
    code: 'GOVU',
    name: 'Barn- och utbildning',
    accountingCodes: { ansvar: '41000', verksamhet: '4100' },
  });
  assert.equal(unit.status, 201, JSON.stringify(unit.body));
  unitId = unit.body.id;
  manager = await unitManagerOf(ctx, admin, { username: 'gov-chef', firstName: 'Greta', unitId, municipality: 'tranemo' });
  // The day the server believes it is (the test clock), as every date rule asks.
  today = Temporal.Instant.fromEpochMilliseconds(TEST_NOW.getTime()).toZonedDateTimeISO('Europe/Stockholm').toPlainDate().toString();
});
after(async () => {
  await ctx.close();
});

const base = (over: Partial<RequestInput> = {}): RequestInput => ({
  title: 'Gemensam e-tjänsteplattform',
  description: 'En plattform för e-tjänster som båda kommunerna använder.',
  benefit: 'Färre pappersblanketter och snabbare handläggning.',
  costEstimateOre: 45_000_000,
  size: 'large',
  kind: 'change',
  changesMission: false,
  missionYear: null,
  serviceEffect: 'none',
  serviceName: null,
  municipalityId: null,
  raisedByUnitId: null,
  ...over,
});

async function raise(client: TestClient, over: Partial<RequestInput> = {}): Promise<DevelopmentRequest> {
  const r = await client.json<DevelopmentRequest>('POST', '/api/v1/development-requests', base(over));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function step(client: TestClient, r: DevelopmentRequest, body: Record<string, unknown>): Promise<DevelopmentRequest> {
  const res = await client.json<DevelopmentRequest>('POST', `/api/v1/development-requests/${r.id}/steps`, { version: r.version, decidedOn: today, ...body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function refusedStep(client: TestClient, r: DevelopmentRequest, body: Record<string, unknown>): Promise<{ status: number; body: Problem }> {
  return client.json<Problem>('POST', `/api/v1/development-requests/${r.id}/steps`, { version: r.version, decidedOn: today, ...body });
}

/** Moves a mission change for `year` through the forum, the steering group and both boards. */
async function approvedMissionChange(year: number): Promise<DevelopmentRequest> {
  let r = await raise(management, { title: `Ändrat ramuppdrag ${year}`, changesMission: true, missionYear: year });
  r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 12' });
  r = await step(management, r, { action: 'prioritise', minutesRef: 'Styrgruppen § 7' });
  r = await step(management, r, { action: 'record_board_decision', municipalityId: T, outcome: 'approved', minutesRef: 'KS Tranemo § 145' });
  return step(management, r, { action: 'record_board_decision', municipalityId: U, outcome: 'approved', minutesRef: 'KS Ulricehamn § 201' });
}

describe('issue 20: development requests through the boards (R-8.1)', () => {
  test('a large request that changes the mission passes the forum, the steering group and both boards, and is delivered', async () => {
    let r = await raise(management, { changesMission: true, missionYear: Number(today.slice(0, 4)) + 3 });
    assert.equal(r.state, 'registered');
    assert.match(r.number, /^UT-\d{4}-\d{3}$/);
    // Not the strategist's to decide: a large request goes to the steering group.
    const decide = await refusedStep(strategist, r, { action: 'decide', minutesRef: 'Delegationsbeslut 1' });
    assert.equal(decide.status, 409);
    assert.equal(r.actions.steps.prepare.allowed, true);
    r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum utveckling 2026-11-02 § 4' });
    assert.equal(r.state, 'prepared');
    assert.equal(r.actions.steps.decide.allowed, false);
    assert.match(r.actions.steps.decide.reasonSv ?? '', /it-styrgruppen/);
    r = await step(management, r, { action: 'prioritise', minutesRef: 'It-styrgruppen 2026-11-10 § 3' });
    assert.equal(r.state, 'awaiting_boards');
    assert.deepEqual(
      r.boards.map((b) => b.outcome),
      [null, null],
    );
    // Work cannot start before both boards have decided.
    const early = await refusedStep(management, r, { action: 'start' });
    assert.equal(early.status, 409);
    assert.match(early.body.errors[0]?.reasonSv ?? '', /kommunstyrelser/);
    // A board decision names its minutes; without them nothing is written.
    const noMinutes = await refusedStep(management, r, { action: 'record_board_decision', municipalityId: T, outcome: 'approved' });
    assert.equal(noMinutes.status, 400);
    assert.equal(noMinutes.body.errors[0]?.label, 'Protokollsreferens');
    r = await step(management, r, { action: 'record_board_decision', municipalityId: T, outcome: 'approved', minutesRef: 'KS 2026-11-20 § 145' });
    assert.equal(r.state, 'awaiting_boards');
    const twice = await refusedStep(management, r, { action: 'record_board_decision', municipalityId: T, outcome: 'approved', minutesRef: 'KS § 146' });
    assert.equal(twice.status, 409);
    r = await step(management, r, { action: 'record_board_decision', municipalityId: U, outcome: 'approved', minutesRef: 'KS 2026-11-25 § 201' });
    assert.equal(r.state, 'boards_approved');
    r = await step(management, r, { action: 'start' });
    assert.equal(r.state, 'in_progress');
    r = await step(management, r, { action: 'deliver', note: 'Införd i ramuppdraget.' });
    assert.equal(r.state, 'delivered');
    // Each step records who decided, when and under which minutes.
    assert.deepEqual(
      r.steps.map((s) => [s.action, s.bodyText, s.minutesRef !== null]),
      [
        ['prepare', 'IT-forum utveckling', true],
        ['prioritise', 'It-styrgruppen', true],
        ['record_board_decision', 'Kommunstyrelsen, Tranemo kommun', true],
        ['record_board_decision', 'Kommunstyrelsen, Ulricehamns kommun', true],
        ['start', 'It-enheten', false],
        ['deliver', 'It-enheten', false],
      ],
    );
    assert.ok(r.steps.every((s) => s.decidedOn === today && s.recordedBy.name.length > 0));
    // Finished: every step refused.
    assert.ok(Object.values(r.actions.steps).every((p) => !p.allowed));
  });

  test('delivering a new service opens a draft application agreement in each municipality and asks the pricing group for next year’s price (R-8.3)', async () => {
    let r = await raise(management, { title: 'Bokningssystem för lokaler', size: 'small', serviceEffect: 'new_service', serviceName: 'Lokalbokning' });
    r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 30' });
    r = await step(strategist, r, { action: 'decide', minutesRef: 'Delegationsbeslut IT 2026:30' });
    r = await step(strategist, r, { action: 'start' });
    r = await step(strategist, r, { action: 'deliver' });
    const year = Number(today.slice(0, 4)) + 1;
    assert.equal(r.delivery?.applicationIds.length, 2);
    assert.equal(r.delivery?.priceListYear, year);
    assert.deepEqual(r.delivery?.todo, [
      'Fyll i utkastet till applikationsavtal för Lokalbokning i Tranemo kommun och gör det aktivt.',
      'Fyll i utkastet till applikationsavtal för Lokalbokning i Ulricehamns kommun och gör det aktivt.',
      `Prissättningsgruppen sätter pris på Lokalbokning i prislistan för ${year}.`,
    ]);
    const apps = (await management.json<{ items: { id: string; name: string; status: string }[] }>('GET', '/api/v1/applications')).body.items.filter(
      (a) => a.name === 'Lokalbokning',
    );
    assert.deepEqual(
      apps.map((a) => a.status),
      ['in_preparation', 'in_preparation'],
    );
    const proposals = await admin.json<PricingProposalList>('GET', `/api/v1/price-lists/${year}/proposals`);
    const proposal = proposals.body.items.find((p) => p.sourceId === r.id);
    assert.ok(proposal, JSON.stringify(proposals.body));
    assert.equal(proposal.name, 'Lokalbokning');
    assert.equal(proposal.settledAt, null);
    assert.equal((await management.json('POST', `/api/v1/pricing-proposals/${proposal.id}/settle`, { version: proposal.version })).status, 403);
    const settled = await admin.json<PricingProposal>('POST', `/api/v1/pricing-proposals/${proposal.id}/settle`, { version: proposal.version });
    assert.equal(settled.status, 200);
    assert.notEqual(settled.body.settledAt, null);
    // A changed service whose application is registered: that agreement is to be revised, nothing new opened.
    let changed = await raise(management, {
      title: 'Ny modul i lokalbokningen',
      size: 'small',
      municipalityId: T,
      serviceEffect: 'changed_service',
      serviceName: 'Lokalbokning',
    });
    changed = await step(strategist, changed, { action: 'prepare', minutesRef: 'IT-forum § 31' });
    changed = await step(strategist, changed, { action: 'decide', minutesRef: 'Delegationsbeslut IT 2026:31' });
    changed = await step(strategist, changed, { action: 'start' });
    changed = await step(strategist, changed, { action: 'deliver' });
    assert.deepEqual(changed.delivery?.todo, ['Revidera applikationsavtalet för Lokalbokning i Tranemo kommun efter ändringen.']);
    assert.equal(changed.delivery?.priceListYear, null);
  });

  test('a small request is decided by the IT strategist alone', async () => {
    let r = await raise(agent, { title: 'Ny skrivardrivrutin', size: 'small', costEstimateOre: 500_000, municipalityId: U });
    r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 5' });
    // IT management may not use the strategist's mandate.
    const notMine = await refusedStep(management, r, { action: 'decide', minutesRef: 'Beslut 1' });
    assert.equal(notMine.status, 403);
    r = await step(strategist, r, { action: 'decide', minutesRef: 'Delegationsbeslut IT 2026:14' });
    assert.equal(r.state, 'decided');
    r = await step(strategist, r, { action: 'start' });
    r = await step(strategist, r, { action: 'deliver' });
    assert.equal(r.state, 'delivered');
    assert.deepEqual(
      r.steps.map((s) => s.body),
      ['it_forum', 'it_strategist', 'it_unit', 'it_unit'],
    );
  });

  test('a pilot cannot close without its evaluation (R-8.2)', async () => {
    let r = await raise(strategist, { title: 'Pilot: AI-stöd i servicedesken', size: 'small', kind: 'pilot', costEstimateOre: 2_000_000 });
    r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 8' });
    r = await step(strategist, r, { action: 'decide', minutesRef: 'Delegationsbeslut IT 2026:15' });
    r = await step(strategist, r, { action: 'start' });
    assert.equal(r.actions.steps.close.allowed, false);
    const close = await refusedStep(strategist, r, { action: 'close' });
    assert.equal(close.status, 409);
    assert.match(close.body.errors[0]?.reasonSv ?? '', /utvärdering/);
    const deliver = await refusedStep(strategist, r, { action: 'deliver' });
    assert.equal(deliver.status, 409);
    const empty = await refusedStep(strategist, r, { action: 'evaluate' });
    assert.equal(empty.status, 400);
    r = await step(strategist, r, { action: 'evaluate', evaluation: { result: 'Svarstiden sjönk med 20 %.', recommendation: 'Inför i ordinarie drift.' } });
    assert.equal(r.evaluation?.recommendation, 'Inför i ordinarie drift.');
    assert.equal(r.actions.steps.close.allowed, true);
    r = await step(strategist, r, { action: 'close' });
    assert.equal(r.state, 'closed');
  });

  test('a request is rejected at any step, with a reason and the body that decided', async () => {
    let r = await raise(management, { title: 'Egen molntjänst', size: 'large' });
    r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 9' });
    assert.deepEqual(r.rejectingBodies, ['it_forum', 'steering_group']);
    const noReason = await refusedStep(management, r, { action: 'reject', body: 'steering_group', minutesRef: 'Styrgruppen § 9' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0]?.label, 'Motivering');
    const wrongBody = await refusedStep(management, r, { action: 'reject', body: 'board', minutesRef: 'KS § 1', note: 'Nej' });
    assert.equal(wrongBody.status, 409);
    r = await step(management, r, { action: 'reject', body: 'steering_group', minutesRef: 'Styrgruppen § 9', note: 'Ryms inte i budgeten.' });
    assert.equal(r.state, 'rejected');
    assert.equal(r.steps.at(-1)?.bodyText, 'It-styrgruppen');
    assert.equal(r.steps.at(-1)?.note, 'Ryms inte i budgeten.');
  });

  test('bad input: Swedish labels, nothing written', async () => {
    const before = (await management.json<RequestList>('GET', '/api/v1/development-requests')).body.items.length;
    const small = await management.json<Problem>('POST', '/api/v1/development-requests', base({ size: 'small', changesMission: true, missionYear: 2030 }));
    assert.equal(small.status, 400);
    assert.equal(small.body.errors[0]?.label, 'Storlek');
    const noName = await management.json<Problem>('POST', '/api/v1/development-requests', base({ serviceEffect: 'new_service' }));
    assert.equal(noName.status, 400);
    assert.equal(noName.body.errors[0]?.label, 'Tjänst');
    const negative = await management.json<Problem>('POST', '/api/v1/development-requests', { ...base(), costEstimateOre: -1 });
    assert.equal(negative.status, 400);
    assert.equal(negative.body.errors[0]?.label, 'Uppskattad kostnad');
    const future = await refusedStep(strategist, await raise(management, { title: 'Framtid' }), {
      action: 'prepare',
      minutesRef: 'x',
      decidedOn: Temporal.PlainDate.from(today).add({ days: 1 }).toString(),
    });
    assert.equal(future.status, 400);
    assert.equal(future.body.errors[0]?.label, 'Beslutsdatum');
    assert.equal((await management.json<RequestList>('GET', '/api/v1/development-requests')).body.items.length, before + 1);
  });

  test('a stale version is a conflict', async () => {
    const r = await raise(management, { title: 'Versionstest' });
    await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 1' });
    const stale = await refusedStep(strategist, r, { action: 'reject', body: 'it_forum', minutesRef: 'x', note: 'y' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'stale_version');
  });
});

describe('issue 20: who sees which request', () => {
  test('the other municipality’s requests are hidden unless they concern both; a unit sees what it raised', async () => {
    const mine = await raise(manager, { title: 'Surfplattor i förskolan', size: 'small', municipalityId: T, raisedByUnitId: unitId });
    const ulricehamn = await raise(agent, { title: 'Bara Ulricehamn', size: 'small', municipalityId: U });
    const both = await raise(agent, { title: 'Båda kommunerna', size: 'small' });
    const other = await raise(agent, { title: 'Tranemo, annan enhet', size: 'small', municipalityId: T });
    const ids = async (c: TestClient) => (await c.json<RequestList>('GET', '/api/v1/development-requests')).body.items.map((i) => i.id);
    const tFinance = await ids(finance);
    assert.ok(tFinance.includes(mine.id) && tFinance.includes(both.id) && tFinance.includes(other.id));
    assert.ok(!tFinance.includes(ulricehamn.id));
    assert.equal((await finance.get(`/api/v1/development-requests/${ulricehamn.id}`)).status, 404);
    const uIds = await ids(uFinance);
    assert.ok(uIds.includes(ulricehamn.id) && uIds.includes(both.id) && !uIds.includes(mine.id));
    // The unit manager sees only what they or their unit raised.
    assert.deepEqual(await ids(manager), [mine.id]);
    assert.equal((await manager.get(`/api/v1/development-requests/${other.id}`)).status, 404);
    // A manager raises only for a unit they manage, never for "IT".
    const forIt = await manager.json<Problem>('POST', '/api/v1/development-requests', base({ size: 'small', municipalityId: T }));
    assert.equal(forIt.status, 400);
    assert.equal(forIt.body.errors[0]?.label, 'Enhet som lyfter ärendet');
    const employee = await ctx.userClient({ username: 'gov-anstalld', roles: ['end_user'], municipality: 'tranemo' });
    assert.equal((await employee.json('POST', '/api/v1/development-requests', base({ size: 'small', municipalityId: T, raisedByUnitId: unitId }))).status, 403);
    assert.deepEqual((await employee.json<RequestList>('GET', '/api/v1/development-requests')).body.items, []);
  });
});

describe('issue 20: the steering group’s backlog', () => {
  test('prioritised large requests in rank order; the order is reset only to a permutation', async () => {
    const made: DevelopmentRequest[] = [];
    for (const title of ['Backlogg A', 'Backlogg B', 'Backlogg C']) {
      let r = await raise(management, { title });
      r = await step(strategist, r, { action: 'prepare', minutesRef: 'IT-forum § 20' });
      made.push(await step(management, r, { action: 'prioritise', minutesRef: 'Styrgruppen § 20' }));
    }
    const read = async () => (await strategist.json<Backlog>('GET', '/api/v1/development-requests/backlog')).body;
    const first = await read();
    const ours = (b: Backlog) => b.items.filter((i) => i.title.startsWith('Backlogg ')).map((i) => i.title);
    assert.deepEqual(ours(first), ['Backlogg A', 'Backlogg B', 'Backlogg C']);
    assert.deepEqual(
      first.items.map((i) => i.priority),
      first.items.map((_, k) => k + 1),
    );
    const order = first.items.map((i) => i.id);
    const [a, b, c] = made.map((m) => m.id) as [string, string, string];
    const moved = [...order.filter((id) => id !== c).slice(0, 0), c, ...order.filter((id) => id !== c)];
    const put = await strategist.json<Backlog>('PUT', '/api/v1/development-requests/backlog', { order: moved });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(ours(put.body), ['Backlogg C', 'Backlogg A', 'Backlogg B']);
    const missing = await strategist.json<Problem>('PUT', '/api/v1/development-requests/backlog', { order: moved.filter((id) => id !== a) });
    assert.equal(missing.status, 409);
    const twice = await strategist.json<Problem>('PUT', '/api/v1/development-requests/backlog', { order: [...moved, b] });
    assert.equal(twice.status, 409);
    assert.equal((await agent.json('PUT', '/api/v1/development-requests/backlog', { order: moved })).status, 403);
    assert.deepEqual(ours(await read()), ['Backlogg C', 'Backlogg A', 'Backlogg B']);
  });
});

describe('issue 20: the yearly mission edited as versioned data (R-8.4)', () => {
  test('a draft from the mission in force is edited, checked, its changes listed, published once the boards decided, and rules read it from its date', async () => {
    const overview = (await management.json<MissionSummaryList>('GET', '/api/v1/missions')).body;
    assert.equal(overview.actions.createDraft.allowed, true);
    const year = overview.nextYear;
    assert.ok(year > Number(today.slice(0, 4)));
    const created = await management.json<MissionVersionDetail>('POST', '/api/v1/mission-drafts', { year });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    let draft = created.body;
    assert.equal(draft.status, 'draft');
    assert.equal(draft.document.year, year);
    assert.equal(draft.effectiveFrom, `${year}-01-01`);
    assert.deepEqual(draft.changes.map((c) => c.path[0]).sort(), ['effectiveFrom', 'title', 'year'].sort());
    // One draft per year.
    assert.equal((await management.json('POST', '/api/v1/mission-drafts', { year })).status, 409);
    // Only IT management edits; an agent cannot even see the draft.
    assert.equal((await agent.get(`/api/v1/mission-versions/${draft.id}`)).status, 404);
    assert.equal((await strategist.json('PUT', `/api/v1/mission-versions/${draft.id}`, { version: draft.version, document: draft.document })).status, 403);

    // Every problem listed with its field, in Swedish, and nothing saved.
    const bad = structuredClone(draft.document);
    bad.calendar.openingHours.friday = { open: '15:00', close: '07:30' };
    bad.support.survey.sampleShare = 1.5;
    bad.followUp.periods = bad.followUp.periods.slice(0, 2);
    const refused = await management.json<Problem>('PUT', `/api/v1/mission-versions/${draft.id}`, { version: draft.version, document: bad });
    assert.equal(refused.status, 400);
    const fields = refused.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['document.calendar.openingHours.friday.close', 'document.support.survey.sampleShare']);
    assert.ok(
      refused.body.errors.every((e) => e.label && !/[a-z][A-Z]|\./.test(e.label)),
      JSON.stringify(refused.body.errors),
    );

    const doc = structuredClone(draft.document);
    doc.calendar.openingHours.friday = { open: '07:30', close: '15:00' };
    doc.support.survey.sampleShare = 0.3;
    const saved = await management.json<MissionVersionDetail>('PUT', `/api/v1/mission-versions/${draft.id}`, { version: draft.version, document: doc });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    draft = saved.body;
    const texts = draft.changes.map((c) => c.text);
    assert.ok(
      texts.some((t) => /fredag/i.test(t) && t.includes('16:00') && t.includes('15:00')),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => t.includes('25 %') && t.includes('30 %')),
      texts.join('\n'),
    );

    // Not publishable before the boards have decided.
    assert.equal(draft.actions.publish.allowed, false);
    assert.ok(draft.blockers.some((b) => /Kommunstyrelse/.test(b.reasonSv)));
    const early = await management.json<Problem>('POST', `/api/v1/mission-versions/${draft.id}/publish`, { version: draft.version });
    assert.equal(early.status, 409);

    // The text and PDF for the board's papers.
    const txt = await management.request('GET', `/api/v1/mission-versions/${draft.id}/changes.txt`);
    assert.equal(txt.status, 200);
    assert.match(txt.headers.get('content-type') ?? '', /text\/plain/);
    const body = await txt.text();
    assert.ok(body.includes('15:00') && body.includes('30 %'), body);
    const pdf = await management.request('GET', `/api/v1/mission-versions/${draft.id}/changes.pdf`);
    assert.equal(pdf.status, 200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    assert.ok(pdfFonts(bytes).every((f) => f.embedded));
    const pdfText = pdfToText(bytes);
    assert.ok(pdfText.includes('Ändringar') && pdfText.includes('15:00'), pdfText);

    await approvedMissionChange(year);
    draft = (await management.json<MissionVersionDetail>('GET', `/api/v1/mission-versions/${draft.id}`)).body;
    assert.deepEqual(draft.blockers, []);
    const published = await management.json<MissionVersionDetail>('POST', `/api/v1/mission-versions/${draft.id}/publish`, { version: draft.version });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.status, 'published');
    assert.equal(published.body.revision, 1);
    // A published version never changes.
    const change = await management.json<Problem>('PUT', `/api/v1/mission-versions/${draft.id}`, { version: published.body.version, document: doc });
    assert.equal(change.status, 409);
    assert.equal(published.body.actions.edit.allowed, false);

    // The rules read the mission in force on the date in question: a Friday in the new year closes at
    // 15:00, a Friday in the year before at 16:00.
    const fridayIn = (y: number) => {
      let d = Temporal.PlainDate.from({ year: y, month: 3, day: 1 });
      while (d.dayOfWeek !== 5) d = d.add({ days: 1 });
      return d;
    };
    const deadline = async (thursday: Temporal.PlainDate) => {
      const start = `${thursday.toString()}T15:45:00+01:00`;
      const r = await management.json<{ deadline: string }>('GET', `/api/v1/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=1`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.deadline;
    };
    const newFriday = fridayIn(year);
    const oldFriday = fridayIn(year - 1);
    assert.equal(await deadline(newFriday.subtract({ days: 1 })), `${newFriday.toString()}T15:00:00+01:00`);
    assert.equal(await deadline(oldFriday.subtract({ days: 1 })), `${oldFriday.toString()}T15:45:00+01:00`);
    const inForce = await management.json<MissionVersion>('GET', `/api/v1/mission?date=${newFriday.toString()}`);
    assert.equal(inForce.body.year, year);
    assert.equal(inForce.body.document.support.survey.sampleShare, 0.3);
    const listed = (await agent.json<MissionSummaryList>('GET', '/api/v1/missions')).body;
    assert.ok(listed.items.some((m) => m.year === year && m.status === 'published'));
    assert.deepEqual(listed.drafts, []);
  });

  test('a correction is the next revision; a draft can be thrown away; dates before today are refused', async () => {
    const year = (await management.json<MissionSummaryList>('GET', '/api/v1/missions')).body.nextYear - 1;
    const draft = (await management.json<MissionVersionDetail>('POST', '/api/v1/mission-drafts', { year })).body;
    assert.equal(draft.basedOn?.year, year);
    assert.equal(draft.revision, 2);
    const doc = structuredClone(draft.document);
    doc.effectiveFrom = Temporal.PlainDate.from(today).subtract({ days: 1 }).toString();
    const saved = await management.json<MissionVersionDetail>('PUT', `/api/v1/mission-versions/${draft.id}`, { version: draft.version, document: doc });
    assert.equal(saved.status, 200);
    assert.ok(saved.body.blockers.some((b) => b.field === 'document.effectiveFrom'));
    const stale = await management.json<Problem>('DELETE', `/api/v1/mission-versions/${draft.id}?version=${draft.version}`);
    assert.equal(stale.status, 409);
    const gone = await management.request('DELETE', `/api/v1/mission-versions/${draft.id}?version=${saved.body.version}`);
    assert.equal(gone.status, 204);
    assert.equal((await management.get(`/api/v1/mission-versions/${draft.id}`)).status, 404);
  });
});
