import { hasRole, type CallerRole } from '@onething/case-model';
import type { CaseFacts, Principal } from '@onething/auth';
import type { AccessActor } from './access-trail';

/**
 * Why an access was allowed, in the trail's words. The purpose follows from the relation that let the
 * caller in (the policy's `mayReadCase` order), so it is never the client's say-so.
 */
export const ACCESS_PURPOSES = [
  'case-processing',
  'own-case',
  'assisted-application',
  'oversight',
  'audit',
] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export interface AccessBasis {
  actor: AccessActor;
  role: CallerRole;
  department: string | null;
  purpose: AccessPurpose;
}

const DEPARTMENT_CALLER_ROLES: CallerRole[] = [
  'department_supervisor',
  'department_worker',
  'department_system',
];

export const actorOf = (caller: Principal): AccessActor => ({ kind: caller.kind, id: caller.id });

/** The basis of reading a case the policy already let the caller read. */
export function caseAccessBasis(caller: Principal, facts: CaseFacts): AccessBasis {
  const actor = actorOf(caller);
  if (hasRole(caller, 'administrator'))
    return { actor, role: 'administrator', department: null, purpose: 'oversight' };
  if (hasRole(caller, 'auditor')) return { actor, role: 'auditor', department: null, purpose: 'audit' };
  const accountId = caller.accountId;
  if (accountId !== null && facts.applicantAccountId === accountId && hasRole(caller, 'applicant'))
    return { actor, role: 'applicant', department: null, purpose: 'own-case' };
  if (accountId !== null && facts.submittedByAccountId === accountId && hasRole(caller, 'counter_clerk'))
    return { actor, role: 'counter_clerk', department: null, purpose: 'assisted-application' };
  const department = caller.departments.find((code) => facts.departments.includes(code)) ?? null;
  return departmentBasis(caller, department);
}

/** The basis of a department's access to its own step's data (a task, an attachment of its contract). */
export function departmentBasis(caller: Principal, department: string | null): AccessBasis {
  const role =
    DEPARTMENT_CALLER_ROLES.find((r) => caller.roles.includes(r)) ?? caller.roles[0] ?? 'applicant';
  return { actor: actorOf(caller), role, department, purpose: 'case-processing' };
}

/** The basis of an oversight read outside any case (an administrator or auditor reading an account). */
export function oversightBasis(caller: Principal): AccessBasis {
  const administrator = hasRole(caller, 'administrator');
  return {
    actor: actorOf(caller),
    role: administrator ? 'administrator' : 'auditor',
    department: null,
    purpose: administrator ? 'oversight' : 'audit',
  };
}
