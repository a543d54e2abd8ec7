import { fieldsReadBy } from './conditions';
import { contractEntries, contractFieldIds } from './outputs';
import { eligibilityRules, type EligibilityRuleInfo } from './eligibility';
import { CN_MOBILE_PATTERN } from './resident-id';
import { stepGraph, topologicalOrder } from './graph';
import type { Definition, Field, Locale, LocalizedText } from './schema';
import { ADDRESS_PART_MAX_LENGTH, ATTACHMENT_NAME_MAX_LENGTH, textFieldPolicy } from './text-fields';

// One form (一表申请): composed from the steps' data contracts, each datum asked once, data an
// authoritative source already holds is fetched, not asked.

export type JsonSchema = { [key: string]: unknown };

export interface FormFieldInfo {
  id: string;
  type: Field['type'];
  label: LocalizedText;
  required: boolean;
  /** Steps whose contract includes the field, in topological order: who will receive the answer. */
  usedBy: string[];
  /** Steps whose condition reads the answer: it is asked although no department may receive it. */
  conditionOf: string[];
  /** Eligibility rules that read the answer (it is asked first, and checked at submission). */
  eligibilityOf: string[];
}

export interface ComposedForm {
  /** JSON Schema draft 2020-12 of the submission, for the form library and the API validator alike. */
  schema: JsonSchema;
  /** @rjsf-style UI schema: `ui:order`, widgets, labels in both languages. */
  uiSchema: Record<string, unknown>;
  fields: FormFieldInfo[];
  /** Left out of the form: fetched from a connector instead. */
  prefilled: { id: string; source: string; path?: string; usedBy: string[] }[];
  /**
   * The case's eligibility rules (id, message in both languages, the fields and paths each reads, the
   * CEL text): a client can show them, or check them, before submitting. The API checks them at submission.
   */
  eligibility: EligibilityRuleInfo[];
}

export interface ComposeFormOptions {
  /** Language of the JSON Schema titles; the UI schema carries both. */
  locale?: Locale;
}

/** Attachments are uploaded first and referenced by content hash; the form carries references, never files. */
export const ATTACHMENT_REFERENCE_PATTERN = '^sha256:[a-f0-9]{64}$';

export function composeForm(definition: Definition, options: ComposeFormOptions = {}): ComposedForm {
  const locale = options.locale ?? 'zh-CN';
  const usage = fieldUsage(definition);
  const fieldIndex = new Map(definition.fields.map((field, index) => [field.id, index]));
  const used = definition.fields
    .filter((field) => usage.has(field.id))
    .sort((a, b) => {
      const byFirstStep = (usage.get(a.id)?.rank ?? 0) - (usage.get(b.id)?.rank ?? 0);
      return byFirstStep !== 0 ? byFirstStep : (fieldIndex.get(a.id) ?? 0) - (fieldIndex.get(b.id) ?? 0);
    });
  const asked = used.filter((field) => field.prefill === undefined);
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = { 'ui:order': asked.map((field) => field.id) };
  for (const field of asked) {
    properties[field.id] = {
      title: field.label[locale],
      ...(field.help ? { description: field.help[locale] } : {}),
      ...valueSchema(field),
    };
    uiSchema[field.id] = uiHints(field);
  }
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `urn:onething:form:${definition.key}:${definition.version}`,
      title: definition.title[locale],
      type: 'object',
      properties,
      required: asked.filter((field) => field.required).map((field) => field.id),
      additionalProperties: false,
    },
    uiSchema,
    fields: asked.map((field) => ({
      id: field.id,
      type: field.type,
      label: field.label,
      required: field.required,
      usedBy: usage.get(field.id)?.steps ?? [],
      conditionOf: usage.get(field.id)?.conditionOf ?? [],
      eligibilityOf: usage.get(field.id)?.eligibilityOf ?? [],
    })),
    prefilled: used.flatMap((field) =>
      field.prefill
        ? [
            {
              id: field.id,
              source: field.prefill.source,
              ...(field.prefill.path ? { path: field.prefill.path } : {}),
              usedBy: usage.get(field.id)?.steps ?? [],
            },
          ]
        : [],
    ),
    eligibility: eligibilityRules(definition),
  };
}

/**
 * For each field in use: the steps whose contract holds it (topological order), the steps whose `when` reads
 * it and the eligibility rules that read it (the orchestrator needs those answers although no department
 * receives them), and the rank of the first such step (-1 for eligibility), which orders the form.
 */
export function fieldUsage(definition: Definition): Map<string, FieldUse> {
  const { order, unordered } = topologicalOrder(stepGraph(definition.steps));
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const usage = new Map<string, FieldUse>();
  const entry = (fieldId: string, rank: number): FieldUse => {
    const found = usage.get(fieldId) ?? { rank, steps: [], conditionOf: [], eligibilityOf: [] };
    usage.set(fieldId, found);
    return found;
  };
  // Eligibility is decided first, so the answers it needs come first in the form.
  for (const rule of eligibilityRules(definition)) {
    for (const fieldId of rule.fields) {
      const use = entry(fieldId, -1);
      if (!use.eligibilityOf.includes(rule.id)) use.eligibilityOf.push(rule.id);
    }
  }
  [...order, ...unordered].forEach((stepId, rank) => {
    const step = byId.get(stepId);
    const conditions = step ? [step.when, ...contractEntries(step).map((entry) => entry.when)] : [];
    for (const fieldId of conditions.flatMap((condition) => fieldsReadBy(condition))) {
      const use = entry(fieldId, rank);
      if (!use.conditionOf.includes(stepId)) use.conditionOf.push(stepId);
    }
    for (const fieldId of step ? contractFieldIds(step) : []) {
      const use = entry(fieldId, rank);
      if (!use.steps.includes(stepId)) use.steps.push(stepId);
    }
  });
  return usage;
}

export interface FieldUse {
  rank: number;
  steps: string[];
  conditionOf: string[];
  eligibilityOf: string[];
}

/** The JSON Schema of one field's value (shared with the output form). */
export function valueSchema(field: Field): JsonSchema {
  switch (field.type) {
    case 'text': {
      const policy = textFieldPolicy(field);
      return {
        type: 'string',
        ...(policy.min ? { minLength: policy.min } : {}),
        maxLength: policy.max,
      };
    }
    case 'number':
      return {
        type: field.integer ? 'integer' : 'number',
        ...(field.minimum !== undefined ? { minimum: field.minimum } : {}),
        ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
      };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'enum':
      return {
        type: 'string',
        oneOf: field.options.map((option) => ({ const: option.value, title: option.label['zh-CN'] })),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'phone':
      return { type: 'string', pattern: CN_MOBILE_PATTERN };
    case 'cn-resident-id':
      // The checksum and birth date are checked by the submission validator; the pattern gives early feedback.
      return { type: 'string', pattern: '^\\d{17}[\\dXx]$', minLength: 18, maxLength: 18 };
    case 'address':
      return {
        type: 'object',
        properties: {
          province: { type: 'string', minLength: 1, maxLength: ADDRESS_PART_MAX_LENGTH },
          city: { type: 'string', minLength: 1, maxLength: ADDRESS_PART_MAX_LENGTH },
          district: { type: 'string', maxLength: ADDRESS_PART_MAX_LENGTH },
          detail: { type: 'string', minLength: 1, maxLength: ADDRESS_PART_MAX_LENGTH },
        },
        required: ['province', 'city', 'detail'],
        additionalProperties: false,
      };
    case 'attachment':
      return {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            ref: { type: 'string', pattern: ATTACHMENT_REFERENCE_PATTERN },
            name: { type: 'string', minLength: 1, maxLength: ATTACHMENT_NAME_MAX_LENGTH },
            contentType: { type: 'string', enum: field.accept },
            sizeBytes: { type: 'integer', minimum: 1, maximum: field.maxSizeBytes },
          },
          required: ['ref', 'name', 'contentType', 'sizeBytes'],
          additionalProperties: false,
        },
        ...(field.minCount !== undefined
          ? { minItems: field.minCount }
          : field.required
            ? { minItems: 1 }
            : {}),
        ...(field.maxCount !== undefined ? { maxItems: field.maxCount } : {}),
      };
  }
}

const WIDGETS: Record<Field['type'], string> = {
  text: 'text',
  number: 'updown',
  date: 'date',
  enum: 'select',
  boolean: 'radio',
  phone: 'tel',
  address: 'address',
  'cn-resident-id': 'cn-resident-id',
  attachment: 'files',
};

export function uiHints(field: Field): Record<string, unknown> {
  const widget = field.type === 'text' && field.multiline ? 'textarea' : WIDGETS[field.type];
  return {
    'ui:widget': widget,
    'ui:options': {
      labels: field.label,
      ...(field.help ? { help: field.help } : {}),
      ...(field.type === 'enum'
        ? { optionLabels: Object.fromEntries(field.options.map((option) => [option.value, option.label])) }
        : {}),
      ...(field.type === 'attachment'
        ? { accept: field.accept.join(','), maxSizeBytes: field.maxSizeBytes }
        : {}),
    },
  };
}
