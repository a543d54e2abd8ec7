import { DataSource, DataSourceOptions } from 'typeorm';
import { CaseEntity } from './entities/case.entity';
import { CaseStepEntity } from './entities/case-step.entity';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { DefinitionVersionEntity } from './entities/definition-version.entity';
import { TaskEntity } from './entities/task.entity';
import { CalendarDayEntity, CalendarYearEntity } from './entities/calendar.entities';
import { NotificationDeliveryEntity, NotificationEntity } from './entities/notification.entities';
import {
  MaterialAnswerEntity,
  MaterialNoticeEntity,
  MaterialRequestEntity,
} from './entities/material.entities';
import {
  AccountDepartmentEntity,
  AccountEntity,
  DepartmentCredentialEntity,
  DepartmentEntity,
  RefreshTokenEntity,
  SecurityEventEntity,
} from './entities/identity.entities';
import { CreateCases1764367200000 } from './migrations/1764367200000-CreateCases';
import { CreateIdentity1764400000000 } from './migrations/1764400000000-CreateIdentity';
import { CreateDefinitionVersions1764420000000 } from './migrations/1764420000000-CreateDefinitionVersions';
import { CreateTasksAndIdempotency1764430000000 } from './migrations/1764430000000-CreateTasksAndIdempotency';
import { CreateWorkingCalendar1764500000000 } from './migrations/1764500000000-CreateWorkingCalendar';
import { CreateNotifications1764510000000 } from './migrations/1764510000000-CreateNotifications';
import { CaseLifecycle1764520000000 } from './migrations/1764520000000-CaseLifecycle';
import { StepAttempts1764630000000 } from './migrations/1764630000000-StepAttempts';
import { CreateThrottleCounters1764650000000 } from './migrations/1764650000000-CreateThrottleCounters';

export const entities = [
  CaseEntity,
  CaseStepEntity,
  OutboxEventEntity,
  DepartmentEntity,
  AccountEntity,
  AccountDepartmentEntity,
  RefreshTokenEntity,
  DepartmentCredentialEntity,
  SecurityEventEntity,
  DefinitionVersionEntity,
  TaskEntity,
  CalendarYearEntity,
  CalendarDayEntity,
  NotificationEntity,
  NotificationDeliveryEntity,
  MaterialNoticeEntity,
  MaterialRequestEntity,
  MaterialAnswerEntity,
];
export const migrations = [
  CreateCases1764367200000,
  CreateIdentity1764400000000,
  CreateDefinitionVersions1764420000000,
  CreateTasksAndIdempotency1764430000000,
  CreateWorkingCalendar1764500000000,
  CreateNotifications1764510000000,
  CaseLifecycle1764520000000,
  StepAttempts1764630000000,
  CreateThrottleCounters1764650000000,
];

/** The one data-source description; the schema comes from migrations, never from `synchronize`. */
export function dataSourceOptions(database: {
  url: string;
  schema: string;
  poolSize: number;
}): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    schema: database.schema,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    extra: {
      max: database.poolSize,
      // Unqualified names in raw SQL (migrations included) resolve to the configured schema.
      options: `-c search_path=${database.schema}`,
    },
  };
}

// A fixed key: every process that migrates the same database serialises on it.
const MIGRATION_LOCK_KEY = 7_720_260_001;

/** Creates the schema if needed and runs pending migrations, one process at a time. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
