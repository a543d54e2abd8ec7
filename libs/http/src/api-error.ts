/** Machine-readable error codes of the HTTP API; each maps to exactly one status in the exception filter. */
export enum ApiErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidCursor = 'INVALID_CURSOR',
  MalformedJson = 'MALFORMED_JSON',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyInFlight = 'IDEMPOTENCY_IN_FLIGHT',
  TaskDecisionRefused = 'TASK_DECISION_REFUSED',
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
  /** Well-formed calendar days that break its rules (a holiday on a Saturday, a date of another year). */
  CalendarInvalid = 'CALENDAR_INVALID',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
}

export interface ApiErrorDetail {
  code: string;
  message: string;
  /** Dotted path of the offending field ("applicant.idNumber"); "" for the whole body. */
  path: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly path = '',
    readonly details: ApiErrorDetail[] = [],
    /** For a temporary condition (503, 429): the `Retry-After` header, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
