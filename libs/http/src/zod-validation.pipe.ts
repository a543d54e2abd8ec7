import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { issuesToDetails } from '@onething/errors';
import { ApiError, ApiErrorCode } from './api-error';

/** Validates a body, query or param against a zod schema; failures become 400 `{code, message, path}`. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  /** Public so tooling (the route-table fuzz suite) can read what a route validates. */
  constructor(readonly schema: S) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    // A single route parameter (`@Param('id')`) is reported under its own name.
    const prefix = metadata?.type !== 'body' && metadata?.data ? [metadata.data] : [];
    return parseOrThrow(this.schema, value, prefix);
  }
}

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string[] = [],
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })));
  const first = details[0];
  throw new ApiError(
    ApiErrorCode.ValidationFailed,
    `${first.path || 'body'}: ${first.message}`,
    first.path,
    details,
  );
}
