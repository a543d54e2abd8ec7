import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  caseReference,
  formatList,
  mergeOutcome,
  renderNotice,
  renderTemplate,
  STEP_OUTCOMES,
  type Definition,
  type Locale,
  type LocalizedText,
  type StepOutcome,
} from '@onething/definition';
import { NotificationInputError, NotificationService, type NotifyInput } from '@onething/notifications';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type CaseEntity } from '@onething/persistence';
import { pinnedDefinition } from './pinned-definitions';

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

// The notices the platform itself words (a definition words only its result notice). Mustache, like the
// definitions' templates, rendered as plain text: see renderTemplate.
const TEMPLATES = {
  materialTitle: text('「{{title}}」需要补充材料', 'More material needed: {{title}}'),
  materialBody: text(
    '{{departments}}需要您补充材料（{{steps}}），请一次性提交。案件编号：{{caseRef}}。',
    '{{departments}} need more material from you ({{steps}}). Answer them all at once. Case ref. {{caseRef}}.',
  ),
  withdrawnTitle: text('「{{title}}」已撤回', 'Withdrawn: {{title}}'),
  withdrawnBody: text(
    '您的申请（编号 {{caseRef}}）已撤回，相关部门的办理已停止。',
    'Your application (ref. {{caseRef}}) is withdrawn; the departments have stopped.',
  ),
  cancelledTitle: text('「{{title}}」已终止', 'Cancelled: {{title}}'),
  cancelledBody: text(
    '您的申请（编号 {{caseRef}}）已由管理人员终止办理。',
    'Your application (ref. {{caseRef}}) was cancelled by an administrator.',
  ),
  resultTitle: text('「{{title}}」办理结果', 'Result: {{title}}'),
  offerTitle: text('「{{title}}」可为您主动办理', 'We can handle this for you: {{title}}'),
  offerBody: text(
    '根据有关部门的信息，您符合「{{title}}」的条件。请在 {{confirmBy}} 前确认（只需补充缺少的信息）或放弃。案件编号：{{caseRef}}。',
    'Department records show you qualify for "{{title}}". Confirm (answering only what is missing) or decline by {{confirmBy}}. Case ref. {{caseRef}}.',
  ),
  revokedTitle: text('「{{title}}」承诺事项已撤销', 'Pledged approval revoked: {{title}}'),
  revokedBody: text(
    '经核查，您在「{{step}}」中作出的承诺与实际情况不符，该事项的批准已撤销。案件编号：{{caseRef}}。',
    'Verification found your pledge for "{{step}}" not to hold: its approval is revoked. Case ref. {{caseRef}}.',
  ),
  unfinishedBody: text(
    '您的申请（编号 {{caseRef}}）未能办结，工作人员将与您联系。',
    'Your application (ref. {{caseRef}}) could not be completed; staff will contact you.',
  ),
};

type View = Record<string, string>;
/** One template in both languages, each with the values of its own language. */
function render(template: LocalizedText, view: (locale: Locale) => View): LocalizedText {
  return {
    'zh-CN': renderTemplate(template['zh-CN'], view('zh-CN')),
    en: renderTemplate(template.en, view('en')),
  };
}

/**
 * What the applicant is told about their case, through the one notification port: the notice of more
 * material, the result, withdrawal confirmed, cancellation. Each is sent once per event (its dedupe key),
 * however often a Temporal activity retries. Texts name the case (a short reference, the steps'
 * titles), never its personal data.
 */
@Injectable()
export class ApplicantNotices {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly notifications: NotificationService,
  ) {}

  async materialRequested(caseId: string, noticeId: string, stepIds: readonly string[]): Promise<void> {
    const { row, definition } = await this.load(caseId);
    const steps = definition.steps.filter((step) => stepIds.includes(step.id));
    const departments = await this.readModel.staff.departments([
      ...new Set(steps.map((step) => step.department)),
    ]);
    const departmentName = (code: string, locale: Locale) => {
      const found = departments.find((d) => d.code === code);
      return found ? (locale === 'zh-CN' ? found.nameZh : found.nameEn) : code;
    };
    const view = (locale: Locale): View => ({
      title: definition.title[locale],
      caseRef: caseReference(caseId),
      departments: formatList(
        [...new Set(steps.map((step) => departmentName(step.department, locale)))],
        locale,
      ),
      steps: formatList(
        steps.map((step) => step.title[locale]),
        locale,
      ),
    });
    await this.send(row, {
      dedupeKey: `material-requested:${noticeId}`,
      kind: 'material-requested',
      title: render(TEMPLATES.materialTitle, view),
      body: render(TEMPLATES.materialBody, view),
      data: { noticeId },
    });
  }

  /** The case ended: its result, the confirmation of a withdrawal, or the cancellation. */
  async caseEnded(caseId: string): Promise<void> {
    const { row, definition } = await this.load(caseId);
    const decision = row.result?.decision ?? row.status;
    const view = (locale: Locale): View => ({
      title: definition.title[locale],
      caseRef: caseReference(caseId),
    });
    const [kind, content] = ((): [NotifyInput['kind'], Pick<NotifyInput, 'title' | 'body'>] => {
      switch (decision) {
        case 'withdrawn':
          return [
            'withdrawal-confirmed',
            { title: render(TEMPLATES.withdrawnTitle, view), body: render(TEMPLATES.withdrawnBody, view) },
          ];
        case 'cancelled':
          return [
            'case-cancelled',
            { title: render(TEMPLATES.cancelledTitle, view), body: render(TEMPLATES.cancelledBody, view) },
          ];
        case 'approved':
        case 'rejected':
        case 'partial':
        case 'not_applicable': {
          // The lists the workflow merged, read back from the stored result's per-step decisions.
          const outcomes = Object.fromEntries(
            (row.result?.steps ?? [])
              .filter((step) => (STEP_OUTCOMES as readonly string[]).includes(step.decision))
              .map((step) => [step.stepId, step.decision as StepOutcome]),
          );
          const merged = { ...mergeOutcome(definition, outcomes), result: decision };
          const body = (locale: Locale) =>
            renderNotice(definition, merged, {
              locale,
              caseId,
              submittedAt: row.submittedAt,
              completedAt: row.completedAt ?? undefined,
              outputs: row.result?.outputs ?? [],
            });
          return [
            'case-result',
            {
              title: render(TEMPLATES.resultTitle, view),
              body: { 'zh-CN': body('zh-CN'), en: body('en') },
            },
          ];
        }
        default:
          return [
            'case-result',
            { title: render(TEMPLATES.resultTitle, view), body: render(TEMPLATES.unfinishedBody, view) },
          ];
      }
    })();
    await this.send(row, { dedupeKey: `${kind}:${caseId}`, kind, ...content, data: { decision } });
  }

  /** A proactive case awaits the person's confirmation until `confirmBy` (a date in the case time zone). */
  async proactiveOffer(caseId: string, confirmBy: string): Promise<void> {
    const { row, definition } = await this.load(caseId);
    const view = (locale: Locale): View => ({
      title: definition.title[locale],
      caseRef: caseReference(caseId),
      confirmBy,
    });
    await this.send(row, {
      dedupeKey: `proactive-offer:${caseId}`,
      kind: 'proactive-offer',
      title: render(TEMPLATES.offerTitle, view),
      body: render(TEMPLATES.offerBody, view),
      data: { confirmBy },
    });
  }

  /** A failed verification revoked the approval the applicant had on their pledge. */
  async pledgeRevoked(caseId: string, stepId: string): Promise<void> {
    const { row, definition } = await this.load(caseId);
    const step = definition.steps.find((candidate) => candidate.id === stepId);
    const view = (locale: Locale): View => ({
      title: definition.title[locale],
      caseRef: caseReference(caseId),
      step: step?.title[locale] ?? stepId,
    });
    await this.send(row, {
      dedupeKey: `pledge-revoked:${caseId}:${stepId}`,
      kind: 'pledge-revoked',
      title: render(TEMPLATES.revokedTitle, view),
      body: render(TEMPLATES.revokedBody, view),
      data: { stepId },
    });
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
    const row = await this.readModel.cases.get(caseId);
    return { row, definition: await pinnedDefinition(this.definitions, row) };
  }
}
