import type { CaseStatus, StepStatus } from './statuses';

/** How a case ended: the statuses a case closes in. */
export type CaseDecision = Exclude<CaseStatus, 'submitted' | 'in_progress'>;

/** How a step ended, as its line in the case's result says. */
export type StepResultDecision = Exclude<StepStatus, 'pending' | 'running' | 'compensated'>;

/**
 * The case's merged result as the workflow decided it and the read model stores it (one line per
 * department's sub-decision). Not to be confused with the definition's `MergedDecision`, the merge
 * policy's verdict on the step outcomes alone.
 */
export interface CaseResultSummary {
  decision: CaseDecision;
  steps: {
    stepId: string;
    department: string;
    decision: StepResultDecision;
    reason?: string;
    /** The approved step was undone (the case was withdrawn, cancelled or rejected). */
    compensated?: true;
  }[];
  /** The applicant-visible outputs of the steps (a certificate number, an issued document), in step order. */
  outputs?: ResultOutput[];
}

export interface ResultOutput {
  stepId: string;
  outputId: string;
  /** An output type of the definition language; `document` values are attachment references. */
  type: string;
  label: { 'zh-CN': string; en: string };
  value: ResultOutputValue;
}

/** A text, number, date, enum or boolean output; an address or a document (attachment reference) as an object. */
export type ResultOutputValue = string | number | boolean | { [key: string]: string | number };
