import { Module } from '@nestjs/common';
import { AccessLogController, AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({ controllers: [AuditController, AccessLogController], providers: [AuditService] })
export class AuditApiModule {}
