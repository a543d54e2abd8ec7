import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import type { ApiErrorDetail } from '../../api/client';
import type { ComposedForm, LocalizedText } from '../types';

type Language = keyof LocalizedText;
type Hints = { 'ui:widget'?: string; 'ui:options'?: Record<string, unknown> } & Record<string, unknown>;

const ADDRESS_PARTS = ['province', 'city', 'district', 'detail'] as const;

/**
 * The composed form as the definition library writes it (JSON Schema 2020-12, UI hints with both
 * languages and the project's widget names), made ready for @rjsf in one language: titles and option
 * labels in that language, project widgets mapped to the renderer's (attachments to our upload widget).
 */
export function prepareForm(
  form: ComposedForm,
  language: Language,
  addressLabels: Record<(typeof ADDRESS_PARTS)[number], string>,
): { schema: RJSFSchema; uiSchema: UiSchema } {
  // ajv's default dialect: the draft-07 subset the form uses is the same; the meta-schema URL is not needed.
  const { $schema: _dialect, $id: _id, ...rest } = form.schema;
  const properties = { ...(rest.properties as Record<string, Record<string, unknown>>) };
  const uiSchema: UiSchema = { 'ui:order': form.uiSchema['ui:order'] as string[] };
  for (const [id, property] of Object.entries(properties)) {
    const hints = (form.uiSchema[id] ?? {}) as Hints;
    const options = hints['ui:options'] ?? {};
    const labels = options.labels as LocalizedText | undefined;
    const optionLabels = options.optionLabels as Record<string, LocalizedText> | undefined;
    const help = options.help as LocalizedText | undefined;
    const next: Record<string, unknown> = { ...property, ...(labels ? { title: labels[language] } : {}) };
    if (help) next.description = help[language];
    if (optionLabels && Array.isArray(property.oneOf))
      next.oneOf = (property.oneOf as { const: string }[]).map((option) => ({
        ...option,
        title: optionLabels[option.const]?.[language] ?? option.const,
      }));
    properties[id] = next;
    uiSchema[id] = uiOf(hints['ui:widget'], options, next, addressLabels);
  }
  return { schema: { ...rest, properties }, uiSchema };
}

function uiOf(
  widget: string | undefined,
  options: Record<string, unknown>,
  property: Record<string, unknown>,
  addressLabels: Record<(typeof ADDRESS_PARTS)[number], string>,
): UiSchema {
  switch (widget) {
    case 'files':
      return {
        'ui:widget': 'attachments',
        'ui:options': {
          accept: typeof options.accept === 'string' ? options.accept : '',
          maxSizeBytes: Number(options.maxSizeBytes ?? 0),
        },
      };
    case 'tel':
      return { 'ui:inputType': 'tel', 'ui:autocomplete': 'tel' };
    case 'cn-resident-id':
      return { 'ui:autocomplete': 'off' };
    case 'address': {
      const parts = (property.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const part of ADDRESS_PARTS)
        if (parts[part]) parts[part] = { ...parts[part], title: addressLabels[part] };
      return {};
    }
    case 'radio':
    case 'select':
    case 'textarea':
    case 'updown':
    case 'date':
      return { 'ui:widget': widget };
    default:
      return {};
  }
}

/**
 * The server's refusal at its field: `application.laborContract.0.ref` → `laborContract`'s errors (the
 * renderer shows them under the field). Paths outside the application are left for the form's alert.
 */
export function errorSchemaOf(details: ApiErrorDetail[], prefix = 'application'): ErrorSchema {
  const schema: Record<string, { __errors: string[] }> = {};
  for (const detail of details) {
    const parts = detail.path.split('.');
    if (parts[0] !== prefix || !parts[1]) continue;
    (schema[parts[1]] ??= { __errors: [] }).__errors.push(detail.message);
  }
  return schema as ErrorSchema;
}
