import { Module } from '@nestjs/common';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { CaseCommentsController } from './case-comments.controller';
import { TaskCommentsService } from './task-comments.service';
import { TaskHoldersService } from './task-holders.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { WorkbenchService } from './workbench.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [TasksController, CaseCommentsController],
  providers: [TasksService, TaskHoldersService, TaskCommentsService, WorkbenchService],
})
export class TasksModule {}
