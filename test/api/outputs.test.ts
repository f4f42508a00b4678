import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import ExcelJS from 'exceljs';
import { TestClient, testContext, type TestContext } from '../support/app.ts';
import { pdfFonts, pdfToText } from '../support/poppler.ts';

/**
 * Issue 16 §4: the files Samdesk hands out, read back with independent tools — the public Atom feed
 * with @rowanmanning/feed-parser and a strict XML check, the erasure protocol with poppler, the price
 * list's XLSX with exceljs. The app runs as of a fixed day (no wall clock in what is asserted).
 */

// fast-xml-parser is what feed-parser itself parses with; taken from its own dependency tree.
const { XMLValidator } = createRequire(createRequire(import.meta.url).resolve('@rowanmanning/feed-parser'))('fast-xml-parser') as {
  XMLValidator: { validate(xml: string): true | { err: { code: string; msg: string; line: number } } };
};

const NOW = new Date('2026-03-16T10:00:00+01:00');
const HOSTILE = '<script>alert("x")</script> & <b>fet</b> ]]> <img src=x onerror=alert(1)>';

let ctx: TestContext;
let admin: TestClient;

before(async () => {
  ctx = await testContext({ now: NOW });
  admin = await ctx.userClient({ username: 'out.admin', roles: ['admin'], municipality: null });
});
after(async () => {
  await ctx.close();
});

describe('the public Atom feed of the model range (RFC 4287)', () => {
  let xml: string;
  before(async () => {
    const created = await admin.json('POST', '/api/v1/model-range', {
      year: 2023,
      manufacturer: 'Fjärran',
      category: 'computer',
      articleCode: 'DATOR-ADM',
      model: 'Ŋ-modell 1',
      technicalLifeMonths: 48,
      description: HOSTILE,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const res = await new TestClient(ctx.app).get('/api/v1/public/model-range/tranemo/atom?year=2023');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml/);
    xml = await res.text();
  });

  test('is well-formed XML', () => {
    assert.equal(XMLValidator.validate(xml), true);
  });

  test('has an author and every category a term; feed-parser reads them', () => {
    const feed = parseFeed(xml);
    assert.equal(feed.meta.type, 'atom');
    assert.deepEqual(
      feed.authors.map((a) => a.name),
      ['Tranemo kommun'],
    );
    assert.ok(feed.items.length > 1);
    for (const item of feed.items) {
      assert.ok(item.categories.length > 0, item.title ?? '');
      for (const c of item.categories) {
        assert.ok(c.term, `${item.title ?? ''}: a category without term`);
        assert.ok(c.label);
      }
    }
    assert.ok(
      feed.items.some((i) => i.categories.some((c) => c.term === 'computer' && c.label === 'Dator')),
      JSON.stringify(feed.items[0]?.categories),
    );
    const categories = [...xml.matchAll(/<category\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(categories.length, feed.items.length);
    for (const c of categories) assert.match(c, / term="[^"]+"/);
    assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">\s*<id>[^<]+<\/id>[\s\S]*<author><name>Tranemo kommun<\/name>/);
  });

  test('administrator text is plain text, shown as typed and never HTML', () => {
    assert.doesNotMatch(xml, /type="html"|type="xhtml"|<!\[CDATA\[/);
    assert.doesNotMatch(xml, /<script|<img|<b>/);
    assert.ok(xml.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt; ]]&gt;'), 'escaped as text');
    const item = parseFeed(xml).items.find((i) => i.title === 'Fjärran Ŋ-modell 1');
    assert.ok(item, 'the new model is in the feed, its name as typed');
    assert.ok(item.description?.includes(HOSTILE), item.description ?? '');
  });
});

describe('the erasure protocol through the API (R-5.8), read with poppler', () => {
  test('DejaVu Sans is embedded and the eraser’s name prints as typed: Ŋ, Ł, ⅓', async () => {
    const units = await admin.json<{ items: { id: string }[] }>('GET', `/api/v1/units?municipalityId=${ctx.municipalities.tranemo}`);
    const unitId = units.body.items[0]?.id;
    assert.ok(unitId);
    const registered = await admin.json<{ id: string }>('POST', '/api/v1/assets', {
      unitId,
      deviceType: 'computer',
      serviceCode: 'datorarbetsplats',
      model: 'Lenovo ThinkPad T14',
      serial: 'UNI-0001',
      deliveredOn: '2026-03-02',
    });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const id = registered.body.id;
    const event = async (body: Record<string, unknown>) => {
      const page = await admin.json<{ version: number }>('GET', `/api/v1/assets/${id}`);
      const res = await admin.json('POST', `/api/v1/assets/${id}/events`, { version: page.body.version, ...body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    await event({ kind: 'retire', date: '2026-03-05' });
    await event({
      kind: 'erase',
      date: '2026-03-06',
      erasedBy: { kind: 'designated_person', name: 'Ŋgozi Łukasiewicz ⅓' },
      method: 'Överskrivning ⅓ + ⅔',
      serial: 'UNI-0001',
    });
    const res = await admin.request('GET', `/api/v1/assets/${id}/erasure-protocol.pdf`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const fonts = pdfFonts(pdf);
    assert.ok(fonts.length > 0 && fonts.every((f) => /\+DejaVuSans(-Bold)?$/.test(f.name) && f.embedded), JSON.stringify(fonts));
    const text = pdfToText(pdf);
    assert.match(text, /Namn +Ŋgozi Łukasiewicz ⅓/);
    assert.match(text, /Metod +Överskrivning ⅓ \+ ⅔/);
  });
});

describe('the price list as XLSX, read back with exceljs', () => {
  test('a component the billing model does not use is an empty cell, not "" or 0', async () => {
    const res = await admin.request('GET', '/api/v1/price-lists/2023/export?format=xlsx');
    assert.equal(res.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    let empty = 0;
    let blankStrings = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      header.forEach((_, i) => {
        const value = row.getCell(i + 1).value;
        if (value === null) empty++;
        if (value === '') blankStrings++;
      });
    });
    assert.ok(empty > 0, 'the example list has models without some price components');
    assert.equal(blankStrings, 0);
  });
});
