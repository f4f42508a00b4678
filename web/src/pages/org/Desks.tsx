import { Alert, Badge, Button, Card, Checkbox, Group, Modal, NativeSelect, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, fieldErrors, qs, request } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, FormButtons, Loading, PageHeader, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useLocale, useMunicipalities } from '../../session.tsx';
import { useDesks } from '../../tickets/model.ts';
import type { Page, User } from '../../types.ts';
import type { Category, DeskDetail } from '../../../../src/tickets/contract.ts';
import { CATEGORY_KINDS } from '../../../../src/tickets/rules.ts';

type TargetKind = 'days' | 'minutes' | 'none';
const KINDS = CATEGORY_KINDS;

/** The target fields of a category from the form's kind and value (one kind at a time). */
function targetOf(kind: TargetKind, value: string): { resolveWorkingDays: number | null; resolveBusinessMinutes: number | null } {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  return { resolveWorkingDays: kind === 'days' ? n : null, resolveBusinessMinutes: kind === 'minutes' ? n : null };
}

/**
 * Service desks for administrators: a department's own desk with its categories, SLA targets
 * (issue 4: configurable per category; intefunktion's comes from the mission) and agents.
 */
export function DesksPage() {
  return (
    <RequirePermission permission="administersDesks">
      <Desks />
    </RequirePermission>
  );
}

function Desks() {
  const { t } = useTranslation();
  const desks = useDesks();
  const [deskId, setDeskId] = useState('');
  const [creating, setCreating] = useState(false);
  const items = desks.data?.items ?? [];
  useEffect(() => {
    const first = items[0];
    if (!deskId && first) setDeskId(first.id);
  }, [deskId, items]);
  return (
    <>
      <PageHeader title={t('desks.title')} intro={t('desks.intro')} actions={<Button onClick={() => setCreating(true)}>{t('desks.new')}</Button>} />
      {desks.isPending ? (
        <Loading />
      ) : desks.isError ? (
        <ProblemAlert error={desks.error} onRetry={() => void desks.refetch()} />
      ) : (
        <Stack>
          <NativeSelect
            label={t('desks.desk')}
            data={items.map((d) => ({ value: d.id, label: d.name }))}
            value={deskId}
            onChange={(e) => setDeskId(e.currentTarget.value)}
            maw={420}
          />
          {deskId && <DeskView key={deskId} deskId={deskId} />}
        </Stack>
      )}
      {creating && (
        <CreateDeskModal
          onClose={(id) => {
            setCreating(false);
            if (id) setDeskId(id);
          }}
        />
      )}
    </>
  );
}

function CreateDeskModal({ onClose }: { onClose: (createdId?: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (form: { code: string; name: string; municipalityId: string }) => api.post<{ id: string }>('/api/v1/desks', form),
    onSuccess: async (desk, form) => {
      notifications.show({ color: 'green', message: t('desks.created', { name: form.name }) });
      await queryClient.invalidateQueries({ queryKey: ['desks'] });
      onClose(desk.id);
    },
  });
  const form = useSamdeskForm({
    initialValues: { code: '', name: '', municipalityId: '' },
    required: () => ({ name: { label: t('desks.name') }, code: { label: t('desks.code') }, municipalityId: { label: t('org.municipality'), kind: 'choose' } }),
    action: save,
  });
  return (
    <Modal opened onClose={() => onClose()} title={t('desks.new')}>
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <ProblemAlert error={save.error} knownFields={['code', 'name', 'municipalityId']} />
          <Text size="sm">{t('desks.newHelp')}</Text>
          <TextInput label={t('desks.name')} required {...form.text('name')} />
          <TextInput label={t('desks.code')} description={t('desks.codeHelp')} required {...form.text('code')} />
          <MunicipalitySelect
            value={form.values.municipalityId}
            onChange={(municipalityId) => form.set('municipalityId', municipalityId)}
            error={form.errors.municipalityId}
          />
          <FormButtons submitLabel={t('desks.create')} submitting={form.submitting} onCancel={() => onClose()} />
        </Stack>
      </form>
    </Modal>
  );
}

function DeskView({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const [editing, setEditing] = useState<Category | null>(null);
  const detail = useQuery({ queryKey: ['desk', deskId], queryFn: ({ signal }) => api.get<DeskDetail>(`/api/v1/desks/${deskId}`, signal) });
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 403) return <Alert color="blue">{t('desks.sharedDesk')}</Alert>;
    return <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  const desk = detail.data;
  const municipality = municipalities.data?.items.find((m) => m.id === desk.municipalityId);
  return (
    <Stack>
      <Text>
        {desk.isIt ? t('desks.itDesk') : t('desks.departmentDesk', { municipality: municipality?.name ?? '' })} <Badge variant="light">{desk.code}</Badge>
      </Text>
      <section aria-labelledby="desk-categories">
        <Title order={2} size="h3" id="desk-categories" mb="xs">
          {t('desks.categories')}
        </Title>
        {desk.categories.length === 0 ? (
          <EmptyState>{t('desks.noCategories')}</EmptyState>
        ) : (
          <ScrollTable label={t('desks.categories')} minWidth={720}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('desks.name')}</Table.Th>
                  <Table.Th scope="col">{t('desks.code')}</Table.Th>
                  <Table.Th scope="col">{t('desks.kind')}</Table.Th>
                  <Table.Th scope="col">{t('desks.target')}</Table.Th>
                  <Table.Th scope="col">{t('desks.state')}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t('app.edit')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {desk.categories.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td>{k.name}</Table.Td>
                    <Table.Td>{k.code}</Table.Td>
                    <Table.Td>{t(`desks.kinds.${k.kind}`)}</Table.Td>
                    <Table.Td>
                      <TargetText category={k} />
                    </Table.Td>
                    <Table.Td>{k.active ? t('desks.active') : t('desks.inactive')}</Table.Td>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => setEditing(k)} aria-label={t('desks.editCategory', { name: k.name })}>
                        {t('app.edit')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <AddCategory deskId={desk.id} />
      </section>
      <Agents desk={desk} />
      {editing && <EditCategoryModal deskId={desk.id} category={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function TargetText({ category: k }: { category: Category }) {
  const { t } = useTranslation();
  if (k.isIntefunktion) return <>{t('desks.targetMission')}</>;
  if (k.resolveWorkingDays !== null) return <>{t('desks.targetDays', { count: k.resolveWorkingDays })}</>;
  if (k.resolveBusinessMinutes !== null) return <>{t('desks.targetMinutes', { count: k.resolveBusinessMinutes })}</>;
  return <>{t('desks.targetNone')}</>;
}

/** Target kind radios and the number, shared by the add form and the edit dialog. */
function TargetFields({
  kind,
  value,
  onKind,
  onValue,
  error,
}: {
  kind: TargetKind;
  value: string;
  onKind: (k: TargetKind) => void;
  onValue: (v: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Radio.Group label={t('desks.target')} value={kind} onChange={(v) => onKind(v as TargetKind)}>
        <Group mt={4}>
          <Radio value="days" label={t('desks.targetKindDays')} />
          <Radio value="minutes" label={t('desks.targetKindMinutes')} />
          <Radio value="none" label={t('desks.targetNone')} />
        </Group>
      </Radio.Group>
      {kind !== 'none' && (
        <TextInput
          type="number"
          min={1}
          label={kind === 'days' ? t('desks.targetKindDays') : t('desks.targetKindMinutes')}
          value={value}
          onChange={(e) => onValue(e.currentTarget.value)}
          error={error}
          maw={200}
        />
      )}
    </>
  );
}

interface CategoryForm {
  code: string;
  name: string;
  kind: Category['kind'];
  target: TargetKind;
  value: string;
}

function AddCategory({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const empty: CategoryForm = { code: '', name: '', kind: 'fault', target: 'days', value: '3' };
  const save = useMutation({
    mutationFn: (form: CategoryForm) =>
      api.post(`/api/v1/desks/${deskId}/categories`, { code: form.code, name: form.name, kind: form.kind, ...targetOf(form.target, form.value) }),
    onSuccess: async (_created, form) => {
      notifications.show({ color: 'green', message: t('desks.categoryAdded', { name: form.name }) });
      added.setValues(empty);
      await queryClient.invalidateQueries({ queryKey: ['desk', deskId] });
      await queryClient.invalidateQueries({ queryKey: ['desks'] });
    },
  });
  const added = useSamdeskForm({
    initialValues: empty,
    required: () => ({ name: { label: t('desks.name') }, code: { label: t('desks.code') } }),
    action: save,
  });
  const { errors } = added;
  return (
    <Card withBorder mt="md" component="form" onSubmit={added.submit} noValidate aria-labelledby="add-category-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="add-category-title">
          {t('desks.addCategory')}
        </Title>
        <ProblemAlert error={save.error} knownFields={['code', 'name', 'kind', 'resolveWorkingDays', 'resolveBusinessMinutes']} />
        <Group align="flex-start" wrap="wrap">
          <TextInput label={t('desks.name')} required {...added.text('name')} />
          <TextInput label={t('desks.code')} required {...added.text('code')} />
          <NativeSelect
            label={t('desks.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`desks.kinds.${k}`) }))}
            value={added.values.kind}
            onChange={(e) => added.setValues({ kind: e.currentTarget.value as Category['kind'] })}
          />
        </Group>
        <TargetFields
          kind={added.values.target}
          value={added.values.value}
          onKind={(target) => added.setValues({ target })}
          onValue={(value) => added.setValues({ value })}
          error={errors.resolveWorkingDays ?? errors.resolveBusinessMinutes}
        />
        <Group>
          <Button type="submit" loading={added.submitting}>
            {t('desks.addCategory')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

interface EditCategoryForm {
  version: number;
  name: string;
  active: boolean;
  target: TargetKind;
  value: string;
}

function EditCategoryModal({ deskId, category, onClose }: { deskId: string; category: Category; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formOf = (k: Category): EditCategoryForm => ({
    version: k.version,
    name: k.name,
    active: k.active,
    target: k.resolveWorkingDays !== null ? 'days' : k.resolveBusinessMinutes !== null ? 'minutes' : 'none',
    value: String(k.resolveWorkingDays ?? k.resolveBusinessMinutes ?? ''),
  });
  const save = useMutation({
    mutationFn: (form: EditCategoryForm) =>
      api.patch<Category>(`/api/v1/desks/${deskId}/categories/${category.id}`, {
        version: form.version,
        name: form.name,
        active: form.active,
        ...(category.isIntefunktion ? {} : targetOf(form.target, form.value)),
      }),
    onSuccess: async (_saved, form) => {
      notifications.show({ color: 'green', message: t('desks.categorySaved', { name: form.name }) });
      await queryClient.invalidateQueries({ queryKey: ['desk', deskId] });
      await queryClient.invalidateQueries({ queryKey: ['desks'] });
      onClose();
    },
  });
  const form = useSamdeskForm({ initialValues: formOf(category), required: () => ({ name: { label: t('desks.name') } }), action: save });
  const { errors } = form;
  return (
    <Modal opened onClose={onClose} title={t('desks.editCategory', { name: category.name })}>
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <ProblemAlert error={save.error} knownFields={['name', 'resolveWorkingDays', 'resolveBusinessMinutes']} />
          <StaleAlert<Category>
            error={save.error}
            onReload={(current) => {
              form.setValues(formOf(current));
              save.reset();
            }}
          />
          <TextInput label={t('desks.name')} required {...form.text('name')} />
          {category.isIntefunktion ? (
            <Text size="sm">{t('desks.targetMission')}</Text>
          ) : (
            <TargetFields
              kind={form.values.target}
              value={form.values.value}
              onKind={(target) => form.setValues({ target })}
              onValue={(value) => form.setValues({ value })}
              error={errors.resolveWorkingDays ?? errors.resolveBusinessMinutes}
            />
          )}
          <Checkbox label={t('desks.activeHelp')} {...form.checkbox('active')} />
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function Agents({ desk }: { desk: DeskDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState('');
  const users = useQuery({
    queryKey: ['users', desk.municipalityId ?? 'all', 'agent'],
    queryFn: ({ signal }) => api.get<Page<User>>(`/api/v1/users${qs({ municipalityId: desk.municipalityId ?? undefined, role: 'agent' })}`, signal),
    enabled: !desk.isIt,
  });
  const members = new Set(desk.agents.filter((a) => a.explicit).map((a) => a.id));
  // The server answers the active agents (GET /users?role=agent); the page only leaves out the members.
  const candidates = (users.data?.items ?? []).filter((u) => !members.has(u.id));
  const change = useMutation({
    mutationFn: ({ id, add }: { id: string; add: boolean }) => request<undefined>(add ? 'PUT' : 'DELETE', `/api/v1/desks/${desk.id}/agents/${id}`),
    onSuccess: async (_r, { add }) => {
      notifications.show({ color: 'green', message: add ? t('desks.agentAdded') : t('desks.agentRemoved') });
      setUserId('');
      await queryClient.invalidateQueries({ queryKey: ['desk', desk.id] });
    },
  });
  const errors = fieldErrors(change.error, locale);
  return (
    <section aria-labelledby="desk-agents">
      <Title order={2} size="h3" id="desk-agents" mb="xs">
        {t('desks.agents')}
      </Title>
      {desk.isIt && (
        <Text size="sm" mb="xs">
          {t('desks.itAgentsHelp')}
        </Text>
      )}
      <ProblemAlert error={change.error} knownFields={['userId']} />
      {desk.agents.length === 0 ? (
        <EmptyState>{t('desks.noAgents')}</EmptyState>
      ) : (
        <Table withTableBorder maw={640}>
          <Table.Tbody>
            {desk.agents.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.displayName}</Table.Td>
                <Table.Td>{a.username}</Table.Td>
                <Table.Td>
                  {a.explicit && (
                    <Button
                      variant="subtle"
                      color="red"
                      size="compact-sm"
                      onClick={() => change.mutate({ id: a.id, add: false })}
                      aria-label={t('desks.removeAgent', { name: a.displayName })}
                    >
                      {t('desks.remove')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!desk.isIt && (
        <Group align="flex-end" mt="sm">
          <NativeSelect
            label={t('desks.addAgent')}
            description={t('desks.addAgentHelp')}
            data={[{ value: '', label: t('desks.chooseAgent') }, ...candidates.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))]}
            value={userId}
            onChange={(e) => setUserId(e.currentTarget.value)}
            error={errors.userId}
          />
          <Button disabled={!userId} loading={change.isPending} onClick={() => change.mutate({ id: userId, add: true })}>
            {t('desks.add')}
          </Button>
        </Group>
      )}
    </section>
  );
}
