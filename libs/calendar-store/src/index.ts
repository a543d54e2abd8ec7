export * from './calendar-year.schema';
export * from './calendar-store';
export * from './seed-years';
export * from './calendar-store.module';
