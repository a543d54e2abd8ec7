import { z } from 'zod';
import { ATTACHMENT_REFERENCE_PATTERN, composeForm } from './form';
import { checkResidentId, isCalendarDate, isCnMobile } from './resident-id';
import type { Definition, Field, LocalizedText } from './schema';

// The API-side twin of the composed form: a zod schema built from the same fields, with the checks a JSON
// Schema cannot express (resident ID checksum, real calendar dates), and errors the API returns as 4xx.

export const SubmissionErrorCode = {
  Required: 'REQUIRED',
  InvalidType: 'INVALID_TYPE',
  UnknownField: 'UNKNOWN_FIELD',
  InvalidResidentId: 'INVALID_RESIDENT_ID',
  InvalidPhone: 'INVALID_PHONE',
  InvalidDate: 'INVALID_DATE',
  DateInFuture: 'DATE_IN_FUTURE',
  NotAnOption: 'NOT_AN_OPTION',
  OutOfRange: 'OUT_OF_RANGE',
  AttachmentNotAccepted: 'ATTACHMENT_NOT_ACCEPTED',
  InvalidValue: 'INVALID_VALUE',
} as const;
export type SubmissionErrorCode = (typeof SubmissionErrorCode)[keyof typeof SubmissionErrorCode];

export interface SubmissionError {
  code: SubmissionErrorCode;
  message: LocalizedText;
  path: (string | number)[];
}

export interface SubmissionOptions {
  /** ISO date (YYYY-MM-DD) used for "not in the future" checks; pass it in to stay deterministic. */
  today: string;
}

export type SubmissionResult =
  { ok: true; data: Record<string, unknown> } | { ok: false; errors: SubmissionError[] };

const MESSAGES: Record<SubmissionErrorCode, LocalizedText> = {
  REQUIRED: { 'zh-CN': '此项为必填项', en: 'This field is required' },
  INVALID_TYPE: { 'zh-CN': '类型不正确', en: 'Wrong type' },
  UNKNOWN_FIELD: { 'zh-CN': '表单中没有此项', en: 'Not a field of this form' },
  INVALID_RESIDENT_ID: { 'zh-CN': '居民身份证号码无效', en: 'Invalid resident ID number' },
  INVALID_PHONE: { 'zh-CN': '手机号码无效', en: 'Invalid mobile number' },
  INVALID_DATE: { 'zh-CN': '日期无效（格式 YYYY-MM-DD）', en: 'Invalid date (format YYYY-MM-DD)' },
  DATE_IN_FUTURE: { 'zh-CN': '日期不能晚于今天', en: 'The date must not be in the future' },
  NOT_AN_OPTION: { 'zh-CN': '不是可选项之一', en: 'Not one of the options' },
  OUT_OF_RANGE: { 'zh-CN': '超出允许范围', en: 'Out of the allowed range' },
  ATTACHMENT_NOT_ACCEPTED: { 'zh-CN': '附件类型或大小不被接受', en: 'Attachment type or size not accepted' },
  INVALID_VALUE: { 'zh-CN': '值无效', en: 'Invalid value' },
};

const custom = (code: SubmissionErrorCode) => ({ params: { code }, message: MESSAGES[code].en });

/** The zod schema of a submission: only the fields the composed form asks, nothing else. */
export function buildSubmissionSchema(
  definition: Definition,
  options: SubmissionOptions,
): z.ZodType<Record<string, unknown>> {
  const asked = new Set(composeForm(definition).fields.map((field) => field.id));
  const shape: Record<string, z.ZodType> = {};
  for (const field of definition.fields) {
    if (!asked.has(field.id)) continue;
    const schema = fieldValueSchema(field, options);
    shape[field.id] = field.required ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

export function validateSubmission(
  definition: Definition,
  data: unknown,
  options: SubmissionOptions,
): SubmissionResult {
  const result = buildSubmissionSchema(definition, options).safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.flatMap((zodIssue): SubmissionError[] => {
      const path = zodIssue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
      if (zodIssue.code === 'unrecognized_keys') {
        return zodIssue.keys.map((key) => ({
          code: SubmissionErrorCode.UnknownField,
          message: MESSAGES.UNKNOWN_FIELD,
          path: [...path, key],
        }));
      }
      const code = submissionCode(zodIssue, data);
      return [{ code, message: MESSAGES[code], path }];
    }),
  };
}

function submissionCode(zodIssue: z.core.$ZodIssue, data: unknown): SubmissionErrorCode {
  if (zodIssue.code === 'custom') {
    const code = (zodIssue.params as { code?: SubmissionErrorCode } | undefined)?.code;
    return code ?? SubmissionErrorCode.InvalidValue;
  }
  if (zodIssue.code === 'invalid_type') {
    const [first] = zodIssue.path;
    const missing =
      zodIssue.path.length === 1 &&
      typeof data === 'object' &&
      data !== null &&
      (data as Record<string, unknown>)[String(first)] === undefined;
    return missing ? SubmissionErrorCode.Required : SubmissionErrorCode.InvalidType;
  }
  if (zodIssue.code === 'invalid_value') return SubmissionErrorCode.NotAnOption;
  if (zodIssue.code === 'too_big' || zodIssue.code === 'too_small') return SubmissionErrorCode.OutOfRange;
  return SubmissionErrorCode.InvalidValue;
}

function fieldValueSchema(field: Field, options: SubmissionOptions): z.ZodType {
  switch (field.type) {
    case 'text': {
      let schema = z.string().min(field.minLength ?? (field.required ? 1 : 0));
      if (field.maxLength !== undefined) schema = schema.max(field.maxLength);
      return schema;
    }
    case 'number': {
      let schema = field.integer ? z.number().int() : z.number();
      if (field.minimum !== undefined) schema = schema.min(field.minimum);
      if (field.maximum !== undefined) schema = schema.max(field.maximum);
      return schema;
    }
    case 'date':
      return z
        .string()
        .refine(isCalendarDate, custom(SubmissionErrorCode.InvalidDate))
        .refine(
          (value) => !field.notInFuture || value <= options.today,
          custom(SubmissionErrorCode.DateInFuture),
        );
    case 'enum':
      return z.enum(field.options.map((option) => option.value) as [string, ...string[]]);
    case 'boolean':
      return z.boolean();
    case 'phone':
      return z.string().refine(isCnMobile, custom(SubmissionErrorCode.InvalidPhone));
    case 'cn-resident-id':
      return z
        .string()
        .refine(
          (value) => checkResidentId(value, options.today).valid,
          custom(SubmissionErrorCode.InvalidResidentId),
        )
        .transform((value) => value.toUpperCase());
    case 'address':
      return z.strictObject({
        province: z.string().min(1),
        city: z.string().min(1),
        district: z.string().optional(),
        detail: z.string().min(1),
      });
    case 'attachment': {
      const item = z
        .strictObject({
          ref: z.string().regex(new RegExp(ATTACHMENT_REFERENCE_PATTERN)),
          name: z.string().min(1),
          contentType: z.string(),
          sizeBytes: z.number().int().min(1),
        })
        .refine(
          (attachment) =>
            field.accept.includes(attachment.contentType) && attachment.sizeBytes <= field.maxSizeBytes,
          custom(SubmissionErrorCode.AttachmentNotAccepted),
        );
      let list = z.array(item).min(field.minCount ?? (field.required ? 1 : 0));
      if (field.maxCount !== undefined) list = list.max(field.maxCount);
      return list;
    }
  }
}
