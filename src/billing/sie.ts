import iconv from 'iconv-lite';

/**
 * SIE 4 export of type 4I — vouchers from a pre-system, here the billing capability (R-6.7): pure
 * functions, no I/O, no clock. The generation date comes in as `generatedOn`; money is integer öre.
 *
 * Format decisions follow DOMAIN-NOTES, section "SIE 4, type 4I" (R-6.7), which summarises
 * "SIE filformat, Utgåva 4B":
 * - Line order: `#FLAGGA 0` first, then `#PROGRAM`, `#FORMAT PC8`, `#GEN`, `#SIETYP 4`, optional
 *   `#ORGNR`, `#FNAMN`; then `#KONTO`, `#DIM`, `#OBJEKT` in the order given; then each voucher as
 *   `#VER "" "" yyyymmdd "text"` with its `#TRANS` lines between `{` and `}` on lines of their own.
 *   Series and number stay `""`: in 4I the receiving ledger assigns them.
 * - `#TRANS account {"dim" "object" …} amount` and, when the transaction has a text, `"" "text"`
 *   (empty transaction date, then the text), as in the 4B form `#TRANS kontonr {objektlista} belopp
 *   transdat transtext`.
 * - Labels forbidden in 4I (`#IB #UB #RES #PSALDO #PBUDGET #OIB #OUB #BKOD #OMFATTN`) are never
 *   written, and neither is `#KPTYP` (Kommun-Bas has no value for it).
 * - Lines end in CR LF; the bytes are IBM PC-8, code page 437 (`encodeSie`). Characters CP437 lacks are
 *   replaced in every field (`sieField`), so encoding never loses data silently.
 * - Amounts: `.` as decimal sign, two decimals, `-` for negative, never `+`; written from integer öre
 *   by string arithmetic, never through floating point.
 *
 * Everything is checked before anything is written; `sieText` throws one `Error` listing every
 * problem, each with its path (`vouchers[2].transactions[0].account: …`).
 */

/** One object in a transaction's object list, e.g. cost centre (dimension 1) "4711". */
export interface SieObject {
  /** Dimension number, declared in `SieDocument.dimensions` (1 cost centre, 20 and up free). */
  dimension: number;
  /** Object code within the dimension. */
  code: string;
}

/** One `#TRANS` line. */
export interface SieTransaction {
  /** Account number (Kommun-Bas), without spaces. */
  account: string;
  /** Object list; empty for `{}`. At most one object per dimension. */
  objects: SieObject[];
  /** Amount in integer öre; positive is debit, negative is credit. */
  amountOre: number;
  /** Transaction text; omitted from the line when absent or empty. */
  text?: string;
}

/** One `#VER` with its transactions; the amounts must sum to zero. */
export interface SieVoucher {
  /** ISO yyyy-mm-dd */
  date: string;
  /** Voucher text (vertext). */
  text: string;
  /** At least two transactions summing to exactly 0 öre. */
  transactions: SieTransaction[];
}

/** Everything a SIE 4I file holds. */
export interface SieDocument {
  /** `#PROGRAM name version`: the generating program. */
  program: { name: string; version: string };
  /** ISO yyyy-mm-dd */
  generatedOn: string;
  /** #FNAMN: the company (municipality) name */
  companyName: string;
  /** `#ORGNR nnnnnn-nnnn` when given (ten digits without the hyphen are accepted too). */
  orgNumber?: string | null;
  /** `#DIM number name`: every dimension used in an object list must be declared here. */
  dimensions: { number: number; name: string }[];
  /** `#OBJEKT dimension code name`. */
  objects: { dimension: number; code: string; name: string }[];
  /** `#KONTO account name`. */
  accounts?: { account: string; name: string }[];
  /** The vouchers, written in this order. */
  vouchers: SieVoucher[];
}

// ---- fields -----------------------------------------------------------------------------------------

/** Replacements for characters CP437 lacks that Swedish text (and `Intl` sv-SE output) often holds. */
const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['\u2013', '-'], // – en dash
  ['\u2014', '-'], // — em dash
  ['\u2212', '-'], // − minus sign (Intl.NumberFormat sv-SE writes it)
  ['\u2019', "'"], // ’
  ['\u2018', "'"], // ‘
  ['\u201C', '"'], // “
  ['\u201D', '"'], // ”
  ['\u20AC', 'EUR'], // €
  ['\u00A0', ' '], // non-breaking space (CP437 has it as 0xFF, but receivers would not split on it)
  // The 4B specification defines only \" as an escape; readers differ on a lone backslash (some drop it
  // together with the next character), and one before a quote would break the field, so none is written.
  ['\\', '/'],
]);

/** Every printable character CP437 can encode, taken from iconv-lite's own table. */
const CP437: ReadonlySet<string> = (() => {
  const bytes = new Uint8Array(256 - 0x20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i + 0x20;
  return new Set(iconv.decode(bytes, 'cp437'));
})();

/** C0, DEL and C1 control characters: not allowed anywhere in a SIE file (tabs and line breaks included). */
function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** The field's characters as they will be written: NFC, replacements applied, controls removed. */
function cleanText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    if (isControl(ch)) continue;
    const replaced = REPLACEMENTS.get(ch);
    if (replaced !== undefined) out += replaced;
    else out += CP437.has(ch) ? ch : '?';
  }
  return out;
}

function quote(clean: string): string {
  return `"${clean.replaceAll('"', '\\"')}"`;
}

/**
 * One SIE field. Control characters are removed; characters CP437 lacks are replaced (– — − → `-`,
 * ’ ‘ → `'`, “ ” → `"`, € → `EUR`, non-breaking space → space, `\` → `/`, anything else → `?`); the
 * field is quoted when it then contains a space, a quote or a brace, or is empty, with `"` escaped as
 * `\"`.
 *
 * @example sieField('Ulricehamns kommun') // → '"Ulricehamns kommun"'
 * @example sieField('3011') // → '3011'
 * @example sieField('') // → '""'
 */
export function sieField(value: string): string {
  const clean = cleanText(value);
  return clean === '' || /[ "{}]/.test(clean) ? quote(clean) : clean;
}

/** A free-text field (names, texts): always quoted, as the 4B examples write them. */
function textField(value: string): string {
  return quote(cleanText(value));
}

/**
 * An amount in integer öre as SIE writes it: `.` decimal sign, exactly two decimals, `-` for negative,
 * never `+`. Computed on the digits, never through floating point.
 *
 * @example formatSieAmount(123450) // → '1234.50'
 * @example formatSieAmount(-5) // → '-0.05'
 */
export function formatSieAmount(ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new Error(`SIE amount must be a safe integer number of öre, got ${String(ore)}`);
  const digits = String(Math.abs(ore)).padStart(3, '0');
  const sign = ore < 0 ? '-' : '';
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

// ---- validation -------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** ISO yyyy-mm-dd → SIE yyyymmdd (the date has been validated). */
function sieDate(iso: string): string {
  return iso.replaceAll('-', '');
}

/** Account numbers are written bare, so they must need no quoting and no replacement. */
function accountProblem(account: string): string | null {
  if (account === '') return 'account must not be empty';
  if (/\s/u.test(account)) return `account ${JSON.stringify(account)} must not contain spaces`;
  if (sieField(account) !== account) {
    return `account ${JSON.stringify(account)} must not contain quotes, braces, backslashes, control characters or characters outside CP437`;
  }
  return null;
}

function normalisedOrgNumber(value: string): string | null {
  const m = /^(\d{6})-?(\d{4})$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}` : null;
}

/** Empty once written: nothing but spaces and control characters. */
function isBlank(value: string): boolean {
  return cleanText(value).trim() === '';
}

/** Every problem with the document, each prefixed with its path; empty when the file can be written. */
function problemsOf(doc: SieDocument): string[] {
  const problems: string[] = [];
  if (isBlank(doc.program.name)) problems.push('program.name must not be empty');
  if (isBlank(doc.program.version)) problems.push('program.version must not be empty');
  if (!isIsoDate(doc.generatedOn)) problems.push(`generatedOn ${JSON.stringify(doc.generatedOn)} is not a valid ISO date (yyyy-mm-dd)`);
  if (isBlank(doc.companyName)) problems.push('companyName (#FNAMN) must not be empty');
  if (typeof doc.orgNumber === 'string' && normalisedOrgNumber(doc.orgNumber) === null) {
    problems.push(`orgNumber ${JSON.stringify(doc.orgNumber)} is not an organisation number (nnnnnn-nnnn)`);
  }

  const declared = new Set<number>();
  doc.dimensions.forEach((d, i) => {
    if (!Number.isSafeInteger(d.number) || d.number < 1) problems.push(`dimensions[${i}].number ${String(d.number)} must be a positive integer`);
    else if (declared.has(d.number)) problems.push(`dimensions[${i}]: dimension ${d.number} is declared twice`);
    declared.add(d.number);
  });

  const objectKeys = new Set<string>();
  doc.objects.forEach((o, i) => {
    if (!declared.has(o.dimension)) problems.push(`objects[${i}]: dimension ${String(o.dimension)} is not declared in dimensions (#DIM)`);
    if (isBlank(o.code)) problems.push(`objects[${i}].code must not be empty`);
    const key = JSON.stringify([o.dimension, o.code]);
    if (objectKeys.has(key)) problems.push(`objects[${i}]: object ${JSON.stringify(o.code)} in dimension ${String(o.dimension)} is declared twice`);
    objectKeys.add(key);
  });

  const accounts = new Set<string>();
  (doc.accounts ?? []).forEach((a, i) => {
    const problem = accountProblem(a.account);
    if (problem) problems.push(`accounts[${i}]: ${problem}`);
    if (accounts.has(a.account)) problems.push(`accounts[${i}]: account ${JSON.stringify(a.account)} is declared twice`);
    accounts.add(a.account);
  });

  doc.vouchers.forEach((v, vi) => {
    const at = `vouchers[${vi}]`;
    if (!isIsoDate(v.date)) problems.push(`${at}.date ${JSON.stringify(v.date)} is not a valid ISO date (yyyy-mm-dd)`);
    if (v.transactions.length < 2) problems.push(`${at} has ${v.transactions.length} transaction(s); a voucher needs at least two`);
    // BigInt: the sum of safe integers can leave the safe range, and a balance must be exact.
    let sum = 0n;
    let amountsValid = true;
    v.transactions.forEach((t, ti) => {
      const tat = `${at}.transactions[${ti}]`;
      const problem = accountProblem(t.account);
      if (problem) problems.push(`${tat}: ${problem}`);
      if (Number.isSafeInteger(t.amountOre)) sum += BigInt(t.amountOre);
      else {
        amountsValid = false;
        problems.push(`${tat}.amountOre ${String(t.amountOre)} must be a safe integer number of öre`);
      }
      const used = new Set<number>();
      t.objects.forEach((o, oi) => {
        if (!declared.has(o.dimension)) problems.push(`${tat}.objects[${oi}]: dimension ${String(o.dimension)} is not declared in dimensions (#DIM)`);
        if (used.has(o.dimension)) problems.push(`${tat}.objects[${oi}]: dimension ${String(o.dimension)} appears twice in one object list`);
        if (isBlank(o.code)) problems.push(`${tat}.objects[${oi}].code must not be empty`);
        used.add(o.dimension);
      });
    });
    if (amountsValid && sum !== 0n) {
      const ore = sum < 0n ? -sum : sum;
      const text = `${sum < 0n ? '-' : ''}${String(ore / 100n)}.${String(ore % 100n).padStart(2, '0')}`;
      problems.push(`${at} (${JSON.stringify(v.text)}) does not balance: its transactions sum to ${text} (${String(sum)} öre), not 0`);
    }
  });
  return problems;
}

// ---- the file ---------------------------------------------------------------------------------------

function objectList(objects: SieObject[]): string {
  return `{${objects.map((o) => `${quote(String(o.dimension))} ${quote(cleanText(o.code))}`).join(' ')}}`;
}

function transLine(t: SieTransaction): string {
  const line = `#TRANS ${t.account} ${objectList(t.objects)} ${formatSieAmount(t.amountOre)}`;
  return t.text === undefined || t.text === '' ? line : `${line} "" ${textField(t.text)}`;
}

/**
 * The SIE 4I file as text: lines joined with CR LF, ending with CR LF. Throws an `Error` listing every
 * problem (unbalanced or single-transaction vouchers, bad dates or amounts, accounts with spaces,
 * undeclared dimensions, …) when the document cannot be written.
 */
export function sieText(doc: SieDocument): string {
  const problems = problemsOf(doc);
  if (problems.length > 0) throw new Error(`Cannot write SIE 4I file: ${problems.join('; ')}`);

  const lines = [
    '#FLAGGA 0',
    `#PROGRAM ${textField(doc.program.name)} ${sieField(doc.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${sieDate(doc.generatedOn)}`,
    '#SIETYP 4',
  ];
  if (typeof doc.orgNumber === 'string') lines.push(`#ORGNR ${normalisedOrgNumber(doc.orgNumber) ?? ''}`);
  lines.push(`#FNAMN ${textField(doc.companyName)}`);
  for (const a of doc.accounts ?? []) lines.push(`#KONTO ${a.account} ${textField(a.name)}`);
  for (const d of doc.dimensions) lines.push(`#DIM ${d.number} ${textField(d.name)}`);
  for (const o of doc.objects) lines.push(`#OBJEKT ${o.dimension} ${sieField(o.code)} ${textField(o.name)}`);
  for (const v of doc.vouchers) {
    lines.push(`#VER "" "" ${sieDate(v.date)} ${textField(v.text)}`, '{');
    for (const t of v.transactions) lines.push(transLine(t));
    lines.push('}');
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

/** `sieText` encoded in IBM PC-8 (code page 437), ready to be written to a `.si` file. */
export function encodeSie(doc: SieDocument): Uint8Array {
  const bytes = iconv.encode(sieText(doc), 'cp437');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
