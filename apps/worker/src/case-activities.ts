import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { findExampleStep, projectContract, simulatedDepartments } from '@onething/cases';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import {
  CaseEntity,
  CaseStepEntity,
  caseStatusesBefore,
  OutboxEventEntity,
  stepStatusesBefore,
} from '@onething/persistence';
import type { CaseActivities, CaseResultSummary } from '@onething/workflows';

type Decision = Awaited<ReturnType<CaseActivities['performDepartmentStep']>>;

/**
 * The case workflow's activities. Each one writes the read model idempotently: a retried activity, or one
 * re-run after the worker died, finds the state it already wrote and changes nothing twice.
 */
@Injectable()
export class CaseActivitiesService implements CaseActivities {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async performDepartmentStep({ caseId, stepId }: { caseId: string; stepId: string }): Promise<Decision> {
    const step = findExampleStep(stepId);
    const steps = this.dataSource.getRepository(CaseStepEntity);
    const recorded = await steps.findOneByOrFail({ caseId, stepId });
    if (recorded.status === 'approved' || recorded.status === 'rejected') {
      // Decided by an earlier attempt whose completion never reached Temporal.
      return { decision: recorded.status, ...(recorded.reason ? { reason: recorded.reason } : {}) };
    }
    await steps
      .createQueryBuilder()
      .update()
      .set({
        status: 'running',
        startedAt: () => 'COALESCE(started_at, now())',
        attempts: () => 'attempts + 1',
      })
      .where('case_id = :caseId AND step_id = :stepId AND status IN (:...from)', {
        caseId,
        stepId,
        from: [...stepStatusesBefore('running'), 'running'],
      })
      .execute();
    await this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'in_progress' })
      .where('id = :caseId AND status IN (:...from)', { caseId, from: caseStatusesBefore('in_progress') })
      .execute();

    const application = (await this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId }))
      .application;
    const contractData = projectContract(step, application);
    await this.simulateProcessingTime();
    const department = simulatedDepartments[stepId];
    if (!department) throw ApplicationFailure.nonRetryable(`no department system for step ${stepId}`);
    const decision = department(contractData);

    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(CaseStepEntity)
        .set({ status: decision.decision, reason: decision.reason ?? null, completedAt: () => 'now()' })
        .where('case_id = :caseId AND step_id = :stepId AND status = :running', {
          caseId,
          stepId,
          running: 'running',
        })
        .execute();
      if (updated.affected === 1) {
        await manager.getRepository(OutboxEventEntity).save({
          aggregateType: 'case',
          aggregateId: caseId,
          type: 'case.step.completed',
          payload: { caseId, stepId, department: step.department, decision: decision.decision },
        });
      }
    });
    this.log.info({ caseId, stepId, decision: decision.decision }, 'department step decided');
    return decision;
  }

  async completeCase({ caseId, result }: { caseId: string; result: CaseResultSummary }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(CaseEntity)
        .set({ status: result.decision, result, completedAt: () => 'now()' })
        .where('id = :caseId AND status IN (:...from)', { caseId, from: caseStatusesBefore(result.decision) })
        .execute();
      if (updated.affected === 1) {
        await manager.getRepository(OutboxEventEntity).save({
          aggregateType: 'case',
          aggregateId: caseId,
          type: 'case.completed',
          payload: { caseId, decision: result.decision },
        });
      }
    });
    this.log.info({ caseId, decision: result.decision }, 'case result stored');
  }

  /** A slow department, for the demo and for tests that stop a worker mid-step; heartbeats keep it alive. */
  private async simulateProcessingTime(): Promise<void> {
    const total = this.config.departments.simulatedDelayMs;
    const context = Context.current();
    for (let waited = 0; waited < total; waited += 250) {
      context.heartbeat();
      await context.sleep(Math.min(250, total - waited));
    }
  }

  /** The plain functions Temporal registers, bound to this instance. */
  asActivities(): CaseActivities {
    return {
      performDepartmentStep: (input) => this.performDepartmentStep(input),
      completeCase: (input) => this.completeCase(input),
    };
  }
}
