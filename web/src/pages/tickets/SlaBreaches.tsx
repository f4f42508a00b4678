import { Card, Checkbox, Group, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { PageHeader, RequirePermission } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { useTeams } from '../../hooks.ts';
import { useLocale } from '../../session.tsx';
import { StatusBadge } from '../../tickets/components.tsx';
import type { Breach, BreachPage } from '../../../../src/tickets/contract.ts';
import type { Locale } from '../../types.ts';

/** Today and the first of this month as Stockholm local dates (YYYY-MM-DD). */
function thisMonth(): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/**
 * SLA breaches recorded for follow-up (issue 4): deadlines that passed before the ticket was solved,
 * per period, for the desk's agents and IT management. The server filters by municipality and desk.
 */
export function SlaBreachesPage() {
  return (
    <RequirePermission permission="readsSlaBreaches">
      <Breaches />
    </RequirePermission>
  );
}

/**
 * the reason the desk recorded on a breach (given on the ticket's page). The texts live
 * here until web/src/tickets/texts.ts takes them.
 */
const REASON_TEXTS = {
  sv: { column: 'Orsak', missing: 'Orsak saknas' },
  en: { column: 'Reason', missing: 'No reason given' },
} satisfies Record<Locale, Record<string, string>>;

function Breaches() {
  const { t } = useTranslation();
  const locale = useLocale();
  const teams = useTeams();
  const [range, setRange] = useState(thisMonth);
  const [onlyIntefunktion, setOnlyIntefunktion] = useState(false);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
  const params = { from: range.from, to: range.to, intefunktion: onlyIntefunktion ? 'true' : undefined, limit: 50 };
  const list = useInfiniteQuery({
    enabled: valid,
    queryKey: ['sla-breaches', params],
    queryFn: ({ signal, pageParam }) => api.get<BreachPage>(`/api/v1/sla-breaches${qs({ ...params, cursor: pageParam ?? undefined })}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const totals = list.data?.pages[0]?.totals;
  const teamLine = (b: Breach) => {
    const team = teams.data?.items.find((tm) => tm.id === b.teamId);
    return team ? t('tickets.teamLine', { team: team.name, line: b.line }) : t('tickets.lineN', { n: b.line });
  };

  return (
    <>
      <PageHeader title={t('tickets.breachesTitle')} intro={t('tickets.breachesIntro')} />
      <Card withBorder mb="md" component="section" aria-label={t('tickets.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            label={t('tickets.breachesFrom')}
            value={range.from}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setRange((r) => ({ ...r, from: v }));
            }}
          />
          <TextInput
            type="date"
            label={t('tickets.breachesTo')}
            value={range.to}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setRange((r) => ({ ...r, to: v }));
            }}
            error={valid ? undefined : t('tickets.breachesBadRange')}
          />
          <Checkbox
            label={t('tickets.breachesOnlyIntefunktion')}
            checked={onlyIntefunktion}
            onChange={(e) => setOnlyIntefunktion(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
      </Card>
      {valid && (
        <>
          {list.isSuccess && totals && (
            <Text mb="sm" role="status">
              {t('tickets.breachesTotals', { count: totals.total, intefunktion: totals.intefunktion })}
            </Text>
          )}
          <ListTable
            query={list}
            items={items}
            empty={t('tickets.breachesEmpty')}
            label={t('tickets.breachesTitle')}
            caption
            highlight={false}
            minWidth={1080}
            columns={[
              t('tickets.number'),
              t('tickets.subject'),
              t('tickets.breachesDeadline'),
              t('tickets.breachesSolved'),
              t('tickets.statusLabel'),
              t('tickets.teamAndLine'),
              t('tickets.breachesKind'),
              REASON_TEXTS[locale].column,
            ]}
            row={(b) => (
              <Table.Tr key={b.id}>
                <Table.Td>
                  <AnchorLink to="/arende/$id" params={{ id: b.ticketId }}>
                    {b.number}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{b.subject}</Table.Td>
                <Table.Td>
                  <time dateTime={b.dueAt}>{formatDateTime(b.dueAt)}</time>
                </Table.Td>
                <Table.Td>{b.solvedAt ? <time dateTime={b.solvedAt}>{formatDateTime(b.solvedAt)}</time> : t('tickets.breachesNotSolved')}</Table.Td>
                <Table.Td>
                  <StatusBadge status={b.status} />
                </Table.Td>
                <Table.Td>{teamLine(b)}</Table.Td>
                <Table.Td>{b.intefunktion ? t('tickets.breachesIntefunktion') : t('tickets.breachesOther')}</Table.Td>
                <Table.Td>
                  {b.reason === null ? (
                    <Text size="sm" c="dimmed">
                      {REASON_TEXTS[locale].missing}
                    </Text>
                  ) : (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {b.reason}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            )}
            more={list}
          />
        </>
      )}
    </>
  );
}
