import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seedDemoIdentityAt, type DemoLogin, type Role } from '@onething/auth';
import { loadConfig } from '@onething/config';
import { dataSourceOptions } from '@onething/persistence';
import { publishTestDefinition, text, waitUntil } from '@onething/testing';
import type { DepartmentEffect } from '../../departments-sim/src';
import { approvedApplication, submitCases } from '../../../bench/cluster-load';
import {
  BENCH_DEFINITION_KEY,
  fiveDepartmentDefinition,
  fiveDepartmentSteps,
} from '../../../bench/five-departments';
import { backupCluster, restoreCluster } from './backup';

/**
 * Issue 17's acceptance on `npm run cluster` itself (run as a process, as a user runs it): Temporal's services as separate processes on
 * PostgreSQL, two API replicas behind the balancer, two worker replicas. 200 cases while a worker
 * replica and the history service are SIGKILLed, each completed exactly once; then a cold backup,
 * restored into a fresh cluster, where a case that waited on a person before the backup completes.
 */
const portBase = Number(process.env.TEST_CLUSTER_PORT_BASE ?? '7800');
const dataRoot = process.env.TEST_DATA_DIR ?? join(__dirname, '..', '..', '..', '.data', 'test');
const CASES = 200;
const MANUAL_KEY = 'cluster-backup-review';

const createdDirs: string[] = [];

/** A new folder of this run (searchable by others: as root, PostgreSQL runs as user postgres). */
function freshDir(name: string): string {
  const dir = join(dataRoot, `${name}-${Date.now().toString(36)}`);
  createdDirs.push(dir);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

const root = join(__dirname, '..', '..', '..');

interface ClusterProcess {
  child: ChildProcess;
  /** The cluster's own folder (DATA_DIR/cluster): what a backup copies. */
  dir: string;
  apiUrl: string;
  departmentsUrl: string;
  uiUrl: string;
  databaseUrl: string;
  /** The supervisor's current view: pid (null while down) and restarts of each process. */
  processes(): Record<string, { pid: number | null; restarts: number }>;
  /** Ctrl-C's SIGTERM; resolves when the launcher has exited. */
  stop(): Promise<void>;
}

/** `npm run cluster` on the test's ports and folder; resolves once it says Ready. */
async function runCluster(dataDir: string): Promise<ClusterProcess> {
  const { PATH, HOME, ONETHING_CACHE_DIR } = process.env;
  const env = {
    PATH,
    HOME,
    ...(ONETHING_CACHE_DIR ? { ONETHING_CACHE_DIR } : {}),
    DATA_DIR: dataDir,
    CLUSTER_PORT_BASE: String(portBase),
    TEMPORAL_HISTORY_SHARDS: '4',
    API_PORT: String(portBase + 50),
    DEPARTMENTS_SIM_PORT: String(portBase + 51),
    TEMPORAL_DEV_UI_PORT: String(portBase + 52),
    LOG_LEVEL: 'warn',
    CONNECTOR_TIMEOUT_MS: '5000',
    // The run's bundle (test/global-setup.ts): the same workflow code, no second webpack run.
    ...(process.env.TEMPORAL_WORKFLOW_BUNDLE
      ? { TEMPORAL_WORKFLOW_BUNDLE: process.env.TEMPORAL_WORKFLOW_BUNDLE }
      : {}),
  };
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools', 'register.js'), join(root, 'apps', 'cluster', 'src', 'main.ts')],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntil(
      'npm run cluster: Ready',
      () => {
        if (child.exitCode !== null)
          throw new Error(`npm run cluster exited (${child.exitCode}):\n${output}`);
        return Promise.resolve(output.includes('[cluster] Ready.'));
      },
      300_000,
      250,
    );
  } catch (error) {
    // Never leave a half-started cluster behind: its launcher stops what it started.
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  const dir = join(dataDir, 'cluster');
  const addresses = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as Record<string, string>;
  return {
    child,
    dir,
    apiUrl: addresses.apiUrl,
    departmentsUrl: addresses.departmentsUrl,
    uiUrl: addresses.uiUrl,
    databaseUrl: addresses.databaseUrl,
    processes: () => JSON.parse(readFileSync(join(dir, 'processes.json'), 'utf8')),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Housing's person reviews: the case waits on a task until someone decides it. */
function manualDefinition(department: string): unknown {
  return {
    key: MANUAL_KEY,
    version: 1,
    title: text('备份恢复测试', 'Backup and restore test'),
    description: text('一个人工审核步骤', 'One manual review'),
    leadDepartment: department,
    fields: [{ id: 'fullName', type: 'text', label: text('姓名', 'Full name'), required: true }],
    steps: [
      {
        id: 'review',
        title: text('审核', 'Review'),
        department,
        kind: 'manual',
        contract: ['fullName'],
        sla: { workingDays: 5 },
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结', 'Approved'),
        rejected: text('未通过', 'Rejected'),
        partial: text('部分办结', 'Partly approved'),
      },
    },
  };
}

async function call(cluster: ClusterProcess, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${cluster.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function login(cluster: ClusterProcess, logins: DemoLogin[], role: Role): Promise<string> {
  const person = logins.find((l) => l.role === role)!;
  const { status, body } = await call(cluster, 'POST', '/auth/login', undefined, {
    username: person.username,
    password: person.password,
  });
  expect(status).toBe(200);
  return body.accessToken as string;
}

async function openDatabase(cluster: ClusterProcess): Promise<DataSource> {
  const { database } = loadConfig({});
  return new DataSource(
    dataSourceOptions({ ...database, url: cluster.databaseUrl, poolSize: 2 }),
  ).initialize();
}

/** The number of cases among `ids` in each status. */
async function statuses(db: DataSource, ids: string[]): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; count: string }[]>(
    'SELECT status, count(*) FROM cases WHERE id = ANY($1) GROUP BY status',
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

describe('npm run cluster: a chaos run and a restored backup', () => {
  const dataDirA = freshDir('cluster-a');
  let cluster: ClusterProcess | undefined;
  let db: DataSource | undefined;
  let logins: DemoLogin[] = [];

  beforeAll(async () => {
    cluster = await runCluster(dataDirA);
    db = await openDatabase(cluster);
    logins = await seedDemoIdentityAt({ url: cluster.databaseUrl, schema: loadConfig({}).database.schema });
    await publishTestDefinition(db, fiveDepartmentDefinition());
    await publishTestDefinition(
      db,
      manualDefinition(logins.find((l) => l.role === 'department_worker')!.departments[0]),
    );
  }, 300_000);

  afterAll(async () => {
    await db?.destroy();
    await cluster?.stop();
    // Two clusters' databases and an archive: gone once the run is over.
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('serves the Temporal Web UI pointed at the API codec endpoint, which answers its origin', async () => {
    const page = await fetch(cluster!.uiUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const settings = (await (await fetch(`${cluster!.uiUrl}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toBe(`${cluster!.apiUrl}/codec`);
    const preflight = await fetch(`${cluster!.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: cluster!.uiUrl,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(cluster!.uiUrl);
  });

  it('completes 200 cases through both API replicas exactly once while a worker replica and the history service are killed', async () => {
    const running = cluster!;
    const token = await login(running, logins, 'applicant');
    const killed: string[] = [];
    // SIGKILL mid-run: a worker replica after a quarter of the cases, the history service after half.
    const victims = new Map([
      [CASES / 4, 'worker-1'],
      [CASES / 2, 'temporal-history'],
    ]);
    const ids = await submitCases({
      apiUrl: running.apiUrl,
      token,
      definitionKey: BENCH_DEFINITION_KEY,
      application: approvedApplication(),
      cases: CASES,
      concurrency: 8,
      onSubmitted: (count) => {
        const victim = victims.get(count);
        if (!victim) return;
        process.kill(running.processes()[victim].pid!, 'SIGKILL');
        killed.push(victim);
      },
    });
    expect(ids).toHaveLength(CASES);
    expect(killed).toEqual(['worker-1', 'temporal-history']);
    const restarted = (name: string) => {
      const state = running.processes()[name];
      return state.restarts >= 1 && state.pid !== null;
    };
    await waitUntil(
      'worker-1 and temporal-history restarted',
      () => Promise.resolve(restarted('worker-1') && restarted('temporal-history')),
      120_000,
      250,
    );

    await waitUntil(
      'every case approved',
      async () => ((await statuses(db!, ids)).approved ?? 0) === ids.length,
      240_000,
      1000,
    );
    // Both replicas took submissions: each one's own count of cases it answered 201.
    for (const port of [portBase + 20, portBase + 21]) {
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const created = metrics
        .split('\n')
        .find(
          (line) =>
            /^onething_http_request_duration_seconds_count\{/.test(line) &&
            line.includes('method="POST"') &&
            line.includes('route="/cases"') &&
            line.includes('status="201"'),
        );
      expect(Number(created?.split(' ').pop())).toBeGreaterThan(CASES / 4);
    }

    const duplicateSteps = await db!.query(
      'SELECT case_id, step_id, count(*) FROM case_steps WHERE case_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1',
      [ids],
    );
    expect(duplicateSteps).toEqual([]);
    const duplicateTasks = await db!.query(
      'SELECT case_id, step_id FROM tasks WHERE case_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1',
      [ids],
    );
    expect(duplicateTasks).toEqual([]);
    // One event per case, step and kind: a step's events name their step.
    const duplicateEvents = await db!.query(
      `SELECT aggregate_id, type, payload->>'stepId' AS step, count(*) FROM outbox_events
       WHERE aggregate_id = ANY($1::text[]) GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [ids],
    );
    expect(duplicateEvents).toEqual([]);
    const steps = await db!.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM case_steps WHERE case_id = ANY($1)',
      [ids],
    );
    expect(Number(steps[0].n)).toBe(ids.length * fiveDepartmentSteps.length);

    // Each department acted once per case: one effect per (case, step), none twice.
    for (const step of fiveDepartmentSteps) {
      const response = await fetch(`${running.departmentsUrl}/effects/${step.connector}`);
      const { effects } = (await response.json()) as { effects: DepartmentEffect[] };
      const ours = effects.filter((e) => e.caseId !== undefined && ids.includes(e.caseId));
      expect(ours.map((e) => `${e.caseId}:${e.stepId}`).sort()).toEqual(
        ids.map((id) => `${id}:${step.id}`).sort(),
      );
    }
  }, 600_000);

  it('restores a cold backup into a fresh cluster, where a case open before the backup completes', async () => {
    const applicant = await login(cluster!, logins, 'applicant');
    const submitted = await call(cluster!, 'POST', '/cases', applicant, {
      definitionKey: MANUAL_KEY,
      application: { fullName: '李四' },
    });
    expect(submitted.status).toBe(201);
    const caseId = submitted.body.id as string;
    const taskId = await waitUntil(
      'the review task',
      async () =>
        (await db!.query<{ id: string }[]>('SELECT id FROM tasks WHERE case_id = $1', [caseId]))[0]?.id,
      60_000,
      250,
    );

    // The runbook (docs/operators/backups.md): stop, back up, restore into a fresh folder, start.
    await db!.destroy();
    db = undefined;
    const pids = Object.values(cluster!.processes()).map((p) => p.pid!);
    const dirA = cluster!.dir;
    await cluster!.stop();
    cluster = undefined;
    // Ctrl-C left no process behind.
    expect(pids.filter(alive)).toEqual([]);
    const archive = join(freshDir('cluster-backup'), 'cluster.tar.gz');
    await backupCluster(dirA, archive);
    const dataDirB = freshDir('cluster-b');
    await restoreCluster(archive, join(dataDirB, 'cluster'));
    cluster = await runCluster(dataDirB);
    db = await openDatabase(cluster);

    // Each start gives the demo people fresh passwords: sign in with this start's.
    logins = await seedDemoIdentityAt({ url: cluster.databaseUrl, schema: loadConfig({}).database.schema });
    const worker = await login(cluster, logins, 'department_worker');
    expect((await call(cluster, 'POST', `/tasks/${taskId}/claim`, worker)).status).toBe(200);
    const decided = await call(cluster, 'POST', `/tasks/${taskId}/decision`, worker, {
      decision: 'approved',
    });
    expect(decided.status).toBe(201);
    await waitUntil(
      'the restored case approved',
      async () => (await statuses(db!, [caseId])).approved === 1,
      120_000,
      500,
    );
  }, 600_000);
});
