import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { NotificationService } from '@onething/notifications';
import { PeriodicPass } from './periodic-pass';

/**
 * Tries again the notifications a channel failed to deliver (an SMS gateway down, say): the inbox row and
 * the failed attempt are in the delivery log, so nothing is lost, and this sweep delivers them later.
 */
@Injectable()
export class NotificationRetrySweep implements OnApplicationShutdown {
  private readonly passes = new PeriodicPass(() =>
    this.notifications
      .retryFailed()
      .then((result) => result.attempted > 0 && this.log.info(result, 'notification deliveries retried'))
      .catch((error: Error) => this.log.warn({ err: error }, 'notification retry pass failed')),
  );

  constructor(
    private readonly notifications: NotificationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {}

  start(): void {
    this.passes.start(this.config.notifications.retryIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.passes.stop();
  }
}
