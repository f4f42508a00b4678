import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, fieldErrors } from '../api.ts';
import { ProblemAlert } from '../components/common.tsx';
import { formatDateTime, formatInstantLong } from '../format.ts';
import { requiredProblems } from '../forms.ts';
import { useMission } from '../hooks.ts';
import { useLocale } from '../session.tsx';
import type { Translate } from '../texts.ts';
import {
  formatWorkingTime,
  PRIORITIES,
  SLA_COLOR,
  STATUS_COLOR,
  SUPPORT_LEVEL_KEYS,
  ticketKey,
  type Desk,
  type Priority,
  type SupportLevel,
  type Ticket,
  type TicketMessage,
  type TicketStatus,
  type TicketSummary,
} from './model.ts';

/**
 * Badges in tables wrap instead of cutting their text off (issue 16: SLA and status were clipped at
 * 1366 px): Mantine's badge keeps one line with an ellipsis by default.
 */
export const WRAPPING_BADGE = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" tt="none" styles={WRAPPING_BADGE}>
      {t(`tickets.status.${status}`)}
    </Badge>
  );
}

/**
 * The list's SLA at a glance (the server's state, issue 4): opening time left, at risk (75 % used),
 * paused, or how late. The text says what the colour says.
 */
export function ListSlaBadge({ sla }: { sla: TicketSummary['sla'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // Issue 16: working days and opening hours as the server counted them, not "1 d 0 h" of opening time.
  const left = sla.left ? formatWorkingTime(sla.left, t) : null;
  let text: string;
  switch (sla.state) {
    case 'ok':
      text = left === null ? t('tickets.sla.ok') : t('ticketsMore.left', { time: left });
      break;
    case 'at_risk':
      text = left === null ? t('tickets.sla.at_risk') : t('ticketsMore.leftAtRisk', { time: left });
      break;
    case 'breached':
      text = left === null ? t('tickets.sla.breached') : t('ticketsMore.late', { time: left });
      break;
    case 'none':
    case 'paused':
    case 'met':
    case 'missed':
      text = t(`tickets.sla.${sla.state}`);
  }
  const title = sla.dueAt ? `${t('tickets.slaDue', { at: formatInstantLong(sla.dueAt, locale) })} ${t('ticketsMore.leftHelp')}` : undefined;
  return (
    <Stack gap={2} align="flex-start">
      <Badge
        color={SLA_COLOR[sla.state]}
        variant={sla.state === 'breached' || sla.state === 'missed' ? 'filled' : 'light'}
        tt="none"
        title={title}
        styles={WRAPPING_BADGE}
      >
        {text}
      </Badge>
      {sla.dueAt && (
        <Text size="xs" c="dimmed">
          <time dateTime={sla.dueAt}>{t('ticketsMore.dueShort', { at: formatDateTime(sla.dueAt) })}</time>
        </Text>
      )}
    </Stack>
  );
}

/** The detail's SLA state from the server (`sla.state`), with the deadline and time left. */
export function SlaState({ sla }: { sla: Ticket['sla'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const left = sla.left ? formatWorkingTime(sla.left, t) : null;
  return (
    <Group gap="xs" wrap="wrap">
      <Badge color={SLA_COLOR[sla.state]} variant={sla.state === 'breached' || sla.state === 'missed' ? 'filled' : 'light'} tt="none" size="lg">
        {t('tickets.slaLabel')}: {t(`tickets.sla.${sla.state}`)}
      </Badge>
      {sla.dueAt && (
        <Text size="sm">
          <time dateTime={sla.dueAt}>{t('tickets.slaDue', { at: formatInstantLong(sla.dueAt, locale) })}</time>
        </Text>
      )}
      {left !== null && sla.left && !sla.left.overdue && (
        <Text size="sm" c="dimmed" title={t('ticketsMore.leftHelp')}>
          ({t('ticketsMore.left', { time: left })})
        </Text>
      )}
      {left !== null && sla.left?.overdue && (
        <Text size="sm" c="red.8" title={t('ticketsMore.leftHelp')}>
          ({t('ticketsMore.late', { time: left })})
        </Text>
      )}
    </Group>
  );
}

// ---- report form (portal and "register a call") ------------------------------------------------------

export interface ReportValues {
  deskId: string;
  categoryId: string;
  intefunktion: string;
  subject: string;
  description: string;
  device: string;
  /** '' = "Vet inte" (null in the API). */
  deviceSupportLevel: '' | SupportLevel;
  affectsOperations: boolean;
  priority: Priority;
}

export const EMPTY_REPORT: ReportValues = {
  deskId: '',
  categoryId: '',
  intefunktion: '',
  subject: '',
  description: '',
  device: '',
  deviceSupportLevel: '',
  affectsOperations: false,
  priority: 'normal',
};

export const REPORT_FIELDS = [
  'deskId',
  'categoryId',
  'intefunktion',
  'subject',
  'description',
  'device',
  'deviceSupportLevel',
  'affectsOperations',
  'priority',
];

/** The request body's common fields. */
export function reportBody(v: ReportValues, desks: Desk[]) {
  const desk = desks.find((d) => d.id === v.deskId);
  const category = desk?.categories.find((c) => c.id === v.categoryId);
  return {
    ...(desk && !desk.isIt ? { deskId: desk.id } : {}),
    categoryId: v.categoryId,
    intefunktion: category?.isIntefunktion && v.intefunktion ? v.intefunktion : null,
    priority: v.priority,
    subject: v.subject,
    description: v.description,
    device: v.device.trim() === '' ? null : v.device.trim(),
    deviceSupportLevel: v.deviceSupportLevel === '' ? null : v.deviceSupportLevel,
    affectsOperations: v.affectsOperations,
  };
}

/** `requiredProblems`' sentences ("Fyll i rubrik.", "Välj kategori.") in the UI language. */
export function sayWith(t: Translate): (key: 'app.fillIn' | 'app.choose', field: string) => string {
  return (key, field) => t(key, { field });
}

/**
 * Client-side checks before sending (the server checks again and its field errors win). Issue 16: a
 * blank required field is named by its label (web/src/forms.ts); a category of another desk counts as
 * not chosen; the function of an intefunktion fault and a too short subject keep their own sentences.
 */
export function reportProblems(v: ReportValues, desks: Desk[], t: Translate): Record<string, string> {
  const category = desks.find((d) => d.id === v.deskId)?.categories.find((c) => c.id === v.categoryId);
  const out = requiredProblems(
    { categoryId: category ? v.categoryId : '', subject: v.subject, description: v.description },
    {
      categoryId: { label: t('tickets.category'), kind: 'choose' },
      subject: { label: t('tickets.subject') },
      description: { label: t('tickets.description') },
    },
    sayWith(t),
  );
  if (category?.isIntefunktion && !v.intefunktion) out.intefunktion = t('tickets.chooseFunction');
  if (!out.subject && v.subject.trim().length < 3) out.subject = t('tickets.subjectTooShort');
  return out;
}

export function ReportFields({
  value,
  onChange,
  desks,
  errors,
}: {
  value: ReportValues;
  onChange: (v: ReportValues) => void;
  desks: Desk[];
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const mission = useMission();
  const set = <K extends keyof ReportValues>(key: K, v: ReportValues[K]) => onChange({ ...value, [key]: v });
  const desk = desks.find((d) => d.id === value.deskId);
  const category = desk?.categories.find((c) => c.id === value.categoryId);
  const functions = mission.data?.document.support.intefunktion.functions ?? [];
  return (
    <Stack>
      {desks.length > 1 && (
        <NativeSelect
          label={t('tickets.desk')}
          data={desks.map((d) => ({ value: d.id, label: d.name }))}
          value={value.deskId}
          onChange={(e) => onChange({ ...value, deskId: e.currentTarget.value, categoryId: '', intefunktion: '' })}
          error={errors.deskId}
        />
      )}
      <NativeSelect
        label={t('tickets.category')}
        required
        data={[{ value: '', label: t('tickets.chooseCategoryOption') }, ...(desk?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))]}
        value={value.categoryId}
        onChange={(e) => onChange({ ...value, categoryId: e.currentTarget.value, intefunktion: '' })}
        error={errors.categoryId}
      />
      {category?.isIntefunktion && (
        <Radio.Group
          label={t('tickets.whichFunction')}
          description={t('tickets.whichFunctionHelp')}
          required
          value={value.intefunktion}
          onChange={(v) => set('intefunktion', v)}
          error={errors.intefunktion}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs" spacing="xs">
            {functions.map((f) => (
              <Radio key={f.code} value={f.code} label={f.label} />
            ))}
          </SimpleGrid>
        </Radio.Group>
      )}
      <TextInput
        label={t('tickets.subject')}
        required
        maxLength={200}
        value={value.subject}
        onChange={(e) => set('subject', e.currentTarget.value)}
        error={errors.subject}
      />
      <Textarea
        label={t('tickets.description')}
        required
        autosize
        minRows={4}
        maxLength={20_000}
        value={value.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={errors.description}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('tickets.device')}
          description={t('tickets.deviceHelp')}
          maxLength={200}
          value={value.device}
          onChange={(e) => set('device', e.currentTarget.value)}
          error={errors.device}
        />
        <NativeSelect
          label={t('tickets.supportLevel')}
          description={t('tickets.supportLevelHelp')}
          data={[{ value: '', label: t('tickets.dontKnow') }, ...SUPPORT_LEVEL_KEYS.map((l) => ({ value: l, label: t(`tickets.supportLevels.${l}`) }))]}
          value={value.deviceSupportLevel}
          onChange={(e) => {
            const v = e.currentTarget.value;
            set('deviceSupportLevel', SUPPORT_LEVEL_KEYS.find((l) => l === v) ?? '');
          }}
          error={errors.deviceSupportLevel}
        />
      </Group>
      <Checkbox
        label={t('tickets.affectsOperations')}
        description={t('tickets.affectsOperationsHelp')}
        checked={value.affectsOperations}
        onChange={(e) => set('affectsOperations', e.currentTarget.checked)}
        error={errors.affectsOperations}
      />
      <NativeSelect
        label={t('tickets.priority')}
        data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priorities.${p}`) }))}
        value={value.priority}
        onChange={(e) => {
          const v = e.currentTarget.value;
          set('priority', PRIORITIES.find((p) => p === v) ?? 'normal');
        }}
        error={errors.priority}
        maw={240}
      />
    </Stack>
  );
}

/** Server field errors merged over local ones, in the UI language. */
export function useFieldErrors(error: unknown, local: Record<string, string>): Record<string, string> {
  const locale = useLocale();
  return { ...local, ...fieldErrors(error, locale) };
}

// ---- conversation ------------------------------------------------------------------------------------

/** Public replies and (agents only) internal notes; internal notes look clearly different and say so. */
export function Conversation({ messages, headingId }: { messages: TicketMessage[]; headingId: string }) {
  const { t } = useTranslation();
  if (messages.length === 0) return <Text c="dimmed">{t('tickets.noMessages')}</Text>;
  return (
    <Stack gap="sm" component="ol" aria-labelledby={headingId} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {messages.map((m) => {
        const internal = m.visibility === 'internal';
        return (
          <Paper
            component="li"
            key={m.id}
            withBorder
            p="sm"
            bg={internal ? 'yellow.0' : undefined}
            style={
              internal
                ? { borderLeft: '4px solid var(--mantine-color-yellow-7)', borderStyle: 'dashed' }
                : { borderLeft: '4px solid var(--mantine-color-blue-6)' }
            }
            aria-label={internal ? t('tickets.internalNoteBy', { name: m.authorName }) : t('tickets.replyBy', { name: m.authorName })}
          >
            <Group justify="space-between" gap="xs" mb={4}>
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {m.authorName}
                </Text>
                {internal ? (
                  <Badge color="yellow" variant="light" tt="none">
                    {t('tickets.internalNote')}
                  </Badge>
                ) : (
                  <Badge color="blue" variant="light" tt="none">
                    {t('tickets.publicReply')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {m.body}
            </Text>
          </Paper>
        );
      })}
    </Stack>
  );
}

// ---- attachments -------------------------------------------------------------------------------------

const MAX_BYTES = 10 * 1024 * 1024;

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} B`;
}

/** Download links (always downloads, never inline) and an upload button; agents may mark a file internal. */
export function Attachments({ ticket, allowInternal }: { ticket: Ticket; allowInternal: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [internal, setInternal] = useState(false);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) =>
      api.post(`/api/v1/tickets/${ticket.id}/attachments?filename=${encodeURIComponent(file.name)}${internal ? '&internal=true' : ''}`, file, {
        contentType: file.type || 'application/octet-stream',
      }),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('tickets.attached') });
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticket.id) });
    },
  });
  const choose = (file: File | null) => {
    setTooBig(null);
    upload.reset();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setTooBig(t('tickets.fileTooBig', { name: file.name }));
      return;
    }
    upload.mutate(file);
  };
  return (
    <Stack gap="xs">
      {ticket.attachments.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('tickets.noAttachments')}
        </Text>
      ) : (
        <List spacing={4} size="sm">
          {ticket.attachments.map((a) => (
            <List.Item key={a.id}>
              <Anchor href={`/api/v1/attachments/${a.id}`} download={a.filename}>
                {a.filename}
              </Anchor>{' '}
              <Text span size="xs" c="dimmed">
                ({formatSize(a.size)}
                {a.internal ? `, ${t('tickets.internal')}` : ''})
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {tooBig && (
        <Text c="red.8" size="sm" role="alert">
          {tooBig}
        </Text>
      )}
      <ProblemAlert error={upload.error} />
      <Group gap="sm">
        <FileButton onChange={choose} accept=".pdf,.png,.jpg,.jpeg,.gif,.txt,.csv,.zip,.docx,.xlsx,.pptx,.eml">
          {(props) => (
            <Button {...props} variant="default" size="sm" loading={upload.isPending}>
              {t('tickets.attachFile')}
            </Button>
          )}
        </FileButton>
        {allowInternal && <Checkbox label={t('tickets.attachInternal')} checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />}
        <Text size="xs" c="dimmed">
          {t('tickets.attachHelp')}
        </Text>
      </Group>
    </Stack>
  );
}

/** A titled section of the ticket page. */
export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** 409 stale_version: the ticket changed under us. The caller reloads it; this says so. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'stale_version';
}
