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

  @Column(() => SlaColumns, { prefix: false })
  sla!: SlaColumns;
}
