import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { departmentCatalog } from '@onething/definition';
import { dataSourceOptions } from '@onething/persistence';
import { hashPassword } from './passwords';
import { AccountRepository } from './repositories/account.repository';
import { DepartmentRepository } from './repositories/department.repository';
import { ROLES, type Role } from './roles';

/** The demo catalog's departments plus the social credit office the talent services consult. */
export const seedDepartments = [
  ...departmentCatalog.map((d) => ({ code: d.code, nameZh: d.name['zh-CN'], nameEn: d.name.en })),
  { code: 'credit', nameZh: '社会信用管理中心', nameEn: 'Social Credit Centre' },
];

export interface DemoLogin {
  role: Role;
  username: string;
  password: string;
  departments: string[];
}

/** Where each demo person works: workers and supervisors of the talent office (the lead department). */
export const demoUserDepartments: Record<Role, string[]> = {
  applicant: [],
  counter_clerk: [],
  department_worker: ['talent-office'],
  department_supervisor: ['talent-office'],
  administrator: [],
  auditor: [],
};

export async function seedDepartmentCatalog(dataSource: DataSource): Promise<void> {
  await new DepartmentRepository(dataSource.manager).insertMissing(
    seedDepartments.map((d) => ({ ...d, active: true })),
  );
}

/**
 * Development only: the departments and one person per role (`demo-<role>`), all with one fresh
 * password per start, so no well-known password ever exists. Idempotent.
 */
export async function seedDemoIdentity(
  dataSource: DataSource,
  options: { password?: string; prefix?: string } = {},
): Promise<DemoLogin[]> {
  await seedDepartmentCatalog(dataSource);
  const password = options.password ?? `Demo-${randomBytes(9).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  const prefix = options.prefix ?? 'demo-';
  const logins: DemoLogin[] = [];
  await dataSource.transaction(async (manager) => {
    for (const role of ROLES) {
      const username = `${prefix}${role.replace(/_/g, '-')}`;
      const accounts = new AccountRepository(manager);
      const existing = await accounts.findByUsername(username);
      const id = existing?.id ?? randomUUID();
      if (existing) await accounts.update(id, { passwordHash, roles: [role], active: true });
      else
        await accounts.insert({
          id,
          username,
          displayName: `Demo ${role.replace(/_/g, ' ')}`,
          passwordHash,
          roles: [role],
          active: true,
          externalIssuer: null,
          externalSubject: null,
        });
      const departments = demoUserDepartments[role];
      await accounts.replaceDepartments(id, departments);
      logins.push({ role, username, password, departments });
    }
  });
  return logins;
}

/** For launchers outside Nest (`npm start`): seeds over a short-lived connection of its own. */
export async function seedDemoIdentityAt(database: { url: string; schema: string }): Promise<DemoLogin[]> {
  const dataSource = await new DataSource(dataSourceOptions({ ...database, poolSize: 1 })).initialize();
  try {
    return await seedDemoIdentity(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
