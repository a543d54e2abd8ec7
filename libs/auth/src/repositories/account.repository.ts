import { In, type EntityManager } from 'typeorm';
import {
  AccountDepartmentEntity,
  AccountEntity,
  DepartmentEntity,
  keysetPage,
  type KeysetRequest,
  type KeysetResult,
} from '@onething/persistence';

export type NewAccountRow = Omit<AccountEntity, 'createdAt' | 'updatedAt'>;
export type AccountChange = Partial<Pick<AccountEntity, 'displayName' | 'roles' | 'active' | 'passwordHash'>>;

/**
 * Accounts and their department memberships. Usernames compare case-insensitively, as the unique index
 * on `lower(username)` does. Built over an `EntityManager`, so it joins whatever transaction the caller
 * runs in.
 */
export class AccountRepository {
  constructor(private readonly manager: EntityManager) {}

  private get accounts() {
    return this.manager.getRepository(AccountEntity);
  }

  private get links() {
    return this.manager.getRepository(AccountDepartmentEntity);
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ id });
  }

  findActive(id: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ id, active: true });
  }

  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.byUsername(username).getOne();
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.byUsername(username).getExists();
  }

  /** With its password hash, which no other read selects. */
  findByUsernameWithPassword(username: string): Promise<AccountEntity | null> {
    return this.byUsername(username).addSelect('a.passwordHash').getOne();
  }

  findByIdWithPassword(id: string): Promise<AccountEntity | null> {
    return this.accounts
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.id = :id', { id })
      .getOne();
  }

  /**
   * The active account, only while the session (refresh-token family) `sessionId` is still unrevoked:
   * one query, so a revoked session can never slip between two reads.
   */
  findActiveInLiveSession(accountId: string, sessionId: string): Promise<AccountEntity | null> {
    return this.accounts
      .createQueryBuilder('a')
      .where('a.id = :accountId AND a.active', { accountId })
      .andWhere(
        `EXISTS (SELECT 1 FROM refresh_tokens r
                  WHERE r.family_id = :sessionId AND r.account_id = a.id AND r.revoked_at IS NULL)`,
        { sessionId },
      )
      .getOne();
  }

  findExternal(issuer: string, subject: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ externalIssuer: issuer, externalSubject: subject });
  }

  getExternal(issuer: string, subject: string): Promise<AccountEntity> {
    return this.accounts.findOneByOrFail({ externalIssuer: issuer, externalSubject: subject });
  }

  /** Inserts unless an account with the same external identity exists (a concurrent first call won). */
  async insertExternalIfAbsent(row: NewAccountRow): Promise<void> {
    await this.accounts.createQueryBuilder().insert().values(row).orIgnore().execute();
  }

  /** By username, the id breaking ties. */
  list(page: KeysetRequest): Promise<KeysetResult<AccountEntity>> {
    return keysetPage(
      this.accounts.createQueryBuilder('a'),
      [
        { sql: 'a.username', direction: 'ASC' },
        { sql: 'a.id', direction: 'ASC' },
      ],
      page,
    );
  }

  async insert(row: NewAccountRow): Promise<void> {
    await this.accounts.insert(row);
  }

  /** Whether the account exists (and so was changed). */
  async update(id: string, change: AccountChange): Promise<boolean> {
    const result = await this.accounts.update({ id }, change);
    return Boolean(result.affected);
  }

  // ---- department memberships ---------------------------------------------------------------------

  async departmentsOf(accountId: string): Promise<string[]> {
    const links = await this.links.find({ where: { accountId }, order: { departmentCode: 'ASC' } });
    return links.map((l) => l.departmentCode);
  }

  /** The account's departments still in force, in one query (the guard asks on every request). */
  async activeDepartmentsOf(accountId: string): Promise<string[]> {
    const rows = await this.links
      .createQueryBuilder('l')
      .innerJoin(DepartmentEntity, 'd', 'd.code = l.department_code AND d.active')
      .where('l.account_id = :accountId', { accountId })
      .select('l.department_code', 'code')
      .orderBy('l.department_code', 'ASC')
      .getRawMany<{ code: string }>();
    return rows.map((row) => row.code);
  }

  membershipsOf(accountIds: readonly string[]): Promise<AccountDepartmentEntity[]> {
    return accountIds.length === 0
      ? Promise.resolve([])
      : this.links.findBy({ accountId: In([...accountIds]) });
  }

  async replaceDepartments(accountId: string, codes: readonly string[]): Promise<void> {
    await this.links.delete({ accountId });
    await this.addDepartments(accountId, codes);
  }

  async addDepartments(accountId: string, codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    await this.links.insert(codes.map((departmentCode) => ({ accountId, departmentCode })));
  }

  private byUsername(username: string) {
    return this.accounts.createQueryBuilder('a').where('lower(a.username) = lower(:username)', { username });
  }
}
