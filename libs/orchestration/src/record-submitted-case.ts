import type { Definition } from '@onething/definition';
import type {
  CaseEntity,
  CaseStepEntity,
  OutboxEventEntity,
  ReadModelRepositories,
} from '@onething/persistence';
import { caseWorkflowId } from '@onething/case-model';
import { CaseDispatcher } from './case-dispatcher';

export interface SubmittedCase {
  id: string;
  definition: Definition;
  application: Record<string, unknown>;
  /** Whose case it is (see `caseOwnership` in @onething/auth). */
  ownership: {
    applicantAccountId: string | null;
    submittedByAccountId: string | null;
    submissionConsent: { method: string; reference: string; recordedAt: string } | null;
  };
  /** The instant eligibility was decided at: the case's submission time and its workflow's `today()`. */
  submittedAt?: Date;
}

/** What a submission stored, as a read would give it back. */
export interface RecordedCase {
  entity: CaseEntity;
  steps: CaseStepEntity[];
  /** The `case.submitted` event, for the dispatcher. */
  event: OutboxEventEntity;
}

/**
 * A submitted case as one unit: its row, one pending step row per definition step, and the
 * `case.submitted` event that asks for its workflow. Call with the submission transaction's repositories.
 */
export async function recordSubmittedCase(
  tx: ReadModelRepositories,
  submitted: SubmittedCase,
): Promise<RecordedCase> {
  const { id, definition } = submitted;
  const entity = await tx.cases.insertSubmitted({
    id,
    definitionKey: definition.key,
    definitionVersion: definition.version,
    application: submitted.application,
    workflowId: caseWorkflowId(id),
    ...submitted.ownership,
    ...(submitted.submittedAt ? { submittedAt: submitted.submittedAt } : {}),
  });
  const steps = await tx.steps.insertPending(
    id,
    definition.steps.map((step) => ({ stepId: step.id, department: step.department, kind: step.kind })),
  );
  // The connector versions in force now are the ones this case calls, whatever an administrator changes later.
  await tx.connectors.pinForCase(id, connectorKeysOf(definition));
  const event = await CaseDispatcher.recordSubmission(tx.outbox, {
    caseId: id,
    definitionKey: definition.key,
    definitionVersion: definition.version,
    ...(submitted.submittedAt ? { submittedAtMs: submitted.submittedAt.getTime() } : {}),
  });
  return { entity, steps, event };
}

/** The connectors a case of the definition calls: its auto steps' and its compensations'. */
export function connectorKeysOf(definition: Definition): string[] {
  const keys = definition.steps.flatMap((step) => [step.connector, step.compensate?.connector]);
  return [...new Set(keys.filter((key): key is string => key !== undefined))];
}
