import { In, type EntityManager } from 'typeorm';
import { AccountDepartmentEntity, AccountEntity, DepartmentEntity } from '../entities/identity.entities';

/** Who works in which department, as the case side needs it (routing, escalation, names in notices). */
export class DepartmentStaffRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The active supervisors of the department. */
  supervisorsOf(department: string): Promise<string[]> {
    return this.activeWith(department, ['department_supervisor']);
  }

  /** The department's active workers and supervisors: who works its worklist. */
  worklistStaffOf(department: string): Promise<string[]> {
    return this.activeWith(department, ['department_worker', 'department_supervisor']);
  }

  private async activeWith(department: string, roles: string[]): Promise<string[]> {
    const members = await this.manager.findBy(AccountDepartmentEntity, { departmentCode: department });
    if (members.length === 0) return [];
    const accounts = await this.manager.findBy(AccountEntity, {
      id: In(members.map((member) => member.accountId)),
    });
    return accounts
      .filter((account) => account.active && account.roles.some((role) => roles.includes(role)))
      .map((account) => account.id);
  }

  /** The active workers and supervisors of the departments, with their names: whom a task can go to. */
  async worklistPeopleOf(
    departments: string[],
  ): Promise<{ accountId: string; displayName: string; departments: string[] }[]> {
    if (departments.length === 0) return [];
    const members = await this.manager.findBy(AccountDepartmentEntity, { departmentCode: In(departments) });
    if (members.length === 0) return [];
    const accounts = await this.manager.find(AccountEntity, {
      where: { id: In([...new Set(members.map((member) => member.accountId))]) },
      order: { displayName: 'ASC' },
    });
    return accounts
      .filter(
        (account) =>
          account.active &&
          account.roles.some((role) => role === 'department_worker' || role === 'department_supervisor'),
      )
      .map((account) => ({
        accountId: account.id,
        displayName: account.displayName,
        departments: members.filter((m) => m.accountId === account.id).map((m) => m.departmentCode),
      }));
  }

  async isMember(accountId: string, department: string): Promise<boolean> {
    return this.manager.existsBy(AccountDepartmentEntity, { accountId, departmentCode: department });
  }

  /** Display names of accounts (for "who holds this task"): nothing else about them. */
  async displayNames(accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const accounts = await this.manager.find(AccountEntity, {
      select: { id: true, displayName: true },
      where: { id: In(accountIds) },
    });
    return new Map(accounts.map((account) => [account.id, account.displayName]));
  }

  async isActiveDepartment(code: string): Promise<boolean> {
    return this.manager.existsBy(DepartmentEntity, { code, active: true });
  }

  departments(codes: string[]): Promise<DepartmentEntity[]> {
    return this.manager.findBy(DepartmentEntity, { code: In(codes) });
  }
}
