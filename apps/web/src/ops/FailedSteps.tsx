import { Alert, Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../i18n';
import { messageOf } from '../admin/shared/errors';
import type { BulkRetryResult, OperationsOverview, TroubledStep } from './types';
import { workflowLink } from './types';
import { ScrollTable } from '../admin/shared/ScrollTable';

interface FailedStepsProps {
  /** Departments with failed steps (from the overview), for the filter and the bulk retry. */
  departments: string[];
  webUi: OperationsOverview['temporalWebUi'];
  /** Administrators and supervisors retry; auditors only read. */
  canRetry: boolean;
}

/** Steps waiting for a retry (their department was down), one by one or a department's all at once. */
export function FailedSteps({ departments, webUi, canRetry }: FailedStepsProps) {
  const { t, i18n } = useTranslation('ops');
  const queries = useQueryClient();
  const [state, setState] = useState<'failed' | 'retrying'>('failed');
  const [department, setDepartment] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const steps = useQuery({
    queryKey: ['ops', 'steps', state, department],
    queryFn: () =>
      api<{ items: TroubledStep[]; total?: number }>('GET', '/admin/steps', undefined, {
        query: { state, department: department || undefined, limit: 100 },
      }),
    refetchInterval: 5_000,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['ops'] });

  async function retryOne(step: TroubledStep) {
    setOutcome(undefined);
    try {
      await api('POST', `/cases/${step.caseId}/steps/${encodeURIComponent(step.stepId)}/retry`);
      setOutcome({ ok: true, text: t('failed.retried', { stepId: step.stepId }) });
    } catch (error) {
      setOutcome({ ok: false, text: messageOf(error) });
    }
    await refresh();
  }

  async function retryDepartment() {
    setOutcome(undefined);
    try {
      const result = await api<BulkRetryResult>('POST', '/admin/steps/retry', { department });
      setOutcome({ ok: true, text: t('failed.bulkRetried', { ...result, department }) });
    } catch (error) {
      setOutcome({ ok: false, text: messageOf(error) });
    }
    await refresh();
  }

  const items = steps.data?.items ?? [];
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('failed.title')}
      </Title>
      <Group align="flex-end">
        <NativeSelect
          label={t('failed.state')}
          data={[
            { value: 'failed', label: t('failed.stateFailed') },
            { value: 'retrying', label: t('failed.stateRetrying') },
          ]}
          value={state}
          onChange={(e) => setState(e.currentTarget.value as 'failed' | 'retrying')}
        />
        <NativeSelect
          label={t('failed.department')}
          data={[
            { value: '', label: t('failed.allDepartments') },
            ...departments.map((code) => ({ value: code, label: code })),
          ]}
          value={department}
          onChange={(e) => setDepartment(e.currentTarget.value)}
        />
        {canRetry && state === 'failed' && department && (
          <Button
            color="orange.4"
            autoContrast
            onClick={() => void retryDepartment()}
            data-testid="retry-department"
          >
            {t('failed.retryDepartment', { department })}
          </Button>
        )}
      </Group>
      {outcome && (
        <Alert
          color={outcome.ok ? 'teal' : 'red'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="retry-outcome"
        >
          {outcome.text}
        </Alert>
      )}
      {steps.error && <Alert color="red">{messageOf(steps.error)}</Alert>}
      {items.length === 0 ? (
        <Text c="gray.7" data-testid="no-failed-steps">
          {t('failed.none')}
        </Text>
      ) : (
        <ScrollTable label={t('failed.title')}>
          <Table striped data-testid="failed-steps">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('failed.case')}</Table.Th>
                <Table.Th scope="col">{t('failed.step')}</Table.Th>
                <Table.Th scope="col">{t('failed.department')}</Table.Th>
                <Table.Th scope="col">{t('failed.attempts')}</Table.Th>
                <Table.Th scope="col">{t('failed.lastError')}</Table.Th>
                <Table.Th scope="col">{t('failed.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((step) => {
                const link = workflowLink(webUi, step.caseId);
                return (
                  <Table.Tr key={`${step.caseId}-${step.stepId}`} data-case={step.caseId}>
                    <Table.Td>
                      <code>{step.caseId.slice(0, 8)}</code>
                      {link && (
                        <Anchor href={link} target="_blank" rel="noreferrer" ml="xs" size="sm">
                          {t('failed.temporal', { caseRef: step.caseId.slice(0, 8) })}
                        </Anchor>
                      )}
                    </Table.Td>
                    <Table.Td>{step.stepId}</Table.Td>
                    <Table.Td>{step.department}</Table.Td>
                    <Table.Td>
                      <Badge autoContrast color={step.status === 'failed' ? 'red.9' : 'yellow.4'}>
                        {t(`stepStatus.${step.status}`, step.status)}
                      </Badge>{' '}
                      {step.attempts?.attempt ?? '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{step.attempts?.lastErrorCode ?? step.reason ?? '—'}</Text>
                      {step.attempts?.lastErrorAt && (
                        <Text size="xs" c="gray.7">
                          {formatDateTime(step.attempts.lastErrorAt, i18n.language)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {canRetry && step.status === 'failed' && (
                        <Button
                          size="compact-sm"
                          onClick={() => void retryOne(step)}
                          data-testid={`retry-${step.caseId}-${step.stepId}`}
                        >
                          {t('failed.retry', { stepId: step.stepId, caseRef: step.caseId.slice(0, 8) })}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
