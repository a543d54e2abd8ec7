import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { SlaColumns } from './sla.columns';
import type { StepStatus } from '@onething/case-model';
import { CaseEntity } from './case.entity';

/** The read model of one department's part of a case, projected by the worker's activities. */
@Entity({ name: 'case_steps' })
export class CaseStepEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ name: 'step_id', type: 'text' })
  stepId!: string;

  @Column({ type: 'text' })
  department!: string;

  @Column({ type: 'text' })
  status!: StepStatus;

  @Column({ type: 'text', default: 'auto' })
  kind!: 'auto' | 'manual';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** The Temporal attempt of the department call that failed last (in the current run of the step). */
  @Column({ type: 'int', nullable: true })
  attempt!: number | null;

  /** Its failure kind, e.g. `server-error` (the connector's), `DataRefused`; never personal data. */
  @Column({ name: 'last_error_code', type: 'text', nullable: true })
  lastErrorCode!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  /** When Temporal calls the department again; null once the step waits for an administrator's retry. */
  @Column({ name: 'next_retry_at', type: 'timestamptz', nullable: true })
  nextRetryAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column(() => SlaColumns, { prefix: false })
  sla!: SlaColumns;

  /** Output id → value, as the department gave them (validated against the definition); null: none. */
  @Column({ type: 'jsonb', nullable: true })
  outputs!: Record<string, unknown> | null;

  @Column({ name: 'compensated_at', type: 'timestamptz', nullable: true })
  compensatedAt!: Date | null;

  @ManyToOne(() => CaseEntity, (c) => c.steps, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;
}
