import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '@onething/config';
import { AuthError, AuthErrorCode, TooManyAttempts } from '@onething/errors';
import type { AccountEntity } from '@onething/persistence';
import type { AccessTokens } from './access-tokens';
import { randomSecret, sha256 } from './hashing';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { recordSecurityEvent } from './security-events';
import { readLoginName } from './login-names';
import { AccountRepository } from './repositories/account.repository';
import { SessionRepository } from './repositories/session.repository';
import type { Throttle, ThrottleKey } from './throttle';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

// One message for every failed login: nothing tells an unknown account from a wrong password.
const invalidLogin = () => new AuthError(AuthErrorCode.InvalidLogin, 'Invalid username or password');
const invalidRefresh = () =>
  new AuthError(AuthErrorCode.InvalidRefreshToken, 'Invalid or expired refresh token');

/** Login, refresh-token rotation (with reuse detection) and logout. */
export class Sessions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    private readonly throttle: Throttle,
    private readonly config: Pick<AuthConfig, 'refreshTokenTtlSeconds'>,
  ) {}

  /**
   * Throttled by address and by account: the account the database would find for the typed name (its
   * id), or the folded name when no account has it, so every spelling of one name shares one count and
   * known and unknown names are throttled and answered alike. A name outside the username alphabet
   * (`admİn`) never signs in: it fails like a wrong password, and counts.
   */
  async login(username: string, password: string, address: string): Promise<TokenPair> {
    const admitted = await this.throttle.admitRequest(address);
    if (!admitted.allowed) throw new TooManyAttempts(admitted.retryAfterMs);
    const name = readLoginName(username);
    const account = name.lookup
      ? await new AccountRepository(this.dataSource.manager).findByUsernameWithPassword(name.lookup)
      : null;
    const keys: ThrottleKey[] = [
      { scope: 'address', key: address },
      { scope: 'account', key: account ? `id:${account.id}` : name.unknownKey },
    ];
    // Only a name in the alphabet goes into the security log: anything else may be hostile text.
    const details = { username: name.acceptable ? name.normalized : null };
    const waiting = await this.throttle.check(keys);
    if (!waiting.allowed) {
      await recordSecurityEvent(this.dataSource.manager, {
        type: 'login.throttled',
        accountId: account?.id ?? null,
        address,
        details,
      });
      throw new TooManyAttempts(waiting.retryAfterMs);
    }
    const ok =
      name.acceptable && account?.passwordHash && account.active
        ? await verifyPassword(account.passwordHash, password)
        : await burnPasswordCheck(password);
    if (!ok || !account) {
      const { lockedOut } = await this.throttle.fail(keys);
      await recordSecurityEvent(this.dataSource.manager, {
        type: 'login.failed',
        accountId: account?.id ?? null,
        address,
        details,
      });
      if (lockedOut.includes('account'))
        await recordSecurityEvent(this.dataSource.manager, {
          type: 'lockout',
          accountId: account?.id ?? null,
          address,
          details,
        });
      throw invalidLogin();
    }
    // The account's count starts again; the address's does not (one good account must not launder it).
    await this.throttle.succeed(keys.filter((key) => key.scope === 'account'));
    return this.dataSource.transaction(async (manager) => {
      await recordSecurityEvent(manager, { type: 'login.succeeded', accountId: account.id, address });
      return this.issue(new SessionRepository(manager), account, randomUUID());
    });
  }

  async refresh(refreshToken: string, address: string): Promise<TokenPair> {
    const admitted = await this.throttle.admitRequest(address);
    if (!admitted.allowed) throw new TooManyAttempts(admitted.retryAfterMs);
    const keys: ThrottleKey[] = [{ scope: 'address', key: address }];
    const waiting = await this.throttle.check(keys);
    if (!waiting.allowed) throw new TooManyAttempts(waiting.retryAfterMs);
    type Outcome = { error: AuthError } | { pair: TokenPair };
    // Errors are returned, not thrown, so a detected reuse still commits the family's revocation.
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const sessions = new SessionRepository(manager);
      const row = await sessions.findByTokenHash(sha256(refreshToken));
      if (!row) return { error: invalidRefresh() };
      if (!(await sessions.spend(row.id))) {
        if (row.usedAt !== null || row.revokedAt === null) {
          // A spent token came back: someone holds a copy. End the whole family.
          await sessions.revokeFamily(row.familyId);
          await recordSecurityEvent(manager, {
            type: 'refresh.reused',
            accountId: row.accountId,
            address,
            details: { familyId: row.familyId },
          });
        }
        return { error: invalidRefresh() };
      }
      const account = await new AccountRepository(manager).findActive(row.accountId);
      if (!account || row.expiresAt.getTime() <= Date.now()) return { error: invalidRefresh() };
      return { pair: await this.issue(sessions, account, row.familyId) };
    });
    if ('error' in outcome) {
      await this.throttle.fail(keys);
      throw outcome.error;
    }
    return outcome.pair;
  }

  /** Ends the session the refresh token belongs to (its whole family). Unknown tokens end nothing. */
  async logout(refreshToken: string, address: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const sessions = new SessionRepository(manager);
      const row = await sessions.findByTokenHash(sha256(refreshToken));
      if (!row) return;
      await sessions.revokeFamily(row.familyId);
      await recordSecurityEvent(manager, {
        type: 'logout',
        accountId: row.accountId,
        address,
        details: { familyId: row.familyId },
      });
    });
  }

  private async issue(
    sessions: SessionRepository,
    account: AccountEntity,
    familyId: string,
  ): Promise<TokenPair> {
    const refreshToken = randomSecret();
    await sessions.insert({
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
      accessToken: await this.accessTokens.sign({ sub: account.id, sid: familyId, roles: account.roles }),
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshExpiresIn: this.config.refreshTokenTtlSeconds,
    };
  }
}
