import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Allow, Caller, ROLES, type Principal } from '@onething/auth';
import { ZodValidationPipe } from '@onething/http';
import {
  DeliveryLogQuery,
  deliveryLogQuerySchema,
  InboxQuery,
  inboxQuerySchema,
  notificationIdSchema,
} from './notification.dto';
import { InboxService } from './inbox.service';
import { ApiRoute } from '../openapi/api-route.decorator';
import {
  deliveryPageResponseSchema,
  inboxPageResponseSchema,
  notificationResponseSchema,
} from './notification.dto';

/** Every person's in-app inbox: their own notifications only. */
@Controller('me/notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiRoute({ summary: 'Your notifications, newest first', response: inboxPageResponseSchema })
  @Allow(ROLES)
  list(@Caller() caller: Principal, @Query(new ZodValidationPipe(inboxQuerySchema)) query: InboxQuery) {
    return this.inbox.list(caller, query);
  }

  @Post(':id/read')
  @ApiRoute({ summary: 'Mark a notification read', response: notificationResponseSchema })
  @Allow(ROLES)
  @HttpCode(200)
  markRead(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(notificationIdSchema)) id: string,
  ) {
    return this.inbox.markRead(caller, id);
  }
}

/** The delivery log: which channel reached whom, and which attempts failed (and why). */
@Controller('admin/notification-deliveries')
export class NotificationDeliveriesController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiRoute({ summary: 'The delivery log, newest first', response: deliveryPageResponseSchema })
  @Allow(['administrator', 'auditor'])
  list(@Query(new ZodValidationPipe(deliveryLogQuerySchema)) query: DeliveryLogQuery) {
    return this.inbox.deliveries(query);
  }
}
