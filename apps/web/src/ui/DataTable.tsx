import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** One column of a `DataTable`: its header and what each row shows in it. */
export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

/** A plain table of items, one row each, column headers scoped for screen readers. */
export function DataTable<T>(props: {
  columns: Column<T>[];
  items: readonly T[];
  rowKey: (item: T) => string;
  striped?: boolean;
}) {
  const { columns, items, rowKey, striped } = props;
  return (
    <Table striped={striped}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column.header} scope="col">
              {column.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => (
          <Table.Tr key={rowKey(item)}>
            {columns.map((column) => (
              <Table.Td key={column.header}>{column.cell(item)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
