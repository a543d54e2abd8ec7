import { Global, Module } from '@nestjs/common';
import { AccessTrail } from './access-trail';

/** The access trail for every feature module (global: each read path records through the same port). */
@Global()
@Module({ providers: [AccessTrail], exports: [AccessTrail] })
export class AuditModule {}
