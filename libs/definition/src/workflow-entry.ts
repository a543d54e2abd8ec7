// What workflow code gets when it imports '@onething/definition' (the workflow bundle's alias, see
// libs/temporal/src/workflow-bundle.ts). Every workflow run evaluates its imported modules afresh in the
// reusable V8 context, so this leaves out what only the API and the CLI need (the validator, the form,
// JSON Schema, YAML, zod): with them each case paid about 25 ms of CPU and a copy of 170 modules in
// memory. A name missing here fails the bundle (webpack's exportsPresence is an error there).
export { caseToday } from './case-dates';
export { compileCondition, evaluateCondition } from './conditions';
export { decidingRejection, onRequiredRejectionOf, stepsToUndo } from './flow';
export { applicantVisibleOutputs, contractFieldIds } from './outputs';
export { mergeOutcome, projectContract, readyStepIds, scheduleSteps } from './scheduling';
