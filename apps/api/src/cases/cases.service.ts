import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessTrail, caseAccessBasis } from '@onething/audit';
import { caseListScope, mayReadStepReason, resolveCaseOwnership, type Principal } from '@onething/auth';
import { caseToday, checkEligibility, validateSubmission, type Definition } from '@onething/definition';
import { ApiError, ApiErrorCode, type ProblemLanguage } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { Metrics } from '@onething/observability';
import { CaseDispatcher, PinnedDefinitions, recordSubmittedCase } from '@onething/orchestration';
import {
  byStepId,
  ReadModel,
  type CaseOwnerFilter,
  type PledgeRow,
  type ReadModelRepositories,
  type UploadEntity,
} from '@onething/persistence';
import { caseListCursor, CaseListQuery, CaseView, SubmitCaseDto, toCaseView } from './case.dto';
import { keepAsMaterial, referencedUploads, storedAttachments } from '../uploads/stored-attachments';
import { toCommitmentView } from '../workflow/commitment-view';
import { CaseAdmission } from './case-admission';
import { loadReadableCase, readableCase, type ReadableCase } from './readable-case';
import { signedPledges, toPledgeView } from './pledges';

// How long a request waits for a concurrent one with the same Idempotency-Key before answering 409.
const IDEMPOTENCY_WAIT_MS = 300;

@Injectable()
export class CasesService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly dispatcher: CaseDispatcher,
    private readonly trail: AccessTrail,
    // Only for @onething/auth's ownership check, which reads accounts itself.
    private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    private readonly metrics: Metrics,
    private readonly admission: CaseAdmission,
  ) {}

  /**
   * The case, its steps and the `case.submitted` event in one transaction (with the idempotency key, when
   * given); then the workflow is started. If starting fails (Temporal down, process killed), the
   * worker's outbox relay starts it later. The eligibility rules are checked against the request's
   * instant, which becomes the case's submission time (the workflow's `today()`); a refusal rolls the
   * transaction back, so nothing is stored — a replayed key still answers with the case it created.
   */
  async submit(
    dto: SubmitCaseDto,
    caller: Principal,
    idempotencyKey?: string,
    language: ProblemLanguage = 'zh-CN',
  ): Promise<{ view: CaseView; replayed: boolean }> {
    // A key already used answers with its case (or refuses a different request): no new work to shed.
    await this.admission.admit(
      async () => !!idempotencyKey && (await this.readModel.idempotency.isKnown(caller.id, idempotencyKey)),
    );
    const submittedAt = new Date();
    const pinned = await this.definitions.published(dto.definitionKey, dto.definitionVersion);
    if (!pinned) {
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        'No published definition with this key and version',
        'definitionKey',
      );
    }
    // Type and size of every attachment come from the caller's own stored uploads, never the client.
    const uploads = await referencedUploads(this.readModel, pinned.definition, dto.application, caller);
    const application = validatedApplication(pinned.definition, dto.application, uploads, submittedAt);
    const pledges = signedPledges(pinned.definition, dto.pledges, 'pledges');
    const ownership = await resolveCaseOwnership(this.dataSource, caller, dto.onBehalfOf);
    const id = randomUUID();
    const outcome = await this.readModel.transaction(async (tx) => {
      if (idempotencyKey) {
        const existing = await this.claimIdempotencyKey(tx, caller, idempotencyKey, dto, id);
        if (existing) return { replayedCaseId: existing } as const;
      }
      refuseIneligible(pinned.definition, application, submittedAt, language);
      const recorded = await recordSubmittedCase(tx, {
        id,
        definition: pinned.definition,
        application,
        ownership,
        submittedAt,
      });
      await keepAsMaterial(tx, uploads, [caller.accountId, ownership.applicantAccountId]);
      const pledgeRows = pledges.map((pledge) => ({
        ...pledge,
        caseId: id,
        signedByAccountId: caller.id,
        signedAt: submittedAt,
      }));
      await tx.proactive.insertPledges(pledgeRows);
      return {
        ...recorded,
        pledges: pledgeRows.map((row) => ({ ...row, revokedAt: null })).sort(byStepId),
      } as const;
    });
    if ('replayedCaseId' in outcome)
      return { view: await this.get(outcome.replayedCaseId!, caller), replayed: true };
    this.log.info(
      { caseId: id, definitionKey: pinned.key, definitionVersion: pinned.version },
      'case submitted',
    );
    this.metrics.casesSubmitted.inc({ one_thing: pinned.key });
    // The workflow starts while the answer is recorded: neither waits on the other.
    const [, view] = await Promise.all([
      // The definition and application just checked travel on: the workflow starts without reading
      // them again.
      this.dispatcher
        .dispatch(outcome.event, { definition: pinned.definition, application })
        .catch((error: Error) => {
          this.log.warn({ caseId: id, err: error }, 'workflow start deferred to the outbox relay');
        }),
      // Answered from what was just stored, as a read at the commit would show it: a new case has no
      // notices yet. The workflow may already have moved on; the next read shows that.
      this.answer(caller, readableCase(caller, outcome.entity, outcome.steps), {
        pledges: outcome.pledges,
        openNotices: [],
      }),
    ]);
    return { view, replayed: false };
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
        commitment: toCommitmentView(c),
      })),
      lastKey,
      total,
    );
  }

  /** The case view; the read is recorded in the access trail before anything is answered. */
  async get(id: string, caller: Principal): Promise<CaseView> {
    const readable = await loadReadableCase(this.readModel, caller, id);
    return this.answer(caller, readable, {
      pledges: await this.readModel.proactive.pledges(id),
      openNotices: await this.readModel.material.openNoticeIds(id),
    });
  }

  /** The case view of a readable case; the read is recorded in the access trail before it is answered. */
  private async answer(
    caller: Principal,
    { entity, steps, facts }: ReadableCase,
    more: { pledges: PledgeRow[]; openNotices: string[] },
  ): Promise<CaseView> {
    const mayReadReason = (department: string) => mayReadStepReason(caller, facts, department);
    await this.trail.record({
      ...caseAccessBasis(caller, facts),
      caseId: entity.id,
      resource: 'case',
      fields: caseViewFields(steps, mayReadReason),
    });
    return {
      ...toCaseView(entity, steps, mayReadReason),
      openNotices: more.openNotices,
      ...(more.pledges.length > 0 ? { pledges: more.pledges.map(toPledgeView) } : {}),
    };
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

/**
 * The application checked against the definition's one form; errors name their path under `at`
 * (`application`, or `answers` for a proactive case's confirmation).
 */
export function validatedApplication(
  definition: Definition,
  application: unknown,
  uploads: UploadEntity[],
  submittedAt: Date,
  at = 'application',
): Record<string, unknown> {
  // "Not in the future" by the same case date the eligibility rules use (China Standard Time).
  const checked = validateSubmission(definition, application, {
    today: caseToday(submittedAt.getTime()),
    attachments: storedAttachments(uploads),
  });
  if (checked.ok) return checked.data;
  const details = checked.errors.map((e) => ({
    code: e.code,
    message: e.message.en,
    path: [at, ...e.path].join('.'),
  }));
  const first = details.find((detail) => detail.code === 'ATTACHMENT_UNKNOWN') ?? details[0];
  // An unknown file is not a malformed request but a reference to nothing the caller holds: 422.
  const code =
    first.code === 'ATTACHMENT_UNKNOWN' ? ApiErrorCode.AttachmentUnknown : ApiErrorCode.ValidationFailed;
  throw new ApiError(code, `${first.path}: ${first.message}`, first.path, details);
}

/** 422 NOT_ELIGIBLE with every failed rule: its id, its message in both languages, the paths it read. */
export function refuseIneligible(
  definition: Definition,
  application: Record<string, unknown>,
  submittedAt: Date,
  language: ProblemLanguage,
): void {
  const checked = checkEligibility(definition, application, submittedAt.getTime());
  if (checked.eligible) return;
  const details = checked.failed.map((rule) => {
    const paths = rule.paths.map((path) => `application.${path}`);
    return {
      code: rule.reason === 'not-met' ? 'ELIGIBILITY_NOT_MET' : 'ELIGIBILITY_NOT_EVALUABLE',
      message: rule.message[language],
      path: paths[0] ?? 'application',
      ruleId: rule.id,
      messages: rule.message,
      paths,
    };
  });
  const first = details[0];
  throw new ApiError(ApiErrorCode.NotEligible, `${first.ruleId}: ${first.message}`, first.path, details);
}

/**
 * What of a case's personal data its view shows: the progress and merged result, and the reasons the
 * caller may read (a reason can be personal: a credit record, a tax debt), by department.
 */
function caseViewFields(
  steps: readonly { department: string; reason: string | null }[],
  mayReadReason: (department: string) => boolean,
): string[] {
  const reasons = steps
    .filter((step) => step.reason !== null && mayReadReason(step.department))
    .map((step) => `reason.${step.department}`);
  return ['progress', 'result', ...reasons];
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
