import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { fieldsReadBy, type Definition } from '@onething/definition';
import { AppLogger, currentRequestId } from '@onething/logging';
import { ReadModel, type OutboxEventEntity, type OutboxRepository } from '@onething/persistence';
import {
  CaseIdAttribute,
  CaseStatusAttribute,
  caseWorkflowId,
  CASE_WORKFLOW_GENERATION,
  DefinitionKeyAttribute,
  DefinitionVersionAttribute,
  LeadDepartmentAttribute,
} from '@onething/case-model';
import type { caseWorkflow, CaseWorkflowInput } from '@onething/workflows';
import { PinnedDefinitions } from './pinned-definitions';

export const CASE_SUBMITTED = 'case.submitted';

export interface CaseSubmittedPayload extends Record<string, unknown> {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
  /** Epoch ms of the submission (absent in events written before it was recorded). */
  submittedAtMs?: number;
}

/** What the submission already holds, so starting its workflow reads nothing again. */
export interface LoadedCase {
  definition: Definition;
  application: Record<string, unknown>;
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
    private readonly readModel: ReadModel,
    private readonly client: Client,
    private readonly options: DispatcherOptions,
    private readonly log: AppLogger,
    private readonly definitions: PinnedDefinitions,
  ) {}

  /** Writes the event that asks for a workflow; call it inside the transaction that creates the case. */
  static recordSubmission(
    outbox: OutboxRepository,
    payload: CaseSubmittedPayload,
  ): Promise<OutboxEventEntity> {
    return outbox.append({
      aggregateType: 'case',
      aggregateId: payload.caseId,
      type: CASE_SUBMITTED,
      payload,
    });
  }

  /** Starts the event's workflow; `loaded`: the definition and application the caller already read. */
  async dispatch(event: OutboxEventEntity, loaded?: LoadedCase): Promise<void> {
    await this.startWorkflow(event.payload as CaseSubmittedPayload, loaded);
    await this.readModel.outbox.markDispatched(event.id);
  }

  /** Starts the workflows of events older than `olderThanMs` that nobody dispatched; returns how many. */
  async dispatchPending(olderThanMs: number, batchSize = 50): Promise<number> {
    return this.readModel.transaction(async ({ outbox }) => {
      const pending = await outbox.claimUndispatched(CASE_SUBMITTED, olderThanMs, batchSize);
      let started = 0;
      for (const event of pending) {
        try {
          await this.startWorkflow(event.payload as CaseSubmittedPayload);
          await outbox.markDispatched(event.id);
          started++;
        } catch (error) {
          await outbox.countFailedDispatch(event.id);
          this.log.warn({ eventId: event.id, err: error }, 'case dispatch failed; will retry');
        }
      }
      return started;
    });
  }

  private async load(payload: CaseSubmittedPayload): Promise<LoadedCase> {
    const definition = await this.definitions.get(payload);
    if (!definition)
      throw new Error(`No published definition ${payload.definitionKey}@${payload.definitionVersion}`);
    return { definition, application: await this.readModel.cases.application(payload.caseId) };
  }

  private async startWorkflow(payload: CaseSubmittedPayload, loaded?: LoadedCase): Promise<void> {
    const { definition, application } = loaded ?? (await this.load(payload));
    // Of the application, only what conditions read travels to Temporal (and through the payload codec).
    const conditionFieldIds = new Set(definition.steps.flatMap((step) => fieldsReadBy(step.when)));
    const conditionFields = Object.fromEntries(
      Object.entries(application).filter(([fieldId]) => conditionFieldIds.has(fieldId)),
    );
    // The pledges signed (承诺办): ids only, read only for definitions that ask for one.
    const pledged = definition.steps.some((step) => step.pledge !== undefined)
      ? (await this.readModel.proactive.pledges(payload.caseId)).map((pledge) => pledge.stepId)
      : [];
    const input: CaseWorkflowInput = {
      caseId: payload.caseId,
      generation: CASE_WORKFLOW_GENERATION,
      definition,
      conditionFields,
      ...(pledged.length > 0 ? { pledged } : {}),
      ...(payload.submittedAtMs !== undefined ? { submittedAt: payload.submittedAtMs } : {}),
      departmentHeartbeatTimeoutMs: this.options.departmentHeartbeatTimeoutMs,
      materialGatheringWindowMs: this.options.materialGatheringWindowMs,
      ...(this.options.continueAsNewAfterEvents
        ? { continueAsNewAfterEvents: this.options.continueAsNewAfterEvents }
        : {}),
    };
    // The request that submitted the case (its X-Request-Id), to find its log lines from the workflow;
    // none when the outbox relay starts a case a crash left behind.
    const correlationId = currentRequestId();
    try {
      // Bounded: a submission must not hang on an unreachable Temporal; the relay retries later.
      await this.client.connection.withDeadline(Date.now() + this.options.startDeadlineMs, () =>
        this.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
          workflowId: caseWorkflowId(payload.caseId),
          taskQueue: this.options.taskQueue,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          ...(correlationId ? { memo: { correlationId } } : {}),
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
