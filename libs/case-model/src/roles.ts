/** The roles a person's account may hold. */
export const ROLES = [
  'applicant',
  'counter_clerk',
  'department_worker',
  'department_supervisor',
  'administrator',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** A department's own system, calling with a per-department API credential (not a person). */
export const DEPARTMENT_SYSTEM = 'department_system' as const;
export type CallerRole = Role | typeof DEPARTMENT_SYSTEM;
export const CALLER_ROLES: readonly CallerRole[] = [...ROLES, DEPARTMENT_SYSTEM];

/** Roles that act for a department and so must belong to at least one. */
export const DEPARTMENT_ROLES: readonly Role[] = ['department_worker', 'department_supervisor'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
