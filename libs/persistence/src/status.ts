/**
 * The case and step state machines, in one place: a status moves only along these transitions.
 */
export const caseTransitions = {
  submitted: ['in_progress', 'approved', 'rejected', 'partial', 'failed', 'withdrawn', 'cancelled'],
  in_progress: ['approved', 'rejected', 'partial', 'failed', 'withdrawn', 'cancelled'],
  approved: [],
  rejected: [],
  partial: [],
  failed: [],
  withdrawn: [],
  cancelled: [],
} as const satisfies Record<string, readonly string[]>;

export const stepTransitions = {
  pending: ['running', 'skipped', 'blocked', 'failed', 'cancelled'],
  running: ['approved', 'rejected', 'failed', 'cancelled'],
  // Undone after the case was withdrawn or rejected (saga compensation).
  approved: ['compensated'],
  rejected: [],
  // An administrator's retry runs a failed step again.
  failed: ['running', 'cancelled'],
  cancelled: [],
  compensated: [],
  skipped: [],
  blocked: [],
} as const satisfies Record<string, readonly string[]>;

export type CaseStatus = keyof typeof caseTransitions;
export type StepStatus = keyof typeof stepTransitions;

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return (caseTransitions[from] as readonly CaseStatus[]).includes(to);
}

export function canMoveStep(from: StepStatus, to: StepStatus): boolean {
  return (stepTransitions[from] as readonly StepStatus[]).includes(to);
}

/** The statuses a step may be in when it is allowed to move to `to` (for guarded SQL updates). */
export function stepStatusesBefore(to: StepStatus): StepStatus[] {
  return (Object.keys(stepTransitions) as StepStatus[]).filter((from) => canMoveStep(from, to));
}

export function caseStatusesBefore(to: CaseStatus): CaseStatus[] {
  return (Object.keys(caseTransitions) as CaseStatus[]).filter((from) => canMoveCase(from, to));
}
