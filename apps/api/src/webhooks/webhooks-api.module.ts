import { Module } from '@nestjs/common';
import { EventsModule } from '@onething/events';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [EventsModule.forRoot()],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksApiModule {}
