import { Alert, Anchor, Badge, Button, Grid, Group, Modal, NativeSelect, NumberInput, Radio, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { useMission, useTeams } from '../../hooks.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { TextKey, Translate } from '../../texts.ts';
import { requiredProblems } from '../../forms.ts';
import { Attachments, Conversation, isStale, sayWith, Section, SlaState, StatusBadge, useFieldErrors } from '../../tickets/components.tsx';
import { LinkRequester } from '../../tickets/LinkRequester.tsx';
import { isDone, onCallRuleText, ticketKey, useAgents, useDesks, useTicket, type Ticket, type TicketStatus } from '../../tickets/model.ts';
import type { Team, Unit } from '../../types.ts';
import { StartOutageButton } from '../operations/StartOutage.tsx';
import { BreachReasons } from './BreachReasons.tsx';

/** One ticket: the agent's workspace when the user works the ticket's desk, else the requester's view. */
export function TicketPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/arende/$id' });
  const ticket = useTicket(id);
  const [stale, setStale] = useState(false);
  if (ticket.isPending) return <Loading />;
  if (ticket.isError) return <ProblemAlert error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const tk = ticket.data;
  const notice = stale && (
    <Alert
      color="orange"
      title={t('tickets.staleTitle')}
      role="alert"
      mb="md"
      withCloseButton
      closeButtonLabel={t('app.close')}
      onClose={() => setStale(false)}
    >
      {t('tickets.staleBody')}
    </Alert>
  );
  return (
    <>
      <PageHeader title={t('tickets.ticketTitle', { number: tk.number, subject: tk.subject })} />
      {notice}
      {tk.canAct ? <AgentView ticket={tk} onStale={() => setStale(true)} /> : <RequesterView ticket={tk} onStale={() => setStale(true)} />}
    </>
  );
}

/**
 * A ticket action (POST /api/v1/tickets/{id}/…) answering the whole ticket. A 409 means someone else
 * changed the ticket: it is reloaded and the page says so.
 */
function useTicketAction<V>(
  ticket: Ticket,
  onStale: () => void,
  build: (vars: V, current: Ticket) => { path: string; body: unknown },
  onDone?: (t: Ticket) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => {
      const { path, body } = build(vars, ticket);
      return api.post<Ticket>(`/api/v1/tickets/${ticket.id}/${path}`, body);
    },
    onSuccess: async (answer) => {
      queryClient.setQueryData(ticketKey(ticket.id), answer);
      onDone?.(answer);
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
    onError: async (e) => {
      if (isStale(e)) {
        onStale();
        await queryClient.invalidateQueries({ queryKey: ticketKey(ticket.id) });
      }
    },
  });
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={200}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function teamLine(ticket: Pick<Ticket, 'teamId' | 'line'>, teams: Team[], t: Translate): string {
  const team = teams.find((x) => x.id === ticket.teamId);
  return team ? t('tickets.teamLine', { team: team.name, line: ticket.line }) : t('tickets.lineN', { n: ticket.line });
}

function useFunctionLabel() {
  const mission = useMission();
  return (code: string | null) => (code ? (mission.data?.document.support.intefunktion.functions.find((f) => f.code === code)?.label ?? code) : null);
}

// ---- requester ---------------------------------------------------------------------------------------

function RequesterView({ ticket, onStale }: { ticket: Ticket; onStale: () => void }) {
  const { t } = useTranslation();
  const functionLabel = useFunctionLabel();
  const [reply, setReply] = useState('');
  const send = useTicketAction<string>(
    ticket,
    onStale,
    (body) => ({ path: 'messages', body: { body, visibility: 'public' } }),
    () => setReply(''),
  );
  const status = useTicketAction<TicketStatus>(ticket, onStale, (to, cur) => ({ path: 'status', body: { version: cur.version, status: to } }));
  const changes = ticket.actions.statusChanges;
  const open = !isDone(ticket.status);
  const [local, setLocal] = useState<Record<string, string>>({});
  const sendErrors = useFieldErrors(send.error, local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems({ body: reply }, { body: { label: t('tickets.yourReply') } }, sayWith(t));
    setLocal(problems);
    if (Object.keys(problems).length === 0) send.mutate(reply);
  };
  return (
    <Stack>
      <Section id="tk-overview" title={t('tickets.overview')}>
        <Stack gap="sm">
          <Group gap="sm">
            <Text fw={600}>{t('tickets.statusLabel')}:</Text>
            <StatusBadge status={ticket.status} />
          </Group>
          <SlaState sla={ticket.sla} />
          {open && ticket.assignee && (
            <Text role="note">
              {t('tickets.yourTechnician', { name: ticket.assignee.name })}
              {ticket.assignee.email && (
                <>
                  {t('tickets.reachDirectly')} <Anchor href={`mailto:${ticket.assignee.email}`}>{ticket.assignee.email}</Anchor>
                </>
              )}
              {ticket.assignee.phone && (
                <>
                  {' '}
                  {t('ticketsMore.technicianPhone')} <Anchor href={`tel:${ticket.assignee.phone.replace(/[^\d+]/g, '')}`}>{ticket.assignee.phone}</Anchor>
                </>
              )}
            </Text>
          )}
          {open && !ticket.assignee && <Text c="dimmed">{t('tickets.noTechnicianYet')}</Text>}
          <Table variant="vertical" withTableBorder>
            <Table.Tbody>
              <Field label={t('tickets.number')}>{ticket.number}</Field>
              {ticket.intefunktion && <Field label={t('tickets.function')}>{functionLabel(ticket.intefunktion)}</Field>}
              <Field label={t('tickets.received')}>{formatDateTime(ticket.receivedAt)}</Field>
              {ticket.device && <Field label={t('tickets.device')}>{ticket.device}</Field>}
              <Field label={t('tickets.description')}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {ticket.description}
                </Text>
              </Field>
            </Table.Tbody>
          </Table>
          <ProblemAlert error={status.error} knownFields={[]} />
          <Group>
            {changes.includes('solved') && (
              <Button onClick={() => status.mutate('solved')} loading={status.isPending && status.variables === 'solved'}>
                {t('tickets.markSolved')}
              </Button>
            )}
            {changes.includes('open') && (
              <Button variant="default" onClick={() => status.mutate('open')} loading={status.isPending && status.variables === 'open'}>
                {t('tickets.reopen')}
              </Button>
            )}
          </Group>
        </Stack>
      </Section>
      <Section id="tk-conversation" title={t('tickets.conversation')}>
        <Stack>
          <Conversation messages={ticket.messages} headingId="tk-conversation" />
          {ticket.status !== 'closed' && (
            <form onSubmit={submit} noValidate aria-label={t('tickets.writeReply')}>
              <Stack gap="xs">
                <ProblemAlert error={send.error} knownFields={['body']} />
                <Textarea
                  label={t('tickets.yourReply')}
                  required
                  autosize
                  minRows={3}
                  maxLength={20_000}
                  value={reply}
                  onChange={(e) => setReply(e.currentTarget.value)}
                  error={sendErrors.body}
                />
                <Group justify="flex-end">
                  <Button type="submit" loading={send.isPending} disabled={!reply.trim()}>
                    {t('tickets.sendReply')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Section>
      <Section id="tk-attachments" title={t('tickets.attachments')}>
        <Attachments ticket={ticket} allowInternal={false} />
      </Section>
    </Stack>
  );
}

// ---- agent -------------------------------------------------------------------------------------------

const STATUS_BUTTON: Record<TicketStatus, TextKey> = {
  new: 'tickets.toNew',
  open: 'tickets.toOpen',
  waiting: 'tickets.toWaiting',
  solved: 'tickets.markSolved',
  closed: 'tickets.toClosed',
};

function AgentView({ ticket, onStale }: { ticket: Ticket; onStale: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const teams = useTeams().data?.items ?? [];
  const agents = useAgents(ticket.deskId);
  const desks = useDesks();
  const functionLabel = useFunctionLabel();
  const [escalating, setEscalating] = useState(false);
  const status = useTicketAction<TicketStatus>(ticket, onStale, (to, cur) => ({ path: 'status', body: { version: cur.version, status: to } }));
  const assign = useTicketAction<string | null>(ticket, onStale, (assigneeUserId, cur) => ({ path: 'assign', body: { version: cur.version, assigneeUserId } }));
  const handBack = useTicketAction<string>(
    ticket,
    onStale,
    (reason, cur) => ({ path: 'hand-back', body: { version: cur.version, reason } }),
    () => notifications.show({ color: 'green', message: t('tickets.handedBack') }),
  );
  const changes = ticket.actions.statusChanges;
  const category = desks.data?.items.find((d) => d.id === ticket.deskId)?.categories.find((c) => c.id === ticket.categoryId);
  const agentName = (id: string | null) =>
    id === null
      ? t('tickets.unassigned')
      : id === ticket.assignee?.id
        ? ticket.assignee.name
        : (agents.data?.items.find((a) => a.id === id)?.displayName ?? t('tickets.someAgent'));
  const otherAgents = (agents.data?.items ?? []).filter((a) => a.id !== ticket.assigneeUserId);
  const actionError = status.error ?? assign.error ?? handBack.error;

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack>
          <Section id="tk-overview" title={t('tickets.overview')}>
            <Stack gap="sm">
              <Group gap="sm" wrap="wrap">
                <StatusBadge status={ticket.status} />
                {ticket.onCall && (
                  <Badge color="grape" variant="filled" tt="none">
                    {t('tickets.onCall')}
                  </Badge>
                )}
                {ticket.affectsOperations && (
                  <Badge color="orange" variant="light" tt="none">
                    {t('tickets.affectsOperationsShort')}
                  </Badge>
                )}
                <Text size="sm">{teamLine(ticket, teams, t)}</Text>
              </Group>
              <SlaState sla={ticket.sla} />
              {ticket.channel === 'email' && !ticket.requester.personId && !ticket.requester.userId && <LinkRequester ticket={ticket} />}
              <Table variant="vertical" withTableBorder>
                <Table.Tbody>
                  <Field label={t('tickets.requester')}>
                    {ticket.requester.name}
                    {ticket.requester.email && (
                      <>
                        {' · '}
                        <Anchor href={`mailto:${ticket.requester.email}`}>{ticket.requester.email}</Anchor>
                      </>
                    )}
                    {ticket.requester.phone && ` · ${ticket.requester.phone}`}
                  </Field>
                  <Field label={t('tickets.assignee')}>
                    {ticket.assignee
                      ? `${ticket.assignee.name}${ticket.assignee.email || ticket.assignee.phone ? ` (${[ticket.assignee.email, ticket.assignee.phone].filter(Boolean).join(', ')})` : ''}`
                      : t('tickets.unassigned')}
                  </Field>
                  <Field label={t('ticketsMore.unit')}>
                    <UnitField ticket={ticket} onStale={onStale} />
                  </Field>
                  <Field label={t('tickets.category')}>{category?.name ?? t('app.none')}</Field>
                  {ticket.intefunktion && <Field label={t('tickets.function')}>{functionLabel(ticket.intefunktion)}</Field>}
                  <Field label={t('tickets.priority')}>{t(`tickets.priorities.${ticket.priority}`)}</Field>
                  <Field label={t('tickets.channel')}>{t(`tickets.channels.${ticket.channel}`, { defaultValue: ticket.channel })}</Field>
                  <Field label={t('tickets.received')}>{formatDateTime(ticket.receivedAt)}</Field>
                  {ticket.device && <Field label={t('tickets.device')}>{ticket.device}</Field>}
                  {ticket.deviceSupportLevel && <Field label={t('tickets.supportLevel')}>{t(`tickets.supportLevels.${ticket.deviceSupportLevel}`)}</Field>}
                  {ticket.solvedLine !== null && <Field label={t('tickets.solvedLine')}>{t('tickets.lineN', { n: ticket.solvedLine })}</Field>}
                  {ticket.handedBackReason && <Field label={t('tickets.handedBackReason')}>{ticket.handedBackReason}</Field>}
                  <Field label={t('tickets.description')}>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {ticket.description}
                    </Text>
                  </Field>
                </Table.Tbody>
              </Table>
            </Stack>
          </Section>
          {ticket.triage.length > 0 && (
            <Section id="tk-triage" title={t('tickets.triage')}>
              <Text size="sm" mb="xs">
                {t('tickets.triageIntro', { level: ticket.deviceSupportLevel ? t(`tickets.supportLevels.${ticket.deviceSupportLevel}`) : '' })}
              </Text>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('tickets.task')}</Table.Th>
                    <Table.Th scope="col" miw={130}>
                      {t('tickets.owner')}
                    </Table.Th>
                    <Table.Th scope="col">{t('app.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {ticket.triage.map((x) => (
                    <Table.Tr key={x.task}>
                      <Table.Td>
                        <Text size="sm">{locale === 'sv' ? x.reasonSv : x.reasonEn}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={x.owner === 'it' ? 'blue' : 'orange'} variant="light" tt="none">
                          {t(`tickets.owners.${x.owner}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {x.owner === 'business' && changes.includes('solved') && (
                          <Button
                            size="compact-sm"
                            variant="outline"
                            color="orange"
                            onClick={() => handBack.mutate(x.reasonSv)}
                            loading={handBack.isPending && handBack.variables === x.reasonSv}
                            aria-label={`${t('tickets.handBack')}: ${locale === 'sv' ? x.reasonSv : x.reasonEn}`}
                          >
                            {t('tickets.handBack')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          )}
          <BreachReasons ticket={ticket} />
          <Section id="tk-conversation" title={t('tickets.conversationAndNotes')}>
            <Stack>
              <Conversation messages={ticket.messages} headingId="tk-conversation" />
              {ticket.status !== 'closed' && <Composer ticket={ticket} onStale={onStale} />}
            </Stack>
          </Section>
          <Section id="tk-history" title={t('tickets.history')}>
            <Table withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('tickets.when')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.event')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.statusLabel')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.teamAndLine')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.assignee')}</Table.Th>
                  <Table.Th scope="col">{t('tickets.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ticket.history.map((h, i) => (
                  <Table.Tr key={`${h.at}-${i}`}>
                    <Table.Td>
                      <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                    </Table.Td>
                    <Table.Td>{t(`tickets.events.${h.kind}`, { defaultValue: h.kind })}</Table.Td>
                    <Table.Td>{t(`tickets.status.${h.status}`, { defaultValue: h.status })}</Table.Td>
                    <Table.Td>{teamLine(h, teams, t)}</Table.Td>
                    <Table.Td>{agentName(h.assigneeUserId)}</Table.Td>
                    <Table.Td>{h.reason ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack>
          <Section id="tk-actions" title={t('app.actions')}>
            <Stack gap="sm">
              <ProblemAlert error={actionError} knownFields={[]} />
              <Group gap="xs" role="group" aria-label={t('tickets.changeStatus')}>
                {changes.map((to) => (
                  <Button
                    key={to}
                    variant={to === 'solved' ? 'filled' : 'default'}
                    color={to === 'solved' ? 'teal' : undefined}
                    onClick={() => status.mutate(to)}
                    loading={status.isPending && status.variables === to}
                  >
                    {to === 'open' && ticket.status === 'solved' ? t('tickets.reopen') : t(STATUS_BUTTON[to])}
                  </Button>
                ))}
              </Group>
              {!isDone(ticket.status) && (
                <Button variant="outline" onClick={() => setEscalating(true)}>
                  {t('tickets.escalate')}
                </Button>
              )}
              {/* Issue 19 (R-9.1): a ticket that affects operations starts an outage, for those the server lets manage operations. */}
              {ticket.affectsOperations && user.can.managesOperations && <StartOutageButton ticket={ticket} />}
              <Group gap="xs" role="group" aria-label={t('tickets.assignment')}>
                {ticket.assigneeUserId !== user.id && (
                  <Button variant="default" onClick={() => assign.mutate(user.id)} loading={assign.isPending && assign.variables === user.id}>
                    {t('tickets.assignToMe')}
                  </Button>
                )}
                {ticket.assigneeUserId !== null && (
                  <Button variant="default" onClick={() => assign.mutate(null)} loading={assign.isPending && assign.variables === null}>
                    {t('tickets.unassign')}
                  </Button>
                )}
              </Group>
              {otherAgents.length > 0 && (
                <NativeSelect
                  label={t('tickets.assignTo')}
                  data={[{ value: '', label: t('tickets.chooseAgent') }, ...otherAgents.map((a) => ({ value: a.id, label: a.displayName }))]}
                  value=""
                  onChange={(e) => {
                    const id = e.currentTarget.value;
                    if (id) assign.mutate(id);
                  }}
                />
              )}
            </Stack>
          </Section>
          <Section id="tk-attachments" title={t('tickets.attachments')}>
            <Attachments ticket={ticket} allowInternal />
          </Section>
          <TimeLog ticket={ticket} />
        </Stack>
      </Grid.Col>
      {escalating && <EscalateDialog ticket={ticket} teams={teams} onClose={() => setEscalating(false)} onStale={onStale} />}
    </Grid>
  );
}

/** Reply to the requester or write an internal note: two clearly different modes. */
function Composer({ ticket, onStale }: { ticket: Ticket; onStale: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'public' | 'internal'>('public');
  const [body, setBody] = useState('');
  const send = useTicketAction<{ body: string; visibility: 'public' | 'internal' }>(
    ticket,
    onStale,
    (vars) => ({ path: 'messages', body: vars }),
    () => {
      setBody('');
      notifications.show({ color: 'green', message: mode === 'internal' ? t('tickets.noteSaved') : t('tickets.replySent') });
    },
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = useFieldErrors(send.error, local);
  const internal = mode === 'internal';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems({ body }, { body: { label: internal ? t('tickets.noteLabel') : t('tickets.replyLabel') } }, sayWith(t));
    setLocal(problems);
    if (Object.keys(problems).length === 0) send.mutate({ body, visibility: mode });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('tickets.writeMessage')}>
      <Stack
        gap="xs"
        p="sm"
        style={{
          borderRadius: 4,
          background: internal ? 'var(--mantine-color-yellow-0)' : undefined,
          border: internal ? '2px dashed var(--mantine-color-yellow-7)' : '1px solid var(--mantine-color-gray-3)',
        }}
      >
        <Radio.Group
          label={t('tickets.messageKind')}
          value={mode}
          onChange={(v) => {
            setMode(v === 'internal' ? 'internal' : 'public');
            setLocal({});
          }}
        >
          <Group gap="lg" mt={4}>
            <Radio value="public" label={t('tickets.modeReply')} />
            <Radio value="internal" label={t('tickets.modeNote')} color="yellow" />
          </Group>
        </Radio.Group>
        <Text size="sm" c={internal ? 'yellow.9' : 'dimmed'} fw={internal ? 600 : 400}>
          {internal ? t('tickets.noteHelp') : t('tickets.replyHelp')}
        </Text>
        <ProblemAlert error={send.error} knownFields={['body']} />
        <Textarea
          label={internal ? t('tickets.noteLabel') : t('tickets.replyLabel')}
          required
          autosize
          minRows={3}
          maxLength={20_000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={errors.body}
        />
        <Group justify="flex-end">
          <Button type="submit" color={internal ? 'yellow' : 'blue'} loading={send.isPending} disabled={!body.trim()}>
            {internal ? t('tickets.saveNote') : t('tickets.sendReply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EscalateDialog({ ticket, teams, onClose, onStale }: { ticket: Ticket; teams: Team[]; onClose: () => void; onStale: () => void }) {
  const { t } = useTranslation();
  const current = teams.find((x) => x.id === ticket.teamId);
  // Default: 1st → 2nd line within the team; otherwise the first 3rd-line team.
  const initial =
    ticket.line === 1 && current?.lines.includes(2)
      ? { team: current.code, line: 2 }
      : (() => {
          const third = teams.find((x) => x.lines.includes(3) && x.id !== ticket.teamId);
          return third ? { team: third.code, line: 3 } : { team: current?.code ?? '', line: ticket.line };
        })();
  const [team, setTeam] = useState(initial.team);
  const [line, setLine] = useState(initial.line);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const escalate = useTicketAction<null>(
    ticket,
    onStale,
    (_v, cur) => ({ path: 'escalate', body: { version: cur.version, team, line, reason } }),
    () => {
      notifications.show({ color: 'green', message: t('tickets.escalated') });
      onClose();
    },
  );
  const errors = useFieldErrors(escalate.error, local);
  const chosen = teams.find((x) => x.code === team);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems(
      { team, reason },
      { team: { label: t('tickets.team'), kind: 'choose' }, reason: { label: t('tickets.reason') } },
      sayWith(t),
    );
    if (!problems.reason && reason.trim().length < 3) problems.reason = t('tickets.reasonRequired');
    setLocal(problems);
    if (Object.keys(problems).length === 0) escalate.mutate(null);
  };
  return (
    <Modal opened onClose={onClose} title={t('tickets.escalateTitle', { number: ticket.number })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('tickets.escalateHelp')}</Text>
          <ProblemAlert error={escalate.error} knownFields={['team', 'line', 'reason']} />
          <Group grow align="flex-start">
            <NativeSelect
              label={t('tickets.team')}
              data={teams.map((x) => ({ value: x.code, label: x.name }))}
              value={team}
              onChange={(e) => {
                const code = e.currentTarget.value;
                setTeam(code);
                const next = teams.find((x) => x.code === code);
                if (next && !next.lines.includes(line)) setLine(next.lines[next.lines.length - 1] ?? 1);
              }}
              error={errors.team}
            />
            <NativeSelect
              label={t('tickets.line')}
              data={(chosen?.lines ?? []).map((n) => ({ value: String(n), label: t('tickets.lineN', { n }) }))}
              value={String(line)}
              onChange={(e) => setLine(Number(e.currentTarget.value))}
              error={errors.line}
            />
          </Group>
          <Textarea
            label={t('tickets.reason')}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={escalate.isPending}>
              {t('tickets.escalate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Local "yyyy-mm-ddThh:mm" of now, for a datetime-local input. */
function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function TimeLog({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState<string | number>('');
  const [start, setStart] = useState(localNow);
  const [note, setNote] = useState('');
  const log = useMutation({
    mutationFn: () =>
      api.post<Ticket>(`/api/v1/tickets/${ticket.id}/time`, {
        minutes: Number(minutes),
        startedAt: new Date(start).toISOString(),
        note: note.trim() === '' ? null : note.trim(),
      }),
    onSuccess: (answer) => {
      queryClient.setQueryData(ticketKey(ticket.id), answer);
      setMinutes('');
      setNote('');
      notifications.show({ color: 'green', message: t('tickets.timeLogged') });
    },
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = useFieldErrors(log.error, local);
  const total = ticket.timeEntries.reduce((s, e) => s + e.minutes, 0);
  const billable = ticket.timeEntries.reduce((s, e) => s + e.billableMinutes, 0);
  // Issue 16: "Totalt 65 min, varav 90 min debiteras" read as a contradiction; say why more is billed.
  const billedText =
    ticket.onCall && billable > 0
      ? t('ticketsMore.workedBilled', { worked: total, billable, rule: onCallRuleText(ticket.onCallRule, t) })
      : t('ticketsMore.worked', { worked: total });
  return (
    <Section id="tk-time" title={t('tickets.time')}>
      <Stack gap="sm">
        {ticket.onCall && (
          <Text size="sm" role="note">
            <Badge color="grape" variant="filled" tt="none" mr={6}>
              {t('tickets.onCall')}
            </Badge>
            {t('tickets.onCallHelp')}
          </Text>
        )}
        {ticket.timeEntries.length > 0 && (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tickets.start')}</Table.Th>
                <Table.Th scope="col">{t('tickets.minutes')}</Table.Th>
                {ticket.onCall && <Table.Th scope="col">{t('tickets.billable')}</Table.Th>}
                <Table.Th scope="col">{t('tickets.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ticket.timeEntries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDateTime(e.startedAt)}</Table.Td>
                  <Table.Td>{e.minutes}</Table.Td>
                  {ticket.onCall && <Table.Td>{e.billableMinutes}</Table.Td>}
                  <Table.Td>{e.note ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {ticket.onCall && !ticket.unit && (
          <Text size="sm" fw={700}>
            {t('ticketsMore.onCallWithoutUnit')}
          </Text>
        )}
        <Text size="sm">{billedText}</Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const problems = requiredProblems(
              { minutes, startedAt: start },
              { minutes: { label: t('tickets.minutes') }, startedAt: { label: t('tickets.start') } },
              sayWith(t),
            );
            setLocal(problems);
            if (Object.keys(problems).length === 0) log.mutate();
          }}
          noValidate
          aria-label={t('tickets.logTime')}
        >
          <Stack gap="xs">
            <ProblemAlert error={log.error} knownFields={['minutes', 'startedAt', 'note']} />
            <Group grow align="flex-start">
              <NumberInput
                label={t('tickets.minutes')}
                min={1}
                max={1440}
                allowDecimal={false}
                value={minutes}
                onChange={setMinutes}
                error={errors.minutes}
                required
              />
              <TextInput
                label={t('tickets.start')}
                type="datetime-local"
                value={start}
                onChange={(e) => setStart(e.currentTarget.value)}
                error={errors.startedAt}
                required
              />
            </Group>
            <TextInput label={t('tickets.note')} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
            <Group justify="flex-end">
              <Button type="submit" variant="default" loading={log.isPending} disabled={minutes === '' || !start}>
                {t('tickets.logTime')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Section>
  );
}

/**
 * Issue 16: the ticket's unit (its cost bearer: on-call time is billed to it), chosen among the active
 * units of the ticket's municipality; saved with the ticket's version (409 → reloaded).
 */
function UnitField({ ticket, onStale }: { ticket: Ticket; onStale: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState(ticket.unit?.id ?? '');
  const units = useQuery({
    enabled: editing,
    queryKey: ['units', ticket.municipalityId],
    queryFn: ({ signal }) => api.get<{ items: Unit[] }>(`/api/v1/units${qs({ municipalityId: ticket.municipalityId })}`, signal),
    staleTime: 60_000,
  });
  const save = useTicketAction<string | null>(
    ticket,
    onStale,
    (unitId, cur) => ({ path: 'unit', body: { version: cur.version, unitId } }),
    () => {
      setEditing(false);
      notifications.show({ color: 'green', message: t('ticketsMore.unitSaved') });
    },
  );
  const errors = useFieldErrors(save.error, {});
  if (!editing) {
    return (
      <Group gap="sm" wrap="wrap">
        <Text size="sm">{ticket.unit ? `${ticket.unit.name} (${ticket.unit.code})` : t('ticketsMore.noUnit')}</Text>
        <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
          {t('ticketsMore.chooseUnit')}
        </Button>
      </Group>
    );
  }
  const options = (units.data?.items ?? []).filter((u) => u.active && u.municipalityId === ticket.municipalityId);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(chosen === '' ? null : chosen);
      }}
      aria-label={t('ticketsMore.unit')}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error ?? units.error} knownFields={['unitId']} />
        <NativeSelect
          label={t('ticketsMore.unit')}
          description={t('ticketsMore.unitHelp')}
          data={[{ value: '', label: t('ticketsMore.noUnit') }, ...options.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))]}
          value={chosen}
          onChange={(e) => setChosen(e.currentTarget.value)}
          error={errors.unitId}
          disabled={units.isPending}
        />
        <Group gap="xs">
          <Button type="submit" size="compact-sm" loading={save.isPending}>
            {t('ticketsMore.saveUnit')}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setEditing(false)}>
            {t('app.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
