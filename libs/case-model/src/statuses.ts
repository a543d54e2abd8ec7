/**
 * The case, step and task state machines, in one place: a status moves only along these transitions.
 * The spellings are the ones stored in PostgreSQL and answered by the API.
 */
export const caseTransitions = {
  // A proactive case (免申即享) an inbound event started: the person confirms (it is then submitted),
  // declines, or lets the confirmation window pass.
  awaiting_confirmation: ['submitted', 'declined', 'expired'],
  submitted: [
    'in_progress',
    'approved',
    'rejected',
    'partial',
    'not_applicable',
    'failed',
    'withdrawn',
    'cancelled',
  ],
  in_progress: ['approved', 'rejected', 'partial', 'not_applicable', 'failed', 'withdrawn', 'cancelled'],
  approved: [],
  // No step ran (every step skipped, e.g. the applicant is not eligible for any of them): never approved.
  not_applicable: [],
  rejected: [],
  partial: [],
  failed: [],
  withdrawn: [],
  cancelled: [],
  declined: [],
  expired: [],
} as const satisfies Record<string, readonly string[]>;

export const stepTransitions = {
  pending: ['running', 'skipped', 'blocked', 'failed', 'cancelled'],
  running: ['approved', 'rejected', 'failed', 'cancelled'],
  // Undone after the case was withdrawn or rejected (saga compensation).
  approved: ['compensated'],
  rejected: [],
  // An administrator's retry runs a failed step again (or a deciding rejection cancels it).
  failed: ['running', 'cancelled'],
  skipped: [],
  blocked: [],
  cancelled: [],
  compensated: [],
} as const satisfies Record<string, readonly string[]>;

/** A department's task (the worklist row of a manual step). */
export const taskTransitions = {
  // Asking the applicant for more material; deciding; closing with the case.
  open: ['awaiting_material', 'approved', 'rejected', 'cancelled'],
  // The applicant answered the notice; or the case closed while waiting.
  awaiting_material: ['open', 'cancelled'],
  approved: [],
  rejected: [],
  cancelled: [],
} as const satisfies Record<string, readonly string[]>;

export type CaseStatus = keyof typeof caseTransitions;
export type StepStatus = keyof typeof stepTransitions;
export type TaskStatus = keyof typeof taskTransitions;

export const CASE_STATUSES = Object.keys(caseTransitions) as [CaseStatus, ...CaseStatus[]];
export const STEP_STATUSES = Object.keys(stepTransitions) as [StepStatus, ...StepStatus[]];
export const TASK_STATUSES = Object.keys(taskTransitions) as [TaskStatus, ...TaskStatus[]];

/**
 * Where the task workflow is with its task: `opening` until the row exists, `decided` once a decision is
 * recorded. `awaiting_material` is spelled as the task row spells it.
 */
export type TaskWorkflowStatus = 'opening' | 'open' | Extract<TaskStatus, 'awaiting_material'> | 'decided';

function canMove<S extends string>(transitions: Record<S, readonly S[]>, from: S, to: S): boolean {
  return transitions[from].includes(to);
}

function statusesBefore<S extends string>(transitions: Record<S, readonly S[]>, to: S): S[] {
  return (Object.keys(transitions) as S[]).filter((from) => canMove(transitions, from, to));
}

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return canMove<CaseStatus>(caseTransitions, from, to);
}

export function canMoveStep(from: StepStatus, to: StepStatus): boolean {
  return canMove<StepStatus>(stepTransitions, from, to);
}

export function canMoveTask(from: TaskStatus, to: TaskStatus): boolean {
  return canMove<TaskStatus>(taskTransitions, from, to);
}

/** The statuses a case may be in when it is allowed to move to `to` (for guarded SQL updates). */
export function caseStatusesBefore(to: CaseStatus): CaseStatus[] {
  return statusesBefore<CaseStatus>(caseTransitions, to);
}

export function stepStatusesBefore(to: StepStatus): StepStatus[] {
  return statusesBefore<StepStatus>(stepTransitions, to);
}

export function taskStatusesBefore(to: TaskStatus): TaskStatus[] {
  return statusesBefore<TaskStatus>(taskTransitions, to);
}

/** A case in one of these has its result: nothing moves it again. */
export function isCaseClosed(status: CaseStatus): boolean {
  return caseTransitions[status].length === 0;
}
