import { Button, Card, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../api.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { requiredProblems } from '../../forms.ts';
import {
  EMPTY_REPORT,
  REPORT_FIELDS,
  ReportFields,
  reportBody,
  reportProblems,
  sayWith,
  useFieldErrors,
  type ReportValues,
} from '../../tickets/components.tsx';
import { ticketKey, useDesks, type Ticket } from '../../tickets/model.ts';
import type { Person } from '../../types.ts';

export function RegisterCallPage() {
  return (
    <RequirePermission permission="registersCalls">
      <RegisterCall />
    </RequirePermission>
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
  // The caller from the person register: with an account linked to the person, they see the ticket
  // under "Mina ärenden" (onBehalfOf.personId); a free-text name only gives a ticket for the desk.
  const [personSearch, setPersonSearch] = useState('');
  const [personQ] = useDebouncedValue(personSearch.trim(), 250);
  const [personId, setPersonId] = useState('');
  const people = useQuery({
    enabled: municipalityId !== '' && personQ.length >= 2,
    queryKey: ['people', 'caller', municipalityId, personQ],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(`/api/v1/people${qs({ municipalityId, q: personQ, limit: 20 })}`, signal),
  });
  const found = personQ.length >= 2 ? (people.data?.items ?? []) : [];
  // Only a person still shown in the list counts as chosen.
  const chosen = found.find((p) => p.id === personId);
  const choosePerson = (id: string) => {
    setPersonId(id);
    const p = found.find((x) => x.id === id);
    if (p) setCaller({ name: `${p.firstName} ${p.lastName}`, phone: p.phone ?? '', email: p.email ?? '' });
  };
  const [form, setForm] = useState<ReportValues>(EMPTY_REPORT);
  // Issue 16: when the call came (a call taken after hours is often registered the next morning).
  const [receivedAt, setReceivedAt] = useState(localNow);
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
        receivedAt: new Date(receivedAt).toISOString(),
        onBehalfOf: {
          personId: chosen?.id ?? null,
          name: caller.name.trim(),
          phone: caller.phone.trim() === '' ? null : caller.phone.trim(),
          email: caller.email.trim() === '' ? null : caller.email.trim(),
        },
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
    // Issue 16: blank required fields are named by their labels and nothing is sent (web/src/forms.ts).
    const say = sayWith(t);
    const receivedAtName = t('ticketsMore.receivedAtName');
    const problems = {
      ...requiredProblems(
        { municipalityId, receivedAt },
        { municipalityId: { label: t('org.municipality'), kind: 'choose' }, receivedAt: { label: receivedAtName } },
        say,
      ),
      ...reportProblems(form, items, t),
    };
    // The caller's name keeps its own sentence, which says whose name it is.
    if (!caller.name.trim()) problems['onBehalfOf.name'] = t('tickets.callerNameRequired');
    const at = new Date(receivedAt).getTime();
    if (!problems.receivedAt && Number.isNaN(at)) problems.receivedAt = say('app.fillIn', receivedAtName.toLocaleLowerCase('sv'));
    else if (!problems.receivedAt && at > Date.now() + 60_000) problems.receivedAt = t('ticketsMore.receivedAtFuture');
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
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
              <ProblemAlert
                error={desks.error ?? create.error}
                knownFields={[
                  ...REPORT_FIELDS,
                  'receivedAt',
                  'municipalityId',
                  'onBehalfOf.personId',
                  'onBehalfOf.name',
                  'onBehalfOf.phone',
                  'onBehalfOf.email',
                ]}
              />
              <Title order={2} size="h4">
                {t('tickets.caller')}
              </Title>
              <MunicipalitySelect
                value={municipalityId}
                onChange={(id) => {
                  setMunicipalityId(id);
                  setPersonId('');
                }}
                error={errors.municipalityId}
              />
              <Group grow align="flex-start">
                <TextInput
                  label={t('tickets.callerSearch')}
                  description={t('tickets.callerSearchHelp')}
                  type="search"
                  maxLength={100}
                  value={personSearch}
                  onChange={(e) => setPersonSearch(e.currentTarget.value)}
                />
                <NativeSelect
                  label={t('tickets.callerPerson')}
                  data={[
                    { value: '', label: t('tickets.callerNoPerson') },
                    ...found.map((p) => ({ value: p.id, label: p.email ? `${p.firstName} ${p.lastName} (${p.email})` : `${p.firstName} ${p.lastName}` })),
                  ]}
                  value={chosen?.id ?? ''}
                  onChange={(e) => choosePerson(e.currentTarget.value)}
                  error={errors['onBehalfOf.personId']}
                />
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  label={t('tickets.callerName')}
                  required
                  maxLength={200}
                  value={caller.name}
                  onChange={(e) => setCaller({ ...caller, name: e.currentTarget.value })}
                  error={errors['onBehalfOf.name']}
                />
                <TextInput
                  label={t('tickets.callerPhone')}
                  type="tel"
                  maxLength={40}
                  value={caller.phone}
                  onChange={(e) => setCaller({ ...caller, phone: e.currentTarget.value })}
                  error={errors['onBehalfOf.phone']}
                />
                <TextInput
                  label={t('tickets.callerEmail')}
                  type="email"
                  maxLength={200}
                  value={caller.email}
                  onChange={(e) => setCaller({ ...caller, email: e.currentTarget.value })}
                  error={errors['onBehalfOf.email']}
                />
              </Group>
              <TextInput
                label={t('ticketsMore.receivedAt')}
                description={t('ticketsMore.receivedAtHelp')}
                type="datetime-local"
                required
                max={localNow()}
                value={receivedAt}
                onChange={(e) => setReceivedAt(e.currentTarget.value)}
                error={errors.receivedAt}
                maw={320}
              />
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

/** Local "yyyy-mm-ddThh:mm" of now, for a datetime-local input. */
function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
