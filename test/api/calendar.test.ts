import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MISSION_2023 } from '../../src/mission/default-2023.ts';
import { saveMission } from '../../src/mission/service.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';

/** Issue 3: the public calendar endpoints, mounted at /api/v1 by src/app/http.ts. */

type Problem = { code: string; errors: { field: string; reason: string }[] };
type ClosedDays = {
  year: number;
  municipality: string | null;
  workingDays: number;
  openingMinutes: number;
  openingHours: Record<string, { open: string; close: string } | null>;
  items: { date: string; reason: string; costsWorkingDay: boolean }[];
  changedHours: { date: string }[];
};
type Windows = { items: { kind: string; date: string; start: string; end: string; onClosedDay: boolean; closedReason: string | null }[] };

let ctx: TestContext;
let anonymous: TestClient;

const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

before(async () => {
  ctx = await testContext();
  anonymous = new TestClient(ctx.app);
});
after(async () => {
  await ctx.close();
});

describe('GET /api/v1/calendar/deadline (R-2.3)', () => {
  const cases: [string, number, string][] = [
    ['2023-09-12T10:00:00+02:00', 1, '2023-09-13T10:00:00+02:00'], // Tue 10:00 → Wed 10:00
    ['2023-09-14T16:15:00+02:00', 1, '2023-09-15T16:00:00+02:00'], // Thu 16:15 → Fri 16:00
    ['2023-09-15T17:00:00+02:00', 1, '2023-09-19T07:30:00+02:00'], // Fri 17:00 → Tue 07:30
    ['2023-09-14T16:30:00+02:00', 1, '2023-09-18T07:30:00+02:00'], // Thu 16:30 → Mon 07:30
    ['2023-09-14T14:15:00Z', 1, '2023-09-15T16:00:00+02:00'], // UTC input (16:15 local), Stockholm answer
    ['2024-12-23T10:00', 1, '2024-12-27T10:00:00+01:00'], // local time without offset; Christmas
    ['2025-03-28T10:00:00+01:00', 1, '2025-03-31T10:00:00+02:00'], // DST spring
  ];
  for (const [start, workingDays, deadline] of cases) {
    test(`${start} + ${workingDays} → ${deadline}, without signing in`, async () => {
      const res = await anonymous.json<{ deadline: string }>('GET', `/api/v1/calendar/deadline?${q({ start, workingDays })}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { deadline });
    });
  }
  test('a signed-in user gets the same answer', async () => {
    const user = await ctx.userClient({ username: 'cal-user', roles: ['end_user'], municipality: 'tranemo' });
    const res = await user.json<{ deadline: string }>('GET', `/api/v1/calendar/deadline?${q({ start: '2023-09-12T10:00:00+02:00', workingDays: 1 })}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.deadline, '2023-09-13T10:00:00+02:00');
  });
  test('municipality by code or id', async () => {
    for (const municipality of ['tranemo', ctx.municipalities.ulricehamn]) {
      const res = await anonymous.json<{ deadline: string }>(
        'GET',
        `/api/v1/calendar/deadline?${q({ start: '2023-09-12T10:00:00+02:00', workingDays: 1, municipality })}`,
      );
      assert.equal(res.status, 200, municipality);
    }
  });
});

describe('GET /api/v1/calendar/business-minutes', () => {
  test('opening minutes across the spring DST change', async () => {
    const res = await anonymous.json<{ minutes: number }>(
      'GET',
      `/api/v1/calendar/business-minutes?${q({ from: '2025-03-28T15:00:00+01:00', to: '2025-03-31T08:30:00+02:00' })}`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { minutes: 120 });
  });
  test('a whole year 2026: 134,100 minutes', async () => {
    const res = await anonymous.json<{ minutes: number }>(
      'GET',
      `/api/v1/calendar/business-minutes?${q({ from: '2026-01-01T00:00', to: '2027-01-01T00:00' })}`,
    );
    assert.equal(res.body.minutes, 134_100);
  });
});

describe('GET /api/v1/calendar/closed-days and service-windows', () => {
  test('2024: holidays with Swedish reasons, hours and counts', async () => {
    const res = await anonymous.json<ClosedDays>('GET', '/api/v1/calendar/closed-days?year=2024');
    assert.equal(res.status, 200);
    assert.equal(res.body.workingDays, 251);
    assert.equal(res.body.openingHours.friday?.close, '16:00');
    assert.equal(res.body.openingHours.saturday, null);
    const byDate = new Map(res.body.items.map((d) => [d.date, d]));
    assert.equal(byDate.get('2024-06-21')?.reason, 'Midsommarafton');
    assert.equal(byDate.get('2024-12-24')?.reason, 'Julafton');
    assert.equal(byDate.get('2024-03-29')?.reason, 'Långfredagen');
    assert.equal(byDate.get('2024-06-22')?.costsWorkingDay, false);
  });
  test('service windows flag the clashes: 26 Dec 2023, 24 Dec 2024, none in 2025', async () => {
    const clashes = async (year: number) =>
      (await anonymous.json<Windows>('GET', `/api/v1/calendar/service-windows?year=${year}`)).body.items
        .filter((w) => w.onClosedDay)
        .map((w) => `${w.date} ${w.closedReason}`);
    assert.deepEqual(await clashes(2023), ['2023-12-26 Annandag jul']);
    assert.deepEqual(await clashes(2024), ['2024-12-24 Julafton']);
    assert.deepEqual(await clashes(2025), []);
    const res = await anonymous.json<Windows>('GET', '/api/v1/calendar/service-windows?year=2024');
    assert.equal(res.body.items.length, 24);
    assert.deepEqual(res.body.items[0], {
      kind: 'primary',
      date: '2024-01-16',
      weekday: 'tuesday',
      start: '2024-01-16T18:00:00+01:00',
      end: '2024-01-16T22:00:00+01:00',
      onlyWhenNeeded: false,
      onClosedDay: false,
      closedReason: null,
    });
  });
});

describe('bad or missing parameters → 400 problem+json naming the parameter', () => {
  const cases: [string, string][] = [
    ['/api/v1/calendar/deadline?workingDays=1', 'query.start'],
    ['/api/v1/calendar/deadline?start=yesterday&workingDays=1', 'query.start'],
    ['/api/v1/calendar/deadline?start=2023-02-30T10:00%2B01:00&workingDays=1', 'query.start'],
    ['/api/v1/calendar/deadline?start=1999-06-01T10:00%2B02:00&workingDays=1', 'query.start'],
    ['/api/v1/calendar/deadline?start=2023-09-12T10:00%2B02:00', 'query.workingDays'],
    ['/api/v1/calendar/deadline?start=2023-09-12T10:00%2B02:00&workingDays=-1', 'query.workingDays'],
    ['/api/v1/calendar/deadline?start=2023-09-12T10:00%2B02:00&workingDays=1.5', 'query.workingDays'],
    ['/api/v1/calendar/deadline?start=2023-09-12T10:00%2B02:00&workingDays=many', 'query.workingDays'],
    ['/api/v1/calendar/deadline?start=2100-12-01T10:00%2B01:00&workingDays=1000', 'query.workingDays'],
    ['/api/v1/calendar/deadline?start=2023-09-12T10:00%2B02:00&workingDays=1&municipality=atlantis', 'query.municipality'],
    ['/api/v1/calendar/business-minutes?from=2023-09-12T10:00%2B02:00', 'query.to'],
    ['/api/v1/calendar/business-minutes?from=2023-09-12T10:00%2B02:00&to=2023-09-11T10:00%2B02:00', 'query.to'],
    ['/api/v1/calendar/business-minutes?to=2023-09-12T10:00%2B02:00', 'query.from'],
    ['/api/v1/calendar/closed-days', 'query.year'],
    ['/api/v1/calendar/closed-days?year=1999', 'query.year'],
    ['/api/v1/calendar/service-windows?year=2101', 'query.year'],
    ['/api/v1/calendar/service-windows?year=twenty', 'query.year'],
  ];
  for (const [path, field] of cases) {
    test(`${path} → ${field}`, async () => {
      const res = await anonymous.request('GET', path);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = (await res.json()) as Problem;
      assert.equal(body.code, 'validation');
      assert.ok(
        body.errors.some((e) => e.field === field),
        JSON.stringify(body.errors),
      );
    });
  }
});

describe('the calendar follows the stored mission versions', () => {
  test('a 2025 mission with an extra closed day for Tranemo only', async () => {
    await saveMission(ctx.database.db, null, {
      ...MISSION_2023,
      year: 2025,
      title: 'Ramuppdrag it 2025',
      effectiveFrom: '2025-01-01',
      calendar: { ...MISSION_2023.calendar, extraClosedDays: [{ date: '2025-05-30', municipality: 'tranemo', reason: 'Klämdag' }] },
    });
    const deadline = async (municipality?: string) =>
      (
        await anonymous.json<{ deadline: string }>(
          'GET',
          `/api/v1/calendar/deadline?${q({ start: '2025-05-28T10:00', workingDays: 1, ...(municipality ? { municipality } : {}) })}`,
        )
      ).body.deadline;
    assert.equal(await deadline('tranemo'), '2025-06-02T10:00:00+02:00');
    assert.equal(await deadline('ulricehamn'), '2025-05-30T10:00:00+02:00');
    assert.equal(await deadline(), '2025-05-30T10:00:00+02:00');
    const closed = await anonymous.json<ClosedDays>('GET', '/api/v1/calendar/closed-days?year=2025&municipality=tranemo');
    assert.equal(closed.body.municipality, 'tranemo');
    assert.equal(closed.body.workingDays, 248);
    assert.ok(closed.body.items.some((d) => d.date === '2025-05-30' && d.reason === 'Klämdag'));
  });
});

describe('OpenAPI', () => {
  test('the four endpoints are documented', async () => {
    const doc = await anonymous.json<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    for (const p of ['deadline', 'business-minutes', 'closed-days', 'service-windows']) assert.ok(doc.body.paths[`/api/v1/calendar/${p}`], p);
  });
});

describe('Swedish reasons for calendar parameters', () => {
  test('a bad start, a missing parameter and a year out of range are explained in Swedish', async () => {
    const read = async (path: string) => (await (await ctx.app.request(path)).json()) as { errors: { field: string; reason: string; reasonSv: string }[] };
    const bad = await read('/api/v1/calendar/deadline?start=igår&workingDays=1');
    assert.match(bad.errors[0]?.reasonSv ?? '', /^ska vara en tidpunkt enligt ISO 8601/);
    const missing = await read('/api/v1/calendar/business-minutes?from=2024-03-05T10:00%2B01:00');
    assert.deepEqual(missing.errors[0], { field: 'query.to', label: 'Till', labelEn: 'To', reason: 'required', reasonSv: 'obligatoriskt' });
    const old = await read('/api/v1/calendar/closed-days?year=1999');
    assert.equal(old.errors[0]?.reasonSv, 'ett år från 2000');
  });
});
