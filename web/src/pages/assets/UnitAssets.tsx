import { Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isAssetStatus, readsWholeRegister, useUnitCosts } from '../../assets/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatSek, monthName, stockholmNow } from '../../format.ts';
import { useOrderableUnits } from '../../orders/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import { AssetStatusBadge, UnitSelect } from './parts.tsx';

export interface UnitAssetsSearch {
  kommun?: string;
  enhet?: string;
  manad?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateUnitAssetsSearch(search: Record<string, unknown>): UnitAssetsSearch {
  const out: UnitAssetsSearch = {};
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.enhet === 'string' && UUID.test(search.enhet)) out.enhet = search.enhet;
  if (typeof search.manad === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(search.manad)) out.manad = search.manad;
  return out;
}

/**
 * A unit's view (issue 7, R-5.1, R-6.4): a manager chooses one of their units and sees its equipment
 * and what it costs a month (IT and finance may choose any unit). Money is öre from the server,
 * shown in kronor.
 */
export function UnitAssetsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const search = useSearch({ from: '/inventarier/enhet' });
  const navigate = useNavigate({ from: '/inventarier/enhet' });
  const whole = readsWholeRegister(user);
  const spansBoth = whole && user.municipalityId === null;
  const orderable = useOrderableUnits();
  const managed = (orderable.data?.items ?? []).filter((u) => u.via === 'manager');
  const month = search.manad ?? stockholmNow().local.slice(0, 7);
  const unitId = search.enhet ?? (!whole && managed.length === 1 ? (managed[0]?.id ?? '') : '');
  const costs = useUnitCosts(unitId, month);
  const set = (patch: Partial<UnitAssetsSearch>) => void navigate({ search: (s: UnitAssetsSearch) => ({ ...s, ...patch }), replace: true });
  const monthLabel = `${monthName(Number(month.slice(5, 7)), locale)} ${month.slice(0, 4)}`;

  if (!whole && orderable.isPending) return <Loading />;
  const noUnits = !whole && managed.length === 0;
  return (
    <>
      <PageHeader title={t('assets.unitView.title')} intro={t('assets.unitView.intro')} />
      <Stack>
        {noUnits ? (
          <ProblemAlert error={orderable.error ?? new Error(t('assets.unitView.none'))} />
        ) : (
          <Group align="flex-end" wrap="wrap">
            {spansBoth && <MunicipalitySelect allowAll value={search.kommun ?? ''} onChange={(id) => set({ kommun: id || undefined, enhet: undefined })} />}
            {whole ? (
              <UnitSelect
                municipalityId={spansBoth ? search.kommun : (user.municipalityId ?? undefined)}
                label={t('assets.unitView.unitLabel')}
                value={unitId}
                onChange={(id) => set({ enhet: id || undefined })}
              />
            ) : (
              <NativeSelect
                label={t('assets.unitView.unitLabel')}
                data={[{ value: '', label: t('assets.chooseUnit') }, ...managed.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))]}
                value={unitId}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  set({ enhet: v || undefined });
                }}
              />
            )}
            <TextInput
              label={t('assets.unitView.month')}
              type="month"
              maw={200}
              value={month}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (/^\d{4}-\d{2}$/.test(v)) set({ manad: v });
              }}
            />
          </Group>
        )}
        {noUnits ? null : unitId === '' ? (
          <EmptyState>{t('assets.unitView.pick')}</EmptyState>
        ) : costs.isPending ? (
          <Loading />
        ) : costs.isError ? (
          <ProblemAlert error={costs.error} onRetry={() => void costs.refetch()} />
        ) : (
          <section aria-labelledby="unit-costs">
            <Title order={2} size="h3" id="unit-costs" mb="sm">
              {t('assets.unitView.heading', { unit: costs.data.unitName, month: monthLabel })}
            </Title>
            {costs.data.items.length === 0 ? (
              <EmptyState>{t('assets.unitView.empty')}</EmptyState>
            ) : (
              <ScrollTable label={t('assets.unitView.tableLabel')} minWidth={1000}>
                <Table striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('assets.serial')}</Table.Th>
                      <Table.Th scope="col">{t('assets.model')}</Table.Th>
                      <Table.Th scope="col">{t('assets.type')}</Table.Th>
                      <Table.Th scope="col">{t('assets.holder')}</Table.Th>
                      <Table.Th scope="col">{t('assets.status')}</Table.Th>
                      <Table.Th scope="col">{t('assets.article')}</Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('assets.unitView.monthlyFee')}
                      </Table.Th>
                      <Table.Th scope="col">{t('assets.unitView.basis')}</Table.Th>
                      <Table.Th scope="col">{t('assets.unitView.charged')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {costs.data.items.map((i) => (
                      <Table.Tr key={i.assetId}>
                        <Table.Th scope="row" fw="normal" ff="monospace">
                          <AnchorLink to="/inventarier/$id" params={{ id: i.assetId }}>
                            {i.serial}
                          </AnchorLink>
                        </Table.Th>
                        <Table.Td>{i.model}</Table.Td>
                        <Table.Td>{t(`assets.types.${i.deviceType}`, { defaultValue: i.deviceType })}</Table.Td>
                        <Table.Td>{i.holderName ?? t('app.none')}</Table.Td>
                        <Table.Td>{isAssetStatus(i.status) ? <AssetStatusBadge status={i.status} /> : i.status}</Table.Td>
                        <Table.Td>
                          {i.articleName ? `${i.articleName}${i.articleCode ? ` (${i.articleCode})` : ''}` : (i.articleCode ?? t('app.none'))}
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={i.charged ? undefined : 'dimmed'}>
                          {i.monthlyFee === null ? t('assets.unitView.noFee') : formatSek(i.monthlyFee, locale)}
                        </Table.Td>
                        <Table.Td>{i.basis ? t(`assets.asset.bases.${i.basis}`, { defaultValue: i.basis }) : t('app.none')}</Table.Td>
                        <Table.Td>{i.charged ? t('assets.unitView.chargedYes') : t('assets.unitView.chargedNo')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th scope="row" colSpan={6}>
                        {t('assets.unitView.total')}
                      </Table.Th>
                      <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }}>
                        {formatSek(costs.data.totalMonthly, locale)}
                      </Table.Td>
                      <Table.Td colSpan={2} />
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </ScrollTable>
            )}
            {costs.data.items.length > 0 && (
              <Text size="sm" c="dimmed" mt="xs">
                {t('assets.unitView.rule', { rule: t(`assets.unitView.rules.${costs.data.partMonth}`) })}
              </Text>
            )}
          </section>
        )}
      </Stack>
    </>
  );
}
