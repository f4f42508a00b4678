import { Alert, Anchor, Badge, Button, Fieldset, Grid, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { ConfirmDialog, EmptyState, Loading, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatInstantLong, formatList } from '../../format.ts';
import { operationsKeys, whyNot } from '../../operations/model.ts';
import { useLocale } from '../../session.tsx';
import type {
  IncidentReport,
  IncidentReportInput,
  IncidentReportList,
  IncidentReportSend,
  IncidentTemplate,
  IncidentTemplateInput,
  IncidentTemplateList,
  Outage,
} from '../../types.ts';
import { Section } from '../billing/parts.tsx';
import { placedFields } from './parts.tsx';

/**
 * R-9.3: IT reports IT incidents on its own, in the way each municipality prescribes. On an incident's
 * page, one report per municipality it affected, under that municipality's headings: written (a draft
 * filled in from the outage until saved), saved with its version, downloaded as PDF and sent by mail
 * to the municipality's recipients, after which it is read-only. On the operations page, each
 * municipality's template: its sections in order and its recipients, changed by IT management. Who
 * may do what, and why not, is the server's (each record's `permissions`).
 */

const reportsKey = (outageId: string) => [...operationsKeys.all, 'reports', outageId] as const;
const templatesKey = [...operationsKeys.all, 'report-templates'] as const;

const reportPath = (outageId: string, municipalityId: string) =>
  `/api/v1/outages/${encodeURIComponent(outageId)}/reports/${encodeURIComponent(municipalityId)}`;

/** GET /outages/{id}/reports: the incident's report to each municipality it affected, in the reader's scope. */
function useIncidentReports(outageId: string) {
  return useQuery({
    queryKey: reportsKey(outageId),
    queryFn: ({ signal }) => api.get<IncidentReportList>(`/api/v1/outages/${encodeURIComponent(outageId)}/reports`, signal),
  });
}

/** GET /incident-report-templates: each municipality's template the user may see. */
function useIncidentTemplates() {
  return useQuery({
    queryKey: templatesKey,
    queryFn: ({ signal }) => api.get<IncidentTemplateList>('/api/v1/incident-report-templates', signal),
  });
}

/** After a change: the notice, and every operations query read again (the reports, the outage, the templates). */
function useDone() {
  const queryClient = useQueryClient();
  return async (message: string) => {
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: operationsKeys.all });
  };
}

/** Moves focus to an element by id after the next render (a list reordered, an item added or removed). */
function useFocusAfterRender() {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === null) return;
    document.getElementById(pending.current)?.focus();
    pending.current = null;
  });
  return (id: string) => {
    pending.current = id;
  };
}

// ---------------------------------------------------------------- the incident's reports

/** R-9.3: the incident's report to each municipality it affected (on the outage's page). */
export function IncidentReports({ outage }: { outage: Outage }) {
  const { t } = useTranslation();
  const reports = useIncidentReports(outage.id);
  return (
    <Section id="outage-reports" title={t('operations.reports.title')}>
      <Stack gap="lg">
        <Text size="sm">{t('operations.reports.intro')}</Text>
        {reports.isPending ? (
          <Loading />
        ) : reports.isError ? (
          <ProblemAlert error={reports.error} onRetry={() => void reports.refetch()} />
        ) : reports.data.items.length === 0 ? (
          <EmptyState>{t('operations.reports.none')}</EmptyState>
        ) : (
          reports.data.items.map((r) => <ReportPanel key={r.municipality.id} outageId={outage.id} report={r} />)
        )}
      </Stack>
    </Section>
  );
}

type ReportState = 'draft' | 'saved' | 'sent';
const reportState = (r: IncidentReport): ReportState => (r.sentAt !== null ? 'sent' : r.id !== null ? 'saved' : 'draft');
const STATE_COLOR: Record<ReportState, string> = { draft: 'gray', saved: 'blue', sent: 'green' };

/** One municipality's report: its state, then the form (or, sent or not the user's to change, the text). */
function ReportPanel({ outageId, report }: { outageId: string; report: IncidentReport }) {
  const { t } = useTranslation();
  const municipality = report.municipality.name;
  return (
    <Section id={`report-${report.municipality.id}`} title={t('operations.reports.reportTo', { municipality })} order={3}>
      <Stack gap="sm">
        <ReportStatus report={report} />
        {report.permissions.edit.allowed ? (
          <ReportForm outageId={outageId} report={report} />
        ) : (
          <>
            <ReportText report={report} />
            <PdfLink outageId={outageId} report={report} />
          </>
        )}
      </Stack>
    </Section>
  );
}

/** Draft, saved or sent (in words, not by colour alone), who receives it, and why the user may not change it. */
function ReportStatus({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const state = reportState(report);
  const list = (items: string[]) => formatList(items, locale);
  const refusal = whyNot(report.permissions.edit, locale);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Badge color={STATE_COLOR[state]} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
          {t(`operations.reports.${state}Badge`)}
        </Badge>
        <Text size="sm">
          {report.sentAt !== null
            ? t('operations.reports.sent', { date: formatInstantLong(report.sentAt, locale), recipients: list(report.sentTo) })
            : t(`operations.reports.${state === 'saved' ? 'saved' : 'draft'}`)}
        </Text>
      </Group>
      {report.sentAt !== null ? (
        <Text size="sm">{t('operations.reports.sentReadOnly')}</Text>
      ) : (
        <>
          <Text size="sm">
            {report.recipients.length > 0 ? t('operations.reports.recipients', { recipients: list(report.recipients) }) : t('operations.reports.noRecipients')}
          </Text>
          {!report.permissions.edit.allowed && refusal && (
            <Text size="sm" role="note">
              {t('operations.reports.mayNotEdit', { reason: refusal })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** The report's sections as written, read-only. */
function ReportText({ report }: { report: IncidentReport }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {report.sections.map((s) => (
        <div key={s.key}>
          <Title order={4} size="h5">
            {s.heading}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {s.text.trim() ? s.text : t('operations.reports.nothingWritten')}
          </Text>
        </div>
      ))}
    </Stack>
  );
}

/** The report as PDF: a plain download of the server's file (the report as it is saved, or the draft). */
function PdfLink({ outageId, report }: { outageId: string; report: IncidentReport }) {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      <Anchor
        href={`${reportPath(outageId, report.municipality.id)}/pdf`}
        download
        aria-label={t('operations.reports.pdfNamed', { municipality: report.municipality.name })}
      >
        {t('operations.reports.pdf')}
      </Anchor>
    </Text>
  );
}

type Texts = Record<string, string>;
const textsOf = (r: IncidentReport): Texts => Object.fromEntries(r.sections.map((s) => [s.key, s.text]));

/**
 * The report's form: one text per section of the municipality's template (its heading the label, its
 * help the description), saved with the version read (the first save has none); then sent, after a
 * confirmation naming the recipients, once it is saved and the server allows it.
 */
function ReportForm({ outageId, report }: { outageId: string; report: IncidentReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const queryClient = useQueryClient();
  const municipality = report.municipality.name;
  const path = reportPath(outageId, report.municipality.id);
  const [version, setVersion] = useState<number | null>(report.version);
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (v: Texts) => {
      const body: IncidentReportInput = { version, sections: report.sections.map((s) => ({ key: s.key, text: (v[s.key] ?? '').trim() })) };
      return request<IncidentReport>('PUT', path, body);
    },
    onSuccess: async (saved) => {
      setVersion(saved.version);
      form.mantine.resetDirty();
      await done(t('operations.reports.done.saved', { municipality }));
    },
  });
  const send = useMutation({
    mutationFn: () => {
      const body: IncidentReportSend = { version: version ?? 0 };
      return api.post<IncidentReport>(`${path}/send`, body);
    },
    onSuccess: async () => {
      setConfirming(false);
      await done(t('operations.reports.done.sent', { municipality }));
    },
  });
  /** A section's text problem from the server sits on its textarea (the sections go in the template's order). */
  const textPath = (field: string) => {
    const at = /^sections\.(\d+)\.text$/.exec(field);
    return at ? report.sections[Number(at[1])]?.key : undefined;
  };
  const form = useSamdeskForm<Texts>({
    initialValues: textsOf(report),
    problemPath: textPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const dirty = form.mantine.isDirty();
  // Unsaved changes to a saved report (a draft never saved already says to save it first).
  const unsaved = dirty && version !== null;
  const id = `report-form-${report.municipality.id}`;
  const sendRefusal = whyNot(report.permissions.send, locale);
  const mayNotSend = !report.permissions.send.allowed && sendRefusal !== null;
  const canSend = report.permissions.send.allowed && version !== null && !dirty;
  const describedBy = [mayNotSend ? `${id}-why-send` : null, unsaved ? `${id}-unsaved` : null].filter(Boolean).join(' ');
  return (
    <>
      <form onSubmit={form.submit} noValidate aria-label={t('operations.reports.formLabel', { municipality })}>
        <Stack>
          <StaleAlert<IncidentReport>
            error={save.error}
            onReload={(current) => {
              const texts = textsOf(current);
              setVersion(current.version);
              form.setValues(texts);
              form.mantine.resetDirty(texts);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: reportsKey(outageId) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, textPath)} />
          {report.sections.map((s) => (
            <Textarea key={s.key} label={s.heading} description={s.help || undefined} autosize minRows={3} maxLength={10_000} {...form.text(s.key)} />
          ))}
          <Group gap="sm" wrap="wrap" role="group" aria-label={t('operations.reports.actionsFor', { municipality })}>
            <Button type="submit" loading={form.submitting} aria-label={t('operations.reports.saveNamed', { municipality })}>
              {t('operations.reports.save')}
            </Button>
            <Button
              variant="default"
              disabled={!canSend}
              aria-label={t('operations.reports.sendNamed', { municipality })}
              aria-describedby={describedBy || undefined}
              onClick={() => {
                send.reset();
                setConfirming(true);
              }}
            >
              {t('operations.reports.send')}
            </Button>
            <PdfLink outageId={outageId} report={report} />
          </Group>
          {(mayNotSend || unsaved) && (
            <Stack gap={4}>
              {unsaved && (
                <Text size="sm" id={`${id}-unsaved`}>
                  {t('operations.reports.unsaved')} {t('operations.reports.pdfHelp')}
                </Text>
              )}
              {mayNotSend && (
                <Text size="sm" id={`${id}-why-send`}>
                  {t('operations.reports.mayNotSend', { reason: sendRefusal })}
                </Text>
              )}
              {report.recipients.length === 0 && (
                <Text size="sm">
                  <AnchorLink to="/drift-och-tillganglighet" search={{ flik: 'incidentrapporter' }}>
                    {t('operations.reports.toTemplates')}
                  </AnchorLink>
                </Text>
              )}
            </Stack>
          )}
        </Stack>
      </form>
      {confirming && (
        <ConfirmDialog
          title={t('operations.reports.confirmTitle', { municipality })}
          message={t('operations.reports.confirmMessage', { recipients: formatList(report.recipients, locale) })}
          confirmLabel={t('operations.reports.confirm')}
          action={send}
          staleMessage={t('app.staleBody')}
          onClose={() => setConfirming(false)}
        />
      )}
    </>
  );
}

// ---------------------------------------------------------------- the municipalities' templates

/** The most sections and recipients a template has (the contract's limits). */
const MAX_SECTIONS = 20;
const MAX_RECIPIENTS = 20;

/** A section as the form holds it: `key` is null for a section added here (made from its heading when saved). */
interface SectionItem {
  uid: string;
  key: string | null;
  heading: string;
  help: string;
}

interface TemplateValues {
  sections: SectionItem[];
  recipients: string[];
  newRecipient: string;
}

let lastUid = 0;
const nextUid = () => `s${++lastUid}`;

const templateValues = (tpl: IncidentTemplate): TemplateValues => ({
  sections: tpl.sections.map((s) => ({ uid: nextUid(), key: s.key, heading: s.heading, help: s.help })),
  recipients: [...tpl.recipients],
  newRecipient: '',
});

/** An e-mail address as a person writes one (the server checks it again). */
const isAddress = (s: string) => /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);

/**
 * A new section's key, made once from its heading and kept when the heading changes later: lower-case
 * ASCII (å, ä → a, ö → o), anything else a hyphen, starting with a letter, unique in the template.
 */
function sectionKey(heading: string, taken: ReadonlySet<string>): string {
  const ascii = heading
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const stem = (/^[a-z]/.test(ascii) ? ascii : `avsnitt${ascii ? `-${ascii}` : ''}`).slice(0, 36).replace(/-+$/, '');
  let key = stem;
  for (let n = 2; taken.has(key); n++) key = `${stem}-${n}`;
  return key;
}

/** The request: each section with its key (new ones made from their headings), and the address typed but not yet added. */
function templateInput(v: TemplateValues, version: number): IncidentTemplateInput {
  const taken = new Set(v.sections.flatMap((s) => (s.key ? [s.key] : [])));
  const sections = v.sections.map((s) => {
    const heading = s.heading.trim();
    let key = s.key;
    if (key === null) {
      key = sectionKey(heading, taken);
      taken.add(key);
    }
    return { key, heading, help: s.help.trim() };
  });
  const pending = v.newRecipient.trim();
  const recipients = pending && !v.recipients.includes(pending) ? [...v.recipients, pending] : v.recipients;
  return { version, sections, recipients };
}

/** Where a server problem of the template's request shows in the form (a section's heading or guidance). */
function templatePath(field: string): string | undefined {
  return /^sections\.\d+\.(heading|help)$/.test(field) ? field : undefined;
}

/** "Mallar för incidentrapporter": each municipality's template in the user's scope. */
export function TemplatesTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const templates = useIncidentTemplates();
  const items = templates.data?.items ?? [];
  const refused = items.find((i) => !i.permissions.edit.allowed);
  const reason = refused ? whyNot(refused.permissions.edit, locale) : null;
  return (
    <Stack gap="xl">
      <Text>{t('operations.reports.templates.intro')}</Text>
      {reason && (
        <Alert color="blue" role="note">
          {t('operations.reports.templates.mayNotEdit', { reason })}
        </Alert>
      )}
      {templates.isPending ? (
        <Loading />
      ) : templates.isError ? (
        <ProblemAlert error={templates.error} onRetry={() => void templates.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('operations.reports.templates.empty')}</EmptyState>
      ) : (
        items.map((tpl) => (
          <Section key={tpl.municipality.id} id={`template-${tpl.municipality.id}`} title={tpl.municipality.name}>
            {tpl.permissions.edit.allowed ? <TemplateForm template={tpl} /> : <TemplateView template={tpl} />}
          </Section>
        ))
      )}
    </Stack>
  );
}

/** A template the user may not change: its sections as a table, its recipients as a list. */
function TemplateView({ template }: { template: IncidentTemplate }) {
  const { t } = useTranslation();
  const municipality = template.municipality.name;
  return (
    <Stack>
      <ListTable
        items={template.sections.map((s, i) => ({ ...s, n: i + 1 }))}
        empty={t('operations.reports.templates.atLeastOne')}
        label={t('operations.reports.templates.tableLabel', { municipality })}
        caption
        highlight={false}
        minWidth={600}
        columns={[t('operations.reports.templates.number'), t('operations.reports.templates.heading'), t('operations.reports.templates.help')]}
        row={(s) => (
          <Table.Tr key={s.key}>
            <Table.Td>{s.n}</Table.Td>
            <Table.Th scope="row">{s.heading}</Table.Th>
            <Table.Td>{s.help || t('operations.reports.templates.noHelp')}</Table.Td>
          </Table.Tr>
        )}
      />
      <Title order={3} size="h5">
        {t('operations.reports.templates.recipients')}
      </Title>
      {template.recipients.length === 0 ? (
        <Text size="sm">{t('operations.reports.templates.noRecipients')}</Text>
      ) : (
        <ul aria-label={t('operations.reports.templates.recipientsLabel', { municipality })} style={{ margin: 0, paddingLeft: '1.25rem' }}>
          {template.recipients.map((r) => (
            <li key={r}>
              <Text size="sm">{r}</Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/**
 * A template IT management changes: the sections in order (a heading and its guidance each; added,
 * removed and moved with buttons, focus following the section moved) and the recipients' addresses,
 * saved together with the version read.
 */
function TemplateForm({ template }: { template: IncidentTemplate }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const focusLater = useFocusAfterRender();
  const municipality = template.municipality.name;
  const id = `tpl-${template.municipality.id}`;
  const [version, setVersion] = useState(template.version);
  const [announcement, setAnnouncement] = useState('');
  const save = useMutation({
    mutationFn: (v: TemplateValues) =>
      request<IncidentTemplate>('PUT', `/api/v1/incident-report-templates/${encodeURIComponent(template.municipality.id)}`, templateInput(v, version)),
    onSuccess: async (saved) => {
      reload(saved);
      await done(t('operations.reports.done.templateSaved', { municipality }));
    },
  });
  const form = useSamdeskForm<TemplateValues>({
    initialValues: templateValues(template),
    required: (v) => Object.fromEntries(v.sections.map((_, i) => [`sections.${i}.heading`, { label: t('operations.reports.templates.heading') }])),
    check: (v): Record<string, string> => {
      const pending = v.newRecipient.trim();
      if (pending && !isAddress(pending)) return { newRecipient: t('operations.reports.templates.invalidAddress') };
      if (pending && !v.recipients.includes(pending) && v.recipients.length >= MAX_RECIPIENTS) {
        return { newRecipient: t('operations.reports.templates.maxRecipients', { max: MAX_RECIPIENTS }) };
      }
      return v.sections.length === 0 ? { sections: t('operations.reports.templates.atLeastOne') } : {};
    },
    problemPath: templatePath,
    onInvalid: (problems) => {
      save.reset();
      const first = Object.keys(problems)[0];
      const at = first ? /^sections\.(\d+)\.heading$/.exec(first) : null;
      const item = at ? form.values.sections[Number(at[1])] : undefined;
      if (item) document.getElementById(`${id}-${item.uid}-heading`)?.focus();
      else if (first === 'newRecipient') document.getElementById(`${id}-new-recipient`)?.focus();
    },
    action: save,
  });
  const v = form.values;
  const dirty = form.mantine.isDirty();

  /** The form as the template is now (after saving, or loaded again after someone else's change). */
  function reload(current: IncidentTemplate) {
    const next = templateValues(current);
    setVersion(current.version);
    form.mantine.setInitialValues(next);
    form.mantine.setValues(next);
    form.mantine.resetDirty(next);
    form.mantine.clearErrors();
  }

  /** The sections' own problems sit on their places, so a change of order takes them away (and the server's). */
  function restructure(sections: SectionItem[], message: string) {
    form.setValues({ sections });
    form.clear(...v.sections.flatMap((_, i) => [`sections.${i}.heading`, `sections.${i}.help`]), 'sections');
    if (save.error) save.reset();
    setAnnouncement(message);
  }

  const nameOf = (s: SectionItem, i: number) => s.heading.trim() || t('operations.reports.templates.unnamed', { n: i + 1 });

  function move(i: number, by: -1 | 1) {
    const to = i + by;
    const item = v.sections[i];
    if (!item || to < 0 || to >= v.sections.length) return;
    const sections = [...v.sections];
    sections.splice(i, 1);
    sections.splice(to, 0, item);
    restructure(sections, t('operations.reports.templates.moved', { heading: nameOf(item, to), n: to + 1, total: sections.length }));
    // Focus stays on the button pressed, or goes to the other one when the section reaches an end.
    const up = by === -1 ? to > 0 : to === sections.length - 1;
    focusLater(`${id}-${item.uid}-${up ? 'up' : 'down'}`);
  }

  function remove(i: number) {
    const item = v.sections[i];
    if (!item) return;
    const sections = v.sections.filter((_, j) => j !== i);
    restructure(sections, t('operations.reports.templates.removed', { heading: nameOf(item, i) }));
    const next = sections[i] ?? sections[i - 1];
    focusLater(next ? `${id}-${next.uid}-heading` : `${id}-add-section`);
  }

  function add() {
    const item: SectionItem = { uid: nextUid(), key: null, heading: '', help: '' };
    restructure([...v.sections, item], t('operations.reports.templates.added'));
    focusLater(`${id}-${item.uid}-heading`);
  }

  function setSection(i: number, patch: Partial<Pick<SectionItem, 'heading' | 'help'>>) {
    form.setValues((cur) => ({ sections: cur.sections.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
    form.clear(...Object.keys(patch).map((k) => `sections.${i}.${k}`));
  }

  function addRecipient() {
    const address = v.newRecipient.trim();
    const problem = !isAddress(address)
      ? t('operations.reports.templates.invalidAddress')
      : v.recipients.includes(address)
        ? t('operations.reports.templates.duplicateAddress')
        : v.recipients.length >= MAX_RECIPIENTS
          ? t('operations.reports.templates.maxRecipients', { max: MAX_RECIPIENTS })
          : null;
    if (problem) {
      form.mantine.setFieldError('newRecipient', problem);
      return;
    }
    form.setValues({ recipients: [...v.recipients, address], newRecipient: '' });
    form.clear('newRecipient');
    setAnnouncement(t('operations.reports.templates.recipientAdded', { address }));
  }

  function removeRecipient(address: string) {
    form.setValues({ recipients: v.recipients.filter((r) => r !== address) });
    setAnnouncement(t('operations.reports.templates.recipientRemoved', { address }));
    focusLater(`${id}-new-recipient`);
  }

  const onNewRecipientKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds the address rather than saving the whole template.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    addRecipient();
  };

  return (
    <form onSubmit={form.submit} noValidate aria-label={t('operations.reports.templates.templateFor', { municipality })}>
      <Stack>
        <StaleAlert<IncidentTemplate>
          error={save.error}
          onReload={(current) => {
            reload(current);
            save.reset();
            void queryClient.invalidateQueries({ queryKey: templatesKey });
          }}
        />
        <ProblemAlert
          error={save.error}
          knownFields={placedFields(save.error, templatePath)}
          labels={{ sections: t('operations.reports.templates.sections'), recipients: t('operations.reports.templates.recipients') }}
        />
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('operations.reports.templates.sections')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('operations.reports.templates.sectionsHelp')}
          </Text>
          <ol aria-label={t('operations.reports.templates.sectionsLabel', { municipality })} style={{ margin: 0, padding: 0, listStyle: 'none' }}>
            {v.sections.map((s, i) => {
              const name = nameOf(s, i);
              return (
                <li key={s.uid} style={{ marginBottom: 'var(--mantine-spacing-sm)' }}>
                  <Fieldset
                    legend={
                      s.heading.trim()
                        ? t('operations.reports.templates.sectionNamed', { n: i + 1, heading: s.heading.trim() })
                        : t('operations.reports.templates.sectionN', { n: i + 1 })
                    }
                  >
                    <Stack gap="xs">
                      <Grid gutter="sm" align="flex-start">
                        <Grid.Col span={{ base: 12, md: 5 }}>
                          <TextInput
                            id={`${id}-${s.uid}-heading`}
                            label={t('operations.reports.templates.heading')}
                            required
                            maxLength={120}
                            value={s.heading}
                            onChange={(e) => setSection(i, { heading: e.currentTarget.value })}
                            error={form.errors[`sections.${i}.heading`]}
                          />
                        </Grid.Col>
                        <Grid.Col span={{ base: 12, md: 7 }}>
                          <Textarea
                            label={t('operations.reports.templates.help')}
                            autosize
                            minRows={1}
                            maxLength={500}
                            value={s.help}
                            onChange={(e) => setSection(i, { help: e.currentTarget.value })}
                            error={form.errors[`sections.${i}.help`]}
                          />
                        </Grid.Col>
                      </Grid>
                      <Group gap="xs" wrap="wrap" role="group" aria-label={t('operations.reports.templates.sectionActions', { heading: name })}>
                        <Button
                          id={`${id}-${s.uid}-up`}
                          size="compact-sm"
                          variant="default"
                          disabled={i === 0}
                          aria-label={t('operations.reports.templates.moveUpNamed', { heading: name })}
                          onClick={() => move(i, -1)}
                        >
                          {t('operations.reports.templates.moveUp')}
                        </Button>
                        <Button
                          id={`${id}-${s.uid}-down`}
                          size="compact-sm"
                          variant="default"
                          disabled={i === v.sections.length - 1}
                          aria-label={t('operations.reports.templates.moveDownNamed', { heading: name })}
                          onClick={() => move(i, 1)}
                        >
                          {t('operations.reports.templates.moveDown')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          color="red"
                          disabled={v.sections.length === 1}
                          aria-label={t('operations.reports.templates.removeNamed', { heading: name })}
                          onClick={() => remove(i)}
                        >
                          {t('operations.reports.templates.remove')}
                        </Button>
                      </Group>
                    </Stack>
                  </Fieldset>
                </li>
              );
            })}
          </ol>
          {form.errors.sections && (
            <Text size="sm" c="red.8" role="alert">
              {form.errors.sections}
            </Text>
          )}
          <Group gap="sm" wrap="wrap">
            <Button id={`${id}-add-section`} variant="default" disabled={v.sections.length >= MAX_SECTIONS} onClick={add}>
              {t('operations.reports.templates.addSection')}
            </Button>
            {v.sections.length >= MAX_SECTIONS && <Text size="sm">{t('operations.reports.templates.maxSections', { max: MAX_SECTIONS })}</Text>}
          </Group>
        </Stack>

        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('operations.reports.templates.recipients')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('operations.reports.templates.recipientsHelp')}
          </Text>
          {v.recipients.length === 0 ? (
            <Text size="sm">{t('operations.reports.templates.noRecipients')}</Text>
          ) : (
            <ul aria-label={t('operations.reports.templates.recipientsLabel', { municipality })} style={{ margin: 0, padding: 0, listStyle: 'none' }}>
              {v.recipients.map((r) => (
                <li key={r}>
                  <Group gap="sm" py={2} wrap="nowrap">
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {r}
                    </Text>
                    <Button
                      size="compact-sm"
                      variant="default"
                      color="red"
                      aria-label={t('operations.reports.templates.removeRecipientNamed', { address: r })}
                      onClick={() => removeRecipient(r)}
                    >
                      {t('operations.reports.templates.remove')}
                    </Button>
                  </Group>
                </li>
              ))}
            </ul>
          )}
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              id={`${id}-new-recipient`}
              type="email"
              autoComplete="email"
              label={t('operations.reports.templates.newRecipient')}
              description={t('operations.reports.templates.newRecipientHelp')}
              maxLength={200}
              w={360}
              {...form.text('newRecipient')}
              onKeyDown={onNewRecipientKey}
            />
            <Button variant="default" onClick={addRecipient}>
              {t('operations.reports.templates.addRecipient')}
            </Button>
          </Group>
        </Stack>

        <Group gap="sm" wrap="wrap">
          <Button type="submit" loading={form.submitting} aria-label={t('operations.reports.templates.saveNamed', { municipality })}>
            {t('operations.reports.templates.save')}
          </Button>
          <Button
            variant="default"
            disabled={!dirty}
            aria-label={t('operations.reports.templates.undoNamed', { municipality })}
            onClick={() => {
              form.mantine.reset();
              save.reset();
              setAnnouncement('');
            }}
          >
            {t('operations.reports.templates.undo')}
          </Button>
        </Group>
        <div className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </div>
      </Stack>
    </form>
  );
}
