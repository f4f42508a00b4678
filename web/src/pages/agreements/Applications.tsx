import { Button, Group, NativeSelect, Table, TextInput } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import {
  APPLICATION_KINDS,
  APPLICATION_STATUSES,
  currentYear,
  isApplicationKind,
  isApplicationStatus,
  useApplications,
  type ApplicationKind,
  type ApplicationStatus,
} from '../../agreements/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListPage } from '../../components/ListPage.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { formatSek } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';
import { MONEY, useMunicipalityName } from '../billing/parts.tsx';
import { ApplicationStatusBadge, NextReview } from './parts.tsx';

/** The list's filters live in the address, so a filtered register can be bookmarked and shared. */
export interface ApplicationsSearch {
  kommun?: string;
  status?: ApplicationStatus;
  typ?: ApplicationKind;
  sok?: string;
  ar?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateApplicationsSearch(search: Record<string, unknown>): ApplicationsSearch {
  const out: ApplicationsSearch = {};
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.status === 'string' && isApplicationStatus(search.status)) out.status = search.status;
  if (typeof search.typ === 'string' && isApplicationKind(search.typ)) out.typ = search.typ;
  if (typeof search.sok === 'string' && search.sok.trim() !== '') out.sok = search.sok.slice(0, 100);
  const year = Number(search.ar);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) out.ar = year;
  return out;
}

/**
 * "Applikationer" (issue 18, R-7.1, R-7.2): the applications IT runs that the user may read — IT and
 * finance every one in their municipality, a unit manager those their units pay for — with
 * municipality, kind, status, the yearly cost under the year's cost model and the next yearly review
 * (marked when due or overdue). "Ny applikation" only when the server's answer allows it.
 */
export function ApplicationsPage() {
  // The menu shows the page from the session's permission; the answer itself is the reader's share (a system owner's own, say).
  return <Applications />;
}

function Applications() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const search = useSearch({ from: '/applikationer' });
  const navigate = useNavigate({ from: '/applikationer' });
  const spansBoth = user.municipalityId === null;
  const list = useApplications(search.ar, spansBoth ? search.kommun : undefined);
  const municipalityName = useMunicipalityName();
  const year = list.data?.year ?? search.ar ?? currentYear();
  const create = list.data?.actions.create;

  const set = (patch: Partial<ApplicationsSearch>) => void navigate({ search: (s: ApplicationsSearch) => ({ ...s, ...patch }), replace: true });
  const needle = (search.sok ?? '').trim().toLocaleLowerCase('sv');
  const items = (list.data?.items ?? []).filter(
    (a) =>
      (!search.status || a.status === search.status) &&
      (!search.typ || a.kind === search.typ) &&
      (needle === '' || a.name.toLocaleLowerCase('sv').includes(needle)),
  );
  const filtered = Boolean(search.status || search.typ || needle);
  const now = currentYear();
  const years = [...new Set([now - 1, now, now + 1, year])].sort();

  return (
    <ListPage
      title={t('agreements.list.title')}
      intro={user.can.readsAllAgreements ? t('agreements.list.intro') : t('agreements.list.introOwn')}
      actions={
        create?.allowed ? (
          <Button component={Link} to="/applikationer/ny">
            {t('agreements.list.new')}
          </Button>
        ) : undefined
      }
      filters={
        <Group align="flex-end" wrap="wrap">
          {spansBoth && (
            <MunicipalitySelect
              allowAll
              label={t('agreements.list.municipality')}
              value={search.kommun ?? ''}
              onChange={(id) => set({ kommun: id || undefined })}
            />
          )}
          <NativeSelect
            label={t('agreements.list.status')}
            data={[
              { value: '', label: t('agreements.list.allStatuses') },
              ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`agreements.statuses.${s}`) })),
            ]}
            value={search.status ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ status: isApplicationStatus(v) ? v : undefined });
            }}
          />
          <NativeSelect
            label={t('agreements.list.kind')}
            data={[{ value: '', label: t('agreements.list.allKinds') }, ...APPLICATION_KINDS.map((k) => ({ value: k, label: t(`agreements.kinds.${k}`) }))]}
            value={search.typ ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ typ: isApplicationKind(v) ? v : undefined });
            }}
          />
          <NativeSelect
            label={t('agreements.list.year')}
            data={years.map((y) => ({ value: String(y), label: String(y) }))}
            value={String(year)}
            onChange={(e) => {
              const v = Number(e.currentTarget.value);
              set({ ar: v === now ? undefined : v });
            }}
          />
          <TextInput
            type="search"
            label={t('agreements.list.search')}
            maxLength={100}
            maw={280}
            value={search.sok ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set({ sok: v || undefined });
            }}
          />
        </Group>
      }
      query={list}
      items={items}
      empty={filtered ? t('agreements.list.noMatch') : user.can.readsAllAgreements ? t('agreements.list.empty') : t('agreements.list.emptyOwn')}
      label={t('agreements.list.tableLabel')}
      caption
      minWidth={900}
      columns={[
        t('agreements.list.name'),
        spansBoth && t('agreements.list.municipality'),
        t('agreements.list.kind'),
        t('agreements.list.status'),
        { label: t('agreements.list.cost', { year }), numeric: true },
        { label: t('agreements.list.nextReview'), minWidth: 200 },
      ]}
      row={(a) => (
        <Table.Tr key={a.id}>
          <Table.Th scope="row" fw="normal">
            <AnchorLink to="/applikationer/$id" params={{ id: a.id }} search={search.ar ? { ar: search.ar } : {}}>
              {a.name}
            </AnchorLink>
          </Table.Th>
          {spansBoth && <Table.Td>{municipalityName(a.municipalityId)}</Table.Td>}
          <Table.Td>{t(`agreements.kinds.${a.kind}`)}</Table.Td>
          <Table.Td>
            <ApplicationStatusBadge status={a.status} />
          </Table.Td>
          <Table.Td {...MONEY}>{formatSek(a.yearlyCostOre, locale)}</Table.Td>
          <Table.Td>
            <NextReview on={a.nextReviewOn} state={a.reviewState} />
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
