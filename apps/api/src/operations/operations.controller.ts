import { Controller, Get, Query } from '@nestjs/common';
import { Allow } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  operationsOverviewResponseSchema,
  operationsTrendsResponseSchema,
  trendsQuerySchema,
  type TrendsQuery,
} from './operations.dto';
import { OperationsService } from './operations.service';

/** The operations view's figures: administrators act on them, auditors read them. */
@Controller('admin/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('overview')
  @ApiRoute({
    summary: 'Cases by one-thing and status, failed steps, overdue steps (SLA breaches)',
    response: operationsOverviewResponseSchema,
  })
  @Allow(['administrator', 'auditor'])
  overview() {
    return this.operations.overview();
  }

  @Get('trends')
  @ApiRoute({
    summary: "Each department's backlog, settled steps and cycle time per day",
    response: operationsTrendsResponseSchema,
  })
  @Allow(['administrator', 'auditor'])
  trends(@Query(new ZodValidationPipe(trendsQuerySchema)) query: TrendsQuery) {
    return this.operations.trends(query);
  }
}
