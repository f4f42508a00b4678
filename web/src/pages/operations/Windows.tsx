import { Alert, Badge, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs, request } from '../../api.ts';
import { ListTable } from '../../components/ListPage.tsx';
import { ConfirmDialog, FormButtons, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatClock, formatList, formatWeekdayDate, stockholmInstant, stockholmParts } from '../../format.ts';
import { currentYear, operationsKeys, useItFunctions, whyNot } from '../../operations/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import type { Locale, ServiceWindowPlan, WindowWork, WindowWorkInput } from '../../types.ts';
import type { OperationsSearch } from './Operations.tsx';
import { FunctionChecks, MunicipalityChecks, placedFields } from './parts.tsx';

/**
 * "Servicefönster": the year's service windows from the calendar — primary and secondary,
 * their hours, and a warning when one falls on a closed day — with the work planned in each. Work is
 * planned, changed, announced as planned work on the public operations pages, marked as done
 * (then counted as planned window downtime, R-9.1) or cancelled. Every rule is the server's: the
 * secondary window's reason, the closed day's confirmation, the hours, and who may do what (each
 * record's `permissions`).
 */

type PlanWindow = ServiceWindowPlan['windows'][number];

const planKey = (year: number) => [...operationsKeys.all, 'service-windows', year] as const;

/** GET /service-windows/plan: the year's windows with the work planned in each, and whether the user may plan work. */
function useWindowPlan(year: number) {
  return useQuery({
    queryKey: planKey(year),
    queryFn: ({ signal }) => api.get<ServiceWindowPlan>(`/api/v1/service-windows/plan${qs({ year })}`, signal),
    placeholderData: keepPreviousData,
  });
}

/** After a change: the notice, and every operations query read again (the plan, the messages, the report). */
function useDone() {
  const queryClient = useQueryClient();
  return async (message: string) => {
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: operationsKeys.all });
  };
}

const span = (from: string, to: string) => `${formatClock(from)}–${formatClock(to)}`;

/** A window for people: "tisdag 15 december 2026, 18:00–22:00, primärt" (and its closed day). */
function windowLabel(w: PlanWindow, t: Translate, locale: Locale): string {
  const values = {
    date: formatWeekdayDate(w.date, locale),
    time: span(w.startsAt, w.endsAt),
    kind: t(`operations.windows.kinds.${w.kind}`).toLocaleLowerCase(locale),
  };
  return w.onClosedDay ? t('operations.windows.windowOptionClosed', { ...values, reason: w.closedReason ?? '' }) : t('operations.windows.windowOption', values);
}

const hasPassed = (w: { endsAt: string }) => Date.parse(w.endsAt) <= Date.now();

/** Whether the work takes its whole window (the default), else its own hours. */
const wholeWindow = (work: WindowWork, w: PlanWindow | undefined) =>
  !w || (Date.parse(work.startsAt) === Date.parse(w.startsAt) && Date.parse(work.endsAt) === Date.parse(w.endsAt));

type WorkState = 'planned' | 'announced' | 'done' | 'cancelled';
const workState = (w: WindowWork): WorkState => (w.status === 'planned' && w.messageId !== null ? 'announced' : w.status);
const STATE_COLOR: Record<WorkState, string> = { planned: 'gray', announced: 'blue', done: 'green', cancelled: 'red' };

/** The work's state in words (not by colour alone). */
function WorkStateBadge({ work }: { work: WindowWork }) {
  const { t } = useTranslation();
  const state = workState(work);
  return (
    <Badge color={STATE_COLOR[state]} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
      {t(`operations.windows.statuses.${state}`)}
    </Badge>
  );
}

/** The year shown: this year unless the address says another (shared with the other tabs). */
function YearSelect() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const navigate = useNavigate({ from: '/drift-och-tillganglighet' });
  const now = currentYear();
  const year = search.ar ?? now;
  // Work is planned ahead: next year's windows are offered as well as the last year's.
  const years = [...new Set([now - 1, now, now + 1, now + 2, year])].sort((a, b) => a - b);
  return (
    <NativeSelect
      label={t('operations.windows.year')}
      data={years.map((y) => ({ value: String(y), label: String(y) }))}
      value={String(year)}
      onChange={(e) => {
        const v = Number(e.currentTarget.value);
        void navigate({ search: (s: OperationsSearch) => ({ ...s, ar: v === now ? undefined : v, period: undefined }), replace: true });
      }}
    />
  );
}

type Dialog = { kind: 'new' } | { kind: 'edit' | 'announce' | 'done' | 'cancel'; work: WindowWork };

export function WindowsTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const year = search.ar ?? currentYear();
  const plan = useWindowPlan(year);
  const data = plan.data?.year === year ? plan.data : undefined;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [showPassed, setShowPassed] = useState(false);
  const close = () => setDialog(null);
  const windows = data?.windows ?? [];
  // While windows lie ahead, the passed ones without work are left out unless asked for (a past year shows all).
  const hidden = windows.some((w) => !hasPassed(w)) ? windows.filter((w) => hasPassed(w) && w.work.length === 0) : [];
  const rows = showPassed ? windows : windows.filter((w) => !hidden.includes(w));
  const work = windows.flatMap((w) => w.work);
  const next = windows.find((w) => !hasPassed(w));
  const closed = windows.filter((w) => w.onClosedDay).length;
  const create = data?.actions.create;
  return (
    <Stack>
      <Text>{t('operations.windows.intro')}</Text>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <YearSelect />
        {create?.allowed && <Button onClick={() => setDialog({ kind: 'new' })}>{t('operations.windows.plan')}</Button>}
      </Group>
      {create && !create.allowed && whyNot(create, locale) && (
        <Text size="sm" role="note">
          {t('operations.windows.mayNotPlan', { reason: whyNot(create, locale) })}
        </Text>
      )}
      {data && windows.length > 0 && (
        <Stack gap={4}>
          <Text size="sm">{next ? t('operations.windows.next', { window: windowLabel(next, t, locale) }) : t('operations.windows.noneAhead', { year })}</Text>
          <Text size="sm">
            {work.length === 0 ? t('operations.windows.noWork', { year }) : t('operations.windows.workCount', { count: work.length, year })}
          </Text>
          {closed > 0 && (
            <Text size="sm" c="red.9">
              {t('operations.windows.closedCount', { count: closed })}
            </Text>
          )}
          {hidden.length > 0 && (
            <Checkbox
              mt="xs"
              label={t('operations.windows.showPassed', { count: hidden.length })}
              checked={showPassed}
              onChange={(e) => setShowPassed(e.currentTarget.checked)}
            />
          )}
        </Stack>
      )}
      <ListTable
        query={{ isPending: !data && !plan.isError, isError: plan.isError, error: plan.error, refetch: plan.refetch }}
        items={rows}
        empty={t('operations.windows.empty', { year })}
        label={t('operations.windows.tableLabel', { year })}
        caption
        highlight={false}
        minWidth={900}
        columns={[
          { label: t('operations.windows.date'), minWidth: 150 },
          t('operations.windows.kind'),
          t('operations.windows.time'),
          { label: t('operations.windows.closedDay'), minWidth: 120 },
          { label: t('operations.windows.work'), minWidth: 340 },
        ]}
        row={(w) => (
          <Table.Tr key={`${w.kind}-${w.date}`}>
            <Table.Th scope="row" fw="normal" style={{ verticalAlign: 'top' }}>
              <Stack gap={2}>
                <time dateTime={w.date}>{formatWeekdayDate(w.date, locale)}</time>
                {hasPassed(w) && (
                  <Text size="xs" c="dimmed">
                    {t('operations.windows.passed')}
                  </Text>
                )}
              </Stack>
            </Table.Th>
            <Table.Td style={{ verticalAlign: 'top' }}>
              <Stack gap={2}>
                <Text size="sm">{t(`operations.windows.kinds.${w.kind}`)}</Text>
                {w.kind === 'secondary' && (
                  <Text size="xs" c="dimmed">
                    {t('operations.windows.secondaryHelp')}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>{span(w.startsAt, w.endsAt)}</Table.Td>
            <Table.Td style={{ verticalAlign: 'top' }}>
              {w.onClosedDay ? (
                <Stack gap={2} align="flex-start">
                  <Badge color="red" variant="filled" tt="none">
                    {t('operations.windows.closedBadge')}
                  </Badge>
                  <Text size="sm">{w.closedReason}</Text>
                </Stack>
              ) : (
                t('operations.windows.openDay')
              )}
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top' }}>
              {w.work.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('operations.windows.nothingPlanned')}
                </Text>
              ) : (
                <ul
                  aria-label={t('operations.windows.workIn', { date: formatWeekdayDate(w.date, locale) })}
                  style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-md)' }}
                >
                  {w.work.map((x) => (
                    <li key={x.id}>
                      <WorkItem work={x} window={w} onAction={(kind) => setDialog({ kind, work: x })} />
                    </li>
                  ))}
                </ul>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
      {dialog?.kind === 'new' && <WorkDialog windows={windows} year={year} onClose={close} />}
      {dialog?.kind === 'edit' && <WorkDialog work={dialog.work} windows={windows} year={year} onClose={close} />}
      {dialog?.kind === 'announce' && <AnnounceDialog work={dialog.work} onClose={close} />}
      {dialog?.kind === 'done' && <DoneDialog work={dialog.work} onClose={close} />}
      {dialog?.kind === 'cancel' && <CancelDialog work={dialog.work} onClose={close} />}
    </Stack>
  );
}

/** One piece of work in its window: what, when, which functions where, its state, and what the user may do with it. */
function WorkItem({ work, window: w, onAction }: { work: WindowWork; window: PlanWindow; onAction: (kind: 'edit' | 'announce' | 'done' | 'cancel') => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const names = (refs: { name: string }[]) =>
    formatList(
      refs.map((r) => r.name),
      locale,
    );
  const title = work.title;
  const buttons = [
    { key: 'edit', allowed: work.permissions.edit.allowed, text: t('operations.windows.edit'), label: t('operations.windows.editNamed', { title }) },
    {
      key: 'announce',
      allowed: work.permissions.publish.allowed,
      text: t('operations.windows.announce'),
      label: t('operations.windows.announceNamed', { title }),
    },
    { key: 'done', allowed: work.permissions.done.allowed, text: t('operations.windows.markDone'), label: t('operations.windows.markDoneNamed', { title }) },
    {
      key: 'cancel',
      allowed: work.permissions.cancel.allowed,
      text: t('operations.windows.cancel'),
      label: t('operations.windows.cancelNamed', { title }),
      color: 'red',
    },
  ] as const;
  const shown = buttons.filter((b) => b.allowed);
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <WorkStateBadge work={work} />
      </Group>
      <Text size="sm">
        {wholeWindow(work, w) ? t('operations.windows.wholeWindow') : span(work.startsAt, work.endsAt)}
        {' · '}
        {work.causesOutage ? t('operations.windows.down') : t('operations.windows.notDown')}
      </Text>
      <Text size="sm">
        {t('operations.windows.functions')}: {work.functions.length === 0 ? t('operations.windows.noFunctions') : names(work.functions)}
      </Text>
      <Text size="sm">
        {t('operations.windows.municipalities')}: {names(work.municipalities)}
      </Text>
      {work.secondaryReason && (
        <Text size="sm">
          {t('operations.windows.secondaryReason')}: {work.secondaryReason}
        </Text>
      )}
      {w.onClosedDay && work.closedDayConfirmed && (
        <Text size="sm" c="red.9">
          {t('operations.windows.closedConfirmed')}
        </Text>
      )}
      {shown.length > 0 && (
        <Group gap="xs" wrap="wrap" role="group" aria-label={t('operations.windows.actionsFor', { title })}>
          {shown.map((b) => (
            <Button
              key={b.key}
              size="compact-sm"
              variant="default"
              color={'color' in b ? b.color : undefined}
              aria-label={b.label}
              onClick={() => onAction(b.key)}
            >
              {b.text}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- plan work, change it

interface WorkValues {
  windowDate: string;
  title: string;
  publicText: string;
  internalNote: string;
  secondaryReason: string;
  closedDayConfirmed: boolean;
  causesOutage: boolean;
  wholeWindow: boolean;
  startTime: string;
  endTime: string;
  functionIds: string[];
  municipalityIds: string[];
}

const WORK_FIELDS = [
  'windowDate',
  'title',
  'publicText',
  'internalNote',
  'secondaryReason',
  'closedDayConfirmed',
  'causesOutage',
  'functionIds',
  'municipalityIds',
];

/** Where a server problem of the work's request shows in the form. */
function workPath(field: string): string | undefined {
  if (field === 'startsAt') return 'startTime';
  if (field === 'endsAt') return 'endTime';
  return WORK_FIELDS.includes(field) ? field : undefined;
}

/** The window new work opens on: the next primary one not yet passed, else the next one, else the year's first. */
function defaultWindow(windows: readonly PlanWindow[]): PlanWindow | undefined {
  const ahead = windows.filter((w) => !hasPassed(w));
  return ahead.find((w) => w.kind === 'primary') ?? ahead[0] ?? windows[0];
}

/** The work's start and end as instants, from the window's date and the clock times (an end at or before the start is the next day's only when the window runs past midnight). */
function workSpan(w: PlanWindow, startTime: string, endTime: string): { startsAt: string | null; endsAt: string | null; endBeforeStart: boolean } {
  const endDate = stockholmParts(w.endsAt).date;
  const overnight = endDate !== w.date;
  const wraps = endTime <= startTime;
  return {
    startsAt: stockholmInstant(w.date, startTime),
    endsAt: stockholmInstant(wraps && overnight ? endDate : w.date, endTime),
    endBeforeStart: wraps && !overnight,
  };
}

function workValues(work: WindowWork | undefined, windows: readonly PlanWindow[], ownMunicipality: string | null): WorkValues {
  const w = work ? windows.find((x) => x.date === work.windowDate) : defaultWindow(windows);
  const from = work ?? w;
  return {
    windowDate: work?.windowDate ?? w?.date ?? '',
    title: work?.title ?? '',
    publicText: work?.publicText ?? '',
    internalNote: work?.internalNote ?? '',
    secondaryReason: work?.secondaryReason ?? '',
    closedDayConfirmed: work?.closedDayConfirmed ?? false,
    causesOutage: work?.causesOutage ?? true,
    wholeWindow: work ? wholeWindow(work, w) : true,
    startTime: from ? formatClock(from.startsAt) : '',
    endTime: from ? formatClock(from.endsAt) : '',
    functionIds: work?.functions.map((f) => f.id) ?? [],
    municipalityIds: work?.municipalities.map((m) => m.id) ?? (ownMunicipality ? [ownMunicipality] : []),
  };
}

/**
 * work planned in one of the year's windows, or changed (PUT with the version read): the
 * window, what is done and what the organisation is told, which IT functions in which
 * municipalities, whether they are down, and when inside the window. A secondary window asks why
 * not the primary; a window on a closed day asks for a confirmation that names the day.
 */
function WorkDialog({ work, windows, year, onClose }: { work?: WindowWork; windows: readonly PlanWindow[]; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const done = useDone();
  const queryClient = useQueryClient();
  const functions = useItFunctions();
  const [version, setVersion] = useState(work?.version ?? 0);
  const windowOf = (date: string) => windows.find((w) => w.date === date);
  const save = useMutation({
    mutationFn: (v: WorkValues) => {
      const w = windowOf(v.windowDate);
      const times = w && !v.wholeWindow ? workSpan(w, v.startTime, v.endTime) : null;
      const body: WindowWorkInput = {
        windowDate: v.windowDate,
        startsAt: times?.startsAt ?? null,
        endsAt: times?.endsAt ?? null,
        title: v.title.trim(),
        publicText: v.publicText.trim(),
        internalNote: v.internalNote.trim(),
        secondaryReason: w?.kind === 'secondary' ? v.secondaryReason.trim() : null,
        closedDayConfirmed: w?.onClosedDay === true && v.closedDayConfirmed,
        causesOutage: v.causesOutage,
        functionIds: v.functionIds,
        municipalityIds: v.municipalityIds,
      };
      return work ? request<WindowWork>('PUT', `/api/v1/window-work/${work.id}`, { ...body, version }) : api.post<WindowWork>('/api/v1/window-work', body);
    },
    onSuccess: async () => {
      onClose();
      await done(t(work ? 'operations.windows.done.saved' : 'operations.windows.done.created'));
    },
  });
  const form = useSamdeskForm<WorkValues>({
    initialValues: workValues(work, windows, user.municipalityId),
    required: (v) => ({
      windowDate: { label: t('operations.windows.form.window'), kind: 'choose' },
      title: { label: t('operations.windows.form.title') },
      municipalityIds: { label: t('operations.windows.form.municipalities'), kind: 'choose' },
      ...(windowOf(v.windowDate)?.kind === 'secondary' ? { secondaryReason: { label: t('operations.windows.form.secondaryReason') } } : {}),
      ...(v.wholeWindow ? {} : { startTime: { label: t('operations.windows.form.startTime') }, endTime: { label: t('operations.windows.form.endTime') } }),
    }),
    check: (v): Record<string, string> => {
      const w = windowOf(v.windowDate);
      const problems: Record<string, string> = {};
      if (w?.onClosedDay && !v.closedDayConfirmed) problems.closedDayConfirmed = t('operations.windows.form.closedDayRequired');
      if (w && !v.wholeWindow && v.startTime && v.endTime && workSpan(w, v.startTime, v.endTime).endBeforeStart) {
        problems.endTime = t('operations.windows.form.endBeforeStart');
      }
      return problems;
    },
    problemPath: workPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const chosen = windowOf(v.windowDate);
  const upcoming = windows.filter((w) => !hasPassed(w));
  const passed = windows.filter((w) => hasPassed(w));
  const option = (w: PlanWindow) => ({ value: w.date, label: windowLabel(w, t, locale) });
  const title = work ? t('operations.windows.form.editTitle') : t('operations.windows.form.newTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <StaleAlert<WindowWork>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: planKey(year) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, workPath)} />
          <NativeSelect
            label={t('operations.windows.form.window')}
            description={t('operations.windows.form.windowHelp', { year })}
            required
            data={[
              ...(v.windowDate === '' ? [{ value: '', label: '' }] : []),
              ...(upcoming.length > 0 ? [{ group: t('operations.windows.upcomingWindows'), items: upcoming.map(option) }] : []),
              ...(passed.length > 0 ? [{ group: t('operations.windows.passedWindows'), items: passed.map(option) }] : []),
            ]}
            value={v.windowDate}
            error={form.errors.windowDate}
            onChange={(e) => {
              const date = e.currentTarget.value;
              const next = windowOf(date);
              // A confirmation is for one closed day; the hours follow the window while the whole of it is taken.
              form.setValues({
                windowDate: date,
                closedDayConfirmed: false,
                ...(next && v.wholeWindow ? { startTime: formatClock(next.startsAt), endTime: formatClock(next.endsAt) } : {}),
              });
              form.clear('windowDate', 'secondaryReason', 'closedDayConfirmed', 'startTime', 'endTime');
            }}
          />
          {chosen?.kind === 'secondary' && (
            <>
              <Alert color="orange" variant="outline" role="note">
                <Text size="sm">{t('operations.windows.form.secondaryNote')}</Text>
              </Alert>
              <Textarea
                label={t('operations.windows.form.secondaryReason')}
                description={t('operations.windows.form.secondaryReasonHelp')}
                required
                autosize
                minRows={2}
                maxLength={2000}
                {...form.text('secondaryReason')}
              />
            </>
          )}
          {chosen?.onClosedDay && (
            <Checkbox
              label={t('operations.windows.form.closedDay', { date: formatWeekdayDate(chosen.date, locale), reason: chosen.closedReason ?? '' })}
              description={t('operations.windows.form.closedDayHelp')}
              required
              error={form.errors.closedDayConfirmed}
              {...form.checkbox('closedDayConfirmed')}
            />
          )}
          <TextInput
            label={t('operations.windows.form.title')}
            description={t('operations.windows.form.titleHelp')}
            required
            maxLength={200}
            {...form.text('title')}
          />
          <Textarea
            label={t('operations.windows.form.publicText')}
            description={t('operations.windows.form.publicTextHelp')}
            autosize
            minRows={3}
            maxLength={5000}
            {...form.text('publicText')}
          />
          <MunicipalityChecks
            label={t('operations.windows.form.municipalities')}
            value={v.municipalityIds}
            onChange={(ids) => form.set('municipalityIds', ids)}
            error={form.errors.municipalityIds}
          />
          <FunctionChecks
            label={t('operations.windows.form.functions')}
            description={t('operations.windows.form.functionsHelp')}
            functions={functions.data?.items ?? []}
            municipalityIds={v.municipalityIds}
            value={v.functionIds}
            onChange={(ids) => form.set('functionIds', ids)}
            empty={t('operations.windows.form.noFunctions')}
            error={form.errors.functionIds}
          />
          <Checkbox
            label={t('operations.windows.form.causesOutage')}
            description={t('operations.windows.form.causesOutageHelp')}
            {...form.checkbox('causesOutage')}
          />
          <Checkbox
            label={t('operations.windows.form.wholeWindow', { time: chosen ? span(chosen.startsAt, chosen.endsAt) : '' })}
            {...form.checkbox('wholeWindow')}
          />
          {!v.wholeWindow && (
            <Stack gap={4}>
              <Group align="flex-start" wrap="wrap">
                <TextInput type="time" label={t('operations.windows.form.startTime')} required w={160} {...form.text('startTime')} />
                <TextInput type="time" label={t('operations.windows.form.endTime')} required w={160} {...form.text('endTime')} />
              </Group>
              {chosen && (
                <Text size="sm" c="dimmed">
                  {t('operations.windows.form.timesHelp', { time: span(chosen.startsAt, chosen.endsAt) })}
                </Text>
              )}
            </Stack>
          )}
          <Textarea
            label={t('operations.windows.form.internalNote')}
            description={t('operations.windows.form.internalNoteHelp')}
            autosize
            minRows={2}
            maxLength={5000}
            {...form.text('internalNote')}
          />
          <FormButtons
            submitLabel={work ? t('operations.windows.form.submitEdit') : t('operations.windows.form.submitNew')}
            submitting={form.submitting}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- announce, done, cancel

/** R-9.4: the work published as planned work on its municipalities' operations pages, shown first as the public will read it. */
function AnnounceDialog({ work, onClose }: { work: WindowWork; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const announce = useMutation({
    mutationFn: () => api.post(`/api/v1/window-work/${work.id}/message`),
    onSuccess: async () => {
      onClose();
      await done(t('operations.windows.done.announced'));
    },
  });
  const title = t('operations.windows.announceDialog.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          announce.mutate();
        }}
      >
        <Stack>
          <Text size="sm">
            {t('operations.windows.announceDialog.help', {
              municipalities: formatList(
                work.municipalities.map((m) => m.name),
                locale,
              ),
            })}
          </Text>
          <ProblemAlert error={announce.error} />
          <Stack gap={4} p="sm" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}>
            <Text fw={600}>{work.title}</Text>
            <Text size="sm">
              {t('operations.windows.announceDialog.when')}: {formatWeekdayDate(work.windowDate, locale)}, {span(work.startsAt, work.endsAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {work.publicText || t('operations.windows.announceDialog.noText')}
            </Text>
          </Stack>
          <FormButtons submitLabel={t('operations.windows.announceDialog.submit')} submitting={announce.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The work is done; if it took the functions down, its time becomes planned window downtime. */
function DoneDialog({ work, onClose }: { work: WindowWork; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const complete = useMutation({
    mutationFn: () => api.post<WindowWork>(`/api/v1/window-work/${work.id}/done`, { version: work.version }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.windows.done.completed'));
    },
  });
  const message = [
    t('operations.windows.doneDialog.message', { title: work.title }),
    ...(work.causesOutage && work.functions.length > 0 ? [t('operations.windows.doneDialog.outage', { time: span(work.startsAt, work.endsAt) })] : []),
  ].join(' ');
  return (
    <ConfirmDialog
      title={t('operations.windows.doneDialog.title')}
      message={message}
      confirmLabel={t('operations.windows.doneDialog.confirm')}
      action={complete}
      staleMessage={t('app.staleBody')}
      onClose={onClose}
    />
  );
}

/** The work is called off; an announcement about it is closed as cancelled. */
function CancelDialog({ work, onClose }: { work: WindowWork; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const cancel = useMutation({
    mutationFn: () => api.post<WindowWork>(`/api/v1/window-work/${work.id}/cancel`, { version: work.version }),
    onSuccess: async () => {
      onClose();
      await done(t('operations.windows.done.cancelled'));
    },
  });
  const message = [
    t('operations.windows.cancelDialog.message', { title: work.title }),
    ...(work.messageId ? [t('operations.windows.cancelDialog.announced')] : []),
  ].join(' ');
  return (
    <ConfirmDialog
      title={t('operations.windows.cancelDialog.title')}
      message={message}
      confirmLabel={t('operations.windows.cancelDialog.confirm')}
      action={cancel}
      staleMessage={t('app.staleBody')}
      onClose={onClose}
    />
  );
}
