import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { Definition, LocalizedText } from '@onething/definition';
import { NotificationInputError, NotificationService, type NotifyInput } from '@onething/notifications';
import { CaseEntity } from '@onething/persistence';
import { PinnedDefinitions } from './pinned-definitions';

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/**
 * What the applicant is told about their case, through the one notification port: the notice of more
 * material, the result, withdrawal confirmed, cancellation. Each is sent once per event (its dedupe key),
 * however often a Temporal activity retries. Texts name the case, never its personal data.
 */
@Injectable()
export class ApplicantNotices {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: PinnedDefinitions,
    private readonly notifications: NotificationService,
  ) {}

  async materialRequested(caseId: string, noticeId: string, departments: number): Promise<void> {
    const { row, definition } = await this.load(caseId);
    await this.send(row, {
      dedupeKey: `material-requested:${noticeId}`,
      kind: 'material-requested',
      title: text(
        `「${definition.title['zh-CN']}」需要补充材料`,
        `More material needed: ${definition.title.en}`,
      ),
      body: text(
        `${departments} 个部门需要您补充材料，请一次性提交。`,
        `${departments} department(s) need more material from you. Answer them all at once.`,
      ),
      data: { noticeId },
    });
  }

  /** The case ended: its result, the confirmation of a withdrawal, or the cancellation. */
  async caseEnded(caseId: string): Promise<void> {
    const { row, definition } = await this.load(caseId);
    const title = definition.title;
    const decision = row.result?.decision ?? row.status;
    const [kind, content] = ((): [NotifyInput['kind'], Pick<NotifyInput, 'title' | 'body'>] => {
      switch (decision) {
        case 'withdrawn':
          return [
            'withdrawal-confirmed',
            {
              title: text(`「${title['zh-CN']}」已撤回`, `Withdrawn: ${title.en}`),
              body: text(
                '您的申请已撤回，相关部门的办理已停止。',
                'Your application is withdrawn; the departments have stopped.',
              ),
            },
          ];
        case 'cancelled':
          return [
            'case-cancelled',
            {
              title: text(`「${title['zh-CN']}」已终止`, `Cancelled: ${title.en}`),
              body: text(
                '您的申请已由管理人员终止办理。',
                'Your application was cancelled by an administrator.',
              ),
            },
          ];
        case 'approved':
        case 'rejected':
        case 'partial':
          return [
            'case-result',
            {
              title: text(`「${title['zh-CN']}」办理结果`, `Result: ${title.en}`),
              body: definition.outcome.notice[decision],
            },
          ];
        default:
          return [
            'case-result',
            {
              title: text(`「${title['zh-CN']}」办理结果`, `Result: ${title.en}`),
              body: text(
                '办理未能完成，工作人员将与您联系。',
                'The case could not be completed; staff will contact you.',
              ),
            },
          ];
      }
    })();
    await this.send(row, { dedupeKey: `${kind}:${caseId}`, kind, ...content, data: { decision } });
  }

  private async send(
    row: CaseEntity,
    message: Omit<NotifyInput, 'recipientAccountIds' | 'caseId'>,
  ): Promise<void> {
    try {
      await this.notifications.notify({
        ...message,
        caseId: row.id,
        // A case a clerk submitted for someone without an account has nobody to tell in the app.
        recipientAccountIds: row.applicantAccountId ? [row.applicantAccountId] : [],
      });
    } catch (error) {
      // A malformed notification is a bug: retrying the activity cannot fix it.
      if (error instanceof NotificationInputError)
        throw ApplicationFailure.nonRetryable(error.message, 'BadNotification');
      throw error;
    }
  }

  private async load(caseId: string): Promise<{ row: CaseEntity; definition: Definition }> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
    return { row, definition: await this.definitions.get(row) };
  }
}
