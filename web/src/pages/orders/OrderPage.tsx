import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { FormButtons, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatDate, formatDateTime, stockholmNow } from '../../format.ts';
import { orderKeys, useOrder, type LineStatus, type Order, type OrderLine, type OrderStatus } from '../../orders/model.ts';
import { useLocale } from '../../session.tsx';
import type { Texts } from '../../texts.ts';
import type { Person } from '../../types.ts';
import { PriceText } from '../catalogue/parts.tsx';
import { TotalsList } from './PlaceOrder.tsx';

const STATUS_COLOR: Record<OrderStatus | LineStatus, string> = {
  submitted: 'blue',
  pending: 'gray',
  in_progress: 'yellow',
  ordered: 'yellow',
  delivered: 'green',
  cancelled: 'red',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`orders.statuses.${status}`)}
    </Badge>
  );
}

function LineStatusBadge({ status }: { status: LineStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`orders.lineStatuses.${status}`)}
    </Badge>
  );
}

type Dialog = { kind: 'deliver' | 'cancelLine'; line: OrderLine } | { kind: 'cancel' } | null;

/**
 * One order (issue 6, R-4.3): its lines with status, delivery data (serial, holder, date) and billing
 * start, the service request's number, cancel while allowed; for IT the fulfilment steps per line.
 */
export function OrderPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id } = useParams({ from: '/bestallningar/$id' });
  const order = useOrder(id);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const done = async (o: Order, message: string) => {
    queryClient.setQueryData(orderKeys.one(o.id), o);
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: ['orders', 'list'] });
  };
  const markOrdered = useMutation({
    mutationFn: (line: OrderLine) => api.post<Order>(`/api/v1/orders/${id}/lines/${line.id}/ordered`, { version: order.data?.version }),
    onSuccess: (o) => done(o, t('orders.order.markedOrdered')),
    onError: () => void order.refetch(),
  });

  if (order.isPending) return <Loading />;
  if (order.isError) {
    return (
      <>
        <PageHeader title={t('orders.list.title')} />
        <ProblemAlert error={order.error} onRetry={order.error instanceof ApiError && order.error.status === 404 ? undefined : () => void order.refetch()} />
      </>
    );
  }
  const o = order.data;
  return (
    <>
      <PageHeader
        title={t('orders.order.title', { number: o.number })}
        intro={t(`orders.kinds.${o.kind}`)}
        actions={
          o.canCancel ? (
            <Button variant="default" color="red" onClick={() => setDialog({ kind: 'cancel' })}>
              {t('orders.order.cancel')}
            </Button>
          ) : undefined
        }
      />
      <Stack>
        <dl className="order-facts" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '1.5rem', rowGap: 4, margin: 0 }}>
          <Fact label={t('orders.status')}>
            <OrderStatusBadge status={o.status} />
          </Fact>
          <Fact label={t('orders.unit')}>{o.unitName}</Fact>
          <Fact label={t('orders.orderer')}>{o.ordererName}</Fact>
          <Fact label={t('orders.placed')}>{formatDateTime(o.placedAt)}</Fact>
          <Fact label={t('orders.order.ticket')}>
            <AnchorLink to="/arende/$id" params={{ id: o.ticketId }}>
              {o.ticketNumber ?? o.number}
            </AnchorLink>
          </Fact>
          {o.accountEndsOn && <Fact label={t('orders.order.accountEndsOn')}>{formatDate(o.accountEndsOn)}</Fact>}
          {o.reminderTicketId && o.reminderTicketNumber && (
            <Fact label={t('orders.order.reminderTicket')}>
              <AnchorLink to="/arende/$id" params={{ id: o.reminderTicketId }}>
                {o.reminderTicketNumber}
              </AnchorLink>
            </Fact>
          )}
          {o.note && <Fact label={t('orders.note')}>{o.note}</Fact>}
        </dl>
        {o.cancelledReason && <Alert color="red">{t('orders.order.cancelledReason', { reason: o.cancelledReason })}</Alert>}
        <Details order={o} />
        <ProblemAlert error={markOrdered.error} />
        <Title order={2} size="h3">
          {t('orders.order.lines')}
        </Title>
        <Lines
          order={o}
          onOrdered={(l) => markOrdered.mutate(l)}
          onDeliver={(line) => setDialog({ kind: 'deliver', line })}
          onCancelLine={(line) => setDialog({ kind: 'cancelLine', line })}
          busy={markOrdered.isPending}
        />
        {o.kind === 'standard' && <TotalsList totals={o.totals} locale={locale} />}
      </Stack>
      {dialog?.kind === 'deliver' && (
        <DeliverDialog order={o} line={dialog.line} onClose={() => setDialog(null)} onDone={(x) => done(x, t('orders.order.delivered'))} />
      )}
      {dialog?.kind === 'cancelLine' && (
        <CancelDialog
          title={t('orders.order.cancelLineNamed', { name: dialog.line.description })}
          submitLabel={t('orders.order.cancelLine')}
          path={`/api/v1/orders/${o.id}/lines/${dialog.line.id}/cancel`}
          order={o}
          onClose={() => setDialog(null)}
          onDone={(x) => done(x, t('orders.order.lineCancelled'))}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelDialog
          title={t('orders.order.cancelTitle', { number: o.number })}
          submitLabel={t('orders.order.cancel')}
          help={t('orders.order.cancelHelp')}
          path={`/api/v1/orders/${o.id}/cancel`}
          order={o}
          onClose={() => setDialog(null)}
          onDone={(x) => done(x, t('orders.order.cancelled'))}
        />
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt style={{ fontWeight: 600 }}>{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </>
  );
}

/** what a special order asks for. */
function Details({ order }: { order: Order }) {
  const { t } = useTranslation();
  const d = order.details;
  if (!d) return null;
  const rows: [keyof Texts['orders']['order']['detail'], string | null][] =
    d.kind === 'account_non_employee'
      ? [
          ['name', `${d.firstName} ${d.lastName}`],
          ['email', d.email],
          ['personRole', d.personRole],
          ['organisation', d.organisation],
          ['period', `${formatDate(d.startsOn)} – ${formatDate(d.endsOn)}`],
          ['reason', d.reason],
        ]
      : d.kind === 'function_address'
        ? [
            ['address', d.address],
            ['displayName', d.displayName],
            ['purpose', d.purpose],
          ]
        : d.kind === 'software_request'
          ? [
              ['software', d.software],
              ['vendor', d.vendor],
              ['purpose', d.purpose],
              ['computers', d.computers],
            ]
          : [
              ['software', d.software],
              ['vendor', d.vendor],
              ['purpose', d.purpose],
              ['teacherComputers', String(d.teacherComputers)],
            ];
  return (
    <section aria-labelledby="order-details">
      <Title order={2} size="h3" id="order-details" mb="xs">
        {t('orders.order.details')}
      </Title>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '1.5rem', rowGap: 4, margin: 0 }}>
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <Fact key={k} label={t(`orders.order.detail.${k}`)}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>
            </Fact>
          ))}
      </dl>
    </section>
  );
}

function Lines({
  order,
  onOrdered,
  onDeliver,
  onCancelLine,
  busy,
}: {
  order: Order;
  onOrdered: (l: OrderLine) => void;
  onDeliver: (l: OrderLine) => void;
  onCancelLine: (l: OrderLine) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const open = (l: Order['lines'][number]) => l.actions.markOrdered || l.actions.deliver || l.actions.cancel;
  const actions = order.lines.some(open);
  return (
    <ScrollTable label={t('orders.order.lines')} minWidth={actions ? 1400 : 1100}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('orders.order.description')}</Table.Th>
            <Table.Th scope="col">{t('orders.place.quantity')}</Table.Th>
            <Table.Th scope="col">{t('orders.place.price')}</Table.Th>
            <Table.Th scope="col">{t('orders.status')}</Table.Th>
            <Table.Th scope="col">{t('orders.order.serial')}</Table.Th>
            <Table.Th scope="col">{t('orders.order.holder')}</Table.Th>
            <Table.Th scope="col">{t('orders.order.deliveredOn')}</Table.Th>
            <Table.Th scope="col">{t('orders.order.billingStartsOn')}</Table.Th>
            {actions && <Table.Th scope="col">{t('orders.order.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Th scope="row" fw="normal" miw={240}>
                <Text size="sm" fw={600}>
                  {l.description}
                </Text>
                {l.articleCode && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {l.articleCode}
                  </Text>
                )}
                {l.cancelledReason && (
                  <Text size="xs" c="red">
                    {l.cancelledReason}
                  </Text>
                )}
              </Table.Th>
              <Table.Td>{l.quantity}</Table.Td>
              <Table.Td>{l.articleCode ? <PriceText item={l} /> : t('app.none')}</Table.Td>
              <Table.Td>
                <LineStatusBadge status={l.status} />
              </Table.Td>
              <Table.Td ff="monospace">{l.serialNumber ?? t('app.none')}</Table.Td>
              <Table.Td>{l.holderName ?? t('app.none')}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{l.deliveredOn ? formatDate(l.deliveredOn) : t('app.none')}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {l.billingStartsOn ? formatDate(l.billingStartsOn) : l.status === 'delivered' ? t('orders.order.noBilling') : t('app.none')}
              </Table.Td>
              {actions && (
                <Table.Td>
                  {open(l) && (
                    <Group gap={4} wrap="nowrap">
                      {l.actions.markOrdered && (
                        <Button
                          size="compact-sm"
                          variant="light"
                          disabled={busy}
                          aria-label={t('orders.order.orderedNamed', { name: l.description })}
                          onClick={() => onOrdered(l)}
                        >
                          {t('orders.order.ordered')}
                        </Button>
                      )}
                      {l.actions.deliver && (
                        <Button
                          size="compact-sm"
                          disabled={busy}
                          aria-label={t('orders.order.deliverNamed', { name: l.description })}
                          onClick={() => onDeliver(l)}
                        >
                          {t('orders.order.deliver')}
                        </Button>
                      )}
                      {l.actions.cancel && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          disabled={busy}
                          aria-label={t('orders.order.cancelLineNamed', { name: l.description })}
                          onClick={() => onCancelLine(l)}
                        >
                          {t('orders.order.cancelLine')}
                        </Button>
                      )}
                    </Group>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** IT delivers a line with serial number (equipment), holder and date; the server's refusals show on the fields. */
function DeliverDialog({ order, line, onClose, onDone }: { order: Order; line: OrderLine; onClose: () => void; onDone: (o: Order) => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [version, setVersion] = useState(order.version);
  const people = useQuery({
    enabled: q.length >= 2,
    queryKey: ['people', 'holder', order.municipalityId, q],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(`/api/v1/people${qs({ municipalityId: order.municipalityId, q, limit: 20 })}`, signal),
  });
  const found = q.length >= 2 ? (people.data?.items ?? []) : [];
  const deliver = useMutation({
    mutationFn: ({ serialNumber, holderPersonId, deliveredOn }: { serialNumber: string; holderPersonId: string; deliveredOn: string }) =>
      api.post<Order>(`/api/v1/orders/${order.id}/lines/${line.id}/deliver`, {
        version,
        serialNumber: serialNumber.trim() || null,
        holderPersonId: holderPersonId || null,
        deliveredOn: deliveredOn || undefined,
      }),
    onSuccess: async (o) => {
      await onDone(o);
      onClose();
    },
  });
  const form = useSamdeskForm({
    initialValues: { serialNumber: '', holderPersonId: '', deliveredOn: stockholmNow().local.slice(0, 10) },
    required: () => ({
      ...(line.model !== null ? { serialNumber: { label: t('orders.order.serial') } } : {}),
      deliveredOn: { label: t('orders.order.deliveredOnField') },
    }),
    action: deliver,
  });
  const holderPersonId = form.values.holderPersonId;
  return (
    <Modal opened onClose={onClose} title={t('orders.order.deliverNamed', { name: line.description })} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <StaleAlert<{ version: number }>
            error={deliver.error}
            onReload={(current) => {
              setVersion(current.version);
              deliver.reset();
              void queryClient.invalidateQueries({ queryKey: orderKeys.one(order.id) });
            }}
          />
          <ProblemAlert error={deliver.error} knownFields={['serialNumber', 'holderPersonId', 'deliveredOn']} />
          <TextInput
            label={t('orders.order.serial')}
            required={line.model !== null}
            description={line.model !== null ? t('orders.order.serialRequired') : undefined}
            maxLength={100}
            {...form.text('serialNumber')}
            data-autofocus
          />
          <Group align="flex-start" grow>
            <TextInput
              label={t('orders.order.holderSearch')}
              description={t('orders.order.holderSearchHelp')}
              type="search"
              maxLength={100}
              value={search}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setSearch(v);
              }}
            />
            <NativeSelect
              label={t('orders.order.holderPerson')}
              data={[
                { value: '', label: t('orders.order.noHolder') },
                ...found.map((p) => ({ value: p.id, label: p.email ? `${p.firstName} ${p.lastName} (${p.email})` : `${p.firstName} ${p.lastName}` })),
              ]}
              {...form.text('holderPersonId')}
              value={found.some((p) => p.id === holderPersonId) ? holderPersonId : ''}
            />
          </Group>
          <TextInput label={t('orders.order.deliveredOnField')} type="date" required maw={220} {...form.text('deliveredOn')} />
          <FormButtons submitLabel={t('orders.order.deliver')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function CancelDialog({
  title,
  submitLabel,
  help,
  path,
  order,
  onClose,
  onDone,
}: {
  title: string;
  submitLabel: string;
  help?: string;
  path: string;
  order: Order;
  onClose: () => void;
  onDone: (o: Order) => Promise<void>;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: ({ reason }: { reason: string }) => api.post<Order>(path, { version: order.version, reason }),
    onSuccess: async (o) => {
      await onDone(o);
      onClose();
    },
  });
  const form = useSamdeskForm({ initialValues: { reason: '' }, required: () => ({ reason: { label: t('orders.order.reason') } }), action: cancel });
  const stale = cancel.error instanceof ApiError && cancel.error.code === 'stale_version';
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={form.submit} noValidate>
        <Stack>
          {help && <Text>{help}</Text>}
          <StaleAlert<unknown>
            error={cancel.error}
            onReload={() => {
              void queryClient.invalidateQueries({ queryKey: orderKeys.one(order.id) });
              onClose();
            }}
          />
          <ProblemAlert error={cancel.error} knownFields={['reason']} />
          <Textarea label={t('orders.order.reason')} required autosize minRows={2} maxLength={2000} {...form.text('reason')} data-autofocus />
          <FormButtons submitLabel={submitLabel} color="red" submitting={form.submitting} onCancel={onClose} disabled={stale} />
        </Stack>
      </form>
    </Modal>
  );
}
