import { assertMayReadCase, type CaseFacts, type Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import type { CaseEntity, CaseStepEntity, ReadModelRepositories } from '@onething/persistence';

export interface ReadableCase {
  entity: CaseEntity;
  steps: CaseStepEntity[];
  /** What the policy decides on. */
  facts: CaseFacts;
}

/** The case with its steps, if the caller may read it; one they may not read answers like a missing one. */
export async function loadReadableCase(
  readModel: ReadModelRepositories,
  caller: Principal,
  id: string,
): Promise<ReadableCase> {
  const entity = await readModel.cases.find(id);
  if (!entity) throw new ApiError(ApiErrorCode.NotFound, 'No such case', 'id');
  return readableCase(caller, entity, await readModel.steps.forCase(id));
}

/** A case already in hand (just stored, or read), if the caller may read it. */
export function readableCase(caller: Principal, entity: CaseEntity, steps: CaseStepEntity[]): ReadableCase {
  const facts = { ...entity, departments: steps.map((step) => step.department) };
  assertMayReadCase(caller, facts);
  return { entity, steps, facts };
}
