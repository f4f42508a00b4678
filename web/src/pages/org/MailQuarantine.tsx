import { Anchor, Button, Checkbox, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, request } from '../../api.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { ProblemAlert, RequirePermission } from '../../components/common.tsx';
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
  const list = useQuery({
    queryKey: ['mail-quarantine', all],
    queryFn: ({ signal }) => api.get<QuarantineList>(`/api/v1/mail/quarantine${qs({ all: all ? 'true' : undefined })}`, signal),
  });
  const resolve = useMutation({
    mutationFn: (id: string) => request<undefined>('POST', `/api/v1/mail/quarantine/${id}/resolve`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('mailq.resolved') });
      await queryClient.invalidateQueries({ queryKey: ['mail-quarantine'] });
    },
  });
  return (
    <ListPage
      title={t('mailq.title')}
      intro={t('mailq.intro')}
      filters={
        <>
          <Checkbox label={t('mailq.showAll')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          <ProblemAlert error={resolve.error} />
        </>
      }
      query={list}
      items={list.data?.items ?? []}
      empty={t('mailq.empty')}
      label={t('mailq.title')}
      highlight={false}
      minWidth={900}
      columns={[t('mailq.received'), t('mailq.from'), t('mailq.reason'), t('mailq.size'), t('mailq.actions')]}
      row={(q) => (
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
      )}
    />
  );
}
