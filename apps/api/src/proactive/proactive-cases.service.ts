import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { AccessTrail, caseAccessBasis } from '@onething/audit';
import type { Principal } from '@onething/auth';
import { proactiveOfferWorkflowId } from '@onething/case-model';
import { composeForm, DEFAULT_PLEDGE_TEXT, type Definition } from '@onething/definition';
import { ApiError, ApiErrorCode, type ProblemLanguage } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CaseDispatcher, PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type CaseEntity, type ProactiveOfferRow } from '@onething/persistence';
import { TEMPORAL_CLIENT } from '@onething/temporal';
import { offerSettledSignal } from '@onething/workflows';
import type { CaseView } from '../cases/case.dto';
import { CasesService, refuseIneligible, validatedApplication } from '../cases/cases.service';
import { signedPledges } from '../cases/pledges';
import { loadReadableCase } from '../cases/readable-case';
import { keepAsMaterial, referencedUploads } from '../uploads/stored-attachments';
import type { ConfirmCaseDto, OfferView } from './inbound.dto';

interface OwnOffer {
  entity: CaseEntity;
  offer: ProactiveOfferRow;
  definition: Definition;
}

/**
 * The person's side of a proactive case (免申即享): see what the event prefilled and what is missing,
 * confirm (answering only that, signing any pledge; the case is then submitted like any other) or
 * decline. Only the person the case was offered to; another's case answers like a missing one.
 */
@Injectable()
export class ProactiveCasesService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly dispatcher: CaseDispatcher,
    private readonly cases: CasesService,
    private readonly trail: AccessTrail,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  async offer(caller: Principal, id: string): Promise<OfferView> {
    const { entity, offer, definition } = await this.ownOffer(caller, id);
    const prefilled = Object.fromEntries(
      offer.prefilled
        .filter((fieldId) => fieldId in entity.application)
        .map((f) => [f, entity.application[f]]),
    );
    const facts = { ...entity, departments: definition.steps.map((step) => step.department) };
    await this.trail.record({
      ...caseAccessBasis(caller, facts),
      caseId: id,
      resource: 'proactive-offer',
      fields: Object.keys(prefilled).map((fieldId) => `application.${fieldId}`),
    });
    const missing = composeForm(definition)
      .fields.filter((field) => field.required && !(field.id in prefilled))
      .map((field) => field.id);
    return {
      caseId: id,
      status: entity.status,
      confirmBy: offer.confirmBy.toISOString(),
      prefilled,
      missing,
      pledges: definition.steps
        .filter((step) => step.pledge !== undefined)
        .map((step) => ({ stepId: step.id, text: step.pledge!.text ?? DEFAULT_PLEDGE_TEXT })),
    };
  }

  /**
   * The prefill and the answers together must make a valid application (paths under `answers`) that
   * meets the eligibility rules; then, in one transaction, the case is submitted with its pledges and its
   * `case.submitted` event, and its workflow starts as any submitted case's does.
   */
  async confirm(
    caller: Principal,
    id: string,
    dto: ConfirmCaseDto,
    language: ProblemLanguage,
  ): Promise<CaseView> {
    const { entity, definition } = await this.ownOffer(caller, id);
    const confirmedAt = new Date();
    const merged = { ...entity.application, ...dto.answers };
    const uploads = await referencedUploads(this.readModel, definition, merged, caller);
    const application = validatedApplication(definition, merged, uploads, confirmedAt, 'answers');
    const pledges = signedPledges(definition, dto.pledges, 'pledges');
    const event = await this.readModel.transaction(async (tx) => {
      refuseIneligible(definition, application, confirmedAt, language);
      if (!(await tx.cases.confirm(id, application, confirmedAt))) throw notAwaiting();
      await tx.proactive.settleOffer(id);
      await keepAsMaterial(tx, uploads, [caller.id]);
      await tx.proactive.insertPledges(
        pledges.map((pledge) => ({
          ...pledge,
          caseId: id,
          signedByAccountId: caller.id,
          signedAt: confirmedAt,
        })),
      );
      return CaseDispatcher.recordSubmission(tx.outbox, {
        caseId: id,
        definitionKey: definition.key,
        definitionVersion: definition.version,
        submittedAtMs: confirmedAt.getTime(),
      });
    });
    this.log.info({ caseId: id }, 'proactive case confirmed');
    await this.dispatcher.dispatch(event, { definition, application }).catch((error: Error) => {
      this.log.warn({ caseId: id, err: error }, 'workflow start deferred to the outbox relay');
    });
    await this.endOfferWait(id);
    return this.cases.get(id, caller);
  }

  async decline(caller: Principal, id: string): Promise<CaseView> {
    await this.ownOffer(caller, id);
    await this.readModel.transaction(async (tx) => {
      if (!(await tx.cases.closeUnconfirmed(id, 'declined'))) throw notAwaiting();
      await tx.proactive.settleOffer(id);
      await tx.outbox.appendCaseEvent(id, 'case.declined', {});
    });
    this.log.info({ caseId: id }, 'proactive case declined');
    await this.endOfferWait(id);
    return this.cases.get(id, caller);
  }

  /** The person's own offer, still open; 404 for anyone else's case, 409 once it is settled. */
  private async ownOffer(caller: Principal, id: string): Promise<OwnOffer> {
    const { entity } = await loadReadableCase(this.readModel, caller, id);
    const offer = await this.readModel.proactive.findOffer(id);
    if (!offer || entity.applicantAccountId !== caller.accountId)
      throw new ApiError(ApiErrorCode.NotFound, 'No such proactive case', 'id');
    if (entity.status !== 'awaiting_confirmation') throw notAwaiting();
    const definition = await this.definitions.get(entity);
    if (!definition)
      throw new Error(`No published definition ${entity.definitionKey}@${entity.definitionVersion}`);
    return { entity, offer, definition };
  }

  /** The offer's deadline no longer matters; if the signal is lost, its expiry finds the case settled. */
  private async endOfferWait(caseId: string): Promise<void> {
    await this.client.workflow
      .getHandle(proactiveOfferWorkflowId(caseId))
      .signal(offerSettledSignal)
      .catch((error: Error) => this.log.warn({ caseId, err: error }, 'offer workflow not signalled'));
  }
}

function notAwaiting(): ApiError {
  return new ApiError(ApiErrorCode.NotAwaitingConfirmation, 'The case no longer awaits confirmation', 'id');
}
