import { Button, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, ShowMore } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { ListSlaBadge, StatusBadge } from '../../tickets/components.tsx';
import { useTicketList } from '../../tickets/model.ts';

/** Requester portal: the tickets I reported, newest first, with status and SLA (issue 4). */
export function MyTicketsPage() {
  const { t } = useTranslation();
  const list = useTicketList({ mine: 'true', sort: 'newest', limit: 25 });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title={t('tickets.myTitle')}
        intro={t('tickets.myIntro')}
        actions={
          <Button component={Link} to="/mina-arenden/ny">
            {t('nav.report')}
          </Button>
        }
      />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('tickets.myEmpty')}</EmptyState>
      ) : (
        <>
          <ScrollTable label={t('tickets.myTitle')} minWidth={720}>
            <Table striped highlightOnHover withTableBorder>
              <caption className="visually-hidden">{t('tickets.myTitle')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('tickets.number')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.subject')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.statusLabel')}</Table.Th>
                  <Table.Th scope="col" miw={170}>
                    {t('tickets.slaLabel')}
                  </Table.Th>
                  <Table.Th scope="col">{t('tickets.technician')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.received')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <AnchorLink to="/arende/$id" params={{ id: x.id }}>
                        {x.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{x.subject}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={x.status} />
                    </Table.Td>
                    <Table.Td>
                      <ListSlaBadge sla={x.sla} />
                    </Table.Td>
                    <Table.Td>{x.assigneeName ?? '–'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <time dateTime={x.receivedAt}>{formatDateTime(x.receivedAt)}</time>
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ShowMore list={list} />
        </>
      )}
    </>
  );
}
