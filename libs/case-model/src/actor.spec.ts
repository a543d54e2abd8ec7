import { actsFor, hasRole, supervises, worksFor, type RoleHolder } from './actor';

const holder = (roles: string[], departments: string[] = []): RoleHolder => ({ roles, departments });

describe('the shared authorization predicates', () => {
  it('finds any of the roles asked for', () => {
    expect(hasRole(holder(['counter_clerk']), 'applicant', 'counter_clerk')).toBe(true);
    expect(hasRole(holder(['auditor']), 'applicant', 'counter_clerk')).toBe(false);
  });

  it("lets administrators and a department's own supervisors supervise it", () => {
    expect(supervises(holder(['administrator']), 'housing')).toBe(true);
    expect(supervises(holder(['department_supervisor'], ['housing']), 'housing')).toBe(true);
    expect(supervises(holder(['department_supervisor'], ['education']), 'housing')).toBe(false);
    expect(supervises(holder(['department_worker'], ['housing']), 'housing')).toBe(false);
  });

  it("lets only a department's workers, supervisors and system work its tasks", () => {
    expect(worksFor(holder(['department_system'], ['housing']), 'housing')).toBe(true);
    expect(worksFor(holder(['department_worker'], ['education']), 'housing')).toBe(false);
    // An administrator oversees, but a department's data is its own.
    expect(worksFor(holder(['administrator'], ['housing']), 'housing')).toBe(false);
    expect(actsFor(holder([], ['housing']), 'housing')).toBe(true);
  });
});
