import { Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DataTable, type Column } from '../../ui/DataTable';
import { ApplyNav } from './ApplyNav';
import { QueryState } from './QueryState';

/**
 * One of the applicant's own lists (my cases, who read my data): the portal's navigation, the title,
 * an optional introduction, then the list once loaded, or what it says when there is nothing yet.
 */
export function ApplyListPage<T>(props: {
  title: string;
  intro?: ReactNode;
  query: { data: { items: T[] } | undefined; error: Error | null; isPending: boolean };
  empty: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  columns: Column<T>[];
  rowKey: (item: T) => string;
}) {
  return (
    <Stack>
      <ApplyNav />
      <Title order={1}>{props.title}</Title>
      {props.intro}
      <QueryState query={props.query}>
        {(page) =>
          page.items.length === 0 ? (
            <Text>{props.empty}</Text>
          ) : (
            <Table.ScrollContainer minWidth={props.minWidth}>
              <DataTable columns={props.columns} items={page.items} rowKey={props.rowKey} />
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
