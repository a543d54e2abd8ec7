import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { CaseActivities, StepDecision, StepRef } from './activity-types';

export interface ManualTaskInput extends StepRef {
  department: string;
}

/** Who decides: established by the API from the caller's token, checked again here before history. */
export interface TaskDecisionInput extends StepDecision {
  actor: { accountId: string; departments: string[]; roles: string[] };
}

export interface TaskState {
  taskId?: string;
  status: 'opening' | 'open' | 'decided';
  decision?: StepDecision;
}

export const decideTaskUpdate = defineUpdate<TaskState, [TaskDecisionInput]>('decide');
export const taskStateQuery = defineQuery<TaskState>('taskState');

export type TaskDecisionRefusal = 'TASK_OPENING' | 'TASK_NOT_OPEN' | 'WRONG_DEPARTMENT' | 'REASON_REQUIRED';

/** Thrown by the decision validator: the refusal's type is its machine-readable code. */
function refuse(type: TaskDecisionRefusal, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * One department's manual step: opens its task and waits for a decision. A decision is an Update whose
 * validator refuses, before anything enters history, a task that is not open or a caller from another
 * department.
 */
export async function manualTaskWorkflow(
  input: ManualTaskInput,
): Promise<StepDecision & { decidedBy: string }> {
  const { openTask, recordStepDecision } = proxyActivities<CaseActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const state: TaskState = { status: 'opening' };
  let decidedBy = '';
  setHandler(taskStateQuery, () => state);
  setHandler(
    decideTaskUpdate,
    async (decision) => {
      state.status = 'decided';
      state.decision = {
        decision: decision.decision,
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
      decidedBy = decision.actor.accountId;
      await recordStepDecision({ ...input, ...state.decision, decidedBy });
      return state;
    },
    {
      validator: (decision: TaskDecisionInput) => {
        // Another department is refused whatever state the task is in.
        if (!decision.actor.departments.includes(input.department)) {
          throw refuse('WRONG_DEPARTMENT', 'The task belongs to another department');
        }
        // The task row can be visible a moment before this workflow has seen it opened: callers retry.
        if (state.status === 'opening') throw refuse('TASK_OPENING', 'The task is being opened');
        if (state.status !== 'open') throw refuse('TASK_NOT_OPEN', `The task is ${state.status}`);
        if (decision.decision === 'rejected' && !decision.reason?.trim()) {
          throw refuse('REASON_REQUIRED', 'A rejection needs a reason');
        }
      },
    },
  );
  const { taskId } = await openTask(input);
  state.taskId = taskId;
  state.status = 'open';
  await condition(() => state.status === 'decided');
  await condition(allHandlersFinished);
  return { ...state.decision!, decidedBy };
}
