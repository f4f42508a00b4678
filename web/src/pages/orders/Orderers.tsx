import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, qs, request } from '../../api.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { ConfirmDialog, EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useAllUnits } from '../../hooks.ts';
import { orderKeys, useOrderableUnits, type Candidate, type Designation } from '../../orders/model.ts';
import { useLocale, useSession } from '../../session.tsx';

/**
 * "Beställare" (issue 6, R-1.4): a unit manager designates who may order for their units and revokes
 * them; an administrator does it for any unit of their municipality. The server decides again.
 */
export function OrderersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = user.can.designatesForAnyUnit;
  const orderable = useOrderableUnits();
  const all = useAllUnits();
  const [unitId, setUnitId] = useState('');
  // A manager designates for the units they manage; an administrator for every active unit in sight.
  const units = admin
    ? (all.data?.items ?? []).filter((u) => u.active).map((u) => ({ id: u.id, code: u.code, name: u.name }))
    : (orderable.data?.items ?? []).filter((u) => u.via === 'manager').map((u) => ({ id: u.id, code: u.code, name: u.name }));
  const unit = units.find((u) => u.id === unitId) ?? units[0];
  const pending = admin ? all.isPending : orderable.isPending;
  const error = admin ? all.error : orderable.error;
  return (
    <>
      <PageHeader title={t('orders.orderers.title')} intro={t('orders.orderers.intro')} />
      {pending ? (
        <Loading />
      ) : error ? (
        <ProblemAlert error={error} />
      ) : !unit ? (
        <EmptyState>{t('orders.orderers.none')}</EmptyState>
      ) : (
        <Stack>
          <NativeSelect
            label={t('orders.orderers.unitsLabel')}
            data={units.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
            value={unit.id}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setUnitId(v);
            }}
            maw={520}
          />
          <UnitOrderers unit={unit} key={unit.id} />
        </Stack>
      )}
    </>
  );
}

function UnitOrderers({ unit }: { unit: { id: string; name: string } }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: orderKeys.designations(unit.id),
    queryFn: ({ signal }) => api.get<{ items: Designation[] }>(`/api/v1/units/${unit.id}/orderers?includeRevoked=true`, signal),
  });
  const [revoking, setRevoking] = useState<Designation | null>(null);
  const title = t('orders.orderers.current', { unit: unit.name });
  return (
    <Stack>
      <Title order={2} size="h3">
        {title}
      </Title>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed">{t('orders.orderers.empty')}</Text>
      ) : (
        <ScrollTable label={title} minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('orders.orderers.name')}</Table.Th>
                <Table.Th scope="col">{t('orders.orderers.designatedBy')}</Table.Th>
                <Table.Th scope="col">{t('orders.orderers.designatedAt')}</Table.Th>
                <Table.Th scope="col">{t('orders.orderers.state')}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t('app.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Th scope="row" fw="normal">
                    {d.userName}
                  </Table.Th>
                  <Table.Td>{d.designatedByName}</Table.Td>
                  <Table.Td>{formatDateTime(d.designatedAt)}</Table.Td>
                  <Table.Td>
                    {d.active ? (
                      <Badge color="green" variant="light">
                        {t('orders.orderers.active')}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('orders.orderers.revokedAt', { at: d.revokedAt ? formatDate(d.revokedAt.slice(0, 10)) : '' })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {d.active && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        aria-label={t('orders.orderers.revokeNamed', { name: d.userName })}
                        onClick={() => setRevoking(d)}
                      >
                        {t('orders.orderers.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Designate unit={unit} />
      {revoking && <RevokeDialog unit={unit} designation={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function Designate({ unit }: { unit: { id: string; name: string } }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [userId, setUserId] = useState('');
  const candidates = useQuery({
    enabled: q.length >= 2,
    queryKey: ['orders', 'candidates', unit.id, q],
    queryFn: ({ signal }) => api.get<{ items: Candidate[] }>(`/api/v1/units/${unit.id}/orderer-candidates${qs({ q })}`, signal),
  });
  const found = q.length >= 2 ? (candidates.data?.items ?? []) : [];
  const chosen = found.find((c) => c.id === userId) ?? (found.length === 1 ? found[0] : undefined);
  const designate = useMutation({
    mutationFn: (id: string) => api.post<Designation>(`/api/v1/units/${unit.id}/orderers`, { userId: id }),
    onSuccess: async (d) => {
      notifications.show({ color: 'green', message: t('orders.orderers.designated', { name: d.userName, unit: unit.name }) });
      setSearch('');
      setUserId('');
      await queryClient.invalidateQueries({ queryKey: orderKeys.designations(unit.id) });
    },
  });
  const errors = fieldErrors(designate.error, locale);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) designate.mutate(chosen.id);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="designate-title">
      <Stack gap="xs">
        <Title order={2} size="h3" id="designate-title">
          {t('orders.orderers.designate')}
        </Title>
        <ProblemAlert error={designate.error} knownFields={['userId']} />
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('orders.orderers.search')}
            description={t('orders.orderers.searchHelp')}
            type="search"
            maxLength={100}
            value={search}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSearch(v);
              designate.reset();
            }}
            miw={260}
          />
          <NativeSelect
            label={t('orders.orderers.account')}
            description=" "
            data={
              found.length === 0
                ? [{ value: '', label: q.length >= 2 && candidates.isSuccess ? t('orders.orderers.noMatch') : t('orders.orderers.chooseAccount') }]
                : found.map((c) => ({ value: c.id, label: `${c.displayName} (${c.username}${c.email ? `, ${c.email}` : ''})` }))
            }
            value={chosen?.id ?? ''}
            error={errors.userId}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setUserId(v);
            }}
            miw={320}
          />
        </Group>
        <Group>
          <Button type="submit" disabled={!chosen} loading={designate.isPending}>
            {t('orders.orderers.designate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RevokeDialog({ unit, designation, onClose }: { unit: { id: string; name: string }; designation: Designation; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => request<void>('DELETE', `/api/v1/units/${unit.id}/orderers/${designation.userId}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('orders.orderers.revoked', { name: designation.userName }) });
      await queryClient.invalidateQueries({ queryKey: orderKeys.designations(unit.id) });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      title={t('orders.orderers.revokeNamed', { name: designation.userName })}
      message={t('orders.orderers.revokeConfirm', { name: designation.userName, unit: unit.name })}
      confirmLabel={t('orders.orderers.revoke')}
      action={revoke}
      retryable
      onClose={onClose}
    />
  );
}
