import { createRequire } from 'node:module';
import type pdfmakeModule from 'pdfmake';
import type { Content, TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { Temporal } from 'temporal-polyfill';

/**
 * Building blocks of every Samdesk PDF (issue 17 moved them here from assets, so billing's invoice basis
 * and the disposal documents share them without importing each other): the embedded font, the page with
 * its footer, label–value tables, and Swedish dates and amounts.
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

export function parseLocalDate(date: string, field: string): Temporal.PlainDate {
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError('not YYYY-MM-DD');
    return Temporal.PlainDate.from(date, { overflow: 'reject' });
  } catch {
    throw new RangeError(`${field}: ${date} is not a date (YYYY-MM-DD)`);
  }
}

export function longDate(d: Temporal.PlainDate): string {
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

/**
 * Text as a person typed it, ready for the PDF: composed (NFC, so "A\u030Asa" is "Åsa"), line breaks
 * kept, tabs and other control characters as spaces. Letters are never replaced: the embedded font
 * shows them (issue 16 §4).
 */
export function pdfText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, ' ')
  );
}

// ---- pdfmake ------------------------------------------------------------------------------------------

type PdfMake = typeof pdfmakeModule;

/** The font family every Samdesk PDF is set in (`defaultStyle.font`), embedded as a subset. */
export const PDF_FONT = 'DejaVuSans';

/** The font files, resolved through the package (works from any working directory and install layout). */
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);
const FONTS: TFontDictionary = {
  [PDF_FONT]: {
    normal: fontFile('DejaVuSans'),
    bold: fontFile('DejaVuSans-Bold'),
    italics: fontFile('DejaVuSans-Oblique'),
    bolditalics: fontFile('DejaVuSans-BoldOblique'),
  },
};
const FONT_FILES: ReadonlySet<string> = new Set(
  Object.values(FONTS)
    .flatMap((f) => [f.normal, f.bold, f.italics, f.bolditalics])
    .filter((p): p is string => typeof p === 'string'),
);

/**
 * A pdfmake instance of our own (see the design note): same class as the module's shared one, DejaVu
 * Sans only, no URL access and no file but the fonts. Billing's invoice basis uses it too.
 */
export async function createPdfMake(): Promise<PdfMake> {
  // Loaded on the first document, not at start: pdfmake and its fonts' code cost some 14 MB of memory
  // a server that prints nothing should not hold (issue 17 §4).
  const { default: pdfmake } = await import('pdfmake');
  const Ctor = (pdfmake as object).constructor as new () => PdfMake;
  const instance = new Ctor();
  instance.setFonts(FONTS);
  // Nothing is downloaded and nothing but the font files is read.
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy((path) => FONT_FILES.has(path));
  return instance;
}

let printer: Promise<PdfMake> | undefined;

/** Options for tests and debugging; production documents use the defaults. */
export interface PdfOptions {
  /** Deflate the content streams (default true). Tests turn it off to read the text back. */
  compress?: boolean;
}

/** Colours of every document. */
const BLACK = '#000000';
const GREY = '#555555';

export async function render(
  props: { title: string; subject: string; author: string; printedAt: string; documentId: string; content: Content[] },
  options: PdfOptions,
): Promise<Buffer> {
  printer ??= createPdfMake();
  const pdf = await printer;
  const printedAt = Temporal.Instant.from(props.printedAt);
  const footerText = pdfText(`Utskriven ${swedishDateTime(props.printedAt)} · Referens ${props.documentId}`);
  const doc: TDocumentDefinitions = {
    compress: options.compress ?? true,
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 64],
    language: 'sv-SE',
    // The printing instant as the creation date keeps the output a function of the input.
    info: {
      title: pdfText(props.title),
      subject: pdfText(props.subject),
      author: pdfText(props.author),
      creator: 'Samdesk',
      producer: 'Samdesk (pdfmake)',
      creationDate: new Date(printedAt.epochMilliseconds),
    },
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
  return pdf.createPdf(doc).getBuffer();
}

/** A two-column table of label → value rows; every value passes through `pdfText`. */
export function facts(rows: readonly (readonly [label: string, value: string])[]): Content {
  return {
    table: { widths: [150, '*'], body: rows.map(([label, value]) => [{ text: pdfText(label), style: 'label' }, { text: pdfText(value) }]) },
    layout: 'lightHorizontalLines',
  };
}

export function paragraph(text: string, style?: string): Content {
  return style === undefined ? { text: pdfText(text), margin: [0, 6, 0, 0] } : { text: pdfText(text), style };
}
