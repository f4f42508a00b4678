import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, ProblemAlert } from '../../components/common.tsx';
import { formatSek } from '../../format.ts';
import { governanceKeys, moveInOrder, useBacklog, type Backlog, type RequestSummary } from '../../governance/model.ts';
import { useLocale } from '../../session.tsx';
import { MONEY, reasonsOf } from '../billing/parts.tsx';
import { MunicipalityText, StateBadge } from './parts.tsx';

type Direction = 'up' | 'down';

/**
 * the IT steering group's prioritised backlog of large requests, by rank. Those the server
 * allows (`actions.reorder`) change the order by dragging a row, or from the keyboard with each row's
 * "Flytta upp" and "Flytta ned"; every move sends the whole order at once (PUT), and the request's new
 * place is said in a live region. Others read the ranked list.
 */
export function BacklogTab() {
  const { t } = useTranslation();
  const backlog = useBacklog();
  if (backlog.isPending) return <Loading />;
  if (backlog.isError) return <ProblemAlert error={backlog.error} onRetry={() => void backlog.refetch()} />;
  return (
    <Stack>
      <Text>{t('governance.backlog.intro')}</Text>
      {backlog.data.items.length === 0 ? <EmptyState>{t('governance.backlog.empty')}</EmptyState> : <BacklogTable backlog={backlog.data} />}
    </Stack>
  );
}

function BacklogTable({ backlog }: { backlog: Backlog }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const reorder = backlog.actions.reorder.allowed;
  /** The order shown while a move is being saved (null: the server's). */
  const [pending, setPending] = useState<string[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  /** The move button to give focus back to once the rows have moved (keyboard moves). */
  const [refocus, setRefocus] = useState<{ id: string; direction: Direction } | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  /** Each move's number: only the last one's answer replaces the order shown. */
  const sequence = useRef(0);

  const byId = new Map(backlog.items.map((r) => [r.id, r]));
  const order = (pending ?? backlog.items.map((r) => r.id)).filter((id) => byId.has(id));
  const rows = order.map((id) => byId.get(id)).filter((r): r is RequestSummary => r !== undefined);

  const save = useMutation({
    mutationFn: (v: { order: string[]; moved: RequestSummary; seq: number }) =>
      request<Backlog>('PUT', '/api/v1/development-requests/backlog', { order: v.order }),
    onSuccess: (saved, v) => {
      if (v.seq !== sequence.current) return;
      queryClient.setQueryData(governanceKeys.backlog, saved);
      setPending(null);
      const at = saved.items.findIndex((r) => r.id === v.moved.id);
      if (at >= 0) setAnnouncement(t('governance.backlog.moved', { number: v.moved.number, position: at + 1, count: saved.items.length }));
      void queryClient.invalidateQueries({ queryKey: ['governance', 'list'] });
    },
    onError: (_e, v) => {
      if (v.seq !== sequence.current) return;
      setPending(null);
      setAnnouncement(t('governance.backlog.notSaved'));
    },
  });

  const moveTo = (r: RequestSummary, toIndex: number) => {
    const next = moveInOrder(order, r.id, toIndex);
    if (next.every((id, i) => id === order[i])) return;
    sequence.current += 1;
    setPending(next);
    setAnnouncement(t('governance.backlog.saving'));
    save.mutate({ order: next, moved: r, seq: sequence.current });
  };

  const move = (r: RequestSummary, direction: Direction) => {
    const at = order.indexOf(r.id);
    moveTo(r, direction === 'up' ? at - 1 : at + 1);
    setRefocus({ id: r.id, direction });
  };

  // After a keyboard move the row has moved: its button keeps the focus, or the other one at the list's end.
  useEffect(() => {
    if (!refocus) return;
    const root = tableRef.current;
    const find = (d: Direction) => root?.querySelector<HTMLButtonElement>(`button[data-move="${d}"][data-request="${refocus.id}"]`);
    const same = find(refocus.direction);
    const target = same && !same.disabled ? same : find(refocus.direction === 'up' ? 'down' : 'up');
    target?.focus();
    setRefocus(null);
  }, [refocus]);

  const dragProps = (r: RequestSummary) =>
    reorder
      ? {
          draggable: true,
          onDragStart: (e: DragEvent<HTMLTableRowElement>) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', r.id);
            setDragged(r.id);
          },
          onDragOver: (e: DragEvent<HTMLTableRowElement>) => {
            if (dragged === null) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== r.id) setOver(r.id);
          },
          onDrop: (e: DragEvent<HTMLTableRowElement>) => {
            e.preventDefault();
            const moved = dragged ? byId.get(dragged) : undefined;
            setDragged(null);
            setOver(null);
            if (moved && moved.id !== r.id) moveTo(moved, order.indexOf(r.id));
          },
          onDragEnd: () => {
            setDragged(null);
            setOver(null);
          },
          style: {
            cursor: 'grab',
            opacity: dragged === r.id ? 0.5 : 1,
            outline: over === r.id && dragged !== r.id ? '2px dashed var(--mantine-color-blue-6)' : undefined,
            outlineOffset: -2,
          },
        }
      : {};

  return (
    <Stack>
      {reorder && <Text size="sm">{t('governance.backlog.reorderHelp')}</Text>}
      {save.isError && (
        <Alert color="red" role="alert" title={t('governance.backlog.notSaved')}>
          <Stack gap="xs">
            <Text size="sm">{reasonsOf(save.error, locale).join(' ')}</Text>
            <Group>
              <Button
                size="xs"
                variant="outline"
                color="red"
                onClick={() => {
                  save.reset();
                  void queryClient.invalidateQueries({ queryKey: governanceKeys.backlog });
                }}
              >
                {t('governance.backlog.reload')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <div ref={tableRef}>
        <ScrollTable label={t('governance.backlog.tableLabel')} minWidth={reorder ? 1100 : 900}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{t('governance.backlog.tableLabel')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" ta="right">
                  {t('governance.backlog.position')}
                </Table.Th>
                <Table.Th scope="col">{t('governance.page.number')}</Table.Th>
                <Table.Th scope="col">{t('governance.page.title')}</Table.Th>
                <Table.Th scope="col" miw={180}>
                  {t('governance.page.state')}
                </Table.Th>
                <Table.Th scope="col">{t('governance.page.municipality')}</Table.Th>
                <Table.Th scope="col" ta="right" miw={140}>
                  {t('governance.page.cost')}
                </Table.Th>
                {reorder && <Table.Th scope="col">{t('governance.backlog.move')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.id} data-request={r.id} {...dragProps(r)}>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {reorder && (
                      <span aria-hidden title={t('governance.backlog.dragHandle')} style={{ marginRight: 8, color: 'var(--mantine-color-dimmed)' }}>
                        ⠿
                      </span>
                    )}
                    {i + 1}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.number}</Table.Td>
                  <Table.Th scope="row" fw="normal">
                    <AnchorLink to="/utveckling/$id" params={{ id: r.id }} draggable={false}>
                      {r.title}
                    </AnchorLink>
                  </Table.Th>
                  <Table.Td>
                    <StateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>
                    <MunicipalityText municipality={r.municipality} />
                  </Table.Td>
                  <Table.Td {...MONEY}>{formatSek(r.costEstimateOre, locale)}</Table.Td>
                  {reorder && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="default"
                          data-move="up"
                          data-request={r.id}
                          disabled={i === 0}
                          aria-label={t('governance.backlog.moveUpNamed', { number: r.number, title: r.title })}
                          onClick={() => move(r, 'up')}
                        >
                          {t('governance.backlog.moveUp')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          data-move="down"
                          data-request={r.id}
                          disabled={i === rows.length - 1}
                          aria-label={t('governance.backlog.moveDownNamed', { number: r.number, title: r.title })}
                          onClick={() => move(r, 'down')}
                        >
                          {t('governance.backlog.moveDown')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </div>
      <Text size="sm" role="status" aria-live="polite" aria-atomic mih={20}>
        {announcement}
      </Text>
    </Stack>
  );
}
