import { getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  materialProvidedSignal,
  materialRequestedSignal,
  notRecorded,
  refuse,
  requireReason,
} from '../case-messages';
import { supervises, type Actor } from '@onething/case-model';
import { requireFreeText } from '../free-text';
import {
  decideTaskUpdate,
  reassignTaskUpdate,
  requestMaterialUpdate,
  type MaterialRequestInput,
  type ReassignTaskInput,
  type TaskDecisionInput,
  type TaskState,
} from './messages';
import type { TaskRun } from './run';

/**
 * Decisions, requests for more material and reassignments: Updates whose validators refuse, before
 * anything enters history, a task that is not open or a caller without the right department or role.
 */
export function registerTaskUpdates(run: TaskRun): void {
  setHandler(decideTaskUpdate, (input) => decide(run, input), {
    validator: (input: TaskDecisionInput) => validateDecision(run, input),
  });
  setHandler(requestMaterialUpdate, (input) => requestMaterial(run, input), {
    validator: (input: MaterialRequestInput) => validateMaterialRequest(run, input),
  });
  setHandler(reassignTaskUpdate, (input) => reassign(run, input), {
    validator: (input: ReassignTaskInput) => validateReassignment(run, input),
  });
  setHandler(materialProvidedSignal, () => {
    if (run.state.status === 'awaiting_material') run.state.status = 'open';
    run.changed();
  });
}

function requireDepartment(run: TaskRun, actor: Actor): void {
  // Another department is refused whatever state the task is in.
  if (!actor.departments.includes(run.holder())) {
    throw refuse('WRONG_DEPARTMENT', 'The task belongs to another department');
  }
}

function requireOpen({ state }: TaskRun): void {
  // The task row can be visible a moment before this workflow has seen it opened: callers retry.
  if (state.status === 'opening') throw refuse('TASK_OPENING', 'The task is being opened');
  if (state.status !== 'open') throw refuse('TASK_NOT_OPEN', `The task is ${state.status}`);
}

function validateDecision(run: TaskRun, decision: TaskDecisionInput): void {
  requireDepartment(run, decision.actor);
  requireOpen(run);
  if (decision.decision === 'rejected' && !decision.reason?.trim()) {
    throw refuse('REASON_REQUIRED', 'A rejection needs a reason');
  }
  requireFreeText('reason', decision.reason);
}

function validateMaterialRequest(run: TaskRun, request: MaterialRequestInput): void {
  requireDepartment(run, request.actor);
  requireOpen(run);
  const contract = run.input.contract;
  if (!contract) throw refuse('NOT_SUPPORTED', 'This task predates requests for more material');
  if (request.fields.length === 0) throw refuse('FIELD_OUTSIDE_CONTRACT', 'Name at least one field');
  const outside = request.fields.filter((field) => !contract.includes(field));
  if (outside.length > 0) {
    throw refuse('FIELD_OUTSIDE_CONTRACT', `Not in the step's data contract: ${outside.join(', ')}`);
  }
  if (!request.message.trim()) throw refuse('MESSAGE_REQUIRED', 'Say what is missing and why');
  requireFreeText('message', request.message);
}

function validateReassignment(run: TaskRun, request: ReassignTaskInput): void {
  if (!supervises(request.actor, run.holder())) {
    throw refuse('ROLE_NOT_ALLOWED', "Only the department's supervisor or an administrator reassigns");
  }
  if (run.state.status === 'opening') throw refuse('TASK_OPENING', 'The task is being opened');
  if (run.state.status === 'decided') throw refuse('TASK_NOT_OPEN', 'The task is decided');
  if (!request.toDepartment && !request.toAccountId) {
    throw refuse('TARGET_REQUIRED', 'Name a department or a person');
  }
  requireReason(request.reason);
  requireFreeText('reason', request.reason);
}

async function decide(run: TaskRun, decision: TaskDecisionInput): Promise<TaskState> {
  const { state } = run;
  const before = state.status;
  state.status = 'decided';
  state.decision = {
    decision: decision.decision,
    ...(decision.reason ? { reason: decision.reason } : {}),
    ...(decision.outputs && Object.keys(decision.outputs).length > 0 ? { outputs: decision.outputs } : {}),
  };
  run.decidedBy = decision.actor.accountId;
  run.changed();
  try {
    await run.updateActivities.recordStepDecision({
      ...run.input,
      ...state.decision,
      decidedBy: run.decidedBy,
    });
  } catch (error) {
    // Not recorded: the task is open again and can be decided again.
    state.status = before;
    delete state.decision;
    run.decidedBy = '';
    run.changed();
    throw notRecorded(error);
  }
  return state;
}

async function requestMaterial(run: TaskRun, request: MaterialRequestInput): Promise<TaskState> {
  const { state } = run;
  const before = state.status;
  state.status = 'awaiting_material';
  run.changed();
  try {
    await run.updateActivities.recordMaterialRequest({
      ...run.ref,
      // The same key when the activity is retried: the request is stored once.
      requestKey: `${workflowInfo().workflowId}#${++run.requests}`,
      department: run.holder(),
      fields: request.fields,
      message: request.message,
      requestedBy: request.actor.accountId,
    });
  } catch (error) {
    // Not stored: the task is open again and nobody waits on the applicant.
    state.status = before;
    run.changed();
    throw notRecorded(error);
  }
  const parent = workflowInfo().parent;
  if (parent) {
    await getExternalWorkflowHandle(parent.workflowId).signal(materialRequestedSignal, {
      stepId: run.input.stepId,
    });
  }
  return state;
}

async function reassign(run: TaskRun, request: ReassignTaskInput): Promise<TaskState> {
  const { department } = await run.updateActivities
    .reassignTask({
      ...run.ref,
      ...(request.toDepartment ? { toDepartment: request.toDepartment } : {}),
      ...(request.toAccountId ? { toAccountId: request.toAccountId } : {}),
      reason: request.reason,
      actorAccountId: request.actor.accountId,
    })
    .catch((error: unknown) => {
      throw notRecorded(error);
    });
  run.state.department = department;
  run.changed();
  return run.state;
}
