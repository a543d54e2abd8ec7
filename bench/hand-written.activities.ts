import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { ConnectorRegistry } from '@onething/connectors';
import { CaseEntity, caseStatusesBefore, OutboxEventEntity } from '@onething/persistence';
import type { HandWrittenActivities } from './hand-written.workflow';

/**
 * The baseline's activities: the same I/O per department as the interpreter's `runAutoStep` (read the
 * application, call the connector with the contract's fields) and the same result write as its
 * `completeCase` — without the step read model.
 */
export function handWrittenActivities(
  dataSource: DataSource,
  connectors: ConnectorRegistry,
): HandWrittenActivities {
  return {
    async checkDepartment({ caseId, stepId, connector, contract }) {
      const application = (await dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId }))
        .application;
      const data = Object.fromEntries(
        contract.filter((field) => field in application).map((field) => [field, application[field]]),
      );
      const answer = await connectors
        .get(connector)
        .check({ caseId, stepId, data }, Context.current().cancellationSignal);
      return { decision: answer.decision, ...(answer.reason ? { reason: answer.reason } : {}) };
    },
    async storeResult({ caseId, result }) {
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
    },
  };
}
