import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { ApiError, ApiErrorCode } from '@onething/http';

/** A throttled attempt: 429 `TOO_MANY_REQUESTS`, and the wait in seconds for the `Retry-After` header. */
export class TooManyAttempts extends ApiError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(ApiErrorCode.TooManyRequests, `Too many attempts; retry in ${seconds} s`);
    this.retryAfterSeconds = seconds;
  }
}

/**
 * Puts `Retry-After` on the answer of a throttled attempt. The exception filter writes the body and
 * keeps headers already set, so the header travels without the filter knowing about throttling.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof TooManyAttempts && context.getType() === 'http')
          context
            .switchToHttp()
            .getResponse<Response>()
            .setHeader('Retry-After', String(error.retryAfterSeconds));
        return throwError(() => error);
      }),
    );
  }
}
