import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testContext, type TestClient, type TestContext } from '../support/app.ts';

type Report = { dryRun: boolean; created: number; updated: number; unchanged: number; linked: number };
type Rejected = { code: string; errors: { row: number; field: string; reason: string }[] };

let ctx: TestContext;
let admin: TestClient;
const csv = { 'content-type': 'text/csv; charset=utf-8' };

async function count(table: string): Promise<number> {
  return Number((await ctx.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n);
}

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'imp-admin', roles: ['admin'], municipality: 'ulricehamn' });
});
after(async () => {
  await ctx.close();
});

const post = async (kind: string, body: string, dryRun = false) => {
  const res = await admin.request('POST', `/api/v1/import/${kind}?municipalityId=${ctx.municipalities.ulricehamn}&dryRun=${dryRun}`, body, csv);
  return { status: res.status, body: (await res.json()) as Report & Rejected };
};

describe('CSV import of units', () => {
  const good = [
    'nivå;kod;namn;överordnad;ansvar;verksamhet',
    'förvaltning;SBF;Samhällsbyggnadsförvaltningen;;7000;700',
    'verksamhet;SBF-GATA;Gata och park;SBF;7100;710',
    'enhet;SBF-GATA-DR;Driftenheten;SBF-GATA;7110;710',
  ].join('\n');

  test('dry run counts and writes nothing', async () => {
    const units = await count('units');
    const audit = await count('audit_log');
    const r = await post('units', good, true);
    assert.equal(r.status, 200);
    assert.deepEqual({ ...r.body }, { dryRun: true, created: 3, updated: 0, unchanged: 0, linked: 0, errors: [] });
    assert.equal(await count('units'), units);
    assert.equal(await count('audit_log'), audit);
  });

  test('imports a tree (semicolons, Swedish headers, BOM) with an audit row each; re-import is unchanged', async () => {
    const units = await count('units');
    const r = await post('units', `\uFEFF${good}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.created, 3);
    assert.equal(await count('units'), units + 3);
    const again = await post('units', good.replace('Driftenheten', 'Driftenheten Gata'));
    assert.deepEqual([again.body.created, again.body.updated, again.body.unchanged], [0, 1, 2]);
  });

  test('one bad row: 422 with line, field and reason for every problem, nothing imported', async () => {
    const units = await count('units');
    const bad = [
      'level,code,name,parent_code,ansvar,verksamhet',
      'forvaltning,KUL,Kulturförvaltningen,,8000,800',
      'verksamhet,KUL-BIB,Bibliotek,KUL,81,810', // ansvar too short
      'enhet,KUL-BIB-1,,KUL-BIB,8110,810', // name missing
      'enhet,KUL-X,X,NOPE,8120,810', // unknown parent
      'enhet,KUL-Y,Y,KUL,8130,810', // enhet under a förvaltning
      'kommun,KUL-Z,Z,,8140,810', // bad level
    ].join('\n');
    const r = await post('units', bad);
    assert.equal(r.status, 422);
    assert.equal(r.body.code, 'import_rejected');
    const got = r.body.errors.map((e) => `${e.row}:${e.field}`).sort();
    assert.deepEqual(got, ['3:accountingCodes.ansvar', '4:name', '5:parent', '6:parent', '7:level'].sort());
    assert.equal(await count('units'), units);
  });

  test('unknown columns and empty files are reported', async () => {
    const r = await post('units', 'nivå,kod,namn,färg\n');
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ['file', 'färg']);
    const broken = await post('units', 'nivå,kod,namn\n"förvaltning,A,B\n');
    assert.equal(broken.status, 422);
  });

  test('the body must be CSV', async () => {
    const res = await admin.request('POST', `/api/v1/import/units?municipalityId=${ctx.municipalities.ulricehamn}`, { a: 1 });
    assert.equal(res.status, 415);
  });
});

describe('CSV import of people', () => {
  test('imports people into units by code, matched on e-mail next time', async () => {
    const body = [
      'förnamn,efternamn,e-post,roll,personalkategori,enhet,skyddad',
      'Åsa,Öhman,asa.ohman@ulricehamn.se,anstalld,larare,FFL-GR-ATR,nej',
      'Erik,Ek,erik.ek@ulricehamn.se,anstalld,rektor,FFL-GR-ATR,ja',
      'Elsa,Elev,,elev,,FFL-GR-STB,',
    ].join('\n');
    const r = await post('people', body);
    assert.equal(r.status, 200);
    assert.equal(r.body.created, 3);
    const again = await post('people', body.replace('Erik,Ek', 'Erik,Eklund'));
    assert.equal(again.body.updated, 1);
    assert.equal(again.body.created, 1, 'a person without e-mail cannot be matched and is created again');
    const rows = await ctx.database.query<{ protected_identity: boolean }>("select protected_identity from people where email = 'erik.ek@ulricehamn.se'");
    assert.equal(rows[0]?.protected_identity, true);
  });

  test('rejects unknown role, category, unit, bad e-mail and duplicates, importing nothing', async () => {
    const people = await count('people');
    const body = [
      'förnamn,efternamn,e-post,roll,personalkategori,enhet',
      'A,B,a@ulricehamn.se,pirat,,FFL-GR-ATR',
      'C,D,inte-en-adress,anstalld,,FFL-GR-ATR',
      'E,F,e@ulricehamn.se,anstalld,kapten,FFL-GR-ATR',
      'G,H,g@ulricehamn.se,anstalld,,BUF-GR-LJS', // a Tranemo unit
      'I,J,e@ulricehamn.se,anstalld,,',
      ',K,k@ulricehamn.se,anstalld,,',
    ].join('\n');
    const r = await post('people', body);
    assert.equal(r.status, 422);
    assert.deepEqual(
      r.body.errors.map((e) => `${e.row}:${e.field}`).sort(),
      ['2:personRole', '3:email', '4:staffCategory', '5:unit', '6:email', '7:firstName'].sort(),
    );
    assert.equal(await count('people'), people);
  });

  test('issue 16: a username column links an existing account of the municipality to the person (audited); the manager then reaches the unit', async () => {
    const chef = await ctx.userClient({ username: 'imp.chef', roles: ['unit_manager'], municipality: 'ulricehamn' });
    await ctx.userClient({ username: 'imp.tranemo', roles: ['end_user'], municipality: 'tranemo' });
    const links = await count('audit_log');
    const body = ['förnamn;efternamn;e-post;roll;enhet;användarnamn', 'Maria;Chef;maria.chef@ulricehamn.se;anstalld;FFL-GR-STB;IMP.CHEF'].join('\n');
    const dry = await post('people', body, true);
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual([dry.body.created, dry.body.linked], [1, 1]);
    assert.equal(
      (await ctx.database.query<{ person_id: string | null }>("select person_id from users where username = 'imp.chef'"))[0]?.person_id,
      null,
      'a dry run links nothing',
    );
    const r = await post('people', body);
    assert.deepEqual([r.status, r.body.created, r.body.linked], [200, 1, 1]);
    const [row] = await ctx.database.query<{ person_id: string | null; email: string | null }>(
      "select u.person_id, p.email from users u join people p on p.id = u.person_id where u.username = 'imp.chef'",
    );
    assert.equal(row?.email, 'maria.chef@ulricehamn.se');
    assert.equal(await count('audit_log'), links + 2, 'the person and the link each have their audit row');
    const units = await chef.json<{ items: { code: string; via: string }[] }>('GET', '/api/v1/orders/orderable-units');
    assert.deepEqual(
      units.body.items.map((u) => [u.code, u.via]),
      [['FFL-GR-STB', 'manager']],
    );
    const again = await post('people', body);
    assert.deepEqual([again.body.unchanged, again.body.linked], [1, 0], 'a second run changes nothing');

    const people = await count('people');
    const bad = [
      'förnamn,efternamn,e-post,roll,enhet,användarnamn',
      'A,B,a.b@ulricehamn.se,anstalld,FFL-GR-ATR,finns.inte',
      'C,D,c.d@ulricehamn.se,anstalld,FFL-GR-ATR,imp.tranemo', // the other municipality's account reads as unknown
      'E,F,e.f@ulricehamn.se,anstalld,FFL-GR-ATR,imp.chef',
      'G,H,g.h@ulricehamn.se,anstalld,FFL-GR-ATR,imp.chef',
    ].join('\n');
    const refused = await post('people', bad);
    assert.equal(refused.status, 422);
    assert.deepEqual(
      refused.body.errors.map((e) => `${e.row}:${e.field}`),
      ['2:username', '3:username', '5:username'],
    );
    assert.equal(await count('people'), people, 'nothing imported');
  });
});
