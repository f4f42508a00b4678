import { Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../api.ts';
import { requiredProblems } from '../forms.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { ProblemAlert } from '../components/common.tsx';
import { SESSION_KEY, useLocale, useSession } from '../session.tsx';

const MIN_LENGTH = 12;

/** A one-time password must be replaced before anything else (the API answers 403 meanwhile). */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user, signOut } = useSession();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: () => api.post<undefined>('/api/v1/auth/password', { currentPassword, newPassword }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('changePassword.done') });
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  useEffect(() => {
    document.title = `${t('changePassword.title')} – ${t('app.name')}`;
  }, [t]);
  const server = fieldErrors(change.error, locale);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (newPassword.length < MIN_LENGTH) problems.newPassword = t('changePassword.tooShort');
    if (confirm !== newPassword) problems.confirm = t('changePassword.mismatch');
    Object.assign(
      problems,
      requiredProblems(
        { currentPassword, newPassword, confirm },
        {
          currentPassword: { label: t('changePassword.current') },
          newPassword: { label: t('changePassword.new') },
          confirm: { label: t('changePassword.confirm') },
        },
        (key, field) => t(key, { field }),
      ),
    );
    setLocal(problems);
    if (Object.keys(problems).length === 0) change.mutate();
  };
  return (
    <>
      <Box component="header" p="md">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            {t('app.name')}
          </Text>
          <Group gap="sm">
            <Text size="sm">{t('app.signedInAs', { name: user.displayName })}</Text>
            <LanguageSwitch />
            <Button variant="default" size="sm" onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          </Group>
        </Group>
      </Box>
      <Center component="main" px="md" py="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={460}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={1}>{t('changePassword.title')}</Title>
              <Text size="sm">{t('changePassword.intro')}</Text>
              <ProblemAlert error={change.error} knownFields={['currentPassword', 'newPassword']} />
              <PasswordField
                label={t('changePassword.current')}
                autoComplete="current-password"
                required
                value={currentPassword}
                onChange={(e) => setCurrent(e.currentTarget.value)}
                error={local.currentPassword ?? server.currentPassword}
                data-autofocus
              />
              <PasswordField
                label={t('changePassword.new')}
                description={t('changePassword.newHint')}
                autoComplete="new-password"
                required
                minLength={MIN_LENGTH}
                value={newPassword}
                onChange={(e) => setNew(e.currentTarget.value)}
                error={local.newPassword ?? server.newPassword}
              />
              <PasswordField
                label={t('changePassword.confirm')}
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                error={local.confirm}
              />
              <Button type="submit" loading={change.isPending}>
                {t('changePassword.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </>
  );
}
