import { Button, Group, NativeSelect, SegmentedControl, Stack, Table, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { fulfilsOrders, ORDER_STATUSES, useOrderableUnits, useOrderList, type OrderScope, type OrderStatus, type OrderSummary } from '../../orders/model.ts';
import { useSession } from '../../session.tsx';
import { OrderStatusBadge } from './OrderPage.tsx';

export interface OrdersSearch {
  visa?: OrderScope;
  status?: OrderStatus;
}

export function validateOrdersSearch(search: Record<string, unknown>): OrdersSearch {
  const out: OrdersSearch = {};
  if (search.visa === 'mine' || search.visa === 'units' || search.visa === 'all') out.visa = search.visa;
  if (typeof search.status === 'string' && (ORDER_STATUSES as readonly string[]).includes(search.status)) out.status = search.status as OrderStatus;
  return out;
}

/** "Beställningar" (issue 6): mine, my units' (managers and orderers), all (IT), filtered by status. */
export function OrdersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/bestallningar' });
  const navigate = useNavigate({ from: '/bestallningar' });
  const orderable = useOrderableUnits();
  const mayOrder = (orderable.data?.items.length ?? 0) > 0;
  const fulfils = fulfilsOrders(user);
  const scopes: OrderScope[] = ['mine', ...(mayOrder ? (['units'] as const) : []), ...(fulfils ? (['all'] as const) : [])];
  const scope = search.visa && scopes.includes(search.visa) ? search.visa : 'mine';
  const list = useOrderList(scope, search.status);
  return (
    <>
      <PageHeader
        title={t('orders.list.title')}
        intro={t('orders.list.intro')}
        actions={
          mayOrder ? (
            <Button component={Link} to="/bestall">
              {t('orders.list.newOrder')}
            </Button>
          ) : undefined
        }
      />
      <Stack>
        <Group align="flex-end" wrap="wrap">
          {scopes.length > 1 && (
            <div role="group" aria-label={t('orders.list.scope')}>
              <SegmentedControl
                value={scope}
                onChange={(v) => void navigate({ search: (s: OrdersSearch) => ({ ...s, visa: v === 'mine' ? undefined : (v as OrderScope) }), replace: true })}
                data={scopes.map((s) => ({ value: s, label: t(`orders.list.scopes.${s}`) }))}
              />
            </div>
          )}
          <NativeSelect
            label={t('orders.status')}
            data={[{ value: '', label: t('orders.list.anyStatus') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))]}
            value={search.status ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              void navigate({ search: (s: OrdersSearch) => ({ ...s, status: v === '' ? undefined : (v as OrderStatus) }), replace: true });
            }}
          />
        </Group>
        <OrderList list={list} label={t(`orders.list.scopes.${scope}`)} empty={t('orders.list.empty')} />
      </Stack>
    </>
  );
}

type ListQuery = ReturnType<typeof useOrderList>;

export function OrderList({ list, label, empty }: { list: ListQuery; label: string; empty: string }) {
  const { t } = useTranslation();
  const items: OrderSummary[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <ListTable
      query={list}
      items={items}
      empty={empty}
      label={label}
      minWidth={900}
      columns={[t('orders.number'), t('orders.kind'), t('orders.unit'), t('orders.orderer'), t('orders.status'), t('orders.lineCount'), t('orders.placed')]}
      row={(o) => (
        <Table.Tr key={o.id}>
          <Table.Th scope="row" fw="normal" style={{ whiteSpace: 'nowrap' }}>
            <AnchorLink to="/bestallningar/$id" params={{ id: o.id }}>
              {o.number}
            </AnchorLink>
          </Table.Th>
          <Table.Td>{t(`orders.kinds.${o.kind}`)}</Table.Td>
          <Table.Td>{o.unitName}</Table.Td>
          <Table.Td>{o.ordererName}</Table.Td>
          <Table.Td>
            <OrderStatusBadge status={o.status} />
          </Table.Td>
          <Table.Td>{o.lineCount}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(o.placedAt)}</Table.Td>
        </Table.Tr>
      )}
      more={list}
    />
  );
}

/** IT's work list: new orders to order from the supplier, and those in progress to deliver. */
export function FulfilmentPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const fulfils = fulfilsOrders(user);
  const submitted = useOrderList('all', 'submitted', fulfils);
  const inProgress = useOrderList('all', 'in_progress', fulfils);
  return (
    <>
      <PageHeader title={t('orders.fulfilment.title')} intro={t('orders.fulfilment.intro')} />
      {!fulfils ? (
        <ProblemAlert error={new Error(t('app.forbidden'))} />
      ) : (
        <Stack gap="xl">
          <section aria-labelledby="orders-submitted">
            <Title order={2} size="h3" id="orders-submitted" mb="sm">
              {t('orders.fulfilment.submitted')}
            </Title>
            <OrderList list={submitted} label={t('orders.fulfilment.submitted')} empty={t('orders.fulfilment.empty')} />
          </section>
          <section aria-labelledby="orders-in-progress">
            <Title order={2} size="h3" id="orders-in-progress" mb="sm">
              {t('orders.fulfilment.inProgress')}
            </Title>
            <OrderList list={inProgress} label={t('orders.fulfilment.inProgress')} empty={t('orders.fulfilment.empty')} />
          </section>
        </Stack>
      )}
    </>
  );
}
