import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import {
  databaseErrorsIn,
  describeError,
  isDatabaseError,
  redactText,
  restack,
  sensitiveFragments,
  summarizeDatabaseError,
} from '@onething/logging';

/**
 * What an activity throws goes into Temporal (the failure of the attempt, in history) and into the
 * SDK's "Activity failed" log line, once per attempt. When a database error is in it, this rebuilds it
 * without the values the database was sent (see @onething/logging error-redaction): the database error
 * becomes an `ApplicationFailure` of the same type (retry policies keying on `QueryFailedError` still
 * apply) with the SQLSTATE and a generic message; an `ApplicationFailure` around it keeps its type, its
 * `nonRetryable` flag, its category and next retry delay, and loses only what repeats the values.
 * Errors without a database error are passed through untouched.
 */
export function redactActivityError(error: unknown): unknown {
  const databaseErrors = databaseErrorsIn(error);
  if (databaseErrors.length === 0) return error;
  const fragments = databaseErrors.flatMap(sensitiveFragments);
  const replacement = summarizeDatabaseError(databaseErrors[0]).message;
  const rebuild = (current: Error, depth: number): Error => {
    const cause = current.cause instanceof Error && depth < 8 ? rebuild(current.cause, depth + 1) : undefined;
    let failure: ApplicationFailure;
    if (isDatabaseError(current)) {
      const { name, message, ...schemaNames } = summarizeDatabaseError(current);
      failure = ApplicationFailure.create({ type: name, message, details: [schemaNames] });
    } else if (current instanceof ApplicationFailure) {
      failure = new ApplicationFailure(
        redactText(current.message, fragments, replacement),
        current.type,
        current.nonRetryable ?? false,
        (current.details ?? []).map((detail) => redactDetail(detail, fragments)),
        cause,
        current.nextRetryDelay,
        current.category,
      );
    } else if (current instanceof TemporalFailure) {
      return current; // cancellation and the like carry no query values
    } else {
      // What the SDK would make of a plain error: its class name as the type, retryable.
      failure = ApplicationFailure.create({
        type: current.constructor?.name ?? current.name,
        message: redactText(current.message, fragments, replacement),
        ...(cause ? { cause } : {}),
      });
    }
    failure.stack = restack(current.stack, failure.type ?? failure.name, failure.message);
    return failure;
  };
  return rebuild(error as Error, 0);
}

/** A detail that is, or holds, one of the texts: replaced whole, since its shape is the activity's own. */
function redactDetail(detail: unknown, fragments: readonly string[]): unknown {
  if (detail instanceof Error) return describeError(detail);
  const holdsFragment = stringsIn(detail).some((text) =>
    fragments.some((fragment) => text.includes(fragment)),
  );
  return holdsFragment ? '[redacted]' : detail;
}

function stringsIn(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || depth > 8) return [];
  return Object.values(value).flatMap((inner) => stringsIn(inner, depth + 1));
}

/** Registered on every worker: activity errors leave the activity only as `redactActivityError` made them. */
export const redactingActivityInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        throw redactActivityError(error);
      }
    },
  },
});
