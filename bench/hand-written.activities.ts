import { Context } from '@temporalio/activity';
import { ConnectorRegistry } from '@onething/connectors';
import type { ReadModel } from '@onething/persistence';
import type { CompletionActivities } from '../apps/worker/src/activities/completion';
import type { StepActivities } from '../apps/worker/src/activities/steps';
import { BENCH_DEFINITION_KEY } from './five-departments';
import type { HandWrittenActivities } from './hand-written.workflow';

/**
 * The baseline's activities: the same I/O per department as the interpreter's `performAutoStep` (the
 * step's progress read model written before and after, the application read, the connector called with
 * the contract's fields) and the same ending as its `completeCase` (the result stored and the applicant
 * told). Both sides then do the same work, so the ratios measure what the interpreter itself costs.
 */
export function handWrittenActivities(
  readModel: ReadModel,
  connectors: ConnectorRegistry,
  steps: StepActivities,
  completion: CompletionActivities,
): HandWrittenActivities {
  return {
    async checkDepartment({ caseId, stepId, connector, contract }) {
      const ref = { caseId, stepId, definitionKey: BENCH_DEFINITION_KEY, definitionVersion: 1 };
      await steps.recordStepState({ ...ref, status: 'running' });
      const decision = await callDepartment({ caseId, stepId, connector, contract });
      await steps.recordStepDecision({ ...ref, ...decision });
      return decision;
    },
    storeResult: ({ caseId, result }) => completion.completeCase({ caseId, result }),
  };

  async function callDepartment({
    caseId,
    stepId,
    connector,
    contract,
  }: Parameters<HandWrittenActivities['checkDepartment']>[0]) {
    const application = await readModel.cases.application(caseId);
    const data = Object.fromEntries(
      contract.filter((field) => field in application).map((field) => [field, application[field]]),
    );
    const answer = await connectors
      .get(connector)
      .check({ caseId, stepId, data }, Context.current().cancellationSignal);
    return { decision: answer.decision, ...(answer.reason ? { reason: answer.reason } : {}) };
  }
}
