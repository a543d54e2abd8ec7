import { z } from 'zod';
import { LocalizedTextSchema, type LocalizedText } from '@onething/definition';
import {
  NOTIFICATION_DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type NotificationDeliveryStatus,
  type NotificationKind,
} from '@onething/persistence';

export {
  NOTIFICATION_DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type LocalizedText,
  type NotificationDeliveryStatus,
  type NotificationKind,
};

/** What `NotificationService.notify` accepts; the type is derived from it, so the two cannot drift. */
export const notifyInputSchema = z.strictObject({
  /** Chosen by the caller per event (`case-result:<caseId>`); with each recipient, it makes a call idempotent. */
  dedupeKey: z.string().min(1).max(200),
  /** Duplicates are ignored; none at all is allowed (a department without supervisors) and stores nothing. */
  recipientAccountIds: z.array(z.uuid({ message: 'an account id (UUID)' })).max(1000),
  kind: z.enum(NOTIFICATION_KINDS),
  caseId: z.uuid({ message: 'a case id (UUID)' }).optional(),
  title: LocalizedTextSchema,
  body: LocalizedTextSchema,
  /** Ids and codes a client needs to act on the notification (a task id, a deadline), never prose. */
  data: z.record(z.string(), z.string()).optional(),
});
export type NotifyInput = z.infer<typeof notifyInputSchema>;

/** A stored notification, as a channel receives it: one recipient, both languages. */
export interface Notification {
  id: string;
  recipientAccountId: string;
  kind: NotificationKind;
  caseId: string | null;
  title: LocalizedText;
  body: LocalizedText;
  data: Record<string, string>;
  createdAt: Date;
}

/** A call's input was not a notification (a programming error in the caller: retrying will not help). */
export class NotificationInputError extends Error {
  constructor(
    message: string,
    /** Dotted path of the offending field, e.g. `title.en`. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'NotificationInputError';
  }
}

/** Validates and normalises `notify`'s input: recipients de-duplicated, `data` defaulted. */
export function parseNotifyInput(input: unknown): NotifyInput & { data: Record<string, string> } {
  const parsed = notifyInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown field is reported at the field itself, as the HTTP API does.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
    const path = [...issue.path, ...keys].map(String).join('.');
    throw new NotificationInputError(`${path || 'input'}: ${issue.message}`, path);
  }
  return {
    ...parsed.data,
    recipientAccountIds: [...new Set(parsed.data.recipientAccountIds.map((id) => id.toLowerCase()))],
    data: parsed.data.data ?? {},
  };
}
