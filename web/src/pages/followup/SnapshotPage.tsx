import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { formatDateTime } from '../../format.ts';
import { formatValue, useSnapshot, type Snapshot } from '../../followup/model.ts';
import { useLocale } from '../../session.tsx';
import { ReportSections } from './parts.tsx';

/**
 * A report as it was sent to the boards: what changed in the figures since, first, then the
 * report itself exactly as it was frozen. The live report of the period is one link away.
 */
export function SnapshotPage() {
  return (
    <RequirePermission permission="readsFollowUp">
      <SnapshotView />
    </RequirePermission>
  );
}

function SnapshotView() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/uppfoljning/skickade/$id' });
  const snapshot = useSnapshot(id);
  const s = snapshot.data;
  return (
    <>
      <PageHeader title={s ? t('followup.snapshot.title', { period: s.periodLabel }) : t('followup.sent.title')} />
      {snapshot.isError ? (
        <ProblemAlert error={snapshot.error} onRetry={() => void snapshot.refetch()} />
      ) : !s ? (
        <Loading />
      ) : (
        <Stack gap="xl">
          <Stack gap={4}>
            <Text>
              {t('followup.snapshot.intro', { at: formatDateTime(s.sentAt), by: s.sentBy })} {s.municipality ? s.municipality.name : t('followup.both')}.
            </Text>
            {s.note && (
              <Text size="sm">
                {t('followup.snapshot.noteLabel')}: {s.note}
              </Text>
            )}
            <AnchorLink
              to="/uppfoljning"
              search={{ ar: s.report.year, period: s.report.period.code ?? 'year', ...(s.municipality ? { kommun: s.municipality.code } : {}) }}
            >
              {t('followup.snapshot.back')}
            </AnchorLink>
          </Stack>
          <Changes snapshot={s} />
          <section aria-labelledby="followup-as-sent">
            <Title order={2} size="h2" id="followup-as-sent" mb="md">
              {t('followup.snapshot.asSent')}
            </Title>
            <ReportSections report={s.report} />
          </section>
        </Stack>
      )}
    </>
  );
}

function Changes({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section aria-labelledby="followup-changes">
      <Title order={2} size="h3" id="followup-changes" mb="sm">
        {t('followup.snapshot.changes')}
      </Title>
      {snapshot.changes.length === 0 ? (
        <Alert color="green" role="status">
          {t('followup.snapshot.noChanges')}
        </Alert>
      ) : (
        <ScrollTable label={t('followup.snapshot.changes')} minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('followup.snapshot.section')}</Table.Th>
                <Table.Th scope="col">{t('followup.snapshot.what')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('followup.snapshot.sentValue')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('followup.snapshot.nowValue')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {snapshot.changes.map((c, i) => (
                <Table.Tr key={`${c.section}-${c.label}-${i}`}>
                  <Table.Td>{c.section}</Table.Td>
                  <Table.Th scope="row" fw={400}>
                    {c.label}
                  </Table.Th>
                  <Table.Td style={{ textAlign: 'right' }}>{formatValue(c.sent, c.unit, locale, t)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatValue(c.now, c.unit, locale, t)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </section>
  );
}
