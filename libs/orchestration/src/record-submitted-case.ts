import type { EntityManager } from 'typeorm';
import type { Definition } from '@onething/definition';
import { CaseEntity, CaseStepEntity, OutboxEventEntity } from '@onething/persistence';
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
}

/**
 * A submitted case as one unit: its row, one pending step row per definition step, and the
 * `case.submitted` event that asks for its workflow. Call inside the submission's transaction.
 */
export async function recordSubmittedCase(
  manager: EntityManager,
  submitted: SubmittedCase,
): Promise<OutboxEventEntity> {
  const { id, definition } = submitted;
  await manager.getRepository(CaseEntity).insert({
    id,
    definitionKey: definition.key,
    definitionVersion: definition.version,
    status: 'submitted',
    // TypeORM's deep-partial insert type cannot express arbitrary JSON values; the column is jsonb.
    application: submitted.application as Record<string, never>,
    result: null,
    workflowId: caseWorkflowId(id),
    completedAt: null,
    ...submitted.ownership,
  });
  await manager.getRepository(CaseStepEntity).insert(
    definition.steps.map((step) => ({
      caseId: id,
      stepId: step.id,
      department: step.department,
      kind: step.kind,
      status: 'pending' as const,
      reason: null,
      startedAt: null,
      completedAt: null,
    })),
  );
  return CaseDispatcher.recordSubmission(manager, {
    caseId: id,
    definitionKey: definition.key,
    definitionVersion: definition.version,
  });
}
