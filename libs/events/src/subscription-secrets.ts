import type { SecretBox } from '@onething/codec';
import type { WebhookSubscriptionEntity } from '@onething/persistence';

/**
 * A subscription's signing secrets, sealed with the payload keys. The context names the subscription,
 * so a sealed secret copied onto another subscription's row does not open there.
 */
export class SubscriptionSecrets {
  constructor(private readonly box: SecretBox) {}

  seal(subscriptionId: string, secret: string): string {
    return this.box.seal(secret, contextOf(subscriptionId));
  }

  /** The secrets that sign now: the current one, and the one a rotation replaced while its grace runs. */
  signingSecrets(
    subscription: Pick<
      WebhookSubscriptionEntity,
      'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'
    >,
    now = new Date(),
  ): string[] {
    const context = contextOf(subscription.id);
    const current = this.box.open(subscription.secretSealed, context);
    const previous = subscription.previousSecretSealed;
    const graceRuns =
      previous && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > now;
    return graceRuns ? [current, this.box.open(previous, context)] : [current];
  }
}

const contextOf = (subscriptionId: string) => `webhook-subscription:${subscriptionId}`;
