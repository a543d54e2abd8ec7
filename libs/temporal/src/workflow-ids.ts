// Workflow ids moved to @onething/case-model; re-exported here for the API's and tests' importers.
export { caseWorkflowId, taskWorkflowId } from '@onething/case-model';
