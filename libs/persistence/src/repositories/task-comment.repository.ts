import type { EntityManager } from 'typeorm';
import { TaskCommentEntity } from '../entities/task.entity';
import { keysetPage, type KeysetColumn, type KeysetResult } from './keyset';

export type NewTaskComment = Pick<
  TaskCommentEntity,
  'taskId' | 'caseId' | 'department' | 'authorAccountId' | 'body' | 'visibleToApplicant'
>;

/** Newest first: the order of `task_comments_task_idx` and `task_comments_case_idx`. */
const COMMENT_ORDER: KeysetColumn[] = [
  { sql: 'c.created_at', direction: 'DESC' },
  { sql: 'c.id', direction: 'DESC' },
];

/** Which comments a page shows: a task's (its department), or a case's marked for the applicant. */
export type CommentScope = { taskId: string } | { caseIdForApplicant: string };

export interface CommentPage {
  scope: CommentScope;
  /** The sort key (`COMMENT_ORDER`) of the previous page's last comment: the page starts after it. */
  after?: string[];
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
  page(page: CommentPage): Promise<KeysetResult<TaskCommentEntity>> {
    const query = this.rows.createQueryBuilder('c');
    if ('taskId' in page.scope) query.where('c.task_id = :taskId', { taskId: page.scope.taskId });
    else {
      query
        .where('c.case_id = :caseId', { caseId: page.scope.caseIdForApplicant })
        .andWhere('c.visible_to_applicant');
    }
    return keysetPage(query, COMMENT_ORDER, { after: page.after, limit: page.limit });
  }
}
