import { z } from 'zod';
import { ATTACHMENT_REFERENCE_PATTERN, uiHints, valueSchema, type JsonSchema } from './form';
import { readAnswerPath, stepOutputs } from './outputs';
import { policyString } from '@onething/text';
import {
  FieldSchema,
  type Field,
  type Locale,
  type LocalizedText,
  type Step,
  type StepOutput,
} from './schema';
import {
  fieldValueSchema,
  submissionResult,
  type SubmissionOptions,
  type SubmissionResult,
} from './submission';
import { ATTACHMENT_NAME_MAX_LENGTH } from './text-fields';

// A step's outputs are validated like the applicant's form: the same value schemas, the same error codes
// and paths (`outputs.<outputId>`), whether a worker typed them or a department system answered them.

export type OutputsResult = SubmissionResult;

/** One issued file: the same reference as one item of an attachment field. */
const documentSchema = z.strictObject({
  ref: z.string().regex(new RegExp(ATTACHMENT_REFERENCE_PATTERN)),
  name: policyString({ kind: 'name', max: ATTACHMENT_NAME_MAX_LENGTH }),
  contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  sizeBytes: z.number().int().min(1),
});

/** A non-document output as the form field it is filled like. */
function asField(output: StepOutput): Field {
  const base = { id: output.id, label: output.label, required: output.required, type: output.type };
  return FieldSchema.parse(output.type === 'enum' ? { ...base, options: output.options ?? [] } : base);
}

function isDocument(output: StepOutput): boolean {
  return output.type === 'document';
}

function outputValueSchema(output: StepOutput, options: SubmissionOptions): z.ZodType {
  return isDocument(output) ? documentSchema : fieldValueSchema(asField(output), options);
}

export interface OutputForm {
  /** JSON Schema draft 2020-12 of the `outputs` object of a decision. */
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  fields: {
    id: string;
    type: StepOutput['type'];
    label: LocalizedText;
    required: boolean;
    applicantVisible: boolean;
  }[];
}

/** The form a worker fills when deciding a manual step: composed from the step's output declaration. */
export function composeOutputForm(step: Step, locale: Locale = 'zh-CN'): OutputForm {
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = { 'ui:order': stepOutputs(step).map((output) => output.id) };
  for (const output of stepOutputs(step)) {
    if (isDocument(output)) {
      properties[output.id] = { title: output.label[locale], ...documentJsonSchema };
      uiSchema[output.id] = { 'ui:widget': 'file', 'ui:label': output.label };
      continue;
    }
    const field = asField(output);
    properties[output.id] = { title: output.label[locale], ...valueSchema(field) };
    uiSchema[output.id] = uiHints(field);
  }
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties,
      required: stepOutputs(step)
        .filter((output) => output.required)
        .map((output) => output.id),
      additionalProperties: false,
    },
    uiSchema,
    fields: stepOutputs(step).map(({ id, type, label, required, applicantVisible }) => ({
      id,
      type,
      label,
      required,
      applicantVisible,
    })),
  };
}

const documentJsonSchema: JsonSchema = {
  type: 'object',
  properties: {
    ref: { type: 'string', pattern: ATTACHMENT_REFERENCE_PATTERN },
    name: { type: 'string', minLength: 1, maxLength: ATTACHMENT_NAME_MAX_LENGTH },
    contentType: { type: 'string' },
    sizeBytes: { type: 'integer', minimum: 1 },
  },
  required: ['ref', 'name', 'contentType', 'sizeBytes'],
  additionalProperties: false,
};

/**
 * An approval must carry every required output; a rejection may carry none (what it carries is still
 * checked). Nothing but the declared outputs is accepted.
 */
export function validateStepOutputs(
  step: Step,
  decision: 'approved' | 'rejected',
  values: unknown,
  options: SubmissionOptions,
): OutputsResult {
  const shape: Record<string, z.ZodType> = {};
  for (const output of stepOutputs(step)) {
    const schema = outputValueSchema(output, options);
    shape[output.id] = output.required && decision === 'approved' ? schema : schema.optional();
  }
  const given = values ?? {};
  const result = submissionResult(z.strictObject(shape).safeParse(given), given);
  // Reported where the API body carries them: `outputs.<outputId>`.
  return result.ok
    ? result
    : { ok: false, errors: result.errors.map((error) => ({ ...error, path: ['outputs', ...error.path] })) };
}

/**
 * An auto step's outputs from its department system's answer data: each read at `from` (default: the
 * output's id), then validated against its declared type. Absent and null values are left out.
 */
export function mapAnswerToOutputs(step: Step, answer: unknown, options: SubmissionOptions): OutputsResult {
  const values: Record<string, unknown> = {};
  for (const output of stepOutputs(step)) {
    const value = readAnswerPath(answer, output.from ?? output.id);
    if (value !== undefined && value !== null) values[output.id] = value;
  }
  return validateStepOutputs(step, 'approved', values, options);
}
