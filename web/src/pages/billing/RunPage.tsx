import { Alert, Anchor, Button, Grid, Group, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, request } from '../../api.ts';
import { billingKeys, exportLinks, runsBilling, shownActions, useRun, type BillingRun, type RunAction, type RunUnit } from '../../billing/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { ConfirmDialog, EmptyState, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime, formatInteger, formatSek, formatSekChange, formatYearMonth } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';
import { Fact, FactList } from '../assets/parts.tsx';
import { MONEY, RunStatusBadge, Section, reasonsOf, useMunicipalityName } from './parts.tsx';

/** The units table's sort column and text filter live in the address (bookmarkable, survive a reload). */
const SORTS = ['kod', 'namn', 'summa', 'foregaende', 'skillnad', 'rattelser'] as const;
type Sort = (typeof SORTS)[number];
const isSort = (s: string): s is Sort => (SORTS as readonly string[]).includes(s);

export interface RunSearch {
  sok?: string;
  sortera?: Sort;
  fallande?: boolean;
}

export function validateRunSearch(search: Record<string, unknown>): RunSearch {
  const out: RunSearch = {};
  if (typeof search.sok === 'string' && search.sok.trim() !== '') out.sok = search.sok.slice(0, 100);
  if (typeof search.sortera === 'string' && isSort(search.sortera)) out.sortera = search.sortera;
  if (search.fallande === true || search.fallande === 'true') out.fallande = true;
  return out;
}

/** The run's periodic months as one span: "mars 2023", "januari 2023 – april 2023". */
function monthsText(months: readonly string[], locale: string): string | null {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return null;
  return first === last ? formatYearMonth(first, locale) : `${formatYearMonth(first, locale)} – ${formatYearMonth(last, locale)}`;
}

/**
 * One billing run (issue 8, R-6.2, R-6.3, R-6.6): what it charges (months, continuous items, the
 * central cost, internal or external), its status with the steps it allows (review, send back,
 * approve, recompute; the server's refusals shown as they come, e.g. four eyes), its warnings, its
 * units beside the previous run (sortable, filterable, each leading to the unit's basis) and its files.
 * A unit manager sees an approved run with only their units.
 */
export function BillingRunPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const { id } = useParams({ from: '/fakturering/$id' });
  const query = useRun(id);
  const municipalityName = useMunicipalityName();
  const finance = runsBilling(user);

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('billing.list.title')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <AnchorLink to="/fakturering" mt="md" display="inline-block">
          {t('billing.run.back')}
        </AnchorLink>
      </>
    );
  }
  const { run, previous, units } = query.data;
  const municipality = municipalityName(run.municipalityId, run.scope.municipality);
  return (
    <>
      <PageHeader
        title={t('billing.run.title', { municipality, month: formatYearMonth(run.runMonth, locale) })}
        actions={
          <AnchorLink to="/fakturering" search={{}}>
            {t('billing.run.back')}
          </AnchorLink>
        }
      />
      <Stack gap="xl">
        <Grid gutter="xl">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="xl">
              <Section id="run-facts" title={t('billing.run.facts')}>
                <RunFacts run={run} previous={previous} />
              </Section>
              <Section id="run-scope" title={t('billing.run.scope')}>
                <Scope run={run} />
              </Section>
              {finance && <Warnings run={run} />}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="xl">
              {finance && <Actions run={run} />}
              {finance && <Exports run={run} />}
            </Stack>
          </Grid.Col>
        </Grid>
        <Units run={run} units={units} finance={finance} />
      </Stack>
    </>
  );
}

function RunFacts({ run, previous }: { run: BillingRun; previous: BillingRun | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const when = (at: string, by: string | null, name: string | null) =>
    by === user.id ? t('billing.run.byYou', { at: formatDateTime(at) }) : name ? t('billing.run.byName', { at: formatDateTime(at), name }) : formatDateTime(at);
  return (
    <FactList>
      <Fact label={t('billing.run.status')}>
        <RunStatusBadge status={run.status} />
      </Fact>
      <Fact label={t('billing.run.total')}>{formatSek(run.totalOre, locale)}</Fact>
      <Fact label={t('billing.run.lineCount')}>{formatInteger(run.lineCount, locale)}</Fact>
      <Fact label={t('billing.run.computedAt')}>{when(run.computedAt, null, run.computedByName)}</Fact>
      {run.reviewedAt && <Fact label={t('billing.run.reviewedAt')}>{when(run.reviewedAt, run.reviewedByUserId, run.reviewedByName)}</Fact>}
      {run.approvedAt && <Fact label={t('billing.run.approvedAt')}>{when(run.approvedAt, run.approvedByUserId, run.approvedByName)}</Fact>}
      <Fact label={t('billing.run.previous')}>
        {previous ? (
          <AnchorLink to="/fakturering/$id" params={{ id: previous.id }}>
            {t('billing.run.previousRun', { month: formatYearMonth(previous.runMonth, locale), total: formatSek(previous.totalOre, locale) })}
          </AnchorLink>
        ) : (
          t('billing.run.noPrevious')
        )}
      </Fact>
    </FactList>
  );
}

/** what the schedule made the run charge. */
function Scope({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const s = run.scope;
  return (
    <FactList>
      <Fact label={t('billing.run.periodicMonths')}>{monthsText(s.periodicMonths, locale) ?? t('billing.run.noPeriodic')}</Fact>
      <Fact label={t('billing.run.continuousBefore')}>{t('billing.run.continuousBeforeText', { date: formatDate(s.continuousBefore) })}</Fact>
      <Fact label={t('billing.run.central')}>
        {s.centralYear === null ? t('billing.run.noCentral') : t('billing.run.centralYear', { year: s.centralYear })}
      </Fact>
      <Fact label={t('billing.run.kind')}>{s.internal ? t('billing.run.internal') : t('billing.run.external')}</Fact>
    </FactList>
  );
}

/** What should be charged but cannot be: finance fixes the cause and recomputes. */
function Warnings({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Section id="run-warnings" title={t('billing.run.warnings')}>
      {run.warnings.length === 0 ? (
        <Text c="dimmed">{t('billing.run.noWarnings')}</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">{t('billing.run.warningsHelp')}</Text>
          <ul aria-label={t('billing.run.warningsLabel')} style={{ margin: 0, paddingLeft: '1.25rem' }}>
            {run.warnings.map((w, i) => (
              <li key={`${w.subjectId}-${i}`}>
                <Text size="sm" component="span">
                  {t('billing.run.warning', { subject: w.subjectLabel, reason: locale === 'sv' ? w.reasonSv : w.reason })}
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}
    </Section>
  );
}

/**
 * the steps the server offers for the run (issue 16: from its answer, `run.actions`, never a
 * copy of its rule): each allowed one enabled, any other disabled with the server's reason beside it.
 * Recompute posts the run's municipality and month again (the server recomputes the draft in place);
 * the others send the version read. Approving and discarding ask first. A refusal is shown with the
 * server's reasons; a stale version offers to reload.
 */
function Actions({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: RunAction) =>
      action === 'recompute'
        ? api.post<BillingRun>('/api/v1/billing/runs', { municipality: run.municipalityId, month: run.runMonth })
        : api.post<BillingRun>(`/api/v1/billing/runs/${run.id}/${action}`, { version: run.version }),
    onSuccess: async (_after, action) => {
      notifications.show({ color: 'green', message: t(`billing.done.${action}`) });
      await queryClient.invalidateQueries({ queryKey: billingKeys.all });
    },
  });
  const shown = shownActions(run);
  const steps = shown.filter((a) => a.action !== 'discard');
  const discard = shown.find((a) => a.action === 'discard');
  const [discarding, setDiscarding] = useState(false);
  const [approving, setApproving] = useState(false);
  const stale = act.error instanceof ApiError && act.error.code === 'stale_version';
  const why = (a: { reason: string | null; reasonSv: string | null }) => (locale === 'sv' ? (a.reasonSv ?? a.reason) : (a.reason ?? a.reasonSv));
  const notAllowed = shown.filter((a) => !a.allowed && why(a));
  return (
    <Section id="run-actions" title={t('billing.run.actions')}>
      <Stack gap="sm">
        {shown.length === 0 ? (
          <Text size="sm">{run.status === 'approved' ? t('billing.run.approvedNote') : t('billing.run.noActions')}</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {t('billing.run.actionsHelp')}
            </Text>
            <Group gap="xs" role="group" aria-labelledby="run-actions">
              {steps.map((a) => (
                <Button
                  key={a.action}
                  variant={a.action === 'approve' || a.action === 'review' ? 'filled' : 'default'}
                  loading={act.isPending && act.variables === a.action}
                  disabled={!a.allowed || (act.isPending && act.variables !== a.action)}
                  aria-describedby={!a.allowed && why(a) ? `run-action-why-${a.action}` : undefined}
                  onClick={() => (a.action === 'approve' ? setApproving(true) : act.mutate(a.action))}
                >
                  {t(`billing.actions.${a.action}`)}
                </Button>
              ))}
              {discard && (
                <Button
                  color="red"
                  variant="light"
                  disabled={!discard.allowed || act.isPending}
                  aria-describedby={!discard.allowed && why(discard) ? 'run-action-why-discard' : undefined}
                  onClick={() => setDiscarding(true)}
                >
                  {t('billing.actions.discard')}
                </Button>
              )}
            </Group>
            {notAllowed.length > 0 && (
              <ul style={{ margin: 0, paddingLeft: '1.25rem' }} aria-label={t('billing.run.notAllowed')}>
                {notAllowed.map((a) => (
                  <li key={a.action} id={`run-action-why-${a.action}`}>
                    <Text size="sm" component="span">
                      {t('billing.run.whyNot', { action: t(`billing.actions.${a.action}`), reason: why(a) })}
                    </Text>
                  </li>
                ))}
              </ul>
            )}
            {discarding && <DiscardDialog run={run} onClose={() => setDiscarding(false)} />}
            {approving && <ApproveDialog run={run} onClose={() => setApproving(false)} />}
          </>
        )}
        <StaleAlert<BillingRun>
          error={act.error}
          onReload={() => {
            act.reset();
            void queryClient.invalidateQueries({ queryKey: billingKeys.run(run.id) });
          }}
        />
        {act.isError && !stale && (
          <Alert color="red" title={t('billing.run.refused')} role="alert">
            <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
              {reasonsOf(act.error, locale).map((r, i) => (
                <li key={i}>
                  <Text size="sm" component="span">
                    {r}
                  </Text>
                </li>
              ))}
            </ul>
          </Alert>
        )}
      </Stack>
    </Section>
  );
}

/**
 * issue 16: approval asks first, and lists the run's open warnings — what should be charged but
 * is not — so nobody approves them unseen (Cancel has the focus). A refusal is shown in the dialog.
 */
function ApproveDialog({ run, onClose }: { run: BillingRun; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const month = formatYearMonth(run.runMonth, locale);
  const approve = useMutation({
    mutationFn: () => api.post<BillingRun>(`/api/v1/billing/runs/${run.id}/approve`, { version: run.version }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('billing.done.approve') });
      onClose();
      await queryClient.invalidateQueries({ queryKey: billingKeys.all });
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: billingKeys.run(run.id) });
    },
  });
  const warnings = run.warnings;
  // The dialog's message sits in a paragraph: the warnings are a list of spans with list roles.
  const message = (
    <>
      {t('billing.run.approveConfirm')}{' '}
      {warnings.length === 0 ? (
        t('billing.run.approveNoWarnings')
      ) : (
        <>
          {t('billing.run.approveWarnings', { count: warnings.length })}
          <span role="list" aria-label={t('billing.run.warningsLabel')} style={{ display: 'block', marginTop: '0.5rem' }}>
            {warnings.map((w, i) => (
              <span role="listitem" key={`${w.subjectId}-${i}`} style={{ display: 'list-item', marginLeft: '1.25rem' }}>
                {t('billing.run.warning', { subject: w.subjectLabel, reason: locale === 'sv' ? w.reasonSv : w.reason })}
              </span>
            ))}
          </span>
        </>
      )}
    </>
  );
  return (
    <ConfirmDialog
      title={t('billing.run.approveTitle', { month })}
      message={message}
      confirmLabel={t('billing.actions.approve')}
      action={approve}
      staleMessage={t('billing.run.approveStale')}
      onClose={onClose}
    />
  );
}

/**
 * discard a draft after a confirmation (cancel has the focus). The draft has billed nothing; a
 * refusal (a run reviewed or changed since) is shown with the server's reasons.
 */
function DiscardDialog({ run, onClose }: { run: BillingRun; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const month = formatYearMonth(run.runMonth, locale);
  const discard = useMutation({
    mutationFn: () => request<void>('DELETE', `/api/v1/billing/runs/${run.id}?version=${run.version}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('billing.done.discard') });
      // Leave the page first, so it never refetches the run it showed (now gone) and flashes "not found".
      await navigate({ to: '/fakturering' });
      queryClient.removeQueries({ queryKey: billingKeys.run(run.id) });
      await queryClient.invalidateQueries({ queryKey: billingKeys.all });
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: billingKeys.run(run.id) });
    },
  });
  return (
    <ConfirmDialog
      title={t('billing.run.discardTitle', { month })}
      message={t('billing.run.discardConfirm')}
      confirmLabel={t('billing.actions.discard')}
      action={discard}
      staleMessage={t('billing.run.discardStale')}
      onClose={onClose}
    />
  );
}

/** the run's files for the finance systems; SIE only once approved. */
function Exports({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const links = exportLinks(run);
  return (
    <Section id="run-exports" title={t('billing.exports.title')}>
      <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
        {links.map((l) => (
          <li key={l.kind}>
            <Anchor href={l.href} download>
              {t(`billing.exports.${l.kind}`)}
            </Anchor>
          </li>
        ))}
      </ul>
      {run.status !== 'approved' && (
        <Text size="sm" c="dimmed" mt="xs">
          {t('billing.exports.sieLater')}
        </Text>
      )}
    </Section>
  );
}

const difference = (u: RunUnit) => u.totalOre - u.previousTotalOre;
const SORT_VALUE: Record<Sort, (u: RunUnit) => string | number> = {
  kod: (u) => u.unitCode,
  namn: (u) => u.unitName,
  summa: (u) => u.totalOre,
  foregaende: (u) => u.previousTotalOre,
  skillnad: difference,
  rattelser: (u) => u.correctionOre,
};

function compareUnits(sort: Sort, descending: boolean): (a: RunUnit, b: RunUnit) => number {
  const value = SORT_VALUE[sort];
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'sv');
    // Ties keep the unit code order, so the table never shuffles.
    return (descending ? -c : c) || a.unitCode.localeCompare(b.unitCode, 'sv');
  };
}

/**
 * the run's units with their totals beside the previous run's, the difference and the
 * corrections; sortable by any column (the header buttons, aria-sort) and filtered by code or name.
 */
function Units({ run, units, finance }: { run: BillingRun; units: RunUnit[]; finance: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const search = useSearch({ from: '/fakturering/$id' });
  const navigate = useNavigate({ from: '/fakturering/$id' });
  const sort = search.sortera ?? 'kod';
  const descending = search.fallande === true;

  // The filter is typed; the address follows once typing pauses.
  const [filter, setFilter] = useState(search.sok ?? '');
  const [debounced] = useDebouncedValue(filter.trim(), 200);
  useEffect(() => {
    if (debounced !== (search.sok ?? '')) void navigate({ search: (s: RunSearch) => ({ ...s, sok: debounced || undefined }), replace: true });
    // Only when the typed text settles; the address is read fresh then.
  }, [debounced]);

  const needle = filter.trim().toLocaleLowerCase('sv');
  const shown = units
    .filter((u) => needle === '' || u.unitCode.toLocaleLowerCase('sv').includes(needle) || u.unitName.toLocaleLowerCase('sv').includes(needle))
    .sort(compareUnits(sort, descending));
  const sum = (f: (u: RunUnit) => number) => shown.reduce((s, u) => s + f(u), 0);

  const header = (key: Sort, label: string, numeric: boolean) => {
    const active = sort === key;
    return (
      <Table.Th scope="col" ta={numeric ? 'right' : undefined} aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton
          fw={700}
          fz="sm"
          onClick={() =>
            void navigate({
              search: (s: RunSearch) => ({ ...s, sortera: key === 'kod' ? undefined : key, fallande: active && !descending ? true : undefined }),
              replace: true,
            })
          }
        >
          {label}
          <span aria-hidden style={{ marginLeft: 4, opacity: active ? 1 : 0.35 }}>
            {active && descending ? '▼' : '▲'}
          </span>
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Section id="run-units" title={t('billing.run.units')}>
      <Stack gap="sm">
        {!finance && <Text size="sm">{t('billing.run.unitsOnlyYours')}</Text>}
        {units.length === 0 ? (
          <EmptyState>{t('billing.run.noUnits')}</EmptyState>
        ) : (
          <>
            <Group align="flex-end" justify="space-between" wrap="wrap">
              <TextInput
                type="search"
                label={t('billing.run.filter')}
                description={t('billing.run.filterHelp')}
                maxLength={100}
                maw={360}
                value={filter}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setFilter(v);
                }}
              />
              <Text size="sm" c="dimmed" role="status" aria-live="polite">
                {t('billing.run.shown', { shown: shown.length, count: units.length })}
              </Text>
            </Group>
            {shown.length === 0 ? (
              <EmptyState>{t('billing.run.noMatch')}</EmptyState>
            ) : (
              <ScrollTable label={t('billing.run.tableLabel')} minWidth={880}>
                <Table striped highlightOnHover withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      {header('kod', t('billing.run.unitCode'), false)}
                      {header('namn', t('billing.run.unitName'), false)}
                      {header('summa', t('billing.run.unitTotal'), true)}
                      {header('foregaende', t('billing.run.previousTotal'), true)}
                      {header('skillnad', t('billing.run.difference'), true)}
                      {header('rattelser', t('billing.run.corrections'), true)}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.map((u) => (
                      <Table.Tr key={u.unitId}>
                        <Table.Th scope="row" fw="normal" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                          <AnchorLink to="/fakturering/$id/enhet/$unitId" params={{ id: run.id, unitId: u.unitId }}>
                            {u.unitCode}
                          </AnchorLink>
                        </Table.Th>
                        <Table.Td>{u.unitName}</Table.Td>
                        <Table.Td {...MONEY}>{formatSek(u.totalOre, locale)}</Table.Td>
                        <Table.Td {...MONEY}>{formatSek(u.previousTotalOre, locale)}</Table.Td>
                        <Table.Td {...MONEY}>{formatSekChange(difference(u), locale)}</Table.Td>
                        <Table.Td {...MONEY}>{u.correctionOre === 0 ? t('app.none') : formatSekChange(u.correctionOre, locale)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    <Table.Tr>
                      <Table.Th scope="row" colSpan={2}>
                        {t('billing.run.sum')}
                      </Table.Th>
                      <Table.Td {...MONEY} fw={700}>
                        {formatSek(
                          sum((u) => u.totalOre),
                          locale,
                        )}
                      </Table.Td>
                      <Table.Td {...MONEY} fw={700}>
                        {formatSek(
                          sum((u) => u.previousTotalOre),
                          locale,
                        )}
                      </Table.Td>
                      <Table.Td {...MONEY} fw={700}>
                        {formatSekChange(sum(difference), locale)}
                      </Table.Td>
                      <Table.Td {...MONEY} fw={700}>
                        {formatSekChange(
                          sum((u) => u.correctionOre),
                          locale,
                        )}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tfoot>
                </Table>
              </ScrollTable>
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}
