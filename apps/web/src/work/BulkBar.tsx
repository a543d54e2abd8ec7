import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskActions, useTaskAction, type BulkResult, type WorkbenchView } from './api';
import { ActionError } from './ActionError';

interface Props {
  ids: string[];
  supervisor: boolean;
  workbench: WorkbenchView | undefined;
  onDone: (result: BulkResult) => void;
}

/** Actions on the selected tasks: anyone claims; a supervisor assigns or reassigns (with a reason). */
export function BulkBar({ ids, supervisor, workbench, onDone }: Props) {
  const { t } = useTranslation('work');
  const [person, setPerson] = useState('');
  const [reason, setReason] = useState('');
  const claim = useTaskAction(() => taskActions.bulkClaim(ids));
  const assign = useTaskAction(() => taskActions.bulkAssign(ids, person));
  const reassign = useTaskAction(() => taskActions.bulkReassign(ids, { toAccountId: person, reason }));
  const busy = claim.isPending || assign.isPending || reassign.isPending;
  const run = (action: typeof claim) => action.mutate(undefined, { onSuccess: onDone });
  const people = [
    { value: '', label: t('bulk.choosePerson') },
    ...(workbench?.people ?? []).map((p) => ({ value: p.accountId, label: p.displayName })),
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('bulk.title')}>
      <Stack gap="xs">
        <Text fw={600}>{t('bulk.selected', { count: ids.length })}</Text>
        <Group align="end" gap="sm">
          <Button onClick={() => run(claim)} loading={claim.isPending} disabled={busy}>
            {t('bulk.claim')}
          </Button>
          {supervisor && (
            <>
              <NativeSelect
                label={t('bulk.person')}
                data={people}
                value={person}
                onChange={(event) => setPerson(event.currentTarget.value)}
              />
              <Button variant="default" onClick={() => run(assign)} disabled={busy || !person}>
                {t('bulk.assign')}
              </Button>
              <TextInput
                label={t('bulk.reason')}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              <Button
                variant="default"
                onClick={() => run(reassign)}
                disabled={busy || !person || !reason.trim()}
              >
                {t('bulk.reassign')}
              </Button>
            </>
          )}
        </Group>
        <ActionError error={claim.error ?? assign.error ?? reassign.error} />
      </Stack>
    </Paper>
  );
}
