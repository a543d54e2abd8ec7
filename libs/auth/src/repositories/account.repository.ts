import { In, type EntityManager } from 'typeorm';
import {
  AccountDepartmentEntity,
  AccountEntity,
  entitiesFromRaw,
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
   * The active account and its departments still in force, only while the session (refresh-token family)
   * `sessionId` is unrevoked: one query (the guard asks on every request), so a revoked session can never
   * slip between two reads.
   */
  async findActiveInLiveSession(
    accountId: string,
    sessionId: string,
  ): Promise<{ account: AccountEntity; activeDepartments: string[] } | null> {
    // Every authenticated request asks this: the entity is hydrated from the raw row (entitiesFromRaw).
    const raw = await this.accounts
      .createQueryBuilder('a')
      .addSelect(
        `ARRAY(SELECT l.department_code FROM account_departments l
                 JOIN departments d ON d.code = l.department_code AND d.active
                WHERE l.account_id = a.id ORDER BY l.department_code)`,
        'active_departments',
      )
      .where('a.id = :accountId AND a.active', { accountId })
      .andWhere(
        `EXISTS (SELECT 1 FROM refresh_tokens r
                  WHERE r.family_id = :sessionId AND r.account_id = a.id AND r.revoked_at IS NULL)`,
        { sessionId },
      )
      .getRawMany<Record<string, unknown> & { active_departments: string[] }>();
    if (raw.length === 0) return null;
    const [account] = entitiesFromRaw(this.manager, AccountEntity, 'a', raw);
    return { account, activeDepartments: raw[0].active_departments };
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
