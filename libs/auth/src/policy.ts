import { z } from 'zod';
import { AuthError, AuthErrorCode } from '@onething/errors';
import { nameField } from '@onething/text';
import type { AccessRule } from './access.decorators';
import { hasRole, worksFor } from '@onething/case-model';
import type { Principal } from './principal';

/**
 * The one place that says who may do what. The guard asks `mayCallRoute` for every request; services
 * ask the object-level questions below once they have loaded the object. Later features (tasks,
 * definitions, audit) add their rules here, next to these.
 */

/** Route-level: the caller holds one of the route's roles, and belongs to the route's department. */
export function mayCallRoute(
  principal: Principal,
  rule: Extract<AccessRule, { kind: 'roles' }>,
  params: Record<string, string | undefined>,
): boolean {
  if (!principal.roles.some((role) => rule.roles.includes(role))) return false;
  if (rule.departmentParam === undefined || hasRole(principal, 'administrator')) return true;
  const department = params[rule.departmentParam];
  return department !== undefined && principal.departments.includes(department);
}

// ---- cases ----------------------------------------------------------------------------------------

/** How a counter clerk records an applicant's consent to submit for them (帮办代办). */
export const assistedSubmissionSchema = z.strictObject({
  /** The applicant's account, when they have one; an applicant without one is served all the same. */
  applicantAccountId: z.uuid({ message: 'an account id (UUID)' }).optional(),
  consent: z.strictObject({
    method: z.enum(['signed_form', 'electronic_signature', 'recorded_verbal']),
    /** Where the evidence is kept: a form number, a signature id, a recording reference. */
    reference: nameField({ max: 200 }),
  }),
});
export type AssistedSubmission = z.infer<typeof assistedSubmissionSchema>;

export interface CaseOwnership {
  applicantAccountId: string | null;
  submittedByAccountId: string;
  submissionConsent: (AssistedSubmission['consent'] & { recordedAt: string }) | null;
}

/** Who a new case belongs to: the applicant submitting for themself, or the clerk's applicant. */
export function caseOwnership(
  principal: Principal,
  onBehalfOf: AssistedSubmission | undefined,
): CaseOwnership {
  const accountId = principal.accountId;
  if (accountId === null) throw new AuthError(AuthErrorCode.NotAllowed, 'Only people submit cases');
  if (hasRole(principal, 'counter_clerk')) {
    if (!onBehalfOf)
      throw new AuthError(
        AuthErrorCode.RuleBroken,
        "onBehalfOf: a counter clerk records the applicant's consent",
        'onBehalfOf',
      );
    return {
      applicantAccountId: onBehalfOf.applicantAccountId ?? null,
      submittedByAccountId: accountId,
      submissionConsent: { ...onBehalfOf.consent, recordedAt: new Date().toISOString() },
    };
  }
  if (!hasRole(principal, 'applicant')) throw new AuthError(AuthErrorCode.NotAllowed, 'Not allowed');
  if (onBehalfOf)
    throw new AuthError(
      AuthErrorCode.RuleBroken,
      'onBehalfOf: only a counter clerk submits on behalf of someone',
      'onBehalfOf',
    );
  return { applicantAccountId: accountId, submittedByAccountId: accountId, submissionConsent: null };
}

export interface CaseFacts {
  applicantAccountId: string | null;
  submittedByAccountId: string | null;
  /** Departments with a step in the case. */
  departments: readonly string[];
}

/**
 * Reading a case: its applicant, the clerk who submitted it, administrators and auditors, and the
 * workers, supervisors and systems of a department with a step in it.
 */
export function mayReadCase(principal: Principal, facts: CaseFacts): boolean {
  if (hasRole(principal, 'administrator', 'auditor')) return true;
  const accountId = principal.accountId;
  if (accountId !== null && facts.applicantAccountId === accountId && hasRole(principal, 'applicant'))
    return true;
  if (accountId !== null && facts.submittedByAccountId === accountId && hasRole(principal, 'counter_clerk'))
    return true;
  return (
    hasRole(principal, 'department_worker', 'department_supervisor', 'department_system') &&
    facts.departments.some((department) => principal.departments.includes(department))
  );
}

/** A case the caller may not read answers exactly like a case that does not exist. */
export function assertMayReadCase(principal: Principal, facts: CaseFacts): void {
  if (!mayReadCase(principal, facts)) throw new AuthError(AuthErrorCode.CaseNotVisible, 'No such case', 'id');
}

// ---- tasks (the worklist) --------------------------------------------------------------------------

export interface TaskFacts {
  department: string;
}

/** A task is seen and decided by its own department's people and system only: its data is theirs. */
export function mayWorkTask(principal: Principal, task: TaskFacts): boolean {
  return worksFor(principal, task.department);
}

/** A task of another department does not exist as far as the caller can tell. */
export function assertMayWorkTask(principal: Principal, task: TaskFacts): void {
  if (!mayWorkTask(principal, task)) throw new AuthError(AuthErrorCode.TaskNotVisible, 'No such task', 'id');
}

/** The departments whose worklist the caller may read (an explicit filter narrows, never widens). */
export function worklistDepartments(principal: Principal, requested?: string): string[] {
  const own = [...principal.departments];
  return requested === undefined ? own : own.filter((department) => department === requested);
}

/**
 * Why a department decided as it did can itself be personal data (a credit record, a tax debt): the
 * applicant, their clerk, administrators and auditors see every reason; a department sees its own.
 */
export function mayReadStepReason(principal: Principal, facts: CaseFacts, stepDepartment: string): boolean {
  if (hasRole(principal, 'administrator', 'auditor')) return true;
  const accountId = principal.accountId;
  if (
    accountId !== null &&
    (facts.applicantAccountId === accountId || facts.submittedByAccountId === accountId)
  ) {
    return true;
  }
  return principal.departments.includes(stepDepartment);
}

/** Which cases a caller's case list holds: the same people `mayReadCase` lets read each of them. */
export type CaseListScope =
  | { kind: 'all' }
  | { kind: 'applicant'; accountId: string }
  | { kind: 'submitter'; accountId: string }
  | { kind: 'departments'; departments: readonly string[] }
  | { kind: 'none' };

export function caseListScope(principal: Principal): CaseListScope {
  if (hasRole(principal, 'administrator', 'auditor')) return { kind: 'all' };
  const accountId = principal.accountId;
  if (accountId !== null && hasRole(principal, 'applicant')) return { kind: 'applicant', accountId };
  if (accountId !== null && hasRole(principal, 'counter_clerk')) return { kind: 'submitter', accountId };
  if (hasRole(principal, 'department_worker', 'department_supervisor', 'department_system')) {
    return { kind: 'departments', departments: principal.departments };
  }
  return { kind: 'none' };
}

// ---- the case lifecycle ----------------------------------------------------------------------------

/** Acting as the applicant (withdrawing, answering a notice): the applicant, or the clerk who submitted. */
export function mayActForApplicant(principal: Principal, facts: CaseFacts): boolean {
  const accountId = principal.accountId;
  if (accountId === null) return false;
  return (
    (hasRole(principal, 'applicant') && facts.applicantAccountId === accountId) ||
    (hasRole(principal, 'counter_clerk') && facts.submittedByAccountId === accountId)
  );
}
