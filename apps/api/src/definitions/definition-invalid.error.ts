import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DefinitionIssue } from '@onething/definition';
import { PROBLEM_CONTENT_TYPE, problemLanguageOf } from '@onething/http';

const TITLE = { 'zh-CN': '定义未通过校验', en: 'The definition does not validate' } as const;

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

/** 422: RFC 9457 problem details like every error (`code`, `path`, `details`), plus the full issues. */
@Catch(DefinitionInvalidError)
export class DefinitionInvalidFilter implements ExceptionFilter {
  catch(error: DefinitionInvalidError, host: ArgumentsHost): void {
    const errors = error.issues.filter((found) => found.severity === 'error');
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const language = problemLanguageOf((languages) => request.acceptsLanguages(languages));
    http
      .getResponse<Response>()
      .status(HttpStatus.UNPROCESSABLE_ENTITY)
      .type(PROBLEM_CONTENT_TYPE)
      .setHeader('Content-Language', language)
      .send({
        type: 'https://onething.dev/problems/definition-invalid',
        title: TITLE[language],
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: error.message,
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
