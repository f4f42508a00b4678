import { Alert, Anchor, Button, Group, NativeSelect, Stack, Table, Tabs, Text } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { Loading, PageHeader } from '../../components/common.tsx';
import { formatDate } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { SITE_KINDS, capitalised, isSiteKind, shortfallsXlsxHref, useSites, type SiteKind, type SiteSummary } from '../../sites/model.ts';
import { ShortfallList } from './parts.tsx';

/** The page's tabs, as the address names them. */
const TABS = ['alla', 'brister'] as const;
export type SitesTab = (typeof TABS)[number];

/** The tab and the filters live in the address, so a list can be bookmarked and shared. */
export interface SitesSearch {
  flik?: SitesTab;
  kommun?: string;
  typ?: SiteKind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateSitesSearch(search: Record<string, unknown>): SitesSearch {
  const out: SitesSearch = {};
  if (search.flik === 'alla' || search.flik === 'brister') out.flik = search.flik;
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.typ === 'string' && isSiteKind(search.typ)) out.typ = search.typ;
  return out;
}

/**
 * "Platser och nät" (issue 22, R-12.1, R-12.4): every site the user sees — its kind, address,
 * connection and units — and, under "Brister", those that fall short of their kind's requirement today
 * with the reason for each, also as a workbook. Registering a site is the server's to allow.
 */
export function SitesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can.seesSites) {
    return (
      <>
        <PageHeader title={t('sites.nav.sites')} />
        <Alert color="red" role="alert">
          <Text>{t('sites.list.noAccess')}</Text>
        </Alert>
      </>
    );
  }
  return <Sites />;
}

function Sites() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/platser' });
  const navigate = useNavigate({ from: '/platser' });
  const tab = search.flik ?? 'alla';
  const shortfallsOnly = tab === 'brister';
  const list = useSites(search.kommun, search.typ, shortfallsOnly);
  const mayCreate = list.data?.actions.create.allowed === true;
  const filtered = search.kommun !== undefined || search.typ !== undefined;
  const label: Record<SitesTab, string> = { alla: t('sites.list.all'), brister: t('sites.list.shortfalls') };
  // Another choice's sites are not shown as this one's while it loads.
  const table = list.isPlaceholderData ? (
    <Loading />
  ) : (
    <SiteTable
      list={list}
      items={list.data?.items ?? []}
      label={shortfallsOnly ? t('sites.list.tableShortfalls') : t('sites.list.tableAll')}
      empty={shortfallsOnly ? t('sites.list.emptyShortfalls') : filtered ? t('sites.list.emptyFiltered') : t('sites.list.empty')}
      showMunicipality={user.municipalityId === null}
    />
  );
  return (
    <>
      <PageHeader
        title={t('sites.nav.sites')}
        intro={t('sites.list.intro')}
        actions={
          mayCreate && (
            <Button component={Link} to="/platser/ny">
              {t('sites.list.create')}
            </Button>
          )
        }
      />
      <Stack>
        <Group align="flex-end" wrap="wrap">
          {user.municipalityId === null && (
            <MunicipalitySelect
              allowAll
              label={t('sites.list.municipality')}
              value={search.kommun ?? ''}
              onChange={(id) => void navigate({ search: (s: SitesSearch) => ({ ...s, kommun: id || undefined }), replace: true })}
            />
          )}
          <NativeSelect
            label={t('sites.list.kind')}
            data={[{ value: '', label: t('sites.list.allKinds') }, ...SITE_KINDS.map((k) => ({ value: k, label: t(`sites.kinds.${k}`) }))]}
            value={search.typ ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              void navigate({ search: (s: SitesSearch) => ({ ...s, typ: isSiteKind(v) ? v : undefined }), replace: true });
            }}
            maw={280}
          />
        </Group>
        <Tabs
          value={tab}
          onChange={(v) => {
            const next = TABS.find((x) => x === v);
            if (next) void navigate({ search: (s: SitesSearch) => ({ ...s, flik: next === 'alla' ? undefined : next }), replace: true });
          }}
          keepMounted={false}
        >
          <Tabs.List aria-label={t('sites.list.tabs')}>
            {TABS.map((x) => (
              <Tabs.Tab key={x} value={x}>
                {label[x]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="alla" pt="md">
            {table}
          </Tabs.Panel>
          <Tabs.Panel value="brister" pt="md">
            <Stack>
              <Group justify="space-between" align="flex-start" wrap="wrap">
                {list.data && <Text>{t('sites.list.shortfallsIntro', { date: formatDate(list.data.asOf) })}</Text>}
                <Anchor href={shortfallsXlsxHref(search.kommun, search.typ)} download>
                  {t('sites.list.download')}
                </Anchor>
              </Group>
              {table}
            </Stack>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}

function SiteTable({
  list,
  items,
  label,
  empty,
  showMunicipality,
}: {
  list: ReturnType<typeof useSites>;
  items: SiteSummary[];
  label: string;
  empty: string;
  showMunicipality: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ListTable
      query={list}
      items={items}
      empty={empty}
      label={label}
      caption
      minWidth={900}
      columns={[
        t('sites.list.name'),
        t('sites.list.kind'),
        t('sites.list.address'),
        showMunicipality && t('sites.list.municipality'),
        t('sites.list.connection'),
        t('sites.list.units'),
        { label: t('sites.list.shortfallsColumn'), minWidth: 280 },
      ]}
      row={(s) => (
        <Table.Tr key={s.id}>
          <Table.Th scope="row" fw="normal">
            <AnchorLink to="/platser/$id" params={{ id: s.id }}>
              {s.name}
            </AnchorLink>
          </Table.Th>
          <Table.Td>{t(`sites.kinds.${s.kind}`)}</Table.Td>
          <Table.Td>{s.address}</Table.Td>
          {showMunicipality && <Table.Td>{s.municipality.name}</Table.Td>}
          <Table.Td>{capitalised(s.connectionText)}</Table.Td>
          <Table.Td>{s.units.length === 0 ? t('app.none') : s.units.map((u) => u.name).join(', ')}</Table.Td>
          <Table.Td>
            <ShortfallList shortfalls={s.shortfalls} none={t('sites.list.none')} />
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
