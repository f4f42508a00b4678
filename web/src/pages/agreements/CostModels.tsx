import { Alert, Box, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, request } from '../../api.ts';
import { COST_HEADINGS, agreementKeys, currentYear, useComparison, useCostModel, useCostModels, type CostHeading } from '../../agreements/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatSek, formatSekChange, kronorInput, parseKronor } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { CostComparison, CostDriver, CostModel } from '../../types.ts';
import { MONEY, Section, useMunicipalityName } from '../billing/parts.tsx';
import { whyNot } from './parts.tsx';

/**
 * "Kostnadsmodell" (issue 18, R-7.3): the standard cost model (schablonmodell) per year — a unit
 * price per cost driver, owned by finance and shared by both municipalities. IT and finance read it;
 * finance makes a new year's model (empty, or copied from a year on its page).
 */
export function CostModelsPage() {
  return (
    <RequirePermission permission="readsAllAgreements">
      <CostModels />
    </RequirePermission>
  );
}

function CostModels() {
  const { t } = useTranslation();
  const models = useCostModels();
  const items = models.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('agreements.models.title')} intro={t('agreements.models.intro')} />
      <Stack gap="xl">
        {models.data?.actions.create.allowed && <CreateModel suggested={Math.max(currentYear(), ...items.map((m) => m.year + 1))} />}
        <Section id="models-list" title={t('agreements.models.years')}>
          <ListTable
            query={models}
            items={items}
            empty={t('agreements.models.empty')}
            label={t('agreements.models.tableLabel')}
            minWidth={640}
            columns={[
              t('agreements.models.year'),
              { label: t('agreements.models.drivers'), numeric: true },
              t('agreements.models.copiedFrom'),
              t('agreements.models.state'),
            ]}
            row={(m) => (
              <Table.Tr key={m.id}>
                <Table.Th scope="row" fw="normal">
                  <AnchorLink to="/applikationer/kostnadsmodell/$year" params={{ year: String(m.year) }}>
                    {t('agreements.models.yearLink', { year: m.year })}
                  </AnchorLink>
                </Table.Th>
                <Table.Td ta="right">{m.driverCount}</Table.Td>
                <Table.Td>{m.copiedFromYear ?? t('app.none')}</Table.Td>
                <Table.Td>
                  {m.locked ? t('agreements.models.locked', { reason: m.lockedReason ?? t('agreements.models.lockedByBilling') }) : t('agreements.models.open')}
                </Table.Td>
              </Table.Tr>
            )}
          />
        </Section>
      </Stack>
    </>
  );
}

/** finance starts a year's model with no drivers (or copies one, on the year's page). */
function CreateModel({ suggested }: { suggested: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (v: { year: string }) => api.post<CostModel>('/api/v1/agreement-models', { year: Number(v.year), drivers: [] }),
    onSuccess: async (m) => {
      notifications.show({ color: 'green', message: t('agreements.models.created', { year: m.year }) });
      await queryClient.invalidateQueries({ queryKey: agreementKeys.all });
      await navigate({ to: '/applikationer/kostnadsmodell/$year', params: { year: String(m.year) } });
    },
  });
  const form = useSamdeskForm({
    initialValues: { year: String(suggested) },
    required: () => ({ year: { label: t('agreements.models.year') } }),
    check: (v): Record<string, string> => (/^(20\d\d|2100)$/.test(v.year.trim()) ? {} : { year: t('agreements.models.yearInvalid') }),
    problemPath: (f) => (f === 'year' ? f : undefined),
    onInvalid: () => create.reset(),
    action: create,
  });
  return (
    <form onSubmit={form.submit} noValidate aria-labelledby="models-create">
      <Stack gap="sm">
        <Title order={2} size="h3" id="models-create">
          {t('agreements.models.create')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('agreements.models.createHelp')}
        </Text>
        <ProblemAlert error={create.error} knownFields={['year']} />
        <Group align="flex-end">
          <TextInput label={t('agreements.models.year')} inputMode="numeric" maxLength={4} required w={160} {...form.text('year')} />
          <Button type="submit" loading={form.submitting}>
            {t('agreements.models.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * One year's cost model: its drivers with their unit prices — finance edits them while no
 * billing run has used the model (the server's `actions.edit`, with its reason when not) — copying it
 * to another year, and what its prices do to each application's and paying unit's cost against another
 * year's.
 */
export function CostModelPage() {
  return (
    <RequirePermission permission="readsAllAgreements">
      <CostModelYear />
    </RequirePermission>
  );
}

function CostModelYear() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { year: param } = useParams({ from: '/applikationer/kostnadsmodell/$year' });
  const year = Number(param);
  const model = useCostModel(Number.isInteger(year) ? year : undefined);
  const back = (
    <AnchorLink to="/applikationer/kostnadsmodell" search={{}}>
      {t('agreements.models.back')}
    </AnchorLink>
  );
  if (model.isPending) return <Loading />;
  if (model.isError) {
    return (
      <>
        <PageHeader title={t('agreements.models.yearTitle', { year: param })} actions={back} />
        <ProblemAlert error={model.error} onRetry={model.error instanceof ApiError && model.error.status === 404 ? undefined : () => void model.refetch()} />
      </>
    );
  }
  const m = model.data;
  const editReason = m.actions.edit.allowed ? null : whyNot(m.actions.edit, locale);
  return (
    <>
      <PageHeader
        title={t('agreements.models.yearTitle', { year: m.year })}
        intro={m.copiedFromYear ? t('agreements.models.copiedIntro', { year: m.copiedFromYear }) : undefined}
        actions={back}
      />
      <Stack gap="xl">
        {m.locked && (
          <Alert color="gray" role="note">
            {t('agreements.models.locked', { reason: m.lockedReason ?? t('agreements.models.lockedByBilling') })}
          </Alert>
        )}
        <Section id="model-drivers" title={t('agreements.models.driversTitle')}>
          {m.actions.edit.allowed ? (
            <DriversEditor key={m.version} model={m} />
          ) : (
            <Stack gap="sm">
              {editReason && <Text size="sm">{t('agreements.models.readOnly', { reason: editReason })}</Text>}
              <DriversTable drivers={m.drivers} />
            </Stack>
          )}
        </Section>
        {m.actions.copy.allowed && <CopyModel model={m} />}
        <Comparison year={m.year} />
      </Stack>
    </>
  );
}

function DriversTable({ drivers }: { drivers: CostDriver[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (drivers.length === 0) return <EmptyState>{t('agreements.models.noDrivers')}</EmptyState>;
  return (
    <ScrollTable label={t('agreements.models.driversLabel')} minWidth={640}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('agreements.models.driver')}</Table.Th>
            <Table.Th scope="col">{t('agreements.models.heading')}</Table.Th>
            <Table.Th scope="col">{t('agreements.models.unit')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('agreements.models.price')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {drivers.map((d) => (
            <Table.Tr key={d.code}>
              <Table.Th scope="row" fw="normal">
                {d.label}
              </Table.Th>
              <Table.Td>{t(`agreements.headings.${d.heading}`)}</Table.Td>
              <Table.Td>{d.unit}</Table.Td>
              <Table.Td {...MONEY}>{t('agreements.models.pricePer', { price: formatSek(d.unitPriceOre, locale), unit: d.unit })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

interface DriverRow {
  code: string;
  label: string;
  unit: string;
  heading: CostHeading;
  /** The unit price in kronor as typed. */
  price: string;
  /** Whether the short name was typed (else it follows the name, for a new driver). */
  codeTyped: boolean;
}

/** A short name from a driver's name: "Lagring per GB" → "lagring-per-gb" (the server's form of a code). */
function codeOf(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return slug.slice(0, 40).replace(/-+$/, '');
}

/** The server's problem field of a driver as the form's ("drivers.2.unitPriceOre" → "drivers.2.price"). */
const driverPath = (field: string) => {
  const path = field.replace(/\.unitPriceOre$/, '.price');
  return /^drivers\.\d+\.(code|label|unit|heading|price)$/.test(path) ? path : undefined;
};

/**
 * finance edits the year's drivers — name, what is counted, the heading it is costed under and
 * the unit price per year in kronor (sent as öre) — and saves them with the version read.
 */
function DriversEditor({ model }: { model: CostModel }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(model.version);
  const save = useMutation({
    mutationFn: (v: { drivers: DriverRow[] }) =>
      request<CostModel>('PUT', `/api/v1/agreement-models/${model.year}`, {
        version,
        drivers: v.drivers.map((d) => ({
          code: d.code.trim(),
          label: d.label.trim(),
          unit: d.unit.trim(),
          heading: d.heading,
          unitPriceOre: parseKronor(d.price) ?? 0,
        })),
      }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('agreements.models.saved', { year: model.year }) });
      await queryClient.invalidateQueries({ queryKey: agreementKeys.all });
    },
  });
  const form = useSamdeskForm<{ drivers: DriverRow[] }>({
    initialValues: {
      drivers: model.drivers.map((d) => ({
        code: d.code,
        label: d.label,
        unit: d.unit,
        heading: d.heading,
        price: kronorInput(d.unitPriceOre),
        codeTyped: true,
      })),
    },
    required: (v) =>
      Object.fromEntries(
        v.drivers.flatMap((_, i) => [
          [`drivers.${i}.label`, { label: t('agreements.models.driver') }],
          [`drivers.${i}.unit`, { label: t('agreements.models.unit') }],
          [`drivers.${i}.code`, { label: t('agreements.models.code') }],
          [`drivers.${i}.price`, { label: t('agreements.models.priceYear') }],
        ]),
      ),
    check: (v) => {
      const problems: Record<string, string> = {};
      const seen = new Set<string>();
      v.drivers.forEach((d, i) => {
        if (d.price.trim() !== '' && parseKronor(d.price) === null) problems[`drivers.${i}.price`] = t('agreements.models.priceInvalid');
        if (d.code.trim() !== '' && !/^[a-z][a-z0-9-]{0,39}$/.test(d.code.trim())) problems[`drivers.${i}.code`] = t('agreements.models.codeInvalid');
        else if (seen.has(d.code.trim())) problems[`drivers.${i}.code`] = t('agreements.models.codeTwice');
        seen.add(d.code.trim());
      });
      return problems;
    },
    problemPath: driverPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const drivers = form.values.drivers;
  const paths = (n: number) => Array.from({ length: n }, (_, i) => ['code', 'label', 'unit', 'heading', 'price'].map((f) => `drivers.${i}.${f}`)).flat();
  const setRows = (rows: DriverRow[]) => {
    form.setValues({ drivers: rows });
    form.clear(...paths(Math.max(rows.length, drivers.length)));
  };
  const setRow = (i: number, patch: Partial<DriverRow>) => setRows(drivers.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <form onSubmit={form.submit} noValidate aria-label={t('agreements.models.driversTitle')}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('agreements.models.editHelp')}
        </Text>
        <StaleAlert<{ version: number }>
          error={save.error}
          onReload={(current) => {
            setVersion(current.version);
            save.reset();
            void queryClient.invalidateQueries({ queryKey: agreementKeys.model(model.year) });
          }}
        />
        <ProblemAlert
          error={save.error}
          knownFields={save.error instanceof ApiError ? save.error.problem.errors.filter((p) => driverPath(p.field)).map((p) => p.field) : []}
        />
        {drivers.length === 0 && <Text>{t('agreements.models.noDrivers')}</Text>}
        {drivers.map((d, i) => {
          const legend = d.label.trim() ? t('agreements.models.rowNamed', { n: i + 1, name: d.label.trim() }) : t('agreements.models.row', { n: i + 1 });
          return (
            <Box key={i} component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Text component="legend" fw={600} mb={4}>
                {legend}
              </Text>
              <Group align="flex-start" wrap="wrap">
                <TextInput
                  label={t('agreements.models.driver')}
                  required
                  maxLength={100}
                  miw={200}
                  style={{ flex: 1 }}
                  value={d.label}
                  error={form.errors[`drivers.${i}.label`]}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    setRow(i, d.codeTyped ? { label } : { label, code: codeOf(label) });
                  }}
                />
                <TextInput
                  label={t('agreements.models.unit')}
                  required
                  maxLength={30}
                  w={150}
                  value={d.unit}
                  error={form.errors[`drivers.${i}.unit`]}
                  onChange={(e) => {
                    const unit = e.currentTarget.value;
                    setRow(i, { unit });
                  }}
                />
                <NativeSelect
                  label={t('agreements.models.heading')}
                  w={200}
                  data={COST_HEADINGS.map((h) => ({ value: h, label: t(`agreements.headings.${h}`) }))}
                  value={d.heading}
                  error={form.errors[`drivers.${i}.heading`]}
                  onChange={(e) => {
                    const heading = COST_HEADINGS.find((h) => h === e.currentTarget.value) ?? 'server';
                    setRow(i, { heading });
                  }}
                />
                <TextInput
                  label={t('agreements.models.priceYear')}
                  required
                  inputMode="decimal"
                  maxLength={16}
                  w={170}
                  value={d.price}
                  error={form.errors[`drivers.${i}.price`]}
                  onChange={(e) => {
                    const price = e.currentTarget.value;
                    setRow(i, { price });
                  }}
                />
                <TextInput
                  label={t('agreements.models.code')}
                  required
                  maxLength={40}
                  w={200}
                  value={d.code}
                  error={form.errors[`drivers.${i}.code`]}
                  onChange={(e) => {
                    const code = e.currentTarget.value;
                    setRow(i, { code, codeTyped: true });
                  }}
                />
                <Button
                  variant="subtle"
                  color="red"
                  mt={24}
                  onClick={() => setRows(drivers.filter((_, j) => j !== i))}
                  aria-label={t('agreements.models.removeNamed', { name: d.label.trim() || legend })}
                >
                  {t('agreements.sketch.remove')}
                </Button>
              </Group>
            </Box>
          );
        })}
        <Group>
          <Button variant="default" onClick={() => setRows([...drivers, { code: '', label: '', unit: '', heading: 'server', price: '', codeTyped: false }])}>
            {t('agreements.models.addDriver')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('agreements.models.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** finance copies the year's model to another year (the next by default) to change its prices there. */
function CopyModel({ model }: { model: CostModel }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const copy = useMutation({
    mutationFn: (v: { toYear: string }) => api.post<CostModel>(`/api/v1/agreement-models/${model.year}/copy`, { toYear: Number(v.toYear) }),
    onSuccess: async (m) => {
      notifications.show({ color: 'green', message: t('agreements.models.copied', { from: model.year, year: m.year }) });
      await queryClient.invalidateQueries({ queryKey: agreementKeys.all });
      await navigate({ to: '/applikationer/kostnadsmodell/$year', params: { year: String(m.year) } });
    },
  });
  const form = useSamdeskForm({
    initialValues: { toYear: String(model.year + 1) },
    required: () => ({ toYear: { label: t('agreements.models.toYear') } }),
    check: (v): Record<string, string> => (/^(20\d\d|2100)$/.test(v.toYear.trim()) ? {} : { toYear: t('agreements.models.yearInvalid') }),
    problemPath: (f) => (f === 'toYear' ? f : undefined),
    onInvalid: () => copy.reset(),
    action: copy,
  });
  return (
    <section aria-labelledby="model-copy">
      <Title order={2} size="h3" id="model-copy" mb="sm">
        {t('agreements.models.copy')}
      </Title>
      <form onSubmit={form.submit} noValidate aria-labelledby="model-copy">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('agreements.models.copyHelp', { year: model.year })}
          </Text>
          <ProblemAlert error={copy.error} knownFields={['toYear']} />
          <Group align="flex-end">
            <TextInput label={t('agreements.models.toYear')} inputMode="numeric" maxLength={4} required w={160} {...form.text('toYear')} />
            <Button type="submit" variant="default" loading={form.submitting}>
              {t('agreements.models.copySubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}

/**
 * what the year's prices do, against another year's model: per application and per paying unit
 * the old cost, the new cost and the difference, and in all.
 */
function Comparison({ year }: { year: number }) {
  const { t } = useTranslation();
  const models = useCostModels();
  const others = (models.data?.items ?? []).map((m) => m.year).filter((y) => y !== year);
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const from = chosen ?? (others.includes(year - 1) ? year - 1 : others[0]);
  const comparison = useComparison(year, from);
  return (
    <Section id="model-comparison" title={t('agreements.comparison.title')}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('agreements.comparison.help', { year })}
        </Text>
        {models.isPending ? (
          <Loading />
        ) : others.length === 0 || from === undefined ? (
          <Text>{t('agreements.comparison.noOther')}</Text>
        ) : (
          <>
            <NativeSelect
              label={t('agreements.comparison.from')}
              w={220}
              data={others.map((y) => ({ value: String(y), label: String(y) }))}
              value={String(from)}
              onChange={(e) => {
                const y = Number(e.currentTarget.value);
                setChosen(y);
              }}
            />
            {comparison.isPending ? (
              <Loading />
            ) : comparison.isError ? (
              <ProblemAlert error={comparison.error} onRetry={() => void comparison.refetch()} />
            ) : (
              <ComparisonTables comparison={comparison.data} />
            )}
          </>
        )}
      </Stack>
    </Section>
  );
}

function ComparisonTables({ comparison: c }: { comparison: CostComparison }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const municipalityName = useMunicipalityName();
  const spansBoth = user.municipalityId === null;
  const table = (id: string, title: string, rows: CostComparison['applications'], nameLabel: string) => (
    <Section id={id} title={title} order={3}>
      {rows.length === 0 ? (
        <EmptyState>{t('agreements.comparison.none')}</EmptyState>
      ) : (
        <ScrollTable label={title} minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{nameLabel}</Table.Th>
                {spansBoth && <Table.Th scope="col">{t('agreements.comparison.municipality')}</Table.Th>}
                <Table.Th scope="col" ta="right">
                  {t('agreements.comparison.old', { year: c.fromYear })}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('agreements.comparison.new', { year: c.year })}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('agreements.comparison.difference')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th scope="row" fw="normal">
                    {id === 'comparison-applications' ? (
                      <AnchorLink to="/applikationer/$id" params={{ id: r.id }} search={{ ar: c.year }}>
                        {r.name}
                      </AnchorLink>
                    ) : (
                      r.name
                    )}
                  </Table.Th>
                  {spansBoth && <Table.Td>{municipalityName(r.municipalityId)}</Table.Td>}
                  <Table.Td {...MONEY}>{formatSek(r.oldOre, locale)}</Table.Td>
                  <Table.Td {...MONEY}>{formatSek(r.newOre, locale)}</Table.Td>
                  <Table.Td {...MONEY}>{formatSekChange(r.differenceOre, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row" colSpan={spansBoth ? 2 : 1}>
                  {t('agreements.comparison.total')}
                </Table.Th>
                <Table.Td {...MONEY} fw={700}>
                  {formatSek(c.total.oldOre, locale)}
                </Table.Td>
                <Table.Td {...MONEY} fw={700}>
                  {formatSek(c.total.newOre, locale)}
                </Table.Td>
                <Table.Td {...MONEY} fw={700}>
                  {formatSekChange(c.total.differenceOre, locale)}
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
  return (
    <Stack gap="lg">
      {table('comparison-applications', t('agreements.comparison.applications'), c.applications, t('agreements.comparison.application'))}
      {table('comparison-units', t('agreements.comparison.units'), c.units, t('agreements.comparison.unit'))}
    </Stack>
  );
}
