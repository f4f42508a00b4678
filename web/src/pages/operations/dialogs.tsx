import { Checkbox, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api.ts';
import { ConfirmDialog, FormButtons, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatList, stockholmInstant, stockholmNow, stockholmParts } from '../../format.ts';
import {
  MESSAGE_KINDS,
  OUTAGE_KINDS,
  isMessageKind,
  isOutageKind,
  operationsKeys,
  useItFunctions,
  type MessageKind,
  type OutageKind,
} from '../../operations/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { ItFunction, OperationsMessage, Outage } from '../../types.ts';
import { DateTimeFields, FunctionChecks, MunicipalityChecks, placedFields } from './parts.tsx';

/** After a change: the notice, and every operations query read again (lists, the outage, the report). */
function useDone() {
  const queryClient = useQueryClient();
  return async (message: string) => {
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: operationsKeys.all });
  };
}

/** Now in Stockholm as a form's date and time fields start. */
const nowParts = () => {
  const [date = '', time = ''] = stockholmNow().local.split(' ');
  return { date, time };
};

/** Both fields of a date and time given, or both left empty. */
const halfGiven = (date: string, time: string) => (date.trim() === '') !== (time.trim() === '');

// ---------------------------------------------------------------- an outage (register, change)

interface OutageValues {
  title: string;
  kind: OutageKind;
  plannedReason: string;
  incident: boolean;
  startDate: string;
  startTime: string;
  ongoing: boolean;
  endDate: string;
  endTime: string;
  cause: string;
  actions: string;
  internalNote: string;
  functionIds: string[];
  municipalityIds: string[];
}

const OUTAGE_FIELDS = ['title', 'kind', 'plannedReason', 'incident', 'cause', 'actions', 'internalNote', 'functionIds', 'municipalityIds'];

/** Where a server problem of the outage's request shows in the form. */
function outagePath(field: string): string | undefined {
  if (field === 'startsAt') return 'startDate';
  if (field === 'endsAt') return 'endDate';
  return OUTAGE_FIELDS.includes(field) ? field : undefined;
}

function outageValues(outage: Outage | undefined, ownMunicipality: string | null): OutageValues {
  if (!outage) {
    const now = nowParts();
    return {
      title: '',
      kind: 'unplanned',
      plannedReason: '',
      incident: false,
      startDate: now.date,
      startTime: now.time,
      ongoing: true,
      endDate: now.date,
      endTime: now.time,
      cause: '',
      actions: '',
      internalNote: '',
      functionIds: [],
      municipalityIds: ownMunicipality ? [ownMunicipality] : [],
    };
  }
  const start = stockholmParts(outage.startsAt);
  const end = outage.endsAt ? stockholmParts(outage.endsAt) : nowParts();
  return {
    title: outage.title,
    kind: outage.kind,
    plannedReason: outage.plannedReason ?? '',
    incident: outage.incident,
    startDate: start.date,
    startTime: start.time,
    ongoing: outage.endsAt === null,
    endDate: end.date,
    endTime: end.time,
    cause: outage.cause,
    actions: outage.actions,
    internalNote: outage.internalNote,
    functionIds: outage.functions.map((f) => f.id),
    municipalityIds: outage.municipalities.map((m) => m.id),
  };
}

/**
 * register an outage, or change one (PUT with the version read): what, when, which IT
 * functions in which municipalities, unplanned or planned (outside a window with its reason), and
 * the cause, actions and an internal note. A new outage opens its page.
 */
export function OutageDialog({ outage, onClose }: { outage?: Outage; onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const done = useDone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const functions = useItFunctions();
  const [version, setVersion] = useState(outage?.version ?? 0);
  const save = useMutation({
    mutationFn: (v: OutageValues) => {
      const body = {
        title: v.title.trim(),
        startsAt: stockholmInstant(v.startDate, v.startTime),
        endsAt: v.ongoing ? null : stockholmInstant(v.endDate, v.endTime),
        kind: v.kind,
        plannedReason: v.kind === 'planned_other' ? v.plannedReason.trim() : null,
        incident: v.incident,
        cause: v.cause.trim(),
        actions: v.actions.trim(),
        internalNote: v.internalNote.trim(),
        functionIds: v.functionIds,
        municipalityIds: v.municipalityIds,
        ticketIds: outage?.tickets.map((x) => x.id) ?? [],
      };
      return outage ? request<Outage>('PUT', `/api/v1/outages/${outage.id}`, { ...body, version }) : api.post<Outage>('/api/v1/outages', body);
    },
    onSuccess: async (saved) => {
      onClose();
      await done(t(outage ? 'operations.done.saved' : 'operations.done.registered'));
      if (!outage) await navigate({ to: '/drift-och-tillganglighet/avbrott/$id', params: { id: saved.id } });
    },
  });
  const form = useSamdeskForm<OutageValues>({
    initialValues: outageValues(outage, user.municipalityId),
    required: (v) => ({
      title: { label: t('operations.form.title') },
      startDate: { label: t('operations.form.startDate') },
      startTime: { label: t('operations.form.startTime') },
      municipalityIds: { label: t('operations.form.municipalities'), kind: 'choose' },
      ...(v.ongoing ? {} : { endDate: { label: t('operations.form.endDate') }, endTime: { label: t('operations.form.endTime') } }),
      ...(v.kind === 'planned_other' ? { plannedReason: { label: t('operations.form.plannedReason') } } : {}),
    }),
    check: (v): Record<string, string> => {
      const start = stockholmInstant(v.startDate, v.startTime);
      const end = v.ongoing ? null : stockholmInstant(v.endDate, v.endTime);
      return start && end && Date.parse(end) <= Date.parse(start) ? { endDate: t('operations.form.endBeforeStart') } : {};
    },
    problemPath: outagePath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const title = outage ? t('operations.form.editTitle') : t('operations.form.newTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              if (outage) void queryClient.invalidateQueries({ queryKey: operationsKeys.outage(outage.id) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, outagePath)} />
          <TextInput label={t('operations.form.title')} description={t('operations.form.titleHelp')} required maxLength={200} {...form.text('title')} />
          <Radio.Group
            label={t('operations.form.kind')}
            required
            value={v.kind}
            onChange={(k) => {
              if (isOutageKind(k)) form.set('kind', k);
            }}
            error={form.errors.kind}
          >
            <Stack gap="xs" mt="xs">
              {OUTAGE_KINDS.map((k) => (
                <Radio key={k} value={k} label={t(`operations.kinds.${k}`)} description={t(`operations.kindHelp.${k}`)} />
              ))}
            </Stack>
          </Radio.Group>
          {v.kind === 'planned_other' && (
            <Textarea label={t('operations.form.plannedReason')} required autosize minRows={2} maxLength={2000} {...form.text('plannedReason')} />
          )}
          <Checkbox label={t('operations.form.incident')} description={t('operations.form.incidentHelp')} {...form.checkbox('incident')} />
          <DateTimeFields
            dateLabel={t('operations.form.startDate')}
            timeLabel={t('operations.form.startTime')}
            date={form.text('startDate')}
            time={form.text('startTime')}
            required
          />
          <Checkbox label={t('operations.form.ongoing')} {...form.checkbox('ongoing')} />
          {!v.ongoing && (
            <DateTimeFields
              dateLabel={t('operations.form.endDate')}
              timeLabel={t('operations.form.endTime')}
              date={form.text('endDate')}
              time={form.text('endTime')}
              required
            />
          )}
          <MunicipalityChecks
            label={t('operations.form.municipalities')}
            value={v.municipalityIds}
            onChange={(ids) => form.set('municipalityIds', ids)}
            error={form.errors.municipalityIds}
          />
          <FunctionChecks
            label={t('operations.form.functions')}
            description={t('operations.form.functionsHelp')}
            functions={functions.data?.items ?? []}
            municipalityIds={v.municipalityIds}
            value={v.functionIds}
            onChange={(ids) => form.set('functionIds', ids)}
            empty={t('operations.form.noFunctions')}
            error={form.errors.functionIds}
          />
          <Textarea label={t('operations.form.cause')} autosize minRows={2} maxLength={5000} {...form.text('cause')} />
          <Textarea label={t('operations.form.actions')} autosize minRows={2} maxLength={5000} {...form.text('actions')} />
          <Textarea
            label={t('operations.form.internalNote')}
            description={t('operations.form.internalNoteHelp')}
            autosize
            minRows={2}
            maxLength={5000}
            {...form.text('internalNote')}
          />
          <FormButtons submitLabel={outage ? t('operations.form.save') : t('operations.form.register')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- publish a message about the outage

interface PublishValues {
  title: string;
  body: string;
  expectedDate: string;
  expectedTime: string;
}

function publishPath(field: string): string | undefined {
  if (field === 'expectedEndAt') return 'expectedDate';
  return field === 'title' || field === 'body' ? field : undefined;
}

/**
 * a disruption (or, for planned work, a planned-work notice) about the outage published in one
 * action, with the text the public reads and when it is expected to be over.
 */
export function PublishDialog({ outage, onClose }: { outage: Outage; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: PublishValues) =>
      api.post<OperationsMessage>(`/api/v1/outages/${outage.id}/message`, {
        ...(v.title.trim() ? { title: v.title.trim() } : {}),
        body: v.body.trim(),
        expectedEndAt: v.expectedDate && v.expectedTime ? stockholmInstant(v.expectedDate, v.expectedTime) : null,
      }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.published'));
    },
  });
  const form = useSamdeskForm<PublishValues>({
    initialValues: { title: '', body: '', expectedDate: '', expectedTime: '' },
    check: (v): Record<string, string> => (halfGiven(v.expectedDate, v.expectedTime) ? { expectedDate: t('operations.form.timeInvalid') } : {}),
    problemPath: publishPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = outage.kind === 'unplanned' ? t('operations.publish.disruptionTitle') : t('operations.publish.plannedTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">
            {t('operations.publish.help', {
              municipalities: formatList(
                outage.municipalities.map((m) => m.name),
                locale,
              ),
            })}
          </Text>
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, publishPath)} />
          <TextInput label={t('operations.publish.title')} description={t('operations.publish.titleHelp')} maxLength={200} {...form.text('title')} />
          <Textarea
            label={t('operations.publish.body')}
            description={t('operations.publish.bodyHelp')}
            autosize
            minRows={3}
            maxLength={5000}
            {...form.text('body')}
          />
          <DateTimeFields
            dateLabel={t('operations.publish.expectedDate')}
            timeLabel={t('operations.publish.expectedTime')}
            date={form.text('expectedDate')}
            time={form.text('expectedTime')}
            description={outage.kind === 'unplanned' ? t('operations.publish.expectedHelp') : undefined}
          />
          <FormButtons submitLabel={t('operations.publish.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- end the outage

interface EndValues {
  endDate: string;
  endTime: string;
  resolutionText: string;
}

function endPath(field: string): string | undefined {
  if (field === 'endsAt') return 'endDate';
  return field === 'resolutionText' ? field : undefined;
}

/**
 * Ends an ongoing outage at a time (now unless changed); the messages published about it that are
 * still open are marked resolved with the text given, in the same change.
 */
export function EndDialog({ outage, onClose }: { outage: Outage; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(outage.version);
  const open = outage.messages.some((m) => !m.withdrawn && m.state !== 'resolved');
  const save = useMutation({
    mutationFn: (v: EndValues) =>
      api.post<Outage>(`/api/v1/outages/${outage.id}/end`, {
        version,
        endsAt: stockholmInstant(v.endDate, v.endTime),
        ...(v.resolutionText.trim() ? { resolutionText: v.resolutionText.trim() } : {}),
      }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.ended'));
    },
  });
  const now = nowParts();
  const form = useSamdeskForm<EndValues>({
    initialValues: { endDate: now.date, endTime: now.time, resolutionText: '' },
    required: () => ({
      endDate: { label: t('operations.end.endDate') },
      endTime: { label: t('operations.end.endTime') },
      ...(open ? { resolutionText: { label: t('operations.end.resolution') } } : {}),
    }),
    problemPath: endPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('operations.end.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('operations.end.help')}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: operationsKeys.outage(outage.id) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, endPath)} />
          <DateTimeFields
            dateLabel={t('operations.end.endDate')}
            timeLabel={t('operations.end.endTime')}
            date={form.text('endDate')}
            time={form.text('endTime')}
            required
          />
          <Textarea
            label={t('operations.end.resolution')}
            description={open ? t('operations.end.resolutionHelpOpen') : t('operations.end.resolutionHelpNone')}
            required={open}
            autosize
            minRows={3}
            maxLength={5000}
            {...form.text('resolutionText')}
          />
          <FormButtons submitLabel={t('operations.end.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- messages: resolve, withdraw, publish

/** a message closed with a resolved notice (it stays on the public pages for the mission's days). */
export function ResolveDialog({ message, onClose }: { message: OperationsMessage; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(message.version);
  const save = useMutation({
    mutationFn: (v: { resolutionText: string }) =>
      api.post<OperationsMessage>(`/api/v1/operations-messages/${message.id}/resolve`, { version, resolutionText: v.resolutionText.trim() }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.resolved'));
    },
  });
  const path = (field: string) => (field === 'resolutionText' ? field : undefined);
  const form = useSamdeskForm({
    initialValues: { resolutionText: '' },
    required: () => ({ resolutionText: { label: t('operations.resolve.text') } }),
    problemPath: path,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('operations.resolve.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('operations.resolve.help', { title: message.title })}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: operationsKeys.messages });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, path)} />
          <Textarea label={t('operations.resolve.text')} required autosize minRows={3} maxLength={5000} {...form.text('resolutionText')} />
          <FormButtons submitLabel={t('operations.resolve.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Takes a message off the public pages and feeds (published by mistake, or wrong); the audit trail keeps it. */
export function WithdrawDialog({ message, onClose }: { message: OperationsMessage; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const withdraw = useMutation({
    mutationFn: () => api.post<OperationsMessage>(`/api/v1/operations-messages/${message.id}/withdraw`, { version: message.version }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.withdrawn'));
    },
  });
  return (
    <ConfirmDialog
      title={t('operations.withdraw.title')}
      message={t('operations.withdraw.message', { title: message.title })}
      confirmLabel={t('operations.withdraw.confirm')}
      action={withdraw}
      staleMessage={t('app.staleBody')}
      onClose={onClose}
    />
  );
}

interface MessageValues {
  kind: MessageKind;
  title: string;
  body: string;
  startDate: string;
  startTime: string;
  expectedDate: string;
  expectedTime: string;
  municipalityIds: string[];
}

function messagePath(field: string): string | undefined {
  if (field === 'startsAt') return 'startDate';
  if (field === 'expectedEndAt') return 'expectedDate';
  return ['kind', 'title', 'body', 'municipalityIds'].includes(field) ? field : undefined;
}

/** a message not about a registered outage (planned work announced ahead, say), published at once. */
export function MessageDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: MessageValues) =>
      api.post<OperationsMessage>('/api/v1/operations-messages', {
        kind: v.kind,
        title: v.title.trim(),
        body: v.body.trim(),
        startsAt: stockholmInstant(v.startDate, v.startTime),
        expectedEndAt: v.expectedDate && v.expectedTime ? stockholmInstant(v.expectedDate, v.expectedTime) : null,
        municipalityIds: v.municipalityIds,
      }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.published'));
    },
  });
  const now = nowParts();
  const form = useSamdeskForm<MessageValues>({
    initialValues: {
      kind: 'planned',
      title: '',
      body: '',
      startDate: now.date,
      startTime: now.time,
      expectedDate: '',
      expectedTime: '',
      municipalityIds: user.municipalityId ? [user.municipalityId] : [],
    },
    required: (v) => ({
      title: { label: t('operations.messageForm.heading') },
      startDate: { label: t('operations.messageForm.startDate') },
      startTime: { label: t('operations.messageForm.startTime') },
      municipalityIds: { label: t('operations.messageForm.municipalities'), kind: 'choose' },
      ...(v.kind === 'planned'
        ? { expectedDate: { label: t('operations.messageForm.expectedDate') }, expectedTime: { label: t('operations.messageForm.expectedTime') } }
        : {}),
    }),
    check: (v): Record<string, string> => (halfGiven(v.expectedDate, v.expectedTime) ? { expectedDate: t('operations.form.timeInvalid') } : {}),
    problemPath: messagePath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const title = t('operations.messageForm.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('operations.messageForm.help')}</Text>
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, messagePath)} />
          <Radio.Group
            label={t('operations.messageForm.kind')}
            required
            value={v.kind}
            onChange={(k) => {
              if (isMessageKind(k)) form.set('kind', k);
            }}
            error={form.errors.kind}
          >
            <Stack gap="xs" mt="xs">
              {MESSAGE_KINDS.map((k) => (
                <Radio key={k} value={k} label={t(`operations.messageKinds.${k}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput label={t('operations.messageForm.heading')} required maxLength={200} {...form.text('title')} />
          <Textarea
            label={t('operations.messageForm.body')}
            description={t('operations.publish.bodyHelp')}
            autosize
            minRows={3}
            maxLength={5000}
            {...form.text('body')}
          />
          <DateTimeFields
            dateLabel={t('operations.messageForm.startDate')}
            timeLabel={t('operations.messageForm.startTime')}
            date={form.text('startDate')}
            time={form.text('startTime')}
            required
          />
          <DateTimeFields
            dateLabel={t('operations.messageForm.expectedDate')}
            timeLabel={t('operations.messageForm.expectedTime')}
            date={form.text('expectedDate')}
            time={form.text('expectedTime')}
            required={v.kind === 'planned'}
            description={t('operations.messageForm.expectedHelp')}
          />
          <MunicipalityChecks
            label={t('operations.messageForm.municipalities')}
            value={v.municipalityIds}
            onChange={(ids) => form.set('municipalityIds', ids)}
            error={form.errors.municipalityIds}
          />
          <FormButtons submitLabel={t('operations.messageForm.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- IT functions

interface FunctionValues {
  name: string;
  description: string;
  municipalityIds: string[];
  active: boolean;
}

function functionPath(field: string): string | undefined {
  return ['name', 'description', 'municipalityIds', 'active'].includes(field) ? field : undefined;
}

/** an IT function whose availability is measured, added or changed (PUT with the version read). */
export function FunctionDialog({ fn, onClose }: { fn?: ItFunction; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(fn?.version ?? 0);
  const save = useMutation({
    mutationFn: (v: FunctionValues) => {
      const body = { name: v.name.trim(), description: v.description.trim(), municipalityIds: v.municipalityIds, active: v.active };
      return fn ? request<ItFunction>('PUT', `/api/v1/it-functions/${fn.id}`, { ...body, version }) : api.post<ItFunction>('/api/v1/it-functions', body);
    },
    onSuccess: async () => {
      onClose();
      await done(t('operations.done.functionSaved'));
    },
  });
  const form = useSamdeskForm<FunctionValues>({
    initialValues: fn
      ? { name: fn.name, description: fn.description, municipalityIds: fn.municipalities.map((m) => m.id), active: fn.active }
      : { name: '', description: '', municipalityIds: [], active: true },
    required: () => ({
      name: { label: t('operations.functionForm.name') },
      municipalityIds: { label: t('operations.functionForm.municipalities'), kind: 'choose' },
    }),
    problemPath: functionPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = fn ? t('operations.functionForm.editTitle') : t('operations.functionForm.newTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: operationsKeys.functions });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, functionPath)} />
          <TextInput label={t('operations.functionForm.name')} required maxLength={120} {...form.text('name')} />
          <Textarea label={t('operations.functionForm.description')} autosize minRows={2} maxLength={2000} {...form.text('description')} />
          <MunicipalityChecks
            label={t('operations.functionForm.municipalities')}
            value={form.values.municipalityIds}
            onChange={(ids) => form.set('municipalityIds', ids)}
            error={form.errors.municipalityIds}
          />
          <Checkbox label={t('operations.functionForm.active')} description={t('operations.functionForm.activeHelp')} {...form.checkbox('active')} />
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
