import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { billingKeys, runsBilling, useRuns, type BillingRun } from '../../billing/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { requiredProblems } from '../../forms.ts';
import { formatDateTime, formatInteger, formatSek, formatYearMonth } from '../../format.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import { placeProblems } from '../assets/parts.tsx';
import { MONEY, RunStatusBadge, Section } from './parts.tsx';

/** The municipality shown lives in the address, so the list can be bookmarked and shared. */
export interface BillingSearch {
  kommun?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateBillingSearch(search: Record<string, unknown>): BillingSearch {
  return typeof search.kommun === 'string' && UUID.test(search.kommun) ? { kommun: search.kommun } : {};
}

/**
 * "Fakturering" (issue 8, R-6.2, R-6.6): finance, IT management and administrators see the runs of their
 * municipality (both, for IT spanning both) with status, total, lines and warnings, and compute a run for
 * a month; a unit manager sees the approved runs, each leading to their units' invoice bases.
 */
export function BillingRunsPage() {
  return (
    <RequirePermission permission="readsBilling">
      <Runs />
    </RequirePermission>
  );
}

function Runs() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/fakturering' });
  const navigate = useNavigate({ from: '/fakturering' });
  const finance = runsBilling(user);
  const spansBoth = user.municipalityId === null;
  const municipalities = useMunicipalities();
  const runs = useRuns(spansBoth ? search.kommun : undefined);

  // One section per municipality shown: the one chosen, the user's own, or every one the user sees.
  const shown = (municipalities.data?.items ?? []).filter((m) => (spansBoth ? !search.kommun || m.id === search.kommun : m.id === user.municipalityId));
  const items = runs.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('billing.list.title')} intro={finance ? t('billing.list.introFinance') : t('billing.list.introManager')} />
      <Stack gap="xl">
        {finance && <ComputeForm spansBoth={spansBoth} initialMunicipality={spansBoth ? (search.kommun ?? '') : (user.municipalityId ?? '')} />}
        {spansBoth && (
          <MunicipalitySelect
            allowAll
            label={t('billing.list.municipalityFilter')}
            value={search.kommun ?? ''}
            onChange={(id) => void navigate({ search: id ? { kommun: id } : {}, replace: true })}
          />
        )}
        {runs.isPending || municipalities.isPending ? (
          <Loading />
        ) : runs.isError ? (
          <ProblemAlert error={runs.error} onRetry={() => void runs.refetch()} />
        ) : municipalities.isError ? (
          <ProblemAlert error={municipalities.error} onRetry={() => void municipalities.refetch()} />
        ) : (
          shown.map((m) => <RunList key={m.id} id={`runs-${m.code}`} municipality={m.name} runs={items.filter((r) => r.municipalityId === m.id)} finance={finance} />)
        )}
      </Stack>
    </>
  );
}

/** One municipality's runs, newest month first (the API's order). */
function RunList({ id, municipality, runs, finance }: { id: string; municipality: string; runs: BillingRun[]; finance: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Section id={id} title={municipality}>
      {runs.length === 0 ? (
        <EmptyState>{finance ? t('billing.list.empty') : t('billing.list.emptyManager')}</EmptyState>
      ) : (
        <ScrollTable label={t('billing.list.tableLabel', { municipality })} minWidth={finance ? 880 : 560}>
          <Table striped highlightOnHover withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('billing.list.month')}</Table.Th>
                <Table.Th scope="col">{t('billing.list.status')}</Table.Th>
                {finance && (
                  <>
                    <Table.Th scope="col" ta="right">
                      {t('billing.list.total')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('billing.list.lines')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('billing.list.warnings')}
                    </Table.Th>
                    <Table.Th scope="col">{t('billing.list.computedAt')}</Table.Th>
                  </>
                )}
                {!finance && (
                  <Table.Th scope="col" ta="right">
                    {t('billing.list.totalOwn')}
                  </Table.Th>
                )}
                <Table.Th scope="col">{t('billing.list.approvedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th scope="row" fw="normal" style={{ whiteSpace: 'nowrap' }}>
                    <AnchorLink to="/fakturering/$id" params={{ id: r.id }}>
                      {formatYearMonth(r.runMonth, locale)}
                    </AnchorLink>
                  </Table.Th>
                  <Table.Td>
                    <RunStatusBadge status={r.status} />
                  </Table.Td>
                  {finance && (
                    <>
                      <Table.Td {...MONEY}>{formatSek(r.totalOre, locale)}</Table.Td>
                      <Table.Td ta="right">{formatInteger(r.lineCount, locale)}</Table.Td>
                      <Table.Td ta="right" c={r.warnings.length > 0 ? 'orange.9' : undefined} fw={r.warnings.length > 0 ? 600 : undefined}>
                        {formatInteger(r.warnings.length, locale)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.computedAt)}</Table.Td>
                    </>
                  )}
                  {/* A unit manager's runs carry their units' totals only (the API's answer to them). */}
                  {!finance && <Table.Td {...MONEY}>{formatSek(r.totalOre, locale)}</Table.Td>}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.approvedAt ? formatDateTime(r.approvedAt) : t('app.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * compute the draft run of a municipality for a month, or recompute it; then open it. The
 * server's refusals (a month outside the schedule, a run already reviewed) show on the fields they
 * name, the rest above the form.
 */
function ComputeForm({ spansBoth, initialMunicipality }: { spansBoth: boolean; initialMunicipality: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [municipality, setMunicipality] = useState(initialMunicipality);
  const [month, setMonth] = useState('');
  const [missing, setMissing] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const compute = useMutation({
    mutationFn: (body: { municipality: string; month: string }) => api.post<BillingRun>('/api/v1/billing/runs', body),
    onSuccess: async (run) => {
      notifications.show({ color: 'green', message: t('billing.compute.done', { month: formatYearMonth(run.runMonth, locale) }) });
      await queryClient.invalidateQueries({ queryKey: billingKeys.all });
      await navigate({ to: '/fakturering/$id', params: { id: run.id } });
    },
  });
  const { errors, known } = placeProblems(compute.error, locale, { municipality: ['municipality'], month: ['month'] });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems(
      { municipality, month },
      { ...(spansBoth ? { municipality: { label: t('billing.compute.municipality'), kind: 'choose' } } : {}), month: { label: t('billing.compute.month') } },
      (key, field) => t(key, { field }),
    );
    setLocal(problems);
    const ok = MONTH.test(month.trim());
    setMissing(!ok);
    if (!ok || Object.keys(problems).length > 0) {
      compute.reset();
      return;
    }
    compute.mutate({ municipality, month: month.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="billing-compute">
      <Stack gap="sm">
        <Title order={2} size="h3" id="billing-compute">
          {t('billing.compute.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.compute.help')}
        </Text>
        <ProblemAlert error={compute.error} knownFields={known} />
        <Group align="flex-start" wrap="wrap">
          {spansBoth && <MunicipalitySelect
              label={t('billing.compute.municipality')}
              value={municipality}
              onChange={(id) => {
                setMunicipality(id);
                setLocal(({ municipality: _fixed, ...rest }) => rest);
              }}
              error={local.municipality ?? errors.municipality}
            />}
          <TextInput
            label={t('billing.compute.month')}
            description={t('billing.compute.monthHelp')}
            type="month"
            required
            w={260}
            value={month}
            error={local.month ?? (missing ? t('billing.compute.monthMissing') : errors.month)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setMonth(v);
              setLocal(({ month: _fixed, ...rest }) => rest);
            }}
          />
        </Group>
        <Group>
          <Button type="submit" loading={compute.isPending}>
            {t('billing.compute.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
