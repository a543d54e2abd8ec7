import { installTestSdkLogger } from './support/sdk-logs';

// Each Jest worker gets its own PostgreSQL schema, so test files running in parallel never share rows.
process.env.DATABASE_SCHEMA = `onething_test_w${process.env.JEST_WORKER_ID ?? '1'}`;
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'info';
// The Temporal SDK's log lines go through the project's logger, as in the worker app.
installTestSdkLogger();
