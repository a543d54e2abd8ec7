import type { Definition } from '@onething/definition';

export interface StepDecision {
  decision: 'approved' | 'rejected';
  reason?: string;
}

export interface StepRef {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
  stepId: string;
}

/** The final state of the case as the workflow merged it. */
export interface CaseResultSummary {
  decision: 'approved' | 'rejected' | 'partial' | 'failed';
  steps: {
    stepId: string;
    department: string;
    decision: 'approved' | 'rejected' | 'skipped' | 'blocked' | 'failed';
    reason?: string;
  }[];
}

/**
 * The activities the case workflows call, declared as types only: workflow code never imports their
 * implementation (which does I/O) — the worker registers it. Inputs are ids: the activities read the
 * application from PostgreSQL, so personal data never travels through Temporal.
 */
export interface CaseActivities {
  /**
   * One auto step in one activity: marks it running, calls its department system with only the step's
   * contract fields, records the decision with its event. Every part is idempotent, so retries are safe.
   */
  performAutoStep(step: StepRef): Promise<StepDecision>;
  /** Only the connector call (histories from before `performAutoStep`). */
  runAutoStep(step: StepRef): Promise<StepDecision>;
  /** Read model: a step moved (running, skipped, blocked, failed); idempotent. */
  recordStepState(
    input: StepRef & { status: 'running' | 'skipped' | 'blocked' | 'failed'; reason?: string },
  ): Promise<void>;
  /** Read model: a step's decision; writes the event in the same transaction; idempotent. */
  recordStepDecision(input: StepRef & StepDecision & { decidedBy?: string }): Promise<void>;
  /** Opens the department's task (exactly one per case and step) with only the contract fields; returns its id. */
  openTask(input: StepRef & { department: string }): Promise<{ taskId: string }>;
  /** Stores the merged result and the `case.completed` event; idempotent. */
  completeCase(input: { caseId: string; result: CaseResultSummary }): Promise<void>;
}

export type { Definition };
