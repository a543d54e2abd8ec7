import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import type {
  AccountEntity,
  DepartmentCredentialEntity,
  DepartmentEntity,
  KeysetRequest,
  KeysetResult,
  SecurityEventType,
} from '@onething/persistence';
import { randomSecret, sha256 } from './hashing';
import type { AccountPatch, DepartmentPatch, NewAccount, NewDepartment } from './identity.schemas';
import { hashPassword } from './passwords';
import { AccountRepository } from './repositories/account.repository';
import { CredentialRepository } from './repositories/credential.repository';
import { DepartmentRepository } from './repositories/department.repository';
import { SecurityEventRepository } from './repositories/security-event.repository';
import { SessionRepository } from './repositories/session.repository';
import type { Role } from './roles';
import { recordSecurityEvent } from './security-events';

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  departments: string[];
  active: boolean;
  external: boolean;
  createdAt: string;
}

export interface DepartmentView {
  code: string;
  name: { 'zh-CN': string; en: string };
  active: boolean;
}

export interface CredentialView {
  id: string;
  department: string;
  label: string;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Who did it and from where, for the security log. */
export interface Actor {
  accountId: string | null;
  address?: string | null;
}

export const CREDENTIAL_PREFIX = 'odc_';

/** A department system's bearer secret: `odc_<credential id>_<secret>`; shown once, stored hashed. */
export function formatCredential(id: string, secret: string): string {
  return `${CREDENTIAL_PREFIX}${id.replace(/-/g, '')}_${secret}`;
}

export function parseCredential(token: string): { id: string; secret: string } | undefined {
  const match = /^odc_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2] };
}

const toDepartmentView = (d: DepartmentEntity): DepartmentView => ({
  code: d.code,
  name: { 'zh-CN': d.nameZh, en: d.nameEn },
  active: d.active,
});

const toCredentialView = (c: DepartmentCredentialEntity): CredentialView => ({
  id: c.id,
  department: c.departmentCode,
  label: c.label,
  createdAt: c.createdAt.toISOString(),
  rotatedAt: c.rotatedAt?.toISOString() ?? null,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
});

/** Accounts, departments and department credentials: what administrators manage (and the CLI, the seed). */
export class IdentityService {
  constructor(private readonly dataSource: DataSource) {}

  // ---- accounts -----------------------------------------------------------------------------------

  async createAccount(input: NewAccount, actor: Actor): Promise<AccountView> {
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await this.assertDepartmentsExist(manager, input.departments);
      const accounts = new AccountRepository(manager);
      if (await accounts.usernameTaken(input.username))
        throw new AuthError(AuthErrorCode.UsernameTaken, 'That username is taken', 'username');
      await accounts.insert({
        id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: input.roles,
        active: true,
        externalIssuer: null,
        externalSubject: null,
      });
      await accounts.addDepartments(id, input.departments);
      await recordSecurityEvent(manager, {
        type: 'account.created',
        accountId: id,
        actorId: actor.accountId,
        address: actor.address,
        details: { roles: input.roles, departments: input.departments },
      });
    });
    return this.getAccount(id);
  }

  async updateAccount(id: string, patch: AccountPatch, actor: Actor): Promise<AccountView> {
    await this.dataSource.transaction(async (manager) => {
      const accounts = new AccountRepository(manager);
      const account = await accounts.findById(id);
      if (!account) throw new AuthError(AuthErrorCode.AccountNotFound, 'No such account', 'id');
      const departments = await accounts.departmentsOf(id);
      const roles = patch.roles ?? account.roles;
      const nextDepartments = patch.departments ?? departments;
      if (
        roles.some((r) => r === 'department_worker' || r === 'department_supervisor') &&
        nextDepartments.length === 0
      )
        throw new AuthError(
          AuthErrorCode.RuleBroken,
          'departments: department workers and supervisors belong to at least one department',
          'departments',
        );
      if (patch.departments) await this.assertDepartmentsExist(manager, patch.departments);
      const event = { accountId: id, actorId: actor.accountId, address: actor.address };
      await accounts.update(id, {
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.roles ? { roles: patch.roles } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      });
      if (patch.roles && !sameSet(patch.roles, account.roles))
        await recordSecurityEvent(manager, {
          ...event,
          type: 'account.roles_changed',
          details: { from: account.roles, to: patch.roles },
        });
      if (patch.departments && !sameSet(patch.departments, departments)) {
        await accounts.replaceDepartments(id, patch.departments);
        await recordSecurityEvent(manager, {
          ...event,
          type: 'account.departments_changed',
          details: { from: departments, to: patch.departments },
        });
      }
      if (patch.active !== undefined && patch.active !== account.active) {
        await recordSecurityEvent(manager, {
          ...event,
          type: 'account.activation_changed',
          details: { active: patch.active },
        });
        if (!patch.active) await new SessionRepository(manager).revokeAllOf(id);
      }
    });
    return this.getAccount(id);
  }

  async setPassword(id: string, password: string, actor: Actor): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const changed = await new AccountRepository(manager).update(id, { passwordHash });
      if (!changed) throw new AuthError(AuthErrorCode.AccountNotFound, 'No such account', 'id');
      // Every session signed in with the old password ends.
      await new SessionRepository(manager).revokeAllOf(id);
      await recordSecurityEvent(manager, {
        type: 'password.changed',
        accountId: id,
        actorId: actor.accountId,
        address: actor.address,
      });
    });
  }

  async getAccount(id: string): Promise<AccountView> {
    const accounts = new AccountRepository(this.dataSource.manager);
    const account = await accounts.findById(id);
    if (!account) throw new AuthError(AuthErrorCode.AccountNotFound, 'No such account', 'id');
    return this.toAccountView(account, await accounts.departmentsOf(id));
  }

  async listAccounts(page: KeysetRequest): Promise<KeysetResult<AccountView>> {
    const repository = new AccountRepository(this.dataSource.manager);
    const accounts = await repository.list(page);
    const links = await repository.membershipsOf(accounts.items.map((a) => a.id));
    const items = accounts.items.map((a) =>
      this.toAccountView(
        a,
        links.filter((l) => l.accountId === a.id).map((l) => l.departmentCode),
      ),
    );
    return { ...accounts, items };
  }

  // ---- departments --------------------------------------------------------------------------------

  async listDepartments(page: KeysetRequest): Promise<KeysetResult<DepartmentView>> {
    const rows = await new DepartmentRepository(this.dataSource.manager).list(page);
    return { ...rows, items: rows.items.map(toDepartmentView) };
  }

  async createDepartment(input: NewDepartment, actor: Actor): Promise<DepartmentView> {
    return this.dataSource.transaction(async (manager) => {
      const departments = new DepartmentRepository(manager);
      if (await departments.exists(input.code))
        throw new AuthError(AuthErrorCode.DepartmentExists, 'A department with that code exists', 'code');
      await departments.insert(input);
      await recordSecurityEvent(manager, {
        type: 'department.created',
        actorId: actor.accountId,
        address: actor.address,
        departmentCode: input.code,
      });
      return toDepartmentView(await departments.findByCode(input.code));
    });
  }

  async updateDepartment(code: string, patch: DepartmentPatch, actor: Actor): Promise<DepartmentView> {
    return this.dataSource.transaction(async (manager) => {
      const departments = new DepartmentRepository(manager);
      if (!(await departments.update(code, patch)))
        throw new AuthError(AuthErrorCode.DepartmentNotFound, 'No such department', 'code');
      await recordSecurityEvent(manager, {
        type: 'department.changed',
        actorId: actor.accountId,
        address: actor.address,
        departmentCode: code,
        details: { ...patch },
      });
      return toDepartmentView(await departments.findByCode(code));
    });
  }

  // ---- department credentials ---------------------------------------------------------------------

  async listCredentials(department: string, page: KeysetRequest): Promise<KeysetResult<CredentialView>> {
    await this.assertDepartmentsExist(this.dataSource.manager, [department], 'code');
    const rows = await new CredentialRepository(this.dataSource.manager).listOfDepartment(department, page);
    return { ...rows, items: rows.items.map(toCredentialView) };
  }

  /** The secret is in this answer and nowhere else, ever. */
  async createCredential(
    department: string,
    label: string,
    actor: Actor,
  ): Promise<CredentialView & { secret: string }> {
    const id = randomUUID();
    const secret = randomSecret();
    await this.dataSource.transaction(async (manager) => {
      await this.assertDepartmentsExist(manager, [department], 'code');
      await new CredentialRepository(manager).insert({
        id,
        departmentCode: department,
        label,
        secretHash: sha256(secret),
        createdBy: actor.accountId,
        rotatedAt: null,
        revokedAt: null,
        lastUsedAt: null,
      });
      await recordSecurityEvent(manager, {
        type: 'credential.created',
        actorId: actor.accountId,
        address: actor.address,
        departmentCode: department,
        details: { credentialId: id, label },
      });
    });
    return { ...(await this.credentialView(department, id)), secret: formatCredential(id, secret) };
  }

  /** A new secret for the same credential; the old one stops working at once. */
  async rotateCredential(
    department: string,
    id: string,
    actor: Actor,
  ): Promise<CredentialView & { secret: string }> {
    const secret = randomSecret();
    await this.dataSource.transaction(async (manager) => {
      const rotated = await new CredentialRepository(manager).rotate(department, id, sha256(secret));
      if (!rotated) throw new AuthError(AuthErrorCode.CredentialNotFound, 'No such active credential', 'id');
      await recordSecurityEvent(manager, {
        type: 'credential.rotated',
        actorId: actor.accountId,
        address: actor.address,
        departmentCode: department,
        details: { credentialId: id },
      });
    });
    return { ...(await this.credentialView(department, id)), secret: formatCredential(id, secret) };
  }

  async revokeCredential(department: string, id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const credentials = new CredentialRepository(manager);
      const credential = await credentials.findOfDepartment(department, id);
      if (!credential) throw new AuthError(AuthErrorCode.CredentialNotFound, 'No such credential', 'id');
      if (credential.revokedAt) return;
      await credentials.revoke(id);
      await recordSecurityEvent(manager, {
        type: 'credential.revoked',
        actorId: actor.accountId,
        address: actor.address,
        departmentCode: department,
        details: { credentialId: id },
      });
    });
  }

  // ---- security log -------------------------------------------------------------------------------

  async securityEvents(query: { accountId?: string; type?: string }, page: KeysetRequest) {
    const rows = await new SecurityEventRepository(this.dataSource.manager).newest(
      { ...query, type: query.type as SecurityEventType | undefined },
      page,
    );
    const items = rows.items.map((e) => ({
      id: Number(e.id),
      type: e.type,
      accountId: e.accountId,
      actorId: e.actorId,
      department: e.departmentCode,
      address: e.address,
      details: e.details,
      occurredAt: e.occurredAt.toISOString(),
    }));
    return { ...rows, items };
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private async credentialView(department: string, id: string): Promise<CredentialView> {
    return toCredentialView(
      await new CredentialRepository(this.dataSource.manager).getOfDepartment(department, id),
    );
  }

  private async assertDepartmentsExist(
    manager: EntityManager,
    codes: readonly string[],
    path = 'departments',
  ) {
    if (codes.length === 0) return;
    const found = await new DepartmentRepository(manager).existingCodes(codes);
    const index = codes.findIndex((code) => !found.has(code));
    if (index >= 0) {
      const at = path === 'departments' ? `departments.${index}` : path;
      // Listed in a body it is invalid input; named in the URL, the department is what is missing.
      const code = path === 'departments' ? AuthErrorCode.RuleBroken : AuthErrorCode.DepartmentNotFound;
      throw new AuthError(code, `${at}: no such department ${codes[index]}`, at);
    }
  }

  private toAccountView(account: AccountEntity, departments: string[]): AccountView {
    return {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      roles: account.roles,
      departments,
      active: account.active,
      external: account.externalSubject !== null,
      createdAt: account.createdAt.toISOString(),
    };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
