import { randomUUID } from 'node:crypto';
import { decodeJwt, errors } from 'jose';
import type { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from '@onething/errors';
import type { AccessTokens } from './access-tokens';
import { sameHash, sha256 } from './hashing';
import { parseCredential } from './identity.service';
import type { ExternalIdentity, OidcVerifier } from './oidc';
import type { Principal } from './principal';
import { AccountRepository } from './repositories/account.repository';
import { CredentialRepository } from './repositories/credential.repository';
import { DepartmentRepository } from './repositories/department.repository';
import { DEPARTMENT_SYSTEM } from './roles';

const refused = () =>
  new AuthError(AuthErrorCode.CredentialRefused, 'Missing, invalid or expired credentials');

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
    const accounts = new AccountRepository(this.dataSource.manager);
    const found = await accounts.findActiveInLiveSession(accountId, sessionId);
    if (!found) throw refused();
    const { account, activeDepartments: active } = found;
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
    const credentials = new CredentialRepository(this.dataSource.manager);
    const credential = await credentials.findActiveWithSecret(parsed.id);
    if (!credential || !sameHash(credential.secretHash, sha256(parsed.secret))) throw refused();
    if ((await this.activeDepartments([credential.departmentCode])).length === 0) throw refused();
    await credentials.markUsed(credential.id);
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
      const accounts = new AccountRepository(manager);
      const existing = await accounts.findExternal(identity.issuer, identity.subject);
      let id = existing?.id ?? randomUUID();
      if (existing && !existing.active) throw refused();
      if (!existing) {
        await accounts.insertExternalIfAbsent({
          id,
          username: `ext:${identity.subject}`.slice(0, 200),
          displayName: identity.username.slice(0, 100),
          passwordHash: null,
          roles: identity.roles,
          active: true,
          externalIssuer: identity.issuer,
          externalSubject: identity.subject,
        });
        // A concurrent first call may have won the insert: use whichever row exists.
        id = (await accounts.getExternal(identity.issuer, identity.subject)).id;
      } else if (existing.roles.join() !== identity.roles.join()) {
        await accounts.update(id, { roles: identity.roles });
      }
      // Memberships follow the claims, rewritten only when they changed (most calls write nothing).
      const current = await accounts.departmentsOf(id);
      if (current.join() !== departments.join()) await accounts.replaceDepartments(id, departments);
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
    return new DepartmentRepository(this.dataSource.manager).activeCodes(codes);
  }
}
