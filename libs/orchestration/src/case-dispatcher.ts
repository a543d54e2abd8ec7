import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { fieldsReadBy } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import { AppLogger } from '@onething/logging';
import { CaseEntity, OutboxEventEntity } from '@onething/persistence';
import {
  CaseIdAttribute,
  CaseStatusAttribute,
  caseWorkflowId,
  DefinitionKeyAttribute,
  DefinitionVersionAttribute,
  LeadDepartmentAttribute,
} from '@onething/case-model';
import type { caseWorkflow, CaseWorkflowInput } from '@onething/workflows';

export const CASE_SUBMITTED = 'case.submitted';

export interface CaseSubmittedPayload extends Record<string, unknown> {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
}

export interface DispatcherOptions {
  taskQueue: string;
  departmentHeartbeatTimeoutMs: number;
  materialGatheringWindowMs: number;
  /** 0: only when Temporal suggests it. */
  continueAsNewAfterEvents?: number;
  startDeadlineMs: number;
}

/**
 * Turns `case.submitted` outbox events into running case workflows. The API dispatches right after its
 * transaction commits; the worker's relay picks up whatever a crash left behind. Starting twice is
 * harmless: the workflow id is the case id and a duplicate start is refused by Temporal.
 */
export class CaseDispatcher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    private readonly options: DispatcherOptions,
    private readonly log: AppLogger,
    private readonly store = new DefinitionStore(dataSource),
  ) {}

  /** Writes the event that asks for a workflow; call it inside the transaction that creates the case. */
  static async recordSubmission(
    manager: EntityManager,
    payload: CaseSubmittedPayload,
  ): Promise<OutboxEventEntity> {
    return manager.getRepository(OutboxEventEntity).save({
      aggregateType: 'case',
      aggregateId: payload.caseId,
      type: CASE_SUBMITTED,
      payload,
    });
  }

  async dispatch(event: OutboxEventEntity): Promise<void> {
    await this.startWorkflow(event.payload as CaseSubmittedPayload);
    await this.dataSource
      .getRepository(OutboxEventEntity)
      .createQueryBuilder()
      .update()
      .set({ dispatchedAt: () => 'now()' })
      .where('id = :id AND dispatched_at IS NULL', { id: event.id })
      .execute();
  }

  /** Starts the workflows of events older than `olderThanMs` that nobody dispatched; returns how many. */
  async dispatchPending(olderThanMs: number, batchSize = 50): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const pending = await manager
        .getRepository(OutboxEventEntity)
        .createQueryBuilder('e')
        .where('e.type = :type AND e.dispatched_at IS NULL', { type: CASE_SUBMITTED })
        .andWhere(`e.created_at < now() - make_interval(secs => :secs)`, { secs: olderThanMs / 1000 })
        .orderBy('e.id')
        .limit(batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      let started = 0;
      for (const event of pending) {
        try {
          await this.startWorkflow(event.payload as CaseSubmittedPayload);
          await manager.update(OutboxEventEntity, { id: event.id }, { dispatchedAt: new Date() });
          started++;
        } catch (error) {
          await manager.increment(OutboxEventEntity, { id: event.id }, 'dispatchAttempts', 1);
          this.log.warn({ eventId: event.id, err: error }, 'case dispatch failed; will retry');
        }
      }
      return started;
    });
  }

  private async startWorkflow(payload: CaseSubmittedPayload): Promise<void> {
    const pinned = await this.store.findPublished(payload.definitionKey, payload.definitionVersion);
    if (!pinned)
      throw new Error(`No published definition ${payload.definitionKey}@${payload.definitionVersion}`);
    const definition = pinned.definition;
    const caseRow = await this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: payload.caseId });
    // Of the application, only what conditions read travels to Temporal (and through the payload codec).
    const conditionFieldIds = new Set(definition.steps.flatMap((step) => fieldsReadBy(step.when)));
    const conditionFields = Object.fromEntries(
      Object.entries(caseRow.application).filter(([fieldId]) => conditionFieldIds.has(fieldId)),
    );
    const input: CaseWorkflowInput = {
      caseId: payload.caseId,
      definition,
      conditionFields,
      departmentHeartbeatTimeoutMs: this.options.departmentHeartbeatTimeoutMs,
      materialGatheringWindowMs: this.options.materialGatheringWindowMs,
      ...(this.options.continueAsNewAfterEvents
        ? { continueAsNewAfterEvents: this.options.continueAsNewAfterEvents }
        : {}),
    };
    try {
      // Bounded: a submission must not hang on an unreachable Temporal; the relay retries later.
      await this.client.connection.withDeadline(Date.now() + this.options.startDeadlineMs, () =>
        this.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
          workflowId: caseWorkflowId(payload.caseId),
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: [
            { key: CaseIdAttribute, value: payload.caseId },
            { key: DefinitionKeyAttribute, value: payload.definitionKey },
            { key: DefinitionVersionAttribute, value: payload.definitionVersion },
            { key: CaseStatusAttribute, value: 'in_progress' },
            { key: LeadDepartmentAttribute, value: definition.leadDepartment },
          ],
        }),
      );
      this.log.info({ caseId: payload.caseId }, 'case workflow started');
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }
}
