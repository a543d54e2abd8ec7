import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import type { AuthConfig } from '@onething/config';
import { ApiError, ApiErrorCode } from '@onething/http';
import { AccountEntity, RefreshTokenEntity } from '@onething/persistence';
import type { AccessTokens } from './access-tokens';
import { randomSecret, sha256 } from './hashing';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { recordSecurityEvent } from './security-events';
import type { LoginThrottle } from './throttle';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

// One message for every failed login: nothing tells an unknown account from a wrong password.
const invalidLogin = () => new ApiError(ApiErrorCode.Unauthenticated, 'Invalid username or password');
const invalidRefresh = () => new ApiError(ApiErrorCode.Unauthenticated, 'Invalid or expired refresh token');

function tooMany(retryAfterMs: number): ApiError {
  return new ApiError(
    ApiErrorCode.TooManyRequests,
    `Too many attempts; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
  );
}

/** Login, refresh-token rotation (with reuse detection) and logout. */
export class Sessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly config: Pick<AuthConfig, 'refreshTokenTtlSeconds'>,
  ) {}

  async login(username: string, password: string, address: string): Promise<TokenPair> {
    const admitted = this.throttle.admitRequest(address);
    if (!admitted.allowed) throw tooMany(admitted.retryAfterMs);
    const keys = { account: username, address };
    const waiting = this.throttle.check(keys);
    if (!waiting.allowed) {
      await recordSecurityEvent(this.dataSource.manager, {
        type: 'login.throttled',
        address,
        details: { username },
      });
      throw tooMany(waiting.retryAfterMs);
    }
    const account = await this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('lower(a.username) = lower(:username)', { username })
      .getOne();
    const ok =
      account?.passwordHash && account.active
        ? await verifyPassword(account.passwordHash, password)
        : await burnPasswordCheck(password);
    if (!ok || !account) {
      const { lockedOut } = this.throttle.fail(keys);
      await recordSecurityEvent(this.dataSource.manager, {
        type: 'login.failed',
        accountId: account?.id ?? null,
        address,
        details: { username },
      });
      if (lockedOut)
        await recordSecurityEvent(this.dataSource.manager, {
          type: 'lockout',
          accountId: account?.id ?? null,
          address,
          details: { username },
        });
      throw invalidLogin();
    }
    this.throttle.succeed(keys);
    return this.dataSource.transaction(async (manager) => {
      await recordSecurityEvent(manager, { type: 'login.succeeded', accountId: account.id, address });
      return this.issue(manager.getRepository(RefreshTokenEntity), account, randomUUID());
    });
  }

  async refresh(refreshToken: string, address: string): Promise<TokenPair> {
    const admitted = this.throttle.admitRequest(address);
    if (!admitted.allowed) throw tooMany(admitted.retryAfterMs);
    const waiting = this.throttle.check({ address });
    if (!waiting.allowed) throw tooMany(waiting.retryAfterMs);
    type Outcome = { error: ApiError } | { pair: TokenPair };
    // Errors are returned, not thrown, so a detected reuse still commits the family's revocation.
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const tokens = manager.getRepository(RefreshTokenEntity);
      const row = await tokens.findOneBy({ tokenHash: sha256(refreshToken) });
      if (!row) return { error: invalidRefresh() };
      // Spending it is one conditional update, so two concurrent uses cannot both succeed.
      const spent = await tokens.update(
        { id: row.id, usedAt: IsNull(), revokedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (!spent.affected) {
        if (row.usedAt !== null || row.revokedAt === null) {
          // A spent token came back: someone holds a copy. End the whole family.
          await tokens.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
          await recordSecurityEvent(manager, {
            type: 'refresh.reused',
            accountId: row.accountId,
            address,
            details: { familyId: row.familyId },
          });
        }
        return { error: invalidRefresh() };
      }
      const account = await manager
        .getRepository(AccountEntity)
        .findOneBy({ id: row.accountId, active: true });
      if (!account || row.expiresAt.getTime() <= Date.now()) return { error: invalidRefresh() };
      return { pair: await this.issue(tokens, account, row.familyId) };
    });
    if ('error' in outcome) {
      this.throttle.fail({ address });
      throw outcome.error;
    }
    return outcome.pair;
  }

  /** Ends the session the refresh token belongs to (its whole family). Unknown tokens end nothing. */
  async logout(refreshToken: string, address: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const tokens = manager.getRepository(RefreshTokenEntity);
      const row = await tokens.findOneBy({ tokenHash: sha256(refreshToken) });
      if (!row) return;
      await tokens.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await recordSecurityEvent(manager, {
        type: 'logout',
        accountId: row.accountId,
        address,
        details: { familyId: row.familyId },
      });
    });
  }

  private async issue(
    tokens: Repository<RefreshTokenEntity>,
    account: AccountEntity,
    familyId: string,
  ): Promise<TokenPair> {
    const refreshToken = randomSecret();
    await tokens.insert({
      id: randomUUID(),
      familyId,
      accountId: account.id,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return {
      tokenType: 'Bearer',
      accessToken: await this.accessTokens.sign({ sub: account.id, roles: account.roles }),
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshExpiresIn: this.config.refreshTokenTtlSeconds,
    };
  }
}
