import { Table } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SERIES_COLOURS } from './colours';
import type { OperationsOverview } from './types';
import { ScrollTable } from '../admin/shared/ScrollTable';

/** Cases per one-thing, stacked by status, with the same figures as a table for screen readers. */
export function CaseCounts({ cases }: { cases: OperationsOverview['cases'] }) {
  const { t } = useTranslation('ops');
  const { rows, statuses } = useMemo(() => {
    const statusList = [...new Set(cases.map((row) => row.status))];
    const byKey = new Map<string, Record<string, number | string>>();
    for (const row of cases) {
      const entry = byKey.get(row.definitionKey) ?? { definitionKey: row.definitionKey };
      entry[row.status] = row.count;
      byKey.set(row.definitionKey, entry);
    }
    return { rows: [...byKey.values()], statuses: statusList };
  }, [cases]);
  return (
    <>
      {/* The same figures are in the table below: the drawing is hidden from assistive technology. */}
      <div style={{ width: '100%', height: 280 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="definitionKey" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {statuses.map((status, index) => (
              <Bar
                key={status}
                dataKey={status}
                name={t(`status.${status}`)}
                stackId="cases"
                maxBarSize={64}
                fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ScrollTable label={t('cases.caption')}>
        <Table striped data-testid="case-counts">
          <caption>{t('cases.caption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('cases.oneThing')}</Table.Th>
              {statuses.map((status) => (
                <Table.Th scope="col" key={status}>
                  {t(`status.${status}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={String(row.definitionKey)}>
                <Table.Th scope="row">{row.definitionKey}</Table.Th>
                {statuses.map((status) => (
                  <Table.Td key={status}>{row[status] ?? 0}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}
