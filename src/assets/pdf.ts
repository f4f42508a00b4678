import { Temporal } from 'temporal-polyfill';
import type { Content } from 'pdfmake/interfaces';
import { facts, formatOre, longDate, paragraph, parseLocalDate, pdfText, render, swedishDate, swedishDateTime, type PdfOptions } from '../platform/pdf.ts';
import type { Eraser } from './rules.ts';

/**
 * Disposal documents as PDF: the erasure protocol ("Raderingsprotokoll") and the receipt
 * or invoice that proves a student's purchase. No database access: the caller loads the asset, its
 * erasure and sale records and passes plain values; each function returns the finished PDF as a Buffer.
 * The building blocks (font, page, footer, tables, Swedish dates and amounts) are the platform's
 * (src/platform/pdf.ts), shared with billing's invoice basis.
 */

/** the invoice's due date, `termsDays` calendar days after the sale (30: 2026-03-03 → 2026-04-02). */
export function invoiceDueDate(soldOn: string, termsDays: number): string {
  return parseLocalDate(soldOn, 'soldOn').add({ days: termsDays }).toString();
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
  return render(
    {
      title: `Raderingsprotokoll ${asset.serial}`,
      subject: 'Raderingsprotokoll (R-5.8)',
      author: input.municipalityName,
      printedAt: input.printedAt,
      documentId: input.documentId,
      content,
    },
    options,
  );
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
  /** days an invoice gives to pay, from the mission in force on the sale (billing.invoiceTermsDays). */
  invoiceTermsDays: number;
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
 * it is; an invoice adds its due date, `invoiceTermsDays` after the sale.
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
  const dueOn = input.kind === 'invoice' ? swedishDate(invoiceDueDate(input.soldOn, input.invoiceTermsDays)) : null;

  const header: [string, string][] = [
    [number, input.reference],
    ['Datum', longDate(soldOn)],
    ...(dueOn === null
      ? []
      : ([
          ['Förfallodatum', dueOn],
          ['Betalningsvillkor', `${input.invoiceTermsDays} dagar netto`],
        ] as [string, string][])),
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
          [
            { text: 'Vara', bold: true },
            { text: 'Belopp', bold: true, alignment: 'right' },
          ],
          [{ text: pdfText(`Begagnad dator ${input.asset.model}, serienummer ${input.asset.serial}`) }, { text: price, alignment: 'right' }],
          [
            { text: input.kind === 'invoice' ? 'Att betala' : 'Betalt', bold: true },
            { text: price, bold: true, alignment: 'right' },
          ],
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
    paragraph(
      `Köparen har använt datorn som personlig utrustning; ${input.kind === 'invoice' ? 'fakturan' : 'kvittot'} styrker att äganderätten har övergått till köparen.`,
    ),
  ];
  return render(
    {
      title: `${title} ${input.reference}`,
      subject: `${title}: försäljning av dator ${input.asset.serial}`,
      author: input.municipalityName,
      printedAt: input.printedAt,
      documentId: input.documentId,
      content,
    },
    options,
  );
}
