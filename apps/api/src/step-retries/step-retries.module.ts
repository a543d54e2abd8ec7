import { Module } from '@nestjs/common';
import { StepRetriesController } from './step-retries.controller';
import { StepRetriesService } from './step-retries.service';

@Module({ controllers: [StepRetriesController], providers: [StepRetriesService] })
export class StepRetriesModule {}
