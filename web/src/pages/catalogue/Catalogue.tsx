import { Badge, Button, Card, Checkbox, Group, List, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { EmptyState, FormButtons, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useLocale, useSession } from '../../session.tsx';
import {
  catalogueKeys,
  currentList,
  isCatalogueAdmin,
  SUPPORT_LEVEL_ORDER,
  useBillingModels,
  usePriceList,
  usePriceLists,
  useServices,
  wholeYear,
  type CatalogueService,
  type PriceItem,
  type PriceListHead,
  type SupportLevel,
} from '../../catalogue/model.ts';
import { ExampleBadge, PriceText } from './parts.tsx';

/**
 * The service catalogue: every service with its billing model, what is included, who owns
 * which support task at its support level and its prices in this year's list. Everyone
 * signed in reads it; administrators spanning both municipalities change services.
 */
export function CataloguePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isCatalogueAdmin(user);
  const services = useServices();
  const lists = usePriceLists();
  const list = currentList(lists.data?.items ?? []);
  const prices = usePriceList(list?.year);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CatalogueService | 'new' | null>(null);

  const needle = search.trim().toLocaleLowerCase('sv');
  const shown = (services.data?.items ?? []).filter(
    (s) => (admin || s.active) && (!needle || `${s.name} ${s.description} ${s.included.join(' ')}`.toLocaleLowerCase('sv').includes(needle)),
  );

  return (
    <>
      <PageHeader
        title={t('catalogue.services.title')}
        intro={t('catalogue.services.intro')}
        actions={admin ? <Button onClick={() => setEditing('new')}>{t('catalogue.services.new')}</Button> : undefined}
      />
      {services.isPending ? (
        <Loading />
      ) : services.isError ? (
        <ProblemAlert error={services.error} onRetry={() => void services.refetch()} />
      ) : (
        <Stack>
          <PriceSource list={list} loading={lists.isPending} />
          <TextInput
            type="search"
            label={t('catalogue.services.search')}
            description={t('catalogue.services.searchHelp')}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            maw={420}
          />
          <Text size="sm" role="status" aria-live="polite">
            {t('catalogue.services.count', { count: shown.length })}
          </Text>
          {shown.length === 0 ? (
            <EmptyState>{services.data.items.length === 0 ? t('catalogue.services.empty') : t('catalogue.services.noMatch')}</EmptyState>
          ) : (
            shown.map((s) => (
              <ServiceCard
                key={s.id}
                service={s}
                items={(prices.data?.items ?? []).filter((i) => i.serviceCode === s.code)}
                pricesLoaded={prices.isSuccess}
                admin={admin}
                onEdit={() => setEditing(s)}
              />
            ))
          )}
        </Stack>
      )}
      {editing && <ServiceDialog service={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function PriceSource({ list, loading }: { list: PriceListHead | undefined; loading: boolean }) {
  const { t } = useTranslation();
  if (loading) return null;
  if (!list) return <Text c="dimmed">{t('catalogue.services.noPriceList')}</Text>;
  return (
    <Group gap="xs">
      <Text>
        {t('catalogue.services.pricesFrom', { year: list.year })}{' '}
        <AnchorLink to="/katalog/prislistor/$year" params={{ year: String(list.year) }}>
          {list.title}
        </AnchorLink>
      </Text>
      {list.example && <ExampleBadge />}
    </Group>
  );
}

function ServiceCard({
  service: s,
  items,
  pricesLoaded,
  admin,
  onEdit,
}: {
  service: CatalogueService;
  items: PriceItem[];
  pricesLoaded: boolean;
  admin: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const headingId = `service-${s.code}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Title order={2} size="h3" id={headingId}>
            {s.name}
          </Title>
          <Group gap="xs">
            <Badge variant="light">{locale === 'sv' ? s.billingModelLabel.sv : s.billingModelLabel.en}</Badge>
            {s.supportLevel && <Badge variant="outline">{t(`catalogue.supportLevels.${s.supportLevel}`)}</Badge>}
            {!s.active && <Badge color="gray">{t('catalogue.services.inactive')}</Badge>}
          </Group>
        </Stack>
        {admin && (
          <Button variant="default" size="compact-sm" onClick={onEdit} aria-label={t('catalogue.services.editNamed', { name: s.name })}>
            {t('app.edit')}
          </Button>
        )}
      </Group>
      {s.description && <Text mt="sm">{s.description}</Text>}
      {(s.renewalMonths !== null || s.minimumDays !== null) && (
        <Text size="sm" mt={4} c="dimmed">
          {t('catalogue.services.terms')}:{' '}
          {[
            s.renewalMonths !== null ? t('catalogue.services.renewal', { count: s.renewalMonths }) : null,
            s.minimumDays !== null ? t('catalogue.services.minimum', { count: s.minimumDays }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {s.included.length > 0 && (
        <>
          <Title order={3} size="h5" mt="sm">
            {t('catalogue.services.included')}
          </Title>
          <List size="sm">
            {s.included.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
        </>
      )}
      {s.supportLevel && s.supportTasks.length > 0 && <SupportTable service={s} level={s.supportLevel} />}
      <Title order={3} size="h5" mt="sm">
        {t('catalogue.services.prices')}
      </Title>
      {!pricesLoaded ? (
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('catalogue.services.noPrice')}
        </Text>
      ) : (
        <List size="sm">
          {items.map((i) => (
            <List.Item key={i.id}>
              {i.name}: <PriceText item={i} />
              {!wholeYear(i.validFrom, i.validTo) && ` (${t('catalogue.items.validity', { from: i.validFrom, to: i.validTo })})`}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

/** who owns which support task at the service's support level. */
function SupportTable({ service: s, level }: { service: CatalogueService; level: SupportLevel }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <Title order={3} size="h5" mt="sm">
        {t('catalogue.services.whoDoesWhat', { level: SUPPORT_LEVEL_ORDER[level] })}
      </Title>
      <Table withTableBorder striped mt={4} fz="sm" maw={760}>
        <caption className="visually-hidden">{t('catalogue.services.whoDoesWhatCaption', { name: s.name })}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('catalogue.services.task')}</Table.Th>
            <Table.Th scope="col">{t('catalogue.services.owner')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.supportTasks.map((task) => (
            <Table.Tr key={task.task}>
              <Table.Th scope="row" fw="normal">
                {t(`catalogue.tasks.${task.task}`)}
              </Table.Th>
              <Table.Td>
                <Text span size="sm" fw={600} c={task.owner === 'it' ? 'blue.8' : 'grape.8'}>
                  {t(`catalogue.owners.${task.owner}`)}
                </Text>
                <Text span size="xs" c="dimmed" display="block">
                  {locale === 'sv' ? task.reasonSv : task.reasonEn}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}

interface ServiceForm {
  code: string;
  name: string;
  description: string;
  billingModel: string;
  supportLevel: string;
  included: string;
  sortOrder: string;
  active: boolean;
}

/** Add or change a service (administrators); a stale version offers to reload it. */
function ServiceDialog({ service, onClose }: { service: CatalogueService | null; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const models = useBillingModels();
  const fromService = (s: CatalogueService | null): ServiceForm => ({
    code: s?.code ?? '',
    name: s?.name ?? '',
    description: s?.description ?? '',
    billingModel: s?.billingModel ?? 'monthly_rental',
    supportLevel: s?.supportLevel ?? '',
    included: (s?.included ?? []).join('\n'),
    sortOrder: String(s?.sortOrder ?? 0),
    active: s?.active ?? true,
  });
  const [current, setCurrent] = useState(service);
  const body = (form: ServiceForm) => ({
    name: form.name,
    description: form.description,
    billingModel: form.billingModel,
    supportLevel: form.supportLevel === '' ? null : form.supportLevel,
    included: form.included
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    sortOrder: form.sortOrder.trim() === '' ? 0 : Number(form.sortOrder),
  });
  const save = useMutation({
    mutationFn: (form: ServiceForm) =>
      current
        ? api.patch<CatalogueService>(`/api/v1/catalogue/services/${current.id}`, { version: current.version, ...body(form), active: form.active })
        : api.post<CatalogueService>('/api/v1/catalogue/services', { code: form.code, ...body(form) }),
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: t(current ? 'catalogue.services.saved' : 'catalogue.services.created', { name: saved.name }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.services });
      onClose();
    },
  });
  const form = useSamdeskForm<ServiceForm>({
    initialValues: fromService(service),
    required: () => ({
      ...(current ? {} : { code: { label: t('catalogue.services.code') } }),
      name: { label: t('catalogue.services.name') },
      billingModel: { label: t('catalogue.billingModel'), kind: 'choose' },
    }),
    action: save,
  });
  const { errors } = form;
  const title = current ? t('catalogue.services.editNamed', { name: current.name }) : t('catalogue.services.new');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <StaleAlert<CatalogueService>
            error={save.error}
            onReload={(fresh) => {
              setCurrent(fresh);
              form.setValues(fromService(fresh));
              save.reset();
            }}
          />
          <ProblemAlert error={save.error} knownFields={['code', 'name', 'description', 'billingModel', 'supportLevel', 'included', 'sortOrder', 'active']} />
          {!current && <TextInput label={t('catalogue.services.code')} description={t('catalogue.services.codeHelp')} required {...form.text('code')} />}
          <TextInput label={t('catalogue.services.name')} required {...form.text('name')} data-autofocus />
          <Textarea label={t('catalogue.services.description')} autosize minRows={2} {...form.text('description')} />
          <NativeSelect
            label={t('catalogue.billingModel')}
            required
            data={(models.data?.items ?? []).map((m) => ({ value: m.code, label: locale === 'sv' ? m.sv : m.en }))}
            {...form.text('billingModel')}
            disabled={models.isPending}
          />
          <NativeSelect
            label={t('catalogue.services.supportLevel')}
            description={t('catalogue.services.supportLevelHelp')}
            data={[
              { value: '', label: t('catalogue.services.noSupportLevel') },
              ...(['managed', 'managed_without_support', 'one_to_one'] as const).map((l) => ({ value: l, label: t(`catalogue.supportLevels.${l}`) })),
            ]}
            {...form.text('supportLevel')}
          />
          <Textarea
            label={t('catalogue.services.included')}
            description={t('catalogue.services.includedHelp')}
            autosize
            minRows={3}
            {...form.text('included')}
            error={errors.included ?? Object.entries(errors).find(([k]) => k.startsWith('included.'))?.[1]}
          />
          <TextInput
            type="number"
            min={0}
            label={t('catalogue.services.sortOrder')}
            description={t('catalogue.services.sortOrderHelp')}
            {...form.text('sortOrder')}
            maw={200}
          />
          {current && <Checkbox label={t('catalogue.services.active')} {...form.checkbox('active')} />}
          <FormButtons submitLabel={current ? t('app.save') : t('catalogue.services.create')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
