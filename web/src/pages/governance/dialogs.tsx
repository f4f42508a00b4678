import { Alert, Button, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { FormButtons, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import {
  BOARD_OUTCOMES,
  MINUTES_REQUIRED,
  governanceKeys,
  stockholmToday,
  type DevelopmentRequest,
  type RequestAction,
  type StepInput,
} from '../../governance/model.ts';
import { useSession } from '../../session.tsx';
import { placedFields } from '../operations/parts.tsx';
import { RequestFields, requestBody, requestPath, requestValues, useRequestChecks, useRequestRequired, type RequestValues } from './fields.tsx';

/** After a change: the request as the server answered it, the notice, and every governance list read again. */
function useDone() {
  const queryClient = useQueryClient();
  return async (saved: DevelopmentRequest, message: string) => {
    queryClient.setQueryData(governanceKeys.request(saved.id), saved);
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: governanceKeys.all });
  };
}

/**
 * 409 stale_version: the request changed since the page read it. The conflict's answer does not carry
 * the request's version, so the page reads the request again; the dialog then sends with the new one.
 */
function StaleRequest({ error, requestId, onReload }: { error: unknown; requestId: string; onReload: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  if (!(error instanceof ApiError) || error.code !== 'stale_version') return null;
  return (
    <Alert color="orange" title={t('app.staleTitle')} role="alert">
      <Text size="sm">{t('governance.step.stale')}</Text>
      <Button
        size="xs"
        mt="sm"
        onClick={() => {
          onReload();
          void queryClient.invalidateQueries({ queryKey: governanceKeys.request(requestId) });
        }}
      >
        {t('governance.step.reload')}
      </Button>
    </Alert>
  );
}

// ---------------------------------------------------------------- one step of the workflow

interface StepValues {
  decidedOn: string;
  minutesRef: string;
  note: string;
  municipalityId: string;
  outcome: string;
  body: string;
  priority: string;
  result: string;
  recommendation: string;
}

const STEP_FIELDS = ['decidedOn', 'minutesRef', 'note', 'municipalityId', 'outcome', 'body', 'priority'];

/** Where a server problem of a step shows in the dialog (the step's own refusal goes to its alert). */
function stepPath(field: string): string | undefined {
  if (field === 'evaluation' || field === 'evaluation.result') return 'result';
  if (field === 'evaluation.recommendation') return 'recommendation';
  return STEP_FIELDS.includes(field) ? field : undefined;
}

const wholePosition = (s: string) => /^\d+$/.test(s.trim()) && Number(s) >= 1;

/**
 * records one step — who decided comes from the step, when (today unless changed) and
 * under which minutes from the form — plus what the step needs: the board and its decision, the body
 * that rejects, the place in the backlog, the pilot's evaluation. Sent with the version read; the
 * server's problems show on their fields.
 */
export function StepDialog({ request, action, onClose }: { request: DevelopmentRequest; action: RequestAction; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const pendingBoards = request.boards.filter((b) => b.outcome === null).map((b) => b.municipality);
  const today = stockholmToday();
  const save = useMutation({
    mutationFn: (v: StepValues) => {
      const body: StepInput = {
        version: request.version,
        action,
        decidedOn: v.decidedOn,
        minutesRef: v.minutesRef.trim() || null,
        note: v.note.trim(),
      };
      if (action === 'record_board_decision') {
        body.municipalityId = v.municipalityId;
        if (v.outcome === 'approved' || v.outcome === 'rejected') body.outcome = v.outcome;
      }
      if (action === 'reject') {
        const chosen = request.rejectingBodies.find((b) => b === v.body);
        if (chosen) body.body = chosen;
      }
      if (action === 'prioritise' && v.priority.trim()) body.priority = Number(v.priority);
      if (action === 'evaluate') body.evaluation = { result: v.result.trim(), recommendation: v.recommendation.trim() };
      return api.post<DevelopmentRequest>(`/api/v1/development-requests/${request.id}/steps`, body);
    },
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t(`governance.stepDone.${action}`));
    },
  });
  const form = useSamdeskForm<StepValues>({
    initialValues: {
      decidedOn: today,
      minutesRef: '',
      note: '',
      municipalityId: pendingBoards[0]?.id ?? '',
      outcome: '',
      body: request.rejectingBodies[0] ?? '',
      priority: '',
      result: request.evaluation?.result ?? '',
      recommendation: request.evaluation?.recommendation ?? '',
    },
    required: () => ({
      decidedOn: { label: t('governance.step.decidedOn') },
      ...(MINUTES_REQUIRED.has(action) ? { minutesRef: { label: t('governance.step.minutesRef') } } : {}),
      ...(action === 'reject' ? { note: { label: t('governance.step.reason') }, body: { label: t('governance.step.body'), kind: 'choose' as const } } : {}),
      ...(action === 'record_board_decision'
        ? {
            municipalityId: { label: t('governance.step.municipality'), kind: 'choose' as const },
            outcome: { label: t('governance.step.outcome'), kind: 'choose' as const },
          }
        : {}),
      ...(action === 'evaluate' ? { result: { label: t('governance.step.result') }, recommendation: { label: t('governance.step.recommendation') } } : {}),
    }),
    check: (v): Record<string, string> =>
      action === 'prioritise' && v.priority.trim() !== '' && !wholePosition(v.priority) ? { priority: t('governance.step.priorityInvalid') } : {},
    problemPath: stepPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const title = t(`governance.stepTitles.${action}`);
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t(`governance.stepHelp.${action}`)}</Text>
          <Text size="sm" fw={600}>
            {t('governance.request.heading', { number: request.number, title: request.title })}
          </Text>
          <StaleRequest error={save.error} requestId={request.id} onReload={() => save.reset()} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, stepPath)} />
          {action === 'record_board_decision' && (
            <>
              <Radio.Group
                label={t('governance.step.municipality')}
                required
                value={v.municipalityId}
                onChange={(id) => form.set('municipalityId', id)}
                error={form.errors.municipalityId}
              >
                <Stack gap="xs" mt="xs">
                  {pendingBoards.map((m) => (
                    <Radio key={m.id} value={m.id} label={m.name} />
                  ))}
                </Stack>
              </Radio.Group>
              <Radio.Group label={t('governance.step.outcome')} required value={v.outcome} onChange={(o) => form.set('outcome', o)} error={form.errors.outcome}>
                <Stack gap="xs" mt="xs">
                  {BOARD_OUTCOMES.map((o) => (
                    <Radio key={o} value={o} label={t(`governance.outcomes.${o}`)} />
                  ))}
                </Stack>
              </Radio.Group>
            </>
          )}
          {action === 'reject' && (
            <Radio.Group label={t('governance.step.body')} required value={v.body} onChange={(b) => form.set('body', b)} error={form.errors.body}>
              <Stack gap="xs" mt="xs">
                {request.rejectingBodies.map((b) => (
                  <Radio key={b} value={b} label={t(`governance.bodies.${b}`)} />
                ))}
              </Stack>
            </Radio.Group>
          )}
          <TextInput type="date" label={t('governance.step.decidedOn')} required max={today} w={200} {...form.text('decidedOn')} />
          <TextInput
            label={t('governance.step.minutesRef')}
            description={t('governance.step.minutesHelp')}
            required={MINUTES_REQUIRED.has(action)}
            maxLength={200}
            {...form.text('minutesRef')}
          />
          {action === 'prioritise' && (
            <TextInput
              label={t('governance.step.priority')}
              description={t('governance.step.priorityHelp')}
              inputMode="numeric"
              w={200}
              {...form.text('priority')}
            />
          )}
          {action === 'evaluate' && (
            <>
              <Textarea
                label={t('governance.step.result')}
                description={t('governance.step.resultHelp')}
                required
                autosize
                minRows={3}
                maxLength={5000}
                {...form.text('result')}
              />
              <Textarea
                label={t('governance.step.recommendation')}
                description={t('governance.step.recommendationHelp')}
                required
                autosize
                minRows={2}
                maxLength={5000}
                {...form.text('recommendation')}
              />
            </>
          )}
          <Textarea
            label={action === 'reject' ? t('governance.step.reason') : t('governance.step.note')}
            required={action === 'reject'}
            autosize
            minRows={2}
            maxLength={5000}
            {...form.text('note')}
          />
          <FormButtons
            submitLabel={t(`governance.stepSubmit.${action}`)}
            submitting={form.submitting}
            onCancel={onClose}
            color={action === 'reject' ? 'red' : undefined}
          />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- change the request

/** the request changed while it is registered (PATCH with the version read), by whom the server allows. */
export function EditDialog({ request, onClose }: { request: DevelopmentRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const done = useDone();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: RequestValues) =>
      api.patch<DevelopmentRequest>(`/api/v1/development-requests/${request.id}`, { version: request.version, ...requestBody(v) }),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('governance.form.saved'));
    },
  });
  const form = useSamdeskForm<RequestValues>({
    initialValues: requestValues(user, request),
    required: useRequestRequired(user),
    check: useRequestChecks(),
    problemPath: requestPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const title = t('governance.form.editTitle');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(e) => {
          setInvalid(false);
          form.submit(e);
        }}
        noValidate
        aria-label={title}
      >
        <Stack>
          <Text size="sm">{t('governance.form.editHelp')}</Text>
          <StaleRequest error={save.error} requestId={request.id} onReload={() => save.reset()} />
          <RequestFields form={form} user={user} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, requestPath)} />
          {invalid && (
            <Alert color="red" role="alert">
              {t('governance.form.fixFields')}
            </Alert>
          )}
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
