import type { OutputFormView } from './api';

type JsonObject = Record<string, unknown>;
type Language = 'zh-CN' | 'en';

/** Widgets of the step's output types that @rjsf/mantine has (the definition's own names are richer). */
const WIDGETS: Record<string, JsonObject> = {
  number: { 'ui:widget': 'updown' },
  enum: { 'ui:widget': 'select' },
  boolean: { 'ui:widget': 'radio' },
  date: { 'ui:options': { inputType: 'date' } },
  phone: { 'ui:options': { inputType: 'tel' } },
};

export interface LocalizedOutputForm {
  schema: JsonObject;
  uiSchema: JsonObject;
  /** Outputs a person cannot type (issued documents): the department's system answers those. */
  documents: string[];
}

function optionLabels(uiSchema: JsonObject, id: string): Record<string, Record<Language, string>> {
  const hints = uiSchema[id] as {
    'ui:options'?: { optionLabels?: Record<string, Record<Language, string>> };
  };
  return hints?.['ui:options']?.optionLabels ?? {};
}

/**
 * The API's output form (JSON Schema 2020-12, titles in Chinese) as @rjsf renders it in the user's
 * language: titles and option labels from the declaration's labels, the `$schema` left out (the validator
 * checks the draft-07 subset these schemas use), documents left to the department's system.
 */
export function localizeOutputForm(form: OutputFormView, language: Language): LocalizedOutputForm {
  const properties = (form.schema.properties ?? {}) as Record<string, JsonObject>;
  const documents = form.fields.filter((field) => field.type === 'document').map((field) => field.id);
  const localized: Record<string, JsonObject> = {};
  const uiSchema: JsonObject = {
    'ui:order': form.fields.filter((field) => !documents.includes(field.id)).map((field) => field.id),
  };
  for (const field of form.fields) {
    if (documents.includes(field.id)) continue;
    const property: JsonObject = { ...properties[field.id], title: field.label[language] };
    if (Array.isArray(property.oneOf)) {
      const labels = optionLabels(form.uiSchema, field.id);
      property.oneOf = (property.oneOf as { const: string }[]).map((option) => ({
        const: option.const,
        title: labels[option.const]?.[language] ?? option.const,
      }));
    }
    localized[field.id] = property;
    uiSchema[field.id] = WIDGETS[field.type] ?? {};
  }
  const required = ((form.schema.required ?? []) as string[]).filter((id) => !documents.includes(id));
  return { schema: { type: 'object', properties: localized, required }, uiSchema, documents };
}

/** The API's refusals at `outputs.<id>` as @rjsf's extra errors, shown at their field. */
export function outputErrors(details: { path: string; message: string }[]): JsonObject {
  const errors: Record<string, { __errors: string[] }> = {};
  for (const detail of details) {
    const [head, id] = detail.path.split('.');
    if (head !== 'outputs' || !id) continue;
    (errors[id] ??= { __errors: [] }).__errors.push(detail.message);
  }
  return errors;
}
