import { Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { DataTable, type Column } from '../../ui/DataTable';
import { ScrollTable } from './ScrollTable';

/**
 * An administrator's list page: its title, what stands above the list (a notice, a refusal), the list
 * in a scrolling region named by the title, and what follows it (usually the create-or-edit form).
 */
export function AdminListPage<T>(props: {
  title: string;
  columns: Column<T>[];
  items: readonly T[] | undefined;
  rowKey: (item: T) => string;
  above?: ReactNode;
  children?: ReactNode;
}) {
  const { title, columns, items, rowKey, above, children } = props;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      {above}
      <ScrollTable label={title}>
        <DataTable striped columns={columns} items={items ?? []} rowKey={rowKey} />
      </ScrollTable>
      {children}
    </Stack>
  );
}
