import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_CATALOG_DIRECTORY } from '@onething/definition/node';
import { DefinitionVersionEntity } from '@onething/persistence';
import { startTestStack, TestStack } from '@onething/testing';

// The real CLI, spawned as an administrator would run it, publishing through a running API.

const root = resolve(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'onething-publish-'));
let stack: TestStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  adminToken = (await stack.login('administrator')).accessToken;
});
afterAll(async () => {
  await stack.close();
});

/** Asynchronous on purpose: the API runs in this process and must keep answering while the CLI waits. */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function sampleFile(key: string, edit: (text: string) => string = (text) => text): string {
  const file = join(scratch, `${key}.yaml`);
  const text = readFileSync(join(SAMPLE_CATALOG_DIRECTORY, 'talent-settlement.yaml'), 'utf8');
  writeFileSync(file, edit(text.replace('key: talent-settlement', `key: ${key}`)));
  return file;
}

const rows = (key: string) =>
  stack.dataSource.getRepository(DefinitionVersionEntity).find({ where: { key } });

jest.setTimeout(120_000);

describe('onething definitions publish', () => {
  it('creates a draft through the API and publishes it (exit 0)', async () => {
    const key = `cli-published-${Date.now().toString(36)}`;
    const result = await cli([
      'definitions',
      'publish',
      sampleFile(key),
      '--api',
      stack.baseUrl,
      '--token',
      adminToken,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`published ${key} v1`);
    expect((await rows(key)).map((r) => [r.version, r.status])).toEqual([[1, 'published']]);
  });

  it('takes the API and token from the environment and publishes the next version', async () => {
    const key = `cli-env-${Date.now().toString(36)}`;
    const file = sampleFile(key);
    const env = { ONETHING_API_URL: stack.baseUrl, ONETHING_TOKEN: adminToken };
    expect((await cli(['definitions', 'publish', file], env)).status).toBe(0);
    const second = await cli(['definitions', 'publish', '--json', file], env);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ key, version: 2, status: 'published' });
  });

  it('saves an invalid definition as a draft, does not publish it, and exits 1 with the issues', async () => {
    const key = `cli-invalid-${Date.now().toString(36)}`;
    const file = sampleFile(key, (text) => text.replace('department: hrss', 'department: weather'));
    const result = await cli(['definitions', 'publish', file, '--api', stack.baseUrl, '--token', adminToken]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/UNKNOWN_DEPARTMENT \/steps\/\d+\/department/);
    expect((await rows(key)).map((r) => r.status)).toEqual(['draft']);
  });

  it('is refused for a token that is not an administrator’s (exit 3) and writes nothing', async () => {
    const key = `cli-refused-${Date.now().toString(36)}`;
    const token = (await stack.login('department_supervisor')).accessToken;
    const result = await cli([
      'definitions',
      'publish',
      sampleFile(key),
      '--api',
      stack.baseUrl,
      '--token',
      token,
    ]);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('HTTP 403');
    expect(await rows(key)).toEqual([]);
  });

  it('exits 2 without an API or a token', async () => {
    const file = sampleFile(`cli-usage-${Date.now().toString(36)}`);
    expect((await cli(['definitions', 'publish', file, '--token', adminToken])).status).toBe(2);
    expect((await cli(['definitions', 'publish', file, '--api', stack.baseUrl])).status).toBe(2);
  });
});
