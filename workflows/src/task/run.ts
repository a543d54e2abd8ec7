import { patched } from '@temporalio/workflow';
import { LOCAL_ACTIVITIES_GENERATION } from '@onething/case-model';
import type { CaseActivities, StepRef } from '../activity-types';
import type { ManualTaskInput, TaskState } from './messages';

/** Patch id: SLA clock, escalation, requests for more material and reassignment in the task workflow. */
export const TASK_LIFECYCLE = 'task-lifecycle';

/**
 * Which recorded behaviour this run follows. Read once the task is open: that is where the patch's
 * marker sits in history.
 */
export interface TaskFeatures {
  /** TASK_LIFECYCLE: the SLA clock and escalation run (when the step has a time limit). */
  readonly lifecycle: boolean;
}

/** A task opened by a case of a generation (see `CASE_GENERATION`) has every patched behaviour on, unread. */
export function readTaskFeatures(input: Pick<ManualTaskInput, 'generation'>): TaskFeatures {
  if ((input.generation ?? 0) >= 1) return { lifecycle: true };
  return { lifecycle: patched(TASK_LIFECYCLE) };
}

/** A task opened by a case of generation 2 or later writes the read model through local activities. */
export function usesLocalActivities(input: Pick<ManualTaskInput, 'generation'>): boolean {
  return (input.generation ?? 0) >= LOCAL_ACTIVITIES_GENERATION;
}

/** Everything one run of the task workflow knows, shared by its handlers and its SLA clock. */
export class TaskRun {
  /** What the `taskState` query and every Update answer. */
  readonly state: TaskState = { status: 'opening' };
  readonly ref: StepRef;
  decidedBy = '';
  /** Requests for more material made so far: numbers each request's idempotency key. */
  requests = 0;
  /** Bumped by every handler: the main loop's wake-up signal. */
  changes = 0;

  constructor(
    readonly input: ManualTaskInput,
    readonly activities: CaseActivities,
    /**
     * What Update handlers record through: always normal activities. A local activity holds its workflow
     * task open, and with it the Update's acceptance, until it ends (a slow database would make the API
     * answer "not confirmed" where it could answer "accepted").
     */
    readonly updateActivities: CaseActivities = activities,
  ) {
    this.ref = {
      caseId: input.caseId,
      definitionKey: input.definitionKey,
      definitionVersion: input.definitionVersion,
      stepId: input.stepId,
    };
  }

  /** The department that holds the task now. */
  holder(): string {
    return this.state.department ?? this.input.department;
  }

  opened(taskId: string): void {
    this.state.taskId = taskId;
    this.state.status = 'open';
    this.state.department = this.input.department;
  }

  changed(): void {
    this.changes++;
  }
}
