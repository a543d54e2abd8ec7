import { Alert, Text } from '@mantine/core';
import Form from '@rjsf/mantine';
import validator from '@rjsf/validator-ajv8';
import type { UiSchema } from '@rjsf/utils';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComposedForm } from '../shared/types';

/**
 * The one applicant form as the portal will render it, from the composed JSON Schema and UI hints. The
 * preview never submits; the draft-2020 markers are dropped because only the layout is shown here.
 */
export function FormPreview({ form, language }: { form: ComposedForm; language: string }) {
  const { t } = useTranslation('admin');
  const { schema, uiSchema } = useMemo(() => {
    const { $schema: _schema, $id: _id, ...rest } = form.schema;
    return { schema: rest, uiSchema: localisedUi(form.uiSchema, language) };
  }, [form, language]);
  return (
    <div data-testid="form-preview">
      <Alert variant="light" mb="sm">
        <Text size="sm">{t('preview.note', { count: form.fields.length })}</Text>
      </Alert>
      <Form
        schema={schema}
        uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        validator={validator}
        idPrefix="preview"
        noHtml5Validate
      />
    </div>
  );
}

/** Widgets the portal adds itself (resident ID, phone, address, uploads) appear here as their base types. */
const PREVIEW_WIDGETS: Record<string, string | undefined> = {
  text: 'text',
  textarea: 'textarea',
  updown: 'updown',
  date: 'date',
  select: 'select',
  radio: 'radio',
  tel: 'text',
  'cn-resident-id': 'text',
};

interface FieldHints {
  'ui:widget'?: string;
  'ui:options'?: {
    labels?: Record<string, string>;
    help?: Record<string, string>;
    optionLabels?: Record<string, Record<string, string>>;
  };
}

/** The composer's UI hints carry labels in both languages: pick the page's, keep the order. */
function localisedUi(uiSchema: Record<string, unknown>, language: string): UiSchema {
  const pick = (text: Record<string, string> | undefined) => text?.[language] ?? text?.['zh-CN'];
  const ui: UiSchema = { 'ui:order': uiSchema['ui:order'] as string[] };
  for (const [id, value] of Object.entries(uiSchema)) {
    if (id.startsWith('ui:')) continue;
    const hints = value as FieldHints;
    const options = hints['ui:options'] ?? {};
    const widget = PREVIEW_WIDGETS[hints['ui:widget'] ?? ''];
    ui[id] = {
      ...(widget ? { 'ui:widget': widget } : {}),
      'ui:title': pick(options.labels),
      ...(options.help ? { 'ui:help': pick(options.help) } : {}),
      ...(options.optionLabels
        ? { 'ui:enumNames': Object.values(options.optionLabels).map((label) => pick(label)) }
        : {}),
    };
  }
  return ui;
}
