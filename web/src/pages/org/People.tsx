import { Badge, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { FormButtons, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useAllUnits, useMission } from '../../hooks.ts';
import { useMunicipalities, useSession } from '../../session.tsx';
import type { Person, Unit } from '../../types.ts';

const PAGE_SIZE = 50;

export function PeoplePage() {
  return (
    <RequirePermission permission="administersOrganisation">
      <People />
    </RequirePermission>
  );
}

function People() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [municipalityId, setMunicipalityId] = useState('');
  const [editing, setEditing] = useState<{ kind: 'create' } | { kind: 'edit'; person: Person } | null>(null);
  const mission = useMission();
  const units = useAllUnits();
  const municipalities = useMunicipalities();
  const people = useInfiniteQuery({
    queryKey: ['people', { q: debouncedQ, municipalityId }],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: Person[]; nextCursor: string | null }>(
        `/api/v1/people${qs({ q: debouncedQ, municipalityId, limit: PAGE_SIZE, cursor: pageParam })}`,
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = people.data?.pages.flatMap((p) => p.items) ?? [];
  const unitName = (id: string | null) => (id ? (units.data?.items.find((u) => u.id === id)?.name ?? t('app.none')) : t('app.none'));
  const roleLabel = (code: string) => mission.data?.document.people.personRoles.find((r) => r.code === code)?.label ?? code;
  const categoryLabel = (code: string | null) =>
    code ? (mission.data?.document.people.staffCategories.find((c) => c.code === code)?.label ?? code) : t('app.none');
  const municipalityName = (id: string) => municipalities.data?.items.find((m) => m.id === id)?.name ?? '';
  const showMunicipality = user.municipalityId === null;

  return (
    <>
      <ListPage
        title={t('org.peopleTitle')}
        intro={t('org.peopleIntro')}
        actions={<Button onClick={() => setEditing({ kind: 'create' })}>{t('org.newPerson')}</Button>}
        filters={
          <Group align="flex-end" role="search" aria-label={t('org.search')}>
            <TextInput
              label={t('org.search')}
              description={t('org.searchHint')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={320}
              maxLength={100}
            />
            <MunicipalitySelect value={municipalityId} onChange={setMunicipalityId} allowAll={showMunicipality} />
          </Group>
        }
        query={people}
        items={rows}
        empty={t('org.noPeople')}
        label={t('org.peopleTitle')}
        caption
        minWidth={800}
        columns={[
          t('org.name'),
          t('org.email'),
          t('org.personRole'),
          t('org.staffCategory'),
          t('org.unit'),
          showMunicipality && t('org.municipality'),
          t('org.status'),
          t('app.actions'),
        ]}
        row={(p) => (
          <Table.Tr key={p.id}>
            <Table.Td>
              {p.lastName}, {p.firstName}
              {p.protectedIdentity && (
                <Badge color="red" size="xs" ml="xs">
                  {t('org.protectedIdentity')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{p.email ?? t('app.none')}</Table.Td>
            <Table.Td>{roleLabel(p.personRole)}</Table.Td>
            <Table.Td>{categoryLabel(p.staffCategory)}</Table.Td>
            <Table.Td>{unitName(p.unitId)}</Table.Td>
            {showMunicipality && <Table.Td>{municipalityName(p.municipalityId)}</Table.Td>}
            <Table.Td>{p.active ? t('org.active') : <Badge color="gray">{t('org.inactive')}</Badge>}</Table.Td>
            <Table.Td>
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => setEditing({ kind: 'edit', person: p })}
                aria-label={t('org.editPerson', { name: `${p.firstName} ${p.lastName}` })}
              >
                {t('app.edit')}
              </Button>
            </Table.Td>
          </Table.Tr>
        )}
        more={people}
        count={t('org.peopleCount', { count: rows.length })}
      />
      {editing && <PersonFormModal mode={editing} units={units.data?.items ?? []} defaultMunicipalityId={municipalityId} onClose={() => setEditing(null)} />}
    </>
  );
}

interface PersonForm {
  municipalityId: string;
  unitId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  personRole: string;
  staffCategory: string;
  protectedIdentity: boolean;
  active: boolean;
}

function formOf(p: Person): PersonForm {
  return {
    municipalityId: p.municipalityId,
    unitId: p.unitId ?? '',
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email ?? '',
    phone: p.phone ?? '',
    personRole: p.personRole,
    staffCategory: p.staffCategory ?? '',
    protectedIdentity: p.protectedIdentity,
    active: p.active,
  };
}

const LEVEL_INDENT: Record<Unit['level'], string> = { forvaltning: '', verksamhet: '\u00a0\u00a0', enhet: '\u00a0\u00a0\u00a0\u00a0' };

/** Units of one municipality in tree order, indented by level, for a native select. */
function unitOptions(units: Unit[], municipalityId: string): { value: string; label: string }[] {
  const mine = units.filter((u) => u.municipalityId === municipalityId);
  const out: { value: string; label: string }[] = [];
  const walk = (parentId: string | null) => {
    for (const u of mine.filter((x) => x.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name, 'sv'))) {
      out.push({ value: u.id, label: `${LEVEL_INDENT[u.level]}${u.name} (${u.code})` });
      walk(u.id);
    }
  };
  walk(null);
  return out;
}

function PersonFormModal({
  mode,
  units,
  defaultMunicipalityId,
  onClose,
}: {
  mode: { kind: 'create' } | { kind: 'edit'; person: Person };
  units: Unit[];
  defaultMunicipalityId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mission = useMission();
  const [version, setVersion] = useState(mode.kind === 'edit' ? mode.person.version : 0);
  const nullable = (s: string) => (s.trim() === '' ? null : s.trim());
  const save = useMutation({
    mutationFn: (form: PersonForm) => {
      const fields = {
        unitId: nullable(form.unitId),
        firstName: form.firstName,
        lastName: form.lastName,
        email: nullable(form.email),
        phone: nullable(form.phone),
        personRole: form.personRole,
        staffCategory: nullable(form.staffCategory),
        protectedIdentity: form.protectedIdentity,
      };
      return mode.kind === 'create'
        ? api.post<Person>('/api/v1/people', { municipalityId: form.municipalityId, ...fields })
        : api.patch<Person>(`/api/v1/people/${mode.person.id}`, { version, ...fields, active: form.active });
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', message: mode.kind === 'create' ? t('org.personCreated') : t('org.personSaved') });
      await queryClient.invalidateQueries({ queryKey: ['people'] });
      onClose();
    },
  });
  const form = useSamdeskForm<PersonForm>({
    initialValues:
      mode.kind === 'edit'
        ? formOf(mode.person)
        : {
            municipalityId: defaultMunicipalityId,
            unitId: '',
            firstName: '',
            lastName: '',
            email: '',
            phone: '',
            personRole: 'anstalld',
            staffCategory: '',
            protectedIdentity: false,
            active: true,
          },
    required: () => ({
      municipalityId: { label: t('org.municipality'), kind: 'choose' },
      firstName: { label: t('org.firstName') },
      lastName: { label: t('org.lastName') },
      personRole: { label: t('org.personRole'), kind: 'choose' },
    }),
    action: save,
  });
  const roles = mission.data?.document.people.personRoles ?? [];
  const categories = mission.data?.document.people.staffCategories ?? [];
  const title = mode.kind === 'create' ? t('org.newPerson') : t('org.editPerson', { name: `${mode.person.firstName} ${mode.person.lastName}` });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <ProblemAlert
            error={save.error}
            knownFields={['municipalityId', 'unitId', 'firstName', 'lastName', 'email', 'phone', 'personRole', 'staffCategory', 'protectedIdentity']}
          />
          <StaleAlert<Person>
            error={save.error}
            onReload={(current) => {
              form.setValues(formOf(current));
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: ['people'] });
            }}
          />
          <MunicipalitySelect
            value={form.values.municipalityId}
            onChange={(id) => {
              form.setValues((f) => ({ municipalityId: id, unitId: f.municipalityId === id ? f.unitId : '' }));
              form.clear('municipalityId');
            }}
            disabled={mode.kind === 'edit'}
            error={form.errors.municipalityId}
          />
          <Group grow align="flex-start">
            <TextInput label={t('org.firstName')} required {...form.text('firstName')} maxLength={100} />
            <TextInput label={t('org.lastName')} required {...form.text('lastName')} maxLength={100} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('org.email')} type="email" autoComplete="off" {...form.text('email')} maxLength={200} />
            <TextInput label={t('org.phone')} type="tel" {...form.text('phone')} maxLength={40} />
          </Group>
          <NativeSelect
            label={t('org.unit')}
            data={[{ value: '', label: t('org.noUnit') }, ...unitOptions(units, form.values.municipalityId)]}
            {...form.text('unitId')}
          />
          <Group grow align="flex-start">
            <NativeSelect label={t('org.personRole')} required data={roles.map((r) => ({ value: r.code, label: r.label }))} {...form.text('personRole')} />
            <NativeSelect
              label={t('org.staffCategory')}
              data={[{ value: '', label: t('org.noStaffCategory') }, ...categories.map((c) => ({ value: c.code, label: c.label }))]}
              {...form.text('staffCategory')}
            />
          </Group>
          <Checkbox label={t('org.protectedIdentity')} {...form.checkbox('protectedIdentity')} />
          {mode.kind === 'edit' && <Checkbox label={t('org.active')} {...form.checkbox('active')} />}
          <FormButtons submitLabel={mode.kind === 'create' ? t('app.create') : t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
