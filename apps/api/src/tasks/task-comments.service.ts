import { Inject, Injectable } from '@nestjs/common';
import { mayActForApplicant, type Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import { loadReadableCase } from '../cases/readable-case';
import { commentCursor } from './cursor';
import { toCommentView, type AddCommentDto, type CommentListQuery, type CommentView } from './task.dto';
import { TasksService } from './tasks.service';

/**
 * Comments on a task: its department reads and writes them; the applicant (or their counter clerk)
 * reads, through the case, only those marked `visibleToApplicant`, without the author's name. The body
 * is free text: it is stored, answered, and never logged nor put in an event.
 */
@Injectable()
export class TaskCommentsService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly tasks: TasksService,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async add(caller: Principal, taskId: string, dto: AddCommentDto): Promise<CommentView> {
    const task = await this.tasks.load(caller, taskId);
    const comment = await this.readModel.transaction(async (tx) => {
      const added = await tx.taskComments.add({
        taskId,
        caseId: task.caseId,
        department: task.department,
        authorAccountId: caller.accountId,
        body: dto.body,
        visibleToApplicant: dto.visibleToApplicant,
      });
      await tx.outbox.appendCaseEvent(task.caseId, 'task.commented', {
        taskId,
        commentId: added.id,
        visibleToApplicant: dto.visibleToApplicant,
      });
      return added;
    });
    this.log.info({ taskId, caseId: task.caseId, commentId: comment.id }, 'task comment added');
    return toCommentView(comment, await this.readModel.staff.displayNames(authorsOf([comment])));
  }

  async forTask(caller: Principal, taskId: string, query: CommentListQuery) {
    const after = commentCursor.decode(query.cursor);
    await this.tasks.load(caller, taskId);
    const { items, lastKey } = await this.readModel.taskComments.page({
      scope: { taskId },
      after,
      limit: query.limit,
    });
    const names = await this.readModel.staff.displayNames(authorsOf(items));
    return commentCursor.page(
      items.map((row) => toCommentView(row, names)),
      lastKey,
    );
  }

  /** What the applicant was told across the case's tasks, newest first. */
  async forApplicant(caller: Principal, caseId: string, query: CommentListQuery) {
    const after = commentCursor.decode(query.cursor);
    const { facts } = await loadReadableCase(this.readModel, caller, caseId);
    if (!mayActForApplicant(caller, facts)) throw new ApiError(ApiErrorCode.NotFound, 'No such case', 'id');
    const { items, lastKey } = await this.readModel.taskComments.page({
      scope: { caseIdForApplicant: caseId },
      after,
      limit: query.limit,
    });
    return commentCursor.page(
      items.map((row) => toCommentView(row, null)),
      lastKey,
    );
  }
}

function authorsOf(comments: { authorAccountId: string | null }[]): string[] {
  return [
    ...new Set(comments.flatMap((comment) => (comment.authorAccountId ? [comment.authorAccountId] : []))),
  ];
}
