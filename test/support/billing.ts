import assert from 'node:assert/strict';
import type { TestClient, TestContext } from './app.ts';

/**
 * Set-up shared by the billing tests (issue 8). An asset's price article and billing periods are
 * written straight into the database: POST /assets takes no article, and the periods are chosen here
 * rather than made by lifecycle events, so each test states exactly what is billed when (a period may
 * name its own unit, a move, and its basis, an early return).
 */
export async function registerBilledAsset(
  ctx: TestContext,
  client: TestClient,
  props: {
    serial: string;
    unitId: string;
    periods: readonly { from: string; to: string | null; basis?: 'active' | 'early_return'; unitId?: string }[];
    articleCode?: string;
  },
): Promise<string> {
  const res = await client.json<{ id: string }>('POST', '/api/v1/assets', {
    unitId: props.unitId,
    deviceType: 'computer',
    serviceCode: 'datorarbetsplats',
    model: 'Lenovo ThinkPad T14',
    serial: props.serial,
    deliveredOn: props.periods[0]?.from ?? '2022-06-01',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await ctx.database.query('update assets set article_code = $1 where id = $2', [props.articleCode ?? 'DATOR-ADM', res.body.id]);
  await ctx.database.query('delete from asset_billing_periods where asset_id = $1', [res.body.id]);
  for (const p of props.periods) {
    await ctx.database.query(
      'insert into asset_billing_periods (asset_id, municipality_id, unit_id, from_on, to_on, basis) select $1, municipality_id, $2, $3, $4, $5 from assets where id = $1',
      [res.body.id, p.unitId ?? props.unitId, p.from, p.to, p.basis ?? 'active'],
    );
  }
  return res.body.id;
}

/** A unit manager: an account whose person belongs to the unit. */
export async function unitManagerOf(
  ctx: TestContext,
  admin: TestClient,
  props: { username: string; firstName: string; unitId: string; municipality: 'tranemo' | 'ulricehamn' },
): Promise<TestClient> {
  const person = await admin.json<{ id: string }>('POST', '/api/v1/people', {
    municipalityId: ctx.municipalities[props.municipality],
    unitId: props.unitId,
    firstName: props.firstName,
    lastName: 'Chef',
    personRole: 'anstalld',
  });
  assert.equal(person.status, 201, JSON.stringify(person.body));
  const client = await ctx.userClient({ username: props.username, roles: ['unit_manager'], municipality: props.municipality });
  const account = (await admin.json<{ items: { id: string; username: string; version: number }[] }>('GET', '/api/v1/users')).body.items.find(
    (u) => u.username === props.username,
  );
  assert.ok(account);
  assert.equal((await admin.json('PATCH', `/api/v1/users/${account.id}`, { version: account.version, personId: person.body.id })).status, 200);
  return client;
}
