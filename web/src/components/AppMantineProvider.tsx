import { MantineProvider } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cssVariablesResolver, themeFor } from '../theme.ts';

/**
 * Mantine with the app's theme in the UI language: the names the theme gives Mantine's icon-only
 * controls (the × of dialogs and notifications) follow a language switch.
 */
export function AppMantineProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const theme = useMemo(() => themeFor({ closeDialog: t('app.closeDialog'), closeNotification: t('app.closeNotification') }), [t, language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}
