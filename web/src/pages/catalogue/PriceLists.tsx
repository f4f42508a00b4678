import { Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useSamdeskForm } from '../../form.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { FormButtons, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { catalogueKeys, isCatalogueAdmin, usePriceLists, type PriceListHead } from '../../catalogue/model.ts';
import { formatDateTime, stockholmNow } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { CopyForwardNotice, ExampleBadge, LockedBadge } from './parts.tsx';

/** The yearly price lists (issue 6), newest first, with their locked and example state. */
export function PriceListsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isCatalogueAdmin(user);
  const lists = usePriceLists();
  const [creating, setCreating] = useState(false);
  const items = lists.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('catalogue.lists.title')}
        intro={t('catalogue.lists.intro')}
        actions={admin ? <Button onClick={() => setCreating(true)}>{t('catalogue.lists.new')}</Button> : undefined}
      />
      <CopyForwardNotice />
      <ListTable
        query={lists}
        items={items}
        empty={t('catalogue.lists.empty')}
        label={t('catalogue.lists.title')}
        minWidth={640}
        columns={[t('catalogue.lists.year'), t('catalogue.lists.listTitle'), t('catalogue.lists.state')]}
        row={(l) => (
          <Table.Tr key={l.id}>
            <Table.Th scope="row">
              <AnchorLink to="/katalog/prislistor/$year" params={{ year: String(l.year) }} aria-label={t('catalogue.lists.open', { year: l.year })}>
                {l.year}
              </AnchorLink>
            </Table.Th>
            <Table.Td>
              {l.title}
              {l.copiedFromYear !== null && (
                <Text size="xs" c="dimmed">
                  {t('catalogue.lists.copiedFrom', { year: l.copiedFromYear })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <ListState list={l} />
            </Table.Td>
          </Table.Tr>
        )}
      />
      {creating && <NewListDialog existing={items.map((l) => l.year)} onClose={() => setCreating(false)} />}
    </>
  );
}

function ListState({ list }: { list: PriceListHead }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      {list.locked ? <LockedBadge /> : <Text size="sm">{t('catalogue.lists.openState')}</Text>}
      {list.example && <ExampleBadge />}
      {list.locked && list.lockedReason && (
        <Text size="xs" c="dimmed" w="100%">
          {t('catalogue.lists.lockedBecause', { reason: list.lockedReason, at: list.lockedAt ? formatDateTime(list.lockedAt) : '' })}
        </Text>
      )}
    </Group>
  );
}

/** An empty list for a year; usually next year's list is made by copying this year's instead. */
function NewListDialog({ existing, onClose }: { existing: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const suggested = Math.max(stockholmNow().year, ...existing.map((y) => y + 1));
  const save = useMutation({
    mutationFn: ({ year, title }: { year: string; title: string }) => api.post<PriceListHead>('/api/v1/price-lists', { year: Number(year), title }),
    onSuccess: async (created) => {
      notifications.show({ color: 'green', message: t('catalogue.lists.created', { year: created.year }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.lists });
      onClose();
      await navigate({ to: '/katalog/prislistor/$year', params: { year: String(created.year) } });
    },
  });
  const form = useSamdeskForm({
    initialValues: { year: String(suggested), title: t('catalogue.lists.defaultTitle', { year: suggested }) },
    required: () => ({ year: { label: t('catalogue.lists.year') }, title: { label: t('catalogue.lists.listTitle') } }),
    action: save,
  });
  return (
    <Modal opened onClose={onClose} title={t('catalogue.lists.new')}>
      <form onSubmit={form.submit} noValidate>
        <Stack>
          <Text size="sm">{t('catalogue.lists.newHelp')}</Text>
          <ProblemAlert error={save.error} knownFields={['year', 'title']} />
          <TextInput type="number" min={2000} max={2100} label={t('catalogue.lists.year')} required {...form.text('year')} maw={160} />
          <TextInput label={t('catalogue.lists.listTitle')} required {...form.text('title')} />
          <FormButtons submitLabel={t('catalogue.lists.create')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
