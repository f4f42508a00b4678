import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as store from '../../src/followup/store.ts';
import { testContext, type TestContext } from '../support/app.ts';
import { TEST_NOW } from '../support/clock.ts';

/**
 * Issue 21 (in progress): the follow-up's aggregate statements run on both databases over the demo,
 * and their counts agree with the tickets read one by one through the query builder.
 */
describe('follow-up counts over the demo', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await testContext({ demo: true });
  });
  after(() => ctx.close());

  test('every aggregate runs, and the solved and received counts match the tickets', async () => {
    const db = ctx.database.db;
    const desk = await ctx.database.query<{ id: string }>(`select id from desks where is_it limit 1`);
    const deskId = desk[0]?.id ?? null;
    assert.ok(deskId);
    const scope = { municipalityIds: [ctx.municipalities.tranemo, ctx.municipalities.ulricehamn], deskId };
    const span = { start: new Date(TEST_NOW.getTime() - 400 * 86_400_000), end: new Date(TEST_NOW.getTime() + 86_400_000) };
    const tickets = await ctx.database.query<{ solved_at: Date | string | null; received_at: Date | string; desk_id: string }>(
      `select solved_at, received_at, desk_id from tickets`,
    );
    const inSpan = (d: Date | string | null) => d !== null && new Date(d) >= span.start && new Date(d) < span.end;
    const solved = await store.solvedCounts(db, scope, [span]);
    assert.equal(
      solved.reduce((s, r) => s + r.n, 0),
      tickets.filter((t) => t.desk_id === deskId && inSpan(t.solved_at)).length,
    );
    const received = await store.receivedCounts(db, scope, span);
    const expectedReceived = tickets.filter((t) => t.desk_id === deskId && inSpan(t.received_at)).length;
    assert.ok(expectedReceived > 0, 'the demo has tickets received in the span');
    assert.equal(
      received.reduce((s, r) => s + r.n, 0),
      expectedReceived,
    );
    // The rest run and answer in their shapes.
    assert.ok(Array.isArray(await store.breachCounts(db, scope, span)));
    assert.ok(Array.isArray(await store.intefunktionMisses(db, scope, span, 'Europe/Stockholm')));
    const onCall = await store.onCallFigures(db, scope, span);
    assert.ok(onCall.minutes >= 0 && onCall.billedOre >= 0);
    const surveys = await store.surveyFigures(db, scope.municipalityIds, span, 'Europe/Stockholm');
    assert.ok(surveys.answered <= surveys.sent);
    assert.ok((await store.deliveredOrderLines(db, scope.municipalityIds, '2000-01-01', '2100-12-31')) >= 0);
    const assets = await store.assetFigures(db, scope.municipalityIds, '2100-12-31');
    assert.ok(assets.dueForRenewal <= assets.inUse);
    assert.ok(Array.isArray(await store.invoiced(db, scope.municipalityIds, [{ from: '2000-01', to: '2100-12' }])));
  });
});
