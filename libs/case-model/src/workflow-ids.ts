/** Workflow ids carry the case id (and a step id) only: never personal data. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** The task workflow of a case's manual step (a child of the case workflow). */
export function taskWorkflowId(caseId: string, stepId: string): string {
  return `task-${caseId}-${stepId}`;
}
