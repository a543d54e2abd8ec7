import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestStack, TestStack } from '@onething/testing';

// The real CLI, spawned as an administrator would run it, keeping the connector catalog through the API.

const root = resolve(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'onething-connectors-'));
const SECRET = 'cli-secret-0123456789abcdef';
let stack: TestStack;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startTestStack({ withWorker: false });
  env = {
    ONETHING_API_URL: stack.baseUrl,
    ONETHING_TOKEN: (await stack.login('administrator')).accessToken,
  };
});
afterAll(async () => {
  await stack.close();
});

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env, ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const connectorYaml = (timeoutMs: number) => `key: cli-registry
name: { zh-CN: 命令行登记, en: CLI registry }
department: housing
baseUrl: http://registry.example/api
timeoutMs: ${timeoutMs}
auth: { type: bearer }
requestMapping: { residentId: idNo }
`;

describe('onething connectors', () => {
  it('puts a connector (secret from the environment), lists, shows and versions it without the secret', async () => {
    const file = join(scratch, 'cli-registry.yaml');
    writeFileSync(file, connectorYaml(2000));
    const created = await cli(['connectors', 'put', file], { ONETHING_CONNECTOR_SECRET: SECRET });
    expect(created).toMatchObject({ status: 0, stdout: '✔ saved cli-registry v1\n' });
    writeFileSync(file, connectorYaml(3000));
    expect((await cli(['connectors', 'put', file])).stdout).toBe('✔ saved cli-registry v2\n');

    const listed = await cli(['connectors', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('cli-registry\tv2\thousing\tbearer\thttp://registry.example/api\n');
    expect(listed.stdout).toContain('credit\tv1\tmarket-regulation\tdefault\t(deployment routing)\n');

    const shown = await cli(['connectors', 'show', 'cli-registry', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      version: 2,
      timeoutMs: 3000,
      auth: { type: 'bearer', secretSet: true },
    });
    const versions = await cli(['connectors', 'versions', 'cli-registry']);
    expect(
      versions.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[3]),
    ).toEqual(['timeoutMs', 'created']);
    for (const output of [created, listed, shown, versions])
      expect(output.stdout + output.stderr).not.toContain(SECRET);
  });

  it('reports refused input with the code and the field path (exit 1), and a missing token as a usage error (exit 2)', async () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        key: 'broken-one',
        name: { 'zh-CN': '坏', en: 'Broken' },
        department: 'housing',
        auth: { type: 'hmac' },
      }),
    );
    const refused = await cli(['connectors', 'put', file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('VALIDATION_FAILED at auth.secret');
    expect((await cli(['connectors', 'list'], { ONETHING_TOKEN: '' })).status).toBe(2);
  });

  it('validates definitions against the API catalog with --api', async () => {
    const file = join(scratch, 'uses-cli-registry.json');
    writeFileSync(file, JSON.stringify(definitionUsing('cli-registry'), null, 2));
    const offline = await cli(['definitions', 'validate', file]);
    expect(offline.status).toBe(1);
    expect(offline.stdout + offline.stderr).toMatch(
      /uses-cli-registry\.json:\d+:\d+ error UNKNOWN_CONNECTOR \/steps\/0\/connector/,
    );
    const online = await cli(['definitions', 'validate', file, '--api', stack.baseUrl]);
    expect(online.stdout + online.stderr).not.toContain('UNKNOWN_CONNECTOR');
    expect(online.status).toBe(0);
  });
});

function definitionUsing(connector: string) {
  const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  return {
    key: 'uses-cli-registry',
    version: 1,
    title: text('登记', 'Registration'),
    description: text('命令行测试', 'CLI test'),
    leadDepartment: 'housing',
    fields: [
      { id: 'residentId', type: 'cn-resident-id', label: text('身份证号', 'Resident ID'), required: true },
    ],
    steps: [
      {
        id: 'register',
        title: text('登记', 'Register'),
        department: 'housing',
        kind: 'auto',
        connector,
        contract: ['residentId'],
        required: true,
        sla: { workingDays: 1 },
      },
    ],
    outcome: {
      rule: 'all-required-approved',
      notice: {
        approved: text('已办结 {{caseId}}', 'Approved {{caseId}}'),
        rejected: text('未通过 {{caseId}}', 'Rejected {{caseId}}'),
        partial: text('部分办结 {{caseId}}', 'Partly approved {{caseId}}'),
      },
    },
  };
}
