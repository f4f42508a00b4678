import { Badge, Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { currentYear, messageShownState, whyNot, type MessageShownState } from '../../operations/model.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import type { ItFunction, OperationsMessage, OperationsPermission } from '../../types.ts';
import type { OperationsSearch } from './Operations.tsx';

/** An outage still going on, said in words (not by colour alone). */
export function OngoingBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red" variant="light" tt="none" style={{ minWidth: 'max-content' }}>
      {t('operations.outages.ongoing')}
    </Badge>
  );
}

const STATE_COLOR: Record<MessageShownState, string> = { ongoing: 'red', upcoming: 'blue', resolved: 'green', withdrawn: 'gray' };

/** A message's state as the public reads it (or withdrawn), named in the UI language. */
export function MessageStateBadge({ message }: { message: Pick<OperationsMessage, 'state' | 'withdrawn'> }) {
  const { t } = useTranslation();
  const state = messageShownState(message);
  return (
    <Badge color={STATE_COLOR[state]} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
      {t(`operations.messageStates.${state}`)}
    </Badge>
  );
}

/** Buttons from the server's permissions: each allowed one enabled, the others disabled with the reason listed beside them. */
export function PermissionButtons({
  id,
  label,
  buttons,
}: {
  id: string;
  label: string;
  buttons: { key: string; text: string; permission: OperationsPermission; onClick: () => void; color?: string }[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refused = buttons.filter((b) => !b.permission.allowed && whyNot(b.permission, locale));
  return (
    <Stack gap="xs">
      <Group gap="xs" role="group" aria-label={label}>
        {buttons.map((b) => (
          <Button
            key={b.key}
            variant="default"
            color={b.color}
            disabled={!b.permission.allowed}
            aria-describedby={!b.permission.allowed && whyNot(b.permission, locale) ? `${id}-why-${b.key}` : undefined}
            onClick={b.onClick}
          >
            {b.text}
          </Button>
        ))}
      </Group>
      {refused.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: '1.25rem' }} aria-label={t('operations.outage.notAllowed')}>
          {refused.map((b) => (
            <li key={b.key} id={`${id}-why-${b.key}`}>
              <Text size="sm" component="span">
                {t('operations.outage.whyNot', { action: b.text, reason: whyNot(b.permission, locale) })}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/** A Stockholm date and clock time as two native inputs side by side (format.ts stockholmInstant reads them). */
export function DateTimeFields({
  dateLabel,
  timeLabel,
  date,
  time,
  error,
  required = false,
  description,
}: {
  dateLabel: string;
  timeLabel: string;
  date: { value: string; onChange: (event: { currentTarget: { value: string } }) => void; error: string | undefined };
  time: { value: string; onChange: (event: { currentTarget: { value: string } }) => void; error: string | undefined };
  error?: string | undefined;
  required?: boolean;
  description?: string;
}) {
  return (
    <Stack gap={4}>
      <Group align="flex-start" wrap="wrap">
        <TextInput type="date" label={dateLabel} required={required} w={200} {...date} error={date.error ?? error} />
        <TextInput type="time" label={timeLabel} required={required} w={140} {...time} />
      </Group>
      {description && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
    </Stack>
  );
}

/** The municipalities the user may see, as checkboxes (the API scopes the list). */
export function MunicipalityChecks({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const municipalities = useMunicipalities();
  return (
    <Checkbox.Group label={label} required value={value} onChange={onChange} error={error}>
      <Group mt="xs" gap="lg">
        {(municipalities.data?.items ?? []).map((m) => (
          <Checkbox key={m.id} value={m.id} label={m.name} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/**
 * The IT functions to choose among: those measured in any of `municipalityIds` (and any already
 * chosen, so nothing chosen disappears from sight), as checkboxes.
 */
export function FunctionChecks({
  label,
  description,
  functions,
  municipalityIds,
  value,
  onChange,
  empty,
  error,
}: {
  label: string;
  description?: string;
  functions: readonly ItFunction[];
  municipalityIds: readonly string[];
  value: string[];
  onChange: (ids: string[]) => void;
  empty: string;
  error?: string | undefined;
}) {
  const shown = functions.filter((f) => value.includes(f.id) || (f.active && f.municipalities.some((m) => municipalityIds.includes(m.id))));
  return (
    <Checkbox.Group label={label} description={description} value={value} onChange={onChange} error={error}>
      {shown.length === 0 ? (
        <Text size="sm" mt="xs">
          {empty}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          {shown.map((f) => (
            <Checkbox key={f.id} value={f.id} label={f.name} />
          ))}
        </SimpleGrid>
      )}
    </Checkbox.Group>
  );
}

/**
 * The server's field problems a form places on its own inputs (`pathOf` gives the input, undefined
 * when the form has none), for ProblemAlert to list only the others.
 */
export function placedFields(err: unknown, pathOf: (field: string) => string | undefined): string[] {
  return err instanceof ApiError ? err.problem.errors.filter((p) => pathOf(p.field) !== undefined).map((p) => p.field) : [];
}

/** The year and (for IT staff of both municipalities) the municipality, shared by the outages and the report. */
export function YearAndMunicipality() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const navigate = useNavigate({ from: '/drift-och-tillganglighet' });
  const now = currentYear();
  const year = search.ar ?? now;
  const years = [...new Set([now - 3, now - 2, now - 1, now, now + 1, year])].sort((a, b) => b - a);
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('operations.page.year')}
        data={years.map((y) => ({ value: String(y), label: String(y) }))}
        value={String(year)}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          void navigate({ search: (s: OperationsSearch) => ({ ...s, ar: v === now ? undefined : v, period: undefined }), replace: true });
        }}
      />
      {user.municipalityId === null && (
        <MunicipalitySelect
          allowAll
          label={t('operations.page.municipality')}
          value={search.kommun ?? ''}
          onChange={(id) => void navigate({ search: (s: OperationsSearch) => ({ ...s, kommun: id || undefined }), replace: true })}
        />
      )}
    </Group>
  );
}
