import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { type Principal } from '@onething/auth';
import { caseWorkflowId, hasRole, supervises } from '@onething/case-model';
import { ApiError, ApiErrorCode, type Page } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type FailedStepRow } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { retryStepUpdate } from '@onething/workflows';
import { ActionPending } from '../workflow/action-pending';
import { executeUpdate, updateActor } from '../workflow/workflow-updates';
import {
  toTroubledStepView,
  troubledStepsCursor,
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

type FailedStep = FailedStepRow;

/**
 * After a department's outage: every failed step of that department (or of that connector) is retried
 * in one call, each through its case workflow's retry Update, whose validator checks role and
 * department again — exactly as if each had been retried by hand.
 */
@Injectable()
export class StepRetriesService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /**
   * Steps of open cases that cannot proceed (`failed`, waiting for a retry) or are retrying their
   * department, oldest first; a supervisor sees their own departments' only.
   */
  async troubled(caller: Principal, query: TroubledStepsQuery): Promise<Page<TroubledStepView>> {
    if (query.department !== undefined && !this.mayOversee(caller, query.department)) {
      throw new ApiError(ApiErrorCode.Forbidden, 'Not a department you supervise', 'department');
    }
    const { cursor, ...filter } = query;
    const { items, lastKey, total } = await this.readModel.steps.troubled({
      ...filter,
      after: troubledStepsCursor.decode(cursor),
      ...(hasRole(caller, 'administrator', 'auditor') ? {} : { departments: caller.departments }),
    });
    return troubledStepsCursor.page(items.map(toTroubledStepView), lastKey, total);
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
              // Not accepted in time (its worker busy or down, Temporal away), or something unexpected
              // (logged, never swallowed): the rest go on.
              unanswered++;
              if (!(error instanceof ApiError))
                this.log.warn(
                  { err: error, caseId: step.caseId, stepId: step.stepId },
                  'bulk retry: a step could not be retried',
                );
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
    return this.readModel.steps.failed({
      ...(filter.department !== undefined ? { department: filter.department } : {}),
      ...(hasRole(caller, 'administrator') ? {} : { departments: caller.departments }),
      limit: BULK_RETRY_LIMIT,
    });
  }

  private async callingConnector(steps: FailedStep[], connector: string): Promise<FailedStep[]> {
    // Published versions are kept once read: many steps of one version cost one read.
    const matches = await Promise.all(
      steps.map(async (step) => {
        const definition = await this.definitions.get({
          definitionKey: step.definitionKey,
          definitionVersion: Number(step.definitionVersion),
        });
        return definition?.steps.find((candidate) => candidate.id === step.stepId)?.connector === connector;
      }),
    );
    return steps.filter((_, index) => matches[index]);
  }
}
