import { Anchor, Button, Checkbox, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, request } from '../../api.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import type { QuarantineList } from '../../../../src/mail/contract.ts';

/** Issue 5: mail the listener could not read, kept whole; IT's administrators look at it here. */
export function MailQuarantinePage() {
  return (
    <RequirePermission permission="handlesMailQuarantine">
      <MailQuarantine />
    </RequirePermission>
  );
}

function MailQuarantine() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [all, setAll] = useState(false);
  const list = useQuery({ queryKey: ['mail-quarantine', all], queryFn: ({ signal }) => api.get<QuarantineList>(`/api/v1/mail/quarantine${qs({ all: all ? 'true' : undefined })}`, signal) });
  const resolve = useMutation({
    mutationFn: (id: string) => request<undefined>('POST', `/api/v1/mail/quarantine/${id}/resolve`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('mailq.resolved') });
      await queryClient.invalidateQueries({ queryKey: ['mail-quarantine'] });
    },
  });
  return (
    <>
      <PageHeader title={t('mailq.title')} intro={t('mailq.intro')} />
      <Checkbox label={t('mailq.showAll')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} mb="md" />
      <ProblemAlert error={resolve.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>{t('mailq.empty')}</EmptyState>
      ) : (
        <ScrollTable label={t('mailq.title')} minWidth={900}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('mailq.received')}</Table.Th>
                <Table.Th scope="col">{t('mailq.from')}</Table.Th>
                <Table.Th scope="col">{t('mailq.reason')}</Table.Th>
                <Table.Th scope="col">{t('mailq.size')}</Table.Th>
                <Table.Th scope="col">{t('mailq.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td>
                    <time dateTime={q.receivedAt}>{formatDateTime(q.receivedAt)}</time>
                  </Table.Td>
                  <Table.Td>{q.envelopeFrom || t('mailq.noSender')}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{q.reason}</Text>
                  </Table.Td>
                  <Table.Td>{t('mailq.bytes', { n: q.size.toLocaleString('sv-SE') })}</Table.Td>
                  <Table.Td>
                    <Anchor href={`/api/v1/mail/quarantine/${q.id}/raw`} download aria-label={t('mailq.downloadOf', { at: formatDateTime(q.receivedAt) })}>
                      {t('mailq.download')}
                    </Anchor>{' '}
                    {q.resolvedAt ? (
                      <Text span size="sm" c="dimmed">
                        {t('mailq.resolvedAt', { at: formatDateTime(q.resolvedAt) })}
                      </Text>
                    ) : (
                      <Button size="compact-sm" variant="subtle" loading={resolve.isPending && resolve.variables === q.id} onClick={() => resolve.mutate(q.id)}>
                        {t('mailq.resolve')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </>
  );
}
