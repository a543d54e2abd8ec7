import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { proactiveOfferWorkflowId } from '@onething/case-model';
import { AppLogger } from '@onething/logging';
import { ReadModel } from '@onething/persistence';
import type { ProactiveOfferInput, proactiveOfferWorkflow } from '@onething/workflows';

/** The outbox event written with a proactive case (免申即享): it asks for the offer's workflow. */
export const CASE_OFFERED = 'case.offered';

/**
 * Turns `case.offered` outbox events into offer workflows (the person's notification and the confirmation
 * deadline), as CaseDispatcher does for submissions: the API starts the workflow right after its
 * transaction commits; the worker's relay starts whatever that left behind (the API crashed, Temporal was
 * unreachable). A second start is refused by the workflow id, and counts as started.
 */
export class OfferDispatcher {
  constructor(
    private readonly readModel: ReadModel,
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly log: AppLogger,
  ) {}

  /** Starts the offer's workflow and marks its event; a failure is logged and left to the relay. */
  async dispatch(eventId: string, offer: ProactiveOfferInput): Promise<void> {
    try {
      await this.start(offer);
      await this.readModel.outbox.markDispatched(eventId);
    } catch (error) {
      this.log.warn(
        { caseId: offer.caseId, err: error },
        'proactive offer workflow not started; the relay will',
      );
    }
  }

  /** Starts the workflows of events older than `olderThanMs` that nobody dispatched; returns how many. */
  async dispatchPending(olderThanMs: number, batchSize = 50): Promise<number> {
    return this.readModel.transaction(async ({ outbox }) => {
      const pending = await outbox.claimUndispatched(CASE_OFFERED, olderThanMs, batchSize);
      let started = 0;
      for (const event of pending) {
        const offer = offerOf(event.payload);
        if (!offer) {
          // Nothing to start from, now or later: set aside (logged) rather than retried forever.
          this.log.error({ eventId: event.id }, 'case.offered event without its offer; set aside');
          await outbox.markDispatched(event.id);
          continue;
        }
        try {
          await this.start(offer);
          await outbox.markDispatched(event.id);
          started++;
        } catch (error) {
          await outbox.countFailedDispatch(event.id);
          this.log.warn({ eventId: event.id, err: error }, 'offer dispatch failed; will retry');
        }
      }
      return started;
    });
  }

  private async start(offer: ProactiveOfferInput): Promise<void> {
    try {
      await this.client.workflow.start<typeof proactiveOfferWorkflow>('proactiveOfferWorkflow', {
        workflowId: proactiveOfferWorkflowId(offer.caseId),
        taskQueue: this.taskQueue,
        args: [offer],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

/** The offer an event asks for: ids and times only (the event's payload is never personal data). */
function offerOf(payload: Record<string, unknown>): ProactiveOfferInput | undefined {
  const { caseId, offeredAt, confirmWithinWorkingDays } = payload;
  if (
    typeof caseId !== 'string' ||
    typeof offeredAt !== 'number' ||
    typeof confirmWithinWorkingDays !== 'number'
  )
    return undefined;
  return { caseId, offeredAt, confirmWithinWorkingDays };
}
