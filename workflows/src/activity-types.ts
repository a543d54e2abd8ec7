import type { CaseResultSummary } from './merge';

/**
 * The activities the case workflow calls, declared as types only: workflow code never imports their
 * implementation (which does I/O) — the worker registers it.
 */
export interface CaseActivities {
  performDepartmentStep(input: { caseId: string; stepId: string }): Promise<{
    decision: 'approved' | 'rejected';
    reason?: string;
  }>;
  completeCase(input: { caseId: string; result: CaseResultSummary }): Promise<void>;
}
