import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { StepRetriesController } from './step-retries.controller';
import { StepRetriesService } from './step-retries.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [StepRetriesController],
  providers: [StepRetriesService],
})
export class StepRetriesModule {}
