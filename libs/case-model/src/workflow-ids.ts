/** Workflow ids carry the case id (and a step id) only: never personal data. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

/** The task workflow of a case's manual step (a child of the case workflow). */
export function taskWorkflowId(caseId: string, stepId: string): string {
  return `task-${caseId}-${stepId}`;
}

/**
 * The task queue of the manual-task workflows of cases on `caseQueue` (since case workflow generation 2):
 * apart, so opening a task of a case already under way never waits behind a burst of new cases.
 */
export function taskWorkflowQueue(caseQueue: string): string {
  return `${caseQueue}-tasks`;
}

/** A proactive case's offer (免申即享): its confirmation window, before the case workflow exists. */
export function proactiveOfferWorkflowId(caseId: string): string {
  return `offer-${caseId}`;
}

/**
 * The case workflow generation new cases start in (`CaseWorkflowInput.generation`, set by the starter):
 * from generation 1 every behaviour that patches gate is on from the first command, unread (see
 * workflows/src/case/patches.ts); from generation 2 an auto step's department call gets one local
 * attempt first and the read model's writes are local activities (see workflows/src/activity-proxies.ts).
 * Raise it only together with the workflow code that reads it.
 */
export const CASE_WORKFLOW_GENERATION = 2;

/** The first generation whose activities run as local activities (see `CASE_WORKFLOW_GENERATION`). */
export const LOCAL_ACTIVITIES_GENERATION = 2;
