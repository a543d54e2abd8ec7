import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefinitionSchema,
  type CompensationSituation,
  type ContractEntry,
  type Definition,
  type DefinitionInput,
  type Step,
} from '@onething/definition';
import { taskWorkflowId, type Actor } from '@onething/case-model';
import {
  caseWorkflow,
  type AutoStepOutcome,
  type CaseActivities,
  type CaseWorkflowInput,
  type ProactiveActivities,
} from '@onething/workflows';

/**
 * Fast tests of the workflows themselves: the project's workflow bundle on the time-skipping test server,
 * with plain functions in place of the activities (no PostgreSQL, no department systems, no API). The
 * stubs record every call, so a test reads which activities a workflow called, in which order, with what.
 */

/** What a test says about a step; the rest is filled in as any valid definition would have it. */
export interface StepSketch {
  id: string;
  kind?: 'auto' | 'manual';
  department?: string;
  after?: string[];
  when?: string;
  required?: boolean;
  /**
   * The step has an undo action: `true` without `when` (undone when the case is withdrawn, cancelled or
   * rejected), or the situations of its `compensate.when`.
   */
  compensate?: boolean | CompensationSituation[];
  runsWhenUpstream?: Step['runsWhenUpstream'];
  contract?: ContractEntry[];
  escalation?: { to: string; afterWorkingDays: number };
  /** Output ids (text, applicant-visible unless `hiddenOutputs` names them). */
  outputs?: string[];
  hiddenOutputs?: string[];
  /** Approved on the applicant's pledge (承诺办), verified by another step later. */
  pledge?: { verifyAfterWorkingDays: number; verification: string };
  /** The step's retry budget (default: one attempt, so a stub's failure is the step's failure). */
  retry?: { maximumAttempts: number; initialIntervalSeconds: number; backoffCoefficient: number };
}

const text = (en: string) => ({ 'zh-CN': en, en });

export const LEAD_DEPARTMENT = 'talent-office';

/**
 * A definition of the sketched steps (its fields: `name` and `hasChildren`), parsed as the store would;
 * `extra`: case-level properties (a commitment, eligibility rules, onRequiredRejection).
 */
export function sketchDefinition(
  key: string,
  steps: StepSketch[],
  extra: Pick<DefinitionInput, 'commitment' | 'eligibility' | 'onRequiredRejection'> = {},
): Definition {
  return DefinitionSchema.parse({
    ...extra,
    key,
    version: 1,
    title: text(key),
    description: text(key),
    leadDepartment: LEAD_DEPARTMENT,
    fields: [
      { id: 'name', type: 'text', label: text('Name'), required: true },
      { id: 'hasChildren', type: 'boolean', label: text('Has children'), required: true },
    ],
    steps: steps.map((step) => ({
      id: step.id,
      title: text(step.id),
      department: step.department ?? 'hrss',
      kind: step.kind ?? 'auto',
      ...(step.kind === 'manual' ? {} : { connector: 'credit' }),
      contract: step.contract ?? ['name'],
      after: step.after ?? [],
      ...(step.when ? { when: step.when } : {}),
      required: step.required ?? true,
      sla: { workingDays: 5 },
      ...(step.escalation ? { escalation: step.escalation } : {}),
      // One attempt: a stub's failure is the step's failure, without waiting for retries.
      retry: step.retry ?? { maximumAttempts: 1, initialIntervalSeconds: 1, backoffCoefficient: 1 },
      ...(step.compensate
        ? { compensate: { action: 'undo', ...(step.compensate === true ? {} : { when: step.compensate }) } }
        : {}),
      ...(step.runsWhenUpstream ? { runsWhenUpstream: step.runsWhenUpstream } : {}),
      ...(step.pledge ? { pledge: step.pledge } : {}),
      ...(step.outputs
        ? {
            outputs: step.outputs.map((id) => ({
              id,
              type: 'text',
              label: text(id),
              applicantVisible: !(step.hiddenOutputs ?? []).includes(id),
            })),
          }
        : {}),
    })),
    outcome: {
      rule: 'all-required-approved',
      notice: { approved: text('approved'), rejected: text('rejected'), partial: text('partial') },
    },
  });
}

export function caseInput(
  caseId: string,
  definition: Definition,
  options: Partial<Omit<CaseWorkflowInput, 'caseId' | 'definition'>> = {},
): CaseWorkflowInput {
  return {
    caseId,
    definition,
    conditionFields: { hasChildren: false },
    departmentHeartbeatTimeoutMs: 60_000,
    materialGatheringWindowMs: 10 * 60_000,
    ...options,
  };
}

/** Starts a case of the sketched steps on the bench's task queue; its workflow id is `case-<caseId>`. */
export function startSketchedCase(
  bench: Pick<WorkflowBench, 'env' | 'taskQueue'>,
  caseId: string,
  steps: StepSketch[],
  options: Partial<CaseWorkflowInput> = {},
) {
  return bench.env().client.workflow.start(caseWorkflow, {
    args: [caseInput(caseId, sketchDefinition(`key-${caseId}`, steps), options)],
    taskQueue: bench.taskQueue,
    workflowId: `case-${caseId}`,
  });
}

export const actor = (roles: string[], departments: string[] = [], accountId = `${roles[0]}-1`): Actor => ({
  accountId,
  roles,
  departments,
});

/** The case and task workflows' activities, and the proactive offer workflow's. */
export type HarnessActivities = CaseActivities & ProactiveActivities;
export type ActivityName = keyof HarnessActivities;
type Input<K extends ActivityName> = Parameters<HarnessActivities[K]>[0];
export interface ActivityCall<K extends ActivityName = ActivityName> {
  name: K;
  input: Input<K>;
}

/** How one case's stubs answer; anything not said answers as a healthy system would. */
export interface CaseBehaviour {
  /** An auto step's answer, by step id and attempt (1 for the first call of that step). */
  autoStep?: (stepId: string, attempt: number) => AutoStepOutcome | Error;
  /** Activities that wait until the promise settles (to hold a workflow at a point). */
  hold?: Partial<Record<ActivityName, Promise<void>>>;
  /** Activities that fail for good, as a database that refuses the data would. */
  refuse?: ActivityName[];
}

const caseIdOf = (input: unknown): string | undefined =>
  typeof input === 'object' && input !== null && 'caseId' in input ? String(input.caseId) : undefined;

/**
 * Stub activities for one worker, shared by the tests of a file: each test uses its own case id, and its
 * calls and behaviour are kept apart by that id.
 */
export class StubActivities {
  private readonly calls: ActivityCall[] = [];
  private readonly behaviours = new Map<string, CaseBehaviour>();
  private readonly listeners: (() => boolean)[] = [];

  configure(caseId: string, behaviour: CaseBehaviour): void {
    this.behaviours.set(caseId, behaviour);
  }

  /** The calls made for `caseId`, in order, optionally of one activity only. */
  callsOf(caseId: string): ActivityCall[];
  callsOf<K extends ActivityName>(caseId: string, name: K): Input<K>[];
  callsOf(caseId: string, name?: ActivityName): unknown[] {
    const mine = this.calls.filter((call) => caseIdOf(call.input) === caseId);
    return name ? mine.filter((call) => call.name === name).map((call) => call.input) : mine;
  }

  /** The activity names called for `caseId`, in order. */
  namesOf(caseId: string): ActivityName[] {
    return this.callsOf(caseId).map((call) => call.name);
  }

  /** Resolves once a call of `name` for `caseId` matching `predicate` has been made. */
  waitForCall<K extends ActivityName>(
    caseId: string,
    name: K,
    predicate: (input: Input<K>) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<Input<K>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} call for ${caseId}`)), timeoutMs);
      const check = () => {
        const found = this.callsOf(caseId, name).find(predicate);
        if (found === undefined) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      if (!check()) this.listeners.push(check);
    });
  }

  /** The functions a worker registers, each recording its call before answering. */
  activities(): HarnessActivities {
    const answer =
      <K extends ActivityName, R>(name: K, result: (input: Input<K>) => R) =>
      async (input: Input<K>): Promise<R> => {
        this.record({ name, input });
        const behaviour = this.behaviours.get(caseIdOf(input) ?? '') ?? {};
        const hold = behaviour.hold?.[name];
        if (hold) await hold;
        if (behaviour.refuse?.includes(name)) {
          throw ApplicationFailure.nonRetryable('refused by the stub', 'DataRefused');
        }
        return result(input);
      };
    const autoStep = (input: Input<'performAutoStep'>): AutoStepOutcome => {
      const behaviour = this.behaviours.get(input.caseId)?.autoStep;
      const attempt = this.callsOf(input.caseId, 'performAutoStep').filter(
        (call) => call.stepId === input.stepId,
      ).length;
      const outcome = behaviour?.(input.stepId, attempt) ?? { decision: 'approved' };
      if (outcome instanceof Error) throw outcome;
      return outcome;
    };
    return {
      performAutoStep: answer('performAutoStep', autoStep),
      runAutoStep: answer('runAutoStep', autoStep),
      recordStepState: answer('recordStepState', () => undefined),
      recordStepDecision: answer('recordStepDecision', () => undefined),
      openTask: answer('openTask', (input) => ({ taskId: taskWorkflowId(input.caseId, input.stepId) })),
      completeCase: answer('completeCase', () => undefined),
      loadWorkingCalendar: answer('loadWorkingCalendar', () => ({ holidays: [], workdays: [] })),
      recordSla: answer('recordSla', () => undefined),
      recordSlaBreach: answer('recordSlaBreach', () => undefined),
      recordCommitment: answer('recordCommitment', () => undefined),
      recordCommitmentBreach: answer('recordCommitmentBreach', () => undefined),
      // Where the escalation moves the task, as the definition's `escalation.to` says.
      escalateTask: answer('escalateTask', ({ to, department, leadDepartment }) => ({
        department: to === 'supervisor' ? department : to === 'lead-department' ? leadDepartment : to,
      })),
      reassignTask: answer('reassignTask', (input) => ({
        department: input.toDepartment ?? 'hrss',
      })),
      recordMaterialRequest: answer('recordMaterialRequest', () => undefined),
      sendMaterialNotice: answer('sendMaterialNotice', () => undefined),
      applyMaterialAnswer: answer('applyMaterialAnswer', () => undefined),
      closeOpenSteps: answer('closeOpenSteps', () => undefined),
      cancelSteps: answer('cancelSteps', () => undefined),
      compensateStep: answer('compensateStep', () => undefined),
      recordCaseAction: answer('recordCaseAction', () => undefined),
      approveOnPledge: answer('approveOnPledge', () => ({
        decision: 'approved' as const,
        reason: 'approved on the pledge',
      })),
      notifyProactiveOffer: answer('notifyProactiveOffer', () => true),
      expireProactiveOffer: answer('expireProactiveOffer', () => undefined),
    };
  }

  private record(call: ActivityCall): void {
    this.calls.push(call);
    for (const listener of [...this.listeners]) {
      if (listener()) this.listeners.splice(this.listeners.indexOf(listener), 1);
    }
  }
}

/** A promise the test settles: holds an activity (see `CaseBehaviour.hold`) until released. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** The refusal code of an Update a validator (or a handler) refused; fails the test if it was accepted. */
export async function refusalOf(update: Promise<unknown>): Promise<string> {
  const outcome: unknown = await update.then(
    () => new Error('the Update was accepted'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof WorkflowUpdateFailedError)) throw outcome;
  const cause = outcome.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type) throw outcome;
  return cause.type;
}

/** An activity failure the workflows classify: the department system is down. */
export const departmentDown = (): Error =>
  ApplicationFailure.nonRetryable('connection refused', 'DepartmentUnavailable');

/** A department that is down for now: a failure another attempt may heal. */
export const departmentBriefly = (): Error =>
  ApplicationFailure.retryable('connection reset', 'DepartmentUnavailable');

/** A department that refused the request: a failure no attempt heals. */
export const departmentRefuses = (): Error =>
  ApplicationFailure.nonRetryable('400 Bad Request', 'DepartmentRefused');

/** What the workflow tests share: one time-skipping environment, its worker's task queue and stubs. */
export interface WorkflowBench {
  /** The environment (set once the suite's `beforeAll` has run). */
  env(): TestWorkflowEnvironment;
  taskQueue: string;
  stubs: StubActivities;
}
