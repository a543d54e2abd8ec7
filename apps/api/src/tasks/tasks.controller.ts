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
  ) {}

  // Bulk routes first: `bulk/claim` would otherwise match `:id/claim`.
  @Post('bulk/claim')
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  bulkClaim(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkClaimSchema)) body: BulkClaimDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(body.ids, (id) => this.holders.claim(caller, id));
  }

  @Post('bulk/assign')
  @Allow(SUPERVISORS)
  @HttpCode(200)
  bulkAssign(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkAssignSchema)) body: BulkAssignDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(body.ids, (id) => this.holders.assign(caller, id, body.toAccountId));
  }

  @Post('bulk/reassign')
  @Allow(SUPERVISORS)
  @HttpCode(200)
  bulkReassign(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(bulkReassignSchema)) { ids, ...to }: BulkReassignDto,
  ): Promise<BulkResult> {
    return this.holders.bulk(ids, (id) => this.tasks.reassign(caller, id, to));
  }

  @Get()
  @Allow(DEPARTMENT_CALLERS)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(worklistQuerySchema)) query: WorklistQuery) {
    return this.tasks.worklist(caller, query);
  }

  @Get(':id')
  @Allow(DEPARTMENT_CALLERS)
  get(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskDetailView> {
    return this.tasks.get(caller, id);
  }

  @Post(':id/claim')
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  claim(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskView> {
    return this.holders.claim(caller, id);
  }

  @Post(':id/release')
  @Allow(DEPARTMENT_PEOPLE)
  @HttpCode(200)
  release(@Caller() caller: Principal, @Param('id', taskId) id: string): Promise<TaskView> {
    return this.holders.release(caller, id);
  }

  @Post(':id/assign')
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
  @Allow(DEPARTMENT_CALLERS)
  addComment(
    @Caller() caller: Principal,
    @Param('id', taskId) id: string,
    @Body(new ZodValidationPipe(addCommentSchema)) body: AddCommentDto,
  ): Promise<CommentView> {
    return this.comments.add(caller, id, body);
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

  /** Ask the applicant for more (fields of the step's contract); gathered with other departments' asks. */
  @Post(':id/material-requests')
  @Allow(DEPARTMENT_CALLERS)
  requestMaterial(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdSchema)) id: string,
    @Body(new ZodValidationPipe(materialRequestSchema)) body: MaterialRequestDto,
  ): Promise<TaskView> {
    return this.tasks.requestMaterial(caller, id, body);
  }

  @Post(':id/reassign')
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
