import { Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Breach, TicketBreach } from '../../../../src/tickets/contract.ts';
import { api } from '../../api.ts';
import { ProblemAlert } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import { requiredProblems } from '../../forms.ts';
import { useLocale } from '../../session.tsx';
import { sayWith, Section, useFieldErrors } from '../../tickets/components.tsx';
import { ticketKey, type Ticket } from '../../tickets/model.ts';
import type { Locale } from '../../types.ts';

/**
 * R-3.4 ("intefunktion misses are reported with their reasons"), R-10: the deadlines a ticket missed,
 * on the agent's view of it, each with the reason the desk recorded; those the server lets
 * (`actions.explainBreaches`) write or change it (PATCH /api/v1/sla-breaches/{id}). The tertial
 * follow-up lists intefunktion misses with this reason.
 *
 * The texts live here while this section is the only one that shows them; they belong in
 * web/src/tickets/texts.ts once that file is free to change.
 */

const TEXTS = {
  sv: {
    title: 'Passerade tidsgränser',
    intro: 'Ange varför tidsgränsen passerades. Orsaken redovisas i tertialuppföljningen till nämnderna.',
    deadline: 'Tidsgräns {{at}}',
    recorded: 'registrerad {{at}}',
    intefunktion: 'Intefunktion',
    noReason: 'Ingen orsak angiven ännu.',
    reasonBy: 'Angiven av {{name}} {{at}}',
    label: 'Orsak till att tidsgränsen passerades',
    help: 'Högst 1 000 tecken.',
    save: 'Spara orsak',
    change: 'Ändra orsak',
    cancel: 'Avbryt',
    saved: 'Orsaken är sparad.',
    reason: 'Orsak',
  },
  en: {
    title: 'Missed deadlines',
    intro: 'Say why the deadline was missed. The reason is reported in the tertial follow-up to the boards.',
    deadline: 'Deadline {{at}}',
    recorded: 'recorded {{at}}',
    intefunktion: 'Intefunktion',
    noReason: 'No reason given yet.',
    reasonBy: 'Given by {{name}} {{at}}',
    label: 'Reason the deadline was missed',
    help: 'At most 1,000 characters.',
    save: 'Save reason',
    change: 'Change reason',
    cancel: 'Cancel',
    saved: 'The reason is saved.',
    reason: 'Reason',
  },
} satisfies Record<Locale, Record<string, string>>;

const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

/** The section, when the ticket missed a deadline (the server sends breaches to the ticket's agents only). */
export function BreachReasons({ ticket }: { ticket: Ticket }) {
  const locale = useLocale();
  const x = TEXTS[locale];
  if (ticket.breaches.length === 0) return null;
  return (
    <Section id="tk-breaches" title={x.title}>
      <Stack gap="md">
        {ticket.actions.explainBreaches && <Text size="sm">{x.intro}</Text>}
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {ticket.breaches.map((b) => (
            <li key={b.id}>
              <BreachReason ticket={ticket} breach={b} locale={locale} />
            </li>
          ))}
        </Stack>
      </Stack>
    </Section>
  );
}

function BreachReason({ ticket, breach, locale }: { ticket: Ticket; breach: TicketBreach; locale: Locale }) {
  const x = TEXTS[locale];
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canEdit = ticket.actions.explainBreaches;
  // A breach without a reason opens with the field ready for those who may give it.
  const [editing, setEditing] = useState(canEdit && breach.reason === null);
  const [reason, setReason] = useState(breach.reason ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (text: string) => api.patch<Breach>(`/api/v1/sla-breaches/${breach.id}`, { reason: text }),
    onSuccess: async (answer) => {
      setReason(answer.reason ?? '');
      setEditing(false);
      notifications.show({ color: 'green', message: x.saved });
      await Promise.all([queryClient.invalidateQueries({ queryKey: ticketKey(ticket.id) }), queryClient.invalidateQueries({ queryKey: ['sla-breaches'] })]);
    },
  });
  const errors = useFieldErrors(save.error, local);
  const headingId = `breach-${breach.id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems({ reason }, { reason: { label: x.reason } }, sayWith(t));
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate(reason.trim());
  };
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600} id={headingId}>
          <time dateTime={breach.dueAt}>{fill(x.deadline, { at: formatDateTime(breach.dueAt) })}</time>
        </Text>
        {breach.intefunktion && (
          <Badge color="red" variant="light" tt="none">
            {x.intefunktion}
          </Badge>
        )}
        <Text size="sm" c="dimmed">
          {fill(x.recorded, { at: formatDateTime(breach.recordedAt) })}
        </Text>
      </Group>
      {!editing && (
        <>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {breach.reason ?? x.noReason}
          </Text>
          {breach.reason !== null && breach.reasonAt && (
            <Text size="xs" c="dimmed">
              {fill(x.reasonBy, { name: breach.reasonByName ?? '', at: formatDateTime(breach.reasonAt) })}
            </Text>
          )}
          {canEdit && (
            <Group>
              <Button
                size="compact-sm"
                variant="default"
                aria-describedby={headingId}
                onClick={() => {
                  setReason(breach.reason ?? '');
                  setEditing(true);
                }}
              >
                {x.change}
              </Button>
            </Group>
          )}
        </>
      )}
      {editing && (
        <form onSubmit={submit} noValidate aria-labelledby={headingId}>
          <Stack gap="xs">
            <ProblemAlert error={save.error} knownFields={['reason']} />
            <Textarea
              label={x.label}
              description={x.help}
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
            <Group gap="xs">
              <Button type="submit" size="compact-sm" loading={save.isPending}>
                {x.save}
              </Button>
              {breach.reason !== null && (
                <Button
                  size="compact-sm"
                  variant="default"
                  onClick={() => {
                    setEditing(false);
                    setLocal({});
                    save.reset();
                  }}
                >
                  {x.cancel}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
