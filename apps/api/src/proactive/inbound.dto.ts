import { z } from 'zod';
import { KEBAB_CASE } from '@onething/case-model';
import { EVENT_TYPE } from '@onething/definition';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import { INBOUND_EVENT_OUTCOMES } from '@onething/persistence';
import { isoTimeSchema } from '../workflow/view-schemas';
import { pledgedStepsSchema } from '../cases/case.dto';

/**
 * An inbound event: a CloudEvents 1.0 structured-mode JSON body. `source` names the inbound source whose
 * secret signed it; `id` is the event's id (the idempotency key, with the source) and equals the
 * Standard Webhooks `webhook-id`. Its data may hold personal data: it is read, never logged or stored
 * apart from the case it starts.
 */
export const cloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters'),
  source: z.string().regex(KEBAB_CASE, 'an inbound source code (kebab-case)').max(63),
  type: z.string().regex(EVENT_TYPE, 'an event type such as gov.civil-affairs.birth-registered').max(200),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: z.literal('application/json').optional(),
  data: z.record(z.string(), z.unknown()),
});
export type InboundCloudEvent = z.infer<typeof cloudEventSchema>;

const inboundEventCaseSchema = z.object({
  definitionKey: z.string(),
  definitionVersion: z.number().int(),
  outcome: z.enum(['started', 'ineligible', 'no-applicant']),
  caseId: z.uuid().optional(),
});

export const inboundEventViewSchema = z
  .object({
    /** The record's own id (each delivery, duplicates included, has one). */
    id: z.uuid(),
    source: z.string(),
    eventId: z.string(),
    type: z.string(),
    outcome: z.enum(INBOUND_EVENT_OUTCOMES),
    /** For a duplicate: the record of the first delivery, whose outcome stands. */
    duplicateOf: z.uuid().nullable(),
    cases: z.array(inboundEventCaseSchema),
    receivedAt: isoTimeSchema,
  })
  .meta({ id: 'InboundEvent' });
export type InboundEventView = z.infer<typeof inboundEventViewSchema>;

/** What the sender hears: the outcome, and for a duplicate the first delivery's outcome and cases. */
export const inboundReceiptSchema = inboundEventViewSchema
  .extend({
    firstOutcome: z.enum(INBOUND_EVENT_OUTCOMES).optional(),
  })
  .meta({ id: 'InboundEventReceipt' });
export type InboundReceipt = z.infer<typeof inboundReceiptSchema>;

export const inboundEventListQuerySchema = z.strictObject({
  outcome: z.enum(INBOUND_EVENT_OUTCOMES).optional(),
  ...pageQueryShape,
});
export type InboundEventListQuery = z.infer<typeof inboundEventListQuerySchema>;
export const inboundEventCursor = new CursorCodec('inbound-events', [
  cursorValue.timestamp,
  cursorValue.uuid,
]);
export const inboundEventPageSchema = pageSchema(inboundEventViewSchema);

// ---- inbound sources (administrators) ----

export const sourceCodeSchema = z.string().regex(KEBAB_CASE, 'a source code (kebab-case)').max(63);

export const createInboundSourceSchema = z.strictObject({
  code: sourceCodeSchema,
  /** The department whose system posts the events. */
  department: z.string().regex(KEBAB_CASE, 'a department code').max(63),
});
export type CreateInboundSourceDto = z.infer<typeof createInboundSourceSchema>;

export const inboundSourceViewSchema = z
  .object({
    code: z.string(),
    department: z.string(),
    createdAt: isoTimeSchema,
    rotatedAt: isoTimeSchema.nullable(),
  })
  .meta({ id: 'InboundSource' });
export type InboundSourceView = z.infer<typeof inboundSourceViewSchema>;

/** Answered once, when the secret is made: the department system's signing secret (`whsec_...`). */
export const inboundSourceSecretSchema = inboundSourceViewSchema
  .extend({ secret: z.string().startsWith('whsec_') })
  .meta({ id: 'InboundSourceSecret' });
export type InboundSourceSecret = z.infer<typeof inboundSourceSecretSchema>;
export const inboundSourceListSchema = z.object({ items: z.array(inboundSourceViewSchema) });

// ---- proactive cases (the person) ----

export const confirmCaseSchema = z.strictObject({
  /** The answers the event could not give (and corrections of what it prefilled). */
  answers: z.record(z.string().max(200), z.unknown()).default({}),
  /** The pledges (承诺办) signed with the confirmation (any of the pledged steps). */
  pledges: pledgedStepsSchema.optional(),
});
export type ConfirmCaseDto = z.infer<typeof confirmCaseSchema>;

export const offerViewSchema = z
  .object({
    caseId: z.uuid(),
    status: z.string(),
    confirmBy: isoTimeSchema,
    /** What the event already gave: field id → value (the person's own data). */
    prefilled: z.record(z.string(), z.unknown()),
    /** Required fields the person still has to answer. */
    missing: z.array(z.string()),
    /** The pledges the confirmation may sign, with their text. */
    pledges: z.array(
      z.object({ stepId: z.string(), text: z.object({ 'zh-CN': z.string(), en: z.string() }) }),
    ),
  })
  .meta({ id: 'ProactiveOffer' });
export type OfferView = z.infer<typeof offerViewSchema>;
