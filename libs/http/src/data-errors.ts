import { sqlStateOf } from '@onething/logging';
import { ApiError, ApiErrorCode } from './api-error';

/**
 * Last line of defence: a value PostgreSQL cannot hold (SQLSTATE class 22, data exception: a NUL in text
 * 22021, an unpaired surrogate 22P05, a number out of range 22003, a malformed literal 22P02) reached it
 * because validation let it through. It is still the client's value, so the answer is 400, not 500.
 * The driver's message is not echoed: it may quote the value.
 */
export function fromPostgresDataError(error: unknown): ApiError | undefined {
  const state = sqlStateOf(error);
  if (!state?.startsWith('22')) return undefined;
  const message = 'A value in the request cannot be stored';
  return new ApiError(ApiErrorCode.ValidationFailed, message, '', [
    { code: 'UNSTORABLE_VALUE', message: `${message} (SQLSTATE ${state})`, path: '' },
  ]);
}
