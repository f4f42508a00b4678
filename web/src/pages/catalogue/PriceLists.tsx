import { Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../api.ts';
import { requiredProblems } from '../../forms.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { catalogueKeys, isCatalogueAdmin, usePriceLists, type PriceListHead } from '../../catalogue/model.ts';
import { formatDateTime, stockholmNow } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';
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
      <PageHeader title={t('catalogue.lists.title')} intro={t('catalogue.lists.intro')} actions={admin ? <Button onClick={() => setCreating(true)}>{t('catalogue.lists.new')}</Button> : undefined} />
      <CopyForwardNotice />
      {lists.isPending ? (
        <Loading />
      ) : lists.isError ? (
        <ProblemAlert error={lists.error} onRetry={() => void lists.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('catalogue.lists.empty')}</EmptyState>
      ) : (
        <ScrollTable label={t('catalogue.lists.title')} minWidth={640}>
          <Table striped withTableBorder highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('catalogue.lists.year')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.lists.listTitle')}</Table.Th>
                <Table.Th scope="col">{t('catalogue.lists.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((l) => (
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
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
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
  const locale = useLocale();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const suggested = Math.max(stockholmNow().year, ...existing.map((y) => y + 1));
  const [year, setYear] = useState(String(suggested));
  const [title, setTitle] = useState(t('catalogue.lists.defaultTitle', { year: suggested }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => api.post<PriceListHead>('/api/v1/price-lists', { year: Number(year), title }),
    onSuccess: async (created) => {
      notifications.show({ color: 'green', message: t('catalogue.lists.created', { year: created.year }) });
      await queryClient.invalidateQueries({ queryKey: catalogueKeys.lists });
      onClose();
      await navigate({ to: '/katalog/prislistor/$year', params: { year: String(created.year) } });
    },
  });
  const errors = { ...fieldErrors(save.error, locale), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems({ year, title }, { year: { label: t('catalogue.lists.year') }, title: { label: t('catalogue.lists.listTitle') } }, (key, field) => t(key, { field }));
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('catalogue.lists.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('catalogue.lists.newHelp')}</Text>
          <ProblemAlert error={save.error} knownFields={['year', 'title']} />
          <TextInput type="number" min={2000} max={2100} label={t('catalogue.lists.year')} required value={year} onChange={(e) => {
              setYear(e.currentTarget.value);
              setLocal(({ year: _fixed, ...rest }) => rest);
            }} error={errors.year} maw={160} />
          <TextInput label={t('catalogue.lists.listTitle')} required value={title} onChange={(e) => {
              setTitle(e.currentTarget.value);
              setLocal(({ title: _fixed, ...rest }) => rest);
            }} error={errors.title} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('catalogue.lists.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
