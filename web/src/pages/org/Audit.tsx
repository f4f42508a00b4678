import { Code, Group, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequireRole, ShowMore } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import type { AuditEntry } from '../../types.ts';

const PAGE_SIZE = 100;

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <RequireRole roles={['admin', 'it_management']}>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <AuditList />
    </RequireRole>
  );
}

function AuditList() {
  const { t } = useTranslation();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam, signal }) => api.get<{ items: AuditEntry[]; nextBefore: number | null }>(`/api/v1/audit${qs({ limit: PAGE_SIZE, before: pageParam })}`, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ProblemAlert error={audit.error} onRetry={() => void audit.refetch()} />;
  const rows = audit.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <EmptyState>{t('audit.empty')}</EmptyState>;
  return (
    <>
      <ScrollTable label={t('audit.title')} minWidth={800}>
        <Table striped withTableBorder>
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.time')}</Table.Th>
              <Table.Th scope="col">{t('audit.actor')}</Table.Th>
              <Table.Th scope="col">{t('audit.entity')}</Table.Th>
              <Table.Th scope="col">{t('audit.entityId')}</Table.Th>
              <Table.Th scope="col">{t('audit.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                </Table.Td>
                <Table.Td>{a.actorUserId ? <Code>{a.actorUserId}</Code> : t('audit.system')}</Table.Td>
                <Table.Td>{a.entity}</Table.Td>
                <Table.Td>
                  <Code>{a.entityId}</Code>
                </Table.Td>
                <Table.Td>{a.action}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed">
          {rows.length}
        </Text>
        <ShowMore list={audit} centered={false} />
      </Group>
    </>
  );
}
