import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { CaseStatus } from '../status';
import { CaseStepEntity } from './case-step.entity';

export interface CaseResult {
  decision: 'approved' | 'rejected' | 'failed';
  /** One line per department: the merged result names every sub-decision. */
  steps: {
    stepId: string;
    department: string;
    decision: 'approved' | 'rejected' | 'failed';
    reason?: string;
  }[];
}

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
  result!: CaseResult | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @OneToMany(() => CaseStepEntity, (step) => step.case)
  steps?: Relation<CaseStepEntity[]>;
}
