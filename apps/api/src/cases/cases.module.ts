import { Module } from '@nestjs/common';
import { caseDispatcherProvider, PinnedDefinitionsModule } from '@onething/orchestration';
import { CasesController } from './cases.controller';
import { CaseAdmission } from './case-admission';
import { CasesService } from './cases.service';
import { CommitmentsController } from './commitments.controller';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [CasesController, CommitmentsController],
  providers: [CasesService, CaseAdmission, caseDispatcherProvider],
  exports: [CasesService],
})
export class CasesModule {}
