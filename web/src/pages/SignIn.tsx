import { Anchor, Box, Button, Center, Divider, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, setCsrfToken } from '../api.ts';
import { requiredProblems } from '../forms.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { ProblemAlert } from '../components/common.tsx';
import { SESSION_KEY, useLocale } from '../session.tsx';
import type { Providers, Session } from '../types.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const providers = useQuery({ queryKey: ['providers'], queryFn: ({ signal }) => api.get<Providers>('/api/v1/auth/providers', signal), staleTime: Infinity });
  const login = useMutation({
    mutationFn: () => api.post<Session>('/api/v1/auth/login', { username, password }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
  useEffect(() => {
    document.title = `${t('signIn.title')} – ${t('app.name')}`;
  }, [t]);
  const errors = { ...fieldErrors(login.error, locale), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems(
      { username, password },
      { username: { label: t('signIn.username') }, password: { label: t('signIn.password') } },
      (key, field) => t(key, { field }),
    );
    setLocal(problems);
    if (Object.keys(problems).length === 0) login.mutate();
  };
  return (
    <>
      <Box component="header" p="md">
        <Group justify="space-between">
          <Text fw={700} size="lg">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
      </Box>
      <Center component="main" px="md" py="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
          <Stack>
            <Title order={1}>{t('signIn.title')}</Title>
            <Text c="dimmed" size="sm">
              {t('app.tagline')}
            </Text>
            <form onSubmit={submit} noValidate aria-describedby="signin-intro">
              <Stack>
                <Text id="signin-intro" size="sm">
                  {t('signIn.intro')}
                </Text>
                <ProblemAlert error={login.error} knownFields={['username', 'password']} />
                <TextInput
                  label={t('signIn.username')}
                  name="username"
                  autoComplete="username"
                  required
                  value={username}
                  onChange={(e) => {
                    setUsername(e.currentTarget.value);
                    setLocal(({ username: _fixed, ...rest }) => rest);
                  }}
                  error={errors.username}
                  data-autofocus
                />
                <PasswordField
                  label={t('signIn.password')}
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => {
                    setPassword(e.currentTarget.value);
                    setLocal(({ password: _fixed, ...rest }) => rest);
                  }}
                  error={errors.password}
                />
                <Button type="submit" loading={login.isPending}>
                  {t('signIn.submit')}
                </Button>
              </Stack>
            </form>
            {providers.data?.oidc && (
              <>
                <Divider label={t('signIn.or')} labelPosition="center" />
                {/* A plain link: the browser goes to the identity provider and back. The label is configured (Swedish). */}
                <Button component="a" href="/api/v1/auth/oidc/login" variant="outline">
                  {locale === 'sv' ? providers.data.oidc.label : t('signIn.oidc')}
                </Button>
              </>
            )}
          </Stack>
        </Paper>
      </Center>
      <Box component="footer" p="md" ta="center">
        <Anchor href="/api/docs" size="sm">
          API
        </Anchor>
      </Box>
    </>
  );
}
