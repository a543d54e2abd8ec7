import { Body, Controller, UseFilters, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Allow, Caller, CALLER_ROLES, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ActionPendingFilter } from '../workflow/action-pending';
import { caseIdSchema } from '../cases/case.dto';
import {
  CaseActionView,
  NoticeAnswerDto,
  noticeAnswerSchema,
  noticeIdSchema,
  NoticeView,
  ReasonDto,
  reasonSchema,
  stepIdSchema,
} from './case-actions.dto';
import { CaseActionsService } from './case-actions.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import { caseActionResponseSchema, noticeListResponseSchema, noticeResponseSchema } from './case-actions.dto';

/**
 * What happens to a case after submission besides departments deciding: the applicant withdraws or
 * answers the one notice; supervisors and administrators retry a failed step or cancel. Each is an
 * Update on the case workflow, whose validator checks role and department again before history.
 */
@UseFilters(ActionPendingFilter)
@Controller('cases')
export class CaseActionsController {
  constructor(private readonly actions: CaseActionsService) {}

  @Post(':id/withdraw')
  @ApiRoute({ summary: 'Withdraw your application', response: caseActionResponseSchema })
  @Allow(['applicant', 'counter_clerk'])
  @HttpCode(202)
  withdraw(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: ReasonDto,
  ): Promise<CaseActionView> {
    return this.actions.withdraw(caller, id, body.reason);
  }

  @Post(':id/cancel')
  @ApiRoute({ summary: 'Cancel a case (administrators, supervisors)', response: caseActionResponseSchema })
  @Allow(['administrator', 'department_supervisor'])
  @HttpCode(202)
  cancel(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Body(new ZodValidationPipe(reasonSchema)) body: ReasonDto,
  ): Promise<CaseActionView> {
    return this.actions.cancel(caller, id, body.reason);
  }

  @Post(':id/steps/:stepId/retry')
  @ApiRoute({ summary: 'Retry a failed step', response: caseActionResponseSchema })
  @Allow(['administrator', 'department_supervisor'])
  @HttpCode(202)
  retry(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Param('stepId', new ZodValidationPipe(stepIdSchema)) stepId: string,
  ): Promise<CaseActionView> {
    return this.actions.retryStep(caller, id, stepId);
  }

  /** The applicant's notices (a department sees only its own requests in them). */
  @Get(':id/notices')
  @ApiRoute({ summary: "The case's notices asking for more material", response: noticeListResponseSchema })
  @Allow(CALLER_ROLES)
  notices(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
  ): Promise<{ items: NoticeView[] }> {
    return this.actions.notices(caller, id);
  }

  @Post(':id/notices/:noticeId/answer')
  @ApiRoute({ summary: 'Answer a notice', response: noticeResponseSchema })
  @Allow(['applicant', 'counter_clerk'])
  @HttpCode(200)
  answer(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) id: string,
    @Param('noticeId', new ZodValidationPipe(noticeIdSchema)) noticeId: string,
    @Body(new ZodValidationPipe(noticeAnswerSchema)) body: NoticeAnswerDto,
  ): Promise<NoticeView> {
    return this.actions.answer(caller, id, noticeId, body);
  }
}
