import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Caller, CALLER_ROLES, type Principal } from '@onething/auth';
import { parseOrThrow, problemLanguageOf, ZodValidationPipe } from '@onething/http';
import {
  caseIdSchema,
  CaseListQuery,
  caseListQuerySchema,
  CaseView,
  idempotencyKeySchema,
  SubmitCaseDto,
  submitCaseSchema,
} from './case.dto';
import { CasesService } from './cases.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import { casePageResponseSchema, caseResponseSchema } from './case.dto';

@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiRoute({
    summary:
      'Submit one application (201; 200 when the Idempotency-Key replays a submission; 503 OVERLOADED with Retry-After while the case workers are too far behind)',
    response: caseResponseSchema,
    status: 201,
    alsoStatus: [200],
    headers: { 'idempotency-key': idempotencyKeySchema },
  })
  @Allow(['applicant', 'counter_clerk'])
  async submit(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(submitCaseSchema)) body: SubmitCaseDto,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const idempotencyKey = parseOrThrow(idempotencyKeySchema, rawIdempotencyKey, ['Idempotency-Key']);
    // An ineligible application is refused with each rule's message in the request's language (and both).
    const language = problemLanguageOf((languages) => response.req.acceptsLanguages(languages));
    const { view, replayed } = await this.cases.submit(body, caller, idempotencyKey, language);
    // A replayed key answers with the case it created the first time.
    response.status(replayed ? 200 : 201);
    return view;
  }

  /** Follow progress: the caller's own cases (the policy's `caseListScope`), with filters and paging. */
  @Get()
  @ApiRoute({ summary: "The caller's cases, newest first", response: casePageResponseSchema })
  @Allow(CALLER_ROLES)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(caseListQuerySchema)) query: CaseListQuery) {
    return this.cases.list(caller, query);
  }

  /** Who may read which case is decided by `mayReadCase` in @onething/auth's policy. */
  @Get(':id')
  @ApiRoute({ summary: 'A case: progress of every step and the merged result', response: caseResponseSchema })
  @Allow(CALLER_ROLES)
  get(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
  ): Promise<CaseView> {
    return this.cases.get(id, caller);
  }
}
