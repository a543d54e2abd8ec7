import { DataSource } from 'typeorm';
import { assertMayReadCase, type CaseFacts, type Principal } from '@onething/auth';
import { ApiError, ApiErrorCode } from '@onething/http';
import { CaseEntity, CaseStepEntity } from '@onething/persistence';

export interface ReadableCase {
  entity: CaseEntity;
  steps: CaseStepEntity[];
  /** What the policy decides on. */
  facts: CaseFacts;
}

/** The case with its steps, if the caller may read it; one they may not read answers like a missing one. */
export async function loadReadableCase(
  dataSource: DataSource,
  caller: Principal,
  id: string,
): Promise<ReadableCase> {
  const entity = await dataSource.getRepository(CaseEntity).findOneBy({ id });
  if (!entity) throw new ApiError(ApiErrorCode.NotFound, 'No such case', 'id');
  const steps = await dataSource
    .getRepository(CaseStepEntity)
    .find({ where: { caseId: id }, order: { stepId: 'ASC' } });
  const facts = { ...entity, departments: steps.map((step) => step.department) };
  assertMayReadCase(caller, facts);
  return { entity, steps, facts };
}
