import { Module } from '@nestjs/common';
import { CalendarStoreModule } from '@onething/calendar-store';
import { CalendarController } from './calendar.controller';

@Module({ imports: [CalendarStoreModule], controllers: [CalendarController] })
export class CalendarModule {}
