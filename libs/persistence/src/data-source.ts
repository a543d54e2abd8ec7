import { DataSource, DataSourceOptions } from 'typeorm';
import { CaseEntity } from './entities/case.entity';
import { CaseStepEntity } from './entities/case-step.entity';
import { OutboxEventEntity } from './entities/outbox-event.entity';
import { DefinitionVersionEntity } from './entities/definition-version.entity';
import { TaskCommentEntity, TaskEntity } from './entities/task.entity';
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
import { MigrationLockRepository } from './repositories/migration-lock.repository';
import { StepAttempts1764630000000 } from './migrations/1764630000000-StepAttempts';
import { CreateThrottleCounters1764650000000 } from './migrations/1764650000000-CreateThrottleCounters';
import { StepOutputs1764710000000 } from './migrations/1764710000000-StepOutputs';
import { CreateUploads1764760000000 } from './migrations/1764760000000-CreateUploads';
import { UploadEntity } from './entities/upload.entity';
import { CaseCommitment1764720000000 } from './migrations/1764720000000-CaseCommitment';
import { CreateAccessTrail1764780000000 } from './migrations/1764780000000-CreateAccessTrail';
import { KeysetPaginationIndexes1764750000000 } from './migrations/1764750000000-KeysetPaginationIndexes';
import { FlowSemantics1764730000000 } from './migrations/1764730000000-FlowSemantics';
import { TaskWork1764770000000 } from './migrations/1764770000000-TaskWork';
import { CreateConnectorCatalog1764740000000 } from './migrations/1764740000000-CreateConnectorCatalog';
import { WorklistUnassignedIndexes1764900000000 } from './migrations/1764900000000-WorklistUnassignedIndexes';
import { CreateWebhookDelivery1764940000000 } from './migrations/1764940000000-CreateWebhookDelivery';
import {
  WebhookDeliveryAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from './entities/webhook.entities';
import { ProactiveAndPledge1764950000000 } from './migrations/1764950000000-ProactiveAndPledge';
import { AccessTrailCaseLists1765000000000 } from './migrations/1765000000000-AccessTrailCaseLists';

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
  UploadEntity,
  TaskCommentEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
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
  StepOutputs1764710000000,
  CreateUploads1764760000000,
  CaseCommitment1764720000000,
  CreateAccessTrail1764780000000,
  KeysetPaginationIndexes1764750000000,
  FlowSemantics1764730000000,
  TaskWork1764770000000,
  CreateConnectorCatalog1764740000000,
  WorklistUnassignedIndexes1764900000000,
  CreateWebhookDelivery1764940000000,
  ProactiveAndPledge1764950000000,
  AccessTrailCaseLists1765000000000,
];

export interface DatabaseOptions {
  url: string;
  schema: string;
  poolSize: number;
  /** Waiting for a connection, new or from the pool (pg `connectionTimeoutMillis`). */
  connectTimeoutMs?: number;
  /** PostgreSQL cancels a statement running longer (0: no limit). */
  statementTimeoutMs?: number;
  /** PostgreSQL ends a session left idle inside a transaction this long (0: no limit). */
  idleInTransactionTimeoutMs?: number;
}

/** The same defaults as the config's (DATABASE_*_TIMEOUT_MS), for connections made without a config. */
export const DEFAULT_DATABASE_TIMEOUTS = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 60_000,
} as const;

/**
 * A server that stops answering (frozen, a dead network path) never cancels anything itself: past the
 * statement limit plus this margin the client gives up on its own, so a request still answers.
 */
export const CLIENT_READ_MARGIN_MS = 1_000;

/** pg's connection settings that bound every wait on the server. */
function timeLimits(database: DatabaseOptions) {
  // Processes built from the config pass all three; a short-lived helper connection may pass none.
  const connectTimeoutMs = database.connectTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.connectTimeoutMs;
  const statementTimeoutMs = database.statementTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.statementTimeoutMs;
  const idleInTransactionTimeoutMs =
    database.idleInTransactionTimeoutMs ?? DEFAULT_DATABASE_TIMEOUTS.idleInTransactionTimeoutMs;
  return {
    connectionTimeoutMillis: connectTimeoutMs,
    // Sent as start-up parameters: PostgreSQL enforces them and answers 57014 / ends the session.
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs,
    // The client's own limit, for a server that cannot even cancel (0: none, like the statement limit).
    query_timeout: statementTimeoutMs > 0 ? statementTimeoutMs + CLIENT_READ_MARGIN_MS : undefined,
    // Half-open connections (a server host that vanished) are noticed by the kernel within about a
    // minute, and leave the pool, instead of failing every query handed to them until the OS gives up.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/** The one data-source description; the schema comes from migrations, never from `synchronize`. */
export function dataSourceOptions(database: DatabaseOptions): DataSourceOptions {
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
      ...timeLimits(database),
    },
  };
}

/**
 * Migrations may run long (a backfill, an index on a big table) and may wait for another process's
 * migration lock: they get connections of their own without the statement limits requests have.
 */
function migrationDataSource(dataSource: DataSource): DataSource {
  const options = dataSource.options as Extract<DataSourceOptions, { type: 'postgres' }>;
  return new DataSource({
    ...options,
    extra: {
      ...(options.extra as Record<string, unknown>),
      // One session holds the migration lock, the other runs the migrations.
      max: 2,
      statement_timeout: 0,
      idle_in_transaction_session_timeout: 0,
      query_timeout: undefined,
    },
  });
}

/** Creates the schema if needed and runs pending migrations, one process at a time. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const migrating = await migrationDataSource(dataSource).initialize();
  const runner = migrating.createQueryRunner();
  const lock = new MigrationLockRepository(runner.manager);
  try {
    await runner.connect();
    await lock.lock();
    await lock.ensureSchema(schema);
    const applied = await migrating.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await lock.unlock().catch(() => undefined);
    await runner.release();
    await migrating.destroy();
  }
}
