import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { CaseResultSummary, CaseStatus } from '@onething/case-model';
import { CaseStepEntity } from './case-step.entity';

@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'definition_key', type: 'text' })
  definitionKey!: string;

  @Column({ name: 'definition_version', type: 'int' })
  definitionVersion!: number;

  @Column({ type: 'text' })
  status!: CaseStatus;

  /** The applicant's answers: personal data, never logged, never sent to Temporal in the clear. */
  @Column({ type: 'jsonb' })
  application!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: CaseResultSummary | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  /** The applicant the case belongs to (null only for cases stored before accounts existed). */
  @Column({ name: 'applicant_account_id', type: 'uuid', nullable: true })
  applicantAccountId!: string | null;

  /** Who submitted it: the applicant themself, or a counter clerk acting for them. */
  @Column({ name: 'submitted_by_account_id', type: 'uuid', nullable: true })
  submittedByAccountId!: string | null;

  /** The applicant's recorded consent when a counter clerk submitted on their behalf. */
  @Column({ name: 'submission_consent', type: 'jsonb', nullable: true })
  submissionConsent!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The commitment's due date (China Standard Time), when the definition promises one. */
  @Column({ name: 'commitment_due_date', type: 'date', nullable: true })
  commitmentDueDate!: string | null;

  /** The end of the due date: past it the commitment is breached. */
  @Column({ name: 'commitment_due_at', type: 'timestamptz', nullable: true })
  commitmentDueAt!: Date | null;

  /** The start of the due date: from then on the case is due soon. */
  @Column({ name: 'commitment_due_soon_at', type: 'timestamptz', nullable: true })
  commitmentDueSoonAt!: Date | null;

  @Column({ name: 'commitment_breached_at', type: 'timestamptz', nullable: true })
  commitmentBreachedAt!: Date | null;

  @OneToMany(() => CaseStepEntity, (step) => step.case)
  steps?: Relation<CaseStepEntity[]>;
}
