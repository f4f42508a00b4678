import { Button, Fieldset, Group, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SamdeskForm } from '../../form.ts';
import type { RequiredFields } from '../../forms.ts';
import { useAllUnits } from '../../hooks.ts';
import { useMunicipalities } from '../../session.tsx';
import {
  CONNECTION_KINDS,
  PAYERS,
  SITE_KINDS,
  isConnectionKind,
  isPayer,
  isSiteKind,
  type Payer,
  type Site,
  type SiteInput,
  type SitePatch,
} from '../../sites/model.ts';

/**
 * The fields of a site, shared by "Ny plats" and the change dialog: its municipality (when the
 * user serves both), name, kind and address, the fixed connection, who paid for what, the units working
 * there and a note.
 */
export interface SiteValues {
  municipalityId: string;
  name: string;
  kind: string;
  address: string;
  connectionKind: string;
  connectionOperator: string;
  connectionCapacity: string;
  connectionEstablishedOn: string;
  paidConnection: string;
  paidBuildingNetwork: string;
  paidMaintenance: string;
  unitIds: string[];
  note: string;
}

const FIELDS = [
  'municipalityId',
  'name',
  'kind',
  'address',
  'connectionKind',
  'connectionOperator',
  'connectionCapacity',
  'connectionEstablishedOn',
  'paidConnection',
  'paidBuildingNetwork',
  'paidMaintenance',
  'unitIds',
  'note',
] as const;

/** Where a server problem of the site's body shows in the form (undefined: in the form's alert). */
export function sitePath(field: string): string | undefined {
  if (field.startsWith('unitIds.')) return 'unitIds';
  return (FIELDS as readonly string[]).includes(field) ? field : undefined;
}

export function siteValues(municipalityId: string | null, s?: Site): SiteValues {
  if (!s) {
    return {
      municipalityId: municipalityId ?? '',
      name: '',
      kind: '',
      address: '',
      connectionKind: 'fibre',
      connectionOperator: '',
      connectionCapacity: '',
      connectionEstablishedOn: '',
      paidConnection: 'municipality',
      paidBuildingNetwork: 'municipality',
      paidMaintenance: 'municipality',
      unitIds: [],
      note: '',
    };
  }
  return {
    municipalityId: s.municipality.id,
    name: s.name,
    kind: s.kind,
    address: s.address,
    connectionKind: s.connectionKind,
    connectionOperator: s.connectionOperator,
    connectionCapacity: s.connectionCapacity,
    connectionEstablishedOn: s.connectionEstablishedOn ?? '',
    paidConnection: s.paidConnection,
    paidBuildingNetwork: s.paidBuildingNetwork,
    paidMaintenance: s.paidMaintenance,
    unitIds: s.units.map((u) => u.id),
    note: s.note,
  };
}

const payerOf = (s: string): Payer => (isPayer(s) ? s : 'unknown');

/** The form's values as the API takes them, without the municipality (a change keeps it). */
export function siteBody(v: SiteValues): Omit<SiteInput, 'municipalityId'> & Omit<SitePatch, 'version'> {
  return {
    name: v.name.trim(),
    kind: isSiteKind(v.kind) ? v.kind : 'address',
    address: v.address.trim(),
    connectionKind: isConnectionKind(v.connectionKind) ? v.connectionKind : 'fibre',
    connectionOperator: v.connectionOperator.trim(),
    connectionCapacity: v.connectionCapacity.trim(),
    connectionEstablishedOn: v.connectionEstablishedOn || null,
    paidConnection: payerOf(v.paidConnection),
    paidBuildingNetwork: payerOf(v.paidBuildingNetwork),
    paidMaintenance: payerOf(v.paidMaintenance),
    unitIds: v.unitIds,
    note: v.note.trim(),
  };
}

/** The required fields of the form, named by its labels. */
export function useSiteRequired(chooseMunicipality: boolean): () => RequiredFields<SiteValues> {
  const { t } = useTranslation();
  return () => ({
    ...(chooseMunicipality ? { municipalityId: { label: t('sites.form.municipality'), kind: 'choose' as const } } : {}),
    name: { label: t('sites.form.name') },
    kind: { label: t('sites.form.kind'), kind: 'choose' as const },
    address: { label: t('sites.form.address') },
  });
}

/** The site's fields; `chooseMunicipality` offers the municipality (IT staff serving both, on a new site). */
export function SiteFields({ form, chooseMunicipality }: { form: SamdeskForm<SiteValues>; chooseMunicipality: boolean }) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const v = form.values;
  const payer = (key: 'paidConnection' | 'paidBuildingNetwork' | 'paidMaintenance') => (
    <NativeSelect label={t(`sites.form.${key}`)} data={PAYERS.map((p) => ({ value: p, label: t(`sites.payers.${p}`) }))} {...form.text(key)} />
  );
  return (
    <Stack gap="md">
      {chooseMunicipality && (
        <NativeSelect
          label={t('sites.form.municipality')}
          required
          data={[{ value: '', label: t('sites.form.chooseMunicipality') }, ...(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))]}
          value={v.municipalityId}
          error={form.errors.municipalityId}
          disabled={municipalities.isPending}
          maw={360}
          onChange={(e) => {
            // Units belong to one municipality: the choice starts over with another.
            form.set('municipalityId', e.currentTarget.value);
            form.setValues({ unitIds: [] });
          }}
        />
      )}
      <TextInput label={t('sites.form.name')} description={t('sites.form.nameHelp')} required maxLength={200} {...form.text('name')} />
      <Radio.Group label={t('sites.form.kind')} required value={v.kind} onChange={(k) => form.set('kind', k)} error={form.errors.kind}>
        <Stack gap="xs" mt="xs">
          {SITE_KINDS.map((k) => (
            <Radio key={k} value={k} label={t(`sites.kinds.${k}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <TextInput label={t('sites.form.address')} required maxLength={300} {...form.text('address')} />
      <Fieldset legend={t('sites.form.connection')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('sites.form.connectionKind')}
            data={CONNECTION_KINDS.map((k) => ({ value: k, label: t(`sites.connectionKinds.${k}`) }))}
            {...form.text('connectionKind')}
          />
          <TextInput type="date" label={t('sites.form.establishedOn')} {...form.text('connectionEstablishedOn')} />
          <TextInput label={t('sites.form.operator')} maxLength={200} {...form.text('connectionOperator')} />
          <TextInput label={t('sites.form.capacity')} description={t('sites.form.capacityHelp')} maxLength={100} {...form.text('connectionCapacity')} />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('sites.form.costs')}>
        <Stack gap="sm">
          {payer('paidConnection')}
          {payer('paidBuildingNetwork')}
          {payer('paidMaintenance')}
        </Stack>
      </Fieldset>
      <UnitsField form={form} />
      <Textarea label={t('sites.form.note')} autosize minRows={2} maxLength={5000} {...form.text('note')} />
    </Stack>
  );
}

/**
 * The units at the address: the chosen ones listed, each with its "Ta bort", and one more added from a
 * select of the municipality's active units (a long list stays one field, usable from the keyboard).
 */
function UnitsField({ form }: { form: SamdeskForm<SiteValues> }) {
  const { t } = useTranslation();
  const units = useAllUnits();
  const [adding, setAdding] = useState('');
  const v = form.values;
  const all = units.data?.items ?? [];
  const chosen = v.unitIds.map((id) => all.find((u) => u.id === id) ?? { id, name: id, code: '' });
  const offered = all
    .filter((u) => u.active && u.municipalityId === v.municipalityId && !v.unitIds.includes(u.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const noMunicipality = v.municipalityId === '';
  return (
    <Fieldset legend={t('sites.form.units')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('sites.form.unitsHelp')}
        </Text>
        {chosen.length === 0 ? (
          <Text size="sm">{t('sites.form.noUnits')}</Text>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }} aria-label={t('sites.form.units')}>
            {chosen.map((u) => (
              <li key={u.id}>
                <Group gap="sm" wrap="nowrap" py={2}>
                  <Text size="sm">{u.code ? `${u.name} (${u.code})` : u.name}</Text>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    aria-label={t('sites.form.removeUnit', { unit: u.name })}
                    onClick={() =>
                      form.set(
                        'unitIds',
                        v.unitIds.filter((id) => id !== u.id),
                      )
                    }
                  >
                    {t('sites.form.remove')}
                  </Button>
                </Group>
              </li>
            ))}
          </ul>
        )}
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('sites.form.addUnit')}
            data={[
              { value: '', label: noMunicipality ? t('sites.form.chooseMunicipalityFirst') : t('sites.form.chooseUnit') },
              ...offered.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` })),
            ]}
            value={adding}
            disabled={units.isPending || noMunicipality}
            error={form.errors.unitIds}
            miw={280}
            onChange={(e) => setAdding(e.currentTarget.value)}
          />
          <Button
            variant="default"
            disabled={adding === ''}
            onClick={() => {
              form.set('unitIds', [...v.unitIds, adding]);
              setAdding('');
            }}
          >
            {t('sites.form.add')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
