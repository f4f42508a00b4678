import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { registerBilledAsset, unitManagerOf } from '../support/billing.ts';
import { now } from '../../src/platform/clock.ts';

/**
 * Issue 8, R-6.7: a billing run's exports through HTTP on a fresh database (PGlite, or PostgreSQL with
 * DATABASE_URL): CSV, XLSX, the per-unit PDF and the SIE 4I file, and who may have which. Set up as
 * test/api/billing.test.ts: assets with chosen billing periods, Ulricehamn's March run approved by two
 * people. One unit is renamed through the API to a name with å, ä and ö (CP437 in the SIE file), the
 * other to a formula (neutralised in the CSV).
 */

type Run = { id: string; runMonth: string; status: string; lineCount: number; totalOre: number; version: number };
type Problem = { code: string; errors: { field: string; reason: string; reasonSv: string }[] };
type Unit = { id: string; code: string; level: string; name: string; version: number };

let ctx: TestContext;
let admin: TestClient;
let agent: TestClient;
let reviewer: TestClient;
let approver: TestClient;
let tranemoFinance: TestClient;
let manager: TestClient;
let unit: Unit;
let otherUnit: Unit;
let march: Run;
const assets: Record<string, string> = {};
const SWEDISH_NAME = 'Fältgårdens förskola';
const FORMULA_NAME = '=1+2';

async function register(serial: string, unitId: string, periods: { from: string; to: string | null }[], articleCode = 'DATOR-ADM') {
  assets[serial] = await registerBilledAsset(ctx, agent, { serial, unitId, periods, articleCode });
}

async function compute(month: string): Promise<Run> {
  const res = await reviewer.json<Run>('POST', '/api/v1/billing/runs', { municipality: 'ulricehamn', month });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}
async function approve(month: string): Promise<Run> {
  const run = await compute(month);
  const reviewed = await reviewer.json<Run>('POST', `/api/v1/billing/runs/${run.id}/review`, { version: run.version });
  assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
  const approved = await approver.json<Run>('POST', `/api/v1/billing/runs/${run.id}/approve`, { version: reviewed.body.version });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return approved.body;
}

async function download(client: TestClient, path: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const res = await client.get(path);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}
const problemOf = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as Problem;

/** The #TRANS amounts of a SIE file, in öre. */
function transAmounts(sie: string): number[] {
  return [...sie.matchAll(/^#TRANS \S+ \{[^}]*\} (-?)(\d+)\.(\d{2})/gm)].map((m) => (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3])));
}

before(async () => {
  ctx = await testContext();
  admin = await ctx.userClient({ username: 'it.admin', roles: ['admin'], municipality: null });
  agent = await ctx.userClient({ username: 'it.agent', roles: ['agent'], municipality: null, team: 'anvandarstod', line: 1 });
  reviewer = await ctx.userClient({ username: 'eva.ekonom', roles: ['finance'], municipality: 'ulricehamn' });
  approver = await ctx.userClient({ username: 'olof.ekonomichef', roles: ['finance'], municipality: 'ulricehamn' });
  tranemoFinance = await ctx.userClient({ username: 'tina.ekonom', roles: ['finance'], municipality: 'tranemo' });
  const units = await admin.json<{ items: Unit[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.ulricehamn}`);
  const enheter = units.body.items.filter((u) => u.level === 'enhet');
  assert.ok(enheter[0] && enheter[1]);
  // Renamed through the API: Swedish letters for CP437, a formula for the CSV's neutralisation.
  for (const [u, name] of [
    [enheter[0], SWEDISH_NAME],
    [enheter[1], FORMULA_NAME],
  ] as const) {
    const res = await admin.json<Unit>('PATCH', `/api/v1/units/${u.id}`, { version: u.version, name });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  unit = { ...enheter[0], name: SWEDISH_NAME };
  otherUnit = { ...enheter[1], name: FORMULA_NAME };

  manager = await unitManagerOf(ctx, admin, { username: 'maja.chef', firstName: 'Maja', unitId: unit.id, municipality: 'ulricehamn' });

  await register('EXP-1', unit.id, [{ from: '2022-11-15', to: null }]);
  await register('EXP-2', unit.id, [{ from: '2023-02-10', to: null }]);
  await register('EXP-3', otherUnit.id, [{ from: '2022-05-02', to: null }], 'DATOR-ADM-PLUS');
  march = await approve('2023-03');
  assert.equal(march.lineCount, 3);
});
after(async () => {
  await ctx.close();
});

describe('issue 8, R-6.7: CSV and XLSX of a run', () => {
  test('CSV: UTF-8 BOM, semicolons, CR LF, the Swedish header, one row per line, a formula neutralised', async () => {
    const res = await download(reviewer, `/api/v1/billing/runs/${march.id}/export.csv`);
    assert.equal(res.status, 200, res.bytes.toString());
    assert.equal(res.type, 'text/csv; charset=utf-8');
    assert.equal(res.disposition, 'attachment; filename="samdesk-ulricehamn-2023-03.csv"');
    assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = res.bytes.toString('utf8').slice(1);
    const records = text.split('\r\n');
    assert.equal(records.pop(), '');
    assert.equal(
      records[0],
      'kommun;körning;status;enhetskod;enhet;ansvar;verksamhet;aktivitet;projekt;typ;källa;objekt;artikel;beskrivning;månad;antal;enhet för antal;à-pris (kr);belopp (kr);belopp (öre);tidigare debiterat (kr);regel;orsak',
    );
    assert.equal(records.length, 1 + march.lineCount);
    const rows = records.slice(1).map((r) => r.split(';'));
    assert.ok(rows.every((r) => r[0] === 'Ulricehamns kommun' && r[1] === '2023-03' && r[2] === 'godkänd'));
    assert.deepEqual(rows.map((r) => r[4]).sort(), [`'${FORMULA_NAME}`, SWEDISH_NAME, SWEDISH_NAME].sort());
    assert.ok(!rows.some((r) => r[4] === FORMULA_NAME), 'no cell starts with "="');
    assert.deepEqual(
      rows.map((r) => Number(r[19])).reduce((s, x) => s + x, 0),
      march.totalOre,
      'the öre column sums to the run total',
    );
    assert.ok(
      rows.every((r) => /^\d+\.\d{2}$/.test(r[18] ?? '')),
      'kronor with a period',
    );
  });

  test('XLSX: opens with exceljs, "Rader" with one row per line and "Per enhet" with the totals', async () => {
    const res = await download(reviewer, `/api/v1/billing/runs/${march.id}/export.xlsx`);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.disposition ?? '', /^attachment; filename="samdesk-ulricehamn-2023-03\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Rader', 'Per enhet'],
    );
    assert.equal(workbook.getWorksheet('Rader')?.rowCount, 1 + march.lineCount);
    const perUnit = workbook.getWorksheet('Per enhet');
    assert.ok(perUnit);
    const last = perUnit.getRow(perUnit.rowCount);
    assert.equal(last.getCell(1).value, 'Summa');
    const header = (perUnit.getRow(1).values as unknown[]).slice(1);
    assert.equal(last.getCell(header.indexOf('belopp (kr)') + 1).value, march.totalOre / 100);
    // Issue 16: an empty cell is empty (the sum row's unit name, a unit without a project code), never "".
    assert.equal(last.getCell(2).value, null);
    const strings: unknown[] = [];
    for (const ws of workbook.worksheets) ws.eachRow((row) => row.eachCell((c) => void (c.value === '' && strings.push(`${ws.name}!${c.address}`))));
    assert.deepEqual(strings, []);
  });

  test('a draft exports too, marked "utkast"', async () => {
    const april = await compute('2023-04');
    const res = await download(reviewer, `/api/v1/billing/runs/${april.id}/export.csv`);
    assert.equal(res.status, 200);
    assert.equal(res.disposition, 'attachment; filename="samdesk-ulricehamn-2023-04-utkast.csv"');
    assert.ok(
      res.bytes
        .toString('utf8')
        .split('\r\n')
        .slice(1, -1)
        .every((r) => r.split(';')[2] === 'utkast'),
    );
    const pdf = await download(reviewer, `/api/v1/billing/runs/${april.id}/units/${unit.id}/basis.pdf`);
    assert.equal(pdf.status, 200);
    assert.match(pdf.disposition ?? '', /-utkast\.pdf"$/);
  });
});

describe('issue 8, R-6.3: the per-unit PDF', () => {
  test('finance gets a unit’s basis as PDF', async () => {
    const res = await download(reviewer, `/api/v1/billing/runs/${march.id}/units/${unit.id}/basis.pdf`);
    assert.equal(res.status, 200, res.bytes.toString());
    assert.equal(res.type, 'application/pdf');
    assert.match(res.disposition ?? '', /^attachment; filename="debiteringsunderlag-ulricehamn-2023-03-[A-Za-z0-9._-]+\.pdf"$/);
    assert.equal(res.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(res.bytes.length > 2_000, `${res.bytes.length} bytes`);
  });

  test('a unit manager gets their own unit’s PDF, 404 for another unit, 403 for the run-wide files', async () => {
    const own = await download(manager, `/api/v1/billing/runs/${march.id}/units/${unit.id}/basis.pdf`);
    assert.equal(own.status, 200, own.bytes.toString());
    assert.equal(own.bytes.subarray(0, 4).toString('latin1'), '%PDF');
    assert.equal((await download(manager, `/api/v1/billing/runs/${march.id}/units/${otherUnit.id}/basis.pdf`)).status, 404);
    for (const file of ['export.csv', 'export.xlsx', 'export.se']) {
      assert.equal((await download(manager, `/api/v1/billing/runs/${march.id}/${file}`)).status, 403, file);
    }
  });

  test('the other municipality’s finance gets 404 for every export', async () => {
    for (const file of ['export.csv', 'export.xlsx', 'export.se', `units/${unit.id}/basis.pdf`]) {
      assert.equal((await download(tranemoFinance, `/api/v1/billing/runs/${march.id}/${file}`)).status, 404, file);
    }
  });
});

describe('issue 8, R-6.7: the SIE 4I file', () => {
  test('#FLAGGA 0, #SIETYP 4, CP437, one balanced voucher: a debit per unit and the credit with motpart', async () => {
    const res = await download(reviewer, `/api/v1/billing/runs/${march.id}/export.se`);
    assert.equal(res.status, 200, res.bytes.toString());
    assert.equal(res.type, 'application/octet-stream');
    assert.equal(res.disposition, 'attachment; filename="samdesk-ulricehamn-2023-03.si"', 'SIE names a type 4I file .si (issue 16)');
    const sie = iconv.decode(res.bytes, 'cp437');
    const lines = sie.split('\r\n');
    assert.equal(lines[0], '#FLAGGA 0');
    assert.ok(lines.includes('#SIETYP 4'));
    assert.ok(lines.includes('#FORMAT PC8'));
    assert.ok(lines.includes('#FNAMN "Ulricehamns kommun"'));
    assert.ok(lines.includes('#ORGNR 212000-1504'));
    assert.ok(lines.some((l) => /^#PROGRAM "Samdesk" \d+\.\d+\.\d+$/.test(l)));
    assert.ok(lines.includes('#VER "" "" 20230301 "Internfakturering it 2023-03"'));
    // CP437: å 0x86, ä 0x84, ö 0x94 of the unit's name in #OBJEKT and the transaction text.
    const name = Buffer.from([0x46, 0x84, 0x6c, 0x74, 0x67, 0x86, 0x72, 0x64, 0x65, 0x6e, 0x73, 0x20, 0x66, 0x94, 0x72, 0x73, 0x6b, 0x6f, 0x6c, 0x61]);
    assert.equal(iconv.decode(name, 'cp437'), SWEDISH_NAME);
    assert.ok(res.bytes.includes(name), 'the name in CP437');
    assert.ok(!res.bytes.includes(Buffer.from(SWEDISH_NAME, 'utf8')), 'no UTF-8');
    const amounts = transAmounts(sie);
    assert.equal(amounts.length, 3);
    assert.equal(
      amounts.reduce((s, x) => s + x, 0),
      0,
      'the voucher balances',
    );
    assert.deepEqual(amounts.filter((x) => x > 0).sort(), [90_000, 55_000].sort());
    assert.deepEqual(
      amounts.filter((x) => x < 0),
      [-march.totalOre],
    );
    const trans = lines.filter((l) => l.startsWith('#TRANS'));
    assert.ok(
      trans.every((l) => l.includes('"23" "1"')),
      'every transaction carries motpart 1 (internal)',
    );
    assert.ok(trans.some((l) => l.startsWith('#TRANS 3510 {"1" "9100" "20" "910" "23" "1"}')));
    assert.ok(lines.includes('#DIM 23 "Motpart"'));
    assert.ok(lines.includes('#OBJEKT 1 9100 "It-enheten"'));
  });

  test('a draft is not booked: 409', async () => {
    const draft = (await reviewer.json<{ items: Run[] }>('GET', '/api/v1/billing/runs')).body.items.find((r) => r.status === 'draft');
    assert.ok(draft);
    const res = await download(reviewer, `/api/v1/billing/runs/${draft.id}/export.se`);
    assert.equal(res.status, 409);
    assert.match(problemOf(res.bytes).errors[0]?.reason ?? '', /only approved runs are booked/);
  });

  test('the SIE of an approved run uses the unit codes the run recorded: a code removed later changes nothing (R-6.6; a missing code is a 400 in exports.test.ts)', async () => {
    const before = await download(reviewer, `/api/v1/billing/runs/${march.id}/export.se`);
    assert.equal(before.status, 200);
    const [row] = await ctx.database.query<{ accounting_codes: Record<string, string> }>('select accounting_codes from units where id = $1', [otherUnit.id]);
    assert.ok(row);
    await ctx.database.query("update units set accounting_codes = accounting_codes - 'verksamhet' where id = $1", [otherUnit.id]);
    try {
      const after = await download(reviewer, `/api/v1/billing/runs/${march.id}/export.se`);
      assert.equal(after.status, 200, after.bytes.toString());
      const body = (b: Buffer) =>
        iconv
          .decode(b, 'cp437')
          .split('\r\n')
          .filter((l) => !l.startsWith('#GEN'))
          .join('\n');
      assert.equal(body(after.bytes), body(before.bytes));
    } finally {
      await ctx.database.query('update units set accounting_codes = $1 where id = $2', [JSON.stringify(row.accounting_codes), otherUnit.id]);
    }
  });

  test('a unit whose total is zero is left out (April: a late return credits exactly the new month’s charge)', async () => {
    // EXP-1 returned on 10 February, recorded now: March is credited in April; EXP-2 still charges April.
    await ctx.database.query("update asset_billing_periods set to_on = '2023-02-10' where asset_id = $1", [assets['EXP-1']]);
    await ctx.database.query(
      "insert into asset_events (at, asset_id, municipality_id, kind, occurred_on, from_status, to_status) select $2::timestamptz, id, municipality_id, 'return', '2023-02-10', 'active', 'returned' from assets where id = $1",
      [assets['EXP-1'], now()],
    );
    const april = await approve('2023-04');
    const units = await reviewer.json<{ units: { unitId: string; totalOre: number; correctionOre: number }[] }>('GET', `/api/v1/billing/runs/${april.id}`);
    assert.deepEqual(
      units.body.units.find((u) => u.unitId === unit.id),
      { ...units.body.units.find((u) => u.unitId === unit.id), totalOre: 0, correctionOre: -45_000 },
    );
    const res = await download(reviewer, `/api/v1/billing/runs/${april.id}/export.se`);
    assert.equal(res.status, 200, res.bytes.toString());
    const sie = iconv.decode(res.bytes, 'cp437');
    const amounts = transAmounts(sie);
    assert.deepEqual(amounts, [55_000, -55_000]);
    assert.ok(!sie.includes(unit.code), 'the unit at zero is neither booked nor declared');
    // The CSV still has every line, the correction with its reason.
    const csv = (await download(reviewer, `/api/v1/billing/runs/${april.id}/export.csv`)).bytes.toString('utf8');
    assert.match(csv, /;rättelse;utrustning;EXP-1;.*;-450\.00;-45000;450\.00;.*;återlämnad 2023-02-10\r\n/);
  });
});
