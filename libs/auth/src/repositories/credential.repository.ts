import { IsNull, type EntityManager } from 'typeorm';
import { DepartmentCredentialEntity } from '@onething/persistence';

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

  listOfDepartment(department: string): Promise<DepartmentCredentialEntity[]> {
    return this.credentials.find({ where: { departmentCode: department }, order: { createdAt: 'ASC' } });
  }

  async insert(row: Omit<DepartmentCredentialEntity, 'createdAt'>): Promise<void> {
    await this.credentials.insert(row);
  }

  async markUsed(id: string): Promise<void> {
    await this.credentials.update({ id }, { lastUsedAt: new Date() });
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
