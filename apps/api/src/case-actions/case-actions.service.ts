import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { mayActForApplicant, type Principal } from '@onething/auth';
import { caseWorkflowId, hasRole, supervises } from '@onething/case-model';
import {
  validateSubmission,
  withStoredAttachmentFacts,
  type Definition,
  type StoredAttachment,
} from '@onething/definition';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { ApiError, ApiErrorCode, statusOf } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { PinnedDefinitions } from '@onething/orchestration';
import {
  ReadModel,
  type CaseEntity,
  type MaterialNoticeEntity,
  type MaterialRequestEntity,
} from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import {
  answerNoticeUpdate,
  cancelCaseUpdate,
  retryStepUpdate,
  withdrawCaseUpdate,
} from '@onething/workflows';
import { loadReadableCase, type ReadableCase } from '../cases/readable-case';
import { executeUpdate, updateActor } from '../workflow/workflow-updates';
import { keepAsMaterial, referencedUploads, storedAttachments } from '../uploads/stored-attachments';
import type { CaseActionView, NoticeAnswerDto, NoticeView } from './case-actions.dto';

@Injectable()
export class CaseActionsService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Open tasks close with the reason; approved steps with an undo action are compensated, latest first. */
  async withdraw(caller: Principal, id: string, reason: string): Promise<CaseActionView> {
    const { facts } = await this.load(caller, id);
    if (!mayActForApplicant(caller, facts)) {
      throw new ApiError(ApiErrorCode.Forbidden, 'Only the applicant or their counter clerk withdraws');
    }
    await this.update(id, withdrawCaseUpdate, [{ actor: updateActor(caller), reason }], 'reason');
    this.log.info({ caseId: id }, 'withdrawal accepted');
    return { caseId: id, accepted: true };
  }

  async cancel(caller: Principal, id: string, reason: string): Promise<CaseActionView> {
    const { entity } = await this.load(caller, id);
    const definition = await this.definition(entity);
    if (!supervises(caller, definition.leadDepartment)) {
      throw new ApiError(ApiErrorCode.Forbidden, "Only an administrator or the lead department's supervisor");
    }
    await this.update(id, cancelCaseUpdate, [{ actor: updateActor(caller), reason }], 'reason');
    this.log.info({ caseId: id }, 'cancellation accepted');
    return { caseId: id, accepted: true };
  }

  async retryStep(caller: Principal, id: string, stepId: string): Promise<CaseActionView> {
    const { steps } = await this.load(caller, id);
    const step = steps.find((candidate) => candidate.stepId === stepId);
    if (!step) throw new ApiError(ApiErrorCode.NotFound, 'No such step', 'stepId');
    if (!supervises(caller, step.department)) {
      throw new ApiError(ApiErrorCode.Forbidden, "Only an administrator or the step department's supervisor");
    }
    await this.update(id, retryStepUpdate, [{ actor: updateActor(caller), stepId }], 'stepId');
    this.log.info({ caseId: id, stepId }, 'retry accepted');
    return { caseId: id, accepted: true };
  }

  async notices(caller: Principal, id: string): Promise<{ items: NoticeView[] }> {
    const { entity, facts } = await this.load(caller, id);
    const definition = await this.definition(entity);
    // The applicant's side and oversight see every request; a department sees only its own.
    const everything = mayActForApplicant(caller, facts) || hasRole(caller, 'administrator', 'auditor');
    const notices = await this.readModel.material.noticesOf(id);
    const requests = await this.readModel.material.requestsOfNotices(
      id,
      notices.map((notice) => notice.id),
    );
    const items = notices
      .map((notice) =>
        toNoticeView(
          notice,
          requests.filter(
            (request) =>
              request.noticeId === notice.id &&
              (everything || caller.departments.includes(request.department)),
          ),
          definition,
        ),
      )
      .filter((notice) => everything || notice.requests.length > 0);
    return { items };
  }

  /**
   * The one answer: stored as pending, then handed to the case workflow, which applies it (the
   * application and each asking step's task, within its contract) and resumes those steps. A refused
   * answer is marked refused and changes nothing.
   */
  async answer(caller: Principal, id: string, noticeId: string, dto: NoticeAnswerDto): Promise<NoticeView> {
    const { entity, facts } = await this.load(caller, id);
    if (!mayActForApplicant(caller, facts)) {
      throw new ApiError(ApiErrorCode.Forbidden, 'Only the applicant or their counter clerk answers');
    }
    const notice = await this.readModel.material.findNotice(id, noticeId);
    if (!notice) throw new ApiError(ApiErrorCode.NotFound, 'No such notice', 'noticeId');
    if (notice.status !== 'open') {
      throw new ApiError(
        ApiErrorCode.ActionRefused,
        `NOTICE_NOT_OPEN: The notice is ${notice.status}`,
        'noticeId',
        [{ code: 'NOTICE_NOT_OPEN', message: `The notice is ${notice.status}`, path: 'noticeId' }],
      );
    }
    const requests = await this.readModel.material.requestsOf(noticeId);
    const definition = await this.definition(entity);
    // An answer's files, like a submission's, must be the caller's uploads; their stored facts count.
    const uploads = await referencedUploads(this.readModel, definition, dto.values, caller);
    const storedFacts = storedAttachments(uploads);
    this.validateAnswer(definition, entity.application, requests, dto.values, storedFacts);

    const answer = await this.readModel.material.savePendingAnswer({
      noticeId,
      caseId: id,
      values: withStoredAttachmentFacts(definition, dto.values, storedFacts),
      submittedBy: caller.accountId!,
    });
    await keepAsMaterial(this.readModel, uploads, [caller.accountId, entity.applicantAccountId]);
    try {
      await this.update(
        id,
        answerNoticeUpdate,
        [{ actor: updateActor(caller), noticeId, answerId: answer.id }],
        'noticeId',
      );
    } catch (error) {
      // Only the workflow's refusal is final: an answer it may still apply (503) or is applying (202)
      // stays pending, and the workflow marks it applied.
      if (error instanceof ApiError && statusOf(error.code) < 500) {
        await this.readModel.material.markAnswer(answer.id, 'refused');
      }
      throw error;
    }
    this.log.info({ caseId: id, noticeId, fields: Object.keys(dto.values).length }, 'notice answered');
    const stored = await this.readModel.material.getNotice(noticeId);
    return toNoticeView(stored, requests, definition);
  }

  /** Exactly the fields the notice asks for, each valid by the form's own rules. */
  private validateAnswer(
    definition: Definition,
    application: Record<string, unknown>,
    requests: MaterialRequestEntity[],
    values: Record<string, unknown>,
    attachments: ReadonlyMap<string, StoredAttachment>,
  ): void {
    const asked = new Set(requests.flatMap((request) => request.fields));
    const details = [
      ...[...asked]
        .filter((field) => !Object.prototype.hasOwnProperty.call(values, field))
        .map((field) => ({
          code: 'MISSING_ANSWER',
          message: 'The notice asks for this field',
          path: `values.${field}`,
        })),
      ...Object.keys(values)
        .filter((field) => !asked.has(field))
        .map((field) => ({
          code: 'NOT_ASKED',
          message: 'The notice does not ask for this field',
          path: `values.${field}`,
        })),
    ];
    const checked = validateSubmission(
      definition,
      { ...application, ...values },
      {
        today: new Date().toISOString().slice(0, 10),
        // The case's earlier files are not re-checked: only answered fields' errors count below.
        attachments,
      },
    );
    if (!checked.ok) {
      for (const error of checked.errors) {
        const field = String(error.path[0]);
        if (asked.has(field) && Object.prototype.hasOwnProperty.call(values, field)) {
          details.push({
            code: error.code,
            message: error.message.en,
            path: ['values', ...error.path].join('.'),
          });
        }
      }
    }
    if (details.length > 0) {
      const first = details.find((detail) => detail.code === 'ATTACHMENT_UNKNOWN') ?? details[0];
      throw new ApiError(
        first.code === 'ATTACHMENT_UNKNOWN' ? ApiErrorCode.AttachmentUnknown : ApiErrorCode.ValidationFailed,
        `${first.path}: ${first.message}`,
        first.path,
        details,
      );
    }
  }

  private update<Ret, Args extends [unknown, ...unknown[]]>(
    caseId: string,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    path: string,
  ): Promise<Ret> {
    return executeUpdate(this.temporal, caseWorkflowId(caseId), update, args, {
      path,
      closed: 'The case has ended',
      timeoutMs: this.config.temporal.updateTimeoutMs,
      subject: { caseId },
    });
  }

  private load(caller: Principal, id: string): Promise<ReadableCase> {
    return loadReadableCase(this.readModel, caller, id);
  }

  private async definition(entity: CaseEntity): Promise<Definition> {
    const definition = await this.definitions.get(entity);
    if (!definition)
      throw new Error(`No published definition ${entity.definitionKey}@${entity.definitionVersion}`);
    return definition;
  }
}

function toNoticeView(
  notice: MaterialNoticeEntity,
  requests: MaterialRequestEntity[],
  definition: Definition,
): NoticeView {
  return {
    id: notice.id,
    caseId: notice.caseId,
    status: notice.status,
    createdAt: notice.createdAt.toISOString(),
    answeredAt: notice.answeredAt?.toISOString() ?? null,
    requests: requests.map((request) => ({
      stepId: request.stepId,
      department: request.department,
      message: request.message,
      requestedAt: request.requestedAt.toISOString(),
      fields: request.fields.map((id) => {
        const field = definition.fields.find((candidate) => candidate.id === id);
        return { id, type: field?.type ?? 'text', label: field?.label ?? { 'zh-CN': id, en: id } };
      }),
    })),
  };
}
