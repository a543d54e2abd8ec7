import { z } from 'zod';
import { ACCESS_PURPOSES } from '@onething/audit';
import type { AccessTrailRow, ApplicantAccessRow } from '@onething/persistence';
import { pageQueryShape } from '@onething/http';

export const auditQuerySchema = z.strictObject({
  caseId: z.uuid({ message: 'a case id (UUID)' }).optional(),
  /** An account id, or a department credential's id. */
  actor: z.uuid({ message: 'an account or credential id (UUID)' }).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQueryShape,
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const accessLogQuerySchema = z.strictObject({
  caseId: z.uuid({ message: 'a case id (UUID)' }).optional(),
  ...pageQueryShape,
});
export type AccessLogQuery = z.infer<typeof accessLogQuerySchema>;

const purposeSchema = z.enum(ACCESS_PURPOSES);

/** One record of the trail as auditors see it: the person or system, and the chain's hashes. */
export const auditRecordSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  occurredAt: z.iso.datetime(),
  action: z.enum(['read', 'decision']),
  actor: z.object({ kind: z.enum(['account', 'department_system']), id: z.string() }),
  role: z.string(),
  department: z.string().nullable(),
  caseId: z.uuid().nullable(),
  /** The cases of a list page's read (then `caseId` is null); null for a record of one case or none. */
  caseIds: z.array(z.uuid()).nullable(),
  subjectAccountId: z.uuid().nullable(),
  resource: z.string(),
  fields: z.array(z.string()),
  purpose: purposeSchema,
  prevHash: z.string(),
  hash: z.string(),
});
export const auditListResponseSchema = z.object({
  items: z.array(auditRecordSchema),
  nextCursor: z.string().nullable(),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;

export const auditVerifyResponseSchema = z.object({
  valid: z.boolean(),
  checked: z.number().int(),
  head: z.object({ position: z.number().int(), hash: z.string() }),
  firstBroken: z
    .object({
      problem: z.enum(['content', 'link', 'gap', 'head']),
      id: z.uuid().nullable(),
      position: z.number().int(),
      expectedHash: z.string(),
      foundHash: z.string(),
    })
    .nullable(),
});

/**
 * One access to the applicant's data as they see it: which department, in which role, read which fields
 * and why. The person is not named (see docs/reference/access-trail-and-results.md: the department answers for its people; an auditor
 * can tell who it was from the record's id).
 */
export const accessLogEntrySchema = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime(),
  action: z.enum(['read', 'decision']),
  /** The (first) case of the applicant's that was read. */
  caseId: z.uuid(),
  /** Every case of the applicant's this access read (a list page may have shown several). */
  caseIds: z.array(z.uuid()).min(1),
  role: z.string(),
  department: z.string().nullable(),
  resource: z.string(),
  fields: z.array(z.string()),
  purpose: purposeSchema,
});
export const accessLogResponseSchema = z.object({
  items: z.array(accessLogEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AccessLogResponse = z.infer<typeof accessLogResponseSchema>;

type Purpose = z.infer<typeof purposeSchema>;

export function toAuditRecord(row: AccessTrailRow): z.infer<typeof auditRecordSchema> {
  return {
    id: row.id,
    position: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    actor: { kind: row.actorKind, id: row.actorId },
    role: row.role,
    department: row.department,
    caseId: row.caseId,
    caseIds: row.caseIds,
    subjectAccountId: row.subjectAccountId,
    resource: row.resource,
    fields: row.fields,
    purpose: row.purpose as Purpose,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function toAccessLogEntry(row: ApplicantAccessRow): z.infer<typeof accessLogEntrySchema> {
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    caseId: row.ownCaseIds[0],
    caseIds: row.ownCaseIds,
    role: row.role,
    department: row.department,
    resource: row.resource,
    fields: row.fields,
    purpose: row.purpose as Purpose,
  };
}
