import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import {
  bulkRetrySchema,
  troubledStepsQuerySchema,
  type BulkRetryDto,
  type BulkRetryView,
  type TroubledStepsQuery,
} from './step-retries.dto';
import { StepRetriesService } from './step-retries.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import { bulkRetryResponseSchema, troubledStepPageResponseSchema } from './step-retries.dto';

@Controller('admin/steps')
export class StepRetriesController {
  constructor(private readonly retries: StepRetriesService) {}

  /** Steps that cannot proceed (`state=failed`) or are retrying (`state=retrying`), with their attempts. */
  @Get()
  @ApiRoute({
    summary: 'Steps that failed or are retrying their department',
    response: troubledStepPageResponseSchema,
  })
  @Allow(['administrator', 'auditor', 'department_supervisor'])
  list(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(troubledStepsQuerySchema)) query: TroubledStepsQuery,
  ) {
    return this.retries.troubled(caller, query);
  }

  /** Every failed step of a department or of a connector, retried in one call (after an outage). */
  @Post('retry')
  @ApiRoute({
    summary: 'Retry every failed step of a department or connector',
    response: bulkRetryResponseSchema,
  })
  @Allow(['administrator', 'department_supervisor'])
  @HttpCode(200)
  retry(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkRetrySchema)) body: BulkRetryDto,
  ): Promise<BulkRetryView> {
    return this.retries.retryFailed(caller, body);
  }
}
