/** Machine-readable error codes of the HTTP API; each maps to exactly one status in the exception filter. */
export enum ApiErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidCursor = 'INVALID_CURSOR',
  MalformedJson = 'MALFORMED_JSON',
  /** A list's `cursor` that the list did not give out. */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** The path exists, not with this method (the `Allow` header lists the ones it has). */
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  /**
   * A cookie-authenticated unsafe request without the session's CSRF token (`X-CSRF-Token`, the value of
   * the `onething_csrf` cookie): another site's form or script, or a client that forgot the header.
   */
  CsrfRefused = 'CSRF_REFUSED',
  Conflict = 'CONFLICT',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /**
   * A connector whose stored settings the catalog cannot read (an older shape, or written by hand);
   * `details[]` names each offending setting. Saving a new version repairs it.
   */
  ConnectorSettingsInvalid = 'CONNECTOR_SETTINGS_INVALID',
  IdempotencyInFlight = 'IDEMPOTENCY_IN_FLIGHT',
  TaskDecisionRefused = 'TASK_DECISION_REFUSED',
  /** Someone else holds (has claimed or was assigned) the task; the problem's `holder` says who. */
  TaskClaimed = 'TASK_CLAIMED',
  /** A list's `cursor` is not one this API handed out. */
  /**
   * A workflow refused an action before it entered history (the case is closing, the step did not fail,
   * the caller's role or department does not fit); `details[0].code` says which (e.g. `CASE_CLOSED`).
   */
  ActionRefused = 'ACTION_REFUSED',
  /**
   * The workflow accepted an action but could not record it (e.g. the database refused its text); it
   * changed nothing and the action can be made again with other data.
   */
  ActionNotRecorded = 'ACTION_NOT_RECORDED',
  /**
   * The application is well formed but the case's eligibility rules refuse it: each failed rule in
   * `details[]` (rule id, its message in both languages, the application paths it read). Nothing is stored.
   */
  NotEligible = 'NOT_ELIGIBLE',
  /** Well-formed calendar days that break its rules (a holiday on a Saturday, a date of another year). */
  CalendarInvalid = 'CALENDAR_INVALID',
  /** A list's `cursor` that this list did not hand out (malformed, tampered, or another list's). */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** An upload refused for what it is (empty, a path as its name, one too many, malware); `details[0].code` says which. */
  UploadRefused = 'UPLOAD_REFUSED',
  /** A case references an upload that is not the caller's (or has expired); the path names the field. */
  AttachmentUnknown = 'ATTACHMENT_UNKNOWN',
  /**
   * An inbound event whose Standard Webhooks signature does not hold: no or an unknown source, missing
   * headers, a wrong signature, or a timestamp outside the replay window. Nothing is stored.
   */
  InboundSignatureInvalid = 'INBOUND_SIGNATURE_INVALID',
  /** A proactive case that no longer awaits confirmation (confirmed, declined or expired already). */
  NotAwaitingConfirmation = 'NOT_AWAITING_CONFIRMATION',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  /**
   * New work refused because the case workers are this far behind (`CASE_ADMISSION_MAX_BACKLOG`): 503
   * with `Retry-After`; nothing was stored, the same request may be sent again.
   */
  Overloaded = 'OVERLOADED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

export interface ApiErrorDetail {
  code: string;
  message: string;
  /** Dotted path of the offending field ("applicant.idNumber"); "" for the whole body. */
  path: string;
  /** NOT_ELIGIBLE: the rule that failed. */
  ruleId?: string;
  /** NOT_ELIGIBLE: the rule's message in both languages (`message` is the one in the request's language). */
  messages?: { 'zh-CN': string; en: string };
  /** NOT_ELIGIBLE: every path the rule read (`path` is the first). */
  paths?: string[];
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly path = '',
    readonly details: ApiErrorDetail[] = [],
    /** For a temporary condition (503, 429): the `Retry-After` header, in seconds. */
    readonly retryAfterSeconds?: number,
    /** RFC 9457 extension members added to the problem (e.g. who holds a claimed task). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
