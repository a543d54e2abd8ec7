import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  chinaDate,
  escalationDueAt,
  pauseSlaClock,
  resumeSlaClock,
  startSlaClock,
  WorkingCalendar,
  type SlaClock,
} from '@onething/calendar';
import { supervises, type Actor, type TaskWorkflowStatus } from '@onething/case-model';
import type { CaseActivities, StepDecision, StepRef } from './activity-types';
import {
  materialProvidedSignal,
  materialRequestedSignal,
  notRecorded,
  refuse,
  requireReason,
} from './case-messages';
import { requireFreeText } from './free-text';
import { READ_MODEL_RETRY } from './retry-policies';

export interface ManualTaskInput extends StepRef {
  department: string;
  // Since TASK_LIFECYCLE (absent in older histories):
  sla?: { workingDays: number };
  escalation?: { to: string; afterWorkingDays: number };
  /** Field ids the step may receive: a request for more material may name only these. */
  contract?: string[];
  leadDepartment?: string;
}

/** Who decides: established by the API from the caller's token, checked again here before history. */
export interface TaskDecisionInput extends StepDecision {
  actor: Actor;
}

export interface MaterialRequestInput {
  actor: Actor;
  /** Contract fields (or attachments) the applicant must provide again. */
  fields: string[];
  /** What is missing and why, shown to the applicant. */
  message: string;
}

export interface ReassignTaskInput {
  actor: Actor;
  toDepartment?: string;
  toAccountId?: string;
  reason: string;
}

export interface TaskState {
  taskId?: string;
  status: TaskWorkflowStatus;
  decision?: StepDecision;
  /** The department that holds the task now (escalation or reassignment may move it). */
  department?: string;
  priority?: 'normal' | 'urgent';
  sla?: SlaClock & { breached: boolean; escalated: boolean };
}

export const decideTaskUpdate = defineUpdate<TaskState, [TaskDecisionInput]>('decide');
export const requestMaterialUpdate = defineUpdate<TaskState, [MaterialRequestInput]>('requestMaterial');
export const reassignTaskUpdate = defineUpdate<TaskState, [ReassignTaskInput]>('reassign');
export const taskStateQuery = defineQuery<TaskState>('taskState');

/** Patch id: SLA clock, escalation, requests for more material and reassignment in the task workflow. */
export const TASK_LIFECYCLE = 'task-lifecycle';

/**
 * One department's manual step: opens its task and waits for a decision. Decisions, requests for more
 * material and reassignments are Updates whose validators refuse, before anything enters history, a
 * task that is not open or a caller without the right department or role. The step's working-day SLA
 * clock runs here: it pauses while the applicant owes material, and its breach escalates the task.
 */
export async function manualTaskWorkflow(
  input: ManualTaskInput,
): Promise<StepDecision & { decidedBy: string }> {
  const activities = proxyActivities<CaseActivities>({
    startToCloseTimeout: '1 minute',
    retry: READ_MODEL_RETRY,
  });
  const ref: StepRef = {
    caseId: input.caseId,
    definitionKey: input.definitionKey,
    definitionVersion: input.definitionVersion,
    stepId: input.stepId,
  };
  const state: TaskState = { status: 'opening' };
  let decidedBy = '';
  let requests = 0;
  // Bumped by every handler: the main loop's wake-up signal.
  let changes = 0;
  const holder = () => state.department ?? input.department;
  const requireDepartment = (actor: Actor) => {
    // Another department is refused whatever state the task is in.
    if (!actor.departments.includes(holder())) {
      throw refuse('WRONG_DEPARTMENT', 'The task belongs to another department');
    }
  };
  const requireOpen = () => {
    // The task row can be visible a moment before this workflow has seen it opened: callers retry.
    if (state.status === 'opening') throw refuse('TASK_OPENING', 'The task is being opened');
    if (state.status !== 'open') throw refuse('TASK_NOT_OPEN', `The task is ${state.status}`);
  };

  setHandler(taskStateQuery, () => state);
  setHandler(
    decideTaskUpdate,
    async (decision) => {
      const before = state.status;
      state.status = 'decided';
      state.decision = {
        decision: decision.decision,
        ...(decision.reason ? { reason: decision.reason } : {}),
      };
      decidedBy = decision.actor.accountId;
      changes++;
      try {
        await activities.recordStepDecision({ ...input, ...state.decision, decidedBy });
      } catch (error) {
        // Not recorded: the task is open again and can be decided again.
        state.status = before;
        delete state.decision;
        decidedBy = '';
        changes++;
        throw notRecorded(error);
      }
      return state;
    },
    {
      validator: (decision: TaskDecisionInput) => {
        requireDepartment(decision.actor);
        requireOpen();
        if (decision.decision === 'rejected' && !decision.reason?.trim()) {
          throw refuse('REASON_REQUIRED', 'A rejection needs a reason');
        }
        requireFreeText('reason', decision.reason);
      },
    },
  );
  setHandler(
    requestMaterialUpdate,
    async (request) => {
      const before = state.status;
      state.status = 'awaiting_material';
      changes++;
      try {
        await activities.recordMaterialRequest({
          ...ref,
          // The same key when the activity is retried: the request is stored once.
          requestKey: `${workflowInfo().workflowId}#${++requests}`,
          department: holder(),
          fields: request.fields,
          message: request.message,
          requestedBy: request.actor.accountId,
        });
      } catch (error) {
        // Not stored: the task is open again and nobody waits on the applicant.
        state.status = before;
        changes++;
        throw notRecorded(error);
      }
      const parent = workflowInfo().parent;
      if (parent) {
        await getExternalWorkflowHandle(parent.workflowId).signal(materialRequestedSignal, {
          stepId: input.stepId,
        });
      }
      return state;
    },
    {
      validator: (request: MaterialRequestInput) => {
        requireDepartment(request.actor);
        requireOpen();
        if (!input.contract) throw refuse('NOT_SUPPORTED', 'This task predates requests for more material');
        if (request.fields.length === 0) throw refuse('FIELD_OUTSIDE_CONTRACT', 'Name at least one field');
        const outside = request.fields.filter((field) => !input.contract!.includes(field));
        if (outside.length > 0) {
          throw refuse('FIELD_OUTSIDE_CONTRACT', `Not in the step's data contract: ${outside.join(', ')}`);
        }
        if (!request.message.trim()) throw refuse('MESSAGE_REQUIRED', 'Say what is missing and why');
        requireFreeText('message', request.message);
      },
    },
  );
  setHandler(
    reassignTaskUpdate,
    async (request) => {
      const { department } = await activities
        .reassignTask({
          ...ref,
          ...(request.toDepartment ? { toDepartment: request.toDepartment } : {}),
          ...(request.toAccountId ? { toAccountId: request.toAccountId } : {}),
          reason: request.reason,
          actorAccountId: request.actor.accountId,
        })
        .catch((error: unknown) => {
          throw notRecorded(error);
        });
      state.department = department;
      changes++;
      return state;
    },
    {
      validator: (request: ReassignTaskInput) => {
        if (!supervises(request.actor, holder())) {
          throw refuse('ROLE_NOT_ALLOWED', "Only the department's supervisor or an administrator reassigns");
        }
        if (state.status === 'opening') throw refuse('TASK_OPENING', 'The task is being opened');
        if (state.status === 'decided') throw refuse('TASK_NOT_OPEN', 'The task is decided');
        if (!request.toDepartment && !request.toAccountId) {
          throw refuse('TARGET_REQUIRED', 'Name a department or a person');
        }
        requireReason(request.reason);
        requireFreeText('reason', request.reason);
      },
    },
  );
  setHandler(materialProvidedSignal, () => {
    if (state.status === 'awaiting_material') state.status = 'open';
    changes++;
  });

  const { taskId } = await activities.openTask(input);
  state.taskId = taskId;
  state.status = 'open';
  state.department = input.department;

  if (patched(TASK_LIFECYCLE) && input.sla) {
    await runSlaClock(input, ref, state, activities, () => changes);
  } else {
    // A decision whose recording failed puts the task back to open: wait for the next one.
    const decided = () => state.status === 'decided';
    do {
      await condition(decided);
      await condition(allHandlersFinished);
    } while (!decided());
  }
  await condition(allHandlersFinished);
  return { ...state.decision!, decidedBy };
}

/**
 * Until the task is decided: keeps the SLA clock (paused while the applicant owes material), records
 * a breach when the due date passes, and escalates as the definition says. The task is never dropped.
 */
async function runSlaClock(
  input: ManualTaskInput,
  ref: StepRef,
  state: TaskState,
  activities: CaseActivities,
  changes: () => number,
): Promise<void> {
  // The calendar comes through an activity, so it is in history: replay sees the same working days.
  const calendar = new WorkingCalendar(
    await activities.loadWorkingCalendar({ fromDate: chinaDate(Date.now()) }),
  );
  const record = (clock: SlaClock) =>
    activities.recordSla({
      ...ref,
      dueDate: clock.dueDate,
      dueAt: clock.dueAt,
      dueSoonAt: clock.dueSoonAt,
      paused: clock.pausedOn !== undefined,
    });
  type TrackedClock = NonNullable<TaskState['sla']>;
  let clock: TrackedClock = {
    ...startSlaClock(calendar, input.sla!.workingDays, Date.now()),
    breached: false,
    escalated: false,
  };
  const keep = (next: TrackedClock) => {
    clock = next;
    state.sla = next;
  };
  state.priority = 'normal';
  keep(clock);
  await record(clock);

  // A decision whose recording failed puts the task back to open: the clock goes on.
  do {
    await keepClockUntilDecided();
    await condition(allHandlersFinished);
  } while (state.status !== 'decided');

  async function keepClockUntilDecided(): Promise<void> {
    while (state.status !== 'decided') {
      const waiting = state.status === 'awaiting_material';
      if (waiting !== (clock.pausedOn !== undefined)) {
        const now = Date.now();
        const moved = waiting ? pauseSlaClock(calendar, clock, now) : resumeSlaClock(calendar, clock, now);
        keep({ ...moved, breached: clock.breached, escalated: clock.escalated });
        await record(clock);
        continue;
      }
      const seen = changes();
      const escalation = input.escalation;
      const wakeAt = waiting
        ? undefined
        : !clock.breached
          ? clock.dueAt
          : escalation && !clock.escalated
            ? escalationDueAt(calendar, clock, escalation.afterWorkingDays)
            : undefined;
      if (wakeAt === undefined) {
        await condition(() => changes() !== seen);
        continue;
      }
      // Already due (an escalation at the breach itself): act now rather than through a zero timer.
      const wait = wakeAt - Date.now();
      if (wait > 0 && (await condition(() => changes() !== seen, wait))) continue;
      if (!clock.breached) {
        keep({ ...clock, breached: true });
        await activities.recordSlaBreach(ref);
      } else if (escalation) {
        const { department } = await activities.escalateTask({
          ...ref,
          department: state.department ?? input.department,
          to: escalation.to,
          leadDepartment: input.leadDepartment ?? input.department,
        });
        state.department = department;
        state.priority = 'urgent';
        keep({ ...clock, escalated: true });
      }
    }
  }
}
