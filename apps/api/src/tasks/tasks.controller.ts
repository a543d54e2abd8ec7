import { Body, Controller, UseFilters, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ActionPendingFilter } from '../workflow/action-pending';
import {
  MaterialRequestDto,
  materialRequestSchema,
  ReassignTaskDto,
  reassignTaskSchema,
  TaskDecisionDto,
  taskDecisionSchema,
  taskIdSchema,
  TaskView,
  WorklistQuery,
  worklistQuerySchema,
} from './task.dto';
import { TasksService } from './tasks.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import { taskPageResponseSchema, taskResponseSchema } from './task.dto';

const DEPARTMENT_CALLERS = ['department_worker', 'department_supervisor', 'department_system'] as const;

/** The department worklist: who sees and decides which task is `mayWorkTask` in @onething/auth's policy. */
@UseFilters(ActionPendingFilter)
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiRoute({
    summary: "The department's worklist (urgent first, then soonest due)",
    response: taskPageResponseSchema,
  })
  @Allow(DEPARTMENT_CALLERS)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(worklistQuerySchema)) query: WorklistQuery) {
    return this.tasks.worklist(caller, query);
  }

  @Get(':id')
  @ApiRoute({ summary: 'One task with the data of its step contract', response: taskResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  get(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
  ): Promise<TaskView> {
    return this.tasks.get(caller, id);
  }

  @Post(':id/decision')
  @ApiRoute({ summary: 'Decide a task (approve or reject)', response: taskResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  decide(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(taskDecisionSchema)) body: TaskDecisionDto,
  ): Promise<TaskView> {
    return this.tasks.decide(caller, id, body);
  }

  /** Ask the applicant for more (fields of the step's contract); gathered with other departments' asks. */
  @Post(':id/material-requests')
  @ApiRoute({ summary: 'Ask the applicant for more material', response: taskResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  requestMaterial(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(materialRequestSchema)) body: MaterialRequestDto,
  ): Promise<TaskView> {
    return this.tasks.requestMaterial(caller, id, body);
  }

  @Post(':id/reassign')
  @ApiRoute({ summary: 'Reassign a task (supervisors)', response: taskResponseSchema })
  @Allow(['department_supervisor', 'administrator'])
  @HttpCode(200)
  reassign(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(reassignTaskSchema)) body: ReassignTaskDto,
  ): Promise<TaskView> {
    return this.tasks.reassign(caller, id, body);
  }
}
