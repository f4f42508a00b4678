import { Button, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { FormButtons, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { operationsKeys, useItFunctions } from '../../operations/model.ts';
import type { Outage } from '../../types.ts';
import { FunctionChecks, placedFields } from './parts.tsx';

/** Where a server problem of the request shows in the dialog. */
const path = (field: string) => (field === 'functionIds' ? field : undefined);

/**
 * on a ticket marked as affecting operations, "Starta avbrott" registers an ongoing
 * outage from it in one action (from when the ticket came in, in its municipality, titled by its
 * subject and linked to it) with the IT functions chosen here, and opens the outage's page, where a
 * disruption is published. Shown by the ticket page to those the server lets manage operations.
 */
export function StartOutageButton({ ticket }: { ticket: { id: string; municipalityId: string } }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outline" color="red" onClick={() => setOpen(true)}>
        {t('operations.fromTicket.button')}
      </Button>
      {open && <StartOutageDialog ticket={ticket} onClose={() => setOpen(false)} />}
    </>
  );
}

function StartOutageDialog({ ticket, onClose }: { ticket: { id: string; municipalityId: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const functions = useItFunctions();
  const start = useMutation({
    mutationFn: (v: { functionIds: string[] }) => api.post<Outage>('/api/v1/outages/from-ticket', { ticketId: ticket.id, functionIds: v.functionIds }),
    onSuccess: async (outage) => {
      onClose();
      notifications.show({ color: 'green', message: t('operations.done.started') });
      await queryClient.invalidateQueries({ queryKey: operationsKeys.all });
      await navigate({ to: '/drift-och-tillganglighet/avbrott/$id', params: { id: outage.id } });
    },
  });
  const form = useSamdeskForm<{ functionIds: string[] }>({
    initialValues: { functionIds: [] },
    problemPath: path,
    onInvalid: () => start.reset(),
    action: start,
  });
  const title = t('operations.fromTicket.title');
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{t('operations.fromTicket.help')}</Text>
          <ProblemAlert error={start.error} knownFields={placedFields(start.error, path)} />
          <FunctionChecks
            label={t('operations.fromTicket.functions')}
            functions={functions.data?.items ?? []}
            municipalityIds={[ticket.municipalityId]}
            value={form.values.functionIds}
            onChange={(ids) => form.set('functionIds', ids)}
            empty={functions.isPending ? t('app.loading') : t('operations.fromTicket.noFunctions')}
            error={form.errors.functionIds}
          />
          <FormButtons submitLabel={t('operations.fromTicket.submit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
