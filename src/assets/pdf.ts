import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { Temporal } from 'temporal-polyfill';
import type { Eraser } from './rules.ts';

/**
 * Disposal documents (R-5.7, R-5.8) as PDF: the erasure protocol ("Raderingsprotokoll") and the receipt
 * or invoice that proves a student's purchase. No database access: the caller loads the asset, its
 * erasure and sale records and passes plain values; each function returns the finished PDF as a Buffer.
 *
 * Design:
 * - pdfmake 0.3 server API (`createPdf(doc).getBuffer()`) with DejaVu Sans embedded (subset) from the
 *   npm package dejavu-fonts-ttf (issue 16 §4). The standard Helvetica's WinAnsi encoding silently
 *   replaced letters outside Windows-1252 ("Ŋ", "Ł", "⅓"), and a wrong name on an erasure protocol is a
 *   legal defect; DejaVu Sans covers Latin, Greek and Cyrillic, so every name prints as typed. Nothing is
 *   downloaded; the only files read are the four font files.
 * - The module `pdfmake` exports one shared instance whose fonts and access policies are process-wide;
 *   we build our own instance from its class so other modules' settings cannot change (or be changed
 *   by) these documents. Its policies refuse every URL and every local file except the font files.
 * - Not tagged: pdfmake 0.3 passes `tagged` to pdfkit (MarkInfo and an empty structure tree) but writes
 *   no structure elements for its content, so the flag would claim an accessibility it does not give.
 * - Money is integer öre, formatted exactly from its digits (`formatOre`); dates are ISO local dates
 *   (Europe/Stockholm), instants are shown in Europe/Stockholm.
 */

// ---- formatting helpers (pure) ---------------------------------------------------------------------

const NBSP = '\u00a0';

/**
 * Swedish kronor from integer öre, e.g. 123450 → "1 234,50 kr" (no-break spaces, so an amount never
 * wraps across lines; an ASCII "-" for negatives, which search and copy find). Exact for every safe
 * integer: the digits are cut, never divided as floats.
 */
export function formatOre(ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`formatOre: ${ore} is not a whole number of öre`);
  const digits = String(Math.abs(ore)).padStart(3, '0');
  const kronor = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, NBSP);
  return `${ore < 0 ? '-' : ''}${kronor},${digits.slice(-2)}${NBSP}kr`;
}

const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

function parseLocalDate(date: string, field: string): Temporal.PlainDate {
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError('not YYYY-MM-DD');
    return Temporal.PlainDate.from(date, { overflow: 'reject' });
  } catch {
    throw new RangeError(`${field}: ${date} is not a date (YYYY-MM-DD)`);
  }
}

function longDate(d: Temporal.PlainDate): string {
  return `${d.day} ${MONTHS_SV[d.month - 1] ?? ''} ${d.year}`;
}

/** A local date (YYYY-MM-DD, already Europe/Stockholm) as a Swedish long date: 2026-03-03 → "3 mars 2026". */
export function swedishDate(date: string): string {
  return longDate(parseLocalDate(date, 'date'));
}

/** An instant (ISO, with offset or Z) in Europe/Stockholm: 2026-03-03T13:05:00Z → "3 mars 2026 kl. 14:05". */
export function swedishDateTime(instant: string): string {
  let zoned: Temporal.ZonedDateTime;
  try {
    zoned = Temporal.Instant.from(instant).toZonedDateTimeISO('Europe/Stockholm');
  } catch {
    throw new RangeError(`${instant} is not an instant (ISO 8601 with offset)`);
  }
  const hh = String(zoned.hour).padStart(2, '0');
  const mm = String(zoned.minute).padStart(2, '0');
  return `${longDate(zoned.toPlainDate())} kl. ${hh}:${mm}`;
}

/** Days an invoice for a student purchase gives the buyer to pay. */
export const INVOICE_TERMS_DAYS = 30;

/** the invoice's due date, `INVOICE_TERMS_DAYS` calendar days after the sale: 2026-03-03 → 2026-04-02. */
export function invoiceDueDate(soldOn: string): string {
  return parseLocalDate(soldOn, 'soldOn').add({ days: INVOICE_TERMS_DAYS }).toString();
}

/**
 * Text as a person typed it, ready for the PDF: composed (NFC, so "A\u030Asa" is "Åsa"), line breaks
 * kept, tabs and other control characters as spaces. Letters are never replaced: the embedded font
 * shows them (issue 16 §4).
 */
export function pdfText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ');
}

// ---- pdfmake ------------------------------------------------------------------------------------------

type PdfMake = typeof pdfmake;

/** The font family every Samdesk PDF is set in (`defaultStyle.font`), embedded as a subset. */
export const PDF_FONT = 'DejaVuSans';

/** The font files, resolved through the package (works from any working directory and install layout). */
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);
const FONTS: TFontDictionary = {
  [PDF_FONT]: { normal: fontFile('DejaVuSans'), bold: fontFile('DejaVuSans-Bold'), italics: fontFile('DejaVuSans-Oblique'), bolditalics: fontFile('DejaVuSans-BoldOblique') },
};
const FONT_FILES: ReadonlySet<string> = new Set(Object.values(FONTS).flatMap((f) => [f.normal, f.bold, f.italics, f.bolditalics]).filter((p): p is string => typeof p === 'string'));

/**
 * A pdfmake instance of our own (see the design note): same class as the module's shared one, DejaVu
 * Sans only, no URL access and no file but the fonts. Billing's invoice basis uses it too.
 */
export function createPdfMake(): PdfMake {
  const Ctor = (pdfmake as object).constructor as new () => PdfMake;
  const instance = new Ctor();
  instance.setFonts(FONTS);
  // Nothing is downloaded and nothing but the font files is read.
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  return instance;
}

let printer: PdfMake | undefined;

/** Options for tests and debugging; production documents use the defaults. */
export interface PdfOptions {
  /** Deflate the content streams (default true). Tests turn it off to read the text back. */
  compress?: boolean;
}

const BLACK = '#000000';
const GREY = '#555555';

async function render(props: { title: string; subject: string; author: string; printedAt: string; documentId: string; content: Content[] }, options: PdfOptions): Promise<Buffer> {
  printer ??= createPdfMake();
  const printedAt = Temporal.Instant.from(props.printedAt);
  const footerText = pdfText(`Utskriven ${swedishDateTime(props.printedAt)} · Referens ${props.documentId}`);
  const doc: TDocumentDefinitions = {
    compress: options.compress ?? true,
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    language: 'sv-SE',
    // The printing instant as the creation date keeps the output a function of the input.
    info: { title: pdfText(props.title), subject: pdfText(props.subject), author: pdfText(props.author), creator: 'Samdesk', producer: 'Samdesk (pdfmake)', creationDate: new Date(printedAt.epochMilliseconds) },
    displayTitle: true,
    defaultStyle: { font: PDF_FONT, fontSize: 10, color: BLACK, lineHeight: 1.2 },
    styles: {
      org: { fontSize: 11, bold: true, color: GREY },
      title: { fontSize: 20, bold: true, margin: [0, 4, 0, 14] },
      section: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
      label: { color: GREY },
      rule: { bold: true, margin: [0, 14, 0, 0] },
    },
    footer: (currentPage, pageCount) => ({
      margin: [56, 24, 56, 0],
      columns: [
        { text: footerText, fontSize: 8, color: GREY },
        { text: `Sida ${currentPage} av ${pageCount}`, fontSize: 8, color: GREY, alignment: 'right', width: 'auto' },
      ],
    }),
    content: props.content,
  };
  return printer.createPdf(doc).getBuffer();
}

/** A two-column table of label → value rows; every value passes through `pdfText`. */
function facts(rows: readonly (readonly [label: string, value: string])[]): Content {
  return {
    table: { widths: [150, '*'], body: rows.map(([label, value]) => [{ text: pdfText(label), style: 'label' }, { text: pdfText(value) }]) },
    layout: 'lightHorizontalLines',
  };
}

function paragraph(text: string, style?: string): Content {
  return style === undefined ? { text: pdfText(text), margin: [0, 6, 0, 0] } : { text: pdfText(text), style };
}

// ---- the erasure protocol ----------------------------------------------------------------------

/** who may erase — a certified provider or a person designated for erasure. */
export const ERASER_SV: Record<Eraser, string> = {
  certified_provider: 'Certifierad leverantör',
  designated_person: 'Utsedd person',
};

export interface ErasureProtocolInput {
  /** The municipality owning the device, e.g. "Tranemo kommun". */
  municipalityName: string;
  asset: {
    /** The serial in the register. */
    serial: string;
    model: string;
    /** Device type code (`DeviceType`) and its Swedish name, e.g. 'computer' / 'dator'. */
    deviceType: string;
    deviceTypeSv: string;
    /** The unit that last bore the cost. */
    unitName: string;
  };
  /** The erasure record (`ErasureRecord`, flattened). */
  erasure: {
    byKind: Eraser;
    /** The provider's or designated person's name. */
    byName: string;
    method: string;
    /** Local date, YYYY-MM-DD. */
    erasedOn: string;
    /** The serial read from the erased device. */
    serial: string;
  };
  /** Who registered the erasure in Samdesk; null when unknown (e.g. an import). */
  recordedBy: string | null;
  /** When the erasure was registered (ISO instant). */
  recordedAt: string;
  /** When this copy is printed (ISO instant). */
  printedAt: string;
  /** A reference for this printout, e.g. the asset's or the record's id. */
  documentId: string;
}

/**
 * the erasure protocol, printable at any time ("shown on demand"): which device, who erased it
 * (certified provider or designated person), the method, the date, and whether the serial read from the
 * device matches the register — shown as it is, a mismatch is printed as a warning, never hidden.
 */
export async function erasureProtocolPdf(input: ErasureProtocolInput, options: PdfOptions = {}): Promise<Buffer> {
  const { asset, erasure } = input;
  const erasedOn = swedishDate(erasure.erasedOn);
  const serialMatches = erasure.serial.trim() === asset.serial.trim();
  const content: Content[] = [
    paragraph(input.municipalityName, 'org'),
    paragraph('Raderingsprotokoll', 'title'),
    paragraph('Utrustning', 'section'),
    facts([
      ['Typ', asset.deviceTypeSv],
      ['Modell', asset.model],
      ['Serienummer', asset.serial],
      ['Enhet (kostnadsbärare)', asset.unitName],
    ]),
    paragraph('Radering', 'section'),
    facts([
      ['Raderad av', ERASER_SV[erasure.byKind]],
      ['Namn', erasure.byName],
      ['Metod', erasure.method],
      ['Raderingsdatum', erasedOn],
      ['Serienummer avläst på enheten', erasure.serial],
      ['Kontroll av serienummer', serialMatches ? 'Stämmer med registrets serienummer' : `STÄMMER INTE med registrets serienummer ${asset.serial}`],
    ]),
    paragraph('Registrering', 'section'),
    facts([
      ['Registrerad av', input.recordedBy ?? 'Okänd (ingen användare registrerad)'],
      ['Registrerad', swedishDateTime(input.recordedAt)],
      ['Utskriven', swedishDateTime(input.printedAt)],
      ['Referens', input.documentId],
    ]),
    paragraph(
      `All information på enheten raderades ${erasedOn} av ${ERASER_SV[erasure.byKind].toLowerCase()} (${erasure.byName}) med metoden ${erasure.method}. ` +
        'All utrustning som kan lagra information raderas av utsedda personer eller en certifierad leverantör innan den säljs.',
    ),
    paragraph('Ingen försäljning utan raderingsprotokoll (R-5.8)', 'rule'),
  ];
  return render({ title: `Raderingsprotokoll ${asset.serial}`, subject: 'Raderingsprotokoll (R-5.8)', author: input.municipalityName, printedAt: input.printedAt, documentId: input.documentId, content }, options);
}

// ---- receipt or invoice for a student's purchase -------------------------------------------------

export interface SaleReceiptInput {
  /** The proof of the transfer (`Buyer.proof.kind`): a receipt ("Kvitto") or an invoice ("Faktura"). */
  kind: 'receipt' | 'invoice';
  /** The receipt's or invoice's number (`Buyer.proof.reference`). */
  reference: string;
  /** The selling municipality. */
  municipalityName: string;
  /** The student who used the computer. */
  buyer: { name: string };
  asset: { serial: string; model: string };
  /** Local date of the sale, YYYY-MM-DD. */
  soldOn: string;
  /** The price in öre; null when the register holds none. */
  priceOre: number | null;
  /** The erasure that preceded the sale. */
  erasure: { erasedOn: string; byName: string; method: string };
  /** When this copy is printed (ISO instant). */
  printedAt: string;
  /** A reference for this printout. */
  documentId: string;
}

const SALE_KIND_SV: Record<SaleReceiptInput['kind'], { title: string; number: string }> = {
  receipt: { title: 'Kvitto', number: 'Kvittonummer' },
  invoice: { title: 'Faktura', number: 'Fakturanummer' },
};

/**
 * the receipt or invoice proving that a student bought the computer they used. It states that
 * the computer was erased before the sale (R-5.8: date and method) and that the buyer takes it over as
 * it is; an invoice adds its due date, `INVOICE_TERMS_DAYS` after the sale.
 * Refuses (RangeError) a price that is not a whole, non-negative number of öre, and an erasure dated
 * after the sale: the document would state something false.
 */
export async function saleReceiptPdf(input: SaleReceiptInput, options: PdfOptions = {}): Promise<Buffer> {
  if (input.priceOre !== null && (!Number.isSafeInteger(input.priceOre) || input.priceOre < 0)) {
    throw new RangeError(`priceOre: ${input.priceOre} is not a whole, non-negative number of öre`);
  }
  const soldOn = parseLocalDate(input.soldOn, 'soldOn');
  const erasedOn = parseLocalDate(input.erasure.erasedOn, 'erasure.erasedOn');
  // no sale without erasure first; erasure on the day of the sale is allowed.
  if (Temporal.PlainDate.compare(erasedOn, soldOn) > 0) {
    throw new RangeError(`erasure.erasedOn: ${input.erasure.erasedOn} is after the sale (${input.soldOn}); erasure comes before any sale (R-5.8)`);
  }
  const { title, number } = SALE_KIND_SV[input.kind];
  const price = input.priceOre === null ? 'Ej angivet' : formatOre(input.priceOre);
  const dueOn = input.kind === 'invoice' ? swedishDate(invoiceDueDate(input.soldOn)) : null;

  const header: [string, string][] = [
    [number, input.reference],
    ['Datum', longDate(soldOn)],
    ...(dueOn === null ? [] : ([['Förfallodatum', dueOn], ['Betalningsvillkor', `${INVOICE_TERMS_DAYS} dagar netto`]] as [string, string][])),
    ['Säljare', input.municipalityName],
    ['Köpare', input.buyer.name],
  ];
  const content: Content[] = [
    paragraph(input.municipalityName, 'org'),
    paragraph(title, 'title'),
    facts(header),
    paragraph('Specifikation', 'section'),
    {
      table: {
        headerRows: 1,
        widths: ['*', 'auto'],
        body: [
          [{ text: 'Vara', bold: true }, { text: 'Belopp', bold: true, alignment: 'right' }],
          [{ text: pdfText(`Begagnad dator ${input.asset.model}, serienummer ${input.asset.serial}`) }, { text: price, alignment: 'right' }],
          [{ text: input.kind === 'invoice' ? 'Att betala' : 'Betalt', bold: true }, { text: price, bold: true, alignment: 'right' }],
        ],
      },
      layout: 'lightHorizontalLines',
    },
    paragraph(
      input.kind === 'invoice'
        ? `Betala senast ${dueOn ?? ''} och ange fakturanummer ${input.reference} vid betalning.`
        : `Kvittot bekräftar att köpet är betalt och att datorn har överlåtits till köparen.`,
    ),
    paragraph('Villkor', 'section'),
    paragraph(
      `Datorn raderades ${longDate(erasedOn)}, före försäljningen: all information på den togs bort med metoden ${input.erasure.method} (utförd av ${input.erasure.byName}). ` +
        'Ett raderingsprotokoll finns och visas på begäran.',
    ),
    paragraph('Köparen övertar datorn i befintligt skick.'),
    paragraph(`Köparen har använt datorn som personlig utrustning; ${input.kind === 'invoice' ? 'fakturan' : 'kvittot'} styrker att äganderätten har övergått till köparen.`),
  ];
  return render(
    { title: `${title} ${input.reference}`, subject: `${title}: försäljning av dator ${input.asset.serial}`, author: input.municipalityName, printedAt: input.printedAt, documentId: input.documentId, content },
    options,
  );
}
