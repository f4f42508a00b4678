import { Badge, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../src/platform/access.ts';
import { userAssignmentProblems } from '../../../../src/org/rules.ts';
import { api } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { OneTimePasswordBox } from '../../components/OneTimePassword.tsx';
import { FormButtons, ProblemAlert, RequirePermission, StaleAlert } from '../../components/common.tsx';
import { useTeams } from '../../hooks.ts';
import { PersonPicker, personLabel } from '../assets/parts.tsx';
import { useMunicipalities, useSession } from '../../session.tsx';
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
  const municipalityName = (id: string | null) =>
    id === null ? t('org.bothMunicipalities') : (municipalities.data?.items.find((m) => m.id === id)?.name ?? '');
  const teamName = (id: string | null) => (id ? (teams.data?.items.find((x) => x.id === id)?.name ?? '') : t('app.none'));
  const sorted = [...(users.data?.items ?? [])].sort((a, b) => a.username.localeCompare(b.username, 'sv'));
  return (
    <>
      <ListPage
        title={t('org.usersTitle')}
        intro={t('org.usersIntro')}
        actions={<Button onClick={() => setDialog({ kind: 'create' })}>{t('org.newUser')}</Button>}
        query={users}
        items={sorted}
        empty={t('org.noUsers')}
        label={t('org.usersTitle')}
        caption
        minWidth={900}
        columns={[t('org.username'), t('org.displayName'), t('org.municipality'), t('org.roles'), t('org.team'), t('org.status'), t('app.actions')]}
        row={(u) => (
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
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setDialog({ kind: 'edit', user: u })}
                  aria-label={t('org.editUser', { name: u.username })}
                >
                  {t('app.edit')}
                </Button>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setDialog({ kind: 'reset', user: u })}
                  aria-label={`${t('org.resetPassword')}: ${u.username}`}
                >
                  {t('org.resetPassword')}
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal mode={dialog} onClose={() => setDialog(null)} onCreated={(name, password) => setDialog({ kind: 'otp', name, password })} />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={(password) => setDialog({ kind: 'otp', name: dialog.user.username, password })}
        />
      )}
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

function UserFormModal({
  mode,
  onClose,
  onCreated,
}: {
  mode: { kind: 'create' } | { kind: 'edit'; user: User };
  onClose: () => void;
  onCreated: (name: string, password: string) => void;
}) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const queryClient = useQueryClient();
  const municipalities = useMunicipalities();
  const teams = useTeams();
  const [version, setVersion] = useState(mode.kind === 'edit' ? mode.user.version : 0);
  const linkedId = mode.kind === 'edit' ? mode.user.personId : null;
  const linked = useQuery({
    enabled: linkedId !== null,
    queryKey: ['people', linkedId],
    queryFn: ({ signal }) => api.get<Person>(`/api/v1/people/${linkedId ?? ''}`, signal),
  });
  // by the server's own rule (org/rules.ts): only IT roles may span both municipalities; only an
  // IT-wide administrator may grant it.
  const spansWrongly = (form: UserForm) =>
    userAssignmentProblems({ roles: form.roles, municipalityId: form.municipalityId === '' ? null : form.municipalityId, team: null, line: null }).some(
      (p) => p.field === 'municipalityId',
    );
  const canChooseBoth = me.municipalityId === null;

  const save = useMutation({
    mutationFn: (form: UserForm): Promise<User | { user: User; oneTimePassword?: string }> => {
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
    onSuccess: async (answer, form) => {
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
  const form = useSamdeskForm<UserForm>({
    initialValues:
      mode.kind === 'edit'
        ? formOf(mode.user)
        : {
            username: '',
            displayName: '',
            email: '',
            municipalityId: me.municipalityId ?? '',
            personId: '',
            roles: ['end_user'],
            teamId: '',
            line: '',
            locale: 'sv',
            active: true,
          },
    required: () => ({
      ...(mode.kind === 'create' ? { username: { label: t('org.username') } } : {}),
      displayName: { label: t('org.displayName') },
      roles: { label: t('org.roles'), kind: 'choose' },
    }),
    check: (values): Record<string, string> => (spansWrongly(values) ? { municipalityId: t('org.bothOnlyIt') } : {}),
    action: save,
  });
  const team = teams.data?.items.find((x) => x.id === form.values.teamId);
  const title = mode.kind === 'create' ? t('org.newUser') : t('org.editUser', { name: mode.user.username });
  const municipalityOptions = [
    ...(canChooseBoth ? [{ value: '', label: t('org.bothMunicipalities') }] : []),
    ...(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })),
  ];
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <ProblemAlert
            error={save.error}
            knownFields={['username', 'displayName', 'email', 'municipalityId', 'personId', 'roles', 'teamId', 'line', 'locale']}
          />
          <StaleAlert<User>
            error={save.error}
            onReload={(current) => {
              form.setValues(formOf(current));
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: ['users'] });
            }}
          />
          <Group grow align="flex-start">
            <TextInput label={t('org.username')} required disabled={mode.kind === 'edit'} autoComplete="off" {...form.text('username')} maxLength={100} />
            <TextInput label={t('org.displayName')} required {...form.text('displayName')} maxLength={200} />
          </Group>
          <TextInput label={t('org.email')} type="email" autoComplete="off" {...form.text('email')} maxLength={200} />
          <NativeSelect
            label={t('org.municipality')}
            description={canChooseBoth && !form.errors.municipalityId ? t('org.bothOnlyIt') : undefined}
            data={municipalityOptions}
            value={form.values.municipalityId}
            onChange={(e) => {
              // A person belongs to one municipality: a new municipality needs a new choice.
              const municipalityId = e.currentTarget.value;
              form.setValues((f) => ({ municipalityId, personId: f.municipalityId === municipalityId ? f.personId : '' }));
            }}
            error={form.errors.municipalityId}
          />
          {form.values.municipalityId !== '' && (
            <PersonPicker
              municipalityId={form.values.municipalityId}
              value={form.values.personId}
              onChange={(personId) => form.set('personId', personId)}
              current={linked.data && linked.data.municipalityId === form.values.municipalityId ? { id: linked.data.id, name: personLabel(linked.data) } : null}
              label={t('org.person')}
              searchLabel={t('org.personSearch')}
              searchHelp={t('org.personHelp')}
              noneLabel={t('org.noPerson')}
              error={form.errors.personId}
            />
          )}
          <Checkbox.Group
            label={t('org.roles')}
            required
            value={form.values.roles}
            onChange={(v) =>
              form.set(
                'roles',
                v.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
              )
            }
            error={form.errors.roles}
          >
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
              value={form.values.teamId}
              onChange={(e) => {
                const teamId = e.currentTarget.value;
                form.setValues({ teamId, line: '' });
              }}
              error={form.errors.teamId}
            />
            <NativeSelect
              label={t('org.line')}
              data={[{ value: '', label: t('org.noLine') }, ...(team?.lines ?? []).map((n) => ({ value: String(n), label: t('org.lineN', { n }) }))]}
              {...form.text('line')}
            />
          </Group>
          {mode.kind === 'create' && (
            <NativeSelect
              label={t('org.locale')}
              data={[
                { value: 'sv', label: 'Svenska' },
                { value: 'en', label: 'English' },
              ]}
              value={form.values.locale}
              onChange={(e) => form.set('locale', e.currentTarget.value === 'en' ? 'en' : 'sv')}
            />
          )}
          {mode.kind === 'edit' && <Checkbox label={t('org.active')} {...form.checkbox('active')} />}
          <FormButtons submitLabel={mode.kind === 'create' ? t('app.create') : t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
