import { Badge, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { whyNot, type GovernancePermission, type RequestState } from '../../governance/model.ts';
import { useLocale } from '../../session.tsx';

const STATE_COLOR: Record<RequestState, string> = {
  registered: 'gray',
  prepared: 'blue',
  decided: 'indigo',
  prioritised: 'indigo',
  awaiting_boards: 'orange',
  boards_approved: 'teal',
  in_progress: 'cyan',
  delivered: 'green',
  closed: 'green',
  rejected: 'red',
};

/** A request's state in words (never by colour alone). */
export function StateBadge({ state }: { state: RequestState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
      {t(`governance.states.${state}`)}
    </Badge>
  );
}

/** The municipality a request concerns, or both. */
export function MunicipalityText({ municipality }: { municipality: { name: string } | null }) {
  const { t } = useTranslation();
  return <>{municipality?.name ?? t('governance.bothMunicipalities')}</>;
}

/** The unit that raised a request, or the IT unit itself. */
export function UnitText({ unit }: { unit: { name: string } | null }) {
  const { t } = useTranslation();
  return <>{unit?.name ?? t('governance.itUnit')}</>;
}

/**
 * The request's actions from the server's permissions, one under the other: each allowed one enabled,
 * each refused one disabled with the server's reason written under it (not only a tooltip) and tied
 * to the button by `aria-describedby`.
 */
export function PermissionButtons({
  id,
  label,
  buttons,
}: {
  id: string;
  label: string;
  buttons: { key: string; text: string; permission: GovernancePermission; onClick: () => void; color?: string }[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Stack gap="sm" role="group" aria-label={label}>
      {buttons.map((b) => {
        const reason = b.permission.allowed ? null : whyNot(b.permission, locale);
        const reasonId = `${id}-why-${b.key}`;
        return (
          <Stack key={b.key} gap={2}>
            <Button
              variant={b.permission.allowed ? 'filled' : 'default'}
              color={b.permission.allowed ? b.color : undefined}
              disabled={!b.permission.allowed}
              aria-describedby={reason ? reasonId : undefined}
              onClick={b.onClick}
              justify="flex-start"
            >
              {b.text}
            </Button>
            {reason && (
              <Text size="sm" id={reasonId}>
                {t('governance.request.whyNot', { action: b.text, reason: sentence(reason) })}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}

/** The server's reason ending as a sentence does. */
function sentence(reason: string): string {
  return reason.trim().replace(/[.]?$/, '.');
}
