import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ imports: [PinnedDefinitionsModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
