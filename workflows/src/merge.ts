export interface StepOutcome {
  stepId: string;
  department: string;
  decision: 'approved' | 'rejected' | 'failed';
  reason?: string;
}

export interface CaseResultSummary {
  decision: 'approved' | 'rejected' | 'failed';
  steps: StepOutcome[];
}

/**
 * One result from every department's sub-decision: approved only when every step approved; a business
 * rejection rejects the case; a step whose department could not be reached fails it (no silent approval).
 */
export function mergeOutcomes(outcomes: StepOutcome[]): CaseResultSummary {
  const decision = outcomes.some((o) => o.decision === 'rejected')
    ? 'rejected'
    : outcomes.some((o) => o.decision === 'failed')
      ? 'failed'
      : 'approved';
  return { decision, steps: outcomes };
}
