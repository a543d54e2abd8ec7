import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [CaseActionsController],
  providers: [CaseActionsService],
})
export class CaseActionsModule {}
