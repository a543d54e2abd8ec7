import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { assertMayReadCase, resolveCaseOwnership, type Principal } from '@onething/auth';
import { exampleDefinition } from '@onething/cases';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher } from '@onething/orchestration';
import { CaseEntity, CaseStepEntity } from '@onething/persistence';
import { caseWorkflowId } from '@onething/temporal';
import { CaseView, SubmitCaseDto, toCaseView } from './case.dto';

@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: CaseDispatcher,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /**
   * The case, its steps and the `case.submitted` event in one transaction; then the workflow is started.
   * If starting fails (Temporal down, process killed), the worker's outbox relay starts it later.
   */
  async submit(dto: SubmitCaseDto, caller: Principal): Promise<CaseView> {
    const ownership = await resolveCaseOwnership(this.dataSource, caller, dto.onBehalfOf);
    const id = randomUUID();
    const definition = exampleDefinition;
    const event = await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(CaseEntity).insert({
        id,
        definitionKey: definition.key,
        definitionVersion: definition.version,
        status: 'submitted',
        application: dto.application,
        result: null,
        workflowId: caseWorkflowId(id),
        completedAt: null,
        ...ownership,
      });
      await manager.getRepository(CaseStepEntity).insert(
        definition.steps.map((s) => ({
          caseId: id,
          stepId: s.id,
          department: s.department,
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
    });
    this.log.info({ caseId: id, definitionKey: definition.key }, 'case submitted');
    await this.dispatcher.dispatch(event).catch((error: Error) => {
      this.log.warn({ caseId: id, err: error.message }, 'workflow start deferred to the outbox relay');
    });
    return this.get(id, caller);
  }

  async get(id: string, caller: Principal): Promise<CaseView> {
    const entity = await this.dataSource.getRepository(CaseEntity).findOneBy({ id });
    if (!entity) throw new ApiError(ApiErrorCode.NotFound, 'No such case', 'id');
    const steps = await this.dataSource
      .getRepository(CaseStepEntity)
      .find({ where: { caseId: id }, order: { stepId: 'ASC' } });
    assertMayReadCase(caller, { ...entity, departments: steps.map((s) => s.department) });
    return toCaseView(entity, steps);
  }
}
