import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ApiError, ApiErrorCode } from './api-error';
import { infrastructureFailure } from './infrastructure-errors';

export function statusOf(code: ApiErrorCode): number {
  switch (code) {
    case ApiErrorCode.ValidationFailed:
    case ApiErrorCode.MalformedJson:
      return HttpStatus.BAD_REQUEST;
    case ApiErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ApiErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ApiErrorCode.NotFound:
    case ApiErrorCode.RouteNotFound:
      return HttpStatus.NOT_FOUND;
    case ApiErrorCode.Conflict:
    case ApiErrorCode.IdempotencyInFlight:
    case ApiErrorCode.TaskDecisionRefused:
    case ApiErrorCode.ActionRefused:
      return HttpStatus.CONFLICT;
    case ApiErrorCode.IdempotencyKeyReused:
    case ApiErrorCode.CalendarInvalid:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ApiErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ApiErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ApiErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ApiErrorCode.ServiceUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ApiErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`unmapped error code ${String(value)}`);
}

/** Errors raised by Express body parsing and Nest routing, translated into our codes. */
function fromHttpException(error: HttpException): ApiError {
  const status = error.getStatus() as HttpStatus;
  const type = (error.cause as { type?: string } | undefined)?.type;
  if (status === HttpStatus.NOT_FOUND) return new ApiError(ApiErrorCode.RouteNotFound, 'No such route');
  if (status === HttpStatus.PAYLOAD_TOO_LARGE)
    return new ApiError(ApiErrorCode.PayloadTooLarge, 'Request body too large');
  if (status === HttpStatus.BAD_REQUEST && (type === 'entity.parse.failed' || /JSON/i.test(error.message))) {
    return new ApiError(ApiErrorCode.MalformedJson, 'The request body is not valid JSON');
  }
  if (status === HttpStatus.UNAUTHORIZED)
    return new ApiError(ApiErrorCode.Unauthenticated, 'Authentication required');
  if (status === HttpStatus.FORBIDDEN) return new ApiError(ApiErrorCode.Forbidden, 'Not allowed');
  if (status === HttpStatus.TOO_MANY_REQUESTS)
    return new ApiError(ApiErrorCode.TooManyRequests, 'Too many requests');
  if (status < HttpStatus.INTERNAL_SERVER_ERROR)
    return new ApiError(ApiErrorCode.ValidationFailed, error.message);
  return new ApiError(ApiErrorCode.Internal, 'Internal error');
}

/** Body-parser errors reach the filter as plain errors with a status and a type. */
function fromBodyParser(error: unknown): ApiError | undefined {
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed')
    return new ApiError(ApiErrorCode.MalformedJson, 'The request body is not valid JSON');
  if (e?.type === 'entity.too.large')
    return new ApiError(ApiErrorCode.PayloadTooLarge, 'Request body too large');
  return undefined;
}

/** The one place errors become responses: `{ code, message, path, details? }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly log: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const error =
      exception instanceof ApiError
        ? exception
        : (fromBodyParser(exception) ??
          infrastructureFailure(exception) ??
          (exception instanceof HttpException ? fromHttpException(exception) : undefined) ??
          new ApiError(ApiErrorCode.Internal, 'Internal error'));
    const status = statusOf(error.code);
    if (status >= 500) {
      // The route pattern, never the URL's values or the body: both may hold personal data.
      this.log.error(
        {
          err:
            exception instanceof Error
              ? { type: exception.name, message: exception.message }
              : String(exception),
          route: (request.route as { path?: string } | undefined)?.path,
          method: request.method,
        },
        'request failed',
      );
    }
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(status).json({
      code: error.code,
      message: error.message,
      path: error.path,
      ...(error.details.length > 0 ? { details: error.details } : {}),
    });
  }
}
