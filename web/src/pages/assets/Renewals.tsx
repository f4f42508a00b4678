import { Alert, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, fieldErrors } from '../../api.ts';
import { readsWholeRegister, useRenewals, type Renewals } from '../../assets/model.ts';
import { MODEL_CATEGORIES, type RangeModel } from '../../catalogue/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, stockholmNow } from '../../format.ts';
import { useAllUnits } from '../../hooks.ts';
import { useOrderableUnits } from '../../orders/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import { UnitSelect } from './parts.tsx';

export interface RenewalsSearch {
  kommun?: string;
  enhet?: string;
  manader?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTHS = [1, 3, 6, 12, 24] as const;

export function validateRenewalsSearch(search: Record<string, unknown>): RenewalsSearch {
  const out: RenewalsSearch = {};
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.enhet === 'string' && UUID.test(search.enhet)) out.enhet = search.enhet;
  const m = Number(search.manader);
  if ((MONTHS as readonly number[]).includes(m)) out.manader = m;
  return out;
}

/**
 * Renewals (issue 7, R-4.1, R-5.1): equipment whose renewal date falls within the chosen months, per
 * unit (overdue first marked); choose items and a replacement model of the unit's model range and order
 * the renewal, which becomes an ordinary order.
 */
export function RenewalsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/inventarier/fornyelse' });
  const navigate = useNavigate({ from: '/inventarier/fornyelse' });
  const spansBoth = readsWholeRegister(user) && user.municipalityId === null;
  const municipalityId = spansBoth ? (search.kommun ?? '') : (user.municipalityId ?? '');
  const months = search.manader ?? 6;
  const renewals = useRenewals(spansBoth ? (search.kommun ?? '') : '', search.enhet ?? '', months);
  const orderable = useOrderableUnits();
  const mayOrder = new Set((orderable.data?.items ?? []).map((u) => u.id));
  const range = useQuery({
    queryKey: ['catalogue', 'model-range', 'all'],
    queryFn: ({ signal }) => api.get<{ items: RangeModel[] }>('/api/v1/model-range', signal),
  });
  const set = (patch: Partial<RenewalsSearch>) => void navigate({ search: (s: RenewalsSearch) => ({ ...s, ...patch }), replace: true });

  return (
    <>
      <PageHeader title={t('assets.renewals.title')} intro={t('assets.renewals.intro')} />
      <Stack>
        <Group align="flex-end" wrap="wrap">
          {spansBoth && <MunicipalitySelect allowAll value={search.kommun ?? ''} onChange={(id) => set({ kommun: id || undefined, enhet: undefined })} />}
          <UnitSelect
            municipalityId={municipalityId || undefined}
            label={t('assets.unit')}
            emptyLabel={t('assets.allUnits')}
            value={search.enhet ?? ''}
            onChange={(id) => set({ enhet: id || undefined })}
          />
          <NativeSelect
            label={t('assets.renewals.months')}
            data={MONTHS.map((m) => ({ value: String(m), label: t('assets.renewals.monthsOption', { count: m }) }))}
            value={String(months)}
            onChange={(e) => {
              const v = Number(e.currentTarget.value);
              set({ manader: v === 6 ? undefined : v });
            }}
          />
        </Group>
        {renewals.isPending ? (
          <Loading />
        ) : renewals.isError ? (
          <ProblemAlert error={renewals.error} onRetry={() => void renewals.refetch()} />
        ) : (
          <>
            <Text c="dimmed">{t('assets.renewals.until', { date: formatDate(renewals.data.until) })}</Text>
            {renewals.data.units.every((u) => u.items.length === 0) ? (
              <EmptyState>{t('assets.renewals.empty')}</EmptyState>
            ) : (
              renewals.data.units
                .filter((u) => u.items.length > 0)
                .map((u) => (
                  <UnitRenewals
                    key={u.unitId}
                    unit={u}
                    months={months}
                    mayOrder={mayOrder.has(u.unitId)}
                    models={range.data?.items ?? []}
                    modelsError={range.error}
                  />
                ))
            )}
          </>
        )}
      </Stack>
    </>
  );
}

type UnitRow = Renewals['units'][number];

function UnitRenewals({
  unit,
  months,
  mayOrder,
  models: all,
  modelsError,
}: {
  unit: UnitRow;
  months: number;
  mayOrder: boolean;
  models: RangeModel[];
  modelsError: unknown;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const units = useAllUnits();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [modelId, setModelId] = useState('');
  const [missing, setMissing] = useState<'nothingSelected' | 'noModel' | null>(null);
  const order = useMutation({
    mutationFn: (assetIds: string[]) =>
      api.post<{ orderId: string; number: string }>('/api/v1/assets/renewals/order', { unitId: unit.unitId, assetIds, modelRangeItemId: modelId, months }),
    onSuccess: async () => {
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: ['assets'] });
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  const errors = fieldErrors(order.error, locale);
  // The server names a refused computer by its place in assetIds (`assetIds.2`): shown on its row.
  const sent = order.variables ?? [];
  const rowErrors = new Map<string, string>();
  if (order.error instanceof ApiError) {
    for (const [field, reason] of Object.entries(errors)) {
      const m = /^assetIds\.(\d+)$/.exec(field);
      const id = m ? sent[Number(m[1])] : undefined;
      if (id) rowErrors.set(id, reason);
    }
  }
  const known = ['modelRangeItemId', ...Object.keys(errors).filter((f) => /^assetIds\.\d+$/.test(f))];
  // the unit's municipality's range (and the shared models) of the latest year up to this one.
  const municipalityId = units.data?.items.find((x) => x.id === unit.unitId)?.municipalityId;
  const year = stockholmNow().year;
  const own = all.filter((m) => (m.municipalityId === null || m.municipalityId === municipalityId) && m.year <= year);
  const rangeYear = own.reduce<number | undefined>((y, m) => (y === undefined || m.year > y ? m.year : y), undefined);
  // A computer is replaced by a computer of the range (the server refuses anything else).
  const models = own
    .filter((m) => m.year === rangeYear && m.category === 'computer')
    .sort(
      (a, b) =>
        MODEL_CATEGORIES.indexOf(a.category) - MODEL_CATEGORIES.indexOf(b.category) ||
        `${a.manufacturer} ${a.model}`.localeCompare(`${b.manufacturer} ${b.model}`, 'sv'),
    );
  const headingId = `renewals-${unit.unitId}`;
  const open = unit.items.filter((i) => !i.replacementOrderNumber);
  const allSelected = open.length > 0 && open.every((i) => selected.has(i.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const submit = () => {
    const problem = selected.size === 0 ? 'nothingSelected' : modelId === '' ? 'noModel' : null;
    setMissing(problem);
    if (!problem) order.mutate([...selected]);
  };
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {unit.unitName}
      </Title>
      <Stack gap="sm">
        <ScrollTable label={unit.unitName} minWidth={820}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                {mayOrder && (
                  <Table.Th scope="col" w={48}>
                    <Checkbox
                      aria-label={t('assets.renewals.selectAll', { unit: unit.unitName })}
                      checked={allSelected}
                      disabled={open.length === 0}
                      indeterminate={!allSelected && selected.size > 0}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected(on ? new Set(open.map((i) => i.id)) : new Set());
                      }}
                    />
                  </Table.Th>
                )}
                <Table.Th scope="col">{t('assets.serial')}</Table.Th>
                <Table.Th scope="col">{t('assets.model')}</Table.Th>
                <Table.Th scope="col">{t('assets.holder')}</Table.Th>
                <Table.Th scope="col">{t('assets.deliveredOn')}</Table.Th>
                <Table.Th scope="col">{t('assets.renewalOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {unit.items.map((i) => (
                <Table.Tr key={i.id}>
                  {mayOrder && (
                    <Table.Td>
                      {!i.replacementOrderNumber && (
                        <Checkbox
                          aria-label={t('assets.renewals.selectNamed', { serial: i.serial })}
                          checked={selected.has(i.id)}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            toggle(i.id, on);
                          }}
                        />
                      )}
                    </Table.Td>
                  )}
                  <Table.Th scope="row" fw="normal" ff="monospace">
                    <AnchorLink to="/inventarier/$id" params={{ id: i.id }}>
                      {i.serial}
                    </AnchorLink>
                    {rowErrors.has(i.id) && (
                      <Text size="xs" c="red" ff="body">
                        {rowErrors.get(i.id)}
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{i.model}</Table.Td>
                  <Table.Td>{i.holderName ?? t('app.none')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{i.deliveredOn ? formatDate(i.deliveredOn) : t('app.none')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(i.renewalOn)}
                    {i.overdue && (
                      <Text component="span" c="red" fw={600} ml="xs">
                        {t('assets.renewals.overdue')}
                      </Text>
                    )}
                    {i.replacementOrderNumber && (
                      <Text size="xs" c="dimmed">
                        {t('assets.renewals.replacedBy', { number: i.replacementOrderNumber })}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {mayOrder && <ProblemAlert error={modelsError} />}
        <ProblemAlert error={order.error} knownFields={known} />
        {missing && (
          <Alert color="orange" role="alert">
            {t(`assets.renewals.${missing}`)}
          </Alert>
        )}
        {order.data && (
          <Alert color="green" role="status">
            <Text size="sm">{t('assets.renewals.ordered', { number: order.data.number })}</Text>
            <AnchorLink to="/bestallningar/$id" params={{ id: order.data.orderId }}>
              {t('assets.renewals.openOrder', { number: order.data.number })}
            </AnchorLink>
          </Alert>
        )}
        {!mayOrder ? (
          <Text size="sm" c="dimmed">
            {t('assets.renewals.ordersOnlyByOrderer')}
          </Text>
        ) : (
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('assets.renewals.replacement')}
              data={[
                { value: '', label: models.length === 0 ? t('assets.renewals.noModels') : t('assets.renewals.chooseModel') },
                ...models.map((m) => ({ value: m.id, label: `${m.manufacturer} ${m.model}` })),
              ]}
              value={modelId}
              error={errors.modelRangeItemId}
              miw={320}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setModelId(v);
              }}
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('assets.renewals.selectedCount', { count: selected.size })}
            </Text>
            <Button onClick={submit} loading={order.isPending} aria-label={t('assets.renewals.orderNamed', { unit: unit.unitName })}>
              {t('assets.renewals.order')}
            </Button>
          </Group>
        )}
      </Stack>
    </section>
  );
}
