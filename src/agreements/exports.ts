import { findMunicipality } from '../org/store.ts';
import { now as clockNow } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { PDF_CONTENT_TYPE, safeFilePart, type Download } from '../platform/http/download.ts';
import { agreementPdf } from './pdf.ts';
import { listReviews } from './reviews.ts';
import { getApplication } from './service.ts';

/** the agreement as a PDF for whoever may read the application, with the asked year's cost. */
export async function agreementDownload(db: Db, actor: Actor, id: string, year: number | undefined, now: Date = clockNow()): Promise<Download> {
  const application = await getApplication(db, actor, id, year);
  const reviews = await listReviews(db, actor, id);
  const municipality = await findMunicipality(db, application.municipalityId);
  const body = await agreementPdf({ municipalityName: municipality?.name ?? '', application, reviews, printedAt: now.toISOString() });
  return {
    filename: `applikationsavtal-${safeFilePart(application.name)}-${application.cost.year}.pdf`,
    contentType: PDF_CONTENT_TYPE,
    body: new Uint8Array(body),
  };
}
