import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { encodeSie, formatSieAmount, sieField, sieText, type SieDocument, type SieTransaction, type SieVoucher } from './sie.ts';

// DOMAIN-NOTES "SIE 4, type 4I": internal debit from the billing capability as a SIE 4I file.

const FORBIDDEN_IN_4I = /^#(IB|UB|RES|PSALDO|PBUDGET|OIB|OUB|BKOD|OMFATTN|KPTYP)(\s|$)/m;

/**
 * Ulricehamn's internal debit for January: dimension 1 ansvar (four digits) and 20 verksamhet (three
 * digits), one debit line per unit and one credit line to the IT unit. The accounts are examples.
 */
const ulricehamn: SieDocument = {
  program: { name: 'Samdesk', version: '0.1.0' },
  generatedOn: '2025-02-03',
  companyName: 'Ulricehamns kommun',
  orgNumber: '212000-1504',
  accounts: [
    { account: '6540', name: 'IT-tjänster, intern debitering' },
    { account: '3540', name: 'Interna intäkter IT' },
  ],
  dimensions: [
    { number: 1, name: 'Ansvar' },
    { number: 20, name: 'Verksamhet' },
  ],
  objects: [
    { dimension: 1, code: '4711', name: 'Överförmyndare' },
    { dimension: 1, code: '5120', name: 'Tingsholmsgymnasiet' },
    { dimension: 1, code: '1910', name: 'Gemensam IT-enhet' },
    { dimension: 20, code: '407', name: 'Förvaltning' },
    { dimension: 20, code: '350', name: 'Gymnasieskola' },
    { dimension: 20, code: '920', name: 'IT-verksamhet' },
  ],
  vouchers: [
    {
      date: '2025-01-31',
      text: 'IT-debitering januari 2025 – Samdesk',
      transactions: [
        {
          account: '6540',
          objects: [
            { dimension: 1, code: '4711' },
            { dimension: 20, code: '407' },
          ],
          amountOre: 1_245_000,
          text: 'Datorarbetsplatser 30 st',
        },
        {
          account: '6540',
          objects: [
            { dimension: 1, code: '5120' },
            { dimension: 20, code: '350' },
          ],
          amountOre: 8_917_550,
        },
        {
          account: '3540',
          objects: [
            { dimension: 1, code: '1910' },
            { dimension: 20, code: '920' },
          ],
          amountOre: -10_162_550,
          text: 'Gemensam IT-enhet',
        },
      ],
    },
  ],
};

describe('sieField (R-6.7: one field, CP437, quoted when needed)', () => {
  const cases: [string, string, string][] = [
    ['a bare code', '3011', '3011'],
    ['empty', '', '""'],
    ['a space', 'Ulricehamns kommun', '"Ulricehamns kommun"'],
    ['Swedish letters, no space', 'Överförmyndare', 'Överförmyndare'],
    ['Swedish letters and a space', 'Åsa Ärlig', '"Åsa Ärlig"'],
    ['é and ü exist in CP437', 'Café Müller', '"Café Müller"'],
    ['quotes escaped', 'kallad "Lilla"', '"kallad \\"Lilla\\""'],
    ['a lone quote', '"', '"\\""'],
    ['braces', '{x}', '"{x}"'],
    ['one closing brace', 'a}', '"a}"'],
    ['€ → EUR', '100€', '100EUR'],
    ['€ with a space', '100 €', '"100 EUR"'],
    ['en dash → -', 'jan–mar', 'jan-mar'],
    ['em dash → -', 'a — b', '"a - b"'],
    ['non-breaking space → space, then quoted', '1\u00A0234', '"1 234"'],
    ['U+2212 minus → -', '\u22125', '-5'],
    ['Intl sv-SE output', new Intl.NumberFormat('sv-SE').format(-1234), '"-1 234"'],
    ["curly single quotes → '", '\u2019a\u2018', "'a'"],
    ['curly double quotes → " (escaped)', '\u201Cciterat\u201D', '"\\"citerat\\""'],
    ['CR LF removed', 'rad1\r\nrad2', 'rad1rad2'],
    ['tab removed', 'a\tb', 'ab'],
    ['only control characters', '\u0000\u001F\u007F\u0085', '""'],
    ['CJK unencodable → ?', '日本', '??'],
    ['an astral character is one ?', 'ok😀', 'ok?'],
    ['Ø is not in CP437', 'Ø', '?'],
    ['decomposed Ö is composed first', 'O\u0308', 'Ö'],
    ['backslash → / (4B defines only \\")', 'C:\\temp\\', 'C:/temp/'],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(sieField(input), expected));
  }
});

describe('formatSieAmount (integer öre → "kronor.öre")', () => {
  const cases: [number, string][] = [
    [0, '0.00'],
    [-0, '0.00'],
    [1, '0.01'],
    [-1, '-0.01'],
    [-5, '-0.05'],
    [-99, '-0.99'],
    [-100, '-1.00'],
    [10, '0.10'],
    [100, '1.00'],
    [123_450, '1234.50'],
    [-123_450, '-1234.50'],
    [1_234_567_890_123, '12345678901.23'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [Number.MIN_SAFE_INTEGER, '-90071992547409.91'],
  ];
  for (const [ore, expected] of cases) {
    test(`${String(ore)} öre → ${expected}`, () => assert.equal(formatSieAmount(ore), expected));
  }
  for (const bad of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
    test(`${String(bad)} is refused`, () => assert.throws(() => formatSieAmount(bad), /safe integer/));
  }
});

describe('sieText (R-6.7: SIE 4I structure)', () => {
  test('Ulricehamn internal debit: header order, declarations, one voucher in braces', () => {
    const text = sieText(ulricehamn);
    assert.ok(text.endsWith('\r\n'));
    assert.deepEqual(text.split('\r\n'), [
      '#FLAGGA 0',
      '#PROGRAM "Samdesk" 0.1.0',
      '#FORMAT PC8',
      '#GEN 20250203',
      '#SIETYP 4',
      '#ORGNR 212000-1504',
      '#FNAMN "Ulricehamns kommun"',
      '#KONTO 6540 "IT-tjänster, intern debitering"',
      '#KONTO 3540 "Interna intäkter IT"',
      '#DIM 1 "Ansvar"',
      '#DIM 20 "Verksamhet"',
      '#OBJEKT 1 4711 "Överförmyndare"',
      '#OBJEKT 1 5120 "Tingsholmsgymnasiet"',
      '#OBJEKT 1 1910 "Gemensam IT-enhet"',
      '#OBJEKT 20 407 "Förvaltning"',
      '#OBJEKT 20 350 "Gymnasieskola"',
      '#OBJEKT 20 920 "IT-verksamhet"',
      '#VER "" "" 20250131 "IT-debitering januari 2025 - Samdesk"',
      '{',
      '#TRANS 6540 {"1" "4711" "20" "407"} 12450.00 "" "Datorarbetsplatser 30 st"',
      '#TRANS 6540 {"1" "5120" "20" "350"} 89175.50',
      '#TRANS 3540 {"1" "1910" "20" "920"} -101625.50 "" "Gemensam IT-enhet"',
      '}',
      '',
    ]);
    assert.doesNotMatch(text, FORBIDDEN_IN_4I);
  });

  test('Tranemo style: no organisation number, no accounts, an empty object list, two vouchers', () => {
    const doc: SieDocument = {
      program: { name: 'Samdesk', version: '0.1.0' },
      generatedOn: '2024-02-29',
      companyName: 'Tranemo kommun',
      orgNumber: null,
      dimensions: [
        { number: 1, name: 'Ansvar' },
        { number: 21, name: 'Aktivitet' },
      ],
      objects: [{ dimension: 1, code: '31000', name: 'Barn- och utbildning' }],
      vouchers: [
        {
          date: '2024-02-29',
          text: 'Telefoni februari',
          transactions: [
            {
              account: '6420',
              objects: [
                { dimension: 1, code: '31000' },
                { dimension: 21, code: '110' },
              ],
              amountOre: 5,
            },
            { account: '3540', objects: [], amountOre: -5 },
          ],
        },
        {
          date: '2024-03-01',
          text: '',
          transactions: [
            { account: '6420', objects: [], amountOre: -1, text: '' },
            { account: '3540', objects: [], amountOre: 1 },
          ],
        },
      ],
    };
    const lines = sieText(doc).split('\r\n');
    assert.deepEqual(lines.slice(0, 6), ['#FLAGGA 0', '#PROGRAM "Samdesk" 0.1.0', '#FORMAT PC8', '#GEN 20240229', '#SIETYP 4', '#FNAMN "Tranemo kommun"']);
    assert.deepEqual(lines.slice(9), [
      '#VER "" "" 20240229 "Telefoni februari"',
      '{',
      '#TRANS 6420 {"1" "31000" "21" "110"} 0.05',
      '#TRANS 3540 {} -0.05',
      '}',
      '#VER "" "" 20240301 ""',
      '{',
      '#TRANS 6420 {} -0.01',
      '#TRANS 3540 {} 0.01',
      '}',
      '',
    ]);
  });

  test('an organisation number without the hyphen is written with it', () => {
    assert.match(sieText({ ...ulricehamn, orgNumber: '2120001504' }), /^#ORGNR 212000-1504\r$/m);
  });

  test('a document without vouchers is still a valid file', () => {
    const text = sieText({ ...ulricehamn, vouchers: [] });
    assert.doesNotMatch(text, /#VER|#TRANS/);
    assert.match(text, /^#FLAGGA 0\r\n/);
  });
});

describe('sieText refuses what a ledger would reject', () => {
  const voucher = (transactions: SieTransaction[], o: Partial<SieVoucher> = {}): SieVoucher => ({ date: '2025-01-31', text: 'Test', transactions, ...o });
  const withVouchers = (...vouchers: SieVoucher[]): SieDocument => ({ ...ulricehamn, vouchers });
  const t = (amountOre: number, o: Partial<SieTransaction> = {}): SieTransaction => ({ account: '6540', objects: [], amountOre, ...o });

  test('an unbalanced voucher, naming its index and the difference', () => {
    assert.throws(
      () => sieText(withVouchers(voucher([t(100), t(-100)]), voucher([t(1000), t(-995)]))),
      /vouchers\[1\] \("Test"\) does not balance: its transactions sum to 0\.05 \(5 öre\)/,
    );
  });
  test('a voucher off by one öre in the other direction', () => {
    assert.throws(() => sieText(withVouchers(voucher([t(-101), t(100)]))), /vouchers\[0\].*sum to -0\.01 \(-1 öre\)/);
  });
  test('a single-transaction voucher, even of zero', () => {
    assert.throws(() => sieText(withVouchers(voucher([t(0)]))), /vouchers\[0\] has 1 transaction\(s\); a voucher needs at least two/);
  });
  test('an empty voucher', () => {
    assert.throws(() => sieText(withVouchers(voucher([]))), /vouchers\[0\] has 0 transaction/);
  });
  test('an undeclared dimension in a transaction', () => {
    const bad = voucher([t(100, { objects: [{ dimension: 30, code: '1' }] }), t(-100)]);
    assert.throws(() => sieText(withVouchers(bad)), /vouchers\[0\]\.transactions\[0\]\.objects\[0\]: dimension 30 is not declared/);
  });
  test('an undeclared dimension in #OBJEKT', () => {
    assert.throws(
      () => sieText({ ...ulricehamn, objects: [{ dimension: 2, code: 'X', name: 'Kostnadsbärare' }] }),
      /objects\[0\]: dimension 2 is not declared/,
    );
  });
  test('the same dimension twice in one object list', () => {
    const bad = voucher([
      t(100, {
        objects: [
          { dimension: 1, code: '4711' },
          { dimension: 1, code: '5120' },
        ],
      }),
      t(-100),
    ]);
    assert.throws(() => sieText(withVouchers(bad)), /dimension 1 appears twice/);
  });
  for (const date of ['2025-02-29', '2025-13-01', '2025-04-31', '20250131', '2025-1-31', '', '2025-01-00']) {
    test(`voucher date ${JSON.stringify(date)}`, () => {
      assert.throws(() => sieText(withVouchers(voucher([t(1), t(-1)], { date }))), /vouchers\[0\]\.date .* is not a valid ISO date/);
    });
  }
  test('a leap day is a valid date', () => {
    assert.match(sieText(withVouchers(voucher([t(1), t(-1)], { date: '2024-02-29' }))), /#VER "" "" 20240229 "Test"/);
  });
  test('a bad generation date', () => {
    assert.throws(() => sieText({ ...ulricehamn, generatedOn: '2025-02-30' }), /generatedOn "2025-02-30" is not a valid ISO date/);
  });
  test('an amount that is not a safe integer of öre', () => {
    assert.throws(() => sieText(withVouchers(voucher([t(10.5), t(-10.5)]))), /transactions\[0\]\.amountOre 10\.5 must be a safe integer/);
  });
  test('accounts that are empty or hold spaces or quotes', () => {
    assert.throws(() => sieText(withVouchers(voucher([t(1, { account: '' }), t(-1)]))), /transactions\[0\]: account must not be empty/);
    assert.throws(() => sieText(withVouchers(voucher([t(1, { account: '65 40' }), t(-1)]))), /account "65 40" must not contain spaces/);
    assert.throws(() => sieText(withVouchers(voucher([t(1, { account: '65"40' }), t(-1)]))), /must not contain quotes/);
    assert.throws(() => sieText({ ...ulricehamn, accounts: [{ account: '3540 ', name: 'x' }] }), /accounts\[0\]: account "3540 " must not contain spaces/);
  });
  test('a malformed organisation number and an empty company name', () => {
    assert.throws(() => sieText({ ...ulricehamn, orgNumber: '212000-150' }), /orgNumber "212000-150" is not an organisation number/);
    assert.throws(() => sieText({ ...ulricehamn, companyName: ' ' }), /companyName \(#FNAMN\) must not be empty/);
  });
  test('every problem is listed at once', () => {
    const error = (() => {
      try {
        sieText({ ...withVouchers(voucher([t(1)], { date: 'x' })), generatedOn: 'y' });
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return assert.fail('no error');
    })();
    assert.match(error, /^Cannot write SIE 4I file: /);
    for (const part of ['generatedOn', 'vouchers[0].date', 'at least two', 'does not balance']) assert.ok(error.includes(part), `${part} in ${error}`);
  });
});

describe('encodeSie (IBM PC-8, code page 437)', () => {
  /** CP437 codes of the letters the domain notes list, written out here rather than taken from iconv-lite. */
  const CP437: Record<string, number> = { Ö: 0x99, ö: 0x94, å: 0x86, ä: 0x84, Å: 0x8f, Ä: 0x8e, é: 0x82 };
  const name = 'Ulricehamns kommun Överförmyndare, Åsundens café, Ätran, skåp, bär';
  const doc: SieDocument = { ...ulricehamn, companyName: name };

  test('Swedish letters and é in #FNAMN have their CP437 codes', () => {
    const bytes = encodeSie(doc);
    const expectedLine = [...`#FNAMN "${name}"\r\n`].map((ch) => CP437[ch] ?? ch.charCodeAt(0));
    assert.ok(expectedLine.every((b) => b < 0x80 || Object.values(CP437).includes(b)));
    const start = indexOf(
      bytes,
      [...'#FNAMN '].map((ch) => ch.charCodeAt(0)),
    );
    assert.ok(start >= 0, '#FNAMN not found');
    assert.deepEqual([...bytes.subarray(start, start + expectedLine.length)], expectedLine);
    for (const [letter, code] of Object.entries(CP437)) assert.ok(bytes.includes(code), `${letter} as 0x${code.toString(16)}`);
  });

  test('every byte is CP437 text: no UTF-8 sequences, lines end in CR LF', () => {
    const bytes = encodeSie(doc);
    assert.ok(!bytes.includes(0xc3), 'no UTF-8 lead byte for å/ä/ö');
    assert.equal(bytes.length, sieText(doc).length, 'one byte per character');
    assert.deepEqual([...bytes.subarray(-2)], [0x0d, 0x0a]);
  });

  test('decoding the bytes as cp437 gives back sieText', () => {
    const withReplacements: SieDocument = { ...doc, vouchers: [{ ...ulricehamn.vouchers[0]!, text: 'Faktura 12 € – “januari” 1\u00A0234 \u2212 ½ ü ÿ ¥' }] };
    assert.equal(iconv.decode(Buffer.from(encodeSie(withReplacements)), 'cp437'), sieText(withReplacements));
  });
});

// ---- a small SIE reader for the property ---------------------------------------------------------------

type Token = { kind: 'field'; value: string } | { kind: 'list'; items: string[] };

function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Splits the fields after a label: bare words, "quoted \"fields\"", {object lists}. */
function tokens(rest: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const field = (): string => {
    if (rest[i] !== '"') {
      const start = i;
      while (i < rest.length && rest[i] !== ' ' && rest[i] !== '}') i++;
      return rest.slice(start, i);
    }
    let value = '';
    i++;
    for (;;) {
      const ch = rest[i];
      if (ch === undefined) throw new Error(`unterminated quote in ${rest}`);
      if (ch === '\\' && rest[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (ch === '"') {
        i++;
        return value;
      } else {
        value += ch;
        i++;
      }
    }
  };
  while (i < rest.length) {
    if (rest[i] === ' ') {
      i++;
    } else if (rest[i] === '{') {
      i++;
      const items: string[] = [];
      while (rest[i] !== '}') {
        if (i >= rest.length) throw new Error(`unterminated object list in ${rest}`);
        if (rest[i] === ' ') i++;
        else items.push(field());
      }
      i++;
      out.push({ kind: 'list', items });
    } else {
      out.push({ kind: 'field', value: field() });
    }
  }
  return out;
}

/** "-1234.50" → -123450n, by digits only. */
function parseAmount(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new Error(`not a SIE amount: ${text}`);
  const ore = BigInt(m[2] ?? '') * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -ore : ore;
}

interface ParsedTrans {
  account: string;
  objects: string[];
  amount: bigint;
  text: string | null;
}

/** Reads the vouchers back; fails on a line that is not a label or a lone brace. */
function readVouchers(text: string): { text: string; transactions: ParsedTrans[] }[] {
  assert.ok(text.endsWith('\r\n'));
  const lines = text.slice(0, -2).split('\r\n');
  const vouchers: { text: string; transactions: ParsedTrans[] }[] = [];
  let open = false;
  for (const line of lines) {
    assert.ok(line.startsWith('#') || line === '{' || line === '}', `bad line ${JSON.stringify(line)}`);
    assert.ok(!/[\r\n]/.test(line), 'no stray line break');
    if (line === '{') {
      assert.ok(!open && vouchers.length > 0, '{ only after #VER');
      open = true;
      continue;
    }
    if (line === '}') {
      assert.ok(open, '} closes a voucher');
      open = false;
      continue;
    }
    const space = line.indexOf(' ');
    const label = space < 0 ? line : line.slice(0, space);
    const fields = tokens(space < 0 ? '' : line.slice(space + 1));
    if (label === '#VER') {
      assert.ok(!open);
      const [series, number, date, vtext] = fields;
      assert.deepEqual(
        [series, number],
        [
          { kind: 'field', value: '' },
          { kind: 'field', value: '' },
        ],
      );
      assert.match(date?.kind === 'field' ? date.value : '', /^\d{8}$/);
      vouchers.push({ text: vtext?.kind === 'field' ? vtext.value : '', transactions: [] });
    } else if (label === '#TRANS') {
      assert.ok(open, '#TRANS only inside a voucher');
      const [account, list, amount, transdat, ttext] = fields;
      assert.ok(account?.kind === 'field' && list?.kind === 'list' && amount?.kind === 'field');
      if (transdat) assert.deepEqual(transdat, { kind: 'field', value: '' });
      vouchers.at(-1)?.transactions.push({
        account: account.value,
        objects: list.items,
        amount: parseAmount(amount.value),
        text: ttext?.kind === 'field' ? ttext.value : null,
      });
    } else {
      assert.ok(!open, `${label} inside a voucher`);
    }
  }
  assert.ok(!open, 'last voucher closed');
  return vouchers;
}

describe('property: every #TRANS amount survives the file, and every voucher sums to zero', () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('Överförmyndare – 12 €', '"citat" {x}', 'a\\', '\u00A0\u2212'));
  const transaction = fc.record({
    account: fc.constantFrom('6540', '3540', '1930', '6420'),
    objects: fc.subarray([1, 20]).chain((dims) => fc.tuple(...dims.map((d) => text.map((code) => ({ dimension: d, code: `K${code}` }))))),
    amountOre: fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }),
    text: fc.option(text, { nil: undefined }),
  });
  const voucher = fc
    .record({
      date: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      text,
      transactions: fc.array(transaction, { minLength: 1, maxLength: 6 }),
    })
    .map((v): SieVoucher => {
      // The final transaction balances the random ones (integer arithmetic, well inside the safe range).
      const sum = v.transactions.reduce((s, t) => s + t.amountOre, 0);
      return { ...v, transactions: [...v.transactions, { account: '3540', objects: [], amountOre: sum === 0 ? 0 : -sum, text: 'balans' }] };
    });

  test('random balanced vouchers', () => {
    fc.assert(
      fc.property(fc.array(voucher, { maxLength: 5 }), text, (vouchers, company) => {
        const doc: SieDocument = { ...ulricehamn, companyName: `Kommun ${company}`, vouchers };
        const written = sieText(doc);
        const read = readVouchers(written);
        assert.equal(read.length, vouchers.length);
        read.forEach((v, vi) => {
          const original = vouchers[vi]!;
          assert.deepEqual(
            v.transactions.map((t) => t.amount),
            original.transactions.map((t) => BigInt(t.amountOre)),
          );
          assert.equal(
            v.transactions.reduce((s, t) => s + t.amount, 0n),
            0n,
          );
          v.transactions.forEach((t, ti) => {
            const o = original.transactions[ti]!;
            assert.equal(t.account, o.account);
            assert.deepEqual(
              t.objects.filter((_, i) => i % 2 === 0),
              o.objects.map((x) => String(x.dimension)),
            );
            assert.equal(t.text === null, o.text === undefined || o.text === '');
          });
        });
        assert.equal(iconv.decode(Buffer.from(encodeSie(doc)), 'cp437'), written);
      }),
      { numRuns: 300 },
    );
  });
});
