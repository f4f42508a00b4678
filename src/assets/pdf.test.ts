import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import pdfmake from 'pdfmake';
import { pdfFonts, pdfToText } from '../../test/support/poppler.ts';
import { erasureProtocolPdf, invoiceDueDate, saleReceiptPdf, type ErasureProtocolInput, type SaleReceiptInput } from './pdf.ts';
import { formatOre, pdfText, swedishDate, swedishDateTime } from '../platform/pdf.ts';

// ---- reading the text back ---------------------------------------------------------------------------

/**
 * The text as poppler's pdftotext reads it (issue 16 §4: an independent reader, not our own parser),
 * no-break spaces inside amounts made plain.
 */
function textOf(pdf: Buffer): string {
  return pdfToText(pdf).replaceAll('\u00a0', ' ');
}

/**
 * Whether the text contains `expected`, ignoring whitespace: the extractor cannot tell a break
 * opportunity inside a cell ("7–|9", "asset-0f3a/|erasure", each its own run) from the gap between two
 * cells, so spacing and line breaks are not compared, only the characters and their order.
 */
function has(text: string, expected: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '');
  return squash(text).includes(squash(expected));
}

// ---- fixtures ----------------------------------------------------------------------------------------

const ERASURE: ErasureProtocolInput = {
  municipalityName: 'Ulricehamns kommun',
  asset: { serial: 'PF3XK9QZ', model: 'Lenovo ThinkPad L14', deviceType: 'computer', deviceTypeSv: 'dator', unitName: 'Ätradalsskolan årskurs 7–9' },
  erasure: { byKind: 'certified_provider', byName: 'Återbruk Väst AB', method: 'NIST 800-88 Purge, överskrivning', erasedOn: '2026-03-03', serial: 'PF3XK9QZ' },
  recordedBy: 'Örjan Åkesson',
  recordedAt: '2026-03-03T13:05:00Z',
  printedAt: '2026-07-01T08:30:00Z',
  documentId: 'asset-0f3a/erasure',
};

const SALE: SaleReceiptInput = {
  kind: 'receipt',
  reference: 'KV-2026-0042',
  municipalityName: 'Tranemo kommun',
  buyer: { name: 'Åsa Öberg' },
  asset: { serial: 'PF3XK9QZ', model: 'Lenovo ThinkPad L14' },
  soldOn: '2026-03-10',
  priceOre: 123450,
  erasure: { erasedOn: '2026-03-03', byName: 'Återbruk Väst AB', method: 'NIST 800-88 Purge' },
  invoiceTermsDays: 30,
  printedAt: '2026-03-10T09:00:00Z',
  documentId: 'sale-77',
};

// ---- helpers ------------------------------------------------------------------------------------------

describe('formatOre', () => {
  const nb = (s: string) => s.replaceAll(' ', '\u00a0');
  const cases: [number, string][] = [
    [0, '0,00 kr'],
    [5, '0,05 kr'],
    [99, '0,99 kr'],
    [100, '1,00 kr'],
    [123450, '1 234,50 kr'],
    [100000, '1 000,00 kr'],
    [99999999, '999 999,99 kr'],
    [100000000, '1 000 000,00 kr'],
    [-5, '-0,05 kr'],
    [-123450, '-1 234,50 kr'],
    [Number.MAX_SAFE_INTEGER, '90 071 992 547 409,91 kr'],
    [Number.MIN_SAFE_INTEGER, '-90 071 992 547 409,91 kr'],
  ];
  for (const [ore, expected] of cases) {
    test(`${ore} öre → ${expected}`, () => assert.equal(formatOre(ore), nb(expected)));
  }

  test('refuses what is not a whole number of öre', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) assert.throws(() => formatOre(bad), RangeError);
  });

  test('property: any safe integer reads back exactly, in the Swedish shape', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ore) => {
        const text = formatOre(ore);
        const m = /^(-?)(\d{1,3}(?:\u00a0\d{3})*),(\d{2})\u00a0kr$/.exec(text);
        assert.ok(m, `unexpected shape: ${JSON.stringify(text)}`);
        const [, sign = '', kronor = '', ore2 = ''] = m;
        assert.ok(kronor === '0' || !kronor.startsWith('0'), 'no leading zeros');
        const back = (BigInt(kronor.replaceAll('\u00a0', '')) * 100n + BigInt(ore2)) * (sign === '-' ? -1n : 1n);
        assert.equal(back, BigInt(ore));
        assert.equal(sign === '-', ore < 0);
      }),
    );
  });
});

describe('dates', () => {
  const dates: [string, string][] = [
    ['2026-03-03', '3 mars 2026'],
    ['2026-01-31', '31 januari 2026'],
    ['2024-02-29', '29 februari 2024'],
    ['2026-05-01', '1 maj 2026'],
    ['2026-12-24', '24 december 2026'],
  ];
  for (const [date, expected] of dates) test(`swedishDate ${date} → ${expected}`, () => assert.equal(swedishDate(date), expected));

  test('swedishDate refuses non-dates', () => {
    for (const bad of ['2026-02-30', '2026-3-3', '3 mars 2026', '']) assert.throws(() => swedishDate(bad), RangeError);
  });

  const instants: [string, string][] = [
    // Winter time (CET, +01:00) and summer time (CEST, +02:00).
    ['2026-03-03T13:05:00Z', '3 mars 2026 kl. 14:05'],
    ['2026-07-01T08:30:00Z', '1 juli 2026 kl. 10:30'],
    // The local date differs from the UTC date around midnight.
    ['2026-12-31T23:30:00Z', '1 januari 2027 kl. 00:30'],
    // DST starts 2026-03-29 at 02:00 local: 01:00Z is already 03:00.
    ['2026-03-29T00:59:00Z', '29 mars 2026 kl. 01:59'],
    ['2026-03-29T01:00:00Z', '29 mars 2026 kl. 03:00'],
    ['2026-03-03T14:05:00+01:00', '3 mars 2026 kl. 14:05'],
  ];
  for (const [instant, expected] of instants) test(`swedishDateTime ${instant} → ${expected}`, () => assert.equal(swedishDateTime(instant), expected));

  test('swedishDateTime refuses a time without offset', () => assert.throws(() => swedishDateTime('2026-03-03T14:05'), RangeError));

  const dues: [string, string][] = [
    ['2026-03-03', '2026-04-02'],
    ['2026-01-31', '2026-03-02'],
    ['2024-02-01', '2024-03-02'],
    ['2026-12-15', '2027-01-14'],
  ];
  for (const [soldOn, due] of dues) test(`R-5.7: invoice sold ${soldOn} is due ${due}`, () => assert.equal(invoiceDueDate(soldOn, 30), due));
});

describe('pdfText', () => {
  // Issue 16 §4: letters are never replaced (the embedded DejaVu Sans shows them); only control characters go.
  const cases: [string, string][] = [
    ['Åsa Öberg, Ärla', 'Åsa Öberg, Ärla'],
    ['Zoë Müller – 5 €', 'Zoë Müller – 5 €'],
    ['Nguyễn', 'Nguyễn'],
    ['Łukasz Wałęsa', 'Łukasz Wałęsa'],
    ['Ŋ ⅓ −12', 'Ŋ ⅓ −12'],
    ['A\u030Asa', 'Åsa'],
    ['rad1\nrad2\tslut', 'rad1\nrad2 slut'],
    ['rad1\r\nrad2\u0000', 'rad1\nrad2 '],
  ];
  for (const [input, expected] of cases) test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(pdfText(input), expected));
});

describe('issue 16: the font', () => {
  test('every PDF embeds DejaVu Sans (subset, Unicode-mapped) and no standard font', async () => {
    for (const pdf of [await erasureProtocolPdf(ERASURE), await saleReceiptPdf(SALE)]) {
      const fonts = pdfFonts(pdf);
      assert.ok(fonts.length >= 2, JSON.stringify(fonts));
      for (const f of fonts) {
        assert.match(f.name, /^[A-Z]{6}\+DejaVuSans(-Bold)?$/, JSON.stringify(f));
        assert.ok(f.embedded && f.subset && f.unicode, JSON.stringify(f));
      }
      assert.ok(
        fonts.some((f) => f.name.endsWith('+DejaVuSans-Bold')),
        'headings are bold',
      );
    }
  });

  test('names outside Windows-1252 print as typed on the erasure protocol: Ŋ, Ł, ⅓, ễ', async () => {
    const name = 'Ŋgozi Łukasiewicz ⅓ Nguyễn';
    const text = textOf(await erasureProtocolPdf({ ...ERASURE, erasure: { ...ERASURE.erasure, byName: name }, recordedBy: 'Łucja Ŋ' }));
    assert.match(text, /Namn +Ŋgozi Łukasiewicz ⅓ Nguyễn/);
    assert.match(text, /Registrerad av +Łucja Ŋ/);
    for (const replaced of ['Ngozi', 'Lukasiewicz', '?']) assert.ok(!text.includes(replaced), `${replaced} in:\n${text}`);
  });
});

// ---- the documents --------------------------------------------------------------------------------------

describe('R-5.8: erasureProtocolPdf', () => {
  test('is a PDF, compressed by default', async () => {
    const pdf = await erasureProtocolPdf(ERASURE);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.toString('latin1'), /\/FlateDecode/);
    assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
  });

  test('shows the device, who erased it, how, when, the serial check and the rule', async () => {
    const text = textOf(await erasureProtocolPdf(ERASURE));
    for (const expected of [
      'Ulricehamns kommun',
      'Raderingsprotokoll',
      'Typ dator',
      'Modell Lenovo ThinkPad L14',
      'Serienummer PF3XK9QZ',
      'Ätradalsskolan årskurs 7–9',
      'Raderad av Certifierad leverantör',
      'Namn Återbruk Väst AB',
      'NIST 800-88 Purge, överskrivning',
      'Raderingsdatum 3 mars 2026',
      // The label wraps in its column ("…avläst på" / "enheten"), so the value comes before its last word.
      'Serienummer avläst på PF3XK9QZ enheten',
      'Stämmer med registrets serienummer',
      'Registrerad av Örjan Åkesson',
      'Registrerad 3 mars 2026 kl. 14:05',
      'Utskriven 1 juli 2026 kl. 10:30',
      'Referens asset-0f3a/erasure',
      'Ingen försäljning utan raderingsprotokoll (R-5.8)',
      'Sida 1 av 1',
    ]) {
      assert.ok(has(text, expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
    assert.ok(!has(text, 'STÄMMER INTE'));
  });

  test('a designated person is labelled as such', async () => {
    const text = textOf(await erasureProtocolPdf({ ...ERASURE, erasure: { ...ERASURE.erasure, byKind: 'designated_person', byName: 'Kåre Ödmark' } }));
    assert.ok(has(text, 'Raderad av Utsedd person'), text);
    assert.ok(has(text, 'Namn Kåre Ödmark'), text);
    assert.ok(!has(text, 'Certifierad leverantör'), text);
  });

  test('a serial that does not match is printed as a warning, not hidden', async () => {
    const text = textOf(await erasureProtocolPdf({ ...ERASURE, erasure: { ...ERASURE.erasure, serial: 'PF3XK9QX' } }));
    assert.ok(has(text, 'STÄMMER INTE med registrets serienummer PF3XK9QZ'), text);
    assert.ok(!has(text, 'Stämmer med'), text);
  });

  test('an unknown registrar is said to be unknown; foreign letters stay readable', async () => {
    const text = textOf(await erasureProtocolPdf({ ...ERASURE, recordedBy: null, erasure: { ...ERASURE.erasure, byName: 'Łucja Nguyễn' } }));
    assert.ok(has(text, 'Registrerad av Okänd'), text);
    assert.ok(has(text, 'Namn Łucja Nguyễn'), text);
  });

  test('the same input gives the same bytes (the creation date is the printing instant)', async () => {
    const [a, b] = await Promise.all([erasureProtocolPdf(ERASURE), erasureProtocolPdf(ERASURE)]);
    assert.ok(a.equals(b));
    const later = await erasureProtocolPdf({ ...ERASURE, printedAt: '2026-07-01T08:31:00Z' });
    assert.ok(!a.equals(later));
  });

  test("leaves pdfmake's shared instance alone (fonts are set on our own instance)", async () => {
    await erasureProtocolPdf(ERASURE);
    assert.equal(pdfmake.fonts, undefined);
  });

  test('refuses an invalid erasure date', async () => {
    await assert.rejects(erasureProtocolPdf({ ...ERASURE, erasure: { ...ERASURE.erasure, erasedOn: '2026-02-30' } }), RangeError);
  });
});

describe('R-5.7: saleReceiptPdf', () => {
  test('is a PDF', async () => {
    const pdf = await saleReceiptPdf(SALE);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('a receipt names seller, buyer, computer, price, the prior erasure and the as-is takeover', async () => {
    const text = textOf(await saleReceiptPdf(SALE));
    for (const expected of [
      'Tranemo kommun',
      'Kvitto',
      'Kvittonummer KV-2026-0042',
      'Datum 10 mars 2026',
      'Säljare Tranemo kommun',
      'Köpare Åsa Öberg',
      'Lenovo ThinkPad L14, serienummer PF3XK9QZ',
      'Betalt 1 234,50 kr',
      'Datorn raderades 3 mars 2026, före försäljningen',
      'NIST 800-88 Purge',
      'Återbruk Väst AB',
      'i befintligt skick',
      'Referens sale-77',
    ]) {
      assert.ok(has(text, expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
    for (const absent of ['Faktura', 'Förfallodatum']) assert.ok(!has(text, absent), `unexpected ${absent}:\n${text}`);
  });

  test('an invoice is due 30 days after the sale', async () => {
    const text = textOf(await saleReceiptPdf({ ...SALE, kind: 'invoice', reference: 'F-2026-0007' }));
    for (const expected of [
      'Faktura',
      'Fakturanummer F-2026-0007',
      'Förfallodatum 9 april 2026',
      '30 dagar netto',
      'Att betala 1 234,50 kr',
      'Betala senast 9 april 2026',
    ]) {
      assert.ok(has(text, expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
    assert.ok(!has(text, 'Kvitto'), text);
  });

  test('a missing price is said to be missing', async () => {
    const text = textOf(await saleReceiptPdf({ ...SALE, priceOre: null }));
    assert.ok(has(text, 'Betalt Ej angivet'), text);
    assert.doesNotMatch(text, /\d,\d\d kr/);
  });

  test('erasure on the day of the sale is fine; after it, or a bad price, is refused', async () => {
    await saleReceiptPdf({ ...SALE, erasure: { ...SALE.erasure, erasedOn: SALE.soldOn } });
    await assert.rejects(saleReceiptPdf({ ...SALE, erasure: { ...SALE.erasure, erasedOn: '2026-03-11' } }), /R-5\.8/);
    for (const priceOre of [-1, 12.5, Number.NaN]) await assert.rejects(saleReceiptPdf({ ...SALE, priceOre }), RangeError);
  });
});
