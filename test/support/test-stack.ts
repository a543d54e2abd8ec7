import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@onething/config';
import type { Role, TokenPair } from '@onething/auth';
import { projectDataConverter } from '@onething/codec';
import { createLogger } from '@onething/logging';
import { loadDemoCatalog } from '@onething/definition/node';
import { DefinitionStore } from '@onething/definition-store';
import {
  simulatedDepartments,
  startSimulatedDepartments,
  type DepartmentControl,
  type DepartmentEffect,
  type RecordedCall,
  type RecordedCompensation,
  type SimulatedDepartments,
} from '../../apps/departments-sim/src';
import { createApi } from '../../apps/api/src/create-api';
import { createCaseWorker, type CaseWorkers } from '../../apps/worker/src/case-worker';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { loginAt, seedTestIdentity, testSigningJwk, type TestAccounts } from './identity';
import { collectSdkLogs } from './sdk-logs';
import { registerResponseSchemas } from './response-conformance';

export interface TestStack {
  config: AppConfig;
  api: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  client: Client;
  /**
   * Every log line the API, the worker and the Temporal SDK wrote during this stack's life, for
   * personal-data scans.
   */
  logs: string[];
  worker?: CaseWorkers;
  workerApp?: INestApplicationContext;
  /** The simulated department systems behind the connectors. */
  departments: SimulatedDepartments;
  /** Makes a simulated department slow, down, fail N times, or say no (`PUT /control/:code`). */
  controlDepartment(connector: string, control: DepartmentControl): Promise<void>;
  /**
   * The requests a simulated department received, oldest first; only one operation's (`check`,
   * `lookup`, `compensate`) and/or one case's (by the body's `caseId`; lookups carry none) when asked.
   */
  departmentCalls<O extends RecordedCall['operation'] = RecordedCall['operation']>(
    connector: string,
    filter?: DepartmentCallFilter<O>,
  ): Promise<Extract<RecordedCall, { operation: O }>[]>;
  /**
   * What a simulated department did, once per `Idempotency-Key` (a repeated key is answered from its
   * record and does nothing): of one case when asked.
   */
  departmentEffects(connector: string, filter?: { caseId?: string }): Promise<DepartmentEffect[]>;
  /** The compensations every simulated department received (of one case when asked), in arrival order. */
  departmentCompensations(filter?: { caseId?: string }): Promise<RecordedCompensation[]>;
  /** The seeded person of each role (password `TEST_PASSWORD`). */
  accounts: TestAccounts['accounts'];
  /** Signs in as the seeded person of `role` (fresh tokens each call). */
  login(role: Role): Promise<TokenPair>;
  /** JSON headers with a bearer token of `role` (one cached sign-in per role and stack). */
  headers(role?: Role): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface DepartmentCallFilter<O extends RecordedCall['operation'] = RecordedCall['operation']> {
  operation?: O;
  caseId?: string;
}

export interface TestStackOptions {
  /** Run an in-process worker on the stack's task queue (default true). */
  withWorker?: boolean;
  env?: Record<string, string>;
  /** Point the API at another Temporal server than the run's shared one. */
  apiTemporalAddress?: string;
}

/**
 * The API (listening on a free port) and, unless told otherwise, a worker, wired to the run's shared
 * PostgreSQL (this Jest worker's schema) and Temporal server, on a task queue of their own.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  // The department systems this stack's auto steps call, simulated on a free port.
  const departments = await startSimulatedDepartments({ host: '127.0.0.1', port: 0 });
  const config = loadConfig({
    ...process.env,
    CONNECTOR_BASE_URL: departments.url,
    CONNECTOR_TIMEOUT_MS: '5000',
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    OUTBOX_RELAY_INTERVAL_MS: '0',
    // Requests for more material made within 2 s share a notice: long enough for a test's two requests.
    MATERIAL_GATHERING_WINDOW_MS: '2000',
    AUTH_SIGNING_KEYS: JSON.stringify({ keys: [await testSigningJwk()] }),
    // Tests sign in often from one address; the abuse tests set their own limits.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_ADDRESS_FREE_FAILURES: '100000',
    // Likewise public result verifications (the fuzz suite sends many); the results suite sets its own.
    RESULT_VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
    ...options.env,
  });
  const databaseUrl = config.database.url!;
  const temporalAddress = config.temporal.address!;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: 'debug', service: 'test' }, sink);
  const stopCollectingSdkLogs = collectSdkLogs(logs);
  const api = await createApi(config, log, {
    databaseUrl,
    temporalAddress: options.apiTemporalAddress ?? temporalAddress,
  });
  await api.listen(0, '127.0.0.1');
  const address = api.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  registerResponseSchemas(baseUrl, api);
  const accounts = await seedTestIdentity(api.get(DataSource));
  await new DefinitionStore(api.get(DataSource)).seedPublished(loadDemoCatalog());
  const tokens = new Map<Role, Promise<TokenPair>>();

  let workerApp: INestApplicationContext | undefined;
  let worker: CaseWorkers | undefined;
  let nativeConnection: NativeConnection | undefined;
  let running: Promise<void> | undefined;
  if (options.withWorker !== false) {
    workerApp = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(config, log, { databaseUrl, temporalAddress }),
      { logger: false },
    );
    ({ worker, connection: nativeConnection } = await createCaseWorker(workerApp, config, temporalAddress));
    running = worker.run();
  }
  const client = new Client({
    connection: await Connection.connect({ address: temporalAddress }),
    dataConverter: projectDataConverter(config.temporal.payloadKeys),
  });
  return {
    config,
    api,
    baseUrl,
    dataSource: api.get(DataSource),
    client,
    logs,
    worker,
    workerApp,
    departments,
    async controlDepartment(connector, control) {
      const response = await fetch(`${departments.url}/control/${connector}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(control),
      });
      if (response.status !== 204 && response.status !== 200)
        throw new Error(`control answered ${response.status}`);
    },
    departmentCalls: <O extends RecordedCall['operation']>(
      connector: string,
      filter: DepartmentCallFilter<O> = {},
    ) => callsTo<O>(departments.url, connector, filter),
    async departmentEffects(connector, filter = {}) {
      const response = await fetch(`${departments.url}/effects/${connector}`);
      const { effects } = (await response.json()) as { effects: DepartmentEffect[] };
      return effects.filter((effect) => filter.caseId === undefined || effect.caseId === filter.caseId);
    },
    async departmentCompensations(filter = {}) {
      const all = await Promise.all(
        Object.keys(simulatedDepartments).map((code) =>
          callsTo(departments.url, code, { ...filter, operation: 'compensate' }),
        ),
      );
      return all.flat().sort((a, b) => a.seq - b.seq);
    },
    accounts,
    login: (role) => loginAt(baseUrl, accounts[role].username),
    async headers(role = 'applicant') {
      if (!tokens.has(role)) tokens.set(role, loginAt(baseUrl, accounts[role].username));
      const { accessToken } = await tokens.get(role)!;
      return { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    },
    async close() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await nativeConnection?.close();
      await workerApp?.close();
      await client.connection.close();
      await api.close();
      await departments.close();
      stopCollectingSdkLogs();
    },
  };
}

async function callsTo<O extends RecordedCall['operation']>(
  url: string,
  connector: string,
  filter: DepartmentCallFilter<O>,
): Promise<Extract<RecordedCall, { operation: O }>[]> {
  const calls =
    ((await (await fetch(`${url}/calls/${connector}`)).json()) as { calls?: RecordedCall[] }).calls ?? [];
  return calls.filter(
    (call): call is Extract<RecordedCall, { operation: O }> =>
      (filter.operation === undefined || call.operation === filter.operation) &&
      (filter.caseId === undefined || call.body.caseId === filter.caseId),
  );
}
