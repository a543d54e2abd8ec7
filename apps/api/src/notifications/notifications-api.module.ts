import { Module } from '@nestjs/common';
import { NotificationsModule } from '@onething/notifications';
import { InboxService } from './inbox.service';
import { InboxController, NotificationDeliveriesController } from './notifications.controller';

/**
 * The inbox and the delivery log over HTTP. Importing it also gives a feature module of the API
 * `NotificationService` (re-exported), for the events the API itself raises.
 */
@Module({
  imports: [NotificationsModule.forRoot()],
  controllers: [InboxController, NotificationDeliveriesController],
  providers: [InboxService],
  exports: [NotificationsModule],
})
export class NotificationsApiModule {}
