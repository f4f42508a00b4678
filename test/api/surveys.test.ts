import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { considerSurvey } from '../../src/surveys/service.ts';
import { surveyToken } from '../../src/surveys/token.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { now } from '../../src/platform/clock.ts';

type Ticket = { id: string; number: string; subject: string; municipalityId: string; requester: { userId: string | null; email: string | null } };
type Problem = { code: string; message_sv: string; message_en: string; errors: { field: string; reasonSv: string }[] };
type PublicSurvey = {
  ticketNumber: string;
  subject: string;
  expiresAt: string;
  scale: { min: number; max: number };
  questions: { code: string; text: string }[];
};
type Item = {
  id: string;
  ticketNumber: string;
  municipalityId: string;
  teamName: string | null;
  line: number;
  answeredAt: string | null;
  answers: Record<string, number> | null;
  comment: string | null;
};
type Summary = {
  sent: number;
  pending: number;
  notSent: number;
  answered: number;
  answerRate: number | null;
  questions: { code: string; text: string; mean: number | null; answers: number }[];
};

const DAY = 86_400_000;
const SAMPLE = () => 0.01;
const SKIP = () => 0.99;

let ctx: TestContext;
let tove: TestClient;
let ulf: TestClient;
let anonymous: TestClient;
let categoryId: string;
let seq = 0;

async function ticketOf(client: TestClient): Promise<Ticket> {
  const res = await client.json<Ticket>('POST', '/api/v1/tickets', { categoryId, subject: `Skrivaren krånglar ${++seq}`, description: 'Den skriver inte ut.' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const closed = (t: Ticket) => ({ id: t.id, municipalityId: t.municipalityId, requesterUserId: t.requester.userId, requesterEmail: t.requester.email });

/** A sampled survey for a new ticket of `client`, closed at `at`, and its link token. */
async function surveyed(client: TestClient, at = now()): Promise<{ ticket: Ticket; token: string; surveyId: string }> {
  const ticket = await ticketOf(client);
  // A requester of their own (by e-mail) each time, so the per-person limit does not interfere.
  const s = await considerSurvey(ctx.database.db, { ...closed(ticket), requesterUserId: null, requesterEmail: `svar${seq}@example.se` }, at, {
    random01: SAMPLE,
  });
  assert.ok(s, 'sampled');
  return { ticket, token: surveyToken(ctx.deps.secret, s.surveyId, s.expiresAt.getTime()), surveyId: s.surveyId };
}

before(async () => {
  ctx = await testContext();
  tove = await ctx.userClient({ username: 'tove', roles: ['end_user'], municipality: 'tranemo' });
  ulf = await ctx.userClient({ username: 'ulf', roles: ['end_user'], municipality: 'ulricehamn' });
  anonymous = new TestClient(ctx.app);
  const desks = await tove.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
  categoryId = desks.body.items.find((d) => d.isIt)?.categories.find((c) => c.code === 'fraga')?.id ?? '';
  assert.ok(categoryId);
});
after(async () => {
  await ctx.close();
});

describe('R-3.7 sampling at closing (considerSurvey)', () => {
  test('drawn → a survey valid for the mission’s 30 days; not drawn → none; one per ticket', async () => {
    const now = new Date('2023-03-01T09:00:00Z');
    const t = await ticketOf(tove);
    assert.equal(await considerSurvey(ctx.database.db, closed(t), now, { random01: SKIP }), null, 'not drawn');
    const s = await considerSurvey(ctx.database.db, closed(t), now, { random01: SAMPLE });
    assert.ok(s);
    assert.equal(s.expiresAt.getTime(), now.getTime() + 30 * DAY);
    assert.equal(
      await considerSurvey(ctx.database.db, closed(t), new Date(now.getTime() + 60 * DAY), { random01: SAMPLE }),
      null,
      'a reopened and closed ticket is not surveyed again',
    );
  });

  test('issue 5: a person is not surveyed again within 30 days (by account or by e-mail), and is after', async () => {
    const base = new Date('2022-01-10T09:00:00Z');
    const first = await ticketOf(ulf);
    assert.ok(await considerSurvey(ctx.database.db, closed(first), base, { random01: SAMPLE }));
    const second = await ticketOf(ulf);
    assert.equal(await considerSurvey(ctx.database.db, closed(second), new Date(base.getTime() + 29 * DAY), { random01: SAMPLE }), null, 'within the limit');
    // The same person known only by e-mail (e.g. a phone call) is the same person for the limit.
    const byMail = { ...closed(second), requesterUserId: null, requesterEmail: 'ULF@example.se' };
    assert.equal(await considerSurvey(ctx.database.db, byMail, new Date(base.getTime() + 29 * DAY), { random01: SAMPLE }), null, 'within the limit by e-mail');
    assert.ok(await considerSurvey(ctx.database.db, closed(second), new Date(base.getTime() + 31 * DAY), { random01: SAMPLE }), 'after the limit');
  });

  test('inside the closing transaction; nobody to ask → no survey', async () => {
    const t = await ticketOf(tove);
    const none = await ctx.database.db.transaction((tx) =>
      considerSurvey(tx, { ...closed(t), requesterUserId: null, requesterEmail: null }, new Date('2021-01-01T10:00:00Z'), { random01: SAMPLE }),
    );
    assert.equal(none, null);
    const s = await ctx.database.db.transaction((tx) =>
      considerSurvey(tx, { ...closed(t), requesterUserId: null, requesterEmail: 'tx@example.se' }, new Date('2021-01-01T10:00:00Z'), { random01: SAMPLE }),
    );
    assert.ok(s);
  });

  test('without an injected random the draw comes from crypto and takes about a quarter', async () => {
    // 40 closings of different e-mail requesters: P(0 or 40 sampled) is negligible, so this only checks both outcomes occur.
    const outcomes = new Set<boolean>();
    for (let i = 0; i < 40; i++) {
      const t = await ticketOf(tove);
      const s = await considerSurvey(
        ctx.database.db,
        { ...closed(t), requesterUserId: null, requesterEmail: `person${i}@tranemo.se` },
        new Date('2020-06-01T10:00:00Z'),
      );
      outcomes.add(s !== null);
    }
    assert.deepEqual([...outcomes].sort(), [false, true]);
  });
});

describe('issue 5: the public survey link (no sign-in)', () => {
  test('GET shows the two questions, the scale and the ticket; POST answers once; then 410 / 409', async () => {
    const { ticket, token } = await surveyed(tove);
    const page = await anonymous.json<PublicSurvey>('GET', `/api/v1/public/surveys/${token}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.ticketNumber, ticket.number);
    assert.equal(page.body.subject, ticket.subject);
    assert.deepEqual(page.body.scale, { min: 1, max: 5 });
    assert.deepEqual(
      page.body.questions.map((q) => q.text),
      ['Anser du att IT löste ditt ärende/problem tillfredsställande?', 'Hur upplevde du IT-personalens bemötande i samband med ditt ärende?'],
    );

    const answered = await anonymous.json<{ answeredAt: string }>('POST', `/api/v1/public/surveys/${token}`, {
      answers: { losning: 4, bemotande: 5 },
      comment: '  Snabb hjälp, tack!  ',
    });
    assert.equal(answered.status, 201, JSON.stringify(answered.body));
    assert.equal(anonymous.cookie, '', 'no session is started');

    const again = await anonymous.json<Problem>('POST', `/api/v1/public/surveys/${token}`, { answers: { losning: 1, bemotande: 1 } });
    assert.equal(again.status, 409);
    assert.equal(again.body.errors[0]?.field, 'token');
    const gone = await anonymous.json<Problem>('GET', `/api/v1/public/surveys/${token}`);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.code, 'survey_answered');
    assert.ok(gone.body.message_sv && gone.body.message_en);

    const it = await ctx.userClient({ username: 'itchef', roles: ['it_management'], municipality: null });
    const list = await it.json<{ items: Item[] }>('GET', '/api/v1/surveys');
    const mine = list.body.items.find((i) => i.ticketNumber === ticket.number);
    assert.ok(mine);
    assert.deepEqual(mine.answers, { losning: 4, bemotande: 5 });
    assert.equal(mine.comment, 'Snabb hjälp, tack!');
    assert.equal(mine.line, 1);
    assert.ok(mine.teamName);
  });

  test('bad values → 400 naming the field, in Swedish and English; nothing is stored', async () => {
    const { token } = await surveyed(tove);
    const cases: [unknown, string][] = [
      [{ answers: { losning: 6, bemotande: 3 } }, 'answers.losning'],
      [{ answers: { losning: 3 } }, 'answers.bemotande'],
      [{ answers: { losning: 3, bemotande: 2.5 } }, 'answers.bemotande'],
      [{ answers: { losning: 3, bemotande: 2, annat: 1 } }, 'answers.annat'],
      [{ answers: { losning: 3, bemotande: 2 }, comment: 'x'.repeat(2001) }, 'comment'],
      [{ answers: { losning: 3, bemotande: 2 }, ticketId: 'x' }, 'ticketId'],
    ];
    for (const [body, field] of cases) {
      const res = await anonymous.json<Problem>('POST', `/api/v1/public/surveys/${token}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(
        res.body.errors.some((e) => e.field === field),
        `${field}: ${JSON.stringify(res.body.errors)}`,
      );
      // Issue 16: the message names what to check as the person knows it — never a field code.
      assert.match(res.body.message_sv, /Kontrollera: /);
      assert.match(res.body.message_en, /Check: /);
      assert.doesNotMatch(`${res.body.message_sv} ${res.body.message_en}`, /answers\.|losning|bemotande|ticketId/);
    }
    const still = await anonymous.json('GET', `/api/v1/public/surveys/${token}`);
    assert.equal(still.status, 200, 'still open after refused answers');
  });

  test('an expired link → 410 for reading and answering', async () => {
    const { token } = await surveyed(tove, new Date(now().getTime() - 31 * DAY));
    const read = await anonymous.json<Problem>('GET', `/api/v1/public/surveys/${token}`);
    assert.equal(read.status, 410);
    assert.equal(read.body.code, 'survey_expired');
    const post = await anonymous.json<Problem>('POST', `/api/v1/public/surveys/${token}`, { answers: { losning: 3, bemotande: 3 } });
    assert.equal(post.status, 410);
  });

  test('a bad signature, a forged expiry or a malformed token → 404', async () => {
    const { token, surveyId } = await surveyed(tove);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    const forged = surveyToken('not-the-secret', surveyId, now().getTime() + 365 * DAY);
    for (const bad of [tampered, forged, 'nonsense', `${surveyId}.1.x`]) {
      const get = await anonymous.json<Problem>('GET', `/api/v1/public/surveys/${encodeURIComponent(bad)}`);
      assert.equal(get.status, 404, bad);
      const post = await anonymous.json<Problem>('POST', `/api/v1/public/surveys/${encodeURIComponent(bad)}`, { answers: { losning: 3, bemotande: 3 } });
      assert.equal(post.status, 404, bad);
    }
    // A valid signature for a survey that does not exist is also 404.
    const ghost = surveyToken(ctx.deps.secret, '00000000-0000-4000-8000-000000000000', now().getTime() + DAY);
    assert.equal((await anonymous.json('GET', `/api/v1/public/surveys/${ghost}`)).status, 404);
  });

  test('a cross-site POST is refused (the token authorises, the origin check still applies)', async () => {
    const { token } = await surveyed(tove);
    const res = await anonymous.request(
      'POST',
      `/api/v1/public/surveys/${token}`,
      { answers: { losning: 3, bemotande: 3 } },
      { origin: 'https://evil.example' },
    );
    assert.equal(res.status, 403);
    assert.equal((await anonymous.json('GET', `/api/v1/public/surveys/${token}`)).status, 200, 'not answered');
  });

  test('a signed-in user answers through the same link (with the session’s CSRF token)', async () => {
    const { token } = await surveyed(tove);
    const res = await tove.json('POST', `/api/v1/public/surveys/${token}`, { answers: { losning: 2, bemotande: 3 } });
    assert.equal(res.status, 201);
  });
});

describe('issue 5: answers are visible only inside IT, within the municipality scope', () => {
  test('roles: end users, unit managers and department-desk agents get 403; IT agents, IT management and admins read', async () => {
    for (const [username, roles, team] of [
      ['eu', ['end_user'], undefined],
      ['chef', ['unit_manager'], undefined],
      ['deptagent', ['agent'], undefined],
    ] as const) {
      const c = await ctx.userClient({ username, roles: [...roles], municipality: 'tranemo', ...(team ? { team } : {}) });
      assert.equal((await c.json('GET', '/api/v1/surveys')).status, 403, username);
      assert.equal((await c.json('GET', '/api/v1/surveys/summary')).status, 403, username);
    }
    assert.equal((await anonymous.json('GET', '/api/v1/surveys')).status, 401);
    const itAgent = await ctx.userClient({ username: 'itagent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
    assert.equal((await itAgent.json('GET', '/api/v1/surveys')).status, 200);
    const admin = await ctx.userClient({ username: 'adm', roles: ['admin'], municipality: null });
    assert.equal((await admin.json('GET', '/api/v1/surveys?status=all')).status, 200);
  });

  test('a Ulricehamn IT manager sees Ulricehamn answers only; asking for Tranemo is 404', async () => {
    const t = await surveyed(tove);
    const u = await surveyed(ulf, now());
    for (const token of [t.token, u.token]) {
      assert.equal((await anonymous.json('POST', `/api/v1/public/surveys/${token}`, { answers: { losning: 5, bemotande: 5 } })).status, 201);
    }
    const uManager = await ctx.userClient({ username: 'uchef', roles: ['it_management'], municipality: 'ulricehamn' });
    const list = await uManager.json<{ items: Item[] }>('GET', '/api/v1/surveys?status=all');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((i) => i.ticketNumber === u.ticket.number));
    assert.ok(
      list.body.items.every((i) => i.municipalityId === ctx.municipalities.ulricehamn),
      'no Tranemo rows',
    );
    assert.equal((await uManager.json('GET', `/api/v1/surveys?municipality=${ctx.municipalities.tranemo}`)).status, 404);
    assert.equal((await uManager.json('GET', `/api/v1/surveys/summary?municipality=${ctx.municipalities.tranemo}`)).status, 404);
  });

  test('summary: sent, answered, rate, mean per question over a period', async () => {
    const day = new Date('2019-05-15T10:00:00Z');
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await ticketOf(tove);
      const s = await considerSurvey(ctx.database.db, { ...closed(t), requesterUserId: null, requesterEmail: `summary${i}@tranemo.se` }, day, {
        random01: SAMPLE,
      });
      assert.ok(s);
      tokens.push(surveyToken(ctx.deps.secret, s.surveyId, now().getTime() + DAY));
    }
    // Issue 16: only mails that left count as sent. Three left, one was never queued (a survey drawn
    // before unreachable requesters were left out) and does not count.
    await ctx.database.query(
      `update mail_outbox set sent_at = now() where kind = 'survey' and to_address in ('summary0@tranemo.se', 'summary1@tranemo.se', 'summary2@tranemo.se')`,
    );
    await ctx.database.query(`delete from mail_outbox where kind = 'survey' and to_address = 'summary3@tranemo.se'`);
    // The links sent in 2019 are long expired; their rows are answered here directly.
    await ctx.database.query(
      `update surveys set answered_at = sampled_at + interval '1 day', answers = '{"losning": 4, "bemotande": 5}' where requester_email in ('summary0@tranemo.se')`,
    );
    await ctx.database.query(
      `update surveys set answered_at = sampled_at + interval '1 day', answers = '{"losning": 1, "bemotande": 2}' where requester_email in ('summary1@tranemo.se')`,
    );
    const it = await ctx.userClient({ username: 'itchef', roles: ['it_management'], municipality: null });
    const s = await it.json<Summary>('GET', '/api/v1/surveys/summary?from=2019-05-01&to=2019-05-31');
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.deepEqual([s.body.sent, s.body.pending, s.body.notSent], [3, 0, 1]);
    assert.equal(s.body.answered, 2);
    assert.equal(s.body.answerRate, 0.667, 'answered of those really sent');
    assert.deepEqual(
      s.body.questions.map((q) => [q.code, q.mean, q.answers]),
      [
        ['losning', 2.5, 2],
        ['bemotande', 3.5, 2],
      ],
    );
    const empty = await it.json<Summary>('GET', '/api/v1/surveys/summary?from=2019-06-01&to=2019-06-30');
    assert.deepEqual([empty.body.sent, empty.body.answerRate], [0, null]);
    assert.equal(empty.body.questions.length, 2, 'the questions are named even without answers');
    assert.equal((await it.json<Problem>('GET', '/api/v1/surveys/summary?from=2019-13-01')).status, 400);
  });
});

describe('issue 16: surveys only for requesters they can reach', () => {
  test('no address on the ticket or the account: not drawn, nothing counted', async () => {
    const who = await ctx.userClient({ username: 'utanpost', roles: ['end_user'], municipality: 'tranemo' });
    const t = await ticketOf(who);
    await ctx.database.query(`update users set email = null where username = 'utanpost'`);
    const before = await ctx.database.query<{ n: number }>(`select count(*)::int as n from surveys`);
    assert.equal(await considerSurvey(ctx.database.db, { ...closed(t), requesterEmail: null }, new Date('2020-03-02T10:00:00Z'), { random01: SAMPLE }), null);
    const after = await ctx.database.query<{ n: number }>(`select count(*)::int as n from surveys`);
    assert.equal(after[0]?.n, before[0]?.n, 'no survey row that could never arrive');
  });

  test('no address on the ticket but on the account: the survey goes to the account’s address', async () => {
    const who = await ctx.userClient({ username: 'medkonto', roles: ['end_user'], municipality: 'tranemo' });
    const t = await ticketOf(who);
    const s = await considerSurvey(ctx.database.db, { ...closed(t), requesterEmail: null }, new Date('2020-03-03T10:00:00Z'), { random01: SAMPLE });
    assert.ok(s);
    assert.equal(s.to, 'medkonto@example.se');
    const mail = await ctx.database.query<{ to_address: string }>(`select to_address from mail_outbox where kind = 'survey' and params->>'surveyId' = $1`, [
      s.surveyId,
    ]);
    assert.deepEqual(
      mail.map((r) => r.to_address),
      ['medkonto@example.se'],
      'the survey drawn is the survey queued',
    );
  });
});
