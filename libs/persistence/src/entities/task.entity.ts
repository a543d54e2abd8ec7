import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { TaskStatus } from '@onething/case-model';
import { SlaColumns } from './sla.columns';

export type TaskPriority = 'normal' | 'urgent';

/** A department worker's task for one manual step; `data` holds exactly the step's contract fields. */
@Entity({ name: 'tasks' })
@Unique('tasks_case_step', ['caseId', 'stepId'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'step_id', type: 'text' })
  stepId!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', default: 'normal' })
  priority!: TaskPriority;

  /** Set when a supervisor hands the task to one person; null: anyone in the department. */
  @Column({ name: 'assignee_account_id', type: 'uuid', nullable: true })
  assigneeAccountId!: string | null;

  /** Where an escalation sent it: `supervisor`, or the department it was moved to. */
  @Column({ name: 'escalated_to', type: 'text', nullable: true })
  escalatedTo!: string | null;

  /** When the assignee took or was given the task (null while nobody holds it). */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column(() => SlaColumns, { prefix: false })
  sla!: SlaColumns;
}

/**
 * A note on a task by its department's people. Free text: never logged. The applicant sees it only when
 * `visibleToApplicant` (through their case), the department always.
 */
@Entity({ name: 'task_comments' })
export class TaskCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The department that held the task when the comment was written. */
  @Column({ type: 'text' })
  department!: string;

  @Column({ name: 'author_account_id', type: 'uuid', nullable: true })
  authorAccountId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'visible_to_applicant', type: 'boolean', default: false })
  visibleToApplicant!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
