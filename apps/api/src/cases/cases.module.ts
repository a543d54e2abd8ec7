import { Module } from '@nestjs/common';
import { caseDispatcherProvider, PinnedDefinitionsModule } from '@onething/orchestration';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [CasesController],
  providers: [CasesService, caseDispatcherProvider],
})
export class CasesModule {}
