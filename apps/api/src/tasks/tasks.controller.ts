import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import {
  TaskDecisionDto,
  taskDecisionSchema,
  taskIdSchema,
  TaskView,
  WorklistQuery,
  worklistQuerySchema,
} from './task.dto';
import { TasksService } from './tasks.service';

const DEPARTMENT_CALLERS = ['department_worker', 'department_supervisor', 'department_system'] as const;

/** The department worklist: who sees and decides which task is `mayWorkTask` in @onething/auth's policy. */
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Allow(DEPARTMENT_CALLERS)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(worklistQuerySchema)) query: WorklistQuery) {
    return this.tasks.worklist(caller, query);
  }

  @Get(':id')
  @Allow(DEPARTMENT_CALLERS)
  get(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
  ): Promise<TaskView> {
    return this.tasks.get(caller, id);
  }

  @Post(':id/decision')
  @Allow(DEPARTMENT_CALLERS)
  decide(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(taskDecisionSchema)) body: TaskDecisionDto,
  ): Promise<TaskView> {
    return this.tasks.decide(caller, id, body);
  }
}
