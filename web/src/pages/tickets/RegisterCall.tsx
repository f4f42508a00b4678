import { Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { Loading, PageHeader, ProblemAlert, RequireRole } from '../../components/common.tsx';
import { EMPTY_REPORT, REPORT_FIELDS, ReportFields, reportBody, reportProblems, useFieldErrors, type ReportValues } from '../../tickets/components.tsx';
import { ticketKey, useDesks, type Ticket } from '../../tickets/model.ts';

export function RegisterCallPage() {
  return (
    <RequireRole roles={['agent', 'admin']}>
      <RegisterCall />
    </RequireRole>
  );
}

/** An agent registers a phone call on behalf of a person: channel 'phone', onBehalfOf. */
function RegisterCall() {
  const { t } = useTranslation();
  const desks = useDesks();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [municipalityId, setMunicipalityId] = useState('');
  const [caller, setCaller] = useState({ name: '', phone: '', email: '' });
  const [form, setForm] = useState<ReportValues>(EMPTY_REPORT);
  const [local, setLocal] = useState<Record<string, string>>({});
  const items = desks.data?.items ?? [];
  useEffect(() => {
    const it = items.find((d) => d.isIt) ?? items[0];
    if (!form.deskId && it) setForm((f) => ({ ...f, deskId: it.id }));
  }, [items, form.deskId]);
  const create = useMutation({
    mutationFn: () =>
      api.post<Ticket>('/api/v1/tickets', {
        ...reportBody(form, items),
        municipalityId,
        channel: 'phone',
        onBehalfOf: { name: caller.name.trim(), phone: caller.phone.trim() === '' ? null : caller.phone.trim(), email: caller.email.trim() === '' ? null : caller.email.trim() },
      }),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKey(ticket.id), ticket);
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      notifications.show({ color: 'green', message: t('tickets.created', { number: ticket.number }) });
      await navigate({ to: '/arende/$id', params: { id: ticket.id } });
    },
  });
  const errors = useFieldErrors(create.error, local);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = reportProblems(form, items, t);
    if (!caller.name.trim()) problems['onBehalfOf.name'] = t('tickets.callerNameRequired');
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
  };
  return (
    <>
      <PageHeader title={t('tickets.registerCall')} intro={t('tickets.registerCallIntro')} />
      {desks.isPending ? (
        <Loading />
      ) : (
        <Card withBorder maw={860}>
          <form onSubmit={submit} noValidate aria-label={t('tickets.registerCall')}>
            <Stack>
              <ProblemAlert error={desks.error ?? create.error} knownFields={[...REPORT_FIELDS, 'municipalityId', 'onBehalfOf.name', 'onBehalfOf.phone', 'onBehalfOf.email']} />
              <Title order={2} size="h4">
                {t('tickets.caller')}
              </Title>
              <MunicipalitySelect value={municipalityId} onChange={setMunicipalityId} error={errors.municipalityId} />
              <Group grow align="flex-start">
                <TextInput label={t('tickets.callerName')} required maxLength={200} value={caller.name} onChange={(e) => setCaller({ ...caller, name: e.currentTarget.value })} error={errors['onBehalfOf.name']} />
                <TextInput label={t('tickets.callerPhone')} type="tel" maxLength={40} value={caller.phone} onChange={(e) => setCaller({ ...caller, phone: e.currentTarget.value })} error={errors['onBehalfOf.phone']} />
                <TextInput label={t('tickets.callerEmail')} type="email" maxLength={200} value={caller.email} onChange={(e) => setCaller({ ...caller, email: e.currentTarget.value })} error={errors['onBehalfOf.email']} />
              </Group>
              <Title order={2} size="h4">
                {t('tickets.matter')}
              </Title>
              <ReportFields value={form} onChange={setForm} desks={items} errors={errors} />
              <Group justify="flex-end">
                <Button type="submit" loading={create.isPending}>
                  {t('tickets.registerCall')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
