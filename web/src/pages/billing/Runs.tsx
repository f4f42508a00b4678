import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { billingKeys, runsBilling, useRuns, type BillingRun } from '../../billing/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
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
          shown.map((m) => (
            <RunList key={m.id} id={`runs-${m.code}`} municipality={m.name} runs={items.filter((r) => r.municipalityId === m.id)} finance={finance} />
          ))
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
      <ListTable
        items={runs}
        empty={finance ? t('billing.list.empty') : t('billing.list.emptyManager')}
        label={t('billing.list.tableLabel', { municipality })}
        minWidth={finance ? 880 : 560}
        columns={[
          t('billing.list.month'),
          t('billing.list.status'),
          ...(finance
            ? [
                { label: t('billing.list.total'), numeric: true },
                { label: t('billing.list.lines'), numeric: true },
                { label: t('billing.list.warnings'), numeric: true },
                t('billing.list.computedAt'),
              ]
            : [{ label: t('billing.list.totalOwn'), numeric: true }]),
          t('billing.list.approvedAt'),
        ]}
        row={(r) => (
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
        )}
      />
    </Section>
  );
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The form's inputs and the server's problem fields each shows (a dotted path below one too). */
const COMPUTE_INPUTS = { municipality: ['municipality'], month: ['month'] } as const;
const computeInputOf = (field: string) =>
  (Object.keys(COMPUTE_INPUTS) as (keyof typeof COMPUTE_INPUTS)[]).find((input) => COMPUTE_INPUTS[input].some((f) => field === f || field.startsWith(`${f}.`)));

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
  const compute = useMutation({
    mutationFn: ({ municipality, month }: { municipality: string; month: string }) =>
      api.post<BillingRun>('/api/v1/billing/runs', { municipality, month: month.trim() }),
    onSuccess: async (run) => {
      notifications.show({ color: 'green', message: t('billing.compute.done', { month: formatYearMonth(run.runMonth, locale) }) });
      await queryClient.invalidateQueries({ queryKey: billingKeys.all });
      await navigate({ to: '/fakturering/$id', params: { id: run.id } });
    },
  });
  const form = useSamdeskForm({
    initialValues: { municipality: initialMunicipality, month: '' },
    required: () => ({
      ...(spansBoth ? { municipality: { label: t('billing.compute.municipality'), kind: 'choose' } } : {}),
      month: { label: t('billing.compute.month') },
    }),
    check: ({ month }): Record<string, string> => (MONTH.test(month.trim()) ? {} : { month: t('billing.compute.monthMissing') }),
    problemPath: computeInputOf,
    // A refusal of the last try is no longer the form's state.
    onInvalid: () => compute.reset(),
    action: compute,
  });
  const { known } = placeProblems(compute.error, locale, COMPUTE_INPUTS);
  return (
    <form onSubmit={form.submit} noValidate aria-labelledby="billing-compute">
      <Stack gap="sm">
        <Title order={2} size="h3" id="billing-compute">
          {t('billing.compute.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('billing.compute.help')}
        </Text>
        <ProblemAlert error={compute.error} knownFields={known} />
        <Group align="flex-start" wrap="wrap">
          {spansBoth && (
            <MunicipalitySelect
              label={t('billing.compute.municipality')}
              value={form.values.municipality}
              onChange={(id) => form.set('municipality', id)}
              error={form.errors.municipality}
            />
          )}
          <TextInput label={t('billing.compute.month')} description={t('billing.compute.monthHelp')} type="month" required w={260} {...form.text('month')} />
        </Group>
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('billing.compute.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
