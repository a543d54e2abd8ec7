import { z } from 'zod';
import { IDENTIFIER, type Field, type LocalizedText } from '@onething/definition';
import { textField } from '@onething/text';

/** Withdrawal and cancellation: why, in a few lines (the text policy's multi-line default maximum). */
export const reasonSchema = z.strictObject({ reason: textField({ multiline: true }) });
export type ReasonDto = z.infer<typeof reasonSchema>;

export const stepIdSchema = z.string().max(64).regex(IDENTIFIER, 'a step id');
export const noticeIdSchema = z.uuid({ message: 'a notice id (UUID)' });

/** The applicant's one answer to a notice: a value for every field the notice asks for. */
export const noticeAnswerSchema = z.strictObject({
  values: z.record(z.string().max(64).regex(IDENTIFIER, 'a field id'), z.unknown()),
});
export type NoticeAnswerDto = z.infer<typeof noticeAnswerSchema>;

export interface CaseActionView {
  caseId: string;
  accepted: true;
}

/** One notice as the applicant reads it: every department's request, with the form's labels. */
export interface NoticeView {
  id: string;
  caseId: string;
  status: 'open' | 'answered' | 'closed';
  createdAt: string;
  answeredAt: string | null;
  requests: {
    stepId: string;
    department: string;
    message: string;
    requestedAt: string;
    fields: { id: string; type: Field['type']; label: LocalizedText }[];
  }[];
}

// ---- responses (OpenAPI) ----

const isoTime = z.iso.datetime({ offset: true });
export const caseActionResponseSchema = z.object({ caseId: z.uuid(), accepted: z.literal(true) });
export const noticeResponseSchema = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    status: z.enum(['open', 'answered', 'closed']),
    createdAt: isoTime,
    answeredAt: isoTime.nullable(),
    requests: z.array(
      z.object({
        stepId: z.string(),
        department: z.string(),
        message: z.string(),
        requestedAt: isoTime,
        fields: z.array(
          z.object({ id: z.string(), type: z.string(), label: z.record(z.string(), z.string()) }),
        ),
      }),
    ),
  })
  .meta({ id: 'Notice' });
export const noticeListResponseSchema = z.object({ items: z.array(noticeResponseSchema) });
