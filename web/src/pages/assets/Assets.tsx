import { Button, Group, NativeSelect, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ListPage } from '../../components/ListPage.tsx';
import {
  ASSET_STATUSES,
  DEVICE_TYPES,
  isAssetStatus,
  isDeviceType,
  readsWholeRegister,
  searchesPeople,
  useAssetList,
  type AssetFilters,
  type AssetStatus,
  type DeviceType,
} from '../../assets/model.ts';
import { formatDate } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { AssetStatusBadge, PersonPicker, UnitSelect } from './parts.tsx';

/** The register's filters live in the address, so a filtered list can be bookmarked and shared. */
export interface AssetsSearch {
  kommun?: string;
  enhet?: string;
  typ?: DeviceType;
  status?: AssetStatus;
  serie?: string;
  innehavare?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAssetsSearch(search: Record<string, unknown>): AssetsSearch {
  const out: AssetsSearch = {};
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.enhet === 'string' && UUID.test(search.enhet)) out.enhet = search.enhet;
  if (typeof search.typ === 'string' && isDeviceType(search.typ)) out.typ = search.typ;
  if (typeof search.status === 'string' && isAssetStatus(search.status)) out.status = search.status;
  if (typeof search.serie === 'string' && search.serie.trim() !== '') out.serie = search.serie.slice(0, 64);
  if (typeof search.innehavare === 'string' && UUID.test(search.innehavare)) out.innehavare = search.innehavare;
  return out;
}

/**
 * "Inventarier" (issue 7, R-5.1): IT's register (administrators, agents and finance see the
 * municipality, IT spanning both sees both), a unit manager their units', anyone else their own;
 * filters, keyset pages by serial, each row links to the asset.
 */
export function AssetsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/inventarier' });
  const navigate = useNavigate({ from: '/inventarier' });
  const whole = readsWholeRegister(user);
  const managesUnits = user.can.managesUnits;
  const filtersUnits = whole || managesUnits;
  const spansBoth = user.municipalityId === null && whole;
  const municipalityId = spansBoth ? search.kommun : (user.municipalityId ?? undefined);
  const set = (patch: Partial<AssetsSearch>) => void navigate({ search: (s: AssetsSearch) => ({ ...s, ...patch }), replace: true });

  // The serial prefix is typed; the address (and the query) follows once typing pauses.
  const [serial, setSerial] = useState(search.serie ?? '');
  const [debouncedSerial] = useDebouncedValue(serial.trim(), 300);
  useEffect(() => {
    if (debouncedSerial !== (search.serie ?? '')) set({ serie: debouncedSerial || undefined });
    // Only when the typed prefix settles; `set` and the address are read fresh then.
  }, [debouncedSerial]);

  const filters: AssetFilters = {
    municipalityId: spansBoth ? search.kommun : undefined,
    unitId: filtersUnits ? search.enhet : undefined,
    deviceType: search.typ,
    status: search.status,
    serial: search.serie,
    holderPersonId: search.innehavare,
  };
  const list = useAssetList(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const intro = whole ? t('assets.list.introWhole') : managesUnits ? t('assets.list.introUnits') : t('assets.list.introOwn');

  return (
    <ListPage
      title={t('assets.list.title')}
      intro={intro}
      filters={
        <>
          <Group align="flex-end" wrap="wrap" role="group" aria-label={t('assets.list.filters')}>
            {spansBoth && (
              <MunicipalitySelect
                allowAll
                value={search.kommun ?? ''}
                onChange={(id) => set({ kommun: id || undefined, enhet: undefined, innehavare: undefined })}
              />
            )}
            {filtersUnits && (
              <UnitSelect
                municipalityId={municipalityId}
                label={t('assets.unit')}
                emptyLabel={t('assets.allUnits')}
                value={search.enhet ?? ''}
                onChange={(id) => set({ enhet: id || undefined })}
              />
            )}
            <NativeSelect
              label={t('assets.type')}
              data={[{ value: '', label: t('assets.anyType') }, ...DEVICE_TYPES.map((d) => ({ value: d, label: t(`assets.types.${d}`) }))]}
              value={search.typ ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                set({ typ: isDeviceType(v) ? v : undefined });
              }}
            />
            <NativeSelect
              label={t('assets.status')}
              data={[{ value: '', label: t('assets.anyStatus') }, ...ASSET_STATUSES.map((s) => ({ value: s, label: t(`assets.statuses.${s}`) }))]}
              value={search.status ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                set({ status: isAssetStatus(v) ? v : undefined });
              }}
            />
            <TextInput
              label={t('assets.list.serialPrefix')}
              type="search"
              maxLength={64}
              value={serial}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setSerial(v);
              }}
            />
            {filtered && (
              <Button
                variant="subtle"
                onClick={() => {
                  setSerial('');
                  void navigate({ search: {}, replace: true });
                }}
              >
                {t('assets.list.clear')}
              </Button>
            )}
          </Group>
          {filtersUnits && searchesPeople(user) && (
            <div style={{ maxWidth: 720 }}>
              <PersonPicker
                municipalityId={municipalityId}
                value={search.innehavare ?? ''}
                onChange={(id) => set({ innehavare: id || undefined })}
                label={t('assets.holder')}
                searchLabel={t('assets.list.holderSearch')}
                searchHelp={t('assets.list.holderSearchHelp')}
                noneLabel={t('assets.list.anyHolder')}
              />
            </div>
          )}
        </>
      }
      query={list}
      items={items}
      empty={filtered ? t('assets.list.emptyFiltered') : t('assets.list.empty')}
      label={t('assets.list.tableLabel')}
      minWidth={960}
      columns={[t('assets.serial'), t('assets.model'), t('assets.type'), t('assets.unit'), t('assets.holder'), t('assets.status'), t('assets.renewalOn')]}
      row={(a) => (
        <Table.Tr key={a.id}>
          <Table.Th scope="row" fw="normal" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            <AnchorLink to="/inventarier/$id" params={{ id: a.id }}>
              {a.serial}
            </AnchorLink>
          </Table.Th>
          <Table.Td>{a.model}</Table.Td>
          <Table.Td>{t(`assets.types.${a.deviceType}`, { defaultValue: a.deviceType })}</Table.Td>
          <Table.Td>{a.unitName}</Table.Td>
          <Table.Td>{a.holderName ?? t('app.none')}</Table.Td>
          <Table.Td>{isAssetStatus(a.status) ? <AssetStatusBadge status={a.status} /> : a.status}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.renewalOn ? formatDate(a.renewalOn) : t('app.none')}</Table.Td>
        </Table.Tr>
      )}
      more={list}
    />
  );
}
