import type { CallerRole } from './roles';

/**
 * Who acts, as the workflow's Update validators see it: established by the API from the caller's token
 * and checked again by each validator, so a refused call never enters history.
 */
export interface Actor {
  accountId: string;
  departments: string[];
  /** As the token said; validators compare, never trust, these strings. */
  roles: string[];
}

/** What the shared authorization predicates read: an `Actor`, or the API's `Principal`. */
export interface RoleHolder {
  readonly roles: readonly string[];
  readonly departments: readonly string[];
}

export function hasRole(holder: Pick<RoleHolder, 'roles'>, ...roles: CallerRole[]): boolean {
  return roles.some((role) => holder.roles.includes(role));
}

/** Acts for `department`: it is one of the caller's departments. */
export function actsFor(holder: Pick<RoleHolder, 'departments'>, department: string): boolean {
  return holder.departments.includes(department);
}

/**
 * Supervising a department's work (retrying its failed step, reassigning its task, cancelling the case it
 * leads): an administrator, or a supervisor of that department. The API's policy and the workflow's
 * validators both ask this.
 */
export function supervises(holder: RoleHolder, department: string): boolean {
  return (
    hasRole(holder, 'administrator') ||
    (hasRole(holder, 'department_supervisor') && actsFor(holder, department))
  );
}

/**
 * Works a department's tasks: its workers, supervisors and system. Its data is theirs: they see and
 * decide its tasks, and read the cases it has a step in.
 */
export function worksFor(holder: RoleHolder, department: string): boolean {
  return (
    hasRole(holder, 'department_worker', 'department_supervisor', 'department_system') &&
    actsFor(holder, department)
  );
}
