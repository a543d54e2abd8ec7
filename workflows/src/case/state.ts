import { CancellationScope, defineQuery, workflowInfo } from '@temporalio/workflow';
import type { StepStatus } from '@onething/case-model';
import type { Definition, Step, StepOutcome } from '@onething/definition';
import type { CaseActivities } from '../activity-types';
import type { CaseFeatures } from './patches';
import type { CaseWorkflowInput } from './input';

export interface StepProgress {
  stepId: string;
  department: string;
  kind: Step['kind'];
  status: StepStatus;
  reason?: string;
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

/** The case's commitment as the `progress` of the case shows it: due date and whether it was breached. */
export interface CommitmentClock {
  workingDays: number;
  dueDate: string;
  dueAt: number;
  dueSoonAt: number;
  breached: boolean;
}

/** How a case ends before its steps are done. */
export interface Ending {
  kind: 'withdrawn' | 'cancelled';
  reason: string;
}

/** The case's ids as every case-wide activity takes them. */
export interface CaseRef {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
}

/**
 * Everything one run of the case workflow knows, shared by its modules (scheduling, Updates, notices,
 * compensation, continue-as-new). Mutated only from workflow code, so it is deterministic.
 */
export class CaseState {
  readonly definition: Definition;
  readonly base: CaseRef;
  readonly outcomes: Record<string, StepOutcome>;
  /** Failed steps and why. */
  readonly failed: Record<string, string>;
  /** Decision reasons of settled steps. */
  readonly reasons: Record<string, string>;
  /** Outputs of approved steps: step id → output id → value (read by scheduling and the result). */
  readonly outputs: Record<string, Record<string, unknown>>;
  readonly running = new Set<string>();
  /** Approved steps with an undo action, in the order they were approved. */
  readonly undoable: string[];
  readonly awaitingRetry: Set<string>;
  readonly compensated = new Set<string>();
  /** Steps cancelled because a rejection decided the case (cancel-open); their reasons are in `reasons`. */
  readonly cancelled: Set<string>;
  /** Each running step's own scope (since FLOW_SEMANTICS), so one step can be cancelled alone. */
  readonly stepScopes = new Map<string, CancellationScope>();
  /** Steps approved on the applicant's pledge in this run, and when (their verification counts from then). */
  readonly pledgeApprovedAt: Map<string, number>;
  /** Open notices: id → the steps that asked. */
  readonly notices = new Map<string, string[]>();
  /** Steps that asked for more material since the last notice. */
  readonly requested: string[] = [];
  readonly progress: Map<string, StepProgress>;
  /** Steps and the notice gatherer run in this scope: withdrawal and cancellation cancel it. */
  readonly stepsScope = new CancellationScope();
  /** Running steps (and, since CASE_LIFECYCLE, the notice gatherer first). */
  readonly inFlight: Promise<void>[] = [];
  ending: Ending | undefined;
  /** The commitment's clock (since CASE_COMMITMENT, when the definition promises one). */
  commitment: CommitmentClock | undefined;
  /** A withdrawal or cancellation is being recorded: other actions wait for its outcome. */
  closing = false;
  /** The result is decided: withdrawal and cancellation are refused. */
  finished = false;
  /**
   * Bumped whenever a running step settles (after its bookkeeping) or a handler changes the plan: the
   * scheduler's wake-up signal.
   */
  settled = 0;

  constructor(
    readonly input: CaseWorkflowInput,
    readonly features: CaseFeatures,
    /** The read model's activities (bookkeeping): short, retried on database outages. */
    readonly activities: CaseActivities,
    /** What Update handlers record through: always normal activities (see `TaskRun.updateActivities`). */
    readonly updateActivities: CaseActivities = activities,
  ) {
    const { definition, caseId, carried } = input;
    this.definition = definition;
    this.base = { caseId, definitionKey: definition.key, definitionVersion: definition.version };
    this.outcomes = { ...carried?.outcomes };
    this.failed = { ...carried?.failed };
    this.reasons = { ...carried?.reasons };
    this.outputs = { ...carried?.outputs };
    this.undoable = [...(carried?.undoable ?? [])];
    this.awaitingRetry = new Set(carried?.awaitingRetry);
    this.cancelled = new Set(carried?.cancelled);
    this.pledgeApprovedAt = new Map(Object.entries(carried?.pledgeApprovedAt ?? {}));
    this.progress = new Map(
      definition.steps.map((step) => [
        step.id,
        {
          stepId: step.id,
          department: step.department,
          kind: step.kind,
          status: this.awaitingRetry.has(step.id)
            ? 'failed'
            : this.cancelled.has(step.id)
              ? 'cancelled'
              : (this.outcomes[step.id] ?? 'pending'),
        },
      ]),
    );
  }

  get caseId(): string {
    return this.input.caseId;
  }

  /** Epoch ms of the submission; for histories from before it was passed, the run's start time. */
  get submittedAt(): number {
    return this.input.submittedAt ?? workflowInfo().startTime.getTime();
  }

  step(stepId: string): Step | undefined {
    return this.definition.steps.find((step) => step.id === stepId);
  }

  setProgress(stepId: string, status: StepProgress['status'], reason?: string): void {
    this.progress.set(stepId, { ...this.progress.get(stepId)!, status, ...(reason ? { reason } : {}) });
  }

  /** Wakes the scheduler: a step settled or a handler changed the plan. */
  wake(): void {
    this.settled++;
  }
}
