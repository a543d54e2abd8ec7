import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { ZodError } from 'zod';
import { ActivityFailureType } from '@onething/case-model';
import {
  ConnectorTransportError,
  UnknownConnectorError,
  UnreadableConnectorError,
} from '@onething/connectors';
import { sqlStateOf } from '@onething/logging';

export { ActivityFailureType };

/**
 * SQLSTATE classes of the data itself: 22 (data exception: a NUL in text, a number out of range, an
 * invalid escape in JSON) and 23 (integrity constraint violation). The same write fails the same way
 * on every attempt.
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23']);

/**
 * What an activity throws to Temporal instead of `error`: permanent failures become non-retryable
 * ApplicationFailures with a type, so nothing loops on them. Messages name codes only: a database
 * error's own message and its query parameters can quote personal data, and Temporal stores failure
 * messages (and the SDK logs them), so neither is passed on.
 */
export function classifyActivityFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  // The SQLSTATE wherever the database error sits in the cause chain (an activity may have wrapped it).
  const code = sqlStateOf(error);
  if (code || error instanceof QueryFailedError) {
    const message = `PostgreSQL refused the statement (SQLSTATE ${code ?? 'unknown'})`;
    if (code && PERMANENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) {
      return ApplicationFailure.create({
        type: ActivityFailureType.DataRefused,
        message,
        nonRetryable: true,
      });
    }
    return ApplicationFailure.create({ type: ActivityFailureType.DatabaseError, message });
  }
  if (error instanceof ZodError) {
    const paths = [...new Set(error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    return ApplicationFailure.create({
      type: ActivityFailureType.ValidationFailed,
      message: `Invalid input at ${paths.slice(0, 5).join(', ')}`,
      nonRetryable: true,
    });
  }
  if (error instanceof UnknownConnectorError || error instanceof UnreadableConnectorError) {
    return ApplicationFailure.create({
      type: ActivityFailureType.ConnectorMisconfigured,
      message: error.message,
      nonRetryable: true,
    });
  }
  if (error instanceof ConnectorTransportError) {
    // The connector's message names the connector, the failure and the HTTP status, never the data sent.
    return ApplicationFailure.create({
      type: error.retryable
        ? ActivityFailureType.DepartmentUnavailable
        : ActivityFailureType.DepartmentRefused,
      message: error.message,
      nonRetryable: !error.retryable,
      details: [{ failure: error.failure, ...(error.status === undefined ? {} : { status: error.status }) }],
    });
  }
  return error;
}

type ActivityFunction = (...args: never[]) => Promise<unknown>;

/** Wraps every activity so what it throws goes through `classifyActivityFailure`. */
export function withClassifiedFailures<A extends Record<string, ActivityFunction>>(activities: A): A {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: never[]) => {
        try {
          return await activity(...args);
        } catch (error) {
          throw classifyActivityFailure(error);
        }
      },
    ]),
  ) as A;
}

/** The code the case view shows: the connector's failure kind (`server-error`), else the failure type. */
export function failureCode(failure: unknown): string {
  if (failure instanceof ApplicationFailure) {
    const [detail] = failure.details ?? [];
    if (detail && typeof detail === 'object' && 'failure' in detail) {
      const { failure: kind, status } = detail as { failure: string; status?: number };
      return status === undefined ? kind : `${kind}:${status}`;
    }
    return failure.type ?? 'ApplicationFailure';
  }
  return failure instanceof Error ? failure.name : 'unknown';
}

/** The failure's type for a log line (never its message: it may quote data). */
export function failureType(failure: unknown): string {
  return failure instanceof ApplicationFailure ? (failure.type ?? 'ApplicationFailure') : 'unknown';
}
