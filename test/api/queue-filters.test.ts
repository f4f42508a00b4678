import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

/**
 * R-10 ("every figure links down to the tickets behind it"): the queue takes the filters the tertial
 * follow-up links with (followup/report-rules.ts) and answers exactly the tickets the follow-up
 * counted (followup/store.ts): local dates in the mission calendar's time zone, both inclusive, the
 * summer-time changes included; solved and closed tickets are there without a status filter; the
 * reader's scope still decides; keyset paging runs through the filtered rows.
 *
 * The tickets are made through the API and then given fixed instants in 2026 (before the test clock
 * of either run, 2026-12-03 or 2027-01-14), so nothing depends on today.
 */

type Row = { id: string; number: string; status: string };
type Page = { items: Row[]; nextCursor: string | null };
type Problem = { code: string; errors: { field: string; label?: string; reasonSv: string }[] };
type Desk = { id: string; isIt: boolean; categories: { id: string; code: string }[] };

let ctx: TestContext;
let tove: TestClient;
let tina: TestClient;
let ulf: TestClient;
let agent: TestClient;
let agentU: TestClient;
let managerU: TestClient;
let it: Desk;
/** The seeded tickets by letter. */
const T: Record<string, string> = {};
const letter = new Map<string, string>();

const cat = (code: string) => it.categories.find((c) => c.code === code)?.id ?? '';

interface Seed {
  by: TestClient;
  category: string;
  intefunktion?: string;
  /** Column values written after intake (instants as ISO text, UTC). */
  set: Record<string, string | number | boolean | null>;
}

async function seed(key: string, s: Seed): Promise<void> {
  const made = await s.by.json<{ id: string }>('POST', '/api/v1/tickets', {
    categoryId: cat(s.category),
    ...(s.intefunktion ? { intefunktion: s.intefunktion } : {}),
    subject: `Ärende ${key} för uppföljningen`,
    description: 'Sått av testet',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  T[key] = made.body.id;
  letter.set(made.body.id, key);
  const columns = Object.keys(s.set);
  await ctx.database.query(`update tickets set ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`, [
    made.body.id,
    ...columns.map((c) => s.set[c]),
  ]);
}

/** The letters of the tickets a query answers (all pages), sorted. */
async function letters(client: TestClient, query: string): Promise<string[]> {
  const res = await client.json<Page>('GET', `/api/v1/tickets?${query}&limit=100`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.nextCursor, null);
  return res.body.items.map((r) => letter.get(r.id) ?? `?${r.number}`).sort();
}

const T2 = 'solvedFrom=2026-05-01&solvedTo=2026-08-31';

before(async () => {
  ctx = await testContext();
  tove = await ctx.userClient({ username: 'tove.f', roles: ['end_user'], municipality: 'tranemo' });
  tina = await ctx.userClient({ username: 'tina.f', roles: ['end_user'], municipality: 'tranemo' });
  ulf = await ctx.userClient({ username: 'ulf.f', roles: ['end_user'], municipality: 'ulricehamn' });
  agent = await ctx.userClient({ username: 'uppf.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  agentU = await ctx.userClient({ username: 'uppf.agent.u', roles: ['agent'], municipality: 'ulricehamn', team: 'anvandarstod', line: 1 });
  managerU = await ctx.userClient({ username: 'uppf.ledning.u', roles: ['it_management'], municipality: 'ulricehamn' });
  const desks = await tove.json<{ items: Desk[] }>('GET', '/api/v1/desks');
  const found = desks.body.items.find((d) => d.isIt);
  assert.ok(found);
  it = found;

  // T2 2026 is 1 May–31 August, Stockholm time (summer time, UTC+2).
  // A: solved at the first instant of 1 May (22:00 UTC the day before) by the first line, by its deadline.
  await seed('A', {
    by: tove,
    category: 'fraga',
    set: {
      channel: 'portal',
      status: 'solved',
      received_at: '2026-04-30T21:59:00Z',
      solved_at: '2026-04-30T22:00:00Z',
      solved_line: 1,
      line: 1,
      sla_due_at: '2026-05-04T14:00:00Z',
    },
  });
  // B: an intefunktion fault by phone, closed, solved 23:30 on 31 August by the second line, after its deadline.
  await seed('B', {
    by: tove,
    category: 'intefunktion',
    intefunktion: 'utskrift',
    set: {
      channel: 'phone',
      status: 'closed',
      received_at: '2026-05-10T08:00:00Z',
      solved_at: '2026-08-31T21:30:00Z',
      closed_at: '2026-09-02T08:00:00Z',
      solved_line: 2,
      line: 2,
      sla_due_at: '2026-05-11T08:00:00Z',
    },
  });
  // C: Ulricehamn, by mail, no category, solved at the first instant of 1 September (outside T2).
  await seed('C', {
    by: ulf,
    category: 'fraga',
    set: {
      channel: 'email',
      category_id: null,
      status: 'solved',
      received_at: '2026-06-01T08:00:00Z',
      solved_at: '2026-08-31T22:00:00Z',
      solved_line: 1,
      line: 1,
      sla_due_at: '2026-09-10T08:00:00Z',
    },
  });
  // D: on call, received 02:30 on the spring change day (01:30 UTC+1 does not exist; 02:30 is 00:30 UTC), still open.
  await seed('D', {
    by: tove,
    category: 'fraga',
    set: { channel: 'agent', on_call: true, status: 'open', received_at: '2026-03-29T00:30:00Z', sla_due_at: null },
  });
  // E: received 23:30 on the autumn change day (UTC+1 again: 22:30 UTC); F: at the first instant of the next day.
  await seed('E', { by: tina, category: 'fraga', set: { channel: 'portal', status: 'new', received_at: '2026-10-25T22:30:00Z' } });
  await seed('F', { by: tina, category: 'fraga', set: { channel: 'portal', status: 'new', received_at: '2026-10-25T23:00:00Z' } });
  // G: solved in T2 by the third line, without a deadline (neither met nor missed); another requester.
  await seed('G', {
    by: tina,
    category: 'fraga',
    set: {
      channel: 'portal',
      status: 'solved',
      received_at: '2026-06-10T08:00:00Z',
      solved_at: '2026-06-15T08:00:00Z',
      solved_line: 3,
      line: 3,
      sla_due_at: null,
    },
  });
});
after(async () => {
  await ctx.close();
});

describe('R-10: each follow-up filter answers exactly the tickets behind the figure', () => {
  test('solved in a tertial: the first instant of the first day and 23:30 on the last day are in, the next day’s first instant is not', async () => {
    assert.deepEqual(await letters(agent, T2), ['A', 'B', 'G']);
    assert.deepEqual(await letters(agent, 'solvedFrom=2026-09-01&solvedTo=2026-09-01'), ['C']);
    assert.deepEqual(await letters(agent, 'solvedTo=2026-04-30'), [], 'A was solved on 1 May, local time');
    assert.deepEqual(await letters(agent, 'solvedFrom=2026-08-31'), ['B', 'C']);
  });

  test('solved and closed tickets are there without a status filter; an explicit status still applies', async () => {
    const res = await agent.json<Page>('GET', `/api/v1/tickets?${T2}`);
    assert.deepEqual(res.body.items.map((r) => r.status).sort(), ['closed', 'solved', 'solved']);
    assert.deepEqual(await letters(agent, `${T2}&status=closed`), ['B']);
  });

  test('solved by a line, current line', async () => {
    assert.deepEqual(await letters(agent, `${T2}&solvedLine=1`), ['A']);
    assert.deepEqual(await letters(agent, `${T2}&solvedLine=2`), ['B']);
    assert.deepEqual(await letters(agent, `${T2}&solvedLine=3`), ['G']);
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-01-01&receivedTo=2026-12-31&line=2'), ['B']);
  });

  test('SLA met and missed as the follow-up counts them; no deadline is neither', async () => {
    assert.deepEqual(await letters(agent, `${T2}&sla=met`), ['A']);
    assert.deepEqual(await letters(agent, `${T2}&sla=missed`), ['B']);
    assert.deepEqual(await letters(agent, 'sla=met'), ['A', 'C'], 'an unsolved ticket is neither');
  });

  test('intefunktion, category (or none), channel, municipality', async () => {
    assert.deepEqual(await letters(agent, `${T2}&intefunktion=true`), ['B']);
    assert.deepEqual(await letters(agent, `${T2}&intefunktion=true&sla=missed`), ['B']);
    assert.deepEqual(await letters(agent, `${T2}&intefunktion=false`), ['A', 'G']);
    const year = 'receivedFrom=2026-01-01&receivedTo=2026-12-31';
    assert.deepEqual(await letters(agent, `${year}&category=none`), ['C']);
    assert.deepEqual(await letters(agent, `${year}&category=${cat('intefunktion')}`), ['B']);
    assert.deepEqual(await letters(agent, `${year}&category=${cat('fraga')}`), ['A', 'D', 'E', 'F', 'G']);
    assert.deepEqual(await letters(agent, `${year}&channel=phone`), ['B']);
    assert.deepEqual(await letters(agent, `${year}&channel=email`), ['C']);
    assert.deepEqual(await letters(agent, `${year}&channel=agent`), ['D']);
    assert.deepEqual(await letters(agent, `${year}&municipality=${ctx.municipalities.ulricehamn}`), ['C']);
    assert.deepEqual(await letters(agent, `${year}&municipality=${ctx.municipalities.tranemo}&deskId=${it.id}`), ['A', 'B', 'D', 'E', 'F', 'G']);
  });

  test('received on the summer-time change days, and on-call tickets', async () => {
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-10-25&receivedTo=2026-10-25'), ['E']);
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-10-26&receivedTo=2026-10-26'), ['F']);
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-03-29&receivedTo=2026-03-29'), ['D']);
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-03-28&receivedTo=2026-03-28'), []);
    assert.deepEqual(await letters(agent, 'receivedFrom=2026-01-01&receivedTo=2026-12-31&onCall=true'), ['D']);
    assert.deepEqual(await letters(agent, 'onCall=true'), ['D']);
  });

  test('every filter of a follow-up link together (the first-line share of Tranemo in T2)', async () => {
    const link = `deskId=${it.id}&municipality=${ctx.municipalities.tranemo}&${T2}&solvedLine=1`;
    assert.deepEqual(await letters(agent, link), ['A']);
  });
});

describe('R-10: the reader’s scope decides, whatever the filters say', () => {
  test('an agent of one municipality sees only its tickets, and nothing when asking for the other', async () => {
    const all = 'solvedFrom=2026-01-01&solvedTo=2026-12-31';
    assert.deepEqual(await letters(agentU, all), ['C']);
    assert.deepEqual(await letters(agentU, `${all}&municipality=${ctx.municipalities.tranemo}`), []);
    assert.deepEqual(await letters(managerU, all), ['C']);
    assert.deepEqual(await letters(managerU, `${all}&municipality=${ctx.municipalities.tranemo}`), []);
  });

  test('a requester sees only their own tickets through the filters', async () => {
    assert.deepEqual(await letters(tove, T2), ['A', 'B']);
    assert.deepEqual(await letters(tina, T2), ['G']);
    assert.deepEqual(await letters(ulf, `${T2}&municipality=${ctx.municipalities.tranemo}`), []);
  });
});

describe('R-10: keyset paging through the filtered rows', () => {
  for (const sort of ['newest', 'oldest', 'due', 'urgent']) {
    test(`one ticket a page, sorted ${sort}: every ticket once`, async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res: { status: number; body: Page } = await agent.json<Page>(
          'GET',
          `/api/v1/tickets?receivedFrom=2026-01-01&receivedTo=2026-12-31&channel=portal&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        seen.push(...res.body.items.map((r) => letter.get(r.id) ?? '?'));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      assert.deepEqual([...seen].sort(), ['A', 'E', 'F', 'G']);
      assert.equal(new Set(seen).size, seen.length, 'no ticket twice');
    });
  }
});

describe('R-10: bad filters answer 400 naming the field by its Swedish label', () => {
  const cases: [query: string, field: string, label: string][] = [
    ['solvedFrom=2026-08-31&solvedTo=2026-05-01', 'query.solvedTo', 'Löst till och med'],
    ['receivedFrom=2026-03-30&receivedTo=2026-03-29', 'query.receivedTo', 'Inkom till och med'],
    ['solvedFrom=2026-02-30', 'query.solvedFrom', 'Löst från och med'],
    ['receivedTo=31-08-2026', 'query.receivedTo', 'Inkom till och med'],
    ['solvedLine=4', 'query.solvedLine', 'Löst av linje'],
    ['sla=late', 'query.sla', 'Tidsgräns'],
    ['category=fraga', 'query.category', 'Kategori'],
    ['channel=fax', 'query.channel', 'Kanal'],
    ['municipality=tranemo', 'query.municipality', 'Kommun'],
    ['onCall=ja', 'query.onCall', 'Beredskap'],
    ['intefunktion=1', 'query.intefunktion', 'Intefunktion'],
  ];
  for (const [query, field, label] of cases) {
    test(query, async () => {
      const res = await agent.json<Problem>('GET', `/api/v1/tickets?${query}`);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(res.body.code, 'validation');
      const problem = res.body.errors.find((e) => e.field === field);
      assert.ok(problem, JSON.stringify(res.body.errors));
      assert.equal(problem.label, label);
      assert.ok(problem.reasonSv.length > 0);
    });
  }

  test('both reversed ranges are named at once', async () => {
    const res = await agent.json<Problem>('GET', '/api/v1/tickets?solvedFrom=2026-08-31&solvedTo=2026-05-01&receivedFrom=2026-02-02&receivedTo=2026-02-01');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e) => e.field).sort(), ['query.receivedTo', 'query.solvedTo']);
  });
});
