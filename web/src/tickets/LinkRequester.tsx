import { Alert, Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, qs } from '../api.ts';
import { ProblemAlert } from '../components/common.tsx';
import { useLocale } from '../session.tsx';
import type { Person } from '../types.ts';
import { ticketKey, type Ticket } from './model.ts';

/**
 * Issue 5: a mail from an address Samdesk does not know became a ticket without a person. The agent
 * finds the person in the register (the ticket's municipality) and links the ticket to them.
 */
export function LinkRequester({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState(ticket.requester.email ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [personId, setPersonId] = useState('');
  const people = useQuery({
    enabled: q.length >= 2,
    queryKey: ['people', 'link', ticket.municipalityId, q],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(`/api/v1/people${qs({ municipalityId: ticket.municipalityId, q, limit: 20 })}`, signal),
  });
  const found = q.length >= 2 ? (people.data?.items ?? []) : [];
  const chosen = found.find((p) => p.id === personId);
  const link = useMutation({
    mutationFn: () => api.post<Ticket>(`/api/v1/tickets/${ticket.id}/requester`, { version: ticket.version, personId: chosen?.id }),
    onSuccess: async (updated) => {
      notifications.show({ color: 'green', message: t('tickets.linkedRequester', { name: updated.requester.name }) });
      await queryClient.invalidateQueries({ queryKey: ticketKey(ticket.id) });
    },
  });
  const errors = fieldErrors(link.error, locale);
  return (
    <Alert color="yellow" title={t('tickets.unknownSender')} role="region" aria-label={t('tickets.unknownSender')}>
      {t('tickets.unknownSenderHelp')}
      <ProblemAlert error={link.error} knownFields={['personId']} />
      <Group align="flex-end" mt="xs" wrap="wrap">
        <TextInput label={t('tickets.callerSearch')} type="search" maxLength={100} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <NativeSelect
          label={t('tickets.callerPerson')}
          data={[
            { value: '', label: t('tickets.callerNoPerson') },
            ...found.map((p) => ({ value: p.id, label: p.email ? `${p.firstName} ${p.lastName} (${p.email})` : `${p.firstName} ${p.lastName}` })),
          ]}
          value={chosen?.id ?? ''}
          onChange={(e) => setPersonId(e.currentTarget.value)}
          error={errors.personId}
        />
        <Button disabled={!chosen} loading={link.isPending} onClick={() => link.mutate()}>
          {t('tickets.linkRequester')}
        </Button>
      </Group>
    </Alert>
  );
}
