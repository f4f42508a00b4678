import { Alert, Button, Group, List, Modal, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { FormButtons, Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import {
  exportUrl,
  followUpKeys,
  useFollowUp,
  type FollowUpSearch,
  type FollowUpAnswer,
  type FollowUpQuery,
  type MarkSent,
  type SnapshotSummary,
} from '../../followup/model.ts';
import { Contents, ReportSections } from './parts.tsx';

/**
 * "Uppföljning" (issue 21, R-10): the tertial or year report for one municipality or both, measured
 * when it is shown — each figure with its definition, the target and a way down to what lies behind
 * it — with charts and their tables, the PDF and Excel exports, and the reports sent to the boards.
 */
export function FollowUpPage() {
  return (
    <RequirePermission permission="readsFollowUp">
      <FollowUp />
    </RequirePermission>
  );
}

function FollowUp() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/uppfoljning' });
  const navigate = useNavigate({ from: '/uppfoljning' });
  const answer = useFollowUp({ year: search.ar, period: search.period, municipality: search.kommun });
  const data = answer.data;
  // The query as answered: the server chooses the period when the address names none.
  const query: FollowUpQuery | null = data
    ? { year: data.report.year, period: data.report.period.code ?? 'year', municipality: data.report.municipality?.code }
    : null;
  // A choice keeps the others as the address holds them, not as the answer on screen shows them: while
  // the next answer loads, the one shown is the previous (a year chosen, then a period, is that year's).
  const go = (next: Partial<FollowUpSearch>) => void navigate({ search: (s: FollowUpSearch) => ({ ...s, ar: s.ar ?? query?.year, ...next }), replace: true });
  return (
    <>
      <PageHeader title={t('followup.title')} intro={t('followup.intro')} />
      <Stack gap="xl">
        {data && query && <Choices answer={data} query={query} onChange={go} />}
        {answer.isError ? (
          <ProblemAlert error={answer.error} onRetry={() => void answer.refetch()} />
        ) : !data || !query ? (
          <Loading />
        ) : (
          <>
            <Summary answer={data} query={query} />
            <Contents report={data.report} />
            <ReportSections report={data.report} />
          </>
        )}
      </Stack>
    </>
  );
}

function Choices({ answer, query, onChange }: { answer: FollowUpAnswer; query: FollowUpQuery; onChange: (s: Partial<FollowUpSearch>) => void }) {
  const { t } = useTranslation();
  const { choices } = answer;
  const municipalities = [
    ...(choices.both ? [{ value: '', label: t('followup.both') }] : []),
    ...choices.municipalities.map((m) => ({ value: m.code, label: m.name })),
  ];
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('followup.year')}
        data={choices.years.map((y) => String(y))}
        value={String(query.year)}
        onChange={(e) => onChange({ ar: Number(e.currentTarget.value), period: undefined })}
      />
      <NativeSelect
        label={t('followup.period')}
        data={choices.periods.map((p) => ({ value: p.code ?? 'year', label: p.label }))}
        value={query.period}
        onChange={(e) => onChange({ period: e.currentTarget.value })}
      />
      {municipalities.length > 1 && (
        <NativeSelect
          label={t('followup.municipality')}
          data={municipalities}
          value={query.municipality ?? ''}
          onChange={(e) => onChange({ kommun: e.currentTarget.value || undefined })}
        />
      )}
    </Group>
  );
}

function Summary({ answer, query }: { answer: FollowUpAnswer; query: FollowUpQuery }) {
  const { t } = useTranslation();
  const { report } = answer;
  const [marking, setMarking] = useState(false);
  return (
    <Stack gap="md">
      <Title order={2} size="h2">
        {report.period.label}
        {report.municipality ? ` – ${report.municipality.name}` : ` – ${t('followup.both')}`}
      </Title>
      {!report.period.complete && (
        <Alert color="blue" role="note">
          {t('followup.running', { at: formatDateTime(report.generatedAt) })}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('followup.generated', { at: formatDateTime(report.generatedAt), mission: report.missionTitle })}
      </Text>
      <Group gap="sm">
        <Button component="a" href={exportUrl(query, 'pdf')} download variant="default">
          {t('followup.downloadPdf')}
        </Button>
        <Button component="a" href={exportUrl(query, 'xlsx')} download variant="default">
          {t('followup.downloadXlsx')}
        </Button>
        {answer.actions.markSent.allowed && <Button onClick={() => setMarking(true)}>{t('followup.sent.mark')}</Button>}
      </Group>
      <Sent snapshots={answer.snapshots} />
      {marking && <MarkSentDialog query={query} onClose={() => setMarking(false)} />}
    </Stack>
  );
}

function Sent({ snapshots }: { snapshots: SnapshotSummary[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="followup-sent">
      <Title order={2} size="h5" id="followup-sent" mb={4}>
        {t('followup.sent.title')}
      </Title>
      {snapshots.length === 0 ? (
        <Text size="sm">{t('followup.sent.none')}</Text>
      ) : (
        <List size="sm">
          {snapshots.map((s) => (
            <List.Item key={s.id}>
              <AnchorLink to="/uppfoljning/skickade/$id" params={{ id: s.id }}>
                {t('followup.sent.item', { at: formatDateTime(s.sentAt), by: s.sentBy })}
              </AnchorLink>
              {s.note && ` – ${s.note}`}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

function MarkSentDialog({ query, onClose }: { query: FollowUpQuery; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const mutation = useMutation({
    mutationFn: (body: MarkSent) => api.post<SnapshotSummary>('/api/v1/followup/snapshots', body),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('followup.sent.done') });
      await queryClient.invalidateQueries({ queryKey: followUpKeys.all });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('followup.sent.markTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate({ year: query.year, period: query.period, municipality: query.municipality ?? null, note });
        }}
      >
        <Stack>
          <Text size="sm">{t('followup.sent.markIntro')}</Text>
          <Textarea
            label={t('followup.sent.note')}
            description={t('followup.sent.noteHelp')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={2000}
            autosize
            minRows={2}
          />
          {mutation.isError && <ProblemAlert error={mutation.error} />}
          <FormButtons submitLabel={t('followup.sent.confirm')} onCancel={onClose} submitting={mutation.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
