import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Application, ApplicationList, CostComparison, CostModelHeadList, ReviewOverview } from '../../src/agreements/contract.ts';
import { seedDemoAgreements } from '../../src/agreements/demo.ts';
import { COST_HEADINGS } from '../../src/agreements/rules.ts';
import { SKETCH_KINDS } from '../../src/agreements/sketch-rules.ts';
import { DEMO_PASSWORD } from '../../src/org/seed.ts';
import { withClock } from '../../src/platform/clock.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';

/**
 * Issue 18's demo data (`npm run demo`): about ten applications across both municipalities, this
 * year's cost model and next year's (dearer), one review booked, one terminated; checked through the
 * API as the demo's IT strategist and economist, and seeded again without adding anything. The demo is
 * seeded as of fixed days (issue 16): the test process's day, and a Sunday in January, whose year and
 * weekend move every date the demo makes.
 */

const DAYS = [
  { label: 'the test day', at: undefined },
  { label: 'a Sunday in January', at: '2027-01-17T11:00:00+01:00' },
];

const contexts: TestContext[] = [];
before(async () => {
  for (const day of DAYS) contexts.push(await testContext({ demo: true, ...(day.at ? { now: new Date(day.at) } : {}) }));
});
after(async () => {
  for (const ctx of contexts) await ctx.close();
});

async function signedIn(ctx: TestContext, username: string): Promise<TestClient> {
  const client = new TestClient(ctx.app);
  assert.equal((await client.login(username, DEMO_PASSWORD)).status, 200, username);
  return client;
}

DAYS.forEach((day, i) => {
  test(`the demo agreements seeded on ${day.label} are coherent, and seeding twice adds nothing`, async () => {
    const ctx = contexts[i];
    assert.ok(ctx);
    const it = await signedIn(ctx, 'strateg');
    const list = await it.json<ApplicationList>('GET', '/api/v1/applications');
    assert.equal(list.status, 200);
    const heads = list.body.items;
    const year = list.body.year;
    assert.ok(heads.length >= 9 && heads.length <= 12, `about ten applications: ${heads.length}`);
    for (const m of ['tranemo', 'ulricehamn'] as const) {
      assert.ok(heads.filter((h) => h.municipalityId === ctx.municipalities[m]).length >= 4, `several in ${m}`);
    }
    assert.ok(
      heads.some((h) => h.kind === 'cost_description'),
      'a cost description (integration, SaaS)',
    );
    assert.ok(heads.filter((h) => h.status === 'active').length > heads.length / 2, 'most are active');
    const terminated = heads.filter((h) => h.status === 'terminated');
    assert.equal(terminated.length, 1, 'one terminated');
    assert.match(terminated[0]?.terminatedOn ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(terminated[0]?.nextReviewOn, null);

    // Each application in full: shares of exactly 100 % (or users), a cost under this year's model
    // split to the öre, a sketch of 3–6 components, owners.
    const full: Application[] = [];
    for (const head of heads) {
      const res = await it.json<Application>('GET', `/api/v1/applications/${head.id}`);
      assert.equal(res.status, 200, head.name);
      full.push(res.body);
      const a = res.body;
      assert.deepEqual(a.split.problems, [], `${a.name}: the split has no problems`);
      if (a.split.mode === 'share') {
        assert.equal(
          a.split.units.reduce((s, u) => s + (u.shareBp ?? 0), 0),
          10_000,
          `${a.name}: shares sum to 100 %`,
        );
      } else {
        assert.ok(
          a.split.units.every((u) => (u.users ?? 0) > 0),
          `${a.name}: users per unit`,
        );
      }
      assert.ok(a.cost.modelFound && a.cost.totalOre > 0, `${a.name}: costs something in ${year}`);
      assert.equal(
        a.split.units.reduce((s, u) => s + u.amountOre, 0),
        a.cost.totalOre,
        `${a.name}: the units' parts add up to the cost`,
      );
      assert.equal(
        Object.values(a.cost.byHeading).reduce((s, x) => s + x, 0),
        a.cost.totalOre,
      );
      const sketch = a.agreement?.sketch;
      assert.ok(sketch && sketch.components.length >= 3 && sketch.components.length <= 6, `${a.name}: a sketch of 3–6 components`);
      assert.ok(sketch.components.every((c) => (SKETCH_KINDS as readonly string[]).includes(c.kind)));
      assert.ok(sketch.relations.length >= sketch.components.length - 1, `${a.name}: the components are related`);
      assert.ok((a.agreement?.description.length ?? 0) > 40 && (a.agreement?.itResponsibilities.length ?? 0) > 40, a.name);
      assert.ok((a.agreement?.businessResponsibilities.length ?? 0) > 40, a.name);
      assert.ok(a.systemOwner?.personName && a.businessOwner?.role, `${a.name}: owners`);
    }
    assert.ok(
      full.some((a) => a.split.mode === 'per_user'),
      'one split per user',
    );
    assert.ok(
      full.some((a) => a.versions.length >= 2),
      'one agreement revised at a held review',
    );
    const cloud = full.filter((a) => a.cloudMove !== null);
    assert.equal(cloud.length, 1, 'one move to cloud/SaaS under way');
    assert.ok(cloud[0]?.cloudMove?.classification && cloud[0].cloudGate.length > 0, 'partly recorded: the gate still names what is missing');

    // One review booked (the application under review), one overdue.
    const reviews = await it.json<ReviewOverview>('GET', '/api/v1/agreement-reviews');
    assert.equal(reviews.status, 200);
    assert.equal(reviews.body.booked.length, 1, 'one review booked');
    const booked = reviews.body.booked[0];
    const underReview = heads.find((h) => h.id === booked?.applicationId);
    assert.equal(underReview?.status, 'active');
    assert.ok(booked && booked.startsAt > new Date(ctx.deps.clock.now()).toISOString(), 'booked ahead');
    const weekday = new Date(booked.startsAt).toLocaleDateString('en-GB', { timeZone: 'Europe/Stockholm', weekday: 'long' });
    assert.ok(!['Saturday', 'Sunday'].includes(weekday), `booked on a weekday, not ${weekday}`);
    assert.ok(booked.invitees.length > 0);
    assert.ok(
      reviews.body.due.some((h) => h.reviewState === 'overdue'),
      'an overdue review',
    );

    // Last year's model (billing's previous month may fall in it), this year's, and next year's, copied and dearer: every cost rises.
    const economist = await signedIn(ctx, 'ekonom.ulricehamn');
    const models = await economist.json<CostModelHeadList>('GET', '/api/v1/agreement-models');
    assert.deepEqual(
      models.body.items.map((m) => [m.year, m.copiedFromYear, m.driverCount]),
      [
        [year + 1, year, COST_HEADINGS.length],
        [year, null, COST_HEADINGS.length],
        [year - 1, null, COST_HEADINGS.length],
      ],
    );
    const comparison = await it.json<CostComparison>('GET', `/api/v1/agreement-models/${year + 1}/comparison?from=${year}`);
    assert.equal(comparison.status, 200);
    assert.equal(comparison.body.applications.length, heads.length - 1, 'every application but the terminated one');
    assert.ok(comparison.body.applications.every((a) => a.differenceOre > 0));
    assert.ok(comparison.body.total.differenceOre > 0);

    // Seeded again (as of the same day): nothing added.
    assert.equal(await withClock(ctx.deps.clock, () => seedDemoAgreements(ctx.database.db)), 0);
    const again = await it.json<ApplicationList>('GET', '/api/v1/applications');
    assert.equal(again.body.items.length, heads.length);
    const modelsAgain = await economist.json<CostModelHeadList>('GET', '/api/v1/agreement-models');
    assert.equal(modelsAgain.body.items.length, 3);
    assert.equal((await it.json<ReviewOverview>('GET', '/api/v1/agreement-reviews')).body.booked.length, 1);
  });
});
