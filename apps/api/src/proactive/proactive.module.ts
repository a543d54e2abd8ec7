import { Module } from '@nestjs/common';
import { CalendarStoreModule } from '@onething/calendar-store';
import {
  caseDispatcherProvider,
  offerDispatcherProvider,
  PinnedDefinitionsModule,
} from '@onething/orchestration';
import { CasesModule } from '../cases/cases.module';
import { InboundAdminController, InboundEventsController } from './inbound-events.controller';
import { InboundEventsService } from './inbound-events.service';
import { InboundSourcesService } from './inbound-sources.service';
import { ProactiveCasesController } from './proactive-cases.controller';
import { ProactiveCasesService } from './proactive-cases.service';

/** Proactive one-things (免申即享): inbound events, their sources, and the person's confirmation. */
@Module({
  imports: [PinnedDefinitionsModule, CalendarStoreModule, CasesModule],
  controllers: [InboundEventsController, InboundAdminController, ProactiveCasesController],
  providers: [
    InboundEventsService,
    InboundSourcesService,
    ProactiveCasesService,
    caseDispatcherProvider,
    offerDispatcherProvider,
  ],
})
export class ProactiveModule {}
