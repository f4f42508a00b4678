import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { testContext, TestClient, type TestContext } from '../support/app.ts';

type Problem = { code: string; message_sv: string; message_en: string; errors: { field: string; reason: string; reasonSv: string; row?: number }[] };
type Item = {
  id: string;
  articleCode: string;
  serviceCode: string;
  name: string;
  billingModel: string;
  monthlyFee: number | null;
  purchasePrice: number | null;
  validFrom: string;
  validTo: string;
  version: number;
};
type PriceList = { id: string; year: number; title: string; example: boolean; locked: boolean; version: number; items: Item[] };
type Service = {
  id: string;
  code: string;
  billingModel: string;
  supportLevel: string | null;
  supportTasks: { task: string; owner: string }[];
  included: string[];
  renewalMonths: number | null;
  minimumDays: number | null;
  version: number;
};
type Model = {
  id: string;
  year: number;
  category: string;
  manufacturer: string;
  model: string;
  articleCode: string;
  technicalLifeMonths: number;
  version: number;
};
type Report = { dryRun: boolean; created: number; updated: number; removed: number; unchanged: number };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let ctx: TestContext;
let admin: TestClient;
let municipalAdmin: TestClient;
let employee: TestClient;
let anonymous: TestClient;

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'cat-admin', roles: ['admin'], municipality: null });
  municipalAdmin = await ctx.userClient({ username: 'tranemo-admin', roles: ['admin'], municipality: 'tranemo' });
  employee = await ctx.userClient({ username: 'cat-anstalld', roles: ['end_user'], municipality: 'tranemo' });
  anonymous = new TestClient(ctx.app);
});
after(async () => {
  await ctx.close();
});

async function csvOf(client: TestClient, year: number): Promise<string> {
  const res = await client.get(`/api/v1/price-lists/${year}/export?format=csv`);
  assert.equal(res.status, 200);
  return (await res.text()).replace(/^\uFEFF/, '');
}

/** Uploads a file as the administrator (raw bytes: TestClient sends strings and JSON only). */
async function importFile(year: number, body: string | Uint8Array<ArrayBuffer>, type = 'text/csv', dryRun = false) {
  const res = await ctx.app.request(`http://localhost/api/v1/price-lists/${year}/import${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    body,
    headers: { 'content-type': type, cookie: admin.cookie, 'x-csrf-token': admin.csrf },
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Report & Problem, type: res.headers.get('content-type') };
}

async function auditCount(entity: string): Promise<number> {
  const res = await admin.json<{ items: unknown[] }>('GET', `/api/v1/audit?entity=${entity}&limit=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.length;
}

describe('R-4.1 the service catalogue', () => {
  test('every service of R-4.1 is seeded with its billing model; support levels say who owns which task (R-5.3)', async () => {
    const res = await employee.json<{ items: Service[] }>('GET', '/api/v1/catalogue/services');
    assert.equal(res.status, 200);
    const byCode = new Map(res.body.items.map((s) => [s.code, s]));
    const expected: [string, string][] = [
      ['datorarbetsplats', 'monthly_rental'],
      ['lardator', 'monthly_rental'],
      ['elevdator', 'monthly_rental'],
      ['korttidshyra', 'weekly_rental'],
      ['flytt', 'hourly'],
      ['mobiltelefon', 'purchase_plus_monthly_fee'],
      ['surfplatta', 'monthly_rental'],
      ['surfplatta-support', 'hourly'],
      ['skrivare', 'monthly_rental'],
      ['smart-skarm', 'monthly_fee'],
      ['accesspunkt', 'monthly_rental'],
      ['tillbehor', 'one_off'],
      ['overvakningskamera', 'monthly_fee'],
      ['it-beredskap', 'hourly'],
      ['fast-telefoni', 'yearly_fee'],
      ['it-stod', 'yearly_fee'],
      ['applikationer', 'application_fee'],
      ['central-kostnad', 'central_cost'],
    ];
    for (const [code, model] of expected) assert.equal(byCode.get(code)?.billingModel, model, code);
    const teacher = byCode.get('lardator');
    assert.equal(teacher?.supportLevel, 'managed_without_support');
    assert.equal(teacher?.supportTasks.find((t) => t.task === 'reinstall')?.owner, 'business', 'R-5.3: reinstalling a teacher computer is the business’s');
    assert.equal(teacher?.supportTasks.find((t) => t.task === 'printing')?.owner, 'it');
    assert.equal(byCode.get('datorarbetsplats')?.renewalMonths, 48, 'R-4.1: renewal after 48 months, from the mission');
    assert.equal(byCode.get('korttidshyra')?.minimumDays, 7, 'R-4.1: one-week minimum, from the mission');
    assert.ok(byCode.get('mobiltelefon')?.included.some((i) => /MDM/.test(i)));
  });

  test('administrators add and change services; a stale version answers 409; an unknown billing model 400', async () => {
    const created = await admin.json<Service>('POST', '/api/v1/catalogue/services', {
      code: 'videokonferens',
      name: 'Videokonferensrum',
      billingModel: 'monthly_fee',
      included: ['Kamera och högtalare'],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const changed = await admin.json<Service>('PATCH', `/api/v1/catalogue/services/${created.body.id}`, {
      version: created.body.version,
      billingModel: 'monthly_rental',
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.version, created.body.version + 1);
    const stale = await admin.json<Problem>('PATCH', `/api/v1/catalogue/services/${created.body.id}`, { version: created.body.version, name: 'Gammal' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'stale_version');
    const bad = await admin.request('POST', '/api/v1/catalogue/services', { code: 'leasing', name: 'Leasing', billingModel: 'leasing' });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.deepEqual(
      ((await bad.json()) as Problem).errors.map((e) => e.field),
      ['billingModel'],
    );
  });

  test('an end user and a municipality’s own administrator may read but not change the shared catalogue (403)', async () => {
    assert.equal((await employee.json('POST', '/api/v1/catalogue/services', { code: 'x-tjanst', name: 'X-tjänst', billingModel: 'one_off' })).status, 403);
    assert.equal(
      (await municipalAdmin.json('POST', '/api/v1/catalogue/services', { code: 'x-tjanst', name: 'X-tjänst', billingModel: 'one_off' })).status,
      403,
    );
    assert.equal(
      (
        await employee.json('POST', '/api/v1/price-lists/2023/items', {
          articleCode: 'X',
          serviceCode: 'tillbehor',
          name: 'X',
          billingModel: 'one_off',
          purchasePrice: 1,
        })
      ).status,
      403,
    );
    assert.equal((await employee.json('POST', '/api/v1/price-lists/2023/lock', { version: 1, reason: 'faktureras' })).status, 403);
    assert.equal((await municipalAdmin.json('POST', '/api/v1/price-lists/2023/lock', { version: 1, reason: 'faktureras' })).status, 403);
    assert.equal((await employee.request('POST', '/api/v1/price-lists/2023/import', 'article_code\nX', { 'content-type': 'text/csv' })).status, 403);
    assert.equal(
      (
        await employee.json('POST', '/api/v1/model-range', {
          year: 2023,
          category: 'phone',
          manufacturer: 'X',
          model: 'Y',
          articleCode: 'MOBIL-STD',
          technicalLifeMonths: 36,
        })
      ).status,
      403,
    );
    assert.equal((await anonymous.json('GET', '/api/v1/catalogue/services')).status, 401, 'the catalogue needs sign-in');
    assert.equal((await anonymous.json('GET', '/api/v1/price-lists/2023')).status, 401);
  });
});

describe('issue 6: the yearly price list', () => {
  test('the 2023 list is clearly marked as EXAMPLE prices, readable by everyone signed in', async () => {
    const res = await employee.json<PriceList>('GET', '/api/v1/price-lists/2023');
    assert.equal(res.status, 200);
    assert.equal(res.body.example, true);
    assert.match(res.body.title, /EXEMPELPRISER/);
    assert.ok(res.body.items.length >= 18);
    for (const i of res.body.items) assert.ok(Number.isInteger(i.monthlyFee ?? 0) && Number.isInteger(i.purchasePrice ?? 0), 'money is integer öre');
  });

  test('CRUD of an article’s price: money in öre, audited, versioned', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2030, title: 'Prislista 2030' });
    const before = await auditCount('price_list_item');
    const created = await admin.json<Item>('POST', '/api/v1/price-lists/2030/items', {
      articleCode: 'TILLB-MUS',
      serviceCode: 'tillbehor',
      name: 'Mus',
      billingModel: 'one_off',
      purchasePrice: 19_900,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.validFrom, created.body.validTo], ['2030-01-01', '2030-12-31'], 'without dates: the whole year');
    const updated = await admin.json<Item>('PATCH', `/api/v1/price-lists/2030/items/${created.body.id}`, {
      version: created.body.version,
      purchasePrice: 21_900,
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.purchasePrice, 21_900);
    assert.equal(
      (await admin.json('PATCH', `/api/v1/price-lists/2030/items/${created.body.id}`, { version: created.body.version, purchasePrice: 1 })).status,
      409,
      'stale',
    );
    assert.equal(
      (await admin.request('DELETE', `/api/v1/price-lists/2030/items/${created.body.id}?version=${created.body.version}`)).status,
      409,
      'stale delete',
    );
    assert.equal((await admin.request('DELETE', `/api/v1/price-lists/2030/items/${created.body.id}?version=${updated.body.version}`)).status, 204);
    assert.equal((await admin.json<PriceList>('GET', '/api/v1/price-lists/2030')).body.items.length, 0);
    assert.equal(await auditCount('price_list_item'), before + 3, 'create, update and delete each wrote an audit row');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['a negative price', { purchasePrice: -100 }, 'purchasePrice'],
    ['a price that is not whole öre', { purchasePrice: 99.5 }, 'purchasePrice'],
    ['an unknown billing model', { billingModel: 'leasing' }, 'billingModel'],
    ['a component the model does not have', { monthlyFee: 100 }, 'monthlyFee'],
    ['an unknown service', { serviceCode: 'rymdskepp' }, 'serviceCode'],
    ['a validity outside the year', { validFrom: '2029-12-01' }, 'validFrom'],
    ['an unknown field', { id: '00000000-0000-0000-0000-000000000000' }, 'id'],
  ];
  for (const [what, change, field] of bad) {
    test(`400 naming the field for ${what}`, async () => {
      await admin.json('POST', '/api/v1/price-lists', { year: 2031, title: 'Prislista 2031' });
      const res = await admin.request('POST', '/api/v1/price-lists/2031/items', {
        articleCode: 'TILLB-X',
        serviceCode: 'tillbehor',
        name: 'X',
        billingModel: 'one_off',
        purchasePrice: 100,
        ...change,
      });
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const body = (await res.json()) as Problem;
      assert.ok(
        body.errors.some((e) => e.field === field && e.reasonSv.length > 0 && e.reason.length > 0),
        JSON.stringify(body.errors),
      );
    });
  }

  test('overlapping validity of one article is refused; consecutive periods are fine', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2032, title: 'Prislista 2032' });
    const base = { articleCode: 'HEADSET', serviceCode: 'tillbehor', name: 'Headset', billingModel: 'one_off' };
    assert.equal((await admin.json('POST', '/api/v1/price-lists/2032/items', { ...base, purchasePrice: 100, validTo: '2032-06-30' })).status, 201);
    assert.equal((await admin.json('POST', '/api/v1/price-lists/2032/items', { ...base, purchasePrice: 120, validFrom: '2032-07-01' })).status, 201);
    const overlap = await admin.json<Problem>('POST', '/api/v1/price-lists/2032/items', {
      ...base,
      purchasePrice: 130,
      validFrom: '2032-06-30',
      validTo: '2032-07-15',
    });
    assert.equal(overlap.status, 400);
    assert.equal(overlap.body.errors[0]?.field, 'validFrom');
    assert.match(overlap.body.errors[0]?.reasonSv ?? '', /överlappar posten 2032-01-01–2032-06-30/);
  });

  test('copy to next year, diff between the years, then lock: a locked list refuses changes with a clear 409', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2040, title: 'Prislista 2040' });
    const items = [
      { articleCode: 'A-DATOR', serviceCode: 'datorarbetsplats', name: 'Dator', billingModel: 'monthly_rental', monthlyFee: 45_000 },
      { articleCode: 'B-VASKA', serviceCode: 'tillbehor', name: 'Väska', billingModel: 'one_off', purchasePrice: 39_900 },
      { articleCode: 'C-FLYTT', serviceCode: 'flytt', name: 'Flytt', billingModel: 'hourly', hourlyRate: 65_000 },
    ];
    for (const i of items) assert.equal((await admin.json('POST', '/api/v1/price-lists/2040/items', i)).status, 201);
    const copy = await admin.json<PriceList>('POST', '/api/v1/price-lists/2040/copy');
    assert.equal(copy.status, 201, JSON.stringify(copy.body));
    assert.equal(copy.body.year, 2041);
    assert.equal(copy.body.title, 'Prislista 2041');
    assert.deepEqual(
      copy.body.items.map((i) => [i.articleCode, i.validFrom, i.validTo]),
      [
        ['A-DATOR', '2041-01-01', '2041-12-31'],
        ['B-VASKA', '2041-01-01', '2041-12-31'],
        ['C-FLYTT', '2041-01-01', '2041-12-31'],
      ],
    );
    assert.equal((await admin.json('POST', '/api/v1/price-lists/2040/copy')).status, 409, 'next year exists already');
    const same = await employee.json<{ added: unknown[]; removed: unknown[]; changed: unknown[] }>('GET', '/api/v1/price-lists/2041/diff');
    assert.deepEqual([same.body.added, same.body.removed, same.body.changed], [[], [], []], 'a copy differs in nothing');

    const dator = copy.body.items.find((i) => i.articleCode === 'A-DATOR');
    const vaska = copy.body.items.find((i) => i.articleCode === 'B-VASKA');
    const flytt = copy.body.items.find((i) => i.articleCode === 'C-FLYTT');
    assert.ok(dator && vaska && flytt);
    assert.equal((await admin.json('PATCH', `/api/v1/price-lists/2041/items/${dator.id}`, { version: dator.version, monthlyFee: 47_000 })).status, 200);
    assert.equal(
      (
        await admin.json('PATCH', `/api/v1/price-lists/2041/items/${vaska.id}`, {
          version: vaska.version,
          billingModel: 'monthly_fee',
          purchasePrice: null,
          monthlyFee: 500,
        })
      ).status,
      200,
    );
    assert.equal((await admin.request('DELETE', `/api/v1/price-lists/2041/items/${flytt.id}?version=${flytt.version}`)).status, 204);
    assert.equal(
      (
        await admin.json('POST', '/api/v1/price-lists/2041/items', {
          articleCode: 'D-NY',
          serviceCode: 'tillbehor',
          name: 'Ny',
          billingModel: 'one_off',
          purchasePrice: 100,
        })
      ).status,
      201,
    );
    const diff = await employee.json<{
      against: number;
      added: { articleCode: string }[];
      removed: { articleCode: string }[];
      changed: { articleCode: string; changes: string[] }[];
    }>('GET', '/api/v1/price-lists/2041/diff');
    assert.equal(diff.body.against, 2040);
    assert.deepEqual(
      diff.body.added.map((a) => a.articleCode),
      ['D-NY'],
    );
    assert.deepEqual(
      diff.body.removed.map((a) => a.articleCode),
      ['C-FLYTT'],
    );
    assert.deepEqual(
      diff.body.changed.map((c) => [c.articleCode, c.changes]),
      [
        ['A-DATOR', ['price']],
        ['B-VASKA', ['price', 'model']],
      ],
    );

    const list = await admin.json<PriceList>('GET', '/api/v1/price-lists/2040');
    const locked = await admin.json<PriceList>('POST', '/api/v1/price-lists/2040/lock', {
      version: list.body.version,
      reason: 'fakturering har använt listan',
    });
    assert.equal(locked.status, 200);
    assert.equal(locked.body.locked, true);
    const item = list.body.items[0];
    assert.ok(item);
    const refused = await admin.json<Problem & { nextYear: number }>('PATCH', `/api/v1/price-lists/2040/items/${item.id}`, {
      version: item.version,
      name: 'Ändrad',
    });
    assert.equal(refused.status, 409);
    assert.match(refused.body.message_sv, /Prislistan för 2040 är låst .*Gör ändringen i prislistan för 2041/);
    assert.match(refused.body.message_en, /locked/);
    assert.equal(refused.body.nextYear, 2041);
    assert.equal(
      (
        await admin.json('POST', '/api/v1/price-lists/2040/items', {
          articleCode: 'E',
          serviceCode: 'tillbehor',
          name: 'E',
          billingModel: 'one_off',
          purchasePrice: 1,
        })
      ).status,
      409,
    );
    assert.equal((await admin.request('DELETE', `/api/v1/price-lists/2040/items/${item.id}?version=${item.version}`)).status, 409);
    assert.equal((await admin.json('PATCH', '/api/v1/price-lists/2040', { version: locked.body.version, title: 'Ny titel' })).status, 409);
    assert.equal((await importFile(2040, await csvOf(admin, 2040))).status, 409, 'an import into a locked list is refused');
    assert.equal((await admin.json('POST', '/api/v1/price-lists/2040/lock', { version: list.body.version, reason: 'igen' })).status, 409, 'stale lock');
    assert.equal((await admin.json('GET', '/api/v1/price-lists/2040')).status, 200, 'a locked list is still read');
  });
});

describe('issue 6: CSV and XLSX import and export', () => {
  test('CSV export → import round trip changes nothing; an edited file updates, creates and removes', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2050, title: 'Prislista 2050' });
    for (const i of [
      { articleCode: 'EX-1', serviceCode: 'tillbehor', name: '=HYPERLINK("http://x")', billingModel: 'one_off', purchasePrice: 100 },
      { articleCode: 'EX-2', serviceCode: 'flytt', name: 'Flytt; "per timme"', billingModel: 'hourly', hourlyRate: 65_000, validTo: '2050-06-30' },
      { articleCode: 'EX-2', serviceCode: 'flytt', name: 'Flytt; "per timme"', billingModel: 'hourly', hourlyRate: 70_000, validFrom: '2050-07-01' },
    ]) {
      assert.equal((await admin.json('POST', '/api/v1/price-lists/2050/items', i)).status, 201);
    }
    const res = await admin.get('/api/v1/price-lists/2050/export?format=csv');
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /prislista-2050\.csv/);
    const csv = (await res.text()).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    assert.equal(
      lines[0],
      'article_code;service_code;name;billing_model;purchase_price_ore;monthly_fee_ore;weekly_fee_ore;hourly_rate_ore;yearly_fee_ore;valid_from;valid_to',
    );
    assert.ok(
      lines.some((l) => l.startsWith(`EX-1;tillbehor;"'=HYPERLINK(""http://x"")";one_off;100;`)),
      `formula neutralised: ${csv}`,
    );
    assert.ok(!/;=/.test(csv), 'no cell starts with =');

    const same = await importFile(2050, csv);
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.deepEqual([same.body.created, same.body.updated, same.body.removed, same.body.unchanged], [0, 0, 0, 3]);
    const names = (await admin.json<PriceList>('GET', '/api/v1/price-lists/2050')).body.items.map((i) => i.name);
    assert.ok(names.includes('=HYPERLINK("http://x")'), 'the text came back as it was');

    const edited = [lines[0], lines[1]?.replace(';100;', ';150;'), 'EX-3;tillbehor;Kabel;one_off;5000;;;;;;'].join('\n');
    const dry = await importFile(2050, edited, 'text/csv', true);
    assert.deepEqual([dry.body.dryRun, dry.body.created, dry.body.updated, dry.body.removed], [true, 1, 1, 2]);
    assert.equal((await admin.json<PriceList>('GET', '/api/v1/price-lists/2050')).body.items.length, 3, 'a dry run writes nothing');
    const done = await importFile(2050, edited);
    assert.deepEqual([done.body.created, done.body.updated, done.body.removed, done.body.unchanged], [1, 1, 2, 0]);
    const after = (await admin.json<PriceList>('GET', '/api/v1/price-lists/2050')).body.items;
    assert.deepEqual(
      after.map((i) => [i.articleCode, i.purchasePrice]),
      [
        ['EX-1', 150],
        ['EX-3', 5000],
      ],
    );
  });

  test('a bad file is refused whole with a row-and-field report in both languages; nothing is half-imported', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2051, title: 'Prislista 2051' });
    const before = await auditCount('price_list_item');
    const file = [
      'artikel;tjänst;benämning;debiteringsmodell;inköpspris_öre;månadsavgift_öre;giltig_från;giltig_till',
      'OK-1;tillbehor;Bra rad;one_off;100;;;',
      'BAD-NEG;tillbehor;Negativ;one_off;-5;;;',
      'BAD-DEC;tillbehor;Decimal;one_off;12,50;;;',
      'BAD-MODEL;tillbehor;Okänd modell;leasing;100;;;',
      'OK-1;tillbehor;Bra rad;one_off;200;;;',
      'OVER;tillbehor;Över;one_off;100;;2051-01-01;2051-06-30',
      'OVER;tillbehor;Över;one_off;100;;2051-06-01;2051-12-31',
    ].join('\n');
    const res = await importFile(2051, file);
    assert.equal(res.status, 422);
    assert.match(res.type ?? '', /application\/problem\+json/);
    assert.equal(res.body.code, 'import_rejected');
    const report = res.body.errors.map((e) => [e.row, e.field]);
    assert.deepEqual(report, [
      [3, 'purchasePrice'],
      [4, 'purchasePrice'],
      [5, 'billingModel'],
      [6, 'articleCode'],
      [8, 'validFrom'],
    ]);
    for (const e of res.body.errors) assert.ok(e.reason.length > 0 && e.reasonSv.length > 0);
    assert.equal((await admin.json<PriceList>('GET', '/api/v1/price-lists/2051')).body.items.length, 0, 'nothing imported');
    assert.equal(await auditCount('price_list_item'), before);

    const unknownColumn = await importFile(2051, 'article_code;pris\nX;1');
    assert.equal(unknownColumn.status, 422);
    assert.deepEqual(
      unknownColumn.body.errors.map((e) => [e.row, e.field]),
      [[1, 'pris']],
    );
    assert.equal((await admin.request('POST', '/api/v1/price-lists/2051/import', '{}', { 'content-type': 'application/json' })).status, 415);
  });

  test('XLSX export → import round trip; formula cells are neutralised on the way out and refused on the way in', async () => {
    await admin.json('POST', '/api/v1/price-lists', { year: 2052, title: 'Prislista 2052' });
    assert.equal(
      (
        await admin.json('POST', '/api/v1/price-lists/2052/items', {
          articleCode: 'X-1',
          serviceCode: 'tillbehor',
          name: '@SUM(1+1)',
          billingModel: 'one_off',
          purchasePrice: 4_900,
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await admin.json('POST', '/api/v1/price-lists/2052/items', {
          articleCode: 'X-2',
          serviceCode: 'datorarbetsplats',
          name: 'Dator',
          billingModel: 'monthly_rental',
          monthlyFee: 45_000,
        })
      ).status,
      201,
    );
    const res = await admin.get('/api/v1/price-lists/2052/export?format=xlsx');
    assert.equal(res.headers.get('content-type'), XLSX);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getRow(2).getCell(3).value, "'@SUM(1+1)", 'the dangerous name got an apostrophe');
    assert.equal(sheet.getRow(3).getCell(6).value, 45_000, 'money is a number of öre');

    const same = await importFile(2052, bytes, XLSX);
    assert.equal(same.status, 200, JSON.stringify(same.body));
    assert.deepEqual([same.body.created, same.body.updated, same.body.removed, same.body.unchanged], [0, 0, 0, 2]);

    sheet.getRow(3).getCell(6).value = { formula: '40000+5000', result: 45_000 };
    const withFormula = new Uint8Array(await wb.xlsx.writeBuffer());
    const refused = await importFile(2052, withFormula, XLSX);
    assert.equal(refused.status, 422);
    assert.deepEqual(
      refused.body.errors.map((e) => [e.row, e.field]),
      [[3, 'monthlyFee']],
    );
  });
});

describe('R-4.2 the model range', () => {
  test('published per municipality as JSON and Atom without signing in', async () => {
    const json = await anonymous.json<{
      municipality: { code: string };
      year: number;
      example: boolean;
      items: { manufacturer: string; model: string; service: { code: string } | null; prices: { monthlyFee: number | null; display: { text: string }[] }[] }[];
    }>('GET', '/api/v1/public/model-range/tranemo?year=2023');
    assert.equal(json.status, 200);
    assert.equal(json.body.example, true);
    const t14 = json.body.items.find((i) => i.model === 'ThinkPad T14 Gen 4');
    assert.equal(t14?.service?.code, 'datorarbetsplats');
    assert.equal(t14?.prices[0]?.monthlyFee, 45_000);
    assert.equal(t14?.prices[0]?.display[0]?.text.replace(/\s/g, ' '), '450,00 kr');
    assert.equal(
      json.body.items.some((i) => i.manufacturer === 'HP'),
      false,
      'Ulricehamn’s own printer is not in Tranemo’s range',
    );
    const ulricehamn = await anonymous.json<{ items: { manufacturer: string }[] }>('GET', '/api/v1/public/model-range/ulricehamn?year=2023');
    assert.equal(
      ulricehamn.body.items.some((i) => i.manufacturer === 'HP'),
      true,
    );

    const atom = await anonymous.get('/api/v1/public/model-range/ulricehamn/atom?year=2023');
    assert.equal(atom.status, 200);
    assert.match(atom.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await atom.text();
    assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(xml, /<title[^>]*>Modellutbud 2023 – Ulricehamns kommun \(EXEMPELPRISER\)<\/title>/);
    assert.match(xml, /HP Color LaserJet/);
    assert.equal((xml.match(/<entry>/g) ?? []).length, ulricehamn.body.items.length);
    assert.equal((await anonymous.json('GET', '/api/v1/public/model-range/stockholm')).status, 404);
    const latest = await anonymous.json<{ year: number }>('GET', '/api/v1/public/model-range/tranemo');
    assert.equal(latest.body.year, 2023, 'without a year: the latest year up to now that has a range');
  });

  test('R-1.4: signed-in lists show a municipality its own and the shared models, not the other’s', async () => {
    const tranemo = await employee.json<{ items: Model[] }>('GET', '/api/v1/model-range?year=2023');
    assert.equal(tranemo.status, 200);
    assert.ok(tranemo.body.items.some((m) => m.manufacturer === 'Lenovo'));
    assert.equal(
      tranemo.body.items.some((m) => m.manufacturer === 'HP'),
      false,
    );
    assert.ok(
      (await admin.json<{ items: Model[] }>('GET', '/api/v1/model-range?year=2023')).body.items.some((m) => m.manufacturer === 'HP'),
      'IT staff see all',
    );
  });

  test('the OpenAPI document describes the catalogue endpoints', async () => {
    const doc = await anonymous.json<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    for (const p of ['/api/v1/catalogue/services', '/api/v1/price-lists/{year}/import', '/api/v1/public/model-range/{municipality}/atom']) {
      assert.ok(p in doc.body.paths, p);
    }
  });

  test('R-4.2: a rented computer below the mission’s four years cannot be added; a phone can', async () => {
    const base = { year: 2023, manufacturer: 'Billig', category: 'computer', articleCode: 'DATOR-ADM' };
    const short = await admin.json<Problem>('POST', '/api/v1/model-range', { ...base, model: 'Kortlivad 1', technicalLifeMonths: 36 });
    assert.equal(short.status, 400);
    assert.equal(short.body.errors[0]?.field, 'technicalLifeMonths');
    assert.match(short.body.errors[0]?.reasonSv ?? '', /minst 48 månader \(4 år\)/);
    const printer = await admin.json('POST', '/api/v1/model-range', {
      ...base,
      category: 'printer',
      articleCode: 'SKRIVARE-MFP',
      model: 'Kortlivad skrivare',
      technicalLifeMonths: 24,
    });
    assert.equal(printer.status, 400);
    const phone = await admin.json('POST', '/api/v1/model-range', {
      ...base,
      category: 'phone',
      articleCode: 'MOBIL-STD',
      model: 'Telefon 2',
      technicalLifeMonths: 24,
    });
    assert.equal(phone.status, 201, 'a purchased phone is not rented');
    const unknownArticle = await admin.json<Problem>('POST', '/api/v1/model-range', {
      ...base,
      model: 'Okänd',
      articleCode: 'FINNS-EJ',
      technicalLifeMonths: 48,
    });
    assert.equal(unknownArticle.status, 400);
    assert.equal(unknownArticle.body.errors[0]?.field, 'articleCode');
  });

  test('models are added, changed (409 when stale) and removed by administrators only, with audit rows', async () => {
    const before = await auditCount('model_range_item');
    const created = await admin.json<Model>('POST', '/api/v1/model-range', {
      year: 2023,
      municipalityId: ctx.municipalities.tranemo,
      category: 'screen',
      manufacturer: 'Dell',
      model: 'P2725H',
      articleCode: 'SKARM-24',
      technicalLifeMonths: 60,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await employee.json('PATCH', `/api/v1/model-range/${created.body.id}`, { version: created.body.version, model: 'X' })).status, 403);
    const changed = await admin.json<Model>('PATCH', `/api/v1/model-range/${created.body.id}`, { version: created.body.version, description: '27 tum' });
    assert.equal(changed.status, 200);
    assert.equal((await admin.json('PATCH', `/api/v1/model-range/${created.body.id}`, { version: created.body.version, description: 'gammal' })).status, 409);
    const shortened = await admin.json('PATCH', `/api/v1/model-range/${created.body.id}`, { version: changed.body.version, technicalLifeMonths: 12 });
    assert.equal(shortened.status, 400, 'R-4.2 holds on change too');
    const listed = await employee.json<{ items: Model[] }>('GET', '/api/v1/model-range?year=2023');
    assert.ok(listed.body.items.some((m) => m.id === created.body.id));
    assert.equal((await admin.request('DELETE', `/api/v1/model-range/${created.body.id}?version=${changed.body.version}`)).status, 204);
    assert.equal(await auditCount('model_range_item'), before + 3);
  });

  test('issue 16: copying a price list copies that year’s model range in the same audited step', async () => {
    assert.equal((await admin.json('POST', '/api/v1/price-lists', { year: 2060, title: 'Prislista 2060' })).status, 201);
    assert.equal(
      (
        await admin.json('POST', '/api/v1/price-lists/2060/items', {
          articleCode: 'PC-2050',
          serviceCode: 'datorarbetsplats',
          name: 'Dator',
          billingModel: 'monthly_rental',
          monthlyFee: 45_000,
        })
      ).status,
      201,
    );
    const shared = await admin.json<Model>('POST', '/api/v1/model-range', {
      year: 2060,
      category: 'computer',
      manufacturer: 'Lenovo',
      model: 'T14 2050',
      articleCode: 'PC-2050',
      technicalLifeMonths: 48,
    });
    const own = await admin.json<Model>('POST', '/api/v1/model-range', {
      year: 2060,
      municipalityId: ctx.municipalities.tranemo,
      category: 'computer',
      manufacturer: 'HP',
      model: 'EliteBook 2050',
      description: 'Tranemos',
      articleCode: 'PC-2050',
      technicalLifeMonths: 48,
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    assert.equal(own.status, 201, JSON.stringify(own.body));
    assert.equal((await admin.json<{ items: Model[] }>('GET', '/api/v1/model-range?year=2061')).body.items.length, 0);

    const copy = await admin.json<PriceList>('POST', '/api/v1/price-lists/2060/copy');
    assert.equal(copy.status, 201, JSON.stringify(copy.body));
    const copied = await admin.json<{ items: (Model & { municipalityId: string | null; description: string })[] }>('GET', '/api/v1/model-range?year=2061');
    assert.deepEqual(
      copied.body.items.map((m) => [m.year, m.manufacturer, m.model, m.municipalityId, m.description, m.articleCode, m.technicalLifeMonths]),
      [
        [2061, 'HP', 'EliteBook 2050', ctx.municipalities.tranemo, 'Tranemos', 'PC-2050', 48],
        [2061, 'Lenovo', 'T14 2050', null, '', 'PC-2050', 48],
      ],
    );
    assert.equal((await admin.json<{ items: Model[] }>('GET', '/api/v1/model-range?year=2060')).body.items.length, 2, 'the source year keeps its range');
    const audit = await admin.json<{ items: { action: string; after: { models?: number } | null }[] }>(
      'GET',
      `/api/v1/audit?entity=price_list&entityId=${copy.body.id}`,
    );
    assert.equal(audit.body.items[0]?.action, 'copy');
    assert.equal(audit.body.items[0]?.after?.models, 2, 'the copy’s audit row counts the models');
  });
});
