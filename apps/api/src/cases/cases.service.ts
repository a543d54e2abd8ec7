import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { caseListScope, mayReadStepReason, resolveCaseOwnership, type Principal } from '@onething/auth';
import { validateSubmission } from '@onething/definition';
import type { PublishedDefinition } from '@onething/definition-store';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher, PinnedDefinitions, recordSubmittedCase } from '@onething/orchestration';
import { ReadModel, type CaseOwnerFilter, type ReadModelRepositories } from '@onething/persistence';
import { caseListCursor, CaseListQuery, CaseView, SubmitCaseDto, toCaseView } from './case.dto';
import { loadReadableCase } from './readable-case';

// How long a request waits for a concurrent one with the same Idempotency-Key before answering 409.
const IDEMPOTENCY_WAIT_MS = 300;

@Injectable()
export class CasesService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly dispatcher: CaseDispatcher,
    // Only for @onething/auth's ownership check, which reads accounts itself.
    private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  /**
   * The case, its steps and the `case.submitted` event in one transaction (with the idempotency key, when
   * given); then the workflow is started. If starting fails (Temporal down, process killed), the
   * worker's outbox relay starts it later.
   */
  async submit(
    dto: SubmitCaseDto,
    caller: Principal,
    idempotencyKey?: string,
  ): Promise<{ view: CaseView; replayed: boolean }> {
    const pinned = await this.definitions.published(dto.definitionKey, dto.definitionVersion);
    if (!pinned) {
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        'No published definition with this key and version',
        'definitionKey',
      );
    }
    const application = this.validateApplication(pinned, dto.application);
    const ownership = await resolveCaseOwnership(this.dataSource, caller, dto.onBehalfOf);
    const id = randomUUID();
    const outcome = await this.readModel.transaction(async (tx) => {
      if (idempotencyKey) {
        const existing = await this.claimIdempotencyKey(tx, caller, idempotencyKey, dto, id);
        if (existing) return { replayedCaseId: existing } as const;
      }
      const event = await recordSubmittedCase(tx, {
        id,
        definition: pinned.definition,
        application,
        ownership,
      });
      return { event } as const;
    });
    if ('replayedCaseId' in outcome)
      return { view: await this.get(outcome.replayedCaseId!, caller), replayed: true };
    this.log.info(
      { caseId: id, definitionKey: pinned.key, definitionVersion: pinned.version },
      'case submitted',
    );
    // The definition and application just checked travel on: the workflow starts without reading them again.
    await this.dispatcher
      .dispatch(outcome.event, { definition: pinned.definition, application })
      .catch((error: Error) => {
        this.log.warn({ caseId: id, err: error }, 'workflow start deferred to the outbox relay');
      });
    return { view: await this.get(id, caller), replayed: false };
  }

  /** The caller's cases (own, submitted, or their departments'), newest first, without their steps. */
  async list(caller: Principal, query: CaseListQuery) {
    const scope = caseListScope(caller);
    const after = caseListCursor.decode(query.cursor);
    if (scope.kind === 'none' || (scope.kind === 'departments' && scope.departments.length === 0))
      return caseListCursor.page([], null, 0);
    const { cursor: _cursor, ...filter } = query;
    const { items, lastKey, total } = await this.readModel.cases.list({
      ...filter,
      after,
      owner: ownerFilter(scope),
    });
    return caseListCursor.page(
      items.map((c) => ({
        id: c.id,
        definition: { key: c.definitionKey, version: c.definitionVersion },
        status: c.status,
        submittedAt: c.submittedAt.toISOString(),
        completedAt: c.completedAt?.toISOString() ?? null,
      })),
      lastKey,
      total,
    );
  }

  async get(id: string, caller: Principal): Promise<CaseView> {
    const { entity, steps, facts } = await loadReadableCase(this.readModel, caller, id);
    return {
      ...toCaseView(entity, steps, (department) => mayReadStepReason(caller, facts, department)),
      openNotices: await this.readModel.material.openNoticeIds(id),
    };
  }

  private validateApplication(pinned: PublishedDefinition, application: unknown): Record<string, unknown> {
    const checked = validateSubmission(pinned.definition, application, {
      today: new Date().toISOString().slice(0, 10),
    });
    if (checked.ok) return checked.data;
    const details = checked.errors.map((e) => ({
      code: e.code,
      message: e.message.en,
      path: ['application', ...e.path].join('.'),
    }));
    const first = details[0];
    throw new ApiError(ApiErrorCode.ValidationFailed, `${first.path}: ${first.message}`, first.path, details);
  }

  /**
   * Records the key for this caller inside the submission's transaction. Same key and same body → the
   * case it created; same key, different body → 422; the first request still running → 409.
   */
  private async claimIdempotencyKey(
    tx: ReadModelRepositories,
    caller: Principal,
    key: string,
    dto: SubmitCaseDto,
    caseId: string,
  ): Promise<string | undefined> {
    const requestHash = createHash('sha256').update(JSON.stringify(dto)).digest('hex');
    const claim = await tx.idempotency.claim(
      { owner: caller.id, key, requestHash, caseId },
      IDEMPOTENCY_WAIT_MS,
    );
    switch (claim.kind) {
      case 'claimed':
        return undefined;
      case 'replay':
        return claim.caseId;
      case 'in-flight':
        throw new ApiError(
          ApiErrorCode.IdempotencyInFlight,
          'A request with this Idempotency-Key is still in progress',
          'Idempotency-Key',
        );
      case 'different-request':
        throw new ApiError(
          ApiErrorCode.IdempotencyKeyReused,
          'This Idempotency-Key was used for a different request',
          'Idempotency-Key',
        );
    }
  }
}

/** The list scope as the repository's filter; undefined: every case (oversight). */
function ownerFilter(scope: ReturnType<typeof caseListScope>): CaseOwnerFilter | undefined {
  switch (scope.kind) {
    case 'applicant':
      return { applicantAccountId: scope.accountId };
    case 'submitter':
      return { submittedByAccountId: scope.accountId };
    case 'departments':
      return { departments: scope.departments };
    default:
      return undefined;
  }
}
