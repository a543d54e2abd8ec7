import type { Definition, StepOutcome } from '@onething/definition';

/**
 * The input carries the pinned definition (so history replays without reading anything) and, of the
 * application, only the fields that conditions read: everything else stays in PostgreSQL.
 */
export interface CaseWorkflowInput {
  caseId: string;
  /** The workflow generation the starter chose (`CASE_GENERATION`); absent in histories from before. */
  generation?: number;
  definition: Definition;
  conditionFields: Record<string, unknown>;
  /**
   * Epoch ms of the submission: conditions' `today()` and the commitment's due date count from it, so
   * replays and later runs see the same date (absent in older histories: the run's start time stands in).
   */
  submittedAt?: number;
  /**
   * Pledged steps (承诺办) whose pledge the applicant signed: they approve at once on it (absent: none,
   * and in older histories). A pledged step without a signed pledge runs as any other step.
   */
  pledged?: string[];
  /** Activity tuning comes from the starter's config: workflow code reads no environment. */
  departmentHeartbeatTimeoutMs: number;
  /** How long requests for more material are gathered into one notice (absent in older histories). */
  materialGatheringWindowMs?: number;
  /**
   * Continue as new once the history holds this many events (and no step runs), besides when Temporal
   * suggests it: operators keep histories short; tests reach the hand-over without thousands of events.
   */
  continueAsNewAfterEvents?: number;
  /** Settled steps carried over a continue-as-new. */
  carried?: {
    outcomes: Record<string, StepOutcome>;
    failed: Record<string, string>;
    reasons?: Record<string, string>;
    /** Outputs of settled steps (absent when none, and in older histories). */
    outputs?: Record<string, Record<string, unknown>>;
    /** Approved steps with an undo action, in the order they were approved. */
    undoable?: string[];
    /** Failed steps waiting for an administrator's retry. */
    awaitingRetry?: string[];
    /** Steps cancelled because a rejection decided the case (since FLOW_SEMANTICS); reasons above. */
    cancelled?: string[];
    /** Steps approved on a signed pledge, and when: their verification still counts from then. */
    pledgeApprovedAt?: Record<string, number>;
  };
}
