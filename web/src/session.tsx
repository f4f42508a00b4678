import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from './api.ts';
import { rememberLocale } from './i18n.ts';
import type { Locale, Municipality, Page, Session, SessionUser, User } from './types.ts';
import type { Permission } from '../../src/app/permissions.ts';

interface SessionValue {
  user: SessionUser;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ value, children }: { value: SessionValue; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, or null when signed out. */
export function useOptionalUser(): SessionUser | null {
  return useContext(SessionContext)?.user ?? null;
}

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'sv';
}

/** Whether the signed-in user may reach `permission`, as the server said (the session's `can`). */
export function useCan(permission: Permission): boolean {
  return useSession().user.can[permission];
}

export const SESSION_KEY = ['session'] as const;

/** Municipalities the user can see (the API scopes the list). */
export function useMunicipalities() {
  return useQuery({ queryKey: ['municipalities'], queryFn: ({ signal }) => api.get<Page<Municipality>>('/api/v1/municipalities', signal), staleTime: 60_000 });
}

/**
 * Switches the UI language at once and stores it on the account (PATCH /api/v1/me) with the
 * session's `user.version`; when that is stale (changed elsewhere since sign-in) the 409 answer's
 * `current.version` is used for one retry. Only the user's own language changes, so the latest
 * choice winning is the intended outcome. The saved version goes back into the session so the next
 * switch is not stale. If saving fails the choice still holds in this browser (localStorage).
 */
export function useChangeLanguage(): (locale: Locale) => Promise<void> {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const user = useOptionalUser();
  return useCallback(
    async (locale: Locale) => {
      await i18n.changeLanguage(locale);
      rememberLocale(locale);
      if (!user) return;
      const save = (version: number) => api.patch<User>('/api/v1/me', { version, locale });
      const known = queryClient.getQueryData<Session | null>(SESSION_KEY)?.user.version ?? user.version;
      let saved: User | undefined;
      try {
        saved = await save(known);
      } catch (e) {
        const current = e instanceof ApiError && e.code === 'stale_version' ? e.problem.current : undefined;
        if (current && typeof current === 'object' && 'version' in current && typeof current.version === 'number') {
          saved = await save(current.version).catch(() => undefined);
        }
      }
      if (saved) {
        const { locale: savedLocale, version } = saved;
        queryClient.setQueryData<Session | null>(SESSION_KEY, (s) => (s ? { ...s, user: { ...s.user, locale: savedLocale, version } } : s));
      }
    },
    [i18n, queryClient, user],
  );
}
