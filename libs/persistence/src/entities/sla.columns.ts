import { Column } from 'typeorm';

/**
 * A manual step's working-day clock as its task workflow records it, embedded in both the step and its
 * task (the case view and the worklist each read their own row). The API derives the SLA state.
 */
export class SlaColumns {
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  /** The end of the due date. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** The start of the due date: from then on the step is due soon. */
  @Column({ name: 'due_soon_at', type: 'timestamptz', nullable: true })
  dueSoonAt!: Date | null;

  /** Set while the case waits on the applicant (the clock stands still). */
  @Column({ name: 'sla_paused_at', type: 'timestamptz', nullable: true })
  slaPausedAt!: Date | null;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;
}
