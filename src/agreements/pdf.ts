import type { Content, TableCell } from 'pdfmake/interfaces';
import { facts, formatOre, paragraph, PDF_FONT, pdfText, render, swedishDate, swedishDateTime, type PdfOptions } from '../platform/pdf.ts';
import type { Application, Review } from './contract.ts';
import { APPLICATION_KIND_SV, COST_HEADING_SV, COST_HEADINGS, STATUS_SV } from './rules.ts';
import { layoutSketch, sketchSvg } from './sketch.ts';

/**
 * R-7.1: an application's agreement as a Swedish PDF (pdfmake on platform/pdf.ts, as the billing basis
 * is): the register's facts, the description and both parties' responsibilities, the year's cost with
 * the standard model's arithmetic per heading, who pays what, the system sketch (the same SVG the page
 * shows), and the version and review history.
 */
export interface AgreementPdfInput {
  municipalityName: string;
  application: Application;
  reviews: readonly Review[];
  /** When this copy is printed (ISO instant). */
  printedAt: string;
}

const cell = (value: string, extra: { bold?: boolean } = {}): TableCell => ({ text: pdfText(value), ...extra });
const amount = (ore: number, bold = false): TableCell => ({ text: formatOre(ore), alignment: 'right', bold });
const header = (...names: string[]): TableCell[] => names.map((n) => cell(n, { bold: true }));
const table = (widths: (string | number)[], body: TableCell[][]): Content => ({ table: { headerRows: 1, widths, body }, layout: 'lightHorizontalLines' });

function owner(o: Application['systemOwner']): string {
  if (o === null) return 'Inte angiven';
  return [o.personName, o.role].filter((x) => x !== null && x !== '').join(', ') || 'Inte angiven';
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const number = (n: number) => n.toLocaleString('sv-SE').replace(/\s/g, '\u00a0');

export async function agreementPdf(input: AgreementPdfInput, options: PdfOptions = {}): Promise<Buffer> {
  const app = input.application;
  const agreement = app.agreement;
  const cost = app.cost;
  const costRows: TableCell[][] = [header('Kostnadsrubrik', 'Kostnadsdrivare', 'Beräkning', 'Belopp per år')];
  for (const heading of COST_HEADINGS) {
    const lines = cost.lines.filter((l) => l.heading === heading);
    if (lines.length === 0) {
      costRows.push([cell(COST_HEADING_SV[heading]), cell('–'), cell(''), amount(0)]);
      continue;
    }
    lines.forEach((l, i) =>
      costRows.push([
        cell(i === 0 ? COST_HEADING_SV[heading] : ''),
        cell(l.label),
        cell(`${number(l.quantity)} ${l.unit} × ${formatOre(l.unitPriceOre)}`),
        amount(l.amountOre),
      ]),
    );
  }
  costRows.push([cell('Summa', { bold: true }), cell(''), cell(''), amount(cost.totalOre, true)]);

  const share = (u: Application['split']['units'][number]) =>
    app.split.mode === 'share' ? `${((u.shareBp ?? 0) / 100).toLocaleString('sv-SE', { maximumFractionDigits: 2 })} %` : `${number(u.users ?? 0)} användare`;
  const sketch = agreement ? sketchSvg(await layoutSketch(agreement.sketch), { name: app.name }) : null;

  const content: Content[] = [
    paragraph(input.municipalityName, 'org'),
    paragraph(`${APPLICATION_KIND_SV[app.kind]}: ${app.name}`, 'title'),
    facts([
      ['Status', capitalised(STATUS_SV[app.status])],
      ['I drift från', app.startsOn ? swedishDate(app.startsOn) : 'Inte i drift ännu'],
      ...(app.terminatedOn ? [['Uppsagd', swedishDate(app.terminatedOn)] as const] : []),
      ['Systemägare', owner(app.systemOwner)],
      ['Verksamhetsansvarig', owner(app.businessOwner)],
      ['Tekniskt ansvarig', owner(app.technicalOwner)],
      ['Informationsägare', owner(app.informationOwner)],
      ['Avtalsversion', agreement ? `${agreement.number}, ${swedishDateTime(agreement.createdAt)}` : 'Ingen version ännu'],
      ['Nästa genomgång', app.nextReviewOn ? swedishDate(app.nextReviewOn) : 'Inte planerad'],
    ]),
    paragraph('Beskrivning', 'section'),
    paragraph(agreement?.description || 'Ingen beskrivning.'),
    paragraph('IT:s ansvar (teknisk systemförvaltning)', 'section'),
    paragraph(agreement?.itResponsibilities || 'Inte beskrivet.'),
    paragraph('Verksamhetens ansvar (systemförvaltning)', 'section'),
    paragraph(agreement?.businessResponsibilities || 'Inte beskrivet.'),
    paragraph(`Driftkostnad ${cost.year}`, 'section'),
    cost.modelFound
      ? paragraph(`Enligt schablonmodellen för ${cost.year}: antal × styckpris per kostnadsdrivare, summerat per rubrik.`)
      : paragraph(`Det finns ingen kostnadsmodell för ${cost.year}, så kostnaden är inte beräknad.`),
    table(['auto', '*', 'auto', 'auto'], costRows),
    paragraph('Fördelning mellan enheter', 'section'),
    app.split.units.length === 0
      ? paragraph('Ingen enhet betalar för applikationen.')
      : table(
          ['*', 'auto', 'auto'],
          [
            header('Enhet', app.split.mode === 'share' ? 'Andel' : 'Användare', 'Belopp per år'),
            ...app.split.units.map((u) => [cell(u.unitName), cell(share(u)), amount(u.amountOre)]),
          ],
        ),
    ...app.split.problems.map((p) => paragraph(`Observera: ${p.reasonSv}.`, 'rule')),
    paragraph('Systemskiss', 'section'),
    sketch ? { svg: sketch, fit: [483, 600], font: PDF_FONT } : paragraph('Ingen systemskiss.'),
    paragraph('Versioner', 'section'),
    table(
      ['auto', 'auto', 'auto', '*'],
      [
        header('Version', 'Datum', 'Av', 'Vad som ändrats'),
        ...app.versions.map((v) => [cell(String(v.number)), cell(swedishDateTime(v.createdAt)), cell(v.createdByName ?? 'Okänd'), cell(v.changeNote)]),
      ],
    ),
    paragraph('Årliga genomgångar', 'section'),
    input.reviews.length === 0
      ? paragraph('Ingen genomgång är bokad eller hållen ännu.')
      : table(
          ['auto', 'auto', 'auto', '*'],
          [
            header('Tid', 'Plats', 'Status', 'Protokoll'),
            ...input.reviews.map((r) => [
              cell(swedishDateTime(r.startsAt)),
              cell(r.place),
              cell(
                r.status === 'held' ? `Hållen${r.agreementVersion ? `, gav version ${r.agreementVersion}` : ''}` : r.status === 'booked' ? 'Bokad' : 'Inställd',
              ),
              cell(r.minutes ?? ''),
            ]),
          ],
        ),
  ];
  return render(
    {
      title: `${APPLICATION_KIND_SV[app.kind]} ${app.name}`,
      subject: APPLICATION_KIND_SV[app.kind],
      author: input.municipalityName,
      printedAt: input.printedAt,
      documentId: app.id,
      content,
    },
    options,
  );
}
