import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  AuthError,
  AuthErrorCode,
  CalendarError,
  CalendarErrorCode,
  ConnectorError,
  ConnectorErrorCode,
  DomainError,
  UploadError,
  UploadErrorCode,
} from '@onething/errors';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ApiError, ApiErrorCode } from './api-error';
import { fromPostgresDataError } from './data-errors';
import { PROBLEM_CONTENT_TYPE, problemLanguageOf, toProblemDetails } from './problem-details';
import { fromBodyParserError, fromMalformedUrl } from './request-body';
import { infrastructureFailure, serviceUnavailable } from './infrastructure-errors';

export function statusOf(code: ApiErrorCode): number {
  switch (code) {
    case ApiErrorCode.ValidationFailed:
    case ApiErrorCode.InvalidCursor:
    case ApiErrorCode.MalformedJson:
      return HttpStatus.BAD_REQUEST;
    case ApiErrorCode.Unauthenticated:
    case ApiErrorCode.InboundSignatureInvalid:
      return HttpStatus.UNAUTHORIZED;
    case ApiErrorCode.Forbidden:
    case ApiErrorCode.CsrfRefused:
      return HttpStatus.FORBIDDEN;
    case ApiErrorCode.MethodNotAllowed:
      return HttpStatus.METHOD_NOT_ALLOWED;
    case ApiErrorCode.NotFound:
    case ApiErrorCode.RouteNotFound:
      return HttpStatus.NOT_FOUND;
    case ApiErrorCode.Conflict:
    case ApiErrorCode.NotAwaitingConfirmation:
    case ApiErrorCode.IdempotencyInFlight:
    case ApiErrorCode.TaskDecisionRefused:
    case ApiErrorCode.TaskClaimed:
    case ApiErrorCode.ActionRefused:
    case ApiErrorCode.ConnectorSettingsInvalid:
      return HttpStatus.CONFLICT;
    case ApiErrorCode.IdempotencyKeyReused:
    case ApiErrorCode.NotEligible:
    case ApiErrorCode.CalendarInvalid:
    case ApiErrorCode.ActionNotRecorded:
    case ApiErrorCode.UploadRefused:
    case ApiErrorCode.AttachmentUnknown:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ApiErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ApiErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ApiErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ApiErrorCode.ServiceUnavailable:
    case ApiErrorCode.Overloaded:
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

/** The API code of each refusal of authentication, authorization and identity management. */
export function apiCodeOfAuth(code: AuthErrorCode): ApiErrorCode {
  switch (code) {
    case AuthErrorCode.InvalidLogin:
    case AuthErrorCode.InvalidRefreshToken:
    case AuthErrorCode.CredentialRefused:
      return ApiErrorCode.Unauthenticated;
    case AuthErrorCode.TooManyAttempts:
      return ApiErrorCode.TooManyRequests;
    case AuthErrorCode.IdentityProviderUnavailable:
      return ApiErrorCode.ServiceUnavailable;
    case AuthErrorCode.NotAllowed:
      return ApiErrorCode.Forbidden;
    case AuthErrorCode.CaseNotVisible:
    case AuthErrorCode.TaskNotVisible:
    case AuthErrorCode.AccountNotFound:
    case AuthErrorCode.DepartmentNotFound:
    case AuthErrorCode.CredentialNotFound:
      return ApiErrorCode.NotFound;
    case AuthErrorCode.UsernameTaken:
    case AuthErrorCode.DepartmentExists:
      return ApiErrorCode.Conflict;
    case AuthErrorCode.RuleBroken:
      return ApiErrorCode.ValidationFailed;
    default:
      return assertUnreachable(code);
  }
}

export function apiCodeOfCalendar(code: CalendarErrorCode): ApiErrorCode {
  switch (code) {
    case CalendarErrorCode.Invalid:
      return ApiErrorCode.CalendarInvalid;
    default:
      return assertUnreachable(code);
  }
}

export function apiCodeOfUpload(code: UploadErrorCode): ApiErrorCode {
  switch (code) {
    case UploadErrorCode.TooLarge:
      return ApiErrorCode.PayloadTooLarge;
    case UploadErrorCode.TypeNotAccepted:
      return ApiErrorCode.UnsupportedMediaType;
    case UploadErrorCode.Empty:
    case UploadErrorCode.NameRefused:
    case UploadErrorCode.TooMany:
    case UploadErrorCode.UnknownField:
    case UploadErrorCode.Infected:
      return ApiErrorCode.UploadRefused;
    case UploadErrorCode.ScanUnavailable:
      return ApiErrorCode.ServiceUnavailable;
    case UploadErrorCode.AttachmentUnknown:
      return ApiErrorCode.AttachmentUnknown;
    case UploadErrorCode.NotFound:
      return ApiErrorCode.NotFound;
    default:
      return assertUnreachable(code);
  }
}

export function apiCodeOfConnector(code: ConnectorErrorCode): ApiErrorCode {
  switch (code) {
    case ConnectorErrorCode.NotFound:
      return ApiErrorCode.NotFound;
    case ConnectorErrorCode.Exists:
      return ApiErrorCode.Conflict;
    case ConnectorErrorCode.SecretRequired:
      return ApiErrorCode.ValidationFailed;
    case ConnectorErrorCode.SettingsInvalid:
      return ApiErrorCode.ConnectorSettingsInvalid;
    case ConnectorErrorCode.InvalidCursor:
      return ApiErrorCode.InvalidCursor;
    default:
      return assertUnreachable(code);
  }
}

/**
 * A library's domain refusal as the API answers it: its feature's code mapped above, its message, path
 * and details as they are, `Retry-After` when the refusal ends by itself.
 */
export function fromDomainError(exception: unknown): ApiError | undefined {
  if (!(exception instanceof DomainError)) return undefined;
  if (exception instanceof AuthError) {
    // An outage answers like every other one: the dependency named in the details, the common Retry-After.
    if (exception.code === AuthErrorCode.IdentityProviderUnavailable)
      return serviceUnavailable('IdentityProvider', exception.message);
    return asApiError(apiCodeOfAuth(exception.code), exception);
  }
  if (exception instanceof CalendarError) return asApiError(apiCodeOfCalendar(exception.code), exception);
  if (exception instanceof UploadError) {
    if (exception.code === UploadErrorCode.ScanUnavailable)
      return serviceUnavailable('MalwareScanner', exception.message);
    return asApiError(apiCodeOfUpload(exception.code), exception);
  }
  if (exception instanceof ConnectorError) return asApiError(apiCodeOfConnector(exception.code), exception);
  return undefined;
}

function asApiError(code: ApiErrorCode, error: DomainError): ApiError {
  return new ApiError(code, error.message, error.path, error.details, error.retryAfterSeconds);
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
  if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    return new ApiError(ApiErrorCode.UnsupportedMediaType, 'Unsupported request body format');
  if (status < HttpStatus.INTERNAL_SERVER_ERROR)
    return new ApiError(ApiErrorCode.ValidationFailed, error.message);
  return new ApiError(ApiErrorCode.Internal, 'Internal error');
}

/** Recognises what a request threw; returns the error to answer with, or undefined to pass it on. */
export type ErrorClassifier = (exception: unknown) => ApiError | undefined;

/**
 * In order, the first that recognises an exception decides the answer; what none recognises is a 500.
 * Infrastructure failures (PostgreSQL or Temporal unreachable, timeouts: 503) get their classifier in
 * front of `fromPostgresDataError`.
 */
const CLASSIFIERS: readonly ErrorClassifier[] = [
  (exception) => (exception instanceof ApiError ? exception : undefined),
  fromDomainError,
  fromBodyParserError,
  fromMalformedUrl,
  infrastructureFailure,
  fromPostgresDataError,
  (exception) => (exception instanceof HttpException ? fromHttpException(exception) : undefined),
];

export function classify(exception: unknown): ApiError {
  for (const classifier of CLASSIFIERS) {
    const error = classifier(exception);
    if (error) return error;
  }
  return new ApiError(ApiErrorCode.Internal, 'Internal error');
}

/**
 * The one place errors become responses: RFC 9457 problem details (`application/problem+json`) with the
 * title in the caller's language (`Accept-Language`: zh-CN by default, or en), never cached. Only server
 * faults (5xx) are logged: a client's mistake is not the operator's problem, and logging it would let
 * anyone flood the error log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly log: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const error = classify(exception);
    const status = statusOf(error.code);
    if (status >= 500) {
      // An outage (503) is the infrastructure's state, already told to the client with Retry-After: a
      // warning, so an outage does not flood the error log. The route pattern, never the URL's values or
      // the body: both may hold personal data.
      const level = status === 503 ? 'warn' : 'error';
      this.log[level](
        {
          // The logger's `err` serializer describes an Error without the values a database error quotes;
          // anything else thrown is named by its type only.
          err: exception instanceof Error ? exception : typeof exception,
          route: (request.route as { path?: string } | undefined)?.path,
          method: request.method,
        },
        'request failed',
      );
    }
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    const language = problemLanguageOf((languages) => request.acceptsLanguages(languages));
    response
      .status(status)
      .set({ 'Cache-Control': 'no-store', 'Content-Language': language })
      .vary('Accept-Language')
      .type(PROBLEM_CONTENT_TYPE)
      .json(toProblemDetails(error, status, language));
  }
}
