import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { ConnectorRegistry } from '@onething/connectors';
import { caseStatusesBefore } from '@onething/case-model';
import { CaseEntity, OutboxEventEntity } from '@onething/persistence';
import { CaseActivitiesService } from '../apps/worker/src/case-activities';
import { BENCH_DEFINITION_KEY } from './five-departments';
import type { HandWrittenActivities } from './hand-written.workflow';

/**
 * The baseline's activities: the same I/O per department as the interpreter's `performAutoStep` (the
 * step's progress read model written before and after, the application read, the connector called with
 * the contract's fields) and the same result write as its `completeCase`. Both sides then do the same
 * work, so the ratios measure what the interpreter itself costs.
 */
export function handWrittenActivities(
  dataSource: DataSource,
  connectors: ConnectorRegistry,
  readModel: CaseActivitiesService,
): HandWrittenActivities {
  return {
    async checkDepartment({ caseId, stepId, connector, contract }) {
      const ref = { caseId, stepId, definitionKey: BENCH_DEFINITION_KEY, definitionVersion: 1 };
      await readModel.recordStepState({ ...ref, status: 'running' });
      const decision = await callDepartment({ caseId, stepId, connector, contract });
      await readModel.recordStepDecision({ ...ref, ...decision });
      return decision;
    },
    storeResult,
  };

  async function callDepartment({
    caseId,
    stepId,
    connector,
    contract,
  }: Parameters<HandWrittenActivities['checkDepartment']>[0]) {
    const application = (await dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId }))
      .application;
    const data = Object.fromEntries(
      contract.filter((field) => field in application).map((field) => [field, application[field]]),
    );
    const answer = await connectors
      .get(connector)
      .check({ caseId, stepId, data }, Context.current().cancellationSignal);
    return { decision: answer.decision, ...(answer.reason ? { reason: answer.reason } : {}) };
  }

  async function storeResult({ caseId, result }: Parameters<HandWrittenActivities['storeResult']>[0]) {
    await dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(CaseEntity)
        .set({ status: result.decision, result, completedAt: () => 'now()' })
        .where('id = :caseId AND status IN (:...from)', {
          caseId,
          from: caseStatusesBefore(result.decision),
        })
        .execute();
      if (updated.affected === 1) {
        await manager.getRepository(OutboxEventEntity).insert({
          aggregateType: 'case',
          aggregateId: caseId,
          type: 'case.completed',
          payload: { caseId, decision: result.decision },
        });
      }
    });
  }
}
