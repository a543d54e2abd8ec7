import { z } from 'zod';
import { policyString, TextProblemCode } from '@onething/text';
import { ATTACHMENT_REFERENCE_PATTERN, composeForm } from './form';
import { checkResidentId, isCalendarDate, isCnMobile } from './resident-id';
import type { Definition, Field, LocalizedText } from './schema';
import { ADDRESS_PART_MAX_LENGTH, ATTACHMENT_NAME_MAX_LENGTH, textFieldPolicy } from './text-fields';

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
  /** The reference is not one of the submitter's uploads or materials (see SubmissionOptions.attachments). */
  AttachmentUnknown: 'ATTACHMENT_UNKNOWN',
  InvalidValue: 'INVALID_VALUE',
  /** The text policy's refusals (TEXT_CONTROL_CHARACTER, TEXT_BLANK, TEXT_TOO_LONG, ...). */
  ...TextProblemCode,
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
  /**
   * The stored facts of the files the submitter may reference (`sha256:<hex>` → what the upload's bytes
   * showed). When given, a reference outside it is refused (ATTACHMENT_UNKNOWN) and an attachment's
   * `contentType` and `sizeBytes` are taken from it, never from the client; the client may omit them.
   */
  attachments?: ReadonlyMap<string, StoredAttachment>;
}

export interface StoredAttachment {
  contentType: string;
  sizeBytes: number;
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
  ATTACHMENT_UNKNOWN: {
    'zh-CN': '未找到此附件：请先上传，或从“我的材料”中选择',
    en: 'No such upload: upload the file first, or choose it from your materials',
  },
  INVALID_VALUE: { 'zh-CN': '值无效', en: 'Invalid value' },
  // The text policy puts a precise message (which character, where) in the issue; these are fallbacks.
  TEXT_CONTROL_CHARACTER: { 'zh-CN': '含有控制字符', en: 'Contains a control character' },
  TEXT_LONE_SURROGATE: { 'zh-CN': '含有不成对的代理项', en: 'Contains an unpaired surrogate' },
  TEXT_INVISIBLE_CHARACTER: {
    'zh-CN': '含有不可见或改变文字方向的字符',
    en: 'Contains an invisible or direction-changing character',
  },
  TEXT_BLANK: { 'zh-CN': '不能为空或只含空白', en: 'Must not be empty or only whitespace' },
  TEXT_TOO_LONG: { 'zh-CN': '内容过长', en: 'Too long' },
  TEXT_TOO_SHORT: { 'zh-CN': '内容过短', en: 'Too short' },
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
  return submissionResult(buildSubmissionSchema(definition, options).safeParse(data), data);
}

/** A zod result as the API reports it: each issue with its code, bilingual message and path. */
export function submissionResult(
  result: z.ZodSafeParseResult<Record<string, unknown>>,
  data: unknown,
): SubmissionResult {
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
      return [{ code, message: ownMessage(zodIssue) ?? MESSAGES[code], path }];
    }),
  };
}

/** The localized message a text-policy issue carries (see @onething/text's policyString). */
function ownMessage(zodIssue: z.core.$ZodIssue): LocalizedText | undefined {
  if (zodIssue.code !== 'custom') return undefined;
  const message = (zodIssue.params as { message?: LocalizedText } | undefined)?.message;
  return message && typeof message.en === 'string' && typeof message['zh-CN'] === 'string'
    ? { 'zh-CN': message['zh-CN'], en: message.en }
    : undefined;
}

function submissionCode(zodIssue: z.core.$ZodIssue, data: unknown): SubmissionErrorCode {
  if (zodIssue.code === 'custom') {
    const code = (zodIssue.params as { code?: SubmissionErrorCode } | undefined)?.code;
    return code ?? SubmissionErrorCode.InvalidValue;
  }
  const [first] = zodIssue.path;
  // A missing answer is "required" whatever its type would have been (an enum says invalid_value).
  const missing =
    zodIssue.path.length === 1 &&
    typeof data === 'object' &&
    data !== null &&
    (data as Record<string, unknown>)[String(first)] === undefined;
  if (zodIssue.code === 'invalid_type')
    return missing ? SubmissionErrorCode.Required : SubmissionErrorCode.InvalidType;
  if (zodIssue.code === 'invalid_value')
    return missing ? SubmissionErrorCode.Required : SubmissionErrorCode.NotAnOption;
  if (zodIssue.code === 'too_big' || zodIssue.code === 'too_small') return SubmissionErrorCode.OutOfRange;
  return SubmissionErrorCode.InvalidValue;
}

const addressPart = policyString({ kind: 'name', max: ADDRESS_PART_MAX_LENGTH });

/** The value schema of one field (shared with step outputs, which are validated like the form). */
export function fieldValueSchema(field: Field, options: SubmissionOptions): z.ZodType {
  switch (field.type) {
    case 'text':
      return policyString(textFieldPolicy(field));
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
        province: addressPart,
        city: addressPart,
        district: policyString({ kind: 'name', max: ADDRESS_PART_MAX_LENGTH, allowBlank: true }).optional(),
        detail: addressPart,
      });
    case 'attachment': {
      let list = z
        .array(attachmentSchema(field, options.attachments))
        .min(field.minCount ?? (field.required ? 1 : 0));
      if (field.maxCount !== undefined) list = list.max(field.maxCount);
      return list;
    }
  }
}

type AttachmentField = Extract<Field, { type: 'attachment' }>;

const attachmentBase = {
  ref: z.string().regex(new RegExp(ATTACHMENT_REFERENCE_PATTERN)),
  name: policyString({ kind: 'name', max: ATTACHMENT_NAME_MAX_LENGTH }),
};

/** One attachment reference: as the client describes it, or (with stored facts) as its upload showed it. */
function attachmentSchema(field: AttachmentField, stored: ReadonlyMap<string, StoredAttachment> | undefined) {
  const accepted = (attachment: StoredAttachment) =>
    field.accept.includes(attachment.contentType) && attachment.sizeBytes <= field.maxSizeBytes;
  if (!stored) {
    return z
      .strictObject({ ...attachmentBase, contentType: z.string(), sizeBytes: z.number().int().min(1) })
      .refine(accepted, custom(SubmissionErrorCode.AttachmentNotAccepted));
  }
  return z
    .strictObject({
      ...attachmentBase,
      // Accepted for older clients, and ignored: the stored upload says what the bytes are.
      contentType: z.string().optional(),
      sizeBytes: z.number().int().min(1).optional(),
    })
    .transform((attachment, context) => {
      const facts = stored.get(attachment.ref);
      if (!facts) {
        context.addIssue({
          code: 'custom',
          path: ['ref'],
          params: { code: SubmissionErrorCode.AttachmentUnknown },
          message: MESSAGES.ATTACHMENT_UNKNOWN.en,
        });
        return z.NEVER;
      }
      return { ref: attachment.ref, name: attachment.name, ...facts };
    })
    .refine(accepted, custom(SubmissionErrorCode.AttachmentNotAccepted));
}

/** Every `sha256:` reference the application's attachment fields hold, as lower-case hex, once each. */
export function attachmentReferences(
  definition: Definition,
  data: Readonly<Record<string, unknown>>,
): string[] {
  const pattern = new RegExp(ATTACHMENT_REFERENCE_PATTERN);
  const hashes = new Set<string>();
  for (const field of definition.fields) {
    const value = field.type === 'attachment' ? data[field.id] : undefined;
    if (!Array.isArray(value)) continue;
    for (const item of value as unknown[]) {
      const ref = typeof item === 'object' && item !== null ? (item as { ref?: unknown }).ref : undefined;
      if (typeof ref === 'string' && pattern.test(ref)) hashes.add(ref.slice('sha256:'.length));
    }
  }
  return [...hashes];
}

/**
 * The data with each known attachment's `contentType` and `sizeBytes` replaced by the stored ones (for
 * data checked piecewise, such as a notice's answer, where the submission's own output is not used).
 */
export function withStoredAttachmentFacts(
  definition: Definition,
  data: Readonly<Record<string, unknown>>,
  stored: ReadonlyMap<string, StoredAttachment>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...data };
  for (const field of definition.fields) {
    const value = field.type === 'attachment' ? data[field.id] : undefined;
    if (!Array.isArray(value)) continue;
    result[field.id] = (value as unknown[]).map((item) => {
      const { ref, name } = (item ?? {}) as { ref?: unknown; name?: unknown };
      const facts = typeof ref === 'string' ? stored.get(ref) : undefined;
      return facts ? { ref, name, contentType: facts.contentType, sizeBytes: facts.sizeBytes } : item;
    });
  }
  return result;
}
