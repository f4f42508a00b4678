import { Button, Card, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { EMPTY_REPORT, REPORT_FIELDS, ReportFields, reportBody, reportProblems, useFieldErrors, type ReportValues } from '../../tickets/components.tsx';
import { ticketKey, useDesks, type Ticket } from '../../tickets/model.ts';

/** Requester portal: report a fault or ask a question (POST /api/v1/tickets). */
export function ReportPage() {
  const { t } = useTranslation();
  const desks = useDesks();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ReportValues>(EMPTY_REPORT);
  const [local, setLocal] = useState<Record<string, string>>({});
  const items = desks.data?.items ?? [];
  useEffect(() => {
    const it = items.find((d) => d.isIt) ?? items[0];
    if (!form.deskId && it) setForm((f) => ({ ...f, deskId: it.id }));
  }, [items, form.deskId]);
  const create = useMutation({
    mutationFn: () => api.post<Ticket>('/api/v1/tickets', reportBody(form, items)),
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
    setLocal(problems);
    if (Object.keys(problems).length === 0) create.mutate();
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
  };
  return (
    <>
      <PageHeader title={t('tickets.reportTitle')} intro={t('tickets.reportIntro')} />
      {desks.isPending ? (
        <Loading />
      ) : desks.isError ? (
        <ProblemAlert error={desks.error} onRetry={() => void desks.refetch()} />
      ) : (
        <Card withBorder maw={860}>
          <form onSubmit={submit} noValidate aria-label={t('tickets.reportTitle')}>
            <Stack>
              <ProblemAlert error={create.error} knownFields={REPORT_FIELDS} />
              <ReportFields value={form} onChange={setForm} desks={items} errors={errors} />
              <Group justify="flex-end">
                <Button type="submit" loading={create.isPending}>
                  {t('tickets.send')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </>
  );
}
