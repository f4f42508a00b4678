import { Button, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListPage } from '../../components/ListPage.tsx';
import { formatDateTime } from '../../format.ts';
import { ListSlaBadge, StatusBadge } from '../../tickets/components.tsx';
import { useTicketList } from '../../tickets/model.ts';

/** Requester portal: the tickets I reported, newest first, with status and SLA (issue 4). */
export function MyTicketsPage() {
  const { t } = useTranslation();
  const list = useTicketList({ mine: 'true', sort: 'newest', limit: 25 });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <ListPage
      title={t('tickets.myTitle')}
      intro={t('tickets.myIntro')}
      actions={
        <Button component={Link} to="/mina-arenden/ny">
          {t('nav.report')}
        </Button>
      }
      query={list}
      items={items}
      empty={t('tickets.myEmpty')}
      label={t('tickets.myTitle')}
      caption
      minWidth={720}
      columns={[
        t('tickets.number'),
        t('tickets.subject'),
        t('tickets.statusLabel'),
        { label: t('tickets.slaLabel'), minWidth: 170 },
        t('tickets.technician'),
        t('tickets.received'),
      ]}
      row={(x) => (
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
      )}
      more={list}
    />
  );
}
