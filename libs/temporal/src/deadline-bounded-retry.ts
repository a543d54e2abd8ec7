import type { Interceptor } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

function deadlineMs(deadline: unknown): number | undefined {
  if (deadline instanceof Date) return deadline.getTime();
  return typeof deadline === 'number' && Number.isFinite(deadline) ? deadline : undefined;
}

/**
 * The SDK's gRPC retries, but never past the call's deadline. The default interceptor may leave a
 * backoff timer pending after the caller's deadline has already failed the call; when that timer fires
 * on a closed connection it throws from inside grpc-js. Here every retry fires no later than the deadline.
 */
export function deadlineBoundedRetryInterceptor(): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = deadlineMs(options.deadline);
    return makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) =>
        defaults.retryableDecider(attempt, status) && (deadline === undefined || Date.now() < deadline),
      delayFunction: (attempt, status) => {
        const delay = defaults.delayFunction(attempt, status);
        return deadline === undefined ? delay : Math.max(0, Math.min(delay, deadline - Date.now()));
      },
    })(options, nextCall);
  };
}
