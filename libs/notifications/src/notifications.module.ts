import { DynamicModule, Module, Provider } from '@nestjs/common';
import { InAppChannel } from './in-app.channel';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { NotificationService } from './notification.service';

export interface NotificationsModuleOptions {
  /**
   * Channels besides the in-app inbox, which is always there: a class (`EmailChannel`) or any provider
   * (`{ provide: SMS_CHANNEL, useFactory: …, inject: [APP_CONFIG] }`). Each is collected into the
   * `NOTIFICATION_CHANNELS` array the service receives.
   */
  channels?: Provider<NotificationChannel>[];
}

function tokenOf(provider: Provider<NotificationChannel>) {
  return typeof provider === 'function' ? provider : provider.provide;
}

/**
 * `NotificationService` with its channels. Needs the persistence (DataSource) and logging modules, as
 * every feature does.
 */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsModuleOptions = {}): DynamicModule {
    const channels: Provider<NotificationChannel>[] = [InAppChannel, ...(options.channels ?? [])];
    return {
      module: NotificationsModule,
      providers: [
        ...channels,
        {
          provide: NOTIFICATION_CHANNELS,
          inject: channels.map(tokenOf),
          useFactory: (...registered: NotificationChannel[]) => registered,
        },
        NotificationService,
      ],
      exports: [NotificationService, NOTIFICATION_CHANNELS],
    };
  }
}
