import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Allow, Caller, CALLER_ROLES, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { caseIdSchema, CaseView, SubmitCaseDto, submitCaseSchema } from './case.dto';
import { CasesService } from './cases.service';

@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Allow(['applicant', 'counter_clerk'])
  @HttpCode(201)
  submit(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(submitCaseSchema)) body: SubmitCaseDto,
  ): Promise<CaseView> {
    return this.cases.submit(body, caller);
  }

  /** Who may read which case is decided by `mayReadCase` in @onething/auth's policy. */
  @Get(':id')
  @Allow(CALLER_ROLES)
  get(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
  ): Promise<CaseView> {
    return this.cases.get(id, caller);
  }
}
