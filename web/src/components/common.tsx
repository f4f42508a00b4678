import { Alert, Button, Center, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../api.ts';
import { useLocale, useSession } from '../session.tsx';
import type { Locale } from '../types.ts';
import type { Permission } from '../../../src/app/permissions.ts';

/** The page's one h1; sets the document title and takes focus after client-side navigation. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <Stack gap={4} mb="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1} ref={ref} tabIndex={-1} id="page-title">
          {title}
        </Title>
        {actions}
      </Group>
      {intro && <Text c="dimmed">{intro}</Text>}
    </Stack>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text>{label ?? t('app.loading')}</Text>
      </Group>
    </Center>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" py="lg" ta="center">
      {children}
    </Text>
  );
}

/**
 * How a field problem names its field for people (issue 16: never `erasure.serial`): the label the form
 * shows for it, else the server's label in the UI language, else the key made readable.
 */
export function fieldLabel(p: FieldProblem, locale: Locale, labels: Record<string, string> = {}): string {
  const own = labels[p.field] ?? labels[p.field.replace(/^(query|path)\./, '')];
  if (own) return own;
  const server = locale === 'sv' ? p.label : (p.labelEn ?? p.label);
  if (server) return server;
  const key =
    p.field
      .split('.')
      .filter((k) => !/^\d+$/.test(k))
      .at(-1) ?? p.field;
  const words = key
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The server's message in the UI language; field problems without a matching field are listed too,
 * each named by the form's label for it (`labels`, by field) or the server's label — never the path.
 */
export function ProblemAlert({
  error,
  knownFields = [],
  labels,
  onRetry,
}: {
  error: unknown;
  knownFields?: string[];
  labels?: Record<string, string>;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!error) return null;
  if (error instanceof ApiError && error.code === 'stale_version') return null;
  const message = error instanceof ApiError ? error.messageIn(locale) : error instanceof Error ? error.message : t('app.errorTitle');
  const loose = error instanceof ApiError ? error.problem.errors.filter((p) => !knownFields.includes(p.field)) : [];
  return (
    <Alert color="red" title={t('app.errorTitle')} role="alert">
      <Text size="sm">{message}</Text>
      {loose.length > 0 && (
        <ul>
          {loose.map((p, i) => (
            <li key={`${p.field}-${i}`}>
              {p.row !== undefined ? `${locale === 'sv' ? 'Rad' : 'Line'} ${p.row}, ` : ''}
              {fieldLabel(p, locale, labels)}: {locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <Button variant="outline" color="red" size="xs" mt="sm" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * A question before an action that cannot be undone: Cancel has the focus and the action is red. A
 * refusal is shown in the dialog; a stale version (someone changed the record since the dialog opened)
 * shows `staleMessage`. After a refusal the action stays disabled, since the caller reloads the record
 * behind the dialog, unless `retryable` (nothing to reload: the same request may simply be tried again).
 */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  action,
  staleMessage,
  knownFields,
  retryable = false,
  onClose,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  action: { mutate: () => void; isPending: boolean; error: unknown };
  staleMessage?: string;
  knownFields?: string[];
  retryable?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const stale = action.error instanceof ApiError && action.error.code === 'stale_version';
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Text>{message}</Text>
        {stale && staleMessage !== undefined ? (
          <Alert color="orange" role="alert">
            {staleMessage}
          </Alert>
        ) : (
          <ProblemAlert error={action.error} knownFields={knownFields} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('app.cancel')}
          </Button>
          <Button color="red" onClick={() => action.mutate()} loading={action.isPending} disabled={!retryable && Boolean(action.error)}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A dialog form's buttons at its foot: "Avbryt" closes it, the submit button sends the form (busy while it is sent). */
export function FormButtons({
  submitLabel,
  submitting,
  onCancel,
  color,
  disabled,
}: {
  submitLabel: string;
  submitting: boolean;
  onCancel: () => void;
  color?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('app.cancel')}
      </Button>
      <Button type="submit" color={color} loading={submitting} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** 409 stale_version: someone else saved first. Offers to load the record as it is now. */
export function StaleAlert<T>({ error, onReload }: { error: unknown; onReload: (current: T) => void }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'stale_version') return null;
  const current = error.problem.current;
  return (
    <Alert color="orange" title={t('app.staleTitle')} role="alert">
      <Text size="sm">{t('app.staleBody')}</Text>
      {current !== undefined && current !== null && (
        <Button size="xs" mt="sm" onClick={() => onReload(current as T)}>
          {t('app.staleReload')}
        </Button>
      )}
    </Alert>
  );
}

/** Shows children only to users the server allows `permission` (the session's `can`; the API checks again). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can[permission]) {
    return (
      <Alert color="red" role="alert">
        <Text>{t('app.forbidden')}</Text>
      </Alert>
    );
  }
  return <>{children}</>;
}

/** "Visa fler" under a keyset-paged list (an infinite query); nothing when there is no next page. */
export function ShowMore({
  list,
  centered = true,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  centered?: boolean;
}) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  const button = (
    <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
      {t('app.showMore')}
    </Button>
  );
  return centered ? (
    <Group justify="center" mt="md">
      {button}
    </Group>
  ) : (
    button
  );
}
