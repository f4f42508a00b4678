import { Checkbox, NativeSelect, Radio, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IT_ROLES } from '../../../../src/platform/access.ts';
import type { SamdeskForm } from '../../form.ts';
import type { RequiredFields } from '../../forms.ts';
import { kronorInput, parseKronor } from '../../format.ts';
import { REQUEST_KINDS, REQUEST_SIZES, SERVICE_EFFECTS, stockholmToday, type DevelopmentRequest, type RequestInput } from '../../governance/model.ts';
import { useAllUnits } from '../../hooks.ts';
import { useMunicipalities } from '../../session.tsx';
import type { SessionUser } from '../../types.ts';

/**
 * The fields of a development request, shared by "Nytt utvecklingsärende" and the change
 * dialog: what, its benefit and cost (kronor typed, öre sent), its size and kind, whom it concerns and
 * which unit raises it, a change to the mission (with its year) and what it does to the services.
 */
export interface RequestValues {
  title: string;
  description: string;
  benefit: string;
  /** Kronor as typed ("450 000"); öre on the wire. */
  cost: string;
  size: string;
  kind: string;
  /** '' = both municipalities. */
  municipalityId: string;
  /** '' = the IT unit (IT staff), or not chosen yet (a manager). */
  raisedByUnitId: string;
  changesMission: boolean;
  missionYear: string;
  serviceEffect: string;
  serviceName: string;
}

const FIELDS = [
  'title',
  'description',
  'benefit',
  'size',
  'kind',
  'municipalityId',
  'raisedByUnitId',
  'changesMission',
  'missionYear',
  'serviceEffect',
  'serviceName',
] as const;

/** Where a server problem of the request's body shows in the form (undefined: in the form's alert). */
export function requestPath(field: string): string | undefined {
  if (field === 'costEstimateOre') return 'cost';
  return (FIELDS as readonly string[]).includes(field) ? field : undefined;
}

/**
 * Whether the form offers "It-enheten" as the raising unit: IT staff raise requests for the IT unit
 * itself, a manager for a unit they manage. Only which choices are offered; the server judges the unit.
 */
export const offersItUnit = (user: SessionUser): boolean => user.roles.some((r) => IT_ROLES.includes(r));

export function requestValues(user: SessionUser, r?: DevelopmentRequest): RequestValues {
  if (!r) {
    return {
      title: '',
      description: '',
      benefit: '',
      cost: '',
      size: '',
      kind: 'change',
      municipalityId: user.municipalityId ?? '',
      raisedByUnitId: '',
      changesMission: false,
      missionYear: '',
      serviceEffect: 'none',
      serviceName: '',
    };
  }
  return {
    title: r.title,
    description: r.description,
    benefit: r.benefit,
    cost: kronorInput(r.costEstimateOre),
    size: r.size,
    kind: r.kind,
    municipalityId: r.municipality?.id ?? '',
    raisedByUnitId: r.raisedByUnit?.id ?? '',
    changesMission: r.changesMission,
    missionYear: r.missionYear === null ? '' : String(r.missionYear),
    serviceEffect: r.serviceEffect,
    serviceName: r.serviceName ?? '',
  };
}

const sizeOf = (s: string) => REQUEST_SIZES.find((x) => x === s) ?? 'small';
const kindOf = (s: string) => REQUEST_KINDS.find((x) => x === s) ?? 'change';
const effectOf = (s: string) => SERVICE_EFFECTS.find((x) => x === s) ?? 'none';

/** The form's values as the API takes them (the kronor are checked before: see `requestChecks`). */
export function requestBody(v: RequestValues): RequestInput {
  const effect = effectOf(v.serviceEffect);
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    benefit: v.benefit.trim(),
    costEstimateOre: parseKronor(v.cost) ?? 0,
    size: sizeOf(v.size),
    kind: kindOf(v.kind),
    municipalityId: v.municipalityId || null,
    raisedByUnitId: v.raisedByUnitId || null,
    changesMission: v.changesMission,
    missionYear: v.changesMission && v.missionYear ? Number(v.missionYear) : null,
    serviceEffect: effect,
    serviceName: effect === 'none' ? null : v.serviceName.trim(),
  };
}

/** The required fields of the form, named by its labels. */
export function useRequestRequired(user: SessionUser): (v: RequestValues) => RequiredFields<RequestValues> {
  const { t } = useTranslation();
  const it = offersItUnit(user);
  return (v) => ({
    title: { label: t('governance.form.rubrik') },
    description: { label: t('governance.form.description') },
    benefit: { label: t('governance.form.benefit') },
    cost: { label: t('governance.form.cost') },
    size: { label: t('governance.form.size'), kind: 'choose' },
    ...(it ? {} : { raisedByUnitId: { label: t('governance.form.unit'), kind: 'choose' } }),
    ...(v.changesMission ? { missionYear: { label: t('governance.form.missionYear'), kind: 'choose' } } : {}),
    ...(v.serviceEffect !== 'none' ? { serviceName: { label: t('governance.form.serviceName') } } : {}),
  });
}

/** What the form sees before sending: an amount that is not kronor. */
export function useRequestChecks(): (v: RequestValues) => Record<string, string> {
  const { t } = useTranslation();
  return (v): Record<string, string> => (v.cost.trim() !== '' && parseKronor(v.cost) === null ? { cost: t('governance.form.costInvalid') } : {});
}

/** The request's fields: what, the decision it needs, whom it concerns. */
export function RequestFields({ form, user }: { form: SamdeskForm<RequestValues>; user: SessionUser }) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const units = useAllUnits();
  const v = form.values;
  const it = offersItUnit(user);
  const municipalityItems = municipalities.data?.items ?? [];
  const shownUnits = (units.data?.items ?? [])
    .filter((u) => (u.active || u.id === v.raisedByUnitId) && (!v.municipalityId || u.municipalityId === v.municipalityId))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const unitOption = (u: { id: string; name: string }) => ({ value: u.id, label: u.name });
  // Units of both municipalities are grouped under each municipality's name.
  const grouped = !v.municipalityId && municipalityItems.length > 1;
  const unitData = [
    { value: '', label: it ? t('governance.itUnit') : t('governance.form.chooseUnit') },
    ...(grouped
      ? municipalityItems
          .map((m) => ({ group: m.name, items: shownUnits.filter((u) => u.municipalityId === m.id).map(unitOption) }))
          .filter((g) => g.items.length > 0)
      : shownUnits.map(unitOption)),
  ];
  const thisYear = Number(stockholmToday().slice(0, 4));
  const years = [...new Set([...Array.from({ length: 6 }, (_, i) => String(thisYear + i)), ...(v.missionYear ? [v.missionYear] : [])])].sort();
  return (
    <Stack gap="md">
      <TextInput label={t('governance.form.rubrik')} required maxLength={200} {...form.text('title')} />
      <Textarea
        label={t('governance.form.description')}
        description={t('governance.form.descriptionHelp')}
        required
        autosize
        minRows={3}
        maxLength={10_000}
        {...form.text('description')}
      />
      <Textarea
        label={t('governance.form.benefit')}
        description={t('governance.form.benefitHelp')}
        required
        autosize
        minRows={2}
        maxLength={5000}
        {...form.text('benefit')}
      />
      <TextInput label={t('governance.form.cost')} description={t('governance.form.costHelp')} required inputMode="decimal" maw={260} {...form.text('cost')} />
      <Radio.Group label={t('governance.form.size')} required value={v.size} onChange={(s) => form.set('size', s)} error={form.errors.size}>
        <Stack gap="xs" mt="xs">
          {REQUEST_SIZES.map((s) => (
            <Radio key={s} value={s} label={t(`governance.sizeChoices.${s}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Radio.Group label={t('governance.form.kind')} required value={v.kind} onChange={(k) => form.set('kind', k)} error={form.errors.kind}>
        <Stack gap="xs" mt="xs">
          {REQUEST_KINDS.map((k) => (
            <Radio key={k} value={k} label={t(`governance.kindChoices.${k}`)} description={t(`governance.kindHelp.${k}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <NativeSelect
        label={t('governance.form.municipality')}
        description={t('governance.form.municipalityHelp')}
        data={[{ value: '', label: t('governance.bothMunicipalities') }, ...municipalityItems.map((m) => ({ value: m.id, label: m.name }))]}
        value={v.municipalityId}
        error={form.errors.municipalityId}
        disabled={municipalities.isPending}
        maw={360}
        onChange={(e) => {
          const municipalityId = e.currentTarget.value;
          // A unit of the other municipality no longer fits: the choice starts over.
          const unit = units.data?.items.find((u) => u.id === v.raisedByUnitId);
          const keep = !municipalityId || !unit || unit.municipalityId === municipalityId;
          form.set('municipalityId', municipalityId);
          if (!keep) form.set('raisedByUnitId', '');
        }}
      />
      <NativeSelect
        label={t('governance.form.unit')}
        description={it ? t('governance.form.unitHelpIt') : t('governance.form.unitHelp')}
        required={!it}
        data={unitData}
        value={v.raisedByUnitId}
        error={form.errors.raisedByUnitId}
        disabled={units.isPending}
        maw={360}
        onChange={(e) => form.set('raisedByUnitId', e.currentTarget.value)}
      />
      <Checkbox label={t('governance.form.changesMission')} description={t('governance.form.changesMissionHelp')} {...form.checkbox('changesMission')} />
      {v.changesMission && (
        <NativeSelect
          label={t('governance.form.missionYear')}
          required
          data={[{ value: '', label: t('governance.form.chooseYear') }, ...years.map((y) => ({ value: y, label: y }))]}
          maw={200}
          {...form.text('missionYear')}
        />
      )}
      <Radio.Group
        label={t('governance.form.serviceEffect')}
        description={t('governance.form.serviceEffectHelp')}
        value={v.serviceEffect}
        onChange={(s) => form.set('serviceEffect', s)}
        error={form.errors.serviceEffect}
      >
        <Stack gap="xs" mt="xs">
          {SERVICE_EFFECTS.map((s) => (
            <Radio key={s} value={s} label={t(`governance.serviceEffects.${s}`)} />
          ))}
        </Stack>
      </Radio.Group>
      {v.serviceEffect !== 'none' && (
        <TextInput
          label={t('governance.form.serviceName')}
          description={t('governance.form.serviceNameHelp')}
          required
          maxLength={200}
          {...form.text('serviceName')}
        />
      )}
    </Stack>
  );
}
