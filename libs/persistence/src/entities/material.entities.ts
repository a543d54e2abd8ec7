import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type MaterialNoticeStatus = 'open' | 'answered' | 'closed';

/**
 * One notice to the applicant (一次告知): every request for more material that departments made within
 * one gathering window. Its id comes from the case workflow, so a retried activity finds it again.
 */
@Entity({ name: 'material_notices' })
export class MaterialNoticeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  status!: MaterialNoticeStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}

/** One step's request: which of its contract fields it needs again, and why. */
@Entity({ name: 'material_requests' })
export class MaterialRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'step_id', type: 'text' })
  stepId!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'jsonb' })
  fields!: string[];

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** Makes the recording activity idempotent: the task workflow's id for this request. */
  @Column({ name: 'request_key', type: 'text', unique: true })
  requestKey!: string;

  @Column({ name: 'notice_id', type: 'uuid', nullable: true })
  noticeId!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}

export type MaterialAnswerStatus = 'pending' | 'applied' | 'refused';

/**
 * The applicant's answer to a notice. Stored `pending` before the case workflow is told, `applied` by
 * the workflow's activity: the application changes only once the workflow accepted the answer.
 */
@Entity({ name: 'material_answers' })
export class MaterialAnswerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Personal data: never logged, never sent to Temporal. */
  @Column({ type: 'jsonb' })
  values!: Record<string, unknown>;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  @Column({ type: 'text' })
  status!: MaterialAnswerStatus;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;
}
