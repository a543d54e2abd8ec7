import { Module } from '@nestjs/common';
import { CalendarStore } from './calendar-store';

/** Provides the `CalendarStore` on the application's TypeORM data source (PersistenceModule). */
@Module({ providers: [CalendarStore], exports: [CalendarStore] })
export class CalendarStoreModule {}
