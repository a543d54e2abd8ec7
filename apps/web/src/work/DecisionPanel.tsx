import { Alert, Button, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import Form from '@rjsf/mantine';
import type CoreForm from '@rjsf/core';
import type { UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { taskActions, useTaskAction, type TaskDetailView } from './api';
import { ActionError } from './ActionError';
import { localizeOutputForm, outputErrors } from './output-form';

type Decision = 'approved' | 'rejected';

/** Approve or reject with a reason, filling the step's declared outputs (rendered by @rjsf from their schema). */
export function DecisionPanel({ task }: { task: TaskDetailView }) {
  const { t, i18n } = useTranslation('work');
  const language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [decision, setDecision] = useState<Decision>('approved');
  const [reason, setReason] = useState('');
  const [outputs, setOutputs] = useState<Record<string, unknown>>({});
  const [reasonError, setReasonError] = useState<string | null>(null);
  const outputsForm = useRef<CoreForm>(null);
  const form = useMemo(
    () => (task.outputForm ? localizeOutputForm(task.outputForm, language) : null),
    [task.outputForm, language],
  );
  const decide = useTaskAction(() =>
    taskActions.decide(task.id, {
      decision,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(form && Object.keys(outputs).length > 0 ? { outputs } : {}),
    }),
  );
  const serverErrors = decide.error instanceof ApiError ? outputErrors(decide.error.details) : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (decision === 'rejected' && !reason.trim()) {
      setReasonError(t('decide.reasonRequired'));
      return;
    }
    setReasonError(null);
    // A rejection carries no required outputs; an approval's are checked here first, then by the API.
    if (decision === 'approved' && outputsForm.current && !outputsForm.current.validateForm()) return;
    decide.mutate();
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decide-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="decide-title">
            {t('decide.title')}
          </Title>
          <Radio.Group
            label={t('decide.decision')}
            value={decision}
            onChange={(value) => setDecision(value as Decision)}
            required
          >
            <Stack gap="xs" mt="xs">
              <Radio value="approved" label={t('decide.approve')} />
              <Radio value="rejected" label={t('decide.reject')} />
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('decide.reason')}
            description={t('decide.reasonHelp')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
            required={decision === 'rejected'}
            autosize
            minRows={2}
          />
          {form && (
            <fieldset className="work-outputs">
              <legend>{t('decide.outputs')}</legend>
              <Form
                ref={outputsForm}
                tagName="div"
                schema={form.schema}
                uiSchema={form.uiSchema as UiSchema}
                validator={validator}
                formData={outputs}
                onChange={(change) => setOutputs((change.formData ?? {}) as Record<string, unknown>)}
                extraErrors={serverErrors as never}
                showErrorList={false}
                noHtml5Validate
              >
                <></>
              </Form>
              {form.documents.length > 0 && <Text size="sm">{t('decide.documentsBySystem')}</Text>}
            </fieldset>
          )}
          <ActionError error={decide.error} />
          {decide.isSuccess && (
            <Alert role="status" variant="outline" color="teal.9">
              {t('decide.done')}
            </Alert>
          )}
          <Button
            type="submit"
            loading={decide.isPending}
            style={{ alignSelf: 'start' }}
            data-action="decide"
          >
            {t('decide.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
