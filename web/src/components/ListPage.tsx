/**
 * Issue 17 §5: one scaffold for the pages that list records, so each page says only what it lists.
 * `ListPage` is the page: its heading and intro (`PageHeader`), the filters, then the list. `ListTable`
 * is the list alone, for a list inside a section of a page: while the first page loads "Laddar…"
 * (a status), a refusal with "Försök igen", the empty state's sentence, else the rows in a
 * `ScrollTable` (a named, keyboard-scrollable region; cards on a phone) and, under a keyset-paged
 * list, "Visa fler" while the server has a next page (`nextCursor`).
 */
import { Group, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ScrollTable } from './ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, ShowMore } from './common.tsx';

/** The query behind a list: a plain query or an infinite (keyset-paged) one. */
export interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
}

/** A keyset-paged list's next page (an infinite query). */
export interface NextPage {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** A column header with more than its name. */
export interface Column {
  label: string;
  /** Amounts and counts: right-aligned, as their cells are. */
  numeric?: boolean;
  /** Room the column keeps (a badge with a date, say), in pixels. */
  minWidth?: number;
}

export interface ListTableProps<T> {
  /** Where the rows come from: its pending and error states are the list's (none: the rows are already there). */
  query?: ListQuery;
  /** The rows loaded so far (every page of a paged list). */
  items: readonly T[];
  /** The sentence shown when there are no rows. */
  empty: ReactNode;
  /** A way on from the empty state (a link to another year), under its sentence. */
  emptyAction?: ReactNode;
  /** The table's name (the scroll region's label, and its caption with `caption`). */
  label: string;
  /** The width below which the table scrolls sideways (or becomes cards on a phone). */
  minWidth: number;
  /** Names the table itself with a visually hidden caption (the label). */
  caption?: boolean;
  /** Highlights the row under the pointer (default yes). */
  highlight?: boolean;
  /** The column headers, in order; `false` leaves a column out (one the user does not see). */
  columns: readonly (string | Column | false)[];
  /** One row: a `Table.Tr` with its key. */
  row: (item: T) => ReactNode;
  /** The next page of a keyset-paged list: "Visa fler" under the table while there is one. */
  more?: NextPage;
  /** How many rows are shown, said under the table beside "Visa fler" (a status, so it is read out as it grows). */
  count?: string;
}

/** A list's loading, error and empty states, else its table and "Visa fler" (see the file's comment). */
export function ListTable<T>({
  query,
  items,
  empty,
  emptyAction,
  label,
  minWidth,
  caption = false,
  highlight = true,
  columns,
  row,
  more,
  count,
}: ListTableProps<T>) {
  if (query?.isPending) return <Loading />;
  if (query?.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) {
    return emptyAction !== undefined ? (
      <Stack gap={0} align="center">
        <EmptyState>{empty}</EmptyState>
        {emptyAction}
      </Stack>
    ) : (
      <EmptyState>{empty}</EmptyState>
    );
  }
  return (
    <>
      <ScrollTable label={label} minWidth={minWidth}>
        <Table striped highlightOnHover={highlight} withTableBorder>
          {caption && <caption className="visually-hidden">{label}</caption>}
          <Table.Thead>
            <Table.Tr>
              {columns.map((column, i) => {
                if (column === false) return null;
                const { label: name, numeric = false, minWidth: width } = typeof column === 'string' ? { label: column } : column;
                return (
                  <Table.Th key={i} scope="col" ta={numeric ? 'right' : undefined} miw={width}>
                    {name}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{items.map(row)}</Table.Tbody>
        </Table>
      </ScrollTable>
      {count !== undefined ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" role="status">
            {count}
          </Text>
          {more && <ShowMore list={more} centered={false} />}
        </Group>
      ) : (
        more && <ShowMore list={more} />
      )}
    </>
  );
}

export interface ListPageProps<T> extends ListTableProps<T> {
  /** The page's heading (h1) and document title. */
  title: string;
  intro?: string;
  /** Buttons beside the heading ("Ny person"). */
  actions?: ReactNode;
  /** What narrows the list (a search box, selects), above it. */
  filters?: ReactNode;
}

/** A page that lists records: heading, intro and actions, the filters, then the list (see the file's comment). */
export function ListPage<T>({ title, intro, actions, filters, ...list }: ListPageProps<T>) {
  return (
    <>
      <PageHeader title={title} intro={intro} actions={actions} />
      {filters ? (
        <Stack>
          {filters}
          <ListTable {...list} />
        </Stack>
      ) : (
        <ListTable {...list} />
      )}
    </>
  );
}
