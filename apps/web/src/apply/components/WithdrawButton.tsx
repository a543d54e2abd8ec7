import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

/** Withdraw an open case, with a reason, after a confirmation. */
export function WithdrawButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation('apply');
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const queries = useQueryClient();
  async function withdraw() {
    try {
      await api('POST', `/cases/${caseId}/withdraw`, { reason: reason.trim() });
      close();
      await queries.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (failure) {
      setProblem(failure instanceof ApiError ? failure.title : t('form.failed'));
    }
  }
  return (
    <>
      <Button variant="outline" color="red" onClick={open} className="no-print">
        {t('withdraw.button')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('withdraw.title')}>
        <Stack>
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Textarea
            label={t('withdraw.reason')}
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('withdraw.cancel')}
            </Button>
            <Button color="red" disabled={!reason.trim()} onClick={() => void withdraw()}>
              {t('withdraw.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
