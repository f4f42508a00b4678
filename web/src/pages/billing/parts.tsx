import { Badge, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import type { RunStatus } from '../../billing/model.ts';
import { useMunicipalities } from '../../session.tsx';
import type { Locale } from '../../types.ts';

const STATUS_COLOR: Record<RunStatus, string> = { draft: 'gray', reviewed: 'blue', approved: 'green' };

/** a run's status as a badge, named in the UI language. */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`billing.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** A titled section of a page (h2, or h3 inside another), named by its heading. */
export function Section({ id, title, order = 2, children }: { id: string; title: string; order?: 2 | 3; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={order} size={order === 2 ? 'h3' : 'h4'} id={id} mb="sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

/** A municipality's name by id (the API scopes the list); its code from the run while the names load. */
export function useMunicipalityName(): (id: string, fallback?: string) => string {
  const municipalities = useMunicipalities();
  return (id, fallback) => municipalities.data?.items.find((m) => m.id === id)?.name ?? fallback ?? '';
}

/** The server's reasons of a refusal in the UI language (field problems), or its message when it names none. */
export function reasonsOf(err: unknown, locale: Locale): string[] {
  if (!(err instanceof ApiError)) return err instanceof Error ? [err.message] : [];
  const reasons = err.problem.errors.map((p) => (locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason));
  return reasons.length ? reasons : [err.messageIn(locale)];
}

/** Cell style for money: right-aligned, never wrapped. */
export const MONEY = { ta: 'right', style: { whiteSpace: 'nowrap' } } as const;
