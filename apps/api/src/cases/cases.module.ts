import { Module } from '@nestjs/common';
import { caseDispatcherProvider } from '@onething/orchestration';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController],
  providers: [CasesService, caseDispatcherProvider],
})
export class CasesModule {}
