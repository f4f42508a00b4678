import { Alert, Button, Card, Checkbox, Group, Kbd, List, Modal, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission, ShowMore } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { useTeams } from '../../hooks.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import { ListSlaBadge, StatusBadge } from '../../tickets/components.tsx';
import {
  OPEN_STATUSES,
  TICKET_STATUSES,
  useAgents,
  useDesks,
  useTicketList,
  type Desk,
  type QueueParams,
  type Ticket,
  type TicketStatus,
  type TicketSummary,
} from '../../tickets/model.ts';
import type { Team } from '../../types.ts';
import { FollowUpSummary, followUpSearch, hasFollowUp, withoutFollowUp, type FollowUpNames, type FollowUpSearch } from './QueueFollowUp.tsx';

/**
 * Search parameters of /arenden: `ko` (queue), `status` (comma list), `sortering`, and the filters a
 * figure of the tertial follow-up links with (R-10, QueueFollowUp.tsx), named as the API names them.
 */
export interface QueueSearch extends FollowUpSearch {
  ko?: string;
  status?: string;
  sortering?: 'urgent' | 'newest' | 'oldest' | 'due';
}

export function validateQueueSearch(search: Record<string, unknown>): QueueSearch {
  const out: QueueSearch = followUpSearch(search);
  if (typeof search.ko === 'string' && /^(all|me|none|team:[a-z0-9_-]{1,40}:[123]|desk:[a-z0-9-]{1,40})$/.test(search.ko)) out.ko = search.ko;
  if (typeof search.status === 'string' && /^[a-z,]{0,60}$/.test(search.status)) out.status = search.status;
  if (search.sortering === 'urgent' || search.sortering === 'newest' || search.sortering === 'oldest' || search.sortering === 'due') {
    out.sortering = search.sortering;
  }
  return out;
}

interface QueueDef {
  key: string;
  label: string;
  params: QueueParams;
}

function queues(teams: Team[], desks: Desk[], t: Translate): QueueDef[] {
  // IT's team and line queues for those who work in the IT desk (or see everything); a department
  // desk's agents get their desk's queue instead.
  const it = desks.some((d) => d.isIt && d.agent) || desks.every((d) => !d.agent);
  const perDesk = desks.filter((d) => !d.isIt && d.agent).map((d) => ({ key: `desk:${d.code}`, label: d.name, params: { deskId: d.id } }));
  const perTeam = (it ? teams : []).flatMap((team) =>
    team.lines.map((line) => ({
      key: `team:${team.code}:${line}`,
      label: team.lines.length > 1 ? t('tickets.queueTeamLine', { team: team.name, n: line }) : team.name,
      params: { team: team.id, line },
    })),
  );
  return [
    ...perDesk,
    ...perTeam,
    { key: 'me', label: t('tickets.queueMine'), params: { assignee: 'me' } },
    { key: 'none', label: t('tickets.queueUnassigned'), params: { assignee: 'none' } },
    { key: 'all', label: t('tickets.queueAll'), params: {} },
  ];
}

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');

export function QueuePage() {
  return (
    <RequirePermission permission="worksQueue">
      <Queue />
    </RequirePermission>
  );
}

interface BulkFailure {
  number: string;
  message: string;
}

function Queue() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const search = useSearch({ from: '/arenden' });
  const navigate = useNavigate({ from: '/arenden' });
  const queryClient = useQueryClient();
  const teams = useTeams();
  const desks = useDesks();
  const myDesks = (desks.data?.items ?? []).filter((d) => d.agent);
  const defs = useMemo(() => queues(teams.data?.items ?? [], desks.data?.items ?? [], t), [teams.data, desks.data, t]);
  const myTeam = teams.data?.items.find((x) => x.id === user.teamId);
  const firstDesk = myDesks.find((d) => !d.isIt);
  // a follow-up figure's tickets are those it counted, whoever's queue and whatever their status
  // today (solved and closed ones included), unless the user then picks a queue or statuses.
  const followUp = followUpSearch(search);
  const filtered = hasFollowUp(followUp);
  const defaultQueue = filtered ? 'all' : myTeam && user.line !== null ? `team:${myTeam.code}:${user.line}` : firstDesk ? `desk:${firstDesk.code}` : 'all';
  const queueKey = search.ko ?? defaultQueue;
  const queue = defs.find((d) => d.key === queueKey) ?? defs.find((d) => d.key === 'all');
  const defaultStatuses = filtered ? TICKET_STATUSES : OPEN_STATUSES;
  const statuses = (search.status ?? defaultStatuses.join(',')).split(',').filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  // Issue 16: the default order puts the most urgent first (breached, at risk, earliest deadline).
  const sort = search.sortering ?? 'urgent';
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const params: QueueParams = {
    ...(queue?.params ?? {}),
    ...followUp,
    status: statuses.length ? statuses.join(',') : undefined,
    q: q || undefined,
    sort,
    limit: 50,
  };
  const municipalities = useMunicipalities();
  const followUpNames: FollowUpNames = {
    category: (id) => desks.data?.items.flatMap((d) => d.categories).find((c) => c.id === id)?.name,
    municipality: (id) => municipalities.data?.items.find((m) => m.id === id)?.name,
    desk: (id) => desks.data?.items.find((d) => d.id === id)?.name,
  };
  const enabled = teams.isSuccess && desks.isSuccess;
  // Colleagues to assign to: the agents of the queue's desk, else of the desk the user works in.
  const queueDesk = queue?.params.deskId;
  const agentDesk = typeof queueDesk === 'string' ? queueDesk : (myDesks.find((d) => d.isIt) ?? myDesks[0])?.id;
  const agents = useAgents(agentDesk);
  const list = useTicketList(params, enabled);
  const items = useMemo(() => (enabled ? (list.data?.pages.flatMap((p) => p.items) ?? []) : []), [enabled, list.data]);
  const setSearch = (next: QueueSearch) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(-1);
  const [help, setHelp] = useState(false);
  const [bulkTarget, setBulkTarget] = useState<string>(user.id);
  const [bulkBusy, setBulkBusy] = useState(false);
  const [failures, setFailures] = useState<BulkFailure[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);
  // The summary and its button go away: focus moves to the search field rather than to the page's start.
  const clearFollowUp = () => {
    void navigate({ search: (prev) => ({ ...prev, ...withoutFollowUp }), replace: true });
    searchRef.current?.focus();
  };
  const rowLinks = useRef<(HTMLAnchorElement | null)[]>([]);

  const agentName = (id: string | null, name: string | null) => {
    if (id === null) return t('tickets.unassigned');
    if (id === user.id) return t('tickets.you', { name: user.displayName });
    return name ?? t('tickets.someAgent');
  };
  const teamLine = (x: TicketSummary) => {
    const team = teams.data?.items.find((tm) => tm.id === x.teamId);
    return team ? t('tickets.teamLine', { team: team.name, line: x.line }) : t('tickets.lineN', { n: x.line });
  };

  /** Assigns tickets one by one with each one's version; a failure (e.g. 409) is reported per ticket. */
  const assignAll = async (tickets: TicketSummary[], assigneeUserId: string) => {
    setBulkBusy(true);
    setFailures([]);
    const failed: BulkFailure[] = [];
    let done = 0;
    for (const x of tickets) {
      try {
        await api.post<Ticket>(`/api/v1/tickets/${x.id}/assign`, { version: x.version, assigneeUserId });
        done++;
      } catch (e) {
        const message = e instanceof ApiError ? (e.code === 'stale_version' ? t('tickets.bulkStale') : e.messageIn(locale)) : String(e);
        failed.push({ number: x.number, message });
      }
    }
    setBulkBusy(false);
    setFailures(failed);
    setSelected(new Set());
    if (done > 0) notifications.show({ color: 'green', message: t('tickets.bulkAssigned', { count: done }) });
    await queryClient.invalidateQueries({ queryKey: ['tickets'] });
  };

  // Keyboard shortcuts: j/k move, Enter opens, / searches, a assigns to me, ? shows help. Not while typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector('[role="dialog"]')) return;
      const move = (to: number) => {
        if (items.length === 0) return;
        const i = Math.max(0, Math.min(items.length - 1, to));
        setActive(i);
        rowLinks.current[i]?.focus();
      };
      switch (e.key) {
        case 'j':
          e.preventDefault();
          move(active + 1);
          break;
        case 'k':
          e.preventDefault();
          move(active - 1);
          break;
        case 'Enter': {
          const x = items[active];
          if (x && document.activeElement !== rowLinks.current[active]) {
            e.preventDefault();
            void navigate({ to: '/arende/$id', params: { id: x.id } });
          }
          break;
        }
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          break;
        case 'a': {
          const x = items[active];
          if (x && x.assigneeUserId !== user.id) {
            e.preventDefault();
            void assignAll([x], user.id);
          }
          break;
        }
        case '?':
          e.preventDefault();
          setHelp(true);
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const selectedItems = items.filter((x) => selected.has(x.id));
  const allSelected = items.length > 0 && selectedItems.length === items.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('tickets.queueTitle')}
        intro={t('tickets.queueIntro')}
        actions={
          <Group gap="xs">
            <Button component={Link} to="/arenden/samtal" variant="default">
              {t('tickets.registerCall')}
            </Button>
            <Button component={Link} to="/arenden/sla-brott" variant="default">
              {t('tickets.breaches')}
            </Button>
            <Button variant="subtle" onClick={() => setHelp(true)} aria-haspopup="dialog">
              {t('tickets.shortcuts')} (?)
            </Button>
          </Group>
        }
      />
      <Card withBorder mb="md" component="section" aria-label={t('tickets.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label={t('tickets.queue')}
            data={defs.map((d) => ({ value: d.key, label: d.label }))}
            value={queue?.key ?? 'all'}
            onChange={(e) => setSearch({ ko: e.currentTarget.value })}
            miw={240}
          />
          <TextInput
            ref={searchRef}
            label={t('tickets.search')}
            description={t('tickets.searchHelp')}
            type="search"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
            miw={260}
          />
          <NativeSelect
            label={t('tickets.sort')}
            data={[
              { value: 'urgent', label: t('ticketsMore.sortUrgent') },
              { value: 'newest', label: t('tickets.sortNewest') },
              { value: 'oldest', label: t('tickets.sortOldest') },
              { value: 'due', label: t('tickets.sortDue') },
            ]}
            value={sort}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSearch({ sortering: v === 'oldest' || v === 'due' || v === 'newest' ? v : 'urgent' });
            }}
          />
        </Group>
        <Checkbox.Group label={t('tickets.statusLabel')} value={statuses} onChange={(v) => setSearch({ status: v.join(',') })} mt="sm">
          <Group gap="md" mt={4}>
            {TICKET_STATUSES.map((s) => (
              <Checkbox key={s} value={s} label={t(`tickets.status.${s}`)} />
            ))}
          </Group>
        </Checkbox.Group>
      </Card>

      {filtered && <FollowUpSummary search={followUp} names={followUpNames} locale={locale} onClear={clearFollowUp} />}
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs" role="group" aria-label={t('tickets.bulk')}>
          <NativeSelect
            aria-label={t('tickets.assignTo')}
            data={[
              { value: user.id, label: t('tickets.me') },
              ...(agents.data?.items ?? []).filter((a) => a.id !== user.id).map((a) => ({ value: a.id, label: a.displayName })),
            ]}
            value={bulkTarget}
            onChange={(e) => setBulkTarget(e.currentTarget.value)}
            size="sm"
          />
          <Button size="sm" disabled={selectedItems.length === 0} loading={bulkBusy} onClick={() => void assignAll(selectedItems, bulkTarget)}>
            {t('tickets.bulkAssign', { count: selectedItems.length })}
          </Button>
        </Group>
        <Text size="sm" role="status" aria-live="polite">
          {list.isFetching && !list.isFetchingNextPage ? t('tickets.searching') : t('tickets.shown', { count: items.length })}
        </Text>
      </Group>
      {failures.length > 0 && (
        <Alert
          color="orange"
          title={t('tickets.bulkFailed')}
          role="alert"
          mb="sm"
          withCloseButton
          closeButtonLabel={t('app.close')}
          onClose={() => setFailures([])}
        >
          <List size="sm">
            {failures.map((f) => (
              <List.Item key={f.number}>
                {f.number}: {f.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      {list.isPending || !enabled ? (
        <Loading />
      ) : list.isError ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{q ? t('tickets.noHits', { q }) : t('tickets.queueEmpty')}</EmptyState>
      ) : (
        <>
          {/* Issue 16: at 1366 px the menu leaves the list about 1050 px; wider than that, the table
              scrolled sideways and cut the SLA column (the last) in half. 960 px fits a 1280 px
              screen too; the columns wrap their text, the badges included. */}
          <ScrollTable label={queue?.label ?? t('tickets.queueTitle')} minWidth={960}>
            <Table highlightOnHover withTableBorder>
              <caption className="visually-hidden">{queue?.label}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">
                    <Checkbox
                      aria-label={t('tickets.selectAll')}
                      checked={allSelected}
                      indeterminate={selectedItems.length > 0 && !allSelected}
                      onChange={(e) => setSelected(e.currentTarget.checked ? new Set(items.map((x) => x.id)) : new Set())}
                    />
                  </Table.Th>
                  <Table.Th scope="col">{t('tickets.number')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.subject')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.requester')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.statusLabel')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.teamAndLine')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.assignee')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.received')}</Table.Th>
                  <Table.Th scope="col" miw={170}>
                    {t('tickets.slaLabel')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((x, i) => (
                  <Table.Tr key={x.id} bg={i === active ? 'var(--mantine-color-blue-light)' : undefined} aria-current={i === active ? 'true' : undefined}>
                    <Table.Td>
                      <Checkbox
                        aria-label={t('tickets.select', { number: x.number })}
                        checked={selected.has(x.id)}
                        onChange={(e) => toggle(x.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/arende/$id"
                        params={{ id: x.id }}
                        ref={(el: HTMLAnchorElement | null) => {
                          rowLinks.current[i] = el;
                        }}
                        onFocus={() => setActive(i)}
                      >
                        {x.number}
                      </AnchorLink>
                      {x.onCall && (
                        <Text span size="xs" c="grape.8" fw={700} ml={6}>
                          {t('tickets.onCall')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{x.subject}</Table.Td>
                    <Table.Td>{x.requesterName}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={x.status} />
                    </Table.Td>
                    <Table.Td>{teamLine(x)}</Table.Td>
                    <Table.Td>{agentName(x.assigneeUserId, x.assigneeName)}</Table.Td>
                    <Table.Td>
                      <time dateTime={x.receivedAt}>{formatDateTime(x.receivedAt)}</time>
                    </Table.Td>
                    <Table.Td>
                      <ListSlaBadge sla={x.sla} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <ShowMore list={list} />
        </>
      )}
      <Modal opened={help} onClose={() => setHelp(false)} title={t('tickets.shortcuts')}>
        <Table>
          <Table.Tbody>
            {(
              [
                ['j', 'tickets.keyNext'],
                ['k', 'tickets.keyPrevious'],
                ['Enter', 'tickets.keyOpen'],
                ['/', 'tickets.keySearch'],
                ['a', 'tickets.keyAssign'],
                ['?', 'tickets.keyHelp'],
              ] as const
            ).map(([key, label]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row">
                  <Kbd>{key}</Kbd>
                </Table.Th>
                <Table.Td>{t(label)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed" mt="sm">
          {t('tickets.keyNote')}
        </Text>
      </Modal>
    </>
  );
}
