import type { CalendarData } from '@onething/calendar';
import type { CaseResultSummary } from '@onething/case-model';
import type { CompensationSituation, Definition } from '@onething/definition';

export interface StepDecision {
  decision: 'approved' | 'rejected';
  reason?: string;
  /** The step's declared outputs (validated before they get here): output id → value. */
  outputs?: Record<string, unknown>;
}

/** The department's answer; `recorded: false` when the activity could not store it (absent otherwise). */
export type AutoStepOutcome = StepDecision & { recorded?: false };

export interface StepRef {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
  stepId: string;
}

/**
 * An auto step to perform. `priorAttempts`: attempts made before this activity began (since generation 2,
 * the local attempt), counted into the attempt numbers the case view shows and the connector's budget.
 */
export type AutoStepAttempt = StepRef & { priorAttempts?: number };

/*
 * The activities the case workflows call, by subject, declared as types only: workflow code never
 * imports their implementation (which does I/O) — the worker registers it. Inputs are ids: the
 * activities read the application from PostgreSQL, so personal data never travels through Temporal.
 */

/** A step's own work and its rows in the read model. */
export interface StepActivities {
  /**
   * One auto step in one activity: marks it running, calls its department system with only the step's
   * contract fields (`Idempotency-Key: <caseId>:<stepId>`, which departments answer from their record),
   * records the decision with its event. A failed recording does not fail the activity — that would
   * call the department again — but returns the answer with `recorded: false` for the workflow to
   * record apart (`recordStepDecision`). Each failed call is recorded on the step (attempt, error code,
   * next retry), for the case view.
   */
  performAutoStep(step: AutoStepAttempt): Promise<AutoStepOutcome>;
  /** Only the connector call (histories from before `performAutoStep`). */
  runAutoStep(step: StepRef): Promise<StepDecision>;
  /** Read model: a step moved (running, skipped, blocked, failed); idempotent. */
  recordStepState(
    input: StepRef & { status: 'running' | 'skipped' | 'blocked' | 'failed'; reason?: string },
  ): Promise<void>;
  /** Read model: a step's decision; writes the event in the same transaction; idempotent. */
  recordStepDecision(input: StepRef & StepDecision & { decidedBy?: string }): Promise<void>;
}

/** A manual step's task in a department's worklist. */
export interface TaskActivities {
  /** Opens the department's task (exactly one per case and step) with only the contract fields; returns its id. */
  openTask(input: StepRef & { department: string }): Promise<{ taskId: string }>;
  /** A supervisor's or administrator's reassignment (validated by the task workflow), audited. */
  reassignTask(
    input: StepRef & { toDepartment?: string; toAccountId?: string; reason: string; actorAccountId: string },
  ): Promise<{ department: string }>;
}

/** A manual step's working-day time limit (since TASK_LIFECYCLE). */
export interface SlaActivities {
  /** The working-day calendar from `fromDate`'s year on, as administrators maintain it. */
  loadWorkingCalendar(input: { fromDate: string }): Promise<CalendarData>;
  /** Read model: a step's SLA clock (due date, paused or running) on its step and task. */
  recordSla(input: StepRef & SlaRecord): Promise<void>;
  /** Read model and event: the step's time limit passed. */
  recordSlaBreach(input: StepRef): Promise<void>;
  /**
   * Escalation as the definition says: priority raised, the task moved to the supervisors or to another
   * department, supervisors notified, recorded on the case. Returns the department now holding the task.
   */
  escalateTask(input: StepRef & { department: string; to: string; leadDepartment: string }): Promise<{
    department: string;
  }>;
}

/** The whole case's promised time limit (承诺时限, since CASE_COMMITMENT). */
export interface CommitmentActivities {
  /** Read model: the case's commitment due date (working days from submission); idempotent. */
  recordCommitment(input: {
    caseId: string;
    dueDate: string;
    dueAt: number;
    dueSoonAt: number;
  }): Promise<void>;
  /** Read model and `case.commitment-breached` event (written once): the case is past its commitment. */
  recordCommitmentBreach(input: { caseId: string }): Promise<void>;
}

/** Requests for more material, gathered into notices to the applicant (since the case lifecycle). */
export interface MaterialActivities {
  /** Stores a step's request for more material (idempotent by `requestKey`); the task waits. */
  recordMaterialRequest(
    input: StepRef & {
      requestKey: string;
      department: string;
      fields: string[];
      message: string;
      requestedBy: string;
    },
  ): Promise<void>;
  /** One notice for every request the window gathered; tells the applicant once. */
  sendMaterialNotice(input: Omit<StepRef, 'stepId'> & { noticeId: string; stepIds: string[] }): Promise<void>;
  /**
   * Applies the applicant's stored answer: the application is updated, and each asking step's task gets
   * the answered fields of its own contract only.
   */
  applyMaterialAnswer(input: Omit<StepRef, 'stepId'> & { noticeId: string; answerId: string }): Promise<void>;
}

/** How a case ends: its result, an early close, undoing, and the actions that lead there. */
export interface CompletionActivities {
  /**
   * Stores the merged result and the `case.completed` event, and tells the applicant through the
   * notification port (result, withdrawal confirmed, cancellation); idempotent.
   */
  completeCase(input: { caseId: string; result: CaseResultSummary }): Promise<void>;
  /** Closes open tasks and unfinished steps with the reason (withdrawn, cancelled). */
  closeOpenSteps(input: { caseId: string; reason: string }): Promise<void>;
  /**
   * Closes these steps' open tasks (or failed steps) as cancelled with the reason, records it on the case,
   * and tells each department: a rejection decided the case, their work can no longer change it.
   */
  cancelSteps(input: Omit<StepRef, 'stepId'> & { stepIds: string[]; reason: string }): Promise<void>;
  /**
   * Runs an approved step's undo action through its department system, once. `because`: the situation of
   * its `compensate.when` that applied (since FLOW_SEMANTICS; a dependency's rejection is `rejected` to
   * the department).
   */
  compensateStep(
    input: StepRef & { reason: 'withdrawn' | 'rejected' | 'cancelled'; because?: CompensationSituation },
  ): Promise<void>;
  /** Audit record of an administrative or applicant action on the case (withdraw, cancel, retry a step). */
  recordCaseAction(input: {
    caseId: string;
    action: 'withdraw' | 'cancel' | 'retry-step';
    actorAccountId: string;
    reason?: string;
    stepId?: string;
  }): Promise<void>;
}

/** Every activity the case and task workflows call: the worker registers one implementation of each. */
/** Pledge mode (承诺办, since PLEDGE_MODE). */
export interface PledgeActivities {
  /**
   * A pledged step approves on the applicant's signed pledge (recorded at submission): running, then
   * approved with the reason, in one transaction; idempotent. Fails for good when no pledge was signed.
   */
  approveOnPledge(step: StepRef): Promise<StepDecision>;
}

/** A proactive case's offer (免申即享): the person is told, and the case closes if not confirmed in time. */
export interface ProactiveActivities {
  /** Tells the person a case awaits their confirmation (once); false when the case no longer waits. */
  notifyProactiveOffer(input: { caseId: string }): Promise<boolean>;
  /** The confirmation window passed: an unconfirmed case closes as expired; idempotent. */
  expireProactiveOffer(input: { caseId: string }): Promise<void>;
  loadWorkingCalendar(input: { fromDate: string }): Promise<CalendarData>;
}

export interface CaseActivities
  extends
    StepActivities,
    PledgeActivities,
    TaskActivities,
    SlaActivities,
    CommitmentActivities,
    MaterialActivities,
    CompletionActivities {}

export interface SlaRecord {
  dueDate: string;
  dueAt: number;
  dueSoonAt: number;
  paused: boolean;
}

export type { Definition };
