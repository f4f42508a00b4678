import type { Problem } from '../org/rules.ts';
import { canSeeMunicipality } from '../platform/access.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { staleVersion } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { enqueuePreparedMail } from '../platform/mail/outbox.ts';
import { swedishDateTime } from '../platform/pdf.ts';
import type {
  IncidentReport,
  IncidentReportInput,
  IncidentReportList,
  IncidentReportSend,
  IncidentTemplate,
  IncidentTemplateInput,
  IncidentTemplateList,
  Outage,
} from './contract.ts';
import { incidentPdf } from './pdf.ts';
import { managesOperations, readsOutages } from './policy.ts';
import { permission } from './presenter.ts';
import type { ReportSection } from './schema.ts';
import { getOutage, labelled, municipalityNames, reject } from './service.ts';
import * as store from './store.ts';

/**
 * IT reports IT incidents on its own, in the way each municipality prescribes. Each
 * municipality's template (its sections and who receives the reports) is data; an incident gets one
 * report per municipality it affected, filled in from the outage to start with, saved, and sent as PDF
 * by mail to the municipality's recipients.
 */

/** The template each municipality starts with (seeded once; the unit changes it to the municipality's own). */
export const DEFAULT_SECTIONS: ReportSection[] = [
  { key: 'handelse', heading: 'Vad hände', help: 'Beskriv händelsen kort, så att den som inte var med förstår.' },
  { key: 'tid', heading: 'När och hur länge', help: 'Start, slut och hur länge verksamheten påverkades.' },
  { key: 'paverkan', heading: 'Vilka verksamheter och funktioner berördes', help: 'It-funktioner, enheter och ungefär hur många användare.' },
  { key: 'orsak', heading: 'Orsak', help: 'Vad orsakade incidenten, så långt det är känt.' },
  { key: 'atgarder', heading: 'Vidtagna åtgärder', help: 'Vad it gjorde för att återställa driften.' },
  { key: 'forebyggande', heading: 'Förebyggande åtgärder', help: 'Vad som görs för att det inte ska hända igen.' },
  {
    key: 'personuppgifter',
    heading: 'Personuppgifter',
    help: 'Berördes personuppgifter? Anmäl i så fall en personuppgiftsincident enligt kommunens rutin.',
  },
];

/** Seeds the default template for each municipality that has none. */
export async function seedIncidentTemplates(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const m of await store.listMunicipalities(tx)) {
      const row = await store.insertTemplateIfMissing(tx, { municipalityId: m.id, sections: DEFAULT_SECTIONS, recipients: [] });
      if (row) await writeAudit(tx, { actorUserId: null, municipalityId: m.id, entity: 'incident_template', entityId: m.id, action: 'create', after: row });
    }
  });
}

const EDIT_TEMPLATE: Problem = { field: 'role', reason: 'only IT management changes the templates', reasonSv: 'bara it-ledningen ändrar mallarna' };

function presentTemplate(actor: Actor, t: store.TemplateRow, names: ReadonlyMap<string, string>): IncidentTemplate {
  const edits = actor.roles.includes('it_management') || actor.roles.includes('admin');
  return {
    municipality: { id: t.municipalityId, name: names.get(t.municipalityId) ?? '' },
    sections: t.sections,
    recipients: t.recipients,
    version: t.version,
    permissions: { edit: permission(edits ? null : EDIT_TEMPLATE) },
  };
}

export async function listTemplates(db: Db, actor: Actor): Promise<IncidentTemplateList> {
  assertPolicy(actor, readsOutages);
  const names = await municipalityNames(db);
  const rows = (await store.listTemplates(db)).filter((t) => canSeeMunicipality(actor.scope, t.municipalityId));
  return { items: rows.map((t) => presentTemplate(actor, t, names)).sort((a, b) => a.municipality.name.localeCompare(b.municipality.name, 'sv')) };
}

export async function updateTemplate(db: Db, actor: Actor, municipalityId: string, input: IncidentTemplateInput): Promise<IncidentTemplate> {
  assertPolicy(actor, readsOutages);
  if (!canSeeMunicipality(actor.scope, municipalityId)) throw new AppError('not_found');
  if (!presentTemplate(actor, { municipalityId, sections: [], recipients: [], version: 0, updatedAt: new Date() }, new Map()).permissions.edit.allowed) {
    throw new AppError('forbidden', [labelled(EDIT_TEMPLATE)]);
  }
  const keys = input.sections.map((s) => s.key);
  reject(
    keys.some((k, i) => keys.indexOf(k) !== i) ? [{ field: 'sections', reason: 'two sections have the same code', reasonSv: 'två avsnitt har samma kod' }] : [],
  );
  return db.transaction(async (tx) => {
    const names = await municipalityNames(tx);
    const before = await store.findTemplate(tx, municipalityId, true);
    if (!before) throw new AppError('not_found');
    const row = await store.updateTemplate(tx, municipalityId, input.version, { sections: input.sections, recipients: [...new Set(input.recipients)] });
    if (!row) throw staleVersion(input.version, presentTemplate(actor, before, names));
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId,
      entity: 'incident_template',
      entityId: municipalityId,
      action: 'update',
      before,
      after: row,
    });
    return presentTemplate(actor, row, names);
  });
}

/** What a draft starts from: the outage's own facts under the sections the default template knows. */
function prefill(key: string, outage: Outage): string {
  switch (key) {
    case 'handelse':
      return outage.title;
    case 'tid':
      return `Från ${swedishDateTime(outage.startsAt)} till ${outage.endsAt ? swedishDateTime(outage.endsAt) : 'pågår'} (${outage.minutes} minuter).`;
    case 'paverkan':
      return outage.functions.map((f) => f.name).join(', ');
    case 'orsak':
      return outage.cause;
    case 'atgarder':
      return outage.actions;
    default:
      return '';
  }
}

function reportRefusal(actor: Actor, outage: Outage, report: store.ReportRow | undefined): Problem | null {
  if (!managesOperations(actor)) {
    return {
      field: 'role',
      reason: 'only the 2nd/3rd line and IT management report incidents',
      reasonSv: 'bara andra och tredje linjen och it-ledningen rapporterar incidenter',
    };
  }
  if (!outage.incident) {
    return {
      field: 'outage',
      reason: 'the outage is not marked as an IT incident',
      reasonSv: 'avbrottet är inte markerat som it-incident: ändra avbrottet först',
    };
  }
  if (report?.sentAt) return { field: 'outage', reason: 'the report has been sent', reasonSv: 'rapporten är redan skickad' };
  return null;
}

function presentReport(
  actor: Actor,
  outage: Outage,
  municipality: { id: string; name: string },
  template: store.TemplateRow,
  report: store.ReportRow | undefined,
): IncidentReport {
  const sections = report?.sections ?? template.sections.map((s) => ({ ...s, text: prefill(s.key, outage) }));
  const refusal = reportRefusal(actor, outage, report);
  return {
    id: report?.id ?? null,
    outageId: outage.id,
    municipality,
    sections,
    recipients: template.recipients,
    sentAt: report?.sentAt?.toISOString() ?? null,
    sentTo: report?.sentTo ?? [],
    version: report?.version ?? null,
    permissions: {
      edit: permission(refusal),
      send: permission(
        refusal ??
          (!report
            ? { field: 'outage', reason: 'save the report first', reasonSv: 'spara rapporten först' }
            : template.recipients.length === 0
              ? {
                  field: 'recipients',
                  reason: 'the municipality’s template has no recipients',
                  reasonSv: 'kommunens mall har inga mottagare: lägg till dem under mallarna',
                }
              : null),
      ),
    },
  };
}

async function reportOf(db: DbOrTx, actor: Actor, outage: Outage, municipalityId: string, forUpdate = false) {
  const municipality = outage.municipalities.find((m) => m.id === municipalityId);
  if (!municipality || !canSeeMunicipality(actor.scope, municipalityId)) throw new AppError('not_found');
  const template = await store.findTemplate(db, municipalityId);
  if (!template) throw new AppError('not_found');
  const row = await store.findReport(db, outage.id, municipalityId, forUpdate);
  return { municipality, template, row, report: presentReport(actor, outage, municipality, template, row) };
}

/** the incident's report to each municipality it affected (in the reader's scope). */
export async function listReports(db: Db, actor: Actor, outageId: string): Promise<IncidentReportList> {
  const outage = await getOutage(db, actor, outageId);
  const items: IncidentReport[] = [];
  for (const m of outage.municipalities) if (canSeeMunicipality(actor.scope, m.id)) items.push((await reportOf(db, actor, outage, m.id)).report);
  return { items };
}

export async function saveReport(db: Db, actor: Actor, outageId: string, municipalityId: string, input: IncidentReportInput): Promise<IncidentReport> {
  const outage = await getOutage(db, actor, outageId);
  return db.transaction(async (tx) => {
    const { municipality, template, row, report } = await reportOf(tx, actor, outage, municipalityId, true);
    if ((row?.version ?? null) !== input.version) throw staleVersion(input.version ?? 0, report);
    if (!report.permissions.edit.allowed) {
      throw new AppError(managesOperations(actor) ? 'conflict' : 'forbidden', [
        labelled({ field: 'outage', reason: report.permissions.edit.reason ?? '', reasonSv: report.permissions.edit.reasonSv ?? '' }),
      ]);
    }
    const base = row?.sections ?? template.sections.map((s) => ({ ...s, text: '' }));
    const unknown = input.sections.filter((s) => !base.some((b) => b.key === s.key));
    reject(unknown.map(() => ({ field: 'sections', reason: 'a section the template does not have', reasonSv: 'ett avsnitt som mallen inte har' })));
    const sections = base.map((b) => ({ ...b, text: input.sections.find((s) => s.key === b.key)?.text ?? b.text }));
    const saved = row
      ? await store.updateReport(tx, row.id, row.version, { sections })
      : await store.insertReport(tx, { outageId, municipalityId, sections, createdBy: actor.id, createdAt: now(), updatedAt: now() });
    if (!saved) throw staleVersion(input.version ?? 0, report);
    const result = presentReport(actor, outage, municipality, template, saved);
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId,
      entity: 'incident_report',
      entityId: saved.id,
      action: row ? 'update' : 'create',
      before: row ?? null,
      after: result,
    });
    return result;
  });
}

export async function reportPdf(db: Db, actor: Actor, outageId: string, municipalityId: string): Promise<{ filename: string; pdf: Buffer }> {
  const outage = await getOutage(db, actor, outageId);
  const { municipality, report } = await reportOf(db, actor, outage, municipalityId);
  const pdf = await incidentPdf({ municipalityName: municipality.name, outage, report, printedAt: now().toISOString() });
  return { filename: `incidentrapport-${outage.startsAt.slice(0, 10)}.pdf`, pdf };
}

/** Sends the saved report as PDF to the municipality's recipients (through the outbox, in the same change). */
export async function sendReport(db: Db, actor: Actor, outageId: string, municipalityId: string, input: IncidentReportSend): Promise<IncidentReport> {
  const outage = await getOutage(db, actor, outageId);
  return db.transaction(async (tx) => {
    const { municipality, template, row, report } = await reportOf(tx, actor, outage, municipalityId, true);
    if (!row || row.version !== input.version) throw staleVersion(input.version, report);
    if (!report.permissions.send.allowed) {
      throw new AppError(managesOperations(actor) ? 'conflict' : 'forbidden', [
        labelled({ field: 'outage', reason: report.permissions.send.reason ?? '', reasonSv: report.permissions.send.reasonSv ?? '' }),
      ]);
    }
    const pdf = await incidentPdf({ municipalityName: municipality.name, outage, report, printedAt: now().toISOString() });
    for (const to of template.recipients) {
      await enqueuePreparedMail(tx, {
        to,
        subject: `It-incidentrapport: ${outage.title}`,
        text: `Hej!\n\nBifogat finns it-enhetens rapport om it-incidenten "${outage.title}" (${swedishDateTime(outage.startsAt)}), enligt ${municipality.name}s mall.\n\nHälsningar\nIt-enheten`,
        attachments: [
          {
            filename: `incidentrapport-${outage.startsAt.slice(0, 10)}.pdf`,
            contentType: 'application/pdf',
            content: pdf.toString('base64'),
            encoding: 'base64',
          },
        ],
      });
    }
    const sent = await store.markReportSent(tx, row.id, row.version, now(), template.recipients);
    if (!sent) throw staleVersion(input.version, report);
    const result = presentReport(actor, outage, municipality, template, sent);
    await writeAudit(tx, { actorUserId: actor.id, municipalityId, entity: 'incident_report', entityId: row.id, action: 'send', before: row, after: result });
    return result;
  });
}
