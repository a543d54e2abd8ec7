import { z } from 'zod';
import { departmentCodeSchema } from '@onething/auth';
import { EVENT_TYPE_FILTER_PATTERN } from '@onething/events';
import { CursorCodec, cursorValue, pageQueryShape, pageSchema } from '@onething/http';
import { WEBHOOK_ATTEMPT_OUTCOMES, WEBHOOK_DELIVERY_STATUSES } from '@onething/persistence';
import { textField } from '@onething/text';

// Request and response shapes of `/webhooks/...`; the types are inferred from these.

const isoTime = z.iso.datetime({ offset: true });

/** An http(s) URL without credentials in it (production allows https only, see WEBHOOK_ALLOW_HTTP). */
const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL' })
  .max(2000)
  .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'a URL without user name or password in it');

const eventTypeFilter = z
  .string()
  .max(100)
  .regex(EVENT_TYPE_FILTER_PATTERN, 'an event type (task.opened), a prefix (task.*) or *');
const eventTypeFilters = z
  .array(eventTypeFilter)
  .min(1)
  .max(50)
  .meta({ description: 'Exact types (`task.opened`), prefixes (`task.*`) or `*` for every event.' });

export const subscriptionIdParamSchema = z.uuid({ message: 'an id (UUID)' });

export const createSubscriptionSchema = z.strictObject({
  url: webhookUrl,
  eventTypes: eventTypeFilters,
  /**
   * The department whose contract fields `task.opened` may carry; omitted or null: ids only. A
   * department system's subscription is always its own department's.
   */
  department: departmentCodeSchema.nullable().optional(),
  description: textField({ max: 200 }).optional(),
  active: z.boolean().default(true),
});
export type CreateSubscriptionDto = z.infer<typeof createSubscriptionSchema>;

export const updateSubscriptionSchema = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: eventTypeFilters.optional(),
    description: textField({ max: 200 }).nullable().optional(),
    /** false pauses deliveries (they wait, pending); true resumes them. */
    active: z.boolean().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'at least one of url, eventTypes, description, active');
export type UpdateSubscriptionDto = z.infer<typeof updateSubscriptionSchema>;

export const subscriptionListQuerySchema = z.strictObject({
  ...pageQueryShape,
  department: departmentCodeSchema.optional(),
});
export type SubscriptionListQuery = z.infer<typeof subscriptionListQuerySchema>;

export const deliveryListQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;

export const deadLetterListQuerySchema = z.strictObject({
  ...pageQueryShape,
  subscriptionId: subscriptionIdParamSchema.optional(),
});
export type DeadLetterListQuery = z.infer<typeof deadLetterListQuerySchema>;

export const subscriptionListCursor = new CursorCodec('webhook-subscriptions', [
  cursorValue.timestamp,
  cursorValue.uuid,
]);
export const deliveryListCursor = new CursorCodec('webhook-deliveries', [
  cursorValue.bigint,
  cursorValue.uuid,
]);
export const deadLetterListCursor = new CursorCodec('webhook-dead-letters', [
  cursorValue.timestamp,
  cursorValue.uuid,
]);

// ---- responses (OpenAPI) ----

export const SubscriptionResponseSchema = z
  .object({
    id: z.uuid(),
    department: z.string().nullable(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
    secretRotatedAt: isoTime.nullable(),
    /** Until then the secret a rotation replaced signs beside the new one. */
    previousSecretExpiresAt: isoTime.nullable(),
  })
  .meta({ id: 'WebhookSubscription' });
/** Creation and rotation: the secret is in this answer and nowhere else, ever. */
export const SubscriptionWithSecretResponseSchema = SubscriptionResponseSchema.extend({
  secret: z.string().meta({ description: 'The Standard Webhooks signing secret (`whsec_…`), shown once.' }),
});
export const SubscriptionPageResponseSchema = pageSchema(SubscriptionResponseSchema);

export const DeliveryResponseSchema = z
  .object({
    id: z.uuid(),
    subscriptionId: z.uuid(),
    /** The CloudEvents id and `webhook-id`: receivers dedupe by it. */
    eventId: z.string(),
    sequence: z.string(),
    eventType: z.string(),
    subject: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int().min(0),
    failedAttempts: z.number().int().min(0),
    nextAttemptAt: isoTime.nullable(),
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
    deadAt: isoTime.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export const DeliveryPageResponseSchema = pageSchema(DeliveryResponseSchema);

export const DeliveryAttemptResponseSchema = z.object({
  attempt: z.number().int().min(1),
  startedAt: isoTime,
  latencyMs: z.number().int().min(0),
  outcome: z.enum(WEBHOOK_ATTEMPT_OUTCOMES),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
});
export const DeliveryDetailResponseSchema = DeliveryResponseSchema.extend({
  attemptLog: z.array(DeliveryAttemptResponseSchema),
}).meta({ id: 'WebhookDeliveryDetail' });
