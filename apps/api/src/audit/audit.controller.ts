import { Controller, Get, Query } from '@nestjs/common';
import { ApiRoute } from '../openapi/api-route.decorator';
import { accessLogResponseSchema, auditListResponseSchema, auditVerifyResponseSchema } from './audit.dto';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { AccessLogQuery, accessLogQuerySchema, AuditQuery, auditQuerySchema } from './audit.dto';
import { AuditService } from './audit.service';

/** The access trail for oversight: query it, and check that no record was changed or removed. */
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiRoute({ summary: 'Query the access trail', response: auditListResponseSchema })
  @Allow(['administrator', 'auditor'])
  search(@Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery) {
    return this.audit.search(query);
  }

  @Get('verify')
  @ApiRoute({
    summary: 'Check the access trail’s hash chain; names the first broken record',
    response: auditVerifyResponseSchema,
  })
  @Allow(['administrator', 'auditor'])
  verify() {
    return this.audit.verify();
  }
}

/** Who read which of my data, and why (the Estonian Data Tracker idea): applicants, their cases only. */
@Controller('me/access-log')
export class AccessLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiRoute({ summary: 'Who read which of my data, and why', response: accessLogResponseSchema })
  @Allow(['applicant'])
  list(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(accessLogQuerySchema)) query: AccessLogQuery,
  ) {
    return this.audit.accessLog(caller, query);
  }
}
