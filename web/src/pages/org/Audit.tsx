import { Anchor, Button, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTITY_TEXT } from '../../../../src/platform/audit/present.ts';
import { api, qs } from '../../api.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission, ShowMore } from '../../components/common.tsx';
import { formatDateTime } from '../../format.ts';
import type { AuditEntry } from '../../types.ts';

const PAGE_SIZE = 100;

/** The kinds of record a reader can filter on, by their Swedish names (the server's own table). */
const ENTITY_OPTIONS = Object.entries(ENTITY_TEXT)
  .map(([value, label]) => ({ value, label }))
  .sort((a, b) => a.label.localeCompare(b.label, 'sv'));

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="readsAuditLog">
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <AuditList />
    </RequirePermission>
  );
}

interface Filters {
  entity: string;
  actor: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { entity: '', actor: '', from: '', to: '' };

/**
 * Issue 16: the audit trail as people read it: who (by name), what (in Swedish), which record (its
 * number or name, linked to its page), filtered by kind of record, actor and days.
 */
function AuditList() {
  const { t } = useTranslation();
  const router = useRouter();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [actor] = useDebouncedValue(filters.actor.trim(), 300);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const query = { entity: filters.entity || undefined, actor: actor || undefined, from: filters.from || undefined, to: filters.to || undefined };
  const audit = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: AuditEntry[]; nextBefore: number | null }>(`/api/v1/audit${qs({ ...query, limit: PAGE_SIZE, before: pageParam })}`, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const filtered = Object.values(query).some((v) => v !== undefined);
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Group component="search" aria-label={t('audit.filters')} align="flex-end" wrap="wrap" mb="md">
        <NativeSelect
          label={t('audit.entityFilter')}
          data={[{ value: '', label: t('audit.allEntities') }, ...ENTITY_OPTIONS]}
          value={filters.entity}
          onChange={(e) => set({ entity: e.currentTarget.value })}
        />
        <TextInput
          label={t('audit.actorFilter')}
          description={t('audit.actorHelp')}
          type="search"
          maxLength={100}
          value={filters.actor}
          onChange={(e) => set({ actor: e.currentTarget.value })}
        />
        <TextInput
          label={t('audit.from')}
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput label={t('audit.to')} type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} />
        {filtered && (
          <Button variant="default" onClick={() => setFilters(NO_FILTERS)}>
            {t('audit.clear')}
          </Button>
        )}
      </Group>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <ProblemAlert error={audit.error} onRetry={() => void audit.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{filtered ? t('audit.noMatch') : t('audit.empty')}</EmptyState>
      ) : (
        <>
          <ScrollTable label={t('audit.title')} minWidth={800}>
            <Table striped withTableBorder>
              <caption className="visually-hidden">{t('audit.title')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audit.time')}</Table.Th>
                  <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                  <Table.Th scope="col">{t('audit.action')}</Table.Th>
                  <Table.Th scope="col">{t('audit.entity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => {
                  const name = a.label ? `${a.entityText}: ${a.label}` : a.entityText;
                  return (
                    <Table.Tr key={a.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <time dateTime={a.at}>{formatDateTime(a.at)}</time>
                      </Table.Td>
                      <Table.Td>{a.actorName ?? t('audit.system')}</Table.Td>
                      <Table.Td>{a.actionText}</Table.Td>
                      <Table.Td>
                        {a.link ? (
                          <Anchor
                            href={a.link}
                            onClick={(e) => {
                              e.preventDefault();
                              router.history.push(a.link ?? '/');
                            }}
                          >
                            {name}
                          </Anchor>
                        ) : (
                          name
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Group justify="space-between" mt="sm">
            <Text size="sm" c="dimmed">
              {rows.length}
            </Text>
            <ShowMore list={audit} centered={false} />
          </Group>
        </>
      )}
    </>
  );
}
