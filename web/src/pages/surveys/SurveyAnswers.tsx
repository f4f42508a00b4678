import { Card, Checkbox, Group, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { formatDateTime, formatPercent } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { SurveyList, SurveyListQuery, SurveySummary as Summary, SurveySummaryQuery } from '../../../../src/surveys/contract.ts';

/** The first of January this year and today, as Stockholm local dates. */
function thisYear(): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** R-3.7 "followed up internally": the survey answers and their summary, for IT only (the API checks again). */
export function SurveyAnswersPage() {
  return (
    <RequirePermission permission="readsSurveyAnswers">
      <SurveyAnswers />
    </RequirePermission>
  );
}

function SurveyAnswers() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [range, setRange] = useState(thisYear);
  const [onlyAnswered, setOnlyAnswered] = useState(true);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
  const summary = useQuery({
    enabled: valid,
    queryKey: ['surveys', 'summary', range],
    queryFn: ({ signal }) => api.get<Summary>(`/api/v1/surveys/summary${qs(range satisfies SurveySummaryQuery)}`, signal),
  });
  const list = useQuery({
    enabled: valid,
    queryKey: ['surveys', 'list', range, onlyAnswered],
    queryFn: ({ signal }) =>
      api.get<SurveyList>(`/api/v1/surveys${qs({ ...range, status: onlyAnswered ? 'answered' : 'all' } satisfies SurveyListQuery)}`, signal),
  });
  const questions = summary.data?.questions ?? [];
  const number = (n: number) => n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 });

  return (
    <>
      <PageHeader title={t('surveys.list.title')} intro={t('surveys.list.intro')} />
      <Card withBorder mb="md" component="section" aria-label={t('tickets.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            label={t('surveys.list.from')}
            value={range.from}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setRange((r) => ({ ...r, from: v }));
            }}
          />
          <TextInput
            type="date"
            label={t('surveys.list.to')}
            value={range.to}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setRange((r) => ({ ...r, to: v }));
            }}
            error={valid ? undefined : t('surveys.list.badRange')}
          />
          <Checkbox label={t('surveys.list.onlyAnswered')} checked={onlyAnswered} onChange={(e) => setOnlyAnswered(e.currentTarget.checked)} mb={8} />
        </Group>
      </Card>
      {valid && (
        <Card withBorder mb="md" component="section" aria-labelledby="survey-summary">
          <Title order={2} size="h4" id="survey-summary" mb="sm">
            {t('surveys.list.summary')}
          </Title>
          {summary.isPending ? (
            <Loading />
          ) : summary.isError ? (
            <ProblemAlert error={summary.error} onRetry={() => void summary.refetch()} />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <div>
                <Text size="sm" c="dimmed">
                  {t('surveys.list.sent')}
                </Text>
                <Text fz="xl" fw={700}>
                  {summary.data.sent}
                </Text>
                {(summary.data.pending > 0 || summary.data.notSent > 0) && (
                  <Text size="xs" c="dimmed">
                    {t('surveys.list.notYetSent', { pending: summary.data.pending, notSent: summary.data.notSent })}
                  </Text>
                )}
              </div>
              <div>
                <Text size="sm" c="dimmed">
                  {t('surveys.list.answeredCount')}
                </Text>
                <Text fz="xl" fw={700}>
                  {summary.data.answered}
                  {summary.data.answerRate !== null && ` (${formatPercent(summary.data.answerRate, locale)})`}
                </Text>
              </div>
              {summary.data.questions.map((q) => (
                <div key={q.code}>
                  <Text size="sm" c="dimmed">{`${t('surveys.list.mean')}: ${q.text}`}</Text>
                  <Text fz="xl" fw={700}>
                    {q.mean === null ? t('surveys.list.noMean') : `${number(q.mean)} (${t('surveys.list.answersCount', { count: q.answers })})`}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          )}
        </Card>
      )}
      {!valid ? null : list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>{t('surveys.list.empty')}</EmptyState>
      ) : (
        <ScrollTable label={t('surveys.list.tableLabel')} minWidth={1000}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{t('surveys.list.tableLabel')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('surveys.list.number')}</Table.Th>
                <Table.Th scope="col">{t('surveys.list.subject')}</Table.Th>
                <Table.Th scope="col">{t('surveys.list.teamLine')}</Table.Th>
                <Table.Th scope="col">{t('surveys.list.closedAt')}</Table.Th>
                <Table.Th scope="col">{t('surveys.list.answeredAt')}</Table.Th>
                {questions.map((q) => (
                  <Table.Th scope="col" key={q.code} title={q.text}>
                    {q.text}
                  </Table.Th>
                ))}
                <Table.Th scope="col">{t('surveys.list.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <AnchorLink to="/arende/$id" params={{ id: s.ticketId }}>
                      {s.ticketNumber}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{s.subject}</Table.Td>
                  <Table.Td>{s.teamName ? t('tickets.teamLine', { team: s.teamName, line: s.line }) : t('tickets.lineN', { n: s.line })}</Table.Td>
                  <Table.Td>{s.closedAt ? <time dateTime={s.closedAt}>{formatDateTime(s.closedAt)}</time> : t('app.none')}</Table.Td>
                  <Table.Td>{s.answeredAt ? <time dateTime={s.answeredAt}>{formatDateTime(s.answeredAt)}</time> : t('surveys.list.notAnswered')}</Table.Td>
                  {questions.map((q) => (
                    <Table.Td key={q.code}>{s.answers?.[q.code] ?? t('app.none')}</Table.Td>
                  ))}
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{s.comment ?? t('app.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </>
  );
}
