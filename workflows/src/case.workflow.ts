import {
  allHandlersFinished,
  ActivityFailure,
  CancellationScope,
  ChildWorkflowFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  mergeOutcome,
  scheduleSteps,
  type Definition,
  type Step,
  type StepOutcome,
} from '@onething/definition';
import {
  CaseStatusAttribute,
  hasRole,
  supervises,
  taskWorkflowId,
  type Actor,
  type CaseResultSummary,
  type StepStatus,
} from '@onething/case-model';
import type { CaseActivities, StepDecision, StepRef } from './activity-types';
import {
  answerNoticeUpdate,
  cancelCaseUpdate,
  materialProvidedSignal,
  materialRequestedSignal,
  notRecorded,
  refuse,
  requireReason,
  retryStepUpdate,
  withdrawCaseUpdate,
  type AnswerNoticeInput,
  type CaseActionInput,
  type RetryStepInput,
} from './case-messages';
import { requireFreeText } from './free-text';
import { manualTaskWorkflow } from './manual-task.workflow';
import { connectorRetryBudget, connectorRetryPolicy, READ_MODEL_RETRY } from './retry-policies';

/**
 * The input carries the pinned definition (so history replays without reading anything) and, of the
 * application, only the fields that conditions read: everything else stays in PostgreSQL.
 */
export interface CaseWorkflowInput {
  caseId: string;
  definition: Definition;
  conditionFields: Record<string, unknown>;
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
    /** Approved steps with an undo action, in the order they were approved. */
    undoable?: string[];
    /** Failed steps waiting for an administrator's retry. */
    awaitingRetry?: string[];
  };
}

export interface StepProgress {
  stepId: string;
  department: string;
  kind: Step['kind'];
  status: StepStatus;
  reason?: string;
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

/** Patch id: auto steps run as one activity (was: running, call, decision as three). */
export const AUTO_STEP_IN_ONE_ACTIVITY = 'auto-step-in-one-activity';
/**
 * Patch id: the case lifecycle. A failed step waits for an administrator's retry (instead of failing the
 * case); withdrawal, cancellation and requests for more material are accepted; approved steps are
 * compensated when the case ends rejected, withdrawn or cancelled; the applicant is notified.
 */
export const CASE_LIFECYCLE = 'case-lifecycle';
/**
 * Patch id: a withdrawal or cancellation is recorded (audited) before the case starts to close, so a
 * recording that fails for good leaves the case as it was and the Update answers with the failure.
 */
export const CASE_ACTION_RECORDED_FIRST = 'case-action-recorded-first';

const DEFAULT_GATHERING_WINDOW_MS = 10 * 60_000;

type Ending = { kind: 'withdrawn' | 'cancelled'; reason: string };

/** How a failed step's reason starts, by the activity's failure type (see the worker's classification). */
function failureHeading(cause: unknown): string {
  const type = cause instanceof ApplicationFailure ? cause.type : undefined;
  if (type === 'DepartmentRefused') return 'Department system refused the request';
  if (type === 'DataRefused' || type === 'ValidationFailed') return 'The step could not be recorded';
  return 'Department system unavailable';
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseResultSummary> {
  const { definition, caseId } = input;
  const base = { caseId, definitionKey: definition.key, definitionVersion: definition.version };
  const bookkeeping = proxyActivities<CaseActivities>({
    startToCloseTimeout: '1 minute',
    retry: READ_MODEL_RETRY,
  });

  const outcomes: Record<string, StepOutcome> = { ...input.carried?.outcomes };
  const failed: Record<string, string> = { ...input.carried?.failed };
  const reasons: Record<string, string> = { ...input.carried?.reasons };
  const running = new Set<string>();
  const undoable: string[] = [...(input.carried?.undoable ?? [])];
  const awaitingRetry = new Set<string>(input.carried?.awaitingRetry);
  const compensated = new Set<string>();
  /** Open notices: id → the steps that asked. */
  const notices = new Map<string, string[]>();
  const requested: string[] = [];
  let ending: Ending | undefined;
  /** A withdrawal or cancellation is being recorded: other actions wait for its outcome. */
  let closing = false;
  let finished = false;
  // Bumped whenever a running step settles (after its bookkeeping) or a handler changes the plan: the
  // scheduler's wake-up signal.
  let settled = 0;
  const progress = new Map<string, StepProgress>(
    definition.steps.map((step) => [
      step.id,
      {
        stepId: step.id,
        department: step.department,
        kind: step.kind,
        status: awaitingRetry.has(step.id) ? 'failed' : (outcomes[step.id] ?? 'pending'),
      },
    ]),
  );
  const setProgress = (stepId: string, status: StepProgress['status'], reason?: string) => {
    progress.set(stepId, { ...progress.get(stepId)!, status, ...(reason ? { reason } : {}) });
  };
  setHandler(progressQuery, () => [...progress.values()]);
  // New cases: one activity per auto step (its read-model writes inside), and the starter sets the
  // status attribute. Cases started before keep their recorded shape (the replay fixtures hold both).
  const autoStepInOneActivity = patched(AUTO_STEP_IN_ONE_ACTIVITY);
  if (!autoStepInOneActivity) upsertSearchAttributes([{ key: CaseStatusAttribute, value: 'in_progress' }]);
  const lifecycle = patched(CASE_LIFECYCLE);
  registerCaseActions();

  // Steps and the notice gatherer run in this scope: withdrawal and cancellation cancel it.
  const stepsScope = new CancellationScope();

  const runStep = async (step: Step): Promise<void> => {
    const ref: StepRef = { ...base, stepId: step.id };
    try {
      let decision: StepDecision;
      if (step.kind === 'auto') {
        const { runAutoStep, performAutoStep } = proxyActivities<CaseActivities>({
          startToCloseTimeout: '2 minutes',
          heartbeatTimeout: input.departmentHeartbeatTimeoutMs,
          retry: connectorRetryPolicy(connectorRetryBudget(step)),
        });
        if (autoStepInOneActivity) {
          const { recorded, ...answer } = await performAutoStep(ref);
          decision = answer;
          // The department answered but the activity could not store the answer: stored apart, so the
          // department is never asked again because a database write failed.
          if (recorded === false) await bookkeeping.recordStepDecision({ ...ref, ...decision });
        } else {
          // Histories started before AUTO_STEP_IN_ONE_ACTIVITY: three activities per auto step.
          await bookkeeping.recordStepState({ ...ref, status: 'running' });
          decision = await runAutoStep(ref);
          await bookkeeping.recordStepDecision({ ...ref, ...decision });
        }
      } else {
        // A person's task has a life of its own (its Updates, its SLA timers): a child workflow.
        decision = await executeChild(manualTaskWorkflow, {
          workflowId: taskWorkflowId(caseId, step.id),
          args: [
            {
              ...ref,
              department: step.department,
              ...(lifecycle
                ? {
                    sla: step.sla,
                    ...(step.escalation ? { escalation: step.escalation } : {}),
                    contract: step.contract,
                    leadDepartment: definition.leadDepartment,
                  }
                : {}),
            },
          ],
        });
      }
      outcomes[step.id] = decision.decision;
      if (decision.reason) reasons[step.id] = decision.reason;
      if (decision.decision === 'approved' && step.compensate) undoable.push(step.id);
      setProgress(step.id, decision.decision, decision.reason);
    } catch (error) {
      // Withdrawn or cancelled: the ending closes the step.
      if (lifecycle && isCancellation(error)) return;
      // The department could not be reached within the step's retry budget: visible, never silently approved.
      const cause =
        error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
      const reason = `${failureHeading(cause)}: ${cause instanceof Error ? cause.message : 'unknown error'}`;
      failed[step.id] = reason;
      // The case waits for an administrator to retry the step (or to cancel the case).
      if (lifecycle) awaitingRetry.add(step.id);
      else outcomes[step.id] = 'rejected';
      setProgress(step.id, 'failed', reason);
      await bookkeeping.recordStepState({ ...ref, status: 'failed', reason });
      log.warn('step failed', { caseId, stepId: step.id });
    } finally {
      running.delete(step.id);
      settled++;
    }
  };

  const inFlight: Promise<void>[] = [];
  if (lifecycle) inFlight.push(stepsScope.run(() => gatherRequests()));
  for (;;) {
    if (ending) break;
    const schedule = scheduleSteps(definition, {
      fields: input.conditionFields,
      outcomes,
      running: [...running, ...awaitingRetry],
    });
    for (const stepId of schedule.skipped) {
      outcomes[stepId] = 'skipped';
      setProgress(stepId, 'skipped', 'Condition not met');
      await bookkeeping.recordStepState({ ...base, stepId, status: 'skipped', reason: 'Condition not met' });
    }
    for (const stepId of schedule.blocked) {
      outcomes[stepId] = 'blocked';
      setProgress(stepId, 'blocked', 'A required earlier step was rejected');
      await bookkeeping.recordStepState({
        ...base,
        stepId,
        status: 'blocked',
        reason: 'A required earlier step was rejected',
      });
    }
    for (const { stepId, message } of schedule.failed) {
      failed[stepId] = message;
      outcomes[stepId] = 'rejected';
      setProgress(stepId, 'failed', message);
      await bookkeeping.recordStepState({ ...base, stepId, status: 'failed', reason: message });
    }
    for (const stepId of schedule.ready) {
      running.add(stepId);
      setProgress(stepId, 'running');
      const step = definition.steps.find((s) => s.id === stepId)!;
      inFlight.push(lifecycle ? stepsScope.run(() => runStep(step)) : runStep(step));
    }
    if (schedule.skipped.length + schedule.blocked.length + schedule.failed.length > 0) continue;
    if (running.size === 0 && awaitingRetry.size === 0) {
      if (definition.steps.every((s) => outcomes[s.id] !== undefined)) break;
      throw ApplicationFailure.nonRetryable('No step can run and the case is not complete', 'CaseStuck');
    }
    const settledBefore = settled;
    await condition(() => settled > settledBefore);
    if (historyIsLong() && running.size === 0 && !ending) {
      await condition(allHandlersFinished);
      // A withdrawal recorded while the handlers finished: the case closes instead.
      if (ending) continue;
      return continueAsNew<typeof caseWorkflow>({
        ...input,
        carried: {
          outcomes,
          failed,
          reasons,
          ...(lifecycle ? { undoable, awaitingRetry: [...awaitingRetry] } : {}),
        },
      });
    }
  }

  if (ending) return endEarly(ending);
  // From here the result is decided: withdrawal and cancellation are refused.
  finished = true;
  await Promise.all(inFlight.slice(lifecycle ? 1 : 0));

  const merged = mergeOutcome(definition, outcomes);
  const decision = Object.keys(failed).length > 0 ? 'failed' : merged.result;
  // Clawback: approved steps whose outcome is void without the rejected one are undone, latest first.
  if (lifecycle && decision === 'rejected') await compensate('rejected');
  const result: CaseResultSummary = { decision, steps: stepResults() };
  return finish(result);

  function historyIsLong(): boolean {
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    const limit = input.continueAsNewAfterEvents;
    return continueAsNewSuggested || (limit !== undefined && historyLength >= limit);
  }

  function stepResults(): CaseResultSummary['steps'] {
    return definition.steps.map((step) => {
      const failure = failed[step.id];
      const outcome = outcomes[step.id];
      const reason = failure ?? reasons[step.id];
      return {
        stepId: step.id,
        department: step.department,
        decision: failure ? 'failed' : (outcome ?? 'cancelled'),
        ...(reason ? { reason } : {}),
        ...(compensated.has(step.id) ? { compensated: true as const } : {}),
      };
    });
  }

  /** Stores the result; the same activity tells the applicant (result, withdrawal, cancellation). */
  async function finish(result: CaseResultSummary): Promise<CaseResultSummary> {
    await bookkeeping.completeCase({ caseId, result });
    upsertSearchAttributes([{ key: CaseStatusAttribute, value: result.decision }]);
    await condition(allHandlersFinished);
    return result;
  }

  /** Undoes approved steps that have an undo action, in reverse order of approval, each once. */
  async function compensate(why: 'withdrawn' | 'rejected' | 'cancelled'): Promise<void> {
    for (const stepId of [...undoable].reverse()) {
      if (compensated.has(stepId)) continue;
      await bookkeeping.compensateStep({ ...base, stepId, reason: why });
      compensated.add(stepId);
      setProgress(stepId, 'compensated');
    }
  }

  /** Withdrawn or cancelled: open work closes with the reason, completed work is undone. */
  async function endEarly({ kind, reason }: Ending): Promise<CaseResultSummary> {
    stepsScope.cancel();
    await Promise.all(inFlight.map((step) => step.catch(() => undefined)));
    const closing =
      kind === 'withdrawn'
        ? `Withdrawn by the applicant: ${reason}`
        : `Cancelled by an administrator: ${reason}`;
    await bookkeeping.closeOpenSteps({ caseId, reason: closing });
    for (const step of definition.steps) {
      if (outcomes[step.id] === undefined) setProgress(step.id, 'cancelled', closing);
    }
    await compensate(kind);
    return finish({ decision: kind, steps: stepResults() });
  }

  /**
   * Requests for more material arriving within one window become one notice: the applicant is told
   * once (一次告知). A request after the window closed starts the next notice.
   */
  async function gatherRequests(): Promise<void> {
    for (;;) {
      await condition(() => requested.length > 0);
      await sleep(input.materialGatheringWindowMs ?? DEFAULT_GATHERING_WINDOW_MS);
      const stepIds = requested.splice(0);
      const noticeId = uuid4();
      // Known before the activity returns: the applicant may answer as soon as the notice is stored.
      notices.set(noticeId, stepIds);
      await bookkeeping.sendMaterialNotice({ ...base, noticeId, stepIds });
    }
  }

  function requireOpenCase(): void {
    if (!lifecycle) throw refuse('NOT_SUPPORTED', 'This case predates these actions');
    if (ending || closing || finished) throw refuse('CASE_CLOSED', 'The case is already closed or closing');
  }

  /** The applicant's and administrators' actions: each validated before it can enter history, audited. */
  function registerCaseActions(): void {
    const end = async (kind: Ending['kind'], actor: Actor, reason: string) => {
      const record = () =>
        bookkeeping.recordCaseAction({
          caseId,
          action: kind === 'withdrawn' ? 'withdraw' : 'cancel',
          actorAccountId: actor.accountId,
          reason,
        });
      if (!patched(CASE_ACTION_RECORDED_FIRST)) {
        // Histories from before: the case started closing while the action was being recorded.
        ending = { kind, reason };
        settled++;
        await record();
        return { accepted: true as const };
      }
      closing = true;
      try {
        await record();
      } catch (error) {
        throw notRecorded(error);
      } finally {
        closing = false;
      }
      // The steps finished while the action was being recorded: the result stands.
      if (finished) throw refuse('CASE_CLOSED', 'The case closed while the action was being recorded');
      ending = { kind, reason };
      settled++;
      return { accepted: true as const };
    };
    setHandler(withdrawCaseUpdate, ({ actor, reason }) => end('withdrawn', actor, reason), {
      validator: ({ actor, reason }: CaseActionInput) => {
        requireOpenCase();
        if (!hasRole(actor, 'applicant', 'counter_clerk')) {
          throw refuse('ROLE_NOT_ALLOWED', 'Only the applicant (or their counter clerk) withdraws');
        }
        requireReason(reason);
        requireFreeText('reason', reason);
      },
    });
    setHandler(cancelCaseUpdate, ({ actor, reason }) => end('cancelled', actor, reason), {
      validator: ({ actor, reason }: CaseActionInput) => {
        requireOpenCase();
        if (!supervises(actor, definition.leadDepartment)) {
          throw refuse(
            'ROLE_NOT_ALLOWED',
            "Only an administrator or the lead department's supervisor cancels",
          );
        }
        requireReason(reason);
        requireFreeText('reason', reason);
      },
    });
    setHandler(
      retryStepUpdate,
      async ({ actor, stepId }) => {
        const failure = failed[stepId];
        awaitingRetry.delete(stepId);
        delete failed[stepId];
        setProgress(stepId, 'pending');
        try {
          await bookkeeping.recordCaseAction({
            caseId,
            action: 'retry-step',
            actorAccountId: actor.accountId,
            stepId,
          });
        } catch (error) {
          // Not recorded: the step still waits for a retry (unless another step's settling started it).
          if (!running.has(stepId) && outcomes[stepId] === undefined) {
            awaitingRetry.add(stepId);
            if (failure !== undefined) failed[stepId] = failure;
            setProgress(stepId, 'failed', failure);
          }
          throw notRecorded(error);
        }
        settled++;
        return { accepted: true as const };
      },
      {
        validator: ({ actor, stepId }: RetryStepInput) => {
          requireOpenCase();
          const step = definition.steps.find((candidate) => candidate.id === stepId);
          if (!step || !awaitingRetry.has(stepId)) {
            throw refuse('STEP_NOT_FAILED', 'Only a failed step waiting for a retry can be retried');
          }
          if (!supervises(actor, step.department)) {
            throw refuse(
              'ROLE_NOT_ALLOWED',
              "Only an administrator or the step department's supervisor retries",
            );
          }
        },
      },
    );
    setHandler(
      answerNoticeUpdate,
      async ({ noticeId, answerId }) => {
        const stepIds = notices.get(noticeId)!;
        notices.delete(noticeId);
        try {
          await bookkeeping.applyMaterialAnswer({ ...base, noticeId, answerId });
        } catch (error) {
          // Not applied: the notice stays open for another answer.
          notices.set(noticeId, stepIds);
          throw notRecorded(error);
        }
        // Only the steps that asked are told; each already has its own contract's fields.
        for (const stepId of stepIds) {
          if (!running.has(stepId)) continue;
          await getExternalWorkflowHandle(taskWorkflowId(caseId, stepId)).signal(materialProvidedSignal, {
            noticeId,
          });
        }
        return { steps: stepIds };
      },
      {
        validator: ({ actor, noticeId }: AnswerNoticeInput) => {
          requireOpenCase();
          if (!hasRole(actor, 'applicant', 'counter_clerk')) {
            throw refuse('ROLE_NOT_ALLOWED', 'Only the applicant (or their counter clerk) answers a notice');
          }
          if (!notices.has(noticeId)) throw refuse('NOTICE_NOT_OPEN', 'The notice is not open');
        },
      },
    );
    setHandler(materialRequestedSignal, ({ stepId }) => {
      if (lifecycle && !requested.includes(stepId)) requested.push(stepId);
    });
  }
}
