import { Alert, Button, Group, NativeSelect, Stack, Table, Tabs, Text } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/common.tsx';
import { formatSek } from '../../format.ts';
import { REQUEST_STATES, isRequestState, useRequests, type RequestState, type RequestView } from '../../governance/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import { MONEY } from '../billing/parts.tsx';
import { BacklogTab } from './Backlog.tsx';
import { MunicipalityText, StateBadge, UnitText } from './parts.tsx';

/** The page's tabs, as the address names them. */
const TABS = ['alla', 'mina', 'prioritering'] as const;
export type GovernanceTab = (typeof TABS)[number];

/** The tab and the state filter live in the address, so a list can be bookmarked and shared. */
export interface GovernanceSearch {
  flik?: GovernanceTab;
  status?: RequestState;
}

export function validateGovernanceSearch(search: Record<string, unknown>): GovernanceSearch {
  const out: GovernanceSearch = {};
  const flik = search.flik;
  if (flik === 'alla' || flik === 'mina' || flik === 'prioritering') out.flik = flik;
  if (typeof search.status === 'string' && isRequestState(search.status)) out.status = search.status;
  return out;
}

/**
 * "Utvecklingsärenden" (issue 20, R-8.1): every development request the user may see, those they or
 * their unit raised, and the IT steering group's prioritised backlog. Raising a request and ordering
 * the backlog are the server's to allow (each list's `actions`).
 */
export function GovernancePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can.seesDevelopmentRequests) {
    return (
      <>
        <PageHeader title={t('governance.nav')} />
        <Alert color="red" role="alert">
          <Text>{t('governance.noAccess')}</Text>
        </Alert>
      </>
    );
  }
  return <Governance />;
}

function Governance() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/utveckling' });
  const navigate = useNavigate({ from: '/utveckling' });
  const tab = search.flik ?? 'alla';
  const label: Record<GovernanceTab, string> = {
    alla: t('governance.page.all'),
    mina: t('governance.page.mine'),
    prioritering: t('governance.page.backlog'),
  };
  return (
    <>
      <PageHeader title={t('governance.nav')} intro={t('governance.page.intro')} />
      <Tabs
        value={tab}
        onChange={(v) => {
          const next = TABS.find((x) => x === v);
          if (next) void navigate({ search: (s: GovernanceSearch) => ({ ...s, flik: next === 'alla' ? undefined : next }), replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('governance.page.tabs')}>
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x}>
              {label[x]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="alla" pt="md">
          <RequestsTab view="all" />
        </Tabs.Panel>
        <Tabs.Panel value="mina" pt="md">
          <RequestsTab view="mine" />
        </Tabs.Panel>
        <Tabs.Panel value="prioritering" pt="md">
          <BacklogTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** the requests (all the user may see, or their own and their unit's), newest first, filtered by state. */
function RequestsTab({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const search = useSearch({ from: '/utveckling' });
  const navigate = useNavigate({ from: '/utveckling' });
  const list = useRequests(view, search.status);
  const mayCreate = list.data?.actions.create.allowed === true;
  const empty = search.status
    ? t('governance.page.emptyState', { state: t(`governance.states.${search.status}`) })
    : view === 'all'
      ? mayCreate
        ? t('governance.page.emptyAll')
        : t('governance.page.emptyAllReadOnly')
      : mayCreate
        ? t('governance.page.emptyMine')
        : t('governance.page.emptyMineReadOnly');
  const tableLabel = view === 'all' ? t('governance.page.tableAll') : t('governance.page.tableMine');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('governance.page.state')}
          data={[{ value: '', label: t('governance.page.allStates') }, ...REQUEST_STATES.map((s) => ({ value: s, label: t(`governance.states.${s}`) }))]}
          value={search.status ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            void navigate({ search: (s: GovernanceSearch) => ({ ...s, status: isRequestState(v) ? v : undefined }), replace: true });
          }}
          maw={360}
        />
        {mayCreate && (
          <Button component={Link} to="/utveckling/nytt">
            {t('governance.page.create')}
          </Button>
        )}
      </Group>
      <ListTable
        query={list}
        items={list.data?.items ?? []}
        empty={empty}
        label={tableLabel}
        caption
        minWidth={1100}
        columns={[
          t('governance.page.number'),
          t('governance.page.title'),
          { label: t('governance.page.state'), minWidth: 180 },
          t('governance.page.size'),
          t('governance.page.kind'),
          t('governance.page.municipality'),
          t('governance.page.unit'),
          { label: t('governance.page.cost'), numeric: true, minWidth: 140 },
        ]}
        row={(r) => (
          <Table.Tr key={r.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.number}</Table.Td>
            <Table.Th scope="row" fw="normal">
              <AnchorLink to="/utveckling/$id" params={{ id: r.id }}>
                {r.title}
              </AnchorLink>
            </Table.Th>
            <Table.Td>
              <StateBadge state={r.state} />
            </Table.Td>
            <Table.Td>{t(`governance.sizes.${r.size}`)}</Table.Td>
            <Table.Td>{t(`governance.kinds.${r.kind}`)}</Table.Td>
            <Table.Td>
              <MunicipalityText municipality={r.municipality} />
            </Table.Td>
            <Table.Td>
              <UnitText unit={r.raisedByUnit} />
            </Table.Td>
            <Table.Td {...MONEY}>{formatSek(r.costEstimateOre, locale)}</Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
