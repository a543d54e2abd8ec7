import { z } from 'zod';
import type { Field, LocalizedText } from '@onething/definition';

export const reasonSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type ReasonDto = z.infer<typeof reasonSchema>;

export const stepIdSchema = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'a step id');
export const noticeIdSchema = z.uuid({ message: 'a notice id (UUID)' });

/** The applicant's one answer to a notice: a value for every field the notice asks for. */
export const noticeAnswerSchema = z.strictObject({
  values: z.record(z.string(), z.unknown()),
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
