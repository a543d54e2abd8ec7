import { IsNull, type EntityManager } from 'typeorm';
import {
  DepartmentCredentialEntity,
  keysetPage,
  type KeysetRequest,
  type KeysetResult,
} from '@onething/persistence';

/** Department systems' API credentials; the secret's hash is read only to check a presented secret. */
export class CredentialRepository {
  constructor(private readonly manager: EntityManager) {}

  private get credentials() {
    return this.manager.getRepository(DepartmentCredentialEntity);
  }

  /** An unrevoked credential with its secret hash. */
  findActiveWithSecret(id: string): Promise<DepartmentCredentialEntity | null> {
    return this.credentials
      .createQueryBuilder('c')
      .addSelect('c.secretHash')
      .where('c.id = :id AND c.revoked_at IS NULL', { id })
      .getOne();
  }

  findOfDepartment(department: string, id: string): Promise<DepartmentCredentialEntity | null> {
    return this.credentials.findOneBy({ id, departmentCode: department });
  }

  getOfDepartment(department: string, id: string): Promise<DepartmentCredentialEntity> {
    return this.credentials.findOneByOrFail({ id, departmentCode: department });
  }

  /** Oldest first, the id breaking ties. */
  listOfDepartment(
    department: string,
    page: KeysetRequest,
  ): Promise<KeysetResult<DepartmentCredentialEntity>> {
    const rows = this.credentials
      .createQueryBuilder('k')
      .where('k.department_code = :department', { department });
    return keysetPage(
      rows,
      [
        { sql: 'k.created_at', direction: 'ASC' },
        { sql: 'k.id', direction: 'ASC' },
      ],
      page,
    );
  }

  async insert(row: Omit<DepartmentCredentialEntity, 'createdAt'>): Promise<void> {
    await this.credentials.insert(row);
  }

  /**
   * Notes the credential's use at most once a minute: a department system calls on every request, and
   * writing its row each time would queue concurrent calls on the row's lock.
   */
  async markUsed(id: string): Promise<void> {
    await this.credentials
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id', { id })
      .andWhere("(last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
      .execute();
  }

  /** A new secret for an unrevoked credential of the department; false when there is none. */
  async rotate(department: string, id: string, secretHash: string): Promise<boolean> {
    const result = await this.credentials.update(
      { id, departmentCode: department, revokedAt: IsNull() },
      { secretHash, rotatedAt: new Date() },
    );
    return Boolean(result.affected);
  }

  async revoke(id: string): Promise<void> {
    await this.credentials.update({ id }, { revokedAt: new Date() });
  }
}
