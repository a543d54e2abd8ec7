import type { EntityManager } from 'typeorm';
import { TaskCommentEntity } from '../entities/task.entity';

export type NewTaskComment = Pick<
  TaskCommentEntity,
  'taskId' | 'caseId' | 'department' | 'authorAccountId' | 'body' | 'visibleToApplicant'
>;

/** Which comments a page shows: a task's (its department), or a case's marked for the applicant. */
export type CommentScope = { taskId: string } | { caseIdForApplicant: string };

export interface CommentPage {
  scope: CommentScope;
  /** The last comment of the previous page (keyset): the page starts after it, newest first. */
  after?: string;
  limit: number;
}

/** Comments on tasks, newest first; the body is free text and stays in this table only. */
export class TaskCommentRepository {
  constructor(private readonly manager: EntityManager) {}

  private get rows() {
    return this.manager.getRepository(TaskCommentEntity);
  }

  async add(comment: NewTaskComment): Promise<TaskCommentEntity> {
    return this.rows.save(this.rows.create(comment));
  }

  /** One page, newest first, after the cursor's comment (served by the task and case indexes). */
  page(page: CommentPage): Promise<TaskCommentEntity[]> {
    const query = this.rows.createQueryBuilder('c');
    if ('taskId' in page.scope) query.where('c.task_id = :taskId', { taskId: page.scope.taskId });
    else {
      query
        .where('c.case_id = :caseId', { caseId: page.scope.caseIdForApplicant })
        .andWhere('c.visible_to_applicant');
    }
    if (page.after !== undefined) {
      query.andWhere('(c.created_at, c.id) < (SELECT created_at, id FROM task_comments WHERE id = :after)', {
        after: page.after,
      });
    }
    return query.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(page.limit).getMany();
  }
}
