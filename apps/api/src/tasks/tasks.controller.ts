import { Body, Controller, UseFilters, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Allow, Caller, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import { ActionPendingFilter } from '../workflow/action-pending';
import {
  AddCommentDto,
  addCommentSchema,
  AssignTaskDto,
  assignTaskSchema,
  BulkAssignDto,
  bulkAssignSchema,
  BulkClaimDto,
  bulkClaimSchema,
  BulkReassignDto,
  bulkReassignSchema,
  BulkResult,
  CommentListQuery,
  commentListQuerySchema,
  CommentView,
  TaskDetailView,
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
import { TaskCommentsService } from './task-comments.service';
import { TaskHoldersService } from './task-holders.service';
import { TasksService } from './tasks.service';
import { WorkbenchResponseSchema, WorkbenchService, type WorkbenchView } from './workbench.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  BulkResultResponseSchema,
  CommentListResponseSchema,
  CommentResponseSchema,
  TaskDetailResponseSchema,
  TaskDecidedResponseSchema,
  TaskViewResponseSchema,
  WorklistResponseSchema,
} from './task.dto';

const DEPARTMENT_CALLERS = ['department_worker', 'department_supervisor', 'department_system'] as const;
/** Claims are personal: the department's people, not its system. */
const DEPARTMENT_PEOPLE = ['department_worker', 'department_supervisor'] as const;
const SUPERVISORS = ['department_supervisor', 'administrator'] as const;
const taskId = new ZodValidationPipe(taskIdSchema);

/** The department worklist: who sees and decides which task is `mayWorkTask` in @onething/auth's policy. */
@UseFilters(ActionPendingFilter)
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly holders: TaskHoldersService,
    private readonly comments: TaskCommentsService,
    private readonly workbenchView: WorkbenchService,
  ) {}

  // Bulk routes first: `bulk/claim` would otherwise match `:id/claim`.
  @Post('bulk/claim')
  @ApiRoute({ summary: 'Claim tasks (per-item results)', response: BulkResultResponseSchema })
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  bulkClaim(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkClaimSchema)) body: BulkClaimDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(body.ids, (id) => this.holders.claim(caller, id));
  }

  @Post('bulk/assign')
  @ApiRoute({ summary: 'Assign tasks to a person (per-item results)', response: BulkResultResponseSchema })
  @Allow(SUPERVISORS)
  @HttpCode(200)
  bulkAssign(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkAssignSchema)) body: BulkAssignDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(body.ids, (id) => this.holders.assign(caller, id, body.toAccountId));
  }

  @Post('bulk/reassign')
  @ApiRoute({ summary: 'Reassign tasks (per-item results)', response: BulkResultResponseSchema })
  @Allow(SUPERVISORS)
  @HttpCode(200)
  bulkReassign(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkReassignSchema)) { ids, ...to }: BulkReassignDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(ids, (id) => this.tasks.reassign(caller, id, to));
  }

  @Get()
  @ApiRoute({
    summary: "The department's worklist (urgent first, then soonest due)",
    response: WorklistResponseSchema,
  })
  @Allow(DEPARTMENT_CALLERS)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(worklistQuerySchema)) query: WorklistQuery) {
    return this.tasks.worklist(caller, query);
  }

  /** Before `:id`: the screens' choices (the one-things to filter by, the people to assign to). */
  @Get('workbench')
  @ApiRoute({
    summary: "The workbench's choices: the caller's departments, their one-things, their people",
    response: WorkbenchResponseSchema,
  })
  @Allow(DEPARTMENT_PEOPLE)
  workbench(@Caller() caller: Principal): Promise<WorkbenchView> {
    return this.workbenchView.view(caller);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'One task: its contract data, attachments, output form, SLA, holder, recent comments',
    response: TaskDetailResponseSchema,
  })
  @Allow(DEPARTMENT_CALLERS)
  get(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskDetailView> {
    return this.tasks.get(caller, id);
  }

  @Post(':id/claim')
  @ApiRoute({
    summary: 'Claim a task (409 with its holder when someone holds it)',
    response: TaskViewResponseSchema,
  })
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  claim(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskView> {
    return this.holders.claim(caller, id);
  }

  @Post(':id/release')
  @ApiRoute({ summary: 'Release a held task', response: TaskViewResponseSchema })
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  release(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskView> {
    return this.holders.release(caller, id);
  }

  @Post(':id/assign')
  @ApiRoute({ summary: 'Assign a task to a member of its department', response: TaskViewResponseSchema })
  @Allow(SUPERVISORS)
  @HttpCode(200)
  assign(
    @Caller() caller: Principal,
    @Param('id', taskId) id: string,
    @Body(new ZodValidationPipe(assignTaskSchema)) body: AssignTaskDto,
  ): Promise<TaskView> {
    return this.holders.assign(caller, id, body.toAccountId);
  }

  @Get(':id/comments')
  @ApiRoute({ summary: "A task's comments, newest first", response: CommentListResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  listComments(
    @Caller() caller: Principal,
    @Param('id', taskId) id: string,
    @Query(new ZodValidationPipe(commentListQuerySchema)) query: CommentListQuery,
  ) {
    return this.comments.forTask(caller, id, query);
  }

  /** Free text: never logged; `visibleToApplicant` shows it in the applicant's case. */
  @Post(':id/comments')
  @ApiRoute({ summary: 'Comment on a task', response: CommentResponseSchema, status: 201 })
  @Allow(DEPARTMENT_CALLERS)
  addComment(
    @Caller() caller: Principal,
    @Param('id', taskId) id: string,
    @Body(new ZodValidationPipe(addCommentSchema)) body: AddCommentDto,
  ): Promise<CommentView> {
    return this.comments.add(caller, id, body);
  }

  @Post(':id/decision')
  @ApiRoute({ summary: 'Decide a task (approve or reject)', response: TaskDecidedResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  decide(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(taskDecisionSchema)) body: TaskDecisionDto,
  ): Promise<TaskView & { outputs: Record<string, unknown> | null }> {
    return this.tasks.decide(caller, id, body);
  }

  /** Ask the applicant for more (fields of the step's contract); gathered with other departments' asks. */
  @Post(':id/material-requests')
  @ApiRoute({ summary: 'Ask the applicant for more material', response: TaskViewResponseSchema })
  @Allow(DEPARTMENT_CALLERS)
  requestMaterial(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(materialRequestSchema)) body: MaterialRequestDto,
  ): Promise<TaskView> {
    return this.tasks.requestMaterial(caller, id, body);
  }

  @Post(':id/reassign')
  @ApiRoute({ summary: 'Reassign a task (supervisors)', response: TaskViewResponseSchema })
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
