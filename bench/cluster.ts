/**
 * `npm run bench:cluster`: cases per second on `npm run cluster`'s shape (Temporal's four services as
 * separate processes on PostgreSQL, two API replicas behind the balancer) with 1 vs 2 worker replicas
 * (4 history shards) and 4 vs 16 history shards (2 worker replicas). Each variant gets a fresh cluster:
 * the shard count is fixed for the life of a store.
 *
 * Environment: BENCH_CLUSTER_CASES (default 100 per variant), BENCH_CONCURRENCY (20),
 * BENCH_CLUSTER_PORT_BASE (7900), BENCH_DATA_DIR (.data/bench-cluster).
 * A figure-printing benchmark, not a test: a failure is reported, never a failing exit code.
 */
import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { DataSource, In } from 'typeorm';
import { seedDemoIdentityAt } from '@onething/auth';
import { loadConfig } from '@onething/config';
import { catalogValidationContext } from '@onething/definition';
import { DefinitionStore } from '@onething/definition-store';
import { CaseEntity, dataSourceOptions } from '@onething/persistence';
import { startCluster, type RunningCluster } from '../apps/cluster/src/cluster';
import { approvedApplication, submitCases } from './cluster-load';
import { BENCH_DEFINITION_KEY, fiveDepartmentDefinition } from './five-departments';

const say = (message: string) => process.stdout.write(`[bench:cluster] ${message}\n`);
const positive = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive whole number`);
  return value;
};
const CASES = positive('BENCH_CLUSTER_CASES', 100);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 20);
const PORT_BASE = positive('BENCH_CLUSTER_PORT_BASE', 7900);
const DATA_DIR = resolve(process.env.BENCH_DATA_DIR ?? join(__dirname, '..', '.data', 'bench-cluster'));

interface Variant {
  label: string;
  workerReplicas: number;
  historyShards: number;
}
const VARIANTS: Variant[] = [
  { label: '1 worker replica, 4 shards', workerReplicas: 1, historyShards: 4 },
  { label: '2 worker replicas, 4 shards', workerReplicas: 2, historyShards: 4 },
  { label: '2 worker replicas, 16 shards', workerReplicas: 2, historyShards: 16 },
];

async function runVariant(variant: Variant, index: number): Promise<number> {
  const dataDir = join(DATA_DIR, `v${index}`);
  rmSync(dataDir, { recursive: true, force: true });
  const { PATH, HOME, ONETHING_CACHE_DIR } = process.env;
  const cluster = await startCluster({
    dataDir,
    portBase: PORT_BASE,
    apiPort: PORT_BASE + 50,
    departmentsPort: PORT_BASE + 51,
    uiPort: 0,
    apiReplicas: 2,
    workerReplicas: variant.workerReplicas,
    historyShards: variant.historyShards,
    namespace: 'default',
    cacheDir: loadConfig(process.env).system.cacheDir,
    env: { PATH, HOME, ...(ONETHING_CACHE_DIR ? { ONETHING_CACHE_DIR } : {}), LOG_LEVEL: 'warn' },
    log: () => undefined,
  });
  try {
    return await measure(cluster);
  } finally {
    await cluster.stop();
  }
}

/** Submits the cases and waits until every one is approved: cases per second from first submission to last result. */
async function measure(cluster: RunningCluster): Promise<number> {
  const { database } = loadConfig({});
  const db = await new DataSource(
    dataSourceOptions({ ...database, url: cluster.databaseUrl, poolSize: 2 }),
  ).initialize();
  try {
    await new DefinitionStore(db).publishDocument(fiveDepartmentDefinition(), catalogValidationContext);
    const logins = await seedDemoIdentityAt({ url: cluster.databaseUrl, schema: database.schema });
    const applicant = logins.find((login) => login.role === 'applicant')!;
    const signIn = await fetch(`${cluster.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: applicant.username, password: applicant.password }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const started = Date.now();
    const ids = await submitCases({
      apiUrl: cluster.apiUrl,
      token: accessToken,
      definitionKey: BENCH_DEFINITION_KEY,
      application: approvedApplication(),
      cases: CASES,
      concurrency: CONCURRENCY,
    });
    const cases = db.getRepository(CaseEntity);
    const deadline = Date.now() + 600_000;
    while ((await cases.countBy({ id: In(ids), status: 'approved' })) < ids.length) {
      if (Date.now() > deadline) throw new Error('cases not all approved within 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    return ids.length / ((Date.now() - started) / 1000);
  } finally {
    await db.destroy();
  }
}

async function main() {
  say(
    `${CASES} five-department all-auto cases per variant, ${CONCURRENCY} submissions in flight, through 2 API replicas`,
  );
  const results: string[] = [];
  for (const [index, variant] of VARIANTS.entries()) {
    try {
      const rate = await runVariant(variant, index);
      results.push(`${variant.label.padEnd(30)} ${rate.toFixed(1)} cases/s`);
    } catch (error) {
      results.push(
        `${variant.label.padEnd(30)} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    say(results[results.length - 1]);
  }
  say('Summary (a shared or loaded machine moves these figures; compare variants of one run):');
  for (const line of results) say(`  ${line}`);
}

main()
  .catch((error: unknown) => say(`failed: ${error instanceof Error ? error.message : String(error)}`))
  .finally(() => process.exit(0));
