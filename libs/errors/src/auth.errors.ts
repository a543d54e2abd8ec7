import { DomainError } from './domain-error';

/** Why authentication or an authorization rule refused a caller, or an identity change was refused. */
export enum AuthErrorCode {
  /** A failed login: nothing tells an unknown account from a wrong password. */
  InvalidLogin = 'INVALID_LOGIN',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  /** A bearer credential that is missing, malformed, expired, revoked or of a deactivated account. */
  CredentialRefused = 'CREDENTIAL_REFUSED',
  /** Too many attempts or failures; `retryAfterSeconds` says how long to wait. */
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  /** The external identity provider's keys are out of reach. */
  IdentityProviderUnavailable = 'IDENTITY_PROVIDER_UNAVAILABLE',
  NotAllowed = 'NOT_ALLOWED',
  /** The caller may not see the object: it answers like one that does not exist. */
  CaseNotVisible = 'CASE_NOT_VISIBLE',
  TaskNotVisible = 'TASK_NOT_VISIBLE',
  AccountNotFound = 'ACCOUNT_NOT_FOUND',
  DepartmentNotFound = 'DEPARTMENT_NOT_FOUND',
  CredentialNotFound = 'CREDENTIAL_NOT_FOUND',
  UsernameTaken = 'USERNAME_TAKEN',
  DepartmentExists = 'DEPARTMENT_EXISTS',
  /** Input that breaks an identity rule (an unknown department listed, a supervisor without one, ...). */
  RuleBroken = 'RULE_BROKEN',
}

export class AuthError extends DomainError<AuthErrorCode> {}

/** A throttled attempt: the caller waits `retryAfterMs` (rounded up to whole seconds, at least one). */
export class TooManyAttempts extends AuthError {
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(AuthErrorCode.TooManyAttempts, `Too many attempts; retry in ${seconds} s`, '', [], seconds);
  }
}
