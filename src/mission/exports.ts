import { now } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import { safeFilePart } from '../platform/http/download.ts';
import type { Actor } from '../platform/http/context.ts';
import { facts, paragraph, render, swedishDate, type PdfOptions } from '../platform/pdf.ts';
import type { MissionVersionDetail } from './contract.ts';
import { readMissionVersion } from './service.ts';

/**
 * "changes from the previous mission", generated from the two documents, for the board's
 * papers: as plain text to paste and as a PDF.
 */
function heading(v: MissionVersionDetail): string {
  return v.basedOn ? `Ändringar i ${v.title} jämfört med ${v.basedOn.title}` : `Ändringar i ${v.title}`;
}

const status = (v: MissionVersionDetail) =>
  v.status === 'draft' ? 'Utkast, inte publicerat' : `Publicerat ${v.publishedAt ? swedishDate(v.publishedAt.slice(0, 10)) : ''}`.trim();

export async function changesText(db: Db, actor: Actor, id: string): Promise<{ filename: string; text: string }> {
  const v = await readMissionVersion(db, actor, id);
  const lines = v.changes.length ? v.changes.map((c) => `– ${c.text}`) : ['Inga ändringar.'];
  return { filename: `andringar-${safeFilePart(v.title)}.txt`, text: [heading(v), '', ...lines, ''].join('\n') };
}

export async function changesPdf(db: Db, actor: Actor, id: string, options: PdfOptions = {}): Promise<{ filename: string; pdf: Buffer }> {
  const v = await readMissionVersion(db, actor, id);
  const pdf = await render(
    {
      title: heading(v),
      subject: 'Ändringar från föregående ramuppdrag',
      author: 'It-enheten',
      printedAt: now().toISOString(),
      documentId: `${v.year}-${v.revision}`,
      content: [
        paragraph('Ändringar från föregående ramuppdrag', 'org'),
        paragraph(heading(v), 'title'),
        facts([
          ['Ramuppdrag', v.title],
          ['Gäller från', swedishDate(v.effectiveFrom)],
          ['Jämförs med', v.basedOn?.title ?? 'Inget tidigare ramuppdrag'],
          ['Status', status(v)],
        ]),
        paragraph('Ändringar', 'section'),
        ...(v.changes.length ? [{ ul: v.changes.map((c) => paragraph(c.text)) }] : [paragraph('Inga ändringar.')]),
      ],
    },
    options,
  );
  return { filename: `andringar-${safeFilePart(v.title)}.pdf`, pdf };
}
