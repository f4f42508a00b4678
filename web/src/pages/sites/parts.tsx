import { Alert, Button, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useLocale } from '../../session.tsx';
import { capitalised, formatHoursNumber, type SiteSummary } from '../../sites/model.ts';
import type { Translate } from '../../texts.ts';

/**
 * A site's shortfalls, each the server's sentence, which names what falls short ("Reservkraften räcker
 * 2 timmar av kravets 4 timmar", "Kylanläggning saknas"); `none` when it has none.
 */
export function ShortfallList({ shortfalls, none }: { shortfalls: SiteSummary['shortfalls']; none: string }) {
  if (shortfalls.length === 0) return <>{none}</>;
  return (
    <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
      {shortfalls.map((f) => (
        <li key={`${f.system}-${f.reason}`}>{capitalised(f.text)}</li>
      ))}
    </ul>
  );
}

/** Hours as people say them: "1 timme", "4,5 timmar". */
export function useHoursText(): (hours: number) => string {
  const { t } = useTranslation();
  const locale = useLocale();
  return (hours) => t('sites.hours', { count: hours, n: formatHoursNumber(hours, locale) });
}

/** Days as people say them: "1 dag", "7 dagar". */
export const daysText = (days: number, t: Translate): string => t('sites.days', { count: days, n: String(days) });

/** Text as written, line breaks kept; a dash when there is none. */
export function Written({ children }: { children: string }) {
  const { t } = useTranslation();
  return <span style={{ whiteSpace: 'pre-wrap' }}>{children.trim() || t('app.none')}</span>;
}

/** A server's lower-case text at the start of a cell. */
export const Capitalised = ({ text }: { text: string }) => <>{capitalised(text)}</>;

/**
 * 409 stale_version: the record changed since the page read it. The conflict's answer carries only the
 * record's row, so the page reads the record again (`queryKey`); the dialog then sends with the new version.
 */
export function StaleRecord({
  error,
  queryKey,
  message,
  reload,
  onReload,
}: {
  error: unknown;
  queryKey: readonly unknown[];
  message: string;
  reload: string;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  if (!(error instanceof ApiError) || error.code !== 'stale_version') return null;
  return (
    <Alert color="orange" title={t('app.staleTitle')} role="alert">
      <Text size="sm">{message}</Text>
      <Button
        size="xs"
        mt="sm"
        onClick={() => {
          onReload();
          void queryClient.invalidateQueries({ queryKey });
        }}
      >
        {reload}
      </Button>
    </Alert>
  );
}
