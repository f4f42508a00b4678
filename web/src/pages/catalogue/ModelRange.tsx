import { Alert, Anchor, Button, Group, List, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, request } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { ConfirmDialog, EmptyState, FormButtons, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import {
  catalogueKeys,
  currentList,
  isCatalogueAdmin,
  MODEL_CATEGORIES,
  usePriceList,
  usePriceLists,
  type ModelCategory,
  type PriceItem,
  type RangeModel,
} from '../../catalogue/model.ts';
import { useMunicipalities, useSession } from '../../session.tsx';
import { CopyForwardNotice, ExampleBadge, ModelNameCell, PriceText } from './parts.tsx';

export interface ModelRangeSearch {
  ar?: number;
}

export function validateModelRangeSearch(search: Record<string, unknown>): ModelRangeSearch {
  const ar = Number(search.ar);
  return Number.isInteger(ar) && ar >= 2000 && ar <= 2100 ? { ar } : {};
}

/** "48 månader (4 år)". */
export function LifeText({ months }: { months: number }) {
  const { t } = useTranslation();
  return (
    <>{months % 12 === 0 ? t('catalogue.models.lifeYears', { count: months, years: months / 12 }) : t('catalogue.models.lifeMonths', { count: months })}</>
  );
}

/**
 * The model range per year for signed-in staff: the models with their prices from the year's
 * list. Administrators add, change and remove models; the server refuses a rented computer, printer
 * or screen below the mission's minimum technical life (four years) and says so on the field.
 */
export function ModelRangePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isCatalogueAdmin(user);
  const search = useSearch({ from: '/modellutbud' });
  const navigate = useNavigate({ from: '/modellutbud' });
  const lists = usePriceLists();
  const year = search.ar ?? currentList(lists.data?.items ?? [])?.year;
  const list = usePriceList(year);
  const models = useQuery({
    queryKey: catalogueKeys.models(year ?? 0),
    queryFn: ({ signal }) => api.get<{ items: RangeModel[] }>(`/api/v1/model-range?year=${year ?? 0}`, signal),
    enabled: year !== undefined,
  });
  const municipalities = useMunicipalities();
  const [editing, setEditing] = useState<RangeModel | 'new' | null>(null);
  const [removing, setRemoving] = useState<RangeModel | null>(null);
  const listItems = list.data?.items ?? [];
  const yearOptions = (lists.data?.items ?? []).map((l) => ({ value: String(l.year), label: String(l.year) }));
  if (year !== undefined && !yearOptions.some((o) => o.value === String(year))) yearOptions.unshift({ value: String(year), label: String(year) });

  return (
    <>
      <PageHeader
        title={t('catalogue.models.title')}
        intro={t('catalogue.models.intro')}
        actions={admin && year !== undefined && list.isSuccess ? <Button onClick={() => setEditing('new')}>{t('catalogue.models.add')}</Button> : undefined}
      />
      <CopyForwardNotice />
      {lists.isPending ? (
        <Loading />
      ) : lists.isError ? (
        <ProblemAlert error={lists.error} onRetry={() => void lists.refetch()} />
      ) : year === undefined ? (
        <EmptyState>{t('catalogue.models.noYears')}</EmptyState>
      ) : (
        <Stack>
          <Group align="flex-end" gap="md">
            <NativeSelect
              label={t('catalogue.models.year')}
              data={yearOptions}
              value={String(year)}
              onChange={(e) => void navigate({ search: { ar: Number(e.currentTarget.value) }, replace: true })}
              w={160}
            />
            {list.data?.example && <ExampleBadge />}
          </Group>
          {list.isError && list.error instanceof ApiError && list.error.status === 404 && (
            <Alert color="orange">{t('catalogue.models.noList', { year })}</Alert>
          )}
          <Published year={year} municipalities={(municipalities.data?.items ?? []).map((m) => ({ code: m.code, name: m.name }))} />
          <ListTable
            query={models}
            items={models.data?.items ?? []}
            empty={t('catalogue.models.empty', { year })}
            emptyAction={
              (lists.data?.items ?? []).some((l) => l.year === year - 1) && (
                <AnchorLink to="/modellutbud" search={{ ar: year - 1 }}>
                  {t('catalogue.models.seeYear', { year: year - 1 })}
                </AnchorLink>
              )
            }
            label={t('catalogue.models.tableLabel', { year })}
            minWidth={960}
            columns={[
              t('catalogue.models.category'),
              t('catalogue.models.model'),
              t('catalogue.items.price'),
              t('catalogue.models.life'),
              t('catalogue.models.municipality'),
              admin && t('app.actions'),
            ]}
            row={(m) => {
              const prices = listItems.filter((i) => i.articleCode === m.articleCode);
              const name = `${m.manufacturer} ${m.model}`;
              return (
                <Table.Tr key={m.id}>
                  <Table.Td>{t(`catalogue.categories.${m.category}`)}</Table.Td>
                  <ModelNameCell model={m} />
                  <Table.Td>
                    <ModelPrices articleCode={m.articleCode} items={prices} />
                  </Table.Td>
                  <Table.Td>
                    <LifeText months={m.technicalLifeMonths} />
                  </Table.Td>
                  <Table.Td>
                    {m.municipalityId === null
                      ? t('catalogue.models.both')
                      : (municipalities.data?.items.find((x) => x.id === m.municipalityId)?.name ?? t('app.none'))}
                  </Table.Td>
                  {admin && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button variant="subtle" size="compact-sm" onClick={() => setEditing(m)} aria-label={t('catalogue.models.editNamed', { name })}>
                          {t('app.edit')}
                        </Button>
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          onClick={() => setRemoving(m)}
                          aria-label={t('catalogue.models.removeNamed', { name })}
                        >
                          {t('catalogue.items.remove')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            }}
          />
        </Stack>
      )}
      {editing && year !== undefined && (
        <ModelDialog year={year} items={listItems} model={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {removing && <RemoveModelDialog model={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

function ModelPrices({ articleCode, items }: { articleCode: string; items: PriceItem[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('catalogue.models.noPrice')}
        </Text>
      ) : (
        items.map((i) => (
          <Text size="sm" key={i.id}>
            <PriceText item={i} />
          </Text>
        ))
      )}
      <Text size="xs" c="dimmed" ff="monospace">
        {articleCode}
      </Text>
    </Stack>
  );
}

/** where staff read the range without signing in, and the feeds an intranet page can follow. */
function Published({ year, municipalities }: { year: number; municipalities: { code: string; name: string }[] }) {
  const { t } = useTranslation();
  if (municipalities.length === 0) return null;
  return (
    <Alert color="blue" title={t('catalogue.models.publishedTitle')}>
      <Text size="sm">{t('catalogue.models.publishedHelp')}</Text>
      <List size="sm" mt={4}>
        {municipalities.map((m) => (
          <List.Item key={m.code}>
            <AnchorLink to="/modellutbud/$municipality" params={{ municipality: m.code }} search={{ ar: year }}>
              {t('catalogue.public.pageFor', { name: m.name })}
            </AnchorLink>{' '}
            (<Anchor href={`/api/v1/public/model-range/${m.code}/atom?year=${year}`}>{t('catalogue.public.atom')}</Anchor>,{' '}
            <Anchor href={`/api/v1/public/model-range/${m.code}?year=${year}`}>{t('catalogue.public.json')}</Anchor>)
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

interface ModelForm {
  category: ModelCategory;
  manufacturer: string;
  model: string;
  description: string;
  articleCode: string;
  technicalLifeMonths: string;
  municipalityId: string;
}

function formOf(m: RangeModel | null): ModelForm {
  return {
    category: m?.category ?? 'computer',
    manufacturer: m?.manufacturer ?? '',
    model: m?.model ?? '',
    description: m?.description ?? '',
    articleCode: m?.articleCode ?? '',
    technicalLifeMonths: m ? String(m.technicalLifeMonths) : '48',
    municipalityId: m?.municipalityId ?? '',
  };
}

function ModelDialog({ year, items, model, onClose }: { year: number; items: PriceItem[]; model: RangeModel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const municipalities = useMunicipalities();
  const [current, setCurrent] = useState(model);
  const body = (form: ModelForm) => ({
    category: form.category,
    manufacturer: form.manufacturer,
    model: form.model,
    description: form.description,
    articleCode: form.articleCode,
    technicalLifeMonths: form.technicalLifeMonths.trim() === '' ? Number.NaN : Number(form.technicalLifeMonths),
    municipalityId: form.municipalityId === '' ? null : form.municipalityId,
  });
  const save = useMutation({
    mutationFn: (form: ModelForm) =>
      current
        ? api.patch<RangeModel>(`/api/v1/model-range/${current.id}`, { version: current.version, ...body(form) })
        : api.post<RangeModel>('/api/v1/model-range', { year, ...body(form) }),
    onSuccess: async (saved) => {
      notifications.show({
        color: 'green',
        message: t(current ? 'catalogue.models.saved' : 'catalogue.models.added', { name: `${saved.manufacturer} ${saved.model}` }),
      });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.models(year) });
      onClose();
    },
  });
  const form = useSamdeskForm<ModelForm>({
    initialValues: formOf(model),
    required: () => ({
      category: { label: t('catalogue.models.category'), kind: 'choose' },
      manufacturer: { label: t('catalogue.models.manufacturer') },
      model: { label: t('catalogue.models.model') },
      articleCode: { label: t('catalogue.models.article'), kind: 'choose' },
      technicalLifeMonths: { label: t('catalogue.models.lifeField') },
    }),
    action: save,
  });
  const articles = [...new Map(items.map((i) => [i.articleCode, i])).values()];
  const articleData = [
    { value: '', label: t('catalogue.models.chooseArticle'), disabled: true },
    ...articles.map((i) => ({ value: i.articleCode, label: `${i.articleCode} – ${i.name}` })),
  ];
  if (form.values.articleCode && !articles.some((i) => i.articleCode === form.values.articleCode)) {
    articleData.push({ value: form.values.articleCode, label: form.values.articleCode });
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={current ? t('catalogue.models.editNamed', { name: `${current.manufacturer} ${current.model}` }) : t('catalogue.models.addFor', { year })}
      size="lg"
    >
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <StaleAlert<RangeModel>
            error={save.error}
            onReload={(fresh) => {
              setCurrent(fresh);
              form.setValues(formOf(fresh));
              save.reset();
            }}
          />
          <ProblemAlert
            error={save.error}
            knownFields={['category', 'manufacturer', 'model', 'description', 'articleCode', 'technicalLifeMonths', 'municipalityId']}
          />
          <NativeSelect
            label={t('catalogue.models.category')}
            required
            data={MODEL_CATEGORIES.map((c) => ({ value: c, label: t(`catalogue.categories.${c}`) }))}
            {...form.text('category')}
          />
          <Group grow align="flex-start">
            <TextInput label={t('catalogue.models.manufacturer')} required {...form.text('manufacturer')} />
            <TextInput label={t('catalogue.models.model')} required {...form.text('model')} />
          </Group>
          <Textarea label={t('catalogue.models.description')} autosize minRows={2} {...form.text('description')} />
          <NativeSelect
            label={t('catalogue.models.article')}
            description={t('catalogue.models.articleHelp', { year })}
            required
            data={articleData}
            {...form.text('articleCode')}
            error={form.errors.articleCode ?? form.errors.year}
          />
          <TextInput
            type="number"
            min={1}
            max={240}
            label={t('catalogue.models.lifeField')}
            description={t('catalogue.models.lifeHelp')}
            required
            {...form.text('technicalLifeMonths')}
            maw={260}
          />
          <NativeSelect
            label={t('catalogue.models.municipality')}
            data={[{ value: '', label: t('catalogue.models.both') }, ...(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))]}
            {...form.text('municipalityId')}
          />
          <FormButtons submitLabel={current ? t('app.save') : t('catalogue.models.add')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveModelDialog({ model, onClose }: { model: RangeModel; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const name = `${model.manufacturer} ${model.model}`;
  const remove = useMutation({
    mutationFn: () => request<void>('DELETE', `/api/v1/model-range/${model.id}?version=${model.version}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('catalogue.models.removed', { name }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.models(model.year) });
      onClose();
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.models(model.year) });
    },
  });
  return (
    <ConfirmDialog
      title={t('catalogue.models.removeNamed', { name })}
      message={t('catalogue.models.removeConfirm', { name, year: model.year })}
      confirmLabel={t('catalogue.items.remove')}
      action={remove}
      staleMessage={t('catalogue.items.removeStale')}
      onClose={onClose}
    />
  );
}
