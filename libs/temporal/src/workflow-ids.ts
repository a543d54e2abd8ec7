/** Workflow ids carry the case id only: never personal data. */
export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}
