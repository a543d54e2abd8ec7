import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CalendarStore } from '@onething/calendar-store';
import { chinaDate, startSlaClock, WorkingCalendar } from '@onething/calendar';
import { caseWorkflowId } from '@onething/case-model';
import { secretBoxFor, type SecretBox } from '@onething/codec';
import { AppConfig, APP_CONFIG } from '@onething/config';
import {
  caseToday,
  DEFAULT_CONFIRM_WITHIN_WORKING_DAYS,
  evaluateTrigger,
  validateSubmission,
  type Definition,
  type Trigger,
} from '@onething/definition';
import { DefinitionStore, type PublishedDefinition } from '@onething/definition-store';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { CASE_OFFERED, connectorKeysOf, OfferDispatcher } from '@onething/orchestration';
import {
  ReadModel,
  type InboundEventCase,
  type InboundEventOutcome,
  type InboundEventRow,
  type ReadModelRepositories,
} from '@onething/persistence';
import type { ProactiveOfferInput } from '@onething/workflows';
import { verifyInboundSignature } from './inbound-signature';
import {
  cloudEventSchema,
  inboundEventCursor,
  type InboundCloudEvent,
  type InboundEventListQuery,
  type InboundEventView,
  type InboundReceipt,
} from './inbound.dto';

/** An offer made inside the event's transaction; its workflow starts once that commits. */
interface MadeOffer {
  eventId: string;
  offer: ProactiveOfferInput;
}

/**
 * Inbound events (免申即享): verified, recorded once per source and event id, matched against the
 * triggers of the definitions in force; each eligible one starts a proactive case awaiting its person's
 * confirmation. The event's data (personal) reaches only the case's application (its prefill): never a
 * log line, a workflow id or a Temporal payload.
 */
@Injectable()
export class InboundEventsService {
  private readonly box: SecretBox;

  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: DefinitionStore,
    private readonly calendar: CalendarStore,
    private readonly offers: OfferDispatcher,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {
    this.box = secretBoxFor(config.temporal.payloadKeys);
  }

  /** 401 before anything is stored unless the signature holds; then 202 (or 200 for a duplicate). */
  async receive(
    rawBody: Buffer | undefined,
    headers: IncomingHttpHeaders,
    body: unknown,
  ): Promise<{ receipt: InboundReceipt; duplicate: boolean }> {
    const sourceCode =
      typeof body === 'object' && body !== null ? (body as { source?: unknown }).source : undefined;
    const source = await verifyInboundSignature(this.readModel, this.box, { rawBody, headers, sourceCode });
    const event = parseEvent(body, headers['webhook-id']);
    const receivedAt = new Date();
    const triggered = await this.definitions.triggeredBy(event.type);
    const recordId = randomUUID();
    const outcome = await this.readModel.transaction(async (tx) => {
      const claim = await tx.proactive.claimEvent({
        id: recordId,
        sourceCode: source.code,
        eventId: event.id,
        eventType: event.type,
      });
      if (!claim.claimed) return { first: claim.first } as const;
      const made: MadeOffer[] = [];
      const cases: InboundEventCase[] = [];
      for (const pinned of triggered)
        cases.push(await this.offer(tx, pinned, event, recordId, receivedAt, made));
      await tx.proactive.recordOutcome(recordId, summarize(cases), cases);
      return { made } as const;
    });
    const stored = (await this.readModel.proactive.findEvent(recordId))!;
    this.log.info(
      { inboundEventId: recordId, source: source.code, eventType: event.type, outcome: stored.outcome },
      'inbound event received',
    );
    if (outcome.first) {
      const { outcome: firstOutcome, cases } = outcome.first;
      return { receipt: { ...toView(stored), firstOutcome, cases }, duplicate: true };
    }
    for (const { eventId, offer } of outcome.made ?? []) await this.offers.dispatch(eventId, offer);
    return { receipt: toView(stored), duplicate: false };
  }

  async list(query: InboundEventListQuery) {
    const page = await this.readModel.proactive.listEvents({
      ...(query.outcome ? { outcome: query.outcome } : {}),
      after: inboundEventCursor.decode(query.cursor),
      limit: query.limit,
    });
    return inboundEventCursor.page(page.items.map(toView), page.lastKey, page.total);
  }

  /** One definition's trigger against the event: a case awaiting confirmation, or why not. */
  private async offer(
    tx: ReadModelRepositories,
    { key, version, definition }: PublishedDefinition,
    event: InboundCloudEvent,
    inboundEventId: string,
    receivedAt: Date,
    made: MadeOffer[],
  ): Promise<InboundEventCase> {
    const ref = { definitionKey: key, definitionVersion: version };
    const trigger = definition.trigger as Trigger;
    const evaluation = evaluateTrigger(trigger, event, receivedAt.getTime());
    if (!evaluation.eligible)
      return { ...ref, outcome: evaluation.reason === 'no-applicant' ? 'no-applicant' : 'ineligible' };
    const applicantAccountId = await tx.proactive.activeApplicantByUsername(evaluation.applicantLogin);
    if (!applicantAccountId) return { ...ref, outcome: 'no-applicant' };
    const caseId = randomUUID();
    const confirmWithinWorkingDays = trigger.confirmWithinWorkingDays ?? DEFAULT_CONFIRM_WITHIN_WORKING_DAYS;
    const prefill = validPrefill(definition, evaluation.prefill, receivedAt);
    await tx.cases.insertAwaitingConfirmation({
      id: caseId,
      ...ref,
      application: prefill,
      workflowId: caseWorkflowId(caseId),
      applicantAccountId,
      submittedByAccountId: null,
      submissionConsent: null,
      submittedAt: receivedAt,
    });
    await tx.steps.insertPending(
      caseId,
      definition.steps.map((step) => ({ stepId: step.id, department: step.department, kind: step.kind })),
    );
    await tx.connectors.pinForCase(caseId, connectorKeysOf(definition));
    await tx.proactive.insertOffer({
      caseId,
      inboundEventId,
      prefilled: Object.keys(prefill),
      confirmBy: await this.confirmBy(receivedAt.getTime(), confirmWithinWorkingDays),
    });
    const offer = { caseId, offeredAt: receivedAt.getTime(), confirmWithinWorkingDays };
    // The event asks for the offer's workflow: started after the commit, or by the worker's relay.
    const eventId = await tx.outbox.appendCaseEvent(caseId, CASE_OFFERED, {
      ...ref,
      inboundEventId,
      ...offer,
    });
    made.push({ eventId, offer });
    return { ...ref, outcome: 'started', caseId };
  }

  /** The end of the last working day of the window, as the offer workflow counts it. */
  private async confirmBy(offeredAt: number, workingDays: number): Promise<Date> {
    const year = Number(chinaDate(offeredAt).slice(0, 4));
    const calendar = new WorkingCalendar(await this.calendar.load([year, year + 1, year + 2]));
    return new Date(startSlaClock(calendar, workingDays, offeredAt).dueAt);
  }
}

/** The body as a CloudEvent whose id is the signed `webhook-id`; 400 with the paths otherwise. */
function parseEvent(body: unknown, webhookId: string | string[] | undefined): InboundCloudEvent {
  const parsed = cloudEventSchema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      code: 'INVALID_EVENT',
      message: issue.message,
      path: issue.path.map(String).join('.'),
    }));
    throw new ApiError(
      ApiErrorCode.ValidationFailed,
      `${details[0].path}: ${details[0].message}`,
      details[0].path,
      details,
    );
  }
  if (parsed.data.id !== webhookId)
    throw new ApiError(
      ApiErrorCode.ValidationFailed,
      'id: the event id must be the webhook-id it was signed with',
      'id',
    );
  return parsed.data;
}

/**
 * What the event prefills, as far as the form accepts it: a value the form would refuse (a malformed ID
 * number, text the text policy refuses) is left for the person to answer instead of being stored.
 */
function validPrefill(
  definition: Definition,
  prefill: Record<string, unknown>,
  receivedAt: Date,
): Record<string, unknown> {
  const checked = validateSubmission(definition, prefill, { today: caseToday(receivedAt.getTime()) });
  const refused = new Set(checked.ok ? [] : checked.errors.map((error) => String(error.path[0])));
  return Object.fromEntries(Object.entries(prefill).filter(([fieldId]) => !refused.has(fieldId)));
}

/** started when any definition started a case; else the most telling refusal. */
function summarize(cases: readonly InboundEventCase[]): InboundEventOutcome {
  if (cases.length === 0) return 'no-trigger';
  if (cases.some((found) => found.outcome === 'started')) return 'started';
  return cases.some((found) => found.outcome === 'ineligible') ? 'ineligible' : 'no-applicant';
}

function toView(row: InboundEventRow): InboundEventView {
  return {
    id: row.id,
    source: row.sourceCode,
    eventId: row.eventId,
    type: row.eventType,
    outcome: row.outcome,
    duplicateOf: row.duplicateOf,
    cases: row.cases,
    receivedAt: row.receivedAt.toISOString(),
  };
}
