import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/org/seed.ts';
import { TestClient, testContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext({ demo: true });
});
after(async () => {
  await ctx.close();
});

test('npm run demo: every demo account signs in with the demo password and sees its own municipality', async () => {
  const expectations: [string, 'both' | 'tranemo' | 'ulricehamn'][] = [
    ['agent1', 'both'], ['agent2', 'both'], ['vstod', 'both'], ['infra', 'both'], ['strateg', 'both'], ['itchef', 'both'], ['itadmin', 'both'],
    ['admin.tranemo', 'tranemo'], ['chef.tranemo', 'tranemo'], ['ekonom.tranemo', 'tranemo'], ['anstalld.tranemo', 'tranemo'],
    ['admin.ulricehamn', 'ulricehamn'], ['chef.ulricehamn', 'ulricehamn'], ['ekonom.ulricehamn', 'ulricehamn'], ['anstalld.ulricehamn', 'ulricehamn'],
  ];
  for (const [username, scope] of expectations) {
    const c = new TestClient(ctx.app);
    assert.equal((await c.login(username, DEMO_PASSWORD)).status, 200, username);
    const ms = await c.json<{ items: { code: string }[] }>('GET', '/api/v1/municipalities');
    assert.deepEqual(ms.body.items.map((m) => m.code).sort(), scope === 'both' ? ['tranemo', 'ulricehamn'] : [scope], username);
  }
});

test('demo people live in every enhet of both municipalities; seeding twice adds nothing', async () => {
  const c = new TestClient(ctx.app);
  await c.login('itadmin', DEMO_PASSWORD);
  const people = await c.json<{ items: { municipalityId: string }[] }>('GET', '/api/v1/people?limit=200');
  assert.ok(people.body.items.some((p) => p.municipalityId === ctx.municipalities.tranemo));
  assert.ok(people.body.items.some((p) => p.municipalityId === ctx.municipalities.ulricehamn));
  const { seedDemo } = await import('../../src/org/seed.ts');
  assert.equal((await seedDemo(ctx.database.db)).seeded, false);
});
