import { facts, paragraph, render, swedishDateTime, type PdfOptions } from '../platform/pdf.ts';
import type { IncidentReport, Outage } from './contract.ts';

/**
 * an IT incident report in the municipality's own template, as a Swedish PDF: the outage's
 * facts, then each of the template's sections with the text written under it.
 */
export interface IncidentPdfInput {
  municipalityName: string;
  outage: Outage;
  report: IncidentReport;
  printedAt: string;
}

export function incidentPdf(input: IncidentPdfInput, options: PdfOptions = {}): Promise<Buffer> {
  const { outage, report } = input;
  return render(
    {
      title: `It-incidentrapport: ${outage.title}`,
      subject: 'It-incidentrapport',
      author: 'It-enheten',
      printedAt: input.printedAt,
      documentId: report.id ?? outage.id,
      content: [
        paragraph(input.municipalityName, 'org'),
        paragraph(`It-incidentrapport: ${outage.title}`, 'title'),
        facts([
          ['Start', swedishDateTime(outage.startsAt)],
          ['Slut', outage.endsAt ? swedishDateTime(outage.endsAt) : 'Pågår'],
          ['Berörda it-funktioner', outage.functions.map((f) => f.name).join(', ') || 'Inga'],
          ['Rapporten avser', input.municipalityName],
        ]),
        ...report.sections.flatMap((s) => [paragraph(s.heading, 'section'), paragraph(s.text.trim() || 'Inget angivet.')]),
      ],
    },
    options,
  );
}
