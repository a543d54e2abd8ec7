import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode, TooManyAttempts } from '@onething/errors';
import type { Actor, IdentityService } from './identity.service';
import { verifyPassword } from './passwords';
import { AccountRepository } from './repositories/account.repository';
import { recordSecurityEvent } from './security-events';
import type { Throttle, ThrottleKey } from './throttle';

/**
 * A signed-in person changing their own password. The current password is a second factor for the
 * change, so guessing it is throttled like a login: per account, shared by every API replica, each
 * wrong guess and the lockout in the security log.
 */
export class PasswordChanges {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly throttle: Throttle,
  ) {}

  async changeOwn(accountId: string, current: string, next: string, actor: Actor): Promise<void> {
    const keys: ThrottleKey[] = [{ scope: 'password', key: accountId }];
    const event = { accountId, actorId: accountId, address: actor.address };
    const waiting = await this.throttle.check(keys);
    if (!waiting.allowed) {
      await recordSecurityEvent(this.dataSource.manager, { ...event, type: 'password.change_throttled' });
      throw new TooManyAttempts(waiting.retryAfterMs);
    }
    const account = await new AccountRepository(this.dataSource.manager).findByIdWithPassword(accountId);
    if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, current))) {
      const { lockedOut } = await this.throttle.fail(keys);
      await recordSecurityEvent(this.dataSource.manager, { ...event, type: 'password.change_failed' });
      if (lockedOut.length > 0)
        await recordSecurityEvent(this.dataSource.manager, {
          ...event,
          type: 'lockout',
          details: { scope: 'password' },
        });
      throw new AuthError(AuthErrorCode.RuleBroken, 'currentPassword: does not match', 'currentPassword');
    }
    await this.throttle.succeed(keys);
    await this.identity.setPassword(accountId, next, actor);
  }
}
