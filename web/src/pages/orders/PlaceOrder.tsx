import { Alert, Button, Group, NativeSelect, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { MODEL_CATEGORIES, usePriceList, type PriceItem, type RangeModel } from '../../catalogue/model.ts';
import { useSamdeskForm } from '../../form.ts';
import { formatSek, stockholmNow } from '../../format.ts';
import { useMission } from '../../hooks.ts';
import { itemOn, orderKeys, totalsOf, useOrderableUnits, SPECIAL_KINDS, type Order, type OrderableUnit, type SpecialKind } from '../../orders/model.ts';
import { useLocale } from '../../session.tsx';
import type { Texts } from '../../texts.ts';
import { ModelNameCell, PriceText } from '../catalogue/parts.tsx';

const today = () => stockholmNow().local.slice(0, 10);

/** Places the order and opens it: the order page shows its number, the service request's (R-4.3). */
function usePlaceOrder() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Order>('/api/v1/orders', body),
    onSuccess: async (order) => {
      notifications.show({ color: 'green', message: t('orders.place.placed', { number: order.number }) });
      queryClient.setQueryData(orderKeys.one(order.id), order);
      await queryClient.invalidateQueries({ queryKey: ['orders', 'list'] });
      await navigate({ to: '/bestallningar/$id', params: { id: order.id } });
    },
  });
}

/**
 * "Beställ" (issue 6, R-4.3, R-4.4): an authorised orderer chooses the unit, picks models from the
 * model range and articles from this year's price list and sees the total; special orders on their
 * own tabs. The server decides who may order and what is allowed; its refusals show on the fields.
 */
export function PlaceOrderPage() {
  const { t } = useTranslation();
  const units = useOrderableUnits();
  const [unitId, setUnitId] = useState('');
  const [tab, setTab] = useState<string>('standard');
  const items = units.data?.items ?? [];
  const unit = items.find((u) => u.id === unitId) ?? items[0];
  return (
    <>
      <PageHeader title={t('orders.place.title')} intro={t('orders.place.intro')} />
      {units.isPending ? (
        <Loading />
      ) : units.isError ? (
        <ProblemAlert error={units.error} onRetry={() => void units.refetch()} />
      ) : !unit ? (
        <Alert color="orange" role="alert">
          {t('orders.place.notOrderer')}
        </Alert>
      ) : (
        <Stack>
          <NativeSelect
            label={t('orders.unit')}
            data={items.map((u) => ({ value: u.id, label: `${u.name} (${u.code}) – ${t(`orders.via.${u.via}`)}` }))}
            value={unit.id}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setUnitId(v);
            }}
            maw={520}
          />
          <Tabs value={tab} onChange={(v) => setTab(v ?? 'standard')} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="standard">{t('orders.kinds.standard')}</Tabs.Tab>
              {SPECIAL_KINDS.map((k) => (
                <Tabs.Tab key={k} value={k}>
                  {t(`orders.kinds.${k}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="standard" pt="md">
              <StandardOrder unit={unit} key={unit.id} />
            </Tabs.Panel>
            {SPECIAL_KINDS.map((k) => (
              <Tabs.Panel key={k} value={k} pt="md">
                <SpecialOrder kind={k} unit={unit} key={`${k}-${unit.id}`} />
              </Tabs.Panel>
            ))}
          </Tabs>
        </Stack>
      )}
    </>
  );
}

type BasketLine = { key: number; quantity: number } & (
  { modelId: string; name: string; articleCode: string } | { modelId?: undefined; name: string; articleCode: string }
);

function StandardOrder({ unit }: { unit: OrderableUnit }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const year = stockholmNow().year;
  const day = today();
  const list = usePriceList(year);
  const range = useQuery({
    queryKey: ['catalogue', 'model-range', 'all'],
    queryFn: ({ signal }) => api.get<{ items: RangeModel[] }>('/api/v1/model-range', signal),
  });
  const [basket, setBasket] = useState<BasketLine[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [articleCode, setArticleCode] = useState('');
  const [quantity, setQuantity] = useState('1');
  const place = usePlaceOrder();
  const form = useSamdeskForm({
    initialValues: { note: '' },
    action: {
      mutate: ({ note }) =>
        place.mutate({
          kind: 'standard',
          unitId: unit.id,
          note,
          lines: basket.map((l) => (l.modelId ? { modelId: l.modelId, quantity: l.quantity } : { articleCode: l.articleCode, quantity: l.quantity })),
        }),
      isPending: place.isPending,
      error: place.error,
    },
  });
  const { errors } = form;
  const basketId = useId();

  if (list.isPending || range.isPending) return <Loading />;
  if (list.isError) {
    return list.error instanceof ApiError && list.error.status === 404 ? (
      <Alert color="orange">{t('orders.place.noPriceList', { year })}</Alert>
    ) : (
      <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
    );
  }
  if (range.isError) return <ProblemAlert error={range.error} onRetry={() => void range.refetch()} />;

  // R-4.2: the unit's municipality's range (and the shared models) of the latest year up to this one, as the server prices it.
  const own = range.data.items.filter((m) => (m.municipalityId === null || m.municipalityId === unit.municipalityId) && m.year <= year);
  const rangeYear = own.reduce<number | undefined>((y, m) => (y === undefined || m.year > y ? m.year : y), undefined);
  const models = own
    .filter((m) => m.year === rangeYear)
    .sort(
      (a, b) =>
        MODEL_CATEGORIES.indexOf(a.category) - MODEL_CATEGORIES.indexOf(b.category) ||
        `${a.manufacturer} ${a.model}`.localeCompare(`${b.manufacturer} ${b.model}`, 'sv'),
    );
  const equipment = new Set(models.map((m) => m.articleCode));
  const current = list.data.items.filter((i) => i.validFrom <= day && day <= i.validTo);
  // Equipment is ordered by its model; central costs and application fees are not ordered (the server refuses them too).
  const articles = current
    .filter((i) => !equipment.has(i.articleCode) && i.billingModel !== 'central_cost' && i.billingModel !== 'application_fee')
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const item = (code: string): PriceItem | undefined => itemOn(list.data.items, code, day);
  const totals = totalsOf(basket.map((l) => ({ quantity: l.quantity, item: item(l.articleCode) })));

  const add = (line: Omit<BasketLine, 'key'>) => {
    const existing = basket.find((l) => (line.modelId ? l.modelId === line.modelId : !l.modelId && l.articleCode === line.articleCode));
    if (existing) setBasket((b) => b.map((l) => (l === existing ? { ...l, quantity: Math.min(50, l.quantity + line.quantity) } : l)));
    else {
      setBasket((b) => [...b, { ...line, key: nextKey }]);
      setNextKey((k) => k + 1);
    }
    place.reset();
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('orders.place.models', { year: rangeYear ?? year })}
      </Title>
      {models.length === 0 ? (
        <EmptyState>{t('orders.place.noModels')}</EmptyState>
      ) : (
        <ScrollTable label={t('orders.place.modelsLabel')} minWidth={760}>
          <Table striped withTableBorder highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('orders.place.category')}</Table.Th>
                <Table.Th scope="col">{t('orders.place.model')}</Table.Th>
                <Table.Th scope="col">{t('orders.place.price')}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t('app.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.map((m) => {
                const name = `${m.manufacturer} ${m.model}`;
                const price = item(m.articleCode);
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>{t(`catalogue.categories.${m.category}`)}</Table.Td>
                    <ModelNameCell model={m} />
                    <Table.Td>
                      {price ? (
                        <PriceText item={price} />
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('catalogue.models.noPrice')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="light"
                        disabled={!price}
                        aria-label={t('orders.place.addNamed', { name })}
                        onClick={() => add({ modelId: m.id, name, articleCode: m.articleCode, quantity: 1 })}
                      >
                        {t('orders.place.add')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Title order={2} size="h3">
        {t('orders.place.articles')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('orders.place.article')}
          data={[
            { value: '', label: t('orders.place.chooseArticle'), disabled: true },
            ...articles.map((a) => ({ value: a.articleCode, label: `${a.name} (${a.articleCode})` })),
          ]}
          value={articleCode}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setArticleCode(v);
          }}
          miw={320}
        />
        <TextInput
          label={t('orders.place.quantity')}
          type="number"
          min={1}
          max={50}
          value={quantity}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setQuantity(v);
          }}
          w={100}
        />
        <Button
          variant="light"
          disabled={!articleCode || !(Number(quantity) >= 1)}
          onClick={() => {
            const a = articles.find((x) => x.articleCode === articleCode);
            if (a) add({ name: a.name, articleCode: a.articleCode, quantity: Math.min(50, Math.floor(Number(quantity))) });
          }}
        >
          {t('orders.place.addArticle')}
        </Button>
      </Group>
      {articleCode && item(articleCode) && (
        <Text size="sm" c="dimmed">
          <PriceText item={item(articleCode) as PriceItem} />
        </Text>
      )}

      <form onSubmit={form.submit} noValidate aria-labelledby={basketId}>
        <Stack>
          <Title order={2} size="h3" id={basketId}>
            {t('orders.place.basket')}
          </Title>
          <ProblemAlert
            error={place.error}
            knownFields={['lines', 'note', ...basket.flatMap((_, i) => [`lines.${i}`, `lines.${i}.modelId`, `lines.${i}.articleCode`, `lines.${i}.quantity`])]}
          />
          {basket.length === 0 ? (
            <Text c="dimmed">{t('orders.place.basketEmpty')}</Text>
          ) : (
            <ScrollTable label={t('orders.place.basket')} minWidth={640}>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('orders.order.description')}</Table.Th>
                    <Table.Th scope="col">{t('orders.place.quantity')}</Table.Th>
                    <Table.Th scope="col">{t('orders.place.price')}</Table.Th>
                    <Table.Th scope="col">
                      <span className="visually-hidden">{t('app.actions')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {basket.map((l, i) => {
                    const price = item(l.articleCode);
                    const problem = errors[`lines.${i}`] ?? errors[`lines.${i}.modelId`] ?? errors[`lines.${i}.articleCode`];
                    return (
                      <Table.Tr key={l.key}>
                        <Table.Th scope="row" fw="normal">
                          <Text size="sm" fw={600}>
                            {l.name}
                          </Text>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {l.articleCode}
                          </Text>
                          {problem && (
                            <Text size="sm" c="red">
                              {problem}
                            </Text>
                          )}
                        </Table.Th>
                        <Table.Td>
                          <TextInput
                            aria-label={t('orders.place.quantityOf', { name: l.name })}
                            type="number"
                            min={1}
                            max={50}
                            w={90}
                            value={String(l.quantity)}
                            error={errors[`lines.${i}.quantity`]}
                            onChange={(e) => {
                              const v = Math.max(1, Math.min(50, Math.floor(Number(e.currentTarget.value) || 1)));
                              setBasket((b) => b.map((x) => (x.key === l.key ? { ...x, quantity: v } : x)));
                            }}
                          />
                        </Table.Td>
                        <Table.Td>{price ? <PriceText item={price} /> : t('app.none')}</Table.Td>
                        <Table.Td>
                          <Button
                            variant="subtle"
                            color="red"
                            size="compact-sm"
                            aria-label={t('orders.place.removeNamed', { name: l.name })}
                            onClick={() => setBasket((b) => b.filter((x) => x.key !== l.key))}
                          >
                            {t('orders.place.remove')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          {basket.length > 0 && <TotalsList totals={totals} locale={locale} />}
          {basket.some((l) => l.modelId) && (
            <Text size="sm" c="dimmed">
              {t('orders.place.perPiece')}
            </Text>
          )}
          <Textarea label={t('orders.note')} description={t('orders.noteHelp')} autosize minRows={2} maxLength={4000} {...form.text('note')} />
          <Group>
            <Button type="submit" disabled={basket.length === 0} loading={form.submitting}>
              {t('orders.place.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** "Engångskostnad 6 500,00 kr · Per månad 500,00 kr": what the order costs, as a description list. */
export function TotalsList({
  totals,
  locale,
}: {
  totals: { oneOff: number; monthly: number; weekly: number; yearly: number; hourly?: boolean };
  locale: 'sv' | 'en';
}) {
  const { t } = useTranslation();
  const rows = (
    [
      ['oneOff', totals.oneOff],
      ['monthly', totals.monthly],
      ['weekly', totals.weekly],
      ['yearly', totals.yearly],
    ] as const
  ).filter(([key, v]) => v !== 0 || key === 'oneOff' || key === 'monthly');
  return (
    <Stack gap={4}>
      <Title order={3} size="h4">
        {t('orders.place.totals')}
      </Title>
      <dl className="order-totals" style={{ display: 'grid', gridTemplateColumns: 'max-content max-content', columnGap: '1.5rem', rowGap: 2, margin: 0 }}>
        {rows.map(([key, v]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{t(`orders.place.${key}`)}</dt>
            <dd style={{ margin: 0, whiteSpace: 'nowrap', textAlign: 'right', fontWeight: 600 }}>{formatSek(v, locale)}</dd>
          </div>
        ))}
      </dl>
      {totals.hourly && (
        <Text size="sm" c="dimmed">
          {t('orders.place.hourlyNote')}
        </Text>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- special orders (R-4.4)

type FieldKind = 'text' | 'email' | 'textarea' | 'date' | 'number' | 'role';
/** A special order's field, named by its key in `orders.place` (and in the order's JSON). */
type PlaceKey = keyof Texts['orders']['place'];

interface FieldSpec {
  name: PlaceKey;
  kind: FieldKind;
  required?: boolean;
  /** How an empty optional field is sent: null, or left out. */
  empty?: 'null' | 'omit';
  help?: PlaceKey;
}

const SPECIAL: Record<SpecialKind, { group: string; intro: PlaceKey; fields: FieldSpec[] }> = {
  account_non_employee: {
    group: 'account',
    intro: 'accountIntro',
    fields: [
      { name: 'firstName', kind: 'text', required: true },
      { name: 'lastName', kind: 'text', required: true },
      { name: 'email', kind: 'email', empty: 'null' },
      { name: 'personRole', kind: 'role', required: true },
      { name: 'organisation', kind: 'text', empty: 'null' },
      { name: 'startsOn', kind: 'date', empty: 'omit', help: 'startsOnHelp' },
      { name: 'endsOn', kind: 'date', required: true, help: 'endsOnHelp' },
      { name: 'reason', kind: 'textarea', required: true },
    ],
  },
  function_address: {
    group: 'functionAddress',
    intro: 'addressIntro',
    fields: [
      { name: 'address', kind: 'text', required: true, help: 'addressHelp' },
      { name: 'displayName', kind: 'text', required: true },
      { name: 'purpose', kind: 'textarea', required: true },
    ],
  },
  software_request: {
    group: 'software',
    intro: 'softwareIntro',
    fields: [
      { name: 'software', kind: 'text', required: true },
      { name: 'vendor', kind: 'text', empty: 'null' },
      { name: 'purpose', kind: 'textarea', required: true },
      { name: 'computers', kind: 'textarea', required: true },
    ],
  },
  software_packaging: {
    group: 'packaging',
    intro: 'packagingIntro',
    fields: [
      { name: 'software', kind: 'text', required: true },
      { name: 'vendor', kind: 'text', empty: 'null' },
      { name: 'purpose', kind: 'textarea', required: true },
      { name: 'teacherComputers', kind: 'number', required: true },
    ],
  },
};

function SpecialOrder({ kind, unit }: { kind: SpecialKind; unit: OrderableUnit }) {
  const { t } = useTranslation();
  const mission = useMission();
  const spec = SPECIAL[kind];
  const place = usePlaceOrder();
  const roles = (mission.data?.document.people.personRoles ?? []).filter((r) => !r.employee);
  const send = (values: Record<string, string>) => {
    const details: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = (values[f.name] ?? '').trim();
      if (v === '' && f.empty === 'omit') continue;
      details[f.name] = v === '' && f.empty === 'null' ? null : f.kind === 'number' ? (v === '' ? null : Number(v)) : v;
    }
    place.mutate({ kind, unitId: unit.id, note: values.note ?? '', [spec.group]: details });
  };
  const form = useSamdeskForm<Record<string, string>>({
    initialValues: {},
    required: () =>
      Object.fromEntries(
        spec.fields
          .filter((f) => f.required)
          .map((f) => [f.name, { label: t(`orders.place.${f.name}`), kind: f.kind === 'role' ? ('choose' as const) : ('fill' as const) }]),
      ),
    // The order's details go under its group (`account.firstName`); their problems show on the fields.
    problemPath: (field) => (field.startsWith(`${spec.group}.`) ? field.slice(spec.group.length + 1) : field),
    action: { mutate: send, isPending: place.isPending, error: place.error },
  });
  const field = (f: FieldSpec) => {
    const common = {
      label: t(`orders.place.${f.name}`),
      required: f.required ?? false,
      description: f.help ? t(`orders.place.${f.help}`) : undefined,
      ...form.text(f.name),
    };
    switch (f.kind) {
      case 'textarea':
        return <Textarea key={f.name} autosize minRows={2} maxLength={2000} {...common} />;
      case 'role':
        return (
          <NativeSelect
            key={f.name}
            data={[{ value: '', label: t('app.none'), disabled: true }, ...roles.map((r) => ({ value: r.code, label: r.label }))]}
            {...common}
            maw={320}
          />
        );
      case 'date':
        return <TextInput key={f.name} type="date" {...common} maw={220} />;
      case 'number':
        return <TextInput key={f.name} type="number" min={1} {...common} maw={220} />;
      case 'text':
      case 'email':
        return <TextInput key={f.name} type={f.kind === 'email' ? 'email' : 'text'} maxLength={200} {...common} maw={520} />;
    }
  };
  return (
    <form onSubmit={form.submit} noValidate aria-label={t(`orders.kinds.${kind}`)}>
      <Stack maw={720}>
        <Text>{t(`orders.place.${spec.intro}`)}</Text>
        <ProblemAlert error={place.error} knownFields={['note', ...spec.fields.map((f) => `${spec.group}.${f.name}`)]} />
        {spec.fields.map(field)}
        <Textarea label={t('orders.note')} autosize minRows={2} maxLength={4000} {...form.text('note')} />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('orders.place.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
