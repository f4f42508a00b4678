import { Anchor, Box, Container, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import type { PublicRange } from '../../catalogue/model.ts';
import { stockholmNow } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import { LifeText, type ModelRangeSearch } from './ModelRange.tsx';
import { ExampleBadge, ModelNameCell, PriceText } from './parts.tsx';

const MUNICIPALITY_CODE = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * The municipality code when the address is a published model range page (`/modellutbud/tranemo`),
 * which anyone may read without signing in (R-4.2).
 */
export function publicModelRangePath(pathname: string): string | undefined {
  const m = /^\/modellutbud\/([^/]+)\/?$/.exec(pathname);
  const code = m?.[1];
  return code && MUNICIPALITY_CODE.test(code) ? code : undefined;
}

/** `?ar=` (or the feed's `?year=`) of the page's address, when it is a year. */
export function validatePublicSearch(search: Record<string, unknown>): ModelRangeSearch {
  for (const value of [search.ar, search.year]) {
    const y = Number(value);
    if (value !== undefined && value !== '' && Number.isInteger(y) && y >= 2000 && y <= 2100) return { ar: y };
  }
  return {};
}

function yearFromLocation(): number | undefined {
  return validatePublicSearch(Object.fromEntries(new URLSearchParams(window.location.search))).ar;
}

const feedPath = (code: string, year: number) => `/api/v1/public/model-range/${code}/atom?year=${year}`;
const jsonPath = (code: string, year: number | undefined) => `/api/v1/public/model-range/${code}${year === undefined ? '' : `?year=${year}`}`;

/**
 * The published model range of one municipality (R-4.2): the models staff choose from with their
 * prices, the Atom feed (also announced in the page head for feed readers) and the JSON. Readable
 * without signing in.
 */
function PublicModelRange({ municipality, year, onYear }: { municipality: string; year: number | undefined; onYear: (year: number) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const range = useQuery({
    queryKey: ['public', 'model-range', municipality, year ?? 'latest'],
    queryFn: ({ signal }) => api.get<PublicRange>(jsonPath(municipality, year), signal),
  });
  const data = range.data;

  useEffect(() => {
    if (!data) return;
    // Feed readers and browsers find the feed from the page itself.
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.title = t('catalogue.public.feedTitle', { name: data.municipality.name, year: data.year });
    link.href = feedPath(data.municipality.code, data.year);
    document.head.appendChild(link);
    return () => link.remove();
  }, [data, t]);

  if (range.isPending) return <Loading />;
  if (range.isError) {
    if (range.error instanceof ApiError && range.error.status === 404) {
      return (
        <>
          <PageHeader title={t('catalogue.public.unknownTitle')} />
          <EmptyState>{t('catalogue.public.unknown', { code: municipality })}</EmptyState>
        </>
      );
    }
    return <ProblemAlert error={range.error} onRetry={() => void range.refetch()} />;
  }
  const r = range.data;
  const now = stockholmNow().year;
  const years: number[] = [];
  for (let y = Math.max(now + 1, r.year); y >= Math.min(now, r.year) - 3; y--) years.push(y);
  return (
    <>
      <PageHeader title={t('catalogue.public.title', { year: r.year, name: r.municipality.name })} intro={t('catalogue.public.intro')} />
      <Stack>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label={t('catalogue.models.year')}
            data={years.map(String)}
            value={String(r.year)}
            onChange={(e) => onYear(Number(e.currentTarget.value))}
            w={140}
          />
          {r.example && <ExampleBadge />}
        </Group>
        {r.example && <Text size="sm">{t('catalogue.public.exampleNote')}</Text>}
        <Group gap="lg">
          <Anchor href={feedPath(r.municipality.code, r.year)} type="application/atom+xml">
            {t('catalogue.public.atomLink')}
          </Anchor>
          <Anchor href={jsonPath(r.municipality.code, r.year)} type="application/json">
            {t('catalogue.public.jsonLink')}
          </Anchor>
        </Group>
        {r.items.length === 0 ? (
          <EmptyState>{t('catalogue.public.empty', { year: r.year })}</EmptyState>
        ) : (
          <ScrollTable label={t('catalogue.public.tableLabel', { year: r.year })} minWidth={860}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('catalogue.models.category')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.models.model')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.public.service')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.items.price')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.models.life')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.items.map((m) => (
                  <Table.Tr key={m.id} id={m.id}>
                    <Table.Td>{locale === 'sv' ? m.categoryLabel.sv : m.categoryLabel.en}</Table.Td>
                    <ModelNameCell model={m} />
                    <Table.Td>{m.service?.name ?? t('app.none')}</Table.Td>
                    <Table.Td>
                      {m.prices.length === 0
                        ? t('catalogue.models.noPrice')
                        : m.prices.map((p) => (
                            <Text size="sm" key={`${p.validFrom}-${p.billingModel}`}>
                              <PriceText item={p} />
                              {!(p.validFrom.endsWith('-01-01') && p.validTo.endsWith('-12-31')) && ` (${p.validFrom}–${p.validTo})`}
                            </Text>
                          ))}
                    </Table.Td>
                    <Table.Td>
                      <LifeText months={m.technicalLifeMonths} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </>
  );
}

/** Inside the signed-in app (the shell around it). */
export function PublicModelRangeRoute() {
  const { municipality } = useParams({ from: '/modellutbud/$municipality' });
  const search = useSearch({ from: '/modellutbud/$municipality' });
  const navigate = useNavigate({ from: '/modellutbud/$municipality' });
  return (
    <PublicModelRange
      municipality={municipality}
      year={search.ar}
      onYear={(ar) => void navigate({ search: { ar } satisfies ModelRangeSearch, replace: true })}
    />
  );
}

/** Without signing in: the page on its own, with the language switch and a way to sign in. */
export function PublicModelRangeStandalone({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(yearFromLocation);
  return (
    <>
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <Box component="header" p="md" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between">
          <Text fw={700} size="lg">
            {t('app.name')}
          </Text>
          <Group gap="sm">
            <LanguageSwitch />
            <Anchor href="/">{t('catalogue.public.signIn')}</Anchor>
          </Group>
        </Group>
      </Box>
      <Container component="main" id="main-content" tabIndex={-1} size="lg" py="md">
        <PublicModelRange
          municipality={municipality}
          year={year}
          onYear={(y) => {
            setYear(y);
            window.history.replaceState(null, '', `${window.location.pathname}?ar=${y}`);
          }}
        />
      </Container>
    </>
  );
}
