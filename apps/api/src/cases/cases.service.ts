import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { caseListScope, mayReadStepReason, resolveCaseOwnership, type Principal } from '@onething/auth';
import { validateSubmission } from '@onething/definition';
import { DefinitionStore, type PublishedDefinition } from '@onething/definition-store';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher, recordSubmittedCase } from '@onething/orchestration';
import { CaseEntity, MaterialNoticeEntity } from '@onething/persistence';
import { CaseListQuery, CaseView, SubmitCaseDto, toCaseView } from './case.dto';
import { loadReadableCase } from './readable-case';

// How long a request waits for a concurrent one with the same Idempotency-Key before answering 409.
const IDEMPOTENCY_WAIT = '300ms';

@Injectable()
export class CasesService {
  private readonly store: DefinitionStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: CaseDispatcher,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {
    this.store = new DefinitionStore(dataSource);
  }

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
    const pinned = await this.store.findPublished(dto.definitionKey, dto.definitionVersion);
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
    const outcome = await this.dataSource.transaction(async (manager) => {
      if (idempotencyKey) {
        const existing = await this.claimIdempotencyKey(manager, caller, idempotencyKey, dto, id);
        if (existing) return { replayedCaseId: existing } as const;
      }
      const event = await recordSubmittedCase(manager, {
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
    await this.dispatcher.dispatch(outcome.event).catch((error: Error) => {
      this.log.warn({ caseId: id, err: error }, 'workflow start deferred to the outbox relay');
    });
    return { view: await this.get(id, caller), replayed: false };
  }

  /** The caller's cases (own, submitted, or their departments'), newest first, without their steps. */
  async list(caller: Principal, query: CaseListQuery) {
    const scope = caseListScope(caller);
    const empty = { items: [], page: query.page, pageSize: query.pageSize, total: 0 };
    if (scope.kind === 'none' || (scope.kind === 'departments' && scope.departments.length === 0))
      return empty;
    const rows = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c');
    if (scope.kind === 'applicant') rows.where('c.applicant_account_id = :id', { id: scope.accountId });
    if (scope.kind === 'submitter') rows.where('c.submitted_by_account_id = :id', { id: scope.accountId });
    if (scope.kind === 'departments') {
      rows.where(
        'EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id AND s.department IN (:...departments))',
        { departments: scope.departments },
      );
    }
    if (query.status) rows.andWhere('c.status = :status', { status: query.status });
    if (query.definitionKey) rows.andWhere('c.definition_key = :key', { key: query.definitionKey });
    if (query.stepStatus) {
      rows.andWhere('EXISTS (SELECT 1 FROM case_steps f WHERE f.case_id = c.id AND f.status = :stepStatus)', {
        stepStatus: query.stepStatus,
      });
    }
    const [items, total] = await rows
      .orderBy('c.submitted_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return {
      items: items.map((c) => ({
        id: c.id,
        definition: { key: c.definitionKey, version: c.definitionVersion },
        status: c.status,
        submittedAt: c.submittedAt.toISOString(),
        completedAt: c.completedAt?.toISOString() ?? null,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  async get(id: string, caller: Principal): Promise<CaseView> {
    const { entity, steps, facts } = await loadReadableCase(this.dataSource, caller, id);
    const notices = await this.dataSource
      .getRepository(MaterialNoticeEntity)
      .find({ select: { id: true }, where: { caseId: id, status: 'open' }, order: { createdAt: 'ASC' } });
    return {
      ...toCaseView(entity, steps, (department) => mayReadStepReason(caller, facts, department)),
      openNotices: notices.map((notice) => notice.id),
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
    manager: EntityManager,
    caller: Principal,
    key: string,
    dto: SubmitCaseDto,
    caseId: string,
  ): Promise<string | undefined> {
    const requestHash = createHash('sha256').update(JSON.stringify(dto)).digest('hex');
    await manager.query(`SET LOCAL lock_timeout = '${IDEMPOTENCY_WAIT}'`);
    let inserted: unknown[];
    try {
      inserted = await manager.query(
        `INSERT INTO idempotency_keys (owner, key, request_hash, case_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (owner, key) DO NOTHING RETURNING key`,
        [caller.id, key, requestHash, caseId],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        throw new ApiError(
          ApiErrorCode.IdempotencyInFlight,
          'A request with this Idempotency-Key is still in progress',
          'Idempotency-Key',
        );
      }
      throw error;
    }
    if (inserted.length > 0) return undefined;
    const [row] = await manager.query<{ request_hash: string; case_id: string }[]>(
      `SELECT request_hash, case_id FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [caller.id, key],
    );
    if (row.request_hash !== requestHash) {
      throw new ApiError(
        ApiErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used for a different request',
        'Idempotency-Key',
      );
    }
    return row.case_id;
  }
}
