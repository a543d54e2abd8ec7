import { Alert, List, Paper, Stack, Text, Title } from '@mantine/core';
import Form from '@rjsf/mantine';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { AttachmentsWidget } from '../form/AttachmentsWidget';
import { errorSchemaOf, prepareForm } from '../form/prepareForm';
import { useCatalogEntry, useNotices } from '../queries';
import type { LocalizedText, NoticeView } from '../types';

const widgets = { attachments: AttachmentsWidget };

/**
 * The one combined notice (一次告知): every department's request in one place, answered with one form
 * made of the same form rules (the composed form's fields that were asked for).
 */
function NoticeForm({ notice, definitionKey }: { notice: NoticeView; definitionKey: string }) {
  const { t, i18n } = useTranslation('apply');
  const queries = useQueryClient();
  const entry = useCatalogEntry(definitionKey);
  const language = i18n.language as keyof LocalizedText;
  const prepared = useMemo(() => {
    if (!entry.data) return undefined;
    const asked = [...new Set(notice.requests.flatMap((request) => request.fields.map((field) => field.id)))];
    const { schema, uiSchema } = prepareForm(entry.data.form, language, {
      province: t('address.province'),
      city: t('address.city'),
      district: t('address.district'),
      detail: t('address.detail'),
    });
    const properties = schema.properties as Record<string, RJSFSchema>;
    const picked = Object.fromEntries(asked.filter((id) => properties[id]).map((id) => [id, properties[id]]));
    const answerSchema: RJSFSchema = {
      type: 'object',
      properties: picked,
      required: Object.keys(picked),
      additionalProperties: false,
    };
    return {
      schema: answerSchema,
      uiSchema: { ...uiSchema, 'ui:order': Object.keys(picked) },
    };
  }, [entry.data, language, t, notice]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<ErrorSchema>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function answer(formValues: Record<string, unknown>) {
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', `/cases/${notice.caseId}/notices/${notice.id}/answer`, { values: formValues });
      await queries.invalidateQueries({ queryKey: ['case', notice.caseId] });
      await queries.invalidateQueries({ queryKey: ['notices', notice.caseId] });
    } catch (failure) {
      if (failure instanceof ApiError) {
        setErrors(errorSchemaOf(failure.details, 'values'));
        setProblem(failure.title);
      } else setProblem(t('form.failed'));
    } finally {
      setBusy(false);
    }
  }

  if (!prepared) return null;
  return (
    <Stack>
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <Form
        schema={prepared.schema}
        uiSchema={{
          ...prepared.uiSchema,
          'ui:submitButtonOptions': { submitText: t('notice.submit'), props: { disabled: busy } },
        }}
        validator={validator}
        widgets={widgets}
        formContext={{ definitionKey }}
        formData={values}
        onChange={(event) => setValues((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(event) => void answer((event.formData ?? {}) as Record<string, unknown>)}
        {...(errors ? { extraErrors: errors } : {})}
        noHtml5Validate
        experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: 'never' } }}
        focusOnFirstError
      />
    </Stack>
  );
}

export function NoticePanel(props: {
  caseId: string;
  definitionKey: string;
  openNotices: number;
  departmentName: (code: string) => string;
}) {
  const { t } = useTranslation('apply');
  const notices = useNotices(props.caseId, props.openNotices);
  const open = notices.data?.items.find((notice) => notice.status === 'open');
  if (!open) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="notice-title">
      <Stack>
        <Title order={2} size="h3" id="notice-title">
          {t('notice.title')}
        </Title>
        <Text size="sm">{t('notice.intro')}</Text>
        <List>
          {open.requests.map((request) => (
            <List.Item key={request.stepId}>
              <Text fw={600} component="span">
                {props.departmentName(request.department)}
              </Text>
              {': '}
              {request.message}
            </List.Item>
          ))}
        </List>
        <NoticeForm notice={open} definitionKey={props.definitionKey} />
      </Stack>
    </Paper>
  );
}
