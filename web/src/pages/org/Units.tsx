import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { expectedParentLevel, UNIT_LEVELS } from '../../../../src/org/rules.ts';
import { api, qs } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { EmptyState, FormButtons, Loading, PageHeader, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useMunicipalities } from '../../session.tsx';
import type { Municipality, Page, Unit, UnitLevel } from '../../types.ts';

export function UnitsPage() {
  return (
    <RequirePermission permission="administersOrganisation">
      <Units />
    </RequirePermission>
  );
}

function Units() {
  const { t } = useTranslation();
  const [municipalityId, setMunicipalityId] = useState('');
  const [editing, setEditing] = useState<{ kind: 'create' } | { kind: 'edit'; unit: Unit } | null>(null);
  const municipalities = useMunicipalities();
  const municipality = municipalities.data?.items.find((m) => m.id === municipalityId);
  const units = useQuery({
    queryKey: ['units', municipalityId],
    queryFn: ({ signal }) => api.get<Page<Unit>>(`/api/v1/units${qs({ municipalityId })}`, signal),
    enabled: municipalityId !== '',
  });
  return (
    <>
      <PageHeader
        title={t('org.unitsTitle')}
        intro={t('org.unitsIntro')}
        actions={
          <Button onClick={() => setEditing({ kind: 'create' })} disabled={!municipality}>
            {t('org.newUnit')}
          </Button>
        }
      />
      <Stack>
        <MunicipalitySelect value={municipalityId} onChange={setMunicipalityId} />
        {municipalities.isError && <ProblemAlert error={municipalities.error} />}
        {!municipality || units.isPending ? (
          <Loading />
        ) : units.isError ? (
          <ProblemAlert error={units.error} onRetry={() => void units.refetch()} />
        ) : (
          <section aria-labelledby="unit-tree-title">
            <Title order={2} size="h3" id="unit-tree-title" mb="xs">
              {t('org.unitTree', { municipality: municipality.name })}
            </Title>
            {units.data.items.length === 0 ? (
              <EmptyState>{t('org.noUnits')}</EmptyState>
            ) : (
              <UnitTree units={units.data.items} onEdit={(unit) => setEditing({ kind: 'edit', unit })} />
            )}
          </section>
        )}
      </Stack>
      {editing && municipality && units.data && (
        <UnitFormModal mode={editing} municipality={municipality} units={units.data.items} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

function UnitTree({ units, onEdit }: { units: Unit[]; onEdit: (u: Unit) => void }) {
  const children = useMemo(() => {
    const map = new Map<string | null, Unit[]>();
    const ids = new Set(units.map((u) => u.id));
    for (const u of units) {
      const key = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
      map.set(key, [...(map.get(key) ?? []), u]);
    }
    for (const list of map.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    return map;
  }, [units]);
  const render = (parentId: string | null, depth: number) => {
    const list = children.get(parentId) ?? [];
    if (list.length === 0) return null;
    return (
      <ul className={depth === 0 ? 'unit-tree' : undefined}>
        {list.map((u) => (
          <UnitNode key={u.id} unit={u} onEdit={onEdit}>
            {render(u.id, depth + 1)}
          </UnitNode>
        ))}
      </ul>
    );
  };
  return render(null, 0);
}

function UnitNode({ unit, onEdit, children }: { unit: Unit; onEdit: (u: Unit) => void; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <li>
      <Group gap="xs" wrap="nowrap">
        <Badge color={unit.level === 'forvaltning' ? 'blue' : unit.level === 'verksamhet' ? 'teal' : 'gray'} size="sm" miw={96}>
          {t(`levels.${unit.level}`)}
        </Badge>
        <Text fw={unit.level === 'forvaltning' ? 600 : 400}>{unit.name}</Text>
        <Text size="sm" c="dimmed">
          {unit.code}
        </Text>
        {!unit.active && (
          <Badge color="red" size="sm">
            {t('org.inactive')}
          </Badge>
        )}
        <Button variant="subtle" size="compact-sm" onClick={() => onEdit(unit)} aria-label={t('org.editUnit', { name: `${unit.name} (${unit.code})` })}>
          {t('app.edit')}
        </Button>
      </Group>
      {children}
    </li>
  );
}

interface UnitForm {
  level: UnitLevel;
  parentId: string;
  code: string;
  name: string;
  accountingCodes: Record<string, string>;
  active: boolean;
}

function formOf(unit: Unit): UnitForm {
  return {
    level: unit.level,
    parentId: unit.parentId ?? '',
    code: unit.code,
    name: unit.name,
    accountingCodes: { ...unit.accountingCodes },
    active: unit.active,
  };
}

function UnitFormModal({
  mode,
  municipality,
  units,
  onClose,
}: {
  mode: { kind: 'create' } | { kind: 'edit'; unit: Unit };
  municipality: Municipality;
  units: Unit[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(mode.kind === 'edit' ? mode.unit.version : 0);
  const save = useMutation({
    mutationFn: (form: UnitForm) => {
      const accountingCodes = Object.fromEntries(Object.entries(form.accountingCodes).filter(([, v]) => v.trim() !== ''));
      const parentId = form.parentId === '' ? null : form.parentId;
      return mode.kind === 'create'
        ? api.post<Unit>('/api/v1/units', { municipalityId: municipality.id, level: form.level, parentId, code: form.code, name: form.name, accountingCodes })
        : api.patch<Unit>(`/api/v1/units/${mode.unit.id}`, { version, parentId, code: form.code, name: form.name, accountingCodes, active: form.active });
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', message: mode.kind === 'create' ? t('org.unitCreated') : t('org.unitSaved') });
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      onClose();
    },
  });
  const form = useSamdeskForm<UnitForm>({
    initialValues: mode.kind === 'edit' ? formOf(mode.unit) : { level: 'forvaltning', parentId: '', code: '', name: '', accountingCodes: {}, active: true },
    // The required accounting codes are checked under the names the server's problems use.
    required: (values) => ({
      level: { label: t('org.level'), kind: 'choose' },
      ...(expectedParentLevel(values.level) !== null ? { parentId: { label: t('org.parent'), kind: 'choose' } } : {}),
      code: { label: t('org.code') },
      name: { label: t('org.name') },
      ...Object.fromEntries(municipality.accountingFields.filter((f) => f.required).map((f) => [`accountingCodes.${f.key}`, { label: f.label }])),
    }),
    action: save,
  });
  const parentLevel = expectedParentLevel(form.values.level);
  const parents = units
    .filter((u) => u.level === parentLevel && (mode.kind === 'create' || u.id !== mode.unit.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const known = ['level', 'parentId', 'code', 'name', ...municipality.accountingFields.map((f) => `accountingCodes.${f.key}`)];
  const title = mode.kind === 'create' ? t('org.newUnit') : t('org.editUnit', { name: mode.unit.name });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <ProblemAlert error={save.error} knownFields={known} />
          <StaleAlert<Unit>
            error={save.error}
            onReload={(current) => {
              form.setValues(formOf(current));
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: ['units'] });
            }}
          />
          <Text size="sm">
            {t('org.municipality')}: <strong>{municipality.name}</strong>
          </Text>
          <NativeSelect
            label={t('org.level')}
            required
            disabled={mode.kind === 'edit'}
            data={UNIT_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
            {...form.text('level')}
            onChange={(e) => {
              form.setValues({ level: e.currentTarget.value as UnitLevel, parentId: '' });
              form.clear('level', 'parentId');
            }}
          />
          <NativeSelect
            label={t('org.parent')}
            required={parentLevel !== null}
            disabled={parentLevel === null}
            data={
              parentLevel === null
                ? [{ value: '', label: t('org.noParent') }]
                : [{ value: '', label: t('org.chooseParent') }, ...parents.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))]
            }
            {...form.text('parentId')}
          />
          <Group grow align="flex-start">
            <TextInput label={t('org.code')} required {...form.text('code')} maxLength={40} />
            <TextInput label={t('org.name')} required {...form.text('name')} maxLength={200} />
          </Group>
          <fieldset style={{ border: '1px solid #ced4da', borderRadius: 4, padding: '0.75rem' }}>
            <legend style={{ fontWeight: 600, padding: '0 0.25rem' }}>{t('org.accountingCodes')}</legend>
            <Stack gap="xs">
              {municipality.accountingFields.map((f) => (
                <TextInput
                  key={f.key}
                  label={f.label}
                  required={f.required}
                  description={f.pattern ? t('org.patternHint', { pattern: f.pattern }) : undefined}
                  value={form.values.accountingCodes[f.key] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    form.setValues((cur) => ({ accountingCodes: { ...cur.accountingCodes, [f.key]: value } }));
                    form.clear(`accountingCodes.${f.key}`);
                  }}
                  error={form.errors[`accountingCodes.${f.key}`]}
                  maxLength={40}
                />
              ))}
            </Stack>
          </fieldset>
          {mode.kind === 'edit' && <Checkbox label={t('org.active')} {...form.checkbox('active')} />}
          <FormButtons submitLabel={mode.kind === 'create' ? t('app.create') : t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
