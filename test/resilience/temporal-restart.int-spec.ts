import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfigFromProcess } from '@onething/config';
import { findOrBuildTemporalCli, RunningTemporalServer, startTemporalDevServer } from '@onething/devservers';
import { CaseStepEntity } from '@onething/persistence';
import {
  autoApplication,
  autoDefinition,
  publishTestDefinition,
  startTestStack,
  submitCase,
  TestStack,
  waitUntil,
} from '@onething/testing';
import { projectSearchAttributes } from '@onething/case-model';

const privatePort = Number(process.env.TEST_TEMPORAL_PORT ?? '7633') + 100;

/** A Temporal dev server of this test's own, so restarting it disturbs no other test. */
async function startPrivateServer(dataDir: string): Promise<RunningTemporalServer> {
  const config = loadConfigFromProcess();
  const cliPath = await findOrBuildTemporalCli({
    explicit: config.temporal.cli,
    searchPath: config.system.searchPath,
    cacheDir: config.system.cacheDir,
    log: () => undefined,
  });
  return startTemporalDevServer({
    cliPath,
    host: '127.0.0.1',
    // Beside the run's shared server (TEST_TEMPORAL_PORT), so two runs on one machine do not collide.
    port: privatePort,
    httpPort: privatePort + 10,
    metricsPort: privatePort + 20,
    dataDir,
    namespace: 'default',
    searchAttributes: [...projectSearchAttributes],
    log: () => undefined,
  });
}

let server: RunningTemporalServer;
const key = `restart-${Date.now()}`;
let stack: TestStack;
const dataDir = join(
  process.env.TEST_DATA_DIR ?? join(__dirname, '..', '..', '.data', 'test'),
  `restart-${randomUUID()}`,
);

beforeAll(async () => {
  server = await startPrivateServer(dataDir);
  stack = await startTestStack({
    env: { TEMPORAL_ADDRESS: server.address, DEPARTMENT_HEARTBEAT_TIMEOUT_MS: '2000' },
  });
  await publishTestDefinition(stack.dataSource, autoDefinition(key));
  // The departments take a few seconds, so the restart happens while the case waits on them.
  await stack.controlDepartment('credit', { mode: 'slow', delayMs: 3000 });
  await stack.controlDepartment('social-insurance', { mode: 'slow', delayMs: 3000 });
});
afterAll(async () => {
  await stack?.close();
  await server?.stop();
});

it('completes a running case after the Temporal server is restarted mid-case (file store)', async () => {
  const caseId = await submitCase(stack, key, autoApplication());
  await waitUntil(
    'the department steps to start',
    async () =>
      (await stack.dataSource.getRepository(CaseStepEntity).countBy({ caseId, status: 'running' })) === 2,
  );

  await server.stop();
  server = await startPrivateServer(dataDir);

  const finished = await waitUntil(
    'the case to finish after the restart',
    async () => {
      const view = (await (
        await fetch(`${stack.baseUrl}/cases/${caseId}`, { headers: await stack.headers('applicant') })
      ).json()) as { status: string };
      return view.status === 'approved' ? view : undefined;
    },
    60_000,
  );
  expect(finished.status).toBe('approved');
  const result = await stack.client.workflow.getHandle(`case-${caseId}`).result();
  expect(result.decision).toBe('approved');
});
