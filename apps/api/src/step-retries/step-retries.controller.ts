import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { bulkRetrySchema, type BulkRetryDto, type BulkRetryView } from './step-retries.dto';
import { StepRetriesService } from './step-retries.service';

@Controller('admin/steps')
export class StepRetriesController {
  constructor(private readonly retries: StepRetriesService) {}

  /** Every failed step of a department or of a connector, retried in one call (after an outage). */
  @Post('retry')
  @Allow(['administrator', 'department_supervisor'])
  @HttpCode(200)
  retry(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkRetrySchema)) body: BulkRetryDto,
  ): Promise<BulkRetryView> {
    return this.retries.retryFailed(caller, body);
  }
}
