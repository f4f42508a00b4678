import { Alert, Checkbox, Modal, NativeSelect, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api.ts';
import { ConfirmDialog, FormButtons, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { useLocale, useSession } from '../../session.tsx';
import {
  APPROVAL_BASES,
  RACK_KINDS,
  hoursInput,
  inSentence,
  isApprovalBasis,
  isRackKind,
  parseHours,
  sitesKeys,
  stockholmToday,
  type Site,
  type SiteSystem,
  type SystemInput,
  type SystemView,
} from '../../sites/model.ts';
import { placedFields } from '../operations/parts.tsx';
import { SiteFields, siteBody, sitePath, siteValues, useSiteRequired, type SiteValues } from './fields.tsx';
import { StaleRecord } from './parts.tsx';

/** After a change: the site as the server answered it, the notice, and every list of sites read again. */
function useDone() {
  const queryClient = useQueryClient();
  return async (saved: Site, message: string) => {
    queryClient.setQueryData(sitesKeys.site(saved.id), saved);
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: ['sites', 'list'] });
  };
}

// ---------------------------------------------------------------- the site's details

/** the site's name, kind, address, connection, payers, units and note changed (PATCH with the version read). */
export function EditSiteDialog({ site, onClose }: { site: Site; onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const done = useDone();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: SiteValues) => api.patch<Site>(`/api/v1/sites/${site.id}`, { version: site.version, ...siteBody(v) }),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.form.saved'));
    },
  });
  const form = useSamdeskForm<SiteValues>({
    initialValues: siteValues(user.municipalityId, site),
    required: useSiteRequired(false),
    problemPath: sitePath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const title = t('sites.form.editTitle');
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
          <StaleRecord
            error={save.error}
            queryKey={sitesKeys.site(site.id)}
            message={t('sites.system.stale')}
            reload={t('sites.system.reload')}
            onReload={() => save.reset()}
          />
          <SiteFields form={form} chooseMunicipality={false} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, sitePath)} />
          {invalid && (
            <Alert color="red" role="alert">
              {t('sites.form.fixFields')}
            </Alert>
          )}
          <FormButtons submitLabel={t('app.save')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- reserve power, cooling, fire

interface SystemValues {
  present: boolean;
  /** Hours as typed ("4,5"); a number on the wire. */
  hours: string;
  /** 'yes' | 'no' | '' (not stated). */
  automatic: string;
  description: string;
  approveNow: boolean;
  approvedOn: string;
  basis: string;
  note: string;
}

/** Where a server problem of a system shows in the dialog. */
function systemPath(field: string): string | undefined {
  switch (field) {
    case 'present':
    case 'automatic':
    case 'description':
      return field;
    case 'autonomyHours':
      return 'hours';
    case 'approval':
      return 'approveNow';
    case 'approval.approvedOn':
      return 'approvedOn';
    case 'approval.basis':
      return 'basis';
    case 'approval.note':
      return 'note';
    default:
      return undefined;
  }
}

/**
 * IT records a site's UPS (hours), diesel (whether it takes over by itself), cooling or
 * fire protection as it is now, and may approve it at once ("Godkänn nu": the date, today unless
 * changed, and the basis). Sent with the site's version; the server's problems show on their fields.
 */
export function SystemDialog({ site, system, onClose }: { site: Site; system: SystemView; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const done = useDone();
  const which: SiteSystem = system.system;
  const name = t(`sites.systems.${which}`);
  const today = stockholmToday();
  const save = useMutation({
    mutationFn: (v: SystemValues) => {
      const basis = isApprovalBasis(v.basis) ? v.basis : 'msb';
      const body: SystemInput = {
        version: site.version,
        present: v.present,
        autonomyHours: v.present && which === 'ups' ? parseHours(v.hours) : null,
        automatic: v.present && which === 'diesel' && v.automatic !== '' ? v.automatic === 'yes' : null,
        description: v.present ? v.description.trim() : '',
        approval: v.present && v.approveNow ? { approvedOn: v.approvedOn, basis, note: v.note.trim() } : null,
      };
      return request<Site>('PUT', `/api/v1/sites/${site.id}/systems/${which}`, body);
    },
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.system.saved', { system: name }));
    },
  });
  const form = useSamdeskForm<SystemValues>({
    initialValues: {
      // "Registrera" records what is there: a missing system starts as present.
      present: true,
      hours: hoursInput(system.autonomyHours, locale),
      automatic: system.automatic === null ? '' : system.automatic ? 'yes' : 'no',
      description: system.description,
      approveNow: false,
      approvedOn: today,
      basis: 'msb',
      note: '',
    },
    required: (v) => ({
      ...(v.present && which === 'ups' ? { hours: { label: t('sites.system.hours') } } : {}),
      ...(v.present && which === 'diesel' ? { automatic: { label: t('sites.system.automatic'), kind: 'choose' as const } } : {}),
      ...(v.present && v.approveNow
        ? { approvedOn: { label: t('sites.system.approvedOn') }, basis: { label: t('sites.system.basis'), kind: 'choose' as const } }
        : {}),
    }),
    check: (v): Record<string, string> =>
      v.present && which === 'ups' && v.hours.trim() !== '' && parseHours(v.hours) === null ? { hours: t('sites.system.hoursInvalid') } : {},
    problemPath: systemPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const v = form.values;
  const title = system.present ? t('sites.system.changeTitle', { system: inSentence(name) }) : t('sites.system.recordTitle', { system: inSentence(name) });
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('sites.system.help', { site: site.name })}</Text>
          <StaleRecord
            error={save.error}
            queryKey={sitesKeys.site(site.id)}
            message={t('sites.system.stale')}
            reload={t('sites.system.reload')}
            onReload={() => save.reset()}
          />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, systemPath)} />
          <Checkbox label={t('sites.system.present')} {...form.checkbox('present')} />
          {v.present && (
            <>
              {which === 'ups' && (
                <TextInput
                  label={t('sites.system.hours')}
                  description={t('sites.system.hoursHelp')}
                  required
                  inputMode="decimal"
                  w={260}
                  {...form.text('hours')}
                />
              )}
              {which === 'diesel' && (
                <Radio.Group
                  label={t('sites.system.automatic')}
                  required
                  value={v.automatic}
                  onChange={(a) => form.set('automatic', a)}
                  error={form.errors.automatic}
                >
                  <Stack gap="xs" mt="xs">
                    <Radio value="yes" label={t('sites.system.automaticYes')} />
                    <Radio value="no" label={t('sites.system.automaticNo')} />
                  </Stack>
                </Radio.Group>
              )}
              <Textarea
                label={t('sites.system.description')}
                description={t('sites.system.descriptionHelp')}
                autosize
                minRows={2}
                maxLength={5000}
                {...form.text('description')}
              />
              <Checkbox
                label={t('sites.system.approveNow')}
                description={t('sites.system.approveNowHelp')}
                error={form.errors.approveNow}
                {...form.checkbox('approveNow')}
              />
              {v.approveNow && (
                <>
                  <TextInput type="date" label={t('sites.system.approvedOn')} required max={today} w={200} {...form.text('approvedOn')} />
                  <Radio.Group label={t('sites.system.basis')} required value={v.basis} onChange={(b) => form.set('basis', b)} error={form.errors.basis}>
                    <Stack gap="xs" mt="xs">
                      {APPROVAL_BASES.map((b) => (
                        <Radio key={b} value={b} label={t(`sites.bases.${b}`)} />
                      ))}
                    </Stack>
                  </Radio.Group>
                  <Textarea label={t('sites.system.approvalNote')} autosize minRows={2} maxLength={2000} {...form.text('note')} />
                </>
              )}
            </>
          )}
          <FormButtons submitLabel={t('sites.system.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- racks, equipment, meetings

interface RackValues {
  name: string;
  kind: string;
  placement: string;
  recommendedOn: string;
  mountedOn: string;
  note: string;
}
const RACK_FIELDS = ['name', 'kind', 'placement', 'recommendedOn', 'mountedOn', 'note'];
const rackPath = (field: string) => (RACK_FIELDS.includes(field) ? field : undefined);

/** a cabinet or rack at the site: where the owner placed it, when IT recommended it and when it was mounted. */
export function RackDialog({ site, onClose }: { site: Site; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: RackValues) =>
      api.post<Site>(`/api/v1/sites/${site.id}/racks`, {
        name: v.name.trim(),
        kind: isRackKind(v.kind) ? v.kind : 'cabinet',
        placement: v.placement.trim(),
        recommendedOn: v.recommendedOn || null,
        mountedOn: v.mountedOn || null,
        note: v.note.trim(),
      }),
    onSuccess: async (saved, v) => {
      onClose();
      await done(saved, t('sites.rack.added', { name: v.name.trim() }));
    },
  });
  const form = useSamdeskForm<RackValues>({
    initialValues: { name: '', kind: 'cabinet', placement: '', recommendedOn: '', mountedOn: '', note: '' },
    required: () => ({ name: { label: t('sites.rack.name') }, kind: { label: t('sites.rack.kind'), kind: 'choose' as const } }),
    problemPath: rackPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('sites.rack.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, rackPath)} />
          <TextInput label={t('sites.rack.name')} required maxLength={100} {...form.text('name')} />
          <Radio.Group label={t('sites.rack.kind')} required value={form.values.kind} onChange={(k) => form.set('kind', k)} error={form.errors.kind}>
            <Stack gap="xs" mt="xs">
              {RACK_KINDS.map((k) => (
                <Radio key={k} value={k} label={t(`sites.rackKinds.${k}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput label={t('sites.rack.placement')} description={t('sites.rack.placementHelp')} maxLength={500} {...form.text('placement')} />
          <TextInput type="date" label={t('sites.rack.recommendedOn')} w={220} {...form.text('recommendedOn')} />
          <TextInput type="date" label={t('sites.rack.mountedOn')} w={220} {...form.text('mountedOn')} />
          <Textarea label={t('sites.rack.note')} autosize minRows={2} maxLength={2000} {...form.text('note')} />
          <FormButtons submitLabel={t('sites.rack.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

export function RemoveRackDialog({ site, rack, onClose }: { site: Site; rack: Site['racks'][number]; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const remove = useMutation({
    mutationFn: () => request<Site>('DELETE', `/api/v1/sites/${site.id}/racks/${rack.id}`),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.rack.removed', { name: rack.name }));
    },
  });
  return (
    <ConfirmDialog
      title={t('sites.rack.removeTitle', { name: rack.name })}
      message={t('sites.rack.removeMessage', { name: rack.name })}
      confirmLabel={t('sites.rack.removeConfirm')}
      action={remove}
      onClose={onClose}
    />
  );
}

interface EquipmentValues {
  serial: string;
  rackId: string;
  placedOn: string;
  note: string;
}
const EQUIPMENT_FIELDS = ['serial', 'rackId', 'placedOn', 'note'];
const equipmentPath = (field: string) => (EQUIPMENT_FIELDS.includes(field) ? field : undefined);

/** IT's network equipment of the municipality's register placed at the site, by its serial number. */
export function EquipmentDialog({ site, onClose }: { site: Site; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: EquipmentValues) =>
      api.post<Site>(`/api/v1/sites/${site.id}/equipment`, {
        serial: v.serial.trim(),
        rackId: v.rackId || null,
        ...(v.placedOn ? { placedOn: v.placedOn } : {}),
        note: v.note.trim(),
      }),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.equipment.placed'));
    },
  });
  const form = useSamdeskForm<EquipmentValues>({
    initialValues: { serial: '', rackId: '', placedOn: stockholmToday(), note: '' },
    required: () => ({ serial: { label: t('sites.equipment.serial') } }),
    problemPath: equipmentPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('sites.equipment.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('sites.equipment.help')}</Text>
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, equipmentPath)} />
          <TextInput label={t('sites.equipment.serial')} required maxLength={100} w={260} {...form.text('serial')} />
          <NativeSelect
            label={t('sites.equipment.rack')}
            data={[{ value: '', label: t('sites.equipment.noRack') }, ...site.racks.map((r) => ({ value: r.id, label: r.name }))]}
            {...form.text('rackId')}
          />
          <TextInput type="date" label={t('sites.equipment.placedOn')} w={220} {...form.text('placedOn')} />
          <Textarea label={t('sites.equipment.note')} autosize minRows={2} maxLength={2000} {...form.text('note')} />
          <FormButtons submitLabel={t('sites.equipment.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

export function RemoveEquipmentDialog({ site, item, onClose }: { site: Site; item: Site['equipment'][number]; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const remove = useMutation({
    mutationFn: () => request<Site>('DELETE', `/api/v1/sites/${site.id}/equipment/${item.id}`),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.equipment.removed'));
    },
  });
  return (
    <ConfirmDialog
      title={t('sites.equipment.removeTitle', { serial: item.serial })}
      message={t('sites.equipment.removeMessage', { serial: item.serial })}
      confirmLabel={t('sites.equipment.removeConfirm')}
      action={remove}
      onClose={onClose}
    />
  );
}

interface MeetingValues {
  heldOn: string;
  project: string;
  outcome: string;
}
const MEETING_FIELDS = ['heldOn', 'project', 'outcome'];
const meetingPath = (field: string) => (MEETING_FIELDS.includes(field) ? field : undefined);

/** a property owner's project meeting IT was called to, with its outcome. */
export function MeetingDialog({ site, onClose }: { site: Site; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: MeetingValues) =>
      api.post<Site>(`/api/v1/sites/${site.id}/meetings`, { heldOn: v.heldOn, project: v.project.trim(), outcome: v.outcome.trim() }),
    onSuccess: async (saved) => {
      onClose();
      await done(saved, t('sites.meeting.added'));
    },
  });
  const form = useSamdeskForm<MeetingValues>({
    initialValues: { heldOn: stockholmToday(), project: '', outcome: '' },
    required: () => ({ heldOn: { label: t('sites.meeting.heldOn') }, project: { label: t('sites.meeting.project') } }),
    problemPath: meetingPath,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('sites.meeting.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, meetingPath)} />
          <TextInput type="date" label={t('sites.meeting.heldOn')} required w={220} {...form.text('heldOn')} />
          <TextInput label={t('sites.meeting.project')} required maxLength={300} {...form.text('project')} />
          <Textarea label={t('sites.meeting.outcome')} autosize minRows={3} maxLength={5000} {...form.text('outcome')} />
          <FormButtons submitLabel={t('sites.meeting.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
