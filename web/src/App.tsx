import { useQuery, useQueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, onAuthProblem, setCsrfToken } from './api.ts';
import { Loading, ProblemAlert } from './components/common.tsx';
import { rememberLocale } from './i18n.ts';
import { ChangePasswordPage } from './pages/ChangePassword.tsx';
import { PublicModelRangeStandalone, publicModelRangePath } from './pages/catalogue/PublicModelRange.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { SurveyStandalone, surveyTokenFromPath } from './pages/surveys/SurveyPublic.tsx';
import { router } from './router.tsx';
import { SESSION_KEY, SessionProvider } from './session.tsx';
import type { Session } from './types.ts';

/** GET /api/v1/auth/session: 401 means "not signed in", which is an answer, not an error. */
async function fetchSession(signal: AbortSignal): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/v1/auth/session', signal);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken('');
      return null;
    }
    throw e;
  }
}

export function App() {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => fetchSession(signal), staleTime: Infinity, retry: 1 });

  useEffect(() => {
    // An expired session or a pending password change anywhere sends the user back to the gate.
    onAuthProblem(() => void queryClient.invalidateQueries({ queryKey: SESSION_KEY }));
  }, [queryClient]);

  const user = session.data?.user;
  useEffect(() => {
    // The account's stored language wins once signed in.
    if (user && user.locale !== i18n.resolvedLanguage) {
      void i18n.changeLanguage(user.locale);
      rememberLocale(user.locale);
    }
  }, [user, i18n]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      setCsrfToken('');
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
    }
  }, [queryClient]);

  const value = useMemo(() => (user ? { user, signOut } : null), [user, signOut]);

  // Issue 5: a survey link is answered without signing in, signed in or not.
  const surveyLink = surveyTokenFromPath(window.location.pathname);
  if (surveyLink) return <SurveyStandalone token={surveyLink} />;
  if (session.isPending) {
    return (
      <main>
        <Loading />
      </main>
    );
  }
  if (session.isError) {
    return (
      <main style={{ padding: '1rem' }}>
        <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!value) {
    // the published model range is read without signing in.
    const municipality = publicModelRangePath(window.location.pathname);
    return municipality ? <PublicModelRangeStandalone municipality={municipality} /> : <SignInPage />;
  }
  if (value.user.mustChangePassword) {
    return (
      <SessionProvider value={value}>
        <ChangePasswordPage />
      </SessionProvider>
    );
  }
  return (
    <SessionProvider value={value}>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
