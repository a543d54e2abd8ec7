import { ApiError, ApiErrorCode } from '@onething/http';

/**
 * A throttled attempt: 429 `TOO_MANY_REQUESTS`; the exception filter turns `retryAfterSeconds` into the
 * `Retry-After` header.
 */
export class TooManyAttempts extends ApiError {
  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(ApiErrorCode.TooManyRequests, `Too many attempts; retry in ${seconds} s`, '', [], seconds);
  }
}
