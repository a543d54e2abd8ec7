import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { DefinitionIssue } from '@onething/definition';

export const DEFINITION_INVALID = 'DEFINITION_INVALID';

/**
 * The request was well formed, but the definition it names does not validate (publishing it, planning
 * it, composing its form). Carries every issue, not only the first, so the editor can show them all.
 */
export class DefinitionInvalidError extends Error {
  constructor(
    message: string,
    readonly issues: DefinitionIssue[],
  ) {
    super(message);
    this.name = 'DefinitionInvalidError';
  }
}

/** 422 `{code, message, path, details, issues}`: the `{code, message, path}` shape plus the full issues. */
@Catch(DefinitionInvalidError)
export class DefinitionInvalidFilter implements ExceptionFilter {
  catch(error: DefinitionInvalidError, host: ArgumentsHost): void {
    const errors = error.issues.filter((found) => found.severity === 'error');
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.UNPROCESSABLE_ENTITY)
      .json({
        code: DEFINITION_INVALID,
        message: error.message,
        path: errors[0]?.pointer ?? '',
        details: errors.map((found) => ({
          code: found.code,
          message: found.message.en,
          path: found.pointer,
        })),
        issues: error.issues,
      });
  }
}
