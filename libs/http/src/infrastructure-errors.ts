import { status } from '@grpc/grpc-js';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApiError, ApiErrorCode } from './api-error';

/** What a client is told to wait before trying again while a server we depend on is away. */
export const RETRY_AFTER_SECONDS = 5;

/** `details[0].code` of a 503: which dependency did not answer. */
export const UnavailableDependency = {
  Database: 'DATABASE_UNAVAILABLE',
  WorkflowEngine: 'WORKFLOW_ENGINE_UNAVAILABLE',
  IdentityProvider: 'IDENTITY_PROVIDER_UNAVAILABLE',
  MalwareScanner: 'MALWARE_SCANNER_UNAVAILABLE',
  BlobStorage: 'BLOB_STORAGE_UNAVAILABLE',
} as const;

// Socket-level failures Node reports when a server is down, restarting or unreachable (in the API the
// only server reached over a plain socket is PostgreSQL; Temporal's failures arrive as gRPC statuses).
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// SQLSTATEs that say "the server cannot serve this now", never "this request is wrong".
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '57014', // query_canceled: statement_timeout
  '53300', // too_many_connections
]);

// node-postgres and its pool say these in plain messages, without a code.
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect/, // pool acquire timeout
  /^Query read timeout/, // query_timeout: the server did not answer at all
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

// gRPC statuses that mean Temporal was not reached or did not answer in time.
const UNAVAILABLE_GRPC_STATUSES = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/** The error, then what it wraps (TypeORM's `driverError`, `cause`, an AggregateError's members). */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 5 || typeof error !== 'object' || error === null) return;
  const e = error as ErrorLike;
  yield e;
  yield* chain(e.driverError, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const member of e.errors) yield* chain(member, depth + 1);
}

function isDatabaseUnavailable(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_ERROR_CODES.has(code)) return true;
  // SQLSTATE class 08: connection exceptions.
  if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

function isWorkflowEngineUnavailable(e: ErrorLike): boolean {
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcServiceError(e)) return UNAVAILABLE_GRPC_STATUSES.has(e.code);
  // The lazy connection's first connect failing carries no gRPC status of its own.
  return e instanceof ServiceError && /^Failed to connect/.test(e.message);
}

export function serviceUnavailable(
  dependency: keyof typeof UnavailableDependency,
  message: string,
): ApiError {
  return new ApiError(
    ApiErrorCode.ServiceUnavailable,
    message,
    '',
    [{ code: UnavailableDependency[dependency], message, path: '' }],
    RETRY_AFTER_SECONDS,
  );
}

/**
 * A failure that is the infrastructure's, not the request's: PostgreSQL down, restarting, out of
 * connections or too slow, Temporal unreachable. It becomes 503 with `Retry-After`, so a client keeps
 * its session and tries again instead of treating it as a defect (500) or a sign-out (401).
 */
export function infrastructureFailure(error: unknown): ApiError | undefined {
  for (const e of chain(error)) {
    if (isWorkflowEngineUnavailable(e))
      return serviceUnavailable('WorkflowEngine', 'The workflow engine is not reachable; try again shortly');
    if (isDatabaseUnavailable(e))
      return serviceUnavailable('Database', 'The database is not available; try again shortly');
  }
  return undefined;
}
