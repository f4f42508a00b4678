import { Alert, Box, Button, Checkbox, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api.ts';
import { KLASSA_ASPECTS, STATUS_TRANSITIONS, agreementKeys, useEditorModel, type ApplicationStatus, type KlassaAspect } from '../../agreements/model.ts';
import { ConfirmDialog, FormButtons, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatInstantLong, stockholmInstant, stockholmNow, stockholmParts } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { Application, CloudMoveInput, Person, Review } from '../../types.ts';
import {
  ContentEditor,
  OwnersEditor,
  RegisterFields,
  SplitEditor,
  contentBody,
  contentOf,
  contentProblems,
  formPath,
  registerBody,
  registerOf,
  registerProblems,
  shownProblems,
  type ContentValues,
  type RegisterValues,
} from './editors.tsx';

const today = () => stockholmNow().local.slice(0, 10);

/** After a change: the notice, and every agreement query read again (the list, the page, the reviews). */
function useDone() {
  const queryClient = useQueryClient();
  return async (message: string) => {
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: agreementKeys.all });
  };
}

function useReload(id: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['agreements', 'application', id] });
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <Title order={3} size="h4" mt="sm">
      {children}
    </Title>
  );
}

/** An invalid form says so beside its buttons too (a long dialog's first problem may be out of sight). */
function InvalidNote({ shown }: { shown: boolean }) {
  const { t } = useTranslation();
  return shown ? (
    <Alert color="red" role="alert">
      {t('agreements.form.fixFields')}
    </Alert>
  ) : null;
}

// ---------------------------------------------------------------- the register's fields (PATCH)

/** change the register's fields, the owners and who pays (PATCH with the version read). */
export function EditDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const reload = useReload(app.id);
  const [version, setVersion] = useState(app.version);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: RegisterValues) => api.patch<Application>(`/api/v1/applications/${app.id}`, { version, ...registerBody(v) }),
    onSuccess: async () => {
      onClose();
      await done(t('agreements.done.edit'));
    },
  });
  const form = useSamdeskForm<RegisterValues>({
    initialValues: registerOf(app, locale),
    required: (v) => ({
      name: { label: t('agreements.form.name') },
      ...Object.fromEntries(v.units.map((_, i) => [`units.${i}.unitId`, { label: t('agreements.split.unit'), kind: 'choose' }])),
    }),
    check: (v) => registerProblems(v, { share: t('agreements.split.shareInvalid'), users: t('agreements.split.usersInvalid') }),
    problemPath: formPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const change = (patch: Partial<RegisterValues>, clear: string[] = Object.keys(patch)) => {
    form.setValues(patch);
    form.clear(...clear);
    setInvalid(false);
  };
  const title = t('agreements.actions.edit');
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              reload();
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error)} />
          <RegisterFields value={form.values} onChange={change} errors={form.errors} />
          <Heading>{t('agreements.form.owners')}</Heading>
          <OwnersEditor value={form.values} onChange={change} errors={form.errors} municipalityId={app.municipalityId} current={app} />
          <Heading>{t('agreements.form.split')}</Heading>
          <SplitEditor value={form.values} onChange={change} errors={form.errors} municipalityId={app.municipalityId} />
          <InvalidNote shown={invalid} />
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- the agreement's content (a new version)

type RevisionValues = ContentValues & { changeNote: string };

/** revise the agreement: a new version of its content with what changed. */
export function ReviseDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const reload = useReload(app.id);
  const editor = useEditorModel();
  const [version, setVersion] = useState(app.version);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: RevisionValues) =>
      api.post<Application>(`/api/v1/applications/${app.id}/versions`, {
        version,
        ...contentBody(v, editor.model.data?.drivers ?? []),
        changeNote: v.changeNote.trim(),
      }),
    onSuccess: async (after) => {
      onClose();
      await done(t('agreements.done.revise', { number: after.agreement?.number ?? '' }));
    },
  });
  const form = useSamdeskForm<RevisionValues>({
    initialValues: { ...contentOf(app.agreement), changeNote: '' },
    required: () => ({ changeNote: { label: t('agreements.form.changeNote') } }),
    check: (v) => contentProblems(v, { quantity: t('agreements.quantities.invalid') }),
    problemPath: formPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const change = (patch: Partial<RevisionValues>, clear: string[] = Object.keys(patch)) => {
    form.setValues(patch);
    form.clear(...clear);
    setInvalid(false);
  };
  const title = t('agreements.actions.revise');
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('agreements.revise.help', { number: (app.agreement?.number ?? 0) + 1 })}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              reload();
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error)} />
          <ContentEditor
            value={form.values}
            onChange={change}
            errors={form.errors}
            model={{ query: editor.model, year: editor.year }}
            name={app.name}
            idPrefix="revise"
          />
          <Textarea
            label={t('agreements.form.changeNote')}
            description={t('agreements.form.changeNoteHelp')}
            required
            autosize
            minRows={2}
            maxLength={2000}
            {...form.text('changeNote')}
          />
          <InvalidNote shown={invalid} />
          <FormButtons submitLabel={t('agreements.revise.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- status

/**
 * Activate, terminate or mark moved to cloud/SaaS: the statuses the application may move to (the
 * server's transition rule), on a date. Moving to cloud shows what the server says is still missing.
 */
export function StatusDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const reload = useReload(app.id);
  const options = STATUS_TRANSITIONS[app.status];
  const [version, setVersion] = useState(app.version);
  const save = useMutation({
    mutationFn: (v: { status: string; on: string }) => api.post<Application>(`/api/v1/applications/${app.id}/status`, { version, status: v.status, on: v.on }),
    onSuccess: async (after) => {
      onClose();
      await done(t('agreements.done.status', { status: t(`agreements.statuses.${after.status}`) }));
    },
  });
  const form = useSamdeskForm({
    initialValues: { status: options[0] ?? '', on: today() },
    required: () => ({ status: { label: t('agreements.status.status'), kind: 'choose' }, on: { label: t('agreements.status.on') } }),
    problemPath: (field) => (field === 'status' || field === 'on' ? field : undefined),
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('agreements.actions.status');
  const toCloud = form.values.status === 'cloud';
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('agreements.status.now', { status: t(`agreements.statuses.${app.status}`) })}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              reload();
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error, (f) => (f === 'on' ? f : undefined))} />
          <NativeSelect
            label={t('agreements.status.status')}
            data={options.map((s: ApplicationStatus) => ({ value: s, label: t(`agreements.statuses.${s}`) }))}
            {...form.text('status')}
          />
          <TextInput type="date" label={t('agreements.status.on')} description={t('agreements.status.onHelp')} required w={240} {...form.text('on')} />
          {toCloud && app.cloudGate.length > 0 && (
            <Alert color="yellow" role="note" title={t('agreements.cloud.missing')}>
              <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                {app.cloudGate.map((p) => (
                  <li key={p.field}>{locale === 'sv' ? p.reasonSv : p.reason}</li>
                ))}
              </ul>
            </Alert>
          )}
          <FormButtons submitLabel={t('agreements.status.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- the move to cloud/SaaS

interface CloudValues {
  levels: Record<KlassaAspect, { level: string; label: string }>;
  klassaVersion: string;
  classifiedOn: string;
  participants: string;
  securityOn: string;
  securityResult: string;
  securityRisks: string;
  legalOn: string;
  legalOutcome: string;
  businessOn: string;
  businessOutcome: string;
  costOn: string;
  costSummary: string;
  costInternal: boolean;
}

/** The levels' usual names (DOMAIN-NOTES: KLASSA numbers them differently between versions, so the label is kept with the number). */
const LEVELS = ['0', '1', '2', '3', '4'] as const;

function cloudValues(move: Application['cloudMove']): CloudValues {
  const c = move?.classification;
  const levels = Object.fromEntries(
    KLASSA_ASPECTS.map((a) => {
      const l = c?.levels[a];
      return [a, { level: l ? String(l.level) : '', label: l?.label ?? '' }];
    }),
  ) as CloudValues['levels'];
  return {
    levels,
    klassaVersion: c?.klassaVersion ?? '',
    classifiedOn: c?.classifiedOn ?? '',
    participants: c?.participants.join('\n') ?? '',
    securityOn: move?.securityAnalysis?.on ?? '',
    securityResult: move?.securityAnalysis?.result ?? '',
    securityRisks: move?.securityAnalysis?.residualRisks ?? '',
    legalOn: move?.legalReview?.on ?? '',
    legalOutcome: move?.legalReview?.outcome ?? '',
    businessOn: move?.businessReview?.on ?? '',
    businessOutcome: move?.businessReview?.outcome ?? '',
    costOn: move?.costAnalysis?.on ?? '',
    costSummary: move?.costAnalysis?.summary ?? '',
    costInternal: move?.costAnalysis?.internalCostsRemain ?? false,
  };
}

const filled = (...texts: string[]) => texts.some((s) => s.trim() !== '');

/** The steps as the API takes them: a step with nothing written is not done (null). */
function cloudBody(v: CloudValues): Omit<CloudMoveInput, 'version'> {
  const levels: NonNullable<CloudMoveInput['classification']>['levels'] = {};
  for (const a of KLASSA_ASPECTS) {
    const l = v.levels[a];
    if (l.level !== '') levels[a] = { level: Number(l.level), label: l.label.trim() };
  }
  const participants = v.participants
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const classified = Object.keys(levels).length > 0 || filled(v.klassaVersion, v.classifiedOn, v.participants);
  return {
    classification: classified ? { levels, klassaVersion: v.klassaVersion.trim(), classifiedOn: v.classifiedOn, participants } : null,
    securityAnalysis: filled(v.securityOn, v.securityResult, v.securityRisks)
      ? { on: v.securityOn, result: v.securityResult.trim(), residualRisks: v.securityRisks.trim() }
      : null,
    legalReview: filled(v.legalOn, v.legalOutcome) ? { on: v.legalOn, outcome: v.legalOutcome.trim() } : null,
    businessReview: filled(v.businessOn, v.businessOutcome) ? { on: v.businessOn, outcome: v.businessOutcome.trim() } : null,
    costAnalysis: filled(v.costOn, v.costSummary) ? { on: v.costOn, summary: v.costSummary.trim(), internalCostsRemain: v.costInternal } : null,
  };
}

/** The server's field of a cloud step as the form's input. */
function cloudPath(field: string): string | undefined {
  const level = /^classification\.levels\.(\w+)/.exec(field);
  if (level) return `levels.${level[1]}.label`;
  const map: Record<string, string> = {
    'classification.klassaVersion': 'klassaVersion',
    'classification.classifiedOn': 'classifiedOn',
    'classification.participants': 'participants',
    'securityAnalysis.on': 'securityOn',
    'securityAnalysis.result': 'securityResult',
    'securityAnalysis.residualRisks': 'securityRisks',
    'legalReview.on': 'legalOn',
    'legalReview.outcome': 'legalOutcome',
    'businessReview.on': 'businessOn',
    'businessReview.outcome': 'businessOutcome',
    'costAnalysis.on': 'costOn',
    'costAnalysis.summary': 'costSummary',
  };
  return map[field.replace(/^(classification\.participants)\.\d+$/, '$1')];
}

/**
 * record the steps of a move to cloud/SaaS — the KLASSA classification (a level and its name
 * per aspect, the KLASSA version, the date, who took part), the security analysis, the legal and the
 * business review and the economic cost analysis. A step left empty is not done yet; the page then
 * says what is still missing before the move can be marked done.
 */
export function CloudMoveDialog({ app, onClose }: { app: Application; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const reload = useReload(app.id);
  const [version, setVersion] = useState(app.version);
  const save = useMutation({
    mutationFn: (v: CloudValues) => request<Application>('PUT', `/api/v1/applications/${app.id}/cloud-move`, { version, ...cloudBody(v) }),
    onSuccess: async () => {
      onClose();
      await done(t('agreements.done.cloud'));
    },
  });
  const form = useSamdeskForm<CloudValues>({
    initialValues: cloudValues(app.cloudMove),
    check: (v) => {
      const problems: Record<string, string> = {};
      const need = (when: boolean, path: string, key: 'dateMissing' | 'textMissing') => {
        if (when && (valueOf(v, path) ?? '').trim() === '') problems[path] = t(`agreements.cloud.${key}`);
      };
      const body = cloudBody(v);
      need(body.classification !== null, 'classifiedOn', 'dateMissing');
      for (const a of KLASSA_ASPECTS) need(v.levels[a].level !== '', `levels.${a}.label`, 'textMissing');
      need(body.securityAnalysis !== null, 'securityOn', 'dateMissing');
      need(body.securityAnalysis !== null, 'securityResult', 'textMissing');
      need(body.legalReview !== null, 'legalOn', 'dateMissing');
      need(body.legalReview !== null, 'legalOutcome', 'textMissing');
      need(body.businessReview !== null, 'businessOn', 'dateMissing');
      need(body.businessReview !== null, 'businessOutcome', 'textMissing');
      need(body.costAnalysis !== null, 'costOn', 'dateMissing');
      need(body.costAnalysis !== null, 'costSummary', 'textMissing');
      return problems;
    },
    problemPath: cloudPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const setLevel = (a: KlassaAspect, patch: Partial<{ level: string; label: string }>) => {
    const next = { ...v.levels[a], ...patch };
    // A level chosen for the first time gets its usual name, which can be changed.
    if (patch.level !== undefined && patch.level !== '' && v.levels[a].label.trim() === '') {
      next.label = t(`agreements.klassaLevels.l${patch.level as (typeof LEVELS)[number]}`);
    }
    form.setValues({ levels: { ...v.levels, [a]: next } });
    form.clear(`levels.${a}.label`);
  };
  const text = (key: Exclude<keyof CloudValues, 'levels' | 'costInternal'>, label: string, area = false, date = false) =>
    area ? (
      <Textarea label={label} autosize minRows={2} maxLength={5000} {...form.text(key)} />
    ) : (
      <TextInput label={label} type={date ? 'date' : 'text'} w={date ? 240 : undefined} maxLength={date ? undefined : 200} {...form.text(key)} />
    );
  const title = t('agreements.actions.cloud');
  const step = (id: string, heading: string, children: ReactNode) => (
    <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }} aria-describedby={`${id}-help`}>
      <Text component="legend" fw={700} mb={4}>
        {heading}
      </Text>
      <Text size="xs" c="dimmed" id={`${id}-help`} mb={4}>
        {t('agreements.cloud.stepHelp')}
      </Text>
      <Stack gap="xs">{children}</Stack>
    </Box>
  );
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack gap="lg">
          <Text size="sm">{t('agreements.cloud.help')}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              reload();
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error, cloudPath)} />
          {step(
            'cloud-klassa',
            t('agreements.cloud.classification'),
            <>
              {KLASSA_ASPECTS.map((a) => (
                <Group key={a} align="flex-start" wrap="wrap">
                  <NativeSelect
                    label={t('agreements.cloud.level', { aspect: t(`agreements.klassa.${a}`) })}
                    w={260}
                    data={[
                      { value: '', label: t('agreements.cloud.noLevel') },
                      ...LEVELS.map((l) => ({ value: l, label: t('agreements.cloud.levelOption', { level: l, name: t(`agreements.klassaLevels.l${l}`) }) })),
                    ]}
                    value={v.levels[a].level}
                    onChange={(e) => {
                      const level = e.currentTarget.value;
                      setLevel(a, { level });
                    }}
                  />
                  <TextInput
                    label={t('agreements.cloud.levelLabel', { aspect: t(`agreements.klassa.${a}`) })}
                    maxLength={60}
                    style={{ flex: 1 }}
                    miw={200}
                    value={v.levels[a].label}
                    error={form.errors[`levels.${a}.label`]}
                    onChange={(e) => {
                      const label = e.currentTarget.value;
                      setLevel(a, { label });
                    }}
                  />
                </Group>
              ))}
              <Group align="flex-start" wrap="wrap">
                {text('klassaVersion', t('agreements.cloud.klassaVersion'))}
                {text('classifiedOn', t('agreements.cloud.classifiedOn'), false, true)}
              </Group>
              <Textarea
                label={t('agreements.cloud.participants')}
                description={t('agreements.cloud.participantsHelp')}
                autosize
                minRows={2}
                {...form.text('participants')}
              />
            </>,
          )}
          {step(
            'cloud-security',
            t('agreements.cloud.securityAnalysis'),
            <>
              {text('securityOn', t('agreements.cloud.on'), false, true)}
              {text('securityResult', t('agreements.cloud.result'), true)}
              {text('securityRisks', t('agreements.cloud.residualRisks'), true)}
            </>,
          )}
          {step(
            'cloud-legal',
            t('agreements.cloud.legalReview'),
            <>
              {text('legalOn', t('agreements.cloud.on'), false, true)}
              {text('legalOutcome', t('agreements.cloud.outcome'), true)}
            </>,
          )}
          {step(
            'cloud-business',
            t('agreements.cloud.businessReview'),
            <>
              {text('businessOn', t('agreements.cloud.on'), false, true)}
              {text('businessOutcome', t('agreements.cloud.outcome'), true)}
            </>,
          )}
          {step(
            'cloud-cost',
            t('agreements.cloud.costAnalysis'),
            <>
              {text('costOn', t('agreements.cloud.on'), false, true)}
              {text('costSummary', t('agreements.cloud.summary'), true)}
              <Checkbox
                label={t('agreements.cloud.internalCostsRemain')}
                description={t('agreements.cloud.internalCostsHelp')}
                {...form.checkbox('costInternal')}
              />
            </>,
          )}
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function valueOf(v: CloudValues, path: string): string | undefined {
  const level = /^levels\.(\w+)\.label$/.exec(path);
  if (level) return v.levels[level[1] as KlassaAspect].label;
  const value: unknown = v[path as keyof CloudValues];
  return typeof value === 'string' ? value : undefined;
}

// ---------------------------------------------------------------- the yearly review

interface Invitee {
  name: string;
  email: string;
  personId: string | null;
}
interface ReviewValues {
  date: string;
  start: string;
  end: string;
  place: string;
  invitees: Invitee[];
}

function reviewPath(field: string): string | undefined {
  if (field === 'startsAt') return 'start';
  if (field === 'endsAt') return 'end';
  if (field === 'place' || field === 'invitees' || /^invitees\.\d+\.(name|email)$/.test(field)) return field;
  return undefined;
}

/**
 * book the yearly review (date, time, place and whom to invite; the owners can be added with
 * one button), or move a booked one. Samdesk mails each invitee an invitation with a calendar file.
 */
export function ReviewDialog({ app, review, onClose }: { app: Application; review?: Review; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(review?.version ?? 0);
  const save = useMutation({
    mutationFn: (v: ReviewValues) => {
      const body = {
        startsAt: stockholmInstant(v.date, v.start),
        endsAt: stockholmInstant(v.date, v.end),
        place: v.place.trim(),
        invitees: v.invitees.map((i) => ({ name: i.name.trim(), email: i.email.trim(), personId: i.personId })),
      };
      return review
        ? request<Review>('PUT', `/api/v1/applications/${app.id}/reviews/${review.id}`, { ...body, version })
        : api.post<Review>(`/api/v1/applications/${app.id}/reviews`, body);
    },
    onSuccess: async (r) => {
      onClose();
      await done(t(review ? 'agreements.done.reschedule' : 'agreements.done.book', { date: formatInstantLong(r.startsAt, locale) }));
    },
  });
  const start = review
    ? stockholmParts(review.startsAt)
    : { date: app.nextReviewOn && app.nextReviewOn >= today() ? app.nextReviewOn : today(), time: '09:00' };
  const form = useSamdeskForm<ReviewValues>({
    initialValues: {
      date: start.date,
      start: start.time,
      end: review ? stockholmParts(review.endsAt).time : '10:00',
      place: review?.place ?? '',
      invitees: review ? review.invitees.map((i) => ({ ...i })) : [],
    },
    required: (v) => ({
      date: { label: t('agreements.review.date') },
      start: { label: t('agreements.review.start') },
      end: { label: t('agreements.review.end') },
      place: { label: t('agreements.review.place') },
      invitees: { label: t('agreements.review.invitees'), kind: 'choose' },
      ...Object.fromEntries(
        v.invitees.flatMap((_, i) => [
          [`invitees.${i}.name`, { label: t('agreements.review.inviteeName') }],
          [`invitees.${i}.email`, { label: t('agreements.review.inviteeEmail') }],
        ]),
      ),
    }),
    check: (v) => {
      const problems: Record<string, string> = {};
      if (v.start && v.end && v.end <= v.start) problems.end = t('agreements.review.endBeforeStart');
      v.invitees.forEach((i, n) => {
        if (i.email.trim() !== '' && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(i.email.trim())) {
          problems[`invitees.${n}.email`] = t('agreements.review.emailInvalid');
        }
      });
      return problems;
    },
    problemPath: reviewPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const setInvitees = (invitees: Invitee[]) => {
    form.setValues({ invitees });
    form.clear(
      'invitees',
      ...Array.from({ length: Math.max(invitees.length, v.invitees.length) }, (_, i) => [`invitees.${i}.name`, `invitees.${i}.email`]).flat(),
    );
  };
  // The owners named by person, with their e-mail addresses (owners named only by role have none).
  const owners = [app.systemOwner, app.businessOwner, app.technicalOwner, app.informationOwner].flatMap((o) => (o?.personId ? [o.personId] : []));
  const [withoutEmail, setWithoutEmail] = useState<string[]>([]);
  const addOwners = useMutation({
    mutationFn: () =>
      Promise.all(
        [...new Set(owners)].map((id) => queryClient.fetchQuery({ queryKey: ['people', id], queryFn: () => api.get<Person>(`/api/v1/people/${id}`) })),
      ),
    onSuccess: (people) => {
      const known = new Set(v.invitees.map((i) => i.email.trim().toLowerCase()));
      const added = people
        .filter((p) => p.email && !known.has(p.email.toLowerCase()))
        .map((p) => ({ name: `${p.firstName} ${p.lastName}`, email: p.email ?? '', personId: p.id }));
      setWithoutEmail(people.filter((p) => !p.email).map((p) => `${p.firstName} ${p.lastName}`));
      setInvitees([...v.invitees.filter((i) => i.name.trim() !== '' || i.email.trim() !== ''), ...added]);
    },
  });
  const title = review ? t('agreements.review.rescheduleTitle') : t('agreements.review.bookTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('agreements.review.help')}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: agreementKeys.reviews(app.id) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error, reviewPath)} />
          <Group align="flex-start" wrap="wrap">
            <TextInput type="date" label={t('agreements.review.date')} required w={200} {...form.text('date')} />
            <TextInput type="time" label={t('agreements.review.start')} required w={140} {...form.text('start')} />
            <TextInput type="time" label={t('agreements.review.end')} required w={140} {...form.text('end')} />
          </Group>
          <TextInput label={t('agreements.review.place')} description={t('agreements.review.placeHelp')} required maxLength={300} {...form.text('place')} />
          <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Text component="legend" fw={600} mb={4}>
              {t('agreements.review.invitees')}
            </Text>
            <Stack gap="xs">
              {v.invitees.length === 0 && <Text size="sm">{t('agreements.review.noInvitees')}</Text>}
              {v.invitees.map((i, n) => {
                const row = t('agreements.review.invitee', { n: n + 1 });
                return (
                  <Group key={n} align="flex-start" wrap="wrap" role="group" aria-label={row}>
                    <TextInput
                      label={t('agreements.review.inviteeName')}
                      maxLength={200}
                      style={{ flex: 1 }}
                      miw={180}
                      value={i.name}
                      error={form.errors[`invitees.${n}.name`]}
                      onChange={(e) => {
                        const name = e.currentTarget.value;
                        setInvitees(v.invitees.map((x, j) => (j === n ? { ...x, name } : x)));
                      }}
                    />
                    <TextInput
                      type="email"
                      label={t('agreements.review.inviteeEmail')}
                      maxLength={254}
                      style={{ flex: 1 }}
                      miw={220}
                      value={i.email}
                      error={form.errors[`invitees.${n}.email`]}
                      onChange={(e) => {
                        const email = e.currentTarget.value;
                        setInvitees(v.invitees.map((x, j) => (j === n ? { ...x, email, personId: null } : x)));
                      }}
                    />
                    <Button
                      variant="subtle"
                      color="red"
                      mt={24}
                      onClick={() => setInvitees(v.invitees.filter((_, j) => j !== n))}
                      aria-label={t('agreements.review.removeInvitee', { name: i.name.trim() || row })}
                    >
                      {t('agreements.sketch.remove')}
                    </Button>
                  </Group>
                );
              })}
              {form.errors.invitees && (
                <Text size="sm" c="red.8" role="alert">
                  {form.errors.invitees}
                </Text>
              )}
              <Group>
                <Button variant="default" onClick={() => setInvitees([...v.invitees, { name: '', email: '', personId: null }])}>
                  {t('agreements.review.addInvitee')}
                </Button>
                {owners.length > 0 && (
                  <Button variant="default" loading={addOwners.isPending} onClick={() => addOwners.mutate()}>
                    {t('agreements.review.addOwners')}
                  </Button>
                )}
              </Group>
              {withoutEmail.length > 0 && (
                <Text size="sm" role="status">
                  {t('agreements.review.ownersWithoutEmail', { names: withoutEmail.join(', ') })}
                </Text>
              )}
              <ProblemAlert error={addOwners.error} />
            </Stack>
          </Box>
          <FormButtons
            submitLabel={review ? t('agreements.review.rescheduleSubmit') : t('agreements.review.bookSubmit')}
            submitting={form.submitting}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}

type HoldValues = ContentValues & { heldOn: string; minutes: string; changeNote: string };

/**
 * the review held: the day, the minutes, and the agreement as revised at it (a new version with
 * what changed); the next review then falls the mission's interval later.
 */
export function HoldReviewDialog({ app, review, onClose }: { app: Application; review: Review; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const editor = useEditorModel();
  const [version, setVersion] = useState(review.version);
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: HoldValues) =>
      api.post<Review>(`/api/v1/applications/${app.id}/reviews/${review.id}/held`, {
        version,
        heldOn: v.heldOn,
        minutes: v.minutes.trim(),
        agreement: { ...contentBody(v, editor.model.data?.drivers ?? []), changeNote: v.changeNote.trim() },
      }),
    onSuccess: async (r) => {
      onClose();
      await done(t('agreements.done.hold', { number: r.agreementVersion ?? '' }));
    },
  });
  const form = useSamdeskForm<HoldValues>({
    initialValues: { ...contentOf(app.agreement), heldOn: stockholmParts(review.startsAt).date, minutes: '', changeNote: '' },
    required: () => ({
      heldOn: { label: t('agreements.hold.heldOn') },
      minutes: { label: t('agreements.hold.minutes') },
      changeNote: { label: t('agreements.form.changeNote') },
    }),
    check: (v) => contentProblems(v, { quantity: t('agreements.quantities.invalid') }),
    problemPath: formPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const change = (patch: Partial<HoldValues>, clear: string[] = Object.keys(patch)) => {
    form.setValues(patch);
    form.clear(...clear);
    setInvalid(false);
  };
  const title = t('agreements.hold.title');
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('agreements.hold.help', { number: (app.agreement?.number ?? 0) + 1 })}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: agreementKeys.reviews(app.id) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={shownProblems(save.error)} />
          <TextInput type="date" label={t('agreements.hold.heldOn')} required w={240} {...form.text('heldOn')} />
          <Textarea
            label={t('agreements.hold.minutes')}
            description={t('agreements.hold.minutesHelp')}
            required
            autosize
            minRows={4}
            maxLength={20_000}
            {...form.text('minutes')}
          />
          <Heading>{t('agreements.hold.revised')}</Heading>
          <ContentEditor
            value={form.values}
            onChange={change}
            errors={form.errors}
            model={{ query: editor.model, year: editor.year }}
            name={app.name}
            idPrefix="hold"
          />
          <Textarea
            label={t('agreements.form.changeNote')}
            description={t('agreements.form.changeNoteHelp')}
            required
            autosize
            minRows={2}
            maxLength={2000}
            {...form.text('changeNote')}
          />
          <InvalidNote shown={invalid} />
          <FormButtons submitLabel={t('agreements.hold.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Cancel a booked review after a question; the invitees' calendars remove it. */
export function CancelReviewDialog({ app, review, onClose }: { app: Application; review: Review; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api.post<Review>(`/api/v1/applications/${app.id}/reviews/${review.id}/cancel`, { version: review.version }),
    onSuccess: async () => {
      onClose();
      await done(t('agreements.done.cancel'));
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: agreementKeys.reviews(app.id) });
    },
  });
  return (
    <ConfirmDialog
      title={t('agreements.review.cancelTitle', { date: formatInstantLong(review.startsAt, locale) })}
      message={t('agreements.review.cancelConfirm')}
      confirmLabel={t('agreements.reviews.cancel')}
      action={cancel}
      staleMessage={t('agreements.review.cancelStale')}
      onClose={onClose}
    />
  );
}
