import { Badge, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../shared/ScrollTable';
import type { MinimisationMatrix as Matrix } from '../shared/types';

/** Department × datum: which step of which department receives each field or step output. */
export function MinimisationMatrix({ matrix }: { matrix: Matrix }) {
  const { t } = useTranslation('admin');
  return (
    <Stack gap="sm" data-testid="minimisation-matrix">
      <ScrollTable label={t('matrix.caption')}>
        <Table striped withTableBorder withColumnBorders>
          <caption>{t('matrix.caption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('matrix.datum')}</Table.Th>
              {matrix.departments.map((department) => (
                <Table.Th scope="col" key={department}>
                  {department}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {matrix.fields.map((field) => (
              <Table.Tr key={field}>
                <Table.Th scope="row">
                  {field}
                  {matrix.askedButUnused.includes(field) && (
                    <Badge autoContrast ml="xs" color="orange.4" size="sm">
                      {t('matrix.unused')}
                    </Badge>
                  )}
                </Table.Th>
                {matrix.departments.map((department) => {
                  const steps = matrix.cells[department]?.[field];
                  return (
                    <Table.Td key={department}>
                      {steps ? (
                        `✓ ${steps.join(', ')}`
                      ) : (
                        <Text span c="gray.7">
                          {t('matrix.none')}
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {(matrix.askedButUnused.length > 0 ||
        matrix.receivedBeyondNeed.length > 0 ||
        matrix.outputsUnused.length > 0) && (
        <>
          <Title order={3} size="h5">
            {t('matrix.findings')}
          </Title>
          <List size="sm">
            {matrix.askedButUnused.map((field) => (
              <List.Item key={`unused-${field}`}>{t('matrix.askedButUnused', { field })}</List.Item>
            ))}
            {matrix.receivedBeyondNeed.map((item) => (
              <List.Item key={`beyond-${item.stepId}-${item.datum}`}>
                {t('matrix.receivedBeyondNeed', item)}
              </List.Item>
            ))}
            {matrix.outputsUnused.map((output) => (
              <List.Item key={`output-${output}`}>{t('matrix.outputsUnused', { output })}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
