import { DomainError } from './domain-error';

/** Why the connector catalog refused a request. */
export enum ConnectorErrorCode {
  NotFound = 'CONNECTOR_NOT_FOUND',
  Exists = 'CONNECTOR_EXISTS',
  /** Bearer and HMAC auth need a secret, and there is no stored one to keep. */
  SecretRequired = 'CONNECTOR_SECRET_REQUIRED',
  /**
   * The connector's current version holds settings the catalog cannot read (an older shape, or written by
   * hand); `details[]` names each offending setting. A new version (PUT) repairs it.
   */
  SettingsInvalid = 'CONNECTOR_SETTINGS_INVALID',
  /** A list's `cursor` that this API did not hand out. */
  InvalidCursor = 'INVALID_CURSOR',
}

export class ConnectorError extends DomainError<ConnectorErrorCode> {}
