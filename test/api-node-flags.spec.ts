import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { API_NODE_FLAGS } from '@onething/config';

/**
 * The API's Node options (libs/config/src/node-flags.ts) are spelled out in every static way of starting
 * it; the TypeScript launchers (apps/stack, apps/cluster, the benchmarks) import the list. Here the static
 * ones are held to the list, so a changed setting cannot reach one deployment and not another.
 */
const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const entry = ['-r', './tools/register.js', 'apps/api/src/main.ts'];
const expected = ['node', ...API_NODE_FLAGS, ...entry];

describe("the API's Node options", () => {
  it('are options this Node accepts and V8 knows', () => {
    const run = spawnSync(process.execPath, [...API_NODE_FLAGS, '-e', 'process.exit(0)'], {
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('start the API in `npm run start:api`', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:api'].split(' ')).toEqual(expected);
  });

  it("start the API in the Dockerfile's command", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(JSON.parse(cmd![1])).toEqual(expected);
  });

  it('start the API in docker-compose.yml', () => {
    const compose = parse(read('docker-compose.yml')) as { services: { api: { command: string[] } } };
    expect(compose.services.api.command).toEqual(expected);
  });

  it('start the API in deploy/k8s/api.yaml', () => {
    const deployment = parseAllDocuments(read('deploy/k8s/api.yaml'))
      .map((document) => document.toJSON() as { kind: string; spec?: any })
      .find((resource) => resource.kind === 'Deployment')!;
    const container = (
      deployment.spec.template.spec.containers as { name: string; command: string[] }[]
    ).find((c) => c.name === 'api')!;
    expect(container.command).toEqual(expected);
  });
});
