import { Group, NativeSelect, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client';
import { SERIES_COLOURS } from './colours';
import type { OperationsTrends } from './types';
import { ScrollTable } from '../admin/shared/ScrollTable';

type Measure = 'backlog' | 'meanCycleHours';

/** One row per day, one column per department: the shape a line chart of several series reads. */
function seriesOf(trends: OperationsTrends, measure: Measure): Record<string, number | string | null>[] {
  return trends.days.map((day, index) => ({
    day: day.slice(5),
    ...Object.fromEntries(
      trends.departments.map((row) => {
        const value = row.points[index]?.[measure] ?? null;
        return [row.department, value === null ? null : Math.round(value * 100) / 100];
      }),
    ),
  }));
}

function TrendChart({ trends, measure }: { trends: OperationsTrends; measure: Measure }) {
  const { t } = useTranslation('ops');
  const data = seriesOf(trends, measure);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t(`trends.${measure}`)}
      </Title>
      <div style={{ width: '100%', height: 260 }} aria-hidden="true">
        <ResponsiveContainer>
          <LineChart data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={measure !== 'backlog'} />
            <Tooltip />
            <Legend />
            {trends.departments.map((row, index) => (
              <Line
                key={row.department}
                type="linear"
                dataKey={row.department}
                stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]}
                connectNulls
                dot={measure !== 'backlog'}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t('trends.asTable')}</summary>
        <ScrollTable label={t(`trends.${measure}`)}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('trends.day')}</Table.Th>
                {trends.departments.map((row) => (
                  <Table.Th scope="col" key={row.department}>
                    {row.department}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((row) => (
                <Table.Tr key={String(row.day)}>
                  <Table.Th scope="row">{row.day}</Table.Th>
                  {trends.departments.map((department) => (
                    <Table.Td key={department.department}>{row[department.department] ?? '—'}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </details>
    </Stack>
  );
}

/** Each department's backlog at the end of each day and the mean cycle time of what it decided. */
export function DepartmentTrends() {
  const { t } = useTranslation('ops');
  const [days, setDays] = useState('14');
  const trends = useQuery({
    queryKey: ['ops', 'trends', days],
    queryFn: () => api<OperationsTrends>('GET', '/admin/operations/trends', undefined, { query: { days } }),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t('trends.title')}
        </Title>
        <NativeSelect
          label={t('trends.window')}
          data={['7', '14', '30', '90'].map((value) => ({
            value,
            label: t('trends.days', { count: Number(value) }),
          }))}
          value={days}
          onChange={(e) => setDays(e.currentTarget.value)}
        />
      </Group>
      {trends.data && (
        <SimpleGrid cols={{ base: 1, lg: 2 }} data-testid="trends">
          <TrendChart trends={trends.data} measure="backlog" />
          <TrendChart trends={trends.data} measure="meanCycleHours" />
        </SimpleGrid>
      )}
    </Stack>
  );
}
