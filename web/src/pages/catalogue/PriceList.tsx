import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PricingProposals } from './Proposals.tsx';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, request } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { ConfirmDialog, EmptyState, FormButtons, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import {
  catalogueKeys,
  fileContentType,
  isCatalogueAdmin,
  PRICE_COMPONENTS,
  useBillingModels,
  usePriceList,
  usePriceLists,
  useServices,
  wholeYear,
  type ArticleSummary,
  type BillingModel,
  type ChangeKind,
  type ImportReport,
  type PriceComponent,
  type PriceItem,
  type PriceList,
  type PriceListDiff,
  type PriceListHead,
} from '../../catalogue/model.ts';
import { formatDate, formatDateTime, kronorInput, parseKronor } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { Texts } from '../../texts.ts';
import { ExampleBadge, LockedBadge, PriceText } from './parts.tsx';

export interface PriceListSearch {
  /** The tab: the prices (default) or the comparison with another year. */
  vy?: 'jamfor';
  /** The year compared against (default the year before). */
  med?: number;
}

export function validatePriceListSearch(search: Record<string, unknown>): PriceListSearch {
  const out: PriceListSearch = {};
  if (search.vy === 'jamfor') out.vy = 'jamfor';
  const med = Number(search.med);
  if (Number.isInteger(med) && med >= 2000 && med <= 2100) out.med = med;
  return out;
}

/** Whether a 409 answer is the "this list is locked" refusal (the problem says `locked: true`). */
function isLockedError(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409 && (e.problem as unknown as { locked?: unknown }).locked === true;
}

/**
 * One year's price list (issue 6): its articles with prices in kronor, and for administrators the
 * changes — items, lock, next year's copy, CSV/XLSX import and export — plus the comparison with
 * another year's list.
 */
export function PriceListPage() {
  const { t } = useTranslation();
  const { year: yearParam } = useParams({ from: '/katalog/prislistor/$year' });
  const search = useSearch({ from: '/katalog/prislistor/$year' });
  const navigate = useNavigate({ from: '/katalog/prislistor/$year' });
  const year = Number(yearParam);
  const valid = Number.isInteger(year) && year >= 2000 && year <= 2100;
  const list = usePriceList(valid ? year : undefined);
  const lists = usePriceLists();

  if (!valid || (list.isError && list.error instanceof ApiError && list.error.status === 404)) {
    return (
      <>
        <PageHeader title={t('catalogue.list.title', { year: yearParam })} />
        <EmptyState>{t('catalogue.list.missing', { year: yearParam })}</EmptyState>
        {valid && <PricingProposals year={year} />}
        <AnchorLink to="/katalog/prislistor">{t('catalogue.list.toAll')}</AnchorLink>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('catalogue.list.title', { year })} intro={list.data?.title} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Stack>
          <ListStatus list={list.data} lists={lists.data?.items ?? []} />
          <PricingProposals year={year} />
          <Toolbar list={list.data} lists={lists.data?.items ?? []} />
          <Tabs
            value={search.vy === 'jamfor' ? 'jamfor' : 'priser'}
            onChange={(v) => void navigate({ search: (s: PriceListSearch) => ({ ...s, vy: v === 'jamfor' ? 'jamfor' : undefined }), replace: true })}
            keepMounted={false}
          >
            <Tabs.List>
              <Tabs.Tab value="priser">{t('catalogue.list.tabPrices', { count: list.data.items.length })}</Tabs.Tab>
              <Tabs.Tab value="jamfor">{t('catalogue.list.tabCompare')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="priser" pt="md">
              <Items list={list.data} />
            </Tabs.Panel>
            <Tabs.Panel value="jamfor" pt="md">
              <Compare
                year={year}
                lists={lists.data?.items ?? []}
                against={search.med}
                onAgainst={(med) => void navigate({ search: (s: PriceListSearch) => ({ ...s, med }), replace: true })}
              />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </>
  );
}

function ListStatus({ list, lists }: { list: PriceList; lists: PriceListHead[] }) {
  const { t } = useTranslation();
  const next = lists.find((l) => l.year === list.year + 1);
  return (
    <>
      {list.example && (
        <Alert color="orange" title={t('catalogue.list.exampleTitle')}>
          <Group gap="xs">
            <ExampleBadge />
            <Text size="sm">{t('catalogue.list.exampleBody')}</Text>
          </Group>
        </Alert>
      )}
      {list.locked && (
        <Alert color="red" title={t('catalogue.list.lockedTitle')} role="status">
          <Stack gap={4}>
            <Group gap="xs">
              <LockedBadge />
              <Text size="sm">{t('catalogue.list.lockedReason', { reason: list.lockedReason ?? t('catalogue.list.noReason') })}</Text>
            </Group>
            {list.lockedAt && <Text size="sm">{t('catalogue.list.lockedAt', { at: formatDateTime(list.lockedAt) })}</Text>}
            <Text size="sm">
              {t('catalogue.list.lockedNext', { year: list.year + 1 })}{' '}
              {next && (
                <AnchorLink to="/katalog/prislistor/$year" params={{ year: String(next.year) }}>
                  {t('catalogue.list.goTo', { year: next.year })}
                </AnchorLink>
              )}
            </Text>
          </Stack>
        </Alert>
      )}
      {list.copiedFromYear !== null && (
        <Text size="sm" c="dimmed">
          {t('catalogue.lists.copiedFrom', { year: list.copiedFromYear })}
        </Text>
      )}
    </>
  );
}

function Toolbar({ list, lists }: { list: PriceList; lists: PriceListHead[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isCatalogueAdmin(user);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'add' | 'lock' | 'import' | 'copy' | null>(null);
  const nextYear = list.year + 1;
  const next = lists.find((l) => l.year === nextYear);
  const copy = useMutation({
    mutationFn: () => api.post<PriceList>(`/api/v1/price-lists/${list.year}/copy`),
    onSuccess: async (created) => {
      setDialog(null);
      notifications.show({ color: 'green', message: t('catalogue.list.copied', { year: created.year, from: list.year }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.lists });
      await navigate({ to: '/katalog/prislistor/$year', params: { year: String(created.year) }, search: {} });
    },
  });
  const exportHref = (format: 'csv' | 'xlsx') => `/api/v1/price-lists/${list.year}/export?format=${format}`;
  return (
    <>
      <Group gap="sm" role="toolbar" aria-label={t('catalogue.list.toolbar')}>
        {admin && !list.locked && <Button onClick={() => setDialog('add')}>{t('catalogue.items.add')}</Button>}
        {admin && !next && (
          <Button variant="default" onClick={() => setDialog('copy')} loading={copy.isPending}>
            {t('catalogue.list.copy', { year: nextYear })}
          </Button>
        )}
        <Button component="a" variant="default" href={exportHref('csv')} download>
          {t('catalogue.list.exportCsv')}
        </Button>
        <Button component="a" variant="default" href={exportHref('xlsx')} download>
          {t('catalogue.list.exportXlsx')}
        </Button>
        {admin && !list.locked && (
          <Button variant="default" onClick={() => setDialog('import')}>
            {t('catalogue.import.open')}
          </Button>
        )}
        {admin && !list.locked && (
          <Button variant="outline" color="red" onClick={() => setDialog('lock')}>
            {t('catalogue.lock.open')}
          </Button>
        )}
      </Group>
      {dialog === 'copy' && (
        // Issue 16: creating next year's list (and its model range) asks first.
        <ConfirmDialog
          title={t('catalogue.list.copyConfirmTitle', { year: nextYear })}
          message={t('catalogue.list.copyConfirm', { year: nextYear, from: list.year })}
          confirmLabel={t('catalogue.list.copy', { year: nextYear })}
          action={copy}
          retryable
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'add' && <ItemDialog list={list} item={null} onClose={() => setDialog(null)} />}
      {dialog === 'lock' && <LockDialog list={list} onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ImportDialog list={list} onClose={() => setDialog(null)} />}
    </>
  );
}

function Items({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const editable = isCatalogueAdmin(user) && !list.locked;
  const services = useServices();
  const models = useBillingModels();
  const [editing, setEditing] = useState<PriceItem | null>(null);
  const [removing, setRemoving] = useState<PriceItem | null>(null);
  const [filter, setFilter] = useState('');
  const serviceName = (code: string) => services.data?.items.find((s) => s.code === code)?.name ?? code;
  const modelName = (code: BillingModel) => {
    const m = models.data?.items.find((x) => x.code === code);
    return m ? (locale === 'sv' ? m.sv : m.en) : t(`catalogue.billingModels.${code}`);
  };
  const needle = filter.trim().toLocaleLowerCase('sv');
  const shown = list.items.filter((i) => !needle || `${i.articleCode} ${i.name} ${serviceName(i.serviceCode)}`.toLocaleLowerCase('sv').includes(needle));
  if (list.items.length === 0) {
    return <EmptyState>{editable ? t('catalogue.items.emptyAdmin') : t('catalogue.items.empty')}</EmptyState>;
  }
  return (
    <Stack>
      <TextInput type="search" label={t('catalogue.items.filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={360} />
      <ListTable
        items={shown}
        empty={t('catalogue.items.noMatch')}
        label={t('catalogue.items.tableLabel', { year: list.year })}
        minWidth={960}
        columns={[
          t('catalogue.fields.articleCode'),
          t('catalogue.fields.name'),
          t('catalogue.fields.serviceCode'),
          t('catalogue.billingModel'),
          t('catalogue.items.price'),
          t('catalogue.items.validityHead'),
          editable && t('app.actions'),
        ]}
        row={(i) => (
          <Table.Tr key={i.id}>
            <Table.Td>
              <Text span ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                {i.articleCode}
              </Text>
            </Table.Td>
            <Table.Th scope="row" fw="normal">
              {i.name}
            </Table.Th>
            <Table.Td>{serviceName(i.serviceCode)}</Table.Td>
            <Table.Td>{modelName(i.billingModel)}</Table.Td>
            <Table.Td>
              <PriceText item={i} />
            </Table.Td>
            <Table.Td>
              {wholeYear(i.validFrom, i.validTo)
                ? t('catalogue.items.wholeYear')
                : t('catalogue.items.validity', { from: formatDate(i.validFrom), to: formatDate(i.validTo) })}
            </Table.Td>
            {editable && (
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button variant="subtle" size="compact-sm" onClick={() => setEditing(i)} aria-label={t('catalogue.items.editNamed', { name: i.name })}>
                    {t('app.edit')}
                  </Button>
                  <Button
                    variant="subtle"
                    color="red"
                    size="compact-sm"
                    onClick={() => setRemoving(i)}
                    aria-label={t('catalogue.items.removeNamed', { name: i.name })}
                  >
                    {t('catalogue.items.remove')}
                  </Button>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      {editing && <ItemDialog list={list} item={editing} onClose={() => setEditing(null)} />}
      {removing && <RemoveDialog list={list} item={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

type PriceFields = Record<PriceComponent, string>;
interface ItemForm {
  articleCode: string;
  serviceCode: string;
  name: string;
  billingModel: BillingModel;
  prices: PriceFields;
  validFrom: string;
  validTo: string;
}

function formOf(item: PriceItem | null, year: number): ItemForm {
  const prices = Object.fromEntries(PRICE_COMPONENTS.map((c) => [c, kronorInput(item ? item[c] : null)])) as PriceFields;
  return {
    articleCode: item?.articleCode ?? '',
    serviceCode: item?.serviceCode ?? '',
    name: item?.name ?? '',
    billingModel: item?.billingModel ?? 'monthly_rental',
    prices,
    validFrom: item?.validFrom ?? `${year}-01-01`,
    validTo: item?.validTo ?? `${year}-12-31`,
  };
}

/**
 * Add or change an article's price. Amounts are typed in kronor with öre ("450,50") and sent as
 * whole öre; only the billing model's own components are shown and sent. A list locked meanwhile
 * (billing used it) answers 409 with where the change belongs instead; the page then shows the lock.
 */
function ItemDialog({ list, item, onClose }: { list: PriceList; item: PriceItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const services = useServices();
  const models = useBillingModels();
  const formId = useId();
  const [current, setCurrent] = useState(item);
  const componentsOf = (model: BillingModel) => models.data?.items.find((m) => m.code === model)?.components ?? [];
  const save = useMutation({
    mutationFn: (form: ItemForm) => {
      const prices = Object.fromEntries(PRICE_COMPONENTS.map((c) => [c, null])) as Record<PriceComponent, number | null>;
      for (const { code } of componentsOf(form.billingModel)) prices[code] = parseKronor(form.prices[code]);
      const body = {
        articleCode: form.articleCode,
        serviceCode: form.serviceCode,
        name: form.name,
        billingModel: form.billingModel,
        ...prices,
        validFrom: form.validFrom,
        validTo: form.validTo,
      };
      return current
        ? api.patch<PriceItem>(`/api/v1/price-lists/${list.year}/items/${current.id}`, { version: current.version, ...body })
        : api.post<PriceItem>(`/api/v1/price-lists/${list.year}/items`, body);
    },
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: t(current ? 'catalogue.items.saved' : 'catalogue.items.added', { name: saved.name }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
      onClose();
    },
    onError: async (e) => {
      if (isLockedError(e)) {
        await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
        await queryClient.invalidateQueries({ queryKey: catalogueKeys.lists });
      }
    },
  });
  const form = useSamdeskForm<ItemForm>({
    initialValues: formOf(item, list.year),
    required: () => ({
      articleCode: { label: t('catalogue.fields.articleCode') },
      serviceCode: { label: t('catalogue.fields.serviceCode'), kind: 'choose' },
      name: { label: t('catalogue.fields.name') },
      billingModel: { label: t('catalogue.billingModel'), kind: 'choose' },
      validFrom: { label: t('catalogue.fields.validFrom') },
      validTo: { label: t('catalogue.fields.validTo') },
    }),
    // The model's own amounts, in kronor with öre; shown under the component's name, as the server's problems are.
    check: (values) => {
      const problems: Record<string, string> = {};
      for (const { code } of componentsOf(values.billingModel)) {
        if (values.prices[code].trim() === '') problems[code] = t('catalogue.items.amountRequired');
        else if (parseKronor(values.prices[code]) === null) problems[code] = t('catalogue.items.amountInvalid');
      }
      return problems;
    },
    onInvalid: (problems) => {
      const first = Object.keys(problems)[0];
      document.getElementById(`${formId}-${first}`)?.focus();
    },
    action: save,
  });
  const components = componentsOf(form.values.billingModel);
  const { errors } = form;
  const title = current ? t('catalogue.items.editNamed', { name: current.name }) : t('catalogue.items.addTo', { year: list.year });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <StaleAlert<PriceItem>
            error={save.error}
            onReload={(fresh) => {
              setCurrent(fresh);
              form.setValues(formOf(fresh, list.year));
              save.reset();
            }}
          />
          <ProblemAlert
            error={save.error}
            knownFields={[
              'articleCode',
              'serviceCode',
              'name',
              'billingModel',
              'validFrom',
              'validTo',
              'version',
              ...PRICE_COMPONENTS,
              ...(isLockedError(save.error) ? ['year'] : []),
            ]}
          />
          <Group grow align="flex-start">
            <TextInput label={t('catalogue.fields.articleCode')} description={t('catalogue.items.articleHelp')} required {...form.text('articleCode')} />
            <NativeSelect
              label={t('catalogue.fields.serviceCode')}
              required
              data={[
                { value: '', label: t('catalogue.items.chooseService'), disabled: true },
                ...(services.data?.items ?? []).map((s) => ({ value: s.code, label: s.name })),
              ]}
              {...form.text('serviceCode')}
              onChange={(e) => {
                const v = e.currentTarget.value;
                const service = services.data?.items.find((s) => s.code === v);
                // A new article usually follows its service's billing model.
                form.setValues((f) => ({ serviceCode: v, billingModel: !current && service ? service.billingModel : f.billingModel }));
                form.clear('serviceCode');
              }}
            />
          </Group>
          <TextInput label={t('catalogue.fields.name')} required {...form.text('name')} />
          <NativeSelect
            label={t('catalogue.billingModel')}
            required
            data={(models.data?.items ?? []).map((m) => ({ value: m.code, label: locale === 'sv' ? m.sv : m.en }))}
            {...form.text('billingModel')}
            disabled={models.isPending}
          />
          <Group grow align="flex-start">
            {components.map(({ code }) => (
              <TextInput
                key={code}
                id={`${formId}-${code}`}
                label={t(`catalogue.components.${code}.label`)}
                description={t('catalogue.items.kronorHelp')}
                required
                inputMode="decimal"
                rightSection={<Text size="sm">kr</Text>}
                value={form.values.prices[code]}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  form.setValues((f) => ({ prices: { ...f.prices, [code]: v } }));
                }}
                error={errors[code]}
              />
            ))}
          </Group>
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label={t('catalogue.fields.validFrom')}
              min={`${list.year}-01-01`}
              max={`${list.year}-12-31`}
              required
              {...form.text('validFrom')}
            />
            <TextInput
              type="date"
              label={t('catalogue.fields.validTo')}
              min={`${list.year}-01-01`}
              max={`${list.year}-12-31`}
              required
              {...form.text('validTo')}
            />
          </Group>
          <FormButtons
            submitLabel={current ? t('app.save') : t('catalogue.items.add')}
            submitting={form.submitting}
            onCancel={onClose}
            disabled={isLockedError(save.error)}
          />
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveDialog({ list, item, onClose }: { list: PriceList; item: PriceItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', `/api/v1/price-lists/${list.year}/items/${item.id}?version=${item.version}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('catalogue.items.removed', { name: item.name }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
      onClose();
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
    },
  });
  return (
    <ConfirmDialog
      title={t('catalogue.items.removeNamed', { name: item.name })}
      message={t('catalogue.items.removeConfirm', { name: item.name, code: item.articleCode, year: list.year })}
      confirmLabel={t('catalogue.items.remove')}
      action={remove}
      staleMessage={t('catalogue.items.removeStale')}
      knownFields={['year']}
      onClose={onClose}
    />
  );
}

/** Locks the list (billing does the same when a run first uses it): no more changes this year. */
function LockDialog({ list, onClose }: { list: PriceList; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const lock = useMutation({
    mutationFn: ({ reason }: { reason: string }) => api.post<PriceListHead>(`/api/v1/price-lists/${list.year}/lock`, { version: list.version, reason }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('catalogue.lock.done', { year: list.year }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.lists });
      onClose();
    },
  });
  const form = useSamdeskForm({ initialValues: { reason: '' }, required: () => ({ reason: { label: t('catalogue.lock.reason') } }), action: lock });
  return (
    <Modal opened onClose={onClose} title={t('catalogue.lock.title', { year: list.year })}>
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <Text size="sm">{t('catalogue.lock.help', { next: list.year + 1 })}</Text>
          {lock.error instanceof ApiError && lock.error.code === 'stale_version' ? (
            <Alert color="orange">{t('catalogue.lock.stale')}</Alert>
          ) : (
            <ProblemAlert error={lock.error} knownFields={['reason']} />
          )}
          <Textarea
            label={t('catalogue.lock.reason')}
            description={t('catalogue.lock.reasonHelp')}
            required
            autosize
            minRows={2}
            {...form.text('reason')}
            data-autofocus
          />
          <FormButtons submitLabel={t('catalogue.lock.submit')} color="red" submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Import a whole list from CSV or XLSX (issue 6). Choosing a file runs a dry run at once: the counts,
 * or every problem with its line and field. Only a clean file can be imported, all or nothing.
 */
function ImportDialog({ list, onClose }: { list: PriceList; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const upload = (f: File, dryRun: boolean) =>
    api.post<ImportReport>(`/api/v1/price-lists/${list.year}/import?dryRun=${dryRun}`, f, { contentType: fileContentType(f) });
  const dry = useMutation({ mutationFn: (f: File) => upload(f, true) });
  const run = useMutation({
    mutationFn: (f: File) => upload(f, false),
    onSuccess: async (report) => {
      notifications.show({
        color: 'green',
        message: t('catalogue.import.done', { created: report.created, updated: report.updated, removed: report.removed }),
      });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.list(list.year) });
      onClose();
    },
  });
  const report = dry.data;
  const changes = report ? report.created + report.updated + report.removed : 0;
  const rejected =
    dry.error instanceof ApiError && dry.error.code === 'import_rejected'
      ? dry.error
      : run.error instanceof ApiError && run.error.code === 'import_rejected'
        ? run.error
        : null;
  return (
    <Modal opened onClose={onClose} title={t('catalogue.import.title', { year: list.year })} size="xl">
      <Stack>
        <Text size="sm">{t('catalogue.import.help')}</Text>
        <div>
          <label htmlFor={inputId}>
            <Text span fw={500} size="sm">
              {t('catalogue.import.file')}
            </Text>
          </label>
          <Text size="xs" c="dimmed" id={`${inputId}-help`}>
            {t('catalogue.import.fileHelp')}
          </Text>
          <input
            id={inputId}
            type="file"
            aria-describedby={`${inputId}-help`}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              run.reset();
              if (chosen) dry.mutate(chosen);
              else dry.reset();
            }}
          />
        </div>
        <div role="status" aria-live="polite">
          {dry.isPending && <Text size="sm">{t('catalogue.import.checking')}</Text>}
          {report && (
            <Alert color={changes === 0 ? 'blue' : 'green'} title={t('catalogue.import.dryTitle')}>
              <Text size="sm">
                {t('catalogue.import.counts', { created: report.created, updated: report.updated, removed: report.removed, unchanged: report.unchanged })}
              </Text>
              {changes === 0 && <Text size="sm">{t('catalogue.import.noChanges')}</Text>}
            </Alert>
          )}
        </div>
        {rejected ? <ImportErrors error={rejected} /> : <ProblemAlert error={dry.error ?? run.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button onClick={() => file && run.mutate(file)} loading={run.isPending} disabled={!file || !report || changes === 0}>
            {t('catalogue.import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const FILE_FIELDS: readonly (keyof Texts['catalogue']['fields'] | PriceComponent)[] = [
  'articleCode',
  'serviceCode',
  'name',
  'billingModel',
  'purchasePrice',
  'monthlyFee',
  'weeklyFee',
  'hourlyRate',
  'yearlyFee',
  'validFrom',
  'validTo',
];
const isFileField = (f: string): f is (typeof FILE_FIELDS)[number] => (FILE_FIELDS as readonly string[]).includes(f);
const isPriceComponent = (f: string): f is PriceComponent => (PRICE_COMPONENTS as readonly string[]).includes(f);

function ImportErrors({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const fieldLabel = (f: string) =>
    isFileField(f) ? t(isPriceComponent(f) ? `catalogue.components.${f}.label` : `catalogue.fields.${f}`) : f === 'file' ? t('catalogue.import.wholeFile') : f;
  return (
    <Alert color="red" title={t('catalogue.import.rejected')} role="alert">
      <Text size="sm" mb="xs">
        {t('catalogue.import.fix', { count: error.problem.errors.length })}
      </Text>
      <ScrollTable label={t('catalogue.import.errorsLabel')} minWidth={560}>
        <Table withTableBorder fz="sm" bg="white">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('catalogue.import.line')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.import.field')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.import.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {error.problem.errors.map((p, i) => (
              <Table.Tr key={`${p.row ?? 0}-${p.field}-${i}`}>
                <Table.Td>{p.row ?? t('app.none')}</Table.Td>
                <Table.Td>{fieldLabel(p.field)}</Table.Td>
                <Table.Td>{locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Alert>
  );
}

// ---------------------------------------------------------------- comparison of two years

/** "Show the differences between two years' lists" (issue 6): added, removed and changed articles. */
function Compare({
  year,
  lists,
  against,
  onAgainst,
}: {
  year: number;
  lists: PriceListHead[];
  against: number | undefined;
  onAgainst: (year: number) => void;
}) {
  const { t } = useTranslation();
  const others = lists.filter((l) => l.year !== year);
  const chosen = against ?? (others.find((l) => l.year === year - 1) ?? others[0])?.year;
  const diff = useQuery({
    queryKey: catalogueKeys.diff(year, chosen ?? 0),
    queryFn: ({ signal }) => api.get<PriceListDiff>(`/api/v1/price-lists/${year}/diff?against=${chosen ?? 0}`, signal),
    enabled: chosen !== undefined,
  });
  if (others.length === 0) return <EmptyState>{t('catalogue.diff.noOther')}</EmptyState>;
  return (
    <Stack>
      <NativeSelect
        label={t('catalogue.diff.against')}
        data={others.map((l) => ({ value: String(l.year), label: `${l.year} – ${l.title}` }))}
        value={String(chosen ?? '')}
        onChange={(e) => onAgainst(Number(e.currentTarget.value))}
        maw={480}
      />
      {diff.isPending ? <Loading /> : diff.isError ? <ProblemAlert error={diff.error} onRetry={() => void diff.refetch()} /> : <DiffView diff={diff.data} />}
    </Stack>
  );
}

const KIND_COLORS: Record<ChangeKind, string> = { price: 'blue', model: 'grape', validity: 'teal', name: 'gray', service: 'orange' };

function DiffView({ diff }: { diff: PriceListDiff }) {
  const { t } = useTranslation();
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <Stack>
      <Text role="status">
        {total === 0
          ? t('catalogue.diff.none', { year: diff.year, against: diff.against })
          : t('catalogue.diff.summary', {
              year: diff.year,
              against: diff.against,
              added: diff.added.length,
              removed: diff.removed.length,
              changed: diff.changed.length,
            })}
      </Text>
      {diff.changed.length > 0 && (
        <section aria-labelledby="diff-changed">
          <Title order={2} size="h4" id="diff-changed" mb="xs">
            {t('catalogue.diff.changed', { count: diff.changed.length })}
          </Title>
          <ScrollTable label={t('catalogue.diff.changed', { count: diff.changed.length })} minWidth={860}>
            <Table withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('catalogue.fields.articleCode')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.diff.what')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.diff.before', { year: diff.against })}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.diff.after', { year: diff.year })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diff.changed.map((c) => (
                  <Table.Tr key={c.articleCode}>
                    <Table.Th scope="row" fw="normal">
                      <Text span ff="monospace" size="sm">
                        {c.articleCode}
                      </Text>
                      <Text size="sm">{c.after.name}</Text>
                    </Table.Th>
                    <Table.Td>
                      <Group gap={4}>
                        {c.changes.map((k) => (
                          <Badge key={k} color={KIND_COLORS[k]} variant="light">
                            {t(`catalogue.diff.kinds.${k}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <ArticleText article={c.before} changes={c.changes} />
                    </Table.Td>
                    <Table.Td>
                      <ArticleText article={c.after} changes={c.changes} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </section>
      )}
      {diff.added.length > 0 && <ArticleSection id="diff-added" title={t('catalogue.diff.added', { count: diff.added.length })} articles={diff.added} />}
      {diff.removed.length > 0 && (
        <ArticleSection id="diff-removed" title={t('catalogue.diff.removed', { count: diff.removed.length })} articles={diff.removed} />
      )}
    </Stack>
  );
}

function ArticleSection({ id, title, articles }: { id: string; title: string; articles: ArticleSummary[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="xs">
        {title}
      </Title>
      <ScrollTable label={title} minWidth={640}>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('catalogue.fields.articleCode')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.fields.name')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.items.price')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {articles.map((a) => (
              <Table.Tr key={a.articleCode}>
                <Table.Td>
                  <Text span ff="monospace" size="sm">
                    {a.articleCode}
                  </Text>
                </Table.Td>
                <Table.Th scope="row" fw="normal">
                  {a.name}
                </Table.Th>
                <Table.Td>
                  <ArticleText article={a} changes={[]} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </section>
  );
}

/** "07-01" (month-day of a diff period) as Swedish "1/7". */
function dayMonth(mmdd: string): string {
  const [m, d] = mmdd.split('-');
  return `${Number(d)}/${Number(m)}`;
}

/** An article's periods as text: billing model (when it changed), prices, dates (when not the whole year). */
function ArticleText({ article, changes }: { article: ArticleSummary; changes: readonly ChangeKind[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const services = useServices();
  const models = useBillingModels();
  const modelName = (code: BillingModel) => {
    const m = models.data?.items.find((x) => x.code === code);
    return m ? (locale === 'sv' ? m.sv : m.en) : code;
  };
  return (
    <Stack gap={2}>
      {changes.includes('name') && <Text size="sm">{t('catalogue.diff.nameIs', { name: article.name })}</Text>}
      {changes.includes('service') && (
        <Text size="sm">
          {t('catalogue.diff.serviceIs', { name: services.data?.items.find((s) => s.code === article.serviceCode)?.name ?? article.serviceCode })}
        </Text>
      )}
      {article.periods.map((p) => (
        <Text size="sm" key={`${p.from}-${p.to}`}>
          {(changes.includes('model') || changes.length === 0) && `${modelName(p.billingModel)}: `}
          <PriceText item={p} />
          {!(p.from === '01-01' && p.to === '12-31') && ` (${dayMonth(p.from)}–${dayMonth(p.to)})`}
        </Text>
      ))}
    </Stack>
  );
}
