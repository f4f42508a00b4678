import { Badge, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../src/platform/access.ts';
import { userAssignmentProblems } from '../../../../src/org/rules.ts';
import { api, fieldErrors } from '../../api.ts';
import { requiredProblems } from '../../forms.ts';
import { OneTimePasswordBox } from '../../components/OneTimePassword.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useTeams } from '../../hooks.ts';
import { PersonPicker, personLabel } from '../assets/parts.tsx';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import type { Locale, Page, Person, Role, User } from '../../types.ts';

export function UsersPage() {
  return (
    <RequirePermission permission="administersOrganisation">
      <Users />
    </RequirePermission>
  );
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | { kind: 'otp'; name: string; password: string };

function Users() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['users'], queryFn: ({ signal }) => api.get<Page<User>>('/api/v1/users', signal) });
  const municipalities = useMunicipalities();
  const teams = useTeams();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const municipalityName = (id: string | null) => (id === null ? t('org.bothMunicipalities') : (municipalities.data?.items.find((m) => m.id === id)?.name ?? ''));
  const teamName = (id: string | null) => (id ? (teams.data?.items.find((x) => x.id === id)?.name ?? '') : t('app.none'));
  const sorted = [...(users.data?.items ?? [])].sort((a, b) => a.username.localeCompare(b.username, 'sv'));
  return (
    <>
      <PageHeader title={t('org.usersTitle')} intro={t('org.usersIntro')} actions={<Button onClick={() => setDialog({ kind: 'create' })}>{t('org.newUser')}</Button>} />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ProblemAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : sorted.length === 0 ? (
        <EmptyState>{t('org.noUsers')}</EmptyState>
      ) : (
        <ScrollTable label={t('org.usersTitle')} minWidth={900}>
          <Table striped highlightOnHover withTableBorder>
            <caption className="visually-hidden">{t('org.usersTitle')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('org.username')}</Table.Th>
                <Table.Th scope="col">{t('org.displayName')}</Table.Th>
                <Table.Th scope="col">{t('org.municipality')}</Table.Th>
                <Table.Th scope="col">{t('org.roles')}</Table.Th>
                <Table.Th scope="col">{t('org.team')}</Table.Th>
                <Table.Th scope="col">{t('org.status')}</Table.Th>
                <Table.Th scope="col">{t('app.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.username}</Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{municipalityName(u.municipalityId)}</Table.Td>
                  <Table.Td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</Table.Td>
                  <Table.Td>
                    {teamName(u.teamId)}
                    {u.line !== null ? ` · ${t('org.lineN', { n: u.line })}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.active ? <Text size="sm">{t('org.active')}</Text> : <Badge color="gray">{t('org.inactive')}</Badge>}
                      {u.mustChangePassword && (
                        <Badge color="orange" size="sm">
                          {t('org.mustChange')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button variant="subtle" size="compact-sm" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={t('org.editUser', { name: u.username })}>
                        {t('app.edit')}
                      </Button>
                      <Button variant="subtle" size="compact-sm" onClick={() => setDialog({ kind: 'reset', user: u })} aria-label={`${t('org.resetPassword')}: ${u.username}`}>
                        {t('org.resetPassword')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal mode={dialog} onClose={() => setDialog(null)} onCreated={(name, password) => setDialog({ kind: 'otp', name, password })} />
      )}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onDone={(password) => setDialog({ kind: 'otp', name: dialog.user.username, password })} />}
      {dialog?.kind === 'otp' && (
        <Modal opened onClose={() => setDialog(null)} title={t('org.otpLabel')} size="lg">
          <Stack>
            <OneTimePasswordBox name={dialog.name} password={dialog.password} />
            <Group justify="flex-end">
              <Button onClick={() => setDialog(null)}>{t('app.close')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}

function ResetPasswordModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: (password: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => api.post<{ oneTimePassword: string }>(`/api/v1/users/${user.id}/reset-password`),
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onDone(answer.oneTimePassword);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('org.resetPassword')}>
      <Stack>
        <ProblemAlert error={reset.error} />
        <Text>{t('org.resetConfirm', { name: user.displayName })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button color="red" onClick={() => reset.mutate()} loading={reset.isPending}>
            {t('org.resetPassword')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface UserForm {
  username: string;
  displayName: string;
  email: string;
  /** '' = both municipalities (null in the API). */
  municipalityId: string;
  /** '' = no person; the person links the account to the unit it manages or works in. */
  personId: string;
  roles: Role[];
  teamId: string;
  line: string;
  locale: Locale;
  active: boolean;
}

function formOf(u: User): UserForm {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email ?? '',
    municipalityId: u.municipalityId ?? '',
    personId: u.personId ?? '',
    roles: [...u.roles],
    teamId: u.teamId ?? '',
    line: u.line === null ? '' : String(u.line),
    locale: u.locale,
    active: u.active,
  };
}

function UserFormModal({ mode, onClose, onCreated }: { mode: { kind: 'create' } | { kind: 'edit'; user: User }; onClose: () => void; onCreated: (name: string, password: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const municipalities = useMunicipalities();
  const teams = useTeams();
  const [version, setVersion] = useState(mode.kind === 'edit' ? mode.user.version : 0);
  const [form, setForm] = useState<UserForm>(
    mode.kind === 'edit'
      ? formOf(mode.user)
      : { username: '', displayName: '', email: '', municipalityId: me.municipalityId ?? '', personId: '', roles: ['end_user'], teamId: '', line: '', locale: 'sv', active: true },
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const linkedId = mode.kind === 'edit' ? mode.user.personId : null;
  const linked = useQuery({
    enabled: linkedId !== null,
    queryKey: ['people', linkedId],
    queryFn: ({ signal }) => api.get<Person>(`/api/v1/people/${linkedId ?? ''}`, signal),
  });
  const set = <K extends keyof UserForm>(key: K, value: UserForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setLocal(({ [key]: _fixed, ...rest }) => rest);
  };
  const team = teams.data?.items.find((x) => x.id === form.teamId);
  // by the server's own rule (org/rules.ts): only IT roles may span both municipalities; only an
  // IT-wide administrator may grant it.
  const spansWrongly = userAssignmentProblems({ roles: form.roles, municipalityId: form.municipalityId === '' ? null : form.municipalityId, team: null, line: null }).some((p) => p.field === 'municipalityId');
  const canChooseBoth = me.municipalityId === null;

  const save = useMutation({
    mutationFn: (): Promise<User | { user: User; oneTimePassword?: string }> => {
      const fields = {
        displayName: form.displayName,
        email: form.email.trim() === '' ? null : form.email.trim(),
        municipalityId: form.municipalityId === '' ? null : form.municipalityId,
        personId: form.personId === '' ? null : form.personId,
        roles: form.roles,
        teamId: form.teamId === '' ? null : form.teamId,
        line: form.line === '' ? null : Number(form.line),
      };
      return mode.kind === 'create'
        ? api.post<{ user: User; oneTimePassword?: string }>('/api/v1/users', { username: form.username, locale: form.locale, ...fields })
        : api.patch<User>(`/api/v1/users/${mode.user.id}`, { version, ...fields, active: form.active });
    },
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (mode.kind === 'create' && 'oneTimePassword' in answer && answer.oneTimePassword) {
        notifications.show({ color: 'green', message: t('org.userCreated') });
        onCreated(form.username, answer.oneTimePassword);
      } else {
        notifications.show({ color: 'green', message: mode.kind === 'create' ? t('org.userCreated') : t('org.userSaved') });
        onClose();
      }
    },
  });
  const server = fieldErrors(save.error, locale);
  const errors = { ...server, ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (spansWrongly) problems.municipalityId = t('org.bothOnlyIt');
    Object.assign(
      problems,
      requiredProblems(
        form,
        { ...(mode.kind === 'create' ? { username: { label: t('org.username') } } : {}), displayName: { label: t('org.displayName') }, roles: { label: t('org.roles'), kind: 'choose' } },
        (key, field) => t(key, { field }),
      ),
    );
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const title = mode.kind === 'create' ? t('org.newUser') : t('org.editUser', { name: mode.user.username });
  const municipalityOptions = [
    ...(canChooseBoth ? [{ value: '', label: t('org.bothMunicipalities') }] : []),
    ...(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })),
  ];
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProblemAlert error={save.error} knownFields={['username', 'displayName', 'email', 'municipalityId', 'personId', 'roles', 'teamId', 'line', 'locale']} />
          <StaleAlert<User>
            error={save.error}
            onReload={(current) => {
              setForm(formOf(current));
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: ['users'] });
            }}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('org.username')}
              required
              disabled={mode.kind === 'edit'}
              autoComplete="off"
              value={form.username}
              onChange={(e) => set('username', e.currentTarget.value)}
              error={errors.username}
              maxLength={100}
            />
            <TextInput label={t('org.displayName')} required value={form.displayName} onChange={(e) => set('displayName', e.currentTarget.value)} error={errors.displayName} maxLength={200} />
          </Group>
          <TextInput label={t('org.email')} type="email" autoComplete="off" value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} maxLength={200} />
          <NativeSelect
            label={t('org.municipality')}
            description={canChooseBoth && !errors.municipalityId ? t('org.bothOnlyIt') : undefined}
            data={municipalityOptions}
            value={form.municipalityId}
            onChange={(e) => {
              // A person belongs to one municipality: a new municipality needs a new choice.
              const municipalityId = e.currentTarget.value;
              setForm((f) => ({ ...f, municipalityId, personId: f.municipalityId === municipalityId ? f.personId : '' }));
            }}
            error={errors.municipalityId}
          />
          {form.municipalityId !== '' && (
            <PersonPicker
              municipalityId={form.municipalityId}
              value={form.personId}
              onChange={(personId) => set('personId', personId)}
              current={linked.data && linked.data.municipalityId === form.municipalityId ? { id: linked.data.id, name: personLabel(linked.data) } : null}
              label={t('org.person')}
              searchLabel={t('org.personSearch')}
              searchHelp={t('org.personHelp')}
              noneLabel={t('org.noPerson')}
              error={errors.personId}
            />
          )}
          <Checkbox.Group label={t('org.roles')} required value={form.roles} onChange={(v) => set('roles', v.filter((r): r is Role => (ROLES as readonly string[]).includes(r)))} error={errors.roles}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={t(`roles.${r}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Group grow align="flex-start">
            <NativeSelect
              label={t('org.team')}
              data={[{ value: '', label: t('org.noTeam') }, ...(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))]}
              value={form.teamId}
              onChange={(e) => {
                const teamId = e.currentTarget.value;
                setForm((f) => ({ ...f, teamId, line: '' }));
              }}
              error={errors.teamId}
            />
            <NativeSelect
              label={t('org.line')}
              data={[{ value: '', label: t('org.noLine') }, ...(team?.lines ?? []).map((n) => ({ value: String(n), label: t('org.lineN', { n }) }))]}
              value={form.line}
              onChange={(e) => set('line', e.currentTarget.value)}
              error={errors.line}
            />
          </Group>
          {mode.kind === 'create' && (
            <NativeSelect
              label={t('org.locale')}
              data={[
                { value: 'sv', label: 'Svenska' },
                { value: 'en', label: 'English' },
              ]}
              value={form.locale}
              onChange={(e) => set('locale', e.currentTarget.value === 'en' ? 'en' : 'sv')}
            />
          )}
          {mode.kind === 'edit' && <Checkbox label={t('org.active')} checked={form.active} onChange={(e) => set('active', e.currentTarget.checked)} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {mode.kind === 'create' ? t('app.create') : t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
