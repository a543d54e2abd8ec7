import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { type Principal } from '@onething/auth';
import { caseWorkflowId, hasRole, supervises } from '@onething/case-model';
import type { Definition } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseStepEntity } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { retryStepUpdate } from '@onething/workflows';
import { ActionPending } from '../workflow/action-pending';
import { executeUpdate, updateActor } from '../workflow/workflow-updates';
import {
  toTroubledStepView,
  type BulkRetryDto,
  type BulkRetryView,
  type TroubledStepsQuery,
  type TroubledStepView,
} from './step-retries.dto';

/** Steps retried per call; a larger backlog takes another call (each answers how many it matched). */
export const BULK_RETRY_LIMIT = 500;
/** Updates in flight at once: a bulk retry must not crowd out the workers' other work. */
const CONCURRENCY = 8;
/** How long one case's workflow may take to accept its retry (its worker may be busy or down). */
const UPDATE_DEADLINE_MS = 10_000;

interface FailedStep {
  caseId: string;
  stepId: string;
  department: string;
  definitionKey: string;
  definitionVersion: number;
}

/**
 * After a department's outage: every failed step of that department (or of that connector) is retried
 * in one call, each through its case workflow's retry Update, whose validator checks role and
 * department again — exactly as if each had been retried by hand.
 */
@Injectable()
export class StepRetriesService {
  private readonly store: DefinitionStore;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {
    this.store = new DefinitionStore(dataSource);
  }

  /**
   * Steps of open cases that cannot proceed (`failed`, waiting for a retry) or are retrying their
   * department, oldest first; a supervisor sees their own departments' only.
   */
  async troubled(
    caller: Principal,
    query: TroubledStepsQuery,
  ): Promise<{ items: TroubledStepView[]; total: number; page: number; pageSize: number }> {
    if (query.department !== undefined && !this.mayOversee(caller, query.department)) {
      throw new ApiError(ApiErrorCode.Forbidden, 'Not a department you supervise', 'department');
    }
    const rows = this.dataSource
      .getRepository(CaseStepEntity)
      .createQueryBuilder('s')
      .innerJoin('s.case', 'c')
      .where(`c.status IN ('submitted', 'in_progress')`)
      .orderBy('s.last_error_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('s.case_id')
      .addOrderBy('s.step_id')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.state === 'failed') rows.andWhere(`s.status = 'failed'`);
    else rows.andWhere(`s.status = 'running' AND s.next_retry_at IS NOT NULL`);
    if (query.department !== undefined) rows.andWhere('s.department = :department', query);
    if (!hasRole(caller, 'administrator', 'auditor')) {
      rows.andWhere('s.department IN (:...departments)', { departments: ['', ...caller.departments] });
    }
    const [steps, total] = await rows.getManyAndCount();
    return { items: steps.map(toTroubledStepView), total, page: query.page, pageSize: query.pageSize };
  }

  private mayOversee(caller: Principal, department: string): boolean {
    return hasRole(caller, 'auditor') || supervises(caller, department);
  }

  async retryFailed(caller: Principal, filter: BulkRetryDto): Promise<BulkRetryView> {
    if (filter.department !== undefined && !supervises(caller, filter.department)) {
      throw new ApiError(
        ApiErrorCode.Forbidden,
        "Only an administrator or the department's supervisor retries its steps",
        'department',
      );
    }
    const candidates = await this.failedSteps(caller, filter);
    const steps =
      filter.connector === undefined ? candidates : await this.callingConnector(candidates, filter.connector);
    let retried = 0;
    let refused = 0;
    let unanswered = 0;
    const queue = [...steps];
    const actor = updateActor(caller);
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
        for (let step = queue.shift(); step; step = queue.shift()) {
          try {
            await executeUpdate(
              this.temporal,
              caseWorkflowId(step.caseId),
              retryStepUpdate,
              [{ actor, stepId: step.stepId }],
              {
                path: 'stepId',
                closed: 'The case has ended',
                timeoutMs: UPDATE_DEADLINE_MS,
                subject: { caseId: step.caseId },
              },
            );
            retried++;
          } catch (error) {
            if (error instanceof ActionPending) {
              // Accepted by the workflow and still being applied: it is retried.
              retried++;
            } else if (error instanceof ApiError && error.code !== ApiErrorCode.ServiceUnavailable) {
              // Refused by the workflow (the step moved on): the rest go on.
              refused++;
            } else {
              // Not accepted in time (its worker busy or down, Temporal away): the rest go on.
              unanswered++;
            }
          }
        }
      }),
    );
    this.log.info(
      { ...filter, matched: steps.length, retried, refused, unanswered, actorAccountId: caller.accountId },
      'bulk retry of failed steps',
    );
    return { matched: steps.length, retried, refused, unanswered };
  }

  /** Failed steps of open cases; a supervisor's only in the departments they supervise. */
  private async failedSteps(caller: Principal, filter: BulkRetryDto): Promise<FailedStep[]> {
    const query = this.dataSource
      .getRepository(CaseStepEntity)
      .createQueryBuilder('s')
      .innerJoin('s.case', 'c')
      .select([
        's.case_id AS "caseId"',
        's.step_id AS "stepId"',
        's.department AS "department"',
        'c.definition_key AS "definitionKey"',
        'c.definition_version AS "definitionVersion"',
      ])
      .where(`s.status = 'failed'`)
      .andWhere(`c.status IN ('submitted', 'in_progress')`)
      .orderBy('s.completed_at', 'ASC')
      .limit(BULK_RETRY_LIMIT);
    if (filter.department !== undefined) query.andWhere('s.department = :department', filter);
    if (!hasRole(caller, 'administrator')) {
      query.andWhere('s.department IN (:...departments)', { departments: ['', ...caller.departments] });
    }
    return query.getRawMany<FailedStep>();
  }

  private async callingConnector(steps: FailedStep[], connector: string): Promise<FailedStep[]> {
    const definitions = new Map<string, Promise<Definition | undefined>>();
    const definitionOf = (step: FailedStep) => {
      const key = `${step.definitionKey}@${step.definitionVersion}`;
      if (!definitions.has(key)) {
        definitions.set(
          key,
          this.store
            .findPublished(step.definitionKey, Number(step.definitionVersion))
            .then((pinned) => pinned?.definition),
        );
      }
      return definitions.get(key)!;
    };
    const matches = await Promise.all(
      steps.map(async (step) => {
        const definition = await definitionOf(step);
        return definition?.steps.find((candidate) => candidate.id === step.stepId)?.connector === connector;
      }),
    );
    return steps.filter((_, index) => matches[index]);
  }
}
