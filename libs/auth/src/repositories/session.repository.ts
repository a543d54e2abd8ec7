import { IsNull, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from '@onething/persistence';

/**
 * Refresh tokens, grouped in families: one family is one session (its id is the access token's `sid`).
 * Revoking a family ends the session; a token is spent at most once.
 */
export class SessionRepository {
  constructor(private readonly manager: EntityManager) {}

  private get tokens() {
    return this.manager.getRepository(RefreshTokenEntity);
  }

  findByTokenHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async insert(row: Omit<RefreshTokenEntity, 'createdAt'>): Promise<void> {
    await this.tokens.insert(row);
  }

  /**
   * Spends a token still unused and unrevoked, in one conditional update so two concurrent uses cannot
   * both succeed; false when it was already spent or revoked.
   */
  async spend(id: string): Promise<boolean> {
    const result = await this.tokens.update(
      { id, usedAt: IsNull(), revokedAt: IsNull() },
      { usedAt: new Date() },
    );
    return Boolean(result.affected);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOf(accountId: string): Promise<void> {
    await this.tokens.update({ accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
