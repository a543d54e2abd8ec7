import { randomUUID } from 'node:crypto';
import { decodeJwt, errors } from 'jose';
import { DataSource, In } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import {
  AccountDepartmentEntity,
  AccountEntity,
  DepartmentCredentialEntity,
  DepartmentEntity,
} from '@onething/persistence';
import type { AccessTokens } from './access-tokens';
import { sameHash, sha256 } from './hashing';
import { parseCredential } from './identity.service';
import type { ExternalIdentity, OidcVerifier } from './oidc';
import type { Principal } from './principal';
import { DEPARTMENT_SYSTEM } from './roles';

const refused = () => new AuthError(AuthErrorCode.CredentialRefused, 'Missing, invalid or expired credentials');

/**
 * Only a defect of the token itself is a 401. The provider's key set out of reach is a 503, and anything
 * else (the database down, a bug) goes on as it is: answering 401 then would make clients throw away
 * sessions that are still valid.
 */
function asAuthenticationFailure(error: unknown): unknown {
  if (error instanceof AuthError) return error;
  if (error instanceof errors.JWKSTimeout || isKeySetFetchFailure(error))
    return new AuthError(
      AuthErrorCode.IdentityProviderUnavailable,
      'The identity provider is not reachable; try again shortly',
    );
  if (error instanceof errors.JOSEError) return refused();
  return error;
}

/**
 * `fetch` failing to reach the provider's JWKS URL (refused, reset, DNS) before jose sees an answer.
 * Compared by name: undici's TypeError need not be this realm's.
 */
function isKeySetFetchFailure(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === 'TypeError' && message === 'fetch failed';
}

/**
 * Turns an `Authorization: Bearer ...` header into a principal: a department credential (`odc_...`),
 * our own access token, or the external provider's. Any defect of the credential is the same 401,
 * whatever it was; a server that does not answer is a 503.
 */
export class Authenticator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accessTokens: AccessTokens,
    private readonly localIssuer: string,
    private readonly oidc: OidcVerifier | undefined,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer ([^\s]{1,4096})$/i.exec(authorization ?? '');
    if (!match) throw refused();
    const token = match[1];
    if (token.startsWith('odc_')) return this.departmentSystem(token);
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw refused();
    }
    try {
      if (issuer === this.localIssuer) {
        const { sub, sid } = await this.accessTokens.verify(token);
        return await this.account(sub, 'password', sid);
      }
      if (this.oidc && issuer === this.oidc.issuer) {
        return await this.external(await this.oidc.verify(token));
      }
    } catch (error) {
      throw asAuthenticationFailure(error);
    }
    throw refused();
  }

  /**
   * The account behind one of our access tokens, in the same query that checks the token's session is
   * still alive: a token stops working the moment its refresh-token family is revoked (logout, reuse of a
   * spent refresh token, password change, deactivation) or its account is deactivated.
   */
  async account(accountId: string, via: Principal['via'], sessionId: string): Promise<Principal> {
    const account = await this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .where('a.id = :accountId AND a.active', { accountId })
      .andWhere(
        `EXISTS (SELECT 1 FROM refresh_tokens r
                  WHERE r.family_id = :sessionId AND r.account_id = a.id AND r.revoked_at IS NULL)`,
        { sessionId },
      )
      .getOne();
    if (!account) throw refused();
    const links = await this.dataSource.getRepository(AccountDepartmentEntity).findBy({ accountId });
    const active = await this.activeDepartments(links.map((l) => l.departmentCode));
    return {
      kind: 'account',
      id: account.id,
      accountId: account.id,
      username: account.username,
      roles: account.roles,
      departments: active,
      via,
    };
  }

  private async departmentSystem(token: string): Promise<Principal> {
    const parsed = parseCredential(token);
    if (!parsed) throw refused();
    const repository = this.dataSource.getRepository(DepartmentCredentialEntity);
    const credential = await repository
      .createQueryBuilder('c')
      .addSelect('c.secretHash')
      .where('c.id = :id AND c.revoked_at IS NULL', { id: parsed.id })
      .getOne();
    if (!credential || !sameHash(credential.secretHash, sha256(parsed.secret))) throw refused();
    if ((await this.activeDepartments([credential.departmentCode])).length === 0) throw refused();
    await repository.update({ id: credential.id }, { lastUsedAt: new Date() });
    return {
      kind: 'department_system',
      id: credential.id,
      accountId: null,
      username: `${credential.departmentCode}:${credential.label}`,
      roles: [DEPARTMENT_SYSTEM],
      departments: [credential.departmentCode],
      via: 'api_credential',
    };
  }

  /**
   * An external person gets a local shadow account (no password) so their cases have an owner; roles
   * and departments follow the provider's claims on every call.
   */
  private async external(identity: ExternalIdentity): Promise<Principal> {
    const departments = await this.activeDepartments(identity.departments);
    const accountId = await this.dataSource.transaction(async (manager) => {
      const accounts = manager.getRepository(AccountEntity);
      const existing = await accounts.findOneBy({
        externalIssuer: identity.issuer,
        externalSubject: identity.subject,
      });
      let id = existing?.id ?? randomUUID();
      if (existing && !existing.active) throw refused();
      if (!existing) {
        await accounts
          .createQueryBuilder()
          .insert()
          .values({
            id,
            username: `ext:${identity.subject}`.slice(0, 200),
            displayName: identity.username.slice(0, 100),
            passwordHash: null,
            roles: identity.roles,
            active: true,
            externalIssuer: identity.issuer,
            externalSubject: identity.subject,
          })
          .orIgnore()
          .execute();
        // A concurrent first call may have won the insert: use whichever row exists.
        id = (
          await accounts.findOneByOrFail({
            externalIssuer: identity.issuer,
            externalSubject: identity.subject,
          })
        ).id;
      } else if (existing.roles.join() !== identity.roles.join()) {
        await accounts.update({ id }, { roles: identity.roles });
      }
      // Memberships follow the claims, rewritten only when they changed (most calls write nothing).
      const links = manager.getRepository(AccountDepartmentEntity);
      const current = (await links.findBy({ accountId: id })).map((l) => l.departmentCode).sort();
      if (current.join() !== departments.join()) {
        await links.delete({ accountId: id });
        if (departments.length > 0)
          await links.insert(departments.map((departmentCode) => ({ accountId: id, departmentCode })));
      }
      return id;
    });
    return {
      kind: 'account',
      id: accountId,
      accountId,
      username: identity.username,
      roles: identity.roles,
      departments,
      via: 'oidc',
    };
  }

  private async activeDepartments(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(DepartmentEntity)
      .find({ where: { code: In([...codes]), active: true }, order: { code: 'ASC' } });
    return rows.map((d) => d.code);
  }
}
