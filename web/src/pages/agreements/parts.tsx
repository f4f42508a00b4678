import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, OwnerOut, ReviewState } from '../../agreements/model.ts';
import { formatDate } from '../../format.ts';
import type { AgreementPermission, Locale, Review } from '../../types.ts';

const STATUS_COLOR: Record<ApplicationStatus, string> = { in_preparation: 'blue', active: 'green', terminated: 'gray', cloud: 'violet' };

/** An application's status as a badge, named in the UI language. */
export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`agreements.statuses.${status}`)}
    </Badge>
  );
}

const REVIEW_STATE_COLOR: Record<ReviewState, string> = { overdue: 'red', due: 'orange', later: 'gray', none: 'gray' };

/**
 * the next review's date, marked when it is due soon or overdue (the server's `reviewState`,
 * by the mission's warning days); the mark is words, not only a colour.
 */
export function NextReview({ on, state }: { on: string | null; state: ReviewState }) {
  const { t } = useTranslation();
  if (on === null) return <>{t('agreements.list.noReview')}</>;
  return (
    <Group gap={6} wrap="nowrap">
      <Text component="span" size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(on)}
      </Text>
      {(state === 'overdue' || state === 'due') && (
        <Badge color={REVIEW_STATE_COLOR[state]} variant={state === 'overdue' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
          {t(`agreements.reviewStates.${state}`)}
        </Badge>
      )}
    </Group>
  );
}

const REVIEW_STATUS_COLOR: Record<Review['status'], string> = { booked: 'blue', held: 'green', cancelled: 'gray' };

export function ReviewStatusBadge({ status }: { status: Review['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={REVIEW_STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`agreements.reviewStatuses.${status}`)}
    </Badge>
  );
}

/** Why the server refuses an action, in the UI language (its reason, as the API would give it). */
export function whyNot(p: AgreementPermission, locale: Locale): string | null {
  return locale === 'sv' ? (p.reasonSv ?? p.reason) : (p.reason ?? p.reasonSv);
}

/** An owner for people: "Åsa Öberg (skolchef)", the person alone, the role alone, or nobody named. */
export function ownerText(owner: OwnerOut, none: string): string {
  if (owner === null) return none;
  const role = owner.role.trim();
  if (owner.personName && role) return `${owner.personName} (${role})`;
  return owner.personName ?? (role || none);
}
