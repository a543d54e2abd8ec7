import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { API_NODE_FLAGS, WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '@onething/config';

/**
 * The API's and the worker's Node options (libs/config/src/node-flags.ts) are spelled out in every static
 * way of starting them; the TypeScript launchers (apps/stack, apps/cluster, the benchmarks) import the
 * lists. Here the static ones are held to the lists, so a changed setting cannot reach one deployment and
 * not another.
 */
const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const scripts = () => (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const composeService = (name: string) =>
  (
    parse(read('docker-compose.yml')) as {
      services: Record<string, { command: string[]; environment?: Record<string, string> }>;
    }
  ).services[name];
function k8sContainer(
  file: string,
  name: string,
): { command: string[]; env?: { name: string; value: string }[] } {
  const deployment = parseAllDocuments(read(file))
    .map((document) => document.toJSON() as { kind: string; spec?: any })
    .find((resource) => resource.kind === 'Deployment')!;
  return (deployment.spec.template.spec.containers as { name: string; command: string[] }[]).find(
    (c) => c.name === name,
  )!;
}

function acceptedByNode(flags: readonly string[]) {
  const run = spawnSync(process.execPath, [...flags, '-e', 'process.exit(0)'], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe("the API's Node options", () => {
  const expected = ['node', ...API_NODE_FLAGS, '-r', './tools/register.js', 'apps/api/src/main.ts'];

  it('are options this Node accepts and V8 knows', () => {
    expect(acceptedByNode(API_NODE_FLAGS)).toEqual({ status: 0, stderr: '' });
  });

  it('start the API in `npm run start:api`', () => {
    expect(scripts()['start:api'].split(' ')).toEqual(expected);
  });

  it("start the API in the Dockerfile's command", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(JSON.parse(cmd![1])).toEqual(expected);
  });

  it('start the API in docker-compose.yml', () => {
    expect(composeService('api').command).toEqual(expected);
  });

  it('start the API in deploy/k8s/api.yaml', () => {
    expect(k8sContainer('deploy/k8s/api.yaml', 'api').command).toEqual(expected);
  });
});

describe("the worker's Node options and allocator setting", () => {
  const expected = ['node', ...WORKER_NODE_FLAGS, '-r', './tools/register.js', 'apps/worker/src/main.ts'];
  const envPairs = Object.entries(WORKER_PROCESS_ENV);

  it('are options this Node accepts and V8 knows, and they cap the heap', () => {
    expect(acceptedByNode(WORKER_NODE_FLAGS)).toEqual({ status: 0, stderr: '' });
    const limit = spawnSync(
      process.execPath,
      [...WORKER_NODE_FLAGS, '-p', 'require("v8").getHeapStatistics().heap_size_limit / 2 ** 20'],
      { encoding: 'utf8' },
    );
    // The old generation's cap plus the young generation's: far below Node's default on a large machine.
    expect(Number(limit.stdout)).toBeLessThan(300);
  });

  it('start the worker in `npm run start:worker`', () => {
    const assignments = envPairs.map(([name, value]) => `${name}=${value}`);
    expect(scripts()['start:worker'].split(' ')).toEqual([...assignments, ...expected]);
  });

  it('start the worker in docker-compose.yml', () => {
    const worker = composeService('worker');
    expect(worker.command).toEqual(expected);
    for (const [name, value] of envPairs) expect(worker.environment?.[name]).toBe(value);
  });

  it('start the worker in deploy/k8s/worker.yaml', () => {
    const worker = k8sContainer('deploy/k8s/worker.yaml', 'worker');
    expect(worker.command).toEqual(expected);
    for (const [name, value] of envPairs) expect(worker.env).toContainEqual({ name, value });
  });
});
